"""Batch: many files → one ``parse`` document each, a manifest, and tables, surviving anything.

Contract:

- ``parse_one(path)`` parses one file in this process and returns a ``FileResult``; a bad file
  is a result with ``status="error"`` and the one-line message of its ``ReportParseError``, never
  an exception. It is the function to map over a Dask, Ray or Spark cluster.
- ``iter_results(paths, jobs=…, timeout=…)`` runs ``parse_one`` in supervised worker processes
  (``pool``) and yields one ``FileResult`` per path, in the order they finish, with its
  ``document``. A file still running after ``timeout`` seconds is ``error`` "timed out" (its
  worker is killed and replaced); a worker that dies (a crash in a PDF library) makes its file
  ``error`` "worker crashed (signal N, …)". Nothing else is lost.
- ``run_batch(in_dir, out_dir)`` is ``reportparse batch``: every ``*.pdf`` / ``*.txt`` under
  ``in_dir`` (recursively, sorted) gives ``out_dir/<path relative to in_dir>.json``, the document
  exactly as ``reportparse parse`` writes it, written by the worker to a hidden temp file, fsynced
  and renamed, so an output is complete or absent. ``out_dir/manifest.jsonl`` gets one line per
  input and run, appended after the output is in place::

      {"path": "a/b.pdf", "sha256": "…", "status": "ok" | "error" | "skipped", "reports": 1,
       "warnings": 2, "error": null, "seconds": 0.41, "pages": 4, "code": null,
       "output": "a/b.pdf.json", "run": "2026-01-31T10:00:00Z"}

  ``path`` is relative to ``in_dir``; ``code`` is the error's stable name (``damaged_pdf``,
  ``timeout``, ``worker_crashed``, …). The state of an input is its last line that is not
  ``skipped``. Resume: a run skips an input whose state is ``ok`` with the same sha256 and whose
  output exists, and writes a ``skipped`` line for it; errors are tried again. So after any
  number of interrupted runs, every input has exactly one ``ok`` line (``--force`` parses all
  again and appends new lines). A truncated last line (the writer was killed) is ignored; the
  manifest is only ever appended to, and locked while a batch writes to ``out_dir``. Hidden
  ``*.tmp`` files in ``out_dir`` are temp files of a killed run and are removed at start.
- Tables (``output``): ``table=`` the progress rounds of every ok report as CSV or Parquet
  (a ``.duckdb`` file: the rounds and the reports tables), ``reports_table=`` one row per
  report; ``jsonl=`` one report per line. All are written atomically at the end of the run,
  include the inputs skipped by resume (read back from their outputs), and are sorted by
  source and report, so the same inputs give the same bytes whatever the jobs and however
  many runs it took.
- ``executor``: how the jobs run (default: the supervised worker pool of ``pool``;
  ``reportparse.dask`` passes a Dask cluster's); the rest of a run is the same.

Test-only hooks, read when a batch starts: ``REPORTPARSE_TEST_HANG=<text>`` makes a worker hang
on every file whose path contains ``<text>``; ``REPORTPARSE_TEST_CRASH=<text>`` makes it die
with SIGSEGV; ``REPORTPARSE_TEST_KILL_AFTER=<n>`` makes the batch SIGKILL itself right after
its n-th manifest line, while its workers are busy. They exist to test the timeout, crash and
resume handling; never set them otherwise.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import resource
import signal
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from ..errors import (
    OutputError,
    OutputPathError,
    ReportParseError,
    TextUnusableError,
    UnreadableFileError,
    display_path,
    output_error,
    printable,
)
from ..extract.records import DECODED
from ..models import Document, WarningCode, to_json
from ..ocr import set_page_hook
from ..options import ParseOptions
from ..options import options as parse_options
from ..output.collect import Collector, scratch_owner, table_plan
from ..output.files import TEMP_NAME, remove_stale_temps, write_atomic
from .manifest import MANIFEST, ManifestWriter, Status, manifest_state, read_manifest
from .names import output_rel, record_names, state_key
from .pool import FailureKind, Outcome, Pool, more_time
from .start import PRELOAD, prestart

SUFFIXES = (".pdf", ".txt")
#: a worker is replaced after this many files, so a slow leak in a library cannot grow
RECYCLE_AFTER = 200
TIMEOUT = 60.0
#: seconds more a file gets for each page it reads by OCR (about 2 s a page at 300 dpi on one
#: core; a scan of 30 pages must not time out where a text layer of 30 would not)
OCR_SECONDS = 10.0
#: the address space a worker may take (a worker parsing a report takes about 100 MB)
WORKER_MEMORY = 2048 * 1024 * 1024
HANG_ENV = "REPORTPARSE_TEST_HANG"
CRASH_ENV = "REPORTPARSE_TEST_CRASH"
KILL_ENV = "REPORTPARSE_TEST_KILL_AFTER"

_FAILURE_CODES = {
    FailureKind.TIMEOUT: "timeout",
    FailureKind.CRASHED: "worker_crashed",
    FailureKind.RAISED: "internal",
}


@dataclass(frozen=True)
class FileResult:
    """What became of one input: counts and the document, or why there is none."""

    path: str
    status: Status
    sha256: str | None = None
    pages: int | None = None
    reports: int = 0
    warnings: int = 0
    error: str | None = None
    code: str | None = None
    seconds: float = 0.0
    document: Document | None = field(default=None, repr=False, compare=False)
    #: pages read from their image by OCR (a scan, or a page whose map OCR votes decoded)
    ocr_pages: int = 0

    def record(self) -> dict[str, Any]:
        """The manifest fields of this result (the name written losslessly)."""
        return {
            **record_names(self.path),
            "sha256": self.sha256,
            "status": self.status.value,
            "reports": self.reports,
            "warnings": self.warnings,
            "error": self.error,
            "seconds": round(self.seconds, 3),
            "pages": self.pages,
            "ocr_pages": self.ocr_pages,
            "code": self.code,
        }


@dataclass(frozen=True)
class Summary:
    """Counts of a batch run; ``exit_code`` is 0 when no input failed, else 1."""

    files: int
    ok: int
    error: int
    skipped: int
    pages: int
    seconds: float
    manifest: Path
    #: the table files written, and the JSON Lines file (None when not asked for)
    tables: tuple[Path, ...] = ()
    jsonl: Path | None = None
    #: the warnings of the reports of the inputs ok (parsed or skipped as already ok)
    warnings: int = 0
    #: of ``pages``, those read from their image by OCR
    ocr_pages: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.error else 0


class BatchProgress(Protocol):
    """What ``run_batch`` tells a progress display."""

    def start(self, total: int) -> None: ...

    def advance(self, result: FileResult) -> None: ...

    # optional: ``working(path)``, told when a file is handed to a worker (the current file)


# --- one file -------------------------------------------------------------------------------


def sha256_file(path: str | Path) -> str | None:
    """The sha256 of a regular file, or None when it cannot be read (a FIFO or a device is
    never opened: reading one would block, or never end)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def parse_one(
    path: str | Path,
    options: ParseOptions | None = None,
    *,
    name: str | None = None,
    **settings: Any,
) -> FileResult:
    """Parse one file into a ``FileResult``; a bad file is an error result, never an exception.
    ``options`` or ``settings`` (``ParseOptions`` fields) say how it is read."""
    from ..pipeline import parse_file

    name = str(path) if name is None else name
    start = time.perf_counter()
    try:
        doc = parse_file(path, options, **settings)
    except ReportParseError as exc:
        error, code = exc.message, exc.code
    except MemoryError:  # the worker's address-space limit, or the machine's memory
        error = f"{display_path(name)}: it needs more memory than a worker may take"
        error, code = error + " (batch --worker-memory-mb)", "out_of_memory"
    except Exception as exc:  # a bug: one file must not stop the others
        what = printable(f"internal error ({type(exc).__name__}: {exc})")
        error, code = f"{display_path(name)}: {what}", "internal"
    else:
        unusable = sorted(
            {w.page or 0 for r in doc.reports for w in r.warnings if w.code is UNUSABLE}
        )
        if unusable:  # what was read is kept out of the tables: an error, with why
            refused = TextUnusableError(
                name, f"page(s) {', '.join(map(str, unusable))} do not read as text"
            )
            return FileResult(
                path=name,
                status=Status.ERROR,
                sha256=doc.source.sha256,
                pages=doc.source.page_count,
                error=refused.message,
                code=refused.code,
                seconds=time.perf_counter() - start,
            )
        return FileResult(
            path=name,
            status=Status.OK,
            sha256=doc.source.sha256,
            pages=doc.source.page_count,
            reports=len(doc.reports),
            warnings=sum(len(r.warnings) for r in doc.reports),
            seconds=time.perf_counter() - start,
            document=doc,
            ocr_pages=ocr_pages(doc),
        )
    return FileResult(
        path=name,
        status=Status.ERROR,
        sha256=sha256_file(path),
        error=" ".join(error.split()),
        code=code,
        seconds=time.perf_counter() - start,
    )


