"""Long fuzz run over PDFs: byte-level mutations of every fixture PDF, parsed in workers.

    .venv/bin/python -m fuzz.fuzz_pdf [--cases 5000] [--jobs 2] [--timeout 30] [--seed 0]

Case ``i`` mutates fixture ``i mod n`` with ``random.Random(seed * 10**6 + i)`` (replay one
with ``fuzz.harness.pdf_case((path, seed, backend))``) and parses it with the ``auto`` backend,
one case in ten with ``pdfium`` and one in ten with ``pdfplumber``. Prints the figures; with
``--json FILE`` also writes them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from .harness import PdfCase, Tally, pdf_case, run_cases
from .mutations import pdf_sources


def cases(n: int, seed: int) -> Iterator[PdfCase]:
    sources = pdf_sources()
    for i in range(n):
        case_seed = seed * 10**6 + i
        backend = random.Random(-case_seed).choice(["auto"] * 8 + ["pdfium", "pdfplumber"])
        yield str(sources[i % len(sources)]), case_seed, backend


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before a case is a hang")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    tally = Tally()
    for case, result in run_cases(
        pdf_case, cases(args.cases, args.seed), jobs=args.jobs, timeout=args.timeout
    ):
        tally.add(case, result)
        if tally.cases % 500 == 0:
            print(f"{tally.cases} cases, {dict(tally.kinds)}", file=sys.stderr, flush=True)
    print(tally.render())
    if args.json:
        figures = {"run": "pdf", **vars(args), "json": None, **tally.figures()}
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if tally.bugs else 0


if __name__ == "__main__":
    sys.exit(main())
