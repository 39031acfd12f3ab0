"""Bad input: every failure class is one line with its exit code; damage degrades, never crashes.

One table holds a case for every ``ReportParseError`` subclass (a test checks none is left
out): the CLI's exit code, its one line on stderr naming the file and saying what to do, no
traceback, and the same message in a batch manifest. Then PDFs damaged in one place (a page
PDFium cannot load, a page count beyond the pages, a blank page, a font map pdfminer cannot
read), encrypted PDFs that need no password, and the limits (run in a subprocess with a
timeout, so a hang fails the test instead of stopping the suite).
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from fuzz import crafted as hostile
from typer.testing import CliRunner

import reportparse
import reportparse.extract
import reportparse.extract.pdf
from reportparse import parse_file, parse_text
from reportparse.batch import parse_one
from reportparse.batch.manifest import MANIFEST, ManifestWriter, OutputBusyError
from reportparse.cli import app
from reportparse.diff import DiffError
from reportparse.errors import (
    BackendUnavailableError,
    DamagedPdfError,
    DecodedTooLargeError,
    EmptyFileError,
    EncryptedPdfError,
    FileMissingError,
    FontMapTooLargeError,
    NotAReportError,
    NoTextLayerError,
    OutputError,
    OutputPathError,
    ReportParseError,
    TextUnusableError,
    TooLargeError,
    TooManyFormsError,
    TooManyObjectsError,
    TooManyPagesError,
    UnreadableFileError,
    UnsupportedFileError,
)
from reportparse.extract.backends import BACKENDS
from reportparse.models import WarningCode
from reportparse.ocr import OcrUnavailableError
from reportparse.options import Backend, Limits
from reportparse.output.tables import TableError

from .conftest import FIXTURES, ROOT

runner = CliRunner()
BAD = FIXTURES / "bad"
R01 = FIXTURES / "pdf" / "r01_clean.lo-laksaman.pdf"
SEED = FIXTURES / "reports" / "seed_v2.txt"

# --- one case per failure class ----------------------------------------------------------------
#: a case makes its input in ``tmp_path`` (and may patch), and returns the CLI arguments and the
#: file the message must name
Setup = Callable[[Path, pytest.MonkeyPatch], tuple[list[str], Path]]


def fixture(name: str, *options: str) -> Setup:
    return lambda tmp, mp: (["parse", str(BAD / name), *options], BAD / name)


def missing(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    return ["parse", str(tmp / "gone.pdf")], tmp / "gone.pdf"


def folder(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    (tmp / "reports.pdf").mkdir()
    return ["parse", str(tmp / "reports.pdf")], tmp / "reports.pdf"


class _NoPermission(type(Path())):  # type: ignore[misc]
    def read_bytes(self) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))


def no_permission(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    # the tests may run as root, who reads any file: the refusal is simulated
    mp.setattr(reportparse.extract, "Path", _NoPermission)
    return ["parse", str(SEED)], SEED


def too_many_mb(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    big = tmp / "big.txt"
    big.write_bytes(SEED.read_bytes() * 60)  # 1.5 MiB
    return ["parse", str(big), "--max-mb", "1"], big


def text_too_many_pages(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    path = FIXTURES / "text" / "seed_both_versions.txt"
    return ["parse", str(path), "--max-pages", "2"], path


def crafted(make: Callable[[Path], Path], *options: str) -> Setup:
    """A hostile input of ``fuzz/crafted.py`` (small: the limit is lowered to meet it)."""

    def setup(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
        path = make(tmp)
        return ["parse", str(path), *options], path

    return setup


def text_unusable(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    """A copy through PostScript and back keeps no font map; without the outlines to read
    its glyphs by, its text is not text."""
    spec = BACKENDS[Backend.OUTLINES]
    mp.setitem(BACKENDS, Backend.OUTLINES, dataclasses.replace(spec, is_available=lambda: False))
    path = FIXTURES / "archive" / "r01_clean.lo-laksaman.ps2pdf.pdf"
    return ["parse", str(path), "--ocr", "never"], path  # OCR would read its pages


def output_missing_folder(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    return ["parse", str(SEED), "-o", str(tmp / "missing" / "x.json")], tmp / "missing" / "x.json"


def output_is_a_folder(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    return ["parse", str(SEED), "-o", str(tmp)], tmp


def ocr_missing(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    """OCR asked for on a machine without tesserocr."""
    from reportparse import ocr

    mp.setitem(ocr.ENGINES, "tesseract", dataclasses.replace(
        ocr.ENGINES["tesseract"], missing=lambda languages: "pip install 'reportparse[ocr]'"
    ))  # fmt: skip
    path = BAD / "scanned.pdf"
    return ["parse", str(path), "--ocr", "always"], path


def backend_missing(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    spec = BACKENDS[Backend.MUPDF]
    mp.setitem(BACKENDS, Backend.MUPDF, dataclasses.replace(spec, is_available=lambda: False))
    return ["parse", str(R01), "--backend", "mupdf"], R01


#: manifests held open by a case, as another batch would, until the case ends
_held: list[ManifestWriter] = []


def output_busy(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    (tmp / "in").mkdir()
    (tmp / "out").mkdir()
    _held.append(ManifestWriter(tmp / "out" / MANIFEST))
    return ["batch", str(tmp / "in"), "-o", str(tmp / "out")], tmp / "out"


def table_unknown(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    (tmp / "in").mkdir()
    table = tmp / "rounds.xlsx"
    return ["batch", str(tmp / "in"), "-o", str(tmp / "out"), "--table", str(table)], table


def diff_no_such_report(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    return ["diff", f"{SEED}#3", str(SEED)], SEED


FAILURES = [
    pytest.param(FileMissingError, missing, "no such file", id="missing"),
    pytest.param(UnreadableFileError, folder, "it is a folder", id="folder"),
    pytest.param(UnreadableFileError, no_permission, "Permission denied", id="no-permission"),
    pytest.param(EmptyFileError, fixture("empty.pdf"), "export it again", id="empty"),
    pytest.param(UnsupportedFileError, fixture("photo.pdf"), "PNG image", id="png-named-pdf"),
    pytest.param(DamagedPdfError, fixture("truncated.pdf"), "download or export", id="damaged"),
    pytest.param(EncryptedPdfError, fixture("encrypted.pdf"), "--password", id="encrypted"),
    pytest.param(
        EncryptedPdfError,
        fixture("encrypted.pdf", "--password", "wrong"),
        "the password given is wrong",
        id="wrong-password",
    ),
    pytest.param(NoTextLayerError, fixture("scanned.pdf", "--ocr", "never"), "--ocr never",
                 id="scan"),
    pytest.param(OcrUnavailableError, ocr_missing, "pip install 'reportparse[ocr]'",
                 id="ocr-missing"),
    pytest.param(NotAReportError, fixture("not_a_report.pdf"), "no progress report", id="letter"),
    pytest.param(
        TextUnusableError, text_unusable, "cannot be read as text; pages 1, 2, 3, 4", id="unusable"
    ),
    pytest.param(TooLargeError, too_many_mb, "limit 1.0 MB; raise the limit with --max-mb",
                 id="max-mb"),
    pytest.param(TooManyPagesError, text_too_many_pages, "with --max-pages", id="max-pages-text"),
    pytest.param(
        TooManyPagesError,
        crafted(lambda d: hostile.form_feeds(d, n=3000)),
        "3,001 pages, limit 2,000",
        id="form-feeds",
    ),
    pytest.param(
        DecodedTooLargeError,
        crafted(lambda d: hostile.flate_bomb(d, decoded=3 << 20), "--max-decoded-mb", "2"),
        "inflates to more than 2 MiB; raise the limit with --max-decoded-mb",
        id="flate-bomb",
    ),
    pytest.param(
        TooManyObjectsError,
        crafted(lambda d: hostile.many_text_objects(d, n=2000), "--max-objects", "1000"),
        "2,001 text objects drawn, limit 1,000",
        id="many-objects",
    ),
    pytest.param(
        TooManyFormsError,
        crafted(lambda d: hostile.deep_forms(d, depth=14)),
        "forms drawn, limit 10,000",
        id="nested-forms",
    ),
    pytest.param(
        FontMapTooLargeError,
        crafted(lambda d: hostile.huge_tounicode(d, entries=1 << 21)),
        "maps over 1,000,000 codes",
        id="huge-tounicode",
    ),
    pytest.param(
        FontMapTooLargeError,
        crafted(lambda d: hostile.huge_tounicode(d, mode="longdst", dst_bytes=4096)),
        "an entry of its map never ends",
        id="endless-tounicode",
    ),
    pytest.param(BackendUnavailableError, backend_missing, "pip install", id="backend-missing"),
    pytest.param(OutputBusyError, output_busy, "another reportparse batch", id="output-busy"),
    pytest.param(OutputError, output_missing_folder, "does not exist", id="output-no-folder"),
    pytest.param(OutputPathError, output_is_a_folder, "it is a folder", id="output-is-a-folder"),
    pytest.param(TableError, table_unknown, "use .csv, .parquet or .duckdb", id="table-format"),
    pytest.param(DiffError, diff_no_such_report, "it has no report 3", id="diff-no-report"),
]  # fmt: skip


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    subs: list[type] = cls.__subclasses__()
    for sub in subs:
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_failure_class_has_a_case() -> None:
    for module in pkgutil.walk_packages(reportparse.__path__, "reportparse."):
        if not module.name.endswith(("__main__", "batch.worker")):
            importlib.import_module(module.name)  # every class defined anywhere
    tested = {p.values[0] for p in FAILURES}
    assert _subclasses(ReportParseError) <= tested


@pytest.mark.parametrize(("cls", "setup", "words"), FAILURES)
def test_failure_is_one_line_with_its_exit_code(
    cls: type[ReportParseError],
    setup: Setup,
    words: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args, path = setup(tmp_path, monkeypatch)
    result = runner.invoke(app, args)
    while _held:
        _held.pop().close()
    assert result.exit_code == cls.exit_code
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"reportparse: error: {path}")
    assert words in line
    assert "Traceback" not in result.stderr
    if args[0] == "parse" and "-o" not in args:  # a batch writes the same message to its manifest
        one = parse_one(path, **_parse_options(args[2:]))
        assert (one.status.value, one.code) == ("error", cls.code)
        assert f"reportparse: error: {one.error}" == line


def _parse_options(args: list[str]) -> dict[str, Any]:
    """The ``parse_file`` arguments of the CLI options in ``args``."""
    names = {"--max-mb": "max_bytes", "--max-pages": "max_pages", "--password": "password"}
    options: dict[str, Any] = {
        names.get(k, k.lstrip("-")): v for k, v in zip(args[::2], args[1::2], strict=True)
    }
    if "max_bytes" in options:
        options["max_bytes"] = int(options["max_bytes"]) * 1024 * 1024
    if "max_pages" in options:
        options["max_pages"] = int(options["max_pages"])
    limits = {"max-decoded-mb": "max_decoded", "max-objects": "max_text_objects"}
    changed = {limits[k]: int(options.pop(k)) for k in list(options) if k in limits}
    if "max_decoded" in changed:
        changed["max_decoded"] *= 1024 * 1024
    if changed:
        options["limits"] = dataclasses.replace(Limits(), **changed)
    return options


def test_a_bug_is_one_line_exit_70(monkeypatch: pytest.MonkeyPatch) -> None:
    def bug(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a parser bug")

    monkeypatch.setattr("reportparse.pipeline.parse_file", bug)
    result = runner.invoke(app, ["parse", str(SEED)])
    assert result.exit_code == 70
    (line,) = result.stderr.splitlines()
    assert "internal error (RuntimeError: a parser bug)" in line
    assert "REPORTPARSE_DEBUG=1" in line


def test_a_message_quoting_a_line_break_stays_one_line() -> None:
    error = DamagedPdfError("a.pdf", "pdfplumber cannot read it (PSSyntaxError: [/a\n/b])")
    assert "\n" not in error.message
    assert "[/a /b]" in error.message


# --- encrypted PDFs that need no password ------------------------------------------------------
def _content(doc: Any) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json", exclude={"warnings", "sources"}) for r in doc.reports]


@pytest.mark.parametrize("backend", ["auto", "pdfplumber"])
def test_owner_password_only_opens_without_asking(backend: str) -> None:
    # an empty user password and an owner password that forbids copying: readers open it
    doc = parse_file(BAD / "owner_password_only.pdf", backend=backend)
    assert _content(doc) == _content(parse_file(R01))


def test_an_empty_password_is_no_password() -> None:
    result = runner.invoke(app, ["parse", str(BAD / "encrypted.pdf"), "--password", ""])
    assert result.exit_code == EncryptedPdfError.exit_code


# --- PDFs damaged in one place -------------------------------------------------------------------
def _damaged(tmp: Path, edit: Callable[[bytes], bytes]) -> Path:
    path = tmp / "damaged.pdf"
    path.write_bytes(edit(R01.read_bytes()))
    return path


def _first_page_not_a_page(data: bytes) -> bytes:
    return data.replace(b"<</Type/Page/Parent", b"<</Type/Pagx/Parent", 1)


def _page_count_9(data: bytes) -> bytes:
    return re.sub(rb"/Count \d+", b"/Count 9", data, count=1)


def _font_map_unknown_filter(data: bytes) -> bytes:
    number = re.search(rb"/ToUnicode (\d+) 0 R", data)[1]  # type: ignore[index]
    return re.sub(rb"(\n" + number + rb" 0 obj\n<<[^>]*)/FlateDecode", rb"\1/FlateFecode", data)


def test_a_page_pdfium_cannot_load_loses_only_that_page(tmp_path: Path) -> None:
    doc = parse_file(_damaged(tmp_path, _first_page_not_a_page))
    assert doc.source.damage == {"unreadable_page": 1}
    (report,) = doc.reports
    golden = parse_file(R01).reports[0]
    assert report.progress == golden.progress
    assert report.objectives == golden.objectives
    codes = {(w.code, w.path, w.page) for w in report.warnings}
    assert (WarningCode.TEXT_DAMAGED, "", 1) in codes  # page 1 lost, next to the report
    assert (WarningCode.MISSING_SECTION, "project", None) in codes


def test_a_page_count_beyond_the_pages_loses_nothing(tmp_path: Path) -> None:
    doc = parse_file(_damaged(tmp_path, _page_count_9))
    assert doc.source.page_count == 9
    assert _content(doc) == _content(parse_file(R01))
    damaged = [w for w in doc.reports[0].warnings if w.code == WarningCode.TEXT_DAMAGED]
    assert [w.page for w in damaged if not w.path] == [5, 6, 7, 8, 9]
    # the value read up to the end of page 4 may have gone on over page 5: it says so
    assert [(w.path, w.page) for w in damaged if w.path] == [("progress[round=6]", 4)]


def test_no_page_readable_is_a_damaged_pdf(tmp_path: Path) -> None:
    path = _damaged(tmp_path, lambda d: d.replace(b"<</Type/Page/Parent", b"<</Type/Pagx/Parent"))
    with pytest.raises(DamagedPdfError, match="none of its 4 page"):
        parse_file(path)


def test_a_blank_page_inside_a_report_changes_nothing(tmp_path: Path) -> None:
    pdf = pdfium.PdfDocument(R01)
    pdf.new_page(595, 842, index=2)
    pdf.new_page(595, 842)
    pdf.save(tmp_path / "blank.pdf")
    doc = parse_file(tmp_path / "blank.pdf")
    golden = parse_file(R01).reports[0]
    assert doc.reports[0].progress == golden.progress
    assert doc.reports[0].project == golden.project


def test_a_font_pdfminer_cannot_read(tmp_path: Path) -> None:
    path = _damaged(tmp_path, _font_map_unknown_filter)
    with pytest.raises(DamagedPdfError, match=r"pdfplumber cannot read .*try --backend pdfium"):
        parse_file(path, backend="pdfplumber")
    # auto only falls back to pdfplumber: its failure leaves PDFium's reading
    with pytest.raises(ReportParseError):
        parse_file(path, ocr="never")  # (OCR reads its page from the image)


def test_pdfminer_warnings_stay_off_stderr() -> None:
    code = (
        "import logging, reportparse.extract.plumber; "
        "logging.getLogger('pdfminer.pdftypes').warning('Data-loss while decompressing')"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stderr == ""


def test_a_lone_surrogate_is_damage_not_a_crash() -> None:
    text = SEED.read_text(encoding="utf-8").replace("นิทรรศการ", "นิท\udc11รรศการ", 1)
    doc = parse_text(text)
    doc.model_dump_json()  # UTF-8 can write it
    (warning,) = [w for w in doc.reports[0].warnings if w.code == WarningCode.TEXT_DAMAGED]
    assert "\ufffd" in (warning.text or "")


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda d: d[: d.rindex("บาท".encode()) + 4], id="cut-inside-a-character"),
        pytest.param(lambda d: d.replace("นิทรรศการ".encode(), b"\x00", 1), id="a-stray-nul"),
        pytest.param(lambda d: d.replace(b"\xb8", b"\x38", 1), id="a-flipped-bit"),
    ],
)
def test_a_text_export_with_a_broken_byte_still_parses(
    tmp_path: Path, edit: Callable[[bytes], bytes]
) -> None:
    # it used to be 'not a text export', or TIS-620 mojibake and 'no progress report'
    path = tmp_path / "broken.txt"
    path.write_bytes(edit(SEED.read_bytes()))
    doc = parse_file(path)
    assert doc.reports[0].project == parse_file(SEED).reports[0].project
    assert set(doc.source.damage) & {"replacement_char", "nul"}


# --- limits ---------------------------------------------------------------------------------------
def _cli(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "reportparse", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def test_a_report_with_a_5_mb_line_parses(tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    line = "สถานการณ์ปกติ " * (5 * 1024 * 1024 // 40)
    path = tmp_path / "long_line.txt"
    path.write_text(seed.replace("จนกว่าสถานการณ์จะกลับสู่ภาวะปกติ", line), encoding="utf-8")
    proc = _cli("parse", path, "--compact")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("reportparse parse: 1 report, ")  # the summary, nothing else
    assert proc.stderr.count("\n") == 1


def test_a_5_mb_line_of_split_sara_am_ends_in_a_clear_error(tmp_path: Path) -> None:
    # the dictionary judged each SARA AM on its whole run: this took hours (quadratic)
    path = tmp_path / "garbage.txt"
    path.write_text("ํา" * (5 * 1024 * 1024 // 6), encoding="utf-8")
    proc = _cli("parse", path)
    assert proc.returncode == NotAReportError.exit_code
    assert proc.stderr.count("\n") == 1
