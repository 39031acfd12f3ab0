"""PDFium backend (pypdfium2): a page → glyphs with positions → lines.

Contract: ``page_lines(page)`` returns the page's lines, built by ``layout.assemble_lines`` from
PDFium's per-character API rather than from ``get_text_range``, so that geometry can fix what
PDFium's own text assembly gets wrong on Thai:

- Chromium (Skia) wraps a Thai cluster in an ``/ActualText`` span; PDFium emits the span's text
  once for every glyph in it (``ครั้งรั้ที่``). The span is identified by its marked-content
  item, and only the first glyph's copy is kept.
- PDFium drops the space glyphs Chromium draws and generates its own spaces and line breaks;
  those generated characters are ignored and spaces are decided from the gaps instead, plus the
  blank glyphs found among the page objects (they carry the space at the end of a wrapped line).
  The span's extent is that of all its glyphs (SARA AM is two glyphs), read from the objects.
- Fallback-font runs drawn after the rest of their line are put back in place by position.

``fast_page_lines`` is PDFium's own ``get_text_range``, the cheap path for clean pages.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import TextLine
from .layout import Glyph, assemble_lines


def _address(handle: Any) -> int | None:
    """The address behind a PDFium handle: the identity of an object or mark."""
    return ctypes.cast(handle, ctypes.c_void_p).value if handle else None


def _actual_text_span(obj: object) -> int | None:
    """Identity of the /ActualText marked-content item around a page object, if any."""
    span = None
    size = ctypes.c_ulong()
    for k in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj, k)
        if pdfium_c.FPDFPageObjMark_GetParamStringValue(
            mark, b"ActualText", None, 0, ctypes.byref(size)
        ):
            span = _address(mark)
    return span


def _text_objects(container: object, count: object, get: object) -> Iterator[object]:
    """Every text object of a page or form, forms followed recursively."""
    for k in range(count(container)):  # type: ignore[operator]
        obj = get(container, k)  # type: ignore[operator]
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            yield obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            yield from _text_objects(
                obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject
            )


@dataclass
class _Objects:
    """What the page objects tell that PDFium's characters do not."""

    span_of: dict[int, int | None] = field(default_factory=dict)
    #: left and right of all the glyphs of an ActualText span together
    span_extent: dict[int, tuple[float, float]] = field(default_factory=dict)
    #: text objects that draw nothing: the space glyphs PDFium leaves out of its text
    blanks: list[tuple[float, float, float]] = field(default_factory=list)  # x, baseline, size


def _scan_objects(page: pdfium.PdfPage) -> _Objects:
    out = _Objects()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    matrix = pdfium_c.FS_MATRIX()
    size = ctypes.c_float()
    for obj in _text_objects(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject):
        key = _address(obj)
        span = _actual_text_span(obj)
        if key is not None:
            out.span_of[key] = span
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        if span is not None:
            x0, x1 = out.span_extent.get(span, (left.value, right.value))
            out.span_extent[span] = (min(x0, left.value), max(x1, right.value))
        elif right.value - left.value <= 0.01 and top.value - bottom.value <= 0.01:
            pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
            pdfium_c.FPDFTextObj_GetFontSize(obj, size)
            scale = (matrix.a**2 + matrix.b**2) ** 0.5 or 1.0
            out.blanks.append((matrix.e, matrix.f, size.value * scale))
    return out


def _char_glyphs(textpage: pdfium.PdfTextPage, objects: _Objects) -> list[Glyph]:
    """Glyphs from PDFium's characters; an ActualText span becomes one glyph, once."""
    tp = textpage.raw
    glyphs: list[Glyph] = []
    span_glyph: dict[int, int] = {}  # span → index of its glyph in ``glyphs``
    span_object: dict[int, int | None] = {}  # span → the object whose copy of the text is kept
    loose = pdfium_c.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    for i in range(pdfium_c.FPDFText_CountChars(tp)):
        if pdfium_c.FPDFText_IsGenerated(tp, i):
            continue  # PDFium's own spaces and line breaks: layout decides those
        code = pdfium_c.FPDFText_GetUnicode(tp, i)
        key = _address(pdfium_c.FPDFText_GetTextObject(tp, i))
        span = objects.span_of.get(key) if key is not None else None
        if span is not None and span_object.setdefault(span, key) != key:
            continue  # PDFium's extra copy of the span's text, made for another of its glyphs
        pdfium_c.FPDFText_GetLooseCharBox(tp, i, loose)
        pdfium_c.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
        pdfium_c.FPDFText_GetCharOrigin(tp, i, ox, oy)
        ch = chr(code) if code else "\x00"
        if span is not None and span in span_glyph:
            g = glyphs[span_glyph[span]]
            glyphs[span_glyph[span]] = replace(g, text=g.text + ch)
            continue
        x0, x1 = loose.left, loose.right
        ink0, ink1 = left.value, right.value
        if span is not None:
            span_glyph[span] = len(glyphs)
            x0, x1 = objects.span_extent.get(span, (x0, x1))
            ink0, ink1 = x0, x1
        size = pdfium_c.FPDFText_GetFontSize(tp, i)
        glyphs.append(Glyph(ch, x0, x1, oy.value, size, ink0, ink1, len(glyphs)))
    return glyphs


def page_lines(page: pdfium.PdfPage) -> tuple[TextLine, ...]:
    """Lines of a page, assembled from PDFium's characters by geometry."""
    objects = _scan_objects(page)
    textpage = page.get_textpage()
    try:
        glyphs = _char_glyphs(textpage, objects)
    finally:
        textpage.close()
    glyphs += [
        Glyph(" ", x, x, baseline, size, x, x, len(glyphs) + k)
        for k, (x, baseline, size) in enumerate(objects.blanks)
    ]
    return assemble_lines(glyphs)


def fast_page_lines(page: pdfium.PdfPage) -> tuple[TextLine, ...]:
    """Lines of a page as PDFium's ``get_text_range`` gives them (no geometry)."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    return tuple(TextLine(line) for line in text.replace("\r\n", "\n").split("\n"))


def count_images(page: pdfium.PdfPage) -> int:
    """How many image objects the page draws (a scan has one per page)."""
    raw = page.raw
    return sum(
        pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, k))
        == pdfium_c.FPDF_PAGEOBJ_IMAGE
        for k in range(pdfium_c.FPDFPage_CountObjects(raw))
    )


def count_chars(page: pdfium.PdfPage) -> int:
    """How many characters PDFium finds on the page (0 for a scanned page)."""
    textpage = page.get_textpage()
    try:
        return int(pdfium_c.FPDFText_CountChars(textpage.raw))
    finally:
        textpage.close()
