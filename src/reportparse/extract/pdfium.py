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

The geometry runs in C where ``speedups.C`` is built (``_speedups.c``: the same computation,
step for step, 40 times faster; ``python_geometry_lines`` is the reference it is tested
against), in Python otherwise.
"""

from __future__ import annotations

import ctypes
import math
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, cast

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from .. import speedups
from ..thai.chars import CONSONANTS, LETTERS, MARKS, THAI_TEXT, Th, members
from ..thai.chars import MARK_CHARS as _MARKS
from .layout import (
    BREAK_AFTER,
    LIGHT,
    MIN_TEXT_SIZE,
    SPACE_GAP,
    WRAP_SLACK,
    Glyph,
    assemble_lines,
)
from .records import Box, Frame, TextLine, unmapped


def _address(handle: Any) -> int | None:
    """The address behind a PDFium handle: the identity of an object or mark."""
    return ctypes.addressof(handle.contents) if handle else None


def _actual_text_span(obj: object) -> int | None:
    """Identity of the /ActualText marked-content item around a page object, if any."""
    span = None
    for k in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj, k)
        # (the value's type, not the value: reading it would encode it to UTF-16 each time)
        if pdfium_c.FPDFPageObjMark_GetParamValueType(mark, b"ActualText") == _STRING:
            span = _address(mark)
    return span


_STRING = pdfium_c.FPDF_OBJECT_STRING


def _page_objects(container: object, count: object, get: object) -> Iterator[tuple[int, object]]:
    """(type, object) of every text, path and image object of a page or form, in the order
    they are drawn, forms followed recursively."""
    for k in range(count(container)):  # type: ignore[operator]
        obj = get(container, k)  # type: ignore[operator]
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind in (_TEXT, _PATH, _IMAGE):
            yield kind, obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            yield from _page_objects(
                obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject
            )


_TEXT, _PATH, _IMAGE = (
    pdfium_c.FPDF_PAGEOBJ_TEXT,
    pdfium_c.FPDF_PAGEOBJ_PATH,
    pdfium_c.FPDF_PAGEOBJ_IMAGE,
)

# --- text nobody sees ---------------------------------------------------------------------------
#: why a character of the text layer is left out, the repair each is counted as: it lies
#: outside the page's crop box, its object's clip path cuts it away, it is not painted (no
#: alpha, the page's white where nothing is drawn beneath it, or invisible — render mode 3 —
#: with no image beneath: an OCR layer over a scan is read), or it is drawn too small to see
HIDDEN = ("hidden_outside_page", "hidden_clipped", "hidden_unpainted", "hidden_tiny")
_OUTSIDE, _CLIPPED, _UNPAINTED, _TINY = range(1, len(HIDDEN) + 1)
#: an alpha this low paints nothing
_NO_ALPHA = 8
#: render modes that fill, that stroke; 3 and 7 paint nothing
_FILLS, _STROKES = (0, 2, 4, 6), (1, 2, 5, 6)

Rect = tuple[float, float, float, float]  # left, bottom, right, top


def _inside(x: float, y: float, rect: Rect) -> bool:
    return rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]


def _clip_rect(obj: object) -> Rect | None:
    """The box of an object's clip path (the intersection of its paths' boxes), or None."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    box: Rect | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for p in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for k in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, p)):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, p, k)
            if segment and pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(float(x.value))
                ys.append(float(y.value))
        if not xs:
            continue
        own = (min(xs), min(ys), max(xs), max(ys))
        box = (
            own
            if box is None
            else (
                max(box[0], own[0]),
                max(box[1], own[1]),
                min(box[2], own[2]),
                min(box[3], own[3]),
            )
        )
    return box


_RGBA = tuple(ctypes.c_uint() for _ in range(4))


@dataclass
class _Beneath:
    """What is drawn on the page so far, that text drawn over it shows against."""

    filled: list[Rect] = field(default_factory=list)  # paths filled with a colour, and images
    images: list[Rect] = field(default_factory=list)

    def add(self, kind: int, obj: object) -> None:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if kind == _PATH:
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) or fill.value == 0:
                return
            r, g, b, a = _RGBA
            if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a) or a.value < _NO_ALPHA:
                return
            if min(r.value, g.value, b.value) >= LIGHT:
                return  # white on white
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            return
        rect = (float(left.value), float(bottom.value), float(right.value), float(top.value))
        self.filled.append(rect)
        if kind == _IMAGE:
            self.images.append(rect)


def _paints(get: Any, obj: object, x: float, y: float, beneath: _Beneath) -> bool:
    """Whether a colour (fill or stroke, read by ``get``) shows at (x, y): it has alpha, and
    it is not the page's white unless something is drawn beneath."""
    r, g, b, a = _RGBA
    if not get(obj, r, g, b, a) or a.value < _NO_ALPHA:
        return False
    if min(r.value, g.value, b.value) < LIGHT:
        return True
    return any(_inside(x, y, rect) for rect in beneath.filled)


