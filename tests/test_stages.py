"""Focused tests per stage: values, normalize (line joining), segment, fields, progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reportparse.errors import NotAReportError
from reportparse.extract import Extraction, PageText, TextLine
from reportparse.fields import find_labels, parse_objectives, parse_strategy_item
from reportparse.models import WarningCode
from reportparse.normalize import Line, join_lines, normalize
from reportparse.progress import parse_progress
from reportparse.segment import segment
from reportparse.values import parse_date, parse_number


def lines(*texts: str, page: int = 1) -> list[Line]:
    return [Line(page, i, t) for i, t in enumerate(texts, start=1)]


# --- values -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("26/01/2566", dt.date(2023, 1, 26), id="be-slash"),
        pytest.param("2022-10-01 00:00:00", dt.date(2022, 10, 1), id="iso-ce-with-time"),
        pytest.param("2565-10-01", dt.date(2022, 10, 1), id="iso-be"),
        pytest.param("26/1/66", dt.date(2023, 1, 26), id="two-digit-be-year"),
        pytest.param("7 กุมภาพันธ์ 2566", dt.date(2023, 2, 7), id="thai-month"),
        pytest.param("7 ก.พ. 2566", dt.date(2023, 2, 7), id="thai-month-abbreviated"),
        pytest.param("29/02/2567", dt.date(2024, 2, 29), id="be-leap-day"),
        pytest.param("29/02/2566", None, id="no-leap-day"),
        pytest.param("31/02/2566", None, id="invalid-day"),
        pytest.param("ข้อมูลไม่ครบ", None, id="not-a-date"),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1,643,800 บาท", Decimal("1643800"), id="thousands"),
        pytest.param("1,250.50", Decimal("1250.50"), id="satang"),
        pytest.param("0 บาท", Decimal("0"), id="zero"),
        pytest.param("1 ,643,800", Decimal("1643800"), id="gap-before-separator"),
        pytest.param("ไม่ระบุ", None, id="words"),
        pytest.param("12 / 15", None, id="two-numbers"),
    ],
)
def test_parse_number(text: str, expected: Decimal | None) -> None:
    assert parse_number(text) == expected


# --- joining lines --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        pytest.param([("เมือง", None), ("และ", None)], "เมืองและ", id="thai-thai-joins"),
        pytest.param([("Officials", None), ("Seminar", None)], "Officials Seminar", id="latin"),
        pytest.param([("สิงหาคม", None), ("2566 ณ", None)], "สิงหาคม 2566 ณ", id="thai-digit"),
        pytest.param([("ต่าง ๆ", None), ("เพื่อ", None)], "ต่าง ๆ เพื่อ", id="mai-yamok"),
        pytest.param([("ประเทศ", " "), ("ความ", None)], "ประเทศ ความ", id="kept-wrap-space"),
        pytest.param([("น้อง/", ""), ("เมือง", None)], "น้อง/เมือง", id="wrapped-after-slash"),
    ],
)
def test_join_lines(parts: list[tuple[str, str | None]], expected: str) -> None:
    assert join_lines(Line(1, i, t, g) for i, (t, g) in enumerate(parts)) == expected


def test_normalize_keeps_page_and_line_and_drops_blank_lines() -> None:
    page = PageText(2, (TextLine("□□ข้อ ๑"), TextLine("   "), TextLine("end ")), "text")
    out = normalize(Extraction("x", "0", 2, (page,)))
    assert [(x.page, x.number, x.text, x.glue) for x in out.lines] == [
        (2, 1, "ข้อ 1", None),
        (2, 3, "end", " "),
    ]
    assert out.repairs == {"tofu": 1, "thai_digits": 1}


def test_a_quoted_phrase_across_a_page_break_gets_its_quotes() -> None:
    # Chromium with Loma broke a page inside the quoted phrase: the pair of '?' spans two pages
    pages = (
        PageText(1, (TextLine("หัวข้อ ?แนวทางการจัดการขยะ (Zero Waste"),), "pdfium"),
        PageText(2, (TextLine("**** header ****"), TextLine("Management?) ระหว่างวันที่")), "pdfium"),
    )
    out = normalize(Extraction("x", "0", 2, pages))
    assert [(x.page, x.text) for x in out.lines] == [
        (1, "หัวข้อ “แนวทางการจัดการขยะ (Zero Waste"),
        (2, "**** header ****"),
        (2, "Management”) ระหว่างวันที่"),
    ]
    assert out.repairs == {"curly_quotes": 1}


def test_a_range_wrapped_before_its_lost_dash_is_repaired() -> None:
    page = PageText(1, (TextLine("ระหว่างวันที่ ๑๑"), TextLine("? ๑๕ ธันวาคม")), "pdfium")
    out = normalize(Extraction("x", "0", 1, (page,)))
    assert join_lines(out.lines) == "ระหว่างวันที่ 11 – 15 ธันวาคม"


@pytest.mark.parametrize(
    "value",
    ["ก / ข / ค", "ก /ข / ค", "ก/ ข / ค"],  # a wrap at a space around a slash hides the space
)
def test_units_split_at_a_slash_with_a_space_either_side(value: str) -> None:
    from reportparse.fields import UNIT_SEPARATOR

    assert UNIT_SEPARATOR.split(value) == ["ก", "ข", "ค"]
    assert UNIT_SEPARATOR.split("ฝ่าย ก/ข") == ["ฝ่าย ก/ข"]


# --- segment --------------------------------------------------------------------------------------
HEADER = "**** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ ****"


def test_segment_removes_furniture_and_footer_and_splits_sections() -> None:
    doc = lines(
        HEADER,
        "1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ",
        "1.3 หลักการและเหตุผล",
        "ย่อหน้าแรก",
        "หน้า 1/2",
        "** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ **",
        "ย่อหน้าต่อ",
        "ขอรับรองว่า ข้อมูลถูกต้อง",
        "ตำแหน่ง",
    )
    (report,) = segment(doc)
    assert [x.text for x in report.sections["1.3"].lines] == ["ย่อหน้าแรก", "ย่อหน้าต่อ"]
    assert list(report.sections) == ["1", "1.3"]


def test_a_second_report_starts_without_heading_1() -> None:
    doc = lines(
        "1.1 รหัสโครงการและชื่อโครงการ",
        "2. รายงานความก้าวหน้าของโครงการ",
        "1.1 รหัสโครงการและชื่อโครงการ",
    )
    assert len(segment(doc)) == 2


def test_round_header_opens_section_2_when_its_heading_is_missing() -> None:
    doc = lines("1.6 สนับสนุนแผนพัฒนา", "ตัวชี้วัด : 1", "- รายงานครั้งที่1 :: 26/01/2566 : x")
    (report,) = segment(doc)
    assert [x.text for x in report.sections["2"].lines] == ["- รายงานครั้งที่1 :: 26/01/2566 : x"]
    assert report.implicit == ("2",)


def test_open_bracket_heading_continues_on_next_line() -> None:
    doc = lines(
        "1.6 สนับสนุนแผนพัฒนา กทม. ระยะ 20 ปี (ยุทธศาสตร์-กลยุทธ์",
        "ตามแผนฯ /ตัวชี้วัด)",
        "ประเด็นยุทธศาสตร์ : ยุทธศาสตร์ที่ 1 - ปลอดภัย",
    )
    (report,) = segment(doc)
    assert [x.text for x in report.sections["1.6"].lines] == [
        "ประเด็นยุทธศาสตร์ : ยุทธศาสตร์ที่ 1 - ปลอดภัย"
    ]


def test_text_without_headings_is_not_a_report() -> None:
    with pytest.raises(NotAReportError, match=r"memo\.txt"):
        segment(lines("เรื่อง ขอเชิญประชุม", "เรียน ผู้อำนวยการ"), "memo.txt")


# --- fields ---------------------------------------------------------------------------------------
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


# --- progress -------------------------------------------------------------------------------------
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
    assert result.warnings == []
    r = result.rounds[0].round
    assert (r.round, r.date, r.text, r.percent, r.disbursed, r.on_plan, r.on_target) == expected


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
            "progress[0].percent",
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


def test_every_heading_starts_with_its_number() -> None:
    """heading_of skips a line that does not start with 1 or 2: every heading pattern does."""
    from reportparse.segment import HEADINGS

    assert all(p.pattern.startswith(("^1", "^2")) for _, p in HEADINGS)


def test_whitespace_is_regex_s() -> None:
    """normalize.WHITESPACE (stdlib re, for speed) folds exactly what regex's \\s did."""
    import regex

    from reportparse.normalize import WHITESPACE

    reference = regex.compile(r"[\s\u00a0]")
    for code in range(0x3100):
        ch = chr(code)
        assert bool(WHITESPACE.fullmatch(ch)) == bool(reference.fullmatch(ch)), hex(code)
