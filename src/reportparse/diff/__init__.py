"""Compare two versions of a report: every content change, nothing that only the layout changed.

Contract (SPEC.md, "Comparing two versions"): ``diff_files(old, new)`` loads both sides,
pairs their reports and returns a ``DiffResult`` of ``Change`` records (``compare``); the
renderers write it for a machine (``render_json``), a terminal (``render_text``, ``text``) or
an auditor's browser (``render_html``, ``html``). ``words`` is the Thai word-level diff the
text fields' changes carry.

    load_reports (each side) → pair_reports → diff_reports (each pair) → [Change] → render
"""

from .compare import (
    Change,
    ChangeKind,
    DiffError,
    DiffResult,
    LoadedReport,
    ReportDiff,
    diff_files,
    diff_reports,
    load_reports,
    pages_of,
    pair_reports,
    render_json,
    same,
)
from .html import render_html
from .text import render_text

__all__ = [
    "Change",
    "ChangeKind",
    "DiffError",
    "DiffResult",
    "LoadedReport",
    "ReportDiff",
    "diff_files",
    "diff_reports",
    "load_reports",
    "pages_of",
    "pair_reports",
    "render_html",
    "render_json",
    "render_text",
    "same",
]
