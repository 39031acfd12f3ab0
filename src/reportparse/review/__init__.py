"""Review: a parsed file as one self-contained HTML page an auditor can click through.

Contract: ``review_file(path)`` parses a report export (PDF or text) and returns the page
``render_review`` makes of it: every page of the input (a PDF's rendered by PDFium as images,
``review.pages``; a text export's as its numbered lines) with a box over every value read from
it, coloured by kind (``ok``; ``warned``: a warning is about the value or what holds it;
``uncertain``: read by OCR below its confidence, ``ocr_low_confidence``), and beside it each
report as a form — every value as parsed, its raw text, its kind — with the report's warnings
listed and linked. Hovering a field highlights its boxes; clicking it scrolls the page to
them, and clicking a box scrolls back to its field. The page has no external resource (the
images are data URIs, the CSS and the script inline, Thai in the reader's installed fonts),
fetches nothing, and escapes every text of the report (it is the input's, and may be hostile).

    parse_file → page_images (PDF) / extract (text) → render_review → one HTML string
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..models import Document, PageRead
from ..options import ParseOptions
from ..options import options as parse_options
from .html import render_review
from .pages import DPI, PageImage, page_images

__all__ = ["DPI", "PageImage", "page_images", "render_review", "review_file"]


def review_file(
    path: str | Path, options: ParseOptions | None = None, *, dpi: float = DPI, **settings: Any
) -> str:
    """The review page of a report export (``options`` / ``settings``: how it is read, as
    ``parse_file`` takes them; ``dpi``: the resolution of the page images)."""
    from ..extract import extract
    from ..pipeline import parse_extraction

    opts = parse_options(options, **{**settings, "sources": True})  # the page is made of them
    extraction = extract(path, opts)
    document = parse_extraction(extraction, sources=True)
    if extraction.backend == "text":
        lines = {page.number: tuple(line.text for line in page.lines) for page in extraction.pages}
        return render_review(document, text_pages=lines)
    return render_review(document, images=_images(path, document, dpi, opts.password))


def _images(
    path: str | Path, document: Document, dpi: float, password: str | None
) -> list[PageImage]:
    scans = [p.page for p in document.source.pages if p.read in (PageRead.OCR, PageRead.OCR_LAYER)]
    return page_images(path, dpi=dpi, password=password, scans=scans)
