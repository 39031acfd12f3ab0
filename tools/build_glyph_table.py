#!/usr/bin/env python3
"""Build the table of glyph outlines → text that font-map recovery reads
(``src/reportparse/data/glyphs.json.gz``), from the Thai fonts a Debian machine has.

A PDF that went through Ghostscript, PostScript and back, or cairo may keep a wrong map from
glyph codes to text, or none; it always keeps the glyph outlines, and an embedded subset's
outlines equal the installed font's (bench/results/archive_fonts.md: 100 % of 12,886 inked
Thai glyphs, no transform). So an outline's hash names its text: for every glyph of every
font below, the text is what the font's cmap maps to it, or, for the variants a shaper
substitutes (raised tone marks, SARA AM's parts, ligatures), what its GSUB substitution was
made from. A hash that two fonts give different texts is kept per font, and recovery takes
the font most of an embedded font's outlines come from.

Needs (Debian): fonts-thai-tlwg (fonts-tlwg-*), fonts-tlwg-laksaman-ttf, fonts-noto-core,
fonts-dejavu-core; Python: fontTools (a dependency of reportparse).

    python3 tools/build_glyph_table.py     # writes src/reportparse/data/glyphs.json.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from reportparse.extract.outlines import outline_hash  # noqa: E402

OUT = ROOT / "src" / "reportparse" / "data" / "glyphs.json.gz"
FONT_DIRS = ("/usr/share/fonts/truetype/tlwg", "/usr/share/fonts/truetype/noto")
#: the Latin fonts producers fall back on for what a Thai font lacks
EXTRA = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf",
    "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
)


def fonts() -> list[Path]:
    found = [
        p
        for folder in FONT_DIRS
        for p in sorted(Path(folder).glob("*.ttf"))
        if "Thai" in p.name or "noto" not in folder
    ]
    return found + [Path(p) for p in EXTRA if Path(p).exists()]


#: what a Latin fallback font is asked for beside Thai text: Latin, punctuation, currency,
#: and what an export draws for a character it lost (tofu: U+25A1 and its kin, U+FFFD)
LATIN = (
    range(0x20, 0x250),
    range(0x2000, 0x2070),
    range(0x20A0, 0x20C0),
    range(0x2190, 0x2200),
    range(0x25A0, 0x25D0),
    range(0xFFFD, 0xFFFE),
)


def glyph_texts(font: TTFont, latin_only: bool = False) -> dict[str, str]:
    """Glyph name → the text it draws: from the cmap, then from GSUB substitutions."""
    texts: dict[str, str] = {}
    for code, name in sorted(font.getBestCmap().items()):
        if latin_only and not any(code in r for r in LATIN):
            continue
        texts.setdefault(name, chr(code))
    if "GSUB" not in font:
        return texts
    lookups = font["GSUB"].table.LookupList.Lookup
    for _ in range(3):  # substitutions of substitutions: a few rounds reach them
        for lookup in lookups:
            for sub in lookup.SubTable:
                sub = getattr(sub, "ExtSubTable", sub)  # extension lookups wrap the real one
                kind = getattr(sub, "LookupType", lookup.LookupType)
                if kind == 1:
                    for src, dst in sub.mapping.items():
                        if src in texts:
                            texts.setdefault(dst, texts[src])
                elif kind == 4:
                    for first, ligatures in sub.ligatures.items():
                        for lig in ligatures:
                            parts = [first, *lig.Component]
                            if all(p in texts for p in parts):
                                texts.setdefault(lig.LigGlyph, "".join(texts[p] for p in parts))
                elif kind == 2:
                    for src, dsts in sub.mapping.items():
                        if src in texts and len(dsts) == 1:
                            texts.setdefault(dsts[0], texts[src])
    return texts


def _rank(text: str) -> tuple[int, int, str]:
    """Which of two characters one outline stands for wins: ASCII and Thai before the rest
    (a hyphen before a soft hyphen or a minus sign), then the shorter, then the lower."""
    plain = all(ord(c) < 0x80 or 0x0E00 <= ord(c) <= 0x0E7F for c in text)
    return (0 if plain else 1, len(text), text)


def build() -> dict[str, object]:
    names: list[str] = []
    by_hash: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for path in fonts():
        font = TTFont(path)
        if "glyf" not in font:
            continue
        index = len(names)
        names.append(path.stem)
        glyf = font["glyf"]
        mine: dict[str, str] = {}
        for name, text in glyph_texts(font, latin_only=str(path) in EXTRA).items():
            if not text.strip() or name not in glyf:
                continue
            digest = outline_hash(glyf, name)
            if digest is not None and (digest not in mine or _rank(text) < _rank(mine[digest])):
                mine[digest] = text  # one outline drawn for two characters: the plainer one
        for digest, text in mine.items():
            by_hash[digest][text].append(index)
    glyphs: dict[str, object] = {}
    for digest, texts in sorted(by_hash.items()):
        if len(texts) == 1:
            (text,) = texts
            glyphs[digest] = text
        else:  # the same outline means another text in another font: kept per font
            glyphs[digest] = {text: sorted(set(ix)) for text, ix in sorted(texts.items())}
    return {"version": 1, "fonts": names, "glyphs": glyphs}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    table = build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    with gzip.GzipFile(args.out, "wb", mtime=0) as f:  # mtime 0: the same bytes every build
        f.write(data.encode("utf-8"))
    glyphs = table["glyphs"]
    assert isinstance(glyphs, dict)
    shared = sum(1 for v in glyphs.values() if isinstance(v, dict))
    print(
        f"{args.out}: {len(table['fonts'])} fonts, {len(glyphs):,} outlines "
        f"({shared} with a text per font), {args.out.stat().st_size / 1024:.0f} KB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
