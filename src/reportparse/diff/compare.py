"""Compare: load both sides, pair their reports, list every content change.

Contract (SPEC.md, "Comparing two versions"), as a one-way flow of immutable values:

    load_reports (each side) → pair_reports → diff_reports (each pair) → [Change] → render

- ``load_reports(spec)`` reads one side: a ``.pdf`` or ``.txt`` export (``parse_file``) or the
  JSON ``parse`` wrote. ``PATH#N`` keeps only the N-th report (1-based).
- ``pair_reports(old, new)``: one report on each side → that pair (a changed ``project.code``
  is then a change); one against several → the one of the same code; several against several
  → by ``project.code``, completely. A code missing, repeated or without a partner is a
  ``DiffError`` naming it (pick the reports with ``PATH#N``); unpaired reports are never
  silently skipped. ``diff_files(file)`` compares the two reports of a file holding exactly two.
- ``diff_reports(old, new)`` compares every field of the Report model but ``warnings``,
  ``pages``, ``field_pages`` and ``sources``, in model order. Sub-objects are compared field
  by field (a missing one counts as all-null); ``progress`` rounds are paired by ``round``
  number (the k-th round N with the k-th round N), listed in round order, a round on one side
  only is ``added`` or ``removed`` as a whole; other lists are paired by index, extra items
  ``added``/``removed``.
- Equality (``same``): white space is not content (strings equal once all white space is
  removed, so a line break or a space between two Thai words never counts); numbers compare by
  value (``20 == 20.00``); null against a value is a change. Digits, ``%`` and garbling are
  made uniform by the parser before this stage sees them.
- ``Change.words`` (text fields, both sides non-null): ``word_diff`` — pythainlp ``newmm`` words
  aligned with ``difflib``; ``=``/``-``/``+`` runs of the words, each run keeping the white
  space before its words, so ``=`` and ``+`` runs join to the new text exactly and ``=`` and
  ``-`` runs to the old text up to white space. Identifiers (``project.code``, ``*.no``) have no
  ``words``.
- ``render_json`` writes SPEC's JSON: one object per pair of reports, one per line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import paths
from ..errors import FileMissingError, ReportParseError
from ..models import SCHEMA_VERSION, Document, Report, Round, escape_controls
from .words import squash, word_diff

#: Report fields that are layout or diagnostics, never content
IGNORED_FIELDS = frozenset({"warnings", "pages", "field_pages", "sources"})
#: string fields that are identifiers: compared whole, without a word diff
IDENTIFIERS = frozenset({"code", "no"})
#: ``PATH#N``: a file and the 1-based number of one of its reports
REPORT_SPEC = re.compile(
    r"""
    ^(?P<path>.+)     # the file
    \#(?P<n>\d+)$     # '#' and the report's number, 1-based
    """,
    re.VERBOSE,
)


class ChangeKind(str, Enum):
    """What happened to a field, list item or round."""

    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class Change:
    """One content change: its SPEC path, and the values as JSON data (a round as an object)."""

    path: str
    kind: ChangeKind
    old: Any = None
    new: Any = None
    words: tuple[tuple[str, str], ...] | None = None

    def to_json(self) -> dict[str, Any]:
        """The change as SPEC's JSON object: ``old`` absent when added, ``new`` when removed."""
        out: dict[str, Any] = {"path": self.path, "kind": self.kind.value}
        if self.kind is not ChangeKind.ADDED:
            out["old"] = self.old
        if self.kind is not ChangeKind.REMOVED:
            out["new"] = self.new
        if self.words is not None:
            out["words"] = [list(w) for w in self.words]
        return out


@dataclass(frozen=True)
class LoadedReport:
    """One report of one side, and where it came from (the path as given, its 1-based number)."""

    path: str
    number: int
    report: Report


