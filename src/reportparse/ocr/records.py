"""The records of OCR: a page's lines of words, each word with the engine's confidence and
its box in the image the engine was given (pixels, top left origin: before any turn or
deskew the engine made)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: a box in an image: left, top, right, bottom in pixels
PixelBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class OcrWord:
    text: str
    #: the engine's confidence in the word, 0–100
    confidence: float
    #: a space comes before the word (Tesseract's "blanks before word")
    space_before: bool = True
    #: where the word is in the image the engine was given; None: not known
    box: PixelBox | None = None


@dataclass(frozen=True)
class OcrLine:
    words: tuple[OcrWord, ...]

    @property
    def text(self) -> str:
        parts: list[str] = []
        for word in self.words:
            if parts and word.space_before:
                parts.append(" ")
            parts.append(word.text)
        return "".join(parts)

    @property
    def confidence(self) -> float | None:
        """The confidence of the line's least sure word (what a value on it can trust)."""
        scores = [w.confidence for w in self.words if w.text.strip()]
        return min(scores) if scores else None

    @property
    def box(self) -> PixelBox | None:
        """The boxes of the line's words together (None when no word has one).

        >>> a, b = OcrWord("a", 90.0, box=(10, 5, 20, 15)), OcrWord("b", 90.0, box=(30, 4, 40, 14))
        >>> OcrLine((a, b)).box
        (10, 4, 40, 15)
        """
        boxes = [w.box for w in self.words if w.box is not None]
        if not boxes:
            return None
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


@dataclass(frozen=True)
class OcrPage:
    lines: tuple[OcrLine, ...]
    #: degrees (counter-clockwise) the page was turned to stand upright: 0, 90, 180, 270
    rotated: int = 0
    #: degrees of skew corrected before reading
    deskewed: float = 0.0
    #: what the engine corrected in its own reading (Thai digits checked against templates)
    repairs: Mapping[str, int] = field(default_factory=dict)
