"""Benchmark of ``diff_reports`` on two 50-round reports (issue 5: under a second).

Builds two versions of a 50-round report from ``fixtures/reports/r01_clean.txt``'s header with
``parse_text``: every round has three lines of Thai text; the new version changes words in the
text of every round, the percentage of every fifth round, and adds a round, so the word diff
runs on every round (the worst case: a text with no change costs no tokenizing). Then measures
on this machine:

- ``warm``: ``diff_reports`` in this process, the word cache cleared before each run (median
  and max of ``--runs`` runs, after one untimed run that loads pythainlp's dictionary);
- ``cold``: one ``diff_reports`` in a fresh Python process, pythainlp's dictionary load
  included (median of ``--cold`` processes);
- ``cli``: ``reportparse diff OLD NEW`` as a subprocess on the two versions written as .txt,
  parsing included (median of ``--cold`` runs).

Usage: .venv/bin/python bench/diff_bench.py [--runs 9] [--cold 3]. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


COLD = """
import sys, time
from reportparse import parse_text
sys.path.insert(0, {bench!r})
from diff_bench import report_text
old, new = (parse_text(report_text(v)).reports[0] for v in (1, 2))
start = time.perf_counter()
from reportparse.diff import diff_reports
changes = diff_reports(old, new)
print(time.perf_counter() - start, len(changes))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cold", type=int, default=3)
    args = parser.parse_args()

    from reportparse import parse_text
    from reportparse.diff import diff_reports
    from reportparse.diff.words import words

    old, new = (parse_text(report_text(v)).reports[0] for v in (1, 2))
    assert len(old.progress) == ROUNDS and len(new.progress) == ROUNDS + 1
    changes = diff_reports(old, new)  # untimed: loads the dictionary
    warm = []
    for _ in range(args.runs):
        words.cache_clear()
        start = time.perf_counter()
        diff_reports(old, new)
        warm.append(time.perf_counter() - start)

    cold = []
    for _ in range(args.cold):
        code = COLD.format(bench=str(Path(__file__).parent))
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        cold.append(float(out.stdout.split()[0]))

    cli = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"v{v}.txt" for v in (1, 2)]
        for version, path in enumerate(paths, start=1):
            path.write_text(report_text(version), encoding="utf-8")
        command = [str(Path(sys.executable).with_name("reportparse")), "diff", *map(str, paths)]
        for _ in range(args.cold):
            start = time.perf_counter()
            run = subprocess.run(command, capture_output=True, text=True)
            cli.append(time.perf_counter() - start)
            assert run.returncode == 1, run.stderr

    print(f"two reports of {ROUNDS} and {ROUNDS + 1} rounds, {len(changes)} changes")
    print(
        f"warm diff_reports: median {statistics.median(warm) * 1000:.1f} ms, "
        f"max {max(warm) * 1000:.1f} ms ({args.runs} runs)"
    )
    print(f"cold diff_reports (fresh process): median {statistics.median(cold) * 1000:.0f} ms")
    print(f"reportparse diff OLD NEW (parse included): median {statistics.median(cli):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
