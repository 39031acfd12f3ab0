"""The C twins of the hot loops (``_speedups.c``) give exactly the Python functions' results.

``speedups.C`` re-implements ``pdfium.python_geometry_lines`` (with the layout it calls) and
``thai.repairs_may_apply`` for speed; it is only correct while the twins agree: on every page
of every fixture PDF, whole pages and single lines, and on generated texts.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportparse import speedups
from reportparse.extract import pdfium as pdfium_backend
from reportparse.extract.layout import assemble_lines
from reportparse.extract.pdf import producer_of
from reportparse.normalize import damage, thai

from .conftest import FIXTURES, rel
from .test_properties import damaged, syllable_text, trigger_text, well_formed

PDFS = sorted(p for p in FIXTURES.rglob("*.pdf") if "bad" not in p.parts)


@pytest.fixture(scope="module", autouse=True)
def _built() -> None:
    if speedups.C is not None:
        return
    if os.environ.get("REPORTPARSE_PURE_PYTHON"):
        pytest.skip("the speedups are turned off (REPORTPARSE_PURE_PYTHON)")
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler: the speedups were not built (the Python path is used)")
    pytest.fail("the C speedups were not built: pip install -e . and read the compiler's error")


@pytest.mark.parametrize("pdf", PDFS, ids=rel)
def test_c_geometry_equals_python_on_every_page(pdf: Path) -> None:
    doc = pdfium.PdfDocument(pdf)
    skia = producer_of(doc).startswith("Skia/PDF")
    for index in range(len(doc)):
        page = doc[index]
        textpage = page.get_textpage()
        fast = pdfium_backend._accelerated_lines(page, textpage, skia=skia)
        if fast is None:  # a glyph only Python can read (an embedded font's cmap)
            continue
        assert fast == pdfium_backend.python_geometry_lines(page, textpage, skia), index + 1


@pytest.mark.parametrize("pdf", sorted((FIXTURES / "pdf").glob("*.lo-*.pdf"))[:6], ids=rel)
def test_c_geometry_of_line_ranges_equals_python(pdf: Path) -> None:
    """The lines of a range of characters, as ``fast_lines`` reads a suspect line."""
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    objects = pdfium_backend._scan_objects(page)
    for lo, hi in pdfium_backend._line_spans(text)[:12]:
        glyphs = pdfium_backend._char_glyphs(textpage, objects, lo, hi)
        expected = assemble_lines(glyphs, right_edge=500.0)
        got = pdfium_backend._accelerated_lines(
            page, textpage, lo, hi, blanks=False, right_edge=500.0
        )
        assert got == expected, text[lo:hi]


def test_a_font_cmap_lookup_leaves_the_page_to_python() -> None:
    """WeasyPrint's unmapped glyphs above 255 need pdfminer's reading of the embedded font."""
    pdf = next((FIXTURES / "weasyprint").glob("*.pdf"))
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    assert pdfium_backend._accelerated_lines(page, page.get_textpage()) is None


@settings(max_examples=3000)
@given(trigger_text | damaged | syllable_text | well_formed)
def test_c_repair_triggers_equal_python(text: str) -> None:
    assert speedups.C.repairs_may_apply(text) == thai.repairs_may_apply(text)


@pytest.mark.parametrize("pdf", sorted((FIXTURES / "pdf").glob("*.pdf")), ids=rel)
def test_c_repair_triggers_equal_python_on_fixture_text(pdf: Path) -> None:
    doc = pdfium.PdfDocument(pdf)
    for page in doc:
        text = page.get_textpage().get_text_range()
        assert speedups.C.repairs_may_apply(text) == thai.repairs_may_apply(text)


cid_text = st.lists(
    st.sampled_from(
        ["(cid:", "12", "๓", ")", "(", "cid", ":", "ก", "่", "ํ", "า", " ", "\x00", "\ufffd"]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=3000)
@given(trigger_text | damaged | syllable_text | cid_text)
def test_c_damage_counts_equal_python(text: str) -> None:
    assert speedups.C.count_damage(text) == damage.python_count_damage(text)


@pytest.mark.parametrize("pdf", sorted((FIXTURES / "pdf").glob("*.pdf")), ids=rel)
def test_c_damage_counts_equal_python_on_fixture_text(pdf: Path) -> None:
    doc = pdfium.PdfDocument(pdf)
    for page in doc:
        text = page.get_textpage().get_text_range()
        assert speedups.C.count_damage(text) == damage.python_count_damage(text)
