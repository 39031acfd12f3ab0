"""Repairs of what the exporting system did to the report's text (SPEC.md, "Garbling").

Contract: pure ``str -> (str, int)`` repairs, each counted, applied to a whole page so that a
pair of lost quotes may span a line break: Thai digits to Arabic; tofu (``□``) used as
indentation removed; ``?`` that stands for a character the system could not encode (an en dash
between numbers, curly quotes around a phrase, a dash between words, an apostrophe inside a
Latin word) restored by its context. A ``?`` no rule explains is left in place; ``checks``
turns it into a ``garbled_text`` warning.
"""

from __future__ import annotations

from collections import Counter

import regex

from ..thai.chars import THAI_DIGITS as _THAI_DIGIT_CHARS
from ..thai.repairs import Repair, apply_repairs

THAI_DIGITS = str.maketrans(_THAI_DIGIT_CHARS, "0123456789")


def thai_digits(text: str) -> tuple[str, int]:
    """Convert Thai digits to Arabic digits.

    >>> thai_digits("๑๒ - ๑๖ มีนาคม ๒๕๖๑")
    ('12 - 16 มีนาคม 2561', 8)
    """
    count = sum(text.count(digit) for digit in _THAI_DIGIT_CHARS)  # ten passes in C
    if not count:
        return text, 0
    for thai, arabic in zip(_THAI_DIGIT_CHARS, "0123456789", strict=True):
        text = text.replace(thai, arabic)  # (str.translate walks a Thai text char by char)
    return text, count


TOFU = regex.compile(
    "[\u25a1\u25a0\u25af\u2610\u25fb\u25fd\u2b1c]+"  # □ ■ ▯ ☐ ◻ ◽ ⬜ used for indentation
)


def remove_tofu(text: str) -> tuple[str, int]:
    """Replace runs of tofu boxes (indentation the export could not encode) by one space.

    >>> remove_tofu("□□สำนักงาน")
    (' สำนักงาน', 1)
    """
    repaired: tuple[str, int] = TOFU.subn(" ", text)
    return repaired


INVISIBLE = regex.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def remove_invisible(text: str) -> tuple[str, int]:
    """Remove zero-width characters and soft hyphens, which are not content.

    >>> remove_invisible("ก\\u200bข")
    ('กข', 1)
    """
    repaired: tuple[str, int] = INVISIBLE.subn("", text)
    return repaired


RANGE_DASH = regex.compile(
    r"""
    (?<=\d)         # a number ...
    (?P<l>[\ \n]*)  # ... optional spaces (a producer may wrap the line before the dash) ...
    \?              # ... the lost EN DASH ...
    (?P<r>[\ \n]*)  # ... (or after it) ...
    (?=\d)          # ... and a number: a range such as 24 – 28
    """,
    regex.VERBOSE,
)


def range_dash(text: str) -> tuple[str, int]:
    """Restore an en dash lost between two numbers.

    >>> range_dash("ระหว่างวันที่ 24 ? 28 กรกฎาคม")
    ('ระหว่างวันที่ 24 – 28 กรกฎาคม', 1)
    >>> range_dash("ระหว่างวันที่ 24\\n? 28 กรกฎาคม")
    ('ระหว่างวันที่ 24\\n– 28 กรกฎาคม', 1)
    """
    repaired: tuple[str, int] = RANGE_DASH.subn(lambda m: f"{m['l']}–{m['r']}", text)
    return repaired


CURLY_QUOTES = regex.compile(
    r"""
    (?<=^|[\s(\[])         # the opening quote starts a phrase ...
    \?(?P<wrap>\n?)        # (a producer may wrap the line right after it)
    (?P<inner>[^\s?][^?]{0,300}?(?<=[^\s?]))  # ... that holds no other '?' ...
    \?
    (?=$|[\s)\].,;:!])     # ... and the closing quote ends it
    """,
    regex.VERBOSE | regex.MULTILINE,
)


def curly_quotes(text: str) -> tuple[str, int]:
    """Restore “curly quotes” lost around a phrase.

    >>> curly_quotes("หัวข้อ ?แนวทางการจัดการขยะเหลือศูนย์ (Zero Waste Management?)")
    ('หัวข้อ “แนวทางการจัดการขยะเหลือศูนย์ (Zero Waste Management”)', 1)
    """
    repaired: tuple[str, int] = CURLY_QUOTES.subn(lambda m: f"“{m['wrap']}{m['inner']}”", text)
    return repaired


SPACED_DASH = regex.compile(
    r"""
    (?<=[\w)])      # after a word, a number or a closing bracket ...
    [\ ]\?[\ ]      # ... a '?' standing alone between spaces ...
    (?=[\w(])       # ... before a word: a lost dash (ยุทธศาสตร์ที่ 7 ? การสร้าง...)
    """,
    regex.VERBOSE,
)


def spaced_dash(text: str) -> tuple[str, int]:
    """Restore a dash lost between two words.

    >>> spaced_dash("ยุทธศาสตร์ที่ 7 ? การสร้างความเป็นมืออาชีพ")
    ('ยุทธศาสตร์ที่ 7 – การสร้างความเป็นมืออาชีพ', 1)
    """
    repaired: tuple[str, int] = SPACED_DASH.subn(" – ", text)
    return repaired


APOSTROPHE = regex.compile(r"(?<=[A-Za-z])\?(?=(?:s|t|re|ll|ve|d|m)\b)")


def apostrophe(text: str) -> tuple[str, int]:
    """Restore a right single quote lost inside a Latin word (``Bangkok?s``).

    >>> apostrophe("Bangkok?s Sister Cities")
    ('Bangkok’s Sister Cities', 1)
    """
    repaired: tuple[str, int] = APOSTROPHE.subn("’", text)
    return repaired


#: ranges first (a range's '?' must not open a quote), then quotes, then the looser rules
GARBLE_REPAIRS: tuple[tuple[str, Repair], ...] = (
    ("thai_digits", thai_digits),
    ("tofu", remove_tofu),
    ("invisible", remove_invisible),
    ("range_dash", range_dash),
    ("curly_quotes", curly_quotes),
    ("spaced_dash", spaced_dash),
    ("apostrophe", apostrophe),
)


def repair_garbling(text: str) -> tuple[str, Counter[str]]:
    """Run every export-garbling repair in order; return the text and a count per repair.

    >>> repair_garbling("ยุทธศาสตร์ที่ ๗ ? การสร้าง")[0]
    'ยุทธศาสตร์ที่ 7 – การสร้าง'
    """
    counts: Counter[str] = Counter()
    return apply_repairs(text, GARBLE_REPAIRS, counts), counts
