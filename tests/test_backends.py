"""Every backend reads every fixture PDF to the same reports (issue: Thai text fidelity)."""

from __future__ import annotations

import subprocess
import sys
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


def spied(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[tuple[Any, ...]]:
    """The arguments of each call of ``owner.name`` from now on (a method's with its self)."""
    calls: list[tuple[Any, ...]] = []
    real = getattr(owner, name)

    def spy(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(owner, name, spy)
    return calls


def opened_readers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """The (backend, source) of each reader ``auto`` opens from now on."""
    from reportparse.extract import pdf as extract_pdf

    return spied(monkeypatch, extract_pdf, "open_reader")


def outline_layouts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """The (reader, page index) of each page read from its glyph outlines from now on."""
    from reportparse.extract.recover import OutlineReader

    return spied(monkeypatch, OutlineReader, "_layout")


@pytest.mark.parametrize(
    ("pdf", "opens"),
    [
        (FIXTURES / "pdf" / "r06_garbled.lo-laksaman.pdf", []),
        (FIXTURES / "fonts" / "r06_garbled.chromium-garuda.pdf", []),
        (FIXTURES / "pdf" / "r06_garbled.chromium-noto.pdf", ["outlines"]),
        (FIXTURES / "pdf" / "r06_garbled.lo-noto.pdf", ["outlines"]),
    ],
    ids=lambda v: rel(v) if isinstance(v, Path) else "-".join(v) or "none",
)
def test_a_replacement_character_the_document_draws_is_not_read_again(
    pdf: Path, opens: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export that had lost a character writes U+FFFD and draws the replacement glyph
    from a fallback font: the page's outlines can only say U+FFFD again, so auto does not read
    them (issue 17: 80-200 ms a page in pdfminer); the U+FFFD stays damage, warned. Where the
    fallback font also draws Latin letters and digits (Noto), the document is opened in
    pdfminer for its fonts' maps (the codes mapped to U+FFFD draw the replacement glyph), but
    no page is laid out there."""
    opened, read = opened_readers(monkeypatch), outline_layouts(monkeypatch)
    doc = parse_file(pdf, sources=False)
    assert [backend.value for backend, _ in opened] == opens
    assert read == []
    assert doc.source.damage == {"replacement_char": 1}
    assert {p.method for p in doc.source.pages} == {"pdfium"}


def test_the_font_program_looked_at_leaves_no_message(tmp_path: Path) -> None:
    """fontTools, reading the fallback font of a U+FFFD, warns of its old timestamp through
    logging: a user of the command line sees only reportparse's own summary line."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "reportparse",
            "parse",
            str(FIXTURES / "pdf" / "r06_garbled.lo-laksaman.pdf"),
            "-o",
            str(tmp_path / "out.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == ["reportparse parse: 1 report, 4 warnings"]


def test_a_replacement_character_over_a_thai_glyph_is_read_from_its_outline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pdftocairo maps a shifted Thai mark to U+FFFD: the glyph is a Thai font's, its outline
    says which mark it is, so those pages are still read from their outlines."""
    opened = opened_readers(monkeypatch)
    doc = parse_file(FIXTURES / "archive" / "r07_page_breaks.weasyprint-noto.cairo.pdf")
    assert "outlines" in [backend.value for backend, _ in opened]
    assert "replacement_char" not in doc.source.damage
    assert {p.method for p in doc.source.pages} == {"outlines"}


def replacement_fonts(pdf: Path) -> dict[int, set[bytes]]:
    """Page index → the embedded programs of the fonts that draw its U+FFFD."""
    import pypdfium2 as pdfium

    from reportparse.extract.pdfium import replacement_programs

    document = pdfium.PdfDocument(pdf)
    try:
        found = {}
        for index in range(len(document)):
            programs = replacement_programs(document[index].get_textpage())
            if programs:
                found[index] = programs
        return found
    finally:
        document.close()


def test_what_the_codes_mapped_to_replacement_draw_decides() -> None:
    """``OutlineReader.reads_replacement_back``: True where each code mapped to U+FFFD draws
    the replacement glyph; False for a U+FFFD over a Thai mark (pdftocairo), for a font
    with blank glyphs, and for a program that is not among the page's fonts."""
    from reportparse.extract import recover

    latin = FIXTURES / "pdf" / "r06_garbled.chromium-noto.pdf"
    ((index, programs),) = replacement_fonts(latin).items()
    reader = recover.OutlineReader(latin.read_bytes())
    assert reader.reads_replacement_back(index, programs)
    assert not reader.reads_replacement_back(index, {b"no such program"})
    assert not reader.reads_replacement_back(index, {*programs, b"no such program"})

    cairo = FIXTURES / "archive" / "r07_page_breaks.weasyprint-noto.cairo.pdf"
    marks = replacement_fonts(cairo)
    assert marks
    reader = recover.OutlineReader(cairo.read_bytes())
    assert not any(reader.reads_replacement_back(i, p) for i, p in marks.items())


def test_a_blank_glyph_in_the_replacement_font_is_read_from_outlines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A font padded with blank glyphs (Ghostscript's) behind a U+FFFD is read from its
    outlines: the blank may be what the code draws."""
    from reportparse.extract import recover

    real = recover.font_texts
    monkeypatch.setattr(recover, "font_texts", lambda data: {**real(data), 9999: " "})
    latin = FIXTURES / "pdf" / "r06_garbled.chromium-noto.pdf"
    ((index, programs),) = replacement_fonts(latin).items()
    assert not recover.OutlineReader(latin.read_bytes()).reads_replacement_back(index, programs)


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


def test_a_batch_worker_keeps_the_outlines_of_a_few_fonts_not_of_every_font() -> None:
    """The glyph digests of a font program are kept for the fonts of the document at hand
    (its pages share them), at most ``FONTS_KEPT`` programs: each key holds a whole program,
    and a worker meets hundreds of fonts before it is recycled."""
    from reportparse.extract import outlines

    programs = [bytes([i]) * 64 for i in range(outlines.FONTS_KEPT + 8)]  # no TrueType at all
    for data in programs:
        assert outlines.glyph_digests(data) == ()
        assert outlines.font_texts(data) == {}
    for kept in (outlines._digests_of, outlines._blanks_of):
        assert kept.cache_info().currsize <= outlines.FONTS_KEPT


def _misdrawn_marks(pdf: Path) -> list[int]:
    import pypdfium2 as pdfium

    from reportparse.extract.pdfium import misdrawn_marks

    doc = pdfium.PdfDocument(pdf)
    try:
        return [misdrawn_marks(page.get_textpage()) for page in doc]
    finally:
        doc.close()


@pytest.mark.parametrize(
    ("name", "counts"),
    [
        ("archive/r02_thai_digits.lo-laksaman.gs.pdf", [8, 10]),
        ("archive/r02_thai_digits.lo-laksaman.qpdf.pdf", [1, 3]),  # not asked: ActualText
        ("pdf/r01_clean.lo-laksaman.pdf", [0] * 4),  # ผู้: boxes in drawing order, right
        ("pdf/seed_v2.chromium-laksaman.pdf", [0] * 8),
    ],
)
def test_misdrawn_marks_counts_marks_on_the_wrong_side_of_their_letter(
    name: str, counts: list[int]
) -> None:
    """A mark whose ink lies on the other side of its consonant from where its character
    stands (MAI EK's map on a SARA U glyph) is counted. The qpdf copy draws the same glyphs
    with the same map as the gs copy, but keeps the source's ActualText: the function counts
    its marks too, and extract never asks it there (``guard.Scan.actual_text``)."""
    assert _misdrawn_marks(FIXTURES / name) == counts


def test_a_file_with_actual_text_is_not_checked_for_misdrawn_marks() -> None:
    """The qpdf copy counts 1 and 3 misdrawn marks, but its ActualText gives those glyphs'
    text: it is read as its source is, from PDFium, with no warning."""
    doc = parse_file(FIXTURES / "archive/r02_thai_digits.lo-laksaman.qpdf.pdf")
    assert {p.method for p in doc.source.pages} == {"pdfium"}
    assert not [w for w in doc.reports[0].warnings if "other side" in w.message]
    assert doc.reports[0].agency.coordinator == "นางสาวกมลวรรณ ศรีสุข"
