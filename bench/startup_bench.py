"""Start-up of the command line (issue 17, acceptance 2): ``reportparse parse`` of a 2-page PDF
within 120 ms, ``reportparse --help`` within 80 ms, and what ``import reportparse.cli`` costs.

Measured, interleaved with the floors they stand on (bench/timing.py: medians of ``--runs``,
the load average beside every run):

- ``python -c pass``: the interpreter alone;
- ``python -c "import pypdfium2"``: the floor of any PDFium reader's start;
- ``python -c "import typer, typer._adapters, pydantic.main, pypdfium2"``: what ``parse``
  cannot do without: typer (whose parameter coercion imports pydantic since 0.2x),
  pydantic (the models of the contract) and PDFium;
- ``reportparse --help`` and ``reportparse parse fixtures/pdf/r02_thai_digits.lo-noto.pdf``
  (2 pages), each a whole process; with ``--baseline SRC``, the same two from the tree at SRC.

Also the instructions each command runs (valgrind's callgrind, where installed: a figure no
other job on the machine changes), and ``python -X importtime -c "import reportparse.cli"``
(the smallest self time of each module over the runs; reportparse's own modules against
``IMPORT_BUDGET_MS``), with the modules the ``--help`` path must not load (``HEAVY``).
Results: bench/results/startup.json and .md.
Usage: ``.venv/bin/python bench/startup_bench.py [--runs 20] [--baseline /tmp/base/src]``.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import (  # bench/ is not a package: its folder is on the path
    instructions,
    interleaved,
    machine,
    paired_ratio,
    precompile,
    run_env,
    time_command,
    write_results,
)

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "fixtures" / "pdf" / "r02_thai_digits.lo-noto.pdf"
#: ``import reportparse.cli``: the summed self times of reportparse's own modules (ms, idle
#: machine); everything else it imports is typer's
IMPORT_BUDGET_MS = 10.0
#: what ``reportparse --help`` must not import
HEAVY = ("pydantic", "rich", "pypdfium2", "regex", "pythainlp", "pdfplumber", "pdfminer")
TARGETS = {"parse 2-page PDF": 0.120, "--help": 0.080}


def commands(src: Path | None) -> dict[str, tuple[list[str], dict[str, str]]]:
    env = run_env()
    if src is not None:
        env["PYTHONPATH"] = str(src)
    cli = [sys.executable, "-m", "reportparse"]
    return {
        "--help": ([*cli, "--help"], env),
        "parse 2-page PDF": ([*cli, "parse", str(PDF)], env),
    }


def import_times(runs: int) -> dict[str, float]:
    """Module → the smallest self time (ms) of ``import reportparse.cli`` over ``runs``."""
    best: dict[str, float] = {}
    for _ in range(runs):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import reportparse.cli"],
            env=run_env(),
            capture_output=True,
            text=True,
        ).stderr
        for line in err.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| +(\S+)", line)
            if m:
                best[m[3]] = min(best.get(m[3], 1e9), int(m[1]) / 1000)
    return best


def help_imports() -> list[str]:
    """The ``HEAVY`` modules that ``reportparse --help`` loads (none, when all is well)."""
    code = (
        "import sys\n"
        "sys.argv = ['reportparse', '--help']\n"
        "from reportparse.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=run_env(), capture_output=True, text=True
    )
    return out.stdout.split("\n")[-2].split() if out.stdout.strip() else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--baseline", type=Path, help="the src folder of a tree to compare with")
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("--runs: at least 5")
    precompile(ROOT / "src", *([args.baseline] if args.baseline else []))
    env = run_env()
    py = sys.executable
    floors = {
        "python -c pass": [py, "-c", "pass"],
        "import pypdfium2": [py, "-c", "import pypdfium2"],
        "import typer, typer._adapters, pydantic.main, pypdfium2": [
            py,
            "-c",
            "import typer, typer._adapters, pydantic.main, pypdfium2",
        ],
    }
    measures = {name: (lambda a=argv: time_command(a, env)) for name, argv in floors.items()}
    ours = commands(None)
    measures |= {name: (lambda c=cmd: time_command(*c)) for name, cmd in ours.items()}
    base = commands(args.baseline) if args.baseline else {}
    measures |= {f"{n} (baseline)": (lambda c=cmd: time_command(*c)) for n, cmd in base.items()}
    series = interleaved(measures, args.runs, warmup=2)
    counts = {name: instructions(argv, env) for name, argv in floors.items()}
    counts |= {name: instructions(*cmd) for name, cmd in ours.items()}
    counts |= {f"{n} (baseline)": instructions(*cmd) for n, cmd in base.items()}
    imports = import_times(max(5, args.runs // 4))
    ours_import = {k: v for k, v in imports.items() if k.startswith("reportparse")}
    result = {
        "machine": machine(),
        "runs": args.runs,
        "series": [s.summary() for s in series.values()],
        "instructions": counts,
        "targets_s": TARGETS,
        "speedup_vs_baseline_paired": {
            n: round(paired_ratio(series[f"{n} (baseline)"], series[n]), 2) for n in base
        },
        "import_reportparse_cli": {
            "self_ms_total": round(sum(imports.values()), 1),
            "self_ms_reportparse": round(sum(ours_import.values()), 1),
            "budget_ms": IMPORT_BUDGET_MS,
            "top": sorted(imports.items(), key=lambda kv: -kv[1])[:15],
        },
        "help_imports_heavy": help_imports(),
    }
    write_results("startup", result, markdown(result))
    print(markdown(result))
    return 0


def markdown(result: dict) -> str:  # type: ignore[type-arg]
    rows = ["| command | median ms | min ms | instructions | load (median, range) |"]
    rows.append("|---|---:|---:|---:|---|")
    for s in result["series"]:
        count = result["instructions"].get(s["name"])
        rows.append(
            f"| {s['name']} | {s['median_s'] * 1000:.0f} | {s['min_s'] * 1000:.0f} |"
            f" {f'{count / 1e6:,.0f}M' if count else '-'} | {s['load_median']}"
            f" ({s['load_range'][0]}–{s['load_range'][1]}) |"
        )
    imp = result["import_reportparse_cli"]
    top = ", ".join(f"{name} {ms:.1f}" for name, ms in imp["top"][:8])
    speed = ", ".join(f"{k}: {v}×" for k, v in result["speedup_vs_baseline_paired"].items())
    info = result["machine"]
    return (
        "# Start-up of the command line (issue 17, acceptance 2)\n\n"
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}; commit"
        f" {info['commit']}; {result['runs']} runs of each, interleaved, whole processes.\n\n"
        + "\n".join(rows)
        + f"\n\nTargets: parse of a 2-page PDF ≤ {TARGETS['parse 2-page PDF'] * 1000:.0f} ms,"
        f" --help ≤ {TARGETS['--help'] * 1000:.0f} ms (idle machine)."
        + (f"\n\nBaseline / this tree, paired: {speed}." if speed else "")
        + f"\n\n`import reportparse.cli`: {imp['self_ms_total']} ms of module self time"
        f" ({imp['self_ms_reportparse']} ms in reportparse's own modules, budget"
        f" {imp['budget_ms']} ms on an idle machine);"
        f" largest: {top}.\n\nHeavy modules loaded by --help:"
        f" {', '.join(result['help_imports_heavy']) or 'none'}.\n"
    )


if __name__ == "__main__":
    sys.exit(main())
