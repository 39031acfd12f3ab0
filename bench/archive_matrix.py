#!/usr/bin/env python3
"""Baseline on archive PDFs: how the released tool parses fixtures/archive, cell by cell.

Parses every ``fixtures/archive/*.pdf`` (and, for reference, each of their source PDFs) with
the **baseline** install (``/work/basevenv``, today's released code, frozen; never the editable
checkout) in one long-lived worker process, scores each document against
``fixtures/reports/<stem>.expected.json`` with ``bench/scoring.py``, and writes
``bench/results/archive_baseline.{md,json}``: per (source producer × pipeline) and per
(font × pipeline) cell the field rate, character error rate of the text fields, silent wrong
fields, error codes and seconds per file; the 10 worst files; and per pipeline a snippet of
``reportparse text`` of one file.

    /work/toolsvenv/bin/python bench/archive_matrix.py [--python /work/basevenv/bin/python]

Any Python ≥ 3.10 runs this script (with rapidfuzz the scoring is faster, same numbers); the
parser runs in the interpreter given by ``--python``. ``--label`` names another tool's run
(``--python .venv/bin/python --label refactor`` writes ``archive_refactor.{md,json}``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import selectors
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from scoring import Score, merge, score  # noqa: E402

ARCHIVE = ROOT / "fixtures" / "archive"
REPORTS = ROOT / "fixtures" / "reports"
RESULTS = HERE / "results"
PIPELINES = ["source", "gs", "ps2pdf", "cairo", "qpdf"]
TIMEOUT = 300.0
#: the file whose text layer is shown for each pipeline (a Chromium export: the worst case)
SNIPPET_SOURCE = "r03_budget_warnings.chromium-garuda"

#: runs in the baseline interpreter: one path a line in, one JSON result a line out
WORKER = r"""
import json, sys, time, traceback
from reportparse import parse_file
from reportparse.errors import ReportParseError
for line in sys.stdin:
    path = line.rstrip("\n")
    t0 = time.perf_counter()
    try:
        doc = parse_file(path).model_dump(mode="json")
        out = {"doc": doc, "code": None, "error": None}
    except ReportParseError as e:
        out = {"doc": None, "code": e.code, "error": e.message}
    except Exception as e:  # a bug: the tool promises none reach the user
        out = {"doc": None, "code": "internal:" + type(e).__name__, "error": str(e)[:300]}
    out["seconds"] = time.perf_counter() - t0
    print(json.dumps(out, ensure_ascii=False), flush=True)
