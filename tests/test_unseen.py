"""Unseen exports: the same answer when the wording, the header or the producer changes.

Every fixture of ``fixtures/unseen`` (made by ``fixtures/make_unseen.py``, truth in its
``TRUTH.json``) gives its source's report field for field, and ``diff`` against the text it was
made from finds no change: headings worded as other agencies word them, page frames other
exports print, text nobody sees (micro, white, transparent, outside the crop box, clipped),
glyph-by-glyph PDFs without their spaces, and spellings that look the same on the page.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import regex

from reportparse import parse_file
from reportparse.diff import diff_files
from reportparse.extract.pdfium import HIDDEN
from reportparse.form import FORM_TITLE

from .conftest import FIXTURES, ROOT, golden_path, rel

sys.path.insert(0, str(ROOT / "bench"))
from unseen_baseline import differing, truth_of

UNSEEN = FIXTURES / "unseen"
TRUTH: dict[str, dict[str, Any]] = json.loads((UNSEEN / "TRUTH.json").read_text("utf-8"))
NAMES = sorted(TRUTH)


@cache
def reports(path: Path) -> list[dict[str, Any]]:
    """The reports of a file, without where each value was read (its lines and boxes)."""
    return [json.loads(r.model_dump_json()) for r in parse_file(path, sources=False).reports]


def truth(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return truth_of(entry, {}, reports)


def changes(old: Path, new: Path, n: int) -> int:
    specs = (
        [(str(old), str(new))]
        if n == 1
        else [(f"{old}#{k}", f"{new}#{k}") for k in range(1, n + 1)]
    )
    return sum(len(p.changes) for a, b in specs for p in diff_files(a, b).pairs)


def test_every_class_is_there() -> None:
    classes = {e["class"] for e in TRUTH.values()}
    assert classes == {"headings", "invisible", "spaces", "spellings"}
    fonts = {e.get("font") for e in TRUTH.values() if e["class"] == "invisible"}
    assert len(fonts - {None}) >= 4  # Chromium x >= 4 Thai fonts
    wordings = {}
    for e in TRUTH.values():
        if e.get("kind") == "one_heading":
            wordings.setdefault(e["section"], set()).add(e["heading"])
    assert all(len(w) >= 5 for w in wordings.values()), {k: len(w) for k, w in wordings.items()}


def test_truth_texts_read_as_their_reports() -> None:
    """The cut and renamed truth texts hold what their report holds (the rename aside)."""
    for name in ("r01_clean.cut35", "seed_v2.cut26"):
        stem = name.split(".")[0]
        expected = json.loads((FIXTURES / "reports" / f"{stem}.expected.json").read_text("utf-8"))
        assert differing(expected["reports"], reports(UNSEEN / "truth" / f"{name}.txt")) == []


@pytest.mark.parametrize("name", NAMES)
def test_fixture_gives_its_source_field_for_field(name: str) -> None:
    entry = TRUTH[name]
    want = truth(entry)
    assert differing(want, reports(UNSEEN / name)) == []
    assert changes(ROOT / entry["truth_source_txt"], UNSEEN / name, len(want)) == 0


@pytest.mark.parametrize("name", [n for n in NAMES if TRUTH[n]["class"] == "invisible"])
def test_text_nobody_sees_is_left_out_and_counted(name: str) -> None:
    trick = TRUTH[name]["trick"]
    doc = json.loads(golden_path(UNSEEN / name).read_text("utf-8"))
    hidden = {k: v for k, v in doc["source"]["repairs"].items() if k in HIDDEN}
    expected = {
        "none": set(),
        "micro_fixed": {"hidden_tiny"},
        "micro_tfoot": {"hidden_tiny"},
        "white": {"hidden_unpainted"},
        "transparent": {"hidden_unpainted"},
        "outside_cropbox": {"hidden_outside_page"},
        "clipped": {"hidden_clipped"},
    }[trick]
    if trick == "clipped" and not _thai_at_foot(name):
        expected = set()  # Chromium left the clipped box out of the PDF: nothing to hide
    assert set(hidden) == expected, hidden


#: the tricks' boxes sit at the page's foot (fixed, bottom: 2mm), below every line of the report
FOOT = 65.0


def _thai_at_foot(name: str) -> int:
    """Thai characters in the raw text layer (PDFium, nothing removed) at the page's foot."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(UNSEEN / name)
    try:
        return sum(
            "\u0e00" <= tp.get_text_range(i, 1) <= "\u0e7f" and tp.get_charbox(i)[1] < FOOT
            for tp in (page.get_textpage() for page in pdf)
            for i in range(tp.count_chars())
        )
    finally:
        pdf.close()


@pytest.mark.parametrize(
    ("folded", "plain"),
    [
        ("spellings/r01_clean.folded.txt", "reports/r01_clean.txt"),
        ("spellings/seed_v2.folded.txt", "reports/seed_v2.txt"),
        ("spellings/r01_clean.folded.lo-laksaman.pdf", "pdf/r01_clean.lo-laksaman.pdf"),
        ("spellings/seed_v2.folded.lo-laksaman.pdf", "pdf/seed_v2.lo-laksaman.pdf"),
    ],
)
def test_a_spelling_that_looks_the_same_gives_the_same_report(folded: str, plain: str) -> None:
    a, b = UNSEEN / folded, FIXTURES / plain
    if a.suffix == ".txt":
        assert reports(a) == reports(b)  # byte-identical reports
    else:
        assert differing(reports(b), reports(a)) == []
    assert changes(b, a, 1) == 0


#: what a page frame prints, none of which is content: the form's title (any wording), a page
#: number, a printed-at stamp, a system banner
FRAGMENTS = regex.compile(
    rf"""
    {FORM_TITLE[:25]}                           # แบบแสดงรายงานความก้าวหน้า
    |แบบรายงาน(?:ความก้าวหน้า|ผลการดำเนินงาน)โครงการ
    |\*\*\*\*
    |หน้า(?:ที่)?\s*\d+\s*(?:/|จาก)\s*\d+         # หน้า 2/5, หน้าที่ 2 จาก 5
    |พิมพ์จากระบบ
    |ระบบติดตามและประเมินผลโครงการ
    """,
    regex.VERBOSE,
)
GOLDENS = sorted(FIXTURES.rglob("*.expected.json"))


def _strings(value: Any, path: str = "") -> Any:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


def test_no_text_field_of_any_output_holds_a_page_frame() -> None:
    """Every golden output of every fixture (the unseen ones included): no field's text
    carries a fragment of a page header or footer."""
    assert len(GOLDENS) > 550
    found = []
    for golden in GOLDENS:
        for report in json.loads(golden.read_text("utf-8")).get("reports", []):
            for path, text in _strings({k: v for k, v in report.items() if k != "warnings"}):
                if FRAGMENTS.search(text):
                    found.append((rel(golden), path, text[:80]))
    assert found == []
