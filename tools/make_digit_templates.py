#!/usr/bin/env python3
"""Make the Thai digit templates OCR checks Tesseract's digits against (ocr.digits).

Tesseract's Thai model (Debian's tessdata_fast ``tha``) reads ๔ and ๘ as ๕ and ๖ as ๒ at
confidence 97 (bench/results/ocr_baseline.md): every Thai digit it reads is checked against
these templates (and the punctuation that stands between digits, told apart from them). Each
template is a digit or mark of one Thai font, rendered by Pillow at 96 px,
cropped to its ink and scaled to ``ocr.digits.SIZE``; the file holds one per digit per font.

Needs: Pillow, and the fonts of Debian's fonts-thai-tlwg, fonts-tlwg-laksaman-ttf and
fonts-noto-core (the ones found are used; their names are written into the file).

    python tools/make_digit_templates.py   # → src/reportparse/ocr/data/thai_digits.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from reportparse.ocr.digits import DIGITS, MARKS, SIZE, normalized  # noqa: E402

OUT = ROOT / "src" / "reportparse" / "ocr" / "data" / "thai_digits.json"
FONT_DIRS = ("/usr/share/fonts/truetype/tlwg", "/usr/share/fonts/truetype/noto")
FAMILIES = (
    "Garuda", "Garuda-Bold", "Kinnari", "Kinnari-Bold", "Laksaman", "Laksaman-Bold", "Loma",
    "Loma-Bold", "Norasi", "Norasi-Bold", "Purisa", "Sawasdee", "TlwgMono", "TlwgTypewriter",
    "TlwgTypist", "TlwgTypo", "Umpush", "Umpush-Bold", "Waree", "Waree-Bold",
    "NotoSansThai-Regular", "NotoSansThai-Bold", "NotoSerifThai-Regular", "NotoSerifThai-Bold",
    "NotoSansThaiLooped-Regular", "NotoSansThaiLooped-Bold",
)  # fmt: skip


def font_file(name: str) -> Path | None:
    for folder in FONT_DIRS:
        path = Path(folder) / f"{name}.ttf"
        if path.is_file():
            return path
    return None


def glyph(font: ImageFont.FreeTypeFont, digit: str) -> Image.Image:
    canvas = Image.new("L", (200, 200), 255)
    ImageDraw.Draw(canvas).text((40, 20), digit, font=font, fill=0)
    return canvas


def main() -> None:
    fonts, templates = [], {d: [] for d in DIGITS + MARKS}
    for name in FAMILIES:
        path = font_file(name)
        if path is None:
            print(f"not found: {name}", file=sys.stderr)
            continue
        font = ImageFont.truetype(str(path), 96)
        fonts.append(name)
        for digit in DIGITS + MARKS:
            cell = normalized(glyph(font, digit))
            assert cell is not None, (name, digit)
            templates[digit].append(cell.hex())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = {"size": list(SIZE), "fonts": fonts, "templates": templates}
    OUT.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(fonts)} fonts x {len(DIGITS)} digits")


if __name__ == "__main__":
    main()
