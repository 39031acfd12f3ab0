"""Batch: many files → one ``parse`` document each, a manifest, and tables, surviving anything.

Contract: ``core`` holds the functions people call — ``parse_one`` (one file in this process,
a bad file an error result), ``iter_results`` (files in supervised worker processes) and
``run_batch`` (what ``reportparse batch`` runs: outputs, manifest, resume, tables); ``pool``
the worker processes a hung or crashing file cannot take down, ``manifest`` the append-only
log a rerun resumes from, ``ticker`` the progress a person sees, ``worker`` what the
forkserver preloads. The tables for analysts are ``reportparse.output``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from .core import (
        CRASH_ENV,
        HANG_ENV,
        BatchProgress,
        FileResult,
        Summary,
        discover,
        iter_results,
        parse_one,
        run_batch,
        warm_up,
        write_json,
    )
    from .manifest import MANIFEST, Status
    from .pool import UnguardedMainError

#: public name → the module that defines it: loaded on first use, so that ``batch.start`` (the
#: forkserver started ahead) is imported without the parser
_LAZY = {
    **dict.fromkeys(
        (
            "CRASH_ENV",
            "HANG_ENV",
            "BatchProgress",
            "FileResult",
            "Summary",
            "discover",
            "iter_results",
            "parse_one",
            "run_batch",
            "warm_up",
            "write_json",
        ),
        ".core",
    ),
    "MANIFEST": ".manifest",
    "Status": ".manifest",
    "UnguardedMainError": ".pool",
}

__all__ = [
    "CRASH_ENV",
    "HANG_ENV",
    "MANIFEST",
    "BatchProgress",
    "FileResult",
    "Status",
    "Summary",
    "UnguardedMainError",
    "discover",
    "iter_results",
    "parse_one",
    "run_batch",
    "warm_up",
    "write_json",
]

if not TYPE_CHECKING:  # mypy reads the imports above
    __getattr__ = lazy_names(__name__, _LAZY, globals())
