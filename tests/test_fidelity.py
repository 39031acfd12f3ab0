"""Text fidelity across producers: the seed's second version rendered by LibreOffice,
Chromium, fpdf2 and reportlab, each with Laksaman, Garuda and Noto Sans Thai
(fixtures/matrix/), read back with ``reportparse text`` in the default install."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest
import regex
from typer.testing import CliRunner

from reportparse.cli import app
from reportparse.extract import extract
from reportparse.textlayer import layer_stats, text_of

from .conftest import FIXTURES, rel

MATRIX = sorted((FIXTURES / "matrix").glob("*.pdf"))
SOURCE = FIXTURES / "reports" / "seed_v2.txt"
#: white space is not compared (producers wrap differently) nor the page header they repeat
NOT_COMPARED = regex.compile(r"\s+|\*+|แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ")
MAX_CER = 0.002


def character_error_rate(reference: str, text: str) -> float:
    """Edits (at most) from ``reference`` to ``text`` per reference character.

    difflib's opcodes give an upper bound of the Levenshtein distance: a pass here is a pass.
    """
    ops = difflib.SequenceMatcher(None, reference, text, autojunk=False).get_opcodes()
    edits = sum(max(a2 - a1, b2 - b1) for op, a1, a2, b1, b2 in ops if op != "equal")
    return edits / len(reference)


@pytest.fixture(autouse=True)
def default_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Measure what a default install does: PyMuPDF (an extra) is not there."""
    monkeypatch.setitem(sys.modules, "pymupdf", None)
    monkeypatch.delitem(sys.modules, "reportparse.extract.mupdf", raising=False)


def test_the_matrix_is_complete() -> None:
    cells = {p.name.split(".")[1] for p in MATRIX}
    producers = {"lo", "chromium", "fpdf2", "reportlab"}
    fonts = {"laksaman", "garuda", "noto"}
    assert cells == {f"{p}-{f}" for p in producers for f in fonts}


@pytest.mark.parametrize("pdf", MATRIX, ids=rel)
def test_character_error_rate(pdf: Path) -> None:
    reference = NOT_COMPARED.sub("", SOURCE.read_text(encoding="utf-8"))
    text = NOT_COMPARED.sub("", text_of(extract(pdf)))
    assert character_error_rate(reference, text) <= MAX_CER


@pytest.mark.parametrize("pdf", MATRIX, ids=rel)
def test_no_damage_left(pdf: Path) -> None:
    assert all(not s.damage_after for s in layer_stats(extract(pdf), oov=False))


def test_cer_measure() -> None:
    assert character_error_rate("กขคง", "กขคง") == 0
    assert character_error_rate("กขคง", "กขง") == 0.25


def test_text_command_prints_pages_and_stats(tmp_path: Path) -> None:
    out = tmp_path / "seed.txt"
    pdf = FIXTURES / "matrix" / "seed_v2.chromium-noto.pdf"
    result = CliRunner().invoke(app, ["text", str(pdf), "--stats", "-o", str(out)])
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("\f") == len(extract(pdf).pages) - 1
    assert "ความก้าวหน้าของงานฯ" in text
    assert result.stderr.splitlines()[0].startswith("page  backend")
