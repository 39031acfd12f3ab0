"""Options: how a file is read, as one frozen value passed from the caller to every stage.

Contract: ``ParseOptions`` holds every setting of a parse (the text backend, the password, the
limits); ``parse_file(path, options)`` and ``batch`` take one, the CLI builds one from its
flags, and the stages read the fields they need. ``options(**settings)`` is the convenient
call: a ``ParseOptions`` with those fields changed (unknown names raise ``TypeError``).

>>> ParseOptions().backend, ParseOptions(backend="pdfium").backend
(<Backend.AUTO: 'auto'>, <Backend.PDFIUM: 'pdfium'>)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import Any


class Backend(str, Enum):
    """Where the text of a PDF comes from (``extract.backends`` says how each one works)."""

    AUTO = "auto"
    PDFIUM = "pdfium"
    PDFPLUMBER = "pdfplumber"
    MUPDF = "mupdf"


MIB = 1024 * 1024
#: inputs above this size are refused before reading (a report export is a few MB at most;
#: a text export costs about nine times its size in memory)
MAX_BYTES = 200 * MIB


@dataclass(frozen=True)
class ParseOptions:
    """Every setting of one parse."""

    #: the text source for PDFs (``auto`` picks per page)
    backend: Backend = Backend.AUTO
    #: the password of an encrypted PDF
    password: str | None = None
    #: refuse files with more pages than this
    max_pages: int | None = None
    #: refuse files larger than this many bytes (they are read whole into memory)
    max_bytes: int = MAX_BYTES

    def __post_init__(self) -> None:
        # a plain string is accepted and checked: Backend("x") names the choices
        object.__setattr__(self, "backend", Backend(self.backend))


def options(base: ParseOptions | None = None, **settings: Any) -> ParseOptions:
    """``base`` (or the defaults) with ``settings`` changed."""
    return replace(base or ParseOptions(), **settings)
