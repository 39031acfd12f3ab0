"""pdfplumber backend (pdfminer.six underneath): a page → glyphs in stream order → lines.

Contract: ``PlumberReader(data, password).read(index)`` returns a page's lines, built by
``layout.assemble_lines`` from pdfminer's characters read through our own device, which adds
what pdfplumber's text lacks for Thai:

- ``/ActualText`` spans (Chromium wraps every Thai cluster it shapes in one; pdfminer ignores
  them, #1288, and gives the glyphs' own mappings: Private Use Area marks, or U+0000 where a
  glyph has no Unicode value). A span's glyphs become one glyph carrying the span's text.
- ``(cid:N)``: a character missing from the font's ToUnicode map is looked up in the cmap of
  the embedded TrueType font program when there is one (LibreOffice exports that omit SARA
  AA from ToUnicode); otherwise it stays ``(cid:N)`` and is counted as damage.

Slower than PDFium (pure Python), so ``auto`` uses it only for pages PDFium leaves damaged.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pdfplumber
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTPage
from pdfminer.pdffont import PDFFont, TrueTypeFont
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

from .layout import LIGHT, MIN_TEXT_SIZE, Glyph, advance_glyph, assemble_lines
from .records import Frame, TextLine

# pdfminer logs a warning for every oddity of a damaged file; with no handler anywhere Python
# prints them on stderr, which would break the CLI's one-line error. A handler of our own
# keeps them quiet unless the application configured logging itself.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


class _Device(PDFPageAggregator):
    """pdfminer's aggregator, told about ActualText spans and embedded font cmaps."""

    def __init__(self, rsrcmgr: Any) -> None:
        super().__init__(rsrcmgr, laparams=None)
        self._spans: list[tuple[int, str] | None] = []  # one entry per open marked content
        self._next_span = 0
        self._cmaps: dict[int, dict[int, str]] = {}

    def begin_tag(self, tag: PSLiteral, props: Any = None) -> None:
        props = resolve1(props)
        actual = props.get("ActualText") if isinstance(props, dict) else None
        if actual is not None:
            text = decode_text(resolve1(actual)) if isinstance(actual, bytes) else str(actual)
            self._next_span += 1
            self._spans.append((self._next_span, text))
        else:
            self._spans.append(None)

    def end_tag(self) -> None:
        if self._spans:
            self._spans.pop()

    def current_span(self) -> tuple[int, str] | None:
        for span in reversed(self._spans):
            if span is not None:
                return span
        return None

    _render_mode = 0

    def render_string(self, textstate: Any, *args: Any, **kwargs: Any) -> None:
        self._render_mode = int(getattr(textstate, "render", 0) or 0)
        super().render_string(textstate, *args, **kwargs)

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        adv = super().render_char(*args, **kwargs)
        item = self.cur_item._objs[-1]
        item.actual_span = self.current_span()  # type: ignore[attr-defined]
        item.render_mode = self._render_mode  # type: ignore[attr-defined]
        return float(adv)

    def handle_undefined_char(self, font: PDFFont, cid: int) -> str:
        text = self._embedded_cmap(font).get(cid)
        return text if text else super().handle_undefined_char(font, cid)

    def _embedded_cmap(self, font: PDFFont) -> dict[int, str]:
        key = id(font)
        if key not in self._cmaps:
            self._cmaps[key] = {}
            fontfile = getattr(font, "fontfile", None)
            if fontfile is not None:
                try:
                    ttf = TrueTypeFont(getattr(font, "basefont", ""), BytesIO(fontfile.get_data()))
                    self._cmaps[key] = dict(ttf.create_unicode_map().cid2unichr)
                except Exception:  # a font program pdfminer cannot read: no recovery
                    pass
        return self._cmaps[key]


Rect = tuple[float, float, float, float]


def _in(x: float, y: float, rect: Rect) -> bool:
    return rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]


def _light(color: Any) -> bool:
    """Whether a pdfminer colour is the page's white: gray 1, RGB (1, 1, 1), CMYK (0, 0, 0, 0)."""
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color:
        return False
    try:
        values = [float(c) for c in color]
    except (TypeError, ValueError):
        return False
    if len(values) == 4:
        return max(values) <= 1 - LIGHT / 255
    return min(values) >= LIGHT / 255


