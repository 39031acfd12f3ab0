#!/usr/bin/env python3
"""Raw Tesseract quality and cost on the scan fixtures (fixtures/scans/, make_scans.py).

For every image-only scan fixture: each page rendered by PDFium in grey at the scan's own
resolution, read by tesserocr (``tha+eng``, one API per process, page segmentation modes 3, 4
and 6), compared with the page's truth; the ocrmypdf copies' own text layer read with pypdfium2's
``get_text_range``. The truth of a page is ``reportparse text`` of the born-digital PDF the scan
was made from (the frozen release, /work/basevenv: 0.000 % CER against the source text).

Reported: CER with all white space removed, per class; CPU and wall seconds per page on one
core (``OMP_THREAD_LIMIT=1``); peak RSS of the OCR process; the commonest confusions (merged
edit blocks of a Levenshtein alignment); where Tesseract's spaces fall in the truth's words
(pythainlp newmm, offline). Extras: the rotated file with Tesseract's OSD turning each page
first; 200/150 dpi scans rendered at 300 dpi; the structure of ocrmypdf's text layer.

    OMP_THREAD_LIMIT=1 /work/toolsvenv/bin/python bench/ocr_baseline.py
    # → bench/results/ocr_baseline.json and bench/results/ocr_baseline.md
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURES = ROOT / "fixtures"
SCANS = FIXTURES / "scans"
TESSDATA = os.environ.get("BENCH_TESSDATA", "/usr/share/tesseract-ocr/5/tessdata")
BASELINE = os.environ.get("BENCH_REPORTPARSE", "/work/basevenv/bin/reportparse")
LANG = "tha+eng"
PSMS = (3, 4, 6)
RECOMMENDED_PSM = 4
RESULTS = HERE / "results"


# --- worker: one file, one process ----------------------------------------------------------------
def estimate_skew(img, dpi: int) -> float:  # type: ignore[no-untyped-def]
    """The angle (degrees, counter-clockwise) that makes the text lines of a page horizontal.

    A plain projection profile: the page at 150 dpi, ink = darker than 3/4 of the median grey,
    turned by each candidate angle; the angle whose row sums change most sharply from row to row
    (sum of squared differences) wins. Searched in ±3° by 0.5°, then ±0.5° around the best by
    0.1°. On the scan fixtures it finds the skew to within 0.05° (mean 0.03°)."""
    import numpy as np
    from PIL import Image

    f = dpi / 150
    small = img.convert("L").resize((round(img.width / f), round(img.height / f)), Image.BILINEAR)
    a = np.asarray(small, dtype=np.float32)
    ink = Image.fromarray(((a < np.median(a) * 0.75) * 255).astype(np.uint8))

    def score(angle: float) -> float:
        r = np.asarray(ink.rotate(angle, resample=Image.NEAREST, fillcolor=0), dtype=np.float32)
        prof = r.sum(axis=1)
        return float(((prof[1:] - prof[:-1]) ** 2).sum())

    best = max(np.arange(-3.0, 3.01, 0.5), key=lambda x: score(float(x)))
    best = max(np.arange(best - 0.5, best + 0.51, 0.1), key=lambda x: score(float(x)))
    return round(float(best), 1)


def worker(
    path: str, dpi: int, pages: list[int], osd: bool, psms: list[int], deskew: bool = False
) -> dict:
    import pypdfium2 as pdfium
    import tesserocr
    from PIL import Image
    from tesserocr import PSM, PyTessBaseAPI

    out: dict = {"version": tesserocr.tesseract_version().splitlines()[0], "pages": []}
    pdf = pdfium.PdfDocument(path)
    api = PyTessBaseAPI(path=TESSDATA, lang=LANG)
    osd_api = PyTessBaseAPI(path=TESSDATA, lang="osd", psm=PSM.OSD_ONLY) if osd else None
    for n in pages:
        t0 = time.perf_counter()
        img = pdf[n - 1].render(scale=dpi / 72, grayscale=True).to_pil()
        page: dict = {"page": n, "render_s": time.perf_counter() - t0, "psm": {}}
        if osd_api is not None:
            t0 = time.perf_counter()
            osd_api.SetImage(img)
            osd_api.SetSourceResolution(dpi)
            r = osd_api.DetectOrientationScript()
            page["osd"] = {"s": time.perf_counter() - t0, **r}
            if r and r["orient_deg"]:
                img = img.rotate(r["orient_deg"], expand=True)
        if deskew:
            t0 = time.perf_counter()
            angle = estimate_skew(img, dpi)
            page["deskew"] = {"angle": angle, "s": time.perf_counter() - t0}
            if angle:
                img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        for psm in psms:
            api.SetPageSegMode(psm)
            w0, c0 = time.perf_counter(), time.process_time()
            api.SetImage(img)
            api.SetSourceResolution(dpi)
            text = api.GetUTF8Text()
            page["psm"][psm] = {
                "text": text,
                "wall_s": time.perf_counter() - w0,
                "cpu_s": time.process_time() - c0,
            }
        out["pages"].append(page)
    api.End()
    pdf.close()
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_worker(
    path: Path,
    dpi: int,
    pages: list[int],
    osd: bool = False,
    psms: tuple[int, ...] = PSMS,
    deskew: bool = False,
) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        str(path),
        "--dpi",
        str(dpi),
        "--pages",
        ",".join(map(str, pages)),
        "--psms",
        ",".join(map(str, psms)),
    ]
    if osd:
        cmd.append("--osd")
    if deskew:
        cmd.append("--deskew")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    return json.loads(
        subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    )


# --- ocrmypdf's layer -----------------------------------------------------------------------------
def text_layer(path: Path) -> tuple[list[str], dict]:
    """Each page's text by pypdfium2's ``get_text_range``, and how the layer is built."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    texts, objs, modes, fonts = [], 0, Counter(), Counter()
    for page in pdf:
        tp = page.get_textpage()
        texts.append(tp.get_text_range())
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT]):
            objs += 1
            modes[raw.FPDFTextObj_GetTextRenderMode(obj.raw)] += 1
            font = raw.FPDFTextObj_GetFont(obj.raw)
            buf = (raw.c_char * 128)()
            n = raw.FPDFFont_GetBaseFontName(font, buf, 128)
            fonts[bytes(buf[: max(0, n - 1)]).decode("latin-1")] += 1
    chars = sum(len("".join(t.split())) for t in texts)
    qdf = subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout
    info = {
        "pdfium_text_objects": objs,
        "non_space_chars": chars,
        "chars_per_text_object": round(chars / max(1, objs), 2),
        "render_modes": dict(modes),
        "fonts": dict(fonts),
        "BT_blocks": len(re.findall(rb"\bBT\b", qdf)),
        "TJ_ops": len(re.findall(rb"\bTJ\b", qdf)),
        "creator": _pdfinfo(path).get("Creator", ""),
        "producer": _pdfinfo(path).get("Producer", ""),
    }
    pdf.close()
    return texts, info


