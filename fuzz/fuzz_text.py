"""Long fuzz run over text exports: hypothesis mutations of the seed and fixtures, in workers.

    .venv/bin/python -m fuzz.fuzz_text [--cases 20000] [--jobs 2] [--timeout 10] [--seed 0]

Hypothesis draws the cases from ``mutations.text_cases()`` (a source text and up to six
edits: lines deleted, duplicated, swapped, truncation, random Unicode and report vocabulary
inserted, Thai digits, page breaks, sections deleted or duplicated); each is replayed and
parsed with ``parse_text`` in a supervised worker, so a hang is killed at the timeout and
counted. Prints the figures; with ``--json FILE`` also writes them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed

from .harness import Tally, TextCase, run_cases, text_case
from .mutations import text_cases


def draw_cases(n: int, seed: int) -> list[TextCase]:
    """``n`` cases drawn by hypothesis (generation only: nothing fails, nothing shrinks)."""
    cases: list[TextCase] = []

    @hypothesis_seed(seed)
    @settings(
        max_examples=n,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(text_cases())
    def collect(case: TextCase) -> None:
        cases.append(case)

    collect()
    return cases


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cases", type=int, default=20_000)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds before a case is a hang")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    tally = Tally()
    cases = draw_cases(args.cases, args.seed)
    print(f"{len(cases)} cases drawn", file=sys.stderr, flush=True)
    for case, result in run_cases(text_case, cases, jobs=args.jobs, timeout=args.timeout):
        tally.add(case, result)
        if tally.cases % 2000 == 0:
            print(f"{tally.cases} cases, {dict(tally.kinds)}", file=sys.stderr, flush=True)
    print(tally.render())
    if args.json:
        figures = {"run": "text", **vars(args), "json": None, **tally.figures()}
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if tally.bugs else 0


if __name__ == "__main__":
    sys.exit(main())
