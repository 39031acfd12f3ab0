"""Errors: why a file could not be turned into reports at all.

Contract: every failure that stops a file is a ``ReportParseError`` subclass. Each carries the
file (and the page where known), builds a one-line message that names the file, says what is
wrong and what to do next, and has the exit code the CLI returns for it (documented in
``reportparse --help`` and README). Problems that still let a report come out are not errors:
they are ``Warning`` records in the output (see ``checks``).
"""

from __future__ import annotations

from pathlib import Path

from .form import FORM_TITLE


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
        where = f"{self.path}" + (f" (page {self.page})" if self.page else "")
        parts = [f"{where}: {self.what}"]
        if self.detail:
            parts.append(self.detail)
        if self.hint:
            parts.append(self.hint)
        return " ".join("; ".join(parts).splitlines())  # one line, whatever the detail quotes


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


class NotAReportError(ReportParseError):
    """The text holds no progress report (none of the section headings 1.1–2)."""

    exit_code = 9
    code = "not_a_report"

    @property
    def what(self) -> str:
        return "no progress report found (no section headings 1.1-2)"

    @property
    def hint(self) -> str:
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


#: exit codes of the CLI, for --help and README
EXIT_CODES: dict[int, str] = {
    0: "success (parse, schema); no change (diff)",
    1: "diff: changes found; batch: at least one file failed",
    2: "usage error (bad option or argument, backend not installed); diff: error",
    FileMissingError.exit_code: "file not found",
    UnsupportedFileError.exit_code: "empty file, or not a PDF / text export",
    DamagedPdfError.exit_code: "damaged PDF",
    EncryptedPdfError.exit_code: "encrypted PDF (give --password)",
    NoTextLayerError.exit_code: "PDF without a text layer (scan)",
    NotAReportError.exit_code: "no progress report in the file",
    TooLargeError.exit_code: "file beyond --max-pages / --max-mb",
    ReportParseError.exit_code: "other unreadable input (a folder, no permission)",
}
