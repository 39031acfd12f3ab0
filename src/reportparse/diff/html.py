"""The diff as one self-contained HTML page an auditor can open and print.

Contract: ``render_html(result)`` returns a complete HTML document: inline CSS (screen and
print), no script, no external resource (its Thai font embedded: ``font_faces``), every
text escaped. For each pair of reports: which files and reports were compared, a summary table
of the changed fields (section, path, kind, page of each side, linked to the detail), then one
block per change with the old and new values side by side and the page each came from; in
text, removed words are ``<del>`` and added words ``<ins>``, highlighted (colour and strike /
underline, so a black-and-white print still shows them). Numbers show their delta.

The Thai font travels inside the page (a subset of Noto Sans Thai, OFL, as data URIs;
``tools/make_thai_font.py`` says why a pre-made subset), so Thai shows on a machine without
any Thai font; Latin text takes the reader's own.

Where a side is a PDF whose report carries ``sources``, each change also shows its place on
that side: a thumbnail of each page it was read from (rendered by PDFium, ``review.pages``),
with the boxes of the value (or of the value that held it, for one removed or added) drawn
over it, old and new side by side. A page image is written once, as a CSS class.
"""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from typing import Any

from .. import paths
from .._version import __version__
from ..models import Span
from ..review.pages import PageImage, page_images
from .compare import Change, ChangeKind, DiffResult, LoadedReport, ReportDiff, pages_of
from .text import delta, describe_item, pages_label, section_of, show_value

#: the family name of the embedded Thai font, first in the page's font list
EMBEDDED_FONT = "reportparse Noto Sans Thai"
#: (weight, file in reportparse/data/fonts) of the embedded font
FONT_FILES = ((400, "NotoSansThai-Regular.subset.woff"), (700, "NotoSansThai-Bold.subset.woff"))
#: what the embedded font is used for: the Thai block, the dotted circle, ZWSP, ZWNJ, ZWJ
FONT_RANGE = "U+0E00-0E7F, U+25CC, U+200B-200D"


@functools.cache
def font_faces() -> str:
    """The ``@font-face`` rules of the embedded Thai font, its files as data URIs."""
    folder = resources.files("reportparse").joinpath("data/fonts")
    rules = []
    for weight, name in FONT_FILES:
        data = base64.b64encode(folder.joinpath(name).read_bytes()).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{EMBEDDED_FONT}"; font-weight: {weight}; '
            f'font-style: normal; src: url(data:font/woff;base64,{data}) format("woff"); '
            f"unicode-range: {FONT_RANGE}; }}"
        )
    return "\n".join(rules)


#: the resolution of the pages a change is shown on
THUMBNAIL_DPI = 60
#: pages shown for one side of a change (a value read over a page break has two)
THUMBNAILS = 2