def _object_hidden(obj: object, bounds: Rect, beneath: _Beneath) -> int:
    """Why nobody sees a text object (``_CLIPPED``, ``_UNPAINTED``), 0 when they do."""
    x, y = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
    clip = _clip_rect(obj)
    if clip is not None and not _inside(x, y, clip):
        return _CLIPPED
    mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
    if mode < 0:
        return 0  # PDFium does not know: read it
    if mode in _FILLS and _paints(pdfium_c.FPDFPageObj_GetFillColor, obj, x, y, beneath):
        return 0
    if mode in _STROKES and _paints(pdfium_c.FPDFPageObj_GetStrokeColor, obj, x, y, beneath):
        return 0
    if mode in (3, 7) and any(_inside(x, y, rect) for rect in beneath.images):
        return 0  # an OCR layer over its scan
    return _UNPAINTED


@dataclass
class _Objects:
    """What the page objects tell that PDFium's characters do not."""

    span_of: dict[int, int | None] = field(default_factory=dict)
    #: left and right of all the glyphs of an ActualText span together
    span_extent: dict[int, tuple[float, float]] = field(default_factory=dict)
    #: text objects that draw nothing: the space glyphs PDFium leaves out of its text
    blanks: list[tuple[float, float, float]] = field(default_factory=list)  # x, baseline, size
    #: text objects nobody sees, and why (an index of ``HIDDEN``, from 1)
    hidden: dict[int, int] = field(default_factory=dict)
    #: the page's crop box: text outside it is not on the page
    view: Rect = (-1e30, -1e30, 1e30, 1e30)
    #: characters left out, by reason (an index of ``HIDDEN``, from 1; 0 unused)
    dropped: list[int] = field(default_factory=lambda: [0] * (len(HIDDEN) + 1))

    def counts(self) -> dict[str, int]:
        return {name: n for name, n in zip(HIDDEN, self.dropped[1:], strict=True) if n}


def crop_box(page: pdfium.PdfPage) -> Rect:
    """The page's crop box (its media box when it has none), in page units."""
    left, bottom, right, top = page.get_cropbox()
    return (float(left), float(bottom), float(right), float(top))


def shown_box(page: pdfium.PdfPage) -> Rect:
    """The part of the page PDFium shows (renders): its crop box within its media box, either
    inherited from the page tree (``get_cropbox`` reads the page's own dictionary only, and
    falls back to US Letter: fpdf2 writes the media box in the page tree)."""
    rect = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDF_GetPageBoundingBox(page.raw, rect):
        return crop_box(page)
    return (float(rect.left), float(rect.bottom), float(rect.right), float(rect.top))


def media_top(page: pdfium.PdfPage) -> float:
    """The top edge of the page's media box (pdfplumber measures ``top`` from it): the page's
    own, else (a media box inherited from the page tree) the top of what is shown."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if pdfium_c.FPDFPage_GetMediaBox(page.raw, left, bottom, right, top):
        return float(max(bottom.value, top.value))
    return shown_box(page)[3]


def page_frame(page: pdfium.PdfPage) -> Frame:
    """Where PDFium's coordinates (the page's user space) put the page's top edge: the media
    box's, as pdfplumber measures ``top``."""
    return Frame(0.0, media_top(page))


def image_box(page: pdfium.PdfPage, box: tuple[float, float, float, float], scale: float) -> Box:
    """A box of the page's image as PDFium renders it (its crop box, turned by its /Rotate,
    ``scale`` pixels a point) as a ``Box`` of the page."""
    left, bottom, right, top = shown_box(page)
    width, height = right - left, top - bottom
    turn = page.get_rotation() % 360
    frame_top = media_top(page)
    corners = []
    for u, v in ((box[0] / scale, box[1] / scale), (box[2] / scale, box[3] / scale)):
        # (u, v): from the shown page's top left corner; (a, b): from the unturned page's
        if turn == 90:
            a, b = v, height - u
        elif turn == 180:
            a, b = width - u, height - v
        elif turn == 270:
            a, b = width - v, u
        else:
            a, b = u, v
        corners.append((left + a, frame_top - (top - b)))
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return (min(xs), min(ys), max(xs), max(ys))


def _scan_objects(page: pdfium.PdfPage) -> _Objects:
    out = _Objects(view=crop_box(page))
    beneath = _Beneath()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    matrix = pdfium_c.FS_MATRIX()
    size = ctypes.c_float()
    objects = _page_objects(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject)
    for kind, obj in objects:
        if kind != _TEXT:
            beneath.add(kind, obj)
            continue
        key = _address(obj)
        span = _actual_text_span(obj)
        if key is not None:
            out.span_of[key] = span
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        bounds = (float(left.value), float(bottom.value), float(right.value), float(top.value))
        why = _object_hidden(obj, bounds, beneath)
        if why:
            if key is not None:
                out.hidden[key] = why
            continue
        if span is not None:
            x0, x1 = out.span_extent.get(span, (left.value, right.value))
            out.span_extent[span] = (min(x0, left.value), max(x1, right.value))
        elif right.value - left.value <= 0.01 and top.value - bottom.value <= 0.01:
            pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
            pdfium_c.FPDFTextObj_GetFontSize(obj, size)
            scale = (matrix.a**2 + matrix.b**2) ** 0.5 or 1.0
            x, baseline, drawn = float(matrix.e), float(matrix.f), size.value * scale
            if _inside(x, baseline, out.view) and drawn >= MIN_TEXT_SIZE:
                out.blanks.append((x, baseline, drawn))
    return out


