"""Normalize: pages of repaired text → normalised lines, and the rule that joins lines.

Contract: ``normalize(extraction)`` applies the export-garbling repairs (``garble``: Thai digits,
tofu, lost dashes and quotes) and the spelling folds (``thai.spelling``: เเ for แ) to each page,
folds white space, drops blank lines and returns
``Line`` records that keep their page, line number and box on the page, plus a count per
repair. ``join_lines`` turns consecutive lines of one field into one string by SPEC.md's rule:
a line break between two Thai characters joins without a space, any other becomes one space —
unless the layout says otherwise (a space the producer kept at the end of a wrapped line, or a
line it broke after a slash or hyphen); ``Joined`` is that string with the line each of its
characters came from, so a part of it (a round's date) knows its lines. ``Origin`` records
where a value was read, and gives its ``Span``s. The text-layer repairs (``thai.repairs``)
already ran in ``extract``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import regex

from ..extract import Extraction
from ..extract.layout import BREAK_AFTER
from ..extract.records import Box
from ..provenance import Span, span
from ..thai.chars import JOINING
from ..thai.spelling import fold_spelling
from .garble import repair_garbling

#: white space as ``regex``'s ``\s`` has it (not the information separators U+001C–U+001F,
#: which stdlib ``re``'s ``\s`` adds), in stdlib ``re``: a third of ``regex``'s cost per call,
#: and it runs on every line
WHITESPACE = re.compile(
    "[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
)
#: Thai characters that join across a line break; ๆ and ฯ are followed by a space in Thai
#: writing, so a break after (or before) them stays a space
JOINING_THAI = regex.compile(f"[{JOINING}]")


@dataclass(frozen=True)
class Line:
    """One normalised, non-blank line and where it came from."""

    page: int
    number: int  # line number on the page (for text input: in the file)
    text: str
    #: how the next line continues this one: " ", "" or None for the SPEC rule
    glue: str | None = None
    #: the producer broke this line for width (PDF layout); the next line continues it
    wrapped: bool = False
    #: where the line is drawn on its page (``extract.records.Box``); None for a text export
    box: Box | None = None

    @cached_property
    def span(self) -> Span:
        """The line as a ``Span`` of the output: its page and box, or its number (made once:
        a line's values, its parts and their warnings share it)."""
        return span(self.page, self.number, self.box)


@dataclass(frozen=True)
class Origin:
    """Where one value was read: its diff path, its raw text (after the repairs, before the
    value was parsed) and the lines it came from."""

    path: str
    text: str
    lines: tuple[Line, ...]

    @property
    def pages(self) -> tuple[int, int]:
        """First and last page of the lines."""
        return min(x.page for x in self.lines), max(x.page for x in self.lines)

    @property
    def spans(self) -> tuple[Span, ...]:
        """One span per line, each line once, in reading order."""
        return spans_of(self.lines)


def spans_of(lines: Iterable[Line]) -> tuple[Span, ...]:
    """The spans of ``lines``, each place once (pieces of one line are one span)."""
    seen: dict[tuple[int, int], Span] = {}
    for line in lines:
        seen.setdefault((line.page, line.number), line.span)
    return tuple(seen.values())


@dataclass(frozen=True)
class NormalizedText:
    lines: tuple[Line, ...]
    repairs: Mapping[str, int]


def _glue(raw: str, wrapped: bool) -> str | None:
    if raw[-1:].isspace():
        return " "
    if wrapped and raw.rstrip()[-1:] in BREAK_AFTER:
        return ""
    return None


def normalize(extraction: Extraction) -> NormalizedText:
    """Repair the export's garbling page by page and return the non-blank lines."""
    repairs: Counter[str] = Counter()
    lines: list[Line] = []
    file_line = 0
    numbered_by_file = extraction.backend == "text"
    # a blank page is left out: its empty text would split into one line it does not have
    pages = [page for page in extraction.pages if page.lines]
    # the repairs see the whole document at once: a quoted phrase or a range may run across a
    # page break (“… Zero Waste | page header | Management”); they never add or remove a line
    # (a line break inside a line, which a font's ToUnicode could produce, is a space)
    whole = [line.text.replace("\n", " ") for page in pages for line in page.lines]
    text, counts = repair_garbling("\n".join(whole))
    repairs.update(counts)
    text, counts = fold_spelling(text)
    repairs.update(counts)
    repaired = iter(text.split("\n"))
    for page in pages:
        page_text = [next(repaired) for _ in page.lines]
        for number, (raw, source) in enumerate(zip(page_text, page.lines, strict=True), start=1):
            file_line += 1
            folded = WHITESPACE.sub(" ", raw).strip()
            if folded:
                lines.append(
                    Line(
                        page=page.number,
                        number=file_line if numbered_by_file else number,
                        text=folded,
                        glue=_glue(raw, source.wrapped),
                        wrapped=source.wrapped,
                        box=source.box,
                    )
                )
    return NormalizedText(tuple(lines), dict(repairs))


def glue_between(before: str, after: str, glue: str | None = None) -> str:
    """What joins two lines of one field: ``glue`` if the layout knows, else SPEC.md's rule.

    >>> glue_between("เมือง", "และ"), glue_between("2566", "ณ"), glue_between("ต่าง ๆ", "เพื่อ")
    ('', ' ', ' ')
    """
    if glue is not None:
        return glue
    if JOINING_THAI.match(before[-1:]) and JOINING_THAI.match(after[:1]):
        return ""
    return " "


def join_lines(lines: Iterable[Line]) -> str:
    """Join the lines of one field into one string.

    >>> join_lines([Line(1, 1, "ระหว่างวันที่ 13 - 16 สิงหาคม"), Line(2, 1, "2566 ณ กรุงปักกิ่ง")])
    'ระหว่างวันที่ 13 - 16 สิงหาคม 2566 ณ กรุงปักกิ่ง'
    """
    return WHITESPACE.sub(" ", "".join(_joined_parts(lines))).strip()


def _joined_parts(lines: Iterable[Line]) -> list[str]:
    """The lines' texts with the glue between them: every other part is a glue."""
    parts: list[str] = []
    prev: Line | None = None
    for line in lines:
        if prev is not None:
            parts.append(glue_between(prev.text, line.text, prev.glue))
        parts.append(line.text)
        prev = line
    return parts


@dataclass(frozen=True)
class Joined:
    """The lines of one field joined (``join_lines``), knowing which line each character of
    the joined text came from.

    >>> joined = Joined.of([Line(1, 1, "27/03/2566 : ประชุม"), Line(1, 2, "ครั้งที่ 2")])
    >>> joined.text
    '27/03/2566 : ประชุมครั้งที่ 2'
    >>> [x.number for x in joined.lines_in(0, 10)], [x.number for x in joined.lines_in(13, 30)]
    ([1], [1, 2])
    >>> joined.origin("progress[round=1].date", 0, 10).text
    '27/03/2566'
    """

    lines: tuple[Line, ...]
    text: str

    @classmethod
    def of(cls, lines: Sequence[Line]) -> Joined:
        return cls(tuple(lines), join_lines(lines))

    @cached_property
    def owners(self) -> tuple[int, ...]:
        """For each character of ``text``: the index of its line, -1 for the glue between."""
        owners: list[int] = []
        for k, part in enumerate(_joined_parts(self.lines)):
            owners += [k // 2 if k % 2 == 0 else -1] * len(part)
        raw = "".join(_joined_parts(self.lines))
        folded: list[int] = []
        pos = 0
        for m in WHITESPACE.finditer(raw):  # each run of white space becomes one space
            folded += owners[pos : m.start()]
            folded.append(owners[m.start()])
            pos = m.end()
        folded += owners[pos:]
        text = WHITESPACE.sub(" ", raw)
        start = len(text) - len(text.lstrip())
        return tuple(folded[start : start + len(self.text)])

    @cached_property
    def places(self) -> tuple[tuple[int, int], ...] | None:
        """Where each line's text stands in ``text`` (start, end), when joining changed no white
        space (lines are folded and stripped: nearly always); None otherwise."""
        parts = _joined_parts(self.lines)
        if "".join(parts) != self.text:
            return None
        places, at = [], 0
        for k, part in enumerate(parts):
            if k % 2 == 0:
                places.append((at, at + len(part)))
            at += len(part)
        return tuple(places)

    def lines_in(self, start: int, end: int) -> tuple[Line, ...]:
        """The lines that the text from ``start`` to ``end`` was read from (white space aside)."""
        text = self.text
        start, end = max(0, start), min(end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            return ()
        if self.places is not None:
            return tuple(
                line
                for line, (lo, hi) in zip(self.lines, self.places, strict=True)
                if lo < end and start < hi
            )
        owners = self.owners
        found = sorted({owners[i] for i in range(start, end) if not text[i].isspace()} - {-1})
        return tuple(self.lines[i] for i in found)

    def origin(self, path: str, start: int, end: int) -> Origin:
        """The origin of the value whose raw text runs from ``start`` to ``end``."""
        return Origin(path, self.text[start:end].strip(), self.lines_in(start, end))
