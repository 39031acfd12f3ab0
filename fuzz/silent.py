"""Silent errors under mutation: a mutated copy of a fixture PDF is parsed and scored against
its source report's truth; a structured field that is wrong with no warning on it or on its
page is a silent error (``bench/scoring.py``). The target is none.

Case ``i`` mutates fixture ``i mod n`` (the archive copies, their sources and the report PDFs)
with ``random.Random(seed * 10**6 + i)`` and ``mutations.mutate_pdf``; each is parsed in a
supervised worker (a hang is killed at the timeout). Prints the tally and every silent field.

    python -m fuzz.silent --cases 2000 --seed 0 [--json fuzz/results/silent.json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from reportparse.batch import iter_results

from .mutations import FIXTURES, ROOT, mutate_pdf

sys.path.insert(0, str(ROOT / "bench"))
from scoring import score


def sources() -> list[Path]:
    """The PDFs whose truth is known: every report PDF, archive copy and archive source."""
    found = sorted((FIXTURES / "pdf").glob("*.pdf")) + sorted((FIXTURES / "archive").glob("*.pdf"))
    return found + sorted((FIXTURES / "archive" / "sources").glob("*.pdf"))


def truth_of(pdf: Path) -> dict[str, Any]:
    stem = pdf.name.split(".")[0]
    return json.loads((FIXTURES / "reports" / f"{stem}.expected.json").read_text())


def run(
    cases: int,
    seed: int,
    jobs: int = 2,
    timeout: float = 30.0,
    only: list[int] | None = None,
    source: Path | None = None,
) -> dict[str, Any]:
    """Mutate, parse and score cases ``0 … cases-1`` of ``seed`` (or just the cases ``only``
    names: a case found by a long run, replayed). ``source``: the fixture every case mutates,
    instead of ``i mod n`` (a case replayed after fixtures were added keeps its source)."""
    pdfs = [source] if source is not None else sources()
    tally: Counter[str] = Counter()
    silent: list[dict[str, Any]] = []
    #: the cases that ended in a bug's error (internal, a crash) or a timeout: to replay
    errors: list[dict[str, Any]] = []
    fields = wrong = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        made: dict[str, tuple[Path, list[str]]] = {}
        for i in range(cases) if only is None else only:
            source = pdfs[i % len(pdfs)]
            data, names = mutate_pdf(source.read_bytes(), random.Random(seed * 10**6 + i))
            path = Path(tmp) / f"{i:06d}.pdf"
            path.write_bytes(data)
            made[str(path)] = (source, names)
        for result in iter_results(sorted(made), jobs=jobs, timeout=timeout):
            source, names = made[result.path]
            if result.document is None:
                tally[f"error:{result.code}"] += 1
                if result.code in ("internal", "timeout", "worker_crashed", "out_of_memory"):
                    errors.append(
                        {"case": Path(result.path).stem, "source": source.name,
                         "mutations": names, "code": result.code, "error": result.error}
                    )  # fmt: skip
                continue
            tally["parsed"] += 1
            s = score(json.loads(result.document.model_dump_json()), truth_of(source))
            fields += s.fields
            wrong += len(s.wrong)
            for path, got, want in s.silent:
                silent.append(
                    {"case": Path(result.path).stem, "source": source.name, "mutations": names,
                     "field": path, "got": got, "want": want}
                )  # fmt: skip
    return {
        "cases": cases,
        "seed": seed,
        "outcomes": dict(sorted(tally.items())),
        "fields_scored": fields,
        "wrong_fields": wrong,
        "silent_fields": len(silent),
        "silent": silent,
        "errors": errors,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    figures = run(args.cases, args.seed, args.jobs)
    summary = {k: v for k, v in figures.items() if k not in ("silent", "errors")}
    print(json.dumps(summary, indent=2))
    for row in figures["silent"][:50]:
        print("silent:", json.dumps(row, ensure_ascii=False))
    for row in figures["errors"][:50]:
        print("error:", json.dumps(row, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
