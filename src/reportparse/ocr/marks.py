"""Marks OCR dropped: the marks above a line's letters counted in its image, against its reading.

Contract: ``dropped(image, line, words)`` finds the marks that stand above the body of a line
of a page's grey image (``line``: its box) — vowels above, tone marks, thanthakhat, the ring of
SARA AM: blobs of ink above the letters, not joined to them — and pairs them, by position,
with the marks of the words OCR read there (``SeenWord``, with its symbols' boxes). It returns
the indices of the words beside which a mark stands that OCR's reading has no mark for.

Why: Tesseract's Thai model drops tone marks and thanthakhat at confidence 93 (เสี่ยง read
เสียง, เพิ่ม read เพิม, วงศ์สวัสดิ์ read วงศ์สวัสดิ): often the reading is a word too, so no
dictionary can tell; its confidence cannot either. The ink can: a mark it dropped is still on
the page. A word that lost one is made unsure (its value is warned, ``ocr_low_confidence``):
which mark it was is not guessed.
"""

from __future__ import annotations

from typing import Any

from .numbers import Box, SeenWord, body_band, runs, threshold

#: the characters OCR writes for a mark above the letters (SARA AM carries a ring above)
ABOVE = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e33"
#: a blob smaller than this share of the body height (both ways) is a speck
SPECK = 0.12
#: a word OCR read smaller than this share of the body height (both ways) is a speck
SPECK_WORD = 0.2
#: ... and the ink about it is less than this share of a body-high square
SPECK_INK = 0.03
#: a blob taller than this share of the body height is no mark (a letter of the line above)
TALLEST = 0.75
#: what leaving a mark unpaired costs, in body heights (pairing costs the distance)
GAP = 1.5


def dropped(image: Any, line: Box, words: list[SeenWord]) -> set[int]:
    """The words beside which a mark stands in the image that OCR's reading lacks."""
    seen = _marks(image, line)
    if not seen:
        return set()
    body = seen[0][1]
    read = sorted(
        (box[0] + box[2]) / 2
        for w in words
        for text, box in w.symbols
        for ch in text
        if ch in ABOVE
    )
    lost = _unpaired([x for x, _ in seen], read, GAP * body)
    return {k for k in (_word_at(words, seen[i][0]) for i in lost) if k is not None}


def _unpaired(seen: list[float], read: list[float], gap: float) -> list[int]:
    """The marks of ``seen`` left unpaired when both rows of columns are aligned in order at
    the least cost: a pair costs how far apart they stand, a mark left out ``gap`` (OCR's boxes
    stand up to a glyph off, but never out of order)."""
    n, m = len(seen), len(read)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    cost[0] = [j * gap for j in range(m + 1)]
    for i in range(1, n + 1):
        cost[i][0] = i * gap
        for j in range(1, m + 1):
            cost[i][j] = min(
                cost[i - 1][j - 1] + abs(seen[i - 1] - read[j - 1]),
                cost[i - 1][j] + gap,
                cost[i][j - 1] + gap,
            )
    out, i, j = [], n, m
    while i > 0:
        if j > 0 and cost[i][j] == cost[i - 1][j - 1] + abs(seen[i - 1] - read[j - 1]):
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + gap:
            out.append(i - 1)
            i -= 1
        else:
            j -= 1
    return out


def specks(image: Any, line: Box, words: list[SeenWord]) -> set[int]:
    """The words OCR read from a speck: a letter or a digit whose box is smaller, both ways,
    than ``SPECK_WORD`` of the line's body (dust reads as ``1`` at confidence 90) and around
    which the body's rows hold next to no ink (OCR's box of a real letter can be that small)."""
    small = [k for k, w in enumerate(words) if w.text.isalnum()]
    if not small:
        return set()
    found = _body(image, line)
    if found is None:
        return set()
    ink, b0, body = found
    out = set()
    for k in small:
        x0, _, x1, y1 = words[k].box
        if max(x1 - x0, y1 - words[k].box[1]) >= SPECK_WORD * body:
            continue
        middle = (x0 + x1) // 2 - line[0]
        reach = int(0.6 * body)
        window = ink[b0 : b0 + body, max(0, middle - reach) : middle + reach]
        if window.sum() < SPECK_INK * body * body:
            out.add(k)
    return out


def _word_at(words: list[SeenWord], x: float) -> int | None:
    """The word whose box is nearest the column ``x``."""
    if not words:
        return None
    return min(range(len(words)), key=lambda k: _distance(words[k].box, x))


def _distance(box: Box, x: float) -> float:
    return 0.0 if box[0] <= x <= box[2] else min(abs(box[0] - x), abs(box[2] - x))


def _body(image: Any, line: Box) -> tuple[Any, int, int] | None:
    """A line's ink (from half a line above its box: OCR's box may cut the marks' tops), the
    row its body starts at in it, and the body's height; None for a line of no ink."""
    import numpy as np

    lx0, ly0, lx1, ly1 = line
    if ly1 - ly0 < 6 or lx1 - lx0 < 4:
        return None
    up = max(0, ly0 - (ly1 - ly0) // 2)
    grey = np.asarray(image.crop((lx0, up, lx1, ly1)).convert("L"), dtype=np.uint8)
    ink = grey < threshold(grey)
    band = body_band(ink[ly0 - up :])
    if band is None:
        return None
    return ink, band[0] + ly0 - up, band[1] - band[0]


def _marks(image: Any, line: Box) -> list[tuple[float, int]]:
    """The marks above a line's body: (the column of each one's middle, the body's height)."""
    import numpy as np

    lx0 = line[0]
    found = _body(image, line)
    if found is None:
        return []
    ink, b0, body = found
    # the zone above the body, less the row next to it (where a letter's ascender leaves it)
    top = max(0, b0 - int(1.4 * body))
    zone = ink[top:b0]
    if zone.shape[0] < 3:
        return []
    out: list[tuple[float, int]] = []
    for x0, x1 in runs(zone.any(axis=0)):
        columns = zone[:, x0:x1]
        for r0, r1 in runs(columns.any(axis=1)):
            if r1 >= zone.shape[0] or r0 == 0:
                continue  # joined to the body (an ascender, a digit's tail), or cut off
            blob = columns[r0:r1]
            xs = np.flatnonzero(blob.any(axis=0))
            h, w = r1 - r0, int(xs[-1] - xs[0] + 1)
            if max(h, w) < SPECK * body or h > TALLEST * body or w > 1.2 * body:
                continue
            out.append((lx0 + x0 + (xs[0] + xs[-1]) / 2, body))
    return out
