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
from collections.abc import Collection, Iterator, Mapping
from io import BytesIO
from typing import Any

import regex
from pdfminer.layout import LTChar
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFCIDFont, PDFFont
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1

from ..thai.chars import REPLACEMENT
from .layout import Glyph, assemble_lines
from .outlines import font_texts, glyph_digests, glyph_image
from .plumber import _chars, _Device, _glyphs, page_frame, page_view
from .records import Frame, TextLine, unmapped
from .votes import Item


class _Resources(PDFResourceManager):
    """pdfminer's resource manager, keeping each font's dictionary on the font it makes."""

    def get_font(self, objid: object, spec: Any) -> PDFFont:
        font = super().get_font(objid, spec)
        if not hasattr(font, "spec"):
            font.spec = spec  # type: ignore[attr-defined]
        return font


class _OutlineDevice(_Device):
    """The plumber device, with every glyph's text read from its outline where it is known."""

    def __init__(self, rsrcmgr: Any, reader: OutlineReader) -> None:
        super().__init__(rsrcmgr)
        self._reader = reader
        #: glyphs drawn whose font map is provably wrong and whose outline is not known
        self.wrong = 0

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
        text = self._reader.text_map(font).get(cid)
        if isinstance(item, LTChar):
            item.code = (id(font), cid)  # type: ignore[attr-defined]
            if text is not None:
                item._text = text
                self.wrong += text == unmapped(cid)
        return adv


def _code_texts(font: PDFFont) -> dict[int, str]:
    """Character code → text for the codes of ``font`` whose glyph outline is known, and
    ``(cid:N)`` for the codes whose own map is provably wrong (``_wrong_codes``) and whose
    outline is not known: nothing on the page says what they are."""
    data, gids = _font_codes(font)
    if data is None:
        return {}
    texts = font_texts(data)
    if gids is None:  # identity: the code is the glyph id
        out = dict(texts)
    else:
        out = {code: texts[gid] for code, gid in gids.items() if gid in texts}
    for code in _wrong_codes(font, data, gids):
        out.setdefault(code, unmapped(code))
    return out


def _font_codes(font: PDFFont) -> tuple[bytes | None, dict[int, int] | None]:
    """The embedded TrueType program of ``font`` and its code → glyph id (None: the code is
    the glyph id)."""
    data = _program_of(font)
    if data is None:
        return None, {}
    return data, _code_gids(font, data)


def _gid(gids: Mapping[int, int] | None, code: int) -> int | None:
    """The glyph id of ``code`` by ``gids`` (None: the code is the glyph id)."""
    return code if gids is None else gids.get(code)


def _to_unicode(font: PDFFont) -> Mapping[int, str]:
    """Code → text by ``font``'s own map (its ToUnicode), empty when it has none."""
    return getattr(getattr(font, "unicode_map", None), "cid2unichr", None) or {}


def _glyph_dict(font: PDFFont) -> Any:
    """The dictionary that holds ``font``'s FontDescriptor (and CIDToGIDMap): a Type0 font's
    descendant (pdfminer hands the Type0 font the dictionary of its descendant, with its
    keys), a simple font's own."""
    spec = resolve1(getattr(font, "spec", None)) or {}
    if isinstance(font, PDFCIDFont):
        descendants = resolve1(spec.get("DescendantFonts"))
        return resolve1(descendants[0]) if descendants else spec
    return spec


def _program_of(font: PDFFont) -> bytes | None:
    """The embedded TrueType program of ``font``, None when it has none."""
    return _font_program(resolve1(_glyph_dict(font).get("FontDescriptor")))


def _code_gids(font: PDFFont, data: bytes) -> dict[int, int] | None:
    """Code → glyph id of ``font``, whose program is ``data`` (None: the code is the glyph id,
    a CID font without a CIDToGIDMap stream)."""
    if isinstance(font, PDFCIDFont):
        gids = resolve1(_glyph_dict(font).get("CIDToGIDMap"))
        if isinstance(gids, PDFStream):
            table = gids.get_data()
            codes = {
                k // 2: int.from_bytes(table[k : k + 2], "big") for k in range(0, len(table), 2)
            }
            return {code: gid for code, gid in codes.items() if gid}
        return None
    return _simple_codes(data, font)


