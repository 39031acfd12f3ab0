"""Thai digits read by OCR, checked against templates of the digits in many Thai fonts.

Contract: ``check_line(image, line, digits)`` takes the page image, a line's box and the Thai
digits OCR read on it (each with its rough box), and returns for each the digit the templates
see there and how sure (``Verdict``): the nearest template's digit, and the margin to the
nearest template of another digit (0–1, the share of the cell that differs).
``normalized(image)`` turns a glyph's picture into the cell templates are compared in: its
ink cropped, scaled to ``SIZE``, grey, its height and its aspect ratio. The templates
(``data/thai_digits.json``) are made by ``tools/make_digit_templates.py`` from 24 Thai fonts
(TLWG's and Noto's), with the punctuation between digits.

Why: Tesseract's Thai model reads ๔ and ๘ as ๕ and ๖ as ๒ at confidence 97
(``bench/results/ocr_baseline.md``): its confidence cannot tell a misread digit, and a date or
an amount misread that way looks sure. A digit the templates read otherwise, clearly, is
corrected; one they cannot tell is left as read and marked unsure (``ocr_low_confidence``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..thai.chars import THAI_DIGITS

DIGITS = THAI_DIGITS
#: the punctuation that stands between digits (dates, amounts, codes): told apart, not read
MARKS = "/():-.,%"
#: the cell a glyph is compared in: width, height
SIZE = (16, 20)
#: how much a difference of aspect ratio (width / height) weighs against the cell's
ASPECT_WEIGHT = 0.5
#: a template reading this much nearer than any other digit's is sure
SURE_MARGIN = 0.04
#: a cell this far from every template is not a digit
MAX_DISTANCE = 0.3


@dataclass(frozen=True)
class Verdict:
    digit: str
    #: how much nearer the digit's template is than the nearest of another digit (0–1)
    margin: float

    @property
    def sure(self) -> bool:
        return self.margin >= SURE_MARGIN


def normalized(image: Any) -> bytes | None:
    """A glyph's picture as a cell: ink found by the midpoint of its darkest and lightest grey,
    cropped, scaled to ``SIZE`` (ink 255), then a byte of its height in pixels and one of its
    aspect ratio (×100); None when there is no ink."""
    from PIL import Image

    grey = image.convert("L")
    lo, hi = grey.getextrema()
    if hi - lo < 40:
        return None
    cut = (lo + hi) // 2
    ink = grey.point(lambda v: 255 if v < cut else 0)
    box = ink.getbbox()
    if box is None:
        return None
    glyph = ink.crop(box)
    aspect = min(255, round(100 * glyph.width / max(glyph.height, 1)))
    height = min(255, glyph.height)
    cell = glyph.resize(SIZE, Image.Resampling.BOX)
    return cell.tobytes() + bytes([height, aspect])


@cache
def templates() -> dict[str, tuple[bytes, ...]]:
    data = json.loads(
        resources.files("reportparse.ocr").joinpath("data/thai_digits.json").read_text("utf-8")
    )
    return {d: tuple(bytes.fromhex(h) for h in cells) for d, cells in data["templates"].items()}


def distance(a: bytes, b: bytes) -> float:
    """How different two cells are: the mean grey difference (0–1), plus the aspect ratios'."""
    n = SIZE[0] * SIZE[1]
    cells = sum(abs(x - y) for x, y in zip(a[:n], b[:n], strict=True)) / (255 * n)
    return cells + ASPECT_WEIGHT * abs(a[-1] - b[-1]) / 100


def classify(cell: bytes) -> Verdict:
    """The digit whose templates are nearest the cell, and the margin to the next digit's."""
    nearest = sorted(
        (min(distance(cell, t) for t in cells), digit) for digit, cells in templates().items()
    )
    (best, digit), (second, _) = nearest[0], nearest[1]
    if best > MAX_DISTANCE:
        return Verdict("", 0.0)  # nothing here looks like a digit: a letter, a smudge
    return Verdict(digit, round(second - best, 4))


#: a glyph wider than this many times its height is several glyphs run together
_MAX_ASPECT = 1.3


def glyph_runs(line: Any) -> list[tuple[int, int]]:
    """The column ranges of a line's picture where ink runs without a blank column: its
    glyphs (and clusters that touch)."""
    from PIL import Image

    grey = line.convert("L")
    lo, hi = grey.getextrema()
    cut = (lo + hi) // 2
    ink = grey.point(lambda v: 255 if v < cut else 0)
    columns = list(ink.resize((ink.width, 1), Image.Resampling.BOX).tobytes())
    runs, start = [], None
    for x, v in enumerate([*columns, 0]):
        if v > 0 and start is None:
            start = x
        elif v == 0 and start is not None:
            runs.append((start, x))
            start = None
    return runs


Box = tuple[int, int, int, int]


def _groups(boxes: list[Box]) -> list[list[int]]:
    """Indices of digits that stand together (one number): each next box starts within a
    digit's width and a half of the last one's end."""
    groups: list[list[int]] = []
    for i, box in enumerate(boxes):
        if groups:
            last = boxes[groups[-1][-1]]
            width = max(last[2] - last[0], box[2] - box[0], 1)
            if box[0] - last[2] <= 1.5 * width and box[0] >= last[0]:
                groups[-1].append(i)
                continue
        groups.append([i])
    return groups


