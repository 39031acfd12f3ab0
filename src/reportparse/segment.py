"""Segment: normalised lines → reports → sections 1–2.

Contract: ``segment(lines)`` removes the page furniture (the asterisked page header, page
numbers) and the certification footer, splits the lines into reports and each report into its
sections, keyed ``"1"``, ``"1.1"`` … ``"1.6"``, ``"2"``. A report starts at heading 1 — or at any
heading that does not come after the previous one (a second version whose heading 1 is
missing). A round header seen outside section 2 opens section 2. Page breaks need no special
care: furniture is gone, so a paragraph or round cut by a page break is simply continued.
Raises ``NotAReportError`` when no section heading is found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import regex

from .errors import NotAReportError
from .form import FOOTER_START, PAGE_HEADER, PAGE_NUMBER, ROUND_WORD
from .normalize import Line

# --- section headings ---------------------------------------------------------------------------
#: (key, pattern): the number and the first word(s) of each heading; stray dots allowed, and
#: one character wrong in the words (a damaged text layer: 1.6 สนับสน่นแผนพัฒนา, a vowel read
#: as a tone mark, must still open section 1.6)
HEADINGS: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (key, regex.compile(rf"^{number}\s*(?:{words}){{e<=1}}"))
    for key, number, words in (
        ("1", r"1\.(?!\d)", r"ชื่อโครงการ"),  # project name and responsible agency
        ("1.1", r"1\.1(?!\d)\.?", r"รหัสโครงการ"),  # project code and name
        ("1.2", r"1\.2(?!\d)\.?", r"หน่วยงาน"),  # responsible agency
        ("1.3", r"1\.3(?!\d)\.?", r"หลักการ"),  # rationale
        ("1.4", r"1\.4(?!\d)\.?", r"วัตถุประสงค์"),  # objectives
        ("1.5", r"1\.5(?!\d)\.?", r"เป้าหมาย"),  # goal
        ("1.6", r"1\.6(?!\d)\.?", r"สนับสนุน"),  # supports the BMA 20-year plan
        ("2", r"2\.(?!\d)", r"รายงานความก้าวหน้า"),  # progress and spending report
    )
)
SECTION_ORDER = {key: i for i, (key, _) in enumerate(HEADINGS)}
ROUND_HEADER = regex.compile(
    rf"""
    ^-?\s*{ROUND_WORD}\s*\d+     # "- report round N" ...
    \s*(?:::|$)                  # ... followed by its "::" date or alone on its line
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True)
class Section:
    key: str
    heading: Line | None  # None when the section was opened without its heading
    lines: tuple[Line, ...]

    @property
    def pages(self) -> tuple[int, int] | None:
        own = [x.page for x in self.lines] or ([self.heading.page] if self.heading else [])
        return (min(own), max(own)) if own else None


@dataclass(frozen=True)
class ReportLines:
    """One report's sections, in the order they appear."""

    sections: Mapping[str, Section]
    pages: tuple[int, int]
    #: section 2 was opened by a round header, its heading is missing
    implicit: tuple[str, ...] = field(default=())


def heading_of(text: str) -> str | None:
    """The section key a line is the heading of, or None.

    >>> heading_of("1.5 เป้าหมายของโครงการ.."), heading_of("2. การประชุมเชิงปฏิบัติการ")
    ('1.5', None)
    >>> heading_of("1.6 สนับสน่นแผนพัฒนากรุงเทพมหานคร"), heading_of("1.6 ตามแผน")
    ('1.6', None)
    """
    if text[:1] not in ("1", "2"):
        return None  # every heading starts with its number (and most lines do not)
    for key, pattern in HEADINGS:
        if pattern.match(text):
            return key
    return None


def is_furniture(text: str) -> bool:
    """True for page furniture: the page header or a page number.

    >>> is_furniture("** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ **")
    True
    """
    return bool(PAGE_HEADER.match(text) or PAGE_NUMBER.match(text))


@dataclass
class _Builder:
    sections: dict[str, list[Line]] = field(default_factory=dict)
    headings: dict[str, Line | None] = field(default_factory=dict)
    pages: list[int] = field(default_factory=list)
    current: str | None = None
    in_footer: bool = False
    implicit: list[str] = field(default_factory=list)

    def open(self, key: str, heading: Line | None) -> None:
        self.sections[key] = []
        self.headings[key] = heading
        self.current = key
        self.in_footer = False
        if heading is None:
            self.implicit.append(key)

    def build(self) -> ReportLines:
        sections = {
            key: Section(key, self.headings[key], tuple(lines))
            for key, lines in self.sections.items()
        }
        return ReportLines(sections, (min(self.pages), max(self.pages)), tuple(self.implicit))


def _heading_continues(text_so_far: str) -> bool:
    """A heading whose bracket is still open goes on on the next line (1.6 wraps in PDFs)."""
    return text_so_far.count("(") > text_so_far.count(")")


def segment(lines: Sequence[Line], path: str = "<text>") -> list[ReportLines]:
    """Split normalised lines into reports and their sections."""
    reports: list[_Builder] = []
    heading_text: str | None = None  # the heading being read, while it may go on
    for line in lines:
        if is_furniture(line.text):
            continue
        if (
            heading_text is not None
            and heading_of(line.text) is None
            and _heading_continues(heading_text)
        ):
            heading_text += " " + line.text
            continue
        heading_text = None
        key = heading_of(line.text)
        current = reports[-1] if reports else None
        if key is not None:
            if current is None or _starts_report(key, current):
                current = _Builder()
                reports.append(current)
            current.open(key, line)
            current.pages.append(line.page)
            heading_text = line.text
            continue
        if current is None or current.current is None:
            continue  # text before the first heading: a cover or stray header, not a field
        if FOOTER_START.match(line.text):
            current.in_footer = True
        if current.in_footer:
            current.pages.append(line.page)
            continue
        if ROUND_HEADER.match(line.text) and current.current != "2":
            current.open("2", None)
        current.sections[current.current].append(line)
        current.pages.append(line.page)
    if not reports:
        raise NotAReportError(path)
    return [r.build() for r in reports]


def _starts_report(key: str, current: _Builder) -> bool:
    if key == "1":
        return True
    last = current.current
    return last is not None and SECTION_ORDER[key] <= SECTION_ORDER[last]
