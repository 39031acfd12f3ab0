"""Benchmark of ``reportparse batch`` against what a user would write first, and the floor.

Builds a corpus of copies of the fixture PDFs under bench/corpus/ (gitignored), then measures,
on that corpus and this machine:

- ``raw``:      pypdfium2 open, every page's textpage, ``get_text_range``, close: no parsing at
                all, the floor of any PDFium-based tool (one process);
- ``plumber``:  the naive loop of pdfplumber ``extract_text`` (on a subset: it is slow);
- ``parse``:    ``parse_file`` in a loop in one process: the parser without batch machinery
                (on a subset), to show what the machinery costs;
- ``batch-jN``: ``reportparse batch --jobs N --force`` as a subprocess, with the memory of its
                whole process tree (parent, forkserver, workers) sampled from /proc: RSS summed
                (counts pages shared between processes once per process, an upper bound) and
                PSS summed (shares them out: what the tree really occupies), at 500 files and
                at the end.

The machine may be shared: each batch run also records the CPU seconds other processes used
meanwhile (from /proc/stat), so a figure taken under contention can be recognised.

Acceptance 1 of issue 17 (``--acceptance``): ``reportparse batch --jobs 1`` over at least 300
report PDFs of 2–8 pages (every fixture report PDF of that length, in pdf/, fonts/ and
matrix/, copied round robin into bench/corpus-2to8/), as a whole process, against the floor
run the same way (``bench/raw_floor.py``: Python, pypdfium2 and the raw text of every page),
and ``--jobs 2`` against ``--jobs 1``: the three commands interleaved, ``--runs`` (at least 5)
times each, medians and paired ratios, the load average beside every run (bench/timing.py).
With ``--baseline SRC`` (the src folder of another checkout), that tree's ``--jobs 1`` is run
in the same rounds, and its time over this tree's is given as a paired ratio: on a machine
whose speed drifts, the one comparison of two trees that holds.
Results: bench/results/batch_accept.json and .md.

Usage: .venv/bin/python bench/batch_bench.py [--files 2000] [--subset 200]
       .venv/bin/python bench/batch_bench.py --acceptance [--files 300] [--runs 5] [--baseline SRC]
(BENCH_COMMIT=<sha> names the commit measured when the tree is not a git checkout.)
Results go to bench/results/batch.json and bench/results/batch.md. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PDFS = sorted((ROOT / "fixtures" / "pdf").glob("*.pdf"))
CORPUS = ROOT / "bench" / "corpus"
#: acceptance 1's corpus: report PDFs of 2-8 pages
CORPUS_2TO8 = ROOT / "bench" / "corpus-2to8"
REPORT_PDF_FOLDERS = ("pdf", "fonts", "matrix")
RESULTS = ROOT / "bench" / "results"
#: files per folder of the corpus, so the batch walks a tree as an archive would be
PER_FOLDER = 100


@dataclass
class Run:
    name: str
    files: int
    pages: int
    seconds: float
    note: str = ""
    memory: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def build_corpus(n: int, sources: list[Path] | None = None, corpus: Path = CORPUS) -> list[Path]:
    """``n`` copies of ``sources`` (the fixture PDFs), round robin, in folders of
    ``PER_FOLDER`` under ``corpus``."""
    sources = sources or FIXTURE_PDFS
    wanted = []
    for i in range(n):
        src = sources[i % len(sources)]
        wanted.append((src, corpus / f"d{i // PER_FOLDER:03d}" / f"{i:05d}_{src.name}"))
    existing = {p for p in corpus.rglob("*.pdf")} if corpus.exists() else set()
    if existing != {dst for _, dst in wanted}:
        shutil.rmtree(corpus, ignore_errors=True)
        for src, dst in wanted:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    return [dst for _, dst in wanted]


def report_pdfs(first: int = 2, last: int = 8) -> list[Path]:
    """Every fixture report PDF (``REPORT_PDF_FOLDERS``) of ``first`` to ``last`` pages."""
    import pypdfium2 as pdfium

    found = []
    for folder in REPORT_PDF_FOLDERS:
        for path in sorted((ROOT / "fixtures" / folder).rglob("*.pdf")):
            pdf = pdfium.PdfDocument(path)
            if first <= len(pdf) <= last:
                found.append(path)
            pdf.close()
    return found


def page_count(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        total += len(pdf)
        pdf.close()
    return total


def bench_raw(paths: list[Path]) -> Run:
    import pypdfium2 as pdfium

    pages, start = 0, time.perf_counter()
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return Run(
        "raw pypdfium2 get_text_range (floor)", len(paths), pages, time.perf_counter() - start
    )


def bench_plumber(paths: list[Path], total_files: int) -> Run:
    import pdfplumber

    pages, start = 0, time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    note = f"subset of {len(paths)} files; the full corpus extrapolated" if total_files else ""
    return Run(
        "naive pdfplumber extract_text loop", len(paths), pages, time.perf_counter() - start, note
    )


def bench_parse(paths: list[Path]) -> Run:
    from reportparse import parse_file

    parse_file(paths[0])  # warm: imports and the Thai dictionary, as a batch worker starts
    pages, start = 0, time.perf_counter()
    for path in paths:
        doc = parse_file(path)
        doc.model_dump_json(indent=2)
        pages += doc.source.page_count
    return Run(
        "parse_file loop, one process, no batch",
        len(paths),
        pages,
        time.perf_counter() - start,
        f"subset of {len(paths)} files",
    )


def _tree(root: int) -> list[int]:
    """``root`` and every process descending from it."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += parents.get(pid, [])
    return found


