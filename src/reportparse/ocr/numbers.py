"""Numbers read again from a line's image, glyph by glyph, whatever OCR made of them.

Contract: ``read_chains(image, line)`` segments a line of a page's grey image (``line``: its
box) into glyphs, classifies each against the templates (``ocr.digits``: Thai digits, the marks
between them, letters) and returns the ``Chain``s of digits and marks that stand together, each
with its reading, its columns and whether the templates are sure of every glyph.
``checked_line(image, line, words)`` aligns those chains with the numbers of the words OCR read
on the line (``SeenWord``: text, confidence, box and the boxes of its symbols) by position and
returns the words to keep and what was done (``Counter``):

- a number OCR read where a chain stands: the chain's reading replaces it when the templates are
  sure of every glyph and the two agree on the marks between the digits
  (``ocr_thai_digit`` when that changed it), whatever the count of digits OCR read (a digit
  dropped, one read twice, an ``@`` put in); else the words keep OCR's reading with
  confidence 0 (so the value is warned, ``ocr_low_confidence``);
- a number OCR read where no chain stands, or that several chains share: confidence 0;
- a chain standing where OCR read nothing at all (a digit it dropped, between two words), that
  the templates are sure of, is put in as a word (``ocr_digit_found``).

``threshold``, ``body_band`` and ``runs`` find a line's ink, its body's rows and the runs of a
mask; ``ocr.marks`` reads the marks above the body with them.

Why: Tesseract's Thai model reads ๔ as ๕ and ๖ as ๒ at confidence 97, drops a lone ๑, reads a
digit twice; its character boxes are rough and its count of digits cannot be trusted, so the
number is read from the ink, not checked digit for digit against OCR's reading.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import regex

from .digits import DIGITS, MARKS, SURE_MARGIN, Verdict, classify_many, ink_cell
from .records import OcrWord

Box = tuple[int, int, int, int]

#: the confidence given a word whose number the templates cannot confirm
UNSURE = 0.0
#: a chain standing where OCR read nothing is put in only when every glyph is this sure
FOUND_MARGIN = 0.08
#: a gap wider than this share of the line's body height separates two numbers (a space)
SPACE = 0.45
#: a glyph lower than this share of the body height and narrower than ``NARROW`` of it is a dot
#: or a comma (or a speck); one lower than half of it, a hyphen or a dot
SMALL = 0.75
NARROW = 0.45
#: a glyph this much wider than tall is several glyphs run together
MAX_ASPECT = 1.3
#: a glyph wider than this many body heights may be two glyphs that touch (``๕/`` in a date)
SPLIT = 1.1
#: a glyph taller than this many body heights is no digit (a stamp, a signature, a rule)
TALL = 2.2

#: a number in OCR's reading of a line: Thai digits, and between them the marks of numbers,
#: Latin look-alikes of ๐ and what Tesseract puts in numbers that is no digit
OCR_NUMBER = regex.compile(
    rf"""
    @*                                      # what Tesseract puts in for no ink
    [{DIGITS}]                              # a Thai digit
    (?: [{DIGITS}/().:,%@oO0\-]* [{DIGITS}] )?   # marks, look-alikes, more digits
    @*
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True)
class SeenWord:
    """A word as the engine read it, with where it stands."""

    text: str
    confidence: float
    space_before: bool
    box: Box
    #: the engine's symbols (a symbol may be a cluster of characters) with their boxes
    symbols: tuple[tuple[str, Box], ...] = ()


@dataclass(frozen=True)
class Glyph:
    x0: int
    x1: int
    #: a digit, a mark of ``MARKS``, "" for anything else (a letter, a speck)
    label: str
    margin: float


@dataclass(frozen=True)
class Chain:
    """Digits and the marks between them, standing together on a line."""

    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(g.label for g in self.glyphs)

    @property
    def x0(self) -> int:
        return self.glyphs[0].x0

    @property
    def x1(self) -> int:
        return self.glyphs[-1].x1

    @property
    def margin(self) -> float:
        return min(g.margin for g in self.glyphs)


