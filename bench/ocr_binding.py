#!/usr/bin/env python3
"""Which Python binding for Tesseract: tesserocr (C API in-process) or pytesseract (CLI per page).

Measures, on pages of the born-digital fixtures rendered by PDFium at 300 dpi grey:

* wall and CPU seconds per page on one core (``OMP_THREAD_LIMIT=1``), median of ``--reps``,
  peak RSS of the Python process and of the ``tesseract`` child, and whether both give the same
  text (they link different libtesseract versions: the tesserocr wheel bundles its own);
* character error rate (white space removed) for page segmentation modes 3, 4, 6, each with
  ``preserve_interword_spaces`` 0 and 1;
* word boxes and confidences from each binding, and what they cost;
* Tesseract's orientation detection (OSD) on pages turned 90°, 180° and 270°.

Each binding runs in its own process (``--worker``) so that its memory is its own. The truth of
a page is ``reportparse text`` of the source PDF (0.000 % CER against the source text), run with
the frozen release in /work/basevenv. Needs, besides Debian's ``tesseract-ocr`` with
``tesseract-ocr-tha``, ``-eng`` and ``-osd``: ``pip install pypdfium2 pillow tesserocr
pytesseract rapidfuzz pythainlp`` (pythainlp for the word boundaries of the space counts).

    OMP_THREAD_LIMIT=1 /work/toolsvenv/bin/python bench/ocr_binding.py
    # → bench/results/ocr_binding.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURES = ROOT / "fixtures"
TESSDATA = os.environ.get("BENCH_TESSDATA", "/usr/share/tesseract-ocr/5/tessdata")
BASELINE = os.environ.get("BENCH_REPORTPARSE", "/work/basevenv/bin/reportparse")
LANG = "tha+eng"
#: an interpreter whose tesserocr was built with ``pip install --no-binary tesserocr tesserocr``
#: against Debian's libtesseract-dev (5.3.0); skipped when absent
DEBIAN_TESSEROCR = os.environ.get("BENCH_DEBIAN_TESSEROCR", "/work/srcvenv/bin/python")
DPI = 300
#: (pdf, 0-based page): different reports, LibreOffice and Chromium, five fonts
PAGES = [
    ("pdf/r01_clean.lo-laksaman.pdf", 0),
    ("pdf/r03_budget_warnings.chromium-noto.pdf", 0),
    ("pdf/seed_v2.lo-noto.pdf", 2),
    ("pdf/r09_long_rounds.chromium-laksaman.pdf", 1),
    ("fonts/r04_round_order.lo-kinnari.pdf", 0),
    ("fonts/r06_garbled.chromium-loma.pdf", 1),
]


def render(rel: str, index: int):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(FIXTURES / rel))
    try:
        page = pdf[index]
        return page.render(scale=DPI / 72, grayscale=True).to_pil()
    finally:
        pdf.close()


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def current_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- workers (one process each) -------------------------------------------------------------------
def worker_tesserocr(reps: int) -> dict:
    import tesserocr
    from tesserocr import PSM, PyTessBaseAPI

    images = [render(rel, i) for rel, i in PAGES]
    before = current_rss_mib()
    t0 = time.perf_counter()
    api = PyTessBaseAPI(path=TESSDATA, lang=LANG, psm=PSM.AUTO)
    init_s = time.perf_counter() - t0
    after_init = current_rss_mib()
    walls: list[list[float]] = [[] for _ in images]
    cpus: list[list[float]] = [[] for _ in images]
    texts: list[str] = []
    for rep in range(reps):
        for n, img in enumerate(images):
            w0, c0 = time.perf_counter(), time.process_time()
            api.SetImage(img)
            api.SetSourceResolution(DPI)
            text = api.GetUTF8Text()
            walls[n].append(time.perf_counter() - w0)
            cpus[n].append(time.process_time() - c0)
            if rep == 0:
                texts.append(text)
    api.End()
    return {
        "version": tesserocr.tesseract_version().splitlines()[0],
        "init_s": init_s,
        "rss_before_init_mib": before,
        "rss_after_init_mib": after_init,
        "peak_rss_mib": rss_mib(),
        "wall": walls,
        "cpu": cpus,
        "texts": texts,
    }


def worker_pytesseract(reps: int) -> dict:
    import pytesseract

    images = [render(rel, i) for rel, i in PAGES]
    before = current_rss_mib()
    walls: list[list[float]] = [[] for _ in images]
    cpus: list[list[float]] = [[] for _ in images]
    texts: list[str] = []
    for rep in range(reps):
        for n, img in enumerate(images):
            w0, t0 = time.perf_counter(), os.times()
            text = pytesseract.image_to_string(img, lang=LANG, config=f"--psm 3 --dpi {DPI}")
            t1 = os.times()
            walls[n].append(time.perf_counter() - w0)
            cpus[n].append(
                (t1.children_user - t0.children_user) + (t1.children_system - t0.children_system)
            )
            if rep == 0:
                texts.append(text)
    # the child's peak RSS, measured from a small interpreter: a child forked from this process
    # reports this process's RSS as its own until it execs
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True,"
        " check=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    child_peaks, startup = [], []
    with tempfile.TemporaryDirectory() as t:
        for n, img in enumerate(images):
            png = f"{t}/{n}.png"
            img.save(png)
            r = subprocess.run(
                [
                    sys.executable,
                    "-S",
                    "-c",
                    probe,
                    "tesseract",
                    png,
                    "-",
                    "-l",
                    LANG,
                    "--psm",
                    "3",
                    "--dpi",
                    str(DPI),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            child_peaks.append(int(r.stdout) / 1024)
        from PIL import Image

        Image.new("L", (64, 32), 255).save(f"{t}/blank.png")
        for _ in range(3):  # process start and loading tha+eng, on an empty image
            t0 = time.perf_counter()
            subprocess.run(
                ["tesseract", f"{t}/blank.png", "-", "-l", LANG, "--dpi", "300"],
                capture_output=True,
                check=True,
            )
            startup.append(time.perf_counter() - t0)
    return {
        "child_peak_rss_mib": child_peaks,
        "cli_startup_s": startup,
        "version": str(pytesseract.get_tesseract_version()),
        "rss_before_mib": before,
        "peak_rss_mib": rss_mib(),
        "peak_child_rss_mib": child_rss_mib(),
        "wall": walls,
        "cpu": cpus,
        "texts": texts,
    }


def worker_psm() -> dict:
    from tesserocr import PyTessBaseAPI

    images = [render(rel, i) for rel, i in PAGES]
    out: dict[str, list[str]] = {}
    secs: dict[str, list[float]] = {}
    with PyTessBaseAPI(path=TESSDATA, lang=LANG) as api:
        for psm in (3, 4, 6):
            for pis in (0, 1):
                key = f"psm{psm}-pis{pis}"
                api.SetPageSegMode(psm)
                api.SetVariable("preserve_interword_spaces", str(pis))
                out[key], secs[key] = [], []
                for img in images:
                    t0 = time.process_time()
                    api.SetImage(img)
                    api.SetSourceResolution(DPI)
                    out[key].append(api.GetUTF8Text())
                    secs[key].append(time.process_time() - t0)
    return {"texts": out, "cpu": secs}


def worker_boxes() -> dict:
    """Words with boxes and confidences: tesserocr's iterator vs pytesseract's image_to_data."""
    import pytesseract
    from tesserocr import PSM, RIL, PyTessBaseAPI, iterate_level

    images = [render(rel, i) for rel, i in PAGES[:2]]
    res: dict = {"tesserocr": [], "pytesseract": []}
    with PyTessBaseAPI(path=TESSDATA, lang=LANG, psm=PSM.AUTO) as api:
        for img in images:
            t0 = time.process_time()
            api.SetImage(img)
            api.SetSourceResolution(DPI)
            api.Recognize()
            t1 = time.process_time()
            text = api.GetUTF8Text()  # no second recognition: the result is kept
            t2 = time.process_time()
            words = []
            for w in iterate_level(api.GetIterator(), RIL.WORD):
                words.append(
                    (
                        w.GetUTF8Text(RIL.WORD),
                        round(w.Confidence(RIL.WORD), 1),
                        w.BoundingBox(RIL.WORD),
                    )
                )
            t3 = time.process_time()
            res["tesserocr"].append(
                {
                    "recognize_s": t1 - t0,
                    "text_s": t2 - t1,
                    "iterate_s": t3 - t2,
                    "words": len(words),
                    "mean_conf": statistics.fmean(w[1] for w in words),
                    "first": words[:8],
                    "text_chars": len(text),
                }
            )
    for img in images:
        t0 = os.times()
        data = pytesseract.image_to_data(
            img, lang=LANG, config=f"--psm 3 --dpi {DPI}", output_type=pytesseract.Output.DICT
        )
        t1 = os.times()
        rows = [
            (
                data["text"][k],
                float(data["conf"][k]),
                (data["left"][k], data["top"][k], data["width"][k], data["height"][k]),
            )
            for k in range(len(data["text"]))
            if data["level"][k] == 5 and data["text"][k].strip()
        ]
        res["pytesseract"].append(
            {
                "image_to_data_s": (t1.children_user - t0.children_user)
                + (t1.children_system - t0.children_system),
                "words": len(rows),
                "mean_conf": statistics.fmean(r[1] for r in rows),
                "first": rows[:8],
            }
        )
    return res


def worker_osd() -> dict:
    import pytesseract
    from PIL import Image
    from tesserocr import PSM, PyTessBaseAPI

    page = render(*PAGES[0])
    res: dict = {"tesserocr": [], "pytesseract": []}
    turned = {deg: page.rotate(deg, expand=True, fillcolor=255) for deg in (0, 90, 180, 270)}
    with PyTessBaseAPI(path=TESSDATA, lang="osd", psm=PSM.OSD_ONLY) as api:
        for deg, img in turned.items():
            for dpi in (300, 150):
                im = (
                    img
                    if dpi == 300
                    else img.resize((img.width // 2, img.height // 2), Image.LANCZOS)
                )
                t0 = time.perf_counter()
                api.SetImage(im)
                api.SetSourceResolution(dpi)
                r = api.DetectOrientationScript()
                res["tesserocr"].append(
                    {"turned_ccw": deg, "dpi": dpi, "s": time.perf_counter() - t0, "result": r}
                )
    for deg, img in turned.items():
        t0 = time.perf_counter()
        try:
            out = pytesseract.image_to_osd(img, config=f"--dpi {DPI}")
        except pytesseract.TesseractError as e:
            out = f"error: {e}"
        res["pytesseract"].append({"turned_ccw": deg, "s": time.perf_counter() - t0, "result": out})
    # the pitfalls, each in a child process (the C++ library may abort the process): OSD from an
    # API initialised with the recognition languages, and a tessdata folder without osd
    turned[180].save(Path(tempfile.gettempdir()) / "osd180.png")
    probe = (
        "import sys; from tesserocr import PyTessBaseAPI; from PIL import Image\n"
        "api = PyTessBaseAPI(path=sys.argv[1], lang=sys.argv[2], psm=int(sys.argv[3]))\n"
        "api.SetImage(Image.open(sys.argv[4])); api.SetSourceResolution(300)\n"
        "print(api.DetectOrientationScript())\n"
    )
    with tempfile.TemporaryDirectory() as t:
        for lang in ("tha", "eng"):
            os.symlink(f"{TESSDATA}/{lang}.traineddata", f"{t}/{lang}.traineddata")
        cases = {
            "lang=tha+eng psm=1 (osd present)": (TESSDATA, "tha+eng", "1"),
            "lang=tha+eng+osd psm=0": (TESSDATA, "tha+eng+osd", "0"),
            "lang=osd psm=0, tessdata without osd": (t + "/", "osd", "0"),
            "lang=tha+eng psm=1, tessdata without osd": (t + "/", "tha+eng", "1"),
        }
        res["pitfalls"] = {}
        for name, (path, lang, psm) in cases.items():
            r = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    probe,
                    path,
                    lang,
                    psm,
                    str(Path(tempfile.gettempdir()) / "osd180.png"),
                ],
                capture_output=True,
                text=True,
            )
            res["pitfalls"][name] = {
                "rc": r.returncode,
                "stdout": r.stdout.strip()[-300:],
                "stderr": r.stderr.strip()[-300:],
            }
        for name, env, lang in (
            ("cli --psm 0 -l tha+eng", {}, "tha+eng"),
            ("cli --psm 0, tessdata without osd", {"TESSDATA_PREFIX": t}, "osd"),
        ):
            r = subprocess.run(
                [
                    "tesseract",
                    str(Path(tempfile.gettempdir()) / "osd180.png"),
                    "-",
                    "--psm",
                    "0",
                    "-l",
                    lang,
                ],
                capture_output=True,
                text=True,
                env=dict(os.environ, **env),
            )
            res["pitfalls"][name] = {
                "rc": r.returncode,
                "stdout": r.stdout.strip()[-300:],
                "stderr": r.stderr.strip()[-300:],
            }
    return res


# --- main -----------------------------------------------------------------------------------------
def truth_pages(rel: str) -> list[str]:
    out = subprocess.run(
        [BASELINE, "text", str(FIXTURES / rel)], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")


def run_worker(name: str, reps: int) -> dict:
    python = sys.executable
    if name == "tesserocr_debian":  # tesserocr built from source against Debian's libtesseract
        python, name = DEBIAN_TESSEROCR, "tesserocr"
    cmd = [python, __file__, "--worker", name, "--reps", str(reps)]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--worker", choices=["tesserocr", "pytesseract", "psm", "boxes", "osd"])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--only", help="comma-separated workers to run (default: all)")
    ap.add_argument("-o", default=str(HERE / "results" / "ocr_binding.json"))
    args = ap.parse_args()
    if args.worker:
        fn = {
            "tesserocr": lambda: worker_tesserocr(args.reps),
            "pytesseract": lambda: worker_pytesseract(args.reps),
            "psm": worker_psm,
            "boxes": worker_boxes,
            "osd": worker_osd,
        }[args.worker]
        json.dump(fn(), sys.stdout, ensure_ascii=False, default=str)
        return 0
    sys.path.insert(0, str(HERE))
    from ocr_metrics import cer, nows, space_stats  # the workers need no rapidfuzz

    out_path = Path(args.o)
    result = json.loads(out_path.read_text()) if out_path.exists() else {}
    truths = [truth_pages(rel)[i] for rel, i in PAGES]
    result["pages"] = [f"{rel}#{i + 1}" for rel, i in PAGES]
    result["truth_chars"] = [len(nows(t)) for t in truths]
    result["loadavg_start"] = Path("/proc/loadavg").read_text().split()[:3]
    everything = ["tesserocr", "pytesseract", "tesserocr_debian", "psm", "boxes", "osd"]
    todo = args.only.split(",") if args.only else everything
    if not Path(DEBIAN_TESSEROCR).exists():
        todo = [t for t in todo if t != "tesserocr_debian"]
    for name in todo:
        t0 = time.perf_counter()
        r = run_worker(name, args.reps)
        r["worker_wall_s"] = time.perf_counter() - t0
        if name in ("tesserocr", "pytesseract", "tesserocr_debian"):
            r["cer"] = [cer(t, h) for t, h in zip(truths, r["texts"], strict=True)]
        if name == "psm":
            r["cer"] = {
                k: [cer(t, h) for t, h in zip(truths, v, strict=True)]
                for k, v in r["texts"].items()
            }
            r["spaces"] = {}
            for k, v in r["texts"].items():
                tot: Counter[str] = Counter()
                for t, h in zip(truths, v, strict=True):
                    tot += space_stats(t, h)
                r["spaces"][k] = dict(tot)
        result[name] = r
        print(name, f"{r['worker_wall_s']:.0f} s", file=sys.stderr)
        out_path.parent.mkdir(exist_ok=True)
        out_path.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    result["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
    out_path.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
