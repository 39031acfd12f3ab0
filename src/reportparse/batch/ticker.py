"""Progress of a batch for a person: a rich progress bar on a terminal, plain lines in a log.

Contract: ``ticker(stream)`` returns a ``BatchProgress`` (see ``batch``) for ``stream``
(stderr): on a terminal a rich bar with files done, the percentage, pages/s, errors so far,
the time elapsed and left, and the current file (the one last handed to a worker); otherwise a
plain line every ``interval`` seconds with the same figures. Either prints each failed file as
one line when it fails. ``summary_line`` is the closing line the CLI prints after every run
(with where the tables and JSON Lines went); ``INTERRUPTED`` the line after a Ctrl-C.
"""

from __future__ import annotations

import time
from typing import Any, TextIO

from ..errors import display_path
from .core import FileResult, Status, Summary

INTERRUPTED = "reportparse batch: interrupted: rerun the same command to resume"


def _clock(seconds: float) -> str:
    """Seconds as a short duration.

    >>> _clock(75), _clock(3725), _clock(9)
    ('1m15s', '1h02m', '9s')
    """
    s = int(seconds)
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    return f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"


class _Counts:
    """Files, pages and errors so far, and the rates they give."""

    def __init__(self) -> None:
        self.total = self.done = self.parsed = self.pages = self.errors = self.ocr = 0
        self.started = time.monotonic()
        self.current = ""

    def add(self, result: FileResult) -> None:
        self.done += 1
        if result.status is Status.ERROR:
            self.errors += 1
        if result.status is not Status.SKIPPED:
            self.parsed += 1
            self.pages += result.pages or 0
            self.ocr += result.ocr_pages

    def by_ocr(self) -> str:
        """`` (N by OCR)``: the pages read from their image so far, when there are any."""
        return f" ({self.ocr} pages by OCR)" if self.ocr else ""

    def pages_per_second(self) -> float:
        return self.pages / max(time.monotonic() - self.started, 1e-9)

    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 100

    def elapsed(self) -> str:
        return _clock(time.monotonic() - self.started)

    def eta(self) -> str:
        if not self.parsed:
            return "?"
        per_file = (time.monotonic() - self.started) / self.parsed
        return _clock(per_file * (self.total - self.done))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def done_line(result: FileResult) -> str:
    """A file done, for ``-v``."""
    counts = f"{_plural(result.reports, 'report')}, {_plural(result.warnings, 'warning')}"
    return f"reportparse batch: {result.status.value}: {display_path(result.path)} ({counts})"


class PlainTicker:
    """A line every few seconds, for logs and CI (stderr is not a terminal); with ``quiet``
    only the failed files, with ``verbose`` every file as well."""

    def __init__(
        self, stream: TextIO, interval: float = 5.0, *, quiet: bool = False, verbose: bool = False
    ) -> None:
        self.stream, self.interval = stream, interval
        self.quiet, self.verbose = quiet, verbose and not quiet
        self.counts = _Counts()
        self.last = time.monotonic()

    def start(self, total: int) -> None:
        self.counts.total = total
        if not self.quiet:
            self._print(f"reportparse batch: {total} files")

    def working(self, path: str) -> None:
        self.counts.current = path

    def advance(self, result: FileResult) -> None:
        self.counts.add(result)
        if result.status is Status.ERROR:
            self._print(f"reportparse batch: error: {result.error}")
        elif self.verbose:
            self._print(done_line(result))
        if self.quiet:
            return
        if time.monotonic() - self.last >= self.interval:
            self.last = time.monotonic()
            c = self.counts
            self._print(
                f"reportparse batch: {c.done}/{c.total} files ({c.percent()}%),"
                f" {c.pages_per_second():.1f} pages/s{c.by_ocr()}, {c.errors} errors,"
                f" elapsed {c.elapsed()},"
                f" ETA {c.eta()}; now {display_path(c.current)}"
            )

    def close(self) -> None:
        pass

    def _print(self, line: str) -> None:
        print(line, file=self.stream, flush=True)


class RichTicker:
    """A rich progress bar on a terminal."""

    def __init__(self, stream: TextIO, *, verbose: bool = False) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.counts = _Counts()
        self.bar = Progress(
            TextColumn("batch"),
            BarColumn(),
            TaskProgressColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} pages/s{task.fields[ocr]}"),
            TextColumn("{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[current]}", markup=False),
            console=Console(file=stream),
            refresh_per_second=2,
        )
        self.task: Any = None
        self.verbose = verbose

    def start(self, total: int) -> None:
        self.counts.total = total
        self.bar.start()
        self.task = self.bar.add_task(
            "batch", total=total, rate="0.0", errors=0, current="", ocr=""
        )

    def working(self, path: str) -> None:
        self.bar.update(self.task, current=display_path(path)[-60:])

    def advance(self, result: FileResult) -> None:
        self.counts.add(result)
        line = f"error: {result.error}" if result.status is Status.ERROR else None
        if line is None and self.verbose:
            line = done_line(result)
        if line is not None:
            self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        rate = f"{self.counts.pages_per_second():.1f}"
        self.bar.update(
            self.task, advance=1, rate=rate, errors=self.counts.errors, ocr=self.counts.by_ocr()
        )

    def close(self) -> None:
        self.bar.stop()  # (again after a first close: nothing)


def ticker(
    stream: TextIO, interval: float = 5.0, *, quiet: bool = False, verbose: bool = False
) -> PlainTicker | RichTicker:
    """The progress display that suits ``stream`` (``quiet``: failed files only)."""
    if stream.isatty() and not quiet:
        return RichTicker(stream, verbose=verbose)
    return PlainTicker(stream, interval, quiet=quiet, verbose=verbose)


def summary_line(summary: Summary) -> str:
    """The closing line of a batch run."""
    rate = summary.pages / summary.seconds if summary.seconds else 0.0
    written = [f"manifest {display_path(summary.manifest)}"]
    written += [f"table {display_path(path)}" for path in summary.tables]
    if summary.jsonl is not None:
        written.append(f"JSON Lines {display_path(summary.jsonl)}")
    return (
        f"reportparse batch: {summary.files} files: {summary.ok} ok, {summary.error} error,"
        f" {summary.skipped} skipped; {summary.pages} pages parsed"
        + (f" ({summary.ocr_pages} by OCR)" if summary.ocr_pages else "")
        + f" in {summary.seconds:.1f} s"
        f" ({rate:.1f} pages/s); {', '.join(written)}"
    )
