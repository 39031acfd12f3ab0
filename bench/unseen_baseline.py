#!/usr/bin/env python3
"""Baseline measurement on the unseen exports (``fixtures/unseen``, see ``make_unseen.py``).

For every fixture of ``fixtures/unseen/TRUTH.json``: the exit code of ``reportparse parse``, the
fields whose values differ from the truth (``reports`` compared after removing all white space
from strings; ``warnings``, ``pages``, ``field_pages``, ``sources`` ignored), the same with white
space only folded (so a lost space counts), and the change count of
``reportparse diff TRUTH_SOURCE_TXT FIXTURE`` (0 is the target). Then what PDFium reports for
the invisible glyphs and for the word gaps of the glyph-by-glyph PDFs.

    /work/basevenv/bin/python bench/unseen_baseline.py    # → bench/results/unseen_baseline.md
    /work/basevenv/bin/python bench/unseen_baseline.py --reportparse .venv/bin/reportparse

Runs the command given (default: the frozen release's), one file at a time.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = ROOT / "fixtures" / "unseen"
RESULTS = ROOT / "bench" / "results"
DEFAULT_CMD = "/work/basevenv/bin/reportparse"
WS = re.compile(r"\s+")


# --- comparing reports ----------------------------------------------------------------------
def flatten(report: dict[str, Any]) -> dict[str, Any]:
    """Path → value of every compared field, in ``diff``'s path syntax."""
    out: dict[str, Any] = {}
    for k, v in (report.get("project") or {}).items():
        out[f"project.{k}"] = v
    agency = report.get("agency") or {}
    units = agency.get("units") or []
    out["agency.units#"] = len(units)
    for i, u in enumerate(units):
        out[f"agency.units[{i}]"] = u
    out["agency.responsible"] = agency.get("responsible")
    out["agency.coordinator"] = agency.get("coordinator")
    out["rationale"] = report.get("rationale")
    objectives = report.get("objectives") or []
    out["objectives#"] = len(objectives)
    for i, o in enumerate(objectives):
        out[f"objectives[{i}]"] = o
    out["goal"] = report.get("goal")
    for k, v in (report.get("strategy") or {}).items():
        if v is None:
            out[f"strategy.{k}"] = None
        else:
            out[f"strategy.{k}.no"] = v.get("no")
            out[f"strategy.{k}.title"] = v.get("title")
    seen: Counter[int] = Counter()
    for r in report.get("progress") or []:
        n = r.get("round")
        seen[n] += 1
        key = f"progress[round={n}]" + (f"#{seen[n]}" if seen[n] > 1 else "")
        for k, v in r.items():
            if k != "round":
                out[f"{key}.{k}"] = v
    return out


def squash(value: Any, strict: bool) -> Any:
    if isinstance(value, str):
        return WS.sub(" ", value).strip() if strict else WS.sub("", value)
    return value


def differing(
    truth: list[dict], got: list[dict], strict: bool = False
) -> list[tuple[str, Any, Any]]:
    """(path, truth value, got value) of every field that differs; reports paired in order."""
    out: list[tuple[str, Any, Any]] = []
    if len(truth) != len(got):
        out.append(("reports#", len(truth), len(got)))
    for n, (a, b) in enumerate(zip(truth, got, strict=False)):
        prefix = f"#{n + 1}:" if len(truth) > 1 else ""
        fa, fb = flatten(a), flatten(b)
        for path in sorted(set(fa) | set(fb), key=_path_order):
            va, vb = squash(fa.get(path), strict), squash(fb.get(path), strict)
            if va != vb:
                out.append((prefix + path, fa.get(path), fb.get(path)))
    return out


def _path_order(path: str) -> tuple[int, str]:
    order = ("project", "agency", "rationale", "objectives", "goal", "strategy", "progress")
    head = path.split(".")[0].split("[")[0].rstrip("#")
    return (order.index(head) if head in order else 99, path)


def field_name(path: str) -> str:
    """A path without its indices: the field, for counting.

    ``progress[round=4].date`` → ``progress.date``.
    """
    path = path.split(":", 1)[-1]
    return re.sub(r"\[[^\]]*\]|#\d*", "", path)