@dataclass(frozen=True)
class ReportDiff:
    """A pair of reports and the changes from the old one to the new one."""

    old: LoadedReport
    new: LoadedReport
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class DiffResult:
    """Every compared pair; ``changed`` decides the exit status."""

    pairs: tuple[ReportDiff, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return any(p.changes for p in self.pairs)


class DiffError(ReportParseError):
    """The sides cannot be compared: no report N, nothing to pair with, unreadable JSON."""

    exit_code = 2
    code = "diff_error"

    @property
    def what(self) -> str:
        return "cannot be compared"


# --- loading and pairing -------------------------------------------------------------------------
def load_reports(spec: str) -> list[LoadedReport]:
    """The reports of one side: ``PATH`` (all of them) or ``PATH#N`` (the N-th, 1-based)."""
    path, number = _split_spec(spec)
    reports = _read_document(path).reports
    loaded = [LoadedReport(path, i, r) for i, r in enumerate(reports, start=1)]
    if number is None:
        return loaded
    if not 1 <= number <= len(loaded):
        raise DiffError(path, f"it has no report {number} (it holds {len(loaded)})")
    return [loaded[number - 1]]


def _split_spec(spec: str) -> tuple[str, int | None]:
    match = REPORT_SPEC.match(spec)
    if match is None or Path(spec).exists():
        return spec, None
    return match["path"], int(match["n"])


def _read_document(path: str) -> Document:
    if not path.lower().endswith(".json"):
        from ..pipeline import parse_file  # the parser loads only where an export is read

        return parse_file(path)
    try:
        return Document.model_validate_json(Path(path).read_bytes())
    except FileNotFoundError:
        raise FileMissingError(path) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DiffError(path, f"not a parse document ({where}: {first['msg']})") from None


def pair_reports(
    old: list[LoadedReport], new: list[LoadedReport]
) -> list[tuple[LoadedReport, LoadedReport]]:
    """Pairs to compare: the two reports when each side has one, else by ``project.code``.

    One report against several is paired with the one of the same code; several against
    several must pair completely.
    """
    if len(old) == 1 and len(new) == 1:
        return [(old[0], new[0])]
    old_by_code, new_by_code = _by_code(old), _by_code(new)
    single = old_by_code if len(old) == 1 else new_by_code if len(new) == 1 else None
    needed = set(single) if single else set(old_by_code) | set(new_by_code)
    unpaired = sorted(needed - (set(old_by_code) & set(new_by_code)))
    if unpaired:
        loaded = old_by_code.get(unpaired[0]) or new_by_code[unpaired[0]]
        raise DiffError(
            loaded.path,
            f"report {loaded.number} (project.code {unpaired[0]}) has no partner of the same "
            "code on the other side; pick the reports to compare with PATH#N",
        )
    return [(o, new_by_code[code]) for code, o in old_by_code.items() if code in needed]


def _by_code(side: list[LoadedReport]) -> dict[str, LoadedReport]:
    codes: dict[str, LoadedReport] = {}
    for loaded in side:
        code = loaded.report.project.code
        if code is None or code in codes:
            problem = "has no project.code" if code is None else f"repeats project.code {code}"
            raise DiffError(
                loaded.path,
                f"report {loaded.number} {problem}, so reports cannot be paired by code; "
                "pick the reports to compare with PATH#N",
            )
        codes[code] = loaded
    return codes


def diff_files(old_spec: str, new_spec: str | None = None) -> DiffResult:
    """Compare two sides, or (``new_spec`` None) the two reports of one file, in order."""
    if new_spec is None:
        reports = load_reports(old_spec)
        if _split_spec(old_spec)[1] is not None:
            raise DiffError(old_spec, "PATH#N picks one report: give NEW to compare it with")
        if len(reports) != 2:
            raise DiffError(
                reports[0].path,
                f"it holds {len(reports)} report{'s' if len(reports) > 1 else ''}; with one file, "
                "diff compares its two reports; otherwise give OLD and NEW",
            )
        pairs = [(reports[0], reports[1])]
    else:
        pairs = pair_reports(load_reports(old_spec), load_reports(new_spec))
    return DiffResult(
        tuple(ReportDiff(o, n, tuple(diff_reports(o.report, n.report))) for o, n in pairs)
    )


# --- comparing ------------------------------------------------------------------------------------
def diff_reports(old: Report, new: Report) -> list[Change]:
    """Every content change from ``old`` to ``new``, in the order of the Report model."""
    return list(_diff_model("", old, new))


def _diff_model(path: str, old: BaseModel | None, new: BaseModel | None) -> Iterator[Change]:
    model = old if old is not None else new
    assert model is not None, "one side of a compared object is present"
    for name in type(model).model_fields:
        if name in IGNORED_FIELDS:
            continue
        sub = paths.field(path, name)
        yield from _diff_value(sub, name, getattr(old, name, None), getattr(new, name, None))


def _diff_value(path: str, name: str, old: Any, new: Any) -> Iterator[Change]:
    if isinstance(old, BaseModel) or isinstance(new, BaseModel):
        yield from _diff_model(path, old, new)
    elif isinstance(old, list) or isinstance(new, list):
        if name == "progress":
            yield from _diff_rounds(path, old or [], new or [])
        else:
            yield from _diff_list(path, name, old or [], new or [])
    elif not same(old, new):
        words = None
        if isinstance(old, str) and isinstance(new, str) and name not in IDENTIFIERS:
            words = tuple(word_diff(old, new))
        yield Change(path, ChangeKind.CHANGED, to_json(old), to_json(new), words)


def _diff_list(path: str, name: str, old: list[Any], new: list[Any]) -> Iterator[Change]:
    for i in range(max(len(old), len(new))):
        item = paths.item(path, i)
        if i >= len(new):
            yield Change(item, ChangeKind.REMOVED, old=to_json(old[i]))
        elif i >= len(old):
            yield Change(item, ChangeKind.ADDED, new=to_json(new[i]))
        else:
            yield from _diff_value(item, name, old[i], new[i])


def _diff_rounds(path: str, old: list[Round], new: list[Round]) -> Iterator[Change]:
    for number in sorted({r.round for r in old} | {r.round for r in new}):
        olds = [r for r in old if r.round == number]
        news = [r for r in new if r.round == number]
        item = paths.round_item(number, path)
        for k in range(max(len(olds), len(news))):
            if k >= len(news):
                yield Change(item, ChangeKind.REMOVED, old=to_json(olds[k]))
            elif k >= len(olds):
                yield Change(item, ChangeKind.ADDED, new=to_json(news[k]))
            else:
                yield from _diff_model(item, olds[k], news[k])


def same(old: Any, new: Any) -> bool:
    """Whether two field values have the same content.

    >>> same("เมือง พี่น้อง", "เมืองพี่\\nน้อง"), same(20, Decimal("20.00")), same(None, "")
    (True, True, False)
    """
    if isinstance(old, str) and isinstance(new, str):
        return squash(old) == squash(new)
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    return bool(old == new) if old is not None and new is not None else old is new


def pages_of(report: Report, path: str) -> tuple[int, int] | None:
    """First and last page of a change's field on one side (from ``field_pages``), if known.

    A path deeper than the report records (``progress[round=3].percent``) takes the pages of
    the nearest recorded field that holds it (``progress[round=3]``).
    """
    at: str | None = path
    while at is not None:
        pages = report.field_pages.get(at)
        if pages:
            return pages[0], pages[-1]
        at = paths.parent(at)
    return None


def to_json(value: Any) -> Any:
    """A field value as JSON data: numbers as numbers, dates as ISO strings, models as objects."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- JSON -----------------------------------------------------------------------------------------
def render_json(result: DiffResult) -> str:
    """SPEC's ``--json`` output: one object per pair of reports, one per line."""
    lines = (json.dumps(pair_json(p), ensure_ascii=False) for p in result.pairs)
    return "\n".join(escape_controls(line) for line in lines)


def pair_json(pair: ReportDiff) -> dict[str, Any]:
    """One pair of reports as SPEC's JSON object."""
    return {
        "schema_version": SCHEMA_VERSION,
        "old": {"path": pair.old.path, "report": pair.old.number},
        "new": {"path": pair.new.path, "report": pair.new.number},
        "changes": [c.to_json() for c in pair.changes],
    }
