"""The C twins of the hot loops (``_speedups.c``) give exactly the Python functions' results.

``speedups.C`` re-implements ``pdfium.python_geometry_lines`` (with the layout it calls) and
``thai.repairs_may_apply`` for speed; it is only correct while the twins agree: on every page
of every fixture PDF, whole pages and single lines, and on generated texts.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportparse import speedups
from reportparse.extract import pdfium as pdfium_backend
from reportparse.extract.layout import assemble_lines
from reportparse.extract.pdfium import producer_of
from reportparse.thai import damage
from reportparse.thai import repairs as thai

from .conftest import FIXTURES, rel
from .test_properties import damaged, syllable_text, trigger_text, well_formed

PDFS = sorted(p for p in FIXTURES.rglob("*.pdf") if "bad" not in p.parts)


@pytest.fixture(scope="module", autouse=True)
def _built() -> None:
    if speedups.accelerator() is not None:
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
    assert len(doc) > 0
    for index in range(len(doc)):
        page = doc[index]
        textpage = page.get_textpage()
        fast = pdfium_backend._accelerated_lines(page, textpage, skia=skia)
        assert fast is not None, f"page {index + 1}: the C geometry declined the page"
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
        expected = assemble_lines(glyphs, right_edge=500.0, frame=pdfium_backend.page_frame(page))
        got = pdfium_backend._accelerated_lines(
            page, textpage, lo, hi, blanks=False, right_edge=500.0
        )
        assert got is not None and got[0] == expected, text[lo:hi]


def test_a_font_cmap_lookup_is_called_back_from_c() -> None:
    """WeasyPrint's unmapped glyphs above 255 need pdfminer's reading of the embedded font:
    the C geometry asks Python for them, and declines the page when it has no one to ask."""
    pdf = next((FIXTURES / "weasyprint").glob("*.pdf"))
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    textpage = page.get_textpage()
    handles = (pdfium_backend._handle(page.raw), pdfium_backend._handle(textpage.raw))
    geometry = pdfium_backend.accelerated()
    view = pdfium_backend.crop_box(page)
    assert geometry.glyph_lines(*handles, 0, -1, True, False, None, view) is None
    asked: list[int] = []

    def unmapped(index: int, code: int) -> str:
        asked.append(code)
        return "\u0e4d"

    assert geometry.glyph_lines(*handles, 0, -1, True, False, None, view, unmapped) is not None
    assert asked and min(asked) > 255


cid_text = st.lists(
    st.sampled_from(
        ["(cid:", "12", "๓", ")", "(", "cid", ":", "ก", "่", "ํ", "า", " ", "\x00", "\ufffd"]
    ),
    max_size=12,
).map("".join)

#: the text functions with a C twin: (name in speedups.accelerator(), the Python function)
TEXT_TWINS = [
    ("repairs_may_apply", thai.repairs_may_apply),
    ("count_damage", damage.python_count_damage),
]


@pytest.mark.parametrize(("name", "python"), TEXT_TWINS, ids=[n for n, _ in TEXT_TWINS])
@settings(max_examples=3000)
@given(text=trigger_text | damaged | syllable_text | well_formed | cid_text)
def test_c_text_twin_equals_python(name: str, python: Callable[[str], object], text: str) -> None:
    assert getattr(speedups.accelerator(), name)(text) == python(text)


@pytest.mark.parametrize(("name", "python"), TEXT_TWINS, ids=[n for n, _ in TEXT_TWINS])
def test_c_text_twin_equals_python_on_fixture_text(
    name: str, python: Callable[[str], object]
) -> None:
    for pdf in sorted((FIXTURES / "pdf").glob("*.pdf")):
        for page in pdfium.PdfDocument(pdf):
            text = page.get_textpage().get_text_range()
            assert getattr(speedups.accelerator(), name)(text) == python(text), rel(pdf)