# --- running the baseline -------------------------------------------------------------------
def run_parse(cmd: str, path: Path) -> tuple[int, list[dict] | None, str]:
    p = subprocess.run([cmd, "parse", str(path), "--compact"], capture_output=True, text=True)
    if p.returncode != 0:
        return p.returncode, None, p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""
    return 0, json.loads(p.stdout)["reports"], ""


def run_diff(cmd: str, old: Path, new: Path, reports: int = 1) -> int | str:
    """Changes ``diff`` finds; a file of several reports (one project code) report by report."""
    total = 0
    for n in range(1, reports + 1):
        sides = [str(old), str(new)] if reports == 1 else [f"{old}#{n}", f"{new}#{n}"]
        p = subprocess.run([cmd, "diff", *sides, "--json"], capture_output=True, text=True)
        if p.returncode not in (0, 1):
            return "error: " + (p.stderr.strip().splitlines() or ["?"])[-1][:120]
        total += len(json.loads(p.stdout)["changes"])
    return total


def truth_of(
    entry: dict[str, Any], cache: dict[str, list[dict]], read: Callable[[Path], list[dict]]
) -> list[dict]:
    """The truth of a fixture: an expected JSON's reports, or ``read``'s reading of a truth
    text (which ``check_truth_texts`` holds to the expected JSON of the report it came from)."""
    key = entry["truth"]
    if key not in cache:
        path = ROOT / key
        if entry["truth_kind"] == "expected_json":
            cache[key] = json.loads(path.read_text(encoding="utf-8"))["reports"]
        else:
            cache[key] = read(path)
    return cache[key]


def truth_reports(cmd: str, entry: dict[str, Any], cache: dict[str, list[dict]]) -> list[dict]:
    """``truth_of``, truth texts read by the command ``cmd``."""

    def read(path: Path) -> list[dict]:
        code, reports, err = run_parse(cmd, path)
        if code != 0 or reports is None:
            raise SystemExit(f"truth text {entry['truth']} does not parse: {err}")
        return reports

    return truth_of(entry, cache, read)


