"""Glyphs of numbers told apart by templates: Thai digits, the marks between them, and letters.

Contract: ``normalized(image)`` turns a glyph's picture into the cell templates are compared in:
its ink cropped, scaled to ``SIZE``, grey, then its height and its aspect ratio.
``classify_many(cells)`` returns for each cell a ``Verdict``: the glyph whose templates are
nearest (a Thai digit, a mark of ``MARKS``, or a letter of ``OTHERS``) and the margin to the
nearest template of another glyph; ``classify(cell)`` does one. The templates
(``data/thai_glyphs.json.gz``) are made by ``tools/make_digit_templates.py`` from 26 Thai fonts
(TLWG's and Noto's) at three sizes: nothing in them comes from a scan.

Why: Tesseract's Thai model reads ๔ and ๘ as ๕ and ๖ as ๒ at confidence 97
(``bench/results/ocr_baseline.md``): its confidence cannot tell a misread digit, and a date or
an amount misread that way looks sure. The letters are templates too, so a letter beside a
number is read as a letter rather than as the digit it looks most like, and a glyph that looks
like both (๑ and ด) is unsure, never a guess.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..thai.chars import THAI_DIGITS

DIGITS = THAI_DIGITS
#: the punctuation that stands between digits (dates, amounts, codes)
MARKS = "/():-.,%"
#: what else stands beside a number: Thai consonants and vowels, and the ``@`` Tesseract reads
#: in numbers (Latin letters are left out: ``o`` and ``0`` are ๐ to the eye)
OTHERS = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรฤลฦวศษสหฬอฮฯะาำเแโใไๆ@"
#: the file of templates in ``data/``
TEMPLATES = "thai_glyphs.json.gz"
#: the cell a glyph is compared in: width, height
SIZE = (12, 16)
#: how much a difference of aspect ratio (width / height) weighs against the cell's
ASPECT_WEIGHT = 0.5
#: a template reading this much nearer than any other glyph's is sure
SURE_MARGIN = 0.04
#: a cell this far from every template is no glyph we know
MAX_DISTANCE = 1.0


@dataclass(frozen=True)
class Verdict:
    #: the glyph read: a digit, a mark, a letter of ``OTHERS``; "" when nothing is near
    digit: str
    #: how much nearer the glyph's templates are than the nearest of another glyph (0–1)
    margin: float

    @property
    def sure(self) -> bool:
        return self.margin >= SURE_MARGIN

    @property
    def is_digit(self) -> bool:
        return self.digit != "" and self.digit in DIGITS


def normalized(image: Any) -> bytes | None:
    """A glyph's picture as a cell: ink found by the midpoint of its darkest and lightest grey,
    cropped, scaled to ``SIZE`` (ink 255), then a byte of its height in pixels and one of its
    aspect ratio (×100); None when there is no ink."""
    grey = image.convert("L")
    lo, hi = grey.getextrema()
    if hi - lo < 40:
        return None
    cut = (lo + hi) // 2
    return ink_cell(grey.point(lambda v: 255 if v < cut else 0))


def ink_cell(ink: Any) -> bytes | None:
    """The cell of a picture of ink (mode L, ink 255, paper 0), as ``normalized``."""
    from PIL import Image

    box = ink.getbbox()
    if box is None:
        return None
    glyph = ink.crop(box)
    aspect = min(255, round(100 * glyph.width / max(glyph.height, 1)))
    height = min(255, glyph.height)
    cell = glyph.resize(SIZE, Image.Resampling.BOX)
    return cell.tobytes() + bytes([height, aspect])


@dataclass(frozen=True)
class _Templates:
    #: the glyphs, in the order of their templates' blocks
    labels: tuple[str, ...]
    #: where each glyph's block of rows starts
    starts: Any
    #: one row a template: its cell's grey levels, its aspect ratio weighted (``_features``)
    rows: Any
    #: each row's squared length, for distances by one matrix product
    norms: Any


@cache
def templates() -> _Templates:
    import numpy as np

    raw = resources.files("reportparse.ocr").joinpath(f"data/{TEMPLATES}").read_bytes()
    data = json.loads(gzip.decompress(raw))
    labels: list[str] = []
    starts: list[int] = []
    cells: list[bytes] = []
    for label, hexes in data["templates"].items():
        if hexes:
            labels.append(label)
            starts.append(len(cells))
            cells += [bytes.fromhex(h) for h in hexes]
    rows = _features(cells)
    return _Templates(tuple(labels), np.array(starts), rows, (rows**2).sum(axis=1))


def _features(cells: list[bytes]) -> Any:
    """Cells as rows of a matrix: grey levels (0–1) over the cell's root area, so that the
    root of a row's squared distance is the cells' RMS difference; then the aspect ratio."""
    import numpy as np

    n = SIZE[0] * SIZE[1]
    raw = np.frombuffer(b"".join(cells), dtype=np.uint8).reshape(len(cells), n + 2)
    grey = raw[:, :n].astype(np.float32) / (255 * np.sqrt(n))
    aspect = raw[:, n + 1 :].astype(np.float32) * (ASPECT_WEIGHT / 100)
    return np.hstack([grey, aspect])


def classify_many(cells: list[bytes]) -> list[Verdict]:
    """For each cell, the glyph whose templates are nearest, and the margin to the next."""
    import numpy as np

    if not cells:
        return []
    t = templates()
    x = _features(cells)
    d2 = (x**2).sum(axis=1)[:, None] + t.norms[None, :] - 2 * x @ t.rows.T
    # each glyph's nearest template, then the two nearest glyphs
    per_glyph = np.sqrt(np.maximum(np.minimum.reduceat(d2, t.starts, axis=1), 0.0))
    order = np.argsort(per_glyph, axis=1)[:, :2]
    out = []
    for row, (first, second) in zip(per_glyph, order, strict=True):
        if row[first] > MAX_DISTANCE:
            out.append(Verdict("", 0.0))  # nothing we know: a smudge, glyphs run together
        else:
            out.append(Verdict(t.labels[first], round(float(row[second] - row[first]), 4)))
    return out


def classify(cell: bytes) -> Verdict:
    """The glyph whose templates are nearest the cell, and the margin to the next glyph's."""
    return classify_many([cell])[0]
