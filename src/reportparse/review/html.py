"""The review page: the input's pages with a box over every value, the reports as forms beside.

Contract: ``render_review(document, images=… | text_pages=…)`` returns a complete HTML document
(``review`` says what it shows). Every element that stands for a value carries ``data-keys``
(``<report>:<path>``, the path of the report's ``sources``) and every field of the form
``data-key``; the inline script joins the two (hover, click, scroll) and does nothing else.
A value's kind (``ok``, ``warned``, ``uncertain``) comes from the warnings about it or about
what holds it (a round's warning covers its date and figures). A warning's path numbers rounds
by place (``progress[2].percent``, SPEC.md); ``paths.source_path`` names its value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from .. import paths
from .._version import __version__
from ..models import Document, FieldSource, Report
from ..warnings import ReportWarning, WarningCode
from .pages import PageImage

#: the kinds a value's box and field are shown as, and what each means (the legend)
KINDS = {
    "ok": "read, no warning",
    "warned": "a warning is about it",
    "uncertain": "read by OCR below its confidence: check it against the page",
}
#: fields whose values are baht: shown with thousands separators
MONEY = frozenset({"budget_received", "budget_used", "disbursed"})

CSS = """
:root { --ok: #1a7f37; --warned: #cf222e; --uncertain: #8250df; --rule: #d0d7de;
        --ink: #1f2328; --muted: #59636e; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font-family: "Noto Sans Thai", "Laksaman", "Garuda", "Loma", "Tahoma", sans-serif;
       color: var(--ink); display: grid; grid-template-columns: minmax(0, 3fr) minmax(24rem, 2fr);
       height: 100vh; }
#pages { overflow: auto; background: #eaeef2; padding: 1rem; }
#form { overflow: auto; padding: 1rem 1.25rem; border-left: 1px solid var(--rule);
        line-height: 1.5; }