def check_line(image: Any, line: Box, digits: list[tuple[str, Box]]) -> list[Verdict]:
    """What the templates see of each Thai digit OCR read on a line (``digits``: what it read
    and its box in ``image``, in reading order; ``line``: the line's box).

    An LSTM engine's character boxes are rough, so the glyphs are found again: the runs of ink
    of the line around each number OCR read (three digits' widths either side), classified;
    the chains of runs that look like digits or the punctuation between them, gaps no wider
    than a digit and a half; the chain with as many digits as OCR read, nearest where OCR put
    them, is read digit for digit. Where no chain has as many, the number keeps its reading,
    unsure."""
    lx0, ly0, lx1, ly1 = line
    # a tall digit's tail may stand above the line's box (๙ in Laksaman): the strip reaches
    # half a line up and a quarter down, and each glyph's body is the band across the line
    height = ly1 - ly0
    top = max(0, ly0 - height // 2)
    strip = image.crop((lx0, top, lx1, min(image.height, ly1 + height // 4)))
    middle = (ly0 + ly1) / 2 - top
    runs = glyph_runs(strip.crop((0, ly0 - top, strip.width, ly1 - top)))
    out: list[Verdict] = [Verdict(read, 0.0) for read, _ in digits]
    boxes = [box for _, box in digits]
    for group in _groups(boxes):
        widths = sorted(boxes[i][2] - boxes[i][0] for i in group)
        width = max(widths[len(widths) // 2], 1)
        first, last = boxes[group[0]][0] - lx0, boxes[group[-1]][2] - lx0
        near = [r for r in runs if first - 3 * width <= (r[0] + r[1]) / 2 <= last + 3 * width]
        glyphs = [
            (r, normalized(_body(strip.crop((r[0], 0, r[1], strip.height)), middle))) for r in near
        ]
        chain = _best_chain(_chains(glyphs, width), len(group), (first, last))
        if chain is None:
            continue
        for i, verdict in zip(group, chain, strict=True):
            out[i] = verdict
    return out


def _chains(
    glyphs: list[tuple[tuple[int, int], bytes | None]], width: int
) -> list[list[tuple[tuple[int, int], Verdict]]]:
    """The runs of a line around a number, in chains of what looks like digits and the marks
    between them; a comma or full stop (short) neither breaks a chain nor counts."""
    heights = [c[-2] for _, c in glyphs if c is not None]
    tallest = max(heights, default=0)
    chains: list[list[tuple[tuple[int, int], Verdict]]] = [[]]
    last_end: int | None = None
    for run, cell in glyphs:
        if cell is None:
            continue
        if cell[-2] < _DIGIT_HEIGHT * tallest:
            continue  # a comma, a full stop, a hyphen
        if last_end is not None and run[0] - last_end > 1.5 * width:
            chains.append([])
        last_end = run[1]
        verdict = classify(cell) if cell[-1] <= 100 * _MAX_ASPECT else Verdict("", 0.0)
        if verdict.digit == "" or (verdict.margin == 0.0 and verdict.digit not in MARKS):
            chains.append([])  # not a digit: a letter, a smudge, glyphs run together
            continue
        chains[-1].append((run, verdict))
    return [c for c in chains if c]


def _best_chain(
    chains: list[list[tuple[tuple[int, int], Verdict]]], n: int, span: tuple[int, int]
) -> list[Verdict] | None:
    """The digits of the chain with ``n`` of them that overlaps ``span`` most, or None."""
    best: tuple[float, list[Verdict]] | None = None
    for chain in chains:
        found = [(run, v) for run, v in chain if v.digit in DIGITS]
        if len(found) != n:
            continue
        start, end = found[0][0][0], found[-1][0][1]
        overlap = min(end, span[1]) - max(start, span[0])
        if best is None or overlap > best[0]:
            best = (overlap, [v for _, v in found])
    return None if best is None else best[1]


def _body(glyph: Any, middle: float) -> Any:
    """The rows of a glyph's column range that hold its body: the band of ink rows without a
    blank row that crosses the line's ``middle`` row (a speck of dust, or a glyph of the line
    above, aside); the band with the most ink when none does."""
    from PIL import Image

    grey = glyph.convert("L")
    lo, hi = grey.getextrema()
    cut = (lo + hi) // 2
    ink = grey.point(lambda v: 255 if v < cut else 0)
    rows = list(ink.resize((1, ink.height), Image.Resampling.BOX).tobytes())
    best, band, mass, start = (0, ink.height), 0.0, 0.0, None
    for y, v in enumerate([*rows, 0]):
        if v > 0:
            if start is None:
                start, mass = y, 0.0
            mass += v
        elif start is not None:
            weight = mass + (1e9 if start <= middle < y else 0.0)
            if weight > band:
                best, band = (start, y), weight
            start = None
    return glyph.crop((0, best[0], glyph.width, best[1]))


#: the share of a number's tallest glyph a digit is at least as tall as (a comma or a full
#: stop is shorter)
_DIGIT_HEIGHT = 0.6


def _is_digit_sized(cell: bytes, cells: list[bytes | None]) -> bool:
    heights = [c[-2] for c in cells if c is not None]
    return bool(heights) and cell[-2] >= _DIGIT_HEIGHT * max(heights)
