#!/usr/bin/env python3
"""Numbers read from the ink alone (``ocr.numbers``), without OCR, on born-digital pages.

Each page of the fixtures that print Thai digits (``r02_thai_digits`` in every producer and font
of ``fixtures/pdf`` and ``fixtures/fonts``: 8 fonts, LibreOffice and Chromium) is
rendered by PDFium in grey at 300, 200 and 150 dpi, optionally blurred and noised as a scanner
does; each line (its box from its characters' boxes) is read by ``read_chains``, and each number
the line prints (Thai digits and the marks between them) is scored: read right and sure, unsure
(it would be warned), or a sure chain with the marks of a printed number that is no printed
number nor a piece of one (what ``checked_line`` would take: a silent misread). The truth is
the page's own text layer, grouped into lines by baseline: where that layer lacks characters
the page shows (LibreOffice's Garuda export drops ``๑`` and ``,`` in amounts) or two lines share
a baseline, a right reading counts as wrong, so that column is an upper bound; the 9 at 300 dpi
(December 2026) were all of that kind, checked by eye.

    python bench/ocr_numbers.py [--scan] [--json bench/results/ocr_numbers.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from reportparse.ocr.digits import SURE_MARGIN  # noqa: E402
from reportparse.ocr.numbers import read_chains  # noqa: E402

FIXTURES = ROOT / "fixtures"
PRINTED_NUMBER = re.compile(r"[๐-๙](?:[๐-๙/.,\-]*[๐-๙])?")


def printed_lines(
    doc: Any, dpi: int, scan: bool
) -> list[tuple[Any, tuple[int, int, int, int], str]]:
    """Each line of a document's pages: the page's grey image, the line's box, its text."""
    import numpy as np

    out = []
    scale = dpi / 72
    rng = np.random.default_rng(dpi)
    for page in doc:
        image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        if scan:
            image = image.filter(ImageFilter.GaussianBlur(0.65 * dpi / 300))
            noisy = np.asarray(image, dtype=np.float32) * 0.9 + rng.normal(0, 2.0, image.size[::-1])
            image = Image.fromarray(np.clip(noisy + 12, 0, 255).astype(np.uint8))
        height = page.get_height()
        text = page.get_textpage()
        rows: dict[int, list[tuple[str, tuple[int, int, int, int]]]] = {}
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            left, bottom, right, top = text.get_charbox(i)
            if not char.strip() or right <= left:
                continue
            box = (int(left * scale), int((height - top) * scale),
                   int(right * scale) + 1, int((height - bottom) * scale) + 1)  # fmt: skip
            base = round((height - text.get_charbox(i, loose=True)[1]) * scale / (20 * scale / 4))
            rows.setdefault(base, []).append((char, box))
        for row in rows.values():
            row.sort(key=lambda c: c[1][0])
            box = (min(b[0] for _, b in row), min(b[1] for _, b in row),
                   max(b[2] for _, b in row), max(b[3] for _, b in row))  # fmt: skip
            digits = [(b[0], b[2]) for c, b in row if "๐" <= c <= "๙"]
            out.append((image, box, "".join(c for c, _ in row), digits))
    return out


def _marks(number: str) -> str:
    return "".join("." if ch == "," else ch for ch in number if not "๐" <= ch <= "๙")


def score(pdf: Path, dpi: int, scan: bool) -> Counter[str]:
    outcome: Counter[str] = Counter()
    for image, box, text, digits in printed_lines(pdfium.PdfDocument(pdf), dpi, scan):
        printed = PRINTED_NUMBER.findall(text)
        if not printed:
            continue
        # a chain over Latin digits (2022-10-01) is no Thai number: OCR reads those
        sure = [
            c.text
            for c in read_chains(image, box)
            if c.margin >= SURE_MARGIN and any(a < c.x1 and c.x0 < b for a, b in digits)
        ]
        outcome["numbers"] += len(printed)
        outcome["right"] += sum(1 for n in printed if n in sure)
        # a sure chain that is no printed number: a piece of one (a chain broken where two
        # glyphs touch: unsure as a whole) or one with a mark lost (OCR's marks differ: unsure)
        # is not taken; one with the marks of a printed number and other digits would be
        outcome["wrong"] += sum(
            1
            for c in sure
            if not any(c in n for n in printed) and any(_marks(c) == _marks(n) for n in printed)
        )
    return outcome


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scan", action="store_true", help="blur and noise the pages")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    pdfs = sorted([*FIXTURES.glob("pdf/r02_thai_digits.*.pdf"), *FIXTURES.glob("fonts/r02_*.pdf")])
    rows = []
    print("| file | dpi | numbers | right, sure | sure and wrong |\n|---|---:|---:|---:|---:|")
    for dpi in (300, 200, 150):
        total: Counter[str] = Counter()
        t0 = time.process_time()
        for pdf in pdfs:
            s = score(pdf, dpi, args.scan)
            total += s
            rows.append({"file": pdf.name, "dpi": dpi, **s})
        print(
            f"| all {len(pdfs)} | {dpi} | {total['numbers']} | {total['right']} "
            f"({total['right'] / max(total['numbers'], 1):.1%}) | {total['wrong']} |"
            f"  ({time.process_time() - t0:.0f} s CPU)"
        )
    if args.json:
        args.json.write_text(json.dumps({"scan": args.scan, "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
