"""The records of OCR: a page's lines of words, each word with the engine's confidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OcrWord:
    text: str
    #: the engine's confidence in the word, 0–100
    confidence: float
    #: a space comes before the word (Tesseract's "blanks before word")
    space_before: bool = True


@dataclass(frozen=True)
class OcrLine:
    words: tuple[OcrWord, ...]
    #: the line's box in the image read (left, top, right, bottom pixels); None: not known
    box: tuple[int, int, int, int] | None = None

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


@dataclass(frozen=True)
class OcrPage:
    lines: tuple[OcrLine, ...]
    #: degrees (counter-clockwise) the page was turned to stand upright: 0, 90, 180, 270
    rotated: int = 0
    #: degrees of skew corrected before reading
    deskewed: float = 0.0
    #: what the engine corrected in its own reading (Thai digits checked against templates)
    repairs: Mapping[str, int] = field(default_factory=dict)
