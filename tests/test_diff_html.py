"""The diff's HTML page: self-contained, escaped, and in headless Chromium loaded without console
errors with the changed words highlighted. The Chromium tests skip where it is not installed
(and fail in CI, which installs it)."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reportparse import parse_file, parse_text
from reportparse.diff import DiffResult, LoadedReport, ReportDiff, diff_files, diff_reports
from reportparse.diff.html import render_html

from .conftest import FIXTURES, ROOT, require_optional

SEED = FIXTURES / "text" / "seed_both_versions.txt"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
]  # fmt: skip
#: background colours of <ins> and <del> (diff_html.CSS --ins / --del), as RGB
INS_RGB, DEL_RGB = (0xCC, 0xFF, 0xD8), (0xFF, 0xD7, 0xD5)


@pytest.fixture(scope="module")
def seed_html() -> str:
    return render_html(diff_files(str(SEED.relative_to(ROOT))))


def chromium(page: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a local page (skip the test where Chromium is missing)."""
    require_optional("" if CHROMIUM.exists() else f"Chromium is not at {CHROMIUM}")
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp)


def console_messages(stderr: str) -> list[str]:
    """What the page wrote to its console (errors included), from Chromium's log."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class Marked(HTMLParser):
    """Collects the text of every <ins> and <del>."""

    def __init__(self) -> None:
        super().__init__()
        self.open: str | None = None
        self.found: dict[str, list[str]] = {"ins": [], "del": []}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.found:
            self.open = tag
            self.found[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self.open:
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open:
            self.found[self.open][-1] += data


def marked(html: str) -> dict[str, list[str]]:
    parser = Marked()
    parser.feed(html)
    return parser.found


# --- the page itself ------------------------------------------------------------------------------
def test_page_is_self_contained_and_printable(seed_html: str) -> None:
    lowered = seed_html.lower().replace("url(data:font/woff;base64,", "")  # the embedded font
    for external in (
        "<script",
        "<link",
        "<img",
        "<iframe",
        "http://",
        "https://",
        "url(",
        "@import",
    ):
        assert external not in lowered, external
    assert "@media print" in seed_html and "print-color-adjust: exact" in seed_html
    assert seed_html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in seed_html


def test_page_summarises_then_shows_each_change_with_its_pages(seed_html: str) -> None:
    assert "Summary: 8 changed fields" in seed_html
    assert seed_html.index("<thead>") < seed_html.index('<article class="change" id="p1-c1">')
    name = seed_html.split('id="p1-c1"', 1)[1].split("</article>", 1)[0]
    assert "Old · p. 1" in name and "New · p. 3" in name
    assert "<del>ที่เมืองน้อง</del>" in name and "<ins>พี่น้อง</ins>" in name
    target = seed_html.split('id="p1-c4"', 1)[1].split("</article>", 1)[0]
    assert "<del>7.2.2</del>" in target and "<ins>7.2.1</ins>" in target


def test_page_escapes_report_text() -> None:
    base = (FIXTURES / "reports" / "r01_clean.txt").read_text(encoding="utf-8")
    name = "โครงการปรับปรุงภูมิทัศน์สวนสาธารณะและลานกีฬาชุมชนเขตบางกะปิ"
    hostile = parse_text(base.replace(name, name + ' <script>alert("x")</script> & <b>')).reports[0]
    plain = parse_text(base).reports[0]
    pair = ReportDiff(
        LoadedReport("<old>.txt", 1, plain),
        LoadedReport("<new>.txt", 1, hostile),
        tuple(diff_reports(plain, hostile)),
    )
    html = render_html(DiffResult((pair,)))
    assert "<script" not in html and "<b>" not in html and "<old>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in html


# --- in Chromium -------------------------------------------------------------------------------
def test_page_loads_in_chromium_without_console_errors(seed_html: str, tmp_path: Path) -> None:
    page = tmp_path / "seed.html"
    page.write_text(seed_html, encoding="utf-8")
    run = chromium(page, tmp_path, "--dump-dom")
    assert run.returncode == 0, run.stderr[-2000:]
    assert console_messages(run.stderr) == []
    found = marked(run.stdout)  # the DOM Chromium built
    assert "ที่เมืองน้อง" in found["del"] and "พี่น้อง" in found["ins"]
    assert {"ฮัสตานา", "คาซัคสถาน", "7.2.2"} <= set(found["del"])
    assert {"ฮานอย", "เวียดนาม", "7.2.1", "ฟูกูโอกะ"} <= set(found["ins"])


def test_console_errors_would_be_caught(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>missingFunction()</script>", encoding="utf-8")
    run = chromium(page, tmp_path, "--dump-dom")
    assert any("missingFunction" in line for line in console_messages(run.stderr))


def test_changed_words_are_highlighted_on_screen(seed_html: str, tmp_path: Path) -> None:
    from PIL import Image

    page = tmp_path / "seed.html"
    page.write_text(seed_html, encoding="utf-8")
    shot = tmp_path / "seed.png"
    run = chromium(page, tmp_path, "--window-size=1200,1400", f"--screenshot={shot}")
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    with Image.open(shot) as image:
        colours = dict((rgb, n) for n, rgb in image.convert("RGB").getcolors(1 << 24) or [])
    assert colours.get(INS_RGB, 0) > 1000, "no green highlight of added words"
    assert colours.get(DEL_RGB, 0) > 1000, "no red highlight of removed words"


# --- each change in its place: the pages of both versions -----------------------------------------
OLD_PDF = FIXTURES / "pdf" / "seed_v1.lo-laksaman.pdf"
NEW_PDF = FIXTURES / "pdf" / "seed_v2.chromium-noto.pdf"


@pytest.fixture(scope="module")
def pdf_html() -> str:
    return render_html(diff_files(str(OLD_PDF.relative_to(ROOT)), str(NEW_PDF.relative_to(ROOT))))


def test_every_change_shows_its_place_in_both_pdfs(pdf_html: str) -> None:
    articles = pdf_html.split('<article class="change"')[1:]
    assert len(articles) == 8
    for article in articles:
        old = article.split('<div class="place old">', 1)[1].split('<div class="place new">')[0]
        new = article.split('<div class="place new">', 1)[1]
        for side in (old, new):
            assert '<div class="thumb pg' in side and '<div class="box" style="left:' in side
    assert "old, page 1" in articles[0] and "new, page 1" in articles[0]  # project.name


def test_each_page_image_is_written_once(pdf_html: str) -> None:
    classes = re.findall(r"\.(pg\d+) \{ background-image: url\(data:image/png;base64,", pdf_html)
    assert classes and len(classes) == len(set(classes))
    used = set(re.findall(r'class="thumb (pg\d+)"', pdf_html))
    assert used == set(classes)
    for attr in re.findall(r'(?:src|href)="([^"]*)"', pdf_html):
        assert attr.startswith("#"), attr[:40]
    assert "https://" not in pdf_html and "http://" not in pdf_html


def test_a_change_box_is_where_the_source_says(pdf_html: str) -> None:
    """project.name's box on the new side is its source's bbox, in percent of the page."""
    report = parse_file(NEW_PDF).reports[0]
    span = (report.sources or {})["project.name"].spans[0]
    assert span.bbox is not None
    x0, top, x1, bottom = span.bbox
    w, h = 595.0, 842.0  # A4, as the fixtures are made
    article = pdf_html.split('<article class="change"', 2)[1]
    new = article.split('<div class="place new">', 1)[1]
    style = re.search(r'<div class="box" style="([^"]+)"', new)
    assert style is not None
    values = [float(v) for v in re.findall(r"([\d.]+)%", style[1])]
    assert values == pytest.approx([100 * x0 / w, 100 * top / h, 100 * (x1 - x0) / w,
                                    100 * (bottom - top) / h], abs=0.2)  # fmt: skip


def test_the_pdf_diff_page_loads_in_chromium_without_console_errors(
    pdf_html: str, tmp_path: Path
) -> None:
    page = tmp_path / "pdf.html"
    page.write_text(pdf_html, encoding="utf-8")
    run = chromium(page, tmp_path, "--dump-dom")
    assert run.returncode == 0, run.stderr[-2000:]
    assert console_messages(run.stderr) == []
