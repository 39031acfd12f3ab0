#!/usr/bin/env python3
"""Cost of the extract-and-repair stage against raw PDFium, median of N runs.

For each group of PDFs: raw pypdfium2 (open, every page's get_text_range: no repair, the
floor), ``extract(backend="auto")`` (reportparse's extract-and-repair stage) and
``extract(backend="pdfium")`` (geometry on every page). Prints ms per page and the ratio to
raw, plus how many pages auto read on its fast path.

    python bench/extract_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from reportparse.extract import extract
from reportparse.extract import pdfium as pdfium_backend

ROOT = Path(__file__).resolve().parents[1]
GROUPS = {
    "LibreOffice, Laksaman (44 fixtures' LO half)": "fixtures/pdf/*.lo-laksaman.pdf",
    "LibreOffice, Noto Sans Thai (fallback-font runs)": "fixtures/pdf/*.lo-noto.pdf",
    "Chromium, both fonts (ActualText spans)": "fixtures/pdf/*.chromium-*.pdf",
    "fpdf2 + reportlab (matrix)": "fixtures/matrix/*.[fr]*.pdf",
}


def raw(path: Path) -> None:
    doc = pdfium.PdfDocument(path)
    for page in doc:
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    doc.close()


def median_seconds(fn: Callable[[Path], object], files: list[Path], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for f in files:
            fn(f)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def fast_pages(files: list[Path]) -> int:
    count = 0
    for f in files:
        doc = pdfium.PdfDocument(f)
        for page in doc:
            if pdfium_backend.fast_lines(page, page.get_textpage()) is not None:
                count += 1
    return count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    for f in ROOT.glob("fixtures/pdf/*.pdf"):  # warm: imports, dictionary, caches
        extract(f)
    print(
        "| PDFs | pages | raw ms/page | auto ms/page (× raw) | pdfium geometry ms/page (× raw) "
        "| pages on auto's fast path |"
    )
    print("|---|---|---|---|---|---|")
    for name, pattern in GROUPS.items():
        files = sorted(ROOT.glob(pattern))
        pages = sum(len(pdfium.PdfDocument(f)) for f in files)
        r = median_seconds(raw, files, args.runs)
        a = median_seconds(extract, files, args.runs)
        g = median_seconds(lambda f: extract(f, backend="pdfium"), files, args.runs)
        print(
            f"| {name} | {pages} | {1000 * r / pages:.2f} | {1000 * a / pages:.2f} ({a / r:.1f}×) "
            f"| {1000 * g / pages:.2f} ({g / r:.1f}×) | {fast_pages(files)} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
