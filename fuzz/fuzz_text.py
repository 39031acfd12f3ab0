"""Long fuzz run over text exports: hypothesis mutations of the seed and fixtures, in workers.

    .venv/bin/python -m fuzz.fuzz_text [--cases 20000] [--jobs 2] [--timeout 10] [--seed 0]

Hypothesis draws the cases from ``mutations.text_cases()`` (a source text and up to six
edits: lines deleted, duplicated, swapped, truncation, random Unicode and report vocabulary
inserted, Thai digits, page breaks, sections deleted or duplicated); each is replayed and
parsed with ``parse_text`` in a supervised worker, so a hang is killed at the timeout and
counted. Prints the figures; with ``--json FILE`` also writes them.
"""

from __future__ import annotations

import sys

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed

from .harness import TextCase, long_run, long_run_args, text_case
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
    args = long_run_args(__doc__, argv, cases=20_000, timeout=10.0)
    cases = draw_cases(args.cases, args.seed)
    print(f"{len(cases)} cases drawn", file=sys.stderr, flush=True)
    return long_run(text_case, cases, args, run="text", every=2000)


if __name__ == "__main__":
    sys.exit(main())
