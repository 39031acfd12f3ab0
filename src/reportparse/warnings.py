"""Warnings: what an auditor must see about a report, each made in one place from one template.

Contract: ``WarningCode`` is the closed vocabulary of warning codes (stable: scripts filter on
them) and ``ReportWarning`` the record in a report's ``warnings``. ``warning(kind, path, …)``
is the one constructor: ``kind`` names a template of ``TEMPLATES``, which gives the code and the
English message (``str.format`` fields filled from the keyword arguments). A new warning is a
code here and a template beside it; the stages only name the kind. A warning carries the
``spans`` (``provenance``) of the lines it is about where the stage knows them.

>>> warning("field_not_found", "project.code", field="code").message
'code not found'
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from pydantic import Field

from ._base import Model
from .provenance import Span, absent


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
    TEXT_UNUSABLE = "text_unusable"
    OCR_LOW_CONFIDENCE = "ocr_low_confidence"


class ReportWarning(Model):
    """Something an auditor must see: the field concerned, what is wrong, where it came from."""

    code: WarningCode = Field(description="stable snake_case code (README: warning codes)")
    path: str = Field(description="JSON path of the field concerned, e.g. progress[2].percent")
    message: str = Field(description="English, one sentence")
    page: int | None = Field(default=None, description="1-based page of the input, if known")
    text: str | None = Field(default=None, description="the raw text concerned, if any")
    spans: list[Span] | None = Field(
        default=None,
        exclude_if=absent,
        description="the lines of the input the warning is about, as in the report's sources "
        "(a page's warning: the page alone); absent when not known or with parse --no-sources",
    )


W = WarningCode
#: kind → (code, message template); the fields of a template are the keyword arguments of
#: ``warning``
TEMPLATES: dict[str, tuple[WarningCode, str]] = {
    # sections and labelled fields (fields, pipeline)
    "section_not_found": (W.MISSING_SECTION, "section {section} not found"),
    "section_empty": (W.MISSING_SECTION, "section {section} not found or empty"),
    "no_rounds": (W.MISSING_SECTION, "section 2 not found or without rounds"),
    "field_not_found": (W.MISSING_FIELD, "{field} not found"),
    "unreadable_date": (W.INVALID_VALUE, "unreadable date {text!r}"),
    "unreadable_amount": (W.INVALID_VALUE, "unreadable amount {text!r}"),
    "unreadable_year": (W.INVALID_VALUE, "unreadable Buddhist Era year {text!r}"),
    "amount_too_large": (
        W.INVALID_VALUE,
        "amount {text!r} is beyond what a JSON number holds exactly (2**53)",
    ),
    # rounds (progress)
    "round_without_date": (W.MISSING_FIELD, "round {round} has no date"),
    "round_unreadable_date": (W.INVALID_VALUE, "round {round}: unreadable date"),
    "round_without_figures": (W.MISSING_FIELD, "round {round} has no progress line"),
    "round_without_flag": (
        W.MISSING_FIELD,
        "round {round} says neither {words} nor that it is not: the flag is null",
    ),
    "round_unreadable_figures": (W.ROUND_UNPARSED, "round {round}: progress line unreadable"),
    "round_unreadable_percent": (W.INVALID_VALUE, "round {round}: unreadable percentage"),
    "round_unreadable_amount": (W.INVALID_VALUE, "round {round}: unreadable disbursement"),
    "round_percent_too_large": (
        W.INVALID_VALUE,
        "round {round}: the percentage is beyond what a JSON number holds exactly",
    ),
    "round_amount_too_large": (
        W.INVALID_VALUE,
        "round {round}: the disbursement is beyond what a JSON number holds exactly",
    ),
    "round_number_invalid": (
        W.INVALID_VALUE,
        "a round numbered with {digits} digits: a misread, the round is left out",
    ),
    "round_label_mismatch": (
        W.ROUND_LABEL_MISMATCH,
        "round {round} reports the disbursement of round {label}",
    ),
    "round_merged": (
        W.ROUND_UNPARSED,
        "round {round} holds a second progress line or round header: a round the reading did "
        "not know may be lost in it",
    ),
    "text_outside_rounds": (W.ROUND_UNPARSED, "text in section 2 outside any round"),
    "round_unparsed": (W.ROUND_UNPARSED, "a round without a date or progress figures"),
    # content checks (checks)
    "progress_decreased": (
        W.PROGRESS_DECREASED,
        "round {round} reports {percent}% after {previous}% in round {previous_round}",
    ),
    "percent_out_of_range": (
        W.PERCENT_OUT_OF_RANGE,
        "round {round} reports {percent}%, outside 0-100",
    ),
    "disbursed_sum_mismatch": (
        W.DISBURSED_SUM_MISMATCH,
        "the rounds' disbursements add up to {total} baht, budget_used is {used}",
    ),
    "budget_exceeded": (
        W.BUDGET_USED_EXCEEDS_RECEIVED,
        "budget_used {used} is above budget_received {received}",
    ),
    "round_repeated": (W.ROUND_REPEATED, "round {round} appears more than once"),
    "round_out_of_order": (W.ROUND_OUT_OF_ORDER, "round {round} comes after round {last}"),
    "round_missing": (W.ROUND_MISSING, "round {first} is missing (rounds go up to {last})"),
    "rounds_missing": (
        W.ROUND_MISSING,
        "rounds {first}–{to} are missing (rounds go up to {last})",
    ),
    "round_date_order": (
        W.ROUND_DATE_ORDER,
        "round {round} is dated {date}, before round {previous_round} ({previous})",
    ),
    "project_period_invalid": (
        W.PROJECT_PERIOD_INVALID,
        "the project ends ({end}) before it starts ({start})",
    ),
    "date_outside_project": (
        W.DATE_OUTSIDE_PROJECT,
        "round {round} is dated {date}, outside the project period {start} to {end}",
    ),
    "garbled_text": (
        W.GARBLED_TEXT,
        "a '?' no repair rule explains (a character the export lost?)",
    ),
    "code_not_a_code": (
        W.INVALID_VALUE,
        "the project code holds Thai letters or a colon: a label that was not recognised "
        "(misread or misspelt) ran into it, so the code and the field after it are unreliable",
    ),
    "label_in_value": (
        W.INVALID_VALUE,
        "the value holds a label's dots and colon: the label was not recognised, and the "
        "next field may have run into this one",
    ),
    "damage_left": (W.TEXT_DAMAGED, "text layer damage left after repair: {damage}"),
    # the text layer (pipeline)
    "page_unreadable": (
        W.TEXT_DAMAGED,
        "page {page} cannot be read (the PDF is damaged): its text is missing",
    ),
    "field_cut": (
        W.TEXT_DAMAGED,
        "read up to the edge of page {page}'s text, and page {lost} cannot be read: the value "
        "may be cut short, and a list may have lost items",
    ),
    "streams_damaged": (
        W.TEXT_DAMAGED,
        "{n} stream(s) of the PDF have broken or truncated data: text may be missing on "
        "any page, and nothing read can be trusted to be whole",
    ),
    "structure_rebuilt": (
        W.TEXT_DAMAGED,
        "the PDF's cross-reference table is not valid: its structure was rebuilt from what "
        "was found, and text may be missing or out of place on any page",
    ),
    "marks_misdrawn": (
        W.TEXT_DAMAGED,
        "{n} mark(s) on page {page} are drawn on the other side of their letter from what the "
        "PDF's font map calls them (a tone drawn below, a vowel below drawn above): the map "
        "gives those glyphs another mark's character, so words with marks on the page may be "
        "misspelt (where the glyphs' outlines are known, they were read instead)",
    ),
    "page_unusable": (
        W.TEXT_UNUSABLE,
        "page {page} has no text that reads as text (quality {quality}): nothing read from it "
        "can be trusted",
    ),
    "field_unusable": (
        W.TEXT_UNUSABLE,
        "read from page {page}, whose text does not read as text: the value is unreliable",
    ),
    # OCR (pipeline)
    "ocr_low_confidence": (
        W.OCR_LOW_CONFIDENCE,
        "read by OCR from page {page} with confidence {confidence:.0f} (below {threshold:.0f}), "
        "or with a digit OCR could not tell: check it against the page",
    ),
    "ocr_check_failed": (
        W.OCR_LOW_CONFIDENCE,
        "read by OCR from page {page}, and a check on it failed ({check}): a misread is likely",
    ),
    "unmapped_glyph": (
        W.TEXT_INFERRED,
        "the font gives no Unicode value for a glyph on this page: {n} read as "
        "the one character that makes its contexts dictionary words",
    ),
    "lost_nikhahit": (
        W.TEXT_INFERRED,
        "the font lost the nikhahit of every SARA AM on this page: {n} restored "
        "from 'consonant, gap, SARA AA'",
    ),
    "sara_aa_as_sara_am": (
        W.TEXT_INFERRED,
        "the font maps SARA AA to SARA AM on this page: {n} SARA AM read as "
        "SARA AA where the dictionary reads them so",
    ),
}


def warning(
    kind: str,
    path: str,
    *,
    page: int | None = None,
    text: str | None = None,
    spans: Sequence[Span] | None = None,
    **values: Any,
) -> ReportWarning:
    """The warning of template ``kind`` about the field at ``path``; ``values`` fill the
    template (``text`` too, when the template quotes it); ``spans``: the lines it is about."""
    code, template = TEMPLATES[kind]
    message = template.format(text=text, page=page, **values)
    return ReportWarning(
        code=code,
        path=path,
        message=message,
        page=page,
        text=text,
        spans=None if spans is None else list(spans),
    )
