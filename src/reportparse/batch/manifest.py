"""The manifest of a batch: an append-only log, one JSON line per input and run.

Contract: ``ManifestWriter(path)`` opens ``manifest.jsonl`` for appending, locked so that a
second batch on the same folder is refused (``OutputBusyError``), and first ends a line left
unfinished by a killed run so the next line cannot join it; ``append`` writes each line with
one ``write()``, so a kill leaves whole lines and at worst one partial last line; lines are
fsynced at most once a second and at ``close`` (a kill loses nothing written, only a power
cut can). ``read_manifest`` returns the whole lines, skipping a partial one, and
``manifest_state`` the state of each input: its last line that is not ``skipped``.
A line's input is named by ``names.record_names`` (readable, plus its bytes when they are not
UTF-8) and matched by ``names.record_key``. Failing to open or append (a read-only folder, a
full disk) is an ``OutputError``: the lines already written stay whole, and a rerun resumes.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import time
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

from ..errors import OutputError, ReportParseError, output_error
from .names import record_key

MANIFEST = "manifest.jsonl"
#: the manifest is fsynced at most this often
_FSYNC_EVERY = 1.0


class Status(str, Enum):
    OK = "ok"
    ERROR = "error"
    SKIPPED = "skipped"


class OutputBusyError(ReportParseError):
    """Another batch is writing to the same output folder."""

    exit_code = 2
    code = "output_busy"

    @property
    def what(self) -> str:
        return "another reportparse batch is writing to this folder"

    @property
    def hint(self) -> str:
        return "wait for it to finish, or give another -o"


def read_manifest(path: Path) -> list[dict[str, Any]]:
    """The lines of a manifest, leaving out any that is not whole (a run killed mid-write)."""
    records = []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "path" in record and "status" in record:
            records.append(record)
    return records


def manifest_state(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The state of each input (by ``names.state_key``): its last line that is not
    ``skipped``."""
    return {record_key(r): r for r in records if r["status"] != Status.SKIPPED.value}


class ManifestWriter:
    """The manifest, open for appending, locked against a second batch."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            # 0o666: the umask decides, as for every other output
            self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        except OSError as exc:
            raise output_error(path, exc) from None
        self._lock()
        self._synced = time.monotonic()
        if self._ends_mid_line():
            self._write(b"\n")  # close the partial line, or the next one joins it

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            return
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise OutputBusyError(self.path.parent) from None

    def _ends_mid_line(self) -> bool:
        size = os.fstat(self.fd).st_size
        if not size:
            return False
        with open(self.path, "rb") as f:
            f.seek(size - 1)
            return f.read(1) != b"\n"

    def append(self, record: dict[str, Any]) -> None:
        # one write() per line: a kill leaves whole lines, at worst a last partial one
        self._write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        if time.monotonic() - self._synced > _FSYNC_EVERY:
            self._sync()

    def _write(self, data: bytes) -> None:
        try:
            written = os.write(self.fd, data)
        except OSError as exc:
            raise output_error(self.path, exc) from None
        if written != len(data):  # a full disk takes part of a line: end it, and stop
            with contextlib.suppress(OSError):
                os.write(self.fd, b"\n")
            raise OutputError(self.path, "the disk is full", errno=errno.ENOSPC)

    def _sync(self) -> None:
        try:
            os.fsync(self.fd)
        except OSError as exc:
            raise output_error(self.path, exc) from None
        self._synced = time.monotonic()

    def close(self) -> None:
        try:
            self._sync()
        finally:
            os.close(self.fd)
