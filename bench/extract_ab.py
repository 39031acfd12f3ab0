#!/usr/bin/env python3
"""The extract stage's cost in two source trees, measured in turns on the same machine.

A worker process per turn imports ``reportparse`` from one tree (its ``src`` first on
``PYTHONPATH``, the C speedups built in place) and times ``extract`` (``auto``) on the groups of
``bench/extract_bench.py``, in CPU time of the process (a machine shared with other jobs
stretches wall time, much less CPU time), the median of ``--runs``. The trees take turns,
``--rounds`` times; each group's figure is the median of the ratios of consecutive turns
(after / before), so a slow drift of the machine's load cancels out. With ``--pure``, the same
for the install without C (``REPORTPARSE_PURE_PYTHON=1``).

    git archive <base> | tar -x -C /tmp/base
    (cd /tmp/base && python setup.py build_ext --inplace)
    python bench/extract_ab.py --before /tmp/base --after . [--rounds 7] [--pure]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GROUPS = {
    "LibreOffice, Laksaman": "fixtures/pdf/*.lo-laksaman.pdf",
    "LibreOffice, Noto Sans Thai": "fixtures/pdf/*.lo-noto.pdf",
    "Chromium, both fonts": "fixtures/pdf/*.chromium-*.pdf",
    "fpdf2 + reportlab (matrix)": "fixtures/matrix/*.[fr]*.pdf",
    "damaged (fixtures/damaged)": "fixtures/damaged/*.pdf",
}


def worker(runs: int) -> dict[str, float]:
    """CPU ms per page of ``extract`` on each group, in this process (the tree it imports)."""
    import pypdfium2 as pdfium

    from reportparse.extract import extract

    for f in ROOT.glob("fixtures/pdf/*.pdf"):  # warm: imports, dictionary, caches
        extract(f)
    out = {}
    for name, pattern in GROUPS.items():
        files = sorted(ROOT.glob(pattern))
        pages = sum(len(pdfium.PdfDocument(f)) for f in files)
        times = []
        for _ in range(runs):
            started = time.process_time()
            for f in files:
                extract(f)
            times.append(time.process_time() - started)
        out[name] = 1000 * statistics.median(times) / pages
    return out


def turn(tree: Path, runs: int, pure: bool) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    if pure:
        env["REPORTPARSE_PURE_PYTHON"] = "1"
    cmd = [sys.executable, __file__, "--worker", "--runs", str(runs)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(out.stdout)
    return figures


def table(before: Path, after: Path, rounds: int, runs: int, pure: bool) -> list[str]:
    pairs = [(turn(before, runs, pure), turn(after, runs, pure)) for _ in range(rounds)]
    lines = [
        f"| PDFs ({'pure Python' if pure else 'C speedups'}) | before, CPU ms/page | "
        "after, CPU ms/page | after / before (median of the turns' ratios) | range of the ratios |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in GROUPS:
        ratios = sorted(a[name] / b[name] for b, a in pairs)
        b_ms = statistics.median(b[name] for b, _ in pairs)
        a_ms = statistics.median(a[name] for _, a in pairs)
        lines.append(
            f"| {name} | {b_ms:.2f} | {a_ms:.2f} | {statistics.median(ratios):.3f}× | "
            f"{ratios[0]:.2f}–{ratios[-1]:.2f} |"
        )
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--before", type=Path, help="the source tree before")
    ap.add_argument("--after", type=Path, default=ROOT, help="the source tree after")
    ap.add_argument("--rounds", type=int, default=7, help="turns of each tree")
    ap.add_argument("--runs", type=int, default=3, help="runs per turn (its median is kept)")
    ap.add_argument("--pure", action="store_true", help="also the pure-Python path")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.runs)))
        return 0
    if args.before is None:
        ap.error("--before is required")
    before, after = args.before.resolve(), args.after.resolve()
    lines = table(before, after, args.rounds, args.runs, False)
    if args.pure:
        lines += ["", *table(before, after, args.rounds, args.runs, True)]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
