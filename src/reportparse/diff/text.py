"""The diff for a person on a terminal, and the value formatting the HTML page shares.

Contract: ``render_text(result, color=...)`` returns the changes of every pair of reports,
grouped by section (project, agency, rationale, objectives, goal, strategy, progress), one
headline per change (``~`` changed, ``+`` added, ``-`` removed, the path, the pages of each
side) and, for text, the changed words in their context (long unchanged stretches elided with
``…``). With ``color`` the words are coloured (rich, ANSI); without, they are marked
``[-removed-]`` and ``{+added+}`` as ``git diff --word-diff`` does. rich is loaded only to colour
(or to lay out a tab as a terminal would), so a diff written to a pipe or a file does not pay
for its import (~25 ms, issue 17). Numbers show their delta:
``25.0 → 30.0 (+5.0)``, ``0 → 12,000 (+12,000 บาท)``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import groupby
from typing import Any

from ..errors import display_path, printable
from .compare import Change, ChangeKind, DiffResult, LoadedReport, ReportDiff, pages_of
from .words import words

#: fields counted in baht: their values get thousands separators, their deltas the unit
MONEY_FIELDS = frozenset({"disbursed", "budget_received", "budget_used"})
#: characters of unchanged text kept on each side of a change
CONTEXT = 30
#: the characters at each end of a long unchanged stretch that are cut into words to keep
#: ``CONTEXT`` of them: a word at the window's far edge may be cut differently, never one kept
_WINDOW = 8 * CONTEXT
KIND_MARK = {ChangeKind.CHANGED: "~", ChangeKind.ADDED: "+", ChangeKind.REMOVED: "-"}
KIND_STYLE = {ChangeKind.CHANGED: "yellow", ChangeKind.ADDED: "green", ChangeKind.REMOVED: "red"}
WORD_STYLE = {"-": "red strike", "+": "green bold underline", "=": ""}
WORD_MARKS = {"-": ("[-", "-]"), "+": ("{+", "+}"), "=": ("", "")}


@dataclass
class Line:
    """One line of the diff as it is built: its pieces of text, each with a rich style ("")."""

    pieces: list[tuple[str, str]] = field(default_factory=list)

    def append(self, text: str, style: str = "") -> Line:
        self.pieces.append((text, style))
        return self

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)


def field_name(path: str) -> str:
    """The last field name of a path.

    >>> field_name("progress[round=3].percent"), field_name("objectives[1]")
    ('percent', 'objectives')
    """
    return path.rsplit(".", 1)[-1].split("[", 1)[0]


def section_of(path: str) -> str:
    """The report section a path belongs to.

    >>> section_of("progress[round=3].percent"), section_of("strategy.target.no")
    ('progress', 'strategy')
    """
    return path.split(".", 1)[0].split("[", 1)[0]


def show_value(path: str, value: Any) -> str:
    """A field value for a person: money with separators, absent as ``(none)``.

    >>> show_value("project.budget_used", 1837500.5), show_value("progress[round=1].percent", 20.0)
    ('1,837,500.50', '20.0')
    """
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and field_name(path) in MONEY_FIELDS:
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return str(value)


def delta(path: str, old: Any, new: Any) -> str | None:
    """The signed difference of two numbers, in baht for money; None for anything else.

    >>> delta("percent", 25.0, 30.0), delta("disbursed", 0.0, 12000.0), delta("x", "a", "b")
    ('+5.0', '+12,000 บาท', None)
    """
    numbers = (int, float)
    if isinstance(old, bool) or isinstance(new, bool):
        return None
    if not (isinstance(old, numbers) and isinstance(new, numbers)):
        return None
    diff = Decimal(str(new)) - Decimal(str(old))
    if field_name(path) in MONEY_FIELDS:
        shown = f"{diff:+,.0f}" if diff == diff.to_integral_value() else f"{diff:+,.2f}"
        return shown + " บาท"
    return f"{diff:+}"


def change_summary(change: Change) -> str:
    """One line for a change without words: ``old → new (delta)``, or the item added/removed."""
    if change.kind is ChangeKind.ADDED:
        return describe_item(change.path, change.new)
    if change.kind is ChangeKind.REMOVED:
        return describe_item(change.path, change.old)
    shown = f"{show_value(change.path, change.old)} → {show_value(change.path, change.new)}"
    step = delta(change.path, change.old, change.new)
    return f"{shown} ({step})" if step else shown


def describe_item(path: str, value: Any) -> str:
    """A list item or a whole round in one line."""
    if not isinstance(value, dict):
        return show_value(path, value)
    parts = [
        f"round {value.get('round')}",
        show_value("date", value.get("date")),
        f"{show_value('percent', value.get('percent'))} %",
        f"{show_value('disbursed', value.get('disbursed'))} บาท",
        _flag(value.get("on_plan"), "on plan"),
        _flag(value.get("on_target"), "on target"),
        value.get("text") or "",
    ]
    return " · ".join(p for p in parts if p)


def _flag(value: Any, meaning: str) -> str:
    if not isinstance(value, bool):
        return ""
    return meaning if value else f"not {meaning}"


def pages_label(pages: tuple[int, int] | None) -> str:
    """``p. 3``, ``pp. 3–4`` or ``p. ?``."""
    if pages is None:
        return "p. ?"
    first, last = pages
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


# --- the terminal -------------------------------------------------------------------------------
def render_text(result: DiffResult, *, color: bool = False) -> str:
    """Every pair's changes for a terminal (``color``: ANSI colours instead of markers).

    Every character of the reports that a terminal would act on (a crafted report's clear
    screen, set title, colours) is shown as an escape (``errors.printable``): only this
    renderer's own colours reach the terminal."""
    result = DiffResult(tuple(_printable_pair(pair) for pair in result.pairs))
    lines: list[Line] = []
    for i, pair in enumerate(result.pairs):
        if i:
            lines.append(Line())
        lines += _pair_lines(pair, color)
    plain = [line.plain for line in lines]
    if color or any("\t" in text for text in plain):
        return _rich_render(lines, color)
    return "\n".join(plain).rstrip("\n")


