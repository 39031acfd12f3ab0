"""Long fuzz run over PDFs: byte-level mutations of every fixture PDF, parsed in workers.

    .venv/bin/python -m fuzz.fuzz_pdf [--cases 5000] [--jobs 2] [--timeout 30] [--seed 0]

Case ``i`` mutates fixture ``i mod n`` with ``random.Random(seed * 10**6 + i)`` (replay one
with ``fuzz.harness.pdf_case((path, seed, backend))``) and parses it with the ``auto`` backend,
one case in ten with ``pdfium`` and one in ten with ``pdfplumber``. Prints the figures; with
``--json FILE`` also writes them.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator

from .harness import PdfCase, long_run, long_run_args, pdf_case
from .mutations import pdf_sources


def cases(n: int, seed: int) -> Iterator[PdfCase]:
    sources = pdf_sources()
    for i in range(n):
        case_seed = seed * 10**6 + i
        backend = random.Random(-case_seed).choice(["auto"] * 8 + ["pdfium", "pdfplumber"])
        yield str(sources[i % len(sources)]), case_seed, backend


def main(argv: list[str] | None = None) -> int:
    args = long_run_args(__doc__, argv, cases=5000, timeout=30.0)
    return long_run(pdf_case, cases(args.cases, args.seed), args, run="pdf", every=500)


if __name__ == "__main__":
    sys.exit(main())
