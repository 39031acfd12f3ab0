"""The diff's HTML page: self-contained, escaped, and in headless Chromium loaded without console
errors with the changed words highlighted. The Chromium tests skip where it is not installed
(and fail in CI, which installs it)."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reportparse import parse_text
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
