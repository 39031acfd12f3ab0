"""Progress: section 2 → one ``Round`` per "รายงานครั้งที่" (report round).

Contract: ``parse_progress(lines)`` splits section 2 at its round headers and parses each round
— its number, date, free text, progress percentage, disbursement and the on-plan / on-target
flags — from the round's lines joined into one string, so a round cut by a page break or wrapped
over lines reads the same as one on a single line. Numbered items inside a round's text stay in
that round. A round that cannot be read is left out and reported as ``round_unparsed`` with its
raw text; a value that cannot be read is ``None`` with an ``invalid_value`` or
``missing_field`` warning. Each round has an ``Origin`` (``progress[round=N]``, its lines) and
each of its values read from text one of its own (``progress[round=N].percent``: the raw text,
``10.00``, and the lines it stands on); warnings carry the spans of those lines.

A round, as exported::

    - รายงานครั้งที่3 :: 27/03/2566 : <free text>
    :: ความก้าวหน้าของงานฯ = 10.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 3) = 0 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import regex

from . import paths
from .form import PLAN, ROUND_WORD, TARGET
from .models import Round
from .normalize import Joined, Line, Origin, join_lines, spans_of
from .segment import ROUND_HEADER
from .values import exact, parse_date, parse_number
from .warnings import ReportWarning, warning

#: a round number longer than this is a misread (a JSON number holds 15 digits exactly; the
#: forms number rounds 1 to 12)
MAX_ROUND_DIGITS = 15
ROUND = regex.compile(
    rf"""
    ^-?\s*{ROUND_WORD}\s*(?P<round>\d+)     # "- report round N"
    \s*(?:::\s*                             # ":: " introduces the date ...
      (?P<date>[^:]*?\d[^:]*?)\s*(?::|$)    # ... which has digits and runs to the next ":"
      |::                                   # (or the date is missing)
    )?
    \s*(?P<text>.*)$                        # the free text (the progress line is cut off first)
    """,
    regex.VERBOSE | regex.DOTALL,
)
PROGRESS_START = regex.compile(
    r"(?:::\s*)?ความก้าวหน้าของงาน\s*ฯ?\s*="  # ":: work progress =" opens the figures
)
PROGRESS_LINE = regex.compile(
    r"""
    ความก้าวหน้าของงาน\s*ฯ?\s*=\s*         # "work progress ="
    (?P<percent>[^%:]*?)\s*                # 20.00 (or something unreadable)
    (?:%\s*)?(?::\s*)?                     # "%" and/or ":" — either may be missing
    งบประมาณที่เบิกใช้\s*                    # "budget disbursed"
    (?:\(\s*ครั้งที่\s*(?P<label>\d+)\s*\)?\s*)?  # "(round N)" (OCR may lose the ")")
    =\s*(?P<amount>[^:]*?)\s*              # 495,000 ...
    (?:บาท)?\s*                            # ... baht
    (?P<flags>(?::.*)?)$                   # ": (not) on plan : (not) on target"
    """,
    regex.VERBOSE | regex.DOTALL,
)
#: the round word and a number inside a round's text: another round's header, not known as one
ROUND_IN_TEXT = regex.compile(rf"{ROUND_WORD}\s*\d")
ON_PLAN = regex.compile(rf"(?P<not>ไม่\s*)?{PLAN}")  # "(not) according to plan"
ON_TARGET = regex.compile(rf"(?P<not>ไม่\s*)?{TARGET}")  # "(not) meeting the target"


@dataclass(frozen=True)
class ProgressResult:
    """The rounds of section 2 in the order they appear, the warnings met reading them, and
    where each round came from (``progress[round=N]``, the round's lines)."""

    rounds: tuple[Round, ...]
    warnings: tuple[ReportWarning, ...]
    origins: tuple[Origin, ...]
    #: where each value of a round was read (``progress[round=N].date``, …)
    parts: tuple[Origin, ...] = ()


def split_rounds(lines: Sequence[Line]) -> tuple[list[Line], list[list[Line]]]:
    """Lines before the first round header, and the lines of each round."""
    before: list[Line] = []
    rounds: list[list[Line]] = []
    for line in lines:
        if ROUND_HEADER.match(line.text):
            rounds.append([line])
        elif rounds:
            rounds[-1].append(line)
        else:
            before.append(line)
    return before, rounds


def _flag(pattern: regex.Pattern[str], text: str) -> bool | None:
    m = pattern.search(text)
    return None if m is None else not m["not"]


class _RoundParser:
    """Parses the lines of one round; ``warnings`` holds what it met, ``parts`` where each of
    its values was read."""

    def __init__(self, index: int, lines: list[Line]) -> None:
        self.index, self.lines = index, lines
        self.joined = Joined.of(lines)
        self.warnings: list[ReportWarning] = []
        #: why the round is left out, when it is for a reason of its own
        self.rejected: ReportWarning | None = None
        #: (value name, start, end) in the joined text of each value read, for ``parts``
        self.read: list[tuple[str, int, int]] = []

    def warn(self, kind: str, field_: str, text: str, **values: object) -> None:
        path = f"progress[{self.index}]"
        places = [(a, b) for name, a, b in self.read if name == field_] if field_ else []
        lines = self.joined.lines_in(*places[0]) if places else ()
        self.warnings.append(
            warning(
                kind,
                f"{path}.{field_}" if field_ else path,
                page=self.lines[0].page,
                text=text,
                spans=spans_of(lines or self.lines),
                **values,
            )
        )

    def parts(self, number: int) -> list[Origin]:
        """The origins of the round's values, once its number is known."""
        where = paths.round_item(number)
        return [
            self.joined.origin(paths.field(where, name), start, end)
            for name, start, end in self.read
            if self.joined.text[start:end].strip()
        ]

    def parse(self) -> Round | None:
        raw = self.joined.text
        starts = list(PROGRESS_START.finditer(raw))
        head, tail = (raw[: starts[-1].start()], raw[starts[-1].start() :]) if starts else (raw, "")
        m = ROUND.match(head.strip())
        if m is None:  # cannot happen for a line that matched ROUND_HEADER, kept as a guard
            return None
        if len(m["round"]) > MAX_ROUND_DIGITS:
            page, text = self.lines[0].page, m["round"][:40] + "…"
            self.rejected = warning(
                "round_number_invalid",
                "progress",
                page=page,
                text=text,
                digits=len(m["round"]),
                spans=spans_of(self.lines),
            )
            return None
        number = int(m["round"])
        # (``head`` starts where ``raw`` does: the joined text has no white space to strip)
        self.read += [(name, m.start(name), m.end(name)) for name in ("date", "text") if m[name]]
        date = self._date(m["date"], number)
        text = m["text"].strip() or None
        if len(starts) > 1 or ROUND_IN_TEXT.search(m["text"]):
            # a round header the reading did not know (OCR: "รายงานครงท2") ran into this round
            self.warn("round_merged", "", raw, round=number)
        if m["date"] is None and not tail:
            return None
        percent, disbursed, on_plan, on_target = self._figures(tail, number, len(head))
        return Round(
            round=number,
            date=date,
            text=text,
            percent=percent,
            disbursed=disbursed,
            on_plan=on_plan,
            on_target=on_target,
        )

    def _date(self, text: str | None, number: int) -> dt.date | None:
        if text is None:
            self.warn("round_without_date", "date", "", round=number)
            return None
        value = parse_date(text)
        if value is None:
            self.warn("round_unreadable_date", "date", text, round=number)
        return value

    def _figures(
        self, tail: str, number: int, at: int
    ) -> tuple[Decimal | None, Decimal | None, bool | None, bool | None]:
        """The figures of the progress line ``tail``, which starts at ``at`` of the round."""
        if not tail:
            # the whole progress line is missing: one warning on the round, for all its figures
            self.warn("round_without_figures", "", "", round=number)
            return None, None, None, None
        m = PROGRESS_LINE.search(tail)
        if m is None:
            self.warn("round_unreadable_figures", "", tail, round=number)
            self._flags(tail, at)
            return None, None, _flag(ON_PLAN, tail), _flag(ON_TARGET, tail)
        self.read += [
            (name, at + m.start(group), at + m.end(group))
            for name, group in (("percent", "percent"), ("disbursed", "amount"))
        ]
        self._flags(m["flags"], at + m.start("flags"))
        percent = parse_number(m["percent"])
        if percent is None:
            self.warn("round_unreadable_percent", "percent", m["percent"], round=number)
        elif not exact(percent):
            self.warn("round_percent_too_large", "percent", m["percent"], round=number)
            percent = None
        disbursed = parse_number(m["amount"])
        if disbursed is None:
            self.warn("round_unreadable_amount", "disbursed", m["amount"], round=number)
        elif not exact(disbursed):
            self.warn("round_amount_too_large", "disbursed", m["amount"], round=number)
            disbursed = None
        if m["label"] is not None and int(m["label"]) != number:
            self.warn("round_label_mismatch", "disbursed", tail, round=number, label=m["label"])
        on_plan, on_target = _flag(ON_PLAN, m["flags"]), _flag(ON_TARGET, m["flags"])
        for name, value, words in (("on_plan", on_plan, PLAN), ("on_target", on_target, TARGET)):
            if value is None:  # absent: null, and said so (SPEC: a null value is warned)
                self.warn("round_without_flag", name, m["flags"], round=number, words=words)
        return percent, disbursed, on_plan, on_target

    def _flags(self, text: str, at: int) -> None:
        """Note where the flags were read in ``text``, which starts at ``at`` of the round."""
        for name, pattern in (("on_plan", ON_PLAN), ("on_target", ON_TARGET)):
            found = pattern.search(text)
            if found is not None:
                self.read.append((name, at + found.start(), at + found.end()))


def parse_progress(lines: Sequence[Line]) -> ProgressResult:
    """Parse every round of section 2."""
    rounds: list[Round] = []
    warnings: list[ReportWarning] = []
    origins: list[Origin] = []
    parts: list[Origin] = []
    before, blocks = split_rounds(lines)
    if before:
        page, text = before[0].page, join_lines(before)
        spans = spans_of(before)
        warnings.append(
            warning("text_outside_rounds", "progress", page=page, text=text, spans=spans)
        )
    for block in blocks:
        parser = _RoundParser(len(rounds), block)
        parsed = parser.parse()
        if parsed is None:
            page, text, spans = block[0].page, join_lines(block), spans_of(block)
            warnings.append(
                parser.rejected
                or warning("round_unparsed", "progress", page=page, text=text, spans=spans)
            )
            continue
        warnings += parser.warnings
        rounds.append(parsed)
        origins.append(Origin(paths.round_item(parsed.round), parser.joined.text, tuple(block)))
        parts += parser.parts(parsed.round)
    return ProgressResult(tuple(rounds), tuple(warnings), tuple(origins), tuple(parts))