def _hidden_char(tp: Any, i: int, objects: _Objects, loose: Any) -> int:
    """Why nobody sees character ``i`` (its loose box in ``loose``), 0 when they do."""
    if objects.hidden:
        key = _address(pdfium_c.FPDFText_GetTextObject(tp, i))
        why = objects.hidden.get(key, 0) if key is not None else 0
        if why:
            return why
    x, y = (loose.left + loose.right) / 2, (loose.bottom + loose.top) / 2
    if not _inside(x, y, objects.view):
        return _OUTSIDE
    if loose.top - loose.bottom < MIN_TEXT_SIZE and char_size(tp, i) < MIN_TEXT_SIZE:
        return _TINY
    return 0


_THAI_TEXT = members(Th.TEXT)

#: what PDFium's per-character API reports for a hyphen drawn at the end of a line (its text
#: has U+FFFE there, and no line break): the hyphen is drawn, so it is text
_PDFIUM_HYPHEN = 0x02


def _char_glyphs(
    textpage: pdfium.PdfTextPage, objects: _Objects, start: int = 0, end: int | None = None
) -> list[Glyph]:
    """Glyphs from PDFium's characters (all, or ``start`` .. ``end``); an ActualText span
    becomes one glyph, once."""
    tp = textpage.raw
    glyphs: list[Glyph] = []
    span_glyph: dict[int, int] = {}  # span → index of its glyph in ``glyphs``
    span_object: dict[int, int | None] = {}  # span → the object whose copy of the text is kept
    fonts: _PageFonts = {}
    has_spans = any(span is not None for span in objects.span_of.values())
    loose = pdfium_c.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    count = pdfium_c.FPDFText_CountChars(tp)
    for i in range(start, count if end is None else end):
        if pdfium_c.FPDFText_IsGenerated(tp, i):
            if _kept_space(tp, i, count):
                pdfium_c.FPDFText_GetLooseCharBox(tp, i, loose)
                if _hidden_char(tp, i, objects, loose):
                    continue  # the space of a text nobody sees
                pdfium_c.FPDFText_GetCharOrigin(tp, i, ox, oy)
                size = char_size(tp, i)
                x0, x1 = loose.left, loose.right
                glyphs.append(
                    Glyph(" ", x0, x1, oy.value, size, x0, x1, len(glyphs), loose.bottom, loose.top)
                )
            continue  # PDFium's own spaces and line breaks: layout decides those
        pdfium_c.FPDFText_GetLooseCharBox(tp, i, loose)
        why = _hidden_char(tp, i, objects, loose)
        if why:
            objects.dropped[why] += 1
            continue
        code = pdfium_c.FPDFText_GetUnicode(tp, i)
        span = None
        if has_spans:
            key = _address(pdfium_c.FPDFText_GetTextObject(tp, i))
            span = objects.span_of.get(key) if key is not None else None
            if span is not None and span_object.setdefault(span, key) != key:
                continue  # PDFium's extra copy of the span's text, made for another glyph
        ch = chr(code) if code else "\x00"
        if code == _PDFIUM_HYPHEN and pdfium_c.FPDFText_IsHyphen(tp, i):
            ch = "-"  # a hyphen that ends a line: PDFium takes it for a soft one (COVID-|19)
        elif chr(code) not in _THAI_TEXT and pdfium_c.FPDFText_HasUnicodeMapError(tp, i):
            ch = _unmapped_char(tp, i, code, fonts)  # (see _MAYBE_UNMAPPED)
        if span is not None and span in span_glyph:
            g = glyphs[span_glyph[span]]
            glyphs[span_glyph[span]] = replace(g, text=g.text + ch)
            continue
        pdfium_c.FPDFText_GetCharOrigin(tp, i, ox, oy)
        x0, x1 = loose.left, loose.right
        ink0, ink1 = x0, x1
        if span is not None:
            span_glyph[span] = len(glyphs)
            x0, x1 = ink0, ink1 = objects.span_extent.get(span, (x0, x1))
        elif ch in _MARKS:  # only a mark needs its ink: it says which base it sits on
            pdfium_c.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
            ink0, ink1 = left.value, right.value
        size = char_size(tp, i)
        glyphs.append(
            Glyph(ch, x0, x1, oy.value, size, ink0, ink1, len(glyphs), loose.bottom, loose.top)
        )
    return glyphs


_MATRIX = pdfium_c.FS_MATRIX()


def char_size(tp: Any, i: int) -> float:
    """The size of character ``i`` as the layout measures it: its font size, or that size in
    the character's text matrix where the matrix carries it (cairo sets every font at size 1
    in a matrix scaled to 14). A matrix that shrinks (Chromium's 0.75: 18.66 drawn at 14) is
    left out: the layout's fractions were measured on those sizes."""
    size = float(pdfium_c.FPDFText_GetFontSize(tp, i))
    if not pdfium_c.FPDFText_GetMatrix(tp, i, _MATRIX):
        return size
    scale = (_MATRIX.a**2 + _MATRIX.b**2) ** 0.5
    return max(size, size * scale)


def _kept_space(tp: Any, i: int, count: int) -> bool:
    """Whether a character PDFium generated is a space the producer's text object carries at
    the end of a line: LibreOffice ends some wrapped lines with the space it wrapped at, as a
    gap in the line's text object, which PDFium turns into a space of that object."""
    return (
        pdfium_c.FPDFText_GetUnicode(tp, i) == 0x20
        and i + 1 < count
        and pdfium_c.FPDFText_GetUnicode(tp, i + 1) in (0x0D, 0x0A)
        and bool(pdfium_c.FPDFText_IsGenerated(tp, i + 1))
        and bool(pdfium_c.FPDFText_GetTextObject(tp, i))
    )


