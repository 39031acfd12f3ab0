"""Past one machine: ``reportparse batch`` on a Dask cluster (the extra ``reportparse[dask]``).

Contract: ``run_batch(in_dir, out_dir, client=…)`` is ``reportparse.batch.run_batch`` with the
files parsed on the workers of a ``distributed`` cluster instead of local processes: the same
per-file JSON (each worker writes its files' outputs, atomically, so ``out_dir`` must be a
folder every worker sees: one machine, or a shared file system), the same manifest lines
(written here as each task ends, so an interrupted run resumes the same way), the same tables
and JSON Lines, byte for byte. Files go to the cluster in tasks of ``partition_size`` files
(``dask.delayed`` over ``batch``'s own job function); a task whose worker died is run again
one file a task (and a file that fails alone once more, by itself, as it may only have shared
the worker of the file that killed it), so a file that kills its worker is that file's
``worker_crashed`` error and costs no other file its result. There is no per-file timeout on
Dask (a worker process may not start the supervised pool of ``batch``): bound a runaway with
Dask's own worker memory limit.

Without dask and distributed, importing this module raises ``MissingExtraError`` naming the
extra to install.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .batch.core import (
    BatchProgress,
    FileResult,
    Status,
    Summary,
    _Job,
    _run_job,
    sha256_file,
)
from .batch.core import run_batch as _run_batch
from .errors import display_path
from .options import ParseOptions
from .output.frames import MissingExtraError

try:
    import dask
    import distributed
except ImportError:
    raise MissingExtraError(
        "reportparse.dask needs dask and distributed: pip install 'reportparse[dask]'"
    ) from None

#: files per Dask task: large enough that scheduling costs little next to parsing
PARTITION_SIZE = 100


def _run_chunk(jobs: list[_Job]) -> list[FileResult]:
    """A task: ``batch``'s job function over a few files, on a Dask worker."""
    return [_run_job(job) for job in jobs]


def _lost(job: _Job, exc: BaseException) -> FileResult:
    """The error result of a file whose task failed even alone (its worker died)."""
    return FileResult(
        path=job.name,
        status=Status.ERROR,
        sha256=sha256_file(job.path),
        error=f"{display_path(job.name)}: worker crashed (Dask: {type(exc).__name__})",
        code="worker_crashed",
    )


class DaskExecutor:
    """Runs a batch's jobs on a Dask cluster, in tasks of ``partition_size`` files."""

    def __init__(self, client: Any, partition_size: int = PARTITION_SIZE) -> None:
        if partition_size < 1:
            raise ValueError(f"partition_size must be at least 1, not {partition_size}")
        self.client = client
        self.partition_size = partition_size

    def __call__(self, jobs: Iterable[_Job]) -> Iterator[FileResult]:
        todo = list(jobs)
        chunks = [
            todo[i : i + self.partition_size] for i in range(0, len(todo), self.partition_size)
        ]
        tasks = [dask.delayed(_run_chunk, pure=False)(chunk) for chunk in chunks]
        futures = self.client.compute(tasks)
        held = {future.key: chunk for future, chunk in zip(futures, chunks, strict=True)}
        for future in distributed.as_completed(futures):
            try:
                yield from future.result()
            except Exception:  # its worker died (KilledWorker): each file again, alone
                yield from self._alone(held[future.key])
            finally:
                future.release()

    def _alone(self, chunk: list[_Job]) -> Iterator[FileResult]:
        """The files of a failed task, one task each; a file whose task fails again may only
        have shared a worker with the one that kills it: it is run once more, with nothing
        else of this run's retries beside it, before it counts as lost."""
        futures = {self.client.submit(_run_job, job, pure=False): job for job in chunk}
        again = []
        for future in distributed.as_completed(list(futures)):
            try:
                yield future.result()
            except Exception:
                again.append(futures[future])
        for job in again:
            try:
                yield self.client.submit(_run_job, job, pure=False).result()
            except Exception as exc:
                yield _lost(job, exc)


def default_client() -> Any:
    """The Dask client this process made last, with a message that says how to make one."""
    try:
        return distributed.get_client()
    except ValueError:
        raise ValueError(
            "no Dask client: make one first (distributed.Client(address) for a cluster, "
            "distributed.LocalCluster() for this machine) or pass client="
        ) from None


def run_batch(
    in_dir: str | Path,
    out_dir: str | Path,
    *,
    client: Any = None,
    partition_size: int = PARTITION_SIZE,
    force: bool = False,
    table: str | Path | None = None,
    reports_table: str | Path | None = None,
    jsonl: str | Path | None = None,
    progress: BatchProgress | None = None,
    options: ParseOptions | None = None,
    **settings: Any,
) -> Summary:
    """``reportparse.batch.run_batch`` on the workers of a Dask ``client`` (see the module)."""
    executor = DaskExecutor(client or default_client(), partition_size)
    return _run_batch(
        in_dir,
        out_dir,
        force=force,
        table=table,
        reports_table=reports_table,
        jsonl=jsonl,
        progress=progress,
        options=options,
        executor=executor,
        **settings,
    )
