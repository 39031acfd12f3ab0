"""The registry of PDF text backends: each says whether it is installed and how to open it.

Contract: ``BACKENDS`` maps every ``Backend`` but ``auto`` to a ``BackendSpec``: its name,
``is_available()`` (no import of an optional library, only a look for it), what to install
when it is missing, whether ``auto`` may fall back on it for a page PDFium leaves damaged, and
``open(source)`` → a ``PageReader`` for one document. A reader's ``read(index, loaded)`` gives
the lines of one page (``loaded``: the PDFium page and text page already loaded, for readers
that can use them);
``close()`` releases it. ``open_reader`` raises ``BackendUnavailableError`` with the install
hint for a backend that is not installed. A new backend is one entry here (invoice2data's input
modules are the model); its module is imported on first use only.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol, runtime_checkable

from ..errors import BackendUnavailableError
from ..options import Backend
from .records import TextLine


@dataclass(frozen=True)
class PdfSource:
    """One PDF being read: its path (for messages), its bytes, its password and the PDFium
    document every backend's page numbers refer to."""

    path: str | Path
    data: bytes
    password: str | None
    doc: Any


class LoadedPage(NamedTuple):
    """A page PDFium has loaded, and its text page (made from that very page object)."""

    page: Any
    textpage: Any


class PageReader(Protocol):
    """Reads the pages of one document."""

    def read(self, index: int, loaded: LoadedPage) -> tuple[TextLine, ...]: ...

    def close(self) -> None: ...


@runtime_checkable
class ReplacementJudge(Protocol):
    """A reader that can tell, without reading a page, whether it would read each U+FFFD the
    page's fonts ``programs`` draw back as U+FFFD (the outline reader)."""

    def reads_replacement_back(self, index: int, programs: Collection[bytes]) -> bool: ...


@dataclass(frozen=True)
class BackendSpec:
    """One text backend of the registry."""

    backend: Backend
    is_available: Callable[[], bool]
    open: Callable[[PdfSource], PageReader]
    #: what to install when it is missing (empty: it always is)
    install: str = ""
    #: ``auto`` may read a page with it when PDFium leaves the page damaged
    fallback: bool = False


def _installed(module: str) -> Callable[[], bool]:
    def available() -> bool:
        if module in sys.modules:
            return sys.modules[module] is not None  # None: its import is blocked
        return importlib.util.find_spec(module) is not None

    return available


def _always() -> bool:
    return True


def _open_pdfium(source: PdfSource) -> PageReader:
    from .pdfium import PdfiumReader

    return PdfiumReader(source.doc)


def _open_plumber(source: PdfSource) -> PageReader:
    from .plumber import PlumberReader

    return PlumberReader(source.data, source.password)


def _open_outlines(source: PdfSource) -> PageReader:
    from .recover import OutlineReader

    return OutlineReader(source.data, source.password)


def _open_mupdf(source: PdfSource) -> PageReader:
    from .mupdf import MupdfReader

    return MupdfReader(source.data, source.password)


#: every backend but ``auto``, in the order ``auto`` falls back on them
BACKENDS: dict[Backend, BackendSpec] = {
    Backend.PDFIUM: BackendSpec(Backend.PDFIUM, _always, _open_pdfium),
    Backend.PDFPLUMBER: BackendSpec(
        Backend.PDFPLUMBER, _installed("pdfplumber"), _open_plumber, "pdfplumber", fallback=True
    ),
    Backend.MUPDF: BackendSpec(
        Backend.MUPDF,
        _installed("pymupdf"),
        _open_mupdf,
        "PyMuPDF: pip install 'reportparse[mupdf]'",
        fallback=True,
    ),
    Backend.OUTLINES: BackendSpec(
        Backend.OUTLINES,
        _installed("fontTools"),
        _open_outlines,
        "fontTools: pip install fonttools",
    ),
}


def fallbacks() -> tuple[Backend, ...]:
    """The backends ``auto`` may fall back on, installed or not, in order."""
    return tuple(name for name, spec in BACKENDS.items() if spec.fallback)


def open_reader(backend: Backend, source: PdfSource) -> PageReader:
    """A reader of ``source`` by ``backend``; ``BackendUnavailableError`` when not installed."""
    spec = BACKENDS[backend]
    if not spec.is_available():
        raise BackendUnavailableError(
            source.path, f"the {backend.value} backend needs {spec.install}"
        )
    return spec.open(source)