#: what a font map may give a glyph that only one glyph of a font draws: ASCII letters, digits
#: and punctuation (a Thai mark has several glyphs, shifted for the letter under it)
_ONE_GLYPH = frozenset(chr(c) for c in range(0x21, 0x7F))


def _wrong_codes(font: PDFFont, data: bytes, gids: Mapping[int, int] | None) -> set[int]:
    """The codes of ``font`` whose own map (ToUnicode) is provably wrong: a control character,
    white space for a glyph that draws something, or an ASCII character (``_ONE_GLYPH``) that
    the map also gives glyphs of other outlines.
    Ghostscript writes such a map for a font whose glyphs have no names: glyph ids read as
    the standard Macintosh glyph order, so Thai glyphs become digits and punctuation."""
    mapped = _to_unicode(font)
    if not mapped:
        return set(gids or ()) if _unmapped_font(font) else set()
    digests = dict(glyph_digests(data))
    outlines: dict[str, set[str]] = {}
    for code, text in mapped.items():
        gid = _gid(gids, code)
        if text in _ONE_GLYPH and gid in digests:
            outlines.setdefault(text, set()).add(digests[gid])
    shared = {text for text, found in outlines.items() if len(found) > 1}

    def inked(code: int) -> bool:
        gid = _gid(gids, code)
        return gid in digests and gid != 0  # .notdef draws a box for what the font lacks

    return {
        code
        for code, text in mapped.items()
        if text in shared
        or (len(text) == 1 and ord(text) < 0x20 and text not in "\t\n\r" and inked(code))
        or (text.isspace() and inked(code))  # a glyph that draws something is no space
    }


def _unmapped_font(font: PDFFont) -> bool:
    """Whether a font says nothing of its glyphs' text: a simple font with no ToUnicode and no
    /Encoding (what ``pdftops | ps2pdf`` writes: codes 1…N in first-use order, a symbol
    cmap, no glyph names), whose codes any reader turns into made-up characters."""
    if isinstance(font, PDFCIDFont):
        return False
    spec = resolve1(getattr(font, "spec", None)) or {}
    return spec.get("ToUnicode") is None and spec.get("Encoding") is None


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


#: a font whose own map is provably wrong for this many codes has a made-up map (Ghostscript's
#: from glyph ids): every code of it is read from its outline or OCR votes; with fewer, only
#: the wrong codes are
BROKEN_MAP = 3


