"""Tesseract through tesserocr's C API: a page's grey image → lines of words with confidences.

Contract: ``TesseractEngine(languages)`` loads the recognition model once (``tha+eng``, page
segmentation 4: one column of lines of varying size, the form's layout) and, on demand, the
orientation model on its own API (OSD on the recognition API aborts the process with the
wheel's libtesseract, and answers wrong with Debian's: ``bench/ocr_binding.md``). ``read`` turns
a page upright when its first reading is poor and OSD is sure it is turned, corrects a skew
Tesseract's layout analysis measures, and returns each line's words with their confidences,
whether a space comes before each, and their boxes mapped back through the turn and the
deskew to the image it was given. ``missing_data(languages)`` says which traineddata is not
found, and where it looked.

Why tesserocr (``bench/ocr_binding.md``): one recognition gives the text, the confidences and
the word spacing; no process and model load per page (−21 % CPU against pytesseract); its wheel
bundles libtesseract 5.5.4 without OpenMP, so a worker never oversubscribes the cores.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .marks import dropped, specks
from .numbers import UNSURE, SeenWord, checked_line
from .records import OcrLine, OcrPage, PixelBox

#: where Tesseract's language data is looked for, after $TESSDATA_PREFIX (Debian 12 / 11, other
#: distributions, Homebrew)
TESSDATA = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
#: the Debian packages that hold each language's data
PACKAGES = {"tha": "tesseract-ocr-tha", "eng": "tesseract-ocr-eng", "osd": "tesseract-ocr-osd"}
#: a first reading whose mean word confidence is below this may be of a page turned sideways
#: or upside down: OSD is asked (an upright page reads at 85–95)
UPRIGHT_CONFIDENCE = 70.0
#: OSD's confidence needed to turn a page (turned pages measured 36–53, bench/ocr_baseline.md)
OSD_SURE = 15.0
#: a line box more than this many times as tall as the page's median line holds two lines
#: the layout analysis ran together: they are read again as a block
MERGED = 1.6
#: a line read with a mean word confidence below this is read again on its own
REREAD_BELOW = 70.0
#: a line read again whose mean word confidence is below this is junk (a strip of another, a
#: stamp: measured 35–61, against 83–94 for a line read right)
REREAD_CONFIDENCE = 80.0
#: a skew Tesseract measures above this many degrees is corrected before reading
SKEW = 0.3


def tessdata() -> Path | None:
    """The folder of Tesseract's traineddata files: $TESSDATA_PREFIX, else the first of
    ``TESSDATA`` that holds Thai."""
    env = os.environ.get("TESSDATA_PREFIX")
    candidates = ([env, str(Path(env) / "tessdata")] if env else []) + list(TESSDATA)
    for folder in candidates:
        if (Path(folder) / "tha.traineddata").is_file():
            return Path(folder)
    return None


def missing_data(languages: str) -> str:
    """What language data is missing, with the package to install; "" when none is."""
    folder = tessdata()
    wanted = languages.split("+")
    if folder is None:
        return (
            "Tesseract's Thai data (tha.traineddata) is not found: apt-get install "
            "tesseract-ocr-tha, or set TESSDATA_PREFIX"
        )
    absent = [lang for lang in wanted if not (folder / f"{lang}.traineddata").is_file()]
    if absent:
        packages = " ".join(PACKAGES.get(lang, f"tesseract-ocr-{lang}") for lang in absent)
        names = "+".join(absent)
        return f"Tesseract's data for {names} is not in {folder}: apt-get install {packages}"
    return ""


class TesseractEngine:
    name = "tesseract"

    def __init__(self, languages: str) -> None:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one thread a worker (Debian's build)
        import tesserocr

        self._tesserocr = tesserocr
        self.folder = tessdata()
        self.languages = languages
        self.version = tesserocr.tesseract_version().split()[1]
        self._api = tesserocr.PyTessBaseAPI(
            path=str(self.folder) + "/", lang=languages, psm=tesserocr.PSM.SINGLE_COLUMN
        )
        self._osd: Any = None

    def read(self, image: Any, dpi: int) -> OcrPage:
        size = image.size
        image, deskewed = self._deskew(image, dpi)
        page = self._recognize(image, dpi)
        if _mean_confidence(page) < UPRIGHT_CONFIDENCE:
            turn = self._orientation(image, dpi)
            if turn:
                upright = image.rotate(turn, expand=True, fillcolor=255)
                straight, again = self._deskew(upright, dpi)
                turned = self._recognize(straight, dpi)
                if _mean_confidence(turned) > _mean_confidence(page):
                    turned = _moved(turned, lambda b: _unrotated(b, again, upright.size))
                    turned = _moved(turned, lambda b: _unturned(b, turn, image.size))
                    turned = _moved(turned, lambda b: _unrotated(b, deskewed, size))
                    return replace(turned, rotated=turn, deskewed=again)
        page = _moved(page, lambda b: _unrotated(b, deskewed, size))
        return replace(page, deskewed=deskewed)

    def _deskew(self, image: Any, dpi: int) -> tuple[Any, float]:
        angle = skew_angle(image)
        if abs(angle) < SKEW:
            return image, 0.0
        return image.rotate(angle, resample=2, expand=False, fillcolor=255), angle

    def _recognize(self, image: Any, dpi: int) -> OcrPage:
        api = self._api
        api.SetImage(image)
        api.SetSourceResolution(dpi)
        api.Recognize()
        lines = _lines(self._tesserocr, api.GetIterator(), image)
        counts: Counter[str] = Counter()
        lines = self._read_again(lines, counts)
        out = tuple(_checked_line(line, image, counts) for line in lines)
        return OcrPage(tuple(line for line in out if line.words), repairs=dict(counts))

    def _read_again(self, lines: list[list[_Word]], counts: Counter[str]) -> list[list[_Word]]:
        """Lines read again on their own: one the layout analysis ran together with the next
        (a line box more than ``MERGED`` times as tall as the page's median: bleed-through or
        a stamp joined them, and their words read as one word of junk) as a block of lines,
        and one read with a mean confidence below ``REREAD_BELOW`` as one line; the new
        reading is kept when it is surer."""
        heights = sorted(line[0].line[3] - line[0].line[1] for line in lines if line)
        if len(heights) < 3:
            return lines
        median = heights[len(heights) // 2]
        out: list[list[_Word]] = []
        tesserocr = self._tesserocr
        for line in lines:
            box = line[0].line if line else (0, 0, 0, 0)
            if box[3] - box[1] > MERGED * median:
                again = self._read_box(box, tesserocr.PSM.SINGLE_BLOCK)
            elif line and _mean(line) < REREAD_BELOW:
                again = self._read_box(box, tesserocr.PSM.SINGLE_LINE)
            else:
                out.append(line)
                continue
            # a strip of the next line, cut by the box, reads as junk
            again = [a for a in again if _mean(a) >= REREAD_CONFIDENCE]
            if again and (len(again) > 1 or _mean(again[0]) > _mean(line)):
                counts["ocr_line_read_again"] += 1
                out += again
            else:
                out.append(line)
        return out

    def _read_box(self, box: Any, mode: Any) -> list[list[_Word]]:
        """The lines of a box of the page, read with page segmentation ``mode``."""
        tesserocr, api = self._tesserocr, self._api
        x0, y0, x1, y1 = box
        api.SetPageSegMode(mode)
        api.SetRectangle(x0, y0, x1 - x0, y1 - y0)
        api.Recognize()
        lines = _lines(tesserocr, api.GetIterator(), None, box)
        api.SetPageSegMode(tesserocr.PSM.SINGLE_COLUMN)
        return lines

    def _orientation(self, image: Any, dpi: int) -> int:
        """Degrees to turn the page (counter-clockwise) to stand it upright; 0 when OSD is not
        installed, not sure, or finds it upright."""
        tesserocr = self._tesserocr
        if self.folder is None or not (self.folder / "osd.traineddata").is_file():
            return 0
        if self._osd is None:
            self._osd = tesserocr.PyTessBaseAPI(
                path=str(self.folder) + "/", lang="osd", psm=tesserocr.PSM.OSD_ONLY
            )
        small = image.resize((image.width // 2, image.height // 2))
        self._osd.SetImage(small)
        self._osd.SetSourceResolution(dpi // 2)
        try:
            found = self._osd.DetectOrientationScript()
        except RuntimeError:
            return 0
        if not found or found.get("orient_conf", 0.0) < OSD_SURE:
            return 0
        return int(found.get("orient_deg", 0)) % 360


#: skews tried, in degrees: scanners and faxes skew pages by a few degrees at most
_ANGLES = [a / 10 for a in range(-40, 41, 2)]
#: width of the copy the skew is measured on (a few rows of text per band)
_SKEW_WIDTH = 800


def skew_angle(image: Any) -> float:
    """The rotation (degrees, counter-clockwise) that makes a page's lines level: the angle of
    ``_ANGLES`` under which the rows' ink is most uneven (text lines and the gaps between them
    line up with the rows), measured on a small copy."""
    from PIL import Image

    scale = _SKEW_WIDTH / max(image.width, 1)
    small = image.convert("L").resize(
        (_SKEW_WIDTH, max(1, int(image.height * scale))), Image.Resampling.BOX
    )
    ink = small.point(lambda v: 255 if v < 160 else 0)
    best, best_score = 0.0, -1.0
    for angle in _ANGLES:
        turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        rows = list(turned.resize((1, turned.height), Image.Resampling.BOX).tobytes())
        mean = sum(rows) / len(rows)
        score = sum((r - mean) ** 2 for r in rows)
        if score > best_score:
            best, best_score = angle, score
    return best


def _lines(tesserocr: Any, iterator: Any, image: Any, frame: Any = None) -> list[list[_Word]]:
    """The words of a recognition, line by line, each with its box, its line's box and its
    symbols' boxes."""
    if iterator is None:
        return []
    level = tesserocr.RIL
    default = frame or (0, 0, *image.size)
    lines: list[list[_Word]] = []
    line_box = default
    for symbol in tesserocr.iterate_level(iterator, level.SYMBOL):
        if symbol.IsAtBeginningOf(level.WORD):
            try:
                text = symbol.GetUTF8Text(level.WORD)
            except RuntimeError:  # an empty word (a speck)
                continue
            word = _Word(text, symbol.Confidence(level.WORD), symbol.BlanksBeforeWord() > 0)
            if symbol.IsAtBeginningOf(level.TEXTLINE) or not lines:
                lines.append([])
                line_box = symbol.BoundingBox(level.TEXTLINE) or default
            word.line = line_box
            word.box = symbol.BoundingBox(level.WORD) or line_box
            lines[-1].append(word)
        elif not lines or not lines[-1]:
            continue
        try:
            char = symbol.GetUTF8Text(level.SYMBOL)
        except RuntimeError:
            continue
        box = symbol.BoundingBox(level.SYMBOL)
        if box is not None:
            lines[-1][-1].symbols.append((char, box))
    return lines


