"""Progress of a batch for a person: a rich progress bar on a terminal, plain lines in a log.

Contract: ``ticker(stream)`` returns a ``BatchProgress`` (see ``batch``) for ``stream``
(stderr): on a terminal a rich bar with files done, pages/s, errors so far and the time left;
otherwise a plain line every ``interval`` seconds. Either prints each failed file as one line
when it fails. ``summary_line`` is the closing line the CLI prints after every run.
"""

from __future__ import annotations

import time
from typing import Any, TextIO

from ..errors import display_path
from .core import FileResult, Status, Summary


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
        self.total = self.done = self.parsed = self.pages = self.errors = 0
        self.started = time.monotonic()

    def add(self, result: FileResult) -> None:
        self.done += 1
        if result.status is Status.ERROR:
            self.errors += 1
        if result.status is not Status.SKIPPED:
            self.parsed += 1
            self.pages += result.pages or 0

    def pages_per_second(self) -> float:
        return self.pages / max(time.monotonic() - self.started, 1e-9)

    def eta(self) -> str:
        if not self.parsed:
            return "?"
        per_file = (time.monotonic() - self.started) / self.parsed
        return _clock(per_file * (self.total - self.done))


class PlainTicker:
    """A line every few seconds, for logs and CI (stderr is not a terminal)."""

    def __init__(self, stream: TextIO, interval: float = 5.0) -> None:
        self.stream, self.interval = stream, interval
        self.counts = _Counts()
        self.last = time.monotonic()

    def start(self, total: int) -> None:
        self.counts.total = total
        self._print(f"reportparse batch: {total} files")

    def advance(self, result: FileResult) -> None:
        self.counts.add(result)
        if result.status is Status.ERROR:
            self._print(f"reportparse batch: error: {result.error}")
        if time.monotonic() - self.last >= self.interval:
            self.last = time.monotonic()
            c = self.counts
            self._print(
                f"reportparse batch: {c.done}/{c.total} files, {c.pages_per_second():.1f} pages/s,"
                f" {c.errors} errors, ETA {c.eta()}"
            )

    def close(self) -> None:
        pass

    def _print(self, line: str) -> None:
        print(line, file=self.stream, flush=True)


class RichTicker:
    """A rich progress bar on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.counts = _Counts()
        self.bar = Progress(
            TextColumn("batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} pages/s"),
            TextColumn("{task.fields[errors]} errors"),
            TimeRemainingColumn(),
            console=Console(file=stream),
            refresh_per_second=2,
        )
        self.task: Any = None

    def start(self, total: int) -> None:
        self.counts.total = total
        self.bar.start()
        self.task = self.bar.add_task("batch", total=total, rate="0.0", errors=0)

    def advance(self, result: FileResult) -> None:
        self.counts.add(result)
        if result.status is Status.ERROR:
            self.bar.console.print(
                f"error: {result.error}", markup=False, highlight=False, soft_wrap=True
            )
        rate = f"{self.counts.pages_per_second():.1f}"
        self.bar.update(self.task, advance=1, rate=rate, errors=self.counts.errors)

    def close(self) -> None:
        self.bar.stop()


def ticker(stream: TextIO, interval: float = 5.0) -> PlainTicker | RichTicker:
    """The progress display that suits ``stream``."""
    return RichTicker(stream) if stream.isatty() else PlainTicker(stream, interval)


def summary_line(summary: Summary) -> str:
    """The closing line of a batch run."""
    rate = summary.pages / summary.seconds if summary.seconds else 0.0
    return (
        f"reportparse batch: {summary.files} files: {summary.ok} ok, {summary.error} error,"
        f" {summary.skipped} skipped; {summary.pages} pages parsed in {summary.seconds:.1f} s"
        f" ({rate:.1f} pages/s); manifest {display_path(summary.manifest)}"
    )
