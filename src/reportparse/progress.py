"""Progress: section 2 → one ``Round`` per "รายงานครั้งที่" (report round).

Contract: ``parse_progress(lines)`` splits section 2 at its round headers and parses each round
— its number, date, free text, progress percentage, disbursement and the on-plan / on-target
flags — from the round's lines joined into one string, so a round cut by a page break or wrapped
over lines reads the same as one on a single line. Numbered items inside a round's text stay in
that round. A round that cannot be read is left out and reported as ``round_unparsed`` with its
raw text; a value that cannot be read is ``None`` with an ``invalid_value`` or
``missing_field`` warning.

A round, as exported::

    - รายงานครั้งที่3 :: 27/03/2566 : <free text>
    :: ความก้าวหน้าของงานฯ = 10.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 3) = 0 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from .form import ROUND_WORD
from .models import ReportWarning, Round, WarningCode
from .normalize import Line, join_lines
from .segment import ROUND_HEADER
from .values import parse_date, parse_number

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
    (?:\(\s*ครั้งที่\s*(?P<label>\d+)\s*\)\s*)?  # "(round N)"
    =\s*(?P<amount>[^:]*?)\s*              # 495,000 ...
    (?:บาท)?\s*                            # ... baht
    (?P<flags>(?::.*)?)$                   # ": (not) on plan : (not) on target"
    """,
    regex.VERBOSE | regex.DOTALL,
)
ON_PLAN = regex.compile(r"(?P<not>ไม่\s*)?เป็นไปตามแผน")  # "(not) according to plan"
ON_TARGET = regex.compile(r"(?P<not>ไม่\s*)?เป็นไปตามเป้าหมาย")  # "(not) meeting the target"


@dataclass(frozen=True)
class ParsedRound:
    round: Round
    pages: list[int]


@dataclass
class Progress:
    rounds: list[ParsedRound] = field(default_factory=list)
    warnings: list[ReportWarning] = field(default_factory=list)


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


@dataclass
class _RoundParser:
    index: int
    lines: list[Line]
    warnings: list[ReportWarning] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"progress[{self.index}]"

    def warn(self, code: WarningCode, field_: str, message: str, text: str) -> None:
        self.warnings.append(
            ReportWarning(
                code=code,
                path=f"{self.path}.{field_}" if field_ else self.path,
                message=message,
                page=self.lines[0].page,
                text=text,
            )
        )

    def parse(self) -> Round | None:
        raw = join_lines(self.lines)
        starts = list(PROGRESS_START.finditer(raw))
        head, tail = (raw[: starts[-1].start()], raw[starts[-1].start() :]) if starts else (raw, "")
        m = ROUND.match(head.strip())
        if m is None:  # cannot happen for a line that matched ROUND_HEADER, kept as a guard
            return None
        number = int(m["round"])
        date = self._date(m["date"], number)
        text = m["text"].strip() or None
        if m["date"] is None and not tail:
            return None
        percent, disbursed, on_plan, on_target = self._figures(tail, number)
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
            self.warn(WarningCode.MISSING_FIELD, "date", f"round {number} has no date", "")
            return None
        value = parse_date(text)
        if value is None:
            self.warn(WarningCode.INVALID_VALUE, "date", f"round {number}: unreadable date", text)
        return value

    def _figures(
        self, tail: str, number: int
    ) -> tuple[Decimal | None, Decimal | None, bool | None, bool | None]:
        if not tail:
            self.warn(
                WarningCode.MISSING_FIELD, "percent", f"round {number} has no progress line", ""
            )
            return None, None, None, None
        m = PROGRESS_LINE.search(tail)
        if m is None:
            self.warn(
                WarningCode.ROUND_UNPARSED, "", f"round {number}: progress line unreadable", tail
            )
            return None, None, _flag(ON_PLAN, tail), _flag(ON_TARGET, tail)
        percent = parse_number(m["percent"])
        if percent is None:
            self.warn(
                WarningCode.INVALID_VALUE,
                "percent",
                f"round {number}: unreadable percentage",
                m["percent"],
            )
        disbursed = parse_number(m["amount"])
        if disbursed is None:
            self.warn(
                WarningCode.INVALID_VALUE,
                "disbursed",
                f"round {number}: unreadable disbursement",
                m["amount"],
            )
        if m["label"] is not None and int(m["label"]) != number:
            self.warn(
                WarningCode.ROUND_LABEL_MISMATCH,
                "disbursed",
                f"round {number} reports the disbursement of round {m['label']}",
                tail,
            )
        return percent, disbursed, _flag(ON_PLAN, m["flags"]), _flag(ON_TARGET, m["flags"])


def parse_progress(lines: Sequence[Line]) -> Progress:
    """Parse every round of section 2."""
    out = Progress()
    before, blocks = split_rounds(lines)
    if before:
        out.warnings.append(
            ReportWarning(
                code=WarningCode.ROUND_UNPARSED,
                path="progress",
                message="text in section 2 outside any round",
                page=before[0].page,
                text=join_lines(before),
            )
        )
    for block in blocks:
        parser = _RoundParser(len(out.rounds), block)
        parsed = parser.parse()
        if parsed is None:
            out.warnings.append(
                ReportWarning(
                    code=WarningCode.ROUND_UNPARSED,
                    path="progress",
                    message="a round without a date or progress figures",
                    page=block[0].page,
                    text=join_lines(block),
                )
            )
            continue
        out.warnings.extend(parser.warnings)
        out.rounds.append(ParsedRound(parsed, [block[0].page, block[-1].page]))
    return out
