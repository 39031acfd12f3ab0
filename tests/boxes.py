"""What a PDF shows inside a source's boxes: the check behind ``tests/test_sources.py`` and the
figures of ``bench/source_boxes.py``.

Two readings of a box, both independent of how the parser grouped glyphs into lines and measured
the lines' boxes: PDFium's own text in the rectangle (``get_text_bounded``, a point and a half
of slack), and, where that reading is not the page's text (Chromium's ActualText copies,
which PDFium's text repeats; an archive copy whose font maps only the outlines tell), the
glyphs of the backend that read the page whose baseline and middle lie in the box, laid out
as lines. The value's raw text must be in what the box shows, white space aside, after the
text-layer repairs the parser makes (the export's lost dashes and quotes count as the '?' they
were).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import regex

from reportparse.extract import pdf as pdf_extract
from reportparse.extract import pdfium as pdfium_backend
from reportparse.extract.layout import Glyph, assemble_lines
from reportparse.extract.plumber import PlumberReader
from reportparse.extract.records import Frame
from reportparse.extract.recover import OutlineReader
from reportparse.normalize.garble import repair_garbling
from reportparse.options import Backend, ParseOptions
from reportparse.thai.repairs import repair_layer
from reportparse.thai.spelling import fold_spelling

#: slack around a box (points): a glyph's box and the line's may differ by rounding
SLACK = 1.5
WHITE_SPACE = regex.compile(r"\s+")
#: the characters the export turns into '?' (``normalize.garble``): compared as '?'
LOST = str.maketrans(dict.fromkeys("“”‘’–—", "?"))


#: sha256 of a PDF → the outline reader that read its pages by OCR votes (``ocr_votes``), kept
#: from the parse that decoded them: the votes are the OCR of that parse, which a test would
#: otherwise pay for twice (``keeping_voted`` records it; ``ShownText`` parses when it must)
VOTED: dict[str, OutlineReader] = {}


@contextlib.contextmanager
def keeping_voted() -> Iterator[None]:
    """While open, every parse that decodes pages by OCR votes keeps its outline reader in
    ``VOTED`` (open: its glyphs can be read again with the votes)."""
    original = pdf_extract._PageReader.decode

    def decode(self: Any, pages: Any, reads: Any) -> Any:
        out = original(self, pages, reads)
        reader = self._readers.get(Backend.OUTLINES)
        if reads and isinstance(reader, OutlineReader):
            reader.close = lambda: None  # type: ignore[method-assign]
            VOTED[hashlib.sha256(self.source.data).hexdigest()] = reader
        return out

    pdf_extract._PageReader.decode = decode  # type: ignore[method-assign]
    try:
        yield
    finally:
        pdf_extract._PageReader.decode = original  # type: ignore[method-assign]


def voted_reader(pdf: Path) -> OutlineReader:
    """The outline reader with the OCR votes of ``pdf``'s parse (parsing it if none is kept)."""
    data = pdf.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if sha not in VOTED:
        with keeping_voted():
            pdf_extract.extract_pdf(pdf, data, ParseOptions())
    return VOTED[sha]


def squashed(text: str) -> str:
    """Text compared: white space removed, lost characters as '?'."""
    return WHITE_SPACE.sub("", text).translate(LOST)


def repaired(text: str) -> str:
    """The text-layer repairs, the export's garbling and the spelling folds, as the parser."""
    text, _ = repair_layer(text)
    text, _ = repair_garbling(text)
    text, _ = fold_spelling(text)
    return text


@dataclass
class ShownText:
    """Reads what the pages of one PDF show inside boxes (``method``: each page's backend, as
    ``source.pages`` says)."""

    pdf: Path
    methods: dict[int, str]
    doc: Any = None
    _glyphs: dict[int, tuple[list[Glyph], Frame | None]] = field(default_factory=dict)
    _readers: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.doc = pdfium.PdfDocument(self.pdf)

    def bounded(self, span: dict[str, Any]) -> str:
        """PDFium's own text inside the span's box."""
        page = self.doc[span["page"] - 1]
        top = pdfium_backend.page_frame(page).top
        x0, y0, x1, y1 = span["bbox"]
        return str(
            page.get_textpage().get_text_bounded(
                left=x0 - SLACK, bottom=top - y1 - SLACK, right=x1 + SLACK, top=top - y0 + SLACK
            )
        )

    def glyphs(self, number: int) -> tuple[list[Glyph], Frame | None]:
        if number not in self._glyphs:
            method = self.methods.get(number, "pdfium")
            if method == "pdfium":
                page = self.doc[number - 1]
                glyphs = pdfium_backend.visible_glyphs(page, page.get_textpage())
                self._glyphs[number] = glyphs, pdfium_backend.page_frame(page)
            elif method == "ocr_votes":
                self._glyphs[number] = voted_reader(self.pdf).glyphs(number - 1)
            else:
                reader = {"pdfplumber": PlumberReader, "outlines": OutlineReader}[method]
                if method not in self._readers:
                    self._readers[method] = reader(self.pdf.read_bytes())
                self._glyphs[number] = self._readers[method].glyphs(number - 1)
        return self._glyphs[number]

    def glyphs_in(self, span: dict[str, Any]) -> str:
        """The text of the glyphs whose baseline and middle lie in the span's box."""
        glyphs, frame = self.glyphs(span["page"])
        if frame is None:
            return ""
        x0, top, x1, bottom = span["bbox"]
        inside = []
        for g in glyphs:
            left, base, right, _ = frame.box(g.x0, g.baseline, g.x1, g.baseline)
            if (
                x0 - SLACK <= (left + right) / 2 <= x1 + SLACK
                and top - SLACK <= base <= bottom + SLACK
            ):
                inside.append(g)
        return "\n".join(line.text for line in assemble_lines(inside))

    def verdict(self, text: str, spans: list[dict[str, Any]]) -> str:
        """``bounded`` when PDFium's own text in the boxes holds ``text``, ``glyphs`` when the
        page's glyphs in them do, ``missed`` otherwise."""
        want = squashed(text)
        if want in squashed(repaired("\n".join(self.bounded(s) for s in spans))):
            return "bounded"
        if want in squashed(repaired("\n".join(self.glyphs_in(s) for s in spans))):
            return "glyphs"
        return "missed"


def boxed_sources(document: dict[str, Any]) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    """(path, raw text, spans) of every source of a parse document whose spans all have a box."""
    for report in document["reports"]:
        for path, source in report.get("sources", {}).items():
            spans = source["spans"]
            if spans and all(s.get("bbox") for s in spans):
                yield path, source["text"], spans


def shown_text(pdf: Path, document: dict[str, Any]) -> ShownText:
    methods = {p["page"]: p["method"] for p in document["source"].get("pages", [])}
    return ShownText(pdf, methods)
