"""Damage counters: how broken a Thai text layer still is (THAI_TEXT.md, "Damage counters").

Contract: ``count_damage(text)`` returns a count per kind of damage that the repairs could not
(or did not) fix; ``damage_score`` folds them into one number used to rank candidate texts of a
page; ``damage_sites`` yields each damaged place with the text around it, for warnings. The
dictionary out-of-vocabulary rate is separate (``tokenizer.oov_rate``): it needs the tokenizer
and is only computed on request (``reportparse text --stats``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from .. import speedups
from .chars import (
    CONSONANTS,
    FOLLOWING_VOWELS,
    LETTERS,
    MARKS,
    NIKHAHIT,
    NON_TONE_MARKS,
    PUA_LEGACY,
    SARA_AA,
    TONES,
)
from .repairs import DUPLICATED_CLUSTER, duplicated_clusters

DAMAGE_PATTERNS: dict[str, regex.Pattern[str]] = {
    # legacy-font glyphs the PUA table could not map (or that were never mapped)
    "pua": regex.compile(f"[{PUA_LEGACY}]"),
    # SARA AM still split into NIKHAHIT + SARA AA
    "split_sara_am": regex.compile(f"{NIKHAHIT}[\ufffd ]?{SARA_AA}"),
    # a mark that does not follow a consonant or another mark
    "orphan_mark": regex.compile(f"(?<![{CONSONANTS}{MARKS}])[{MARKS}]"),
    # a following vowel after a space: something was lost before it (ค าน า)
    "orphan_vowel": regex.compile(f"(?<=[{LETTERS}])[ ](?=[{FOLLOWING_VOWELS}])"),
    # two tone marks on one letter: Thai never writes it; a tone stands for a lost vowel mark
    # (WeasyPrint's ToUnicode reads the SARA U of รุ่น as a MAI EK: ร่่น)
    "stacked_tones": regex.compile(f"[{TONES}][{NON_TONE_MARKS}]*[{TONES}]"),
    "replacement_char": regex.compile("\ufffd"),
    "cid": regex.compile(r"\(cid:\d+\)"),
    "nul": regex.compile("\x00"),
}


def count_damage(text: str, *, duplicates: bool = True) -> dict[str, int]:
    """Count each kind of damage left in ``text`` (kinds with no hit are left out).

    ``duplicates=False`` skips the duplicated-cluster count, for text that has just been
    through ``thai.repair_layer`` (whose last round found none).

    >>> count_damage("ค าน า (cid:11)")
    {'orphan_vowel': 2, 'cid': 1}
    >>> count_damage("น้ำท่วม")
    {}
    >>> count_damage("ร่่น")
    {'stacked_tones': 1}
    """
    accelerated = speedups.accelerator()
    if accelerated is not None:
        counts = accelerated.count_damage(text)  # the same counts, in one pass in C
    else:
        counts = {name: len(p.findall(text)) for name, p in DAMAGE_PATTERNS.items()}
    if duplicates:
        counts["duplicated_cluster"] = len(duplicated_clusters(text))
    return {name: n for name, n in counts.items() if n}


def python_count_damage(text: str) -> dict[str, int]:
    """``count_damage(text, duplicates=False)`` by the patterns themselves: the reference the
    C twin is tested against."""
    counts = {name: len(p.findall(text)) for name, p in DAMAGE_PATTERNS.items()}
    return {name: n for name, n in counts.items() if n}


def damage_score(counts: dict[str, int]) -> int:
    """One number to rank candidate texts: every damaged place counts once."""
    return sum(counts.values())


@dataclass(frozen=True)
class DamageSite:
    kind: str
    start: int
    context: str


def damage_sites(text: str, width: int = 15) -> Iterator[DamageSite]:
    """Yield each damaged place of ``text`` with ``width`` characters of context each side."""
    if not count_damage(text, duplicates=False) and not DUPLICATED_CLUSTER.search(text):
        return  # (most texts: the counters say so faster than the patterns can)
    found = [
        (m.start(), m.end(), kind) for kind, p in DAMAGE_PATTERNS.items() for m in p.finditer(text)
    ]
    found += [(m.start, m.end, "duplicated_cluster") for m in duplicated_clusters(text)]
    for start, end, kind in sorted(found, key=lambda site: site[0]):
        lo, hi = max(0, start - width), min(len(text), end + width)
        yield DamageSite(kind, start, text[lo:hi])
