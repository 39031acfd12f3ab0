"""Quality: is a page's text Thai as people write it?

Contract: ``text_quality(text)`` is the share of a page's characters (white space left out)
that read as text: not inside a damage site (``damage``), not in a spelling no Thai word has
(a leading vowel without its consonant, a below vowel under a leading vowel's consonant, two
vowels above one letter: what a font map that gives a glyph another character writes), not
in a token that glues Thai letters to Latin letters or to symbols no Thai word touches (a map
that turned Thai glyphs into ``ช?PอPค121``), not a control, private-use, non-character code
point or a letter of a script no report is written in; and, when any of those is found, not
outside dictionary words in a Thai run (``dictionary``). A page where none is found is 1.0
without consulting the dictionary: the gate costs a few regular expressions on clean text.
A page below ``USABLE`` is not text anyone can trust: ``extract`` recovers it another way,
or reports it unusable.
``judged(text)`` says whether a page has enough characters to be judged at all.

>>> text_quality("รายงานความก้าวหน้าของโครงการ") == 1.0
True
>>> text_quality("ช?PอPค121 O&&O2 Āอ/CลN") < USABLE
True
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import islice

import regex

from .chars import ABOVE_VOWELS, BELOW_VOWELS, CONSONANTS, LEADING_VOWELS, LETTERS, THAI_TEXT
from .damage import DAMAGE_PATTERNS
from .dictionary import spans

#: a page whose text reads below this is unusable: the fixtures' clean pages and the real
#: government PDFs score 0.89 and more, copies whose font maps are wrong 0.87 and less
USABLE = 0.8
#: a page below this is read another way too (the outlines of its glyphs), and the better
#: reading kept: 3 of the 871 clean fixture pages score below it, every broken map does
SUSPECT = 0.95
#: a page whose letters and digits are less Thai than this is also read from its outlines:
#: a font map that writes Thai glyphs as ASCII (Ghostscript on a font without glyph names)
#: leaves a few Thai letters among digits and punctuation (4–9 % on such copies), while the
#: Thai pages of reports and of real government PDFs are 40 % Thai and more
FEW_THAI = 0.2
#: fewer characters than this are not judged (a page with a signature line only)
MIN_JUDGED = 40

_TOKEN = re.compile(r"\S+")
#: a character that is not white space (``\s`` is ``str.isspace``)
_NON_SPACE = re.compile(r"\S")
_LATIN = "A-Za-z\u00c0-\u024f"  # Latin letters, Latin-1 and extended
#: a Thai letter touching a Latin letter, either way round
_GLUED = re.compile(f"[{LETTERS}][{_LATIN}]|[{_LATIN}][{LETTERS}]")
#: symbols that no Thai word of a report sits against
_SYMBOLS = re.compile(r"[#&$@*+=<>|~^_\\\u0100-\u024f]")
_THAI_LETTER = re.compile(f"[{LETTERS}]")
_THAI_CHAR = re.compile(f"[{THAI_TEXT}]")
#: controls, private use, non-characters, scripts no report is written in (Greek to Sinhala,
#: Lao to the CJK blocks), Dingbats (✁✂✃: what Ghostscript's ps2write maps the glyphs of a
#: Type 3 font to, a page of them): no text of a report. ``regex``, not ``re``: ``re`` compiles
#: a class of wide ranges by visiting each of their 60,000 code points, 5 ms at every start
_NOT_TEXT = regex.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u0370-\u0dff\u0e80-\u1fff\u2700-\u27bf"
    "\u2c00-\ufaff\ue000-\uf8ff\ufff0-\uffff]"
)
#: spellings no Thai word has
_MISSPELT = re.compile(
    f"[{LEADING_VOWELS}](?!\\s*[{CONSONANTS}])"  # a leading vowel not before a consonant
    f"|[{LEADING_VOWELS}][{CONSONANTS}][{BELOW_VOWELS}]"  # ...whose consonant has one below
    f"|[{ABOVE_VOWELS}][{ABOVE_VOWELS}{BELOW_VOWELS}]"  # two vowels on one letter
    f"|[{BELOW_VOWELS}][{ABOVE_VOWELS}{BELOW_VOWELS}]"
)


def thai_share(text: str) -> float:
    """The share of ``text``'s characters, white space left out, that are Thai (1.0 when
    there are none).

    >>> thai_share("รายงาน 2566"), thai_share("2%ค/2-/2.ÿ")
    (0.6, 0.1)
    """
    total = non_space(text)
    return len(_THAI_CHAR.findall(text)) / total if total else 1.0


def non_space(text: str) -> int:
    """How many of ``text``'s characters are not white space (``str.isspace``): ``str.split``
    cuts at the same characters, in C rather than one Python step a character.

    >>> non_space(" ก ข\\u3000ค\\n")
    3
    """
    return sum(map(len, text.split()))


def not_text(text: str) -> bool:
    """Whether ``text`` holds a character no report is written in (``_NOT_TEXT``: a control,
    private use, a script such as CJK): a font map gave a glyph a made-up value.

    >>> not_text("(Tra\u6600\u6600y"), not_text("Traffy ไทย")
    (True, False)
    """
    return _NOT_TEXT.search(text) is not None


def judged(text: str) -> bool:
    """Whether ``text`` has enough characters for ``text_quality`` to mean something."""
    return sum(1 for _ in islice(_NON_SPACE.finditer(text), MIN_JUDGED)) >= MIN_JUDGED


def glued_tokens(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each token (a run without white space) that holds a Thai letter and
    a Thai letter glued to a Latin one or a symbol no Thai word touches (``_GLUED``,
    ``_SYMBOLS``), in order. Both lie inside one token, so only the tokens around their
    matches are looked at, not every token of the page.

    >>> glued_tokens("ชื่อ ช?PอPค121 โครงการ_ปี")
    [(5, 14), (15, 25)]
    """
    hits = [m.start() for pattern in (_GLUED, _SYMBOLS) for m in pattern.finditer(text)]
    if not hits:
        return []
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    starts = [start for start, _ in tokens]
    found = sorted({bisect_right(starts, at) - 1 for at in hits})
    return [tokens[i] for i in found if _THAI_LETTER.search(text, *tokens[i])]


def text_quality(text: str) -> float:
    """The share of ``text``'s characters, white space left out, that read as text."""
    bad = bytearray(len(text))
    for pattern in (*DAMAGE_PATTERNS.values(), _MISSPELT):
        for m in pattern.finditer(text):
            bad[m.start() : m.end()] = b"\1" * (m.end() - m.start())
    for start, end in glued_tokens(text):
        bad[start:end] = b"\1" * (end - start)
    for m in _NOT_TEXT.finditer(text):
        bad[m.start()] = 1
    if not any(bad):  # nothing is wrong (most pages): every character reads
        return 1.0
    for start, end, word in spans(text):  # what reads outside dictionary words is wrong too
        if not word:
            bad[start:end] = b"\1" * (end - start)
    total = bad_count = 0
    for ch, flag in zip(text, bad, strict=True):
        if not ch.isspace():
            total += 1
            bad_count += flag
    return 1.0 if not total else 1 - bad_count / total
