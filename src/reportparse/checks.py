"""Checks: a parsed report → the warnings an auditor must see about its content.

Contract: ``check_report(report)`` looks only at the values of a ``Report`` (no text, no
layout) and returns warnings with a stable code and the JSON path of the field concerned:
progress that goes down, disbursements that do not add up to ``budget_used``, ``budget_used``
above ``budget_received``, rounds missing, repeated or out of order, dates out of order or
outside the project period, percentages outside 0–100, and text left garbled (an unexplained
``?``, a character the text layer lost). A warning carries the spans of the value concerned
from the report's ``sources`` (when it has them). Each check is a small function; the list is
the order in which they run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal

import regex

from . import paths
from .models import Report, Span
from .thai.chars import LETTERS
from .thai.damage import damage_sites
from .warnings import ReportWarning, warning

Check = Callable[[Report], Iterator[ReportWarning]]


def _fmt(value: Decimal) -> str:
    return f"{value:,.2f}"


def _page(report: Report, path: str) -> int | None:
    pages = report.field_pages.get(path)
    return pages[0] if pages else None


def _round_page(report: Report, number: int) -> int | None:
    return _page(report, paths.round_item(number))


def _spans(report: Report, *where: str) -> list[Span] | None:
    """The spans of the first of the paths ``where`` that the report's sources hold."""
    for path in where:
        source = (report.sources or {}).get(path)
        if source is not None:
            return source.spans
    return None


def _round_spans(report: Report, number: int, name: str = "") -> list[Span] | None:
    """The spans of a round's value ``name`` (of the round when it was not read)."""
    where = paths.round_item(number)
    return _spans(report, paths.field(where, name), where) if name else _spans(report, where)


def progress_decreased(report: Report) -> Iterator[ReportWarning]:
    prev: tuple[int, Decimal] | None = None  # (round, percent) of the last round that has one
    for i, r in enumerate(report.progress):
        if r.percent is None:
            continue
        if prev is not None and r.percent < prev[1]:
            yield warning(
                "progress_decreased",
                f"progress[{i}].percent",
                page=_round_page(report, r.round),
                spans=_round_spans(report, r.round, "percent"),
                round=r.round,
                percent=float(r.percent),
                previous=float(prev[1]),
                previous_round=prev[0],
            )
        prev = (r.round, r.percent)


def percent_out_of_range(report: Report) -> Iterator[ReportWarning]:
    for i, r in enumerate(report.progress):
        if r.percent is not None and not 0 <= r.percent <= 100:
            yield warning(
                "percent_out_of_range",
                f"progress[{i}].percent",
                page=_round_page(report, r.round),
                spans=_round_spans(report, r.round, "percent"),
                round=r.round,
                percent=float(r.percent),
            )


def disbursed_sum(report: Report) -> Iterator[ReportWarning]:
    used = report.project.budget_used
    amounts = [r.disbursed for r in report.progress]
    if used is None or not amounts or any(a is None for a in amounts):
        return
    total = sum((a for a in amounts if a is not None), Decimal(0))
    if total != used:
        yield warning(
            "disbursed_sum_mismatch",
            "project.budget_used",
            page=_page(report, "project.budget_used"),
            spans=_spans(report, "project.budget_used"),
            total=_fmt(total),
            used=_fmt(used),
        )


def budget_exceeded(report: Report) -> Iterator[ReportWarning]:
    p = report.project
    if (
        p.budget_used is not None
        and p.budget_received is not None
        and (p.budget_used > p.budget_received)
    ):
        yield warning(
            "budget_exceeded",
            "project.budget_used",
            page=_page(report, "project.budget_used"),
            spans=_spans(report, "project.budget_used"),
            used=_fmt(p.budget_used),
            received=_fmt(p.budget_received),
        )


def round_numbers(report: Report) -> Iterator[ReportWarning]:
    seen: set[int] = set()
    last = 0
    for i, r in enumerate(report.progress):
        if r.round in seen:
            yield warning(
                "round_repeated",
                f"progress[{i}].round",
                page=_round_page(report, r.round),
                spans=_round_spans(report, r.round),
                round=r.round,
            )
        elif r.round < last:
            yield warning(
                "round_out_of_order",
                f"progress[{i}].round",
                page=_round_page(report, r.round),
                spans=_round_spans(report, r.round),
                round=r.round,
                last=last,
            )
        seen.add(r.round)
        last = max(last, r.round)
    # one warning per gap, not per number: a garbled round number (รายงานครั้งที่ 99999) must
    # not turn a 3 KB file into 100,000 warnings
    present = sorted(n for n in seen if 1 <= n <= last)
    gaps, expected = [], 1
    for n in present:
        if n > expected:
            gaps.append((expected, n - 1))
        expected = n + 1
    for lo, hi in gaps:
        kind = "round_missing" if lo == hi else "rounds_missing"
        yield warning(kind, "progress", first=lo, to=hi, last=last)


