"""What a new user expects of the command line: --version, parse from stdin and of several files,
-q / -v, a summary, --strict, --jobs capped, and a batch that says how to resume after Ctrl-C."""

from __future__ import annotations

import functools
import io
import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportparse import __version__, parse_file
from reportparse.batch import FileResult, Status
from reportparse.batch.manifest import MANIFEST, read_manifest
from reportparse.batch.pool import default_jobs
from reportparse.batch.ticker import INTERRUPTED, PlainTicker, RichTicker
from reportparse.cli import app

from .conftest import FIXTURES, ROOT

runner = CliRunner()
R01 = FIXTURES / "reports" / "r01_clean.txt"  # no warning
R03 = FIXTURES / "reports" / "r03_budget_warnings.txt"  # 4 warnings
PDF = FIXTURES / "pdf" / "seed_v2.lo-noto.pdf"


@pytest.mark.parametrize("args", [["--version"], ["version"]], ids=["flag", "command"])
def test_version(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout) == (0, f"{__version__}\n")


@pytest.mark.parametrize("path", [R03, PDF], ids=["text", "pdf"])
def test_parse_reads_standard_input(path: Path) -> None:
    result = runner.invoke(app, ["parse", "-", "--compact"], input=path.read_bytes())
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["source"]["path"] == "<stdin>"
    expected = parse_file(path).model_dump(mode="json")
    assert doc["reports"] == expected["reports"]
    assert doc["source"]["sha256"] == expected["source"]["sha256"]


def test_parse_of_empty_standard_input_is_one_line() -> None:
    result = runner.invoke(app, ["parse", "-"], input=b"")
    assert result.exit_code == 5
    assert result.stderr == (
        "reportparse: error: <stdin>: the file is empty (0 bytes); download or export it again\n"
    )


