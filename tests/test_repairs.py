"""Text repairs, as tables of examples: text-layer repairs (thai.repairs) and the export's
garbling (normalize.garble). Each row: input, expected output, how many repairs."""

from __future__ import annotations

import pytest

from reportparse.normalize import garble
from reportparse.thai import repairs as thai
from reportparse.thai.damage import count_damage

LAYER_CASES = [
    # (repair, text, expected, count)
    pytest.param(thai.pua_to_thai, "ที\uf70a", "ที่", 1, id="pua-windows-mai-ek"),
    pytest.param(thai.pua_to_thai, "ป\uf710น", "ปัน", 1, id="pua-mai-han-akat-is-not-mai-tho"),
    pytest.param(thai.pua_to_thai, "ญ\uf89a", "ญญ", 1, id="pua-mac-yo-ying"),
    pytest.param(thai.pua_to_thai, "ก\uf71b", "ก\uf71b", 0, id="pua-undefined-slot-left"),
    pytest.param(thai.join_sara_am, "นํ้า", "น้ำ", 1, id="sara-am-nikhahit-tone-aa"),
    pytest.param(thai.join_sara_am, "นํา้", "น้ำ", 1, id="sara-am-tone-last"),
    pytest.param(thai.join_sara_am, "น้ํา", "น้ำ", 1, id="sara-am-tone-first"),
    pytest.param(thai.join_sara_am, "ทํ\ufffdางาน", "ทำงาน", 1, id="sara-am-with-fffd"),
    pytest.param(thai.join_sara_am, "สํ าหรับ", "สำหรับ", 1, id="sara-am-with-space"),
    pytest.param(thai.join_sara_am, "ทำงาน", "ทำงาน", 0, id="sara-am-whole-untouched"),
    pytest.param(thai.fix_sara_am_tail, "นำ้", "น้ำ", 1, id="tone-after-sara-am"),
    pytest.param(thai.fix_sara_am_tail, "สำาหรับ", "สำหรับ", 1, id="sara-aa-mapped-twice"),
    pytest.param(thai.fix_sara_am_tail, "ำ่า", "่ำ", 1, id="tone-and-sara-aa-after-sara-am"),
    pytest.param(thai.drop_space_before_mark, "เก ่า", "เก่า", 1, id="space-before-tone"),
    pytest.param(thai.drop_space_before_mark, "ก ิน", "กิน", 1, id="space-before-vowel-sign"),
    pytest.param(thai.drop_space_before_mark, "ต่าง ๆ", "ต่าง ๆ", 0, id="mai-yamok-keeps-space"),
    pytest.param(thai.drop_space_before_vowel, "หน้ าที่", "หน้าที่", 1, id="gap-before-sara-aa"),
    pytest.param(
        thai.drop_space_before_vowel, "ค าน า", "ค าน า", 0, id="lost-nikhahit-not-guessed"
    ),
    pytest.param(thai.reorder_marks, "ร\u0e49\u0e39", "รู้", 1, id="tone-before-sara-uu"),
    pytest.param(thai.reorder_marks, "ท\u0e4c\u0e34", "ทิ์", 1, id="thanthakhat-before-sara-i"),
    pytest.param(thai.reorder_marks, "ปั้น", "ปั้น", 0, id="ordered-marks-untouched"),
    pytest.param(thai.drop_duplicated_cluster, "ชื่อชื่", "ชื่อ", 1, id="chromium-copy-of-chue"),
    pytest.param(thai.drop_duplicated_cluster, "ที่ไที่ด้", "ที่ได้", 1, id="chromium-copy-of-thi"),
    pytest.param(thai.drop_duplicated_cluster, "ร่วมกันกับ", "ร่วมกันกับ", 0, id="real-kan-kap"),
    pytest.param(thai.drop_duplicated_cluster, "ส่งส่วน", "ส่งส่วน", 0, id="real-song-suan"),
]


@pytest.mark.parametrize(("repair", "text", "expected", "count"), LAYER_CASES)
def test_layer_repair(repair, text: str, expected: str, count: int) -> None:
    assert repair(text) == (expected, count)


GARBLE_CASES = [
    pytest.param("๑๒ - ๑๖ มีนาคม ๒๕๖๑", "12 - 16 มีนาคม 2561", {"thai_digits": 8}, id="thai-digits"),
    pytest.param("□□สำนักงาน", " สำนักงาน", {"tofu": 1}, id="tofu-indent"),
    pytest.param("24 ? 28 กรกฎาคม", "24 – 28 กรกฎาคม", {"range_dash": 1}, id="range"),
    pytest.param("24?28", "24–28", {"range_dash": 1}, id="range-tight"),
    pytest.param(
        "หัวข้อ ?แนวทาง (Zero Waste Management?) ระหว่าง",
        "หัวข้อ “แนวทาง (Zero Waste Management”) ระหว่าง",
        {"curly_quotes": 1},
        id="quotes-around-phrase",
    ),
    pytest.param(
        "หัวข้อ ?\nแนวทาง?", "หัวข้อ “\nแนวทาง”", {"curly_quotes": 1}, id="quotes-wrapped-line"
    ),
    pytest.param(
        "ยุทธศาสตร์ที่ ๗ ? การสร้าง",
        "ยุทธศาสตร์ที่ 7 – การสร้าง",
        {"thai_digits": 1, "spaced_dash": 1},
        id="dash-between-words",
    ),
    pytest.param("Bangkok?s plan", "Bangkok’s plan", {"apostrophe": 1}, id="apostrophe"),
    pytest.param("ใช่หรือไม่?", "ใช่หรือไม่?", {}, id="question-mark-left-alone"),
    pytest.param("ก\u200bข", "กข", {"invisible": 1}, id="zero-width-space"),
]


@pytest.mark.parametrize(("text", "expected", "counts"), GARBLE_CASES)
def test_garble_repair(text: str, expected: str, counts: dict[str, int]) -> None:
    repaired, got = garble.repair_garbling(text)
    assert (repaired, dict(got)) == (expected, counts)


DAMAGE_CASES = [
    pytest.param("น้ำท่วม", {}, id="clean"),
    pytest.param("\uf70b", {"pua": 1}, id="pua"),
    pytest.param("นํา", {"split_sara_am": 1}, id="split-sara-am"),
    pytest.param(" ่", {"orphan_mark": 1}, id="orphan-mark"),
    pytest.param("ค าน า", {"orphan_vowel": 2}, id="orphan-vowel"),
    pytest.param("(cid:11)", {"cid": 1}, id="cid"),
    pytest.param("ก\x00", {"nul": 1}, id="nul"),
    pytest.param("ก\ufffd", {"replacement_char": 1}, id="fffd"),
    pytest.param("ชื่อชื่ โครงการ", {"duplicated_cluster": 1}, id="duplicated-cluster"),
]


@pytest.mark.parametrize(("text", "expected"), DAMAGE_CASES)
def test_damage_counters(text: str, expected: dict[str, int]) -> None:
    assert count_damage(text) == expected


def test_repair_layer_runs_in_order() -> None:
    # the PUA tone must be mapped before the cluster's marks can be put in order
    text, counts = thai.repair_layer("ร\uf70b\u0e39")
    assert text == "รู้"
    assert dict(counts) == {"pua": 1, "mark_order": 1}


def test_nfkc_is_never_used_on_sara_am() -> None:
    # NFKC would turn ำ into ํ + า; the repairs must leave it as one character
    assert thai.repair_layer("ทำ")[0] == "ทำ"
    assert garble.repair_garbling("ทำ")[0] == "ทำ"
