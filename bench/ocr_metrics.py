"""Measures of OCR text against a truth: CER, an alignment, the confusions, the spaces.

Shared by ``ocr_binding.py`` and ``ocr_baseline.py``. Needs rapidfuzz; ``space_stats`` also
pythainlp (its bundled dictionary, offline) for the word boundaries of the truth.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

#: Thai combining marks: MAI HAN-AKAT, the upper and lower vowels, the tone marks and signs
MARKS = {chr(c) for c in [0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)]}


def nows(s: str) -> str:
    return "".join(s.split())


def edits(ref: str, hyp: str) -> int:
    """Levenshtein distance with all white space removed."""
    return Levenshtein.distance(nows(ref), nows(hyp))


def cer(ref: str, hyp: str) -> float:
    ref_n = nows(ref)
    return Levenshtein.distance(ref_n, nows(hyp)) / max(1, len(ref_n))


def blocks(ref: str, hyp: str) -> list[tuple[str, str, int]]:
    """The differing stretches of an alignment (white space removed): (truth, OCR, truth index).

    Adjacent edit operations are merged, so SARA AM read as NIKHAHIT + SARA AA is one block
    ``("ำ", "ํา")`` rather than a substitution and an insertion."""
    r, h = nows(ref), nows(hyp)
    out: list[tuple[str, str, int]] = []
    prev_equal = True
    for op in Levenshtein.opcodes(r, h):
        if op.tag == "equal":
            prev_equal = True
            continue
        t, o = r[op.src_start : op.src_end], h[op.dest_start : op.dest_end]
        if not prev_equal and out:
            t0, o0, i0 = out[-1]
            out[-1] = (t0 + t, o0 + o, i0)
        else:
            out.append((t, o, op.src_start))
        prev_equal = False
    return out


def char_ops(ref: str, hyp: str) -> Counter[tuple[str, str]]:
    """Single-character edit operations: (truth char, OCR char), '' for an insertion/deletion."""
    r, h = nows(ref), nows(hyp)
    c: Counter[tuple[str, str]] = Counter()
    for op in Levenshtein.editops(r, h):
        if op.tag == "replace":
            c[(r[op.src_pos], h[op.dest_pos])] += 1
        elif op.tag == "delete":
            c[(r[op.src_pos], "")] += 1
        else:
            c[("", h[op.dest_pos])] += 1
    return c


@lru_cache(maxsize=256)
def _word_starts(text: str) -> frozenset[int]:
    """Indices (in the text without white space) where a pythainlp newmm token starts."""
    from pythainlp.tokenize import word_tokenize

    starts, k = set(), 0
    for line in text.splitlines():
        for chunk in line.split():
            for tok in word_tokenize(chunk, engine="newmm", keep_whitespace=False):
                starts.add(k)
                k += len(nows(tok))
    return frozenset(starts)


def _spaces_before(text: str) -> tuple[str, list[bool], list[bool]]:
    """The text without white space; for each character whether a space inside the line came
    before it, and whether it starts a line."""
    chars: list[str] = []
    space: list[bool] = []
    line_start: list[bool] = []
    for line in text.splitlines():
        seen = False
        pending = False
        for ch in line:
            if ch.isspace():
                pending = seen
                continue
            chars.append(ch)
            space.append(pending)
            line_start.append(not seen)
            seen, pending = True, False
    return "".join(chars), space, line_start


def is_mark(ch: str) -> bool:
    return ch in MARKS or ch == "\u0e33" or unicodedata.category(ch) == "Mn"


def space_stats(ref: str, hyp: str) -> Counter[str]:
    """Where the OCR's spaces (inside a line) fall in the truth.

    Each space of ``hyp`` between two characters is mapped through the alignment to a place in
    ``ref`` and counted as ``truth_space`` (the truth has white space there, or a line break),
    ``word_boundary`` (no white space in the truth, but a pythainlp word starts there),
    ``inside_word`` (inside a dictionary word of the truth), of which ``inside_cluster`` (before a
    combining mark: the space splits a letter from its vowel or tone), or ``unaligned`` (next to
    an inserted character). Also counts ``truth_spaces`` and ``truth_spaces_kept`` (truth spaces
    inside a line that the OCR reproduced)."""
    r, r_space, r_start = _spaces_before(ref)
    h, h_space, _ = _spaces_before(hyp)
    starts = _word_starts(ref)
    mapping: dict[int, int] = {}
    for op in Levenshtein.opcodes(r, h):
        if (
            op.tag in ("equal", "replace")
            and op.src_end - op.src_start == op.dest_end - op.dest_start
        ):
            for k in range(op.dest_end - op.dest_start):
                mapping[op.dest_start + k] = op.src_start + k
    c: Counter[str] = Counter()
    reverse = {v: k for k, v in mapping.items()}
    for j, sp in enumerate(h_space):
        if not sp:
            continue
        c["ocr_spaces"] += 1
        k = mapping.get(j)
        if k is None or mapping.get(j - 1) != k - 1:
            c["unaligned"] += 1
        elif r_space[k] or r_start[k]:
            c["truth_space"] += 1
        elif k in starts:
            c["word_boundary"] += 1
        else:
            c["inside_word"] += 1
            if is_mark(r[k]):
                c["inside_cluster"] += 1
    for k, sp in enumerate(r_space):
        if sp:
            c["truth_spaces"] += 1
            j = reverse.get(k)
            if j is not None and h_space[j]:
                c["truth_spaces_kept"] += 1
    return c


def examples_of_inside_spaces(ref: str, hyp: str, n: int = 12) -> list[tuple[str, str]]:
    """Up to ``n`` (truth word, OCR rendering) pairs where the OCR put spaces inside a word."""
    from pythainlp.tokenize import word_tokenize

    out: list[tuple[str, str]] = []
    hyp_words = hyp.split()
    for line in ref.splitlines():
        for chunk in line.split():
            for tok in word_tokenize(chunk, engine="newmm", keep_whitespace=False):
                if len(tok) < 3:
                    continue
                # the OCR's stretch: consecutive OCR tokens whose concatenation is the word
                for i in range(len(hyp_words)):
                    if not tok.startswith(hyp_words[i]) or hyp_words[i] == tok:
                        continue
                    acc, j = "", i
                    while j < len(hyp_words) and len(acc) < len(tok):
                        acc += hyp_words[j]
                        j += 1
                    if acc == tok and j - i > 1:
                        out.append((tok, " ".join(hyp_words[i:j])))
                        break
                if len(out) >= n:
                    return out
    return out
