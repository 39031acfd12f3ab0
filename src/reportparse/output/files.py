"""Files: every file reportparse writes is written whole or not at all, and only its own.

Contract: ``write_atomic(path, text)`` writes through a temp file beside ``path`` (fsynced,
then renamed over it), so a reader sees the old file or the new one, never half. The temp
file's name is one only reportparse writes — ``.reportparse-<hash of the name>-<pid>.tmp`` —
and short whatever the length of ``path``'s name; ``stale_temps(paths)`` finds the ones a
killed run left for those very paths and nothing else, so a cleanup never touches a file
another program made. A failed write raises the ``ReportParseError`` a user can act on
(``errors.output_error``: a full disk, a read-only folder, a folder given for a file).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import output_error

TEMP_PREFIX = ".reportparse-"
#: a temp file of reportparse: the hash of the output's name, the writer's process id
TEMP_NAME = re.compile(r"^\.reportparse-(?P<hash>[0-9a-f]{16})-\d+\.tmp$")


def _hash(name: str) -> str:
    return hashlib.sha256(os.fsencode(name)).hexdigest()[:16]


def temp_path(path: Path) -> Path:
    """The temp file ``path`` is written through (beside it, so the rename is atomic)."""
    return path.with_name(f"{TEMP_PREFIX}{_hash(path.name)}-{os.getpid()}.tmp")


def stale_temps(paths: Iterable[Path]) -> list[Path]:
    """The temp files that a killed run left beside ``paths`` for those very paths (and
    nothing else: not another program's ``.x.tmp``, not a temp of a file not in ``paths``);
    one listing per folder."""
    wanted: dict[Path, set[str]] = {}
    for path in paths:
        wanted.setdefault(path.parent, set()).add(_hash(path.name))
    found = []
    for folder, hashes in wanted.items():
        try:
            names = os.listdir(folder)
        except OSError:
            continue  # not made yet, or unreadable: nothing of ours is in it
        found += [
            folder / n
            for n in names
            if n.startswith(TEMP_PREFIX) and (m := TEMP_NAME.match(n)) and m["hash"] in hashes
        ]
    return found


def remove_stale_temps(paths: Iterable[Path]) -> int:
    """Remove ``stale_temps(paths)``; how many there were."""
    stale = stale_temps(paths)
    for tmp in stale:
        discard(tmp)
    return len(stale)


def write_atomic(path: Path, text: str, *, make_parents: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all."""
    write_through(path, lambda tmp: tmp.write_bytes(text.encode("utf-8")), make_parents)


def write_through(path: Path, fill: Callable[[Path], object], make_parents: bool = True) -> None:
    """Let ``fill`` write the temp file of ``path``, then fsync it and rename it over
    ``path``; a failure leaves ``path`` as it was and no temp file."""
    tmp = temp_path(path)
    try:
        if make_parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(path))
        fill(tmp)
        finish(tmp, path)
    except OSError as exc:
        discard(tmp)
        raise output_error(path, exc) from None
    except BaseException:
        discard(tmp)
        raise


def finish(tmp: Path, path: Path) -> None:
    """Make a written temp file durable and put it in place of ``path``."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def discard(tmp: Path) -> None:
    """Remove a temp file, if it is there and can be."""
    # (the folder gone or read-only: there is no temp file to remove either)
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)
