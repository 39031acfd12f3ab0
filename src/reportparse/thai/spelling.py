"""Spellings that look the same on the page, folded to one form before parsing.

Contract: ``fold_spelling(text)`` maps each spelling a reader cannot tell from the plain one to
the plain one and counts each fold (a repair). The rules are PyThaiNLP's ``util.normalize``
rules that never change what a reader sees, measured by rendering each pair in five Thai fonts
and two renderers (``fixtures/unseen/SPELLINGS.md``); the rules that do change the page (a
tone typed before an above vowel, a doubled mark) are left to the text-layer repairs, which
undo only what an *extractor* did, or left alone. Of the folds measured:

- two SARA E typed for SARA AE (``เเผน`` → ``แผน``): here;
- NIKHAHIT + SARA AA for SARA AM, with or without a tone between: ``thai.repairs``
  (``split_sara_am``), which runs on every text layer and text export;
- a tone before a below vowel: ``thai.repairs`` (``mark_order``);
- zero-width characters and soft hyphens inside a word: ``garble`` (``invisible``);
- a no-break space for a space: white space, folded with all white space (``normalize``).

``diff`` compares text after the same folding (``diff.words.squash``): two versions that differ
only in such spellings have no change.
"""

from __future__ import annotations

from collections import Counter

import regex

from .chars import SARA_AE, SARA_E
from .repairs import Repair, apply_repairs

SARA_E_TWICE = regex.compile(SARA_E * 2)


def sara_e_twice(text: str) -> tuple[str, int]:
    """Two SARA E typed for SARA AE: drawn the same (two strokes), read as แ by everyone.

    >>> sara_e_twice("เป็นไปตามเเผน")
    ('เป็นไปตามแผน', 1)
    """
    folded: tuple[str, int] = SARA_E_TWICE.subn(SARA_AE, text)
    return folded


SPELLING_FOLDS: tuple[tuple[str, Repair], ...] = (("sara_e_twice", sara_e_twice),)


def fold_spelling(text: str) -> tuple[str, Counter[str]]:
    """Every fold of ``SPELLING_FOLDS``; the text and a count per fold."""
    counts: Counter[str] = Counter()
    return apply_repairs(text, SPELLING_FOLDS, counts), counts


def folded(text: str) -> str:
    """The text with every spelling folded (``diff`` compares this)."""
    return fold_spelling(text)[0]
