"""The optional C twins of reportparse's hot loops (``_speedups.c``), or None.

Contract: ``C`` is the compiled module when it was built at install time (setup.py builds it
where a C compiler is found; the install succeeds without one), else None; loading it configures
nothing. ``accelerator()`` is the module ready for use — its character tables received from
``thai.chars`` on the first call — or None. Every caller keeps the Python function it replaces:
the output is the same either way, only faster with C (tests/test_speedups.py holds the two to
equal results). ``REPORTPARSE_PURE_PYTHON=1`` in the environment turns the C path off, to
compare or to rule it out.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any


def _load() -> Any:
    if os.environ.get("REPORTPARSE_PURE_PYTHON"):
        return None
    try:
        from . import _speedups  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _speedups


#: the compiled module, or None where the Python path runs
C: Any = _load()


@cache
def accelerator() -> Any:
    """The C module with the character classes of ``thai.chars`` configured, or None."""
    if C is None:
        return None
    from .thai.chars import Th, c_tables

    C.configure_tables(*c_tables(), {flag.name: int(flag) for flag in Th})
    return C
