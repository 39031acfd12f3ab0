"""The Thai dictionary, as a judge of which of two readings of damaged text is real Thai.

Contract: ``unknown_chars(text)`` tokenizes ``text`` with pythainlp's offline ``newmm`` and
counts the characters of Thai tokens that are not dictionary words; ``prefers(a, b)`` says
whether ``a`` reads as more Thai than ``b``. ``oov_rate`` is the per-token rate used as a
quality figure. Everything runs offline on pythainlp's bundled word list, loaded once.
"""

from __future__ import annotations

from functools import cache

import regex

THAI_RUN = regex.compile(r"[\u0e01-\u0e4e]+")
# ๆ and ฯ are words of their own; the tokenizer returns them alone
_ALWAYS_KNOWN = frozenset({"ๆ", "ฯ"})


@cache
def words() -> frozenset[str]:
    """pythainlp's bundled Thai word list."""
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()) | _ALWAYS_KNOWN


def _tokens(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return [
        t
        for run in THAI_RUN.findall(text)
        for t in word_tokenize(run, engine="newmm", keep_whitespace=False)
    ]


def spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is a dictionary word) of every Thai token of ``text``.

    >>> spans("ชื่อชื่ ok")
    [(0, 4, True), (4, 7, False)]
    """
    from pythainlp.tokenize import word_tokenize

    known = words()
    out = []
    for run in THAI_RUN.finditer(text):
        pos = run.start()
        for token in word_tokenize(run.group(), engine="newmm", keep_whitespace=False):
            out.append((pos, pos + len(token), token in known))
            pos += len(token)
    return out


def unknown_chars(text: str) -> int:
    """Characters of ``text`` that fall in no dictionary word.

    >>> unknown_chars("ชื่อโครงการ"), unknown_chars("ชื่อชื่โครงการ")
    (0, 3)
    """
    known = words()
    return sum(len(t) for t in _tokens(text) if t not in known)


def reading_cost(text: str) -> tuple[int, int]:
    """How badly ``text`` reads as Thai: (characters outside dictionary words, tokens). Fewer
    tokens break a tie: สำนักงาน is one word, สานักงาน three short ones (สา นัก งาน).

    >>> reading_cost("สำนักงาน") < reading_cost("สานักงาน")
    True
    """
    tokens = _tokens(text)
    known = words()
    return sum(len(t) for t in tokens if t not in known), len(tokens)


def prefers(candidate: str, original: str) -> bool:
    """True when ``candidate`` has fewer characters outside dictionary words than ``original``.

    >>> prefers("กันบ", "กันกับ")
    False
    >>> prefers("ครั้งที่", "ครั้งรั้ที่")
    True
    """
    return unknown_chars(candidate) < unknown_chars(original)


def oov_rate(text: str) -> tuple[int, int]:
    """(Thai tokens of two or more characters not in the dictionary, such tokens) in ``text``."""
    known = words()
    tokens = [t for t in _tokens(text) if len(t) > 1]
    return sum(t not in known for t in tokens), len(tokens)
