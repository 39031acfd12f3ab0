"""Align: the matching stretches of two sequences, in time that grows about linearly.

Contract: ``opcodes(a, b)`` returns ``difflib.SequenceMatcher.get_opcodes()``'s tuples
(``equal`` / ``replace`` / ``delete`` / ``insert``, with index ranges) for two sequences of
hashable items. Small inputs (``SMALL``: the product of the lengths) are aligned by difflib
itself, as they always were. Larger ones are cut first, patience-diff style (Bram Cohen's,
as in git and Bazaar): their common head and tail are matched, then the items that occur
exactly once on each side are paired in order (the longest increasing run of their places,
by patience sorting), and each stretch between two such anchors is aligned again the same
way. difflib's matcher, whose cost grows with the square of the length where items repeat
(the words การ and ที่ of a Thai text occur thousands of times), only ever sees a stretch
between anchors. A stretch larger than ``LARGE`` without a single unique item is left
unaligned (one replacement): a text that is one phrase repeated cannot stall a diff.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher

#: inputs whose lengths multiply to no more than this are aligned by difflib directly
SMALL = 1_000_000
#: a stretch without a unique item is aligned by difflib up to this product, beyond it not
LARGE = 25_000_000

Block = tuple[int, int, int]
Opcode = tuple[str, int, int, int, int]


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """``difflib``'s opcodes from ``a`` to ``b``.

    >>> [op for op, *_ in opcodes("abxcd", "abcyd")]
    ['equal', 'delete', 'equal', 'insert', 'equal']
    """
    if len(a) * len(b) <= SMALL:
        return list(SequenceMatcher(None, a, b, autojunk=False).get_opcodes())
    return _opcodes(matching_blocks(a, b))


def matching_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """(i, j, n): ``a[i:i+n] == b[j:j+n]``, increasing in i and j, adjacent ones merged, and
    difflib's closing ``(len(a), len(b), 0)``."""
    found: list[Block] = []
    todo = [(0, len(a), 0, len(b))]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        todo += _split(a, b, alo, ahi, blo, bhi, found)
    found.sort()
    merged: list[Block] = []
    for i, j, n in found:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        elif n:
            merged.append((i, j, n))
    merged.append((len(a), len(b), 0))
    return merged


def _split(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    found: list[Block],
) -> list[tuple[int, int, int, int]]:
    """Match what can be matched of one stretch at once (into ``found``); return the stretches
    left to align."""
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    if head:
        found.append((alo, blo, head))
        alo, blo = alo + head, blo + head
    tail = 0
    while alo < ahi - tail and blo < bhi - tail and a[ahi - tail - 1] == b[bhi - tail - 1]:
        tail += 1
    if tail:
        found.append((ahi - tail, bhi - tail, tail))
        ahi, bhi = ahi - tail, bhi - tail
    size = (ahi - alo) * (bhi - blo)
    if not size:
        return []
    if size <= SMALL:
        return _difflib(a, b, alo, ahi, blo, bhi, found)
    anchors = _anchors(a, b, alo, ahi, blo, bhi)
    if not anchors:
        return _difflib(a, b, alo, ahi, blo, bhi, found) if size <= LARGE else []
    gaps = []
    i0, j0 = alo, blo
    for i, j in anchors:
        found.append((i, j, 1))
        gaps.append((i0, i, j0, j))
        i0, j0 = i + 1, j + 1
    gaps.append((i0, ahi, j0, bhi))
    return [g for g in gaps if g[0] < g[1] or g[2] < g[3]]


def _difflib(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    found: list[Block],
) -> list[tuple[int, int, int, int]]:
    matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
    found += [(alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n]
    return []


def _anchors(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """The items unique on both sides of the stretch, paired: the longest run of pairs whose
    places increase on both sides (patience sorting)."""
    in_a = Counter(a[alo:ahi])
    in_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if in_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if in_a[a[i]] == 1 and a[i] in where_b]
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (increasing in i) that increases in j.

    >>> _longest_increasing([(0, 3), (1, 0), (2, 1), (3, 4), (4, 2)])
    [(1, 0), (2, 1), (4, 2)]
    """
    tops: list[int] = []  # the smallest j that ends an increasing run of each length
    ends: list[int] = []  # the index in pairs of that j
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        pile = bisect_left(tops, j)
        if pile == len(tops):
            tops.append(j)
            ends.append(k)
        else:
            tops[pile] = j
            ends[pile] = k
        back.append(ends[pile - 1] if pile else -1)
    run: list[tuple[int, int]] = []
    k = ends[-1] if ends else -1
    while k >= 0:
        run.append(pairs[k])
        k = back[k]
    return run[::-1]


def _opcodes(blocks: list[Block]) -> list[Opcode]:
    """difflib's ``get_opcodes`` from matching blocks."""
    out: list[Opcode] = []
    i = j = 0
    for ai, bj, size in blocks:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            out.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            out.append(("equal", ai, i, bj, j))
    return out
