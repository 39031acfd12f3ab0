# SPDX-FileCopyrightText: 2016-2026 PyThaiNLP Project
# SPDX-License-Identifier: Apache-2.0
"""pythainlp's ``newmm`` word segmentation, without importing pythainlp.

Contract: ``words(text, table)`` is ``pythainlp.tokenize.word_tokenize(text, engine="newmm",
keep_whitespace=False, custom_dict=table)``, token for token: maximal matching over the words
``table.prefixes(text, start)`` gives, cut only at Thai character cluster (TCC) boundaries;
formatted numbers split by the matcher (``1,234.5``, ``12:00``) joined again; blanks left out.
tests/test_tokenizer.py holds it to pythainlp itself, on every fixture text and on generated
strings.

Why a port: ``import pythainlp`` runs its package's ``__init__``, which loads soundex, spelling,
transliteration and emoji tables; the tokenizer's own module can only be reached through it.
That was ~45 ms of every ``reportparse diff`` (issue 17: a seed-sized diff within 0.3 s).

Ported from pythainlp 5.4.0 (Apache License 2.0, © the PyThaiNLP Project; code by Korakot
Chaovavanich; TCC rules after Theeramunkong et al. 2000, doi:10.1145/355214.355225): functions
``tokenize/newmm.py`` ``segment`` (without ``safe_mode``), ``tokenize/tcc_p.py``
``tcc_pos_array``, ``tokenize/_utils.py`` ``rejoin_formatted_num`` and ``strip_whitespace``.
Changes: the dictionary is any object with ``prefixes`` (``tokenizer.WordTable``); the cluster
pattern is matched at a position instead of on a copy of the rest of the text (the same matches:
the pattern has no ``^`` and no look-behind); the character classes are thai.chars'; names and
comments are ours.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from heapq import heappop, heappush
from typing import Protocol

from .chars import CONSONANTS, LEADING_VOWELS, THAI_BLOCK, TONES, VOWELS_A_TO_UU


class Prefixes(Protocol):
    """What newmm asks of its dictionary: the words of the dictionary that start at ``start``."""

    def prefixes(self, text: str, start: int = 0) -> list[str]: ...


# Non-Thai runs, each one token: "|" ends the match early, so "abc123" is "abc", "123".
_NON_THAI = re.compile(
    rf"""(?x)
[-a-zA-Z]+|        # Latin letters
\d+([,\.]\d+)*|    # numbers
[ \t]+|            # spaces
\r?\n|             # newlines
[^{THAI_BLOCK} \t\r\n]+  # anything else that is not Thai, up to a blank
"""
)
# words of at most two consonants: too short to end an unknown stretch
_TWO_CONSONANTS = re.compile(f"[{CONSONANTS}]{{,2}}$")
# a number the matcher may have cut at its separators
_FORMATTED_NUMBER = re.compile(r"(\d+[\.\,:])+\d+")
# the graph of candidate cuts is resolved once it holds this many edges
_MAX_GRAPH_SIZE = 50

# The cluster rules: c a consonant, t an optional tone mark, k an optional cancelled ending
# (consonants, maybe a lower vowel or sara i, and thanthakhat), L a leading vowel, V a vowel
# from sara a to sara uu.
_TCC_RULES = (
    """\