def warm_up() -> None:
    """Load what every parse needs (modules, PDFium, the Thai dictionary) before the first file.

    Not pythainlp's ``newmm`` tokenizer: parsing never uses it (only ``reportparse text
    --stats`` and ``diff`` do), and its trie is 60 MB in every worker."""
    from .. import pipeline  # noqa: F401  (every stage, PDFium included)
    from ..extract import pdf, text  # noqa: F401
    from ..thai.dictionary import words

    words()


@dataclass(frozen=True)
class _Job:
    """What a worker is sent for one input: a path, never its bytes."""

    path: str
    name: str
    output: str | None = None
    keep_document: bool = True
    options: ParseOptions = field(default_factory=ParseOptions)
    hang: str | None = None
    crash: str | None = None


def _run_job(job: _Job) -> FileResult:
    """The worker's side: parse, write the output atomically, send back the result."""
    if job.hang and job.hang in job.name:
        while True:
            time.sleep(3600)
    if job.crash and job.crash in job.name:
        os.kill(os.getpid(), signal.SIGSEGV)
    result = parse_one(job.path, job.options, name=job.name)
    if job.output and result.document is not None:
        try:
            write_json(Path(job.output), to_json(result.document) + "\n")
        except OutputError as exc:
            # a full disk or a read-only folder stops the batch (the parent sees the code);
            # any other failed write is this file's error
            code = exc.code if exc.stops_batch else "write_failed"
            return replace(result, status=Status.ERROR, error=exc.message, code=code, document=None)
    return result if job.keep_document else replace(result, document=None)