#: a page's lines and the characters left out of them, by why nobody sees them (``HIDDEN``)
Reading = tuple[tuple[TextLine, ...], dict[str, int]]


def geometry_lines(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, skia: bool = False
) -> Reading:
    """Lines of a page, assembled from PDFium's characters by geometry, without the text
    nobody sees (``HIDDEN``); and how many characters were left out, by why.

    Chromium (``skia``) draws every space as a glyph of its own, which PDFium leaves out of its
    text but the page objects keep (``blanks``): on its pages those glyphs are the spaces, and
    a gap between two glyphs is not one (Tlwg Typo's wide side bearings: หน่วยงานที่ รับผิดชอบ).
    """
    if accelerated() is not None:
        reading = _accelerated_lines(page, textpage, skia=skia)
        if reading is not None:
            return reading
    return python_geometry_lines(page, textpage, skia)


class PdfiumReader:
    """``--backend pdfium``: every page of a document read by ``geometry_lines``."""

    def __init__(self, doc: pdfium.PdfDocument) -> None:
        self.skia = is_skia(doc)

    def read(self, index: int, loaded: Any) -> tuple[TextLine, ...]:
        # the text page and the page objects must come from the same PdfPage: geometry
        # matches characters to objects by their handles
        return geometry_lines(loaded.page, loaded.textpage, skia=self.skia)[0]

    def close(self) -> None:
        pass


def is_skia(doc: pdfium.PdfDocument) -> bool:
    """Whether Chromium (Skia) wrote the document: its pages take geometry, always (PDFium
    drops its space glyphs and repeats its ActualText spans)."""
    return producer_of(doc).startswith("Skia/PDF")


def is_libreoffice(doc: pdfium.PdfDocument) -> bool:
    """Whether LibreOffice wrote the document itself (not a copy another program rewrote)."""
    return producer_of(doc).startswith("LibreOffice")


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


def python_geometry_lines(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, skia: bool = False
) -> Reading:
    """``geometry_lines`` in Python only: the reference the C accelerator is tested against."""
    objects = _scan_objects(page)
    glyphs = page_glyphs(textpage, objects)
    gap_spaces = not (skia and objects.blanks)
    lines = assemble_lines(glyphs, gap_spaces=gap_spaces, frame=page_frame(page))
    return lines, objects.counts()


def page_glyphs(textpage: pdfium.PdfTextPage, objects: _Objects) -> list[Glyph]:
    """The glyphs of a page a person sees (an ActualText span once), and its blank glyphs."""
    glyphs = _char_glyphs(textpage, objects)
    return glyphs + [
        Glyph(" ", x, x, baseline, size, x, x, len(glyphs) + k)
        for k, (x, baseline, size) in enumerate(objects.blanks)
    ]