CSS = """
:root { --del: #ffd7d5; --del-ink: #82071e; --ins: #ccffd8; --ins-ink: #055d20; --rule: #d0d7de; }
* { box-sizing: border-box; }
body { font-family: "reportparse Noto Sans Thai", "Noto Sans Thai", "Laksaman", "Tahoma",
       sans-serif;
       margin: 2rem auto; max-width: 75rem; padding: 0 1rem; line-height: 1.6; color: #1f2328; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--rule); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin-top: 1.5rem; }
.note, .label, .sides th { color: #59636e; font-size: .85rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--rule); padding: .2rem .5rem; text-align: left;
         vertical-align: top; }
.sides th { width: 4rem; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .85em; }
.kind { font-size: .75rem; font-weight: bold; text-transform: uppercase; padding: 0 .35rem;
        border-radius: .25rem; border: 1px solid currentColor; }
.kind.changed { color: #9a6700; } .kind.added { color: var(--ins-ink); }
.kind.removed { color: var(--del-ink); }
.change { border: 1px solid var(--rule); border-radius: .375rem; margin: 1rem 0; }
.change h4 { margin: 0; padding: .4rem .75rem; background: #f6f8fa; font-size: .95rem;
             border-bottom: 1px solid var(--rule); }
.grid { display: grid; grid-template-columns: 1fr 1fr; }
.side { padding: .5rem .75rem; overflow-wrap: anywhere; }
.side + .side { border-left: 1px solid var(--rule); }
.absent { color: #59636e; font-style: italic; }
del { background: var(--del); color: var(--del-ink); text-decoration: line-through; }
ins { background: var(--ins); color: var(--ins-ink); text-decoration: underline; }
.delta { font-weight: bold; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 .75rem; margin: 0; }
dt { color: #59636e; } dd { margin: 0; }
@page { size: A4; margin: 14mm; }
.places { display: grid; grid-template-columns: 1fr 1fr; border-top: 1px solid var(--rule); }
.place { padding: .5rem .75rem; display: flex; gap: .5rem; flex-wrap: wrap; }
.place + .place { border-left: 1px solid var(--rule); }
.place figure { margin: 0; width: 15rem; }
.place figcaption { color: #59636e; font-size: .75rem; }
.thumb { position: relative; width: 100%; background-size: 100% 100%;
         border: 1px solid var(--rule); }
.thumb .box { position: absolute; border: 2px solid; background: rgba(255, 212, 0, .25); }
.old .thumb .box { border-color: var(--del-ink); }
.new .thumb .box { border-color: var(--ins-ink); }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  .change { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  del, ins, .change h4 { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
ROUND_FIELDS = ("round", "date", "percent", "disbursed", "on_plan", "on_target", "text")


@dataclass
class Places:
    """The page images of the sides that are PDFs, rendered once each, as CSS classes."""

    #: (file, page) → the image and its CSS class
    pages: dict[tuple[str, int], tuple[PageImage, str]] = field(default_factory=dict)

    def page(self, path: str, number: int) -> tuple[PageImage, str] | None:
        """The image of page ``number`` of the PDF ``path`` (rendered on first use), or None."""
        key = (path, number)
        if key not in self.pages:
            try:
                images = page_images(path, [number], dpi=THUMBNAIL_DPI)
            except Exception:  # a side that cannot be rendered again: its changes show no page
                images = []
            if not images:
                return None
            self.pages[key] = (images[0], f"pg{len(self.pages) + 1}")
        return self.pages.get(key)

    def css(self) -> str:
        return "".join(
            f".{name} {{ background-image: url({image.uri}); }}\n"
            for image, name in self.pages.values()
        )


def render_html(result: DiffResult, *, places: bool = True) -> str:
    """The whole page for every compared pair (``places``: with the pages each change is on,
    where a side is a PDF read with sources)."""
    title = " · ".join(f"{p.old.path} → {p.new.path}" for p in result.pairs)
    shown = Places() if places else None
    body = "\n".join(_pair(i, pair, shown) for i, pair in enumerate(result.pairs, start=1))
    page_css = shown.css() if shown else ""
    return (
        '<!DOCTYPE html>\n<html lang="th">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>reportparse diff: {escape(title)}</title>\n<style>\n{font_faces()}{CSS}{page_css}"
        "</style>\n"
        "</head>\n"
        "<body>\n<h1>Changes between two versions of a report</h1>\n"
        f'<p class="note">reportparse {escape(__version__)}. Only content is compared: white '
        "space, line breaks, page breaks, fonts, header columns, the % sign, Thai or Arabic "
        "digits and repaired garbling are never changes. Removed words are "
        "<del>struck out</del>, added words <ins>underlined</ins>.</p>\n"
        f"{body}\n</body>\n</html>\n"
    )


def _pair(number: int, pair: ReportDiff, places: Places | None = None) -> str:
    project = pair.new.report.project
    heading = " — ".join(escape(x) for x in (project.code, project.name) if x) or "report"
    count = len(pair.changes)
    summary = f"{count} changed field{'s' if count != 1 else ''}" if count else "No changes"
    parts = [
        f'<section class="pair">\n<h2>{heading}</h2>',
        '<table class="sides">',
        _side_row("Old", pair.old),
        _side_row("New", pair.new),
        "</table>",
        f"<h3>Summary: {summary}</h3>",
    ]
    if pair.changes:
        parts += [_summary(number, pair), "<h3>Changes</h3>"]
        parts += [
            _change(f"p{number}-c{i}", c, pair, places) for i, c in enumerate(pair.changes, 1)
        ]
    return "\n".join([*parts, "</section>"])


def _side_row(label: str, side: LoadedReport) -> str:
    pages = side.report.pages
    shown = pages_label((pages[0], pages[-1]) if pages else None)
    return (
        f"<tr><th>{label}</th><td><code>{escape(side.path)}</code>, report {side.number}, "
        f"{shown}</td></tr>"
    )


def _summary(number: int, pair: ReportDiff) -> str:
    rows = [
        "<table>\n<thead><tr><th>#</th><th>Section</th><th>Field</th><th>Change</th>"
        "<th>Old page</th><th>New page</th></tr></thead>\n<tbody>"
    ]
    for i, change in enumerate(pair.changes, start=1):
        kind = change.kind.value
        old_pages, new_pages = _pages(change, pair)
        rows.append(
            f'<tr><td>{i}</td><td>{escape(section_of(change.path))}</td><td><a href="#p{number}'
            f'-c{i}"><code>{escape(change.path)}</code></a></td><td><span class="kind {kind}">'
            f"{kind}</span></td><td>{old_pages}</td><td>{new_pages}</td></tr>"
        )
    return "\n".join([*rows, "</tbody>\n</table>"])


def _pages(change: Change, pair: ReportDiff) -> tuple[str, str]:
    old = pages_of(pair.old.report, change.path) if change.kind is not ChangeKind.ADDED else None
    new = pages_of(pair.new.report, change.path) if change.kind is not ChangeKind.REMOVED else None
    return (pages_label(old) if old else "—", pages_label(new) if new else "—")


def _change(anchor: str, change: Change, pair: ReportDiff, places: Places | None = None) -> str:
    kind = change.kind.value
    old_pages, new_pages = _pages(change, pair)
    old_html, new_html = _values(change)
    return (
        f'<article class="change" id="{anchor}">\n<h4><span class="kind {kind}">{kind}</span> '
        f"<code>{escape(change.path)}</code></h4>\n"
        f'<div class="grid">\n<div class="side old"><div class="label">Old · {old_pages}</div>'
        f"{old_html}</div>\n"
        f'<div class="side new"><div class="label">New · {new_pages}</div>{new_html}</div>\n'
        f"</div>\n{_places(change, pair, places)}</article>"
    )


def _places(change: Change, pair: ReportDiff, places: Places | None) -> str:
    """The change's place on each side: thumbnails of its pages with its boxes."""
    if places is None:
        return ""
    sides = [
        (side, "old" if side is pair.old else "new", _spans(side, change.path))
        for side in (pair.old, pair.new)
    ]
    if not any(spans for _, _, spans in sides):
        return ""
    cells = [
        f'<div class="place {label}">{_thumbnails(side, label, spans, places)}</div>'
        for side, label, spans in sides
    ]
    return f'<div class="places">{"".join(cells)}</div>\n'


