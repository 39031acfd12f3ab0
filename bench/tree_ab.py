"""This tree against another, parsing the same PDFs: which is faster, and by how much.

Each tree parses every PDF of ``--group`` folders once (``parse_file``, one process per
round that imports the tree and loads what a batch worker loads first; only ``parse_file`` is
timed, and each file is read once, as in a batch, so no cache is warmer than it would be
there). The rounds alternate between the trees (bench/timing.py): on a machine whose speed
drifts from minute to minute, only a ratio of runs taken side by side compares two trees.
Per group: each tree's median seconds, and the baseline's time over this tree's (paired).
Both trees' documents are also compared, file by file (sha256 of the JSON): a speed-up that
changes an output is no speed-up.

Usage: .venv/bin/python bench/tree_ab.py --baseline /tmp/base/src [--rounds 5]
       [--group NAME=GLOB ...] [--name tree_ab]
GLOB is relative to the repository (``fixtures/archive/*.gs.pdf``). Results:
bench/results/<name>.json and .md. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import (  # bench/ is not a package: its folder is on the path
    ROOT,
    Series,
    interleaved,
    machine,
    paired_ratio,
    precompile,
    run_env,
    write_results,
)

#: the default groups: Ghostscript, PostScript and back, and cairo copies of the archive
#: fixtures (pages read from outlines or OCR votes), and the acceptance corpus of issue 17
GROUPS = {
    "archive gs": "fixtures/archive/*.gs.pdf",
    "archive ps2pdf": "fixtures/archive/*.ps2pdf.pdf",
    "archive cairo": "fixtures/archive/*.cairo.pdf",
    "corpus-2to8 (first 100)": "bench/corpus-2to8/d000/*.pdf",
}

#: the program each round runs: load what a batch worker loads first, then parse each file
#: once, timing only ``parse_file`` (a second pass would find every cache of the first one
#: full, as no batch does); print the seconds and each document's digest
ROUND = """
import hashlib, json, sys, time
from reportparse.batch.core import warm_up
from reportparse.models import to_json
from reportparse.pipeline import parse_file
warm_up()
digests, seconds = {}, 0.0
for f in sys.argv[1:]:
    start = time.perf_counter()
    doc = parse_file(f)
    seconds += time.perf_counter() - start
    digests[f] = hashlib.sha256(to_json(doc).encode()).hexdigest()
print(json.dumps({"seconds": seconds, "digests": digests}))
"""


def one_round(src: Path | None, files: list[str]) -> tuple[float, dict[str, str]]:
    env = run_env() | ({"PYTHONPATH": str(src)} if src else {})
    done = subprocess.run(
        [sys.executable, "-c", ROUND, *files],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    out = json.loads(done.stdout.splitlines()[-1])
    return out["seconds"], out["digests"]


def compare(files: list[str], baseline: Path, rounds: int) -> tuple[Series, Series, set[str]]:
    """The baseline's and this tree's timings of ``files`` (interleaved, ``rounds`` each), and
    the files whose document differs between the two trees in any round."""
    seen: dict[str, list[dict[str, str]]] = {"baseline": [], "this tree": []}

    def measure(tree: str, src: Path | None) -> float:
        seconds, digests = one_round(src, files)
        seen[tree].append(digests)
        return seconds

    series = interleaved(
        {
            "baseline": lambda: measure("baseline", baseline),
            "this tree": lambda: measure("this tree", None),
        },
        rounds,
        warmup=0,
    )
    pairs = zip(seen["baseline"], seen["this tree"], strict=True)
    changed = {f for base, now in pairs for f in files if base[f] != now[f]}
    return series["baseline"], series["this tree"], changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", type=Path, required=True, help="the src folder of a tree")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--group", action="append", default=[], help="NAME=GLOB")
    parser.add_argument("--name", default="tree_ab", help="the results' file name")
    args = parser.parse_args()
    groups = dict(g.split("=", 1) for g in args.group) or GROUPS
    precompile(ROOT / "src", args.baseline)
    rows, result = [], {"machine": machine(), "baseline": str(args.baseline), "groups": []}
    for name, pattern in groups.items():
        files = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(pattern))
        if not files:
            sys.exit(f"{name}: no file matches {pattern}")
        base, now, changed = compare(files, args.baseline, args.rounds)
        ratio = paired_ratio(base, now)
        result["groups"].append(
            {
                "name": name,
                "glob": pattern,
                "files": len(files),
                "this_tree": now.summary(),
                "baseline": base.summary(),
                "baseline_over_this_paired": round(ratio, 3),
                "outputs_changed": sorted(changed),
            }
        )
        rows.append(
            f"| {name} | {len(files)} | {base.median:.2f} | {now.median:.2f} | {ratio:.2f}× |"
            f" {len(changed)} |"
        )
        print(rows[-1], flush=True)
    info = result["machine"]
    md = (
        "# This tree against a baseline, parsing the same PDFs\n\n"
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}; commit"
        f" {info['commit']}; baseline {args.baseline}. {args.rounds} rounds, alternating; each"
        " round one process per tree that parses every file of the group once (only"
        " `parse_file` timed).\n\n"
        "| group | files | baseline s | this tree s | baseline / this (paired) |"
        " outputs changed |\n|---|---:|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n"
    )
    write_results(args.name, result, md)
    print(md)


if __name__ == "__main__":
    main()
