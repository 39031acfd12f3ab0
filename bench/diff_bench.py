"""Benchmark of ``reportparse diff`` (issue 17, acceptance 3; issue 5's 50-round check kept).

Acceptance 3: ``diff`` of two seed-sized reports within 0.3 s, of two reports whose rationales
are 4,000 lines within 2 s, its time growing about linearly with the length. Measured, every
figure a median of ``--runs`` (at least 5) runs taken interleaved with the load average beside
it (bench/timing.py):

- ``seed``: ``reportparse diff`` of the seed's two versions, as a whole process: the text
  exports (fixtures/reports/seed_v1.txt, seed_v2.txt), their PDFs (LibreOffice, Noto Sans Thai)
  and the JSON ``parse`` wrote of them;
- ``rationale-N`` for N = 1,000, 2,000 and 4,000 lines: two versions of the seed whose rationale
  is N lines of the seed's own phrases (about 80 characters a line), the second with 2 % of its
  lines edited, 0.5 % inserted and deleted (``rationale_report``). ``reportparse diff`` of the
  JSON ``parse`` wrote of them, as a whole process, and ``diff_reports`` alone in that process
  (the diff without start-up, the parse or the dictionary): the figure whose growth is judged;
- ``--baseline SRC``: the same commands run interleaved with the tree at SRC (its ``src``
  folder, for example a ``git archive`` of the commit before), up to ``--baseline-max`` lines;
- ``fifty_rounds``: issue 5's two 50-round reports, ``diff_reports`` warm in this process.

The dictionary cache (``thai.tokenizer``) is warm, as it is from a user's second diff on; the
first diff of a machine builds it once (``--cold-cache`` measures that too).
Results: bench/results/diff.json and diff.md. Usage:
``.venv/bin/python bench/diff_bench.py [--runs 5] [--baseline /tmp/base/src]``.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import (  # bench/ is not a package: its folder is on the path
    Series,
    interleaved,
    load,
    machine,
    paired_ratio,
    precompile,
    run_env,
    time_command,
    write_results,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reports" / "seed_v2.txt"
SIZES = (1000, 2000, 4000)
HEADER = (ROOT / "fixtures" / "reports" / "r01_clean.txt").read_text(encoding="utf-8")
ROUNDS = 50
TEXT = (
    "ดำเนินการตรวจสอบพื้นที่{place}ร่วมกับสำนักงานเขตและประชาชนในชุมชน "
    "จัดประชุมชี้แจงรายละเอียดโครงการ ครั้งที่ {n} ณ ศาลาประชาคม\n"
    "ผู้รับจ้างดำเนินการ{work}แล้วเสร็จร้อยละ {pct} ตามสัญญาจ้างเลขที่ {n}/2567 "
    "อยู่ระหว่างตรวจรับงานงวดที่ {n}\n"
    "คณะกรรมการตรวจรับพัสดุได้ตรวจสอบแล้ว เห็นควรให้ดำเนินการต่อไปตามแผนที่ได้รับอนุมัติ"
)


def report_text(version: int) -> str:
    """The whole text export of a 50-round report (version 2: edited in every round)."""
    head = HEADER.split("- รายงานครั้งที่1", 1)[0]
    rounds = [_round(n, version) for n in range(1, ROUNDS + 1 + (version == 2))]
    return head + "\n".join(rounds) + "\n"


def _round(n: int, version: int) -> str:
    pct = min(100, 2 * n) + (1 if version == 2 and n % 5 == 0 else 0)
    place = "สวนสาธารณะ" if version == 1 else "ลานกีฬาชุมชน"
    work = "ปรับปรุงทางเดิน" if version == 1 or n % 2 else "ติดตั้งไฟส่องสว่าง"
    month, year = 1 + (n - 1) % 12, 2566 + (n - 1) // 12
    text = TEXT.format(place=place, work=work, n=n, pct=pct)
    return (
        f"- รายงานครั้งที่{n} :: 15/{month:02d}/{year} : {text}\n"
        f":: ความก้าวหน้าของงานฯ = {pct:.2f} % งบประมาณที่เบิกใช้ (ครั้งที่ {n}) = 0 บาท "
        ": เป็นไปตามแผน : เป็นไปตามเป้าหมาย"
    )


# --- rationales of thousands of lines ------------------------------------------------------------
def _seed_parts() -> tuple[str, str, list[str]]:
    """The seed's text before and after its rationale, and the rationale's phrases."""
    text = SEED.read_text(encoding="utf-8")
    head, rest = text.split("1.3 หลักการและเหตุผล", 1)
    body, tail = rest.split("1.4 วัตถุประสงค์ของโครงการ", 1)
    phrases = [p for p in re.split(r"\s+", body) if p and "*" not in p and "แบบแสดง" not in p]
    return head, tail, phrases


def rationale(lines: int, version: int) -> str:
    """``lines`` lines of about 80 characters made of the seed's phrases, each numbered; the
    second version has 2 % of its lines edited (a phrase replaced) and 0.5 % inserted and
    deleted, spread over the text."""
    _, _, phrases = _seed_parts()
    rng = random.Random(17)
    out = []
    for i in range(lines):
        line = f"ข้อ {i + 1}"
        while len(line) < 70:
            phrase = rng.choice(phrases)
            if len(line) + len(phrase) < 100:
                line += " " + phrase
        out.append(line)
    if version == 2:
        rng = random.Random(99)
        for _ in range(lines // 50):
            j = rng.randrange(len(out))
            words = out[j].split(" ")
            words[rng.randrange(len(words))] = rng.choice(phrases)
            out[j] = " ".join(words)
        for _ in range(lines // 200):
            out.insert(rng.randrange(len(out)), " ".join(rng.choice(phrases) for _ in range(4)))
            del out[rng.randrange(len(out))]
    return "\n".join(out)


def rationale_report(lines: int, version: int) -> str:
    """The seed's text export with its rationale replaced by ``rationale(lines, version)``."""
    head, tail, _ = _seed_parts()
    body = rationale(lines, version)
    return f"{head}1.3 หลักการและเหตุผล\n\n{body}\n\n1.4 วัตถุประสงค์ของโครงการ{tail}"


