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
- Fallback-font runs drawn after the rest of their line are put back in place by position.

``fast_page_lines`` is PDFium's own ``get_text_range``, the cheap path for clean pages.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import TextLine
from .layout import Glyph, assemble_lines

_GENERATED_BREAKS = {"\r", "\n"}


def _address(handle: object) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value if handle else None


def _actual_text_span(obj: object, cache: dict[int, int | None]) -> int | None:
    """Identity of the /ActualText marked-content item around a text object, if any."""
    key = _address(obj)
    if key is None:
        return None
    if key not in cache:
        span = None
        size = ctypes.c_ulong()
        for k in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
            mark = pdfium_c.FPDFPageObj_GetMark(obj, k)
            if pdfium_c.FPDFPageObjMark_GetParamStringValue(
                mark, b"ActualText", None, 0, ctypes.byref(size)
            ):
                span = _address(mark)
        cache[key] = span
    return cache[key]


def _char_glyphs(textpage: pdfium.PdfTextPage) -> tuple[list[Glyph], set[int]]:
    """Glyphs from PDFium's characters, with ActualText copies removed."""
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    glyphs: list[Glyph] = []
    used_objects: set[int] = set()
    span_cache: dict[int, int | None] = {}
    first_object_of_span: dict[int, int] = {}
    loose = pdfium_c.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    for i in range(n):
        if pdfium_c.FPDFText_IsGenerated(tp, i):
            continue
        code = pdfium_c.FPDFText_GetUnicode(tp, i)
        obj = pdfium_c.FPDFText_GetTextObject(tp, i)
        obj_key = _address(obj)
        if obj_key is not None:
            used_objects.add(obj_key)
        span = _actual_text_span(obj, span_cache)
        if span is not None and first_object_of_span.setdefault(span, obj_key or 0) != obj_key:
            continue  # PDFium's extra copy of the span's text, from another glyph of the span
        pdfium_c.FPDFText_GetLooseCharBox(tp, i, loose)
        pdfium_c.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
        pdfium_c.FPDFText_GetCharOrigin(tp, i, ox, oy)
        size = pdfium_c.FPDFText_GetFontSize(tp, i)
        ch = chr(code) if code else "\x00"
        prev = glyphs[-1] if glyphs else None
        if span is not None and prev is not None and prev.order == -(obj_key or 0):
            # the span's characters share one glyph: keep them together as one piece
            glyphs[-1] = Glyph(
                prev.text + ch,
                min(prev.x0, loose.left),
                max(prev.x1, loose.right),
                prev.baseline,
                prev.size,
                min(prev.ink_x0, left.value),
                max(prev.ink_x1, right.value),
                prev.order,
            )
            continue
        glyphs.append(
            Glyph(
                ch,
                loose.left,
                loose.right,
                oy.value,
                size,
                left.value,
                right.value,
                -(obj_key or 0) if span is not None else i,
            )
        )
    return _renumber(glyphs), used_objects


def _renumber(glyphs: list[Glyph]) -> list[Glyph]:
    # span glyphs were tagged with their object to merge them; give every glyph its index back
    return [
        Glyph(g.text, g.x0, g.x1, g.baseline, g.size, g.ink_x0, g.ink_x1, i)
        for i, g in enumerate(glyphs)
    ]


def _blank_glyphs(page: pdfium.PdfPage, used: set[int], start: int) -> list[Glyph]:
    """Space glyphs PDFium left out of its text: text objects with no ink and no characters."""
    out: list[Glyph] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    matrix = pdfium_c.FS_MATRIX()
    size = ctypes.c_float()
    raw = page.raw
    for k in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, k)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        if _address(obj) in used:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        if right.value - left.value > 0.01 or top.value - bottom.value > 0.01:
            continue  # it has ink: a glyph whose text PDFium already gave elsewhere
        pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
        pdfium_c.FPDFTextObj_GetFontSize(obj, size)
        scale = (matrix.a**2 + matrix.b**2) ** 0.5 or 1.0
        x = matrix.e
        out.append(
            Glyph(" ", x, x, matrix.f, size.value * scale, x, x, start + len(out))
        )
    return out


def page_lines(page: pdfium.PdfPage) -> tuple[TextLine, ...]:
    """Lines of a page, assembled from PDFium's characters by geometry."""
    textpage = page.get_textpage()
    try:
        glyphs, used = _char_glyphs(textpage)
        glyphs += _blank_glyphs(page, used, len(glyphs))
    finally:
        textpage.close()
    return assemble_lines(glyphs)


def fast_page_lines(page: pdfium.PdfPage) -> tuple[TextLine, ...]:
    """Lines of a page as PDFium's ``get_text_range`` gives them (no geometry)."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    return tuple(TextLine(line) for line in text.replace("\r\n", "\n").split("\n"))


def count_chars(page: pdfium.PdfPage) -> int:
    """How many characters PDFium finds on the page (0 for a scanned page)."""
    textpage = page.get_textpage()
    try:
        return int(pdfium_c.FPDFText_CountChars(textpage.raw))
    finally:
        textpage.close()
