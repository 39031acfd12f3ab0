#!/usr/bin/env python3
"""Measure the text-layer repairs on the real government PDFs in ../shared/realworld/.

For each PDF, over its first N pages (default 10): the damage counters (THAI_TEXT.md) of the
raw text of the backend auto chose, and of the repaired text; how many damaged places are left
(each one is reported by `reportparse text --stats` with its context, and in a parse as a
`text_damaged` warning); the dictionary out-of-vocabulary rate after repair against that of
PyMuPDF's raw text of the same pages (PyMuPDF is the reference the issue names; it needs the
`reportparse[mupdf]` extra, the table says so when it is missing).

    python bench/realworld.py [--pages 10] [--dir ../shared/realworld] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from reportparse.extract import extract
from reportparse.textlayer import layer_stats
from reportparse.thai.tokenizer import oov_rate

KINDS = ("pua", "split_sara_am", "orphan_mark", "replacement_char", "cid")


def mupdf_oov(path: Path, pages: int) -> tuple[int, int] | None:
    try:
        import pymupdf
    except ImportError:
        return None
    doc = pymupdf.open(path)
    text = "\n".join(doc[i].get_text() for i in range(min(pages, len(doc))))
    return oov_rate(text)


def measure(path: Path, pages: int) -> dict[str, object]:
    started = time.perf_counter()
    extraction = extract(path, max_pages=None)
    seconds = time.perf_counter() - started
    first = extraction.pages[:pages]
    stats = layer_stats(extraction.__class__(extraction.path, extraction.sha256, len(first), first))
    before = {k: sum(s.damage_before.get(k, 0) for s in stats) for k in KINDS}
    after = {k: sum(s.damage_after.get(k, 0) for s in stats) for k in KINDS}
    oov = (sum(s.oov_after[0] for s in stats), sum(s.oov_after[1] for s in stats))
    ref = mupdf_oov(path, pages)
    return {
        "file": path.name,
        "pages": len(first),
        "backends": sorted({s.backend for s in stats}),
        "before": before,
        "after": after,
        "left_reported": sum(len(s.left) for s in stats),
        "oov_after": oov,
        "oov_mupdf_raw": ref,
        "repairs": dict(sum((Counter(s.repairs) for s in stats), Counter())),
        "seconds_whole_file": round(seconds, 2),
        "page_count": extraction.page_count,
    }


def pct(pair: object) -> str:
    if not pair:
        return "n/a"
    bad, total = pair  # type: ignore[misc]
    return f"{100 * bad / total:.1f}% ({bad}/{total})" if total else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument(
        "--dir", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "realworld"
    )
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--with-mupdf",
        action="store_true",
        help="let auto fall back to PyMuPDF too (default: what a default install does)",
    )
    args = ap.parse_args()
    if not args.with_mupdf:
        sys.modules["reportparse.extract.mupdf"] = None  # type: ignore[assignment]
    rows = [measure(p, args.pages) for p in sorted(args.dir.glob("*.pdf"))]
    print(
        "| file | "
        + " | ".join(f"{k} before → after" for k in KINDS)
        + " | left (all reported) | OOV after | OOV PyMuPDF raw | backends |"
    )
    print("|---" * (len(KINDS) + 5) + "|")
    for r in rows:
        cells = [f"{r['before'][k]} → {r['after'][k]}" for k in KINDS]  # type: ignore[index]
        tail = [
            str(r["left_reported"]),
            pct(r["oov_after"]),
            pct(r["oov_mupdf_raw"]),
            "+".join(r["backends"]),  # type: ignore[arg-type]
        ]
        print(f"| {r['file']} | " + " | ".join(cells + tail) + " |")
    if args.json:
        args.json.write_text(
            json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
