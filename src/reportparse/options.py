"""Options: how a file is read, as one frozen value passed from the caller to every stage.

Contract: ``ParseOptions`` holds every setting of a parse (the text backend, the password, the
limits); ``parse_file(path, options)`` and ``batch`` take one, the CLI builds one from its
flags, and the stages read the fields they need. ``options(**settings)`` is the convenient
call: a ``ParseOptions`` with those fields changed (unknown names raise ``TypeError``).

>>> ParseOptions().backend, ParseOptions(backend="pdfium").backend
(<Backend.AUTO: 'auto'>, <Backend.PDFIUM: 'pdfium'>)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any


class Backend(str, Enum):
    """Where the text of a PDF comes from (``extract.backends`` says how each one works)."""

    AUTO = "auto"
    PDFIUM = "pdfium"
    PDFPLUMBER = "pdfplumber"
    MUPDF = "mupdf"
    #: each glyph's text read from its outline (``extract.recover``): for copies whose font
    #: maps another program broke
    OUTLINES = "outlines"


class OcrMode(str, Enum):
    """When pages are read from their image (``ocr``): ``auto`` for pages without text, with
    an OCR program's text layer, or whose text does not read as text; ``always`` for every page;
    ``never``."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


MIB = 1024 * 1024
#: inputs above this size are refused before reading (a report export is a few MB at most;
#: a text export costs about nine times its size in memory)
MAX_BYTES = 200 * MIB


@dataclass(frozen=True)
class Limits:
    """Reading limits a real report never comes near (``extract.guard`` enforces them)."""

    #: bytes a stream may inflate to (a report's page is about 100 KB, a Thai font 1 MB)
    max_decoded: int = 64 * MIB
    #: text objects a content stream may draw, forms included (a dense page: a few thousand)
    max_text_objects: int = 200_000
    #: forms a content stream may draw, nested ones included
    max_forms: int = 10_000
    #: codes a ToUnicode CMap may map (a whole two-byte font: 65,536)
    max_cmap_codes: int = 1_000_000


#: a report is 2–50 pages; a file of several hundred merged reports stays below this
MAX_PAGES = 2_000


@dataclass(frozen=True)
class ParseOptions:
    """Every setting of one parse."""

    #: the text source for PDFs (``auto`` picks per page)
    backend: Backend = Backend.AUTO
    #: the password of an encrypted PDF
    password: str | None = None
    #: refuse files with more pages than this
    max_pages: int = MAX_PAGES
    #: refuse files larger than this many bytes (they are read whole into memory)
    max_bytes: int = MAX_BYTES
    #: refuse PDFs whose reading would take memory without bound (bombs, endless maps)
    limits: Limits = field(default_factory=Limits)
    #: when pages are read from their image (an OCR engine, ``reportparse[ocr]``)
    ocr: OcrMode = OcrMode.AUTO
    #: the OCR engine (``ocr.ENGINES``) and its languages
    ocr_engine: str = "tesseract"
    ocr_languages: str = "tha+eng"
    #: the resolution pages are rendered at for OCR
    ocr_dpi: int = 300
    #: each report says where every value was read (``sources``, and warnings their ``spans``);
    #: False gives the document without them (``parse --no-sources``)
    sources: bool = True

    def __post_init__(self) -> None:
        # a plain string is accepted and checked: Backend("x") names the choices
        object.__setattr__(self, "backend", Backend(self.backend))
        object.__setattr__(self, "ocr", OcrMode(self.ocr))


def options(base: ParseOptions | None = None, **settings: Any) -> ParseOptions:
    """``base`` (or the defaults) with ``settings`` changed."""
    return replace(base or ParseOptions(), **settings)
