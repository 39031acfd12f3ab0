"""Provenance: each report says where every value was read (``sources``, SPEC.md's additions).

On every fixture with a golden: every non-null value and every round has a source; on every
PDF, each source's boxes show its raw text (``tests/boxes.py`` says how a box is read, and
``bench/source_boxes.py`` reports the shares). ``--no-sources`` gives the document as it was
before sources, byte for byte; ``diff`` ignores them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import regex
from typer.testing import CliRunner

from reportparse import paths
from reportparse.cli import app
from reportparse.diff import diff_reports
from reportparse.models import Document, to_json
from reportparse.normalize import Joined, Line
from reportparse.pipeline import parse_file, parse_text

from .boxes import boxed_sources, repaired, shown_text, squashed
from .conftest import FIXTURES, golden_path, rel

PDFS = sorted(p for p in FIXTURES.rglob("*.pdf") if golden_path(p).exists())
TEXTS = sorted(p for p in FIXTURES.rglob("*.txt") if golden_path(p).exists())


@cache
def golden(fixture: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(golden_path(fixture).read_text(encoding="utf-8"))
    return data


def value_paths(report: dict[str, Any]) -> Iterator[str]:
    """The path of every non-null value of a report, as ``sources`` keys them: the fields of
    project and agency, each unit, the free texts, each objective, the number and title of
    each strategy item, every round and each of its values but its number."""
    for group in ("project", "agency"):
        for name, value in report[group].items():
            if name == "units":
                yield from (paths.item("agency.units", i) for i in range(len(value)))
            elif value is not None:
                yield paths.field(group, name)
    for name in ("rationale", "goal"):
        if report[name] is not None:
            yield name
    yield from (paths.item("objectives", i) for i in range(len(report["objectives"])))
    for name, item in report["strategy"].items():
        for part, value in (item or {}).items():
            if value is not None:
                yield paths.field(paths.field("strategy", name), part)
    for r in report["progress"]:
        where = paths.round_item(r["round"])
        yield where
        yield from (paths.field(where, k) for k, v in r.items() if k != "round" and v is not None)


@pytest.mark.parametrize("fixture", PDFS + TEXTS, ids=rel)
def test_every_value_and_round_has_a_source(fixture: Path) -> None:
    doc = golden(fixture)
    for n, report in enumerate(doc["reports"], start=1):
        missing = [p for p in value_paths(report) if p not in report["sources"]]
        assert not missing, f"report {n}"
        spans = [s for source in report["sources"].values() for s in source["spans"]]
        assert spans
        if fixture.suffix == ".pdf":  # boxes, in points on the page
            assert all(len(s["bbox"]) == 4 and "line" not in s for s in spans), f"report {n}"
        else:  # line numbers of the file
            assert all(s["line"] >= 1 and "bbox" not in s for s in spans), f"report {n}"


@pytest.mark.parametrize("pdf", PDFS, ids=rel)
def test_each_box_shows_its_raw_text(pdf: Path) -> None:
    doc = golden(pdf)
    shown = shown_text(pdf, doc)
    sources = list(boxed_sources(doc))
    missed = [(p, text) for p, text, spans in sources if shown.verdict(text, spans) == "missed"]
    assert sources
    assert not missed


#: one PDF of each producer and page geometry: LibreOffice, Chromium, fpdf2 (its media box
#: inherited from the page tree), reportlab, a crop box raised above the media box's bottom
CONVENTION = [
    FIXTURES / "pdf/r01_clean.lo-laksaman.pdf",
    FIXTURES / "pdf/r02_thai_digits.chromium-noto.pdf",
    FIXTURES / "archive/sources/r01_clean.fpdf2-loma.pdf",
    FIXTURES / "archive/sources/r02_thai_digits.reportlab-loma.pdf",
    FIXTURES / "unseen/invisible/r07_page_breaks.outside_cropbox.chromium-loma.pdf",
    FIXTURES / "unseen/spaces/r03_budget_warnings.tight.fpdf2-noto-14pt.pdf",
]
#: values whose raw text is digits and punctuation, which every reader gets right
NUMERIC = regex.compile(
    r"project\.(code|fiscal_year_be|budget_\w+)|progress\[round=\d+\]\.(date|percent)"
)
DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


@pytest.mark.parametrize("pdf", CONVENTION, ids=rel)
def test_boxes_are_in_pdfplumbers_coordinates(pdf: Path) -> None:
    """pdfplumber, reading the page by itself, finds each numeric value's digits inside its box:
    the boxes are in its convention (x in user space, top down from the media box's top)."""
    import pdfplumber

    checked = 0
    with pdfplumber.open(pdf) as doc:
        for report in golden(pdf)["reports"]:
            for path, source in report["sources"].items():
                if not NUMERIC.fullmatch(path):
                    continue
                want = regex.sub(r"[^0-9]", "", source["text"])
                for span in source["spans"][:1]:
                    page = doc.pages[span["page"] - 1]
                    x0, top, x1, bottom = span["bbox"]
                    left, up, right, down = page.bbox
                    box = (max(x0 - 1.5, left), max(top - 1.5, up))
                    box += (min(x1 + 1.5, right), min(bottom + 1.5, down))
                    text = (page.crop(box).extract_text() or "").translate(DIGITS)
                    assert want in regex.sub(r"[^0-9]", "", text), (path, text)
                    checked += 1
    assert checked >= 10


@pytest.mark.parametrize("text_file", sorted((FIXTURES / "reports").glob("*.txt")), ids=rel)
def test_a_text_exports_lines_hold_the_raw_text(text_file: Path) -> None:
    """A text export's spans are its line numbers: the lines they name hold the raw text."""
    file_lines = text_file.read_text(encoding="utf-8").split("\n")
    for report in golden(text_file)["reports"]:
        for source in report["sources"].values():
            held = "\n".join(file_lines[s["line"] - 1] for s in source["spans"])
            assert squashed(source["text"]) in squashed(repaired(held))


# --- --no-sources: the document of before ------------------------------------------------------
def without_sources(doc: dict[str, Any]) -> dict[str, Any]:
    """A parse document with its sources and warning spans taken out."""
    for report in doc["reports"]:
        report.pop("sources", None)
        for w in report["warnings"]:
            w.pop("spans", None)
    return doc


NO_SOURCES = sorted((FIXTURES / "pdf").glob("*.pdf")) + sorted((FIXTURES / "reports").glob("*.txt"))


@pytest.mark.parametrize("fixture", NO_SOURCES, ids=rel)
def test_no_sources_gives_the_document_of_before_byte_for_byte(fixture: Path) -> None:
    """Without sources, the document is the golden as it was before sources were added: the
    golden with them taken out, written the same way."""
    got = parse_file(fixture, sources=False).model_dump(mode="json")
    got["source"]["path"] = rel(fixture)
    before = without_sources(json.loads(golden_path(fixture).read_text(encoding="utf-8")))
    written = json.dumps(got, ensure_ascii=False, indent=2)
    assert written == json.dumps(before, ensure_ascii=False, indent=2)
    assert '"sources"' not in written and '"spans"' not in written


def test_parse_no_sources_on_the_command_line(tmp_path: Path) -> None:
    pdf = FIXTURES / "pdf/r03_budget_warnings.lo-noto.pdf"
    runner = CliRunner()
    full = runner.invoke(app, ["parse", str(pdf)])
    lean = runner.invoke(app, ["parse", "--no-sources", str(pdf)])
    assert full.exit_code == lean.exit_code == 0
    assert '"sources"' in full.stdout and '"spans"' in full.stdout
    assert lean.stdout == to_json(parse_file(pdf, sources=False)) + "\n"
    assert '"sources"' not in lean.stdout and '"spans"' not in lean.stdout
    assert len(lean.stdout) < len(full.stdout) / 2


def test_batch_no_sources(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes((FIXTURES / "reports/r01_clean.txt").read_bytes())
    result = CliRunner().invoke(
        app, ["batch", str(src), "-o", str(tmp_path / "out"), "--no-sources", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    written = (tmp_path / "out/a.txt.json").read_text(encoding="utf-8")
    assert '"sources"' not in written and '"spans"' not in written


# --- the records behind sources ----------------------------------------------------------------
JOINED = [
    # (lines, start, end, the numbers of the lines the range lies on)
    (["27/03/2566 : ประชุม", "ครั้งที่ 2"], 0, 10, [1]),
    (["27/03/2566 : ประชุม", "ครั้งที่ 2"], 13, 27, [1, 2]),
    (["27/03/2566 : ประชุม", "ครั้งที่ 2"], 19, 27, [2]),
    (["ความก้าวหน้า =  10.00", "%"], 14, 19, [1]),
    (["a", "b", "c"], 0, 5, [1, 2, 3]),
]


@pytest.mark.parametrize(("texts", "start", "end", "numbers"), JOINED, ids=str)
def test_a_part_of_joined_lines_knows_its_lines(
    texts: list[str], start: int, end: int, numbers: list[int]
) -> None:
    joined = Joined.of([Line(1, i, t) for i, t in enumerate(texts, start=1)])
    assert [x.number for x in joined.lines_in(start, end)] == numbers
    assert len(joined.owners) == len(joined.text)


def test_the_lines_of_a_part_by_offsets_are_those_by_each_character() -> None:
    """``Joined.lines_in`` takes the lines' offsets where joining changed no white space: the
    same lines as the line of each character (``owners``) gives, on every range of a report."""
    report = parse_text((FIXTURES / "reports/r09_long_rounds.txt").read_text(encoding="utf-8"))
    assert report.reports
    text = (FIXTURES / "reports/r09_long_rounds.txt").read_text(encoding="utf-8").split("\n")
    lines = [Line(1, i, t.strip()) for i, t in enumerate(text[40:60], start=1) if t.strip()]
    joined = Joined.of(lines)
    assert joined.places is not None
    for start in range(0, len(joined.text), 7):
        for end in range(start, len(joined.text) + 1, 11):
            by_owner = sorted(
                {joined.owners[i] for i in range(start, end) if not joined.text[i].isspace()} - {-1}
            )
            assert joined.lines_in(start, end) == tuple(joined.lines[i] for i in by_owner)


def test_a_rounds_values_stand_on_their_own_lines() -> None:
    text = (FIXTURES / "reports/r01_clean.txt").read_text(encoding="utf-8")
    report = parse_text(text).reports[0]
    sources = report.sources or {}
    date = sources["progress[round=1].date"]
    percent = sources["progress[round=1].percent"]
    assert date.text == "30/11/2566" and percent.text == "10.00"
    assert [s.line for s in date.spans] != [s.line for s in percent.spans]
    lines = text.split("\n")
    assert "30/11/2566" in lines[date.spans[0].line - 1]  # type: ignore[operator]
    assert "10.00" in lines[percent.spans[0].line - 1]  # type: ignore[operator]


def test_a_warning_carries_the_spans_of_its_value() -> None:
    doc = parse_file(FIXTURES / "pdf/r03_budget_warnings.lo-noto.pdf")
    report = doc.reports[0]
    sources = report.sources or {}
    for w in report.warnings:
        assert w.spans, w.code
        if w.path == "project.budget_used":
            assert w.spans == sources["project.budget_used"].spans


def test_diff_ignores_sources() -> None:
    a = parse_file(FIXTURES / "pdf/r01_clean.lo-laksaman.pdf").reports[0]
    b = parse_file(FIXTURES / "pdf/r01_clean.chromium-noto.pdf").reports[0]
    assert a.sources != b.sources
    assert diff_reports(a, b) == []
    lean = Document.model_validate_json(
        to_json(parse_file(FIXTURES / "reports/r01_clean.txt", sources=False))
    )
    assert diff_reports(lean.reports[0], a) == []