@dataclass
class _Word:
    text: str
    confidence: float
    space_before: bool
    #: the symbols Tesseract read in the word, with their boxes
    symbols: list[tuple[str, tuple[int, int, int, int]]] = field(default_factory=list)
    #: the boxes of the word and of its line
    box: tuple[int, int, int, int] = (0, 0, 0, 0)
    line: tuple[int, int, int, int] = (0, 0, 0, 0)


def _checked_line(words: list[_Word], image: Any, counts: Counter[str]) -> OcrLine:
    """The line's words with their numbers read again from the image (``ocr.numbers``), those
    beside a mark the image shows and OCR dropped made unsure, and specks read as a letter
    left out (``ocr.marks``)."""
    line = words[0].line if words else (0, 0, 0, 0)
    seen = [SeenWord(w.text, w.confidence, w.space_before, w.box, tuple(w.symbols)) for w in words]
    dust = specks(image, line, seen)
    if dust:
        counts["ocr_speck"] += len(dust)
        seen = [w for k, w in enumerate(seen) if k not in dust]
    lost = dropped(image, line, seen)
    if lost:
        counts["ocr_mark_lost"] += len(lost)
    seen = [replace(w, confidence=UNSURE) if k in lost else w for k, w in enumerate(seen)]
    checked, done = checked_line(image, line, seen)
    counts.update(done)
    return OcrLine(tuple(checked))


