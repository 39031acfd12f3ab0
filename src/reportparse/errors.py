"""Errors: why a file could not be turned into reports at all.

Contract: every failure that stops a file is a ``ReportParseError`` subclass. Each carries the
file (and the page where known), builds a one-line message that names the file, says what is
wrong and what to do next, and has the exit code the CLI returns for it (documented in
``reportparse --help`` and README). Problems that still let a report come out are not errors:
they are ``Warning`` records in the output (see ``checks``).
"""

from __future__ import annotations

import errno as errno_codes
import os
import re
from pathlib import Path

#: what a terminal would act on instead of showing: C0 controls but tab, DEL, C1 controls
#: (U+009B is a CSI on some terminals), and lone surrogates (a file name's undecodable bytes)
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    r"""``text`` with every character a terminal would act on written as an escape, so that a
    crafted report or file name cannot clear the screen, set the title or hide a line.

    >>> printable("a\x1b[2Jb\x9b"), printable("ok\tไทย")
    ('a\\x1b[2Jb\\x9b', 'ok\tไทย')
    """
    return _CONTROL.sub(lambda m: _escape(m.group()), text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def readable_path(path: str | Path) -> str:
    """A path as text any writer can write: a name in bytes that are not UTF-8 (TIS-620 Thai,
    from an archive unzipped on Windows) is read as TIS-620 where it decodes, else its
    undecodable bytes are written ``\\xNN``.

    >>> readable_path(os.fsdecode("รายงาน.pdf".encode("tis-620")))
    'รายงาน.pdf'
    """
    text = str(path)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        raw = os.fsencode(text)
        try:
            text = raw.decode("tis-620")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="backslashreplace")
    return text


def display_path(path: str | Path) -> str:
    """``readable_path`` with control characters escaped: what a message prints."""
    return printable(readable_path(path))


class ReportParseError(Exception):
    """Base of every error reportparse raises on bad input."""

    exit_code = 3
    #: stable snake_case name, written to batch manifests
    code = "error"

    def __init__(self, path: str | Path, detail: str = "", *, page: int | None = None) -> None:
        self.path = str(path)
        self.detail = detail
        self.page = page
        super().__init__(self.message)

    @property
    def what(self) -> str:
        """What is wrong, in a few words."""
        return "cannot be read"

    @property
    def hint(self) -> str:
        """What the user can do next (may be empty)."""
        return ""

    @property
    def message(self) -> str:
        """One line, whatever the detail quotes, safe to print on a terminal."""
        where = display_path(self.path) + (f" (page {self.page})" if self.page else "")
        parts = [f"{where}: {self.what}"]
        if self.detail:
            parts.append(printable(" ".join(self.detail.splitlines())))
        if self.hint:
            parts.append(self.hint)
        return "; ".join(parts)


class FileMissingError(ReportParseError):
    """The path does not exist or is not a readable file."""

    exit_code = 4
    code = "file_missing"

    @property
    def what(self) -> str:
        return "no such file"


class UnreadableFileError(ReportParseError):
    """The path is there but cannot be read as a file: a folder, no permission, an I/O error."""

    exit_code = 3
    code = "unreadable_file"

    @property
    def what(self) -> str:
        return "cannot be read"


class EmptyFileError(ReportParseError):
    """The file has no bytes (often an interrupted download)."""

    exit_code = 5
    code = "empty_file"

    @property
    def what(self) -> str:
        return "the file is empty (0 bytes)"

    @property
    def hint(self) -> str:
        return "download or export it again"


class UnsupportedFileError(ReportParseError):
    """Neither a PDF nor a text export."""

    exit_code = 5
    code = "not_a_pdf"

    @property
    def what(self) -> str:
        return "not a PDF or a text export"

    @property
    def hint(self) -> str:
        return "reportparse reads .pdf files and their text layer saved as UTF-8 .txt"


class DamagedPdfError(ReportParseError):
    """The PDF is truncated or corrupt beyond what PDFium can open."""

    exit_code = 6
    code = "damaged_pdf"

    @property
    def what(self) -> str:
        return "the PDF is damaged and cannot be opened"

    @property
    def hint(self) -> str:
        return "the file may be truncated: download or export it again"


class EncryptedPdfError(ReportParseError):
    """The PDF needs a password that was not given (or the one given is wrong)."""

    exit_code = 7
    code = "encrypted_pdf"

    @property
    def what(self) -> str:
        return "the PDF is encrypted"

    @property
    def hint(self) -> str:
        return "give its password with --password"


class NoTextLayerError(ReportParseError):
    """The PDF has pages but no text on them: a scan or an image export."""

    exit_code = 8
    code = "no_text_layer"

    @property
    def what(self) -> str:
        return "the PDF has no text layer (a scan or an image)"

    @property
    def hint(self) -> str:
        return "run OCR on it first (for example ocrmypdf -l tha), then parse the result"


class TextUnusableError(NoTextLayerError):
    """The PDF has text, but none of it reads as text: its fonts map glyphs to the wrong
    characters, or to none, and neither its glyphs' outlines nor OCR could read it."""

    code = "text_unusable"

    @property
    def what(self) -> str:
        return "the PDF's text layer cannot be read as text"

    @property
    def hint(self) -> str:
        return (
            "its fonts map glyphs to wrong characters (a copy through another program?): OCR "
            "it (--ocr, reportparse[ocr]) or parse the original export"
        )


