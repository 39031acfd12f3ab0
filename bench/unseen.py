"""The unseen exports measured in process (``fixtures/unseen``, see ``make_unseen.py``).

For every fixture of ``fixtures/unseen/TRUTH.json``: whether ``parse`` gives its truth field
for field (strings compared with white space removed, then with white space folded), and how
many changes ``diff`` finds against the text the fixture was made from (target 0). The same
comparison as ``bench/unseen_baseline.py`` (which ran the frozen release, one process a file).

    python bench/unseen.py [--only NAME] [--show N] [--json bench/results/unseen.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from reportparse import ReportParseError, parse_file
from reportparse.diff import diff_files

sys.path.insert(0, str(Path(__file__).resolve().parent))
from unseen_baseline import ROOT, UNSEEN, differing, field_name, truth_of


def reports_of(path: Path) -> list[dict[str, Any]]:
    doc = parse_file(path)
    return [json.loads(r.model_dump_json()) for r in doc.reports]


def diff_count(old: Path, new: Path, reports: int) -> int:
    if reports == 1:
        return sum(len(p.changes) for p in diff_files(str(old), str(new)).pairs)
    return sum(
        len(p.changes)
        for n in range(1, reports + 1)
        for p in diff_files(f"{old}#{n}", f"{new}#{n}").pairs
    )


def variation(entry: dict[str, Any]) -> str:
    kind = entry.get("kind") or entry.get("trick") or entry.get("spacing") or ""
    return f"{entry['class']} {kind}".strip()


def run(only: str | None) -> dict[str, Any]:
    truth = json.loads((UNSEEN / "TRUTH.json").read_text(encoding="utf-8"))
    cache: dict[str, list[dict[str, Any]]] = {}
    rows = []
    for name, entry in sorted(truth.items()):
        if only and only not in name:
            continue
        path = UNSEEN / name
        want = truth_of(entry, cache, reports_of)
        try:
            got = reports_of(path)
        except ReportParseError as e:
            rows.append({"fixture": name, "variation": variation(entry), "error": str(e)})
            continue
        loose, strict = differing(want, got), differing(want, got, strict=True)
        changes = diff_count(ROOT / entry["truth_source_txt"], path, len(want))
        rows.append(
            {"fixture": name, "variation": variation(entry), "differ": loose,
             "differ_ws": strict, "diff": changes}
        )  # fmt: skip
    return {"rows": rows}


def summary(rows: list[dict[str, Any]]) -> list[str]:
    by: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        c = by[r["variation"]]
        c["fixtures"] += 1
        if "error" in r:
            c["error"] += 1
            continue
        c["exact"] += not r["differ"]
        c["exact_ws"] += not r["differ_ws"]
        c["diff0"] += r["diff"] == 0
    out = [
        "| variation | fixtures | exact | exact +ws | diff = 0 | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total: Counter[str] = Counter()
    columns = ("fixtures", "exact", "exact_ws", "diff0", "error")
    for v, c in sorted(by.items()):
        total.update(c)
        out.append("| " + " | ".join([v, *(str(c[k]) for k in columns)]) + " |")
    out.append("| " + " | ".join(["**all**", *(str(total[k]) for k in columns)]) + " |")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only")
    ap.add_argument("--show", type=int, default=3, help="differing fields shown per fixture")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    figures = run(args.only)
    for r in figures["rows"]:
        if "error" in r:
            print(f"ERROR {r['fixture']}: {r['error']}")
        elif r["differ_ws"] or r["diff"]:
            fields = Counter(field_name(p) for p, *_ in r["differ_ws"])
            print(f"{r['fixture']}: diff {r['diff']}, fields {dict(fields)}")
            for p, a, b in r["differ_ws"][: args.show]:
                print(f"    {p}: want {str(a)[-70:]!r} got {str(b)[-70:]!r}")
    print("\n".join(summary(figures["rows"])))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
