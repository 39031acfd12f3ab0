#!/usr/bin/env python3
"""Acceptance 1 of issue 15, measured: on every PDF fixture with a golden, does the text inside
each source's boxes hold the value's raw text?

Reads each golden's ``sources`` (``tests/test_golden.py`` holds the parse to it) and the PDF
beside it, and counts, per fixture folder, the sources whose boxes show their raw text by
PDFium's own text in the rectangle, and by the glyphs of the backend that read the page
(``tests/boxes.py`` says how; the second reading is needed where PDFium's own text is not the
page's: Chromium's ActualText copies, archive copies whose font maps only the outlines tell).
Also counts every non-null value and round without a source. Writes
bench/results/source_boxes.md.

    python bench/source_boxes.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.boxes import boxed_sources, shown_text  # noqa: E402
from tests.test_sources import value_paths  # noqa: E402


def main() -> int:
    fixtures = sorted(
        p for p in (ROOT / "fixtures").rglob("*.pdf") if p.with_suffix(".expected.json").exists()
    )
    counts: dict[str, Counter[str]] = {}
    for pdf in fixtures:
        doc = json.loads(pdf.with_suffix(".expected.json").read_text(encoding="utf-8"))
        folder = str(pdf.parent.relative_to(ROOT / "fixtures"))
        count = counts.setdefault(folder, Counter())
        count["files"] += 1
        for report in doc["reports"]:
            wanted = list(value_paths(report))
            count["values"] += len(wanted)
            count["without source"] += sum(p not in report["sources"] for p in wanted)
        shown = shown_text(pdf, doc)
        for _, text, spans in boxed_sources(doc):
            count["sources"] += 1
            count[shown.verdict(text, spans)] += 1
    total: Counter[str] = sum(counts.values(), Counter())
    lines = [
        "# Acceptance 1 of issue 15: the text inside each source's boxes",
        "",
        "Every PDF fixture with a golden (`python bench/source_boxes.py`). *bounded*: PDFium's "
        "own text in the box (`get_text_bounded`, 1.5 pt of slack) holds the raw text, white "
        "space aside, after the parser's text-layer repairs; *glyphs*: it does not, but the "
        "glyphs of the page's backend whose baseline and middle lie in the box do.",
        "",
        "| fixtures | files | values and rounds | without source | sources with boxes | "
        "bounded | + glyphs | missed | share |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for folder, c in [*sorted(counts.items()), ("all", total)]:
        ok = c["bounded"] + c["glyphs"]
        lines.append(
            f"| {folder} | {c['files']} | {c['values']} | {c['without source']} | "
            f"{c['sources']} | {c['bounded']} ({100 * c['bounded'] / c['sources']:.1f} %) | "
            f"{c['glyphs']} | {c['missed']} | {100 * ok / c['sources']:.2f} % |"
        )
    print("\n".join(lines))
    (ROOT / "bench" / "results" / "source_boxes.md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
