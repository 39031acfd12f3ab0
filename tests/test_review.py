"""The review page: self-contained, escaped, a box for every value, and it works in a browser.

The browser tests drive Debian's Chromium (``/usr/bin/chromium``, the ``chromium`` package)
through Playwright's Python package, never a downloaded browser; they skip on a machine without
them and fail in CI (``REPORTPARSE_REQUIRE_OPTIONAL``, ``.ci/run`` installs both).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reportparse.cli import app
from reportparse.pipeline import parse_file, parse_text
from reportparse.review import PageImage, render_review, review_file

from .conftest import FIXTURES, require_optional

CHROMIUM = Path("/usr/bin/chromium")
#: Chromium's flags for a test: no sandbox (CI runs as root), nothing fetched in the background
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PDF = FIXTURES / "pdf/r03_budget_warnings.lo-noto.pdf"
#: two reports in one file (the seed's two versions)
TWO_REPORTS = FIXTURES / "pdf/r08_two_reports.lo-laksaman.pdf"
TEXT = FIXTURES / "reports/r03_budget_warnings.txt"


@cache
def page_of(path: Path) -> str:
    return review_file(path)


def boxes(html: str) -> list[str]:
    return re.findall(r'<div class="box [a-z]+" [^>]*data-keys="([^"]+)"', html)


# --- without a browser -------------------------------------------------------------------------
@pytest.mark.parametrize("pdf", [PDF, TWO_REPORTS], ids=lambda p: p.name)
def test_every_value_has_a_box(pdf: Path) -> None:
    html = page_of(pdf)
    drawn = boxes(html)
    doc = parse_file(pdf)
    for n, report in enumerate(doc.reports, start=1):
        for path, source in (report.sources or {}).items():
            assert drawn.count(f"{n}:{path}") == len(source.spans), path


def test_the_page_fetches_nothing_and_embeds_its_images() -> None:
    html = page_of(PDF)
    assert "default-src 'none'" in html  # the browser refuses anything not inline
    for attr in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert attr.startswith(("data:image/png;base64,", "#")), attr[:40]
    assert "http://" not in html.split("<body>", 1)[1].replace("http://www.w3.org", "")
    assert html.count("<img ") == parse_file(PDF).source.page_count


def test_a_text_export_shows_its_numbered_lines() -> None:
    html = page_of(TEXT)
    doc = parse_file(TEXT)
    sources = doc.reports[0].sources or {}
    line = sources["project.code"].spans[0].line
    assert f'<li id="line-{line}" value="{line}" class="ok" data-keys="1:project.code' in html
    assert "<img" not in html


HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_report_text_is_escaped() -> None:
    text = (FIXTURES / "reports/r01_clean.txt").read_text(encoding="utf-8")
    name = "โครงการปรับปรุงภูมิทัศน์สวนสาธารณะและลานกีฬาชุมชนเขตบางกะปิ"
    assert name in text
    doc = parse_text(text.replace(name, name + HOSTILE), path="<b>x</b>.txt")
    html = render_review(doc, text_pages={1: [HOSTILE]})
    assert HOSTILE not in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>x" not in html
    assert html.count("<script>") == 1  # the page's own
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_value_ocr_is_unsure_of_is_shown_uncertain() -> None:
    from reportparse import ocr, paths

    require_optional(ocr.missing())
    scan = FIXTURES / "scans/r02_thai_digits.lo-laksaman.scan300.pdf"
    html = page_of(scan)
    report = parse_file(scan).reports[0]
    rounds = [r.round for r in report.progress]
    unsure = {
        paths.source_path(w.path, rounds)
        for w in report.warnings
        if w.code.value == "ocr_low_confidence"
    }
    assert unsure
    for path in unsure:
        assert f'<div class="box uncertain" id="b-1:{path}-0"' in html, path
    assert html.count('<img src="data:image/jpeg;base64,') == 2  # a scan's pages as JPEG


def test_a_box_is_placed_in_percent_of_the_shown_page() -> None:
    page = PageImage(1, 595.0, 842.0, "", (0.0, 0.0, 595.0, 842.0), 842.0, 0)
    assert page.place((59.5, 84.2, 119.0, 168.4)) == (10.0, 10.0, 10.0, 10.0)


def test_review_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    result = CliRunner().invoke(app, ["review", str(PDF), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == page_of(PDF)
    missing = CliRunner().invoke(app, ["review", str(tmp_path / "nope.pdf"), "-o", str(out)])
    assert missing.exit_code == 4 and "Traceback" not in missing.output


# --- in Chromium ---------------------------------------------------------------------------------
def browser_missing() -> str:
    if importlib.util.find_spec("playwright") is None:
        return "the browser tests need Playwright: pip install 'reportparse[test]'"
    if not CHROMIUM.exists():
        return "the browser tests need Debian's Chromium: apt-get install chromium"
    return ""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_optional(browser_missing())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Opened:
    """A review page loaded in a browser tab, with every console message and request noted."""

    def __init__(self, browser: Any, html: str) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", lambda m: self._console(m.type, m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.route("**/*", self._route)
        self.page.set_content(html, wait_until="load")
        self.page.wait_for_selector("body[data-ready='1']")

    def _console(self, kind: str, text: str) -> None:
        if kind in ("error", "warning"):
            self.errors.append(f"{kind}: {text}")

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "about:")):
            route.continue_()
        else:
            self.errors.append(f"request outside the file: {url}")
            route.abort()

    def rect(self, selector: str) -> dict[str, float]:
        box: dict[str, float] = self.page.eval_on_selector(
            selector,
            "e => { const r = e.getBoundingClientRect(); "
            "return {x: r.x, y: r.y, width: r.width, height: r.height}; }",
        )
        return box


@pytest.mark.parametrize("pdf", [PDF, TWO_REPORTS, TEXT], ids=lambda p: p.name)
def test_the_page_loads_with_no_error_and_no_request_outside_it(browser: Any, pdf: Path) -> None:
    opened = Opened(browser, page_of(pdf))
    try:
        assert opened.errors == []
        assert all(url.startswith(("data:", "about:")) for url in opened.requests), opened.requests
        assert opened.page.locator("tr.field[data-key]").count() > 20
    finally:
        opened.page.close()


FIELDS = ["project.budget_used", "progress[round=3].percent", "objectives[1]", "strategy.target.no"]


@pytest.mark.parametrize("path", FIELDS)
def test_clicking_a_field_lights_its_box_where_the_json_puts_it(browser: Any, path: str) -> None:
    doc = parse_file(PDF)
    source = (doc.reports[0].sources or {})[path]
    opened = Opened(browser, page_of(PDF))
    try:
        opened.page.click(f'tr.field[data-key="1:{path}"]')
        lit = opened.page.locator(".box.active")
        assert lit.count() == len(source.spans)
        assert opened.page.locator(f'tr.field.active[data-key="1:{path}"]').count() == 1
        for k, span in enumerate(source.spans):
            assert span.bbox is not None
            section = f"#page-{span.page}"
            page_rect = opened.rect(f"{section} img")
            width = float(opened.page.get_attribute(section, "data-width") or 0)
            height = float(opened.page.get_attribute(section, "data-height") or 0)
            scale_x, scale_y = page_rect["width"] / width, page_rect["height"] / height
            x0, top, x1, bottom = span.bbox
            got = opened.rect(f'[id="b-1:{path}-{k}"]')
            assert "active" in (opened.page.get_attribute(f'[id="b-1:{path}-{k}"]', "class") or "")
            assert got["x"] == pytest.approx(page_rect["x"] + x0 * scale_x, abs=1.5)
            assert got["y"] == pytest.approx(page_rect["y"] + top * scale_y, abs=1.5)
            assert got["width"] == pytest.approx((x1 - x0) * scale_x, abs=1.5)
            assert got["height"] == pytest.approx((bottom - top) * scale_y, abs=1.5)
        # the box was scrolled into view
        box = opened.rect(f'[id="b-1:{path}-0"]')
        pane = opened.rect("#pages")
        assert pane["y"] <= box["y"] and box["y"] + box["height"] <= pane["y"] + pane["height"]
        assert opened.errors == []
    finally:
        opened.page.close()


def test_clicking_a_box_scrolls_back_to_its_field(browser: Any) -> None:
    opened = Opened(browser, page_of(PDF))
    try:
        key = "1:progress[round=1].date"
        opened.page.locator(f'[id="b-{key}-0"]').dispatch_event("click")
        row = opened.rect(f'tr.field[data-key="{key}"]')
        pane = opened.rect("#form")
        assert pane["y"] <= row["y"] and row["y"] + row["height"] <= pane["y"] + pane["height"]
        assert "active" in (opened.page.get_attribute(f'tr.field[data-key="{key}"]', "class") or "")
    finally:
        opened.page.close()


def test_clicking_a_line_again_goes_through_the_values_drawn_on_it(browser: Any) -> None:
    """The round's figures share a line: each click there names the next of them."""
    opened = Opened(browser, page_of(PDF))
    try:
        box = '[id="b-1:progress[round=1].percent-0"]'
        opened.page.locator(box).scroll_into_view_if_needed()
        named = []
        for _ in range(4):
            opened.page.click(box, force=True)
            named.append(opened.page.get_attribute("tr.field.active", "data-key"))
        assert len(set(named)) == 4
        assert "1:progress[round=1].percent" in named and "1:progress[round=1].disbursed" in named
    finally:
        opened.page.close()