def _pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (ln.partition(":") for ln in out.splitlines())}


# --- truth ----------------------------------------------------------------------------------------
_truth_cache: dict[str, list[str]] = {}


def truth_pages(rel: str) -> list[str]:
    if rel not in _truth_cache:
        out = subprocess.run(
            [BASELINE, "text", str(FIXTURES / rel)], capture_output=True, text=True, check=True
        ).stdout
        _truth_cache[rel] = out.split("\f")
    return _truth_cache[rel]


def klass(entry: dict) -> str:
    return entry["kind"]


# --- main -----------------------------------------------------------------------------------------
def measure(only: str | None) -> dict:
    from ocr_metrics import blocks, char_ops, edits, nows, space_stats

    manifest = json.loads((SCANS / "manifest.json").read_text())
    res: dict = {"files": [], "loadavg_start": Path("/proc/loadavg").read_text().split()[:3]}
    clean_cache: dict[str, dict] = {}
    for e in manifest["files"]:
        if only and only not in e["file"]:
            continue
        path = SCANS / e["file"]
        kind = e["kind"]
        if kind == "merged":
            src = e["source"].split(" + ")[1]
            truth = truth_pages(src)
            pages = e["scan_pages"]
        elif kind.endswith(".ocrmypdf"):
            scan = next(x for x in manifest["files"] if x["file"] == e["source"].split("/")[-1])
            src, pages = scan["source"], list(range(1, e["pages"] + 1))
            truth = truth_pages(src)
        else:
            src, pages = e["source"], list(range(1, e["pages"] + 1))
            truth = truth_pages(src)
        row: dict = {
            "file": e["file"],
            "kind": kind,
            "dpi": e["dpi"],
            "source": src,
            "pages": len(pages),
            "truth_chars": sum(len(nows(truth[p - 1])) for p in pages),
        }
        extra = sum(len(nows(t)) for pn in e["page_notes"] for t in pn.get("extra_text", []))
        row["stamp_chars"] = extra
        print(e["file"], file=sys.stderr, flush=True)
        if kind.endswith(".ocrmypdf"):
            texts, info = text_layer(path)
            row["layer"] = info
            row["texts"] = {"layer": texts}
            row["edits"] = {"layer": sum(edits(truth[p - 1], texts[p - 1]) for p in pages)}
            row["spaces"] = {
                "layer": dict(
                    sum((space_stats(truth[p - 1], texts[p - 1]) for p in pages), Counter())
                )
            }
        else:
            w = run_worker(path, e["dpi"], pages)
            row["version"] = w["version"]
            row["peak_rss_mib"] = w["peak_rss_mib"]
            row["texts"], row["edits"], row["cpu_s"], row["wall_s"] = {}, {}, {}, {}
            row["spaces"] = {}
            for psm in map(str, PSMS):
                texts = [pg["psm"][psm]["text"] for pg in w["pages"]]
                row["texts"][psm] = texts
                row["edits"][psm] = sum(
                    edits(truth[p - 1], t) for p, t in zip(pages, texts, strict=False)
                )
                row["cpu_s"][psm] = [pg["psm"][psm]["cpu_s"] for pg in w["pages"]]
                row["wall_s"][psm] = [pg["psm"][psm]["wall_s"] for pg in w["pages"]]
                row["spaces"][psm] = dict(
                    sum(
                        (space_stats(truth[p - 1], t) for p, t in zip(pages, texts, strict=False)),
                        Counter(),
                    )
                )
            row["render_s"] = [pg["render_s"] for pg in w["pages"]]
            if kind == "worst-rotated":  # again, each page turned as OSD says first
                w2 = run_worker(path, e["dpi"], pages, osd=True, psms=(RECOMMENDED_PSM,))
                texts = [pg["psm"][str(RECOMMENDED_PSM)]["text"] for pg in w2["pages"]]
                row["osd"] = [pg["osd"] for pg in w2["pages"]]
                row["texts"]["osd"] = texts
                row["edits"]["osd"] = sum(
                    edits(truth[p - 1], t) for p, t in zip(pages, texts, strict=False)
                )
            # the born-digital source itself, rendered at 300 dpi: what the degradation costs
            if src not in clean_cache:
                clean_cache[src] = run_worker(FIXTURES / src, 300, pages)
            for psm in map(str, PSMS):
                texts = [
                    pg["psm"][psm]["text"]
                    for pg in clean_cache[src]["pages"]
                    if pg["page"] in pages
                ]
                row["edits"][f"clean{psm}"] = sum(
                    edits(truth[p - 1], t) for p, t in zip(pages, texts, strict=False)
                )
            # each page deskewed first (projection profile), psm 3 and 4
            w4 = run_worker(path, e["dpi"], pages, psms=(3, RECOMMENDED_PSM), deskew=True)
            row["deskew"] = [pg["deskew"] for pg in w4["pages"]]
            for psm in ("3", str(RECOMMENDED_PSM)):
                texts = [pg["psm"][psm]["text"] for pg in w4["pages"]]
                row["texts"][f"deskew{psm}"] = texts
                row["edits"][f"deskew{psm}"] = sum(
                    edits(truth[p - 1], t) for p, t in zip(pages, texts, strict=False)
                )
            if e["dpi"] < 300:  # the same page rendered at 300 dpi (upsampled)
                w3 = run_worker(path, 300, pages, psms=(RECOMMENDED_PSM,))
                texts = [pg["psm"][str(RECOMMENDED_PSM)]["text"] for pg in w3["pages"]]
                row["edits"]["at300"] = sum(
                    edits(truth[p - 1], t) for p, t in zip(pages, texts, strict=False)
                )
                row["cpu_s"]["at300"] = [
                    pg["psm"][str(RECOMMENDED_PSM)]["cpu_s"] for pg in w3["pages"]
                ]
        res["files"].append(row)
    # confusions, over the raw OCR at the recommended psm (not the rotated file's raw pages)
    bl: Counter[tuple[str, str]] = Counter()
    ch: Counter[tuple[str, str]] = Counter()
    ctx: dict[tuple[str, str], list[str]] = defaultdict(list)
    per_class: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for row in res["files"]:
        key = "layer" if row["kind"].endswith(".ocrmypdf") else str(RECOMMENDED_PSM)
        if row["kind"] == "worst-rotated":
            key = "osd"
        truth = truth_pages(row["source"])
        pages = list(range(1, row["pages"] + 1))
        for p, t in zip(pages, row["texts"][key], strict=False):
            ref = truth[p - 1]
            r = nows(ref)
            for a, b, i in blocks(ref, t):
                if row["kind"].endswith(".ocrmypdf"):
                    per_class["ocrmypdf"][(a, b)] += 1
                    continue
                bl[(a, b)] += 1
                per_class[row["kind"]][(a, b)] += 1
                if len(ctx[(a, b)]) < 3:
                    ctx[(a, b)].append(
                        f"{r[max(0, i - 4) : i]}[{a}→{b}]{r[i + len(a) : i + len(a) + 4]}"
                    )
            if not row["kind"].endswith(".ocrmypdf"):
                ch += char_ops(ref, t)
    res["confusions"] = [
        {"truth": a, "ocr": b, "n": n, "examples": ctx[(a, b)]} for (a, b), n in bl.most_common(60)
    ]
    res["char_ops"] = [{"truth": a, "ocr": b, "n": n} for (a, b), n in ch.most_common(40)]
    res["confusions_per_class"] = {
        k: [[a, b, n] for (a, b), n in c.most_common(8)] for k, c in per_class.items()
    }
    res["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
    return res


def measure_extras() -> dict:
    """What OpenMP does to the Debian CLI on this 2-core machine, and what ocrmypdf costs."""
    import tempfile

    import pypdfium2 as pdfium

    out: dict = {"cli": {}, "ocrmypdf": {}}
    scan = SCANS / "r05_missing_parts.lo-garuda.scan300.pdf"
    with tempfile.TemporaryDirectory() as t:
        pdf = pdfium.PdfDocument(str(scan))
        png = f"{t}/p1.png"
        pdf[0].render(scale=300 / 72, grayscale=True).to_pil().save(png)
        pdf.close()
        for label, env in (
            ("OMP_THREAD_LIMIT unset", {}),
            ("OMP_THREAD_LIMIT=1", {"OMP_THREAD_LIMIT": "1"}),
        ):
            e = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"} | env
            walls, cpus = [], []
            for _ in range(3):
                t0, c0 = time.perf_counter(), os.times()
                subprocess.run(
                    ["tesseract", png, "-", "-l", LANG, "--dpi", "300"],
                    env=e,
                    capture_output=True,
                    check=True,
                )
                c1 = os.times()
                walls.append(time.perf_counter() - t0)
                cpus.append(
                    c1.children_user - c0.children_user + c1.children_system - c0.children_system
                )
            out["cli"][label] = {"wall_s": walls, "cpu_s": cpus}
            t0, c0 = time.perf_counter(), os.times()
            subprocess.run(
                [
                    "ocrmypdf",
                    "-l",
                    LANG,
                    "--output-type",
                    "pdf",
                    "--jobs",
                    "1",
                    "--quiet",
                    str(scan),
                    f"{t}/o.pdf",
                ],
                env=e,
                check=True,
            )
            c1 = os.times()
            out["ocrmypdf"][label] = {
                "wall_s": time.perf_counter() - t0,
                "pages": 2,
                "cpu_s": c1.children_user
                - c0.children_user
                + c1.children_system
                - c0.children_system,
            }
    out["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
    return out


def pct(e: int, n: int) -> str:
    return f"{100 * e / max(1, n):.2f} %"


def report(res: dict) -> str:
    rows = res["files"]
    by: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by[r["kind"]].append(r)
    order = [
        "scan300",
        "scan200",
        "worst-150",
        "worst-fax",
        "worst-skew",
        "worst-stamp",
        "worst-bleed",
        "worst-rotated",
        "merged",
        "scan300.ocrmypdf",
        "scan200.ocrmypdf",
    ]
    P = str(RECOMMENDED_PSM)
    out = [
        "# Raw Tesseract on the scan fixtures",
        "",
        "Generated by `bench/ocr_baseline.py` (do not edit by hand). Tesseract "
        f"{next((r['version'] for r in rows if 'version' in r), '?')} through tesserocr, "
        f"`{LANG}`, one API per file, pages rendered by PDFium in grey at the scan's own dpi; "
        "truth = `reportparse text` of the born-digital source (white space removed for CER; "
        "the page header counts). CPU seconds are the OCR call only (render excluded), one "
        "core (`OMP_THREAD_LIMIT=1`; the wheel's libtesseract has no OpenMP anyway). Load "
        f"average at start/end: {' '.join(res['loadavg_start'])} / {' '.join(res['loadavg_end'])}.",
        "",
    ]
    out += [
        "## CER per class",
        "",
        f"| class | files | pages | truth chars | CER psm 3 | CER psm 4 | CER psm 6 | "
        f"deskewed, psm 3 | deskewed, psm 4 | same sources born-digital at 300 dpi, psm 3 / 4 "
        f"/ 6 | s/page CPU (psm {P}) | s/page wall | peak RSS MiB | stamp chars |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for k in order:
        rs = by.get(k)
        if not rs:
            continue
        n = sum(r["truth_chars"] for r in rs)
        pages = sum(r["pages"] for r in rs)
        stamp = sum(r["stamp_chars"] for r in rs)
        if k.endswith(".ocrmypdf"):
            e = sum(r["edits"]["layer"] for r in rs)
            out.append(
                f"| {k} (its text layer, `get_text_range`) | {len(rs)} | {pages} | {n} | "
                f"{pct(e, n)} (ocrmypdf runs psm 3) | | | | | | | | | {stamp} |"
            )
            continue
        cers = [pct(sum(r["edits"][str(p)] for r in rs), n) for p in PSMS]
        cers += [pct(sum(r["edits"][f"deskew{p}"] for r in rs), n) for p in (3, RECOMMENDED_PSM)]
        cers.append(" / ".join(pct(sum(r["edits"][f"clean{p}"] for r in rs), n) for p in PSMS))
        cpu = [c for r in rs for c in r["cpu_s"][P]]
        wall = [c for r in rs for c in r["wall_s"][P]]
        rss = max(r["peak_rss_mib"] for r in rs)
        out.append(
            f"| {k} | {len(rs)} | {pages} | {n} | {' | '.join(cers)} | "
            f"{statistics.median(cpu):.2f} | {statistics.median(wall):.2f} | {rss:.0f} | "
            f"{stamp} |"
        )
    out += [
        "",
        "Medians of seconds per page over the pages of the class. `stamp chars`: the "
        "characters the stamps print (not in the truth, so they count as insertions if read).",
        "",
    ]
    out += [
        "## Per file",
        "",
        "| file | pages | dpi | CER psm 3 | psm 4 | psm 6 | deskewed psm "
        "3 / 4 (angles found) | source born-digital psm 3 / 4 / 6 | other |",
        "|---|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for r in rows:
        n = r["truth_chars"]
        if r["kind"].endswith(".ocrmypdf"):
            out.append(
                f"| {r['file']} | {r['pages']} | {r['dpi']} | layer: "
                f"{pct(r['edits']['layer'], n)} | | | | | |"
            )
            continue
        other = []
        if "osd" in r["edits"]:
            other.append(f"OSD-turned first: {pct(r['edits']['osd'], n)}")
        if "at300" in r["edits"]:
            other.append(
                f"rendered at 300 dpi: {pct(r['edits']['at300'], n)}, "
                f"{statistics.median(r['cpu_s']['at300']):.2f} s/page"
            )
        desk = (
            f"{pct(r['edits']['deskew3'], n)} / {pct(r['edits'][f'deskew{P}'], n)} ("
            + ", ".join(f"{d['angle']:+.1f}°" for d in r["deskew"])
            + ")"
        )
        clean = " / ".join(pct(r["edits"][f"clean{p}"], n) for p in PSMS)
        out.append(
            f"| {r['file']} | {r['pages']} | {r['dpi']} | "
            + " | ".join(pct(r["edits"][str(p)], n) for p in PSMS)
            + f" | {desk} | {clean} | {'; '.join(other)} |"
        )
    if res.get("extras"):
        x = res["extras"]
        out += [
            "",
            "## OpenMP and ocrmypdf",
            "",
            "Debian's `tesseract` CLI (5.3.0, OpenMP) on page 1 of "
            "`r05_missing_parts.lo-garuda.scan300.pdf`, 3 runs, and `ocrmypdf --jobs 1` on "
            f"the whole 2-page file (load average then {' '.join(x['loadavg'])}):",
            "",
            "| | CLI wall s (3 runs) | CLI CPU s | ocrmypdf wall s / page "
            "| ocrmypdf CPU s / page |",
            "|---|---|---|---:|---:|",
        ]
        for label, c in x["cli"].items():
            o = x["ocrmypdf"][label]
            out.append(
                f"| {label} | {', '.join(f'{v:.2f}' for v in c['wall_s'])} | "
                f"{', '.join(f'{v:.2f}' for v in c['cpu_s'])} | "
                f"{o['wall_s'] / o['pages']:.2f} | {o['cpu_s'] / o['pages']:.2f} |"
            )
    rot = next((r for r in rows if r["kind"] == "worst-rotated"), None)
    if rot:
        out += [
            "",
            "OSD on the rotated file (`lang=osd`, `DetectOrientationScript`): "
            + "; ".join(
                f"page {i + 1}: {o['orient_deg']}° (conf {o['orient_conf']:.1f}, "
                f"{o['script_name']}, {o['s']:.2f} s)"
                for i, o in enumerate(rot["osd"])
            ),
        ]
    # layer structure
    lay = [r for r in rows if r["kind"].endswith(".ocrmypdf")]
    if lay:
        i = lay[0]["layer"]
        objs = sum(r["layer"]["pdfium_text_objects"] for r in lay)
        chars = sum(r["layer"]["non_space_chars"] for r in lay)
        out += [
            "",
            "## ocrmypdf's text layer",
            "",
            f"Creator `{i['creator']}`, producer `{i['producer']}`. Fonts: "
            f"{sorted({f for r in lay for f in r['layer']['fonts']})}; render modes "
            f"{sorted({m for r in lay for m in r['layer']['render_modes']})} (3 = invisible). "
            f"{objs} PDFium text objects for {chars} non-space characters over {len(lay)} files "
            f"({chars / max(1, objs):.2f} characters per object: one Tesseract 'word' per "
            "`TJ`, each followed by a space); content streams: "
            f"{sum(r['layer']['BT_blocks'] for r in lay)} `BT` blocks (one per text line "
            f"group), {sum(r['layer']['TJ_ops'] for r in lay)} `TJ`.",
        ]
    # spaces
    out += [
        "",
        "## Spaces",
        "",
        "Each space Tesseract puts inside a line, mapped through the alignment to the truth: "
        "`truth space` (the truth has white space or a line break there), `word boundary` "
        "(no white space in the truth, but a pythainlp newmm word starts there), `inside "
        "word` (between two characters of one dictionary word of the truth), of which `inside "
        "cluster` (before a combining vowel or tone mark), `unaligned` (next to an inserted or "
        "deleted character). `kept` = the truth's in-line spaces that Tesseract also has.",
        "",
        "| class | OCR spaces | truth space | word boundary | inside word | of which inside "
        "cluster | unaligned | truth spaces kept |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for k in order:
        rs = by.get(k)
        if not rs:
            continue
        key = "layer" if k.endswith(".ocrmypdf") else P
        c: Counter[str] = Counter()
        for r in rs:
            c.update(r["spaces"][key])
        s = max(1, c["ocr_spaces"])
        out.append(
            f"| {k} | {c['ocr_spaces']} | {pct(c['truth_space'], s)} | "
            f"{pct(c['word_boundary'], s)} | **{pct(c['inside_word'], s)}** | "
            f"{pct(c['inside_cluster'], s)} | {pct(c['unaligned'], s)} | "
            f"{c['truth_spaces_kept']}/{c['truth_spaces']} |"
        )
    from ocr_metrics import examples_of_inside_spaces

    for title, kinds, key in (
        ("Tesseract's own text, 300 and 200 dpi scans, psm " + P, ("scan300", "scan200"), P),
        ("ocrmypdf's layer of the 300 dpi scans", ("scan300.ocrmypdf",), "layer"),
    ):
        ex: list[tuple[str, str]] = []
        for row in rows:
            if row["kind"] in kinds:
                truth = truth_pages(row["source"])
                for p, t in enumerate(row["texts"][key], 1):
                    ex += examples_of_inside_spaces(truth[p - 1], t, n=40)
        ex = list(dict(ex).items())  # one example per word
        out += [
            "",
            f"Words the truth has whole and Tesseract splits ({title}; {len(ex)} found, first 12):",
            "",
        ]
        out += [f"- `{a}` → `{b}`" for a, b in ex[:12]] or ["- none"]
    # confusions
    out += [
        "",
        "## Commonest confusions",
        "",
        f"Merged edit blocks of the alignment (truth → OCR; `∅` = nothing), all image "
        f"scans at psm {P} (rotated file after OSD), white space removed. Examples show 4 "
        "characters of truth context.",
        "",
        "| truth | OCR | count | examples |",
        "|---|---|---:|---|",
    ]

    def show(s: str) -> str:
        return (
            "∅"
            if not s
            else "".join(
                f"◌{c}"
                if c in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38"
                "\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d"
                "\u0e4e"
                else c
                for c in s
            )
        )

    for c in res["confusions"][:40]:
        ex = " · ".join(f"`{x}`" for x in c["examples"])
        out.append(f"| {show(c['truth'])} | {show(c['ocr'])} | {c['n']} | {ex} |")
    out += [
        "",
        "Single-character operations (Levenshtein edit ops):",
        "",
        "| truth | OCR | count |",
        "|---|---|---:|",
    ]
    for c in res["char_ops"][:30]:
        out.append(f"| {show(c['truth'])} | {show(c['ocr'])} | {c['n']} |")
    # edit operations by character class, over the same texts
    from ocr_metrics import char_ops, nows

    def cls(c: str) -> str:
        if not c:
            return "∅"
        o = ord(c)
        if 0x0E01 <= o <= 0x0E2E:
            return "Thai consonant"
        if 0x0E50 <= o <= 0x0E59:
            return "Thai digit"
        if c in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e4d\u0e4e":
            return "Thai vowel/sign above-below"
        if 0x0E48 <= o <= 0x0E4B:
            return "Thai tone mark"
        if 0x0E2F <= o <= 0x0E4F:
            return "Thai vowel/sign on the line"
        if c.isascii() and c.isalpha():
            return "Latin letter"
        if c.isascii() and c.isdigit():
            return "ASCII digit"
        return "punctuation/other"

    tally: Counter[tuple[str, str]] = Counter()
    in_truth: Counter[str] = Counter()
    for row in rows:
        if row["kind"].endswith(".ocrmypdf"):
            continue
        key = "osd" if row["kind"] == "worst-rotated" else P
        truth = truth_pages(row["source"])
        for p, t in enumerate(row["texts"][key], 1):
            in_truth.update(cls(c) for c in nows(truth[p - 1]))
            for (a, b), n in char_ops(truth[p - 1], t).items():
                kind = "deleted" if not b else "inserted" if not a else "substituted"
                tally[(kind, cls(a or b))] += n
    out += [
        "",
        "Edit operations by character class (same texts; a substitution is counted "
        "under the truth character's class):",
        "",
        "| operation | class | count |",
        "|---|---|---:|",
    ]
    for (kind, c), n in sorted(tally.items(), key=lambda x: -x[1])[:16]:
        out.append(f"| {kind} | {c} | {n} |")
    out += [
        "",
        "Error rate per class of truth character (deleted + substituted, per character "
        "of that class in the truth):",
        "",
        "| class | in truth | deleted | substituted | rate |",
        "|---|---:|---:|---:|---:|",
    ]
    for c, n in in_truth.most_common():
        d, sub = tally[("deleted", c)], tally[("substituted", c)]
        out.append(f"| {c} | {n} | {d} | {sub} | {pct(d + sub, n)} |")
    out += ["", "Top blocks per class:", ""]
    for k, lst in res["confusions_per_class"].items():
        out.append(f"- {k}: " + ", ".join(f"{show(a)}→{show(b)} ×{n}" for a, b, n in lst))
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--worker")
    ap.add_argument("--dpi", type=int)
    ap.add_argument("--pages")
    ap.add_argument("--psms", default="3,4,6")
    ap.add_argument("--osd", action="store_true")
    ap.add_argument("--deskew", action="store_true")
    ap.add_argument("--only", help="measure only files whose name contains this")
    ap.add_argument("--report-only", action="store_true", help="rewrite the .md from the .json")
    ap.add_argument("--extras", action="store_true", help="with --report-only: measure the extras")
    args = ap.parse_args()
    if args.worker:
        w = worker(
            args.worker,
            args.dpi,
            [int(x) for x in args.pages.split(",")],
            args.osd,
            [int(x) for x in args.psms.split(",")],
            args.deskew,
        )
        json.dump(w, sys.stdout, ensure_ascii=False)
        return 0
    sys.path.insert(0, str(HERE))
    js = RESULTS / "ocr_baseline.json"
    if args.report_only:
        res = json.loads(js.read_text())
        if args.extras:
            res["extras"] = measure_extras()
            js.write_text(json.dumps(res, ensure_ascii=False, indent=1))
    else:
        res = measure(args.only)
        if not args.only:
            res["extras"] = measure_extras()
        js.write_text(json.dumps(res, ensure_ascii=False, indent=1))
    (RESULTS / "ocr_baseline.md").write_text(report(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
