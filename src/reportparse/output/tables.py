"""Tables for analysts: the progress rounds and the reports of many documents as CSV, Parquet or
one DuckDB file.

Contract: a ``Table`` is a name, one tuple of ``Column`` (name, type, getter) and its sort key:
the columns drive the rows, the CSV header, the Arrow / Parquet / DuckDB schema and the order,
so a new column is one entry. ``ROUNDS`` has one row per progress round (the project on every
row; ``position`` is the round's 1-based place in its report, unique within a report even when
a round number repeats); ``REPORTS`` one row per report (budgets, dates, rounds, warnings).
``round_rows`` / ``report_rows(source, doc)`` give a document's rows; ``write_table(path, rows,
table)`` writes one table as CSV or Parquet by the extension of ``path``, and a ``.duckdb``
path holds several (``write_tables``), always atomically (temp file + rename, umask
respected). ``check_table_path`` raises ``TableError`` for an unknown extension or a missing
library (pyarrow: ``reportparse[parquet]``; duckdb: ``reportparse[duckdb]``), so a batch can
refuse before any work. ``report_lines(source, doc)`` gives the reports as JSON Lines.

The same input gives the same bytes: rows are sorted by their key (never by completion order),
and a number is written by one rule whether it was just parsed or read back from a JSON output
(``number_text``). CSV is UTF-8 with a byte-order mark, so Excel opens Thai text correctly;
dates are ISO, flags ``true`` / ``false``, an absent value an empty cell. Parquet and DuckDB
keep types: ``date`` / ``start_date`` are dates, money and percentages float64 (as in the
JSON), flags booleans, counts integers.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from ..errors import ReportParseError
from ..models import Document, Report, Round, to_json
from .files import discard, write_through


class Kind(str, Enum):
    """The type of a column: how CSV writes it and what Arrow, Parquet and DuckDB store."""

    STRING = "string"
    INT = "int32"
    DATE = "date32"
    FLOAT = "float64"
    BOOL = "bool"


@dataclass(frozen=True)
class RoundRow:
    """What a round's row is read from: the source file, the report's place in it, the report,
    the round and the round's place in the report's progress (1-based)."""

    source: str
    index: int
    report: Report
    round: Round
    position: int = 1


@dataclass(frozen=True)
class ReportRow:
    """What a report's row is read from: the source file, the report's place in it, the report."""

    source: str
    index: int
    report: Report


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, its type and how a row's value is read."""

    name: str
    kind: Kind
    get: Callable[[Any], Any]


#: a warning's path that points into one round: ``progress[3]`` (0-based) …
_ROUND_PATH = re.compile(
    r"""
    ^progress\[
    (?: (?P<index>\d+)            # the round's place in the list, 0-based
      | round=(?P<number>\d+) )   # or its number
    \]
    """,
    re.VERBOSE,
)


def round_warnings(report: Report, round_: Round, position: int) -> list[str]:
    """The codes of the warnings of ``report`` that point at this round."""
    codes = []
    for w in report.warnings:
        m = _ROUND_PATH.match(w.path)
        if m and (
            (m["index"] is not None and int(m["index"]) == position - 1)
            or (m["number"] is not None and int(m["number"]) == round_.round)
        ):
            codes.append(w.code.value)
    return codes


def codes_text(codes: Iterable[str]) -> str | None:
    """Warning codes as one cell: each code once, sorted, separated by a space; None (an empty
    cell) when there is none.

    >>> codes_text(["round_missing", "progress_decreased", "round_missing"]), codes_text([])
    ('progress_decreased round_missing', None)
    """
    return " ".join(sorted(set(codes))) or None


def _agency(report: Report) -> str | None:
    return " / ".join(report.agency.units) or None


def _page(report: Report, i: int) -> int | None:
    return report.pages[i] if report.pages else None