def write_json(path: Path, text: str) -> None:
    """Write an output whole or not at all (``output.files.write_atomic``)."""
    write_atomic(path, text)


UNUSABLE = WarningCode.TEXT_UNUSABLE
#: the codes of a result whose output could not be written: its old output stays
_WRITE_FAILED = frozenset({"write_failed", OutputError.code})


def _failed(job: _Job, outcome: Outcome[FileResult]) -> FileResult:
    """The error result of a job whose worker raised, timed out or died."""
    kind = outcome.kind or FailureKind.RAISED
    return FileResult(
        path=job.name,
        status=Status.ERROR,
        sha256=sha256_file(job.path),
        error=f"{display_path(job.name)}: {outcome.failure}",
        code=_FAILURE_CODES[kind],
        seconds=outcome.seconds,
    )


# --- many files ------------------------------------------------------------------------------


def _test_hooks() -> tuple[str | None, str | None]:
    """The test-only hooks (hang, crash), read in the parent: workers may not share its env."""
    return os.environ.get(HANG_ENV) or None, os.environ.get(CRASH_ENV) or None


def _pool(
    jobs: int | None,
    timeout: float | None,
    recycle_after: int | None,
    worker_memory: int | None = WORKER_MEMORY,
) -> Pool[_Job, Any]:
    return Pool(
        _run_job,
        jobs=jobs,
        timeout=timeout,
        recycle_after=recycle_after,
        preload=PRELOAD,
        initializer=functools.partial(start_worker, worker_memory),
    )


def ocr_pages(doc: Document) -> int:
    """The pages of a document read from their image by OCR (``source.pages``)."""
    return sum(1 for p in doc.source.pages if p.read.value == "ocr" or p.method == DECODED)


def start_worker(memory: int | None) -> None:
    """A worker's start: cap its address space at ``memory`` bytes (a library that runs away
    on one file fails that file, never the machine), let every page it reads by OCR give its
    file ``OCR_SECONDS`` more before the timeout, then load what every parse needs."""
    set_page_hook(partial(more_time, OCR_SECONDS))
    if memory:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    warm_up()


def _results(pool: Pool[_Job, Any], jobs: Iterable[_Job]) -> Iterator[FileResult]:
    for job, outcome in pool.imap_unordered(jobs):
        yield outcome.value if outcome.value is not None else _failed(job, outcome)


#: how a run's jobs are run: jobs in, one ``FileResult`` per job out, in any order
Executor = Callable[[Iterable[_Job]], Iterable[FileResult]]


def _announced(jobs: Iterable[_Job], progress: BatchProgress | None) -> Iterator[_Job]:
    """The jobs, telling ``progress`` of each as it is handed out (its current file)."""
    working = getattr(progress, "working", None)
    for job in jobs:
        if working is not None:
            working(job.name)
        yield job


