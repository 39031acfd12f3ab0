"""Extract: a file (PDF or text export) → pages of repaired text lines.

Contract: ``extract(path)`` returns an ``Extraction`` — the file's sha256 and page count, and for
every page its lines of text with the Thai text-layer repairs applied (``thai.repairs``), how
many repairs were made and what damage is left. It does not interpret the report: page furniture,
digits and the export's ``?`` garbling are later stages' business. Failures to read the file at
all raise a ``ReportParseError`` subclass naming the file.

Backends: ``text`` for ``.txt`` exports; for PDFs those of the registry (``extract.backends``:
``pdfium``, geometry-aware, ``pdfplumber`` and ``mupdf``, an optional extra), chosen by
``ParseOptions.backend``; ``auto`` picks per page (``extract.pdf``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import (
    EmptyFileError,
    FileMissingError,
    TooLargeError,
    UnreadableFileError,
    UnsupportedFileError,
)
from ..options import MAX_BYTES, MIB, ParseOptions
from ..options import options as parse_options
from .records import (
    MISDRAWN_MARK,
    UNREADABLE_PAGE,
    Extraction,
    PageText,
    TextLine,
    sha256_of,
    unmapped,
    valid_text,
)

__all__ = [
    "MISDRAWN_MARK",
    "UNREADABLE_PAGE",
    "Extraction",
    "PageText",
    "TextLine",
    "extract",
    "extract_bytes",
    "is_pdf",
    "read_input",
    "sha256_of",
    "unmapped",
    "valid_text",
]


def read_input(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """Read the whole file, with the errors a user can act on."""
    p = Path(path)
    try:
        if p.is_dir():
            raise UnreadableFileError(p, "it is a folder (reportparse batch reads folders)")
        if not p.exists():
            raise FileMissingError(p)
        if not p.is_file():
            raise UnreadableFileError(p, "it is not a regular file")
        size = p.stat().st_size
        if size == 0:
            raise EmptyFileError(p)
        if size > max_bytes:
            detail = f"{size / MIB:,.1f} MB, limit {max_bytes / MIB:,.1f} MB"
            raise TooLargeError(p, detail, option="--max-mb")
        return p.read_bytes()
    except OSError as exc:  # no permission, an I/O error, a file removed meanwhile
        raise UnreadableFileError(p, exc.strerror or str(exc)) from None


def is_pdf(data: bytes) -> bool:
    # the header may follow some junk bytes (allowed by readers up to 1 KiB)
    return b"%PDF-" in data[:1024]


def extract(path: str | Path, options: ParseOptions | None = None, **settings: Any) -> Extraction:
    """Read a PDF or text export and return its repaired text, page by page (``settings``:
    fields of ``ParseOptions`` to change)."""
    opts = parse_options(options, **settings)
    return extract_bytes(read_input(path, opts.max_bytes), path, opts)


def extract_bytes(
    data: bytes, path: str | Path, options: ParseOptions | None = None, **settings: Any
) -> Extraction:
    """``extract`` of a file's bytes already in memory (standard input); ``path`` names it in
    the output and in messages."""
    opts = parse_options(options, **settings)
    max_pages = opts.max_pages
    if not data:
        raise EmptyFileError(path)
    if len(data) > opts.max_bytes:
        detail = f"more than {opts.max_bytes / MIB:,.1f} MB"
        raise TooLargeError(path, detail, option="--max-mb")
    if is_pdf(data):
        from .pdf import extract_pdf

        return extract_pdf(path, data, opts)
    from .text import decode_text, extract_text

    text = decode_text(data)
    if text is None:
        raise UnsupportedFileError(path, _describe(data))
    return extract_text(text, path=str(path), sha256=sha256_of(data), max_pages=max_pages)


def _describe(data: bytes) -> str:
    signatures = {
        b"PK\x03\x04": "it looks like a ZIP or Office document",
        b"\x89PNG": "it is a PNG image",
        b"\xff\xd8\xff": "it is a JPEG image",
        b"{\\rtf": "it is an RTF document",
        b"\xd0\xcf\x11\xe0": "it is a legacy Office document",
    }
    for magic, what in signatures.items():
        if data.startswith(magic):
            return what
    return "it holds binary data"
