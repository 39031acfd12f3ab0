"""progress: every round of section 2 → a Round, its warnings and its origin."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reportparse.models import WarningCode
from reportparse.progress import parse_progress

from .conftest import lines

ROUND_LINE = ":: ความก้าวหน้าของงานฯ = {p} งบประมาณที่เบิกใช้ (ครั้งที่ {n}) = {a} บาท{f}"
FLAGS = " : เป็นไปตามแผน : เป็นไปตามเป้าหมาย"
NOT_FLAGS = " : ไม่เป็นไปตามแผน : ไม่เป็นไปตามเป้าหมาย"


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        pytest.param(
            [
                "- รายงานครั้งที่3 :: 27/03/2566 : ข้อความ",
                ROUND_LINE.format(p="10.00 %", n=3, a="0", f=FLAGS),
            ],
            (3, dt.date(2023, 3, 27), "ข้อความ", Decimal("10.00"), Decimal("0"), True, True),
            id="percent-sign",
        ),
        pytest.param(
            [
                "รายงานครั้งที่3 :: 27/03/2566 : ข้อความ",
                ROUND_LINE.format(p="10.00 :", n=3, a="0", f=FLAGS),
            ],
            (3, dt.date(2023, 3, 27), "ข้อความ", Decimal("10.00"), Decimal("0"), True, True),
            id="no-dash-colon-not-percent",
        ),
        pytest.param(
            [
                "- รายงานครั้งที่10 :: 29/09/2566 : จบ",
                ROUND_LINE.format(p="100.00 %", n=10, a="1,250.50", f=NOT_FLAGS).replace("% ", "%"),
            ],
            (10, dt.date(2023, 9, 29), "จบ", Decimal("100.00"), Decimal("1250.50"), False, False),
            id="glued-percent-satang-negated",
        ),
        pytest.param(
            [
                "รายงานครั้งที่10",
                ":: 29/09/2566 : ดำเนินการแล้วเสร็จ",
                ROUND_LINE.format(p="100.00 %", n=10, a="0", f=""),
            ],
            (
                10,
                dt.date(2023, 9, 29),
                "ดำเนินการแล้วเสร็จ",
                Decimal("100.00"),
                Decimal("0"),
                None,
                None,
            ),
            id="header-alone-no-flags",
        ),
        pytest.param(
            [
                "- รายงานครั้งที่8 :: 21/08/2566 : 1. งานแรก",
                "2. การประชุม: MoU",
                ROUND_LINE.format(p="80.00 %", n=8, a="0", f=FLAGS),
            ],
            (
                8,
                dt.date(2023, 8, 21),
                "1. งานแรก 2. การประชุม: MoU",
                Decimal("80.00"),
                Decimal("0"),
                True,
                True,
            ),
            id="numbered-items-and-colon-in-text",
        ),
    ],
)
def test_round(block: list[str], expected: tuple) -> None:
    result = parse_progress(lines(*block))
    # a flag the round does not state is null, and said so (SPEC: a null value is warned)
    nulls = [
        f"progress[0].{k}"
        for k, v in zip(("on_plan", "on_target"), expected[5:], strict=True)
        if v is None
    ]
    assert [(w.code.value, w.path) for w in result.warnings] == [
        ("missing_field", p) for p in nulls
    ]
    (r,) = result.rounds
    assert (r.round, r.date, r.text, r.percent, r.disbursed, r.on_plan, r.on_target) == expected
    (origin,) = result.origins
    assert origin.path == f"progress[round={r.round}]"
    assert origin.pages == (1, 1)
    assert [x.text for x in origin.lines] == block


@pytest.mark.parametrize(
    ("block", "code", "path"),
    [
        pytest.param(
            ["- รายงานครั้งที่3 :: ข้อมูลไม่ครบ"],
            WarningCode.ROUND_UNPARSED,
            "progress",
            id="no-date-no-figures",
        ),
        pytest.param(
            ["- รายงานครั้งที่2 :: 27/02/2566 : x", ROUND_LINE.format(p="ครึ่งหนึ่ง", n=2, a="0", f=FLAGS)],
            WarningCode.INVALID_VALUE,
            "progress[0].percent",
            id="unreadable-percent",
        ),
        pytest.param(
            ["- รายงานครั้งที่2 :: 31/02/2566 : x", ROUND_LINE.format(p="5 %", n=2, a="0", f=FLAGS)],
            WarningCode.INVALID_VALUE,
            "progress[0].date",
            id="invalid-date",
        ),
        pytest.param(
            ["- รายงานครั้งที่2 :: 27/02/2566 : x", ROUND_LINE.format(p="5 %", n=3, a="0", f=FLAGS)],
            WarningCode.ROUND_LABEL_MISMATCH,
            "progress[0].disbursed",
            id="label-of-another-round",
        ),
        pytest.param(
            ["- รายงานครั้งที่2 :: 27/02/2566 : x", ":: ความก้าวหน้าของงานฯ = 5 % ยังไม่เบิก"],
            WarningCode.ROUND_UNPARSED,
            "progress[0]",
            id="figures-line-unreadable",
        ),
        pytest.param(
            ["- รายงานครั้งที่2 :: 27/02/2566 : ยังไม่รายงานตัวเลข"],
            WarningCode.MISSING_FIELD,
            "progress[0]",  # the round's every figure and flag: the warning is the round's
            id="no-figures-line",
        ),
    ],
)
def test_round_warnings(block: list[str], code: WarningCode, path: str) -> None:
    result = parse_progress(lines(*block))
    assert [(w.code, w.path) for w in result.warnings] == [(code, path)]
    assert all(w.text is not None for w in result.warnings)


def test_text_before_the_first_round_is_reported() -> None:
    result = parse_progress(
        lines(
            "หมายเหตุ",
            "- รายงานครั้งที่1 :: 26/01/2566 : x",
            ROUND_LINE.format(p="5 %", n=1, a="0", f=FLAGS),
        )
    )
    assert [(w.code, w.text) for w in result.warnings] == [(WarningCode.ROUND_UNPARSED, "หมายเหตุ")]
    assert len(result.rounds) == 1


def test_a_round_cut_by_a_page_break_has_both_pages() -> None:
    block = [
        *lines("- รายงานครั้งที่1 :: 26/01/2566 : x"),
        *lines(ROUND_LINE.format(p="5 %", n=1, a="0", f=FLAGS), page=2),
    ]
    result = parse_progress(block)
    assert [(o.path, o.pages) for o in result.origins] == [("progress[round=1]", (1, 2))]


def test_a_round_that_cannot_be_read_has_no_origin() -> None:
    result = parse_progress(lines("- รายงานครั้งที่3 :: ข้อมูลไม่ครบ"))
    assert result.rounds == () and result.origins == ()
    assert [w.message for w in result.warnings] == ["a round without a date or progress figures"]