def iter_results(
    paths: Iterable[str | Path],
    *,
    jobs: int | None = None,
    timeout: float | None = TIMEOUT,
    recycle_after: int | None = RECYCLE_AFTER,
    worker_memory: int | None = WORKER_MEMORY,
    options: ParseOptions | None = None,
    **settings: Any,
) -> Iterator[FileResult]:
    """Parse files in ``jobs`` worker processes; yield a ``FileResult`` per path as each ends.
    ``options`` or ``settings`` (``ParseOptions`` fields) say how each is read."""
    options = parse_options(options, **settings)
    hang, crash = _test_hooks()
    todo = (_Job(str(p), str(p), options=options, hang=hang, crash=crash) for p in paths)
    yield from _results(_pool(jobs, timeout, recycle_after, worker_memory), todo)


def discover(
    in_dir: Path, exclude: Path | None = None, unreadable: list[str] | None = None
) -> list[str]:
    """Every ``*.pdf`` / ``*.txt`` under ``in_dir`` (any case), as sorted relative POSIX paths;
    the folders that could not be listed go to ``unreadable`` (relative, with the reason)."""
    found = []
    skip = exclude.resolve() if exclude else None

    def failed(exc: OSError) -> None:
        if unreadable is not None:
            where = os.path.relpath(exc.filename, in_dir) if exc.filename else "?"
            unreadable.append(f"{where}: {exc.strerror or exc}")

    for root, dirs, files in os.walk(in_dir, onerror=failed):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if skip is None or (here / d).resolve() != skip)
        found += [
            (here / f).relative_to(in_dir).as_posix()
            for f in files
            if f.lower().endswith(SUFFIXES) and not TEMP_NAME.match(f)
        ]
    return sorted(found)


def _output_of(out_dir: Path, rel: str) -> Path:
    return out_dir / output_rel(rel)


def _not_regular(src: Path, rel: str) -> FileResult | None:
    """The error of an input that is no regular file (a FIFO, a link to a device), which
    must never be opened; None for a regular file."""
    try:
        regular = stat.S_ISREG(os.stat(src / rel).st_mode)
        problem = "it is not a regular file"
    except OSError as exc:
        regular, problem = False, exc.strerror or str(exc)
    if regular:
        return None
    error = UnreadableFileError(rel, problem)
    return FileResult(rel, Status.ERROR, error=error.message, code=error.code)


def _open_out_dir(dst: Path) -> None:
    """Make the output folder; a file in its place is a usage error."""
    if dst.exists() and not dst.is_dir():
        raise OutputPathError(dst, "it is a file: give a folder for the outputs")
    try:
        dst.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(dst, exc) from None


def _resumable(in_dir: Path, out_dir: Path, rel: str, state: dict[str, Any] | None) -> bool:
    """True when ``rel`` was parsed ok, its output is there, and its content has not changed."""
    if not state or state.get("status") != Status.OK.value:
        return False
    output = _output_of(out_dir, rel)
    if not output.is_file() or output.stat().st_size == 0:
        return False
    return sha256_file(in_dir / rel) == state.get("sha256")


def _skipped(rel: str, state: dict[str, Any]) -> FileResult:
    return FileResult(
        path=rel,
        status=Status.SKIPPED,
        sha256=state.get("sha256"),
        pages=state.get("pages"),
        reports=state.get("reports") or 0,
        warnings=state.get("warnings") or 0,
    )


