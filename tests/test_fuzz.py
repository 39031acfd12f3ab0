"""Short fuzz runs (seconds): mutated texts and PDFs end in a report or a ReportParseError.

The same mutations and harness as the long runs (``python -m fuzz.fuzz_text``, ``python -m
fuzz.fuzz_pdf``; fuzz/README.md has their figures), with fixed seeds: a failure here is a
case that can be replayed with ``fuzz.harness.text_case`` or ``pdf_case``.
"""

from __future__ import annotations

from fuzz.fuzz_pdf import cases as pdf_cases
from fuzz.harness import Tally, TextCase, pdf_case, run_cases, text_case
from fuzz.mutations import text_cases
from hypothesis import HealthCheck, given, settings


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
