"""The Thai character table: every class of character the repairs and readers reason about.

Contract: ``CLASSES`` gives, for each code point reportparse reasons about, the set of classes
(``Th`` flags) it belongs to; it is the one definition. Everything else is derived from it:
the regular-expression class bodies (``MARKS``, ``CONSONANTS``, … built by ``char_class``),
the sets used for membership tests (``MARK_CHARS``), and the table the C speedups receive
(``c_tables``), so Python, ``re``, ``regex`` and C can never disagree on what a mark is.

>>> char_class(Th.TONE)
'่-๋'
>>> "\u0e49" in MARK_CHARS, "ก" in MARK_CHARS
(True, False)
"""

from __future__ import annotations

import re
import unicodedata
from enum import IntFlag
from functools import cache


class Th(IntFlag):
    """Classes of characters (a code point may be in several)."""

    CONSONANT = 1 << 0  # ก..ฮ, ฤ ฦ included
    MARK = 1 << 1  # a combining mark drawn above or below its consonant
    TONE = 1 << 2  # ่ ้ ๊ ๋
    SILENCER = 1 << 3  # ์ and ๎: after the tone in a cluster
    NIKHAHIT = 1 << 4  # ํ, the circle of SARA AM
    SARA_AA = 1 << 5  # า
    SARA_AM = 1 << 6  # ำ
    FOLLOWING_VOWEL = 1 << 7  # ะ า ำ ๅ: written after the consonant, never starting a word
    LEADING_VOWEL = 1 << 8  # เ แ โ ใ ไ: written before the consonant
    LETTER = 1 << 9  # U+0E01..U+0E4E: what a Thai word is made of (THAI_RUN)
    TEXT = 1 << 10  # U+0E01..U+0E5B: every assigned Thai character
    JOINING = 1 << 11  # joins a line break without a space (not ฯ, ๆ, ฿ or digits)
    DIGIT = 1 << 12  # ๐..๙
    PUA_MAPPED = 1 << 13  # a legacy font's Private Use Area glyph with a known Thai reading
    PUA_LEGACY = 1 << 14  # the legacy fonts' Private Use Area blocks, mapped or not
    LIGATURE = 1 << 15  # a Latin ligature presentation form (ﬁ) that is spelt out
    CLUSTER_GAP = 1 << 16  # white space an extractor may put inside a Thai cluster
    #: a bare letter that can follow a cluster an extractor emits twice (ชื่อชื่: อ)
    CLUSTER_NEXT = 1 << 17
    ABOVE_VOWEL = 1 << 18  # ั ิ ี ึ ื ็: a vowel drawn above its consonant
    BELOW_VOWEL = 1 << 19  # ุ ู ฺ: a vowel (or the phinthu) drawn below it


# --- tables of characters that stand for others ----------------------------------------------
# Private Use Area → Thai (HarfBuzz hb-ot-shaper-thai.cc, thai_pua_shape) -----------------
# Windows range U+F700–F71A and Mac range U+F884–F89E; both shifted forms map back to the
# plain character. Mapping restores characters, not their order: ``reorder_marks`` runs after.
_PUA_WINDOWS = {
    0xF700: 0x0E10,  # ฐ without descender
    0xF701: 0x0E34, 0xF702: 0x0E35, 0xF703: 0x0E36, 0xF704: 0x0E37,  # shift left: ิ ี ึ ื
    0xF705: 0x0E48, 0xF706: 0x0E49, 0xF707: 0x0E4A, 0xF708: 0x0E4B, 0xF709: 0x0E4C,  # down-left
    0xF70A: 0x0E48, 0xF70B: 0x0E49, 0xF70C: 0x0E4A, 0xF70D: 0x0E4B, 0xF70E: 0x0E4C,  # down
    0xF70F: 0x0E0D,  # ญ without descender
    0xF710: 0x0E31,  # ั shifted left
    0xF711: 0x0E4D,  # ํ shifted left
    0xF712: 0x0E47,  # ็ shifted left
    0xF713: 0x0E48, 0xF714: 0x0E49, 0xF715: 0x0E4A, 0xF716: 0x0E4B, 0xF717: 0x0E4C,  # left
    0xF718: 0x0E38, 0xF719: 0x0E39, 0xF71A: 0x0E3A,  # ุ ู ฺ shifted down
}  # fmt: skip
_PUA_MAC = {
    0xF884: 0x0E31, 0xF885: 0x0E34, 0xF886: 0x0E35, 0xF887: 0x0E36, 0xF888: 0x0E37,
    0xF889: 0x0E47,
    0xF88A: 0x0E48, 0xF88B: 0x0E48, 0xF88C: 0x0E48,
    0xF88D: 0x0E49, 0xF88E: 0x0E49, 0xF88F: 0x0E49,
    0xF890: 0x0E4A, 0xF891: 0x0E4A, 0xF892: 0x0E4A,
    0xF893: 0x0E4B, 0xF894: 0x0E4B, 0xF895: 0x0E4B,
    0xF896: 0x0E4C, 0xF897: 0x0E4C, 0xF898: 0x0E4C,
    0xF899: 0x0E4D, 0xF89A: 0x0E0D,
    0xF89B: 0x0E38, 0xF89C: 0x0E39, 0xF89D: 0x0E3A,
    0xF89E: 0x0E10,
}  # fmt: skip
PUA_TO_THAI = {**_PUA_WINDOWS, **_PUA_MAC}