class OutlineReader:
    """Reads pages of one PDF with each glyph's text from its outline where it is known."""

    def __init__(self, data: bytes, password: str | None = None) -> None:
        parser = PDFParser(BytesIO(data))
        self.document = PDFDocument(parser, password or "")
        self.pages = list(PDFPage.create_pages(self.document))
        self.rsrcmgr = _Resources(caching=True)
        #: font key → code → text: what each code's outline says, and ``(cid:N)`` for the
        #: codes whose own map is provably wrong (``_code_texts``)
        self.maps: dict[int, dict[int, str]] = {}
        #: the keys of the fonts whose own map is provably wrong for ``BROKEN_MAP`` codes or
        #: more: a map made up (from glyph ids), none of whose codes can be trusted
        self.broken: set[int] = set()
        #: font key → code → text read by OCR votes (``votes``), for the broken fonts
        self.voted: dict[int, dict[int, str]] = {}
        #: page index → glyphs drawn whose font map is provably wrong (``_wrong_codes``)
        self.wrong: dict[int, int] = {}
        self.fonts: dict[int, PDFFont] = {}

    def text_map(self, font: PDFFont) -> dict[int, str]:
        """Code → text for the codes of ``font`` whose own map is not used: known by their
        outline, read by OCR votes, or ``(cid:N)`` (a broken map no vote settled)."""
        key = id(font)
        if key not in self.maps:
            self.fonts[key] = font
            known = _code_texts(font)
            if sum(text == unmapped(code) for code, text in known.items()) >= BROKEN_MAP:
                self.broken.add(key)
            self.maps[key] = known
        return self.maps[key]

    def thai_digit(self, key: int, code: int) -> str | None:
        """The Thai digit OCR's templates (``ocr.digits``) see in the glyph of a font's code,
        drawn from its outline; None when they are not sure it is one."""
        from ..ocr.digits import DIGITS, classify, normalized

        font = self.fonts.get(key)
        try:
            data, gids = _font_codes(font) if font is not None else (None, None)
        except Exception:  # a damaged font dictionary or CIDToGIDMap: nothing to see
            return None
        gid = _gid(gids, code)
        image = glyph_image(data, gid) if data is not None and gid is not None else None
        cell = normalized(image) if image is not None else None
        verdict = classify(cell) if cell is not None else None
        if verdict is None or not verdict.sure or verdict.digit not in DIGITS:
            return None
        return verdict.digit

    def use_votes(self, voted: Mapping[int, Mapping[int, str]]) -> None:
        """Read the broken fonts' codes by ``voted`` from now on: a code its outline names keeps
        that, a code no vote settled is ``(cid:N)``."""
        for key, codes in voted.items():
            known = self.maps.get(key, {})
            merged = dict(codes)
            merged.update({c: t for c, t in known.items() if t != unmapped(c)})
            # a broken font's code no vote settled is unknown; another font's keeps its map
            self.maps[key] = _Unsettled(merged) if key in self.broken else merged

    def _layout(self, index: int) -> Any:
        device = _OutlineDevice(self.rsrcmgr, self)
        PDFPageInterpreter(self.rsrcmgr, device).process_page(self.pages[index])
        self.wrong[index] = device.wrong
        return device.get_result()

    def read(self, index: int, loaded: object = None) -> tuple[TextLine, ...]:
        glyphs, frame = self.glyphs(index)
        return assemble_lines(glyphs, frame=frame)

    def glyphs(self, index: int) -> tuple[list[Glyph], Frame | None]:
        """A page's glyphs a person sees, their text from their outlines where known (or the
        OCR votes), and where their coordinates put the page."""
        page = self.pages[index]
        return _glyphs(self._layout(index), page_view(page)), page_frame(page)

    def code_lines(self, index: int) -> list[tuple[float, list[Item]]]:
        """The page's glyphs in lines, top to bottom, for ``votes``: each line's baseline (points
        below the top of the crop box) and its glyphs left to right, a glyph of a broken font
        as its code, any other as its text."""
        page = self.pages[index]
        view = page_view(page)
        top = view[3] if view else float(page.mediabox[3]) - float(page.mediabox[1])
        glyphs: list[tuple[float, float, tuple[float, int, int], Item]] = []
        base: tuple[float, int] | None = None
        for ch in _chars(self._layout(index), view):
            code = getattr(ch, "code", None)
            text = ch.get_text()
            if text and text.isspace():
                continue  # a space: OCR's text is compared without them
            if code is None or (
                code[0] not in self.broken and text != unmapped(code[1]) and _printable(text)
            ):
                if not text.strip():
                    continue
                item: Item = text
            elif self.maps.get(code[0], {}).get(code[1], unmapped(code[1])) != unmapped(code[1]):
                item = text  # its outline is known
            else:
                item = (*code, ch.x1 - ch.x0 < 0.05 * ch.size)
            # a mark drawn with no advance goes with the glyph drawn before it, in drawing
            # order (marks stacked on one letter are shifted apart in any direction)
            if ch.x1 - ch.x0 >= 0.05 * ch.size or base is None:
                base = (ch.x0, len(glyphs))
            glyphs.append((top - ch.matrix[5], ch.size, (*base, len(glyphs)), item))
        return _rows(glyphs)

    def reads_replacement_back(self, index: int, programs: Collection[bytes]) -> bool:
        """Whether page ``index`` read from its outlines would read each U+FFFD that fonts of
        the embedded ``programs`` draw back as U+FFFD, so that reading it costs (~80 ms in
        pdfminer) and changes nothing (issue 17). True when each such font of the page (its
        own resources and its forms') maps codes to U+FFFD in its ToUnicode, each of those
        codes draws the replacement character or a glyph the outline table does not know
        (``font_texts``), the font has no blank glyph (Ghostscript pads a font with them)
        and none of its codes is provably wrong (``_wrong_codes``); False where a program
        is not found among the page's fonts, or a font cannot be read."""
        found: set[bytes] = set()
        try:
            for font in self._page_fonts(index):
                data = _program_of(font)
                if data is None or data not in programs:
                    continue  # another font: its codes are not looked at
                found.add(data)
                codes = [code for code, text in _to_unicode(font).items() if text == REPLACEMENT]
                if not codes:
                    return False
                gids, texts = _code_gids(font, data), font_texts(data)
                if " " in texts.values() or _wrong_codes(font, data, gids):
                    return False  # blank glyphs: Ghostscript's padding, read from outlines
                for code in codes:
                    gid = _gid(gids, code)
                    if gid is not None and texts.get(gid, REPLACEMENT) != REPLACEMENT:
                        return False
        except Exception:  # a damaged font dictionary, CMap or program: read the outlines
            return False
        return found == set(programs)

    def _page_fonts(self, index: int) -> Iterator[PDFFont]:
        """The fonts of page ``index``'s resources and of its forms' (each once)."""
        seen: set[int] = set()
        todo = [self.pages[index].resources]
        while todo:
            resources = resolve1(todo.pop())
            if not isinstance(resources, dict) or id(resources) in seen:
                continue
            seen.add(id(resources))
            for ref in (resolve1(resources.get("Font")) or {}).values():
                spec = resolve1(ref)
                if isinstance(spec, dict):
                    yield self.rsrcmgr.get_font(getattr(ref, "objid", None), spec)
            for ref in (resolve1(resources.get("XObject")) or {}).values():
                xobject = resolve1(ref)
                if isinstance(xobject, PDFStream) and "Resources" in xobject:
                    todo.append(xobject["Resources"])

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.pages.clear()


