"""Outlines: what a glyph draws names its text, whatever map a PDF keeps for it.

Contract: ``outline_hash(glyf, name)`` is a digest of a TrueType glyph's outline (its points,
contour ends and on-curve flags, composites flattened), the same for a glyph in an embedded
subset as in the installed font it came from. ``OutlineTable`` (``data/glyphs.json.gz``,
built by ``tools/build_glyph_table.py`` from the Thai fonts of a Debian machine) maps a digest
to the text the glyph draws. ``font_texts(data, table)`` reads an embedded font program and
gives, for each of its glyph ids, the text the table knows for it, preferring the installed
font most of its outlines come from; glyphs the table does not know are left out (recovery
never guesses).

fontTools is imported on first use: pages that need no recovery never pay for it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from io import BytesIO
from typing import Any

# fontTools warns on every old timestamp of a subset font: not our user's business
logging.getLogger("fontTools").addHandler(logging.NullHandler())
logging.getLogger("fontTools").propagate = False


def outline_hash(glyf: Any, name: str) -> str | None:
    """The digest of glyph ``name`` of a fontTools ``glyf`` table; None for an empty glyph."""
    glyph = glyf[name]
    if glyph.numberOfContours == 0:
        return None
    coords, ends, flags = glyph.getCoordinates(glyf)
    if not len(coords):
        return None
    digest = hashlib.blake2b(digest_size=8)
    digest.update(",".join(f"{x},{y}" for x, y in coords).encode())
    digest.update(b"|" + ",".join(map(str, ends)).encode())
    digest.update(b"|" + bytes(f & 1 for f in flags))
    return digest.hexdigest()


@dataclass(frozen=True)
class OutlineTable:
    """Outline digest → text, and for the digests whose text depends on the font, per font."""

    fonts: tuple[str, ...]
    #: digest → text (the same in every font that has the outline)
    texts: dict[str, str]
    #: digest → {text: indices of the fonts it is that text in}
    per_font: dict[str, dict[str, tuple[int, ...]]]


@cache
def outline_table() -> OutlineTable:
    """The table shipped with reportparse (built by ``tools/build_glyph_table.py``)."""
    raw = resources.files("reportparse").joinpath("data/glyphs.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    texts, per_font = {}, {}
    for digest, value in data["glyphs"].items():
        if isinstance(value, str):
            texts[digest] = value
        else:
            per_font[digest] = {text: tuple(ix) for text, ix in value.items()}
    return OutlineTable(tuple(data["fonts"]), texts, per_font)


#: font programs whose glyph digests and blanks are kept: the fonts of the document at hand
#: (pages share them), not every font a batch worker has met (each key holds its program)
FONTS_KEPT = 32


@lru_cache(maxsize=FONTS_KEPT)
def _digests_of(data: bytes) -> tuple[tuple[int, str], ...]:
    """(glyph id, digest) of every inked glyph of an embedded TrueType font program."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(BytesIO(data), lazy=True)
        order = font.getGlyphOrder()
        glyf = font["glyf"]
    except Exception:  # not TrueType, or a program fontTools cannot read: nothing to say
        return ()
    out = []
    for gid, name in enumerate(order):
        try:
            digest = outline_hash(glyf, name)
        except Exception:  # a damaged glyph: left unknown
            continue
        if digest is not None:
            out.append((gid, digest))
    return tuple(out)


def glyph_digests(data: bytes) -> tuple[tuple[int, str], ...]:
    """(glyph id, ``outline_hash``) of every inked glyph of an embedded TrueType program."""
    return _digests_of(data)


