"""PDF input: open the document, read every page with the chosen backend, repair its text layer.

Contract: ``extract_pdf`` opens the PDF with PDFium (raising ``EncryptedPdfError``,
``DamagedPdfError``, ``NoTextLayerError`` or ``TooLargeError`` with the file named) and returns
one ``PageText`` per page: the backend's lines with ``thai.repairs.repair_layer`` applied, the
repairs made and the damage left. A page that cannot be read (PDFium cannot load it, or the
chosen backend fails on it) is left empty with the damage counter ``unreadable_page``, so one
damaged page never loses the others; a PDF with no readable page is a ``DamagedPdfError``.

Backends:
- ``pdfium``: PDFium's characters laid out by geometry (``pdfium.geometry_lines``) on every page;
- ``auto`` (default): geometry where the C speedups are built (``speedups.C``: cheaper than
  checking PDFium's own text), else PDFium's own text where its checks pass and no damage is
  left (``pdfium.fast_lines``) and geometry where they fail; a page still damaged is read the
  other way too, then — unless its only damage is U+FFFD its ToUnicode maps to, which every
  reader takes from there — by pdfplumber and PyMuPDF (if installed); the candidate with the
  least damage wins, geometry on a tie. Chromium (Skia) output always takes geometry: PDFium
  drops its space glyphs and repeats its ActualText spans;
- ``pdfplumber`` and ``mupdf``: those libraries' characters through the same layout.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import (
    BackendUnavailableError,
    DamagedPdfError,
    EncryptedPdfError,
    NoTextLayerError,
    TooLargeError,
)
from ..thai.damage import count_damage, damage_score
from ..thai.repairs import repair_layer
from . import UNREADABLE_PAGE, Extraction, PageText, TextLine, sha256_of, valid_text
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


def repaired_page(number: int, lines: tuple[TextLine, ...], backend: str) -> PageText:
    """Apply the text-layer repairs to a page's lines and count the damage left."""
    if not lines:
        return PageText(number, (), backend)
    joined = "\n".join(line.text for line in lines)
    raw = valid_text(joined)
    text, repairs = repair_layer(raw)
    if text == joined:
        new_lines = lines  # nothing to repair (most pages): the lines stand as they are
    else:
        fixed = text.split("\n")
        new_lines = tuple(TextLine(t, line.wrapped) for t, line in zip(fixed, lines, strict=True))
    damage = count_damage(text, duplicates=False)  # repair_layer's last round found no copies
    return PageText(number, new_lines, backend, dict(repairs), damage, raw)


def _is_skia(doc: pdfium.PdfDocument) -> bool:
    return producer_of(doc).startswith("Skia/PDF")


def producer_of(doc: pdfium.PdfDocument) -> str:
    """The document's /Producer, read leniently: a damaged info dictionary may hold broken
    UTF-16, which pypdfium2's ``get_metadata_value`` raises on (found by fuzzing).

    >>> producer_of(pdfium.PdfDocument.new())
    ''
    """
    n = pdfium_c.FPDF_GetMetaText(doc.raw, b"Producer", None, 0)
    if n <= 2:
        return ""
    buffer = ctypes.create_string_buffer(n)
    pdfium_c.FPDF_GetMetaText(doc.raw, b"Producer", buffer, n)
    return buffer.raw[: n - 2].decode("utf-16-le", errors="replace")