def _kib(pid: int, path: str, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def machine_busy_seconds() -> float:
    """CPU seconds every process of the machine has used since boot (from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class TreeSampler(threading.Thread):
    """Sample the memory and CPU of a process tree, and how many files the batch has done."""

    def __init__(self, pid: int, manifest: Path, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.manifest, self.interval = pid, manifest, interval
        self.samples: list[tuple[int, int, int, int]] = []  # files done, rss, pss, processes
        self.cpu: dict[int, int] = {}  # last CPU ticks seen per process of the tree
        self.done = threading.Event()

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values()) / os.sysconf("SC_CLK_TCK")

    def run(self) -> None:
        while not self.done.is_set():
            pids = _tree(self.pid)
            self.cpu |= {p: t for p in pids if (t := _cpu_ticks(p))}
            rss = sum(_kib(p, "status", "VmRSS:") for p in pids)
            pss = sum(_kib(p, "smaps_rollup", "Pss:") for p in pids)
            try:
                files = self.manifest.read_bytes().count(b"\n")
            except FileNotFoundError:
                files = 0
            if rss:
                self.samples.append((files, rss, pss, len(pids)))
            time.sleep(self.interval)

    def peaks(self, upto: int | None = None) -> dict[str, float]:
        chosen = [s for s in self.samples if upto is None or s[0] <= upto] or self.samples
        return {
            "rss_mb": max(s[1] for s in chosen) / 1024,
            "pss_mb": max(s[2] for s in chosen) / 1024,
            "processes": max(s[3] for s in chosen),
        }


def bench_batch(jobs: int, paths: list[Path], pages: int) -> Run:
    out = ROOT / "bench" / "corpus-out"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "reportparse", "batch", str(CORPUS), "-o", str(out)]
    start, busy = time.perf_counter(), machine_busy_seconds()
    proc = subprocess.Popen([*command, "--jobs", str(jobs), "--force"], stderr=subprocess.PIPE)
    sampler = TreeSampler(proc.pid, out / "manifest.jsonl", interval=0.1)
    sampler.start()
    _, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    busy = machine_busy_seconds() - busy
    sampler.done.set()
    sampler.join()
    lines = [json.loads(x) for x in (out / "manifest.jsonl").read_text().splitlines()]
    ok = sum(x["status"] == "ok" for x in lines)
    parsed_pages = sum(x["pages"] or 0 for x in lines)
    if ok != len(paths) or parsed_pages != pages:
        sys.exit(f"batch -j{jobs}: {ok} ok of {len(paths)}:\n{stderr.decode()[-2000:]}")
    memory = {f"{k}_at_500": v for k, v in sampler.peaks(500).items()}
    memory |= {f"{k}_at_end": v for k, v in sampler.peaks().items()}
    shutil.rmtree(out, ignore_errors=True)
    parse_seconds = sum(x["seconds"] for x in lines)
    cpu = {
        "batch_tree_cpu_seconds": round(sampler.cpu_seconds, 1),
        "other_processes_cpu_seconds": round(max(busy - sampler.cpu_seconds, 0.0), 1),
        "parse_seconds_in_workers": round(parse_seconds, 1),
        "workers_busy_parsing": round(parse_seconds / (seconds * jobs), 3),
    }
    note = (
        f"workers parsing {cpu['workers_busy_parsing']:.0%} of the time;"
        f" other processes used {cpu['other_processes_cpu_seconds']:.0f} CPU s meanwhile"
    )
    return Run(f"reportparse batch --jobs {jobs}", len(paths), pages, seconds, note, memory, cpu)


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    commit = (
        os.environ.get("BENCH_COMMIT")
        or subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
    )
    import pdfplumber
    import pypdfium2

    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory_gib": f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f}",
        "python": platform.python_version(),
        "os": platform.platform(),
        "pypdfium2": str(pypdfium2.version.PYPDFIUM_INFO),
        "pdfplumber": pdfplumber.__version__,
        "commit": commit,
    }


def table(runs: list[Run], floor: Run, plumber_full: float) -> str:
    rows = [
        "| measurement | files | pages | seconds | pages/s | vs raw floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        rows.append(
            f"| {r.name}{' (' + r.note + ')' if r.note else ''} | {r.files} | {r.pages} |"
            f" {r.seconds:.1f} | {r.pages_per_second:.1f} |"
            f" {r.pages_per_second / floor.pages_per_second:.0%} |"
        )
    rows.append(f"\nnaive pdfplumber loop extrapolated to the full corpus: {plumber_full:.0f} s")
    return "\n".join(rows)


def acceptance(files: int, runs: int, baseline: Path | None = None) -> None:
    """Issue 17, acceptance 1: batch -j1 and -j2 against the floor, interleaved (see above);
    with ``baseline`` (the src folder of another tree), that tree's batch -j1 too."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from timing import interleaved, machine, paired_ratio, precompile, run_env, write_results

    sources = report_pdfs()
    paths = build_corpus(files, sources, CORPUS_2TO8)
    pages = page_count(paths)
    precompile(ROOT / "src", ROOT / "bench", *([baseline] if baseline else []))
    env = run_env()
    out = ROOT / "bench" / "corpus-2to8-out"
    floor_cmd = [sys.executable, str(ROOT / "bench" / "raw_floor.py"), str(CORPUS_2TO8)]
    batch_cmd = [sys.executable, "-m", "reportparse", "batch", str(CORPUS_2TO8), "-o", str(out)]

    def floor() -> float:
        start = time.perf_counter()
        done = subprocess.run(floor_cmd, env=env, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
        assert done.stdout.split() == [str(len(paths)), str(pages)], done.stdout
        return seconds

    def batch(jobs: int, src: Path | None = None) -> float:
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        done = subprocess.run(
            [*batch_cmd, "--jobs", str(jobs)],
            env=env | ({"PYTHONPATH": str(src)} if src else {}),
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        lines = [json.loads(x) for x in (out / "manifest.jsonl").read_text().splitlines()]
        parsed = sum(x["pages"] or 0 for x in lines)
        if done.returncode != 0 or len(lines) != len(paths) or parsed != pages:
            sys.exit(f"batch -j{jobs}: exit {done.returncode}, {parsed} pages\n{done.stderr}")
        return seconds

    measures = {
        "floor (raw pypdfium2 script)": floor,
        "batch --jobs 1": lambda: batch(1),
        "batch --jobs 2": lambda: batch(2),
    }
    if baseline:
        measures[f"baseline batch --jobs 1 ({baseline})"] = lambda: batch(1, baseline)
    series = interleaved(measures, runs)
    shutil.rmtree(out, ignore_errors=True)
    f, j1, j2, *base = series.values()
    ratios = {
        "batch_j1_pages_per_s_vs_floor": round(paired_ratio(f, j1), 3),
        "batch_j2_vs_j1": round(paired_ratio(j1, j2), 3),
        "batch_j2_pages_per_s_vs_floor": round(paired_ratio(f, j2), 3),
    }
    if base:
        ratios["batch_j1_baseline_vs_now"] = round(paired_ratio(base[0], j1), 3)
    result = {
        "machine": machine(),
        "corpus": {
            "files": len(paths),
            "pages": pages,
            "distinct_pdfs": len(sources),
            "from": [f"fixtures/{d}" for d in REPORT_PDF_FOLDERS],
            "pages_per_file": "2-8",
        },
        "series": [
            s.summary() | {"pages_per_s": round(pages / s.median, 1)} for s in series.values()
        ],
        "ratios_paired_median": ratios,
        "targets": {"batch_j1_pages_per_s_vs_floor": 0.70, "batch_j2_vs_j1_idle": 1.8},
    }
    rows = ["| command | median s | pages/s | min–max s | load (median, range) |"]
    rows.append("|---|---:|---:|---:|---|")
    for s in result["series"]:
        rows.append(
            f"| {s['name']} | {s['median_s']:.2f} | {s['pages_per_s']:.0f} |"
            f" {s['min_s']:.2f}–{s['max_s']:.2f} | {s['load_median']}"
            f" ({s['load_range'][0]}–{s['load_range'][1]}) |"
        )
    info = result["machine"]
    md = (
        "# Issue 17, acceptance 1: batch against the floor\n\n"
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}; commit"
        f" {info['commit']}. Corpus: {len(paths)} PDFs ({pages} pages), copies of the"
        f" {len(sources)} fixture report PDFs of 2–8 pages; {runs} runs of each command,"
        " interleaved, each a whole process.\n\n"
        + "\n".join(rows)
        + "\n\nPaired ratios (medians of run-by-run ratios): batch --jobs 1 pages/s ="
        f" {ratios['batch_j1_pages_per_s_vs_floor']:.2f}× the floor's (target 0.70);"
        f" --jobs 2 = {ratios['batch_j2_vs_j1']:.2f}× --jobs 1 (target 1.8 on an idle"
        " machine).\n"
    )
    if base:
        md += (
            f"\nThe baseline's batch --jobs 1 took {ratios['batch_j1_baseline_vs_now']:.2f}× as"
            " long as this tree's (paired).\n"
        )
    write_results("batch_accept", result, md)
    print(md)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=None, help="2,000 (300 with --acceptance)")
    parser.add_argument("--subset", type=int, default=200, help="files for plumber and parse")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--acceptance", action="store_true", help="issue 17's acceptance 1")
    parser.add_argument("--runs", type=int, default=5, help="runs of each (--acceptance)")
    parser.add_argument("--baseline", type=Path, help="--acceptance: the src folder of a tree")
    args = parser.parse_args()
    args.files = args.files or (300 if args.acceptance else 2000)
    if args.acceptance:
        if args.runs < 5 or args.files < 300:
            parser.error("--acceptance: at least 5 runs of at least 300 files")
        acceptance(args.files, args.runs, args.baseline)
        return

    paths = build_corpus(args.files)
    pages = page_count(paths)
    print(f"corpus: {len(paths)} PDFs, {pages} pages under {CORPUS}", flush=True)
    subset = paths[: args.subset]
    busy, start = machine_busy_seconds(), time.perf_counter()
    floor = bench_raw(paths)
    floor.cpu = {
        "other_processes_cpu_seconds": round(
            max(machine_busy_seconds() - busy - (time.perf_counter() - start), 0.0), 1
        )
    }
    print(f"raw: {floor.pages_per_second:.1f} pages/s", flush=True)
    plumber = bench_plumber(subset, len(paths))
    plumber_full = plumber.seconds * pages / plumber.pages
    print(f"plumber: {plumber.pages_per_second:.1f} pages/s", flush=True)
    parse = bench_parse(subset)
    print(f"parse loop: {parse.pages_per_second:.1f} pages/s", flush=True)
    runs = [floor, plumber, parse]
    for jobs in args.jobs:
        run = bench_batch(jobs, paths, pages)
        print(f"batch -j{jobs}: {run.pages_per_second:.1f} pages/s {run.memory}", flush=True)
        runs.append(run)

    batches = {r.name: r for r in runs if r.name.startswith("reportparse batch")}
    one = batches.get("reportparse batch --jobs 1")
    two = batches.get("reportparse batch --jobs 2")
    ratios = {
        "batch_j1_vs_floor": one.pages_per_second / floor.pages_per_second if one else None,
        "batch_j2_vs_j1": two.pages_per_second / one.pages_per_second if one and two else None,
        "batch_best_vs_plumber": max(r.pages_per_second for r in batches.values())
        / plumber.pages_per_second,
        "batch_j1_vs_parse_loop": one.pages_per_second / parse.pages_per_second if one else None,
    }
    result = {
        "machine": machine(),
        "corpus": {"files": len(paths), "pages": pages},
        "runs": [asdict(r) | {"pages_per_second": r.pages_per_second} for r in runs],
        "plumber_full_corpus_seconds_extrapolated": plumber_full,
        "ratios": ratios,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "batch.json").write_text(json.dumps(result, indent=2) + "\n")
    mem = "\n".join(
        f"- {name}: peak RSS sum {r.memory['rss_mb_at_500']:.0f} MB at 500 files,"
        f" {r.memory['rss_mb_at_end']:.0f} MB at {r.files}; peak PSS sum"
        f" {r.memory['pss_mb_at_500']:.0f} MB at 500, {r.memory['pss_mb_at_end']:.0f} MB at"
        f" {r.files} ({r.memory['processes_at_end']:.0f} processes)"
        for name, r in batches.items()
    )
    ratio_text = "\n".join(f"- {k}: {v:.2f}" for k, v in ratios.items() if v is not None)
    info = result["machine"]
    report = (
        f"# reportparse batch benchmark\n\nMachine: {info['nproc']} CPUs ({info['cpu']}),"
        f" {info['memory_gib']} GiB, Python {info['python']}, {info['os']}; commit"
        f" {info['commit']}.\nCorpus: {len(paths)} PDFs ({pages} pages), copies of the"
        f" {len(FIXTURE_PDFS)} fixture PDFs.\n\n{table(runs, floor, plumber_full)}\n\nMemory of"
        f" the batch process tree (parent + forkserver + workers):\n{mem}\n\n"
        f"Ratios:\n{ratio_text}\n"
    )
    (RESULTS / "batch.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
