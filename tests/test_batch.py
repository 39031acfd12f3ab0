"""Batch: outputs mirror the tree, bad files are errors, resume after kill -9, hangs and crashes."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reportparse import parse_file
from reportparse.batch import CRASH_ENV, HANG_ENV, discover, iter_results, parse_one
from reportparse.batch.core import KILL_ENV
from reportparse.batch.manifest import MANIFEST, Status, manifest_state, read_manifest
from reportparse.batch.pool import FailureKind, Pool
from reportparse.cli import app
from reportparse.output.tables import COLUMNS

from . import pool_items
from .conftest import FIXTURES, ROOT, require_module

runner = CliRunner()
PDFS = sorted((FIXTURES / "pdf").glob("*.pdf"))
TEXTS = sorted((FIXTURES / "reports").glob("*.txt"))
BAD = FIXTURES / "bad"

#: the five bad inputs of the acceptance test: file, error code, words of the message
BAD_FILES = [
    pytest.param("corrupt.pdf", "damaged_pdf", "damaged", id="corrupt"),
    pytest.param("encrypted.pdf", "encrypted_pdf", "--password", id="encrypted"),
    pytest.param("empty.pdf", "empty_file", "the file is empty", id="empty"),
    pytest.param("scanned.pdf", "no_text_layer", "no text layer", id="scanned"),
    pytest.param("not_a_report.pdf", "not_a_report", "no progress report found", id="not-a-report"),
]


def manifest(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / MANIFEST).read_text(encoding="utf-8").splitlines()]


def run(*args: str | Path) -> Any:
    return runner.invoke(app, ["batch", *map(str, args)])


def copy_corpus(root: Path, texts: int = 11, pdfs: int = 0) -> Path:
    """Text fixtures at the top, PDFs in a sub-folder: ``texts`` and ``pdfs`` files."""
    src = root / "in"
    (src / "sub" / "deeper").mkdir(parents=True)
    for i in range(texts):
        shutil.copy(TEXTS[i % len(TEXTS)], src / f"t{i:03d}_{TEXTS[i % len(TEXTS)].name}")
    for i in range(pdfs):
        where = src / "sub" / ("deeper" if i % 2 else "")
        shutil.copy(PDFS[i % len(PDFS)], where / f"p{i:03d}_{PDFS[i % len(PDFS)].name}")
    return src


@pytest.fixture(scope="module")
def acceptance(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, Path]:
    """Acceptance 2: 50 good fixtures (44 PDFs, 6 texts) and the five bad files, in one batch."""
    root = tmp_path_factory.mktemp("acceptance")
    src = root / "in"
    (src / "pdf").mkdir(parents=True)
    (src / "bad").mkdir()
    for pdf in PDFS:
        shutil.copy(pdf, src / "pdf" / pdf.name)
    for text in TEXTS[:6]:
        shutil.copy(text, src / text.name)
    for param in BAD_FILES:
        shutil.copy(BAD / param.values[0], src / "bad" / param.values[0])
    out = root / "out"
    # the scan is a bad file with OCR off (with it, tests/test_ocr.py reads scans)
    result = run(src, "-o", out, "--table", root / "rounds.csv", "--jsonl", root / "reports.jsonl",
                 "--ocr", "never")  # fmt: skip
    return result, src, out


def test_acceptance_50_ok_5_errors_exit_1(acceptance: tuple[Any, Path, Path]) -> None:
    result, _, out = acceptance
    assert len(PDFS) == 44
    assert result.exit_code == 1
    counts = Counter(line["status"] for line in manifest(out))
    assert counts == {"ok": 50, "error": 5}
    assert "55 files: 50 ok, 5 error, 0 skipped" in result.stderr


@pytest.mark.parametrize(("name", "code", "words"), BAD_FILES)
def test_each_bad_file_has_a_clear_one_line_error(
    acceptance: tuple[Any, Path, Path], name: str, code: str, words: str
) -> None:
    _, _, out = acceptance
    (line,) = [x for x in manifest(out) if x["path"] == f"bad/{name}"]
    assert (line["status"], line["code"], line["output"]) == ("error", code, None)
    assert words in line["error"]
    assert line["error"].startswith(str(out.parent / "in" / "bad" / name))
    assert "\n" not in line["error"]
    assert f"reportparse batch: error: {line['error']}\n" in acceptance[0].stderr
    assert not (out / "bad" / f"{name}.json").exists()


def test_outputs_mirror_the_tree_and_equal_parse(acceptance: tuple[Any, Path, Path]) -> None:
    _, src, out = acceptance
    ok = [line for line in manifest(out) if line["status"] == "ok"]
    for line in ok:
        assert line["output"] == line["path"] + ".json"
        assert line["sha256"] and line["pages"] >= 1 and line["reports"] >= 1
    for rel in ("pdf/seed_v2.lo-noto.pdf", "r01_clean.txt"):
        expected = parse_file(src / rel).model_dump_json(indent=2) + "\n"
        assert (out / f"{rel}.json").read_text(encoding="utf-8") == expected
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == sorted(
        line["output"] for line in ok
    )


def test_rounds_table_is_excel_friendly_csv(acceptance: tuple[Any, Path, Path]) -> None:
    _, _, out = acceptance
    raw = (out.parent / "rounds.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert tuple(rows[0]) == COLUMNS
    r01 = [r for r in rows if r["source"] == "r01_clean.txt"]
    assert [r["round"] for r in r01] == ["1", "2", "3", "4", "5", "6"]
    assert r01[0]["code"] == "50100000-1234"
    assert r01[0]["name"].startswith("โครงการปรับปรุงภูมิทัศน์")
    assert r01[0]["agency"].startswith("สำนักงานเขตบางกะปิ / ")
    assert (r01[0]["date"], r01[0]["on_plan"], r01[5]["percent"]) == (
        "2023-11-30",
        "true",
        "100.00",
    )
    expected = sum(
        len(r["progress"])
        for p in out.rglob("*.json")
        for r in json.loads(p.read_text())["reports"]
    )
    assert len(rows) == expected


def test_jsonl_has_one_report_per_line_with_its_source(acceptance: tuple[Any, Path, Path]) -> None:
    _, _, out = acceptance
    lines = (out.parent / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    reports = [json.loads(line) for line in lines]
    two = [r for r in reports if r["source"] == "pdf/r08_two_reports.lo-noto.pdf"]
    assert [r["report"] for r in two] == [1, 2]
    assert sum(line["reports"] for line in manifest(out) if line["status"] == "ok") == len(reports)
    assert all("project" in r and "progress" in r for r in reports)


def test_rerun_skips_what_is_ok_and_retries_errors(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path, texts=6)
    shutil.copy(BAD / "empty.pdf", src / "empty.pdf")
    out = tmp_path / "out"
    assert run(src, "-o", out).exit_code == 1
    first = {p: p.stat().st_mtime_ns for p in out.rglob("*.json")}
    (src / "empty.pdf").write_bytes((FIXTURES / "reports" / "seed_v1.txt").read_bytes())
    (src / "t000_r01_clean.txt").write_bytes(TEXTS[1].read_bytes())  # changed content
    result = run(src, "-o", out)
    assert result.exit_code == 0
    second = [line for line in manifest(out) if line["run"] != manifest(out)[0]["run"]]
    assert {line["path"]: line["status"] for line in second} == {
        "empty.pdf": "ok",
        "t000_r01_clean.txt": "ok",
        **{f"t{i:03d}_{TEXTS[i].name}": "skipped" for i in range(1, 6)},
    }
    rewritten = {p.name for p in first if p.stat().st_mtime_ns != first[p]}
    assert rewritten == {"t000_r01_clean.txt.json"}  # the skipped outputs are untouched
    assert "7 files: 2 ok, 0 error, 5 skipped" in result.stderr


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_ctrl_c_python_swallows_still_stops_the_batch(tmp_path: Path) -> None:
    """Python drops an exception raised while a ``__del__`` runs: a Ctrl-C that lands there
    (a collected pipe's, on a loaded machine) must still end the batch as interrupted."""
    from reportparse.batch.core import _run_job, run_batch

    class Collected:
        def __del__(self) -> None:  # Ctrl-C arrives while this runs
            handler = signal.getsignal(signal.SIGINT)
            assert callable(handler)
            handler(signal.SIGINT, None)

    def executor(jobs: Any) -> Any:
        for n, job in enumerate(jobs):
            if n == 1:
                Collected()  # collected at once: its KeyboardInterrupt is swallowed
            yield _run_job(job)

    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        shutil.copy(FIXTURES / "pdf" / "r01_clean.lo-laksaman.pdf", src / f"{i}.pdf")
    # as in a terminal (a background job, as CI runs the tests, starts with SIGINT ignored)
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            run_batch(src, tmp_path / "out", executor=executor)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back
    finally:
        signal.signal(signal.SIGINT, old)
    done = [r for r in read_manifest(tmp_path / "out" / MANIFEST) if r["status"] == "ok"]
    assert len(done) == 2  # stopped after the file during which Ctrl-C came
    again = run_batch(src, tmp_path / "out")  # the rerun resumes
    assert (again.ok, again.skipped) == (2, 2)


def test_a_batch_started_with_ctrl_c_ignored_goes_on_ignoring_it(tmp_path: Path) -> None:
    """nohup, a background job: SIGINT ignored at the start stays ignored through the batch."""
    from reportparse.batch.core import _run_job, run_batch

    seen = []

    def executor(jobs: Any) -> Any:
        for job in jobs:
            seen.append(signal.getsignal(signal.SIGINT))
            yield _run_job(job)

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIXTURES / "pdf" / "r01_clean.lo-laksaman.pdf", src / "a.pdf")
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert run_batch(src, tmp_path / "out", executor=executor).ok == 1
        assert seen == [signal.SIG_IGN]
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, old)