"""


class Worker:
    """A baseline interpreter parsing files one at a time; restarted if it dies or hangs."""

    def __init__(self, python: str) -> None:
        self.python = python
        self.proc: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTPARSE_")}
        return subprocess.Popen(
            [self.python, "-c", WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, encoding="utf-8", cwd=ROOT, env=env,
        )  # fmt: skip

    def parse(self, path: Path) -> dict[str, Any]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = self._start()
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(str(path.relative_to(ROOT)) + "\n")
        self.proc.stdin.flush()
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        line = self.proc.stdout.readline() if sel.select(TIMEOUT) else ""
        sel.close()
        if line:
            return json.loads(line)
        self.close()
        return {"doc": None, "code": "worker_crashed_or_timeout", "error": "", "seconds": None}

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def files() -> list[dict[str, str]]:
    """Every archive PDF and every source PDF, with its cell."""
    manifest = json.loads((ARCHIVE / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for src in manifest["sources"]:
        cell = {"stem": src["stem"], "producer": src["producer"], "font": src["font"]}
        out.append({**cell, "pipeline": "source", "path": f"fixtures/{src['source']}"})
        for pipe in manifest["pipelines"]:
            name = f"{src['stem']}.{src['producer']}-{src['font']}.{pipe}.pdf"
            out.append({**cell, "pipeline": pipe, "path": f"fixtures/archive/{name}"})
    # copies in fonts no outline table knows (fixtures/make_unknown_fonts.py): their own cells
    for pdf in sorted((ARCHIVE / "unknown").glob("*.pdf")):
        stem, rendering, pipe, _ = pdf.name.split(".")
        producer, font = rendering.split("-")
        out.append({
            "stem": stem, "producer": f"{producer} (unknown font)", "font": font,
            "pipeline": pipe, "path": f"fixtures/archive/unknown/{pdf.name}",
        })  # fmt: skip
    return out


def methods(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per way of reading a page (``source.pages[].method``): pages, and the median seconds a
    page of the files read that way alone."""
    pages: Counter[str] = Counter()
    per_page: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        found = r.get("methods") or []
        pages.update(found)
        if found and len(set(found)) == 1:
            per_page[found[0]].append(r["seconds"] / len(found))
    out = {}
    for method, n in sorted(pages.items()):
        times = sorted(per_page.get(method, []))
        median = times[len(times) // 2] if times else None
        out[method] = {"pages": n, "files": len(times), "s_per_page": median}
    return out


def text_snippet(python: str, path: str, lines: int = 3, width: int = 160) -> str:
    """A few lines of ``reportparse text`` of the baseline, after the page header."""
    cli = str(Path(python).with_name("reportparse"))
    p = subprocess.run(
        [cli, "text", path], capture_output=True, text=True, cwd=ROOT, timeout=TIMEOUT
    )
    body = [x for x in p.stdout.splitlines() if x.strip()][1 : 1 + lines]
    return "\n".join(x[:width] for x in body) or f"(exit {p.returncode}: {p.stderr.strip()})"


def summarise(rows: list[dict[str, Any]], scores: list[Score]) -> dict[str, Any]:
    """Field rate, CER, silent count, error codes and seconds of a group of files."""
    m = merge(scores)
    secs = [r["seconds"] for r in rows if r["seconds"] is not None]
    return {
        "files": len(rows), "fields": m.fields, "right": m.right,
        "field_rate": m.field_rate, "cer": m.cer, "silent": len(m.silent),
        "wrong_warned": len(m.wrong) - len(m.silent),
        "silent_strict": sum(r["silent_strict"] for r in rows),
        "errors": dict(Counter(r["code"] for r in rows if r["code"])),
        "seconds_per_file": sum(secs) / len(secs) if secs else None,
    }  # fmt: skip


def group(rows: list[dict[str, Any]], scores: list[Score], key: str) -> dict[str, Any]:
    cells: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        cells[(r[key], r["pipeline"])].append(i)
    return {
        f"{a}|{b}": summarise([rows[i] for i in ix], [scores[i] for i in ix])
        for (a, b), ix in cells.items()
    }


def _cell(c: dict[str, Any]) -> str:
    err = ", ".join(f"{k}×{v}" for k, v in sorted(c["errors"].items())) or "–"
    secs = f"{c['seconds_per_file']:.2f}" if c["seconds_per_file"] is not None else "–"
    return (
        f"{c['files']} | {100 * c['field_rate']:.1f} % | {100 * c['cer']:.2f} % | "
        f"{c['silent']} ({c['silent_strict']}) | {c['wrong_warned']} | {err} | {secs}"
    )


def table(cells: dict[str, Any], key: str, order: list[str]) -> list[str]:
    head = (
        f"| {key} | pipeline | files | field rate | CER | silent wrong (strict) | warned wrong "
        "| errors | s/file |"
    )
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---|---:|"]
    for a in order:
        for b in PIPELINES:
            if f"{a}|{b}" in cells:
                lines.append(f"| {a} | {b} | {_cell(cells[f'{a}|{b}'])} |")
    return lines


def pivot(cells: dict[str, Any], order: list[str], metric: str) -> list[str]:
    lines = ["| | " + " | ".join(PIPELINES) + " |", "|---|" + "---:|" * len(PIPELINES)]
    for a in order:
        vals = []
        for b in PIPELINES:
            c = cells.get(f"{a}|{b}")
            if c is None:
                vals.append("")
            elif metric == "field_rate":
                vals.append(f"{100 * c['field_rate']:.1f}")
            elif metric == "cer":
                vals.append(f"{100 * c['cer']:.2f}")
            else:
                vals.append(str(c["silent"]))
        lines.append(f"| {a} | " + " | ".join(vals) + " |")
    return lines


def report_md(result: dict[str, Any]) -> str:
    producers = list(dict.fromkeys(r["producer"] for r in result["files"]))
    fonts = list(dict.fromkeys(r["font"] for r in result["files"]))
    by_p, by_f, by_pipe = result["by_producer"], result["by_font"], result["by_pipeline"]
    out = [
        f"# Archive PDFs: {result['label']} ({result['python']})",
        "",
        f"{result['n_archive']} archive PDFs of `fixtures/archive/` and their "
        f"{result['n_sources']} sources, parsed by `{result['python']}` "
        f"(reportparse {result['tool_version']}), scored by `bench/scoring.py` against "
        "`fixtures/reports/<stem>.expected.json`. Field rate: structured fields right; CER: "
        "text fields (rationale, goal, objectives, round texts), white space removed; silent: "
        "wrong fields with no warning on them and no page-level warning on their page "
        '(strict: a warning with path "" counts as page-level only for the codes text_unusable, '
        "text_damaged, ocr_low_confidence); "
        "warned: wrong fields that carry one (a failed parse: every field, warned). "
        f"Seconds: parse only, one warm process; {result['machine']}.",
        "",
        "## Per pipeline (all sources)",
        "",
        *table(by_pipe, "all", ["all"]),
        "",
        "## Field rate (%), source producer × pipeline",
        "",
        *pivot(by_p, producers, "field_rate"),
        "",
        "## CER (%), source producer × pipeline",
        "",
        *pivot(by_p, producers, "cer"),
        "",
        "## Silent wrong fields, source producer × pipeline",
        "",
        *pivot(by_p, producers, "silent"),
        "",
        "## Source producer × pipeline",
        "",
        *table(by_p, "producer", producers),
        "",
        "## Font × pipeline",
        "",
        *table(by_f, "font", fonts),
        "",
        "## Field rate (%), font × pipeline",
        "",
        *pivot(by_f, fonts, "field_rate"),
        "",
        "## The 10 worst files",
        "",
        "| file | error | field rate | CER | silent | first silent fields (got → want) |",
        "|---|---|---:|---:|---:|---|",
    ]
    for r in result["worst"]:
        ex = "; ".join(f"`{p}`: {g!r} → {w!r}" for p, g, w in r["silent"][:3])
        ex = ex.replace("|", "\\|")[:300]
        out.append(
            f"| `{Path(r['path']).name}` | {r['code'] or '–'} | {100 * r['field_rate']:.1f} % "
            f"| {100 * r['cer']:.1f} % | {len(r['silent'])} | {ex} |"
        )
    out += [
        "",
        "## The 10 worst files that parsed (no error)",
        "",
        "| file | field rate | CER | silent | warnings | first silent fields (got → want) |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in result["worst_parsed"]:
        ex = "; ".join(f"`{p}`: {g!r} → {w!r}" for p, g, w in r["silent"][:3])
        ex = ex.replace("|", "\\|")[:300]
        warns = ", ".join(f"{k}×{v}" for k, v in sorted(r["warnings"].items()))
        out.append(
            f"| `{Path(r['path']).name}` | {100 * r['field_rate']:.1f} % | {100 * r['cer']:.1f} % "
            f"| {len(r['silent'])} | {warns} | {ex} |"
        )
    out += [
        "",
        "## Cost per way of reading a page",
        "",
        "Pages read each way (`source.pages[].method`), and the median seconds a page of the "
        "files read that way alone (parse only; OCR and OCR votes include rendering at 300 dpi).",
        "",
        "| method | pages | files read only so | s / page |",
        "|---|---:|---:|---:|",
    ]
    for method, m in result.get("methods", {}).items():
        cost = "–" if m["s_per_page"] is None else f"{m['s_per_page']:.3f}"
        out.append(f"| {method} | {m['pages']} | {m['files']} | {cost} |")
    out += ["", f"## Text layer per pipeline (`reportparse text`, `{SNIPPET_SOURCE}`)", ""]
    for pipe, snip in result["snippets"].items():
        out += [f"**{pipe}**", "", "```", snip, "```", ""]
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--python", default="/work/basevenv/bin/python", help="the tool's interpreter")
    ap.add_argument("--label", default="baseline", help="names the results files")
    args = ap.parse_args()
    todo = files()
    worker = Worker(args.python)
    worker.parse(ROOT / todo[0]["path"])  # warm-up: the dictionary and PDFium load once
    rows: list[dict[str, Any]] = []
    scores: list[Score] = []
    truths: dict[str, dict[str, Any]] = {}
    try:
        for i, f in enumerate(todo):
            res = worker.parse(ROOT / f["path"])
            truth = truths.setdefault(
                f["stem"],
                json.loads((REPORTS / f"{f['stem']}.expected.json").read_text(encoding="utf-8")),
            )
            s = score(res["doc"], truth)
            strict = score(res["doc"], truth, blank_is_page=False)
            doc = res["doc"] or {}
            rows.append({
                **f, "code": res["code"], "error": res["error"], "seconds": res["seconds"],
                "fields": s.fields, "right": s.right, "field_rate": s.field_rate,
                "cer": s.cer, "text_chars": s.text_chars, "text_errors": s.text_errors,
                "silent": s.silent, "silent_strict": len(strict.silent), "wrong": s.wrong,
                "warnings": dict(Counter(w["code"] for r in doc.get("reports", [])
                                         for w in r.get("warnings", []))),
                "backend": (doc.get("source") or {}).get("backend"),
                "methods": [p["method"] for p in (doc.get("source") or {}).get("pages", [])],
                "damage": (doc.get("source") or {}).get("damage"),
            })  # fmt: skip
            scores.append(s)
            print(
                f"[{i + 1}/{len(todo)}] {f['path']}: {res['code'] or 'ok'} "
                f"{100 * s.field_rate:.1f} % fields, CER {100 * s.cer:.2f} %, "
                f"{len(s.silent)} silent",
                file=sys.stderr,
            )
    finally:
        worker.close()
    archive = [i for i, r in enumerate(rows) if r["pipeline"] != "source"]

    def badness(i: int) -> tuple[float, float]:
        return (rows[i]["field_rate"], -rows[i]["cer"])

    worst = sorted(archive, key=badness)[:10]
    worst_parsed = sorted((i for i in archive if not rows[i]["code"]), key=badness)[:10]
    snippets = {}
    for pipe in PIPELINES:
        f = next(r for r in rows if r["pipeline"] == pipe
                 and f"{r['stem']}.{r['producer']}-{r['font']}" == SNIPPET_SOURCE)  # fmt: skip
        snippets[pipe] = text_snippet(args.python, f["path"])
    version = subprocess.run(
        [args.python, "-c", "import importlib.metadata as m; print(m.version('reportparse'))"],
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    result = {
        "label": args.label, "python": args.python, "tool_version": version,
        "machine": f"{os.cpu_count()} CPUs, {platform.platform()}, load {os.getloadavg()[0]:.2f}",
        "n_archive": len(archive), "n_sources": len(rows) - len(archive),
        "by_pipeline": group([{**r, "all": "all"} for r in rows], scores, "all"),
        "by_producer": group(rows, scores, "producer"),
        "by_font": group(rows, scores, "font"),
        "worst": [rows[i] for i in worst], "worst_parsed": [rows[i] for i in worst_parsed],
        "snippets": snippets, "files": rows, "methods": methods(rows),
        "run": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"archive_{args.label}"
    stem.with_suffix(".json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    stem.with_suffix(".md").write_text(report_md(result), encoding="utf-8")
    print(f"wrote {stem.with_suffix('.md').relative_to(ROOT)} and .json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
