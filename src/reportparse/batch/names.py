"""Names: what a batch writes for an input, whatever the input's name.

Contract: ``output_rel(rel)`` is the output of the input ``rel`` (relative to the input
folder): ``rel + ".json"``, except that a file name too long for the file system (255 bytes)
is shortened, keeping its start, with a hash of the whole name so two names never meet
(outputs are written through ``output.files``). ``record_names(rel)`` gives the manifest's
fields for a name: ``path`` as a person reads it, and ``path_bytes`` (the name's bytes in
hex) when they are not UTF-8 (TIS-620 names from an archive unzipped on Windows), so the
manifest holds every name losslessly; ``state_key`` is what a rerun matches its lines by.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from ..errors import display_path

#: the longest file name (one path component) the usual file systems hold, in bytes
NAME_MAX = 255
SUFFIX = ".json"


def _hash(name: str) -> str:
    return hashlib.sha256(os.fsencode(name)).hexdigest()[:16]


def output_rel(rel: str) -> str:
    """The output of input ``rel``, a relative POSIX path, shortened where it must be.

    >>> output_rel("a/b.pdf")
    'a/b.pdf.json'
    >>> len(os.fsencode(output_rel("ก" * 84 + ".pdf").rsplit("/", 1)[-1])) <= NAME_MAX
    True
    """
    head, _, name = rel.rpartition("/")
    out = name + SUFFIX
    if len(os.fsencode(out)) > NAME_MAX:
        mark = f"~{_hash(name)[:10]}{SUFFIX}"
        keep = NAME_MAX - len(mark)
        kept, size = [], 0
        for ch in name:  # whole characters: a cut never splits a Thai letter's bytes
            size += len(os.fsencode(ch))
            if size > keep:
                break
            kept.append(ch)
        out = "".join(kept) + mark
    return f"{head}/{out}" if head else out


def encodable(name: str) -> bool:
    """Whether ``name`` is text (UTF-8); a name os.fsdecode read from other bytes is not."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def record_names(rel: str, field: str = "path") -> dict[str, Any]:
    """The manifest fields of a name: readable, and its bytes in hex when not UTF-8.

    >>> record_names(os.fsdecode("ก.txt".encode("tis-620")))
    {'path': 'ก.txt', 'path_bytes': 'a12e747874'}
    """
    if encodable(rel):
        return {field: rel}
    return {field: display_path(rel), f"{field}_bytes": os.fsencode(rel).hex()}


def state_key(rel: str) -> str:
    """What the manifest's lines of ``rel`` are matched by: the name, or its bytes in hex."""
    return rel if encodable(rel) else "bytes:" + os.fsencode(rel).hex()


def record_key(record: dict[str, Any]) -> str:
    """``state_key`` of the input a manifest line is about."""
    raw = record.get("path_bytes")
    return f"bytes:{raw}" if isinstance(raw, str) else str(record["path"])