.page { position: relative; margin: 0 auto 1.5rem; background: #fff; max-width: 60rem;
        box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.page img { display: block; width: 100%; height: auto; }
.page h3 { position: absolute; top: -1.4rem; left: 0; margin: 0; font-size: .8rem;
           color: var(--muted); }
.box { position: absolute; border: 1.5px solid; border-radius: 2px; cursor: pointer;
       opacity: .55; }
.box.ok { border-color: var(--ok); } .box.warned { border-color: var(--warned); z-index: 2; }
.box.uncertain { border-color: var(--uncertain); border-style: dashed; z-index: 3; }
.box.active { opacity: 1; border-width: 3px; z-index: 5;
              background: rgba(255, 212, 0, .28); outline: 2px solid #ffd400; }
.text-page { background: #fff; padding: .5rem 1rem; font-size: .9rem; }
.text-page ol { margin: 0; padding-left: 4rem; }
.text-page li { white-space: pre-wrap; border-left: 3px solid transparent; padding-left: .4rem; }
.text-page li.ok { border-left-color: var(--ok); }
.text-page li.warned { border-left-color: var(--warned); }
.text-page li.uncertain { border-left-color: var(--uncertain); }
.text-page li.active { background: rgba(255, 212, 0, .45); }
h1 { font-size: 1.2rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; border-bottom: 2px solid var(--rule); }
h3.section { font-size: .95rem; margin: 1rem 0 .25rem; color: var(--muted); }
.note { color: var(--muted); font-size: .8rem; margin: 0; overflow-wrap: anywhere; }
.legend span { display: inline-block; margin-right: 1rem; font-size: .8rem; }
.legend i { display: inline-block; width: 1.2rem; height: .8rem; border: 2px solid;
            vertical-align: middle; margin-right: .3rem; }
.legend .ok i { border-color: var(--ok); } .legend .warned i { border-color: var(--warned); }
.legend .uncertain i { border-color: var(--uncertain); border-style: dashed; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .15rem .4rem; text-align: left;
         vertical-align: top; overflow-wrap: anywhere; }
tr.field { cursor: pointer; border-left: 4px solid transparent; }
tr.field.ok { border-left-color: var(--ok); } tr.field.warned { border-left-color: var(--warned); }
tr.field.uncertain { border-left-color: var(--uncertain); }
tr.field.none { cursor: default; color: var(--muted); }
tr.field.active { background: #fff8c5; }
tr.field th { font-weight: normal; color: var(--muted); width: 11rem;
              font-family: "DejaVu Sans Mono", monospace; font-size: .75rem; }
.raw { display: block; color: var(--muted); font-size: .75rem; }
ol.warnings { padding-left: 1.25rem; font-size: .85rem; }
ol.warnings li { margin-bottom: .2rem; }
ol.warnings code, .kind { font-family: "DejaVu Sans Mono", monospace; font-size: .75rem; }
a.to-field { cursor: pointer; }
"""

#: hover a field: its boxes light up; click it: the pages scroll to the first; click a box:
#: the form scrolls back to its field (clicking again where several values share a line goes
#: through them). Warnings' links behave as the field they name.
SCRIPT = """
(function () {
  "use strict";
  var targets = new Map(), fields = new Map(), order = new Map(), lit = [];
  document.querySelectorAll("[data-keys]").forEach(function (el) {
    el.dataset.keys.split(" ").forEach(function (key) {
      if (!targets.has(key)) { targets.set(key, []); order.set(key, order.size); }
      targets.get(key).push(el);
    });
  });
  document.querySelectorAll("tr.field[data-key]").forEach(function (row) {
    fields.set(row.dataset.key, row);
  });
  function light(key, scroll) {
    lit.forEach(function (el) { el.classList.remove("active"); });
    lit = (targets.get(key) || []).slice();
    var row = fields.get(key);
    if (row) { lit.push(row); }
    lit.forEach(function (el) { el.classList.add("active"); });
    var first = (targets.get(key) || [])[0];
    if (scroll === "page" && first) { first.scrollIntoView({block: "center"}); }
    if (scroll === "form" && row) { row.scrollIntoView({block: "center"}); }
  }
  fields.forEach(function (row, key) {
    row.addEventListener("mouseenter", function () { light(key, null); });
    row.addEventListener("click", function () { light(key, "page"); });
    row.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { light(key, "page"); }
    });
  });
  // a click on the page: the values drawn there (several share a line), the next one of them
  // on each click; a click made by a script names its element
  document.getElementById("pages").addEventListener("click", function (e) {
    var keys = [];
    var hit = e.isTrusted ? document.elementsFromPoint(e.clientX, e.clientY) : [e.target];
    hit.forEach(function (el) {
      if (el.dataset && el.dataset.keys) {
        el.dataset.keys.split(" ").forEach(function (k) {
          if (keys.indexOf(k) < 0) { keys.push(k); }
        });
      }
    });
    if (!keys.length) { return; }
    keys.sort(function (a, b) { return order.get(a) - order.get(b); });
    var current = lit.length ? lit[0].dataset.keys || lit[0].dataset.key : null;
    var at = keys.indexOf(current);
    light(keys[at < 0 ? 0 : (at + 1) % keys.length], "form");
  });
  document.querySelectorAll("a.to-field").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      if (a.dataset.key) { light(a.dataset.key, "page"); }
      else if (a.dataset.page) {
        var page = document.getElementById("page-" + a.dataset.page);
        if (page) { page.scrollIntoView({block: "start"}); }
      }
    });
  });
  document.body.dataset.ready = "1";
})();
"""


@dataclass(frozen=True)
class Field:
    """One value of the form: its source key, label, value shown, raw text and kind."""

    key: str
    path: str
    value: str
    source: FieldSource | None
    kind: str


def render_review(
    document: Document,
    *,
    images: Sequence[PageImage] = (),
    text_pages: Mapping[int, Sequence[str]] | None = None,
) -> str:
    """The whole review page of a parsed document: ``images`` of its PDF pages, or the lines
    of its text pages (``text_pages``: page → its lines)."""
    reports = [(n, report, _kinds(report)) for n, report in enumerate(document.reports, start=1)]
    if text_pages is not None:
        pages = _text_pages(text_pages, reports)
    else:
        pages = "\n".join(_image_page(image, reports) for image in images)
    forms = "\n".join(_report(n, report, kinds) for n, report, kinds in reports)
    source = document.source
    title = f"reportparse review: {source.path}"
    legend = "".join(
        f'<span class="{kind}"><i></i>{escape(kind)}: {escape(text)}</span>'
        for kind, text in KINDS.items()
    )
    return (
        '<!DOCTYPE html>\n<html lang="th">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<main id="pages">\n{pages}\n</main>\n<aside id="form">\n'
        f"<h1>{escape(source.path)}</h1>\n"
        f'<p class="note">{source.page_count} page(s), read by {escape(source.backend)}; sha256 '
        f"{escape(source.sha256)}; reportparse {escape(__version__)}. Hover a field to see where "
        "it was read; click it to go there, click a box to come back.</p>\n"
        f'<p class="legend">{legend}</p>\n{forms}\n</aside>\n'
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


# --- kinds ---------------------------------------------------------------------------------------
def _kinds(report: Report) -> dict[str, str]:
    """The kind of each source path of a report that a warning is about (``ok`` otherwise)."""
    rounds = [r.round for r in report.progress]
    kinds: dict[str, str] = {}
    for w in report.warnings:
        target = paths.source_path(w.path, rounds)
        if not target:
            continue
        kind = "uncertain" if w.code is WarningCode.OCR_LOW_CONFIDENCE else "warned"
        for path in report.sources or {}:
            within = path == target or path.startswith((target + ".", target + "["))
            if within and kinds.get(path) != "uncertain":
                kinds[path] = kind
    return kinds


def _kind(path: str, kinds: Mapping[str, str]) -> str:
    """A path's kind, or that of the nearest value holding it."""
    at: str | None = path
    while at is not None:
        if at in kinds:
            return kinds[at]
        at = paths.parent(at)
    return "ok"