def test_force_parses_everything_again(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path, texts=3)
    out = tmp_path / "out"
    run(src, "-o", out)
    assert run(src, "-o", out, "--force").exit_code == 0
    assert Counter(line["status"] for line in manifest(out)) == {"ok": 6}


def test_a_file_that_became_bad_loses_its_stale_output(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path, texts=2)
    out = tmp_path / "out"
    run(src, "-o", out)
    (src / "t001_r02_thai_digits.txt").write_bytes(b"")
    assert run(src, "-o", out).exit_code == 1
    assert not (out / "t001_r02_thai_digits.txt.json").exists()
    assert manifest_state(read_manifest(out / MANIFEST))["t001_r02_thai_digits.txt"]["code"] == (
        "empty_file"
    )


def test_a_hanging_file_is_killed_at_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = copy_corpus(tmp_path, texts=8)
    out = tmp_path / "out"
    monkeypatch.setenv(HANG_ENV, "t003_")
    result = run(src, "-o", out, "--timeout", "2", "--jobs", "2")
    assert result.exit_code == 1
    lines = {line["path"]: line for line in manifest(out)}
    hung = lines["t003_r04_round_order.txt"]
    assert (hung["status"], hung["code"]) == ("error", "timeout")
    assert "timed out after 2 s" in hung["error"]
    assert hung["seconds"] >= 2
    assert Counter(line["status"] for line in lines.values()) == {"ok": 7, "error": 1}


