"""Repairs of a broken Thai text layer: what PDF producers and extractors do to Thai.

Contract: each repair is a pure ``str -> (str, int)`` function — the repaired text and how many
places it changed — that is idempotent and leaves well-formed Thai untouched. ``repair_layer``
runs them in a fixed order and returns the text with a count per repair. Nothing here applies
NFKC/NFKD (they split SARA AM) and nothing here guesses: damage that has more than one reading
is left for the damage counters (``damage``) to report.

The failure modes are described in THAI_TEXT.md: Private Use Area glyphs of legacy fonts, SARA
AM split into NIKHAHIT + SARA AA by shapers, combining marks out of order or behind a space,
and SARA AA doubled after SARA AM.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from typing import NamedTuple

import regex

from .. import speedups
from .chars import (
    ASSIGNED_LETTERS,
    CLUSTER_GAPS,
    CLUSTER_NEXT,
    CONSONANTS,
    FOLLOWING_VOWELS,
    LETTERS,
    LIGATURE_CHARS,
    LIGATURES,
    MARKS,
    NIKHAHIT,
    PUA_MAPPED,
    PUA_TO_THAI,
    SARA_AA,
    SARA_AM,
    SILENCER_CHARS,
    SILENCERS,
    THAI_RUN,
    TONE_CHARS,
    TONES,
    Th,
    char_class,
)

# --- Private Use Area → Thai (the table: ``chars.PUA_TO_THAI``) -----------------------------
_PUA_CHARS = re.compile(f"[{PUA_MAPPED}]")


def pua_to_thai(text: str) -> tuple[str, int]:
    """Map legacy-font Private Use Area glyphs back to Thai characters.

    >>> pua_to_thai("ที\\uf70a")  # shifted MAI EK
    ('ที่', 1)
    >>> pua_to_thai("\\uf71b")  # undefined slot: left for the damage counters
    ('\\uf71b', 0)
    """
    if not _PUA_CHARS.search(text):
        return text, 0
    return text.translate(PUA_TO_THAI), len(_PUA_CHARS.findall(text))


# --- Latin ligatures ----------------------------------------------------------------------------
_LIGATURE = re.compile(f"[{LIGATURE_CHARS}]")


def expand_ligatures(text: str) -> tuple[str, int]:
    """Spell out Latin ligature characters (``Oﬃcials`` → ``Officials``).

    >>> expand_ligatures("Sister City Oﬃcials")
    ('Sister City Officials', 1)
    """
    return _LIGATURE.subn(lambda m: LIGATURES[m.group()], text)


# --- SARA AM --------------------------------------------------------------------------------
SPLIT_SARA_AM = regex.compile(
    rf"""
    (?P<before>[{TONES}]*)     # a tone mark the shaper put before the nikhahit
    {NIKHAHIT}                 # NIKHAHIT, the circle of SARA AM
    [\ \ufffd]?                # an unmapped glyph between them, seen as U+FFFD or a space
    (?P<after>[{TONES}]*)      # a tone mark between the nikhahit and SARA AA
    {SARA_AA}                  # SARA AA, the tail of SARA AM
    (?P<trailing>[{TONES}]*)   # a tone mark that slipped behind SARA AA
    """,
    regex.VERBOSE,
)


def join_sara_am(text: str) -> tuple[str, int]:
    """Join NIKHAHIT + SARA AA (split by a shaper) back into SARA AM, tone mark first.

    >>> join_sara_am("นํ้า")
    ('น้ำ', 1)
    >>> join_sara_am("นํา้")
    ('น้ำ', 1)
    >>> join_sara_am("ทํ\\ufffdางาน")
    ('ทำงาน', 1)
    >>> join_sara_am("น้ำ")
    ('น้ำ', 0)
    """
    return SPLIT_SARA_AM.subn(lambda m: m["before"] + m["after"] + m["trailing"] + SARA_AM, text)


SARA_AM_TAIL = regex.compile(
    rf"""
    [{TONES}{SARA_AM}]*{SARA_AM}       # SARA AM, with what precedes it ...
    [{TONES}{SARA_AA}{SARA_AM}]+       # ... followed by a tone mark that belongs before it, or
                                       # by the SARA AA some exports map a second time (สำาหรับ)
    """,
    regex.VERBOSE,
)


def _sara_am_order(run: str) -> str:
    # tones first, then SARA AM; a SARA AA after SARA AM is a second mapping of its tail
    return "".join(ch for ch in run if ch not in (SARA_AM, SARA_AA)) + SARA_AM * run.count(SARA_AM)


def fix_sara_am_tail(text: str) -> tuple[str, int]:
    """Move a tone mark that follows SARA AM in front of it, drop a SARA AA mapped twice.

    >>> fix_sara_am_tail("นำ้")
    ('น้ำ', 1)
    >>> fix_sara_am_tail("สำาหรับ")
    ('สำหรับ', 1)
    """
    count = 0

    def fix(m: regex.Match[str]) -> str:
        nonlocal count
        fixed = _sara_am_order(m.group())
        count += fixed != m.group()
        return fixed

    return SARA_AM_TAIL.sub(fix, text), count


# --- combining marks --------------------------------------------------------------------------
SPACE_BEFORE_MARK = regex.compile(
    rf"""
    (?<=[{CONSONANTS}{MARKS}])   # after a consonant or a mark of the same cluster
    [{CLUSTER_GAPS}]+                 # white space an extractor put inside the cluster
    (?=[{MARKS}])                 # before a mark, which cannot start anything
    """,
    regex.VERBOSE,
)


def drop_space_before_mark(text: str) -> tuple[str, int]:
    """Remove white space between a consonant and its mark (``เก ่า`` → ``เก่า``).

    Unlike ``pythainlp.util.normalize`` this keeps the mark and deletes the space.

    >>> drop_space_before_mark("เก ่า")
    ('เก่า', 1)
    >>> drop_space_before_mark("ต่าง ๆ")
    ('ต่าง ๆ', 0)
    """
    return SPACE_BEFORE_MARK.subn("", text)


#: SARA A, SARA AA and LAKKHANGYAO: following vowels that never start a word (SARA AM neither,
#: but it may follow a consonant directly)
FOLLOWING_BUT_AM = char_class(Th.FOLLOWING_VOWEL, exclude=Th.SARA_AM)
SPACE_BEFORE_FOLLOWING_VOWEL = regex.compile(
    rf"""
    (?<=[{MARKS}])            # after an above/below mark, the cluster is not finished when...
    [{CLUSTER_GAPS}]+             # ...an extractor's gap space...
    (?=[{FOLLOWING_BUT_AM}])  # ...precedes SARA A, SARA AA or LAKKHANGYAO, which never start a word
    |
    (?<=[{CONSONANTS}{MARKS}])
    [{CLUSTER_GAPS}]+
    (?={SARA_AM})             # SARA AM never starts a word either
    """,
    regex.VERBOSE,
)


def drop_space_before_vowel(text: str) -> tuple[str, int]:
    """Remove a gap space between a mark and the following vowel (``หน้ าที่`` → ``หน้าที่``).

    A consonant, a space, then SARA AA (``ค าน า``) is left alone: it can be a lost nikhahit
    as well as a gap, so it is counted as damage instead.

    >>> drop_space_before_vowel("หน้ าที่")
    ('หน้าที่', 1)
    >>> drop_space_before_vowel("ค าน า")
    ('ค าน า', 0)
    """
    return SPACE_BEFORE_FOLLOWING_VOWEL.subn("", text)


def _mark_rank(ch: str) -> int:
    # Thai order inside a cluster: vowel sign above/below, then tone, then the silencer marks
    if ch in TONE_CHARS:
        return 1
    if ch in SILENCER_CHARS:
        return 2
    return 0


#: a run of marks where a tone or silencer comes before another mark: the only runs that can
#: be out of order (matching every run would call back on most clusters of clean text)
DOUBLED_MARK = re.compile(rf"([{MARKS}{SARA_AM}])\1+")


def drop_doubled_marks(text: str) -> tuple[str, int]:
    """Drop a combining mark (or SARA AM) repeated right after itself: Thai never writes one
    twice, and some PDFs draw every mark twice (a real budget document: หน้้า, รััฐ, ถึึง).

    >>> drop_doubled_marks("หน้้า รััฐ ประจำำปีี")
    ('หน้า รัฐ ประจำปี', 4)
    >>> drop_doubled_marks("น้ำ ที่ดี")
    ('น้ำ ที่ดี', 0)
    """
    return DOUBLED_MARK.subn(r"\1", text)


MARK_RUN = regex.compile(rf"[{MARKS}]*[{TONES}{SILENCERS}][{MARKS}]+")


def reorder_marks(text: str) -> tuple[str, int]:
    """Put the marks of a cluster in Thai order: vowel sign, then tone mark (``รู้`` → ``รู้``).

    >>> reorder_marks("ร\\u0e49\\u0e39")
    ('รู้', 1)
    >>> reorder_marks("ปั้น")
    ('ปั้น', 0)
    """
    count = 0

    def fix(m: regex.Match[str]) -> str:
        nonlocal count
        run = m.group()
        ordered = "".join(sorted(run, key=_mark_rank))
        if ordered != run:
            count += 1
        return ordered

    return MARK_RUN.sub(fix, text), count


# --- clusters emitted twice ---------------------------------------------------------------------
#: every place (overlapping ones too: the pattern is a lookahead, each match empty) where a
#: cluster follows itself after one letter; stdlib ``re`` finds them in a third of the time
#: ``regex``'s overlapped search takes
DUPLICATED_CLUSTER = re.compile(
    rf"""
    (?=
    (?P<cluster>[{CONSONANTS}][{MARKS}]+)   # a consonant with its marks ...
    (?P<next>[{CLUSTER_NEXT}])               # ... one bare letter after it ...
    (?P=cluster)                            # ... and the same cluster again
    (?![{MARKS}\n])                         # (whole, and not cut by a line break: a producer
    )                                       # that wraps inside words makes กันกั|บ)
    """,
    re.VERBOSE,
)
_CONTEXT = 12


class ClusterCopy(NamedTuple):
    """A cluster, the letter after it and the cluster again, from ``start`` to ``end``."""

    start: int
    cluster: str
    next: str

    @property
    def end(self) -> int:
        return self.start + 2 * len(self.cluster) + len(self.next)


def _copies(text: str) -> Iterator[ClusterCopy]:
    for m in DUPLICATED_CLUSTER.finditer(text):
        yield ClusterCopy(m.start(), m["cluster"], m["next"])


def _is_copy(text: str, m: ClusterCopy) -> bool:
    """The dictionary's verdict on a match: the cluster is an extractor's copy when the copy
    is not part of a word, and dropping it leaves words on both sides of the cut."""
    lo, hi = max(0, m.start - _CONTEXT), min(len(text), m.end + _CONTEXT)
    return _window_is_copy(text[lo:hi], m.start - lo, m.end - lo, len(m.cluster))


@lru_cache(maxsize=4096)
def _window_is_copy(window: str, start: int, end: int, cluster: int) -> bool:
    # cached: a page's damage is counted right after it is repaired, on the same windows
    from .dictionary import reading_cost, spans

    copy_start = end - cluster
    fixed = window[:copy_start] + window[end:]
    if not reading_cost(fixed) < reading_cost(window):
        return False  # the window reads as well with the cluster: "ส่งส่วน", "กันกับ"
    around = [(s, e, k) for s, e, k in spans(fixed) if s < copy_start + 1 and e > copy_start - 1]
    return bool(around) and all(known for _, _, known in around)


def duplicated_clusters(text: str) -> list[ClusterCopy]:
    """The places where an extractor emitted a cluster twice: the pattern matches, the text
    reads better without the copy, and the words around the cut are dictionary words
    (``ชื่อชื่``)."""
    chosen: list[ClusterCopy] = []
    ambiguous_until = -1
    for m in _copies(text):
        if m.start < ambiguous_until or not _is_copy(text, m):
            continue
        if chosen and m.start < chosen[-1].end:
            # two readings of one stretch (ย่อย่นย่: the copy of ย่ after อ, or after น): keep
            # the one that reads better; when neither does, the stretch is ambiguous and stays
            better = _better_copy(text, chosen[-1], m)
            if better is None:
                ambiguous_until = m.end
                chosen.pop()
            else:
                chosen[-1] = better
            continue
        chosen.append(m)
    return chosen


def _better_copy(text: str, a: ClusterCopy, b: ClusterCopy) -> ClusterCopy | None:
    """Of two overlapping copies, the one whose removal reads better; None on a tie."""
    from .dictionary import reading_cost

    lo, hi = max(0, a.start - _CONTEXT), min(len(text), b.end + _CONTEXT)

    def without(m: ClusterCopy) -> tuple[int, int]:
        copy_start = m.end - len(m.cluster)
        return reading_cost(text[lo:copy_start] + text[m.end : hi])

    cost_a, cost_b = without(a), without(b)
    if cost_a == cost_b:
        return None
    return a if cost_a < cost_b else b


def drop_duplicated_cluster(text: str) -> tuple[str, int]:
    """Drop a cluster an extractor emitted twice around the next letter (``ชื่อชื่`` → ``ชื่อ``).

    PDFium emits an ``/ActualText`` span once per glyph it covers and places the copy after
    the next base letter. The dictionary decides: the copy is dropped only where that turns
    non-words into words.

    >>> drop_duplicated_cluster("ชื่อชื่ โครงการ")
    ('ชื่อ โครงการ', 1)
    >>> drop_duplicated_cluster("ครั้งรั้ที่")
    ('ครั้งที่', 1)
    >>> drop_duplicated_cluster("ร่วมกันกับเมือง")
    ('ร่วมกันกับเมือง', 0)
    """
    found = duplicated_clusters(text)
    if not found:
        return text, 0
    parts, pos = [], 0
    for m in found:
        parts += [text[pos : m.start], m.cluster, m.next]
        pos = m.end
    parts.append(text[pos:])
    return "".join(parts), len(found)


Repair = Callable[[str], tuple[str, int]]


def apply_repairs(text: str, repairs: Iterable[tuple[str, Repair]], counts: Counter[str]) -> str:
    """Run each named repair once, in order, adding how often each applied to ``counts``.

    >>> counts = Counter(); apply_repairs("หน้้า", [("doubled_mark", drop_doubled_marks)], counts)
    'หน้า'
    >>> counts
    Counter({'doubled_mark': 1})
    """
    for name, repair in repairs:
        text, n = repair(text)
        if n:
            counts[name] += n
    return text


# --- page statistics: damage a font did to every instance of a character ----------------------
LOST_NIKHAHIT = regex.compile(
    rf"""
    (?<=[{CONSONANTS}][{TONES}]?)   # a consonant (and its tone) ...
    [\ ]                            # ... the gap PDFium filled where an unmapped NIKHAHIT sat ...
    {SARA_AA}                       # ... and SARA AA: together, SARA AM (ค าน า = คำนำ)
    """,
    regex.VERBOSE,
)
#: a page shows this many ``C า`` and no SARA AM at all before its font is judged to have lost
#: the nikhahit of every SARA AM (Thai text has a SARA AM every hundred characters or so)
LOST_NIKHAHIT_MIN = 3


def infer_lost_nikhahit(text: str) -> tuple[str, int]:
    """Restore SARA AM on a page whose font lost the NIKHAHIT of every SARA AM.

    Only when the page has no SARA AM at all and several ``C า``: one such place alone could be
    anything, a font that never yields SARA AM and always leaves this gap cannot.

    >>> infer_lost_nikhahit("ประจ าปี ของส านักงาน ที่ด าเนินการ")
    ('ประจำปี ของสำนักงาน ที่ดำเนินการ', 3)
    >>> infer_lost_nikhahit("ค าน า และ น้ำ")
    ('ค าน า และ น้ำ', 0)
    """
    if SARA_AM in text:
        return text, 0
    found = LOST_NIKHAHIT.findall(text)
    if len(found) < LOST_NIKHAHIT_MIN:
        return text, 0
    return LOST_NIKHAHIT.subn(SARA_AM, text)


#: SARA AM is about a tenth of SARA AA + SARA AM in Thai text; a page where it is most of them
#: was set in a font whose ToUnicode maps SARA AA to SARA AM (สำนักงำนเขตยำนนำวำ)
SARA_AM_SHARE_MAX = 0.5
SARA_AM_SHARE_MIN_COUNT = 20
#: more SARA AM than a page of text holds (about 400 on a dense page): garbage, not judged
SARA_AM_JUDGED_MAX = 2_000
#: the dictionary judges a place on its Thai run, or on this many characters each side of it
#: in a longer run (judging a whole run at each of its places is quadratic; the longest
#: dictionary word has 81 characters)
JUDGE_WINDOW = 100


def judged_span(length: int, at: int) -> tuple[int, int]:
    """The part of a run of ``length`` characters that is judged for its place ``at``.

    >>> judged_span(150, 120), judged_span(1000, 120)
    ((0, 150), (20, 221))
    """
    if length <= 2 * JUDGE_WINDOW:
        return 0, length
    return max(0, at - JUDGE_WINDOW), min(length, at + JUDGE_WINDOW + 1)


def infer_sara_aa_as_sara_am(text: str) -> tuple[str, int]:
    """On a page whose SARA AM are too many to be real, let the dictionary say which are SARA AA.

    Each SARA AM of a Thai run becomes SARA AA unless SARA AM makes the run read better
    (``dictionary.reading_cost``); a tie goes to SARA AA, as most of them are on such a page.

    >>> infer_sara_aa_as_sara_am("สำนักงำนเขตยำนนำวำ " * 5)[0].split()[0]
    'สำนักงานเขตยานนาวา'
    """
    am, aa = text.count(SARA_AM), text.count(SARA_AA)
    if not SARA_AM_SHARE_MIN_COUNT <= am <= SARA_AM_JUDGED_MAX:
        return text, 0
    if am / (am + aa) <= SARA_AM_SHARE_MAX:
        return text, 0
    from .dictionary import reading_cost

    count = 0

    def fix(m: regex.Match[str]) -> str:
        nonlocal count
        run = list(m.group().replace(SARA_AM, SARA_AA))
        for i, ch in enumerate(m.group()):
            if ch != SARA_AM:
                continue
            lo, hi = judged_span(len(run), i)
            as_aa = run[lo:hi]
            as_am = [*as_aa[: i - lo], SARA_AM, *as_aa[i - lo + 1 :]]
            if reading_cost("".join(as_am)) < reading_cost("".join(as_aa)):
                run[i] = SARA_AM
            else:
                count += 1
        return "".join(run)

    return THAI_RUN.sub(fix, text), count


CID = regex.compile(r"\(cid:(?P<code>\d+)\)")
#: a glyph code must stand unmapped this many times on a page before it is inferred
UNMAPPED_MIN = 8
#: the contexts of one code that are tried (enough to be sure, bounded in time)
UNMAPPED_SAMPLE = 40
#: the winning character must leave at most this share of the contexts' characters outside
#: dictionary words, and do clearly better than the runner-up
UNMAPPED_MAX_UNKNOWN = 0.05
UNMAPPED_CANDIDATES = ASSIGNED_LETTERS


def infer_unmapped_glyphs(text: str) -> tuple[str, int]:
    """Name the Thai character a glyph with no Unicode value stands for, when the page shows it
    often and one character turns its contexts into dictionary words.

    Some exports leave a glyph out of the font's ToUnicode map (LibreOffice drops SARA AA when
    its glyph is also used inside SARA AM): every instance comes out as ``(cid:N)``. Each Thai
    character is tried in the place of the code in up to 40 of its contexts; the winner must
    leave fewer than 5 % of their characters outside words and beat the runner-up by half.

    >>> infer_unmapped_glyphs("โครงก(cid:9)ร หน่วยง(cid:9)น ร(cid:9)ยง(cid:9)น " * 4)[0].split()[:2]
    ['โครงการ', 'หน่วยงาน']
    """
    codes = Counter(m["code"] for m in CID.finditer(text))
    count = 0
    for code, n in codes.most_common():  # the commonest first: its answer helps the next
        if n < UNMAPPED_MIN:
            continue
        token = f"(cid:{code})"
        contexts = _contexts(text, token)[:UNMAPPED_SAMPLE]
        best = _best_character(tuple(contexts), token)
        if best is not None:
            text = text.replace(token, best)
            count += n
    return text, count


def _contexts(text: str, token: str) -> list[str]:
    """The Thai runs (with the token inside) around each occurrence of ``token``."""
    run = f"(?:[{LETTERS}]|{regex.escape(token)})+"
    contexts = []
    for m in regex.finditer(run, text):
        if token in m.group():
            at = m.group().index(token)
            lo, hi = judged_span(len(m.group()), at)
            contexts.append(m.group()[lo:hi])
    return contexts


@lru_cache(maxsize=1024)
def _best_character(contexts: tuple[str, ...], token: str) -> str | None:
    """The candidate whose reading of ``contexts`` leaves fewest characters outside dictionary
    words (ties to the lower character), if it leaves few and beats the runner-up by half.
    Kept for the next call: a page is read more than once (the repair rounds, each reading
    of a damaged page), and a code's contexts come back unchanged (309 distinct of 775 calls
    on six PostScript-and-back copies).

    Only the best two scores matter: a context met n times is read once and counted n times,
    and a candidate is dropped as soon as its partial score ranks it below the second best so
    far (scores only grow). The answer is that of scoring every candidate in every context
    (issue 17: this was 40 % of the time of a Ghostscript copy's page)."""
    from .dictionary import reading_cost

    size = sum(len(c.replace(token, "x")) for c in contexts)
    counted = Counter(contexts)
    top: list[tuple[int, str]] = []  # the best two (score, character) so far, in order
    for ch in UNMAPPED_CANDIDATES:
        score = 0
        for context, n in counted.items():
            # read as the layer repairs will leave it: a NIKHAHIT before SARA AA is SARA AM (a
            # shaper split it into two glyphs; the NIKHAHIT glyph has no Unicode value)
            score += n * reading_cost(join_sara_am(context.replace(token, ch))[0])[0]
            if len(top) == 2 and (score, ch) > top[1]:
                break
        else:
            top = sorted([*top, (score, ch)])[:2]
    (best, ch), (second, _) = top
    if best <= UNMAPPED_MAX_UNKNOWN * size and best * 2 < second:
        return ch
    return None


#: repairs from page statistics: each one is reported to the user as a warning as well
INFERRED_REPAIRS: tuple[tuple[str, Repair], ...] = (
    ("unmapped_glyph", infer_unmapped_glyphs),
    ("lost_nikhahit", infer_lost_nikhahit),
    ("sara_aa_as_sara_am", infer_sara_aa_as_sara_am),
)

MAX_ROUNDS = 4
#: the statistics of a page: a longer text is not one page (a text export without page
#: breaks, or garbage), and the inferred repairs, which consult the dictionary at every place
#: they might change, would take minutes on it
INFER_MAX_CHARS = 20_000

#: the order matters: PUA first (it creates marks), SARA AM next (it moves tones), then the
#: spaces inside clusters, then mark order (it works on adjacent marks), duplicates last
LAYER_REPAIRS: tuple[tuple[str, Repair], ...] = (
    ("pua", pua_to_thai),
    ("ligature", expand_ligatures),
    ("split_sara_am", join_sara_am),
    ("sara_am_tail", fix_sara_am_tail),
    ("space_before_mark", drop_space_before_mark),
    ("space_before_vowel", drop_space_before_vowel),
    ("doubled_mark", drop_doubled_marks),
    ("mark_order", reorder_marks),
    ("duplicated_cluster", drop_duplicated_cluster),
)


#: one necessary condition per repair of ``LAYER_REPAIRS``: where it finds nothing the repair
#: would change nothing, and is not run (PUA and ligature characters, NIKHAHIT, SARA AM before
#: a tone or vowel, white space before a mark or following vowel, a doubled mark, a tone or
#: silencer before another mark, a cluster repeated). Stdlib ``re``, which scans a clean page
#: in a fifth of the time ``regex`` takes; tests/test_properties.py checks the claim.
REPAIR_CONDITIONS: dict[str, re.Pattern[str]] = {
    "pua": re.compile(f"[{PUA_MAPPED}]"),
    "ligature": re.compile(f"[{LIGATURE_CHARS}]"),
    "split_sara_am": re.compile(NIKHAHIT),
    "sara_am_tail": re.compile(f"{SARA_AM}[{TONES}{SARA_AA}{SARA_AM}]"),
    "space_before_mark": re.compile(f"[{CLUSTER_GAPS}][{MARKS}]"),
    "space_before_vowel": re.compile(f"[{CLUSTER_GAPS}][{FOLLOWING_VOWELS}]"),
    "doubled_mark": re.compile(f"([{MARKS}{SARA_AM}])\\1"),
    "mark_order": re.compile(f"[{TONES}{SILENCERS}][{MARKS}]"),
    "duplicated_cluster": DUPLICATED_CLUSTER,
}
#: the conditions of all the repairs but the last in one pattern: most pages match none
_ANY_BUT_LAST = re.compile(
    f"[{PUA_MAPPED}{LIGATURE_CHARS}{NIKHAHIT}]"
    f"|{SARA_AM}[{TONES}{SARA_AA}{SARA_AM}]"
    f"|[{CLUSTER_GAPS}][{MARKS}{FOLLOWING_VOWELS}]"
    f"|([{MARKS}{SARA_AM}])\\1"
    f"|[{TONES}{SILENCERS}][{MARKS}]"
)


def repairs_may_apply(text: str) -> tuple[bool, ...]:
    """For each of ``LAYER_REPAIRS``, in order, whether it could change ``text`` (False: it
    would not). Its C twin, ``speedups.C.repairs_may_apply``, is used where it is built.

    >>> repairs_may_apply("น้ำท่วมกรุงเทพมหานคร") == (False,) * 9
    True
    >>> [name for (name, _), may in zip(LAYER_REPAIRS, repairs_may_apply("นํ้า ชื่อชื่ "))
    ...  if may]
    ['split_sara_am', 'duplicated_cluster']
    """
    duplicated = DUPLICATED_CLUSTER.search(text) is not None
    if not _ANY_BUT_LAST.search(text):
        return (False,) * (len(LAYER_REPAIRS) - 1) + (duplicated,)
    return tuple(REPAIR_CONDITIONS[name].search(text) is not None for name, _ in LAYER_REPAIRS)


@cache
def _repairs_may_apply() -> Callable[[str], tuple[bool, ...]]:
    """``repairs_may_apply``, in C where the speedups are built (chosen on first use)."""
    accelerated = speedups.accelerator()
    return repairs_may_apply if accelerated is None else accelerated.repairs_may_apply


def repair_layer(text: str) -> tuple[str, Counter[str]]:
    """Run every text-layer repair in order, again until nothing changes; count each repair.

    One repair can expose work for an earlier one (putting marks in order can leave a tone
    after SARA AM), so the sequence runs to a fixed point; the cap keeps a pathological input
    bounded. The repairs inferred from the page's statistics (``INFERRED_REPAIRS``) run last.

    >>> repair_layer("กรุงเทพมหานครนํ้าท่วม")
    ('กรุงเทพมหานครน้ำท่วม', Counter({'split_sara_am': 1}))
    """
    counts: Counter[str] = Counter()
    for _ in range(MAX_ROUNDS):
        before = text
        may, changed = _repairs_may_apply()(text), False
        for k, (name, repair) in enumerate(LAYER_REPAIRS):
            if not changed and not may[k]:
                continue  # it would change nothing (until an earlier repair changes the text)
            repaired, n = repair(text)
            if n:
                counts[name] += n
            changed = changed or repaired != text
            text = repaired
        if text == before:
            break
    if len(text) <= INFER_MAX_CHARS:
        text = apply_repairs(text, INFERRED_REPAIRS, counts)
    return text, counts
