"""The output contract of SPEC.md as pydantic v2 models.

Contract: these models are what ``parse`` emits and what ``diff`` reads back. Field names,
nesting and types follow SPEC.md; fields may be added, never renamed or dropped. Inside, money
and percentages are ``Decimal`` and dates ``datetime.date``; in JSON they are numbers and ISO
``YYYY-MM-DD`` strings. Every model forbids unknown fields and is frozen.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, PlainSerializer

from ._base import Model
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


class Document(Model):
    """The document ``reportparse parse`` prints."""

    schema_version: str = SCHEMA_VERSION
    source: Source
    reports: list[Report]


def json_schema() -> dict[str, Any]:
    """JSON Schema of the ``parse`` document, as it is serialised."""
    return Document.model_json_schema(mode="serialization")
