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
from .form import (
    FOOTER_START,
    HEADING_WORDS,
    PAGE_HEADER,
    PAGE_NUMBER,
    PAGE_STAMP,
    PAGE_TITLE,
    PLAN,
    ROUND_WORD,
    TARGET,
)
from .normalize import Line

# --- section headings ---------------------------------------------------------------------------
#: the keys of the sections, in the form's order
SECTION_KEYS = tuple(HEADING_WORDS)
SECTION_ORDER = {key: i for i, key in enumerate(SECTION_KEYS)}
#: a section number opening a line: "1." "1.1" "1.1." "2." (Thai digits are folded already),
#: then the heading's words
SECTION_NUMBER = regex.compile(r"^(?P<number>1\.[1-6](?!\d)\.?|[12]\.(?!\d))\s*(?P<words>.*)$")
#: how far into its words a heading of 1.1–1.6 names its subject ("1.3 ที่มาและความสำคัญ…")
_WORDS_WITHIN = 40
#: the longest heading (1.6 of the form: "สนับสนุนแผนพัฒนา กทม. ระยะ 20 ปี (…/ตัวชี้วัด)" is 90)
_MAX_HEADING = 160


def _words_pattern(words: Sequence[str], anchored: bool) -> regex.Pattern[str]:
    """Any of ``words``; a word of six characters or more with one character wrong (a damaged
    text layer: 1.6 สนับสน่นแผนพัฒนา, a vowel read as a tone mark, still opens 1.6)."""
    alternatives = "|".join(
        f"(?:{regex.escape(w)}){{e<=1}}" if len(w) >= 6 else regex.escape(w) for w in words
    )
    return regex.compile(rf"^(?:{alternatives})" if anchored else rf"(?:{alternatives})")


#: key → (the form's own words at the start, any known words where a heading names them)
_WORDS: dict[str, tuple[regex.Pattern[str], regex.Pattern[str]]] = {
    key: (
        _words_pattern(words[:1], anchored=True),
        # 1. and 2. are named by their first words; 1.1–1.6 anywhere near the start
        _words_pattern(words, anchored=key in ("1", "2")),
    )
    for key, words in HEADING_WORDS.items()
}
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


def _number(text: str) -> tuple[str, str] | None:
    """(section key, the heading's words) of a line that opens with a section number."""
    m = SECTION_NUMBER.match(text)
    if m is None:
        return None
    return m["number"].rstrip("."), m["words"]


def _heading_shaped(words: str) -> bool:
    """Words a heading could be: short, starting with a letter or a bracket, no value after a
    label's colon, not an objective ("เพื่อ…", in order to)."""
    return (
        0 < len(words) <= _MAX_HEADING
        and (words[0].isalpha() or words[0] == "(")
        and "::" not in words
        and " : " not in words
        and not words.startswith("เพื่อ")
    )


def heading_of(text: str) -> str | None:
    """The section key a line is the heading of by its number and its words alone (``segment``
    also knows a heading by its place in the form), or None.

    >>> heading_of("1.5 เป้าหมายของโครงการ.."), heading_of("2. การประชุมเชิงปฏิบัติการ")
    ('1.5', None)
    >>> heading_of("1.6 สนับสน่นแผนพัฒนากรุงเทพมหานคร"), heading_of("1.6 ตามแผน")
    ('1.6', None)
    >>> heading_of("1.3 ที่มาและความสำคัญของปัญหา"), heading_of("2. ผลการดำเนินงานและการเบิกจ่าย")
    ('1.3', '2')
    """
    if text[:1] not in ("1", "2"):
        return None  # every heading starts with its number (and most lines do not)
    found = _number(text)
    if found is None:
        return None
    key, words = found
    own, known = _WORDS[key]
    if own.match(words):
        return key  # the form's own words: a heading wherever it stands (as it always was)
    if not _heading_shaped(words):
        return None
    return key if known.search(words[:_WORDS_WITHIN] if key not in ("1", "2") else words) else None


def heading_at(text: str, current: str | None, following: str | None) -> str | None:
    """The section key a line is the heading of, knowing the section it comes in (``current``,
    None before the first heading) and the next line of content (``following``).

    A heading is known by its number and its words (``heading_of``), or by its place: the
    number of the section after the current one on a heading-shaped line ("1.4 …" in 1.3),
    "1." right before "1.1", "2." after 1.6 or right before a round. In section 2 a line "2. …"
    or "1. …" is an item of a round's text unless it is heading 1 by its own words or by
    the 1.1 after it: a report does not start at its section 2.

    >>> heading_at("1.4 สิ่งที่คาดว่าจะได้รับ", "1.3", None), heading_at("2. สรุปสถานะ", "1.6", None)
    ('1.4', '2')
    >>> heading_at("2. ผลการดำเนินงานไตรมาส 2", "2", None)
    >>> heading_at("1. ภาพรวม", None, "1.1 รหัสโครงการ"), heading_at("1. ภาพรวม", "1.4", None)
    ('1', None)
    """
    found = _number(text)
    if found is None:
        return None
    key, words = found
    if current == "2" and key == "2":
        return None
    by_words = heading_of(text)
    if by_words is not None and (key != "1" or current != "2" or _WORDS["1"][0].match(words)):
        return by_words
    if not _heading_shaped(words):
        return None
    after = _number(following) if following else None
    following_number = after[0] if after else None
    if key == "1":
        return key if following_number == "1.1" else None
    if key == "2":
        if current == "1.6" or (following is not None and ROUND_HEADER.match(following)):
            return key
        return None
    if current is not None and current != "2" and SECTION_ORDER[key] == SECTION_ORDER[current] + 1:
        return key
    return None


