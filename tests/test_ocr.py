"""OCR: scans and OCR'd PDFs read as the born-digital reports they came from, or warned.

The scan fixtures (``fixtures/scans``, made by ``fixtures/make_scans.py`` from our fixture PDFs)
are scored by ``bench/scoring.py`` against their report's truth (``fixtures/reports``), class by
class, as ``bench/ocr_fields.py`` measures them; each class has a floor for its right fields and
a ceiling for the wrong fields that carry no warning. Tests that need the engine (tesserocr and
Tesseract's Thai data) skip on a machine without it and fail in CI
(``REPORTPARSE_REQUIRE_OPTIONAL``).
The Thai digit templates, the noise filter and the OCR layer detection need no engine.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from reportparse import ocr
from reportparse.cli import app
from reportparse.errors import NoTextLayerError
from reportparse.extract.pdf import is_noise
from reportparse.extract.pdfium import ocr_layer
from reportparse.ocr.digits import DIGITS, classify, normalized
from reportparse.ocr.records import OcrLine, OcrWord
from reportparse.options import OcrMode

from .conftest import FIXTURES, ROOT, require_optional

sys.path.insert(0, str(ROOT / "bench"))
from ocr_fields import cls, truth
from scoring import Score, merge, score

SCANS = sorted((FIXTURES / "scans").glob("*.pdf"))
#: per class: (right fields at least, silent wrong fields at most), as shares of the fields:
#: issue 13's acceptance (300 dpi 98 %, 200 dpi 95 %, the worst 90 %; wrong and not warned
#: 0.5 % in each), which bench/ocr_fields.py measures met (README, "Scans")
FLOORS = {
    "scan300": (0.98, 0.005),
    "scan300.ocrmypdf": (0.98, 0.005),
    "scan200": (0.95, 0.005),
    "scan200.ocrmypdf": (0.95, 0.005),
    "worst": (0.90, 0.005),
}


def needs_engine() -> None:
    require_optional(ocr.missing())


@cache
def parsed(pdf: Path) -> dict[str, Any] | None:
    from reportparse import ReportParseError, parse_file

    try:
        return json.loads(parse_file(pdf).model_dump_json())
    except ReportParseError:
        return None


@cache
def class_score(name: str) -> Score:
    return merge(score(parsed(p), truth(p)) for p in SCANS if cls(p) == name)


# --- without the engine --------------------------------------------------------------------------
def test_every_class_of_scan_is_there() -> None:
    assert {cls(p) for p in SCANS} == set(FLOORS)
    assert sum(cls(p) == "worst" for p in SCANS) >= 7


@pytest.mark.parametrize(
    "pdf",
    ["pdf/r02_thai_digits.lo-laksaman.pdf", "fonts/r04_round_order.chromium-kinnari.pdf"],
)
def test_thai_digit_templates_read_every_digit_of_a_clean_page(pdf: str) -> None:
    """Each Thai digit of a born-digital page, rendered at 300 dpi and cut at its box, is read
    by the templates as the digit it is, or said unsure: never another digit, sure."""
    doc = pdfium.PdfDocument(FIXTURES / pdf)
    outcome: Counter[str] = Counter()
    for page in doc:
        scale = 300 / 72
        image = page.render(scale=scale, grayscale=True).to_pil()
        height = page.get_height()
        text = page.get_textpage()
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char not in DIGITS:
                continue
            left, bottom, right, top = text.get_charbox(i)
            box = (int(left * scale) - 2, int((height - top) * scale) - 2,
                   int(right * scale) + 3, int((height - bottom) * scale) + 3)  # fmt: skip
            cell = normalized(image.crop(box))
            assert cell is not None
            verdict = classify(cell)
            outcome[
                "right" if verdict.digit == char else "unsure" if not verdict.sure else "wrong"
            ] += 1
    assert outcome["wrong"] == 0, outcome
    assert outcome["right"] >= 0.9 * sum(outcome.values()), outcome


def test_a_line_of_specks_is_noise_and_a_line_of_text_is_not() -> None:
    specks = OcrLine((OcrWord("ขย", 30.0), OcrWord("v", 60.0), OcrWord("ay", 70.0)))
    text = OcrLine((OcrWord("รหัสโครงการ", 60.0), OcrWord(":", 40.0)))
    number = OcrLine((OcrWord("12", 20.0),))
    assert is_noise(specks) and not is_noise(text) and not is_noise(number)


def test_an_ocr_layer_is_recognised_and_a_born_digital_page_is_not() -> None:
    layered = pdfium.PdfDocument(
        FIXTURES / "scans/r02_thai_digits.lo-laksaman.scan300.ocrmypdf.pdf"
    )
    scan = pdfium.PdfDocument(FIXTURES / "scans/r02_thai_digits.lo-laksaman.scan300.pdf")
    born = pdfium.PdfDocument(FIXTURES / "pdf/r02_thai_digits.lo-laksaman.pdf")
    assert all(ocr_layer(p) for p in layered)
    assert not any(ocr_layer(p) for p in scan) and not any(ocr_layer(p) for p in born)


def test_a_scan_with_ocr_off_names_what_to_do() -> None:
    from reportparse import parse_file

    pdf = FIXTURES / "scans/r02_thai_digits.lo-laksaman.scan300.pdf"
    with pytest.raises(NoTextLayerError, match=r"OCR is off \(--ocr never\)"):
        parse_file(pdf, ocr=OcrMode.NEVER)
    result = CliRunner().invoke(app, ["parse", str(pdf), "--ocr", "never"])
    assert result.exit_code == 8 and "--ocr never" in result.output


def test_a_missing_engine_is_a_one_line_error_naming_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reportparse import parse_file

    monkeypatch.setitem(sys.modules, "tesserocr", None)
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *a: None)
    pdf = FIXTURES / "scans/r02_thai_digits.lo-laksaman.scan300.pdf"
    with pytest.raises(NoTextLayerError, match=r"pip install 'reportparse\[ocr\]'"):
        parse_file(pdf)
    result = CliRunner().invoke(app, ["parse", str(pdf), "--ocr", "always"])
    assert result.exit_code == 2
    assert "reportparse[ocr]" in result.output and len(result.output.strip().splitlines()) == 1


def needs_numpy() -> None:
    import importlib.util

    require_optional(
        "" if importlib.util.find_spec("numpy") else "numpy: pip install 'reportparse[ocr]'"
    )


def _printed_lines(pdf: str, dpi: int = 300) -> list[tuple[Any, tuple[int, int, int, int], str]]:
    """Each line of a born-digital fixture's pages: the page's grey image at ``dpi``, the
    line's box in it (from its characters' boxes) and its text."""
    doc = pdfium.PdfDocument(FIXTURES / pdf)
    out = []
    scale = dpi / 72
    for page in doc:
        image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        height = page.get_height()
        text = page.get_textpage()
        rows: dict[int, list[tuple[str, tuple[int, int, int, int]]]] = {}
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            left, bottom, right, top = text.get_charbox(i)
            if not char.strip() or right <= left:
                continue
            box = (int(left * scale), int((height - top) * scale),
                   int(right * scale) + 1, int((height - bottom) * scale) + 1)  # fmt: skip
            base = round((height - text.get_charbox(i, loose=True)[1]) * scale / 20)
            rows.setdefault(base, []).append((char, box))
        for row in rows.values():
            row.sort(key=lambda c: c[1][0])
            box = (min(b[0] for _, b in row), min(b[1] for _, b in row),
                   max(b[2] for _, b in row), max(b[3] for _, b in row))  # fmt: skip
            out.append((image, box, "".join(c for c, _ in row)))
    return out


#: a number as printed: Thai digits, and between them the marks of dates, amounts and codes
_PRINTED_NUMBER = r"[๐-๙](?:[๐-๙/.,\-]*[๐-๙])?"


@pytest.mark.parametrize("pdf", ["pdf/r02_thai_digits.lo-laksaman.pdf"])
def test_the_numbers_of_a_clean_line_are_read_from_its_ink_alone(pdf: str) -> None:
    """Every line of a born-digital page with Thai digits, read by ``ocr.numbers`` from the
    image alone (no OCR): its chains are its printed numbers, digit for digit and mark for
    mark, or unsure; never another number, sure."""
    import re

    from reportparse.ocr.digits import SURE_MARGIN
    from reportparse.ocr.numbers import read_chains

    needs_numpy()
    outcome: Counter[str] = Counter()
    for image, box, text in _printed_lines(pdf):
        printed = re.findall(_PRINTED_NUMBER, text)
        if not printed:
            continue
        read = read_chains(image, box)
        sure = [c.text for c in read if c.margin >= SURE_MARGIN]
        outcome["right"] += sum(1 for n in printed if n in sure)
        # a chain broken where two glyphs touch is a piece of a number (unsure as a whole)
        wrong = [c for c in sure if not any(c in n for n in printed)]
        assert not wrong, (text, wrong)
    assert outcome["right"] >= 30, outcome


@pytest.mark.parametrize(
    ("chain", "ocr", "want"),
    [
        pytest.param("๑๒,๕๐๐.๕๐", "๑๒.๕๐๐,๕๐", "๑๒.๕๐๐,๕๐", id="ocr-tells-dot-from-comma"),
        pytest.param("๑.๔.๒.๑", "๑@.๕.๒.@๑", "๑.๔.๒.๑", id="junk-left-out"),
        pytest.param("๑๒,๕๐๐", "๑๒๕๐๐", "๑๒,๕๐๐", id="a-mark-ocr-lost"),
    ],
)
def test_a_chain_keeps_its_marks_or_takes_ocr_dots_and_commas(
    chain: str, ocr: str, want: str
) -> None:
    from reportparse.ocr.numbers import _with_ocr_marks

    assert _with_ocr_marks(chain, ocr) == want


@pytest.mark.parametrize(
    ("seen", "read", "unpaired"),
    [
        pytest.param([10, 50, 52, 90], [12, 55, 93], [1], id="a-tone-mark-dropped"),
        pytest.param([10, 50, 90], [30, 70, 110], [], id="boxes-a-glyph-off"),
        pytest.param([10, 50], [10, 50, 90], [], id="ocr-read-more"),
        pytest.param([10, 400], [10], [1], id="far-one-unpaired"),
    ],
)
def test_marks_above_the_line_are_paired_with_ocr_marks_in_order(
    seen: list[float], read: list[float], unpaired: list[int]
) -> None:
    from reportparse.ocr.marks import _unpaired

    assert sorted(_unpaired(seen, read, 45.0)) == unpaired


# --- with the engine -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_each_class_of_scan_reads_its_fields_and_warns_what_it_misses(name: str) -> None:
    needs_engine()
    right, silent = FLOORS[name]
    s = class_score(name)
    assert s.field_rate >= right, (s.right, s.fields)
    assert len(s.silent) <= silent * s.fields, s.silent


def test_an_ocrmypdf_copy_reads_as_the_scan_it_came_from() -> None:
    needs_engine()
    for layered in (p for p in SCANS if ".ocrmypdf." in p.name):
        scan = layered.with_name(layered.name.replace(".ocrmypdf", ""))
        a, b = parsed(layered), parsed(scan)
        assert a is not None and b is not None
        assert a["reports"] == b["reports"], layered.name
        assert {p["method"] for p in a["source"]["pages"]} == {"tesseract/ocr_layer"}
        assert {p["read"] for p in b["source"]["pages"]} == {"ocr"}


def test_a_merged_file_reads_its_scanned_pages_by_ocr_and_the_rest_from_their_text() -> None:
    needs_engine()
    doc = parsed(FIXTURES / "scans/r05_missing_parts.lo-garuda.merged.pdf")
    assert doc is not None and len(doc["reports"]) == 2
    reads = [p["read"] for p in doc["source"]["pages"]]
    assert reads[:2] == ["ocr", "ocr"] and set(reads[2:]) == {"text_layer"}


def test_a_page_turned_upside_down_or_sideways_is_read_upright() -> None:
    needs_engine()
    doc = parsed(FIXTURES / "scans/r06_garbled.chromium-garuda.worst-rotated.pdf")
    assert doc is not None
    assert doc["source"]["repairs"].get("ocr_page_turned") == 2
    assert (
        score(
            doc, truth(FIXTURES / "scans/r06_garbled.chromium-garuda.worst-rotated.pdf")
        ).field_rate
        >= 0.85
    )


def test_a_value_ocr_is_unsure_of_is_warned_with_its_path_and_page() -> None:
    needs_engine()
    doc = parsed(FIXTURES / "scans/r02_thai_digits.lo-laksaman.scan300.pdf")
    assert doc is not None
    low = [w for w in doc["reports"][0]["warnings"] if w["code"] == "ocr_low_confidence"]
    assert low and all(w["path"] and w["page"] for w in low)


# --- where OCR read each value --------------------------------------------------------------------
Point = tuple[float, float]
MANIFEST = {
    e["file"]: e for e in json.loads((FIXTURES / "scans/manifest.json").read_text())["files"]
}


def scanned_place(x: float, y: float, note: dict[str, Any], width: float, height: float) -> Point:
    """Where a point of the born-digital page (top-left origin, points) is on its scan:
    ``make_scans`` skews the page about its centre, then turns it counter-clockwise."""
    a = math.radians(note.get("skew_deg", 0.0))
    cx, cy = width / 2, height / 2
    dx, dy = x - cx, y - cy
    x, y = cx + dx * math.cos(a) + dy * math.sin(a), cy - dx * math.sin(a) + dy * math.cos(a)
    turn = note.get("rotated_ccw", 0)
    if turn == 90:
        return y, width - x
    if turn == 180:
        return width - x, height - y
    if turn == 270:
        return height - y, x
    return x, y


@pytest.mark.parametrize(
    "name",
    ["r06_garbled.chromium-garuda.worst-rotated.pdf", "r02_thai_digits.lo-laksaman.scan300.pdf"],
)
def test_ocr_boxes_are_where_the_born_digital_page_drew_the_values(name: str) -> None:
    """A value read by OCR has the box of its words on the scan, mapped back through the turn
    and the deskew OCR made: it lies where the PDF the scan was made from drew that value (the
    page skewed and turned as the scan), an upside-down and a sideways page included."""
    needs_engine()
    entry = MANIFEST[name]
    scan = parsed(FIXTURES / "scans" / name)
    born = json.loads((FIXTURES / entry["source"]).with_suffix(".expected.json").read_text())
    notes = {n["page"]: n for n in entry["page_notes"]}
    assert scan is not None
    distances = []
    for mine, theirs in zip(scan["reports"], born["reports"], strict=True):
        for path, source in mine["sources"].items():
            other = theirs["sources"].get(path)
            if other is None or len(other["spans"]) != 1 or len(source["spans"]) != 1:
                continue
            got, want = source["spans"][0], other["spans"][0]
            if got["page"] != want["page"]:
                continue
            x0, top, x1, bottom = want["bbox"]
            x, y = scanned_place(
                (x0 + x1) / 2, (top + bottom) / 2, notes[want["page"]], 595.28, 841.89
            )
            gx0, gtop, gx1, gbottom = got["bbox"]
            distances.append(math.hypot((gx0 + gx1) / 2 - x, (gtop + gbottom) / 2 - y))
    distances.sort()
    assert len(distances) >= 30
    assert distances[len(distances) // 2] < 3.0  # points
    assert distances[-1] < 12.0


# --- no text to read: outlines, PostScript and back (fixtures/outlined, make_outlined.py) -------
OUTLINED = sorted((FIXTURES / "outlined").glob("*.outlined.pdf"))
PS2WRITE = sorted((FIXTURES / "outlined").glob("*.ps2write.pdf"))


@pytest.mark.parametrize("pdf", OUTLINED, ids=lambda p: p.name)
def test_text_drawn_as_outlines_without_ocr_is_no_text_layer_not_damage(pdf: Path) -> None:
    """``gs -dNoOutputFonts``: every glyph a path, no text, no image. Not "damaged, draws
    nothing" (exit 6): a page OCR can read, as a scan (exit 8 without OCR)."""
    from reportparse import parse_file

    with pytest.raises(NoTextLayerError, match="outlined text"):
        parse_file(pdf, ocr=OcrMode.NEVER)


