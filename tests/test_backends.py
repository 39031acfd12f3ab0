"""Every backend reads every fixture PDF to the same reports (issue: Thai text fidelity)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from reportparse import parse_file
from reportparse.errors import BackendUnavailableError

from .conftest import FIXTURES, rel, require_module

CLEAN = sorted((FIXTURES / "pdf").glob("*.pdf"))
PDFS = CLEAN + sorted((FIXTURES / "damaged").glob("*.pdf"))


@cache
def reports(path: Path, backend: str) -> list[dict[str, Any]]:
    """The reports as read by ``backend``, without where each value was read (a backend's
    boxes are its own: ``test_backend_places_each_value_where_auto_does``)."""
    return parse_file(path, backend=backend, sources=False).model_dump(mode="json")["reports"]


@cache
def sources(path: Path, backend: str) -> list[dict[str, Any]]:
    doc = parse_file(path, backend=backend).model_dump(mode="json")
    return [r["sources"] for r in doc["reports"]]


def without_inferred(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reports without their text_inferred warnings: where a backend infers a glyph from the
    page's statistics, auto reads it from its outline instead, and has nothing to warn."""
    return [
        {**r, "warnings": [w for w in r["warnings"] if w["code"] != "text_inferred"]} for r in found
    ]


@pytest.mark.parametrize("pdf", PDFS, ids=rel)
@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_backend_gives_the_same_reports_as_auto(pdf: Path, backend: str) -> None:
    assert without_inferred(reports(pdf, backend)) == without_inferred(reports(pdf, "auto"))


#: how far a backend's box of a line may be from auto's (points): pdfminer's glyph boxes are the
#: font's bounding box, PDFium's its ascent and descent (a Thai line's tall marks)
ACROSS, UP_DOWN = 2.0, 10.0


@pytest.mark.parametrize("pdf", CLEAN[::3], ids=rel)
@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_backend_places_each_value_where_auto_does(pdf: Path, backend: str) -> None:
    """The same values from the same raw text, on the same lines of the same pages."""
    for mine, auto in zip(sources(pdf, backend), sources(pdf, "auto"), strict=True):
        assert mine.keys() == auto.keys()
        for path, source in mine.items():
            assert source["text"] == auto[path]["text"], path
            assert len(source["spans"]) == len(auto[path]["spans"]), path
            for got, want in zip(source["spans"], auto[path]["spans"], strict=True):
                assert got["page"] == want["page"], path
                (a0, at, a1, ab), (b0, bt, b1, bb) = got["bbox"], want["bbox"]
                assert abs(a0 - b0) <= ACROSS and abs(a1 - b1) <= ACROSS, path
                assert abs(at - bt) <= UP_DOWN and abs(ab - bb) <= UP_DOWN, path


# MuPDF writes an unmapped glyph as U+FFFD, losing the glyph code the inference needs, so it
# is held to the clean fixtures only
@pytest.mark.parametrize("pdf", CLEAN, ids=rel)
def test_mupdf_extra_gives_the_same_reports(pdf: Path) -> None:
    require_module("pymupdf", "mupdf")
    assert reports(pdf, "mupdf") == reports(pdf, "auto")


def test_auto_never_takes_a_reading_that_drops_the_damaged_glyphs() -> None:
    """pdftocairo maps a Chromium copy's marks to U+FFFD; MuPDF drops those glyphs, so its
    reading looks undamaged ("ที่" read "ที"): auto must not fall back on it there, and reads
    them from their outlines, as without MuPDF."""
    require_module("pymupdf", "mupdf")
    pdf = FIXTURES / "archive" / "seed_v1.chromium-noto.cairo.pdf"
    doc = parse_file(pdf, sources=False)
    assert "mupdf" not in doc.source.backend
    assert "ทีเกียว" not in (doc.reports[0].rationale or "")
    assert "ที่เกี่ยวข้อง" in (doc.reports[0].rationale or "")


def test_source_names_the_backend() -> None:
    pdf = FIXTURES / "pdf" / "r01_clean.chromium-noto.pdf"
    assert parse_file(pdf, backend="pdfplumber").source.backend == "pdfplumber"
    assert parse_file(pdf).source.backend == "pdfium"


def test_missing_mupdf_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pymupdf", None)  # import fails as if not installed
    monkeypatch.delitem(sys.modules, "reportparse.extract.mupdf", raising=False)
    with pytest.raises(BackendUnavailableError, match=r"pip install 'reportparse\[mupdf\]'"):
        parse_file(FIXTURES / "pdf" / "r01_clean.lo-noto.pdf", backend="mupdf")