def test_a_crashing_worker_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = copy_corpus(tmp_path, texts=8)
    out = tmp_path / "out"
    monkeypatch.setenv(CRASH_ENV, "t002_")
    result = run(src, "-o", out, "--jobs", "1")
    assert result.exit_code == 1
    lines = {line["path"]: line for line in manifest(out)}
    crashed = lines["t002_r03_budget_warnings.txt"]
    assert (crashed["code"], crashed["status"]) == ("worker_crashed", "error")
    assert "worker crashed (signal 11, SIGSEGV)" in crashed["error"]
    assert Counter(line["status"] for line in lines.values()) == {"ok": 7, "error": 1}


def test_kill_9_midway_then_rerun_ends_every_input_ok_exactly_once(tmp_path: Path) -> None:
    """Acceptance 1: SIGKILL the batch after some files, rerun, check the invariants."""
    src = copy_corpus(tmp_path, texts=240, pdfs=60)
    total = 300
    out = tmp_path / "out"
    command = [sys.executable, "-m", "reportparse", "batch", str(src), "-o", str(out), "-j", "2"]
    # the batch kills itself (SIGKILL) right after its 20th manifest line, workers mid-file
    killed = subprocess.run(
        command, cwd=ROOT, capture_output=True, timeout=120, env={**os.environ, KILL_ENV: "20"}
    )
    assert killed.returncode == -signal.SIGKILL
    first = read_manifest(out / MANIFEST)
    assert len(first) == 20
    with (out / MANIFEST).open("a", encoding="utf-8") as f:
        f.write('{"path": "t000_r01_clean.txt", "sta')  # as if killed in the middle of a line
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = read_manifest(out / MANIFEST)
    ok = Counter(line["path"] for line in lines if line["status"] == "ok")
    assert set(ok) == set(discover(src)) and set(ok.values()) == {1}
    first_ok = {line["path"] for line in first if line["status"] == "ok"}
    rerun = lines[len(first) :]
    assert {line["path"] for line in rerun if line["status"] == "skipped"} == first_ok
    assert not first_ok & {line["path"] for line in rerun if line["status"] == "ok"}
    assert not list(out.rglob("*.tmp"))
    outputs = list(out.rglob("*.json"))
    assert len(outputs) == total
    assert all(json.loads(p.read_text(encoding="utf-8"))["reports"] for p in outputs)


