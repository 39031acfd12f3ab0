"""Compare two versions of a report: every content change, nothing that only the layout changed.

Contract (SPEC.md, "Comparing two versions"): ``diff_files(old, new)`` loads both sides,
pairs their reports and returns a ``DiffResult`` of ``Change`` records (``compare``); the
renderers write it for a machine (``render_json``), a terminal (``render_text``, ``text``) or
an auditor's browser (``render_html``, ``html``). ``words`` is the Thai word-level diff the
text fields' changes carry.

    load_reports (each side) → pair_reports → diff_reports (each pair) → [Change] → render

The renderers load on first use: ``render_html`` brings the page images (PDFium) and
``render_text`` rich, which a diff written as JSON or HTML does not need (issue 17).
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names
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

if TYPE_CHECKING:  # mypy reads these; at run time ``__getattr__`` imports them on first use
    from .html import render_html
    from .text import render_text

#: name → the module that defines it, imported when the name is first asked for
_LAZY = {"render_html": ".html", "render_text": ".text"}

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

if not TYPE_CHECKING:  # mypy reads the imports above
    __getattr__ = lazy_names(__name__, _LAZY, globals())
