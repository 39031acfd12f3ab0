#!/usr/bin/env python3
"""The glyph classifier alone (``ocr.digits``) on the Thai digits of the scan fixtures.

Each Thai digit of a scan fixture's source PDF (``fixtures/scans/manifest.json`` names it, with
each page's skew) is found on the scan by its box in the source, turned by the page's skew about
the page's centre as ``fixtures/make_scans.py`` turned it, cut out with two pixels around, and
classified (``normalized`` then ``classify``): right, unsure (it would be warned), or another
digit, sure (a silent misread). The truth is known, so this measures the templates on real scan
degradations (JPEG, blur, noise, fax) without Tesseract and without the segmentation of
``ocr.numbers``. Pages turned sideways are left out.

    python bench/ocr_glyphs.py [--json bench/results/ocr_glyphs.json]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from reportparse.ocr.digits import DIGITS, classify, normalized  # noqa: E402

FIXTURES = ROOT / "fixtures"


def glyphs(entry: dict) -> list[tuple[str, object]]:
    """(digit, picture) of each Thai digit of a scan fixture."""
    src = pdfium.PdfDocument(FIXTURES / entry["source"])
    scan = pdfium.PdfDocument(FIXTURES / "scans" / entry["file"])
    scale = entry["dpi"] / 72
    out = []
    for n, notes in enumerate(entry["page_notes"]):
        if notes.get("rotated_ccw"):
            continue
        image = scan[n].render(scale=scale, grayscale=True).to_pil().convert("L")
        cx, cy = image.width / 2, image.height / 2
        turn = math.radians(notes.get("skew_deg", 0.0))
        page = src[n]
        height = page.get_height()
        text = page.get_textpage()
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char not in DIGITS:
                continue
            left, bottom, right, top = text.get_charbox(i)
            x0, x1, y0, y1 = (
                left * scale,
                right * scale,
                (height - top) * scale,
                (height - bottom) * scale,
            )
            dx, dy = (x0 + x1) / 2 - cx, (y0 + y1) / 2 - cy
            mx = cx + dx * math.cos(turn) + dy * math.sin(turn)
            my = cy - dx * math.sin(turn) + dy * math.cos(turn)
            w, h = (x1 - x0) / 2 + 2, (y1 - y0) / 2 + 2
            out.append(
                (char, image.crop((round(mx - w), round(my - h), round(mx + w), round(my + h))))
            )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    manifest = json.loads((FIXTURES / "scans" / "manifest.json").read_text(encoding="utf-8"))
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in manifest["files"]:
        if "ocrmypdf" in entry["kind"] or entry["kind"] == "merged":
            continue
        for char, picture in glyphs(entry):
            cell = normalized(picture)
            verdict = classify(cell) if cell is not None else None
            outcome = by_kind[entry["kind"]]
            outcome["digits"] += 1
            if verdict is not None and verdict.digit == char:
                outcome["right"] += 1
            if verdict is None or not verdict.sure:
                outcome["unsure"] += 1
            elif verdict.digit != char:
                outcome["wrong, sure"] += 1
    print(
        "| scans | digits | read right | unsure | another digit, sure |\n|---|---:|---:|---:|---:|"
    )
    for kind, c in sorted(by_kind.items()):
        if c["digits"]:
            print(f"| {kind} | {c['digits']} | {c['right']} | {c['unsure']} | {c['wrong, sure']} |")
    if args.json:
        args.json.write_text(json.dumps(by_kind, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
