"""Layout: glyphs with positions → lines of text in reading order.

Contract: ``assemble_lines(glyphs)`` groups glyphs into lines by baseline (top of the page
first), orders the spacing glyphs of a line by pen position, attaches each Thai combining mark to
the base glyph it is drawn over, and inserts a space where the gap between two glyphs is wider
than a fraction of the font size or where the producer drew a space glyph. It marks a line as
``wrapped`` when it reaches the right edge of the text block (the producer broke it for width).
Given the page's ``Frame``, each line also gets its ``box``: its inked glyphs' boxes together.

It trusts geometry, not the producer's stream order: LibreOffice draws a line's fallback-font
runs after the rest of the line, and PDFium then emits hyphens and tone marks at the line's end.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from ..thai.chars import MARK_CHARS as _MARK_CHARS
from .records import Box, Frame, TextLine

#: control characters a content stream may carry as glyphs; a line must not contain a break
CONTROL = regex.compile(r"[\x01-\x08\x0a-\x1f\x7f]")

#: characters after which a producer may break a line without a space (Unicode line breaking
#: allows it after a slash, a hyphen or dash, a question mark, and an opening quote only ends a
#: line when the producer wrapped it)
BREAK_AFTER = "/-–—?“‘"
#: a gap wider than this fraction of the font size is a word space
SPACE_GAP = 0.15
#: on a page that draws no space, a gap this much wider (in font sizes) than the gap between
#: the letters of a word is a word space (``letter_gap``)
WORD_GAP = 0.05
#: baselines closer than this fraction of the font size are one line
SAME_LINE = 0.3
#: text drawn smaller than this (page units: its font size and its box both) is not content,
#: nobody can read it: Chromium's 0.5 pt "กี่" at the foot of a page
MIN_TEXT_SIZE = 2.0
#: a colour whose channels are all this light (of 255) is the page's background, white paper
LIGHT = 245
#: a line whose right edge is this close to the text block's right edge (in font sizes) was
#: broken for width by the producer
WRAP_SLACK = 3.0
#: how far a glyph reaches above and below its baseline (in font sizes) when its extractor does
#: not say (a Thai tone mark over an upper vowel reaches about this high)
ASCENT = 0.9
DESCENT = 0.3


def is_mark(text: str) -> bool:
    """True for a glyph that is only Thai combining marks (it has no advance of its own).

    >>> is_mark("\u0e49"), is_mark("ก\u0e49")
    (True, False)
    """
    if len(text) == 1:
        return text in _MARK_CHARS
    return bool(text) and all(ch in _MARK_CHARS for ch in text)


@dataclass(frozen=True)
class Glyph:
    """A piece of text drawn at one place: one character, a ligature or an ActualText span."""

    text: str
    x0: float  # left of the advance box (the pen position), page units
    x1: float  # right of the advance box
    baseline: float  # y of the baseline, page units, up is positive
    size: float  # font size, page units
    ink_x0: float  # left and right of the drawn shape: where a mark really sits
    ink_x1: float
    order: int  # position in the producer's stream
    #: bottom and top of the glyph's box, page units, up is positive; None: the extractor does
    #: not say (``DESCENT`` and ``ASCENT`` of the font size around the baseline)
    bottom: float | None = None
    top: float | None = None

    @property
    def is_space(self) -> bool:
        return not self.text.strip()

    @property
    def y_range(self) -> tuple[float, float]:
        """Bottom and top of the glyph's box (up is positive)."""
        bottom = self.baseline - DESCENT * self.size if self.bottom is None else self.bottom
        top = self.baseline + ASCENT * self.size if self.top is None else self.top
        return bottom, top


def advance_glyph(
    text: str,
    x0: float,
    x1: float,
    baseline: float,
    size: float,
    order: int,
    bottom: float | None = None,
    top: float | None = None,
) -> Glyph:
    """A glyph from an extractor that knows advance boxes but not ink (pdfminer, MuPDF).

    A mark with no advance is drawn over the letter before its pen position: its ink is put
    there, which is where ``_host_of`` looks.
    """
    ink0, ink1 = x0, x1
    if is_mark(text) and x1 - x0 < 0.05 * size:
        ink0, ink1 = x0 - 0.3 * size, x0 - 0.1 * size
    return Glyph(text, x0, x1, baseline, size, ink0, ink1, order, bottom, top)


@dataclass
class _Line:
    baseline: float
    size: float
    glyphs: list[Glyph]


def _group_lines(glyphs: Sequence[Glyph]) -> list[_Line]:
    lines: list[_Line] = []
    for g in sorted(glyphs, key=lambda g: (-g.baseline, g.order)):
        if lines and abs(lines[-1].baseline - g.baseline) <= SAME_LINE * max(g.size, 1.0):
            lines[-1].glyphs.append(g)
        else:
            lines.append(_Line(g.baseline, g.size, [g]))
    return lines


def _order_line(glyphs: list[Glyph]) -> list[Glyph]:
    """Spacing glyphs by pen position; each mark right after the base it is drawn over."""
    bases: list[Glyph] = []
    marks: list[Glyph] = []
    for g in glyphs:
        (marks if is_mark(g.text) else bases).append(g)
    # pen positions within half a unit are one position (a ligature's second character, float
    # noise): there the producer's order decides
    bases.sort(key=lambda g: (round(g.x0 * 2), g.order))
    marks.sort(key=lambda g: g.order)
    starts = [b.x0 for b in bases]
    inked = [not b.is_space for b in bases]
    attached: dict[int, list[Glyph]] = {}
    for m in marks:
        host = _host_of(m, bases, starts, inked)
        attached.setdefault(host, []).append(m)
    ordered = list(attached.get(-1, []))
    for i, b in enumerate(bases):
        ordered.append(b)
        ordered.extend(attached.get(i, []))
    return ordered


