"""The command line: thin typer commands over the library.

Contract: each command parses its arguments, calls one library function and writes the result.
A ``ReportParseError`` becomes a one-line message on stderr and its documented exit code; no
input makes a traceback (set ``REPORTPARSE_DEBUG=1`` to see one for a bug).
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from ._version import __version__
from .errors import EXIT_CODES, OutputError, OutputPathError, ReportParseError, printable
from .options import MAX_BYTES, MAX_PAGES, MIB, Limits, OcrMode, ParseOptions
from .options import Backend as BackendName

if TYPE_CHECKING:
    from .models import Document

EXIT_HELP = "\b\nExit codes:\n" + "\n".join(
    f"  {code:>3}  {text}" for code, text in EXIT_CODES.items()
)
INTERNAL_ERROR = 70

app = typer.Typer(
    name="reportparse",
    help="Turn BMA project progress report exports (PDF or text) into validated JSON.\n\n"
    + EXIT_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)

T = TypeVar("T")
#: ``parse -``: the export is read from standard input, and named so in its ``source.path``
STDIN, STDIN_NAME = "-", "<stdin>"


def show_version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn BMA project progress report exports (PDF or text) into validated JSON."""


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"reportparse: error: {message}", err=True)
    return typer.Exit(code)


def guarded(call: Callable[[], T]) -> T:
    """Run a library call; turn its errors into a one-line message and an exit code."""
    try:
        return call()
    except ReportParseError as exc:
        raise fail(exc.message, exc.exit_code) from None
    except Exception as exc:
        if os.environ.get("REPORTPARSE_DEBUG"):
            raise
        raise fail(
            f"internal error ({type(exc).__name__}: {exc}); "
            "rerun with REPORTPARSE_DEBUG=1 and report it",
            INTERNAL_ERROR,
        ) from None


