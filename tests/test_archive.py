"""Archive copies: a report after Ghostscript, PostScript and back, cairo or qpdf reads as its
source did (fixtures/archive, made by fixtures/make_archive.py), or says it cannot.

Scored by ``bench/scoring.py`` against each report's truth (its text's expected JSON), cell by
cell (source producer × pipeline): fields ≥ 99 %, text CER ≤ 0.5 %, no wrong field without a
warning on it or its page; a qpdf copy reads exactly as its source.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURES, ROOT, rel
from .test_golden import ARCHIVE_FIXTURES, content, parsed

sys.path.insert(0, str(ROOT / "bench"))
from scoring import Score, merge, score

ARCHIVE = FIXTURES / "archive"
COPIES = sorted(ARCHIVE.glob("*.pdf"))
PIPELINES = ("gs", "ps2pdf", "cairo", "qpdf")
#: the source of each copy, by the copy's name without its pipeline
SOURCES = {
    f"{s['stem']}.{s['producer']}-{s['font']}": FIXTURES / s["source"]
    for s in json.loads((ARCHIVE / "manifest.json").read_text())["sources"]
}


def cell(pdf: Path) -> tuple[str, str]:
    """(source producer, pipeline) of an archive copy: ``r01_clean.lo-laksaman.gs.pdf``."""
    _, rendering, pipeline, _ = pdf.name.split(".")
    return rendering.split("-")[0], pipeline


def truth(pdf: Path) -> dict[str, Any]:
    stem = pdf.name.split(".")[0]
    return json.loads((FIXTURES / "reports" / f"{stem}.expected.json").read_text())


def test_every_pipeline_of_every_producer_is_there() -> None:
    cells = {cell(p) for p in COPIES}
    producers = {"lo", "chromium", "fpdf2", "reportlab", "weasyprint"}
    assert cells == {(prod, pipe) for prod in producers for pipe in PIPELINES}
    fonts = {p.name.split(".")[1].split("-")[1] for p in COPIES}
    assert {"laksaman", "noto", "garuda", "loma"} <= fonts


@cache
def _scores() -> dict[tuple[str, str], Score]:
    by_cell: dict[tuple[str, str], list[Score]] = defaultdict(list)
    for pdf in COPIES:
        by_cell[cell(pdf)].append(score(parsed(pdf), truth(pdf)))
    return {key: merge(scores) for key, scores in by_cell.items()}


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_each_producer_reads_through_the_pipeline(pipeline: str) -> None:
    for (producer, pipe), s in sorted(_scores().items()):
        if pipe != pipeline:
            continue
        assert s.field_rate >= 0.99, (producer, pipe, s.wrong[:3])
        assert s.cer <= 0.005, (producer, pipe, s.cer)
        assert not s.silent, (producer, pipe, s.silent[:3])


@pytest.mark.parametrize("pdf", sorted(ARCHIVE.glob("*.qpdf.pdf")), ids=rel)
def test_a_qpdf_copy_reads_as_its_source(pdf: Path) -> None:
    source = SOURCES[pdf.name.removesuffix(".qpdf.pdf")]
    assert content(parsed(pdf)["reports"]) == content(parsed(source)["reports"])


def test_a_copy_with_broken_maps_says_how_its_pages_were_read() -> None:
    doc = parsed(ARCHIVE / "r01_clean.lo-laksaman.ps2pdf.pdf")
    assert {p["read"] for p in doc["source"]["pages"]} == {"recovered"}
    assert {p["method"] for p in doc["source"]["pages"]} == {"outlines"}


def test_archive_fixtures_have_goldens() -> None:
    assert len(ARCHIVE_FIXTURES) == len(COPIES) + len(list((ARCHIVE / "sources").glob("*.pdf")))
