#!/usr/bin/env python3
"""Make docs/review-seed.png: the review page of the seed's second version, a warned value
clicked (round 3's percentage, lower than round 2's).

Needs Playwright (the test extra) and Debian's ``chromium``. Run from the repository root after
changing the page's look:

    .venv/bin/python docs/make_review_screenshot.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from reportparse.review import review_file

ROOT = Path(__file__).resolve().parent.parent
PDF = "fixtures/pdf/seed_v2.lo-laksaman.pdf"
FIELD = "1:progress[round=3].percent"
OUT = ROOT / "docs" / "review-seed.png"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--hide-scrollbars",
]  # fmt: skip


def main() -> int:
    html = review_file(ROOT / PDF)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 820})
        page.set_content(html, wait_until="load")
        page.wait_for_selector("body[data-ready='1']")
        page.click(f'tr.field[data-key="{FIELD}"]')
        page.locator(f'tr.field[data-key="{FIELD}"]').scroll_into_view_if_needed()
        page.screenshot(path=str(OUT))
        browser.close()
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
