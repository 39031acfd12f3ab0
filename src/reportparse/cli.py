"""The command line: thin typer commands over the library.

Contract: each command parses its arguments, calls one library function and writes the result.
A ``ReportParseError`` becomes a one-line message on stderr and its documented exit code; no
input makes a traceback (set ``REPORTPARSE_DEBUG=1`` to see one for a bug).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from ._version import __version__
from .errors import EXIT_CODES, OutputError, OutputPathError, ReportParseError
from .models import json_schema, to_json
from .options import MAX_BYTES, MAX_PAGES, MIB, Limits, OcrMode, ParseOptions
from .options import Backend as BackendName

EXIT_HELP = "\b\nExit codes:\n" + "\n".join(
    f"  {code:>2}  {text}" for code, text in EXIT_CODES.items()
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


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="A report export: .pdf, or its text layer as .txt.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSON to this file.")
    ] = None,
    compact: Annotated[bool, typer.Option("--compact", help="One line of JSON.")] = False,
    backend: Backend = BackendName.AUTO,
    password: Password = None,
    max_pages: MaxPages = MAX_PAGES,
    max_mb: MaxMb = MAX_BYTES // MIB,
    max_decoded_mb: MaxDecodedMb = _LIMITS.max_decoded // MIB,
    max_objects: MaxObjects = _LIMITS.max_text_objects,
    ocr: Ocr = OcrMode.AUTO,
    no_sources: NoSources = False,
) -> None:
    """Parse one export and print its reports as JSON (see SPEC.md)."""
    from .pipeline import parse_file

    options = read_options(
        backend, password, max_pages, max_mb, max_decoded_mb, max_objects, ocr, not no_sources
    )
    guarded(lambda: check_output(output))
    doc = guarded(lambda: parse_file(file, options))
    guarded(lambda: write_output(to_json(doc, None if compact else 2), output))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the document `parse` writes."""
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
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: the CPUs)."),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0, help="Seconds per file before its worker is killed."),
    ] = 60.0,
    force: Annotated[
        bool, typer.Option("--force", help="Parse every input again, even those already ok.")
    ] = False,
    table: Annotated[
        Path | None,
        typer.Option("--table", help="Write every progress round to this .csv or .parquet."),
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
    no_sources: NoSources = False,
) -> None:
    """Parse every export under IN_DIR into OUT_DIR; rerun to resume (see SPEC.md).

    Exit status: 0 every file ok (or skipped as already ok), 1 any file failed, 2 usage error.
    """
    from .batch import run_batch
    from .batch.ticker import summary_line, ticker

    display = ticker(sys.stderr)
    try:
        summary = guarded(
            lambda: run_batch(
                in_dir,
                output,
                jobs=jobs,
                timeout=timeout,
                force=force,
                table=table,
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
    finally:
        display.close()
    typer.echo(summary_line(summary), err=True)
    raise typer.Exit(summary.exit_code)


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
    from .diff import diff_files, render_html, render_json, render_text

    try:
        check_output(html)
        result = diff_files(old, new)
        if html is not None:
            write_output(render_html(result), html)
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        text = render_json(result) if as_json else render_text(result, color=color)
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
    from .textlayer import layer_stats, text_of

    options = read_options(backend, password, max_pages, max_mb, max_decoded_mb, max_objects, ocr)
    guarded(lambda: check_output(output))
    extraction = guarded(lambda: extract(file, options))
    guarded(lambda: write_output(text_of(extraction), output))
    if stats:
        from .textlayer import render_stats

        typer.echo(render_stats(layer_stats(extraction)), err=True)


def main() -> None:
    """Entry point of the ``reportparse`` console script."""
    app()
