"""PDFium backend (pypdfium2): a page → glyphs with positions → lines.

Contract: ``geometry_lines(page, textpage)`` returns the page's lines, built by
``layout.assemble_lines`` from
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

``fast_lines`` is PDFium's own ``get_text_range`` checked at its weak points (spaces, marks):
the cheap path for pages that need no repair by geometry, ``None`` when the page does.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from ..normalize import BREAK_AFTER
from . import TextLine
from .layout import SPACE_GAP, WRAP_SLACK, Glyph, assemble_lines


def _address(handle: Any) -> int | None:
    """The address behind a PDFium handle: the identity of an object or mark."""
    return ctypes.addressof(handle.contents) if handle else None


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


_MARKS = frozenset(
    "\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F)))
)


def _char_glyphs(textpage: pdfium.PdfTextPage, objects: _Objects) -> list[Glyph]:
    """Glyphs from PDFium's characters; an ActualText span becomes one glyph, once."""
    tp = textpage.raw
    glyphs: list[Glyph] = []
    span_glyph: dict[int, int] = {}  # span → index of its glyph in ``glyphs``
    span_object: dict[int, int | None] = {}  # span → the object whose copy of the text is kept
    has_spans = any(span is not None for span in objects.span_of.values())
    loose = pdfium_c.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    for i in range(pdfium_c.FPDFText_CountChars(tp)):
        if pdfium_c.FPDFText_IsGenerated(tp, i):
            continue  # PDFium's own spaces and line breaks: layout decides those
        code = pdfium_c.FPDFText_GetUnicode(tp, i)
        span = None
        if has_spans:
            key = _address(pdfium_c.FPDFText_GetTextObject(tp, i))
            span = objects.span_of.get(key) if key is not None else None
            if span is not None and span_object.setdefault(span, key) != key:
                continue  # PDFium's extra copy of the span's text, made for another glyph
        ch = chr(code) if code else "\x00"
        if span is not None and span in span_glyph:
            g = glyphs[span_glyph[span]]
            glyphs[span_glyph[span]] = replace(g, text=g.text + ch)
            continue
        pdfium_c.FPDFText_GetLooseCharBox(tp, i, loose)
        pdfium_c.FPDFText_GetCharOrigin(tp, i, ox, oy)
        x0, x1 = loose.left, loose.right
        ink0, ink1 = x0, x1
        if span is not None:
            span_glyph[span] = len(glyphs)
            x0, x1 = ink0, ink1 = objects.span_extent.get(span, (x0, x1))
        elif ch in _MARKS:  # only a mark needs its ink: it says which base it sits on
            pdfium_c.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
            ink0, ink1 = left.value, right.value
        size = pdfium_c.FPDFText_GetFontSize(tp, i)
        glyphs.append(Glyph(ch, x0, x1, oy.value, size, ink0, ink1, len(glyphs)))
    return glyphs


