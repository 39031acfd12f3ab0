"""Acceptance 1 on the benchmark corpus: kill -9 a batch midway, rerun it, check the invariants.

Runs ``reportparse batch bench/corpus -o bench/corpus-out`` as a subprocess, sends SIGKILL to
it once ``--kill-after`` files are in the manifest (polling the manifest), reruns the same
command to the end, then checks: every input has exactly one ``ok`` line; nothing that was ok
before the kill was parsed again (it is ``skipped`` in the rerun); no temp file is left and every
output is complete JSON with its reports. Prints the figures as JSON. Build the corpus first
with bench/batch_bench.py. Usage: .venv/bin/python bench/kill_resume.py [--kill-after 500]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"
OUT = ROOT / "bench" / "corpus-out"


def lines(manifest: Path) -> list[dict]:
    from reportparse.batch.manifest import read_manifest

    return read_manifest(manifest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kill-after", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    inputs = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.pdf"))
    if not inputs:
        sys.exit("no corpus: run bench/batch_bench.py first")
    shutil.rmtree(OUT, ignore_errors=True)
    manifest = OUT / "manifest.jsonl"
    command = [sys.executable, "-m", "reportparse", "batch", str(CORPUS), "-o", str(OUT)]
    command += ["--jobs", str(args.jobs)]

    start = time.perf_counter()
    proc = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    while proc.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= args.kill_after:
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait()
    killed_at = time.perf_counter() - start
    first = lines(manifest)
    temp_left = [p.name for p in OUT.rglob("*.tmp")]

    start = time.perf_counter()
    rerun = subprocess.run(command, capture_output=True, text=True)
    rerun_seconds = time.perf_counter() - start
    every = lines(manifest)
    second = every[len(first) :]
    ok = Counter(x["path"] for x in every if x["status"] == "ok")
    first_ok = {x["path"] for x in first if x["status"] == "ok"}
    outputs = list(OUT.rglob("*.json"))
    complete = sum(bool(json.loads(p.read_text(encoding="utf-8"))["reports"]) for p in outputs)
    figures = {
        "inputs": len(inputs),
        "killed_after_seconds": round(killed_at, 1),
        "ok_lines_before_kill": len(first_ok),
        "temp_files_left_by_kill": len(temp_left),
        "rerun_exit": rerun.returncode,
        "rerun_seconds": round(rerun_seconds, 1),
        "rerun_skipped": sum(x["status"] == "skipped" for x in second),
        "rerun_ok": sum(x["status"] == "ok" for x in second),
        "inputs_ok_exactly_once": sum(ok[p] == 1 for p in inputs),
        "ok_before_kill_parsed_again": len(
            first_ok & {x["path"] for x in second if x["status"] == "ok"}
        ),
        "temp_files_after_rerun": len(list(OUT.rglob("*.tmp"))),
        "outputs": len(outputs),
        "outputs_complete_json": complete,
    }
    print(json.dumps(figures, indent=2))
    shutil.rmtree(OUT, ignore_errors=True)
    good = (
        figures["inputs_ok_exactly_once"] == len(inputs) == figures["outputs_complete_json"]
        and not figures["ok_before_kill_parsed_again"]
        and not figures["temp_files_after_rerun"]
        and rerun.returncode == 0
    )
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
