"""reportparse.dask: a batch on a Dask cluster gives what `reportparse batch` gives, byte for byte.

A ``distributed.LocalCluster`` of two worker processes (one thread each) parses a small folder
of fixture PDFs and texts; its per-file JSON, tables and JSON Lines must equal those of
``run_batch`` on the same folder, and its manifest the same lines (but when and how long). A
second run resumes: it skips everything. A file that kills its worker costs only itself.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reportparse.batch import CRASH_ENV, run_batch
from reportparse.batch.manifest import MANIFEST

from .conftest import FIXTURES, require_optional

PDFS = sorted((FIXTURES / "pdf").glob("r0[1-4]*.pdf"))[:6]
TEXTS = sorted((FIXTURES / "reports").glob("*.txt"))[:4]
SINKS = {"table": "rounds.csv", "reports_table": "reports.parquet", "jsonl": "reports.jsonl"}
#: manifest fields that differ between any two runs
PER_RUN = ("run", "seconds")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    try:
        import distributed
    except ImportError:
        distributed = None
    require_optional("" if distributed else "pip install 'reportparse[dask]'")
    assert distributed is not None
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("dask") / "in"
    (src / "pdf").mkdir(parents=True)
    for path in PDFS:
        shutil.copy(path, src / "pdf" / path.name)
    for path in TEXTS:
        shutil.copy(path, src / path.name)
    return src


def files(where: Path) -> dict[str, bytes]:
    return {
        p.relative_to(where).as_posix(): p.read_bytes()
        for p in sorted(where.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def manifest(out: Path) -> list[dict[str, Any]]:
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    records = [{k: v for k, v in json.loads(line).items() if k not in PER_RUN} for line in lines]
    return sorted(records, key=lambda r: r["path"])


def test_dask_gives_the_bytes_batch_gives(client: Any, folder: Path) -> None:
    from reportparse import dask as rpdask

    root = folder.parent
    local = run_batch(
        folder, root / "local" / "out", **{k: root / "local" / v for k, v in SINKS.items()}
    )
    dask = rpdask.run_batch(
        folder,
        root / "dask" / "out",
        client=client,
        partition_size=3,  # four tasks over the two workers
        **{k: root / "dask" / v for k, v in SINKS.items()},
    )
    assert (dask.ok, dask.error, dask.files) == (local.ok, local.error, local.files) == (10, 0, 10)
    expected, got = files(root / "local"), files(root / "dask")
    assert set(got) == set(expected) and len(got) == 10 + 3
    assert [p for p in expected if got[p] != expected[p]] == []
    assert manifest(root / "dask" / "out") == manifest(root / "local" / "out")


def test_dask_resumes_like_batch(client: Any, folder: Path) -> None:
    from reportparse import dask as rpdask

    out = folder.parent / "resume" / "out"
    first = rpdask.run_batch(folder, out, client=client)
    again = rpdask.run_batch(folder, out, client=client, table=out.parent / "rounds.csv")
    assert (first.ok, again.ok, again.skipped) == (10, 0, 10)
    local = folder.parent / "resume-local.csv"
    run_batch(folder, folder.parent / "resume-local", table=local)
    assert (out.parent / "rounds.csv").read_bytes() == local.read_bytes()


def test_a_file_that_kills_its_worker_costs_only_itself(
    client: Any, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportparse import dask as rpdask

    monkeypatch.setenv(CRASH_ENV, "r02_")  # the test hook: that worker dies with SIGSEGV
    out = folder.parent / "crash" / "out"
    # a task that killed a worker is given up at once (default: tried on three more workers)
    allowed = client.run_on_scheduler(_set_allowed_failures, 0)
    try:
        summary = rpdask.run_batch(folder, out, client=client, partition_size=10)
    finally:
        client.run_on_scheduler(_set_allowed_failures, allowed)
    lines = {r["path"]: r for r in manifest(out)}
    crashed = [p for p, r in lines.items() if r["status"] == "error"]
    assert crashed and all("r02_" in p for p in crashed)
    assert {lines[p]["code"] for p in crashed} == {"worker_crashed"}
    assert summary.ok == 10 - len(crashed)


def _set_allowed_failures(value: int, dask_scheduler: Any) -> int:
    before = dask_scheduler.allowed_failures
    dask_scheduler.allowed_failures = value
    return int(before)
