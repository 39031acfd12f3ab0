"""OCR: a page's image → lines of text with word confidences, through a pluggable engine.

Contract: ``ENGINES`` maps an engine name to an ``EngineSpec``: ``is_available()`` (a look for
the library and its data, no import), the one-line install hint, and ``open(languages)`` → an
``OcrEngine``. An engine's ``read(image, dpi)`` takes a grey PIL image of a page and returns an
``OcrPage``: its lines (each word with the engine's confidence, 0–100), the turn it gave the
page to make it upright, and the skew it corrected. ``engine(name)`` opens an engine once per
process (a worker reads many files with it) and raises ``OcrUnavailableError`` with the install
hint when it is missing. ``read_page(engine, page, dpi)`` renders a PDFium page in grey and
reads it. Tesseract (``ocr.tesseract``) is the engine today; another (a GPU model, a cloud
service) is one entry in ``ENGINES``.

The text an engine returns is raw: the text-layer repairs (``thai.repairs``) and the OCR
repairs (``thai.ocr``) run on it in ``extract.pdf``, as on any text layer.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from ..errors import ReportParseError
from .records import OcrLine, OcrPage, OcrWord

__all__ = ["OcrLine", "OcrPage", "OcrWord"]

#: the resolution pages are rendered at for OCR (Tesseract reads Thai best at 300 dpi)
DPI = 300
#: Tesseract's languages: Thai first (its config keeps Thai words whole), English for the
#: Latin parts of a report (dates as 2023-09-30, TOR, codes)
LANGUAGES = "tha+eng"


class OcrEngine(Protocol):
    """Reads the text of a page's image."""

    name: str
    version: str

    def read(self, image: Any, dpi: int) -> OcrPage: ...


class OcrUnavailableError(ReportParseError):
    """OCR was asked for (or a scan needs it) and the engine or its language data is missing."""

    exit_code = 2
    code = "ocr_unavailable"

    @property
    def what(self) -> str:
        return "OCR is not available"


@dataclass(frozen=True)
class EngineSpec:
    name: str
    #: what is missing, as a one-line hint; empty when the engine can run
    missing: Callable[[str], str]
    open: Callable[[str], OcrEngine]


def _tesseract_missing(languages: str) -> str:
    if importlib.util.find_spec("tesserocr") is None or importlib.util.find_spec("numpy") is None:
        return (
            "the OCR engine needs tesserocr and numpy: pip install 'reportparse[ocr]' "
            "(and the Thai data: apt-get install tesseract-ocr-tha)"
        )
    from .tesseract import missing_data

    return missing_data(languages)


def _open_tesseract(languages: str) -> OcrEngine:
    from .tesseract import TesseractEngine

    return TesseractEngine(languages)


ENGINES: dict[str, EngineSpec] = {
    "tesseract": EngineSpec("tesseract", _tesseract_missing, _open_tesseract),
}


def missing(name: str = "tesseract", languages: str = LANGUAGES) -> str:
    """Why the engine cannot run (a one-line hint naming what to install), or ""."""
    return ENGINES[name].missing(languages)


@cache
def engine(name: str = "tesseract", languages: str = LANGUAGES) -> OcrEngine:
    """The engine, opened once per process; ``OcrUnavailableError`` when it cannot run."""
    why = missing(name, languages)
    if why:
        raise OcrUnavailableError(f"<{name}>", why)
    return ENGINES[name].open(languages)


def render(page: Any, dpi: int = DPI) -> Any:
    """A PDFium page as a grey PIL image at ``dpi``."""
    return page.render(scale=dpi / 72, grayscale=True).to_pil()


#: called before each page is read (``set_page_hook``): a batch worker asks for more time
_page_hook: Callable[[], None] | None = None


def set_page_hook(hook: Callable[[], None] | None) -> None:
    """Have ``hook`` called before every page this process reads by OCR (``batch`` gives the
    file more time before its timeout for each)."""
    global _page_hook
    _page_hook = hook


def read_page(ocr: OcrEngine, page: Any, dpi: int = DPI) -> OcrPage:
    """A PDFium page rendered in grey at ``dpi`` and read by ``ocr``."""
    if _page_hook is not None:
        _page_hook()
    return ocr.read(render(page, dpi), dpi)