def _chars(item: LTContainer[Any], view: Rect | None) -> Iterator[LTChar]:
    """The characters a person sees, in drawing order: as ``pdfium`` reads them (``HIDDEN``)
    as far as pdfminer tells: none outside the crop box (``view``), drawn tiny, painted white
    with nothing beneath, or invisible (render mode 3) with no image beneath."""
    filled: list[Rect] = []
    images: list[Rect] = []

    def walk(container: LTContainer[Any]) -> Iterator[LTChar]:
        for obj in container:
            if isinstance(obj, LTChar):
                if _seen(obj):
                    yield obj
            elif isinstance(obj, LTImage):
                filled.append(obj.bbox)
                images.append(obj.bbox)
            elif isinstance(obj, LTCurve):
                if obj.fill and not _light(obj.non_stroking_color):
                    filled.append(obj.bbox)
            elif isinstance(obj, LTContainer):
                yield from walk(obj)

    def _seen(ch: LTChar) -> bool:
        x, y = (ch.x0 + ch.x1) / 2, (ch.y0 + ch.y1) / 2
        if view is not None and not _in(x, y, view):
            return False
        if ch.size < MIN_TEXT_SIZE:
            return False
        mode = getattr(ch, "render_mode", 0)
        if mode in (3, 7):
            return any(_in(x, y, r) for r in images)
        color = ch.graphicstate.scolor if mode in (1, 5) else ch.graphicstate.ncolor
        return not _light(color) or any(_in(x, y, r) for r in filled)

    yield from walk(item)


def page_view(page: Any) -> Rect | None:
    """A pdfminer page's crop box in the coordinates of its characters (the media box's
    corner at the origin); None on a rotated page (no check there)."""
    if getattr(page, "rotate", 0) % 360:
        return None
    try:
        mx, my = float(page.mediabox[0]), float(page.mediabox[1])
        x0, y0, x1, y1 = (float(v) for v in page.cropbox)
    except (TypeError, ValueError, IndexError, AttributeError):
        return None
    return (min(x0, x1) - mx, min(y0, y1) - my, max(x0, x1) - mx, max(y0, y1) - my)


def page_frame(page: Any) -> Frame | None:
    """Where pdfminer's coordinates put a page's top edge and user space: they start at the
    media box's corner (pdfminer's device moves it to the origin). None on a rotated page,
    whose coordinates pdfminer turns with it: its lines get no box."""
    if getattr(page, "rotate", 0) % 360:
        return None
    try:
        x0, y0, _, y1 = (float(v) for v in page.mediabox)
    except (TypeError, ValueError, AttributeError):
        return None
    return Frame(x0, y1 - y0)


def _glyphs(page: LTPage, view: Rect | None = None) -> list[Glyph]:
    glyphs: list[Glyph] = []
    span_glyph: dict[int, int] = {}
    for ch in _chars(page, view):
        span = getattr(ch, "actual_span", None)
        if span is not None and not _readable(span[1]):
            span = None  # an ActualText that says nothing (empty, U+FFFD): the glyphs speak
        if span is not None and span[0] in span_glyph:
            # another glyph of the same ActualText span: widen the span's glyph
            k = span_glyph[span[0]]
            g = glyphs[k]
            glyphs[k] = advance_glyph(
                g.text, min(g.x0, ch.x0), max(g.x1, ch.x1), g.baseline, g.size, g.order,
                min(g.y_range[0], ch.y0), max(g.y_range[1], ch.y1),
            )  # fmt: skip
            continue
        if span is not None:
            span_glyph[span[0]] = len(glyphs)
        text = span[1] if span is not None else ch.get_text()
        glyphs.append(
            advance_glyph(text, ch.x0, ch.x1, ch.matrix[5], ch.size, len(glyphs), ch.y0, ch.y1)
        )
    return glyphs


def _readable(text: str) -> bool:
    """Whether an ActualText is text: not empty, no U+FFFD (a copy through cairo keeps the
    spans of what it could not map, emptied).

    >>> _readable("ที่"), _readable(""), _readable("\ufffd")
    (True, False, False)
    """
    return bool(text) and "\ufffd" not in text


class PlumberReader:
    """Reads pages of one PDF through pdfplumber's pdfminer objects."""

    def __init__(self, data: bytes, password: str | None = None) -> None:
        self.pdf = pdfplumber.open(BytesIO(data), password=password or "")

    def read(self, index: int, loaded: object = None) -> tuple[TextLine, ...]:
        glyphs, frame = self.glyphs(index)
        return assemble_lines(glyphs, frame=frame)

    def glyphs(self, index: int) -> tuple[list[Glyph], Frame | None]:
        """A page's glyphs a person sees, and where their coordinates put the page."""
        page = self.pdf.pages[index]
        device = _Device(self.pdf.rsrcmgr)
        PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(page.page_obj)
        glyphs = _glyphs(device.get_result(), page_view(page.page_obj))
        return glyphs, page_frame(page.page_obj)

    def close(self) -> None:
        # pdfplumber's close walks every page, which raises again on a damaged file
        with contextlib.suppress(Exception):
            self.pdf.close()
