"""Fields: sections 1–1.6 → project, agency, rationale, objectives, goal, strategy.

Contract: ``parse_fields(report_lines)`` returns a frozen ``FieldsResult``: the ``Project``,
``Agency`` and ``Strategy`` models and the free texts, the warnings met on the way
(``missing_field``, ``missing_section``, ``invalid_value``, with the spans of the lines they
are about) and an ``Origin`` per value read (its path, raw text and lines), plus an origin per
part a value is split into (``strategy.issue.no`` and ``.title``). Labelled values
(``label : value``) are found anywhere in sections 1, 1.1, 1.2 and 1.6 — one or two per line,
tab- or space-separated, with stray dots in the label — and a value runs until the next label,
over as many lines as it wraps.
Free-text sections are joined with ``normalize.join_lines``; objectives are split at their
``1.``, ``2.`` numbering.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import regex

from . import paths
from .models import Agency, Project, Strategy, StrategyItem
from .normalize import Joined, Line, Origin, join_lines, spans_of
from .segment import ReportLines, Section
from .values import BE_OFFSET, BE_THRESHOLD, YEARS, exact, parse_date, parse_number
from .warnings import ReportWarning, warning

#: (field path, label pattern) — the label's words; stray dots and the colon are matched after
LABELS: tuple[tuple[str, str], ...] = (
    ("project.name", r"ชื่อโครงการ(?:\s*/\s*กิจกรรม)?"),  # project / activity name
    ("project.code", r"รหัสโครงการ"),  # project code
    ("project.fiscal_year_be", r"ปีงบประมาณ(?:\s*พ\s*\.\s*ศ\s*\.)?"),  # fiscal year (B.E.)
    ("project.start_date", r"(?:วัน)?เริ่มต้นโครงการ"),  # project start
    ("project.end_date", r"(?:วัน)?สิ้นสุดโครงการ"),  # project end
    ("project.budget_received", r"งบประมาณที่ได้รับ(?:จัดสรร)?"),  # budget received
    ("project.budget_used", r"งบประมาณที่ใช้ไป"),  # budget used
    ("agency.units", r"หน่วยงานที่รับผิดชอบ"),  # responsible agency (path A / B / C)
    ("agency.responsible", r"ชื่อผู้รับผิดชอบ"),  # name of the responsible unit
    ("agency.coordinator", r"ผู้ประสานงาน(?:\s*สยป\.?)?"),  # coordinator (at the planning office)
    ("strategy.sub_issue", r"ประเด็นยุทธศาสตร์ย่อย"),  # strategic sub-issue
    ("strategy.issue", r"ประเด็นยุทธศาสตร์"),  # strategic issue
    ("strategy.target", r"เป้าหมายที่"),  # target no.
    ("strategy.indicator", r"ตัวชี้วัด"),  # indicator
)
_GROUP = {f"f{i}": path for i, (path, _) in enumerate(LABELS)}
LABEL = regex.compile(
    # a label starts a line, follows white space, or follows a number or Latin text directly
    # (LibreOffice sets a two-column line with a tab that may leave no gap at all)
    r"(?:(?<=^)|(?<=[\s0-9A-Za-z)]))(?:"
    + "|".join(f"(?P<f{i}>{pattern})" for i, (_, pattern) in enumerate(LABELS))
    + r")[\s.]*:(?!:)\s*"
)
LABEL_SECTIONS = ("1", "1.1", "1.2", "1.6")

OBJECTIVE_ITEM = regex.compile(
    r"""
    ^\(?(?P<n>\d{1,2})   # the item number, "1." "2)" "(3)"
    [.)]\s*
    (?P<text>.*)$
    """,
    regex.VERBOSE,
)
STRATEGY_NUMBER = regex.compile(
    r"""
    ^(?:(?:ประเด็น)?ยุทธศาสตร์ที่|เป้าหมายที่|กลยุทธ์ที่)?\s*  # "strategy no." / "target no."
    (?P<no>\d+(?:\.\d+)*)(?<!\.)\.?                        # 7, 7.2, 7.2.1
    (?:\s*[-–—:]\s*|\s+|$)                                 # a dash, colon or space
    (?P<title>.*)$
    """,
    regex.VERBOSE,
)
#: "A / B / C"; a producer that wraps the line at one of those spaces leaves "A /B" or "A/ B"
#: (the space at a wrap is not drawn), so a slash with a space on either side separates
UNIT_SEPARATOR = regex.compile(r"\s+/\s*|\s*/\s+")


@dataclass(frozen=True)
class Found:
    """The lines of one labelled value (the label itself cut off)."""

    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return join_lines(self.lines)

    @property
    def pages(self) -> list[int]:
        return [min(x.page for x in self.lines), max(x.page for x in self.lines)]


@dataclass(frozen=True)
class FieldsResult:
    """The values of sections 1–1.6, the warnings met reading them, and where each came from."""

    project: Project
    agency: Agency
    rationale: str | None
    objectives: tuple[str, ...]
    goal: str | None
    strategy: Strategy
    warnings: tuple[ReportWarning, ...]
    origins: tuple[Origin, ...]
    #: the parts values were split into (a strategy item's number and title)
    parts: tuple[Origin, ...] = ()


def find_labels(lines: Iterable[Line]) -> dict[str, Found]:
    """Cut lines at their labels; a value runs until the next label, across lines.

    The lines are searched as one text, so a label the producer wrapped (``ผู้ประสานงาน`` at a
    line's end, ``สยป :`` on the next) is still a label.

    >>> found = find_labels([Line(1, 1, "รหัสโครงการ... : 04160000-6968 ปีงบประมาณ พ.ศ. : 2566")])
    >>> {k: v.text for k, v in found.items()}
    {'project.code': '04160000-6968', 'project.fiscal_year_be': '2566'}
    >>> wrapped = [Line(1, 1, "ชื่อผู้รับผิดชอบ : ฝ่ายโยธา ผู้ประสานงาน"), Line(1, 2, "สยป : นาย")]
    >>> found = find_labels(wrapped)
    >>> {k: v.text for k, v in found.items()}
    {'agency.responsible': 'ฝ่ายโยธา', 'agency.coordinator': 'นาย'}
    """
    lines = list(lines)
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line.text) + 1
    text = "\n".join(line.text for line in lines)
    matches = list(LABEL.finditer(text))
    found: dict[str, list[Line]] = {}
    for m, after in zip(matches, [*matches[1:], None], strict=False):
        path = _GROUP[next(k for k, v in m.groupdict().items() if v is not None)]
        if path in found:
            continue  # a repeated label is ignored
        end = after.start() if after is not None else len(text)
        found[path] = _pieces(lines, starts, m.end(), end)
    return {path: Found(tuple(x for x in parts if x.text)) for path, parts in found.items()}


def _pieces(lines: list[Line], starts: list[int], start: int, end: int) -> list[Line]:
    """The parts of ``lines`` between two offsets of their joined text, as lines."""
    pieces = []
    for line, at in zip(lines, starts, strict=True):
        lo, hi = max(start, at), min(end, at + len(line.text))
        if lo >= hi:
            continue
        whole_end = hi == at + len(line.text)
        glue = line.glue if whole_end else " "
        text = line.text[lo - at : hi - at].strip()
        pieces.append(Line(line.page, line.number, text, glue, box=line.box))
    return pieces


def parse_objectives(lines: Sequence[Line]) -> list[list[Line]]:
    """Split section 1.4 into its numbered items; unnumbered lines continue the item before.

    >>> items = parse_objectives([Line(1, 1, "1. เพื่อกระชับ"), Line(1, 2, "2. เพื่อส่งเสริม"),
    ...                           Line(2, 1, "รวมถึงการแลกเปลี่ยน")])
    >>> [join_lines(i) for i in items]
    ['เพื่อกระชับ', 'เพื่อส่งเสริมรวมถึงการแลกเปลี่ยน']
    """
    items: list[list[Line]] = []
    for line in lines:
        m = OBJECTIVE_ITEM.match(line.text)
        if m and (not items or int(m["n"]) == len(items) + 1):
            items.append([Line(line.page, line.number, m["text"], line.glue, box=line.box)])
        elif items:
            items[-1].append(line)
        else:
            items.append([line])
    return [[x for x in item if x.text] for item in items if any(x.text for x in item)]


def parse_strategy_item(text: str) -> StrategyItem:
    """Split "number – title" as section 1.6 writes it.

    >>> parse_strategy_item("ยุทธศาสตร์ที่ 7 – การสร้างความเป็นมืออาชีพ")
    StrategyItem(no='7', title='การสร้างความเป็นมืออาชีพ')
    >>> parse_strategy_item("7.2.1 การสร้างความร่วมมือ")
    StrategyItem(no='7.2.1', title='การสร้างความร่วมมือ')
    """
    m = STRATEGY_NUMBER.match(text)
    if not m:
        return StrategyItem(no=None, title=text or None)
    return StrategyItem(no=m["no"], title=m["title"].strip() or None)


def strategy_parts(path: str, joined: Joined) -> list[Origin]:
    """The origins of a strategy item's number and title, as ``parse_strategy_item`` reads
    them from the item's joined lines."""
    m = STRATEGY_NUMBER.match(joined.text)
    if not m:
        return [joined.origin(paths.field(path, "title"), 0, len(joined.text))]
    return [
        joined.origin(paths.field(path, part), m.start(part), m.end(part))
        for part in ("no", "title")
        if m[part].strip()
    ]


def unit_spans(units: str) -> list[tuple[int, int]]:
    """Start and end of each unit of an ``A / B / C`` path (white space and empty units left
    out), in the order ``Agency.units`` lists them.

    >>> units = "สำนักปลัด / ส่วนส่งเสริม /"
    >>> [units[a:b] for a, b in unit_spans(units)]
    ['สำนักปลัด', 'ส่วนส่งเสริม']
    """
    out, start = [], 0
    for m in [*UNIT_SEPARATOR.finditer(units), None]:
        end = m.start() if m is not None else len(units)
        piece = units[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((start + lead, start + lead + len(piece.strip())))
        if m is not None:
            start = m.end()
    return out


class _Reader:
    """Reads the values of one report's labels, noting each warning and origin in order."""

    def __init__(self, found: dict[str, Found]) -> None:
        self.found = found
        self.warnings: list[ReportWarning] = []
        self.origins: list[Origin] = []
        self.parts: list[Origin] = []

    def warn(self, kind: str, path: str, found: Found | None = None, **values: object) -> None:
        page = found.lines[0].page if found and found.lines else None
        text = found.text if found else None
        spans = spans_of(found.lines) if found and found.lines else None
        self.warnings.append(warning(kind, path, page=page, text=text, spans=spans, **values))

    def text(self, path: str) -> str | None:
        f = self.found.get(path)
        if f is None or not f.text:
            self.warn("field_not_found", path, f, field=path.split(".")[-1])
            return None
        self.origins.append(Origin(path, f.text, f.lines))
        return f.text

    def date(self, path: str) -> dt.date | None:
        text = self.text(path)
        if text is None:
            return None
        value = parse_date(text)
        if value is None:
            self.warn("unreadable_date", path, self.found[path])
        return value

    def money(self, path: str) -> Decimal | None:
        text = self.text(path)
        if text is None:
            return None
        value = parse_number(text)
        if value is None:
            self.warn("unreadable_amount", path, self.found[path])
        elif not exact(value):
            self.warn("amount_too_large", path, self.found[path])
            return None
        return value

    def year(self, path: str) -> int | None:
        text = self.text(path)
        if text is None:
            return None
        m = _YEAR.fullmatch(text.strip())
        if not m or int(m[1]) <= BE_THRESHOLD or int(m[1]) - BE_OFFSET not in YEARS:
            self.warn("unreadable_year", path, self.found[path])
            return None
        return int(m[1])

    def project(self) -> Project:
        return Project(
            name=self.text("project.name"),
            code=self.text("project.code"),
            fiscal_year_be=self.year("project.fiscal_year_be"),
            start_date=self.date("project.start_date"),
            end_date=self.date("project.end_date"),
            budget_received=self.money("project.budget_received"),
            budget_used=self.money("project.budget_used"),
        )

    def agency(self) -> Agency:
        units = self.text("agency.units")
        listed: list[str] = []
        if units is not None:
            joined = Joined.of(self.found["agency.units"].lines)
            for i, (start, end) in enumerate(unit_spans(joined.text)):
                self.origins.append(joined.origin(paths.item("agency.units", i), start, end))
                listed.append(joined.text[start:end])
        return Agency(
            units=listed,
            responsible=self.text("agency.responsible"),
            coordinator=self.text("agency.coordinator"),
        )

    def item(self, path: str) -> StrategyItem | None:
        text = self.text(path)
        if not text:
            return None
        item = parse_strategy_item(text)
        self.parts += strategy_parts(path, Joined.of(self.found[path].lines))
        self.null_parts(path, item, self.found[path])
        return item

    def null_parts(self, path: str, item: StrategyItem, found: Found) -> None:
        """Warn on the part of a strategy item that is null (SPEC: a null value is warned)."""
        for part in ("no", "title"):
            if getattr(item, part) is None:
                # the item's path, not the part's: a part missing often means the other is wrong
                self.warn("field_not_found", path, found, field=f"its {part}")

    def strategy(self) -> Strategy:
        issue, sub_issue, target = (
            self.item(f"strategy.{n}") for n in ("issue", "sub_issue", "target")
        )
        return Strategy(issue=issue, sub_issue=sub_issue, target=target, indicator=self.indicator())

    def indicator(self) -> StrategyItem | None:
        found = self.found.get("strategy.indicator")
        if found is None or not found.lines:
            self.text("strategy.indicator")  # records the warning
            return None
        self.origins.append(Origin("strategy.indicator", found.text, found.lines))
        first, rest = found.lines[0], found.lines[1:]
        # the number sits on the label's line, the indicator's description on the lines after it
        item = StrategyItem(no=first.text or None, title=join_lines(rest) or None)
        for part, lines in (("no", (first,)), ("title", rest)):
            if getattr(item, part) is not None:
                path = paths.field("strategy.indicator", part)
                self.parts.append(Origin(path, join_lines(lines), tuple(lines)))
        self.null_parts("strategy.indicator", item, found)
        return item

    def free_text(self, sections: Mapping[str, Section], key: str, path: str) -> str | None:
        section = sections.get(key)
        lines = section.lines if section is not None else ()
        text = join_lines(lines) or None
        if text is None:
            self.warn("section_empty", path, section=key)
        else:
            self.origins.append(Origin(path, text, tuple(lines)))
        return text

    def objectives(self, sections: Mapping[str, Section]) -> tuple[str, ...]:
        items = parse_objectives(sections["1.4"].lines) if "1.4" in sections else []
        texts = tuple(join_lines(item) for item in items)
        for i, (item, text) in enumerate(zip(items, texts, strict=True)):
            self.origins.append(Origin(paths.item("objectives", i), text, tuple(item)))
        if not texts:
            self.warn("section_empty", "objectives", section="1.4")
        return texts


_YEAR = regex.compile(r"(\d{4})")


def _group_present(found: dict[str, Found], prefix: str) -> bool:
    return any(path.startswith(prefix) for path in found)


def parse_fields(report: ReportLines) -> FieldsResult:
    """Read every field of sections 1–1.6 of one report."""
    sections = report.sections
    found: dict[str, Found] = {}
    for key in LABEL_SECTIONS:
        if key in sections:
            # a value never runs on into the next section
            found.update(
                (k, v) for k, v in find_labels(sections[key].lines).items() if k not in found
            )
    read = _Reader(found)
    groups = {}
    for prefix, section in (("project", "1.1"), ("agency", "1.2"), ("strategy", "1.6")):
        if _group_present(found, prefix + "."):
            groups[prefix] = getattr(read, prefix)()
        else:
            read.warn("section_not_found", prefix, section=section)
    rationale = read.free_text(sections, "1.3", "rationale")
    objectives = read.objectives(sections)
    goal = read.free_text(sections, "1.5", "goal")
    return FieldsResult(
        project=groups.get("project") or Project(),
        agency=groups.get("agency") or Agency(),
        rationale=rationale,
        objectives=objectives,
        goal=goal,
        strategy=groups.get("strategy") or Strategy(),
        warnings=tuple(read.warnings),
        origins=tuple(read.origins),
        parts=tuple(read.parts),
    )
