"""Running fuzz cases: each in a supervised worker with a deadline, its outcome classified.

Contract: ``text_case((name, edits))`` and ``pdf_case((path, seed, backend))`` parse one mutated
input and return a ``CaseResult`` whose ``kind`` is

- ``ok``: a document, valid against ``reportparse.json_schema()``;
- ``error``: a ``ReportParseError`` (``detail`` names its class) — the expected way to fail;
- ``invalid``: a document that fails the schema (a bug);
- ``exception``: any other exception (a bug; ``detail`` is its type, ``trace`` the traceback).

``run_cases(fn, cases, …)`` runs them in ``reportparse.batch.pool`` workers (so a native crash or a
hang cannot stop the run) and yields each case with its result: a worker killed at the deadline
gives kind ``hang``, one that died ``crash``. ``Tally`` adds results up and prints the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from reportparse import ReportParseError, json_schema, parse_file, parse_text
from reportparse.batch.pool import FailureKind, Pool
from reportparse.models import Document

from .mutations import Edit, apply_edits, encode, mutate_pdf, text_sources

TextCase = tuple[str, list[Edit], str | None]
PdfCase = tuple[str, int, str]


@dataclass(frozen=True)
class CaseResult:
    kind: str  # ok | error | invalid | exception | hang | crash
    detail: str = ""
    trace: str = ""
    seconds: float = 0.0
    #: what was parsed, for a bug's report: the mutations of a PDF case
    mutations: tuple[str, ...] = ()


@cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(json_schema())


def schema_errors(doc: Document) -> list[str]:
    """The schema violations of a document as ``reportparse parse`` would print it."""
    data = json.loads(doc.model_dump_json())
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in _validator().iter_errors(data)]


def classify(parse: Callable[[], Document]) -> CaseResult:
    """Run one parse and say how it ended."""
    start = time.perf_counter()
    try:
        doc = parse()
        seconds = time.perf_counter() - start  # the parse's time, not the schema check's
        errors = schema_errors(doc)
    except ReportParseError as exc:
        return CaseResult("error", type(exc).__name__, seconds=time.perf_counter() - start)
    except Exception as exc:
        return CaseResult(
            "exception",
            f"{type(exc).__name__}: {exc}"[:200],
            traceback.format_exc(),
            seconds=time.perf_counter() - start,
        )
    if errors:
        return CaseResult("invalid", errors[0][:200], "\n".join(errors), seconds)
    return CaseResult("ok", seconds=seconds)


def text_case(case: TextCase) -> CaseResult:
    """Parse one mutated text, in memory or from a file (runs in a worker)."""
    name, edits, encoding = case
    text = apply_edits(text_sources()[name], edits)
    if encoding is None:
        return classify(lambda: parse_text(text, path=name))
    return _from_file(encode(text, encoding), ".txt", {})


def pdf_case(case: PdfCase) -> CaseResult:
    """Mutate a PDF with a seed, write it to a temp file and parse it (runs in a worker)."""
    path, seed, backend = case
    data, names = mutate_pdf(Path(path).read_bytes(), random.Random(seed))
    result = _from_file(data, ".pdf", {"backend": backend})
    return CaseResult(result.kind, result.detail, result.trace, result.seconds, tuple(names))


def _from_file(data: bytes, suffix: str, options: dict[str, Any]) -> CaseResult:
    fd, tmp = tempfile.mkstemp(suffix=suffix, prefix="fuzz-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return classify(lambda: parse_file(tmp, **options))
    finally:
        os.unlink(tmp)


_KINDS = {
    FailureKind.TIMEOUT: "hang",
    FailureKind.CRASHED: "crash",
    FailureKind.RAISED: "exception",
}


def run_cases(
    fn: Callable[[Any], CaseResult],
    cases: Iterable[Any],
    *,
    jobs: int | None = None,
    timeout: float = 30.0,
) -> Iterator[tuple[Any, CaseResult]]:
    """Run cases in supervised workers; yield each case with its result as it ends. A worker
    starts as a batch worker does (``start_worker``): each page it reads by OCR gives its case
    more time, so a case is a hang only where a batch would kill it too."""
    from reportparse.batch.core import start_worker
    from reportparse.batch.start import PRELOAD

    pool: Pool[Any, CaseResult] = Pool(
        fn,
        jobs=jobs,
        timeout=timeout,
        recycle_after=1000,
        preload=(*PRELOAD, __name__),
        initializer=partial(start_worker, None),
    )
    for case, outcome in pool.imap_unordered(cases):
        if outcome.value is not None:
            yield case, outcome.value
        else:
            kind = _KINDS[outcome.kind or FailureKind.RAISED]
            yield case, CaseResult(kind, outcome.failure or "", seconds=outcome.seconds)


@dataclass
class Tally:
    """The figures of a run: results by kind and by error class, the bugs found, timings."""

    kinds: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    bugs: Counter[str] = field(default_factory=Counter)
    examples: dict[str, tuple[Any, CaseResult]] = field(default_factory=dict)
    slowest: float = 0.0
    slowest_case: Any = None
    started: float = field(default_factory=time.perf_counter)

    def add(self, case: Any, result: CaseResult) -> None:
        self.kinds[result.kind] += 1
        if result.seconds > self.slowest:
            self.slowest, self.slowest_case = result.seconds, case
        if result.kind == "error":
            self.errors[result.detail] += 1
        elif result.kind != "ok":
            key = f"{result.kind}: {result.detail.split(':')[0]}"
            self.bugs[key] += 1
            self.examples.setdefault(key, (case, result))

    @property
    def cases(self) -> int:
        return sum(self.kinds.values())

    def figures(self) -> dict[str, Any]:
        seconds = time.perf_counter() - self.started
        return {
            "cases": self.cases,
            "ok": self.kinds["ok"],
            "report_parse_errors": dict(self.errors.most_common()),
            "exceptions": sum(self.kinds[k] for k in ("exception", "crash")),
            "hangs": self.kinds["hang"],
            "schema_failures": self.kinds["invalid"],
            "bugs": dict(self.bugs.most_common()),
            "slowest_case_seconds": round(self.slowest, 3),
            "slowest_case": repr(self.slowest_case),
            "seconds": round(seconds, 1),
        }

    def render(self) -> str:
        f = self.figures()
        lines = [
            f"cases: {f['cases']}  ok: {f['ok']}  seconds: {f['seconds']}"
            f"  slowest case: {f['slowest_case_seconds']} s",
            "ReportParseError subclasses: "
            + (", ".join(f"{k} {v}" for k, v in f["report_parse_errors"].items()) or "none"),
            f"other exceptions (incl. crashes): {f['exceptions']}  hangs: {f['hangs']}"
            f"  schema failures: {f['schema_failures']}",
        ]
        for key, (case, result) in self.examples.items():
            lines += [
                f"--- {key} ({self.bugs[key]}x)",
                f"case: {case!r} {list(result.mutations)}",
                result.trace.strip()[-2000:] or result.detail,
            ]
        return "\n".join(lines)


def long_run_args(
    doc: str | None, argv: list[str] | None, *, cases: int, timeout: float
) -> argparse.Namespace:
    """The options every long run takes, with its own defaults."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cases", type=int, default=cases)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--timeout", type=float, default=timeout, help="seconds before a hang")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    return ap.parse_args(argv)


def long_run(
    fn: Callable[[Any], CaseResult],
    cases: Iterable[Any],
    args: argparse.Namespace,
    *,
    run: str,
    every: int,
) -> int:
    """A long run's loop: progress on stderr every ``every`` cases, the figures on stdout (and
    in ``args.json``); exit status 1 when a case was a bug."""
    tally = Tally()
    for case, result in run_cases(fn, cases, jobs=args.jobs, timeout=args.timeout):
        tally.add(case, result)
        if tally.cases % every == 0:
            print(f"{tally.cases} cases, {dict(tally.kinds)}", file=sys.stderr, flush=True)
    print(tally.render())
    if args.json:
        figures = {"run": run, **vars(args), "json": None, **tally.figures()}
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if tally.bugs else 0
