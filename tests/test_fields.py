"""fields: the labelled values, objectives and strategy of sections 1–1.6."""

from __future__ import annotations

import pytest

from reportparse.fields import find_labels, parse_fields, parse_objectives, parse_strategy_item
from reportparse.models import WarningCode
from reportparse.normalize import join_lines
from reportparse.segment import segment

from .conftest import lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("รหัสโครงการ... : 04160000-6968", {"project.code": "04160000-6968"}, id="dots"),
        pytest.param(
            "รหัสโครงการ... : 1\tปีงบประมาณ พ.ศ. : 2566",
            {"project.code": "1", "project.fiscal_year_be": "2566"},
            id="two-columns-tab",
        ),
        pytest.param(
            "รหัสโครงการ : 02120000-2234ปีงบประมาณ พ.ศ. : 2566",
            {"project.code": "02120000-2234", "project.fiscal_year_be": "2566"},
            id="two-columns-no-gap",
        ),
        pytest.param(
            " ชื่อผู้รับผิดชอบ... : ส่วนฝึกอบรม ผู้ประสานงาน สยป : นางสาวกมลวรรณ ศรีสุข",
            {"agency.responsible": "ส่วนฝึกอบรม", "agency.coordinator": "นางสาวกมลวรรณ ศรีสุข"},
            id="two-columns-space",
        ),
        pytest.param(
            "ประเด็นยุทธศาสตร์ย่อย : 7.2 - การบริหาร",
            {"strategy.sub_issue": "7.2 - การบริหาร"},
            id="longest-label-wins",
        ),
    ],
)
def test_find_labels(text: str, expected: dict[str, str]) -> None:
    assert {k: v.text for k, v in find_labels(lines(text)).items()} == expected


def test_value_runs_over_wrapped_lines() -> None:
    found = find_labels(lines("ชื่อโครงการ/กิจกรรม : โครงการส่งเสริมความร่วมมือในเมืองพี่", "น้อง"))
    assert found["project.name"].text == "โครงการส่งเสริมความร่วมมือในเมืองพี่น้อง"


def test_objectives_numbering_must_follow_on() -> None:
    items = parse_objectives(lines("1. เพื่อหนึ่ง", "3. ไม่ใช่ข้อใหม่", "2. เพื่อสอง"))
    assert [join_lines(i) for i in items] == ["เพื่อหนึ่ง 3. ไม่ใช่ข้อใหม่", "เพื่อสอง"]


@pytest.mark.parametrize(
    ("text", "no", "title"),
    [
        pytest.param("ยุทธศาสตร์ที่ 7 – การสร้าง", "7", "การสร้าง", id="strategy-dash"),
        pytest.param("7.2 - การบริหาร", "7.2", "การบริหาร", id="sub-issue"),
        pytest.param("7.2.2 กรุงเทพมหานคร", "7.2.2", "กรุงเทพมหานคร", id="target-no-dash"),
        pytest.param("การบริหาร", None, "การบริหาร", id="no-number"),
    ],
)
def test_strategy_item(text: str, no: str | None, title: str) -> None:
    item = parse_strategy_item(text)
    assert (item.no, item.title) == (no, title)


@pytest.mark.parametrize(
    "value",
    ["ก / ข / ค", "ก /ข / ค", "ก/ ข / ค"],  # a wrap at a space around a slash hides the space
)
def test_units_split_at_a_slash_with_a_space_either_side(value: str) -> None:
    from reportparse.fields import UNIT_SEPARATOR

    assert UNIT_SEPARATOR.split(value) == ["ก", "ข", "ค"]
    assert UNIT_SEPARATOR.split("ฝ่าย ก/ข") == ["ฝ่าย ก/ข"]


REPORT = [
    "1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ",
    "1.1 รหัสโครงการและชื่อโครงการ",
    "ชื่อโครงการ : โครงการทดสอบ",
    "รหัสโครงการ : 1234-5678 ปีงบประมาณ พ.ศ. : 2567",
    "วันเริ่มต้นโครงการ : 01/10/2566 วันสิ้นสุดโครงการ : 30/09/2567",
    "งบประมาณที่ได้รับ : 1,000 งบประมาณที่ใช้ไป : ไม่ทราบ",
    "1.2 หน่วยงานที่รับผิดชอบ",
    "หน่วยงานที่รับผิดชอบ : สำนักงานเขต / ฝ่ายโยธา",
    "ชื่อผู้รับผิดชอบ : ฝ่ายโยธา",
    "1.3 หลักการและเหตุผล",
    "เหตุผล",
    "1.4 วัตถุประสงค์ของโครงการ",
    "1. เพื่อหนึ่ง",
    "2. เพื่อสอง",
]


def test_parse_fields_reads_typed_models_with_warnings_and_origins() -> None:
    (report,) = segment(lines(*REPORT))
    result = parse_fields(report)
    assert result.project.code == "1234-5678"
    assert result.project.fiscal_year_be == 2567
    assert str(result.project.start_date) == "2023-10-01"
    assert result.project.budget_used is None
    assert result.agency.units == ["สำนักงานเขต", "ฝ่ายโยธา"]
    assert result.objectives == ("เพื่อหนึ่ง", "เพื่อสอง")
    assert [(w.code, w.path) for w in result.warnings] == [
        (WarningCode.INVALID_VALUE, "project.budget_used"),
        (WarningCode.MISSING_FIELD, "agency.coordinator"),
        (WarningCode.MISSING_SECTION, "strategy"),
        (WarningCode.MISSING_SECTION, "goal"),
    ]
    assert [o.path for o in result.origins] == [
        "project.name",
        "project.code",
        "project.fiscal_year_be",
        "project.start_date",
        "project.end_date",
        "project.budget_received",
        "project.budget_used",
        "agency.units",
        "agency.units[0]",
        "agency.units[1]",
        "agency.responsible",
        "rationale",
        "objectives[0]",
        "objectives[1]",
    ]
    by_path = {o.path: o for o in result.origins}
    assert by_path["project.budget_used"].text == "ไม่ทราบ"  # the raw text of a null value
    assert by_path["agency.units[1]"].text == "ฝ่ายโยธา"
