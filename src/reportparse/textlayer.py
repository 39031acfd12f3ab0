"""Text layer: the repaired text of any Thai PDF, and how damaged it was before and after.

Contract: ``text_of(extraction)`` is the repaired text, pages separated by form feeds (what
``reportparse text`` prints); ``layer_stats(extraction)`` gives, per page, the damage counters
(THAI_TEXT.md) of the backend's raw text and of the repaired text, the dictionary
out-of-vocabulary rate of both, and every damaged place left with the text around it. Nothing
here knows about reports: it serves any Thai PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import printable
from .extract import Extraction
from .thai.damage import DamageSite, count_damage, damage_sites
from .thai.tokenizer import oov_rate


@dataclass(frozen=True)
class PageStats:
    page: int
    backend: str
    damage_before: dict[str, int]
    damage_after: dict[str, int]
    #: (Thai tokens not in the dictionary, Thai tokens), before and after repair
    oov_before: tuple[int, int]
    oov_after: tuple[int, int]
    repairs: dict[str, int]
    #: each damaged place left after repair, with context: what a user must look at
    left: tuple[DamageSite, ...]


def text_of(extraction: Extraction) -> str:
    """The repaired text of every page, pages separated by form feeds."""
    return "\f".join(page.text for page in extraction.pages)


def for_terminal(text: str) -> str:
    r"""Text as a terminal may show it: every character it would act on written as an escape
    (``errors.printable``), line breaks and the form feeds between pages kept.

    >>> for_terminal("ก\x1b[2Jข\nค\fง")
    'ก\\x1b[2Jข\nค\x0cง'
    """
    return "\f".join(
        "\n".join(printable(line) for line in page.split("\n")) for page in text.split("\f")
    )


def layer_stats(extraction: Extraction, *, oov: bool = True) -> list[PageStats]:
    """Damage before and after repair, page by page (``oov=False`` skips the tokenizer)."""
    out = []
    for page in extraction.pages:
        raw, text = page.raw or page.text, page.text
        out.append(
            PageStats(
                page=page.number,
                backend=page.backend,
                damage_before=count_damage(raw),
                damage_after=count_damage(text),
                oov_before=oov_rate(raw) if oov else (0, 0),
                oov_after=oov_rate(text) if oov else (0, 0),
                repairs=dict(page.repairs),
                left=tuple(damage_sites(text)),
            )
        )
    return out


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "-"


def _rate(oov: tuple[int, int]) -> str:
    return f"{100 * oov[0] / oov[1]:.1f}%" if oov[1] else "-"


def render_stats(stats: list[PageStats]) -> str:
    """The statistics as plain text: one line per page, then each damaged place left."""
    lines = ["page  backend     damage before -> after          OOV before -> after  repairs"]
    for s in stats:
        lines.append(
            f"{s.page:>4}  {s.backend:<10}  {_counts(s.damage_before)} -> "
            f"{_counts(s.damage_after)}  {_rate(s.oov_before)} -> {_rate(s.oov_after)}  "
            f"{_counts(s.repairs)}"
        )
    left = [(s.page, site) for s in stats for site in s.left]
    if left:
        lines.append(f"damage left after repair ({len(left)} places):")
        lines += [f"  page {page}: {site.kind}: {site.context!r}" for page, site in left]
    return "\n".join(lines)