# --- the pages -----------------------------------------------------------------------------------
Reports = list[tuple[int, Report, dict[str, str]]]


def _image_page(image: PageImage, reports: Reports) -> str:
    boxes = []
    for n, report, kinds in reports:
        for path, source in (report.sources or {}).items():
            for k, span in enumerate(source.spans):
                if span.page != image.number or span.bbox is None:
                    continue
                left, top, width, height = image.place(span.bbox)
                key = f"{n}:{path}"
                boxes.append(
                    f'<div class="box {_kind(path, kinds)}" id="b-{escape(key)}-{k}" '
                    f'data-keys="{escape(key)}" data-bbox="{",".join(map(str, span.bbox))}" '
                    f'style="left:{left}%;top:{top}%;width:{width}%;height:{height}%" '
                    f'title="{escape(path)}: {escape(source.text[:200])}"></div>'
                )
    return (
        f'<section class="page" id="page-{image.number}" data-page="{image.number}" '
        f'data-width="{image.width}" data-height="{image.height}">'
        f"<h3>page {image.number}</h3>"
        f'<img src="{image.uri}" alt="page {image.number}" width="{round(image.width)}" '
        f'height="{round(image.height)}">\n' + "\n".join(boxes) + "\n</section>"
    )


def _text_pages(text_pages: Mapping[int, Sequence[str]], reports: Reports) -> str:
    """A text export's pages as numbered lines (numbered through the file, as its spans)."""
    keys: dict[int, list[str]] = {}
    kinds_of: dict[int, list[str]] = {}
    for n, report, kinds in reports:
        for path, source in (report.sources or {}).items():
            for span in source.spans:
                if span.line is not None:
                    keys.setdefault(span.line, []).append(f"{n}:{path}")
                    kinds_of.setdefault(span.line, []).append(_kind(path, kinds))
    out, number = [], 0
    for page, lines in sorted(text_pages.items()):
        if not lines:
            continue
        items = []
        for text in lines:
            number += 1
            attrs = ""
            if number in keys:
                kind = next((k for k in ("uncertain", "warned") if k in kinds_of[number]), "ok")
                attrs = f' class="{kind}" data-keys="{escape(" ".join(keys[number]))}"'
            items.append(f'<li id="line-{number}" value="{number}"{attrs}>{escape(text)}</li>')
        out.append(
            f'<section class="page text-page" id="page-{page}" data-page="{page}">'
            f"<h3>page {page}</h3><ol>{''.join(items)}</ol></section>"
        )
    return "\n".join(out)