# --- PDFium's view of the invisible glyphs and of the word gaps ------------------------------
def invisible_glyphs(path: Path) -> list[dict[str, Any]]:
    """The text objects of page 1 that draw the stray cluster (text starting with ก drawn in
    the bottom fifth of the page, below it, or with a clip): what PDFium says of them."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    pdf = pdfium.PdfDocument(str(path))
    page = pdf[0]
    tp = page.get_textpage()
    _width, height = page.get_size()
    crop = [round(v, 2) for v in page.get_cropbox()]
    chars = {}
    for i in range(c.FPDFText_CountChars(tp.raw)):
        obj = c.FPDFText_GetTextObject(tp.raw, i)
        if obj:
            chars.setdefault(ctypes.cast(obj, ctypes.c_void_p).value, []).append(i)
    found = []
    for k in range(c.FPDFPage_CountObjects(page.raw)):
        obj = c.FPDFPage_GetObject(page.raw, k)
        if c.FPDFPageObj_GetType(obj) != c.FPDF_PAGEOBJ_TEXT:
            continue
        n = c.FPDFTextObj_GetText(obj, tp.raw, None, 0)  # bytes, with the UTF-16 NUL
        buf = ctypes.create_string_buffer(n)
        c.FPDFTextObj_GetText(obj, tp.raw, ctypes.cast(buf, ctypes.POINTER(c.FPDF_WCHAR)), n)
        text = buf.raw[: max(0, n - 2)].decode("utf-16-le", errors="replace")
        left, b, r, t = (ctypes.c_float() for _ in range(4))
        c.FPDFPageObj_GetBounds(obj, left, b, r, t)
        if not text.startswith("กี่") or not t.value < height * 0.2:
            continue
        size = ctypes.c_float()
        c.FPDFTextObj_GetFontSize(obj, size)
        m = c.FS_MATRIX()
        c.FPDFPageObj_GetMatrix(obj, m)
        rgba = [ctypes.c_uint() for _ in range(4)]
        c.FPDFPageObj_GetFillColor(obj, *rgba)
        idx = chars.get(ctypes.cast(obj, ctypes.c_void_p).value, [])
        boxes = []
        sizes = []
        for i in idx:
            cl, cr, cb, ct = (ctypes.c_double() for _ in range(4))
            c.FPDFText_GetCharBox(tp.raw, i, cl, cr, cb, ct)
            boxes.append([round(v.value, 2) for v in (cl, cb, cr, ct)])
            sizes.append(round(c.FPDFText_GetFontSize(tp.raw, i), 3))
        found.append({
            "text": text,
            "object_font_size": round(size.value, 3),
            "matrix_scale": round((m.a**2 + m.b**2) ** 0.5, 4),
            "char_font_size": sizes,
            "bounds": [round(v.value, 2) for v in (left, b, r, t)],
            "char_boxes": boxes,
            "render_mode": int(c.FPDFTextObj_GetTextRenderMode(obj)),
            "fill_rgba": [v.value for v in rgba],
            "crop_box": crop,
            "outside_crop_box": t.value <= crop[1] or b.value >= crop[3],
        })  # fmt: skip
    pdf.close()
    return found


_MARKS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a") | {
    chr(x) for x in range(0x0E47, 0x0E4F)
}


def word_gaps(path: Path) -> list[float]:
    """Gaps between consecutive spacing glyphs on one baseline, in font sizes, that are wider
    than 0.05 (word gaps; glyphs inside a word touch), from PDFium's loose boxes."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    pdf = pdfium.PdfDocument(str(path))
    gaps: list[float] = []
    for page in pdf:
        tp = page.get_textpage()
        prev = None  # (right, baseline)
        box = c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        for i in range(c.FPDFText_CountChars(tp.raw)):
            if c.FPDFText_IsGenerated(tp.raw, i):
                continue
            ch = chr(c.FPDFText_GetUnicode(tp.raw, i))
            if ch in _MARKS or not ch.strip():
                continue
            c.FPDFText_GetLooseCharBox(tp.raw, i, box)
            c.FPDFText_GetCharOrigin(tp.raw, i, ox, oy)
            size = c.FPDFText_GetFontSize(tp.raw, i) or 1.0
            if prev and abs(prev[1] - oy.value) < 0.3 * size and box.left >= prev[0]:
                gap = (box.left - prev[0]) / size
                if gap > 0.05:
                    gaps.append(gap)
            prev = (box.right, oy.value)
    pdf.close()
    return gaps


# --- the report -------------------------------------------------------------------------------
CLASS_TITLES = {
    "headings": "1. Headings reworded",
    "invisible": "2. Invisible text",
    "spaces": "3. Spaces lost in glyph-by-glyph PDFs",
    "spellings": "4. Visually identical spellings",
}


def short(value: Any, n: int = 70) -> str:
    s = json.dumps(value, ensure_ascii=False)
    return s if len(s) <= n else s[: n - 1] + "…"


def around(a: Any, b: Any, n: int = 28) -> tuple[str, str]:
    """Two values shown where they first differ, white space aside (strings: that place and
    what is around it, in each)."""
    if not (isinstance(a, str) and isinstance(b, str)):
        return short(a), short(b)
    ca, cb = context(a, b, n)
    return json.dumps(ca, ensure_ascii=False), json.dumps(cb, ensure_ascii=False)