#: what a font map gives a glyph that is no text: nothing, controls, U+FFFD, the private use
#: codes of a symbol font (U+F000–U+F0FF)
_NO_TEXT = regex.compile("^$|[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd\uf000-\uf0ff]")


def _printable(text: str) -> bool:
    """Whether a glyph's text is text (``_NO_TEXT``).

    >>> _printable("ก"), _printable(""), _printable("\uf041")
    (True, False, False)
    """
    return _NO_TEXT.search(text) is None


class _Unsettled(dict[int, str]):
    """A broken font's code → text after the votes: a code they did not settle is unmapped."""

    def get(self, code: int, default: Any = None) -> Any:
        return super().get(code, unmapped(code))


def _rows(
    glyphs: list[tuple[float, float, tuple[float, int, int], Item]],
) -> list[tuple[float, list[Item]]]:
    """Glyphs (baseline from the top, size, sort key, item) grouped into lines by their
    baseline (a glyph within a third of its size of a line's baseline is on it), in the
    order of their keys."""
    rows: list[tuple[float, float, list[tuple[tuple[float, int, int], Item]]]] = []
    for y, size, x, item in sorted(glyphs, key=lambda g: g[0]):
        if rows and abs(y - rows[-1][0]) <= size / 3:
            rows[-1][2].append((x, item))
        else:
            rows.append((y, size, [(x, item)]))
    return [(y, [item for _, item in sorted(row, key=lambda g: g[0])]) for y, _, row in rows]