def read_chains(image: Any, line: Box) -> list[Chain]:
    """The chains of digits and marks on a line of a page's grey image."""
    import numpy as np

    lx0, ly0, lx1, ly1 = line
    height = ly1 - ly0
    if height < 6 or lx1 - lx0 < 4:
        return []
    # a tall digit's tail may rise above the line's box (๙ in Laksaman): half a line more
    top = max(0, ly0 - height // 2)
    bottom = min(image.height, ly1 + height // 4)
    grey = np.asarray(image.crop((lx0, top, lx1, bottom)).convert("L"), dtype=np.uint8)
    ink = grey < threshold(grey)
    band = body_band(ink[ly0 - top : ly1 - top])
    if band is None:
        return []
    b0, b1 = band[0] + ly0 - top, band[1] + ly0 - top
    body = b1 - b0
    # the glyphs: columns of ink across the body band and a little below it (a comma's tail);
    # an above mark that overhangs its neighbour stands above the band and joins nothing
    core = ink[b0 : min(ink.shape[0], b1 + max(1, body // 5))]
    glyphs: list[tuple[int, int, int, int, Any]] = []
    for x0, x1 in runs(core.any(axis=0)):
        rows = _rows_of(ink[:, x0:x1], b0, b1)
        if rows is not None:
            glyphs.append((x0, x1, rows[0] - b0, rows[1] - b0, ink[rows[0] : rows[1], x0:x1]))
    return _chains(_classified(glyphs, body), body, lx0)


def _classified(glyphs: list[tuple[int, int, int, int, Any]], body: int) -> list[Glyph]:
    """Each glyph labelled: small ones by their place and shape (dot, comma, colon, hyphen), the
    others by the templates; a wide one the templates are unsure of is tried as two glyphs that
    touch (``_cuts``); letters, specks and glyphs run together get ""."""
    import numpy as np

    cells: list[bytes] = []
    # per glyph: a Glyph already labelled, or its cell's index and its cuts' (column, cells)
    plan: list[Glyph | tuple[int, int, int, list[tuple[int, int, int]]]] = []
    for x0, x1, y0, y1, ink in glyphs:
        xs = np.flatnonzero(ink.any(axis=0))
        h, w = y1 - y0, int(xs[-1] - xs[0] + 1) if len(xs) else 0
        if h < SMALL * body / 2 or (h < SMALL * body and w < NARROW * body):
            plan.append(Glyph(x0, x1, _small_mark(ink, y1, body), 1.0))
            continue
        if h > TALL * body or not len(xs):
            plan.append(Glyph(x0, x1, "", 0.0))  # a stamp, a signature, a rule
            continue
        cuts = _cuts(ink) if w > SPLIT * body else []
        whole = _cell(ink, cells)
        halves = [(c, _cell(ink[:, :c], cells), _cell(ink[:, c:], cells)) for c in cuts]
        plan.append((x0, x1, whole, halves))
    verdicts = classify_many(cells)
    out: list[Glyph] = []
    for item in plan:
        if isinstance(item, Glyph):
            out.append(item)
            continue
        x0, x1, whole, halves = item
        v = verdicts[whole]
        split = [
            (min(verdicts[a].margin, verdicts[b].margin), c, a, b)
            for c, a, b in halves
            if a >= 0 and b >= 0 and all(_label(verdicts[i]) and verdicts[i].sure for i in (a, b))
        ]
        if split and not v.sure:
            _, c, a, b = max(split)
            out.append(Glyph(x0, x0 + c, _label(verdicts[a]), verdicts[a].margin))
            out.append(Glyph(x0 + c, x1, _label(verdicts[b]), verdicts[b].margin))
        elif x1 - x0 > MAX_ASPECT * body:
            out.append(Glyph(x0, x1, "", 0.0))  # run together
        else:
            out.append(Glyph(x0, x1, _label(v), v.margin))
    return out


def _cell(ink: Any, cells: list[bytes]) -> int:
    """Appends the cell of a picture of ink to ``cells``; its index (-1: no ink)."""
    import numpy as np
    from PIL import Image

    cell = ink_cell(Image.fromarray(ink.astype(np.uint8) * 255))
    if cell is None:
        return -1
    cells.append(cell)
    return len(cells) - 1


def _cuts(ink: Any) -> list[int]:
    """Where two glyphs that touch may meet: the three columns of least ink (two columns apart
    at least) in the middle three fifths of a wide glyph."""
    import numpy as np

    columns = ink.sum(axis=0)
    w = len(columns)
    lo, hi = int(0.2 * w), int(0.8 * w)
    out: list[int] = []
    for x in lo + np.argsort(columns[lo:hi], kind="stable"):
        if all(abs(int(x) - c) > 2 for c in out):
            out.append(int(x))
        if len(out) == 3:
            break
    return out


def _label(verdict: Verdict) -> str:
    """A template reading as a chain sees it: a digit or a tall mark; anything else ""."""
    if verdict.digit in DIGITS or verdict.digit in MARKS:
        return verdict.digit
    return ""


def _small_mark(ink: Any, bottom: int, body: int) -> str:
    """What a glyph lower than the body is, from where it stands and its shape (``bottom``: its
    last row below the body's top): a colon (two dots one above the other), a hyphen at
    mid-height, a dot or a comma (its tail below the baseline) on the baseline; "" else."""
    import numpy as np

    ys, xs = np.nonzero(ink)
    if len(ys) == 0:
        return ""
    h = int(ys.max() - ys.min() + 1)
    w = int(xs.max() - xs.min() + 1)
    if len(runs(ink.any(axis=1))) >= 2:
        return ":"
    if bottom < body - 0.25 * body:
        return "-" if w >= 1.5 * h else ""
    if w >= 1.8 * h:
        return ""  # an underscore, a line
    return "," if h >= 1.6 * w or bottom > body + 0.1 * body else "."


def _chains(glyphs: list[Glyph], body: int, x: int) -> list[Chain]:
    """Runs of digits and marks with no space and no other glyph between them, trimmed to start
    and end with a digit, in page columns."""
    chains: list[list[Glyph]] = [[]]
    last: Glyph | None = None
    for g in glyphs:
        if last is not None and g.x0 - last.x1 > SPACE * body:
            chains.append([])
        last = g
        if g.label == "":
            chains.append([])
            continue
        chains[-1].append(Glyph(g.x0 + x, g.x1 + x, g.label, g.margin))
    out = []
    for chain in chains:
        digits = [i for i, g in enumerate(chain) if g.label in DIGITS]
        if digits:
            out.append(Chain(tuple(chain[digits[0] : digits[-1] + 1])))
    return out


def threshold(grey: Any) -> int:
    """Otsu's threshold of a strip's grey levels: ink below it."""
    import numpy as np

    hist = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    between = (mean[-1] * weight / total - mean) ** 2 / np.maximum(weight * (total - weight), 1)
    return int(between.argmax()) + 1


def body_band(ink: Any) -> tuple[int, int] | None:
    """The rows of a line's body (between the baseline and the top of its letters): the rows
    with at least a third of the densest row's ink, around the densest."""
    rows = ink.sum(axis=1)
    if rows.max() == 0:
        return None
    peak = int(rows.argmax())
    dense = rows >= rows[peak] / 3
    a = b = peak
    while a > 0 and dense[a - 1]:
        a -= 1
    while b + 1 < len(rows) and dense[b + 1]:
        b += 1
    return a, b + 1


def runs(mask: Any) -> list[tuple[int, int]]:
    """The ranges of a 1-D mask that are True."""
    import numpy as np

    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _rows_of(ink: Any, b0: int, b1: int) -> tuple[int, int] | None:
    """A glyph's rows: the band of rows without a blank row that crosses the middle of the body
    (``b0``–``b1``), without the mark above it or a speck; else, for a dot or a comma, the band
    with the most ink that reaches into the body or just below it."""
    rows = ink.sum(axis=1)
    bands = runs(rows > 0)
    middle = (b0 + b1) // 2
    for a, b in bands:
        if a <= middle < b:
            return a, b
    low = [(a, b) for a, b in bands if a < b1 + (b1 - b0) // 3 and b > b0]
    if not low:
        return None
    return max(low, key=lambda r: int(rows[r[0] : r[1]].sum()))


# --- OCR's words and the chains ------------------------------------------------------------------
@dataclass
class _Char:
    char: str
    box: Box
    word: int


def checked_line(
    image: Any, line: Box, words: list[SeenWord]
) -> tuple[list[OcrWord], Counter[str]]:
    """OCR's words of a line with their numbers read again from the image (module docstring)."""
    counts: Counter[str] = Counter()
    words = [w for w in words if w.text]
    if not words:
        return [], counts
    chars = _chars(words)
    # the line's text with its spaces, for the numbers; ``at`` maps it back to ``chars``
    text, at = "", []
    for i, c in enumerate(chars):
        if i and c.word != chars[i - 1].word and words[c.word].space_before:
            text += " "
            at.append(-1)
        text += c.char
        at.append(i)
    spans = [(at[m.start()], at[m.end() - 1] + 1) for m in OCR_NUMBER.finditer(text)]
    text = "".join(c.char for c in chars)
    confidences = [w.confidence for w in words]
    chains = read_chains(image, line) if spans or _has_gap(words, line) else []
    texts: dict[int, str] = {}  # span start → its new text
    drop: set[int] = set()  # characters replaced
    extents = [_extent(chars[a:b]) for a, b in spans]
    owner = _owners(chains, extents)
    used = {i for i, o in enumerate(owner) if o is not None}
    for n, (a, b) in enumerate(spans):
        near = [i for i, o in enumerate(owner) if o == n]
        counts["ocr_digit_checked"] += sum(ch in DIGITS for ch in text[a:b])
        touched = {c.word for c in chars[a:b]}
        if (
            len(near) != 1
            or not _covers(chains[near[0]], extents[n])
            or _conflict(chains[near[0]], chars, (a, b))
        ):
            for k in touched:
                confidences[k] = UNSURE
            continue
        chain = chains[near[0]]
        if chain.margin < SURE_MARGIN or _marks_of(chain.text) != _marks_of(text[a:b]):
            for k in touched:
                confidences[k] = UNSURE
            continue
        reading = _with_ocr_marks(chain.text, text[a:b])
        if reading != text[a:b]:
            counts["ocr_thai_digit"] += 1
            texts[a] = reading
            drop.update(range(a + 1, b))
            low = min(confidences[k] for k in touched)
            for k in touched:
                confidences[k] = low
    found = [
        ch
        for i, ch in enumerate(chains)
        if i not in used
        and ch.margin >= FOUND_MARGIN
        and not any(_overlap(ch.x0, ch.x1, c.box[0], c.box[2]) > 0 for c in chars)
    ]
    counts["ocr_digit_found"] += len(found)
    return _rebuilt(words, chars, texts, drop, confidences, found), +counts


def _chars(words: list[SeenWord]) -> list[_Char]:
    """The characters of a line's words, each with its symbol's box (the word's when the
    symbols do not spell the word)."""
    out: list[_Char] = []
    for k, w in enumerate(words):
        if "".join(s for s, _ in w.symbols) == w.text:
            out += [_Char(ch, box, k) for s, box in w.symbols for ch in s]
        else:
            out += [_Char(ch, w.box, k) for ch in w.text]
    return out


def _has_gap(words: list[SeenWord], line: Box) -> bool:
    """Whether a line's words leave a gap wider than its height (where OCR may have dropped a
    number)."""
    height = line[3] - line[1]
    edges = sorted((w.box[0], w.box[2]) for w in words)
    return any(b[0] - a[1] > height // 3 for a, b in pairwise(edges))


def _extent(chars: list[_Char]) -> tuple[int, int]:
    return min(c.box[0] for c in chars), max(c.box[2] for c in chars)


def _owners(chains: list[Chain], spans: list[tuple[int, int]]) -> list[int | None]:
    """For each chain, the number OCR read that it stands on (the one it overlaps most, by at
    least half the narrower of the two), or None."""
    out: list[int | None] = []
    for chain in chains:
        best, most = None, 0.0
        for n, (x0, x1) in enumerate(spans):
            share = _overlap(chain.x0, chain.x1, x0, x1) / max(1, min(chain.x1 - chain.x0, x1 - x0))
            if share >= 0.5 and share > most:
                best, most = n, share
        out.append(best)
    return out


def _covers(chain: Chain, extent: tuple[int, int]) -> bool:
    """Whether a chain reaches both ends of the number OCR read there (within half a digit):
    a chain that stopped short lost a glyph it could not read."""
    widths = sorted(g.x1 - g.x0 for g in chain.glyphs if g.label in DIGITS)
    half = widths[len(widths) // 2] / 2
    return chain.x0 <= extent[0] + half and chain.x1 >= extent[1] - half


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return min(a1, b1) - max(a0, b0)


def _conflict(chain: Chain, chars: list[_Char], span: tuple[int, int]) -> bool:
    """Whether a digit of the chain stands on a letter OCR read outside the number: the chain
    ran into a word, and which of the two is right cannot be told."""
    a, b = span
    for i, c in enumerate(chars):
        if a <= i < b or c.char in DIGITS or c.char in MARKS or not _is_letter(c.char):
            continue
        for g in chain.glyphs:
            middle = (g.x0 + g.x1) / 2
            if g.label in DIGITS and c.box[0] < middle < c.box[2]:
                return True
    return False


def _marks_of(number: str) -> str:
    """The marks of a number in order, a comma as a full stop: where OCR and the ink disagree
    on them, a mark was lost or a glyph run into the next, and neither reading is sure."""
    return "".join("." if ch == "," else ch for ch in number if ch in MARKS)


def _is_letter(char: str) -> bool:
    """A letter with a place of its own on the line (a mark above or below shares one)."""
    return char.isalpha() and unicodedata.category(char) != "Mn"


def _with_ocr_marks(chain: str, ocr: str) -> str:
    """The chain's reading, its dots and commas taken from OCR's when OCR read as many (OCR
    tells a comma from a full stop better than a glyph's outline does)."""
    small = [i for i, ch in enumerate(chain) if ch in ".,"]
    theirs = [ch for ch in ocr if ch in ".,"]
    if len(small) != len(theirs):
        return chain
    out = list(chain)
    for i, ch in zip(small, theirs, strict=True):
        out[i] = ch
    return "".join(out)


def _rebuilt(
    words: list[SeenWord],
    chars: list[_Char],
    texts: dict[int, str],
    drop: set[int],
    confidences: list[float],
    found: list[Chain],
) -> list[OcrWord]:
    """The line's words with the replaced numbers written in and the found ones put in."""
    parts: list[list[str]] = [[] for _ in words]
    # a number read over several words is written into the first: its box spans them all
    boxes: list[Box] = [w.box for w in words]
    into: int | None = None
    for i, c in enumerate(chars):
        if i in texts:
            parts[c.word].append(texts[i])
            into = c.word
        elif i not in drop:
            parts[c.word].append(c.char)
            into = None
        elif into is not None:
            boxes[into] = _union(boxes[into], words[c.word].box)
    out = [
        (w, OcrWord("".join(parts[k]), confidences[k], w.space_before, _pixels(boxes[k])))
        for k, w in enumerate(words)
        if parts[k]
    ]
    top = min((w.box[1] for w in words), default=0)
    bottom = max((w.box[3] for w in words), default=0)
    for chain in found:
        middle = (chain.x0 + chain.x1) / 2
        at = next(
            (i for i, (w, _) in enumerate(out) if (w.box[0] + w.box[2]) / 2 > middle), len(out)
        )
        box = (chain.x0, top, chain.x1, bottom)  # the line's height: where its words stand
        word = SeenWord(chain.text, 0.0, True, box)
        out.insert(at, (word, OcrWord(chain.text, 100 * chain.margin, True, _pixels(box))))
    return [word for _, word in out]


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _pixels(box: Box) -> tuple[float, float, float, float]:
    return (float(box[0]), float(box[1]), float(box[2]), float(box[3]))