def visible_glyphs(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[Glyph]:
    """``page_glyphs`` of a page, its objects scanned (``page_frame`` places them)."""
    return page_glyphs(textpage, _scan_objects(page))


def hidden_text(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> dict[str, int]:
    """How many characters of a page nobody sees, by why (``HIDDEN``): what a reading that
    does not look at the page objects (PDFium's own text, pdfminer's) would wrongly keep."""
    if accelerated() is not None:
        reading = _accelerated_lines(page, textpage)
        if reading is not None:
            return reading[1]
    objects = _scan_objects(page)
    _char_glyphs(textpage, objects)
    return objects.counts()


#: the PDFium functions the C geometry calls, in the order ``_speedups.c`` expects them
FUNCTIONS = (
    "FPDFPage_CountObjects",
    "FPDFPage_GetObject",
    "FPDFPageObj_GetType",
    "FPDFFormObj_CountObjects",
    "FPDFFormObj_GetObject",
    "FPDFPageObj_CountMarks",
    "FPDFPageObj_GetMark",
    "FPDFPageObjMark_GetParamValueType",
    "FPDFPageObj_GetBounds",
    "FPDFPageObj_GetMatrix",
    "FPDFTextObj_GetFontSize",
    "FPDFText_CountChars",
    "FPDFText_IsGenerated",
    "FPDFText_GetUnicode",
    "FPDFText_GetTextObject",
    "FPDFText_IsHyphen",
    "FPDFText_HasUnicodeMapError",
    "FPDFText_GetLooseCharBox",
    "FPDFText_GetCharOrigin",
    "FPDFText_GetCharBox",
    "FPDFText_GetFontSize",
    "FPDFText_GetMatrix",
    "FPDFPageObj_GetClipPath",
    "FPDFClipPath_CountPaths",
    "FPDFClipPath_CountPathSegments",
    "FPDFClipPath_GetPathSegment",
    "FPDFPathSegment_GetPoint",
    "FPDFTextObj_GetTextRenderMode",
    "FPDFPageObj_GetFillColor",
    "FPDFPageObj_GetStrokeColor",
    "FPDFPath_GetDrawMode",
)


@cache
def accelerated() -> Any:
    """The C geometry (same output as Python, several times faster), configured on first use
    with the PDFium functions pypdfium2 loaded; None where the speedups are not built."""
    module = speedups.accelerator()
    if module is not None:
        module.configure(
            tuple(ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value for name in FUNCTIONS)
        )
    return module


def _handle(raw: Any) -> int:
    return ctypes.cast(raw, ctypes.c_void_p).value or 0


def _accelerated_lines(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    start: int = 0,
    end: int = -1,
    *,
    skia: bool = False,
    blanks: bool = True,
    right_edge: float | None = None,
) -> Reading | None:
    """``geometry_lines`` (or the lines of characters ``start`` .. ``end`` without the blank
    objects) computed by the C accelerator; None where a glyph needs the Python path. A glyph
    without Unicode value is read from its font by ``_unmapped_char``, called back from C."""
    tp, fonts = textpage.raw, cast(_PageFonts, {})

    def unmapped(index: int, code: int) -> str:
        return _unmapped_char(tp, index, code, fonts)

    got = accelerated().glyph_lines(
        _handle(page.raw), _handle(textpage.raw), start, end, blanks, skia, right_edge,
        crop_box(page), unmapped, page_frame(page),
    )  # fmt: skip
    if got is None:
        return None
    lines, dropped = got
    counts = {name: n for name, n in zip(HIDDEN, dropped, strict=True) if n}
    return tuple(TextLine(text, wrapped, None, box) for text, wrapped, box in lines), counts


#: a run that starts this far (in line heights) left of where the previous run ended was drawn
#: out of order; marks and SARA AM overhang their neighbours by less
_BACKWARDS = 0.4
#: a gap between runs wider than this share of the line height is a word space
_GAP = 0.15
_MARK_THEN_SPACE = regex.compile(f"[{MARKS}] (?=[{LETTERS}])")
_SPACE_THEN_MARK = regex.compile(f"(?:^|[\\s])[{MARKS}]")


def fast_lines(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> tuple[TextLine, ...] | None:
    """PDFium's own text of the page, verified where it can be wrong and read by geometry
    only on the lines that fail; None when the whole page needs ``geometry_lines``.

    Checked with a few calls per text run and per line instead of several per character: a run
    drawn out of order (PDFium's text rectangles go back left along a line: LibreOffice draws
    fallback-font runs and some marks after the rest of their line) and a mark standing after
    a space make their line suspect; spaces PDFium generates after a mark whose box overhangs
    its letter (``หน้ าที่``) are dropped. The line ends give the ``wrapped`` flags; a line's box
    is its characters' loose boxes together, as the geometry measures it (``line_box``).
    """
    tp = textpage.raw
    text = _indexed_text(textpage)
    if text is None:
        return None
    if "\ufffe" in text:
        return None  # a line-end hyphen: PDFium joined its two lines; geometry splits them
    spans = _line_spans(text)
    suspects = {_line_at(spans, m.end() - 1) for m in _SPACE_THEN_MARK.finditer(text)}
    suspects |= {_line_at(spans, i) for i in _misplaced_marks(tp, text, spans)}
    right_edge = 0.0
    for i, (lo, hi) in enumerate(spans):
        if hi > lo:
            goes_back, edge, gaps = _scan_runs(tp, lo, hi - lo)
            right_edge = max(right_edge, edge)
            # a gap between runs with no space in the text: PDFium left out a space glyph
            # drawn as a run of its own (reportlab and fpdf2 switch fonts around spaces)
            if goes_back or gaps > text.count(" ", lo, hi):
                suspects.add(i)
    if len(suspects) * 3 > len(spans):
        return None  # most of the page: reading it all by geometry costs no more
    frame = page_frame(page)
    boxes = [
        None if i in suspects else line_box(tp, text, lo, hi, frame)
        for i, (lo, hi) in enumerate(spans)
    ]
    edits = _generated_gap_spaces(tp, text) | _unmapped_glyphs(tp, text)
    lines = list(_split_lines(tp, text, spans, edits, right_edge, boxes))
    if suspects:
        objects = _scan_objects(page)
        for i in sorted(suspects, reverse=True):
            lo, hi = spans[i]
            glyphs = _char_glyphs(textpage, objects, lo, hi)
            lines[i : i + 1] = assemble_lines(glyphs, right_edge=right_edge, frame=frame)
    return tuple(lines)


#: how far from the end of a line a mark may have been carried by a run drawn late
_LINE_TAIL = 4


def _misplaced_marks(tp: Any, text: str, spans: list[tuple[int, int]]) -> Iterator[int]:
    """Marks near a line's end that are not drawn over the letter before them in the text.

    A run drawn after the rest of its line lands at the line's end in PDFium's text; when it
    holds the tone of a nearby syllable (บางครัง้) the runs hardly go back, so the few marks
    at each line's end are checked one by one.
    """
    box = pdfium_c.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    for lo, hi in spans:
        end = hi
        while end > lo and text[end - 1] in " )]:;.,":
            end -= 1
        for i in range(max(lo, end - _LINE_TAIL), end):
            if text[i] not in _MARKS:
                continue
            base = _base_before(text, i)
            if base < lo:
                yield i
                continue
            pdfium_c.FPDFText_GetLooseCharBox(tp, base, box)
            pdfium_c.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
            centre = (left.value + right.value) / 2
            if not box.left <= centre <= box.right + _OVERHANG:
                yield i


#: how far (page units) a mark's ink may stand out right of its letter's advance box; on the
#: left, the middle of a mark past its letter's start sits on the letter before
_OVERHANG = 1.0


#: PDFium shows an unmapped glyph as its character code: a control character, or any other
#: character (WeasyPrint maps the glyphs HarfBuzz makes for SARA AM's NIKHAHIT and the raised
#: tone marks to an empty string: PDFium reads น + U+013B + U+0137 + า for น้ำ, or ';' and '1'
#: in another font). The code is checked where it is not Thai text or white space.
_MAYBE_UNMAPPED = regex.compile(f"[^{THAI_TEXT} \r\n]")  # a tab may be a glyph


def _unmapped_glyphs(tp: Any, text: str) -> dict[int, str]:
    """The characters of PDFium's text that stand for unmapped glyphs, rewritten."""
    fonts: _PageFonts = {}
    return {
        m.start(): _unmapped_char(tp, m.start(), ord(m.group()), fonts)
        for m in _MAYBE_UNMAPPED.finditer(text)
        if pdfium_c.FPDFText_HasUnicodeMapError(tp, m.start())
    }


#: a page's font cmaps by font handle address (valid while its document is open)
_PageFonts = dict[int, dict[int, str]]


def _unmapped_char(tp: Any, index: int, code: int, fonts: _PageFonts) -> str:
    """What a glyph missing from the ToUnicode map stands for: the character the embedded
    font's own cmap gives its glyph (a CID font's code is its glyph id), else ``(cid:N)``.

    A shaper's variant glyphs (SARA AM's NIKHAHIT, raised tone marks) are often still in the
    subset font's cmap under their character: WeasyPrint's Laksaman maps glyph 315 to U+0E4D.
    Only codes above 255: a single-byte code is a simple font's, whose code is not its glyph
    id (LibreOffice's subsets), and reading it as one would be a guess.
    """
    if code <= 0xFF:
        return unmapped(code)
    obj = pdfium_c.FPDFText_GetTextObject(tp, index)
    font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
    if font:
        key = ctypes.addressof(font.contents)
        if key not in fonts:
            fonts[key] = _font_cmap(font)  # the font data is copied and hashed once a page
        text = fonts[key].get(code)
        if text:
            return text
    return unmapped(code)


_FONT_CMAPS: dict[bytes, dict[int, str]] = {}


def _font_cmap(font: Any) -> dict[int, str]:
    """Glyph id → character from an embedded TrueType font's cmap (cached by the font data's
    digest: a font handle's address is reused once its document is closed)."""
    import hashlib
    from io import BytesIO

    data = font_program(font)
    if not data:
        return {}
    key = hashlib.sha1(data).digest()
    if key not in _FONT_CMAPS:
        if len(_FONT_CMAPS) > 256:
            _FONT_CMAPS.clear()
        try:
            from pdfminer.pdffont import TrueTypeFont

            cmap = TrueTypeFont("", BytesIO(data)).create_unicode_map().cid2unichr
            _FONT_CMAPS[key] = {gid: ch for gid, ch in cmap.items() if ch.isprintable()}
        except Exception:  # not TrueType, or a font program pdfminer cannot read
            _FONT_CMAPS[key] = {}
    return _FONT_CMAPS[key]


def font_program(font: Any) -> bytes | None:
    """The font program of a PDFium font handle, decoded (for a font the PDF does not embed,
    PDFium's is the data of the font it substitutes); None when it has none."""
    size = ctypes.c_size_t()
    if not pdfium_c.FPDFFont_GetFontData(font, None, 0, ctypes.byref(size)) or not size.value:
        return None
    buffer = (ctypes.c_uint8 * size.value)()
    pdfium_c.FPDFFont_GetFontData(font, buffer, size.value, ctypes.byref(size))
    return bytes(buffer)


def _generated_gap_spaces(tp: Any, text: str) -> dict[int, str]:
    """Spaces PDFium generated for the gap a mark's overhanging box leaves: index → ""."""
    drop = {}
    a, b = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
    for m in _MARK_THEN_SPACE.finditer(text):
        space = m.end() - 1
        if not pdfium_c.FPDFText_IsGenerated(tp, space):
            continue  # a space the producer drew is a real space
        pdfium_c.FPDFText_GetLooseCharBox(tp, _base_before(text, space), a)
        pdfium_c.FPDFText_GetLooseCharBox(tp, space + 1, b)
        size = char_size(tp, space + 1)
        if b.left - a.right < SPACE_GAP * size:
            drop[space] = ""
    return drop


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character indices of each line of PDFium's text."""
    spans, start = [], 0
    for m in LINE_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _line_at(spans: list[tuple[int, int]], index: int) -> int:
    return max(0, bisect_right([lo for lo, _ in spans], index) - 1)


def _scan_runs(tp: Any, start: int, count: int) -> tuple[bool, float, int]:
    """For the text runs of characters ``start`` .. ``start + count``: whether one starts well
    left of the end of the run before it on its line, the right edge of the runs, and how many
    word-sized gaps there are between consecutive runs."""
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, top, right, bottom)]  # made once: this loop is hot
    get_rect = pdfium_c.FPDFText_GetRect
    right_edge = p_right = line = 0.0
    first = True
    gaps = 0
    for k in range(pdfium_c.FPDFText_CountRects(tp, start, count)):
        get_rect(tp, k, *refs)
        c_left, c_top, c_right, c_bottom = left.value, top.value, right.value, bottom.value
        if c_right > right_edge:
            right_edge = c_right
        # all these runs are on one line of PDFium's text: a run that starts well left of where
        # the previous one ended was drawn out of order (a mark's overhang is much less than
        # the line's height, the tallest run so far: a mark's own run is a thin one)
        line = max(line, c_top - c_bottom)
        if not first and c_left < p_right - _BACKWARDS * line:
            return True, right_edge, gaps
        if not first and c_left - p_right > _GAP * line:
            gaps += 1
        p_right, first = c_right, False
    return False, right_edge, gaps


def line_box(tp: Any, text: str, lo: int, hi: int, frame: Frame) -> Box | None:
    """The box of the characters ``lo`` .. ``hi`` of PDFium's text: their loose boxes together,
    white space aside, as ``layout.line_box`` measures a line of glyphs (so the page's boxes are
    the same whichever way it was read)."""
    loose = pdfium_c.FS_RECTF()
    ref = ctypes.byref(loose)  # made once: a call per character
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    x0 = bottom = math.inf
    x1 = top = -math.inf
    for i in range(lo, hi):
        if text[i] in _WHITE:
            continue
        get_box(tp, i, ref)
        left, right, low, high = loose.left, loose.right, loose.bottom, loose.top
        if left < x0:
            x0 = left
        if right > x1:
            x1 = right
        if low < bottom:
            bottom = low
        if high > top:
            top = high
    return frame.box(x0, bottom, x1, top) if x0 != math.inf else None


#: white space as ``str.isspace`` has it, in the range a text layer uses
_WHITE = frozenset(chr(c) for c in range(0x3001) if chr(c).isspace())


def _base_before(text: str, i: int) -> int:
    """Index of the nearest character before ``i`` that is not a combining mark."""
    j = i - 1
    while j >= 0 and text[j] in _MARKS:
        j -= 1
    return j


def _split_lines(
    tp: Any,
    text: str,
    spans: list[tuple[int, int]],
    edits: dict[int, str],
    right_edge: float,
    boxes: list[Box | None],
) -> tuple[TextLine, ...]:
    """Cut PDFium's text into its lines (``boxes``: each line's). Only a line ending in a
    character a producer may break after without a space (``layout.BREAK_AFTER``) needs its
    ``wrapped`` flag, so only those lines have their end measured."""
    lines = []
    box = pdfium_c.FS_RECTF()
    for (lo, hi), where in zip(spans, boxes, strict=True):
        line = _edited(text, lo, hi, edits)
        wrapped = False
        if line[-1:] in BREAK_AFTER and line[-1:]:
            pdfium_c.FPDFText_GetLooseCharBox(tp, hi - 1, box)
            size = char_size(tp, hi - 1)
            wrapped = box.right >= right_edge - WRAP_SLACK * size
        lines.append(TextLine(line, wrapped, None, where))
    return tuple(lines)


def _edited(text: str, lo: int, hi: int, edits: dict[int, str]) -> str:
    """``text[lo:hi]`` with the characters at the indices in ``edits`` replaced."""
    cut = sorted(j for j in edits if lo <= j < hi)
    if not cut:
        return text[lo:hi]
    parts, pos = [], lo
    for j in cut:
        parts += [text[pos:j], edits[j]]
        pos = j + 1
    parts.append(text[pos:hi])
    return "".join(parts)


LINE_BREAK = regex.compile(r"\r\n|[\r\n]")


def _indexed_text(textpage: pdfium.PdfTextPage) -> str | None:
    """PDFium's text of the page where its indices are PDFium's character indices; None where a
    character outside the BMP (two characters in PDFium's count) shifts them."""
    text = textpage.get_text_range()
    return text if len(text) == pdfium_c.FPDFText_CountChars(textpage.raw) else None


#: marks drawn below their letter (ุ ู ฺ); every other mark is drawn above it
_BELOW = members(Th.BELOW_VOWEL)
#: a consonant and the marks drawn on it
_CLUSTER_MARKS = regex.compile(f"[{CONSONANTS}]([{MARKS}]+)")
#: how far (in its letter's heights) past the letter's middle a mark's middle must be to be
#: on one side of it
_MISDRAWN_BY = 0.1
#: more than this share of a page's marks on the wrong side is no map error: the text is
#: drawn turned (a rotated run), or its boxes say nothing
_MISDRAWN_SHARE = 0.25


def misdrawn_marks(textpage: pdfium.PdfTextPage) -> int:
    """How many marks of the page's text are drawn on the other side of their consonant from
    where their characters stand: a tone (above) whose ink lies below the letter, or a below
    vowel above it. The font's map gives that glyph another mark's character, which reads as
    well-spelt Thai (a LibreOffice export maps a SARA U glyph to MAI EK and says SARA U in
    ActualText; Ghostscript drops the ActualText: รุ่น reads ร่่น, สุข reads ส่ข).

    A letter's marks are compared as a whole (how many are below, by character and by ink):
    PDFium gives the characters of an ActualText span the boxes of its glyphs in drawing
    order, which need not be the characters' (LibreOffice's ผู้); a letter drawn inside an
    ActualText span is not counted (the span's text stands, ``geometry_lines`` reads it).
    0 where PDFium's indices are shifted, or where more than ``_MISDRAWN_SHARE`` of the marks
    are on the wrong side (turned text)."""
    text = _indexed_text(textpage)
    if not text:
        return 0
    tp = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))

    def middle(i: int) -> tuple[float, float]:
        if not pdfium_c.FPDFText_GetCharBox(tp, i, left, right, bottom, top):
            return 0.0, 0.0
        return (bottom.value + top.value) / 2, top.value - bottom.value

    checked = wrong = 0
    for m in _CLUSTER_MARKS.finditer(text):
        letter_y, letter_h = middle(m.start())
        if letter_h <= 0:
            continue
        below = 0
        for i in range(m.start(1), m.end(1)):
            mark_y, mark_h = middle(i)
            shift = (mark_y - letter_y) / letter_h
            if mark_h <= 0 or abs(shift) <= _MISDRAWN_BY:
                break  # a mark with no ink, or level with its letter: nothing to compare
            below += shift < 0
        else:
            off = abs(below - sum(ch in _BELOW for ch in m.group(1)))
            if off and _in_actual_text(tp, m.start(), m.end()):
                continue  # the span's text stands for its glyphs, whatever their map says
            checked += m.end(1) - m.start(1)
            wrong += off
    return wrong if wrong <= checked * _MISDRAWN_SHARE else 0