def _spans(side: LoadedReport, path: str) -> list[Span]:
    """The spans of a change's value on a side that is a PDF read with sources (of the nearest
    value holding it, when the side does not have it)."""
    sources = side.report.sources
    if not sources or not side.path.lower().endswith(".pdf"):
        return []
    at: str | None = path
    while at is not None:
        if at in sources:
            return [s for s in sources[at].spans if s.bbox is not None]
        at = paths.parent(at)
    return []


def _thumbnails(side: LoadedReport, label: str, spans: list[Span], places: Places) -> str:
    figures = []
    for number in list(dict.fromkeys(s.page for s in spans))[:THUMBNAILS]:
        found = places.page(side.path, number)
        if found is None:
            continue
        image, name = found
        boxes = "".join(
            '<div class="box" style="left:{}%;top:{}%;width:{}%;height:{}%"></div>'.format(
                *image.place(s.bbox)
            )
            for s in spans
            if s.page == number and s.bbox is not None
        )
        ratio = f"{image.width:.1f} / {image.height:.1f}"
        figures.append(
            f'<figure><div class="thumb {name}" style="aspect-ratio: {ratio}" role="img" '
            f'aria-label="{label} version, page {number}">{boxes}</div>'
            f"<figcaption>{label}, page {number}</figcaption></figure>"
        )
    return "".join(figures)


def _values(change: Change) -> tuple[str, str]:
    """The old and the new side of a change, highlighted."""
    absent = '<div class="absent">not in this version</div>'
    if change.kind is ChangeKind.ADDED:
        return absent, _item(change.path, change.new, "ins")
    if change.kind is ChangeKind.REMOVED:
        return _item(change.path, change.old, "del"), absent
    if change.words is not None:
        old = "".join(_word(op, text, "-") for op, text in change.words if op != "+")
        new = "".join(_word(op, text, "+") for op, text in change.words if op != "-")
        return f"<div>{old}</div>", f"<div>{new}</div>"
    step = delta(change.path, change.old, change.new)
    step_html = f' <span class="delta">({escape(step)})</span>' if step else ""
    return (
        f"<div><del>{escape(show_value(change.path, change.old))}</del></div>",
        f"<div><ins>{escape(show_value(change.path, change.new))}</ins>{step_html}</div>",
    )


def _word(op: str, text: str, marked: str) -> str:
    if op != marked:
        return escape(text)
    stripped = text.lstrip()
    tag = "del" if op == "-" else "ins"
    return f"{escape(text[: len(text) - len(stripped)])}<{tag}>{escape(stripped)}</{tag}>"


def _item(path: str, value: Any, tag: str) -> str:
    """A whole list item or round, every value in ``tag``."""
    if not isinstance(value, dict):
        return f"<div><{tag}>{escape(describe_item(path, value))}</{tag}></div>"
    rows = [
        f"<dt>{name}</dt><dd><{tag}>{escape(show_value(name, value.get(name)))}</{tag}></dd>"
        for name in (*ROUND_FIELDS, *(k for k in value if k not in ROUND_FIELDS))
    ]
    return "<dl>" + "".join(rows) + "</dl>"