class _PageReader:
    """Reads one page with a backend; the other backends' documents are opened on demand."""

    def __init__(
        self, path: str | Path, data: bytes, doc: pdfium.PdfDocument, password: str | None
    ):
        self.path, self.data, self.doc, self.password = path, data, doc, password
        self.skia = _is_skia(doc)
        self._others: dict[str, Callable[[int], tuple[TextLine, ...]]] = {}
        #: backends that could not open the document, with the error: not tried again
        self._unopened: dict[str, DamagedPdfError] = {}

    def geometry(self, index: int, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> PageText:
        # the text page and the page objects must come from the same PdfPage: geometry
        # matches characters to objects by their handles
        lines = pdfium_backend.geometry_lines(page, textpage, skia=self.skia)
        return repaired_page(index + 1, lines, "pdfium")

    def fast(
        self, index: int, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage
    ) -> PageText | None:
        """PDFium's own text, checked (``pdfium.fast_lines``); None where it cannot be used."""
        lines = None if self.skia else pdfium_backend.fast_lines(page, textpage)
        return None if lines is None else repaired_page(index + 1, lines, "pdfium")

    def other(self, backend: str, index: int) -> PageText:
        """A page read by pdfplumber or PyMuPDF; what they cannot read is a damaged PDF."""
        if backend in self._unopened:
            raise self._unopened[backend]
        if backend not in self._others:
            try:
                self._others[backend] = _open_other(backend, self.data, self.password)
            except ImportError as exc:
                raise BackendUnavailableError(self.path, str(exc)) from None
            except Exception as exc:  # pdfminer and MuPDF raise any type on a damaged file
                self._unopened[backend] = _unreadable(self.path, backend, exc)
                raise self._unopened[backend] from None
        try:
            lines = self._others[backend](index)
        except Exception as exc:
            raise _unreadable(self.path, backend, exc, index + 1) from None
        return repaired_page(index + 1, lines, backend)

    def auto(self, index: int, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> PageText:
        if pdfium_backend.accelerated() is not None:
            # in C, geometry costs less than checking PDFium's own text: it comes first, and
            # PDFium's text is only a second candidate for a page geometry leaves damaged
            best = self.geometry(index, page, textpage)
            if not best.damage or _written_in_the_document(best, textpage):
                return best
            candidate = self.fast(index, page, textpage)
        else:
            candidate = self.fast(index, page, textpage)
            if candidate is not None and not candidate.damage:
                return candidate
            best = self.geometry(index, page, textpage)
            if _written_in_the_document(best, textpage):
                return best
        if candidate is not None:
            if best.damage == candidate.damage:
                return best  # the same damage either way: it is in the document, not the reading
            best = min(best, candidate, key=_damage)
        for backend in _FALLBACKS:
            if not best.damage:
                break
            try:
                best = min(best, self.other(backend, index), key=_damage)
            except (BackendUnavailableError, DamagedPdfError):
                continue  # a fallback that cannot read the page: the best reading so far stands
        return best

    def close(self) -> None:
        for closer in self._others.values():
            getattr(closer, "close", lambda: None)()


_FALLBACKS = ("pdfplumber", "mupdf")


def _written_in_the_document(page: PageText, textpage: pdfium.PdfTextPage) -> bool:
    """Whether the only damage left on a page is U+FFFD that the PDF's own ToUnicode maps its
    glyphs to: every reader takes it from there, so no other backend can read better (and
    pdfplumber would cost a hundred times the page)."""
    if set(page.damage) != {"replacement_char"}:
        return False
    return pdfium_backend.mapped_replacement_chars(textpage) >= page.damage["replacement_char"]


def _unreadable(
    path: str | Path, backend: str, exc: Exception, page: int | None = None
) -> DamagedPdfError:
    what = f"{backend} cannot read " + ("the page" if page else "it")
    why = f"{type(exc).__name__}: {str(exc)[:80]}"
    return DamagedPdfError(path, f"{what} ({why}): try --backend pdfium", page=page)


def _damage(page: PageText) -> int:
    return damage_score(dict(page.damage))


def _open_other(
    backend: str, data: bytes, password: str | None
) -> Callable[[int], tuple[TextLine, ...]]:
    if backend == "pdfplumber":
        from .plumber import PlumberReader

        return PlumberReader(data, password)
    if backend == "mupdf":
        from .mupdf import MupdfReader

        return MupdfReader(data, password)
    raise ValueError(f"unknown backend {backend!r}")


def _load_page(
    path: str | Path, doc: pdfium.PdfDocument, index: int
) -> tuple[pdfium.PdfPage, pdfium.PdfTextPage]:
    """A page and its text page, or the error that says which page is damaged."""
    try:
        page = doc[index]
        return page, page.get_textpage()
    except pdfium.PdfiumError:
        raise DamagedPdfError(path, "PDFium cannot load the page", page=index + 1) from None


def _read_page(reader: _PageReader, backend: str, index: int) -> tuple[PageText, int]:
    """One page read with the chosen backend, and how many characters PDFium sees on it."""
    page, textpage = _load_page(reader.path, reader.doc, index)
    try:
        n = pdfium_c.FPDFText_CountChars(textpage.raw)
        if n == 0:
            return PageText(index + 1, (), "pdfium"), 0
        if backend == "auto":
            return reader.auto(index, page, textpage), n
        if backend == "pdfium":
            return reader.geometry(index, page, textpage), n
        return reader.other(backend, index), n
    finally:
        textpage.close()


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
    reader = _PageReader(path, data, doc, password)
    try:
        page_count = len(doc)
        if max_pages is not None and page_count > max_pages:
            raise TooLargeError(path, f"{page_count} pages, limit {max_pages}")
        if page_count == 0:
            raise DamagedPdfError(path, "it has no pages")
        pages, chars, unreadable = [], 0, []
        for index in range(page_count):
            try:
                page, n = _read_page(reader, backend, index)
            except DamagedPdfError as exc:
                # one damaged page (or a page count larger than the pages there are) must not
                # lose the others: the page is left empty and counted as damage
                unreadable.append(exc)
                label = "pdfium" if backend == "auto" else backend
                page = PageText(index + 1, (), label, damage={UNREADABLE_PAGE: 1})
                n = 0
            pages.append(page)
            chars += n
        if len(unreadable) == page_count:
            detail = f"none of its {page_count} page(s) can be read ({unreadable[0].detail})"
            raise DamagedPdfError(path, detail)
        if chars == 0:
            readable = [p.number - 1 for p in pages if not p.damage]
            images = sum(pdfium_backend.count_images(doc[i]) for i in readable)
            if images == 0:
                raise DamagedPdfError(path, f"its {page_count} page(s) draw nothing")
            raise NoTextLayerError(path, f"{page_count} page(s) of images without any text")
    finally:
        reader.close()
        doc.close()
    return Extraction(str(path), sha256_of(data), page_count, tuple(pages))