# --- the forms -----------------------------------------------------------------------------------
def _report(n: int, report: Report, kinds: dict[str, str]) -> str:
    project = report.project
    heading = " — ".join(escape(x) for x in (project.code, project.name) if x) or "report"
    pages = report.pages
    where = f"pages {pages[0]}–{pages[-1]}" if pages else ""
    sections = []
    for title, rows in _sections(n, report, kinds):
        body = "".join(_row(f) for f in rows)
        sections.append(f'<h3 class="section">{escape(title)}</h3><table>{body}</table>')
    return (
        f'<section class="report" id="report-{n}"><h2>Report {n}: {heading}</h2>'
        f'<p class="note">{escape(where)}</p>'
        + _warnings(n, report)
        + "".join(sections)
        + "</section>"
    )


def _row(f: Field) -> str:
    raw = ""
    if f.source is not None and f.source.text != f.value:
        raw = f'<span class="raw">{escape(f.source.text)}</span>'
    if f.source is None:
        return f'<tr class="field none"><th>{escape(f.path)}</th><td>{escape(f.value)}</td></tr>'
    return (
        f'<tr class="field {f.kind}" data-key="{escape(f.key)}" tabindex="0">'
        f"<th>{escape(f.path)}</th><td>{escape(f.value)}{raw}</td></tr>"
    )


def _sections(n: int, report: Report, kinds: dict[str, str]) -> Iterator[tuple[str, list[Field]]]:
    sources = report.sources or {}

    def field(path: str, value: Any) -> Field:
        return Field(
            f"{n}:{path}", path, _shown(path, value), sources.get(path), _kind(path, kinds)
        )

    project = report.project.model_dump(mode="json")
    yield "1.1 project", [field(paths.field("project", k), v) for k, v in project.items()]
    agency = report.agency
    units = [field(paths.item("agency.units", i), u) for i, u in enumerate(agency.units)]
    yield (
        "1.2 agency",
        [
            *units,
            field("agency.responsible", agency.responsible),
            field("agency.coordinator", agency.coordinator),
        ],
    )
    yield "1.3 rationale", [field("rationale", report.rationale)]
    yield (
        "1.4 objectives",
        [field(paths.item("objectives", i), text) for i, text in enumerate(report.objectives)],
    )
    yield "1.5 goal", [field("goal", report.goal)]
    strategy = []
    for name, item in report.strategy.model_dump(mode="json").items():
        for part in ("no", "title"):
            path = paths.field(paths.field("strategy", name), part)
            strategy.append(field(path, (item or {}).get(part)))
    yield "1.6 strategy", strategy
    for r in report.progress:
        where = paths.round_item(r.round)
        values = r.model_dump(mode="json")
        rows = [field(where, f"round {r.round}")]
        rows += [field(paths.field(where, k), v) for k, v in values.items() if k != "round"]
        yield f"2 progress: round {r.round}", rows


def _shown(path: str, value: Any) -> str:
    """A value for a person: money with separators, flags as yes / no, absent as —."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (float, Decimal)) and path.rsplit(".", 1)[-1] in MONEY:
        return f"{value:,.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _warnings(n: int, report: Report) -> str:
    if not report.warnings:
        return '<p class="note">No warnings.</p>'
    rounds = [r.round for r in report.progress]
    sources = report.sources or {}
    items = []
    for w in report.warnings:
        link = _warning_link(n, w, paths.source_path(w.path, rounds), sources)
        where = f" <code>{escape(w.path)}</code>" if w.path else ""
        items.append(
            f'<li class="warning"><span class="kind">{escape(w.code.value)}</span>{where}: '
            f"{link}{escape(w.message)}</a></li>"
        )
    return f'<h3 class="section">warnings</h3><ol class="warnings">{"".join(items)}</ol>'


def _warning_link(n: int, w: ReportWarning, target: str, sources: Mapping[str, Any]) -> str:
    """The opening ``<a>`` of a warning: to its value (or the nearest holding it), else to
    its page."""
    at: str | None = target or None
    while at is not None and at not in sources:
        at = paths.parent(at)
    if at is not None:
        return f'<a class="to-field" href="#" data-key="{escape(f"{n}:{at}")}">'
    page = w.page or (w.spans[0].page if w.spans else None)
    if page is not None:
        return f'<a class="to-field" href="#page-{page}" data-page="{page}">'
    return '<a class="to-field">'
