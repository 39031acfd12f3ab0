#!/usr/bin/env python3
"""Make docs/diff-seed.png: the top of the HTML page ``reportparse diff`` writes for the seed.

Needs Debian's ``chromium``. Run from the repository root after changing the page's look:

    .venv/bin/python docs/make_diff_screenshot.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from reportparse.diff import diff_files
from reportparse.diff.html import render_html

ROOT = Path(__file__).resolve().parent.parent
SEED = "fixtures/text/seed_both_versions.txt"
OUT = ROOT / "docs" / "diff-seed.png"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1200,1500",
]  # fmt: skip


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "diff.html"
        page.write_text(render_html(diff_files(SEED)), encoding="utf-8")
        command = [
            "chromium",
            *FLAGS,
            f"--user-data-dir={tmp}/profile",
            f"--screenshot={OUT}",
            page.as_uri(),
        ]
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    print(OUT.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