#: the presentation forms a ToUnicode map gives for a ligature glyph (ﬃ), spelt out; only these
#: code points, never NFKC (which would split SARA AM)
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb06": "st",
}


def _span(lo: int, hi: int) -> range:
    return range(lo, hi + 1)


#: (first, last code point, classes): the one definition of every class
_RANGES: tuple[tuple[int, int, Th], ...] = (
    (0x0E01, 0x0E2E, Th.CONSONANT),
    (0x0E31, 0x0E31, Th.MARK),  # MAI HAN-AKAT
    (0x0E34, 0x0E3A, Th.MARK),  # SARA I .. PHINTHU
    (0x0E47, 0x0E4E, Th.MARK),  # MAITAIKHU .. YAMAKKAN
    (0x0E48, 0x0E4B, Th.TONE),
    (0x0E4C, 0x0E4C, Th.SILENCER),  # THANTHAKHAT
    (0x0E4E, 0x0E4E, Th.SILENCER),  # YAMAKKAN
    (0x0E4D, 0x0E4D, Th.NIKHAHIT),
    (0x0E32, 0x0E32, Th.SARA_AA),
    (0x0E33, 0x0E33, Th.SARA_AM),
    (0x0E30, 0x0E30, Th.FOLLOWING_VOWEL),  # SARA A
    (0x0E32, 0x0E33, Th.FOLLOWING_VOWEL),  # SARA AA, SARA AM
    (0x0E45, 0x0E45, Th.FOLLOWING_VOWEL),  # LAKKHANGYAO
    (0x0E40, 0x0E44, Th.LEADING_VOWEL),
    (0x0E01, 0x0E4E, Th.LETTER),
    (0x0E01, 0x0E5B, Th.TEXT),
    (0x0E01, 0x0E2E, Th.JOINING),
    (0x0E30, 0x0E3A, Th.JOINING),
    (0x0E40, 0x0E45, Th.JOINING),
    (0x0E47, 0x0E4E, Th.JOINING),
    (0x0E50, 0x0E59, Th.DIGIT),
    (0x0E01, 0x0E2E, Th.CLUSTER_NEXT),
    (0x0E30, 0x0E33, Th.CLUSTER_NEXT),
    (0x0E40, 0x0E44, Th.CLUSTER_NEXT),
    (0x0E31, 0x0E31, Th.ABOVE_VOWEL),
    (0x0E34, 0x0E37, Th.ABOVE_VOWEL),
    (0x0E47, 0x0E47, Th.ABOVE_VOWEL),
    (0x0E38, 0x0E3A, Th.BELOW_VOWEL),
    (0xF700, 0xF71F, Th.PUA_LEGACY),  # F71B..F71F are undefined: damage, never mapped
    (0xF884, 0xF89E, Th.PUA_LEGACY),
    (0x0020, 0x0020, Th.CLUSTER_GAP),  # space
    (0x0009, 0x0009, Th.CLUSTER_GAP),  # tab
    (0x00A0, 0x00A0, Th.CLUSTER_GAP),  # no-break space
)


def _class_bits() -> dict[int, int]:
    # plain ints: IntFlag arithmetic costs an enum call per operation, and this table is built
    # at every start
    table: dict[int, int] = {}
    listed = [(code, code, Th.PUA_MAPPED) for code in PUA_TO_THAI]
    listed += [(ord(ch), ord(ch), Th.LIGATURE) for ch in LIGATURES]
    for lo, hi, flag in (*_RANGES, *listed):
        bit = int(flag)
        for code in _span(lo, hi):
            table[code] = table.get(code, 0) | bit
    return table


_BITS = _class_bits()
#: code point → its classes; code points in no class are absent
CLASSES: dict[int, Th] = {code: Th(bits) for code, bits in _BITS.items()}


