"""The orchestrator: a file → the ``Document`` of SPEC.md, as a flat sequence of stage calls.

    extract → normalize → segment → fields + progress → checks → models

``parse_file`` reads a PDF or text export; ``parse_text`` parses text already in memory (a text
layer copied from elsewhere); ``parse_extraction`` starts from an ``Extraction`` (for callers
that extracted with their own settings).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .checks import check_report
from .errors import readable_path
from .extract import UNREADABLE_PAGE, Extraction, extract
from .extract.text import extract_text
from .fields import parse_fields
from .models import Document, Report, Source
from .normalize import Origin, normalize
from .options import ParseOptions
from .progress import parse_progress
from .segment import ReportLines, segment
from .thai.repairs import INFERRED_REPAIRS
from .warnings import ReportWarning, warning


def parse_file(path: str | Path, options: ParseOptions | None = None, **settings: Any) -> Document:
    """Parse a report export (PDF or ``.txt``) into the JSON document of SPEC.md.

    ``options`` (a ``ParseOptions``) or ``settings`` (its fields by name: ``backend="pdfium"``,
    ``password=…``, ``max_pages=…``) say how it is read."""
    return parse_extraction(extract(path, options, **settings))


def parse_text(text: str, *, path: str = "<text>") -> Document:
    """Parse the text layer of an export given as a string."""
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return parse_extraction(extract_text(text, path=path, sha256=sha))


def parse_extraction(extraction: Extraction) -> Document:
    """Parse pages already extracted."""
    normalized = normalize(extraction)
    inferred = inferred_repairs(extraction)
    unreadable = unreadable_pages(extraction)
    reports = [
        build_report(r, inferred, unreadable) for r in segment(normalized.lines, extraction.path)
    ]
    repairs = dict(sorted({**extraction.repairs, **normalized.repairs}.items()))
    source = Source(
        path=readable_path(extraction.path),
        sha256=extraction.sha256,
        page_count=extraction.page_count,
        backend=extraction.backend,
        repairs=repairs,
        damage=extraction.damage,
    )
    return Document(source=source, reports=reports)


def inferred_repairs(extraction: Extraction) -> dict[int, dict[str, int]]:
    """Per page, the repairs made from the page's statistics (a font's systematic damage)."""
    names = {name for name, _ in INFERRED_REPAIRS}
    return {
        page.number: {k: v for k, v in page.repairs.items() if k in names}
        for page in extraction.pages
        if names & set(page.repairs)
    }


def unreadable_pages(extraction: Extraction) -> frozenset[int]:
    """The pages no backend could read (``extract.pdf``): their text is missing."""
    return frozenset(p.number for p in extraction.pages if p.damage.get(UNREADABLE_PAGE))


def pages_claimed(pages: tuple[int, int], unreadable: frozenset[int]) -> list[int]:
    """The unreadable pages a report may have lost text to: inside its pages, or next to them.

    >>> pages_claimed((2, 4), frozenset({1, 3, 6, 8, 9}))
    [1, 3]
    >>> pages_claimed((2, 7), frozenset({1, 3, 8, 9}))
    [1, 3, 8, 9]
    """
    first, last = pages
    while first - 1 in unreadable:
        first -= 1
    while last + 1 in unreadable:
        last += 1
    return sorted(p for p in unreadable if first <= p <= last)


def page_warnings(
    pages: tuple[int, int],
    inferred: dict[int, dict[str, int]],
    unreadable: frozenset[int],
) -> list[ReportWarning]:
    """The warnings about the text layer of a report's pages: repairs inferred from a page's
    statistics, and pages no backend could read."""
    first, last = pages
    out = [
        warning(name, "", page=page, n=n)
        for page, repairs in sorted(inferred.items())
        if first <= page <= last
        for name, n in repairs.items()
    ]
    out += [warning("page_unreadable", "", page=page) for page in pages_claimed(pages, unreadable)]
    return out


def field_pages(origins: tuple[Origin, ...]) -> dict[str, list[int]]:
    """First and last page of every value read, keyed by its diff path, in reading order."""
    return {origin.path: list(origin.pages) for origin in origins}


def build_report(
    lines: ReportLines,
    inferred: dict[int, dict[str, int]] | None = None,
    unreadable: frozenset[int] = frozenset(),
) -> Report:
    """Turn one report's sections into a checked ``Report``."""
    fields = parse_fields(lines)
    section2 = lines.sections.get("2")
    progress = parse_progress(section2.lines if section2 else ())
    missing = [] if progress.rounds else [warning("no_rounds", "progress")]
    report = Report(
        project=fields.project,
        agency=fields.agency,
        rationale=fields.rationale,
        objectives=list(fields.objectives),
        goal=fields.goal,
        strategy=fields.strategy,
        progress=list(progress.rounds),
        pages=list(lines.pages),
        field_pages=field_pages(fields.origins + progress.origins),
    )
    warnings = [
        *fields.warnings,
        *progress.warnings,
        *missing,
        *page_warnings(lines.pages, inferred or {}, unreadable),
        *check_report(report),
    ]
    return report.model_copy(update={"warnings": warnings})
