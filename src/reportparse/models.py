"""The output contract of SPEC.md as pydantic v2 models.

Contract: these models are what ``parse`` emits and what ``diff`` reads back. Field names,
nesting and types follow SPEC.md; fields may be added, never renamed or dropped. Inside, money
and percentages are ``Decimal`` and dates ``datetime.date``; in JSON they are numbers and ISO
``YYYY-MM-DD`` strings. Every model forbids unknown fields and is frozen.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, Field, PlainSerializer

from ._base import Model
from .form import ROUND_WORD
from .provenance import FieldSource as FieldSource  # re-exported: part of the contract
from .provenance import Span as Span
from .provenance import absent
from .warnings import ReportWarning
from .warnings import WarningCode as WarningCode  # re-exported: part of the contract

SCHEMA_VERSION = "1"


def _to_number(value: Decimal) -> float:
    return float(value)


#: a Decimal inside, a JSON number outside
Number = Annotated[
    Decimal, PlainSerializer(_to_number, return_type=float, when_used="json-unless-none")
]


class Project(Model):
    """Section 1.1: what the project is, when it runs and its budget."""

    name: str | None = Field(default=None, description="the project's name (ชื่อโครงการ)")
    code: str | None = Field(
        default=None, description="the project code (รหัสโครงการ), e.g. 04160000-6968"
    )
    fiscal_year_be: int | None = Field(
        default=None, description="fiscal year, Buddhist Era (ปีงบประมาณ), e.g. 2566"
    )
    start_date: dt.date | None = Field(
        default=None, description="start of the project period, ISO date (Common Era)"
    )
    end_date: dt.date | None = Field(
        default=None, description="end of the project period, ISO date (Common Era)"
    )
    budget_received: Number | None = Field(
        default=None, description="budget received (งบประมาณที่ได้รับ), baht"
    )
    budget_used: Number | None = Field(
        default=None, description="budget used so far (งบประมาณที่ใช้ไป), baht"
    )


class Agency(Model):
    """Section 1.2: the agency responsible for the project."""

    units: list[str] = Field(
        default_factory=list,
        description="the agency path `A / B / C` (หน่วยงานที่รับผิดชอบ), one unit per item",
    )
    responsible: str | None = Field(default=None, description="the responsible unit (ชื่อผู้รับผิดชอบ)")
    coordinator: str | None = Field(
        default=None, description="the person who coordinates the project (ผู้ประสานงาน)"
    )


class StrategyItem(Model):
    """One level of the 20-year development plan: its number and its title."""

    no: str | None = Field(default=None, description="its number as printed, e.g. 7.2.1")
    title: str | None = Field(default=None, description="its title")


class Strategy(Model):
    """Section 1.6: where the project sits in the BMA 20-year development plan."""

    issue: StrategyItem | None = Field(
        default=None, description="the strategic issue (ประเด็นยุทธศาสตร์)"
    )
    sub_issue: StrategyItem | None = Field(
        default=None, description="the strategic sub-issue (ประเด็นยุทธศาสตร์ย่อย)"
    )
    target: StrategyItem | None = Field(default=None, description="the target (เป้าหมายที่)")
    indicator: StrategyItem | None = Field(default=None, description="the indicator (ตัวชี้วัด)")


class Round(Model):
    """One "รายงานครั้งที่" progress round."""

    round: int = Field(description=f"the round number as printed ({ROUND_WORD} N)")
    date: dt.date | None = Field(default=None, description="the round's date, ISO (Common Era)")
    text: str | None = Field(default=None, description="what the round reports, free text")
    percent: Number | None = Field(
        default=None, description="progress of the work, percent (ความก้าวหน้าของงาน)"
    )
    disbursed: Number | None = Field(
        default=None, description="budget disbursed in this round (งบประมาณที่เบิกใช้), baht"
    )
    on_plan: bool | None = Field(
        default=None,
        description="true: on plan (เป็นไปตามแผน); false: the negated form; null: not said",
    )
    on_target: bool | None = Field(
        default=None,
        description="true: on target (เป็นไปตามเป้าหมาย); false: the negated form; null: not said",
    )


class Report(Model):
    """One progress report (an export may hold several versions back to back)."""

    project: Project = Field(
        default_factory=Project, description="section 1.1: the project, its period and budget"
    )
    agency: Agency = Field(
        default_factory=Agency, description="section 1.2: the agency responsible"
    )
    rationale: str | None = Field(
        default=None, description="section 1.3: rationale (หลักการและเหตุผล), free text"
    )
    objectives: list[str] = Field(
        default_factory=list,
        description="section 1.4: the objectives (วัตถุประสงค์), without their numbers",
    )
    goal: str | None = Field(
        default=None, description="section 1.5: the goal (เป้าหมายของโครงการ), free text"
    )
    strategy: Strategy = Field(
        default_factory=Strategy, description="section 1.6: place in the 20-year plan"
    )
    progress: list[Round] = Field(
        default_factory=list, description="section 2: the progress rounds, in document order"
    )
    warnings: list[ReportWarning] = Field(
        default_factory=list, description="what an auditor must see about this report"
    )
    pages: list[int] = Field(description="first and last page (1-based) of the report")
    field_pages: dict[str, list[int]] = Field(
        default_factory=dict,
        description="first and last page of each field, keyed by its diff path "
        "(project.name, progress[round=3], ...)",
    )
    sources: dict[str, FieldSource] | None = Field(
        default=None,
        exclude_if=absent,
        description="where each value was read, keyed by its diff path (project.code, "
        "agency.units[1], objectives[0], progress[round=3], progress[round=3].percent, ...): "
        "its raw text and the lines it came from; absent with parse --no-sources",
    )


class PageRead(str, Enum):
    """How a page's text was had."""

    TEXT_LAYER = "text_layer"  # the PDF's own text, as it is (after the text-layer repairs)
    RECOVERED = "recovered"  # the text of its glyphs' outlines: its font maps were broken
    OCR = "ocr"  # read from the page's image
    OCR_LAYER = "ocr_layer"  # the text layer an OCR program left in the PDF