#: how many glyphs left of a mark's position can still reach over it (overlapping boxes)
_REACH = 4


def _host_of(mark: Glyph, bases: list[Glyph], starts: list[float], inked: list[bool]) -> int:
    """Index of the base glyph a mark is drawn over (-1 when the line has no base)."""
    if not any(inked):
        return -1
    centre = (mark.ink_x0 + mark.ink_x1) / 2
    at = bisect_right(starts, centre)  # bases[:at] start at or left of the centre
    inside = [i for i in range(max(0, at - _REACH), at) if inked[i] and centre <= bases[i].x1]
    if inside:
        # of several candidates, the one drawn last before the mark owns it
        before = [i for i in inside if bases[i].order < mark.order]
        return max(before, key=lambda i: bases[i].order) if before else inside[0]
    near = [i for i in range(max(0, at - _REACH), min(len(bases), at + _REACH)) if inked[i]]
    candidates = near or [i for i, ink in enumerate(inked) if ink]
    return min(
        candidates,
        key=lambda i: min(abs(bases[i].x0 - centre), abs(bases[i].x1 - centre)),
    )


def _base_gaps(glyphs: list[Glyph], size: float) -> Iterator[float]:
    """The gaps between a line's consecutive letters (marks and spaces aside), in font sizes,
    as ``_line_text`` measures them."""
    if not size > 0:
        return
    prev_x1: float | None = None
    for g in glyphs:
        if g.is_space or is_mark(g.text):
            continue
        if prev_x1 is not None:
            yield (g.x0 - prev_x1) / size
        prev_x1 = g.x1


def letter_gap(lines: Sequence[tuple[list[Glyph], float]]) -> float | None:
    """The page's gap between letters of one word, in font sizes: the median gap between
    consecutive letters of its lines (a word has more letters than words have gaps), None
    when there is none. A page drawn glyph by glyph without its spaces (fpdf2-, iText-style)
    spaces its words by this plus ``WORD_GAP``: 0.12 em apart, or letters condensed 0.1 em."""
    gaps = sorted(gap for glyphs, size in lines for gap in _base_gaps(glyphs, size))
    return gaps[len(gaps) // 2] if gaps else None


def _line_text(
    glyphs: list[Glyph], size: float, gap_spaces: bool = True, letters: float = SPACE_GAP
) -> str:
    """A line's text; with ``gap_spaces``, a space where the gap before a letter is wider
    than ``letters`` font sizes (``SPACE_GAP``, or a page's ``letter_gap`` + ``WORD_GAP``)."""
    parts: list[str] = []
    prev_x1: float | None = None
    gap = letters * size if gap_spaces else float("inf")
    for g in glyphs:
        text = g.text
        if g.is_space:
            if parts and parts[-1] != " ":
                parts.append(" ")
            prev_x1 = max(prev_x1 or g.x1, g.x1)
            continue
        if is_mark(text):
            parts.append(text)
            continue
        if prev_x1 is not None and g.x0 - prev_x1 > gap and parts and parts[-1] != " ":
            parts.append(" ")
        parts.append(text)
        prev_x1 = g.x1
    return CONTROL.sub(" ", "".join(parts)).lstrip(" ")


def assemble_lines(
    glyphs: Sequence[Glyph],
    right_edge: float | None = None,
    *,
    gap_spaces: bool = True,
    frame: Frame | None = None,
) -> tuple[TextLine, ...]:
    """Turn a page's glyphs into lines of text, top to bottom.

    ``right_edge`` is the right edge of the page's text, when the glyphs are only part of it.
    ``gap_spaces=False`` when the glyphs include every space the producer drew: then a gap is
    only a gap (a monospaced font's side bearings make gaps inside words). ``frame``: where
    the glyphs' coordinates put the page, for the lines' boxes (None: no boxes).
    """
    lines = _group_lines(glyphs)
    ordered_lines = []
    for line in lines:
        ordered = _order_line(line.glyphs)
        sizes = sorted(g.size for g in ordered if not g.is_space) or [line.size]
        ordered_lines.append((ordered, sizes[len(sizes) // 2]))
    letters = SPACE_GAP
    if gap_spaces and not any(g.is_space for g in glyphs):
        # no space drawn on the page: its words are spaced by gaps, measured against its letters
        median = letter_gap(ordered_lines)
        if median is not None and median + WORD_GAP < SPACE_GAP:
            letters = median + WORD_GAP
    texts = [_line_text(ordered, size, gap_spaces, letters) for ordered, size in ordered_lines]
    if right_edge is None:
        right_edge = max(
            (max(g.x1 for g in ln.glyphs if not g.is_space) for ln in lines if _has_ink(ln)),
            default=0.0,
        )
    out = []
    for line, text in zip(lines, texts, strict=True):
        ink = [g for g in line.glyphs if not g.is_space]
        wrapped = bool(ink) and max(g.x1 for g in ink) >= right_edge - WRAP_SLACK * line.size
        out.append(TextLine(text, wrapped, None, line_box(ink, frame)))
    return tuple(out)


def line_box(ink: Sequence[Glyph], frame: Frame | None) -> Box | None:
    """The box of a line's inked glyphs on its page (None without a frame or ink)."""
    if frame is None or not ink:
        return None
    ranges = [g.y_range for g in ink]
    x0 = min(g.x0 for g in ink)
    x1 = max(g.x1 for g in ink)
    return frame.box(x0, min(b for b, _ in ranges), x1, max(t for _, t in ranges))


def _has_ink(line: _Line) -> bool:
    return any(not g.is_space for g in line.glyphs)