def test_truncated_manifest_line_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / MANIFEST
    path.write_text('{"path": "a.pdf", "status": "ok"}\n{"path": "b.pdf", "sta', encoding="utf-8")
    assert [r["path"] for r in read_manifest(path)] == ["a.pdf"]


def test_second_batch_on_the_same_output_is_refused(tmp_path: Path) -> None:
    import fcntl

    src = copy_corpus(tmp_path, texts=1)
    out = tmp_path / "out"
    out.mkdir()
    with (out / MANIFEST).open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = run(src, "-o", out)
    assert result.exit_code == 2
    assert "another reportparse batch is writing to this folder" in result.stderr


TABLE_ERRORS = [
    pytest.param(
        "rounds.xlsx", "unknown extension '.xlsx'; use .csv, .parquet or .duckdb", id="xlsx"
    ),
    pytest.param("rounds.parquet", "pip install 'reportparse[parquet]'", id="no-pyarrow"),
    pytest.param("tables.duckdb", "pip install 'reportparse[duckdb]'", id="no-duckdb"),
]


@pytest.mark.parametrize(("name", "words"), TABLE_ERRORS)
def test_table_errors_come_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, words: str
) -> None:
    for module in ("pyarrow", "duckdb"):  # import fails as if not installed
        monkeypatch.setitem(sys.modules, module, None)
    src = copy_corpus(tmp_path, texts=1)
    result = run(src, "-o", tmp_path / "out", "--table", tmp_path / name)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert words in result.stderr
    assert not (tmp_path / "out").exists()


def test_parquet_table_keeps_types(tmp_path: Path) -> None:
    pq = require_module("pyarrow.parquet", "parquet")
    src = copy_corpus(tmp_path, texts=2)
    table = tmp_path / "rounds.parquet"
    assert run(src, "-o", tmp_path / "out", "--table", table).exit_code == 0
    data = pq.read_table(table)
    assert data.column_names == list(COLUMNS)
    first = data.slice(0, 1).to_pylist()[0]
    assert (first["round"], first["date"].isoformat(), first["on_plan"]) == (1, "2023-11-30", True)
    assert isinstance(first["percent"], float)


def test_rerun_tables_include_skipped_inputs(tmp_path: Path) -> None:
    src = copy_corpus(tmp_path, texts=3)
    out = tmp_path / "out"
    run(src, "-o", out)
    assert run(src, "-o", out, "--table", tmp_path / "rounds.csv").exit_code == 0
    rows = list(csv.DictReader((tmp_path / "rounds.csv").read_text("utf-8-sig").splitlines()))
    assert {r["source"] for r in rows} == set(discover(src))


