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
    name: str | None = None
    code: str | None = None
    fiscal_year_be: int | None = Field(default=None, description="Buddhist Era year")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget_received: Number | None = None
    budget_used: Number | None = None


class Agency(Model):
    units: list[str] = Field(default_factory=list)
    responsible: str | None = None
    coordinator: str | None = None


class StrategyItem(Model):
    no: str | None = None
    title: str | None = None


class Strategy(Model):
    issue: StrategyItem | None = None
    sub_issue: StrategyItem | None = None
    target: StrategyItem | None = None
    indicator: StrategyItem | None = None


class Round(Model):
    """One "รายงานครั้งที่" progress round."""

    round: int
    date: dt.date | None = None
    text: str | None = None
    percent: Number | None = None
    disbursed: Number | None = None
    on_plan: bool | None = None
    on_target: bool | None = None


class Report(Model):
    project: Project = Field(default_factory=Project)
    agency: Agency = Field(default_factory=Agency)
    rationale: str | None = None
    objectives: list[str] = Field(default_factory=list)
    goal: str | None = None
    strategy: Strategy = Field(default_factory=Strategy)
    progress: list[Round] = Field(default_factory=list)
    warnings: list[ReportWarning] = Field(default_factory=list)
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
    path: str
    sha256: str
    page_count: int
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

    schema_version: str = SCHEMA_VERSION
    source: Source
    reports: list[Report]


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


def json_schema() -> dict[str, Any]:
    """JSON Schema of the ``parse`` document, as it is serialised."""
    return Document.model_json_schema(mode="serialization")
