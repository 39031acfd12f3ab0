"""reportparse: Bangkok Metropolitan Administration progress report exports → validated JSON.

>>> from reportparse import parse_file
>>> doc = parse_file("fixtures/reports/seed_v2.txt")   # doctest: +SKIP
>>> doc.reports[0].project.code                          # doctest: +SKIP
'04160000-6968'

The names below are loaded on first use (PEP 562), so ``import reportparse.cli`` (and
``reportparse --help``) does not pay for pydantic and the parser's stages until a command
needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_names
from ._version import __version__

if TYPE_CHECKING:
    from .errors import ReportParseError
    from .models import Document, Report, json_schema
    from .output.frames import read_table, to_arrow, to_pandas
    from .pipeline import parse_extraction, parse_file, parse_text

#: public name → the module that defines it
_LAZY = {
    "ReportParseError": ".errors",
    "Document": ".models",
    "Report": ".models",
    "json_schema": ".models",
    "parse_extraction": ".pipeline",
    "parse_file": ".pipeline",
    "parse_text": ".pipeline",
    "read_table": ".output.frames",
    "to_arrow": ".output.frames",
    "to_pandas": ".output.frames",
}

__all__ = [
    "Document",
    "Report",
    "ReportParseError",
    "__version__",
    "json_schema",
    "parse_extraction",
    "parse_file",
    "parse_text",
    "read_table",
    "to_arrow",
    "to_pandas",
]


if not TYPE_CHECKING:  # mypy reads the imports above; a module __getattr__ would hide typos
    __getattr__ = lazy_names(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
