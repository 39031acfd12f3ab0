"""Same input, same bytes: whatever the jobs, and however many interrupted runs it took.

A fresh run wrote ``10.00`` in the CSV where a resumed run (reading the skipped inputs back from
their JSON) wrote ``10``, and ``--jsonl`` came in the order workers finished. Three histories
over one folder must give identical tables, JSON Lines and outputs: one job; two jobs; and two
jobs killed (SIGKILL) after three files, then the same command again.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reportparse.batch import run_batch
from reportparse.batch.core import KILL_ENV

from .conftest import FIXTURES, ROOT, require_module

TEXTS = sorted((FIXTURES / "reports").glob("*.txt"))
PDFS = sorted((FIXTURES / "pdf").glob("r0[1-4]*.lo-noto.pdf"))
#: what each history writes beside its output folder
SINKS = {"table": "rounds.csv", "reports_table": "reports.parquet", "jsonl": "reports.jsonl"}
FLAGS = {"table": "--table", "reports_table": "--reports-table", "jsonl": "--jsonl"}


@pytest.fixture(scope="module")
def histories(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("reproducible")
    src = root / "in"
    (src / "pdf").mkdir(parents=True)
    for path in [*TEXTS, FIXTURES / "text" / "seed_both_versions.txt"]:
        shutil.copy(path, src / path.name)
    for path in PDFS:
        shutil.copy(path, src / "pdf" / path.name)
    done = {}
    for name, jobs in (("one-job", 1), ("two-jobs", 2)):
        where = root / name
        run_batch(src, where / "out", jobs=jobs, **{k: where / v for k, v in SINKS.items()})
        done[name] = where
    where = root / "killed-and-resumed"
    command = [sys.executable, "-m", "reportparse", "batch", str(src), "-o", str(where / "out")]
    command += ["-j", "2", *(x for k, v in SINKS.items() for x in (FLAGS[k], str(where / v)))]
    env = {**os.environ, KILL_ENV: "3"}
    killed = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=120, env=env)
    assert killed.returncode == -signal.SIGKILL
    assert not (where / "rounds.csv").exists()  # killed before the tables
    resumed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert " 3 skipped;" in resumed.stderr
    done["killed-and-resumed"] = where
    return done


def outputs(where: Path) -> dict[str, bytes]:
    """Every file a history wrote but the manifest (whose lines say when and how long)."""
    return {
        p.relative_to(where).as_posix(): p.read_bytes()
        for p in sorted(where.rglob("*"))
        if p.is_file() and p.name != "manifest.jsonl"
    }


@pytest.mark.parametrize("name", ["two-jobs", "killed-and-resumed"])
def test_the_same_bytes_as_one_job(histories: dict[str, Path], name: str) -> None:
    expected, got = outputs(histories["one-job"]), outputs(histories[name])
    assert set(got) == set(expected)
    assert len(expected) >= 3 + len(TEXTS) + len(PDFS)
    assert [p for p in expected if got[p] != expected[p]] == []


def test_csv_numbers_are_written_by_one_rule(histories: dict[str, Path]) -> None:
    text = (histories["killed-and-resumed"] / "rounds.csv").read_text(encoding="utf-8-sig")
    r01 = [line for line in text.splitlines() if line.startswith("r01_clean.txt,")]
    assert [line.split(",")[8:10] for line in r01[:3]] == [
        ["10.00", "0.00"],
        ["25.00", "0.00"],
        ["40.00", "612500.25"],
    ]


def test_json_lines_are_sorted_by_source_and_report(histories: dict[str, Path]) -> None:
    import json

    lines = (histories["two-jobs"] / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    keys = [(r["source"], r["report"]) for r in map(json.loads, lines)]
    assert keys == sorted(keys)
    assert ("seed_both_versions.txt", 2) in keys


def test_duckdb_tables_hold_the_same_rows_whatever_the_jobs(tmp_path: Path) -> None:
    duckdb = require_module("duckdb", "duckdb")
    src = tmp_path / "in"
    src.mkdir()
    for path in TEXTS:
        shutil.copy(path, src / path.name)
    rows = []
    for jobs in (1, 2):
        db = tmp_path / f"j{jobs}.duckdb"
        run_batch(src, tmp_path / f"out{jobs}", jobs=jobs, table=db)
        with duckdb.connect(str(db), read_only=True) as con:
            rows.append([con.sql(f"select * from {t}").fetchall() for t in ("rounds", "reports")])
    assert rows[0] == rows[1] and rows[0][0] and rows[0][1]