# --- page furniture -----------------------------------------------------------------------------
#: lines at the top and at the bottom of a page where its header and footer print
FRAME_LINES = 4
#: how many of them a frame that repeats may take: three lines at the top (a banner, an
#: agency, the title), two at the bottom
HEADER_LINES, FOOTER_LINES = 3, 2
#: the digits of a frame line (page numbers, dates) differ from page to page
_DIGITS = regex.compile(r"\d+")


def is_furniture(text: str) -> bool:
    """True for page furniture wherever it stands: the form's page header or a page number.

    >>> is_furniture("** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ **")
    True
    """
    return bool(PAGE_HEADER.match(text) or PAGE_NUMBER.match(text))


def _may_be_frame(text: str) -> bool:
    """A line a page frame could be: not a heading, a round or a label and its value."""
    return (
        len(text) <= 120
        and heading_of(text) is None
        and not ROUND_HEADER.match(text)
        and " : " not in text
        and "::" not in text
        and not text.lstrip().startswith(":")  # the rest of a value or a round's flags
        and PLAN not in text
        and TARGET not in text  # a round's flags, wrapped onto a line of their own
    )


def furniture(lines: Sequence[Line]) -> frozenset[int]:
    """The indices of the page furniture among ``lines``: the form's page header and page
    numbers anywhere; at the top or the bottom of a page (its first or last ``FRAME_LINES``
    lines) another title of the form, a printed-at stamp; and any line that recurs in the same
    place (k-th of the top ``HEADER_LINES``, or of the bottom ``FOOTER_LINES``) on more than
    half the pages (two at least),
    digits aside (an agency's name, a system banner, "หน้า 2/5"). Content repeated on two
    versions of a report paginated alike covers half the pages at most: it stays.

    >>> from .normalize import Line
    >>> doc = [Line(p, n, t) for p, n, t in [(1, 1, "สำนักงานเขต ก"), (1, 2, "เนื้อหา"),
    ...        (2, 1, "สำนักงานเขต ก"), (2, 2, "เนื้อหาต่อ"), (2, 3, "แบบรายงานผลโครงการ")]]
    >>> sorted(furniture(doc))
    [0, 2, 4]
    """
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        pages.setdefault(line.page, []).append(i)
    frame = {i for idx in pages.values() for i in idx[:FRAME_LINES] + idx[-FRAME_LINES:]}
    out = {i for i, line in enumerate(lines) if is_furniture(line.text)}
    out |= {i for i in frame if PAGE_TITLE.match(lines[i].text) or PAGE_STAMP.match(lines[i].text)}
    if len(pages) < 2:
        return frozenset(out)
    # a frame line keeps its place: the k-th line from the top, or from the bottom
    keys: dict[int, list[tuple[int, int, str]]] = {}
    for idx in pages.values():
        for end, ends in ((0, idx[:HEADER_LINES]), (1, idx[::-1][:FOOTER_LINES])):
            for k, i in enumerate(ends):
                if i not in out and _may_be_frame(lines[i].text):
                    text = _DIGITS.sub("#", " ".join(lines[i].text.split()))
                    keys.setdefault(i, []).append((end, k, text))
    seen: dict[tuple[int, int, str], set[int]] = {}
    for i, own in keys.items():
        for key in own:
            seen.setdefault(key, set()).add(lines[i].page)
    for i, own in keys.items():
        if any(len(on) >= 2 and 2 * len(on) > len(pages) for on in map(seen.__getitem__, own)):
            out.add(i)
    return frozenset(out)


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
    dropped = furniture(lines)
    body = [line for i, line in enumerate(lines) if i not in dropped]
    reports: list[_Builder] = []
    heading_text: str | None = None  # the heading being read, while it may go on
    for i, line in enumerate(body):
        current = reports[-1] if reports else None
        section = current.current if current is not None else None
        following = body[i + 1].text if i + 1 < len(body) else None
        key = heading_at(line.text, section, following)
        if heading_text is not None and key is None and _heading_continues(heading_text):
            heading_text += " " + line.text
            continue
        heading_text = None
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
