"""The output contract of SPEC.md as pydantic v2 models.

Contract: these models are what ``parse`` emits and what ``diff`` reads back. Field names,
nesting and types follow SPEC.md; fields may be added, never renamed or dropped. Inside, money
and percentages are ``Decimal`` and dates ``datetime.date``; in JSON they are numbers and ISO
``YYYY-MM-DD`` strings. Every model forbids unknown fields and is frozen.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

SCHEMA_VERSION = "1"


def _to_number(value: Decimal) -> float:
    return float(value)


#: a Decimal inside, a JSON number outside
Number = Annotated[
    Decimal, PlainSerializer(_to_number, return_type=float, when_used="json-unless-none")
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WarningCode(str, Enum):
    """Closed vocabulary of warning codes (stable: scripts filter on them)."""

    PROGRESS_DECREASED = "progress_decreased"
    DISBURSED_SUM_MISMATCH = "disbursed_sum_mismatch"
    BUDGET_USED_EXCEEDS_RECEIVED = "budget_used_exceeds_received"
    ROUND_MISSING = "round_missing"
    ROUND_REPEATED = "round_repeated"
    ROUND_OUT_OF_ORDER = "round_out_of_order"
    ROUND_DATE_ORDER = "round_date_order"
    ROUND_LABEL_MISMATCH = "round_label_mismatch"
    ROUND_UNPARSED = "round_unparsed"
    DATE_OUTSIDE_PROJECT = "date_outside_project"
    PROJECT_PERIOD_INVALID = "project_period_invalid"
    PERCENT_OUT_OF_RANGE = "percent_out_of_range"
    MISSING_SECTION = "missing_section"
    MISSING_FIELD = "missing_field"
    INVALID_VALUE = "invalid_value"
    GARBLED_TEXT = "garbled_text"
    TEXT_DAMAGED = "text_damaged"
    TEXT_INFERRED = "text_inferred"


class ReportWarning(_Model):
    """Something an auditor must see: the field concerned, what is wrong, where it came from."""

    code: WarningCode
    path: str = Field(description="JSON path of the field concerned, e.g. progress[2].percent")
    message: str = Field(description="English, one sentence")
    page: int | None = Field(default=None, description="1-based page of the input, if known")
    text: str | None = Field(default=None, description="the raw text concerned, if any")


class Project(_Model):
    name: str | None = None
    code: str | None = None
    fiscal_year_be: int | None = Field(default=None, description="Buddhist Era year")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget_received: Number | None = None
    budget_used: Number | None = None


class Agency(_Model):
    units: list[str] = Field(default_factory=list)
    responsible: str | None = None
    coordinator: str | None = None


class StrategyItem(_Model):
    no: str | None = None
    title: str | None = None


class Strategy(_Model):
    issue: StrategyItem | None = None
    sub_issue: StrategyItem | None = None
    target: StrategyItem | None = None
    indicator: StrategyItem | None = None


class Round(_Model):
    """One "รายงานครั้งที่" progress round."""

    round: int
    date: dt.date | None = None
    text: str | None = None
    percent: Number | None = None
    disbursed: Number | None = None
    on_plan: bool | None = None
    on_target: bool | None = None


class Report(_Model):
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


class Source(_Model):
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


class Document(_Model):
    """The document ``reportparse parse`` prints."""

    schema_version: str = SCHEMA_VERSION
    source: Source
    reports: list[Report]


def json_schema() -> dict[str, Any]:
    """JSON Schema of the ``parse`` document, as it is serialised."""
    return Document.model_json_schema(mode="serialization")
