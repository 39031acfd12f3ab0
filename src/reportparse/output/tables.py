"""Tables for analysts: the progress rounds of many reports as one CSV or Parquet table.

Contract: ``ROUND_COLUMNS`` is the rounds table, one ``Column`` (name, type, getter) each: it
drives the rows, the CSV header, the Parquet schema and the sort, so a new column is one entry.
``round_rows(source, doc)`` gives one row per progress round of every report of a parsed
document, with the project on every row (names ``COLUMNS``); ``write_table(path, rows)``
writes them as CSV or Parquet by the extension of ``path``, atomically (temp file + rename).
``check_table_path`` raises ``TableError`` for an unknown extension, or for ``.parquet`` when
pyarrow (the ``reportparse[parquet]`` extra) is missing, so a batch can refuse before any work.
``report_lines(source, doc)`` gives the reports as JSON Lines, each with its source path.

CSV is UTF-8 with a byte-order mark, so Excel opens Thai text correctly (without it Excel reads
the file as the local code page); dates are ISO, numbers plain decimals (``1250.50``), flags
``true`` / ``false``, and an absent value an empty cell. Parquet keeps types: ``date`` is a
date, ``percent`` and ``disbursed`` are float64 (as in the JSON), flags are booleans.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from ..errors import ReportParseError, output_error
from ..models import Document, Report, Round, to_json
from .files import discard, finish, temp_path, write_through


class Kind(str, Enum):
    """The type of a column: how CSV writes it and what Parquet stores."""

    STRING = "string"
    INT = "int32"
    DATE = "date32"
    FLOAT = "float64"
    BOOL = "bool"


@dataclass(frozen=True)
class RoundRow:
    """What a round's row is read from: the source file, the report's place in it, the report
    and the round."""

    source: str
    index: int
    report: Report
    round: Round


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, its type and how a row's value is read."""

    name: str
    kind: Kind
    get: Callable[[RoundRow], Any]


#: one row per progress round; ``report`` is the report's 1-based place in its file (as diff's #N)
ROUND_COLUMNS: tuple[Column, ...] = (
    Column("source", Kind.STRING, lambda r: r.source),
    Column("report", Kind.INT, lambda r: r.index),
    Column("code", Kind.STRING, lambda r: r.report.project.code),
    Column("name", Kind.STRING, lambda r: r.report.project.name),
    Column("fiscal_year_be", Kind.INT, lambda r: r.report.project.fiscal_year_be),
    Column("agency", Kind.STRING, lambda r: " / ".join(r.report.agency.units) or None),
    Column("round", Kind.INT, lambda r: r.round.round),
    Column("date", Kind.DATE, lambda r: r.round.date),
    Column("percent", Kind.FLOAT, lambda r: r.round.percent),
    Column("disbursed", Kind.FLOAT, lambda r: r.round.disbursed),
    Column("on_plan", Kind.BOOL, lambda r: r.round.on_plan),
    Column("on_target", Kind.BOOL, lambda r: r.round.on_target),
)
COLUMNS = tuple(c.name for c in ROUND_COLUMNS)
#: the order rows are written in
SORT_BY = ("source", "report", "round")
FORMATS = (".csv", ".parquet")

Row = tuple[Any, ...]


class TableError(ReportParseError):
    """The table asked for cannot be written (unknown format, or pyarrow missing)."""

    exit_code = 2
    code = "table"

    @property
    def what(self) -> str:
        return "cannot write this table"