class NotAReportError(ReportParseError):
    """The text holds no progress report (none of the section headings 1.1–2)."""

    exit_code = 9
    code = "not_a_report"

    @property
    def what(self) -> str:
        return "no progress report found (no section headings 1.1-2)"

    @property
    def hint(self) -> str:
        from .form import FORM_TITLE  # the form's regexes load only when this is said

        return f"is this a {FORM_TITLE} export?"


class TooLargeError(ReportParseError):
    """The input is beyond the configured limits (pages or bytes)."""

    exit_code = 10
    code = "too_large"

    def __init__(
        self,
        path: str | Path,
        detail: str = "",
        *,
        page: int | None = None,
        option: str | None = "--max-pages",
    ) -> None:
        self.option = option  # the option that raises the limit crossed (None: none does)
        super().__init__(path, detail, page=page)

    @property
    def what(self) -> str:
        return "the file is too large"

    @property
    def hint(self) -> str:
        if self.option is None:
            return "no report export looks like this: the file is broken or crafted"
        return f"raise the limit with {self.option} if the file is genuine"


class TooManyPagesError(TooLargeError):
    """More pages than ``--max-pages`` (a text of a million form feeds is a million pages)."""

    code = "too_many_pages"

    @property
    def what(self) -> str:
        return "the file has too many pages"


class DecodedTooLargeError(TooLargeError):
    """A stream that inflates to more than the limit (a FlateDecode bomb)."""

    code = "decoded_too_large"

    @property
    def what(self) -> str:
        return "the PDF holds a stream too large to read"


class TooManyObjectsError(TooLargeError):
    """A page that draws more text objects than the limit."""

    code = "too_many_objects"

    @property
    def what(self) -> str:
        return "a page of the PDF draws too many text objects"


class TooManyFormsError(TooLargeError):
    """A page that draws more forms than the limit, nested ones counted as drawn."""

    code = "too_many_forms"

    @property
    def what(self) -> str:
        return "a page of the PDF draws too many forms"


class FontMapTooLargeError(TooLargeError):
    """A font whose ToUnicode map maps more codes than the limit, or an endless entry."""

    code = "font_map_too_large"

    @property
    def what(self) -> str:
        return "a font of the PDF has a text map too large to read"


class BackendUnavailableError(ReportParseError):
    """The backend asked for is not installed (PyMuPDF is an optional extra)."""

    exit_code = 2
    code = "backend_unavailable"

    @property
    def what(self) -> str:
        return "the backend asked for is not installed"


class OutputError(ReportParseError):
    """The output cannot be written: a read-only folder, a full disk, a folder that is not
    there (the results written before it stay whole; a batch rerun resumes)."""

    exit_code = 11
    code = "output_failed"

    def __init__(
        self,
        path: str | Path,
        detail: str = "",
        *,
        page: int | None = None,
        errno: int | None = None,
    ) -> None:
        self.errno = errno  # the OSError's, when a write failed
        super().__init__(path, detail, page=page)

    @property
    def what(self) -> str:
        return "cannot write the output here"

    @property
    def stops_batch(self) -> bool:
        """A full disk or a read-only file system: every next file would fail the same way."""
        return self.errno in (errno_codes.ENOSPC, errno_codes.EDQUOT, errno_codes.EROFS)


class OutputPathError(ReportParseError):
    """An output path of the wrong kind: a folder where a file is written, or a file where
    a folder is."""

    exit_code = 2
    code = "output_path"

    @property
    def what(self) -> str:
        return "cannot be used as the output"


def output_error(path: str | Path, exc: OSError) -> ReportParseError:
    """The error of a failed write of ``path``: a wrong kind of path is a usage error, the
    rest (no space, read-only, no permission, no such folder) an ``OutputError``."""
    if isinstance(exc, IsADirectoryError):
        return OutputPathError(path, "it is a folder: give a file name")
    if isinstance(exc, NotADirectoryError | FileExistsError):
        return OutputPathError(path, "it is a file: give a folder")
    return OutputError(path, exc.strerror or str(exc), errno=exc.errno)


#: exit codes of the CLI, for --help and README
EXIT_CODES: dict[int, str] = {
    0: "success (parse, schema); no change (diff)",
    1: "diff: changes found; batch: at least one file failed; --strict: a report has warnings",
    2: "usage error (bad option or argument, backend not installed); diff: error",
    FileMissingError.exit_code: "file not found",
    UnsupportedFileError.exit_code: "empty file, or not a PDF / text export",
    DamagedPdfError.exit_code: "damaged PDF",
    EncryptedPdfError.exit_code: "encrypted PDF (give --password)",
    NoTextLayerError.exit_code: "PDF without a text layer (scan)",
    NotAReportError.exit_code: "no progress report in the file",
    TooLargeError.exit_code: "file beyond a limit: --max-pages, --max-mb, a bomb (see README)",
    OutputError.exit_code: "the output cannot be written (read-only, disk full, no folder)",
    ReportParseError.exit_code: "other unreadable input (a folder, no permission)",
    130: "batch: interrupted (Ctrl-C); rerun the same command to resume",
}
