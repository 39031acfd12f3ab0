"""Tables for analysts: the rounds and reports tables, read back by DuckDB and pandas with their
types, the CSV's one number rule, DataFrames, and files that respect the umask."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import reportparse
from reportparse import parse_file, parse_text
from reportparse.batch import parse_one, run_batch
from reportparse.output.frames import MissingExtraError
from reportparse.output.tables import REPORTS, ROUNDS, number_text

from .conftest import FIXTURES, ROOT, require_module

TEXTS = sorted((FIXTURES / "reports").glob("*.txt"))
SEED = FIXTURES / "text" / "seed_both_versions.txt"  # two reports in one file
R03 = FIXTURES / "reports" / "r03_budget_warnings.txt"  # warnings on rounds and on the report
#: the SQL type DuckDB gives each column kind, reading Parquet or its own file
DUCK_TYPES = {"string": "VARCHAR", "int32": "INTEGER", "date32": "DATE", "float64": "DOUBLE",
              "bool": "BOOLEAN"}  # fmt: skip
#: reading CSV, DuckDB guesses integers as BIGINT and an all-empty column as VARCHAR
DUCK_CSV_TYPES = {**DUCK_TYPES, "int32": "BIGINT"}
#: the pandas dtype of each column kind (to_pandas, read_table)
PANDAS_DTYPES = {"string": "string", "int32": "Int32", "date32": "datetime64[ms]",
                 "float64": "float64", "bool": "boolean"}  # fmt: skip


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One batch over text fixtures writing every table in every format."""
    root = tmp_path_factory.mktemp("tables")
    src = root / "in"
    src.mkdir()
    for path in [*TEXTS, SEED]:
        shutil.copy(path, src / path.name)
    for name, table in (("rounds", "table"), ("reports", "reports_table")):
        for suffix in (".csv", ".parquet"):
            run_batch(src, root / f"out-{name}{suffix}", **{table: root / f"{name}{suffix}"})
    run_batch(src, root / "out-duckdb", table=root / "both.duckdb")
    return root


def duck(root: Path) -> Any:
    """A DuckDB connection with the batch's DuckDB file attached as ``tables``."""
    duckdb = require_module("duckdb", "duckdb")
    con = duckdb.connect()
    con.execute(f"ATTACH '{root / 'both.duckdb'}' AS tables (READ_ONLY)")
    return con


def from_clause(root: Path, name: str, form: str) -> str:
    """What DuckDB reads table ``name`` in ``form`` from, as an analyst would write it."""
    return {
        "csv": f"read_csv('{root / name}.csv')",
        "parquet": f"'{root / name}.parquet'",
        "duckdb": f"tables.{name}",
    }[form]


@pytest.mark.parametrize("table", [ROUNDS, REPORTS], ids=["rounds", "reports"])
@pytest.mark.parametrize("form", ["csv", "parquet", "duckdb"])
def test_duckdb_reads_every_table_with_its_types(written: Path, table: Any, form: str) -> None:
    con, source = duck(written), from_clause(written, table.name, form)
    result = con.sql(f"select * from {source}")
    assert result.columns == list(table.names)
    types = DUCK_CSV_TYPES if form == "csv" else DUCK_TYPES
    expected = [types[c.kind.value] for c in table.columns]
    if form == "csv":  # a column empty in every row has nothing to guess from
        empty = {
            c
            for c in table.names
            if con.sql(f"select count({c}) from {source}").fetchall() == [(0,)]
        }
        expected = [
            "VARCHAR" if n in empty else t for n, t in zip(table.names, expected, strict=True)
        ]
    assert [str(t) for t in result.types] == expected


@pytest.mark.parametrize("table", [ROUNDS, REPORTS], ids=["rounds", "reports"])
@pytest.mark.parametrize("form", ["csv", "parquet", "duckdb"])
def test_pandas_reads_every_table_with_its_dtypes(written: Path, table: Any, form: str) -> None:
    require_module("pandas", "pandas")
    path = written / (f"{table.name}.{form}" if form != "duckdb" else "both.duckdb")
    frame = reportparse.read_table(path, table.name)
    assert {n: str(d) for n, d in frame.dtypes.items()} == {
        c.name: PANDAS_DTYPES[c.kind.value] for c in table.columns
    }
    expected = reportparse.to_pandas([_doc(written, p) for p in _inputs(written)], table.name)
    assert frame.equals(expected)


def _inputs(root: Path) -> list[Path]:
    return sorted((root / "in").iterdir())


def _doc(root: Path, path: Path) -> Any:
    """The document as batch wrote it (its source is the relative path, as in the tables)."""
    return parse_one(path, name=path.relative_to(root / "in").as_posix())


def test_pandas_reads_parquet_itself_with_the_documented_call(written: Path) -> None:
    pd = require_module("pandas", "pandas")
    frame = pd.read_parquet(
        written / "rounds.parquet",
        dtype_backend="numpy_nullable",
        to_pandas_kwargs={"date_as_object": False},
    )
    assert str(frame["date"].dtype).startswith("datetime64")
    assert str(frame["on_plan"].dtype) == "boolean"
    assert str(frame["percent"].dtype) in ("Float64", "float64")


def test_to_pandas_gives_real_dtypes_and_sorted_rows() -> None:
    require_module("pandas", "pandas")
    docs = [parse_file(p) for p in reversed(TEXTS)]  # in no particular order
    frame = reportparse.to_pandas(docs)
    assert str(frame["date"].dtype) == "datetime64[ms]"
    assert str(frame["on_plan"].dtype) == "boolean" and str(frame["percent"].dtype) == "float64"
    assert list(frame["source"]) == sorted(frame["source"])
    r01 = frame[frame["source"].str.endswith("r01_clean.txt")]
    assert list(r01["round"]) == [1, 2, 3, 4, 5, 6]
    assert r01["date"].iloc[0] == dt.datetime(2023, 11, 30)
    assert r01["percent"].iloc[-1] == 100.0


