"""Hostile archives: nothing of the user's deleted, no batch stopped by one name, every output
failure one line, numbers the contract cannot carry null with a warning, no control code on
the terminal. The inputs are made by ``fuzz/crafted.py`` (small versions of the full-size
ones ``fuzz/crafted_bench.py`` measures); the memory limits are in ``test_bad_input.py``.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fuzz import crafted
from typer.testing import CliRunner

from reportparse import parse_file
from reportparse.batch import MANIFEST, run_batch
from reportparse.batch import manifest as manifest_module
from reportparse.batch.names import NAME_MAX, output_rel
from reportparse.cli import app
from reportparse.errors import OutputError
from reportparse.output.files import temp_path

from .conftest import FIXTURES

runner = CliRunner()
PDF = FIXTURES / "pdf" / "r01_clean.lo-laksaman.pdf"


def lines(out: Path) -> list[dict[str, Any]]:
    text = (out / MANIFEST).read_text(encoding="utf-8")
    return [json.loads(x) for x in text.splitlines() if x.strip()]


def inputs(tmp: Path) -> Path:
    src = tmp / "in"
    src.mkdir()
    shutil.copy(PDF, src / "a.pdf")
    return src


# --- defect 1: a batch removes only the temp files it made, for the outputs it writes ---------
def test_a_batch_deletes_no_file_of_another_program(tmp_path: Path) -> None:
    src, out = inputs(tmp_path), tmp_path / "out"
    foreign = [
        out / ".bash_history.tmp",
        out / "docs" / ".report-draft.tmp",
        out / "docs" / ".cache" / ".x.swp.tmp",
        out / ".a.pdf.json.99999.tmp",  # the old temp name of an output: not ours now
        out / ".reportparse-0123456789abcdef-1.tmp",  # our pattern, for no output of ours
    ]
    for path in foreign:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("keep me", encoding="utf-8")
    ours = temp_path(out / "a.pdf.json").with_name(
        temp_path(out / "a.pdf.json").name.replace(str(os.getpid()), "4242")
    )
    ours.write_text("{", encoding="utf-8")  # what a killed run left for a.pdf.json
    summary = run_batch(src, out, jobs=1)
    assert summary.exit_code == 0
    assert all(p.read_text(encoding="utf-8") == "keep me" for p in foreign)
    assert not ours.exists()


def test_an_output_folder_above_the_inputs_keeps_the_archive_s_own_temp_files(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "archive"
    (archive / "sub").mkdir(parents=True)
    shutil.copy(PDF, archive / "a.pdf")
    (archive / ".notes.tmp").write_text("notes", encoding="utf-8")
    (archive / "sub" / ".draft.pdf.tmp").write_text("draft", encoding="utf-8")
    run_batch(archive, tmp_path, jobs=1)
    assert (archive / ".notes.tmp").exists() and (archive / "sub" / ".draft.pdf.tmp").exists()


# --- defect 2: names the file system or UTF-8 cannot take ---------------------------------------
def test_a_tis620_name_is_parsed_recorded_losslessly_and_resumed(tmp_path: Path) -> None:
    src, out = inputs(tmp_path), tmp_path / "out"
    name = crafted.tis620_name(src)
    first = run_batch(src, out, jobs=1)
    assert (first.ok, first.error) == (2, 0)
    (line,) = [x for x in lines(out) if "path_bytes" in x]
    assert bytes.fromhex(line["path_bytes"]) == os.fsencode(name.name)
    assert line["path"] == "รายงานความก้าวหน้า.txt"  # read as TIS-620
    assert Path(out / (name.name + ".json")).exists()
    again = run_batch(src, out, jobs=1)
    assert (again.skipped, again.ok, again.error) == (2, 0, 0)


@pytest.mark.parametrize("nbytes", [240, 241, 245, 250, 251, 255])
def test_a_long_name_gets_an_output_it_can_have(tmp_path: Path, nbytes: int) -> None:
    src, out = inputs(tmp_path), tmp_path / "out"
    name = crafted.long_name(src, nbytes)
    first = run_batch(src, out, jobs=1)
    assert (first.ok, first.error) == (2, 0)
    (line,) = [x for x in lines(out) if x["path"] == name.name]
    assert line["output"] == output_rel(name.name)
    assert len(os.fsencode(line["output"])) <= NAME_MAX
    assert (out / line["output"]).is_file()
    assert run_batch(src, out, jobs=1).skipped == 2


@pytest.mark.parametrize("make", [crafted.fifo, crafted.endless_link], ids=["fifo", "dev-zero"])
def test_an_input_that_is_no_regular_file_is_an_error_not_a_hang(tmp_path: Path, make: Any) -> None:
    src, out = inputs(tmp_path), tmp_path / "out"
    make(src)
    summary = run_batch(src, out, jobs=1, timeout=20)
    assert (summary.ok, summary.error) == (1, 1)
    (bad,) = [x for x in lines(out) if x["status"] == "error"]
    assert bad["code"] == "unreadable_file" and "not a regular file" in bad["error"]


# --- defect 4: output-side failures are one line with a documented exit code -------------------
def test_batch_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    src, target = inputs(tmp_path), tmp_path / "existing_file"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(src), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "it is a file: give a folder" in result.stderr


@pytest.mark.parametrize(
    ("where", "exit_code", "words"),
    [
        pytest.param("folder", 2, "it is a folder: give a file name", id="parse-o-dir"),
        pytest.param("missing/x.json", 11, "does not exist", id="parse-o-missing-folder"),
    ],
)
def test_parse_into_a_path_it_cannot_write(
    tmp_path: Path, where: str, exit_code: int, words: str
) -> None:
    (tmp_path / "folder").mkdir()
    result = runner.invoke(app, ["parse", str(PDF), "-o", str(tmp_path / where)])
    assert result.exit_code == exit_code
    assert result.stderr.count("\n") == 1 and words in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]  # no temp file left


def test_a_full_disk_stops_the_batch_cleanly_and_the_rerun_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for k in range(6):
        shutil.copy(FIXTURES / "reports" / "r01_clean.txt", src / f"t{k}.txt")
    real_write = os.write
    written = []

    def disk_fills(fd: int, data: bytes) -> int:
        if b'"status"' in data:
            if len(written) == 3:
                raise OSError(errno.ENOSPC, "No space left on device")
            written.append(data)
        return real_write(fd, data)

    monkeypatch.setattr(manifest_module.os, "write", disk_fills)
    with pytest.raises(OutputError, match="No space left on device"):
        run_batch(src, out, jobs=1)
    before = lines(out)
    assert [x["status"] for x in before] == ["ok"] * 3  # the lines written stay whole
    monkeypatch.setattr(manifest_module.os, "write", real_write)
    summary = run_batch(src, out, jobs=1)
    assert (summary.skipped, summary.ok, summary.error) == (3, 3, 0)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 400 KiB (tmpfs), mounted for the test: a disk that fills."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mnt)])
    if made.returncode != 0:
        pytest.skip("this machine does not let the tests mount a tmpfs")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill(mnt: Path) -> None:
    fd = os.open(mnt / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096) == 4096:
            pass
    except OSError:
        pass  # full: what the test wants
    finally:
        os.close(fd)


def test_a_full_disk_keeps_the_good_outputs_of_the_last_run(small_disk: Path) -> None:
    """A rerun with --force on a full disk stops cleanly (exit 11) and destroys nothing."""
    src, out = inputs(small_disk.parent), small_disk / "out"
    assert run_batch(src, out, jobs=1).ok == 1
    good = (out / "a.pdf.json").read_bytes()
    _fill(small_disk)
    result = runner.invoke(app, ["batch", str(src), "-o", str(out), "--force", "-j", "1"])
    assert result.exit_code == 11, result.stderr
    assert "No space left on device" in result.stderr.splitlines()[-1]
    assert (out / "a.pdf.json").read_bytes() == good
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    (small_disk / "filler").unlink()
    assert run_batch(src, out, jobs=1).ok == 1  # with room again, the rerun goes on


def test_a_read_only_output_file_system_is_one_line_exit_11(small_disk: Path) -> None:
    src, out = inputs(small_disk.parent), small_disk / "out"
    out.mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = runner.invoke(app, ["batch", str(src), "-o", str(out)])
    assert result.exit_code == 11
    assert result.stderr.count("\n") == 1 and "Read-only file system" in result.stderr


# --- defect 5: numbers the JSON contract cannot carry ------------------------------------------
def _warned(doc: Any, path: str) -> list[str]:
    return [w.code.value for w in doc.reports[0].warnings if w.path == path]


def test_a_round_number_of_5000_digits_is_left_out_with_a_warning(tmp_path: Path) -> None:
    doc = parse_file(crafted.round_digits(tmp_path))
    assert 1 not in [r.round for r in doc.reports[0].progress]
    assert "invalid_value" in _warned(doc, "progress")


def test_a_round_number_above_2_53_is_left_out_with_a_warning(tmp_path: Path) -> None:
    doc = parse_file(crafted.round_above_2_53(tmp_path))
    assert all(r.round < 2**53 for r in doc.reports[0].progress)
    assert "invalid_value" in _warned(doc, "progress")


def test_an_amount_of_400_digits_is_null_with_a_warning(tmp_path: Path) -> None:
    doc = parse_file(crafted.budget_digits(tmp_path))
    assert doc.reports[0].project.budget_received is None
    assert _warned(doc, "project.budget_received") == ["invalid_value"]


def test_a_be_year_0543_is_no_date(tmp_path: Path) -> None:
    doc = parse_file(crafted.be_year_0543(tmp_path))
    assert doc.reports[0].progress[0].date is None
    assert "invalid_value" in _warned(doc, "progress[0].date")


# --- defect 6: control codes of a report never reach the terminal ------------------------------
RAW = ("\x1b[2J", "\x1b]0;", "\x07", "\x9b")


@pytest.mark.parametrize("command", [["diff"], ["diff", "--json"], ["parse"]])
def test_control_codes_of_a_report_are_shown_escaped(tmp_path: Path, command: list[str]) -> None:
    hostile = crafted.control_codes(tmp_path)
    args = [*command, str(hostile)]
    if command[0] == "diff":
        args.append(str(FIXTURES / "reports" / "r01_clean.txt"))
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.stderr
    assert not [raw for raw in RAW if raw in result.stdout]
    if command == ["diff"]:
        assert "\\x1b[2J" in result.stdout  # shown, as an escape


def test_the_text_layer_reaches_a_terminal_escaped(tmp_path: Path, monkeypatch: Any) -> None:
    import reportparse.cli

    monkeypatch.setattr(reportparse.cli, "_is_terminal", lambda: True)
    result = runner.invoke(app, ["text", str(crafted.control_codes(tmp_path))])
    assert result.exit_code == 0, result.stderr
    assert not [raw for raw in RAW if raw in result.stdout]
    assert "\\x1b[2J" in result.stdout
    written = tmp_path / "layer.txt"  # a file gets the text as it is
    to_file = ["text", str(crafted.control_codes(tmp_path)), "-o", str(written)]
    assert runner.invoke(app, to_file).exit_code == 0
    assert "\x1b[2J" in written.read_text(encoding="utf-8")


def test_a_file_name_with_control_codes_is_shown_escaped(tmp_path: Path) -> None:
    path = crafted.control_name(tmp_path)
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code != 0
    assert not [raw for raw in RAW if raw in result.stderr]
