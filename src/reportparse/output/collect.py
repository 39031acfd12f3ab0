"""Collecting a batch's tables and JSON Lines as results arrive, writing them sorted at the end.

Contract: ``Collector(tables, jsonl)`` takes, for each table file, the tables it holds
(``table_plan``) and the JSON Lines path; ``add(source, doc)`` takes each document in whatever
order the workers finish; ``finish()`` writes every file whole, its rows and lines sorted by
their key (source, report, …), so the bytes never depend on the jobs or on what a resumed run
skipped; ``abandon()`` leaves no temp file. Table rows are kept in memory (a few hundred bytes
a round); JSON Lines go to a scratch file as they come, and only their offsets are kept, so a
run of a million reports does not hold them all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from ..errors import OutputPathError, output_error
from ..models import Document
from .files import discard, finish, temp_path
from .tables import REPORTS, ROUNDS, TABLES, Row, check_table_path, report_lines, write_tables


def table_plan(
    table: str | Path | None = None, reports_table: str | Path | None = None
) -> dict[Path, tuple[str, ...]]:
    """Which tables go to which file: ``table`` the rounds (a ``.duckdb`` file both tables),
    ``reports_table`` the reports (into the same ``.duckdb`` file when it is one)."""
    plan: dict[Path, tuple[str, ...]] = {}
    if table is not None:
        duck = Path(table).suffix.lower() == ".duckdb"
        plan[Path(table)] = (ROUNDS.name, REPORTS.name) if duck else (ROUNDS.name,)
    if reports_table is not None:
        path = Path(reports_table)
        if path in plan and REPORTS.name not in plan[path]:
            raise OutputPathError(path, "the rounds table is written there: give another file")
        plan.setdefault(path, (REPORTS.name,))
    for path in plan:
        check_table_path(path)
        if path.is_dir():
            raise OutputPathError(path, "it is a folder: give a file name")
    return plan


def scratch_owner(jsonl: Path) -> Path:
    """The name the unsorted JSON Lines of ``jsonl`` are written under (as a temp file of it:
    ``files.stale_temps`` of this name finds what a killed run left)."""
    return jsonl.with_name(jsonl.name + ".unsorted")


class Collector:
    """Gathers table rows and JSON Lines during a run; writes them all, sorted, at the end."""

    def __init__(
        self, tables: Mapping[Path, Sequence[str]] | None = None, jsonl: Path | None = None
    ) -> None:
        self.tables = dict(tables or {})
        self.rows: dict[str, list[Row]] = {
            name: [] for names in self.tables.values() for name in names
        }
        self.jsonl = jsonl
        self.index: list[tuple[tuple[str, int], int, int]] = []
        self.scratch: IO[bytes] | None = None
        if jsonl is not None:
            self.scratch_path = temp_path(scratch_owner(jsonl))
            try:
                if jsonl.is_dir():
                    raise IsADirectoryError(21, "Is a directory", str(jsonl))
                jsonl.parent.mkdir(parents=True, exist_ok=True)
                self.scratch = self.scratch_path.open("w+b")
            except OSError as exc:
                raise output_error(jsonl, exc) from None

    @property
    def wanted(self) -> bool:
        return bool(self.tables) or self.jsonl is not None

    def add(self, source: str, doc: Document) -> None:
        for name, rows in self.rows.items():
            rows += TABLES[name].rows(source, doc)
        if self.scratch is not None and self.jsonl is not None:
            try:
                for index, line in enumerate(report_lines(source, doc), start=1):
                    data = line.encode("utf-8")
                    self.index.append(((source, index), self.scratch.tell(), len(data)))
                    self.scratch.write(data)
            except OSError as exc:
                raise output_error(self.jsonl, exc) from None

    def finish(self) -> None:
        """Write every table file and the JSON Lines, sorted, each whole or not at all."""
        for name, rows in self.rows.items():
            TABLES[name].sort(rows)
        for path, names in self.tables.items():
            write_tables(path, {name: self.rows[name] for name in names})
        if self.scratch is not None and self.jsonl is not None:
            self._write_lines(self.scratch, self.jsonl)

    def _write_lines(self, scratch: IO[bytes], jsonl: Path) -> None:
        tmp = temp_path(jsonl)
        try:
            scratch.flush()
            with tmp.open("wb") as out:
                for _, offset, size in sorted(self.index, key=lambda entry: entry[0]):
                    scratch.seek(offset)
                    out.write(scratch.read(size))
            finish(tmp, jsonl)
        except OSError as exc:
            discard(tmp)
            raise output_error(jsonl, exc) from None
        finally:
            self._close_scratch()

    def _close_scratch(self) -> None:
        if self.scratch is not None:
            with contextlib.suppress(OSError):
                self.scratch.close()
            discard(self.scratch_path)
            self.scratch = None

    def abandon(self) -> None:
        self._close_scratch()
