"""segment: normalised lines → reports → sections, page furniture and footer left out."""

from __future__ import annotations

import pytest

from reportparse.errors import NotAReportError
from reportparse.segment import segment

from .conftest import lines

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


def test_every_heading_starts_with_its_number() -> None:
    """heading_of skips a line that does not start with 1 or 2: every section number does."""
    from reportparse.segment import SECTION_KEYS, SECTION_NUMBER

    assert {k[0] for k in SECTION_KEYS} == {"1", "2"}
    assert SECTION_NUMBER.pattern.startswith("^(?P<number>1")


@pytest.mark.parametrize(
    "heading",
    [
        "2. รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ",
        "2. รายงานผลความก้าวหน้าโครงการ/กิจกรรมและการเบิกจ่ายงบประมาณ",
        "2. ผลการดำเนินงานและค่าใช้จ่ายของโครงการ",
        "2. สรุปสถานะโครงการ",  # no known word: known by its place after 1.6
    ],
)
def test_a_reworded_heading_2_opens_section_2_and_is_not_glued_to_the_indicator(
    heading: str,
) -> None:
    doc = lines(
        "1.1 รหัสโครงการและชื่อโครงการ",
        "1.6 สนับสนุนแผนพัฒนากรุงเทพมหานคร",
        "ตัวชี้วัด... : 1.3.4.1 จำนวนครัวเรือน",
        heading,
        "รายงานครั้งที่ 1 :: 29/12/2566 : ออกแบบระบบ",
    )
    (report,) = segment(doc)
    assert [x.text for x in report.sections["1.6"].lines] == ["ตัวชี้วัด... : 1.3.4.1 จำนวนครัวเรือน"]
    assert report.sections["2"].heading is not None
    assert report.sections["2"].heading.text == heading


def test_a_numbered_item_in_a_round_s_text_is_not_a_heading() -> None:
    doc = lines(
        "1.1 รหัสโครงการและชื่อโครงการ",
        "2. รายงานความก้าวหน้าของโครงการ",
        "รายงานครั้งที่ 1 :: 29/12/2566 : ดำเนินการดังนี้",
        "1. ประชุมคณะทำงาน",
        "2. ผลการดำเนินงานไตรมาสแรก",
    )
    (report,) = segment(doc)
    assert [x.text for x in report.sections["2"].lines][1:] == [
        "1. ประชุมคณะทำงาน",
        "2. ผลการดำเนินงานไตรมาสแรก",
    ]


@pytest.mark.parametrize(
    "frame",
    [
        ("หน้าที่ 1 จาก 2", "หน้าที่ 2 จาก 2"),  # page numbers in another wording
        ("พิมพ์จากระบบเมื่อ 12/01/2567 10:15", "พิมพ์จากระบบเมื่อ 12/01/2567 10:15"),
        ("ระบบติดตามผล สำนักงบประมาณ", "ระบบติดตามผล สำนักงบประมาณ"),  # a banner on every page
    ],
)
def test_a_page_frame_in_any_wording_is_left_out(frame: tuple[str, str]) -> None:
    first, second = frame
    doc = [
        *lines("1.1 รหัสโครงการและชื่อโครงการ", "1.3 หลักการและเหตุผล", "ย่อหน้าแรก", first),
        *lines("แบบรายงานผลการดำเนินงานโครงการ", "ย่อหน้าต่อ", second, page=2),
    ]
    (report,) = segment(doc)
    assert [x.text for x in report.sections["1.3"].lines] == ["ย่อหน้าแรก", "ย่อหน้าต่อ"]


def test_content_that_two_pages_share_is_not_a_frame() -> None:
    # a line repeated on 2 of 4 pages is content (two versions paginated alike), not furniture
    doc = [
        *lines("1.1 รหัสโครงการ", "1.3 หลักการและเหตุผล", "ย่อหน้าแรก", page=1),
        *lines("ข้อความซ้ำ", "ต่อ", page=2),
        *lines("ข้อความซ้ำ", "ต่อสอง", page=3),
        *lines("อื่นอีก", "ท้าย", page=4),
    ]
    (report,) = segment(doc)
    assert [x.text for x in report.sections["1.3"].lines].count("ข้อความซ้ำ") == 2
