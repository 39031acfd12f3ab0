#!/usr/bin/env python3
"""OCR end to end: every scan fixture parsed and scored against its report's truth.

For each file of ``fixtures/scans`` (``make_scans.py``): ``parse_file`` with OCR on (the default,
``--ocr auto``), scored by ``bench/scoring.py`` against ``fixtures/reports/<stem>.expected.json``
(the merged file holds that report twice): structured fields right, the wrong ones that carry
no warning (silent), text CER with white space removed; and the seconds per OCR'd page (wall,
one process, ``OMP_THREAD_LIMIT=1``; and its CPU time, which a machine shared with other work
does not inflate) and the process's peak RSS. Per class: scan300, scan200,
the worst of the archive (worst-*, merged), and each ocrmypdf copy (its OCR layer recognised,
the page read again).

    python bench/ocr_fields.py [--only SUBSTRING] [--show] [--json bench/results/ocr_fields.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from reportparse import ReportParseError, parse_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scoring import Score, iter_wrong, merge, score

ROOT = Path(__file__).resolve().parent.parent
SCANS = ROOT / "fixtures" / "scans"


def kind(pdf: Path) -> str:
    """The class of a scan fixture: scan300, scan200, scan300.ocrmypdf, worst-skew, merged, …"""
    parts = pdf.name.split(".")[2:-1]
    return ".".join(parts)


def cls(pdf: Path) -> str:
    k = kind(pdf)
    if k.startswith("worst") or k == "merged":
        return "worst"
    return k


def truth(pdf: Path) -> dict[str, Any]:
    stem = pdf.name.split(".")[0]
    one = json.loads((ROOT / "fixtures" / "reports" / f"{stem}.expected.json").read_text())
    if kind(pdf) == "merged":
        return {"reports": one["reports"] * 2}
    return one


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="")
    ap.add_argument("--show", action="store_true", help="print every wrong field")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows, by_class = [], defaultdict(list)
    for pdf in sorted(SCANS.glob("*.pdf")):
        if args.only not in pdf.name:
            continue
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            doc: dict[str, Any] | None = json.loads(parse_file(pdf).model_dump_json())
        except ReportParseError as exc:
            doc = None
            print(f"{pdf.name}: {exc.message}", file=sys.stderr)
        seconds = time.perf_counter() - t0
        cpu = time.process_time() - c0
        s = score(doc, truth(pdf))
        pages = [p for p in (doc or {}).get("source", {}).get("pages", []) if p["read"] == "ocr"]
        rows.append(
            {
                "file": pdf.name,
                "class": cls(pdf),
                "fields": s.fields,
                "right": s.right,
                "silent": len(s.silent),
                "cer": round(s.cer, 4),
                "ocr_pages": len(pages),
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "warnings": sum(len(r.get("warnings", [])) for r in (doc or {}).get("reports", [])),
            }
        )
        by_class[cls(pdf)].append(s)
        r = rows[-1]
        print(
            f"{pdf.name}: fields {r['right']}/{r['fields']}, silent {r['silent']}, "
            f"CER {r['cer']:.2%}, {r['ocr_pages']} OCR pages, {seconds:.1f} s"
        )
        if args.show:
            for line in iter_wrong(s):
                print("   ", line)
    print("\n| class | files | fields right | silent | text CER |\n|---|---:|---:|---:|---:|")
    total: list[Score] = []
    for name, scores in sorted(by_class.items()):
        m = merge(scores)
        total += scores
        print(
            f"| {name} | {len(scores)} | {m.right}/{m.fields} ({m.field_rate:.1%}) "
            f"| {len(m.silent)} ({len(m.silent) / max(m.fields, 1):.2%}) | {m.cer:.2%} |"
        )
    m = merge(total)
    print(
        f"| **all** | {len(total)} | {m.right}/{m.fields} ({m.field_rate:.1%}) "
        f"| {len(m.silent)} ({len(m.silent) / max(m.fields, 1):.2%}) | {m.cer:.2%} |"
    )
    ocr_pages = sum(r["ocr_pages"] for r in rows)
    seconds = sum(r["seconds"] for r in rows)
    cpu = sum(r["cpu_seconds"] for r in rows)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    per_page, cpu_page = seconds / max(ocr_pages, 1), cpu / max(ocr_pages, 1)
    print(
        f"\n{ocr_pages} OCR pages, {per_page:.2f} s a page wall, {cpu_page:.2f} s CPU (one "
        f"process, one thread); peak RSS {rss:.0f} MiB"
    )
    if args.json:
        args.json.write_text(json.dumps({"rows": rows}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
