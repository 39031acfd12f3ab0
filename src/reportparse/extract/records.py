"""The records of the extract stage: a page's lines of text, a page, a whole file's pages.

Contract: frozen values that flow from ``extract`` to ``normalize`` and ``textlayer``:
``TextLine`` (one line as the producer laid it out), ``PageText`` (a page's lines, how it was
read, the repairs made and the damage left) and ``Extraction`` (the file's pages). Also the
two conventions every backend shares: how an unmapped glyph is written, and how a broken
UTF-16 value is made writable.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from ..thai.quality import USABLE

#: a box on a page: x0, top, x1, bottom in PDF points, the origin at the top left of the page
#: (pdfplumber's convention: x in the page's user space, top measured down from the media box's
#: top edge)
Box = tuple[float, float, float, float]


class Frame(NamedTuple):
    """How a backend's glyph coordinates (y up) become a page's ``Box`` coordinates."""

    #: added to x (pdfminer's x starts at the media box's left edge, the user space at 0)
    dx: float
    #: the y of the page's top edge in the glyphs' coordinates: a box's top is ``top - y``
    top: float

    def box(self, x0: float, bottom: float, x1: float, top: float) -> Box:
        """A rectangle of glyph coordinates (y up) as a ``Box``.

        >>> Frame(0.0, 842.0).box(10.0, 800.0, 50.0, 812.0)
        (10.0, 30.0, 50.0, 42.0)
        """
        return (x0 + self.dx, self.top - top, x1 + self.dx, self.top - bottom)


class TextLine(NamedTuple):
    """One line of a page as the producer laid it out (a named tuple: pages make thousands)."""

    text: str
    #: the producer broke this line for width: the next line continues it
    wrapped: bool = False
    #: read by OCR: the confidence of the line's least sure word (0–100); None: a text layer
    confidence: float | None = None
    #: where the line is drawn on its page (its glyphs' boxes together; OCR: its words'); None
    #: for a text export
    box: Box | None = None


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    lines: tuple[TextLine, ...]
    backend: str
    repairs: Mapping[str, int] = field(default_factory=dict)
    damage: Mapping[str, int] = field(default_factory=dict)
    #: the backend's text before the text-layer repairs (for ``textlayer`` statistics)
    raw: str = ""
    #: how much of the text reads as text (``thai.quality``); None: not judged (too short)
    quality: float | None = None
    #: the PDF holds an OCR program's invisible text layer on this page (over its scan)
    ocr_layer: bool = False

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def usable(self) -> bool:
        """Whether the page's text can be trusted: judged good enough, or too short to judge."""
        return self.quality is None or self.quality >= USABLE


@dataclass(frozen=True)
class Extraction:
    path: str
    sha256: str
    page_count: int
    pages: tuple[PageText, ...]
    #: streams of the PDF whose compressed data is broken or cut short (``guard``): text may
    #: be missing anywhere, and no page says so
    damaged_streams: int = 0
    #: the PDF's cross-reference table was not valid: PDFium rebuilt the file's structure
    #: from what it found, and objects may be missing or mixed up
    rebuilt: bool = False

    @property
    def backend(self) -> str:
        """The backend of every page, or ``a+b`` when pages came from several."""
        used = dict.fromkeys(p.backend for p in self.pages)
        return "+".join(used) or "none"

    @property
    def repairs(self) -> dict[str, int]:
        return dict(sum((Counter(p.repairs) for p in self.pages), Counter()))

    @property
    def damage(self) -> dict[str, int]:
        return dict(sum((Counter(p.damage) for p in self.pages), Counter()))


def unmapped(code: int) -> str:
    """How a glyph the font gives no Unicode value for is written by every backend: as pdfminer
    does, ``(cid:N)`` with the glyph's code. It is counted as damage, and inferred from the page
    by ``thai.repairs.infer_unmapped_glyphs`` when the dictionary is sure."""
    return f"(cid:{code})"


#: how a page read with its broken font map's codes voted by OCR is named (``pdf.decode``,
#: ``source.pages[].method``)
DECODED = "ocr_votes"

#: the damage counter of a page no backend could read (``pdf``): its text is missing
UNREADABLE_PAGE = "unreadable_page"
#: the damage counter of a page whose marks are drawn where their characters are not
#: (``pdfium.misdrawn_marks``): its font map gives glyphs another mark's character
MISDRAWN_MARK = "misdrawn_mark"


#: a UTF-16 surrogate on its own: a text layer's broken value, which UTF-8 cannot write
LONE_SURROGATE = regex.compile("[\ud800-\udfff]")


def valid_text(text: str) -> str:
    """Replace each lone surrogate by U+FFFD (counted as damage), so the text can be written.

    >>> valid_text("ก\\udc11ข")
    'ก\ufffdข'
    """
    valid: str = LONE_SURROGATE.sub("\ufffd", text)
    return valid


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
