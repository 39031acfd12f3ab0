"""Timing for the benchmarks on a shared machine: interleaved runs, medians, load beside them.

The machine these run on is shared: a figure taken while another job runs is slower by an
unknown factor. So every benchmark here runs its commands interleaved (A B A B …, never all
of A then all of B), takes medians of at least five runs, gives ratios of runs taken side by
side, and records the load average (``os.getloadavg()``, 1 minute) at every run, so a figure
taken under load can be recognised. ``instructions`` counts the instructions a command runs
(valgrind's callgrind), a figure no other job changes, where seconds are too noisy to decide.

Not part of the test suite.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def load() -> float:
    """The 1-minute load average."""
    return round(os.getloadavg()[0], 2)


@dataclass
class Series:
    """The runs of one measurement: seconds, and the load average at each."""

    name: str
    seconds: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "runs": len(self.seconds),
            "median_s": round(self.median, 4),
            "min_s": round(min(self.seconds), 4),
            "max_s": round(max(self.seconds), 4),
            "load_median": statistics.median(self.loads),
            "load_range": [min(self.loads), max(self.loads)],
            "seconds": [round(s, 4) for s in self.seconds],
            "loads": self.loads,
        }


def run_env() -> dict[str, str]:
    """The environment of a measured process: bytecode is written and read as an installed
    package would be (a session that sets PYTHONDONTWRITEBYTECODE would otherwise time the
    compiler at every start)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def precompile(*trees: Path) -> None:
    """Write the bytecode of the trees measured, as pip does at install."""
    for tree in trees:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(tree)],
            env=run_env(),
            check=False,
            capture_output=True,
        )


def time_command(argv: Sequence[str], env: Mapping[str, str] | None = None, **kw: Any) -> float:
    """Wall seconds of one run of ``argv`` (which must succeed or exit 1)."""
    start = time.perf_counter()
    done = subprocess.run(list(argv), env=dict(env or run_env()), capture_output=True, **kw)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        why = done.stderr.decode(errors="replace")[-2000:]
        raise SystemExit(f"{' '.join(argv)}: exit {done.returncode}\n{why}")
    return seconds


def interleaved(
    measures: Mapping[str, Callable[[], float]], runs: int, warmup: int = 1
) -> dict[str, Series]:
    """Run each measure ``runs`` times, round robin, after ``warmup`` untimed rounds."""
    for _ in range(warmup):
        for measure in measures.values():
            measure()
    out = {name: Series(name) for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            before = load()
            seconds = measure()
            out[name].seconds.append(seconds)
            out[name].loads.append(max(before, load()))
    return out


def paired_ratio(a: Series, b: Series) -> float:
    """The median of the ratios of runs taken side by side (a's run k over b's run k)."""
    return statistics.median(x / y for x, y in zip(a.seconds, b.seconds, strict=True))


def instructions(argv: Sequence[str], env: Mapping[str, str] | None = None) -> int | None:
    """Instructions ``argv`` runs, counted by valgrind's callgrind; None without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        env=dict(env or run_env()),
        capture_output=True,
        text=True,
    )
    for line in done.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1].strip())
    return None


def machine(commit: str | None = None) -> dict[str, str]:
    """What the figures were taken on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    commit = commit or os.environ.get("BENCH_COMMIT") or _git_commit()
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "os": platform.platform(),
        "commit": commit,
        "load_at_start": str(load()),
    }


def _git_commit() -> str:
    out = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return out.stdout.strip() + ("+dirty" if dirty else "")


def write_results(name: str, data: dict[str, Any], markdown: str) -> None:
    """bench/results/<name>.json and <name>.md."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown)