def write_output(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` whole (its folder must exist)."""
    if output is None:
        sys.stdout.write(text + "\n")
        return
    from .output.files import write_atomic

    write_atomic(output, text + "\n", make_parents=False)


def check_output(output: Path | None) -> None:
    """Refuse an output path that cannot be written before any work is done."""
    if output is None:
        return
    if output.is_dir():
        raise OutputPathError(output, "it is a folder: give a file name")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(output, f"its folder {parent} does not exist")


Backend = Annotated[
    BackendName,
    typer.Option(
        "--backend",
        "-b",
        help="Text source for PDFs: auto (PDFium's text where its checks pass, else geometry, "
        "else the other backends for pages left damaged), pdfium (geometry on every page), "
        "pdfplumber, or mupdf (needs the reportparse[mupdf] extra).",
    ),
]
Password = Annotated[str | None, typer.Option("--password", help="Password of an encrypted PDF.")]
MaxPages = Annotated[
    int,
    typer.Option("--max-pages", help="Refuse files with more pages than this.", min=1),
]
MaxMb = Annotated[
    int,
    typer.Option(
        "--max-mb", help="Refuse files larger than this many MiB (read whole into memory).", min=1
    ),
]


MaxDecodedMb = Annotated[
    int,
    typer.Option(
        "--max-decoded-mb",
        help="Refuse PDFs with a stream that inflates to more than this many MiB (a bomb).",
        min=1,
    ),
]
MaxObjects = Annotated[
    int,
    typer.Option(
        "--max-objects", help="Refuse PDFs with a page that draws more text objects.", min=1
    ),
]
Ocr = Annotated[
    OcrMode,
    typer.Option(
        "--ocr",
        help="Read pages from their image with Thai OCR (needs the reportparse[ocr] extra and "
        "Tesseract's Thai data, apt-get install tesseract-ocr-tha): auto (pages without text, "
        "scans with an OCR program's text layer, and pages whose text does not read as text), "
        "always (every page), or never.",
    ),
]
NoSources = Annotated[
    bool,
    typer.Option(
        "--no-sources",
        help="Leave out where each value was read (each report's sources, and the spans of "
        "its warnings): the smaller JSON of before.",
    ),
]
_LIMITS = Limits()


def read_options(
    backend: BackendName,
    password: str | None,
    max_pages: int,
    max_mb: int,
    max_decoded_mb: int = _LIMITS.max_decoded // MIB,
    max_objects: int = _LIMITS.max_text_objects,
    ocr: OcrMode = OcrMode.AUTO,
    sources: bool = True,
) -> ParseOptions:
    """The ``ParseOptions`` of the reading flags every command shares."""
    limits = replace(_LIMITS, max_decoded=max_decoded_mb * MIB, max_text_objects=max_objects)
    return ParseOptions(
        backend=backend,
        password=password,
        max_pages=max_pages,
        max_bytes=max_mb * MIB,
        limits=limits,
        ocr=ocr,
        sources=sources,
    )


Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on stderr but errors.")]
Verbose = Annotated[
    bool, typer.Option("--verbose", "-v", help="Also print every warning on stderr.")
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict", help="Exit 1 when a report has warnings (for pipelines that must stop)."
    ),
]


def parse_one_file(file: Path, options: ParseOptions) -> Document:
    """Parse a file, or standard input when ``file`` is ``-``."""
    from .pipeline import parse_bytes, parse_file

    if str(file) != STDIN:
        return parse_file(file, options)
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    return parse_bytes(data, STDIN_NAME, options)


def warning_lines(doc: Document) -> list[str]:
    """Every warning of ``doc`` as a line for stderr (``-v``)."""
    return [
        printable(
            f"reportparse parse: {doc.source.path}#{n}: {w.code.value} at {w.path}"
            + (f" (page {w.page})" if w.page else "")
            + f": {w.message}"
        )
        for n, report in enumerate(doc.reports, start=1)
        for w in report.warnings
    ]


def parse_summary(docs: list[Document], failed: int) -> str:
    """The closing line of ``parse``: how many reports and warnings (and failed files)."""
    reports = sum(len(d.reports) for d in docs)
    warnings = sum(len(r.warnings) for d in docs for r in d.reports)
    line = f"reportparse parse: {_plural(reports, 'report')}, {_plural(warnings, 'warning')}"
    return line + (f"; {_plural(failed, 'file')} failed" if failed else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


@app.command()
def parse(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Report exports: .pdf, or their text layer as .txt; - reads standard input. "
            "Several need --jsonl."
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSON to this file.")
    ] = None,
    compact: Annotated[bool, typer.Option("--compact", help="One line of JSON.")] = False,
    jsonl: Annotated[
        bool,
        typer.Option("--jsonl", help="One document per line (JSON Lines): for several files."),
    ] = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    strict: Strict = False,
    backend: Backend = BackendName.AUTO,
    password: Password = None,
    max_pages: MaxPages = MAX_PAGES,
    max_mb: MaxMb = MAX_BYTES // MIB,
    max_decoded_mb: MaxDecodedMb = _LIMITS.max_decoded // MIB,
    max_objects: MaxObjects = _LIMITS.max_text_objects,
    ocr: Ocr = OcrMode.AUTO,
    no_sources: NoSources = False,
) -> None:
    """Parse exports and print their reports as JSON (see SPEC.md); a summary on stderr.

    Exit status: the error's code (reportparse --help; with several files, the first that
    failed), else 1 with --strict when a report has warnings, else 0.
    """
    from .models import to_json

    if len(files) > 1 and not jsonl:
        raise fail("several files need --jsonl (one document per line)", 2)
    if [str(f) for f in files].count(STDIN) > 1:
        raise fail("standard input (-) can be read only once", 2)
    options = read_options(
        backend, password, max_pages, max_mb, max_decoded_mb, max_objects, ocr, not no_sources
    )
    guarded(lambda: check_output(output))
    docs: list[Document] = []
    lines: list[str] = []
    code = 0
    for file in files:
        try:
            doc = guarded(partial(parse_one_file, file, options))
        except typer.Exit as exc:
            if len(files) == 1:
                raise
            code = code or exc.exit_code  # the others are still parsed
            continue
        docs.append(doc)
        for line in warning_lines(doc) if verbose and not quiet else ():
            typer.echo(line, err=True)
        if not jsonl:
            guarded(partial(write_output, to_json(doc, None if compact else 2), output))
        elif output is None:  # a line as soon as it is parsed: a pipe reads it at once
            guarded(partial(write_output, to_json(doc, None), None))
            sys.stdout.flush()
        else:
            lines.append(to_json(doc, None))
    if lines and output is not None:
        guarded(partial(write_output, "\n".join(lines), output))
    if not quiet:
        typer.echo(parse_summary(docs, len(files) - len(docs)), err=True)
    warned = any(r.warnings for d in docs for r in d.reports)
    raise typer.Exit(code or (1 if strict and warned else 0))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the document `parse` writes."""
    from .models import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


@app.command()
def batch(
    in_dir: Annotated[
        Path,
        typer.Argument(
            help="Folder of exports (.pdf, .txt), searched recursively.",
            exists=True,
            file_okay=False,
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for one JSON per input + manifest.jsonl.")
    ],
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes (default: the CPUs; more than the CPUs is capped, with a note).",
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            min=0,
            help="Seconds per file before its worker is killed; 0: no limit.",
        ),
    ] = 60.0,
    force: Annotated[
        bool, typer.Option("--force", help="Parse every input again, even those already ok.")
    ] = False,
    table: Annotated[
        Path | None,
        typer.Option(
            "--table",
            help="Write every progress round to this .csv or .parquet (a .duckdb file gets "
            "the rounds and the reports tables).",
        ),
    ] = None,
    reports_table: Annotated[
        Path | None,
        typer.Option(
            "--reports-table",
            help="Write one row per report (budgets, dates, rounds, warnings) to this .csv, "
            ".parquet or .duckdb.",
        ),
    ] = None,
    jsonl: Annotated[
        Path | None, typer.Option("--jsonl", help="Write every report as a line of this file.")
    ] = None,
    recycle_after: Annotated[
        int, typer.Option("--recycle-after", min=1, help="Replace a worker after N files.")
    ] = 200,
    worker_memory_mb: Annotated[
        int,
        typer.Option(
            "--worker-memory-mb",
            min=64,
            help="Address space a worker may take; a file that needs more is that file's "
            "error, never the machine's memory.",
        ),
    ] = 2048,
    backend: Backend = BackendName.AUTO,
    password: Password = None,
    max_pages: MaxPages = MAX_PAGES,
    max_mb: MaxMb = MAX_BYTES // MIB,
    max_decoded_mb: MaxDecodedMb = _LIMITS.max_decoded // MIB,
    max_objects: MaxObjects = _LIMITS.max_text_objects,
    ocr: Ocr = OcrMode.AUTO,
    quiet: Quiet = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also print a line for every file done.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when a report has warnings as well.")
    ] = False,
    no_sources: NoSources = False,
) -> None:
    """Parse every export under IN_DIR into OUT_DIR; rerun to resume (see SPEC.md).

    Exit status: 0 every file ok (or skipped as already ok), 1 any file failed (or, with
    --strict, a report has warnings), 2 usage error, 130 interrupted (rerun to resume).
    """
    from .batch.start import prestart

    prestart()  # the workers' forkserver loads the parser while this process imports the rest
    from .batch import run_batch
    from .batch.pool import cap_jobs
    from .batch.ticker import INTERRUPTED, summary_line, ticker

    workers, note = cap_jobs(jobs)
    if note and not quiet:
        typer.echo(f"reportparse batch: note: {note}", err=True)
    display = ticker(sys.stderr, quiet=quiet, verbose=verbose)
    try:
        summary = guarded(
            lambda: run_batch(
                in_dir,
                output,
                jobs=workers,
                timeout=timeout,
                force=force,
                table=table,
                reports_table=reports_table,
                jsonl=jsonl,
                recycle_after=recycle_after,
                worker_memory=worker_memory_mb * MIB,
                progress=display,
                options=read_options(
                    backend,
                    password,
                    max_pages,
                    max_mb,
                    max_decoded_mb,
                    max_objects,
                    ocr,
                    not no_sources,
                ),
            )
        )
    except KeyboardInterrupt:
        display.close()  # the bar first, then the line under it
        typer.echo(INTERRUPTED, err=True)
        raise typer.Exit(130) from None
    finally:
        display.close()
    if not quiet:
        typer.echo(summary_line(summary), err=True)
    raise typer.Exit(summary.exit_code or (1 if strict and summary.warnings else 0))


@app.command()
def diff(
    old: Annotated[
        str,
        typer.Argument(
            help="The old version: .pdf, .txt, or the JSON `parse` wrote; PATH#N picks its "
            "N-th report."
        ),
    ],
    new: Annotated[
        str | None,
        typer.Argument(
            help="The new version, in the same forms. Without it, OLD must hold exactly two "
            "reports, compared in order."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the changes as JSON (SPEC.md), one line a pair.")
    ] = False,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write a self-contained, printable HTML page here."),
    ] = None,
) -> None:
    """Compare two versions of a report: content changes only, never layout.

    Exit status: 0 no change, 1 changes found, 2 error.
    """
    from . import diff as diffs  # its renderers load as they are used

    try:
        check_output(html)
        result = diffs.diff_files(old, new)
        if html is not None:
            write_output(diffs.render_html(result), html)
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        text = diffs.render_json(result) if as_json else diffs.render_text(result, color=color)
    except ReportParseError as exc:
        raise fail(exc.message, 2) from None
    except OSError as exc:
        raise fail(f"{exc.filename or html}: {exc.strerror or exc}", 2) from None
    except Exception as exc:
        if os.environ.get("REPORTPARSE_DEBUG"):
            raise
        raise fail(f"internal error ({type(exc).__name__}: {exc}); report it", 2) from None
    write_output(text, None)
    raise typer.Exit(1 if result.changed else 0)


@app.command()
def review(
    file: Annotated[Path, typer.Argument(help="A report export: .pdf, or its text layer as .txt.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Write the HTML page to this file.")
    ],
    dpi: Annotated[
        int, typer.Option("--dpi", min=36, max=300, help="Resolution of the page images.")
    ] = 96,
    backend: Backend = BackendName.AUTO,
    password: Password = None,
    max_pages: MaxPages = MAX_PAGES,
    max_mb: MaxMb = MAX_BYTES // MIB,
    max_decoded_mb: MaxDecodedMb = _LIMITS.max_decoded // MIB,
    max_objects: MaxObjects = _LIMITS.max_text_objects,
    ocr: Ocr = OcrMode.AUTO,
) -> None:
    """Write one self-contained HTML page to check every value against the page it came from."""
    from .review import review_file

    options = read_options(backend, password, max_pages, max_mb, max_decoded_mb, max_objects, ocr)
    guarded(lambda: check_output(output))
    page = guarded(lambda: review_file(file, options, dpi=dpi))
    guarded(lambda: write_output(page.rstrip("\n"), output))


@app.command()
def text(
    file: Annotated[Path, typer.Argument(help="Any PDF (or a text export).")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the text to this file.")
    ] = None,
    stats: Annotated[
        bool,
        typer.Option(
            "--stats",
            help="Also print, on stderr, the damage counters of each page before and after "
            "repair, the dictionary out-of-vocabulary rate, and every damaged place left.",
        ),
    ] = False,
    backend: Backend = BackendName.AUTO,
    password: Password = None,
    max_pages: MaxPages = MAX_PAGES,
    max_mb: MaxMb = MAX_BYTES // MIB,
    max_decoded_mb: MaxDecodedMb = _LIMITS.max_decoded // MIB,
    max_objects: MaxObjects = _LIMITS.max_text_objects,
    ocr: Ocr = OcrMode.AUTO,
) -> None:
    """Print the repaired text layer of a Thai PDF, pages separated by form feeds."""
    from .extract import extract
    from .textlayer import for_terminal, layer_stats, text_of

    options = read_options(backend, password, max_pages, max_mb, max_decoded_mb, max_objects, ocr)
    guarded(lambda: check_output(output))
    extraction = guarded(lambda: extract(file, options))
    shown = text_of(extraction)
    if output is None and _is_terminal():
        shown = for_terminal(shown)  # a crafted text layer cannot clear the screen or hide lines
    guarded(lambda: write_output(shown, output))
    if stats:
        from .textlayer import render_stats

        typer.echo(render_stats(layer_stats(extraction)), err=True)


def _is_terminal() -> bool:
    return sys.stdout.isatty()


def main() -> None:
    """Run the command line (the console script's ``__main__.main`` calls it, after starting
    ``batch``'s forkserver before this module is even imported).

    When the command is done, the process only has to end: ``gc.freeze`` spares it the
    collection of every object the imports made (about 40 ms of a one-file ``parse``, issue 17).
    Files are closed by their ``with`` blocks and atexit handlers still run."""
    try:
        app()
    finally:
        gc.freeze()
