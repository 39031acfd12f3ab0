"""The orchestrator: a file → the ``Document`` of SPEC.md, as a flat sequence of stage calls.

    extract → normalize → segment → fields + progress → checks → models

``parse_file`` reads a PDF or text export; ``parse_text`` parses text already in memory (a text
layer copied from elsewhere); ``parse_extraction`` starts from an ``Extraction`` (for callers
that extracted with their own settings). Each report gets ``sources``, every value's origin
(``ParseOptions.sources`` false: none, and no warning spans, the document as before them).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .checks import check_report
from .errors import NotAReportError, TextUnusableError, readable_path
from .extract import (
    MISDRAWN_MARK,
    UNREADABLE_PAGE,
    Extraction,
    PageText,
    extract,
    extract_bytes,
)
from .extract.records import DECODED
from .extract.text import extract_text
from .fields import parse_fields
from .models import Document, FieldSource, PageRead, PageSource, Report, Source, Span
from .normalize import Origin, normalize
from .ocr import ENGINES
from .options import Backend, ParseOptions
from .options import options as parse_options
from .progress import parse_progress
from .segment import ReportLines, segment
from .thai.quality import USABLE
from .thai.repairs import INFERRED_REPAIRS
from .warnings import ReportWarning, WarningCode, warning


def parse_file(path: str | Path, options: ParseOptions | None = None, **settings: Any) -> Document:
    """Parse a report export (PDF or ``.txt``) into the JSON document of SPEC.md.

    ``options`` (a ``ParseOptions``) or ``settings`` (its fields by name: ``backend="pdfium"``,
    ``password=…``, ``max_pages=…``, ``sources=False``) say how it is read."""
    opts = parse_options(options, **settings)
    return parse_extraction(extract(path, opts), sources=opts.sources)


def parse_bytes(
    data: bytes, path: str = "<stdin>", options: ParseOptions | None = None, **settings: Any
) -> Document:
    """``parse_file`` of a file's bytes already in memory (``reportparse parse -`` reads
    standard input); ``path`` names it in ``source.path`` and in messages."""
    opts = parse_options(options, **settings)
    return parse_extraction(extract_bytes(data, path, opts), sources=opts.sources)


def parse_text(text: str, *, path: str = "<text>", sources: bool = True) -> Document:
    """Parse the text layer of an export given as a string."""
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return parse_extraction(extract_text(text, path=path, sha256=sha), sources=sources)


def parse_extraction(extraction: Extraction, *, sources: bool = True) -> Document:
    """Parse pages already extracted (``sources``: with each value's origin)."""
    layer = text_layer(extraction)
    normalized = normalize(extraction)
    try:
        sections = segment(normalized.lines, extraction.path)
    except NotAReportError:
        if layer.unusable:  # what cannot be read may well have been a report
            raise unusable_error(extraction, layer) from None
        raise
    if layer.unusable and len(layer.unusable) == layer.judged:
        raise unusable_error(extraction, layer)
    reports = [build_report(r, layer, sources=sources) for r in sections]
    repairs = dict(sorted({**extraction.repairs, **normalized.repairs}.items()))
    source = Source(
        path=readable_path(extraction.path),
        sha256=extraction.sha256,
        page_count=extraction.page_count,
        backend=extraction.backend,
        repairs=repairs,
        damage=extraction.damage,
        pages=[page_source(page) for page in extraction.pages],
    )
    return Document(source=source, reports=reports)


@dataclass(frozen=True)
class TextLayer:
    """What the extraction says of its pages' text, beside the text itself."""

    #: page → the repairs made from its statistics (a font's systematic damage)
    inferred: Mapping[int, Mapping[str, int]] = field(default_factory=dict)
    #: the pages no backend could read (``extract.pdf``): their text is missing
    unreadable: frozenset[int] = frozenset()
    #: page → quality, for the pages whose text does not read as text
    unusable: Mapping[int, float] = field(default_factory=dict)
    #: page → how many of its marks are drawn on the other side of their letter than their
    #: characters stand (``extract.MISDRAWN_MARK``: a wrong font map no reading mended)
    misdrawn: Mapping[int, int] = field(default_factory=dict)
    #: how many pages were judged (had text enough)
    judged: int = 0
    #: streams of the file whose data is broken: text may be missing on any page
    damaged_streams: int = 0
    #: the file's structure was rebuilt (its cross-reference table was not valid)
    rebuilt: bool = False
    #: the pages read by OCR
    ocr_pages: frozenset[int] = frozenset()
    #: (page, line number) → the OCR confidence of the line's least sure word
    confidence: Mapping[tuple[int, int], float] = field(default_factory=dict)


def text_layer(extraction: Extraction) -> TextLayer:
    names = {name for name, _ in INFERRED_REPAIRS}
    return TextLayer(
        inferred={
            page.number: {k: v for k, v in page.repairs.items() if k in names}
            for page in extraction.pages
            if names & set(page.repairs)
        },
        unreadable=frozenset(p.number for p in extraction.pages if p.damage.get(UNREADABLE_PAGE)),
        unusable={
            p.number: p.quality for p in extraction.pages if p.quality is not None and not p.usable
        },
        misdrawn={
            p.number: p.damage[MISDRAWN_MARK]
            for p in extraction.pages
            if p.damage.get(MISDRAWN_MARK)
        },
        judged=sum(1 for p in extraction.pages if p.quality is not None),
        damaged_streams=extraction.damaged_streams,
        rebuilt=extraction.rebuilt,
        ocr_pages=frozenset(p.number for p in extraction.pages if p.backend in OCR_ENGINES),
        confidence={
            (page.number, number): line.confidence
            for page in extraction.pages
            for number, line in enumerate(page.lines, start=1)
            if line.confidence is not None
        },
    )


def unusable_error(extraction: Extraction, layer: TextLayer) -> TextUnusableError:
    pages = sorted(layer.unusable)
    shown = ", ".join(map(str, pages[:8])) + (", …" if len(pages) > 8 else "")
    detail = f"page{'s' if len(pages) > 1 else ''} {shown} read below {USABLE:.0%} as text"
    return TextUnusableError(extraction.path, detail)


def page_source(page: PageText) -> PageSource:
    """How a page was read, for ``source.pages``: an OCR layer this reading replaced shows in
    its method (``tesseract/ocr_layer``)."""
    method = page.backend
    if page.backend in OCR_ENGINES:
        read = PageRead.OCR
        method += "/ocr_layer" if page.ocr_layer else ""
    elif page.ocr_layer:
        read = PageRead.OCR_LAYER
    elif page.backend in RECOVERED:
        read = PageRead.RECOVERED
    else:
        read = PageRead.TEXT_LAYER
    return PageSource(page=page.number, read=read, method=method, quality=page.quality)


#: the backends whose text is not the PDF's map but recovered from the glyphs
RECOVERED = frozenset({Backend.OUTLINES.value, DECODED})
#: the OCR engines (``ocr.ENGINES``): a page read by one was read from its image
OCR_ENGINES = frozenset(ENGINES)
#: a value read by OCR from a line whose least sure word is below this confidence (0–100) is
#: warned (``ocr_low_confidence``); a Thai digit the templates cannot tell counts as 0
OCR_CONFIDENT = 50.0
#: the checks whose failure on a value read by OCR points to a misread
OCR_CHECKS = frozenset(
    {
        WarningCode.PROGRESS_DECREASED,
        WarningCode.DISBURSED_SUM_MISMATCH,
        WarningCode.BUDGET_USED_EXCEEDS_RECEIVED,
        WarningCode.ROUND_DATE_ORDER,
        WarningCode.DATE_OUTSIDE_PROJECT,
        WarningCode.PROJECT_PERIOD_INVALID,
        WarningCode.PERCENT_OUT_OF_RANGE,
        WarningCode.ROUND_LABEL_MISMATCH,
        WarningCode.ROUND_OUT_OF_ORDER,
        WarningCode.ROUND_REPEATED,
        WarningCode.INVALID_VALUE,
    }
)


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


def page_warnings(pages: tuple[int, int], layer: TextLayer) -> list[ReportWarning]:
    """The warnings about the text layer of a report's pages: repairs inferred from a page's
    statistics, pages no backend could read, pages whose text does not read as text."""
    first, last = pages
    out = [
        warning(name, "", page=page, n=n, spans=_page_span(page))
        for page, repairs in sorted(layer.inferred.items())
        if first <= page <= last
        for name, n in repairs.items()
    ]
    out += [
        warning("page_unreadable", "", page=page, spans=_page_span(page))
        for page in pages_claimed(pages, layer.unreadable)
    ]
    out += [
        warning("page_unusable", "", page=page, quality=quality, spans=_page_span(page))
        for page, quality in sorted(layer.unusable.items())
        if first <= page <= last
    ]
    out += [
        warning("marks_misdrawn", "", page=page, n=n, spans=_page_span(page))
        for page, n in sorted(layer.misdrawn.items())
        if first <= page <= last
    ]
    if layer.damaged_streams:
        out.append(warning("streams_damaged", "", n=layer.damaged_streams))
    if layer.rebuilt:
        out.append(warning("structure_rebuilt", ""))
    return out


def unusable_fields(origins: tuple[Origin, ...], layer: TextLayer) -> list[ReportWarning]:
    """A ``text_unusable`` warning on every value read from a page whose text is unusable."""
    out = []
    for origin in origins:
        bad = sorted({line.page for line in origin.lines} & set(layer.unusable))
        if bad:
            page, text, spans = bad[0], origin.text, origin.spans
            out.append(warning("field_unusable", origin.path, page=page, text=text, spans=spans))
    return out


def _page_span(page: int) -> list[Span]:
    """The span of a warning about a whole page."""
    return [Span(page=page)]


def ocr_fields(origins: tuple[Origin, ...], layer: TextLayer) -> list[ReportWarning]:
    """An ``ocr_low_confidence`` warning on every value read by OCR from a line below
    ``OCR_CONFIDENT``."""
    out: list[ReportWarning] = []
    if not layer.confidence:
        return out
    for origin in origins:
        scores = [
            (layer.confidence[key], key[0])
            for key in ((line.page, line.number) for line in origin.lines)
            if key in layer.confidence
        ]
        if scores:
            confidence, page = min(scores)
            if confidence < OCR_CONFIDENT:
                out.append(
                    warning(
                        "ocr_low_confidence",
                        origin.path,
                        page=page,
                        text=origin.text,
                        spans=origin.spans,
                        confidence=confidence,
                        threshold=OCR_CONFIDENT,
                    )
                )
    return out


def ocr_checks(checks: list[ReportWarning], layer: TextLayer) -> list[ReportWarning]:
    """An ``ocr_low_confidence`` warning beside every failed check on a value read by OCR."""
    return [
        warning(
            "ocr_check_failed", w.path, page=w.page, text=w.text, spans=w.spans, check=w.code.value
        )
        for w in checks
        if w.code in OCR_CHECKS and w.page is not None and w.page in layer.ocr_pages
    ]


#: a list item's path: a cut item may have lost the items after it, so the list is warned
LIST_ITEM = re.compile(r"^(objectives|agency\.units)\[\d+\]$")


def page_edges(lines: ReportLines) -> dict[int, tuple[int, int]]:
    """Page → (first, last) line number of the report's text on it (headings included)."""
    edges: dict[int, tuple[int, int]] = {}
    for section in lines.sections.values():
        for line in (section.heading, *section.lines):
            if line is not None:
                first, last = edges.get(line.page, (line.number, line.number))
                edges[line.page] = (min(first, line.number), max(last, line.number))
    return edges


def cut_fields(
    origins: tuple[Origin, ...], lines: ReportLines, layer: TextLayer
) -> list[ReportWarning]:
    """A ``text_damaged`` warning on every value read up to the edge of a page whose
    neighbour cannot be read: its continuation (or its start) may have been on that page."""
    if not layer.unreadable:
        return []
    edges = page_edges(lines)
    out: dict[str, ReportWarning] = {}
    for origin in origins:
        if not origin.lines:
            continue
        first, last = origin.lines[0], origin.lines[-1]
        ends = last.page + 1 in layer.unreadable and last.number >= edges.get(last.page, (0, 0))[1]
        starts = (
            first.page - 1 in layer.unreadable
            and first.number <= edges.get(first.page, (first.number, 0))[0]
        )
        if ends or starts:
            page, lost = (last.page, last.page + 1) if ends else (first.page, first.page - 1)
            m = LIST_ITEM.match(origin.path)
            path = m[1] if m and ends else origin.path
            out.setdefault(path, warning("field_cut", path, page=page, text=origin.text, lost=lost))
    return list(out.values())


def field_pages(origins: tuple[Origin, ...]) -> dict[str, list[int]]:
    """First and last page of every value read, keyed by its diff path, in reading order."""
    return {origin.path: list(origin.pages) for origin in origins}


def field_sources(origins: tuple[Origin, ...], parts: tuple[Origin, ...]) -> dict[str, FieldSource]:
    """Every value's raw text and spans, keyed by its diff path, in reading order: each value
    followed by its parts (a round by its date, text, percent, …)."""
    children: dict[str, list[Origin]] = {}
    for part in parts:
        children.setdefault(paths.parent(part.path) or "", []).append(part)
    ordered = [x for origin in origins for x in (origin, *children.pop(origin.path, ()))]
    ordered += [x for rest in children.values() for x in rest]
    return {x.path: FieldSource(text=x.text, spans=list(x.spans)) for x in ordered if x.lines}


def build_report(
    lines: ReportLines, layer: TextLayer | None = None, sources: bool = True
) -> Report:
    """Turn one report's sections into a checked ``Report`` (``sources``: with each value's
    origin and the spans of its warnings)."""
    layer = layer or TextLayer()
    fields = parse_fields(lines)
    section2 = lines.sections.get("2")
    progress = parse_progress(section2.lines if section2 else ())
    missing = [] if progress.rounds else [warning("no_rounds", "progress")]
    origins = fields.origins + progress.origins
    report = Report(
        project=fields.project,
        agency=fields.agency,
        rationale=fields.rationale,
        objectives=list(fields.objectives),
        goal=fields.goal,
        strategy=fields.strategy,
        progress=list(progress.rounds),
        pages=list(lines.pages),
        field_pages=field_pages(origins),
        sources=field_sources(origins, fields.parts + progress.parts) if sources else None,
    )
    parsed = [*fields.warnings, *progress.warnings]
    checks = check_report(report)
    warnings = [
        *parsed,
        *missing,
        *page_warnings(lines.pages, layer),
        *cut_fields(origins, lines, layer),
        *unusable_fields(origins, layer),
        *checks,
        *ocr_fields(origins, layer),
        *ocr_checks(parsed + checks, layer),
    ]
    if not sources:
        warnings = [w.model_copy(update={"spans": None}) if w.spans else w for w in warnings]
    return report.model_copy(update={"warnings": warnings})
