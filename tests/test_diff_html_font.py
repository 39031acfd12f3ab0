"""The diff's HTML page shows Thai on a machine without any Thai font: it embeds its own.

Rendered by Debian's Chromium (headless, through Playwright) with a fontconfig whose only font
is a Latin one. Thai drawn by a font without Thai glyphs is tofu: each character a box of the
same width, a tone mark a box of its own. So the page passes when every Thai character is drawn
by the embedded font (Chromium's own record of the fonts each node used, over DevTools) and a
tone mark takes no width; the same page without its ``@font-face`` rules (what the page was
before) is rendered too, and must fail both checks, so the test can fail.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reportparse.diff import diff_files, render_html
from reportparse.diff.html import EMBEDDED_FONT

from .conftest import FIXTURES, ROOT, require_optional

SEED = FIXTURES / "text" / "seed_both_versions.txt"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]  # fmt: skip
THAI = re.compile("[\u0e00-\u0e7f]")
#: the elements whose Thai text is checked: headings, the summary, the changed words
CHECKED = "h2, td, del, ins, .side > div"


#: the Latin-only font to render with, in order of preference (DejaVu: Chromium's tofu is its
#: .notdef box, as wide as a letter)
LATIN_FONTS = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "NimbusSans-Regular.otf")


def latin_font() -> Path | None:
    """A font file of this machine with Latin letters and no Thai letter (DejaVu Sans has the
    baht sign, and only that)."""
    from fontTools.ttLib import TTFont

    found = [p for p in Path("/usr/share/fonts").rglob("*") if p.suffix.lower() in (".ttf", ".otf")]
    rank = {name: i for i, name in enumerate(LATIN_FONTS)}
    for path in sorted(found, key=lambda p: (rank.get(p.name, len(rank)), p.name)):
        cmap = TTFont(path, lazy=True).getBestCmap() or {}
        if ord("A") in cmap and not any(0x0E01 <= c <= 0x0E2E for c in cmap):  # Thai letters
            return path
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium seeing one Latin font and no Thai font at all."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    font = latin_font()
    missing = (
        "" if CHROMIUM.exists() else f"Chromium is not at {CHROMIUM} (apt-get install chromium)"
    )
    missing = missing or ("" if sync_playwright else "pip install playwright (the test extra)")
    require_optional(missing or ("" if font else "no Latin-only font in /usr/share/fonts"))
    assert sync_playwright is not None and font is not None
    home = tmp_path_factory.mktemp("no-thai-fonts")
    (home / "fonts").mkdir()
    (home / "fonts" / font.name).write_bytes(font.read_bytes())
    config = home / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{home / 'fonts'}</dir>\n  <cachedir>{home / 'cache'}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "HOME": str(home)}
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, env=env)
        yield chromium
        chromium.close()


def drawn_by(page: Any) -> list[tuple[str, int, int]]:
    """For each checked element with Thai text: its text, the glyphs the embedded font drew
    and the glyphs the system's fonts drew (Chromium's ``CSS.getPlatformFontsForNode``)."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    cdp.send("CSS.enable")
    found = []
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": CHECKED})["nodeIds"]:
        html = cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"]
        text = re.sub(r"<[^>]+>", "", html)
        if not THAI.search(text):
            continue
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        embedded = sum(f["glyphCount"] for f in fonts if f["isCustomFont"])
        system = sum(f["glyphCount"] for f in fonts if not f["isCustomFont"])
        found.append((text, embedded, system))
    return found


def widths(page: Any, *texts: str) -> list[float]:
    """The rendered widths of ``texts`` in the page's body font."""
    script = """texts => texts.map(t => {
        const s = document.createElement('span'); s.textContent = t;
        document.body.appendChild(s); const w = s.getBoundingClientRect().width;
        s.remove(); return w; })"""
    return list(page.evaluate(script, list(texts)))


def render(browser: Any, html: str, path: Path) -> Any:
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    page.evaluate("document.fonts.ready")
    return page


def no_tofu(page: Any) -> list[str]:
    """What shows tofu on ``page``: Thai drawn by a system font, or a tone mark that takes
    room of its own; empty when the page reads."""
    problems = []
    for text, embedded, system in drawn_by(page):
        thai = len(THAI.findall(text))
        if not embedded or system > len(text) - thai:
            problems.append(f"{text[:40]!r}: {embedded} glyphs embedded, {system} system")
    plain, marked = widths(page, "กกก", "กก่ก")
    if abs(plain - marked) > 0.5:
        problems.append(f"the tone mark takes {marked - plain:.1f} px of its own")
    return problems


@pytest.fixture(scope="module")
def seed_html() -> str:
    return render_html(diff_files(str(SEED.relative_to(ROOT))))


def test_the_page_reads_in_thai_without_any_thai_font(
    browser: Any, seed_html: str, tmp_path: Path
) -> None:
    page = render(browser, seed_html, tmp_path / "seed.html")
    assert len(drawn_by(page)) >= 10  # the heading, the summary and the changed words
    assert no_tofu(page) == []
    loaded = page.evaluate("[...document.fonts].map(f => [f.family, f.weight, f.status])")
    assert [EMBEDDED_FONT, "400", "loaded"] in loaded
    assert [EMBEDDED_FONT, "700", "loaded"] in loaded  # the bold heading


def test_without_the_embedded_font_the_same_page_shows_tofu(
    browser: Any, seed_html: str, tmp_path: Path
) -> None:
    bare = re.sub(r"@font-face \{[^}]*\}\n?", "", seed_html)  # the page as it was
    assert "@font-face" not in bare
    problems = no_tofu(render(browser, bare, tmp_path / "bare.html"))
    assert len(problems) >= 10
    assert problems[-1].startswith("the tone mark takes")


def test_the_embedded_font_is_small_and_licensed(seed_html: str) -> None:
    fonts = ROOT / "src" / "reportparse" / "data" / "fonts"
    assert "SIL Open Font License" in (fonts / "OFL.txt").read_text(encoding="utf-8")
    assert all(p.stat().st_size < 16_000 for p in fonts.glob("*.woff"))
    assert seed_html.count("url(data:font/woff;base64,") == 2
    bare = re.sub(r"@font-face \{[^}]*\}\n?", "", seed_html)
    assert len(seed_html) - len(bare) < 30_000  # what the font adds to every page