def _in_actual_text(tp: Any, start: int, end: int) -> bool:
    """Whether a character of ``start`` .. ``end`` is drawn inside an ActualText span."""
    return any(
        _actual_text_span(obj) is not None
        for obj in (pdfium_c.FPDFText_GetTextObject(tp, i) for i in range(start, end))
        if obj
    )


def _replacement_chars(textpage: pdfium.PdfTextPage) -> Iterator[tuple[int, bool]]:
    """(index, mapped) of each U+FFFD of PDFium's text: mapped when its font's ToUnicode maps
    the glyph to U+FFFD, not when PDFium wrote it for a glyph it could not map (a map error);
    none where PDFium's indices are shifted (``_indexed_text``)."""
    tp = textpage.raw
    text = _indexed_text(textpage)
    for i, ch in enumerate(text or ""):
        if ch == "\ufffd":
            yield i, not pdfium_c.FPDFText_HasUnicodeMapError(tp, i)


def mapped_replacement_chars(textpage: pdfium.PdfTextPage) -> int:
    """How many U+FFFD of the page's text its fonts' ToUnicode maps glyphs to (not a glyph
    PDFium could not map: those have a map error)."""
    return sum(mapped for _, mapped in _replacement_chars(textpage))


def replacement_programs(textpage: pdfium.PdfTextPage) -> set[bytes] | None:
    """The embedded programs of the fonts that draw the U+FFFD of the page's text
    (``_replacement_chars``); None where one is a U+FFFD PDFium wrote for a glyph it could not
    map, or is drawn by a font the PDF does not embed (a substitute's data says nothing of the
    PDF's glyphs)."""
    tp = textpage.raw
    programs: dict[int, bytes | None] = {}  # by font handle: a font's data is copied once
    for i, mapped in _replacement_chars(textpage):
        obj = pdfium_c.FPDFText_GetTextObject(tp, i) if mapped else None
        font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
        if not font:
            return None
        key = ctypes.addressof(font.contents)
        if key not in programs:
            programs[key] = font_program(font) if pdfium_c.FPDFFont_GetIsEmbedded(font) else None
        if programs[key] is None:
            return None
    return {data for data in programs.values() if data is not None}