def geometry_lines(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> tuple[TextLine, ...]:
    """Lines of a page, assembled from PDFium's characters by geometry."""
    objects = _scan_objects(page)
    glyphs = _char_glyphs(textpage, objects)
    glyphs += [
        Glyph(" ", x, x, baseline, size, x, x, len(glyphs) + k)
        for k, (x, baseline, size) in enumerate(objects.blanks)
    ]
    return assemble_lines(glyphs)


#: a run that starts this far (in line heights) left of where the previous run ended was drawn
#: out of order; marks and SARA AM overhang their neighbours by less
_BACKWARDS = 0.4
_MARK_THEN_SPACE = regex.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e] (?=[\u0e01-\u0e4e])")
_SPACE_THEN_MARK = regex.compile("(?:^|[\\s])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def fast_lines(textpage: pdfium.PdfTextPage) -> tuple[TextLine, ...] | None:
    """PDFium's own text of the page, verified where it can be wrong; None when it cannot
    be trusted and the page needs ``geometry_lines``.

    Checked with a few calls per text run and per line instead of several per character: a run
    drawn out of order (PDFium's text rectangles go back left along a line: LibreOffice draws
    fallback-font runs and some marks after the rest of their line), a mark standing after a
    space, and the spaces PDFium generates after a mark whose box overhangs its letter
    (``หน้ าที่``), which are dropped. The line ends give the ``wrapped`` flags.
    """
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    text = textpage.get_text_range()
    if len(text) != n or _SPACE_THEN_MARK.search(text):
        return None
    goes_back, right_edge = _scan_runs(tp, n)
    if goes_back:
        return None
    drop = []
    a, b = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
    for m in _MARK_THEN_SPACE.finditer(text):
        space = m.end() - 1
        if not pdfium_c.FPDFText_IsGenerated(tp, space):
            continue  # a space the producer drew is a real space
        pdfium_c.FPDFText_GetLooseCharBox(tp, _base_before(text, space), a)
        pdfium_c.FPDFText_GetLooseCharBox(tp, space + 1, b)
        size = pdfium_c.FPDFText_GetFontSize(tp, space + 1)
        if b.left - a.right < SPACE_GAP * size:
            drop.append(space)
    return _split_lines(tp, text, set(drop), right_edge)


def _scan_runs(tp: Any, n: int) -> tuple[bool, float]:
    """Whether a text run starts well left of the end of the run before it on its line, and
    the right edge of the text on the page."""
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, top, right, bottom)]  # made once: this loop is hot
    get_rect = pdfium_c.FPDFText_GetRect
    right_edge = p_top = p_right = p_bottom = 0.0
    first = True
    for k in range(pdfium_c.FPDFText_CountRects(tp, 0, n)):
        get_rect(tp, k, *refs)
        c_left, c_top, c_right, c_bottom = left.value, top.value, right.value, bottom.value
        if c_right > right_edge:
            right_edge = c_right
        if not first and c_left < p_right:  # only a run that starts left needs a closer look
            h_prev, h_cur = p_top - p_bottom, c_top - c_bottom
            smaller, line = (h_prev, h_cur) if h_prev < h_cur else (h_cur, h_prev)
            overlap = min(p_top, c_top) - max(p_bottom, c_bottom)
            # a mark's run is a thin one over its line: compare with the line's height
            if smaller > 0 and overlap > 0.5 * smaller and c_left < p_right - _BACKWARDS * line:
                return True, right_edge
        p_top, p_right, p_bottom, first = c_top, c_right, c_bottom, False
    return False, right_edge


def _base_before(text: str, i: int) -> int:
    """Index of the nearest character before ``i`` that is not a combining mark."""
    j = i - 1
    while j >= 0 and text[j] in _MARKS:
        j -= 1
    return j


def _split_lines(tp: Any, text: str, drop: set[int], right_edge: float) -> tuple[TextLine, ...]:
    """Cut PDFium's text at its line breaks. Only a line ending in a character a producer may
    break after without a space (``normalize.BREAK_AFTER``) needs its ``wrapped`` flag, so only
    those lines have their end measured."""
    lines, start = [], 0
    box = pdfium_c.FS_RECTF()
    for m in [*LINE_BREAK.finditer(text), None]:
        hi = m.start() if m else len(text)
        line = _without(text, start, hi, drop)
        wrapped = False
        if line[-1:] in BREAK_AFTER and line[-1:]:
            pdfium_c.FPDFText_GetLooseCharBox(tp, hi - 1, box)
            size = pdfium_c.FPDFText_GetFontSize(tp, hi - 1)
            wrapped = box.right >= right_edge - WRAP_SLACK * size
        lines.append(TextLine(line, wrapped))
        start = m.end() if m else hi
    return tuple(lines)


def _without(text: str, lo: int, hi: int, drop: set[int]) -> str:
    """``text[lo:hi]`` without the characters at the indices in ``drop``."""
    cut = sorted(j for j in drop if lo <= j < hi)
    if not cut:
        return text[lo:hi]
    parts, pos = [], lo
    for j in cut:
        parts.append(text[pos:j])
        pos = j + 1
    parts.append(text[pos:hi])
    return "".join(parts)


LINE_BREAK = regex.compile(r"\r\n|[\r\n]")


def count_images(page: pdfium.PdfPage) -> int:
    """How many image objects the page draws (a scan has one per page)."""
    raw = page.raw
    return sum(
        pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, k))
        == pdfium_c.FPDF_PAGEOBJ_IMAGE
        for k in range(pdfium_c.FPDFPage_CountObjects(raw))
    )
