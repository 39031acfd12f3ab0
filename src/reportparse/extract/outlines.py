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
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from io import BytesIO
from typing import Any


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


@cache
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


@cache
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
