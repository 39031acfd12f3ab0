"""Batch: many files → one ``parse`` document each, a manifest, and tables, surviving anything.

Contract: ``core`` holds the functions people call — ``parse_one`` (one file in this process,
a bad file an error result), ``iter_results`` (files in supervised worker processes) and
``run_batch`` (what ``reportparse batch`` runs: outputs, manifest, resume, tables); ``pool``
the worker processes a hung or crashing file cannot take down, ``manifest`` the append-only
log a rerun resumes from, ``ticker`` the progress a person sees, ``worker`` what the
forkserver preloads. The tables for analysts are ``reportparse.output``.
"""

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
