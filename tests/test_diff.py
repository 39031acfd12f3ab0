"""reportparse diff: every content change between two versions, nothing the layout changed."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from reportparse import parse_file, parse_text
from reportparse.cli import app
from reportparse.diff import (
    Change,
    ChangeKind,
    DiffError,
    LoadedReport,
    diff_files,
    diff_reports,
    load_reports,
    pages_of,
    pair_reports,
    render_json,
    same,
)
from reportparse.diff.text import change_summary, render_text
from reportparse.diff.words import squash, word_diff, words

from .conftest import FIXTURES, rel

runner = CliRunner()
SEED = FIXTURES / "text" / "seed_both_versions.txt"
DIFF = FIXTURES / "diff"
R01 = FIXTURES / "reports" / "r01_clean.txt"
EDITED = DIFF / "r01_clean.edited.txt"


@cache
def loaded(path: Path) -> tuple[LoadedReport, ...]:
    return tuple(load_reports(str(path)))


def changes(old: Path, new: Path) -> list[Change]:
    """The changes between two fixtures (parsed once per test run)."""
    out: list[Change] = []
    for o, n in pair_reports(list(loaded(old)), list(loaded(new))):
        out += diff_reports(o.report, n.report)
    return out


# --- acceptance 1: the seed, read by hand -----------------------------------------------------
# Lines 1-183 and 184-289 of the seed, compared field by field. Layout differences that must
# NOT show: two-column header (v2 190-192, 197), the label "หน่วยงานที่รับผิดชอบ." with and
# without its dot, tofu indents (v1 53, 81), paragraphs re-wrapped (rationale, goal v2 234-236),
# objective 2 and round 9 across page breaks, "% " vs " :" after every percentage, round 10's
# header alone before a page break (v1 173) vs inline without "-" (v2 282), rounds 8 and 9 with
# their line breaks (v1 156-166) or without, the section-2 heading's wording (v1 137, v2 250).
SEED_CHANGES = [
    (
        "project.name",
        "โครงการส่งเสริมความร่วมมือจากแนวปฏิบัติที่ดีที่สุดในเมืองที่เมืองน้อง",
        "โครงการส่งเสริมความร่วมมือจากแนวปฏิบัติที่ดีที่สุดในเมืองพี่น้อง",
    ),
    ("rationale", None, None),  # long: checked through RATIONALE_EDITS below
    (
        "objectives[1]",
        "เพื่อส่งเสริมการศึกษา การให้คำปรึกษา แนะนำแนวทางการแก้ไขปัญหารวมถึงการแลกเปลี่ยน"
        "ประสบการณ์ของข้าราชการกรุงเทพมหานครและเพิ่มเครือข่ายความร่วมมือระหว่างประเทศ"
        "ตามวัตถุประสงค์ของการเป็นเมืองที่เมืองน้อง/เมืองฉันมิตร",
        "เพื่อส่งเสริมการศึกษา การให้คำปรึกษา แนะนำแนวทางการแก้ไขปัญหารวมถึงการแลกเปลี่ยน"
        "ประสบการณ์ของข้าราชการกรุงเทพมหานครและเพิ่มเครือข่ายความร่วมมือระหว่างประเทศ"
        "ตามวัตถุประสงค์ของการเป็นเมืองพี่เมืองน้อง/เมืองฉันมิตร",
    ),
    ("strategy.target.no", "7.2.2", "7.2.1"),
    (
        "strategy.target.title",
        "กรุงเทพมหานครมีระบบการติดตามและรายงานความก้าวหน้าผลการดำเนินงานตามแผนพัฒนากรุงเทพ",
        "การสร้างความร่วมมือเพื่อขับเคลื่อนภารกิจเชิงยุทธศาสตร์การพัฒนากทม.มหานคร",
    ),
    (
        "progress[round=1].text",
        "นิทรรศการประชาสัมพันธ์ข้อมูลและการบริหารจัดการเมืองระหว่างกรุงเทพมหานคร "
        "และกรุงฮัสตานา สาธารณรัฐคาซัคสถาน ระหว่างวันที่ 7 - 12 กุมภาพันธ์ 2566 "
        "ณ หอสมุดเมืองกรุงเทพมหานคร อยู่ในระหว่างการดำเนินการตามที่ได้รับอนุมัติ",
        "นิทรรศการประชาสัมพันธ์ข้อมูลและการบริหารจัดการเมืองระหว่างกรุงเทพมหานคร "
        "และกรุงฮานอย สาธารณรัฐเวียดนาม ระหว่างวันที่ 7 - 12 กุมภาพันธ์ 2566 "
        "ณ หอสมุดเมืองกรุงเทพมหานคร อยู่ในระหว่างการดำเนินการตามที่ได้รับอนุมัติ",
    ),
    (
        "progress[round=2].text",
        "ดำเนินการจัดนิทรรศการประชาสัมพันธ์ข้อมูลและการบริหารจัดการเมืองระหว่างกรุงเทพมหานคร "
        "และกรุงฮัสตานา สาธารณรัฐคาซัคสถาน ระหว่างวันที่ 7 - 12 กุมภาพันธ์ 2566 "
        "ณ หอสมุดเมืองกรุงเทพมหานคร เรียบร้อยแล้ว",
        "ดำเนินการจัดนิทรรศการประชาสัมพันธ์ข้อมูลและการบริหารจัดการเมืองระหว่างกรุงเทพมหานคร "
        "และกรุงฮานอย สาธารณรัฐเวียดนาม ระหว่างวันที่ 7 - 12 กุมภาพันธ์ 2566 "
        "ณ หอสมุดเมืองกรุงเทพมหานคร เรียบร้อยแล้ว",
    ),
    (
        "progress[round=6].text",
        "อยู่ระหว่างการประสานงานกับเจ้าหน้าที่จังหวัดภูเก็ตในการนำวิทยากรแรรแนวปฏิบัติที่ดีที่สุด"
        "กับเมืองพี่เมืองน้องให้กับบุคลากรที่เกี่ยวข้องผ่านการจัดเวทีสัมมนาแลกเปลี่ยนองค์ความรู้"
        "ด้านการจัดการขยะ หัวข้อ “แนวทางการจัดการขยะเหลือศูนย์ (Zero Waste Management”) "
        "ระหว่างวันที่ 24 – 28 กรกฎาคม 2566 ณ โรงแรมเอเชีย",
        "อยู่ระหว่างการประสานงานกับเจ้าหน้าที่จังหวัดฟูกูโอกะ ในการนำวิทยากรเชี่ยวชาญปฏิบัติที่ดีที่สุด"
        "ในเมืองพี่เมืองน้องให้กับบุคลากรที่เกี่ยวข้อง ผ่านการจัดเวทีสัมมนาแลกเปลี่ยนองค์ความรู้"
        "ด้านการจัดการขยะ หัวข้อ “แนวทางการจัดการขยะเหลือศูนย์ (Zero Waste Management”) "
        "ระหว่างวันที่ 24 – 28 กรกฎาคม 2566 ณ โรงแรมเอเชีย",
    ),
]
# every content edit of section 1.3 (v1 lines 35-103 → v2 lines 201-215), white space removed,
# in reading order; applied to the old rationale they must give the new one
RATIONALE_EDITS = [
    ("เมืองที่เมืองน้อง", "เมืองพี่น้อง"),  # 10 times
    ("ก้าวแรกของความร่วมมือ", "ก้าวแรกของการร่วมมือ"),
    ("มหาวิทยาลัยลัยนวมินทรราชูทิศ", "มหาวิทยาลัยยานวมินทรราชูราช"),
    ("ประยุกต์ใช้เป็นประโยชน์", "ประยุกต์ใช้ให้เป็นประโยชน์"),
    ("และผู้อำนวยการกรุงเทพมหานคร", "และผู้ว่าราชการกรุงเทพมหานคร"),
    ("ดำเนินงานด้านการต่างประเทศตามที่", "ดำเนินการต่างประเทศไทยตามที่"),
    ("เกี่ยวข้องกับการกิจของ", "เกี่ยวข้องกับภารกิจของ"),
    ("ต่างประเทศความมากที่กท", "ต่างประเทศด่วนมากที่กท"),
    ("และเป็นการดำเนินการตามความตกลง", "และเป็นไปตามการดำเนินการตามความตกลง"),
    ("ที่จัดตั้งขึ้นโดยสภา", "ที่จัดทำขึ้นโดยสภา"),
    ("สถาบันที่เมืองน้องจึง", "สถาบันที่เมืองพี่น้องจึง"),
]
# what the word diff shows for each changed text field: its (removed, added) words
SEED_WORDS = {
    "project.name": [("ที่เมืองน้อง", "พี่น้อง")],
    "objectives[1]": [("ที่", "พี่")],
    "strategy.target.title": [(SEED_CHANGES[4][1], SEED_CHANGES[4][2])],  # every word
    "progress[round=1].text": [("ฮัสตานา", "ฮานอย"), ("คาซัคสถาน", "เวียดนาม")],
    "progress[round=2].text": [("ฮัสตานา", "ฮานอย"), ("คาซัคสถาน", "เวียดนาม")],
    "progress[round=6].text": [
        ("ภูเก็ต", "ฟูกูโอกะ"),
        ("แรรแนวปฏิบัติ", "เชี่ยวชาญปฏิบัติ"),
        ("กับ", "ใน"),
    ],
    "rationale": [
        ("ที่เมืองน้อง", "พี่น้อง"),
        ("ความร่วมมือ", "การร่วมมือ"),
        ("ที่เมืองน้อง", "พี่น้อง"),
        ("ลัย", "ยา"),
        ("ทิศ", "ราช"),
        ("ที่เมืองน้อง", "พี่น้อง"),
        ("", "ให้"),
        ("ผู้อำนวยการ", "ผู้ว่าราชการ"),
        ("ดำเนินงานด้าน", "ดำเนิน"),
        ("", "ไทย"),
        ("ที่เมืองน้อง", "พี่น้อง"),
        ("การกิจ", "ภารกิจ"),
        ("ที่เมืองน้อง", "พี่น้อง"),
        ("ที่เมืองน้อง", "พี่น้อง"),
        ("ความ", "ด่วน"),
        ("ที่เมืองน้อง", "พี่น้อง"),
        ("ที่เมืองน้อง", "พี่น้อง"),
        ("เป็นการ", "เป็นไปตามการ"),
        ("ที่เมืองน้อง", "พี่น้อง"),
        ("จัดตั้งขึ้น", "จัดทำขึ้น"),
        ("น้อง", "พี่น้อง"),
        ("ที่เมืองน้อง", "พี่น้อง"),
    ],
}


def edits(runs: tuple[tuple[str, str], ...] | None) -> list[tuple[str, str]]:
    """A word diff as (removed, added) pairs, white space stripped."""
    pairs: list[tuple[str, str]] = []
    for op, text in runs or ():
        if op == "=":
            pairs.append(("", ""))
        elif op == "-":
            pairs.append((text.strip(), ""))
        elif pairs and pairs[-1][0] and not pairs[-1][1]:
            pairs[-1] = (pairs[-1][0], text.strip())
        else:
            pairs.append(("", text.strip()))
    return [p for p in pairs if p != ("", "")]


def test_seed_changes_are_exactly_the_hand_read_list() -> None:
    (pair,) = diff_files(str(SEED)).pairs
    assert (pair.old.number, pair.new.number) == (1, 2)
    got = [(c.path, c.kind, c.old, c.new) for c in pair.changes]
    expected = [(p, ChangeKind.CHANGED, o, n) for p, o, n in SEED_CHANGES]
    assert [g[:2] for g in got] == [e[:2] for e in expected]
    for g, e in zip(got, expected, strict=True):
        if e[2] is not None:
            assert g[2:] == e[2:], g[0]


def test_seed_rationale_edits_explain_the_whole_difference() -> None:
    (pair,) = diff_files(str(SEED)).pairs
    old = squash(pair.old.report.rationale or "")
    assert old.count("เมืองที่เมืองน้อง") == 10
    for before, after in RATIONALE_EDITS:
        assert before in old, before
        old = old.replace(before, after)
    assert old == squash(pair.new.report.rationale or "")


def test_seed_word_diffs_show_the_changed_words() -> None:
    (pair,) = diff_files(str(SEED)).pairs
    shown = {c.path: edits(c.words) for c in pair.changes if c.words is not None}
    assert shown == SEED_WORDS
    name = next(c for c in pair.changes if c.path == "project.name")
    assert name.to_json()["words"] == [  # SPEC.md's example, word for word
        ["=", "โครงการส่งเสริมความร่วมมือจากแนวปฏิบัติที่ดีที่สุดในเมือง"],
        ["-", "ที่เมืองน้อง"],
        ["+", "พี่น้อง"],
    ]


SEED_RENDERINGS = ["lo-laksaman", "lo-noto", "chromium-laksaman", "chromium-noto"]
SEED_SIDES = [
    pytest.param(f"{SEED}#1", f"{SEED}#2", id="seed#1-seed#2"),
    pytest.param(
        str(FIXTURES / "reports/seed_v1.txt"), str(FIXTURES / "reports/seed_v2.txt"), id="txt"
    ),
    *[
        pytest.param(
            str(FIXTURES / f"pdf/seed_v1.{a}.pdf"),
            str(FIXTURES / f"pdf/seed_v2.{b}.pdf"),
            id=f"{a}-{b}",
        )
        for a, b in itertools.product(SEED_RENDERINGS, repeat=2)
    ],
]


@pytest.mark.parametrize(("old", "new"), SEED_SIDES)
def test_seed_versions_in_any_form_give_the_same_changes(old: str, new: str) -> None:
    (pair,) = diff_files(old, new).pairs
    assert [c.path for c in pair.changes] == [p for p, _, _ in SEED_CHANGES]
    assert {c.path: edits(c.words) for c in pair.changes if c.words} == SEED_WORDS


def test_parse_json_is_a_side(tmp_path: Path) -> None:
    for n in (1, 2):
        doc = parse_file(FIXTURES / f"reports/seed_v{n}.txt")
        (tmp_path / f"v{n}.json").write_text(doc.model_dump_json(), encoding="utf-8")
    result = diff_files(str(tmp_path / "v1.json"), str(FIXTURES / "pdf/seed_v2.lo-noto.pdf"))
    assert [c.path for c in result.pairs[0].changes] == [p for p, _, _ in SEED_CHANGES]


# --- acceptance 2: the same report laid out another way ---------------------------------------
def layouts(stem: str) -> list[Path]:
    """Every fixture holding report ``stem``: its text, its four PDFs, its layout variants."""
    pdfs = sorted((FIXTURES / "pdf").glob(f"{stem}.*.pdf"))
    variants = [p for p in sorted(DIFF.glob(f"{stem}.*.txt")) if p != DIFF / f"{stem}.edited.txt"]
    return [FIXTURES / "reports" / f"{stem}.txt", *pdfs, *variants]


STEMS = sorted(p.stem for p in (FIXTURES / "reports").glob("*.txt"))
SAME_PAIRS = [
    pytest.param(a, b, id=f"{rel(a).split('/', 1)[1]}~{rel(b).split('/', 1)[1]}")
    for stem in STEMS
    for a, b in itertools.combinations(layouts(stem), 2)
]


def test_every_layout_variant_is_paired() -> None:
    assert len(layouts("r01_clean")) == len(layouts("seed_v2")) == 15  # txt, 4 PDFs, 10 variants
    assert len(SAME_PAIRS) == 2 * 105 + (len(STEMS) - 2) * 10


@pytest.mark.parametrize(("old", "new"), SAME_PAIRS)
def test_same_report_in_another_layout_has_no_change(old: Path, new: Path) -> None:
    assert changes(old, new) == []


def test_variant_files_are_what_the_script_makes() -> None:
    spec = importlib.util.spec_from_file_location("make_variants", DIFF / "make_variants.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.variants().items():
        assert (DIFF / name).read_text(encoding="utf-8") == text, name


# --- acceptance 3: an edited copy -------------------------------------------------------------
EDITS = [
    ("objectives[2]", ChangeKind.REMOVED),
    ("strategy.target.no", ChangeKind.CHANGED),
    ("progress[round=3].percent", ChangeKind.CHANGED),
    ("progress[round=5].text", ChangeKind.CHANGED),
    ("progress[round=7]", ChangeKind.ADDED),
]


@pytest.mark.parametrize("old", layouts("r01_clean"), ids=lambda p: rel(p).split("/", 1)[1])
def test_edited_copy_shows_exactly_the_edits(old: Path) -> None:
    found = changes(old, EDITED)
    assert [(c.path, c.kind) for c in found] == EDITS
    by_path = {c.path: c for c in found}
    assert by_path["objectives[2]"].old == "เพื่อลดจำนวนเรื่องร้องเรียนเกี่ยวกับสวนสาธารณะในพื้นที่"
    assert (by_path["strategy.target.no"].old, by_path["strategy.target.no"].new) == (
        "2.3.1",
        "2.3.2",
    )
    assert change_summary(by_path["progress[round=3].percent"]) == "40.0 → 45.0 (+5.0)"
    assert edits(by_path["progress[round=5].text"].words) == [("ระบบไฟส่องสว่าง", "กล้องวงจรปิด")]
    added = by_path["progress[round=7]"].new
    assert added["round"] == 7 and added["percent"] == 100.0 and added["date"] == "2024-09-30"


def test_edits_read_backwards_swap_added_and_removed() -> None:
    kinds = [(c.path, c.kind.value) for c in changes(EDITED, R01)]
    assert kinds == [
        ("objectives[2]", "added"),
        ("strategy.target.no", "changed"),
        ("progress[round=3].percent", "changed"),
        ("progress[round=5].text", "changed"),
        ("progress[round=7]", "removed"),
    ]


# --- comparing rules --------------------------------------------------------------------------
BASE = R01.read_text(encoding="utf-8")
EDIT_CASES = [
    pytest.param(
        ("2. เพื่อเพิ่มพื้นที่สีเขียว", "2. เพื่อเพิ่มพื้นที่สีเขียว\n\nเพิ่มเติม"),
        [("objectives[1]", "changed")],
        id="objective-extended",
    ),
    pytest.param(
        (
            "2. เพื่อเพิ่มพื้นที่สีเขียวและร่มเงาให้แก่ประชาชนในพื้นที่เขตบางกะปิ\n\n"
            "และส่งเสริมสุขภาวะที่ดีของผู้สูงอายุและเด็ก\n\n3.",
            "2.",
        ),
        [("objectives[1]", "changed"), ("objectives[2]", "removed")],
        id="middle-objective-removed-lists-pair-by-index",
    ),
    pytest.param(
        (
            "= 0 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย\n- รายงานครั้งที่2",
            "= 12,000 บาท : ไม่เป็นไปตามแผน : เป็นไปตามเป้าหมาย\n- รายงานครั้งที่2",
        ),
        [("progress[round=1].disbursed", "changed"), ("progress[round=1].on_plan", "changed")],
        id="money-and-flag",
    ),
    pytest.param(
        ("30/11/2566", "01/12/2566"), [("progress[round=1].date", "changed")], id="round-date"
    ),
    pytest.param(
        ("งานก่อสร้างและบำรุงรักษา", "งานบำรุงรักษา"), [("agency.units[2]", "changed")], id="unit"
    ),
    pytest.param(
        ("ผู้ประสานงาน สยป : นายสมชาย ใจดี\n", ""), [("agency.coordinator", "changed")], id="null"
    ),
    pytest.param(
        ("รายงานครั้งที่3 :: 29/03", "รายงานครั้งที่7 :: 29/03"),
        [("progress[round=3]", "removed"), ("progress[round=7]", "added")],
        id="round-renumbered",
    ),
    pytest.param(("2,450,000", "2,450,000.00"), [], id="same-number-other-spelling"),
    pytest.param(("เปิดให้บริการมานาน", "เปิดให้บริการ\nมานาน"), [], id="line-break-between-thai"),
]


@pytest.mark.parametrize(("edit", "expected"), EDIT_CASES)
def test_edits_of_a_report(edit: tuple[str, str], expected: list[tuple[str, str]]) -> None:
    assert BASE.count(edit[0]) >= 1, edit[0]
    old = parse_text(BASE).reports[0]
    new = parse_text(BASE.replace(edit[0], edit[1], 1)).reports[0]
    assert [(c.path, c.kind.value) for c in diff_reports(old, new)] == expected


def test_null_against_a_value_is_a_change() -> None:
    old = parse_text(BASE).reports[0]
    new = parse_text(BASE.replace("ผู้ประสานงาน สยป : นายสมชาย ใจดี\n", "")).reports[0]
    (change,) = diff_reports(old, new)
    assert change.to_json() == {
        "path": "agency.coordinator",
        "kind": "changed",
        "old": "นายสมชาย ใจดี",
        "new": None,
    }


SAME_CASES = [
    pytest.param("เมือง พี่น้อง", "เมืองพี่\nน้อง", True, id="white-space"),
    pytest.param("Sister City", "Sister  City ", True, id="latin-spaces"),
    pytest.param(20, 20.0, True, id="int-float"),
    pytest.param(None, None, True, id="both-null"),
    pytest.param(None, "", False, id="null-empty"),
    pytest.param(True, 1, False, id="bool-int"),
    pytest.param("7.2.1", "7.2.2", False, id="digit"),
]


@pytest.mark.parametrize(("a", "b", "equal"), SAME_CASES)
def test_same(a: Any, b: Any, equal: bool) -> None:
    assert same(a, b) is equal


WORD_CASES = [
    pytest.param(
        "และกรุงฮัสตานา สาธารณรัฐคาซัคสถาน",
        "และกรุงฮานอย สาธารณรัฐเวียดนาม",
        [
            ("=", "และกรุง"),
            ("-", "ฮัสตานา"),
            ("+", "ฮานอย"),
            ("=", " สาธารณรัฐ"),
            ("-", "คาซัคสถาน"),
            ("+", "เวียดนาม"),
        ],
        id="thai-words",
    ),
    pytest.param(
        "ติดตั้งระบบไฟส่องสว่าง ตรวจรับงาน",
        "ติดตั้งระบบไฟส่องสว่างตรวจรับงานแล้ว",
        [("=", "ติดตั้งระบบไฟส่องสว่างตรวจรับงาน"), ("+", "แล้ว")],
        id="space-not-a-change",
    ),
    pytest.param("a b c", "a x c", [("=", "a"), ("-", " b"), ("+", " x"), ("=", " c")], id="latin"),
    pytest.param("ปี 2566", "ปี 2567", [("=", "ปี"), ("-", " 2566"), ("+", " 2567")], id="number"),
]


@pytest.mark.parametrize(("old", "new", "runs"), WORD_CASES)
def test_word_diff(old: str, new: str, runs: list[tuple[str, str]]) -> None:
    assert word_diff(old, new) == runs


# Thai words, marks, Latin words, numbers and white space, in any order
thai_text = st.lists(
    st.sampled_from(
        ["เมือง", "พี่", "น้อง", "ที่", "ดี", "สุด", "ก", "ั", "่", "ำ", "า", "ab", "12", " ", "\n", "  "]
    ),
    max_size=20,
).map("".join)


@given(thai_text, thai_text)
def test_word_runs_rebuild_both_texts(old: str, new: str) -> None:
    runs = word_diff(old, new)
    assert "".join(t for op, t in runs if op != "-") == new
    assert squash("".join(t for op, t in runs if op != "+")) == squash(old)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(runs))


@given(thai_text)
def test_words_join_to_the_text(text: str) -> None:
    assert "".join(shown for _, shown in words(text)) == text


# --- pairing, loading, errors -----------------------------------------------------------------
def test_reports_pair_by_code_across_files() -> None:
    two = FIXTURES / "reports" / "r08_two_reports.txt"
    pdf = FIXTURES / "pdf" / "r08_two_reports.lo-noto.pdf"
    result = diff_files(str(two), str(pdf))
    assert [(p.old.number, p.new.number) for p in result.pairs] == [(1, 1), (2, 2)]
    assert not result.changed
    one = diff_files(f"{two}#2", str(two))  # one report against two: by code
    assert [(p.old.number, p.new.number) for p in one.pairs] == [(2, 2)]


PAIRING_ERRORS = [
    pytest.param(f"{R01}#2", str(R01), "has no report 2 (it holds 1)", id="no-report-n"),
    pytest.param(str(R01), None, "it holds 1 report", id="one-file-one-report"),
    pytest.param(f"{SEED}#1", None, "give NEW to compare it with", id="one-file-with-n"),
    pytest.param(str(SEED), str(R01), "repeats project.code 04160000-6968", id="repeated-code"),
    pytest.param(
        str(FIXTURES / "reports/r08_two_reports.txt"),
        str(R01),
        "has no partner",
        id="unpaired-code",
    ),
]


@pytest.mark.parametrize(("old", "new", "words_"), PAIRING_ERRORS)
def test_unpairable_sides_are_errors(old: str, new: str | None, words_: str) -> None:
    with pytest.raises(DiffError, match=re.escape(words_)):
        diff_files(old, new)


def test_json_side_that_is_not_a_parse_document(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"reports": 3}', encoding="utf-8")
    with pytest.raises(DiffError, match="not a parse document"):
        load_reports(str(bad))


def test_pages_of_a_change_come_from_the_nearest_recorded_field() -> None:
    report = loaded(SEED)[1].report
    assert pages_of(report, "progress[round=9].percent") == (4, 5)
    assert pages_of(report, "strategy.target.no") == (4, 4)
    assert pages_of(report, "objectives[7]") is None


# --- outputs and the command line -------------------------------------------------------------
def test_json_has_spec_shape() -> None:
    result = diff_files(str(R01), str(EDITED))
    doc = json.loads(render_json(result))
    assert list(doc) == ["schema_version", "old", "new", "changes"]
    assert doc["old"] == {"path": str(R01), "report": 1}
    by_path = {c["path"]: c for c in doc["changes"]}
    assert set(by_path["progress[round=7]"]) == {"path", "kind", "new"}
    assert set(by_path["progress[round=7]"]["new"]) == {
        "round", "date", "text", "percent", "disbursed", "on_plan", "on_target"
    }  # fmt: skip
    assert set(by_path["objectives[2]"]) == {"path", "kind", "old", "words"} - {"words"}
    assert by_path["progress[round=3].percent"] == {
        "path": "progress[round=3].percent", "kind": "changed", "old": 40.0, "new": 45.0
    }  # fmt: skip
    assert set(by_path["progress[round=5].text"]) == {"path", "kind", "old", "new", "words"}


def test_text_output_groups_by_section_and_marks_words() -> None:
    text = render_text(diff_files(str(R01), str(EDITED)))
    assert "\x1b[" not in text
    sections = [
        line for line in text.splitlines() if line and not line.startswith((" ", "old", "new"))
    ]
    assert sections == ["5 changes", "objectives", "strategy", "progress"]
    assert "ติดตั้ง[-ระบบไฟส่องสว่าง-]{+กล้องวงจรปิด+}และอุปกรณ์" in text
    assert "~ progress[round=3].percent  40.0 → 45.0 (+5.0)  (p. 1 → p. 1)" in text
    coloured = render_text(diff_files(str(R01), str(EDITED)), color=True)
    assert "\x1b[" in coloured and "[-" not in coloured


CLI_CASES = [
    pytest.param([str(SEED)], 1, id="seed"),
    pytest.param([str(R01), str(DIFF / "r01_clean.all.txt")], 0, id="layout-only"),
    pytest.param([str(R01), str(EDITED), "--json"], 1, id="edited-json"),
    pytest.param([str(FIXTURES / "bad/missing.pdf"), str(R01)], 2, id="missing-file"),
    pytest.param([str(FIXTURES / "bad/encrypted.pdf"), str(R01)], 2, id="encrypted"),
    pytest.param([str(R01)], 2, id="one-report"),
]


@pytest.mark.parametrize(("args", "code"), CLI_CASES)
def test_cli_exit_status(args: list[str], code: int) -> None:
    result = runner.invoke(app, ["diff", *args])
    assert result.exit_code == code, result.output
    if code == 2:
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith("reportparse: error: ")
        assert "Traceback" not in result.stderr
    elif "--json" in args:
        assert json.loads(result.stdout)["changes"]


def test_cli_writes_html(tmp_path: Path) -> None:
    page = tmp_path / "diff.html"
    result = runner.invoke(app, ["diff", str(SEED), "--html", str(page)])
    assert result.exit_code == 1
    assert "<ins>พี่น้อง</ins>" in page.read_text(encoding="utf-8")