#: path objects a page without text draws from which it is text drawn as outlines (Ghostscript's
#: -dNoOutputFonts, a driver's "text as graphics": one path a glyph or a run, hundreds a page),
#: not a page of rules and boxes
OUTLINED_TEXT_PATHS = 50


def draws_for_ocr(page: pdfium.PdfPage) -> bool:
    """Whether a page without text draws what OCR may read: an image (a scan), or at least
    ``OUTLINED_TEXT_PATHS`` paths (text drawn as outlines), forms' objects counted."""
    paths = 0
    todo = [(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject)]
    while todo:
        container, count, get = todo.pop()
        for k in range(count(container)):
            obj = get(container, k)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                return True
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                paths += 1
                if paths >= OUTLINED_TEXT_PATHS:
                    return True
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                todo.append(
                    (obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject)
                )
    return False


#: the share of the page an image must cover for the page to be a scan
SCAN_COVER = 0.5


def ocr_layer(page: pdfium.PdfPage) -> bool:
    """Whether the page's text is an OCR program's invisible layer over its scan (ocrmypdf's
    GlyphLessFont, a scanner's own OCR): every text object is drawn invisible (render mode 3
    or 7) and an image covers most of the page."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    texts = 0
    cover = 0.0
    for kind, obj in _page_objects(
        page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject
    ):
        if kind == _TEXT:
            if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) not in (3, 7):
                return False  # visible text: a born-digital page (the first object, mostly)
            texts += 1
        elif kind == _IMAGE and pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            cover = max(cover, (right.value - left.value) * (top.value - bottom.value))
    x0, y0, x1, y1 = crop_box(page)
    area = max((x1 - x0) * (y1 - y0), 1e-6)
    return texts > 0 and cover >= SCAN_COVER * area
