"""Text backend: an export's text layer saved as a ``.txt`` file → pages of lines.

Contract: ``decode_text`` turns bytes into text (UTF-8, UTF-16 with BOM, or TIS-620) or returns
None for binary data; ``extract_text`` splits the text into pages — at form feeds when the file
has them, otherwise at the page header each exported page starts with — and applies the same
text-layer repairs as the PDF backends, so a copied text layer with PUA marks or split SARA AM
comes out as repaired as the PDF would.
"""

from __future__ import annotations

from ..errors import TooManyPagesError
from ..form import PAGE_TITLE
from ..options import MAX_PAGES
from ..thai.damage import count_damage
from ..thai.quality import judged, text_quality
from ..thai.repairs import repair_layer
from .records import Extraction, PageText, TextLine, valid_text

#: a UTF-8 export may have a few broken sequences (a flipped bit, a download cut in the middle
#: of a character): up to this share of its characters, they are read as U+FFFD (damage);
#: a TIS-620 export read as UTF-8 breaks at nearly every Thai character
UTF8_MAX_BROKEN = 0.01


def decode_text(data: bytes) -> str | None:
    """Decode a text export, or return None when the bytes are not text.

    >>> decode_text("รายงาน".encode("utf-8"))
    'รายงาน'
    >>> decode_text("รายงาน".encode("tis-620"))
    'รายงาน'
    >>> decode_text(b"\\x00\\x01\\x02binary") is None
    True
    >>> decode_text("รายงาน".encode("utf-8") * 30 + "ร".encode("utf-8")[:2])[-4:]
    'งาน\ufffd'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # TIS-620 reads nearly any bytes, so broken UTF-8 would come out as mojibake
            text = data.decode("utf-8-sig", errors="replace")
            if text.count("\ufffd") > UTF8_MAX_BROKEN * len(text):
                try:
                    text = data.decode("tis-620")
                except UnicodeDecodeError:
                    return None
    # binary data (or UTF-16 without its BOM) is full of control characters; a text export
    # may hold a stray one, such as a NUL a text layer kept
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return None if controls > 8 or controls * 100 > len(sample) else text


def split_pages(text: str) -> list[list[str]]:
    """Split a text export into pages of lines: at form feeds, else at each page header (the
    form's title, as any export prints it).

    >>> split_pages("a\\n**** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ ****\\nb")
    [['a'], ['**** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ ****', 'b']]
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        return [page.split("\n") for page in text.split("\f")]
    pages: list[list[str]] = [[]]
    for line in text.split("\n"):
        if PAGE_TITLE.match(line) and any(x.strip() for x in pages[-1]):
            pages.append([])
        pages[-1].append(line)
    return pages


def extract_text(text: str, *, path: str, sha256: str, max_pages: int = MAX_PAGES) -> Extraction:
    """Build an ``Extraction`` from a text export."""
    if text.count("\f") >= max_pages:  # before splitting: a million form feeds cost minutes
        raise TooManyPagesError(path, f"{text.count(chr(12)) + 1:,} pages, limit {max_pages:,}")
    split = split_pages(text)
    if len(split) > max_pages:
        raise TooManyPagesError(path, f"{len(split):,} pages, limit {max_pages:,}")
    pages = []
    for number, lines in enumerate(split, start=1):
        raw = valid_text("\n".join(lines))
        repaired, repairs = repair_layer(raw)
        pages.append(
            PageText(
                number=number,
                lines=tuple(TextLine(line) for line in repaired.split("\n")),
                backend="text",
                repairs=dict(repairs),
                damage=count_damage(repaired, duplicates=False),
                raw=raw,
                quality=round(text_quality(repaired), 3) if judged(repaired) else None,
            )
        )
    return Extraction(path=path, sha256=sha256, page_count=len(pages), pages=tuple(pages))
