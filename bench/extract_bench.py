#!/usr/bin/env python3
"""Cost of the extract-and-repair stage against raw PDFium, median of N runs.

For each group of PDFs: raw pypdfium2 (open, every page's get_text_range: no repair, the
floor), ``extract(backend="auto")`` (reportparse's extract-and-repair stage), and the same in
a second process with ``REPORTPARSE_PURE_PYTHON=1`` (the install without a C compiler). Prints
ms per page and the ratio to raw, and writes bench/results/extract.md.

    python bench/extract_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from reportparse.extract import extract

ROOT = Path(__file__).resolve().parents[1]
GROUPS = {
    "LibreOffice, Laksaman (44 fixtures' LO half)": "fixtures/pdf/*.lo-laksaman.pdf",
    "LibreOffice, Noto Sans Thai (fallback-font runs)": "fixtures/pdf/*.lo-noto.pdf",
    "Chromium, both fonts (ActualText spans)": "fixtures/pdf/*.chromium-*.pdf",
    "fpdf2 + reportlab (matrix)": "fixtures/matrix/*.[fr]*.pdf",
    "damaged: PUA tone marks, split SARA AM (fixtures/damaged)": "fixtures/damaged/*.pdf",
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


def measure(runs: int) -> dict[str, dict[str, float]]:
    """ms per page of raw and auto for each group, in this process."""
    for f in ROOT.glob("fixtures/pdf/*.pdf"):  # warm: imports, dictionary, caches
        extract(f)
    out = {}
    for name, pattern in GROUPS.items():
        files = sorted(ROOT.glob(pattern))
        pages = sum(len(pdfium.PdfDocument(f)) for f in files)
        raw_s = median_seconds(raw, files, runs)
        auto_s = median_seconds(extract, files, runs)
        out[name] = {"pages": pages, "raw": 1000 * raw_s / pages, "auto": 1000 * auto_s / pages}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="print this process's figures as JSON")
    args = ap.parse_args()
    if args.json:
        print(json.dumps(measure(args.runs)))
        return 0
    from reportparse import speedups

    if speedups.accelerator() is None:
        print("the C speedups are not built here: both columns would be the Python path")
    fast = measure(args.runs)
    env = {**os.environ, "REPORTPARSE_PURE_PYTHON": "1"}
    cmd = [sys.executable, __file__, "--runs", str(args.runs), "--json"]
    pure = json.loads(subprocess.run(cmd, env=env, capture_output=True, check=True).stdout)
    lines = [
        "# extract-and-repair stage against raw pypdfium2",
        "",
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}; median of {args.runs} runs (`python bench/extract_bench.py`).",
        "",
        "| PDFs | pages | raw ms/page | auto ms/page (× raw) | auto, pure Python (× raw) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, f in fast.items():
        p = pure[name]
        lines.append(
            f"| {name} | {f['pages']} | {f['raw']:.2f} | {f['auto']:.2f} "
            f"({f['auto'] / f['raw']:.2f}×) | {p['auto']:.2f} ({p['auto'] / p['raw']:.2f}×) |"
        )
    print("\n".join(lines))
    (ROOT / "bench" / "results" / "extract.md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
