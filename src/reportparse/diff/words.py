"""Word-level diff of Thai text: which words changed, not which lines.

Contract: ``word_diff(old, new)`` returns runs ``("=" | "-" | "+", text)``. Words are pythainlp's
``newmm`` tokens (offline; Thai has no spaces between words; ``thai.tokenizer``), aligned on
their letters only (``align``: difflib's matcher, cut at the words unique to both sides on long
texts), so white space never makes a difference. Each run keeps the white space before its
words: the ``=`` and ``+`` runs join to ``new`` exactly, the ``=`` and ``-`` runs to ``old`` up to
white space (an ``=`` run shows the new side's spacing). Adjacent runs of one kind are merged, a
run of ``-`` comes before its ``+``, and an unchanged run between two changes that is no longer
than either is folded into them, so a replaced phrase reads as one.

A long text (over ``LONG_TEXT`` characters on both sides together: a rationale of thousands of
lines) is first aligned phrase by phrase (the stretches between white space, compared folded),
and only the phrases that differ are cut into words and aligned word by word: its cost grows
with its length and with what changed, not with the square of its words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..thai.chars import THAI_BLOCK
from ..thai.spelling import folded
from .align import opcodes

WHITE_SPACE = re.compile(r"\s+")
#: how readers write a glyph whose text nobody knows: pdfminer's (cid:N), a map's U+0000 or
#: U+FFFD. Which one depends on the reader and the copy, not on the content: one for diff
UNKNOWN_GLYPH = re.compile(r"\(cid:\d+\)|[\x00\ufffd]")
#: a phrase: the white space before it and the characters up to the next white space
PHRASE = re.compile(r"\s*\S+")
#: texts longer than this (both sides together) are aligned phrase by phrase first
LONG_TEXT = 20_000
#: a folded group of more characters than this has its size summed from its parts (squashing
#: the whole of it at every fold would make the clean-up quadratic)
_EXACT_SIZE = 2_000
# white space newmm needs to see: between two characters that are neither Thai nor space
# ("Sister City", "12 - 16"); every other white space is dropped before tokenizing
WORD_SPACE = re.compile(
    rf"""
    (?<=[^\s{THAI_BLOCK}])    # after a character neither space nor Thai
    \s+                       # the white space
    (?=[^\s{THAI_BLOCK}])     # before a character neither space nor Thai
    """,
    re.VERBOSE,
)


def squash(text: str) -> str:
    """The text without white space, its spellings folded (``thai.spelling``) and its
    unknown glyphs written one way (``UNKNOWN_GLYPH``): what two strings must share to be the
    same content (เเผน is แผน).

    >>> squash("เมือง พี่\\nน้อง "), squash("(cid:12)ขยะ") == squash("\\x00ขยะ")
    ('เมืองพี่น้อง', True)
    """
    return UNKNOWN_GLYPH.sub("\ufffd", WHITE_SPACE.sub("", folded(text)))


#: a stretch of the diff: ("=", text, text) unchanged, ("~", old text, new text) changed
Group = tuple[str, str, str]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Runs of ``=`` / ``-`` / ``+`` words from ``old`` to ``new``.

    >>> word_diff("ในเมืองที่เมืองน้อง", "ในเมืองพี่น้อง")
    [('=', 'ในเมือง'), ('-', 'ที่เมืองน้อง'), ('+', 'พี่น้อง')]
    >>> word_diff("percent 25 of 30", "percent 30 of 30")
    [('=', 'percent'), ('-', ' 25'), ('+', ' 30'), ('=', ' of 30')]
    """
    aligned = _phrase_groups if len(old) + len(new) > LONG_TEXT else _word_groups
    return _runs(_fold_short_equalities(_merge(aligned(old, new))))


def _word_groups(old: str, new: str) -> list[Group]:
    """Two texts aligned word by word."""
    a, b = words(old), words(new)
    groups: list[Group] = []
    for op, i1, i2, j1, j2 in opcodes([k for k, _ in a], [k for k, _ in b]):
        old_text, new_text = "".join(s for _, s in a[i1:i2]), "".join(s for _, s in b[j1:j2])
        if op == "equal" or squash(old_text) == squash(new_text):  # or the same letters
            groups.append(("=", new_text, new_text))
        else:
            groups.append(("~", old_text, new_text))
    return groups


