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
    """heading_of skips a line that does not start with 1 or 2: every heading pattern does."""
    from reportparse.segment import HEADINGS

    assert all(p.pattern.startswith(("^1", "^2")) for _, p in HEADINGS)