#: the columns that begin both tables: which file, which report of it, which project (a row
#: of either table has ``source``, ``index`` and ``report``)
KEY_COLUMNS: tuple[Column, ...] = (
    Column("source", Kind.STRING, lambda r: r.source),
    Column("report", Kind.INT, lambda r: r.index),
    Column("code", Kind.STRING, lambda r: r.report.project.code),
    Column("name", Kind.STRING, lambda r: r.report.project.name),
    Column("fiscal_year_be", Kind.INT, lambda r: r.report.project.fiscal_year_be),
    Column("agency", Kind.STRING, lambda r: _agency(r.report)),
)
#: one row per progress round; ``report`` is the report's 1-based place in its file (as diff's
#: #N), ``position`` the round's 1-based place in the report (a key even where rounds repeat)
ROUND_COLUMNS: tuple[Column, ...] = (
    *KEY_COLUMNS,
    Column("round", Kind.INT, lambda r: r.round.round),
    Column("date", Kind.DATE, lambda r: r.round.date),
    Column("percent", Kind.FLOAT, lambda r: r.round.percent),
    Column("disbursed", Kind.FLOAT, lambda r: r.round.disbursed),
    Column("on_plan", Kind.BOOL, lambda r: r.round.on_plan),
    Column("on_target", Kind.BOOL, lambda r: r.round.on_target),
    Column("position", Kind.INT, lambda r: r.position),
    Column("text", Kind.STRING, lambda r: r.round.text),
    Column("warnings", Kind.INT, lambda r: len(round_warnings(r.report, r.round, r.position))),
    Column(
        "warning_codes",
        Kind.STRING,
        lambda r: codes_text(round_warnings(r.report, r.round, r.position)),
    ),
)
#: one row per report
REPORT_COLUMNS: tuple[Column, ...] = (
    *KEY_COLUMNS,
    Column("responsible", Kind.STRING, lambda r: r.report.agency.responsible),
    Column("coordinator", Kind.STRING, lambda r: r.report.agency.coordinator),
    Column("start_date", Kind.DATE, lambda r: r.report.project.start_date),
    Column("end_date", Kind.DATE, lambda r: r.report.project.end_date),
    Column("budget_received", Kind.FLOAT, lambda r: r.report.project.budget_received),
    Column("budget_used", Kind.FLOAT, lambda r: r.report.project.budget_used),
    Column("rounds", Kind.INT, lambda r: len(r.report.progress)),
    Column("warnings", Kind.INT, lambda r: len(r.report.warnings)),
    Column("warning_codes", Kind.STRING, lambda r: codes_text(w.code for w in r.report.warnings)),
    Column("first_page", Kind.INT, lambda r: _page(r.report, 0)),
    Column("last_page", Kind.INT, lambda r: _page(r.report, -1)),
)

Row = tuple[Any, ...]


def _round_items(source: str, doc: Document) -> Iterable[RoundRow]:
    for index, report in enumerate(doc.reports, start=1):
        for position, r in enumerate(report.progress, start=1):
            yield RoundRow(source, index, report, r, position)


def _report_items(source: str, doc: Document) -> Iterable[ReportRow]:
    for index, report in enumerate(doc.reports, start=1):
        yield ReportRow(source, index, report)


@dataclass(frozen=True)
class Table:
    """A table: its name (the DuckDB table's too), its columns, its key and its rows' source."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    items: Callable[[str, Document], Iterable[Any]]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def rows(self, source: str, doc: Document) -> list[Row]:
        """One row per item of ``doc``, in the order of ``names``."""
        return [tuple(c.get(item) for c in self.columns) for item in self.items(source, doc)]

    def sort(self, rows: list[Row]) -> None:
        """Sort rows by the table's key, the same whatever order they came in."""
        at = [self.names.index(name) for name in self.key]
        rows.sort(key=lambda row: tuple(row[i] for i in at))


ROUNDS = Table("rounds", ROUND_COLUMNS, ("source", "report", "round", "position"), _round_items)
REPORTS = Table("reports", REPORT_COLUMNS, ("source", "report"), _report_items)
TABLES: Mapping[str, Table] = {t.name: t for t in (ROUNDS, REPORTS)}
COLUMNS = ROUNDS.names
#: the order the rounds table's rows are written in
SORT_BY = ROUNDS.key
FORMATS = (".csv", ".parquet", ".duckdb")
#: what each format needs beyond the default install: (module, extra)
_NEEDS: dict[str, tuple[tuple[str, str], ...]] = {
    ".parquet": (("pyarrow", "parquet"),),
    ".duckdb": (("duckdb", "duckdb"), ("pyarrow", "duckdb")),
}


def round_rows(source: str, doc: Document) -> list[Row]:
    """One row per progress round of every report of ``doc``, in the order of ``COLUMNS``."""
    return ROUNDS.rows(source, doc)


def report_rows(source: str, doc: Document) -> list[Row]:
    """One row per report of ``doc``, in the order of ``REPORTS.names``."""
    return REPORTS.rows(source, doc)


def report_lines(source: str, doc: Document) -> list[str]:
    """The reports of ``doc`` as JSON Lines: ``{"source", "report", …the Report…}``."""
    lines = []
    for index, report in enumerate(doc.reports, start=1):
        head = json.dumps(
            {"source": source, "report": index}, ensure_ascii=False, separators=(",", ":")
        )
        lines.append(head[:-1] + "," + to_json(report, None)[1:] + "\n")
    return lines


class TableError(ReportParseError):
    """The table asked for cannot be written (unknown format, or its library missing)."""

    exit_code = 2
    code = "table"

    @property
    def what(self) -> str:
        return "cannot write this table"