def test_discover_is_recursive_sorted_and_skips_the_output(tmp_path: Path) -> None:
    for name in ("b.PDF", "a/z.txt", "a/y.pdf", "notes.md", "out/x.pdf", "a/.x.pdf.json.9.tmp"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert discover(tmp_path, exclude=tmp_path / "out") == ["a/y.pdf", "a/z.txt", "b.PDF"]


def test_parse_one_turns_bad_files_into_error_results() -> None:
    good, bad = parse_one(TEXTS[0]), parse_one(BAD / "truncated.pdf")
    assert (good.status, good.reports, good.document is not None) == (Status.OK, 1, True)
    assert (bad.status, bad.code, bad.document) == (Status.ERROR, "damaged_pdf", None)
    assert bad.sha256 and "damaged" in (bad.error or "")


def test_iter_results_yields_one_result_per_path() -> None:
    paths = [*TEXTS[:4], BAD / "empty.pdf", PDFS[0]]
    results = {r.path: r for r in iter_results(paths, jobs=2)}
    assert set(results) == {str(p) for p in paths}
    assert results[str(BAD / "empty.pdf")].code == "empty_file"
    assert results[str(PDFS[0])].document == parse_file(PDFS[0])


def _pid(_: int) -> int:
    return os.getpid()


def _fail(item: int) -> int:
    raise ValueError(f"bad item {item}")


def test_pool_recycles_workers_after_n_items() -> None:
    pids = [o.value for _, o in Pool(_pid, jobs=1, recycle_after=2).imap_unordered(range(6))]
    assert len(set(pids)) == 3


def test_pool_sends_a_worker_its_next_item_while_it_runs_one() -> None:
    """A worker does not wait for the parent between two items: the next is in its pipe."""
    outcomes = dict(Pool(pool_items.next_waiting, jobs=1).imap_unordered(range(3)))
    assert [outcomes[i].value for i in range(3)] == [True, True, False]


def test_pool_hands_the_item_a_dead_worker_held_next_to_another() -> None:
    """Item 3 waits in the pipe of the worker that crashes on 2, item 6 behind the one that
    hangs on 5: each still runs, once, in a new worker."""
    pool = Pool(pool_items.dies_or_hangs, jobs=1, timeout=5.0)
    outcomes = list(pool.imap_unordered(range(8)))
    assert sorted(item for item, _ in outcomes) == list(range(8))
    kinds = {item: outcome.kind for item, outcome in outcomes}
    assert (kinds[2], kinds[5]) == (FailureKind.CRASHED, FailureKind.TIMEOUT)
    assert {item: o.value for item, o in outcomes if o.kind is None} == {
        i: i for i in (0, 1, 3, 4, 6, 7)
    }


def test_a_worker_that_dies_right_after_a_result_loses_no_item() -> None:
    """A worker sends item 2k's result, starts item 2k+1 (already in its pipe) and dies at
    once, often before the parent has read the result: that death is item 2k+1's outcome,
    never an item left unreported. Ten pools of twenty items: a race, not forced; on the
    pool that took any dead worker's next item for unstarted this failed 3 of 4 runs."""
    for _ in range(10):
        pool = Pool(pool_items.dies_on_odd, jobs=1, timeout=10.0)
        outcomes = list(pool.imap_unordered(range(20)))
        assert sorted(item for item, _ in outcomes) == list(range(20))
        for item, outcome in outcomes:
            expected = FailureKind.CRASHED if item % 2 else None
            assert (outcome.kind, outcome.value) == (expected, None if item % 2 else item)


def test_pool_reports_an_exception_in_the_function() -> None:
    ((item, outcome),) = list(Pool(_fail, jobs=1).imap_unordered([7]))
    assert (item, outcome.value) == (7, None)
    assert outcome.failure == "internal error (ValueError: bad item 7)"


def test_batch_help_documents_exit_status() -> None:
    result = runner.invoke(app, ["batch", "--help"])
    assert result.exit_code == 0
    assert "1 any file failed" in " ".join(result.stdout.split())


def _late(seconds: float) -> str:
    """A worker's item that asks for ``seconds`` more, then takes most of them (as a file
    whose pages turn out to need OCR does)."""
    import time

    from reportparse.batch.pool import more_time

    more_time(seconds)
    time.sleep(seconds / 2)  # the work itself, in the worker: what the deadline is about
    return "done"


def _late_without_asking(seconds: float) -> str:
    import time

    time.sleep(seconds / 2)
    return "done"


@pytest.mark.parametrize(("fn", "finished"), [(_late, True), (_late_without_asking, False)])
def test_a_worker_may_ask_for_more_time(fn: Any, finished: bool) -> None:
    """``more_time`` moves the item's deadline (each OCR'd page asks for ``OCR_SECONDS``)."""
    # the worker imports this module before it runs ``fn``: the deadline leaves room for that
    pool = Pool(fn, jobs=1, timeout=2.0, recycle_after=None)
    ((_, outcome),) = list(pool.imap_unordered([5.0]))
    assert (outcome.value == "done") is finished
    if not finished:
        assert "timed out after 2 s (worker killed)" in (outcome.failure or "")


def test_pages_read_by_ocr_are_counted(tmp_path: Path) -> None:
    require_module("tesserocr", "ocr")
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIXTURES / "scans" / "r05_missing_parts.lo-garuda.scan300.pdf", src / "scan.pdf")
    shutil.copy(FIXTURES / "pdf" / "r01_clean.lo-noto.pdf", src / "born.pdf")
    out = tmp_path / "out"
    result = run(src, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    lines = {line["path"]: line for line in manifest(out)}
    assert lines["scan.pdf"]["ocr_pages"] == lines["scan.pdf"]["pages"] == 2
    assert lines["born.pdf"]["ocr_pages"] == 0
    assert "pages parsed (2 by OCR)" in result.stderr
