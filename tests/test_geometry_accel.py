"""The C accelerator of the geometry path gives exactly the Python path's lines.

``extract/_geometry.c`` re-implements ``pdfium.python_geometry_lines`` (and the layout it calls)
for speed; it is only correct while the two agree, on every page of every fixture PDF, whole
pages and single lines alike.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from reportparse.extract import pdfium as pdfium_backend
from reportparse.extract.layout import assemble_lines
from reportparse.extract.pdf import producer_of

from .conftest import FIXTURES, rel

PDFS = sorted(p for p in FIXTURES.rglob("*.pdf") if "bad" not in p.parts)


@pytest.fixture(scope="module", autouse=True)
def _accelerated() -> None:
    if pdfium_backend.ACCELERATED:
        return
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler: the accelerator was not built (the Python path is used)")
    pytest.fail("the C accelerator was not built: pip install -e . and read the compiler's error")


@pytest.mark.parametrize("pdf", PDFS, ids=rel)
def test_accelerated_pages_equal_python(pdf: Path) -> None:
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
def test_accelerated_line_ranges_equal_python(pdf: Path) -> None:
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