เc็ck
เcctาะk
เccีtยะk
เccีtย(?=L|c|$)k
เcc็ck
เcิc์ck
เcิtck
เcีtยะ?k
เcืtอะ?k
เc[ิีุู]tย(?=L|c|$)k
เctา?ะ?k
cัtวะk
c[ัื]tc[ุิะ]?k
c[ิุู]์
cVtk
cรรc์
c็
ct[ะาำ]?k
ck
แc็c
แcc์
แctะ
แcc็c
แccc์
โctะ
Lct
ก็
อึ
หึ
""".replace("k", "(cc?[dิ]?[์])?")
    .replace("c", f"[{CONSONANTS}]")
    .replace("t", f"[{TONES}]?")
    .replace("d", "ูุ")
    .replace("L", f"[{LEADING_VOWELS}]")
    .replace("V", f"[{VOWELS_A_TO_UU}]")
    .split()
)
_TCC = re.compile("|".join(_TCC_RULES))


def words(text: str, table: Prefixes) -> list[str]:
    """newmm's words of ``text``, formatted numbers whole, blanks left out.

    >>> class Table:
    ...     def prefixes(self, text, start=0):
    ...         return [w for w in ("การ", "ศึกษา") if text.startswith(w, start)]
    >>> words("การศึกษา 1,234.5 บาท", Table())
    ['การ', 'ศึกษา', '1,234.5', 'บาท']
    """
    if not text:
        return []
    return _strip_blanks(_join_numbers(list(_onecut(text, table))))


def cluster_ends(text: str) -> bytearray:
    """``len(text) + 1`` flags: 1 where a Thai character cluster (or any other character)
    ends, the only places newmm may cut."""
    ends = bytearray(len(text) + 1)
    p, size = 0, len(text)
    while p < size:
        m = _TCC.match(text, p)
        p = m.end() if m and m.end() > p else p + 1
        ends[p] = 1
    return ends


def _onecut(text: str, table: Prefixes) -> Iterator[str]:
    # graph: start position -> the end positions of dictionary words starting there
    graph: defaultdict[int, list[int]] = defaultdict(list)
    graph_size = 0
    cuts = cluster_ends(text)
    size = len(text)
    queue = [0]  # positions where a word may start, smallest first
    end = 0
    while queue[0] < size:
        start = heappop(queue)
        graph_size = _extend_graph(graph, queue, text, start, cuts, table, graph_size)
        if len(queue) == 1:  # one way on: the words up to it are settled
            path = next(_paths(graph, end, queue[0]))
            graph_size = 0
            graph.clear()
            for pos in path[1:]:
                yield text[end:pos]
                end = pos
        elif not queue:  # no dictionary word here: skip an unknown stretch
            end = _skip_end(text, start, cuts, table)
            graph_size = 0
            graph.clear()
            yield text[start:end]
            heappush(queue, end)


def _extend_graph(
    graph: defaultdict[int, list[int]],
    queue: list[int],
    text: str,
    start: int,
    cuts: bytearray,
    table: Prefixes,
    graph_size: int,
) -> int:
    for word in table.prefixes(text, start):
        end = start + len(word)
        if cuts[end]:
            graph[start].append(end)
            graph_size += 1
            if end not in queue:
                heappush(queue, end)
            if graph_size > _MAX_GRAPH_SIZE:
                break
    return graph_size


def _paths(graph: defaultdict[int, list[int]], start: int, goal: int) -> Iterator[list[int]]:
    # breadth first: the path of fewest words comes first
    visited = {start}
    queue = [(start, [start])]
    while queue:
        vertex, path = queue.pop(0)
        for pos in graph[vertex]:
            if pos == goal:
                yield [*path, pos]
            elif pos not in visited:
                visited.add(pos)
                queue.append((pos, [*path, pos]))


def _skip_end(text: str, start: int, cuts: bytearray, table: Prefixes) -> int:
    # where an unknown stretch from ``start`` ends: at the next non-Thai run, or at the next
    # cluster where a dictionary word of more than two consonants begins
    m = _NON_THAI.match(text, start)
    if m:
        return m.end()
    for pos in range(start + 1, len(text)):
        if cuts[pos]:
            if any(
                cuts[pos + len(w)] and not _TWO_CONSONANTS.match(w)
                for w in table.prefixes(text, pos)
            ):
                return pos
            if _NON_THAI.match(text, pos):
                return pos
    return len(text)


def _join_numbers(tokens: list[str]) -> list[str]:
    # a formatted number the matcher cut is one token again, with whatever the tokens that
    # overlap it hold
    matches = _FORMATTED_NUMBER.finditer("".join(tokens))
    joined: list[str] = []
    pos = i = 0
    match = next(matches, None)
    while i < len(tokens) and match:
        if pos >= match.start():
            piece = ""
            while pos < match.end() and i < len(tokens):
                piece += tokens[i]
                pos += len(tokens[i])
                i += 1
            if piece:
                joined.append(piece)
            match = next(matches, None)
        else:
            joined.append(tokens[i])
            pos += len(tokens[i])
            i += 1
    return joined + tokens[i:]


def _strip_blanks(tokens: list[str]) -> list[str]:
    return [t.strip(" ") for t in tokens if t.strip(" ")]
