"""PDF input: open the document, pick a backend per page, repair each page's text layer.

Contract: ``extract_pdf`` opens the PDF with PDFium (raising ``EncryptedPdfError``,
``DamagedPdfError``, ``NoTextLayerError`` or ``TooLargeError`` with the file named), then for every
page takes the lines of the chosen backend, applies ``normalize.thai.repair_layer`` and counts
the damage left. ``auto`` uses PDFium's geometry-aware assembly.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from ..errors import DamagedPdfError, EncryptedPdfError, NoTextLayerError, TooLargeError
from ..normalize.damage import count_damage
from ..normalize.thai import repair_layer
from . import Extraction, PageText, TextLine, sha256_of
from . import pdfium as pdfium_backend

#: PDFium's document-loading error codes (fpdfview.h)
_ERR_PASSWORD = 4
_ERR_SECURITY = 5


def open_pdf(path: str | Path, data: bytes, password: str | None) -> pdfium.PdfDocument:
    """Open a PDF with PDFium, turning its failures into errors a user can act on."""
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (_ERR_PASSWORD, _ERR_SECURITY):
            detail = "the password given is wrong" if password else ""
            raise EncryptedPdfError(path, detail) from None
        raise DamagedPdfError(path, str(exc).rstrip(".")) from None


def _repaired_page(number: int, lines: tuple[TextLine, ...], backend: str) -> PageText:
    if not lines:
        return PageText(number, (), backend)
    text, repairs = repair_layer("\n".join(line.text for line in lines))
    fixed = text.split("\n")
    new_lines = tuple(TextLine(t, line.wrapped) for t, line in zip(fixed, lines, strict=True))
    return PageText(number, new_lines, backend, dict(repairs), count_damage(text))


def extract_pdf(
    path: str | Path,
    data: bytes,
    *,
    backend: str = "auto",
    password: str | None = None,
    max_pages: int | None = None,
) -> Extraction:
    """Extract every page of a PDF with the chosen backend."""
    doc = open_pdf(path, data, password)
    try:
        page_count = len(doc)
        if max_pages is not None and page_count > max_pages:
            raise TooLargeError(path, f"{page_count} pages, limit {max_pages}")
        if page_count == 0:
            raise DamagedPdfError(path, "it has no pages")
        pages = []
        chars = images = 0
        for index in range(page_count):
            page = doc[index]
            try:
                chars += pdfium_backend.count_chars(page)
                images += pdfium_backend.count_images(page)
                lines = pdfium_backend.page_lines(page)
            finally:
                page.close()
            pages.append(_repaired_page(index + 1, lines, "pdfium"))
    finally:
        doc.close()
    if chars == 0 and images == 0:
        raise DamagedPdfError(path, f"its {page_count} page(s) draw nothing")
    if chars == 0:
        raise NoTextLayerError(path, f"{page_count} page(s) of images without any text")
    return Extraction(str(path), sha256_of(data), page_count, tuple(pages))
