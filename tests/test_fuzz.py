"""Short fuzz runs (seconds): mutated texts and PDFs end in a report or a ReportParseError.

The same mutations and harness as the long runs (``python -m fuzz.fuzz_text``, ``python -m
fuzz.fuzz_pdf``; fuzz/README.md has their figures), with fixed seeds: a failure here is a
case that can be replayed with ``fuzz.harness.text_case`` or ``pdf_case``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz.fuzz_pdf import cases as pdf_cases
from fuzz.harness import Tally, TextCase, pdf_case, run_cases, text_case
from fuzz.mutations import text_cases
from hypothesis import HealthCheck, given, settings

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text_cases())
def test_mutated_text_parses_or_fails_with_a_named_error(case: TextCase) -> None:
    result = text_case(case)
    assert result.kind in ("ok", "error"), result.trace or result.detail


def test_mutated_pdfs_parse_or_fail_with_a_named_error_in_workers() -> None:
    tally = Tally()
    for case, result in run_cases(pdf_case, pdf_cases(60, seed=7), jobs=2, timeout=60):
        tally.add(case, result)
    assert tally.cases == 60
    assert not tally.bugs, tally.render()
    assert tally.kinds["ok"] and tally.kinds["error"]  # the mutations hit both ways


#: cases the long runs found, replayed: each was a bug and must stay an ordinary outcome
FOUND = [
    # a random-bytes overwrite left broken UTF-16 in /Producer: pypdfium2's metadata reader
    # raised UnicodeDecodeError
    pytest.param(("fixtures/bad/not_a_report.pdf", 1009496, "auto"), "error", id="producer-utf16"),
]


@pytest.mark.parametrize(("case", "kind"), FOUND)
def test_cases_the_long_runs_found(case: tuple[str, int, str], kind: str) -> None:
    path, seed, backend = case
    result = pdf_case((str(ROOT / path), seed, backend))
    assert result.kind == kind, result.trace or result.detail


def test_mutated_copies_carry_no_silent_error() -> None:
    """A mutated copy that parses has no wrong field without a warning on it or its page
    (fuzz/silent.py; its long runs are in fuzz/results/silent.json)."""
    from fuzz.silent import run

    figures = run(cases=40, seed=7)
    assert figures["outcomes"].get("parsed", 0) >= 10, figures["outcomes"]
    assert figures["wrong_fields"] > 0  # the mutations do make fields wrong...
    assert figures["silent"] == []  # ...and every one of them is warned


#: silent errors the long runs found (seed, case, the fixture the case mutated), replayed: each
#: must stay warned. The fixture is named: fixtures added since map case numbers to others
SILENT_FOUND = [
    # random bytes over page 4 of a gs copy: page 4 unreadable, the objectives of page 3 lost
    # their last item with no warning on them (now ``field_cut``)
    pytest.param(
        1, 1489, "archive/seed_v2.fpdf2-laksaman.gs.pdf", id="objectives-cut-at-an-unreadable-page"
    ),
]


@pytest.mark.parametrize(("seed", "case", "source"), SILENT_FOUND)
def test_silent_errors_the_long_runs_found(seed: int, case: int, source: str) -> None:
    from fuzz.silent import run

    figures = run(cases=0, seed=seed, jobs=1, only=[case], source=FIXTURES / source)
    assert figures["wrong_fields"] > 0, figures  # the case still damages the report...
    assert figures["silent"] == []  # ...and says so