@pytest.mark.parametrize("pdf", PS2WRITE, ids=lambda p: p.name)
def test_type3_dingbats_without_ocr_are_unusable_text_not_no_report(pdf: Path) -> None:
    """pdf2ps | ps2pdf: Chromium's fonts come back as Type 3 fonts mapped to Dingbats, which
    pdfminer reads as nothing. Not "no progress report found" (exit 9, an empty reading
    taken for an undamaged one): text that does not read as text (exit 8)."""
    from reportparse import ReportParseError, parse_file

    with pytest.raises(ReportParseError) as raised:
        parse_file(pdf, ocr=OcrMode.NEVER)
    assert (raised.value.code, raised.value.exit_code) == ("text_unusable", 8)


@pytest.mark.parametrize("pdf", OUTLINED + PS2WRITE, ids=lambda p: p.name)
def test_a_page_with_no_text_to_read_is_read_by_ocr_as_a_scan(pdf: Path) -> None:
    needs_engine()
    doc = parsed(pdf)
    assert doc is not None
    assert {p["read"] for p in doc["source"]["pages"]} == {"ocr"}
    s = score(doc, truth(pdf))
    # measured 0.80-0.90: OCR of Tesseract's Thai model, no scan noise; OCR's own misreads of
    # names (วีระพงษ์ read วิระพงษ์) are not always below the confidence that warns
    assert s.field_rate >= 0.78, s.wrong[:5]