@cache
def members(flag: Th) -> frozenset[str]:
    """The characters in every class of ``flag``."""
    bits = int(flag)
    return frozenset(chr(c) for c, f in _BITS.items() if f & bits == bits)


def char_class(flag: Th, *, exclude: Th | None = None) -> str:
    """The body of a regular-expression character class (``[…]`` without the brackets) for the
    characters in ``flag`` and not in ``exclude``: ranges compressed, valid in ``re`` and
    ``regex``.

    >>> char_class(Th.MARK, exclude=Th.TONE)
    'ั\u0e34-\u0e3a็์-\u0e4e'
    """
    bits, out = int(flag), int(exclude or 0)
    codes = sorted(c for c, f in _BITS.items() if f & bits == bits and not f & out)
    parts: list[str] = []
    start = prev = None
    for code in [*codes, None]:
        if code is not None and prev is not None and code == prev + 1:
            prev = code
            continue
        if start is not None and prev is not None:
            first, last = re.escape(chr(start)), re.escape(chr(prev))
            parts.append(
                first
                if start == prev
                else f"{first}{last}"
                if prev == start + 1
                else f"{first}-{last}"
            )
        start = prev = code
    return "".join(parts)


# --- the classes as the patterns use them -----------------------------------------------------
CONSONANTS = char_class(Th.CONSONANT)
MARKS = char_class(Th.MARK)
TONES = char_class(Th.TONE)
SILENCERS = char_class(Th.SILENCER)
#: marks that may sit between two tones of one letter (a stacked tone is damage)
NON_TONE_MARKS = char_class(Th.MARK, exclude=Th.TONE)
FOLLOWING_VOWELS = char_class(Th.FOLLOWING_VOWEL)
LEADING_VOWELS = char_class(Th.LEADING_VOWEL)
LETTERS = char_class(Th.LETTER)
THAI_TEXT = char_class(Th.TEXT)
JOINING = char_class(Th.JOINING)
PUA_MAPPED = char_class(Th.PUA_MAPPED)
PUA_LEGACY = char_class(Th.PUA_LEGACY)
LIGATURE_CHARS = char_class(Th.LIGATURE)
CLUSTER_GAPS = char_class(Th.CLUSTER_GAP)
CLUSTER_NEXT = char_class(Th.CLUSTER_NEXT)
ABOVE_VOWELS = char_class(Th.ABOVE_VOWEL)
BELOW_VOWELS = char_class(Th.BELOW_VOWEL)
#: the Unicode Thai block, assigned or not
THAI_BLOCK = "\u0e00-\u0e7f"
#: SARA A .. SARA UU: the vowels written after, above or below their consonant
VOWELS_A_TO_UU = "\u0e30-\u0e39"

NIKHAHIT = "\u0e4d"
SARA_E = "\u0e40"  # เ
SARA_AE = "\u0e41"  # แ
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
#: what a reader gives a glyph whose map is unknown or broken
REPLACEMENT = "\ufffd"
THAI_DIGITS = "".join(sorted(members(Th.DIGIT)))

MARK_CHARS = members(Th.MARK)
TONE_CHARS = members(Th.TONE)
SILENCER_CHARS = members(Th.SILENCER)

#: a run of Thai letters: the unit the dictionary judges
THAI_RUN = re.compile(f"[{LETTERS}]+")
#: the assigned letters of ``LETTERS`` (not the unassigned U+0E3B..U+0E3E, nor the baht sign):
#: what an unmapped glyph of a Thai font may stand for
ASSIGNED_LETTERS = tuple(
    c for c in sorted(members(Th.LETTER)) if unicodedata.category(c) in ("Lo", "Mn", "Lm")
)


def _words(first: int, count: int) -> bytes:
    return b"".join(_BITS.get(first + i, 0).to_bytes(4, "little") for i in range(count))


def c_tables() -> tuple[bytes, bytes, tuple[tuple[int, int, int], ...]]:
    """The table the C speedups classify characters by (``_speedups.c``, ``configure_tables``):
    the classes of U+0000..U+00FF and of the Thai block U+0E00..U+0E7F, each code point a
    little-endian 32-bit word, and (first, last, classes) for the runs of classified code points
    above the Thai block.

    >>> low, block, above = c_tables()
    >>> len(low), len(block), above[0][:2]
    (1024, 512, (63232, 63258))
    """
    above: list[tuple[int, int, int]] = []
    for code, bits in sorted(_BITS.items()):
        if code <= 0x0E7F:
            continue
        if above and above[-1][1] == code - 1 and above[-1][2] == bits:
            above[-1] = (above[-1][0], code, bits)
        else:
            above.append((code, code, bits))
    return _words(0, 256), _words(0x0E00, 128), tuple(above)