def check_table_path(path: str | Path) -> None:
    """Refuse a table path that cannot be written, before any work is done."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise TableError(path, f"unknown extension {suffix or '(none)'!r}; use .csv or .parquet")
    if suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise TableError(
                path, "Parquet needs pyarrow: pip install 'reportparse[parquet]'"
            ) from None


def round_rows(source: str, doc: Document) -> list[Row]:
    """One row per progress round of every report of ``doc``, in the order of ``COLUMNS``."""
    return [
        tuple(column.get(RoundRow(source, index, report, r)) for column in ROUND_COLUMNS)
        for index, report in enumerate(doc.reports, start=1)
        for r in report.progress
    ]


def report_lines(source: str, doc: Document) -> list[str]:
    """The reports of ``doc`` as JSON Lines: ``{"source", "report", …the Report…}``."""
    lines = []
    for index, report in enumerate(doc.reports, start=1):
        head = json.dumps(
            {"source": source, "report": index}, ensure_ascii=False, separators=(",", ":")
        )
        lines.append(head[:-1] + "," + to_json(report, None)[1:] + "\n")
    return lines


def write_table(path: str | Path, rows: Sequence[Row]) -> None:
    """Write rows as CSV or Parquet, chosen by the extension of ``path``."""
    check_table_path(path)
    writer = _write_parquet if Path(path).suffix.lower() == ".parquet" else _write_csv
    write_through(Path(path), lambda tmp: writer(tmp, rows))


def _csv_cell(value: Any) -> Any:
    """A cell as Excel and pandas read it back.

    >>> [_csv_cell(v) for v in (None, True, False, 3)]
    ['', 'true', 'false', 3]
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_csv(path: Path, rows: Iterable[Row]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        out.writerows([_csv_cell(v) for v in row] for row in rows)


def _write_parquet(path: Path, rows: Sequence[Row]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c.name, _arrow_type(pa, c.kind)) for c in ROUND_COLUMNS])
    columns: list[list[Any]] = [list(col) for col in zip(*rows, strict=True)] if rows else []
    columns = columns or [[] for _ in ROUND_COLUMNS]
    for i, column in enumerate(ROUND_COLUMNS):
        if column.kind is Kind.FLOAT:  # Decimal inside; float64 as in the JSON
            columns[i] = [None if v is None else float(v) for v in columns[i]]
    pq.write_table(pa.table(columns, schema=schema), path)


def _arrow_type(pa: Any, kind: Kind) -> Any:
    return {
        Kind.STRING: pa.string(),
        Kind.INT: pa.int32(),
        Kind.DATE: pa.date32(),
        Kind.FLOAT: pa.float64(),
        Kind.BOOL: pa.bool_(),
    }[kind]


class Collector:
    """Gathers the rounds table and streams JSON Lines during a run; writes both at the end."""

    def __init__(self, table: Path | None, jsonl: Path | None) -> None:
        self.table, self.jsonl = table, jsonl
        self.rows: list[tuple[Any, ...]] = []
        self.lines: Any = None
        if jsonl is not None:
            self.lines_tmp = temp_path(jsonl)
            try:
                if jsonl.is_dir():
                    raise IsADirectoryError(21, "Is a directory", str(jsonl))
                jsonl.parent.mkdir(parents=True, exist_ok=True)
                self.lines = self.lines_tmp.open("w", encoding="utf-8")
            except OSError as exc:
                raise output_error(jsonl, exc) from None

    @property
    def wanted(self) -> bool:
        return self.table is not None or self.jsonl is not None

    def add(self, rel: str, doc: Document) -> None:
        if self.table is not None:
            self.rows += round_rows(rel, doc)
        if self.lines is not None and self.jsonl is not None:
            try:
                self.lines.writelines(report_lines(rel, doc))
            except OSError as exc:
                raise output_error(self.jsonl, exc) from None

    def finish(self) -> None:
        if self.table is not None:
            at = [COLUMNS.index(name) for name in SORT_BY]
            self.rows.sort(key=lambda row: tuple(row[i] for i in at))
            write_table(self.table, self.rows)
        if self.lines is not None and self.jsonl is not None:
            try:
                self.lines.close()
                finish(self.lines_tmp, self.jsonl)
            except OSError as exc:
                discard(self.lines_tmp)
                raise output_error(self.jsonl, exc) from None

    def abandon(self) -> None:
        if self.lines is not None:
            with contextlib.suppress(OSError):
                self.lines.close()
            discard(self.lines_tmp)
