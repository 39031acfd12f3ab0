"""Votes: what each glyph code of a broken font map draws, read from OCR of the pages.

Contract: a page whose font map is provably wrong (``recover``: glyphs of different outlines
mapped to one character) and whose outlines no table knows is rendered and read by OCR; each
line of its glyph codes (``Item``: a code, or a character whose text is known) is paired
with the OCR line drawn at the same place. ``decide_codes(pairs)`` aligns every pair (an edit
distance whose cost of matching a code to a character is 0 where the codes' current reading
agrees, 1 where it does not, ½ where the code has none yet), lets each aligned code vote for
its character, and repeats with the readings the votes gave; it returns the code → text of
every code read by a majority of its votes. One OCR misreading is outvoted by the other
places the code is drawn; a code no majority reads is left out (it stays unmapped, and
counted as damage), and two codes of one font that read as one digit are both left out (a
font draws a digit with one glyph: one of them is misread).

OCR writes SARA AM as one character and a shaper draws it as NIKHAHIT + SARA AA (before the
tone mark): each line is aligned both ways and the cheaper kept.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence

import regex

from ..thai.chars import NIKHAHIT, SARA_AA, SARA_AM, THAI_DIGITS, TONES

#: a glyph code: (the font's key, the character code, whether it is a mark: drawn with no
#: advance, over the letter before it)
Code = tuple[Hashable, int, bool]
#: a glyph of a line: its code, or the text of a glyph whose map can be trusted
Item = Code | str

#: lines whose glyph count and OCR character count differ by more than this, or by more than
#: ``BAND_SHARE`` of the glyphs, are not aligned (a line OCR split or joined differently)
BAND = 12
BAND_SHARE = 0.25
#: how many steps of an alignment either side of a pair must be one glyph to one character
#: for a single vote to settle the pair's code (``_align``)
CLEAN_REACH = 2
#: rounds of aligning with the readings of the last round's votes
ROUNDS = 3
#: the share of a code's votes its reading needs
MAJORITY = 0.5
_UNKNOWN = 0.5
_NEVER = 1e6
#: a glyph matched with two characters (a ligature: SARA II and MAI EK drawn as one glyph)
#: costs more than with one, less than one and a skipped character
_TWO_UNKNOWN = 1.0
_TWO_MISMATCH = 1.75
#: the two characters a letter glyph may draw besides a letter and its mark: the Latin
#: ligatures (Chromium's shaper forms them: "Traffy" is five glyphs); any other pair matched
#: with one letter glyph is the alignment guessing
LATIN_LIGATURES = frozenset({"ff", "fi", "fl", "ft", "st"})
_TONE_AM = regex.compile(f"([{TONES}]){SARA_AM}")
#: SARA AM written as NIKHAHIT + SARA AA, a tone mark before or after the nikhahit
_SPLIT_AM = regex.compile(f"(?:([{TONES}]){NIKHAHIT}|{NIKHAHIT}([{TONES}])?){SARA_AA}")
_DIGITS = frozenset("0123456789" + THAI_DIGITS)
#: what one vote alone may settle: a letter or a digit (OCR reads a smudge, a box or a symbol
#: it does not know as @, |, ~; a code drawn once and read so stays unknown), matched where
#: the alignment is sure (``_align``)
_WORDLIKE = regex.compile(r"[\p{L}\p{M}\p{Nd}]+")


def shaped(text: str) -> str:
    """OCR text as a shaper draws it: no white space, SARA AM as NIKHAHIT + SARA AA with the
    nikhahit before a tone mark (OCR's own NIKHAHIT + SARA AA is left as it wrote them).

    >>> shaped("น้ำ ดี") == "น\u0e4d\u0e49\u0e32ดี"
    True
    """
    text = "".join(text.split())
    text = _TONE_AM.sub(lambda m: NIKHAHIT + m[1] + SARA_AA, text)
    return text.replace(SARA_AM, NIKHAHIT + SARA_AA)


def unshaped(text: str) -> str:
    """OCR text as an unshaped writer draws it: no white space, SARA AM one character (OCR
    often writes it as NIKHAHIT + SARA AA), after its tone mark.

    >>> unshaped("สํานัก นํ้า") == "สำนักน้ำ"
    True
    """
    text = "".join(text.split())
    return _SPLIT_AM.sub(lambda m: (m[1] or m[2] or "") + SARA_AM, text)


def is_mark(ch: str) -> bool:
    """Whether a character is a combining mark (drawn over or under the letter before it).

    >>> is_mark("้"), is_mark("ั"), is_mark("ำ"), is_mark("ก")
    (True, True, False, False)
    """
    return unicodedata.category(ch) == "Mn"


def _cost(item: Item, ch: str, best: Mapping[Code, str]) -> float:
    """The cost of matching a glyph with one character (``ch``) or, for a ligature, two: a
    mark glyph only ever matches marks, and a letter glyph a letter first."""
    two = len(ch) == 2
    if not isinstance(item, str) and (
        is_mark(ch[0]) != item[2]
        or (two and not is_mark(ch[1]) and (item[2] or ch not in LATIN_LIGATURES))
    ):
        return _NEVER
    if isinstance(item, str):
        return 0.0 if item == ch else (_TWO_MISMATCH if two else 1.0)
    reading = best.get(item)
    if reading is None:
        return _TWO_UNKNOWN if two else _UNKNOWN
    return 0.0 if reading == ch else (_TWO_MISMATCH if two else 1.0)


def align(
    items: Sequence[Item], text: str, best: Mapping[Code, str]
) -> tuple[float, list[tuple[Code, str]]]:
    """The cheapest alignment of a line's glyphs with its OCR text (an edit distance in a band
    of ``BAND`` around the diagonal): its cost, and the (code, character) pairs it matches.

    >>> a, b = ("f", 1, False), ("f", 2, False)
    >>> align([a, "x", b], "pxq", {})
    (1.0, [(('f', 1, False), 'p'), (('f', 2, False), 'q')])
    >>> align([a, b], "pxq", {a: "p", b: "q"})  # OCR read an x more
    (1.0, [(('f', 1, False), 'p'), (('f', 2, False), 'q')])
    """
    cost, matched = _align(items, text, best)
    return cost, [(code, ch) for code, ch, _ in matched]


def _align(
    items: Sequence[Item], text: str, best: Mapping[Code, str]
) -> tuple[float, list[tuple[Code, str, bool]]]:
    """``align``, each pair with whether it is *clean*: one glyph matched with one character
    (or a Latin ligature) among such matches ``CLEAN_REACH`` steps either side (or the line's
    ends): no glyph or character skipped near it, no other pair of characters. A single vote
    settles only a clean pair: near a skip the alignment guessed which glyph a character is."""
    n, m = len(items), len(text)
    band = max(BAND, int(BAND_SHARE * n))
    if abs(n - m) > band:
        return float("inf"), []
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    # 1 a glyph and a character, 2 skip a glyph, 3 skip a character, 4 a glyph and two
    move = [[0] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        lo, hi = max(0, i - band), min(m, i + band)
        row, up = cost[i], cost[i - 1] if i else None
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            best_cost, best_move = inf, 0
            if up is not None and j:
                c = up[j - 1] + _cost(items[i - 1], text[j - 1], best)
                if c < best_cost:
                    best_cost, best_move = c, 1
                if j > 1:
                    c = up[j - 2] + _cost(items[i - 1], text[j - 2 : j], best)
                    if c < best_cost:
                        best_cost, best_move = c, 4
            if up is not None and up[j] + 1.0 < best_cost:
                best_cost, best_move = up[j] + 1.0, 2
            if j and row[j - 1] + 1.0 < best_cost:
                best_cost, best_move = row[j - 1] + 1.0, 3
            row[j], move[i][j] = best_cost, best_move
    # the path, last step first: (move, glyph index, character index)
    path: list[tuple[int, int, int]] = []
    i, j = n, m
    while i or j:
        step = move[i][j]
        path.append((step, i, j))
        if step == 1:
            i, j = i - 1, j - 1
        elif step == 2:
            i -= 1
        elif step == 3:
            j -= 1
        elif step == 4:
            i, j = i - 1, j - 2
        else:  # outside the band: no alignment
            return inf, []
    path.reverse()
    # a step is sure when it matches one glyph with one character, or a glyph with a Latin
    # ligature: a pair is clean when every step within CLEAN_REACH of it is sure
    sure = [step == 1 or (step == 4 and text[j - 2 : j] in LATIN_LIGATURES) for step, _, j in path]
    pairs: list[tuple[Code, str, bool]] = []
    for k, (step, i, j) in enumerate(path):
        item = items[i - 1] if step in (1, 4) else None
        if item is None or isinstance(item, str):
            continue
        clean = all(sure[max(0, k - CLEAN_REACH) : k + CLEAN_REACH + 1])
        pairs.append((item, text[j - 1] if step == 1 else text[j - 2 : j], clean))
    return cost[n][m], pairs


def _readings(items: Sequence[Item], text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((shaped(text), unshaped(text))))


def _positional(items: Sequence[Item], text: str) -> list[tuple[Code, str]]:
    """The pairs of a line whose glyphs and characters are as many, place by place (the first
    round: no code has a reading yet)."""
    for reading in _readings(items, text):
        if len(reading) == len(items) and all(
            _cost(it, ch, {}) < 1.0 for it, ch in zip(items, reading, strict=True)
        ):
            return [
                (it, ch) for it, ch in zip(items, reading, strict=True) if not isinstance(it, str)
            ]
    return []


def decide_codes(
    pairs: Sequence[tuple[Sequence[Item], str]],
) -> tuple[dict[Code, str], dict[Code, Counter[str]]]:
    """Code → character for every code a majority of its aligned places reads (see the
    module's contract), and every code's votes of the last round; ``pairs``: each line's
    glyphs and the OCR text drawn there.

    >>> f = lambda c: ("font", c, False)
    >>> lines = [([f(1), f(2), f(3)], "กขค"), ([f(2), f(1)], "ขก"), ([f(3), f(1), f(2)], "คกข")]
    >>> sorted((code[1], ch) for code, ch in decide_codes(lines)[0].items())
    [(1, 'ก'), (2, 'ข'), (3, 'ค')]
    """
    votes: dict[Code, Counter[str]] = defaultdict(Counter)
    #: the codes with a clean vote (``_align``) for each reading
    clean: set[tuple[Code, str]] = set()
    for items, text in pairs:
        for code, ch in _positional(items, text):
            votes[code][ch] += 1
            clean.add((code, ch))
    best = _decide(votes, clean)
    for _ in range(ROUNDS):
        votes, clean = defaultdict(Counter), set()
        for items, text in pairs:
            found = [_align(items, reading, best) for reading in _readings(items, text)]
            cost, matched = min(found, key=lambda f: f[0])
            if cost < len(items):  # a line that aligns at all
                for code, ch, sure in matched:
                    votes[code][ch] += 1
                    if sure:
                        clean.add((code, ch))
        best = _decide(votes, clean)
    return best, dict(votes)


def _decide(votes: Mapping[Code, Counter[str]], clean: set[tuple[Code, str]]) -> dict[Code, str]:
    out: dict[Code, tuple[str, int]] = {}
    for code, counts in votes.items():
        if not counts:
            continue
        (ch, n), total = counts.most_common(1)[0], sum(counts.values())
        # one vote settles only one letter or digit, read where the alignment is sure
        wordlike = (len(ch) == 1 and _WORDLIKE.fullmatch(ch)) or ch in LATIN_LIGATURES
        alone = wordlike and (code, ch) in clean
        if n / total > MAJORITY and (n > 1 or alone):
            out[code] = (ch, n)
    # a font draws a digit with one glyph: two codes of one font read as one digit are a
    # misreading of one of them, and nothing says which
    by_digit: dict[tuple[Hashable, str], list[Code]] = defaultdict(list)
    for code, (ch, _) in out.items():
        if ch in _DIGITS:
            by_digit[(code[0], ch)].append(code)
    for codes in by_digit.values():
        if len(codes) > 1:
            for code in codes:
                del out[code]
    return {code: ch for code, (ch, _) in out.items()}
