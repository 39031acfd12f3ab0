"""thai.quality: the gate that tells text from a broken font map's characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportparse.thai.quality import (
    SUSPECT,
    USABLE,
    glued_tokens,
    judged,
    non_space,
    text_quality,
)

GOOD = "รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ ร้อยละ 10.00 %งบประมาณ"


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        pytest.param(GOOD, 1.0, 1.0, id="clean-thai"),
        pytest.param("Sister Cities' Officials Seminar 2023", 1.0, 1.0, id="latin"),
        pytest.param(
            "ชื่อโครงการ/กิจกรรม : โครงการ (Traffy Fondue) 2,450,000 บาท", 1.0, 1.0, id="mixed-words"
        ),
        pytest.param(
            "**** O&&O2  120 2%ค/2/ Ā2/3%Ā2Oล0 Āอ/CลN ?P0/ 1&Pค1  21 ****",
            0.0,
            0.6,
            id="gs-rebuilt-map",
        ),
        pytest.param(
            "(cid:1)(cid:2)(cid:3)(cid:4)(cid:5)(cid:6)(cid:7) (cid:8)(cid:9)",
            0.0,
            0.1,
            id="no-map-at-all",
        ),
        pytest.param(
            "ชื อโค/งกา/และหน่วยงานที /ับผิดชอบโค/งกา/ \ufffe\ufffe", 0.3, 0.8, id="noto-r-as-slash"
        ),
        pytest.param("ไดู้ ไดู แบบแสดงรายงาน", 0.0, 0.9, id="impossible-spelling"),
        pytest.param("ภาษา日本語ภาษา", 0.0, 0.8, id="another-script"),
    ],
)
def test_text_quality(text: str, low: float, high: float) -> None:
    assert low <= text_quality(text) <= high


def test_the_thresholds_are_ordered() -> None:
    assert 0 < USABLE < SUSPECT < 1


def test_a_short_page_is_not_judged() -> None:
    assert not judged("ลงชื่อ")
    assert judged(GOOD)


#: Thai letters and marks, Latin, digits, white space and the symbols the quality gate knows
PAGE_CHARS = st.sampled_from(list("กขคงจไเ่้ำะาaAbZĀŁ12 \n\t\u3000#&$@*+=<>|~^_\\.,()%"))


@given(st.text(PAGE_CHARS, max_size=40))
def test_glued_tokens_are_the_tokens_that_hold_thai_and_a_glue_or_a_symbol(text: str) -> None:
    """The oracle: every token looked at, one by one (what text_quality did before issue 17)."""
    from reportparse.thai.quality import _GLUED, _SYMBOLS, _THAI_LETTER, _TOKEN

    expected = [
        (m.start(), m.end())
        for m in _TOKEN.finditer(text)
        if _THAI_LETTER.search(m.group())
        and (_GLUED.search(m.group()) or _SYMBOLS.search(m.group()))
    ]
    assert glued_tokens(text) == expected


@given(st.text(max_size=60))
def test_non_space_counts_what_isspace_does_not(text: str) -> None:
    assert non_space(text) == sum(not ch.isspace() for ch in text)