class PageSource(Model):
    """How one page of the input was read, and how well its text reads."""

    page: int = Field(description="1-based page of the input")
    read: PageRead = Field(description="text_layer, recovered, ocr or ocr_layer")
    method: str = Field(description="the backend or method: pdfium, outlines, text, …")
    quality: float | None = Field(
        description="share of the page's characters that read as text (thai.quality); "
        "null when too short to judge; below 0.8 the page is unusable"
    )


class Source(Model):
    """The input file and how its text was read."""

    path: str = Field(description="the input's path, as given")
    sha256: str = Field(description="sha256 of the input's bytes, hex")
    page_count: int = Field(description="pages in the input")
    backend: str = Field(description="text source: pdfium, pdfplumber, mupdf, text, or a mix")
    repairs: dict[str, int] = Field(
        default_factory=dict, description="how many times each text repair was applied"
    )
    damage: dict[str, int] = Field(
        default_factory=dict, description="damage counters left in the text layer after repair"
    )
    pages: list[PageSource] = Field(
        default_factory=list, description="how each page of the input was read, and its quality"
    )


class Document(Model):
    """The document ``reportparse parse`` prints."""

    schema_version: str = Field(
        default=SCHEMA_VERSION, description="version of this contract (SPEC.md)"
    )
    source: Source = Field(description="the input file and how its text was read")
    reports: list[Report] = Field(description="one report per report found in the file")


#: characters JSON may carry raw that a terminal acts on (DEL and the C1 controls, U+009B is a
#: CSI) or that end a line in JavaScript (U+2028, U+2029): written as escapes instead
_RAW_CONTROL = re.compile("[\x7f-\x9f\u2028\u2029]")


def to_json(model: BaseModel, indent: int | None = 2) -> str:
    r"""A model as the JSON text reportparse writes: pydantic's, with the characters of
    ``_RAW_CONTROL`` escaped (the same JSON value; safe on a terminal).

    >>> to_json(ReportWarning(code=WarningCode.TEXT_DAMAGED, path="", message="a\x9b"), None)
    '{"code":"text_damaged","path":"","message":"a\\u009b","page":null,"text":null}'
    """
    return escape_controls(model.model_dump_json(indent=indent))


def escape_controls(json_text: str) -> str:
    """JSON text with the characters of ``_RAW_CONTROL`` written as ``\\uXXXX`` escapes."""
    if not _RAW_CONTROL.search(json_text):
        return json_text
    return _RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


#: the JSON Schema dialect of ``json_schema`` and the schema's own identifier
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"urn:reportparse:schema:document:{SCHEMA_VERSION}"


def json_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of the ``parse`` document, as it is serialised."""
    schema = Document.model_json_schema(mode="serialization")
    return {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, **schema}
