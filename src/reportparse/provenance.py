"""Provenance: where on the input a value was read (``sources`` of SPEC.md's additions).

Contract: ``Span`` is one line a value came from — its 1-based page and, for a PDF, the
line's box on the page, for a text export its line number; ``FieldSource`` is a value's raw
text (after the text-layer repairs, before the value was parsed) and its spans. A report's
``sources`` maps each value's path (``paths``) to its ``FieldSource``; a warning may carry the
``spans`` of what it is about. Both are part of the output contract (``models``), defined here
so that warnings, a leaf every stage uses, can carry spans.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import Model

#: decimals kept of a box's coordinates: a hundredth of a point is far below a glyph's ink
BOX_DECIMALS = 2


def absent(value: Any) -> bool:
    """Whether an optional part of the provenance is left out of the JSON (it is None)."""
    return value is None


class Span(Model):
    """One line of the input a value (or a warning) was read from."""

    page: int = Field(description="1-based page of the input")
    bbox: tuple[float, float, float, float] | None = Field(
        default=None,
        exclude_if=absent,
        description="the line's box on the page, [x0, top, x1, bottom] in PDF points with the "
        "origin at the top left of the page (pdfplumber's convention: x in the page's user "
        "space, top measured down from the top of its media box); for a line read by OCR, "
        "the box of its words; absent for a text export",
    )
    line: int | None = Field(
        default=None,
        exclude_if=absent,
        description="the line's number: in the file for a text export; for a PDF line whose "
        "box is not known, its number among the page's lines; absent when bbox is given",
    )


class FieldSource(Model):
    """Where one value was read: its raw text and the lines it came from."""

    text: str = Field(
        description="the raw text the value was read from, after the text-layer repairs and "
        "before the value was parsed (a date as printed, 27/03/2566; an amount with its "
        "commas)"
    )
    spans: list[Span] = Field(
        description="one per line the text came from, in reading order (several when it wraps "
        "over lines or pages)"
    )


def span(page: int, number: int, box: tuple[float, float, float, float] | None) -> Span:
    """The span of a line: its box (rounded to ``BOX_DECIMALS``) where known, else its number.

    >>> span(2, 7, (56.8, 44.64080810546875, 438.07, 66.45)).model_dump(exclude_none=True)
    {'page': 2, 'bbox': (56.8, 44.64, 438.07, 66.45)}
    >>> span(1, 12, None).model_dump(exclude_none=True)
    {'page': 1, 'line': 12}
    """
    if box is None:
        return Span(page=page, line=number)
    x0, top, x1, bottom = (round(v, BOX_DECIMALS) for v in box)
    return Span(page=page, bbox=(x0, top, x1, bottom))