@lru_cache(maxsize=FONTS_KEPT)
def _blanks_of(data: bytes) -> tuple[int, ...]:
    """Glyph ids (but 0, .notdef) of the glyphs that draw nothing and advance: spaces."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(BytesIO(data), lazy=True)
        glyf, hmtx = font["glyf"], font["hmtx"]
        order = font.getGlyphOrder()
        return tuple(
            gid
            for gid, name in enumerate(order)
            if gid and glyf[name].numberOfContours == 0 and hmtx[name][0] > 0
        )
    except Exception:
        return ()


def font_texts(data: bytes, table: OutlineTable | None = None) -> dict[int, str]:
    """Glyph id → text for the glyphs of an embedded font program the table knows (a glyph
    that draws nothing is a space)."""
    table = table or outline_table()
    digests = _digests_of(data)
    blanks = _blanks_of(data)
    votes: Counter[int] = Counter()
    for _, digest in digests:
        for fonts in table.per_font.get(digest, {}).values():
            votes.update(fonts)
    best = votes.most_common(1)[0][0] if votes else None
    out: dict[int, str] = dict.fromkeys(blanks, " ")
    for gid, digest in digests:
        if digest in table.texts:
            out[gid] = table.texts[digest]
            continue
        choices = table.per_font.get(digest)
        if not choices:
            continue
        if best is not None:
            picked = [text for text, fonts in choices.items() if best in fonts]
            if len(picked) == 1:
                out[gid] = picked[0]
    return out


def glyph_image(data: bytes, gid: int, height: int = 96) -> Any:
    """A glyph of an embedded TrueType program drawn black on white (a grey PIL image, the
    font's em ``height`` pixels tall), filled even-odd; None for a glyph with no outline.
    What OCR's digit templates (``ocr.digits``) compare a glyph with."""
    from fontTools.pens.basePen import BasePen
    from fontTools.ttLib import TTFont
    from PIL import Image, ImageChops, ImageDraw

    class _Polygons(BasePen):
        def __init__(self, glyphset: Any) -> None:
            super().__init__(glyphset)
            self.contours: list[list[tuple[float, float]]] = []

        def _moveTo(self, pt: tuple[float, float]) -> None:
            self.contours.append([pt])

        def _lineTo(self, pt: tuple[float, float]) -> None:
            self.contours[-1].append(pt)

        def _curveToOne(self, p1: Any, p2: Any, p3: Any) -> None:
            (x0, y0) = self.contours[-1][-1]
            for k in range(1, 9):
                t = k / 8
                u = 1 - t
                self.contours[-1].append(
                    (
                        u**3 * x0 + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                        u**3 * y0 + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                    )
                )

        def _qCurveToOne(self, p1: Any, p2: Any) -> None:
            (x0, y0) = self.contours[-1][-1]
            for k in range(1, 9):
                t = k / 8
                u = 1 - t
                self.contours[-1].append(
                    (
                        u * u * x0 + 2 * u * t * p1[0] + t * t * p2[0],
                        u * u * y0 + 2 * u * t * p1[1] + t * t * p2[1],
                    )
                )

    try:
        font = TTFont(BytesIO(data), lazy=True)
        name = font.getGlyphOrder()[gid]
        glyphset = font.getGlyphSet()
        pen = _Polygons(glyphset)
        glyphset[name].draw(pen)
        scale = height / font["head"].unitsPerEm
    except Exception:  # not TrueType, a glyph id past the font, a damaged glyph
        return None
    points = [p for contour in pen.contours for p in contour]
    if not points:
        return None
    x0, y1 = min(x for x, _ in points), max(y for _, y in points)
    x1, y0 = max(x for x, _ in points), min(y for _, y in points)
    size = (int((x1 - x0) * scale) + 9, int((y1 - y0) * scale) + 9)
    ink = Image.new("1", size, 0)
    for contour in pen.contours:
        if len(contour) < 3:
            continue
        mask = Image.new("1", size, 0)
        ImageDraw.Draw(mask).polygon(
            [((x - x0) * scale + 4, (y1 - y) * scale + 4) for x, y in contour], fill=1
        )
        ink = ImageChops.logical_xor(ink, mask)
    return ImageChops.invert(ink.convert("L"))
