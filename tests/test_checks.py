"""Every content check, one by one: a report built to trip it, and the code and path it gives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from reportparse.checks import check_report
from reportparse.models import Project, Report, Round, WarningCode

D = Decimal
START, END = dt.date(2022, 10, 1), dt.date(2023, 9, 30)


def rnd(n: int, day: int, percent: str = "10", disbursed: str = "0", **kw: Any) -> Round:
    return Round(
        round=n,
        date=dt.date(2023, 1, day) if day else None,
        text="x",
        percent=D(percent),
        disbursed=D(disbursed),
        on_plan=True,
        on_target=True,
        **kw,
    )


def report(rounds: list[Round], **project: Any) -> Report:
    fields = {"start_date": START, "end_date": END, "budget_received": D(100), "budget_used": D(0)}
    fields.update(project)
    return Report(project=Project(**fields), progress=rounds, pages=[1, 1])


def codes(r: Report) -> list[tuple[str, str]]:
    return [(w.code.value, w.path) for w in check_report(r)]


def test_clean_report_has_no_warning() -> None:
    assert codes(report([rnd(1, 10, "20"), rnd(2, 20, "30")])) == []


CASES = [
    pytest.param(
        report([rnd(1, 10, "25"), rnd(2, 20, "10")]),
        ("progress_decreased", "progress[1].percent"),
        id="progress-decreased",
    ),
    pytest.param(
        report([rnd(1, 10, "120")]), ("percent_out_of_range", "progress[0].percent"), id="over-100"
    ),
    pytest.param(
        report([rnd(1, 10, "-5")]), ("percent_out_of_range", "progress[0].percent"), id="negative"
    ),
    pytest.param(
        report([rnd(1, 10, disbursed="40"), rnd(2, 20, "20", "50")], budget_used=D(100)),
        ("disbursed_sum_mismatch", "project.budget_used"),
        id="disbursed-sum",
    ),
    pytest.param(
        report([rnd(1, 10, disbursed="150")], budget_used=D(150)),
        ("budget_used_exceeds_received", "project.budget_used"),
        id="used-above-received",
    ),
    pytest.param(
        report([rnd(1, 10), rnd(3, 20, "20")]), ("round_missing", "progress"), id="round-missing"
    ),
    pytest.param(
        report([rnd(1, 10), rnd(1, 20, "20")]),
        ("round_repeated", "progress[1].round"),
        id="round-repeated",
    ),
    pytest.param(
        report([rnd(2, 10), rnd(1, 20, "20")]),
        ("round_out_of_order", "progress[1].round"),
        id="round-out-of-order",
    ),
    pytest.param(
        report([rnd(1, 20), rnd(2, 10, "20")]),
        ("round_date_order", "progress[1].date"),
        id="round-dated-before-previous",
    ),
    pytest.param(
        report([rnd(1, 10)], end_date=dt.date(2022, 12, 31)),
        ("date_outside_project", "progress[0].date"),
        id="round-after-project-end",
    ),
    pytest.param(
        report([], start_date=dt.date(2023, 10, 1)),
        ("project_period_invalid", "project.end_date"),
        id="end-before-start",
    ),
    pytest.param(
        Report(project=Project(name="งาน ?ด่วน"), pages=[1, 1]),
        ("garbled_text", "project.name"),
        id="unexplained-question-mark",
    ),
    pytest.param(
        Report(goal="ค าน า", pages=[1, 1]), ("text_damaged", "goal"), id="text-layer-damage"
    ),
    pytest.param(
        # OCR misread the next label (ปีงบประมาณ) on a page whose text was drawn as outlines
        Report(project=Project(code="50100000-1234 ป่จบประมาณ พ.ศ. : 2567"), pages=[1, 1]),
        ("invalid_value", "project.code"),
        id="label-ran-into-code",
    ),
]


@pytest.mark.parametrize("code", ["04160000-6968", "10020000-0088", None])
def test_a_project_code_of_digits_and_hyphens_is_not_warned(code: str | None) -> None:
    assert not check_report(Report(project=Project(code=code), pages=[1, 1]))


@pytest.mark.parametrize(("r", "expected"), CASES)
def test_check(r: Report, expected: tuple[str, str]) -> None:
    assert expected in codes(r)


def test_missing_round_names_the_round() -> None:
    (w,) = check_report(report([rnd(1, 10), rnd(3, 20, "20")]))
    assert w.code is WarningCode.ROUND_MISSING
    assert "round 2" in w.message


def test_a_gap_of_missing_rounds_is_one_warning() -> None:
    # a garbled round number must not multiply warnings (fuzzing found a 3 KB text with a
    # round 99999 that gave 99,989 of them)
    warnings = check_report(report([rnd(1, 10), rnd(99999, 20, "20"), rnd(3, 30, "30")]))
    missing = [w.message for w in warnings if w.code is WarningCode.ROUND_MISSING]
    assert missing == [
        "round 2 is missing (rounds go up to 99999)",
        "rounds 4–99998 are missing (rounds go up to 99999)",
    ]


def test_disbursed_sum_is_not_checked_when_a_round_has_no_amount() -> None:
    rounds = [rnd(1, 10), Round(round=2, date=dt.date(2023, 1, 20), percent=D(20))]
    assert codes(report(rounds, budget_used=D(50))) == []


def test_garbled_warning_carries_the_text_around_it() -> None:
    r = Report(rationale="ก" * 40 + "?" + "ข" * 40, pages=[1, 1], field_pages={"rationale": [2, 3]})
    (w,) = check_report(r)
    assert (w.page, w.text) == (2, "ก" * 20 + "?" + "ข" * 20)
