#!/usr/bin/env python3
"""The extract stage's cost in two source trees, measured in turns on the same machine.

Runs ``bench/extract_bench.py --json`` of each tree in its own process (its ``src`` first on
``PYTHONPATH``, C speedups built in place), alternately, ``--rounds`` times; reports each
group's median ms per page of ``auto`` and raw PDFium in both trees and the ratio after /
before (raw PDFium's ratio shows how much the machine's load moved between the turns). With
``--pure``, the same for the install without C (``REPORTPARSE_PURE_PYTHON=1``).

    git archive <base> | tar -x -C /tmp/base
    (cd /tmp/base && python setup.py build_ext --inplace)
    python bench/extract_ab.py --before /tmp/base --after . [--rounds 5] [--pure]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(tree: Path, runs: int, pure: bool) -> dict[str, dict[str, float]]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    if pure:
        env["REPORTPARSE_PURE_PYTHON"] = "1"
    cmd = [sys.executable, str(tree / "bench" / "extract_bench.py"), "--runs", str(runs), "--json"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=tree)
    figures: dict[str, dict[str, float]] = json.loads(out.stdout)
    return figures


def table(before: Path, after: Path, rounds: int, runs: int, pure: bool) -> list[str]:
    turns: dict[str, list[dict[str, dict[str, float]]]] = {"before": [], "after": []}
    for _ in range(rounds):
        turns["before"].append(measure(before, runs, pure))
        turns["after"].append(measure(after, runs, pure))
    lines = [
        f"| PDFs ({'pure Python' if pure else 'C speedups'}) | pages | raw before / after | "
        "auto before ms/page | auto after ms/page | auto after / before | raw after / before |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in turns["before"][0]:

        def med(side: str, key: str, group: str = name) -> float:
            return statistics.median(t[group][key] for t in turns[side])

        pages = int(turns["before"][0][name]["pages"])
        b_auto, a_auto = med("before", "auto"), med("after", "auto")
        b_raw, a_raw = med("before", "raw"), med("after", "raw")
        lines.append(
            f"| {name} | {pages} | {b_raw:.2f} / {a_raw:.2f} | {b_auto:.2f} | {a_auto:.2f} | "
            f"{a_auto / b_auto:.3f}× | {a_raw / b_raw:.3f}× |"
        )
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--before", type=Path, required=True, help="the source tree before")
    ap.add_argument("--after", type=Path, default=ROOT, help="the source tree after")
    ap.add_argument("--rounds", type=int, default=5, help="turns of each tree")
    ap.add_argument("--runs", type=int, default=3, help="runs per turn (its median is kept)")
    ap.add_argument("--pure", action="store_true", help="also the pure-Python path")
    args = ap.parse_args()
    lines = table(args.before.resolve(), args.after.resolve(), args.rounds, args.runs, False)
    if args.pure:
        lines += [
            "",
            *table(args.before.resolve(), args.after.resolve(), args.rounds, args.runs, True),
        ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