def test_parse_of_several_files_prints_one_document_per_line() -> None:
    result = runner.invoke(app, ["parse", str(R01), str(R03), str(PDF), "--jsonl"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [json.loads(line)["source"]["path"] for line in lines] == [str(R01), str(R03), str(PDF)]
    warnings = sum(len(r.warnings) for p in (R01, R03, PDF) for r in parse_file(p).reports)
    assert result.stderr == f"reportparse parse: 3 reports, {warnings} warnings\n"


def test_parse_of_several_files_goes_on_after_a_bad_one(tmp_path: Path) -> None:
    out = tmp_path / "docs.jsonl"
    missing = tmp_path / "missing.pdf"
    result = runner.invoke(
        app, ["parse", str(R01), str(missing), str(R03), "--jsonl", "-o", str(out)]
    )
    assert result.exit_code == 4  # the exit code of the file that failed
    assert result.stderr.splitlines() == [
        f"reportparse: error: {missing}: no such file",
        "reportparse parse: 2 reports, 4 warnings; 1 file failed",
    ]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_several_files_need_jsonl() -> None:
    result = runner.invoke(app, ["parse", str(R01), str(R03)])
    assert result.exit_code == 2
    assert "several files need --jsonl" in result.stderr


SUMMARIES = [
    pytest.param([], "reportparse parse: 1 report, 4 warnings\n", id="default"),
    pytest.param(["-q"], "", id="quiet"),
]


@pytest.mark.parametrize(("flags", "stderr"), SUMMARIES)
def test_parse_summary_on_stderr(flags: list[str], stderr: str) -> None:
    result = runner.invoke(app, ["parse", str(R03), *flags])
    assert (result.exit_code, result.stderr) == (0, stderr)
    assert json.loads(result.stdout)["reports"][0]["warnings"]


def test_verbose_prints_every_warning() -> None:
    result = runner.invoke(app, ["parse", str(R03), "-v"])
    lines = result.stderr.splitlines()
    assert len(lines) == 5 and lines[-1] == "reportparse parse: 1 report, 4 warnings"
    assert lines[0] == (
        f"reportparse parse: {R03}#1: progress_decreased at progress[2].percent (page 1): "
        "round 3 reports 30.0% after 45.0% in round 2"
    )


STRICT = [
    pytest.param(R01, [], 0, id="clean"),
    pytest.param(R03, [], 0, id="warnings"),
    pytest.param(R01, ["--strict"], 0, id="strict-clean"),
    pytest.param(R03, ["--strict"], 1, id="strict-warnings"),
]


@pytest.mark.parametrize(("path", "flags", "code"), STRICT)
def test_strict_fails_on_warnings(path: Path, flags: list[str], code: int) -> None:
    assert runner.invoke(app, ["parse", str(path), "-q", *flags]).exit_code == code


def test_batch_strict_fails_on_warnings(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(R01, src / R01.name)
    assert (
        runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o"), "--strict"]).exit_code
        == 0
    )
    shutil.copy(R03, src / R03.name)
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o"), "--strict", "-q"])
    assert (result.exit_code, result.stderr) == (1, "")  # (quiet: only errors would show)


def test_jobs_above_the_cpus_are_capped_with_a_note(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(R01, src / R01.name)
    cpus = default_jobs()
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o"), "-j", str(cpus + 7)])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"reportparse batch: note: --jobs {cpus + 7} is more than the {cpus} CPUs this process "
        f"may use: using {cpus}"
    )


def test_batch_summary_says_where_tables_and_json_lines_went(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(R01, src / R01.name)
    args = ["batch", str(src), "-o", str(tmp_path / "o"), "--table", str(tmp_path / "r.csv")]
    args += ["--reports-table", str(tmp_path / "p.csv"), "--jsonl", str(tmp_path / "r.jsonl")]
    result = runner.invoke(app, args)
    assert result.stderr.splitlines()[-1].endswith(
        f"; manifest {tmp_path}/o/{MANIFEST}, table {tmp_path}/r.csv, table {tmp_path}/p.csv, "
        f"JSON Lines {tmp_path}/r.jsonl"
    )


def test_ctrl_c_says_how_to_resume_and_the_rerun_does(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        shutil.copy(PDF, src / f"{i:02d}.pdf")
    command = [sys.executable, "-m", "reportparse", "batch", str(src), "-o", str(tmp_path / "o")]
    # Ctrl-C as in a terminal: a background job (as CI may run the tests) starts with SIGINT
    # ignored, which the batch keeps
    terminal = functools.partial(signal.signal, signal.SIGINT, signal.SIG_DFL)
    with subprocess.Popen(
        command, cwd=ROOT, stderr=subprocess.PIPE, text=True, preexec_fn=terminal
    ) as proc:
        assert proc.stderr is not None
        assert proc.stderr.readline() == "reportparse batch: 40 files\n"  # it has started
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        code = proc.wait(timeout=60)
    assert code == 130
    assert rest.splitlines()[-1] == INTERRUPTED
    assert INTERRUPTED == "reportparse batch: interrupted: rerun the same command to resume"
    assert "Traceback" not in rest
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    ok = [r["path"] for r in read_manifest(tmp_path / "o" / MANIFEST) if r["status"] == "ok"]
    assert sorted(ok) == sorted(p.name for p in src.iterdir())


def _result(path: str, status: Status = Status.OK) -> FileResult:
    return FileResult(path, status, pages=4, reports=1, warnings=2)


def test_plain_progress_line_has_percentage_elapsed_and_current_file() -> None:
    stream = io.StringIO()
    ticker = PlainTicker(stream, interval=0)
    ticker.start(4)
    ticker.working("a/b.pdf")
    ticker.advance(_result("a/a.pdf"))
    line = stream.getvalue().splitlines()[-1]
    assert line.startswith("reportparse batch: 1/4 files (25%), ")
    assert ", elapsed 0s, " in line and line.endswith("; now a/b.pdf")


def test_progress_bar_on_a_terminal_shows_percentage_elapsed_and_current_file() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    ticker = RichTicker(stream)
    ticker.bar.console.width = 200
    ticker.start(4)
    ticker.working("a/current.pdf")
    ticker.advance(_result("a/a.pdf"))
    ticker.bar.refresh()
    ticker.close()
    shown = stream.getvalue()
    assert " 25%" in shown and "1/4" in shown and "0:00:00" in shown and "a/current.pdf" in shown


def test_verbose_batch_prints_each_file(tmp_path: Path) -> None:
    stream = io.StringIO()
    ticker = PlainTicker(stream, verbose=True)
    ticker.start(1)
    ticker.advance(_result("a/a.pdf"))
    assert "reportparse batch: ok: a/a.pdf (1 report, 2 warnings)" in stream.getvalue()