def _rich_render(lines: list[Line], color: bool) -> str:
    # rich writes the colours, and expands tabs by the cells each character takes
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        soft_wrap=True,
        highlight=False,
        markup=False,
        emoji=False,
    )
    for line in lines:
        console.print(Text.assemble(*line.pieces))
    return buffer.getvalue().rstrip("\n")


def _printable_pair(pair: ReportDiff) -> ReportDiff:
    changes = tuple(
        replace(
            c,
            path=printable(c.path),
            old=_printable(c.old),
            new=_printable(c.new),
            words=None if c.words is None else tuple((op, printable(t)) for op, t in c.words),
        )
        for c in pair.changes
    )
    return replace(pair, changes=changes)


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


def _pair_lines(pair: ReportDiff, color: bool) -> list[Line]:
    lines = [_side_line("old", pair.old), _side_line("new", pair.new)]
    count = len(pair.changes)
    lines.append(
        Line().append(f"{count} change{'s' if count != 1 else ''}" if count else "no changes")
    )
    for section, changes in groupby(pair.changes, key=lambda c: section_of(c.path)):
        lines.append(Line())
        lines.append(Line().append(section, "bold"))
        for change in changes:
            lines += _change_lines(change, pair, color)
    return lines


def _side_line(label: str, side: LoadedReport) -> Line:
    report = side.report
    pages = pages_label((report.pages[0], report.pages[-1]) if report.pages else None)
    code = report.project.code or "no code"
    where = f"{display_path(side.path)} #{side.number} ({printable(code)}, {pages})"
    return Line().append(f"{label}: {where}", "dim")


def _change_lines(change: Change, pair: ReportDiff, color: bool) -> list[Line]:
    old_pages = pages_of(pair.old.report, change.path)
    new_pages = pages_of(pair.new.report, change.path)
    where = {
        ChangeKind.CHANGED: f"{pages_label(old_pages)} → {pages_label(new_pages)}",
        ChangeKind.ADDED: f"new {pages_label(new_pages)}",
        ChangeKind.REMOVED: f"old {pages_label(old_pages)}",
    }[change.kind]
    head = Line().append("  ")
    head.append(KIND_MARK[change.kind], KIND_STYLE[change.kind])
    head.append(f" {change.path}", "bold")
    if change.words is None:
        head.append(f"  {change_summary(change)}")
    head.append(f"  ({where})", "dim")
    if change.words is None:
        return [head]
    return [
        head,
        *(Line([("      ", ""), *line.pieces]) for line in word_lines(change.words, color)),
    ]


def word_lines(runs: tuple[tuple[str, str], ...], color: bool) -> list[Line]:
    """The word diff, one line per stretch of changes; long unchanged text between them elided."""
    lines = [Line()]
    for i, (op, text) in enumerate(runs):
        if op == "=":
            first, last = i == 0, i == len(runs) - 1
            head, tail = _elide(text, first=first, last=last)
            if tail is None:
                lines[-1].append(head)
            elif first or last:
                lines[-1].append(f"{head}…{tail}")
            else:
                lines[-1].append(f"{head}…")
                lines.append(Line().append(f"…{tail}"))
            continue
        stripped = text.lstrip()
        lines[-1].append(text[: len(text) - len(stripped)])
        start, end = ("", "") if color else WORD_MARKS[op]
        lines[-1].append(f"{start}{stripped}{end}", WORD_STYLE[op])
    return [line for line in lines if line.plain]


def _elide(text: str, *, first: bool, last: bool) -> tuple[str, str | None]:
    """An unchanged stretch as (text kept before the cut, text kept after it or None if uncut).

    Keeps CONTEXT characters of whole words next to each change.
    """
    if len(text) <= 2 * CONTEXT + 1:
        return text, None
    if len(text) > _WINDOW * 2:  # a long stretch: only its ends are cut into words
        head_words, tail_words = words(text[:_WINDOW]), words(text[-_WINDOW:])
    else:
        head_words = tail_words = words(text)
    head = "" if first else _take([s for _, s in head_words], CONTEXT).rstrip()
    tail = "" if last else _take([s for _, s in tail_words][::-1], CONTEXT, reverse=True).lstrip()
    return head, tail


def _take(pieces: list[str], size: int, *, reverse: bool = False) -> str:
    taken: list[str] = []
    for piece in pieces:
        if sum(len(p) for p in taken) >= size:
            break
        taken.append(piece)
    return "".join(taken[::-1] if reverse else taken)
