"""Recovery of a wrong or missing font map from the glyph outlines the PDF still holds.

Contract: ``OutlineReader(data, password).read(index)`` reads a page as ``plumber`` does
(pdfminer's characters, ActualText honoured, the shared layout), except that each character's
text comes from its glyph's outline (``outlines.font_texts``: the installed Thai font the
embedded subset was cut from says what the glyph draws) wherever the outline is known, and
from the PDF's own map (ToUnicode, encoding) only where it is not. It is what ``auto`` reads a
page with when the page's text fails the quality gate: after Ghostscript (a ToUnicode rebuilt
from glyph ids: Thai read as ``ช?PอPค121``), PostScript and back (no map at all: ``(cid:N)``)
or cairo (shifted tone marks given another character).

A glyph id is found from the character code the way a reader draws it: a CID font's code
through its CIDToGIDMap (identity when there is none), a simple TrueType font's code through
its own cmap — (3,0) at 0xF000 + code, (1,0) at code, or the encoding's character in (3,1).
"""

from __future__ import annotations

import contextlib
import logging
from io import BytesIO
from typing import Any

from pdfminer.layout import LTChar
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFCIDFont, PDFFont
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1

from .layout import Glyph, assemble_lines
from .outlines import font_texts
from .plumber import _Device, _glyphs, page_frame, page_view
from .records import Frame, TextLine

# fontTools warns on every old timestamp of a subset font: not our user's business
logging.getLogger("fontTools").addHandler(logging.NullHandler())
logging.getLogger("fontTools").propagate = False


class _Resources(PDFResourceManager):
    """pdfminer's resource manager, keeping each font's dictionary on the font it makes."""

    def get_font(self, objid: object, spec: Any) -> PDFFont:
        font = super().get_font(objid, spec)
        if not hasattr(font, "spec"):
            font.spec = spec  # type: ignore[attr-defined]
        return font


class _OutlineDevice(_Device):
    """The plumber device, with every glyph's text read from its outline where it is known."""

    def __init__(self, rsrcmgr: Any, maps: dict[int, dict[int, str]]) -> None:
        super().__init__(rsrcmgr)
        self._maps = maps

    def render_char(
        self,
        matrix: Any,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: Any,
    ) -> float:
        adv = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        item = self.cur_item._objs[-1]
        text = self._map(font).get(cid)
        if text is not None and isinstance(item, LTChar):
            item._text = text
        return adv

    def _map(self, font: PDFFont) -> dict[int, str]:
        key = id(font)
        if key not in self._maps:
            self._maps[key] = _code_texts(font)
        return self._maps[key]


def _code_texts(font: PDFFont) -> dict[int, str]:
    """Character code → text for the codes of ``font`` whose glyph outline is known."""
    spec = resolve1(getattr(font, "spec", None)) or {}
    if isinstance(font, PDFCIDFont):
        # pdfminer hands the Type0 font the dictionary of its descendant (with its keys)
        descendants = resolve1(spec.get("DescendantFonts"))
        descendant = resolve1(descendants[0]) if descendants else spec
        data = _font_program(resolve1(descendant.get("FontDescriptor")))
        if data is None:
            return {}
        texts = font_texts(data)
        gids = resolve1(descendant.get("CIDToGIDMap"))
        if isinstance(gids, PDFStream):
            table = gids.get_data()
            cid_of = {
                int.from_bytes(table[k : k + 2], "big"): k // 2 for k in range(0, len(table), 2)
            }
            return {cid_of[gid]: text for gid, text in texts.items() if gid in cid_of}
        return dict(texts)  # identity: the code is the glyph id
    data = _font_program(resolve1(spec.get("FontDescriptor")))
    if data is None:
        return {}
    texts = font_texts(data)
    return {code: texts[gid] for code, gid in _simple_codes(data, font).items() if gid in texts}


def _font_program(descriptor: Any) -> bytes | None:
    stream = resolve1(descriptor.get("FontFile2")) if isinstance(descriptor, dict) else None
    if not isinstance(stream, PDFStream):
        return None
    try:
        return bytes(stream.get_data())
    except Exception:  # a damaged stream: nothing to recover from
        return None


def _simple_codes(data: bytes, font: PDFFont) -> dict[int, int]:
    """Code → glyph id of a simple TrueType font, by its own cmap (PDF 9.6.6.4)."""
    from fontTools.ttLib import TTFont

    try:
        ttf = TTFont(BytesIO(data), lazy=True)
        order = {name: gid for gid, name in enumerate(ttf.getGlyphOrder())}
        tables = {(t.platformID, t.platEncID): t.cmap for t in ttf["cmap"].tables}
    except Exception:
        return {}
    out: dict[int, int] = {}
    symbol, mac, unicode = tables.get((3, 0)), tables.get((1, 0)), tables.get((3, 1))
    encoding = getattr(font, "cid2unicode", {}) or {}
    for code in range(256):
        name = None
        if symbol:
            name = next((symbol[c] for c in (0xF000 + code, code) if c in symbol), None)
        if name is None and mac:
            name = mac.get(code)
        if name is None and unicode and code in encoding:
            name = unicode.get(ord(encoding[code][0]))
        if name is not None and name in order:
            out[code] = order[name]
    return out


class OutlineReader:
    """Reads pages of one PDF with each glyph's text from its outline where it is known."""

    def __init__(self, data: bytes, password: str | None = None) -> None:
        parser = PDFParser(BytesIO(data))
        self.document = PDFDocument(parser, password or "")
        self.pages = list(PDFPage.create_pages(self.document))
        self.rsrcmgr = _Resources(caching=True)
        self.maps: dict[int, dict[int, str]] = {}

    def read(self, index: int, loaded: object = None) -> tuple[TextLine, ...]:
        glyphs, frame = self.glyphs(index)
        return assemble_lines(glyphs, frame=frame)

    def glyphs(self, index: int) -> tuple[list[Glyph], Frame | None]:
        """A page's glyphs a person sees, their text from their outlines where known, and
        where their coordinates put the page."""
        device = _OutlineDevice(self.rsrcmgr, self.maps)
        page = self.pages[index]
        PDFPageInterpreter(self.rsrcmgr, device).process_page(page)
        return _glyphs(device.get_result(), page_view(page)), page_frame(page)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.pages.clear()