def test_to_arrow_and_the_reports_table_of_a_file_with_two_reports() -> None:
    require_module("pyarrow", "parquet")
    data = reportparse.to_arrow(parse_file(SEED), table="reports").to_pylist()
    assert [(r["report"], r["code"]) for r in data] == [(1, "04160000-6968"), (2, "04160000-6968")]
    assert isinstance(data[0]["start_date"], dt.date) and isinstance(data[0]["budget_used"], float)
    assert data[0]["rounds"] == len(parse_file(SEED).reports[0].progress)


def test_dataframes_take_batch_results_with_their_paths() -> None:
    require_module("pandas", "pandas")
    results = [parse_one(p, name=p.name) for p in TEXTS[:2]]
    frame = reportparse.to_pandas(results, table="reports")
    assert list(frame["source"]) == sorted(p.name for p in TEXTS[:2])


def test_dataframes_name_the_extra_they_need(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'reportparse\[pandas\]'"):
        reportparse.to_pandas(parse_file(TEXTS[0]))
    with pytest.raises(ValueError, match="unknown table 'round'"):
        reportparse.to_arrow(parse_file(TEXTS[0]), table="round")


def test_rounds_table_keys_rows_and_carries_text_and_warnings() -> None:
    doc = parse_file(R03)
    rows = [dict(zip(ROUNDS.names, row, strict=True)) for row in ROUNDS.rows("r03", doc)]
    assert [r["position"] for r in rows] == [1, 2, 3, 4]
    assert rows[0]["text"] == doc.reports[0].progress[0].text
    # progress_decreased at progress[2].percent, percent_out_of_range at progress[3].percent
    assert [(r["warnings"], r["warning_codes"]) for r in rows] == [
        (0, None),
        (0, None),
        (1, "progress_decreased"),
        (1, "percent_out_of_range"),
    ]


def test_a_repeated_round_number_keeps_a_unique_row_key() -> None:
    text = (FIXTURES / "reports" / "r01_clean.txt").read_text(encoding="utf-8")
    doubled = text.replace("รายงานครั้งที่3 ::", "รายงานครั้งที่2 ::", 1)
    doc = parse_text(doubled)
    rows = [dict(zip(ROUNDS.names, row, strict=True)) for row in ROUNDS.rows("x", doc)]
    assert [r["round"] for r in rows].count(2) == 2
    keys = [(r["source"], r["report"], r["position"]) for r in rows]
    assert len(set(keys)) == len(keys)
    assert any("round_repeated" in (r["warning_codes"] or "") for r in rows)


def test_reports_table_has_budgets_dates_rounds_and_warning_codes() -> None:
    doc = parse_file(R03)
    (row,) = [dict(zip(REPORTS.names, row, strict=True)) for row in REPORTS.rows("r03", doc)]
    report = doc.reports[0]
    assert (row["code"], row["fiscal_year_be"]) == (report.project.code, 2566)
    assert (row["start_date"], row["budget_used"]) == (report.project.start_date, Decimal(900000))
    assert (row["rounds"], row["warnings"]) == (4, 4)
    assert row["warning_codes"] == (
        "budget_used_exceeds_received disbursed_sum_mismatch percent_out_of_range "
        "progress_decreased"
    )
    assert (row["first_page"], row["last_page"]) == tuple(report.pages)


NUMBERS = [
    pytest.param(Decimal("10.00"), "10.00", id="parsed"),
    pytest.param(10.0, "10.00", id="read-back-from-json"),
    pytest.param(Decimal("10"), "10.00", id="integral"),
    pytest.param(Decimal("1250.5"), "1250.50", id="satang"),
    pytest.param(Decimal("612500.25"), "612500.25", id="money"),
    pytest.param(Decimal("33.333"), "33.333", id="more-decimals-kept"),
    pytest.param(0.1 + 0.2, "0.30000000000000004", id="float-as-json-writes-it"),
    pytest.param(Decimal("9007199254740991"), "9007199254740991.00", id="largest-exact"),
]


@pytest.mark.parametrize(("value", "text"), NUMBERS)
def test_one_number_rule_for_csv(value: Any, text: str) -> None:
    assert number_text(value) == text
    # the JSON output and a rerun that reads it back give the same text
    assert number_text(Decimal(json.loads(json.dumps(float(value))))) == text


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077], ids=["022", "002", "077"])
def test_every_output_respects_the_umask(tmp_path: Path, umask: int) -> None:
    """Tables were written 0600 (mkstemp) while every other output was 0644."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TEXTS[0], src / TEXTS[0].name)
    code = (
        "import os, sys; from reportparse.batch import run_batch; os.umask(int(sys.argv[1], 8)); "
        "o = sys.argv[2]; run_batch(sys.argv[3], o + '/out', table=o + '/rounds.csv', "
        "reports_table=o + '/reports.parquet', jsonl=o + '/reports.jsonl'); "
        "run_batch(sys.argv[3], o + '/out2', table=o + '/tables.duckdb')"
    )
    argv = [sys.executable, "-c", code, oct(umask)[2:], str(tmp_path), str(src)]
    subprocess.run(argv, check=True, cwd=ROOT, timeout=120, capture_output=True)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(src)]
    assert {p.name for p in written} >= {"rounds.csv", "reports.parquet", "reports.jsonl",
                                         "tables.duckdb", "manifest.jsonl",
                                         f"{TEXTS[0].name}.json"}  # fmt: skip
    modes = {p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in written}
    assert modes == dict.fromkeys(modes, 0o666 & ~umask)