def context(a: str, b: str, n: int) -> tuple[str, str]:
    """Each string cut to ``n`` characters either side of where they first differ."""
    i = j = 0
    while True:
        while i < len(a) and a[i].isspace():
            i += 1
        while j < len(b) and b[j].isspace():
            j += 1
        if i >= len(a) or j >= len(b) or a[i] != b[j]:
            break
        i, j = i + 1, j + 1
    if i >= len(a) and j >= len(b):  # only white space differs: show the first place of it
        i = j = next(
            (k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
        )

    def cut(s: str, k: int) -> str:
        lo = max(0, k - n)
        return ("…" if lo else "") + s[lo : k + n] + ("…" if len(s) > k + n else "")

    return cut(a, i), cut(b, j)


def ranked(counts: Counter[str], n: int | None = None) -> list[tuple[str, int]]:
    """Most frequent first, ties by name: the same order on every run."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--reportparse", default=DEFAULT_CMD, help="the reportparse command to measure")
    ap.add_argument("--only", help="only fixtures whose name contains this")
    ap.add_argument("-o", "--out", default=str(RESULTS / "unseen_baseline.md"))
    ap.add_argument(
        "--rerender", action="store_true",
        help="write the Markdown again from the .json of the last run (no parsing)",
    )  # fmt: skip
    args = ap.parse_args()
    cache_file = Path(args.out).with_suffix(".json")
    if args.rerender:
        saved = json.loads(cache_file.read_text(encoding="utf-8"))
        text = render(saved["rows"], saved["checks"], saved["extra"], saved["command"])
        Path(args.out).write_text(text, encoding="utf-8")
        return 0
    truth = json.loads((UNSEEN / "TRUTH.json").read_text(encoding="utf-8"))
    cache: dict[str, list[dict]] = {}
    rows: list[dict[str, Any]] = []
    for name, entry in truth.items():
        if args.only and args.only not in name:
            continue
        path = UNSEEN / name
        want = truth_reports(args.reportparse, entry, cache)
        code, got, err = run_parse(args.reportparse, path)
        diffs = differing(want, got) if got is not None else []
        strict = differing(want, got, strict=True) if got is not None else []
        changes = run_diff(args.reportparse, ROOT / entry["truth_source_txt"], path, len(want))
        rows.append({"name": name, "entry": entry, "code": code, "error": err,
                     "diffs": diffs, "strict": strict, "changes": changes})  # fmt: skip
        print(f"{name}: exit {code}, {len(diffs)} fields, {len(strict)} strict, diff {changes}",
              file=sys.stderr)  # fmt: skip
    checks = check_truth_texts(args.reportparse, truth, cache)
    extra = measure_pdfium(truth)
    Path(args.out).write_text(render(rows, checks, extra, args.reportparse), encoding="utf-8")
    saved = {"command": args.reportparse, "checks": checks, "extra": extra, "rows": rows}
    cache_file.write_text(json.dumps(slim(saved), ensure_ascii=False) + "\n", encoding="utf-8")
    print("wrote", args.out, file=sys.stderr)
    return 0


def check_truth_texts(cmd: str, truth: dict, cache: dict) -> list[str]:
    """Each truth text must read, by the baseline, as the expected JSON of its report (white
    space removed), but for what it changes on purpose (r03's renamed coordinator)."""
    out = []
    for key in sorted({e["truth"] for e in truth.values() if e["truth_kind"] == "truth_text"}):
        stem = Path(key).name.split(".")[0]
        expected = ROOT / "fixtures" / "reports" / f"{stem}.expected.json"
        want = json.loads(expected.read_text(encoding="utf-8"))["reports"]
        got = cache.get(key) or truth_reports(
            cmd, {"truth": key, "truth_kind": "truth_text"}, cache
        )
        d = differing(want, got)
        what = ", ".join(f"{p}: {short(a, 40)} → {short(b, 40)}" for p, a, b in d) or "identical"
        out.append(f"- `{key}` against `{expected.relative_to(ROOT)}`: {what}")
    return out


def measure_pdfium(truth: dict) -> dict[str, Any]:
    inv = {}
    for name, e in truth.items():
        if e["class"] == "invisible" and e.get("trick") != "none" and "/r07_" in name:
            inv[name] = invisible_glyphs(UNSEEN / name)
    gaps = {}
    for name, e in truth.items():
        if e["class"] == "spaces":
            g = sorted(word_gaps(UNSEEN / name))
            gaps[name] = {"count": len(g), "median": g[len(g) // 2], "min": g[0],
                          "at_most_0.15": sum(1 for x in g if x <= 0.15)} if g else {}  # fmt: skip
    return {"invisible": inv, "gaps": gaps}


def slim(saved: dict[str, Any]) -> dict[str, Any]:
    """The run as saved for ``--rerender``: every differing path, and the values of the first
    only (the Markdown's example), cut around where they differ."""
    for r in saved["rows"]:
        for key in ("diffs", "strict"):
            rows = []
            for i, (p, a, b) in enumerate(r[key]):
                if i == 0 and isinstance(a, str) and isinstance(b, str):
                    a, b = context(a, b, 60)
                rows.append([p, a, b] if i == 0 else [p, None, None])
            r[key] = rows
    return saved


def render(rows: list[dict], checks: list[str], extra: dict, cmd: str) -> str:
    lines = [
        "# Baseline on the unseen exports",
        "",
        f"Command: `{cmd}` (the frozen release), on `fixtures/unseen` (generator",
        "`fixtures/make_unseen.py`, truth in `fixtures/unseen/TRUTH.json`). Regenerate with",
        "`/work/basevenv/bin/python bench/unseen_baseline.py`.",
        "",
        "Columns: **exit** of `reportparse parse`; **fields** that differ from the truth with all",
        "white space removed from strings (`warnings`, `pages`, `field_pages` ignored); **+ws**:",
        "fields that differ with white space only folded (a lost or added space counts);",
        "**diff**: changes `reportparse diff TRUTH_SOURCE_TXT FIXTURE` finds (target 0).",
        "Paths as `diff` writes them (`#2:` = second report of the file).",
        "",
        "Truth texts (read by the same baseline, compared with the expected JSON of their report):",
        "",
        *checks,
        "",
    ]
    by_class: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_class[r["entry"]["class"]].append(r)
    for klass, title in CLASS_TITLES.items():
        rs = by_class.get(klass, [])
        if not rs:
            continue
        lines += [
            f"## {title}",
            "",
            *summary(klass, rs, extra),
            "",
            "<details><summary>every fixture</summary>",
            "",
        ]
        lines += [
            "| fixture | exit | fields | +ws | diff | fields that differ |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for r in rs:
            paths = [p for p, _, _ in r["diffs"]]
            shown = ", ".join(f"`{p}`" for p in paths[:6]) + (
                f" … (+{len(paths) - 6})" if len(paths) > 6 else ""
            )
            if r["code"]:
                shown = f"error: {r['error'][:100]}"
            cells = (r["code"], len(r["diffs"]), len(r["strict"]), r["changes"], shown)
            lines.append(f"| `{r['name']}` | " + " | ".join(map(str, cells)) + " |")
        lines += ["", "</details>", ""]
    return "\n".join(lines) + "\n"


def summary(klass: str, rs: list[dict], extra: dict) -> list[str]:
    n = len(rs)
    ok = sum(1 for r in rs if r["code"] == 0 and not r["diffs"])
    ok_ws = sum(1 for r in rs if r["code"] == 0 and not r["strict"])
    zero = sum(1 for r in rs if r["changes"] == 0)
    codes = Counter(r["code"] for r in rs)
    fields: Counter[str] = Counter()
    for r in rs:
        for f in {field_name(p) for p, _, _ in r["diffs"]}:
            fields[f] += 1
    out = [
        f"{n} fixtures: exit codes {dict(sorted(codes.items()))}; **{ok}/{n}** give the truth "
        f"(white space removed), {ok_ws}/{n} with white space folded; `diff` finds 0 changes "
        f"in **{zero}/{n}**.",
        "",
        "Fields that differ (number of fixtures): "
        + (", ".join(f"`{f}` {c}" for f, c in ranked(fields)) or "none"),
        "",
    ]
    out += group_table(klass, rs)
    out += [
        "",
        "Examples (the first differing field of the first failing fixture of each variation):",
        "",
    ]
    for g, items in groups_of(klass, rs).items():
        for r in items:
            d = r["diffs"] or r["strict"]
            if r["code"]:
                out.append(f"- {g}: `{r['name']}` exit {r['code']}: {r['error'][:140]}")
                break
            if d:
                p, a, b = d[0]
                ta, tb = around(a, b)
                out.append(f"- {g}: `{r['name']}` `{p}`: truth {ta} → baseline {tb}")
                break
    if klass == "invisible":
        out += ["", *invisible_section(rs, extra)]
    if klass == "spaces":
        out += ["", *gap_section(rs, extra)]
    return out


def groups_of(klass: str, rs: list[dict]) -> dict[str, list[dict]]:
    """The fixtures of a class by kind of variation."""
    key = {
        "headings": lambda e: (
            e.get("kind", "?")
            + (f" {e['section']}" if e.get("section") else "")
            + (f" {e['frame']}" if e.get("kind") == "page_frame" else "")
            + (" (PDF)" if e.get("producer") else " (text)")
        ),
        "invisible": lambda e: e.get("trick", "?"),
        "spaces": lambda e: f"{e.get('spacing')} {e.get('producer')}",
        "spellings": lambda e: "PDF" if e.get("producer") else "text",
    }[klass]
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rs:
        groups[key(r["entry"])].append(r)
    return dict(sorted(groups.items()))


def group_table(klass: str, rs: list[dict]) -> list[str]:
    """Per kind of variation: fixtures, exact, and the diff counts."""
    groups = groups_of(klass, rs)
    out = [
        "| variation | fixtures | exact | exact +ws | diff = 0 | fields that differ (fixtures) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for g, items in groups.items():
        fields: Counter[str] = Counter()
        for r in items:
            for f in {field_name(p) for p, _, _ in r["diffs"]}:
                fields[f] += 1
        if klass == "spaces" and not fields:
            for r in items:
                for f in {field_name(p) for p, _, _ in r["strict"]}:
                    fields["+ws " + f] += 1
        out.append(
            f"| {g} | {len(items)} | {sum(1 for r in items if r['code'] == 0 and not r['diffs'])} "
            f"| {sum(1 for r in items if r['code'] == 0 and not r['strict'])} "
            f"| {sum(1 for r in items if r['changes'] == 0)} "
            f"| {', '.join(f'`{f}` {c}' for f, c in ranked(fields, 6)) or '—'} |"
        )
    return out


def invisible_section(rs: list[dict], extra: dict) -> list[str]:
    out = ["What PDFium reports for the stray glyphs (page 1 of each `r07_page_breaks` fixture,",
           "text objects starting with กี่ in the bottom fifth of the page or below it; boxes in",
           "PDF points, origin bottom left, MediaBox 595 × 842; size: FPDFTextObj_GetFontSize ×",
           "the object's matrix scale; render mode: FPDFTextObj_GetTextRenderMode; fill:",
           "FPDFPageObj_GetFillColor):", "",
           "| fixture | text | object size × matrix | FPDFText_GetFontSize | char box (first) "
           "| render mode | fill RGBA | outside CropBox |",
           "|---|---|---|---|---|---:|---|---|"]  # fmt: skip
    for name, objs in extra["invisible"].items():
        if not objs:
            out.append(f"| `{name}` | (none drawn on page 1) | | | | | | |")
        for o in objs[:2]:
            box = o["char_boxes"][0] if o["char_boxes"] else o["bounds"]
            out.append(
                f"| `{name}` | {o['text']} | {o['object_font_size']} × {o['matrix_scale']} "
                f"| {sorted(set(o['char_font_size']))} | {box} | {o['render_mode']} "
                f"| {o['fill_rgba']} "
                f"| {'yes ' + str(o['crop_box']) if o['outside_crop_box'] else 'no'} |"
            )
    return out


def gap_section(rs: list[dict], extra: dict) -> list[str]:
    out = ["Word gaps as PDFium's loose boxes give them (gaps wider than 0.05 em between",
           "consecutive glyphs of a line, in font sizes), against the font's space advance and",
           "the baseline's threshold (`SPACE_GAP` = 0.15 × font size):", "",
           "| fixture | space advance (em) | word gaps | median gap | min gap | gaps ≤ 0.15 |",
           "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for r in rs:
        g = extra["gaps"].get(r["name"])
        if not g:
            continue
        out.append(
            f"| `{r['name']}` | {r['entry'].get('space_advance_em', '?')} | {g['count']} "
            f"| {g['median']:.3f} | {g['min']:.3f} | {g['at_most_0.15']} |"
        )
    return out


if __name__ == "__main__":
    sys.exit(main())
