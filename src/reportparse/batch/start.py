"""How batch workers start warm: what the forkserver loads, started ahead of the pool.

Contract: ``PRELOAD`` names the modules the forkserver imports once (``worker``: the parser,
PDFium and the Thai dictionary), so that every worker forked from it starts warm.
``prestart()`` starts that forkserver now (``pool.prestart``), to load while the caller
imports the rest of the batch and walks its inputs; ``reportparse batch`` calls it first.
This module imports nothing heavy.
"""

from __future__ import annotations

from .pool import prestart as _prestart

PRELOAD = ("reportparse.batch.worker",)


def prestart() -> None:
    """Start the forkserver of the batch workers, loading ``PRELOAD``, without waiting."""
    _prestart(PRELOAD)
