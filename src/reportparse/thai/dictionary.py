"""The Thai dictionary, as a judge of which of two readings of damaged text is real Thai.

Contract: ``segment(text)`` cuts each Thai run of ``text`` into the dictionary words that leave
the fewest characters unknown (then the fewest pieces), by dynamic programming over
pythainlp's bundled word list; ``spans``, ``unknown_chars``, ``reading_cost`` and ``prefers``
are read off it. It needs only the word set (about 12 MB), not pythainlp's tokenizer and its
trie (about 60 MB more per process), so the repairs that consult it stay light in batch
workers. The quality figure of THAI_TEXT.md, the out-of-vocabulary rate, needs pythainlp's ``newmm``
tokenizer: it is ``tokenizer.oov_rate``, on request only (``reportparse text --stats``). Everything
runs offline.
"""

from __future__ import annotations

import importlib.util
from functools import cache, lru_cache
from pathlib import Path

from .chars import THAI_RUN

# ๆ and ฯ are words of their own; the tokenizer returns them alone
_ALWAYS_KNOWN = frozenset({"ๆ", "ฯ"})


#: pythainlp's bundled word list, in its package (``pythainlp.corpus.thai_words`` reads it)
WORD_LIST = ("corpus", "words_th.txt")


def word_list() -> bytes:
    """pythainlp's bundled Thai word list, the bytes of its file (``WORD_LIST``), found without
    importing pythainlp: its package import loads soundex and emoji tables that parsing never
    uses (~40 ms of every process start, issue 17). Where the file is not found (another
    layout), pythainlp's own ``thai_words`` gives the list, one word a line."""
    spec = importlib.util.find_spec("pythainlp")
    for folder in (spec and spec.submodule_search_locations) or ():
        try:
            return Path(folder, *WORD_LIST).read_bytes()
        except OSError:
            continue
    from pythainlp.corpus import thai_words as bundled

    return "\n".join(sorted(bundled())).encode()


def thai_words() -> frozenset[str]:
    """``pythainlp.corpus.thai_words()``: each line of ``word_list`` a word. Not kept: only
    ``words`` is, so that a batch worker holds one set of 62,000 words, not two."""
    return frozenset(filter(None, word_list().decode("utf-8-sig").splitlines()))


@cache
def words() -> frozenset[str]:
    """The dictionary: pythainlp's word list, and ๆ and ฯ."""
    return thai_words() | _ALWAYS_KNOWN


@cache
def _longest_word() -> int:
    return max(len(w) for w in words())


@lru_cache(maxsize=8192)
def _segment_run(run: str) -> tuple[tuple[int, int, bool], ...]:
    # best[i] = (unknown characters, pieces) of the best cut of run[:i]; a character that
    # starts no word is a piece of its own, unknown
    known = words()
    longest = _longest_word()
    best: list[tuple[int, int]] = [(0, 0)] + [(0, 0)] * len(run)
    back: list[tuple[int, bool]] = [(0, False)] * (len(run) + 1)
    for i in range(1, len(run) + 1):
        cost, pieces = best[i - 1]
        choice = ((cost + 1, pieces + 1), (i - 1, False))
        for j in range(max(0, i - longest), i):
            if run[j:i] in known:
                candidate = (best[j][0], best[j][1] + 1)
                if candidate < choice[0]:
                    choice = (candidate, (j, True))
        best[i], back[i] = choice
    cuts = []
    i = len(run)
    while i > 0:
        j, word = back[i]
        cuts.append((j, i, word))
        i = j
    return tuple(_merge_unknown(reversed(cuts)))


def _merge_unknown(cuts: object) -> list[tuple[int, int, bool]]:
    # consecutive unknown characters are one unknown piece, as a tokenizer reports them
    out: list[tuple[int, int, bool]] = []
    for start, end, word in cuts:  # type: ignore[attr-defined]
        if out and not word and not out[-1][2]:
            out[-1] = (out[-1][0], end, False)
        else:
            out.append((start, end, word))
    return out


def spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is a dictionary word) of every piece of the Thai runs of ``text``.

    >>> spans("ชื่อชื่ ok")
    [(0, 4, True), (4, 7, False)]
    """
    return [
        (run.start() + s, run.start() + e, word)
        for run in THAI_RUN.finditer(text)
        for s, e, word in _segment_run(run.group())
    ]


def reading_cost(text: str) -> tuple[int, int]:
    """How badly ``text`` reads as Thai: (characters outside dictionary words, pieces). Fewer
    pieces break a tie: สำนักงาน is one word, สานักงาน three short ones (สา นัก งาน).

    >>> reading_cost("สำนักงาน") < reading_cost("สานักงาน")
    True
    """
    pieces = spans(text)
    return sum(e - s for s, e, word in pieces if not word), len(pieces)


def unknown_chars(text: str) -> int:
    """Characters of ``text`` that fall in no dictionary word.

    >>> unknown_chars("ชื่อโครงการ"), unknown_chars("ชื่อชื่โครงการ")
    (0, 3)
    """
    return reading_cost(text)[0]


def prefers(candidate: str, original: str) -> bool:
    """True when ``candidate`` has fewer characters outside dictionary words than ``original``.

    >>> prefers("กันบ", "กันกับ")
    False
    >>> prefers("ครั้งที่", "ครั้งรั้ที่")
    True
    """
    return unknown_chars(candidate) < unknown_chars(original)
