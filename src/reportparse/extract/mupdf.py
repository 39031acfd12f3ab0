"""PyMuPDF backend (optional extra ``reportparse[mupdf]``, AGPL): a page → glyphs → lines.

Contract: ``MupdfReader(data, password).read(index)`` returns a page's lines, built by
``layout.assemble_lines`` from MuPDF's characters (``rawdict``), so that every backend shares
one layout. MuPDF resolves ``/ActualText`` itself and gives one character per Unicode value
with the span's glyph box. PyMuPDF is imported when a reader is made, never on import: the
default install never needs it (``backends`` says it is missing, with the install command).
"""

from __future__ import annotations

from typing import Any

from .layout import Glyph, advance_glyph, assemble_lines, is_mark
from .records import TextLine


def _flags(pymupdf: Any) -> int:
    """Keep white space as drawn (no synthesised spaces: layout decides); ligatures are
    expanded (not TEXT_CID_FOR_UNKNOWN_UNICODE: a code of 0x20 or more would read as a real
    character, where U+FFFD is honest damage)."""
    return int(
        pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_INHIBIT_SPACES | pymupdf.TEXT_MEDIABOX_CLIP
    )


class MupdfReader:
    """Reads pages of one PDF with PyMuPDF."""

    def __init__(self, data: bytes, password: str | None = None) -> None:
        import pymupdf  # the optional extra, imported on first use (backends checks it is there)

        self.flags = _flags(pymupdf)
        self.doc = pymupdf.open(stream=data, filetype="pdf")
        if self.doc.needs_pass:
            self.doc.authenticate(password or "")

    def read(self, index: int, loaded: object = None) -> tuple[TextLine, ...]:
        raw: dict[str, Any] = self.doc[index].get_text("rawdict", flags=self.flags)
        glyphs: list[Glyph] = []
        for block in raw.get("blocks", []):
            for line in block.get("lines", []):
                chars = [
                    (ch, float(span.get("size", 0.0)) or 1.0)
                    for span in line.get("spans", [])
                    for ch in span.get("chars", [])
                ]
                for k, (ch, size) in enumerate(chars):
                    x0, _, x1, _ = ch["bbox"]
                    if x1 - x0 < 0.05 * size and not is_mark(ch["c"]) and k + 1 < len(chars):
                        # a character MuPDF took from /ActualText has no width of its own: the
                        # glyphs it replaced reach to where the next character starts
                        x1 = max(x1, min(chars[k + 1][0]["bbox"][0], x0 + size))
                    # MuPDF's y grows downwards; layout wants "up is positive"
                    baseline = -float(ch["origin"][1])
                    glyphs.append(advance_glyph(ch["c"], x0, x1, baseline, size, len(glyphs)))
        return assemble_lines(glyphs)

    def close(self) -> None:
        self.doc.close()