class _CtrlC:
    """Ctrl-C in a batch: raises ``KeyboardInterrupt`` as Python's own handler does, and
    remembers it. Python swallows an exception raised while a ``__del__`` runs (a collected
    pipe's, a process's): such a Ctrl-C would be lost and the batch run on to exit 0. The
    batch asks ``seen`` after each file and at its end. Installed in place of Python's own
    handler, from the main thread only, and the old handler put back on leaving."""

    def __init__(self) -> None:
        self.seen = False
        self._old: Any = None

    def __call__(self, signum: int, frame: Any) -> None:
        self.seen = True
        raise KeyboardInterrupt

    def check(self) -> None:
        if self.seen:
            raise KeyboardInterrupt

    def __enter__(self) -> _CtrlC:
        # only in place of Python's own handler: a batch started with SIGINT ignored (in the
        # background, under nohup) goes on ignoring it, and a caller's own handler stands
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            with contextlib.suppress(ValueError):  # not the main thread: Python's own handler
                self._old = signal.signal(signal.SIGINT, self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


def run_batch(
    in_dir: str | Path,
    out_dir: str | Path,
    *,
    jobs: int | None = None,
    timeout: float | None = TIMEOUT,
    force: bool = False,
    table: str | Path | None = None,
    jsonl: str | Path | None = None,
    recycle_after: int | None = RECYCLE_AFTER,
    progress: BatchProgress | None = None,
    worker_memory: int | None = WORKER_MEMORY,
    options: ParseOptions | None = None,
    reports_table: str | Path | None = None,
    executor: Executor | None = None,
    **settings: Any,
) -> Summary:
    """Parse every export under ``in_dir`` into ``out_dir`` (see the module docstring)."""
    with _CtrlC() as ctrl_c:
        started = time.perf_counter()
        if executor is None:  # made first: a script without its __main__ guard is refused at once
            pool = _pool(jobs, timeout, recycle_after, worker_memory)
            prestart()  # the forkserver loads while the tree is walked and the manifest read
            executor = functools.partial(_results, pool)
        plan = table_plan(table, reports_table)
        if jsonl is not None and Path(jsonl).is_dir():
            raise OutputPathError(jsonl, "it is a folder: give a file name")
        src, dst = Path(in_dir), Path(out_dir)
        unlisted: list[str] = []
        inputs = discover(src, exclude=dst, unreadable=unlisted)
        _open_out_dir(dst)
        manifest = ManifestWriter(dst / MANIFEST)
        sinks = None
        counts = dict.fromkeys(Status, 0)
        pages = warnings = ocr = 0
        try:
            sinks_at = [*plan, *((Path(jsonl), scratch_owner(Path(jsonl))) if jsonl else ())]
            # before the sinks open their own temp files
            remove_stale_temps([*(_output_of(dst, rel) for rel in inputs), *sinks_at])
            sinks = Collector(plan, Path(jsonl) if jsonl else None)
            state = {} if force else manifest_state(read_manifest(manifest.path))
            run = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")  # unique per run
            if progress:
                progress.start(len(inputs))

            kill_after = int(os.environ.get(KILL_ENV) or 0)

            def record(result: FileResult) -> None:
                nonlocal warnings
                failed = result.status is Status.ERROR
                if failed and result.code not in _WRITE_FAILED:
                    # the input fails now: its old document must not stand for it (an output
                    # that could not be written keeps the old one: nothing replaces it)
                    with contextlib.suppress(OSError):
                        _output_of(dst, result.path).unlink(missing_ok=True)
                output = {} if failed else record_names(output_rel(result.path), "output")
                manifest.append({**result.record(), "output": None, **output, "run": run})
                counts[result.status] += 1
                warnings += result.warnings
                if kill_after and sum(counts.values()) == kill_after:
                    os.kill(os.getpid(), signal.SIGKILL)  # the test hook: as kill -9 would
                if progress:
                    progress.advance(result)
                ctrl_c.check()
                if result.code == OutputError.code:  # a full disk or read-only folder: stop
                    raise OutputError(dst, f"{result.error}; rerun the same command to resume")

            for problem in unlisted:  # a folder that could not be listed: its files are unknown
                record(
                    FileResult(
                        problem.split(": ", 1)[0],
                        Status.ERROR,
                        error=problem,
                        code=UnreadableFileError.code,
                    )
                )
            todo = []
            for rel in inputs:
                key = state_key(rel)
                if (bad := _not_regular(src, rel)) is not None:
                    record(bad)
                elif _resumable(src, dst, rel, state.get(key)):
                    record(_skipped(rel, state[key]))
                    if sinks.wanted:
                        text = _output_of(dst, rel).read_text(encoding="utf-8")
                        sinks.add(rel, Document.model_validate_json(text))
                else:
                    todo.append(rel)
            opts = parse_options(options, **settings)
            hang, crash = _test_hooks()
            jobs_ = (
                _Job(
                    str(src / rel),
                    rel,
                    output=str(_output_of(dst, rel)),
                    keep_document=sinks.wanted,
                    options=opts,
                    hang=hang,
                    crash=crash,
                )
                for rel in todo
            )
            for result in executor(_announced(jobs_, progress)):
                record(replace(result, document=None))
                pages += result.pages or 0
                ocr += result.ocr_pages
                if result.document is not None:
                    sinks.add(result.path, result.document)
            sinks.finish()
        except BaseException:
            if sinks is not None:
                sinks.abandon()
            raise
        finally:
            manifest.close()
        ctrl_c.check()  # a Ctrl-C Python swallowed while the last files finished
    return Summary(
        files=len(inputs),
        ok=counts[Status.OK],
        error=counts[Status.ERROR],
        skipped=counts[Status.SKIPPED],
        pages=pages,
        seconds=time.perf_counter() - started,
        manifest=manifest.path,
        tables=tuple(plan),
        jsonl=Path(jsonl) if jsonl is not None else None,
        warnings=warnings,
        ocr_pages=ocr,
    )
