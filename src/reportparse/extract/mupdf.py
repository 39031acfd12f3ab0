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
from .records import Frame, TextLine


def _flags(pymupdf: Any) -> int:
    """Keep white space as drawn (no synthesised spaces: layout decides); ligatures are
    expanded (not TEXT_CID_FOR_UNKNOWN_UNICODE: a code of 0x20 or more would read as a real
    character, where U+FFFD is honest damage)."""
    return int(
        pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_INHIBIT_SPACES | pymupdf.TEXT_MEDIABOX_CLIP
    )


def page_frame(page: Any) -> Frame | None:
    """Where MuPDF's coordinates (y down from the crop box's top left corner, negated for the
    layout) put the page's user space and the media box's top edge; None on a rotated page,
    whose coordinates MuPDF turns with it: its lines get no box."""
    if page.rotation % 360:
        return None
    corner = page.cropbox_position  # the crop box's top left, from the media box's
    return Frame(float(corner.x), float(corner.y))


class MupdfReader:
    """Reads pages of one PDF with PyMuPDF."""

    def __init__(self, data: bytes, password: str | None = None) -> None:
        import pymupdf  # the optional extra, imported on first use (backends checks it is there)

        self.flags = _flags(pymupdf)
        self.doc = pymupdf.open(stream=data, filetype="pdf")
        if self.doc.needs_pass:
            self.doc.authenticate(password or "")

    def read(self, index: int, loaded: object = None) -> tuple[TextLine, ...]:
        page = self.doc[index]
        raw: dict[str, Any] = page.get_text("rawdict", flags=self.flags)
        glyphs: list[Glyph] = []
        for block in raw.get("blocks", []):
            for line in block.get("lines", []):
                chars = [
                    (ch, float(span.get("size", 0.0)) or 1.0)
                    for span in line.get("spans", [])
                    for ch in span.get("chars", [])
                ]
                for k, (ch, size) in enumerate(chars):
                    x0, top, x1, bottom = ch["bbox"]
                    if x1 - x0 < 0.05 * size and not is_mark(ch["c"]) and k + 1 < len(chars):
                        # a character MuPDF took from /ActualText has no width of its own: the
                        # glyphs it replaced reach to where the next character starts
                        x1 = max(x1, min(chars[k + 1][0]["bbox"][0], x0 + size))
                    # MuPDF's y grows downwards; layout wants "up is positive"
                    baseline = -float(ch["origin"][1])
                    glyphs.append(
                        advance_glyph(ch["c"], x0, x1, baseline, size, len(glyphs), -bottom, -top)
                    )
        return assemble_lines(glyphs, frame=page_frame(page))

    def close(self) -> None:
        self.doc.close()
