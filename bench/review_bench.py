#!/usr/bin/env python3
"""The review page of a 10-page report: its size and the time to make it.

For each file (the seed's first version, 10 pages, by LibreOffice and by Chromium; a scan read
by OCR): the median of ``--runs`` calls of ``review_file`` at each resolution, split into the
parse (``parse_file``), the page images (``page_images``) and the HTML, and the page's size (its
images' share). Writes bench/results/review.md.

    python bench/review_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

from reportparse.pipeline import parse_file
from reportparse.review import page_images, render_review, review_file

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    "fixtures/pdf/seed_v1.lo-laksaman.pdf",
    "fixtures/pdf/seed_v1.chromium-noto.pdf",
]
#: a scan (OCR at 300 dpi: the parse is most of the time), measured once
SCAN = "fixtures/scans/r04_round_order.chromium-kinnari.scan300.pdf"
DPIS = (72, 96, 150)


def median_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def row(path: Path, dpi: int, runs: int) -> str:
    pages = len(pdfium.PdfDocument(path))
    html = review_file(path, dpi=dpi)
    images = sum(len(m) for m in re.findall(r'src="(data:image/[^"]+)"', html))
    doc = parse_file(path)
    parse = median_ms(lambda: parse_file(path), runs)
    render = median_ms(lambda: page_images(path, dpi=dpi), runs)
    shown = page_images(path, dpi=dpi)
    assemble = median_ms(lambda: render_review(doc, images=shown), runs)
    total = median_ms(lambda: review_file(path, dpi=dpi), runs)
    boxes = html.count('<div class="box ')
    return (
        f"| {path.relative_to(ROOT)} | {pages} | {dpi} | {len(html) / 1024:,.0f} KB "
        f"({100 * images / len(html):.0f} % images) | {boxes} | {total:,.0f} ms "
        f"({total / pages:,.0f} ms/page) | {parse:,.0f} | {render:,.0f} | {assemble:,.0f} |"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    review_file(ROOT / FILES[0])  # warm: imports, dictionary
    lines = [
        "# reportparse review: size and time of the page",
        "",
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}; median of {args.runs} runs (`python bench/review_bench.py`; "
        "the machine was shared with other jobs: the times are upper bounds).",
        "",
        "| file | pages | dpi | size | boxes | review_file | parse ms | images ms | HTML ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in FILES:
        for dpi in DPIS:
            lines.append(row(ROOT / name, dpi, args.runs))
            print(lines[-1], flush=True)
    lines.append(row(ROOT / SCAN, 96, 1))
    print(lines[-1])
    (ROOT / "bench" / "results" / "review.md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