def test_every_value_of_a_fixture_has_a_visible_box(browser: Any) -> None:
    doc = parse_file(TWO_REPORTS)
    opened = Opened(browser, page_of(TWO_REPORTS))
    try:
        shown: dict[str, int] = opened.page.evaluate(
            "() => { const n = {}; document.querySelectorAll('.box').forEach(b => {"
            " const r = b.getBoundingClientRect();"
            " if (r.width > 1 && r.height > 1) n[b.dataset.keys] = (n[b.dataset.keys] || 0) + 1;"
            " }); return n; }"
        )
        for n, report in enumerate(doc.reports, start=1):
            for path, source in (report.sources or {}).items():
                assert shown.get(f"{n}:{path}") == len(source.spans), (n, path)
    finally:
        opened.page.close()


def test_a_warning_links_to_its_value(browser: Any) -> None:
    opened = Opened(browser, page_of(PDF))
    try:
        link = opened.page.locator('a.to-field[data-key="1:progress[round=3].percent"]').first
        link.click()
        assert opened.page.locator(".box.active").count() >= 1
        key = opened.page.get_attribute(".box.active", "data-keys")
        assert key == "1:progress[round=3].percent"
        warned = opened.page.get_attribute(".box.active", "class") or ""
        assert "warned" in warned
    finally:
        opened.page.close()