def _mean(words: list[_Word]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 0.0


def _moved(page: OcrPage, move: Any) -> OcrPage:
    """The page with every word's box moved by ``move`` (a box → a box)."""
    lines = tuple(
        OcrLine(tuple(replace(w, box=None if w.box is None else move(w.box)) for w in line.words))
        for line in page.lines
    )
    return replace(page, lines=lines)


def _corners_box(points: list[tuple[float, float]]) -> PixelBox:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _unrotated(box: PixelBox, angle: float, size: tuple[int, int]) -> PixelBox:
    """Where a box of an image turned by ``angle`` degrees counter-clockwise about its centre
    (PIL's ``rotate`` without ``expand``, as ``_deskew`` turns it) was before the turn.

    >>> _unrotated((10.0, 20.0, 30.0, 40.0), 0.0, (100, 100))
    (10.0, 20.0, 30.0, 40.0)
    >>> [round(v) for v in _unrotated((60.0, 0.0, 100.0, 10.0), 90.0, (100, 100))]
    [90, 60, 100, 100]
    """
    if not angle:
        return box
    cx, cy = size[0] / 2, size[1] / 2
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    points = []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - cx, y - cy
        points.append((cx + dx * cos - dy * sin, cy + dx * sin + dy * cos))
    return _corners_box(points)


def _unturned(box: PixelBox, turn: int, size: tuple[int, int]) -> PixelBox:
    """Where a box of an image turned by ``turn`` (90, 180, 270) degrees counter-clockwise
    with ``expand`` (an image of ``size`` before the turn) was before the turn.

    >>> _unturned((0.0, 0.0, 10.0, 20.0), 90, (100, 50))
    (80.0, 0.0, 100.0, 10.0)
    """
    w, h = size
    points = []
    for x, y in ((box[0], box[1]), (box[2], box[3])):
        if turn == 90:  # (x, y) went to (y, w - x)
            points.append((w - y, x))
        elif turn == 180:  # to (w - x, h - y)
            points.append((w - x, h - y))
        elif turn == 270:  # to (h - y, x)
            points.append((y, h - x))
        else:
            points.append((x, y))
    return _corners_box(points)


def _mean_confidence(page: OcrPage) -> float:
    scores = [w.confidence for line in page.lines for w in line.words if w.text.strip()]
    return sum(scores) / len(scores) if scores else 0.0
