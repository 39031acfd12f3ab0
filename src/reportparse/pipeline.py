"""The orchestrator: a file → the ``Document`` of SPEC.md, as a flat sequence of stage calls.

    extract → normalize → segment → fields + progress → checks → models

``parse_file`` reads a PDF or text export; ``parse_text`` parses text already in memory (a text
layer copied from elsewhere); ``parse_extraction`` starts from an ``Extraction`` (for callers
that extracted with their own settings).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .checks import check_report
from .extract import MAX_BYTES, UNREADABLE_PAGE, Extraction, extract
from .extract.text import extract_text
from .fields import parse_fields
from .models import (
    Agency,
    Document,
    Project,
    Report,
    ReportWarning,
    Source,
    Strategy,
    WarningCode,
)
from .normalize import normalize
from .progress import parse_progress
from .segment import ReportLines, segment
from .thai.repairs import INFERRED_REPAIRS


def parse_file(
    path: str | Path,
    *,
    backend: str = "auto",
    password: str | None = None,
    max_pages: int | None = None,
    max_bytes: int = MAX_BYTES,
) -> Document:
    """Parse a report export (PDF or ``.txt``) into the JSON document of SPEC.md."""
    extraction = extract(
        path, backend=backend, password=password, max_pages=max_pages, max_bytes=max_bytes
    )
    return parse_extraction(extraction)


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
        path=extraction.path,
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


INFERRED_MESSAGES = {
    "unmapped_glyph": "the font gives no Unicode value for a glyph on this page: {n} read as "
    "the one character that makes its contexts dictionary words",
    "lost_nikhahit": "the font lost the nikhahit of every SARA AM on this page: {n} restored "
    "from 'consonant, gap, SARA AA'",
    "sara_aa_as_sara_am": "the font maps SARA AA to SARA AM on this page: {n} SARA AM read as "
    "SARA AA where the dictionary reads them so",
}


def build_report(
    lines: ReportLines,
    inferred: dict[int, dict[str, int]] | None = None,
    unreadable: frozenset[int] = frozenset(),
) -> Report:
    """Turn one report's sections into a checked ``Report``."""
    fields = parse_fields(lines)
    section2 = lines.sections.get("2")
    progress = parse_progress(section2.lines if section2 else ())
    field_pages = dict(fields.field_pages)
    for parsed in progress.rounds:
        field_pages[f"progress[round={parsed.round.round}]"] = parsed.pages
    report = Report(
        project=Project(**fields.project) if fields.project else Project(),
        agency=Agency(**fields.agency) if fields.agency else Agency(),
        rationale=fields.rationale,
        objectives=fields.objectives,
        goal=fields.goal,
        strategy=Strategy(**fields.strategy) if fields.strategy else Strategy(),
        progress=[p.round for p in progress.rounds],
        pages=list(lines.pages),
        field_pages=field_pages,
    )
    warnings = fields.warnings + progress.warnings
    if not progress.rounds:
        warnings.append(
            ReportWarning(
                code=WarningCode.MISSING_SECTION,
                path="progress",
                message="section 2 not found or without rounds",
            )
        )
    first, last = lines.pages
    for page, repairs in sorted((inferred or {}).items()):
        if first <= page <= last:
            warnings += [
                ReportWarning(
                    code=WarningCode.TEXT_INFERRED,
                    path="",
                    message=INFERRED_MESSAGES[name].format(n=n),
                    page=page,
                )
                for name, n in repairs.items()
            ]
    warnings += [
        ReportWarning(
            code=WarningCode.TEXT_DAMAGED,
            path="",
            message=f"page {page} cannot be read (the PDF is damaged): its text is missing",
            page=page,
        )
        for page in pages_claimed(lines.pages, unreadable)
    ]
    return report.model_copy(update={"warnings": warnings + check_report(report)})
