"""A report missing a section still yields every other section unchanged (issue 6, acceptance 3).

Each section of the seed's second version (1.1–1.6 and 2) is deleted in turn, heading and
content. "Unchanged" means:

- content: every other field group (``project``, ``agency``, ``rationale``, ``objectives``,
  ``goal``, ``strategy``, ``progress``) equals the unmutated parse, and the deleted one is
  empty with a ``missing_section`` warning for it;
- pages: when the page headers inside the section stay (a section missing from an export
  leaves the page furniture), every other field keeps its ``field_pages`` entry exactly; the
  report's ``pages`` may shrink only at its ends. When the page breaks go too (the fuzz
  mutation ``delete_section``, which deletes every line), the fields after the section move
  up by the page breaks deleted and nothing else changes;
- warnings: the checks that compare the deleted section with another one (disbursements with
  ``budget_used``, round dates with the project period) come and go with it; they are not
  compared.

The same holds in the whole seed, where the other version's report must not change at all,
and in the seed's four PDFs, with the section's lines deleted from the extracted pages.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fuzz.mutations import SECTION_KEYS, Edit, apply_edits, section_spans

from reportparse import parse_text
from reportparse.extract import Extraction, extract
from reportparse.form import PAGE_HEADER
from reportparse.models import Report, WarningCode
from reportparse.pipeline import parse_extraction
from reportparse.segment import heading_of

from .conftest import FIXTURES

SEED_V2 = (FIXTURES / "reports" / "seed_v2.txt").read_text(encoding="utf-8")
SEED = (FIXTURES / "text" / "seed_both_versions.txt").read_text(encoding="utf-8")
#: the field group each section fills, and how its ``field_pages`` keys start
GROUPS = {
    "1.1": ("project", "project."),
    "1.2": ("agency", "agency."),
    "1.3": ("rationale", "rationale"),
    "1.4": ("objectives", "objectives["),
    "1.5": ("goal", "goal"),
    "1.6": ("strategy", "strategy."),
    "2": ("progress", "progress["),
}
CONTENT = [group for group, _ in GROUPS.values()]


def delete_keeping_page_headers(text: str, key: str, occurrence: int = 0) -> str:
    """Delete a section's lines, except the page headers among them."""
    lines = text.split("\n")
    _, lo, hi = [s for s in section_spans(lines) if s[0] == key][occurrence]
    kept = [line for line in lines[lo:hi] if PAGE_HEADER.match(line.strip())]
    return "\n".join(lines[:lo] + kept + lines[hi:])


def delete_every_line(text: str, key: str, occurrence: int = 0) -> str:
    """The fuzz mutation: the section's lines, page breaks and all."""
    return apply_edits(text, [Edit("delete_section", a=SECTION_KEYS.index(key), b=occurrence)])


def content(report: Report, group: str) -> Any:
    return getattr(report, group)


def assert_others_unchanged(before: Report, after: Report, key: str) -> None:
    group, _ = GROUPS[key]
    for other in CONTENT:
        if other != group:
            assert content(after, other) == content(before, other), other
    empty = Report.model_fields[group].get_default(call_default_factory=True)
    assert content(after, group) == empty  # null, [], or a group of nulls
    missing = [w.path for w in after.warnings if w.code == WarningCode.MISSING_SECTION]
    assert group in missing


def kept_pages(report: Report, key: str) -> dict[str, list[int]]:
    _, prefix = GROUPS[key]
    return {k: v for k, v in report.field_pages.items() if not k.startswith(prefix)}


@pytest.mark.parametrize("key", list(GROUPS))
def test_a_deleted_section_leaves_the_others_and_their_pages(key: str) -> None:
    (before,) = parse_text(SEED_V2).reports
    (after,) = parse_text(delete_keeping_page_headers(SEED_V2, key)).reports
    assert_others_unchanged(before, after, key)
    assert after.field_pages == kept_pages(before, key)
    assert before.pages[0] <= after.pages[0] <= after.pages[1] <= before.pages[1]


@pytest.mark.parametrize("key", list(GROUPS))
def test_the_fuzz_mutation_deleting_a_section_moves_only_pages(key: str) -> None:
    before_doc = parse_text(SEED_V2)
    after_doc = parse_text(delete_every_line(SEED_V2, key))
    (before,), (after,) = before_doc.reports, after_doc.reports
    assert_others_unchanged(before, after, key)
    shift = before_doc.source.page_count - after_doc.source.page_count
    expected = kept_pages(before, key)
    assert set(after.field_pages) == set(expected)
    for name, pages in after.field_pages.items():
        assert pages in (expected[name], [p - shift for p in expected[name]]), name


@pytest.mark.parametrize("version", [0, 1], ids=["first-version", "second-version"])
@pytest.mark.parametrize("key", list(GROUPS))
def test_in_the_whole_seed_the_other_version_does_not_change(key: str, version: int) -> None:
    # (without sources: the other version's lines are numbered further down the file)
    before = parse_text(SEED, sources=False).reports
    after = parse_text(delete_keeping_page_headers(SEED, key, version), sources=False).reports
    assert len(after) == 2
    assert_others_unchanged(before[version], after[version], key)
    assert after[1 - version] == before[1 - version]


@cache
def extracted(path: Path) -> Extraction:
    return extract(path)


def delete_from_pages(extraction: Extraction, key: str) -> Extraction:
    """Delete a section's lines from the extracted pages, which stay as they were."""
    pages, deleting, done = [], False, False
    for page in extraction.pages:
        lines = []
        for line in page.lines:
            heading = heading_of(" ".join(line.text.split()))
            if heading is not None:
                done = done or deleting
                deleting = heading == key and not done
            if not deleting:
                lines.append(line)
        pages.append(replace(page, lines=tuple(lines)))
    return replace(extraction, pages=tuple(pages))


@pytest.mark.parametrize("key", list(GROUPS))
@pytest.mark.parametrize(
    "pdf", sorted((FIXTURES / "pdf").glob("seed_v2.*.pdf")), ids=lambda p: p.stem.split(".")[1]
)
def test_in_the_seed_pdfs_a_deleted_section_leaves_the_others(pdf: Path, key: str) -> None:
    (before,) = parse_extraction(extracted(pdf)).reports
    (after,) = parse_extraction(delete_from_pages(extracted(pdf), key)).reports
    assert_others_unchanged(before, after, key)
    assert after.field_pages == kept_pages(before, key)