def check_table_path(path: str | Path) -> None:
    """Refuse a table path that cannot be written, before any work is done."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise TableError(
            path, f"unknown extension {suffix or '(none)'!r}; use .csv, .parquet or .duckdb"
        )
    for module, extra in _NEEDS.get(suffix, ()):
        try:
            __import__(module)
        except ImportError:
            what = "Parquet" if suffix == ".parquet" else "DuckDB"
            raise TableError(
                path, f"{what} needs {module}: pip install 'reportparse[{extra}]'"
            ) from None


def write_table(path: str | Path, rows: Sequence[Row], table: Table = ROUNDS) -> None:
    """Write one table as CSV, Parquet or DuckDB, chosen by the extension of ``path``."""
    write_tables(path, {table.name: rows})


def write_tables(path: str | Path, tables: Mapping[str, Sequence[Row]]) -> None:
    """Write tables (by name, rows sorted) to ``path``: a ``.duckdb`` file holds them all, a
    CSV or Parquet file exactly one."""
    check_table_path(path)
    suffix = Path(path).suffix.lower()
    if suffix != ".duckdb" and len(tables) != 1:
        names = " and ".join(tables)
        raise TableError(path, f"a {suffix} file holds one table, not {names}: use .duckdb")
    if suffix == ".duckdb":
        write_through(Path(path), lambda tmp: _write_duckdb(tmp, tables))
        return
    ((name, rows),) = tables.items()
    writer = _write_parquet if suffix == ".parquet" else _write_csv
    write_through(Path(path), lambda tmp: writer(tmp, TABLES[name], rows))


def number_text(value: Decimal | float) -> str:
    """A money or percent value as CSV writes it: the JSON number's value, with at least two
    decimals (satang) and as many more as it has, never an exponent. A value just parsed
    (``Decimal("10.00")``) and the same value read back from JSON (``10.0``) give one text.

    >>> [number_text(v) for v in (Decimal("10.00"), 10.0, Decimal("0"), 612500.25)]
    ['10.00', '10.00', '0.00', '612500.25']
    >>> number_text(Decimal("12.345")), number_text(1e-05), number_text(9007199254740992.0)
    ('12.345', '0.00001', '9007199254740992.00')
    """
    exact = Decimal(repr(float(value)))  # the JSON number: the shortest repr of the float
    places = max(2, -int(exact.as_tuple().exponent))
    return f"{exact:.{places}f}"


def csv_cell(value: Any, kind: Kind) -> Any:
    """A cell as Excel, pandas and DuckDB read it back.

    >>> [csv_cell(v, k) for v, k in ((None, Kind.BOOL), (True, Kind.BOOL), (3, Kind.INT))]
    ['', 'true', 3]
    """
    if value is None:
        return ""
    if kind is Kind.BOOL:
        return "true" if value else "false"
    if kind is Kind.FLOAT:
        return number_text(value)
    return value


def _write_csv(path: Path, table: Table, rows: Iterable[Row]) -> None:
    kinds = [c.kind for c in table.columns]
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(table.names)
        out.writerows([csv_cell(v, k) for v, k in zip(row, kinds, strict=True)] for row in rows)


def arrow_table(table: Table, rows: Sequence[Row]) -> Any:
    """The rows as a ``pyarrow.Table`` of the table's schema (money and percent as float64)."""
    import pyarrow as pa

    schema = pa.schema([(c.name, _arrow_type(pa, c.kind)) for c in table.columns])
    columns: list[list[Any]] = [list(col) for col in zip(*rows, strict=True)] if rows else []
    columns = columns or [[] for _ in table.columns]
    for i, column in enumerate(table.columns):
        if column.kind is Kind.FLOAT:  # Decimal inside; float64 as in the JSON
            columns[i] = [None if v is None else float(v) for v in columns[i]]
    return pa.table(columns, schema=schema)


def _write_parquet(path: Path, table: Table, rows: Sequence[Row]) -> None:
    import pyarrow.parquet as pq

    pq.write_table(arrow_table(table, rows), path)


def _write_duckdb(path: Path, tables: Mapping[str, Sequence[Row]]) -> None:
    import duckdb

    wal = path.with_name(path.name + ".wal")
    try:
        with duckdb.connect(str(path)) as con:
            for name, rows in tables.items():
                con.register("rows_", arrow_table(TABLES[name], rows))
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM rows_')
                con.unregister("rows_")
    finally:
        discard(wal)  # a write cut short leaves duckdb's log beside the temp file


def _arrow_type(pa: Any, kind: Kind) -> Any:
    return {
        Kind.STRING: pa.string(),
        Kind.INT: pa.int32(),
        Kind.DATE: pa.date32(),
        Kind.FLOAT: pa.float64(),
        Kind.BOOL: pa.bool_(),
    }[kind]