def _phrase_groups(old: str, new: str) -> list[Group]:
    """Two long texts aligned phrase by phrase, the phrases that differ word by word."""
    a, b = phrases(old), phrases(new)
    groups: list[Group] = []
    for op, i1, i2, j1, j2 in opcodes([k for k, _ in a], [k for k, _ in b]):
        old_text, new_text = "".join(s for _, s in a[i1:i2]), "".join(s for _, s in b[j1:j2])
        if op == "equal":
            groups.append(("=", new_text, new_text))
        else:
            groups += _word_groups(old_text, new_text)
    return groups


def phrases(text: str) -> list[tuple[str, str]]:
    """A text's phrases as (key, shown): the phrase folded, and with the white space before it;
    the shown phrases join to ``text``.

    >>> phrases(" ก เเ  ")
    [('ก', ' ก'), ('แ', ' เเ  ')]
    """
    out = [(folded(m.group().lstrip()), m.group()) for m in PHRASE.finditer(text)]
    end = sum(len(shown) for _, shown in out)
    if end < len(text):  # white space after the last phrase, or nothing but white space
        key, shown = out.pop() if out else ("", "")
        out.append((key, shown + text[end:]))
    return out


def _merge(groups: list[Group]) -> list[Group]:
    out: list[Group] = []
    for group in groups:
        if out and out[-1][0] == group[0]:
            out[-1] = (group[0], out[-1][1] + group[1], out[-1][2] + group[2])
        else:
            out.append(group)
    return out


def _fold_short_equalities(groups: list[Group]) -> list[Group]:
    """Fold an unchanged run between two changes into them when it is no longer than either.

    So ``-กรุงเทพมหานครมีระบบ =การ -ติดตาม… +สร้าง…`` reads as one replaced phrase
    (diff-match-patch's semantic clean-up, simplified). One pass from the start: a folded
    group is then the change before the next unchanged run.
    """
    out: list[Group] = []
    sizes: list[int] = []
    for group in groups:
        out.append(group)
        sizes.append(_size(group))
        if len(out) >= 3 and out[-2][0] == "=" and sizes[-2] <= min(sizes[-3], sizes[-1]):
            before, middle, after = out[-3:]
            joined = ("~", before[1] + middle[1] + after[1], before[2] + middle[2] + after[2])
            size = sum(sizes[-3:])
            del out[-3:], sizes[-3:]
            if out and out[-1][0] == "~":  # the groups did not alternate: merge as well
                joined = ("~", out[-1][1] + joined[1], out[-1][2] + joined[2])
                out.pop()
                size += sizes.pop()
            out.append(joined)
            sizes.append(_size(joined) if size <= _EXACT_SIZE else size)
    return out


def _size(group: Group) -> int:
    return max(len(squash(group[1])), len(squash(group[2])))


def _runs(groups: list[Group]) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for kind, old_text, new_text in groups:
        if kind == "=":
            runs.append(("=", new_text))
            continue
        runs += [("-", old_text)] if old_text else []
        runs += [("+", new_text)] if new_text else []
    return runs


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[tuple[str, str], ...]:
    """A text's words as (key, shown): the word without white space, and with what precedes it.

    White space between Thai characters is dropped before tokenizing, so the same words come
    out whether a line break left a space there or not; the shown words join to ``text``.

    >>> words("การศึกษา การให้ (Zero)")
    (('การศึกษา', 'การศึกษา'), ('การ', ' การ'), ('ให้', 'ให้'), ('(Zero)', ' (Zero)'))
    """
    from ..thai.tokenizer import tokenize  # pythainlp: loaded only where words are compared

    # what newmm sees, as indices into ``text``: no white space but WORD_SPACE's first character
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    keep = sorted(keep + [m.start() for m in WORD_SPACE.finditer(text)])
    letters = "".join(" " if text[i].isspace() else text[i] for i in keep)
    out: list[tuple[str, str]] = []
    pos = start = 0
    for token in tokenize(letters):
        at = letters.find(token, pos)
        if at < 0:  # newmm returns pieces of its input; if not, the rest is one word
            break
        key = squash(token)
        if key:
            end = keep[at + len(token) - 1] + 1
            out.append((key, text[start:end]))
            pos, start = at + len(token), end
    rest = text[start:]
    if out and not squash(rest):
        out[-1] = (out[-1][0], out[-1][1] + rest)
    elif rest:
        out.append((squash(rest), rest))
    return tuple(out)