def round_dates(report: Report) -> Iterator[ReportWarning]:
    prev: tuple[int, dt.date] | None = None  # (round, date) of the last round that has one
    for i, r in enumerate(report.progress):
        if r.date is None:
            continue
        if prev is not None and r.date < prev[1]:
            yield warning(
                "round_date_order",
                f"progress[{i}].date",
                page=_round_page(report, r.round),
                spans=_round_spans(report, r.round, "date"),
                round=r.round,
                date=r.date,
                previous_round=prev[0],
                previous=prev[1],
            )
        prev = (r.round, r.date)


def project_period(report: Report) -> Iterator[ReportWarning]:
    start, end = report.project.start_date, report.project.end_date
    if start is not None and end is not None and end < start:
        yield warning(
            "project_period_invalid",
            "project.end_date",
            page=_page(report, "project.end_date"),
            spans=_spans(report, "project.end_date"),
            start=start,
            end=end,
        )
        return
    for i, r in enumerate(report.progress):
        if r.date is None:
            continue
        if (start is not None and r.date < start) or (end is not None and r.date > end):
            yield warning(
                "date_outside_project",
                f"progress[{i}].date",
                page=_round_page(report, r.round),
                spans=_round_spans(report, r.round, "date"),
                round=r.round,
                date=r.date,
                start=start or "unknown",
                end=end or "unknown",
            )


def _text_fields(report: Report) -> Iterator[tuple[str, str, str]]:
    """(JSON path, diff path for field_pages, text) of every text value of a report."""
    p, a = report.project, report.agency
    for name in ("name", "code"):
        yield f"project.{name}", f"project.{name}", getattr(p, name) or ""
    for i, unit in enumerate(a.units):
        yield f"agency.units[{i}]", f"agency.units[{i}]", unit
    for name in ("responsible", "coordinator"):
        yield f"agency.{name}", f"agency.{name}", getattr(a, name) or ""
    yield "rationale", "rationale", report.rationale or ""
    for i, obj in enumerate(report.objectives):
        yield f"objectives[{i}]", f"objectives[{i}]", obj
    yield "goal", "goal", report.goal or ""
    for name in ("issue", "sub_issue", "target", "indicator"):
        item = getattr(report.strategy, name)
        if item is not None:
            for part in ("no", "title"):
                path = f"strategy.{name}.{part}"
                yield path, f"strategy.{name}", getattr(item, part) or ""
    for i, r in enumerate(report.progress):
        yield f"progress[{i}].text", paths.round_item(r.round), r.text or ""


def _text_spans(report: Report, path: str, where: str) -> list[Span] | None:
    """The spans of a text value: its own source (``strategy.issue.no``, a round's text), else
    that of the value it is part of (``where``)."""
    own = paths.field(where, "text") if where.startswith(paths.ROUNDS) else path
    return _spans(report, own, where)


UNEXPLAINED = regex.compile(r"\?")
CONTEXT = 20


def garbled_text(report: Report) -> Iterator[ReportWarning]:
    """An unexplained '?' (a character the export lost) and damage left in the text layer."""
    for path, where, text in _text_fields(report):
        page = _page(report, where)
        found = [*UNEXPLAINED.finditer(text)], [*damage_sites(text, CONTEXT)]
        spans = _text_spans(report, path, where) if any(found) else None
        for m in found[0]:
            lo, hi = max(0, m.start() - CONTEXT), m.end() + CONTEXT
            yield warning("garbled_text", path, page=page, text=text[lo:hi], spans=spans)
        for site in found[1]:
            yield warning(
                "damage_left", path, page=page, text=site.context, damage=site.kind, spans=spans
            )


#: what a value never holds but a label does: dots then a colon (``ตัวชี้วัด... :``)
LABEL_RESIDUE = regex.compile(r"\S\.{2,}\s*:(?!:)")


def label_in_value(report: Report) -> Iterator[ReportWarning]:
    """A value holding a label's dots and colon: the label was not recognised (a damaged
    text layer misspelt it), and the next field ran into this one."""
    for path, where, text in _text_fields(report):
        m = LABEL_RESIDUE.search(text)
        if m:
            lo, hi = max(0, m.start() - CONTEXT), m.end() + CONTEXT
            page, spans = _page(report, where), _text_spans(report, path, where)
            yield warning("label_in_value", path, page=page, text=text[lo:hi], spans=spans)


#: what a project code never holds: Thai letters, or a colon (codes are digits and hyphens,
#: ``04160000-6968``); a label that was not recognised (a misread ปีงบประมาณ) runs into it
NOT_IN_CODE = regex.compile(rf"[{LETTERS}]|:")


def code_shape(report: Report) -> Iterator[ReportWarning]:
    """A project code holding Thai letters or a colon: the next label ran into it."""
    code = report.project.code or ""
    if NOT_IN_CODE.search(code):
        path = "project.code"
        page, spans = _page(report, path), _text_spans(report, path, path)
        yield warning("code_not_a_code", path, page=page, text=code, spans=spans)


CHECKS: tuple[Check, ...] = (
    progress_decreased,
    percent_out_of_range,
    disbursed_sum,
    budget_exceeded,
    round_numbers,
    round_dates,
    project_period,
    garbled_text,
    label_in_value,
    code_shape,
)


def check_report(report: Report) -> list[ReportWarning]:
    """Run every check on a report."""
    return [w for check in CHECKS for w in check(report)]
