#!/usr/bin/env python3
"""Make the glyph templates OCR reads numbers with (ocr.digits).

Tesseract's Thai model (Debian's tessdata_fast ``tha``) reads ๔ and ๘ as ๕ and ๖ as ๒ at
confidence 97 (bench/results/ocr_baseline.md): every number it reads is read again from the
page's image with these templates (``ocr.numbers``). Each template is one glyph of one Thai
font, rendered by Pillow at each of ``SIZES`` pixels, cropped to its ink and scaled to
``ocr.digits.SIZE``: the Thai digits, the punctuation that stands between digits, and, as
``OTHERS``, the letters a digit is confused with (Thai consonants and vowels, Latin letters and
digits), so that a letter beside a number reads as a letter, not as the nearest digit.

Needs: Pillow, numpy, and the fonts of Debian's fonts-thai-tlwg, fonts-tlwg-laksaman-ttf and
fonts-noto-core (the ones found are used; their names are written into the file).

    python tools/make_digit_templates.py   # → src/reportparse/ocr/data/thai_glyphs.json.gz
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from reportparse.ocr.digits import DIGITS, MARKS, OTHERS, SIZE, TEMPLATES, normalized  # noqa: E402

OUT = ROOT / "src" / "reportparse" / "ocr" / "data" / TEMPLATES
FONT_DIRS = ("/usr/share/fonts/truetype/tlwg", "/usr/share/fonts/truetype/noto")
FAMILIES = (
    "Garuda", "Garuda-Bold", "Kinnari", "Kinnari-Bold", "Laksaman", "Laksaman-Bold", "Loma",
    "Loma-Bold", "Norasi", "Norasi-Bold", "Purisa", "Sawasdee", "TlwgMono", "TlwgTypewriter",
    "TlwgTypist", "TlwgTypo", "Umpush", "Umpush-Bold", "Waree", "Waree-Bold",
    "NotoSansThai-Regular", "NotoSansThai-Bold", "NotoSerifThai-Regular", "NotoSerifThai-Bold",
    "NotoLoopedThai-Regular", "NotoLoopedThai-Bold",
)  # fmt: skip
#: the font sizes (pixels) each glyph is rendered at: a large one for its shape, small ones for
#: the strokes a 150–200 dpi scan of 14–16 pt text thickens and rounds
SIZES = (96,)


def font_file(name: str) -> Path | None:
    for folder in FONT_DIRS:
        path = Path(folder) / f"{name}.ttf"
        if path.is_file():
            return path
    return None


def glyph(font: ImageFont.FreeTypeFont, char: str, size: int) -> Image.Image:
    canvas = Image.new("L", (3 * size, 3 * size), 255)
    ImageDraw.Draw(canvas).text((size, size // 2), char, font=font, fill=0)
    return canvas


def main() -> None:
    fonts: list[str] = []
    templates: dict[str, list[str]] = {c: [] for c in DIGITS + MARKS + OTHERS}
    for name in FAMILIES:
        path = font_file(name)
        if path is None:
            print(f"not found: {name}", file=sys.stderr)
            continue
        fonts.append(name)
        for size in SIZES:
            font = ImageFont.truetype(str(path), size)
            for char in templates:
                cell = normalized(glyph(font, char, size))
                if cell is not None:
                    templates[char].append(cell.hex())
    data = {"size": list(SIZE), "sizes": list(SIZES), "fonts": fonts, "templates": templates}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:
        out.write(json.dumps(data).encode("utf-8"))
    n = sum(map(len, templates.values()))
    print(f"{OUT.relative_to(ROOT)}: {len(fonts)} fonts, {len(templates)} glyphs, {n} templates")


if __name__ == "__main__":
    main()