# --- measuring ------------------------------------------------------------------------------------
#: diff_reports alone, in a fresh process, on two JSON documents (the dictionary warmed first)
DIFF_ONLY = """
import sys, time
from pathlib import Path
from reportparse.models import Document
from reportparse.diff import diff_reports
from reportparse.thai.tokenizer import tokenize
old, new = (Document.model_validate_json(Path(p).read_bytes()).reports[0] for p in sys.argv[1:3])
tokenize("การ")
start = time.perf_counter()
changes = diff_reports(old, new)
print(time.perf_counter() - start, len(changes))
"""


def _cli(src: Path | None) -> tuple[list[str], dict[str, str]]:
    """How to run reportparse from the tree at ``src`` (None: this checkout)."""
    env = run_env()
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return [sys.executable, "-m", "reportparse"], env


def _diff_only(src: Path | None, old: Path, new: Path) -> Callable[[], float]:
    env = _cli(src)[1]

    def measure() -> float:
        out = subprocess.run(
            [sys.executable, "-c", DIFF_ONLY, str(old), str(new)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return float(out.stdout.split()[0])

    return measure


def _command(src: Path | None, *args: str) -> Callable[[], float]:
    argv, env = _cli(src)
    return lambda: time_command([*argv, *args], env)


def write_inputs(folder: Path, sizes: tuple[int, ...]) -> dict[str, tuple[Path, Path]]:
    """The compared files: the seed's text, PDF and JSON; each rationale size as JSON."""
    from reportparse import parse_file, parse_text
    from reportparse.models import to_json

    pdf = ROOT / "fixtures" / "pdf"
    inputs = {
        "seed-txt": (ROOT / "fixtures/reports/seed_v1.txt", ROOT / "fixtures/reports/seed_v2.txt"),
        "seed-pdf": (pdf / "seed_v1.lo-noto.pdf", pdf / "seed_v2.lo-noto.pdf"),
    }
    pair = []
    for v, path in enumerate(inputs["seed-txt"], start=1):
        pair.append(folder / f"seed_v{v}.json")
        pair[-1].write_text(to_json(parse_file(path)) + "\n", encoding="utf-8")
    inputs["seed-json"] = (pair[0], pair[1])
    for n in sizes:
        pair = []
        for v in (1, 2):
            pair.append(folder / f"rationale{n}_v{v}.json")
            doc = parse_text(rationale_report(n, v), path=f"rationale{n}_v{v}.txt")
            pair[-1].write_text(to_json(doc) + "\n", encoding="utf-8")
        inputs[f"rationale-{n}"] = (pair[0], pair[1])
    return inputs


def fifty_rounds(runs: int) -> dict[str, float]:
    """Issue 5's figure: ``diff_reports`` of two 50-round reports, warm, in this process."""
    from reportparse import parse_text
    from reportparse.diff import diff_reports
    from reportparse.diff.words import words

    old, new = (parse_text(report_text(v)).reports[0] for v in (1, 2))
    changes = diff_reports(old, new)  # untimed: loads the dictionary
    warm = []
    for _ in range(runs):
        words.cache_clear()
        start = time.perf_counter()
        diff_reports(old, new)
        warm.append(time.perf_counter() - start)
    return {"changes": len(changes), "median_s": statistics.median(warm), "load": load()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="the src folder of a tree to compare with")
    parser.add_argument("--baseline-max", type=int, default=1000, help="largest size for it")
    parser.add_argument("--cold-cache", action="store_true", help="also the first diff ever")
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("--runs: at least 5")
    precompile(ROOT / "src", *([args.baseline] if args.baseline else []))
    with tempfile.TemporaryDirectory() as tmp:
        inputs = write_inputs(Path(tmp), SIZES)
        measures: dict[str, Callable[[], float]] = {}
        for name, (old, new) in inputs.items():
            measures[f"{name} cli"] = _command(None, "diff", str(old), str(new))
            if name.startswith("rationale"):
                measures[f"{name} diff_reports"] = _diff_only(None, old, new)
            size = int(name.split("-")[1]) if name.startswith("rationale") else 0
            if args.baseline and size <= args.baseline_max:
                measures[f"{name} cli (baseline)"] = _command(
                    args.baseline, "diff", str(old), str(new)
                )
        if args.cold_cache:
            cache = Path(tmp) / "cold-cache"
            old, new = inputs["seed-txt"]
            argv, env = _cli(None)

            def cold() -> float:
                env["REPORTPARSE_CACHE_DIR"] = str(cache / str(time.monotonic_ns()))
                return time_command([*argv, "diff", str(old), str(new)], env)

            measures["seed-txt cli, no dictionary cache"] = cold
        series = interleaved(measures, args.runs)
    result = report(series, args)
    result["fifty_rounds"] = fifty_rounds(max(args.runs, 9))
    write_results("diff", result, markdown(result))
    print(markdown(result))
    return 0


def report(series: dict[str, Series], args: argparse.Namespace) -> dict[str, object]:
    growth_of = "diff_reports"
    medians = {n: series[f"rationale-{n} {growth_of}"].median for n in SIZES}
    growth = {
        f"{b}/{a} lines": round(medians[b] / medians[a], 2) for a, b in itertools.pairwise(SIZES)
    }
    ratios = {
        name.removesuffix(" (baseline)"): round(
            paired_ratio(series[name], series[name.replace(" (baseline)", "")]), 2
        )
        for name in series
        if name.endswith("(baseline)")
    }
    return {
        "machine": machine(),
        "runs": args.runs,
        "series": [s.summary() for s in series.values()],
        "growth_of_diff_reports": growth,
        "baseline": str(args.baseline) if args.baseline else None,
        "speedup_vs_baseline_paired": ratios,
        "acceptance": {
            "seed_cli_s": {
                k: series[f"{k} cli"].median for k in ("seed-txt", "seed-pdf", "seed-json")
            },
            "rationale_4000_cli_s": series["rationale-4000 cli"].median,
            "rationale_4000_diff_reports_s": series["rationale-4000 diff_reports"].median,
        },
    }


def markdown(result: dict[str, object]) -> str:
    info = result["machine"]
    rows = ["| measurement | median s | min–max s | load (median, range) |", "|---|---:|---:|---|"]
    for s in result["series"]:  # type: ignore[union-attr]
        rows.append(
            f"| {s['name']} | {s['median_s']:.3f} | {s['min_s']:.3f}–{s['max_s']:.3f} |"
            f" {s['load_median']} ({s['load_range'][0]}–{s['load_range'][1]}) |"
        )
    growth = ", ".join(f"{k}: {v}×" for k, v in result["growth_of_diff_reports"].items())  # type: ignore[union-attr]
    speed = ", ".join(f"{k}: {v}×" for k, v in result["speedup_vs_baseline_paired"].items())  # type: ignore[union-attr]
    fifty = result.get("fifty_rounds") or {}
    return (
        "# reportparse diff benchmark (issue 17, acceptance 3)\n\n"
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}; commit"  # type: ignore[index]
        f" {info['commit']}; {result['runs']} runs of each, interleaved.\n\n"  # type: ignore[index]
        + "\n".join(rows)
        + f"\n\nGrowth of diff_reports with the rationale's length: {growth} (2.0× is linear)."
        + (f"\n\nBaseline tree / this tree, paired: {speed}." if speed else "")
        + (
            f"\n\nIssue 5's two 50-round reports, diff_reports warm:"
            f" {fifty['median_s'] * 1000:.1f} ms ({fifty['changes']} changes,"
            f" load {fifty['load']})."
            if fifty
            else ""
        )
        + "\n"
    )


if __name__ == "__main__":
    sys.exit(main())
