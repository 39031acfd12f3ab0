"""The crafted hostile inputs (``fuzz/crafted.py``) through a ``reportparse`` executable.

    python3 fuzz/crafted_bench.py [--tool PATH] [--only TEXT] [--part large|batch|all]
                                  [--timeout 120] [--limit-gb 6] [--out fuzz/results]

``--tool`` defaults to the baseline, ``/work/basevenv/bin/reportparse``; give
``/work/main/.venv/bin/reportparse`` to measure the fixed tree (``--name`` then names the
result files, default ``crafted_baseline``). Run it as root from anywhere; it needs only the
standard library, ``unshare`` and ``mount`` (util-linux).

Every run is one command in a fresh session (``setsid``), watched until it ends:

- **hard memory limits**: ``RLIMIT_AS`` of ``--limit-gb`` (6 GiB) on every process of the run
  (set in the child before ``exec``, inherited by the batch's forkserver and workers), and a
  watchdog that kills the whole session when the RSS summed over its processes passes the same
  limit, so a run never takes more than 6 GiB of this shared machine (the batch runs of part
  ``large`` get 512 MiB less per process, so that a worker meets its own limit, and the batch
  says what became of it, before parent + forkserver + worker meet the watchdog);
- **a hard timeout** (``--timeout``, 120 s): the session is killed (``SIGKILL``) and the run
  is recorded as ``timeout``;
- **peak memory**: ``/proc/<pid>/status`` is polled every 20 ms for every process of the
  session: ``tree_mb`` is the largest sum of ``VmRSS`` seen, ``proc_mb`` the largest single
  process (``VmHWM``, or ``wait4``'s ``ru_maxrss`` when that is larger: it covers the processes
  that ended between two polls);
- wall seconds, the exit status (``-9`` when killed), the first line of stderr and, when
  stderr holds a traceback, its last line.

Part ``large`` (defects 3 and 5): each full-size input of ``crafted.LARGE`` made in a temporary
folder under /tmp, run as ``parse FILE --compact`` (and ``--backend pdfplumber`` where it
matters), then as ``batch DIR -o OUT --jobs 1`` over a folder holding only it; the numeric
cases also record what the JSON says.

Part ``batch`` (defects 1, 2, 4, 6): an IN_DIR of three fixture PDFs plus one hostile name
each time, and OUT_DIRs seeded with files that are not the batch's own; a read-only OUT_DIR and
a full disk are tmpfs mounts inside a private mount namespace (``unshare -m --propagation
private``): nothing is mounted outside the run, and the mount vanishes with it. Root ignores
file modes, so ``chmod`` could not make a folder read-only here; ``mount -o remount,ro`` does.

Writes ``OUT/NAME.json`` (every run, with its command) and ``OUT/NAME.md`` (the tables).
Generated inputs live under /tmp and are removed at the end (``--keep`` keeps them).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pty
import re
import resource
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from fuzz import crafted  # noqa: E402

FIXTURES = HERE.parent / "fixtures"
GOOD = ("r01_clean.lo-laksaman.pdf", "seed_v2.chromium-noto.pdf", "r03_budget_warnings.lo-noto.pdf")
BASELINE = "/work/basevenv/bin/reportparse"
MB = 1024 * 1024
POLL = 0.02
#: the temporary folder of a run, written as $TMP in the results
TMP_PREFIX = re.compile(r"/tmp/reportparse-crafted-[A-Za-z0-9_]+/")


# --- running one command under limits ------------------------------------------------------


@dataclass
class Run:
    case: str
    command: str
    exit: int | None = None
    seconds: float = 0.0
    tree_mb: float = 0.0
    proc_mb: float = 0.0
    killed: str | None = None  # "timeout" / "memory" when the watchdog killed the session
    stderr_first: str = ""
    stderr_last: str = ""
    #: the first line that says what went wrong (a batch's first line is its progress)
    stderr_error: str = ""
    stderr_head: list[str] = field(default_factory=list)
    #: ESC and BEL bytes in the raw stderr (a control sequence that reached the terminal)
    stderr_esc_bel: int = 0
    traceback: bool = False
    observed: dict[str, Any] = field(default_factory=dict)


def _session_pids(sid: int) -> list[int]:
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        if int(fields[3]) == sid:  # state ppid pgrp session
            pids.append(int(name))
    return pids


def _memory(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB; zeros once it is gone."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith(b"VmHWM:"):
                    hwm = int(line.split()[1])
    except OSError:
        pass
    return rss, hwm


def _kill_session(sid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the leader's group: this run's processes
        os.killpg(sid, signal.SIGKILL)
    for pid in _session_pids(sid):  # anything that made a group of its own in the session
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def run(
    case: str,
    argv: list[str],
    *,
    limit: int,
    timeout: float,
    cwd: str | Path | None = None,
    stdout: Path | None = None,
    use_pty: bool = False,
    env: dict[str, str] | None = None,
    as_limit: int | None = None,
) -> tuple[Run, bytes]:
    """Run ``argv`` in a new session under the limits; the record and the bytes of stdout
    (stdout also goes to ``stdout`` when given: a big JSON is not kept in memory here).

    ``limit`` bounds the RSS summed over the session (the watchdog) and, unless ``as_limit``
    is given, the address space of each process."""
    per_process = as_limit or limit

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (per_process, per_process))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    record = Run(case, shlex.join(argv))
    errf = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
    master = None
    if use_pty:
        master, slave = pty.openpty()
        out: Any = slave
    else:
        out = open(stdout, "wb") if stdout else tempfile.TemporaryFile()  # noqa: SIM115
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=errf,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        preexec_fn=limits,
        start_new_session=True,
    )
    if use_pty:
        os.close(slave)
    captured = bytearray()
    tree = proc_kb = 0
    status = usage = None
    while True:
        pid, st, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            status, usage = st, ru
            break
        total = 0
        for p in _session_pids(proc.pid):
            rss, hwm = _memory(p)
            total += rss
            proc_kb = max(proc_kb, hwm)
        tree = max(tree, total)
        elapsed = time.perf_counter() - start
        if total * 1024 > limit:
            record.killed = "memory"
            _kill_session(proc.pid)
        elif elapsed > timeout:
            record.killed = "timeout"
            _kill_session(proc.pid)
        if master is not None:
            ready, _, _ = select.select([master], [], [], POLL)
            if ready:
                with contextlib.suppress(OSError):
                    captured += os.read(master, 65536)
        else:
            time.sleep(POLL)
    record.seconds = round(time.perf_counter() - start, 2)
    _kill_session(proc.pid)  # a forkserver or worker left behind
    proc.returncode = os.waitstatus_to_exitcode(status)
    record.exit = proc.returncode
    record.tree_mb = round(tree / 1024, 1)
    record.proc_mb = round(max(proc_kb, usage.ru_maxrss) / 1024, 1)
    if master is not None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            captured += chunk
        os.close(master)
        data = bytes(captured)
    else:
        out.flush()
        if stdout:
            out.close()
            with open(stdout, "rb") as f:
                data = f.read(1 << 20)
        else:
            out.seek(0)
            data = out.read()
            out.close()
    errf.seek(0)
    raw_err = errf.read()
    record.stderr_esc_bel = raw_err.count(b"\x1b") + raw_err.count(b"\x07")
    err = raw_err.decode("utf-8", "backslashreplace")
    errf.close()
    lines = [line for line in err.splitlines() if line.strip()]
    record.stderr_first = lines[0][:300] if lines else ""
    record.traceback = "Traceback (most recent call last)" in err
    head = lines if len(lines) <= 10 else [*lines[:6], "…", *lines[-3:]]
    record.stderr_head = [line[:240] for line in head]
    for line in lines:
        if re.search(r"error|Error|timed out|crashed", line) and not line.startswith("Traceback"):
            record.stderr_error = line[:300]
            break
    if record.traceback or len(lines) > 1:
        record.stderr_last = lines[-1][:300]
    return record, data


# --- what the outputs say ------------------------------------------------------------------


def _controls(data: bytes) -> dict[str, int]:
    """The crafted control sequences found raw in output bytes (``ESC[2J`` clear screen,
    ``ESC]0;`` set title, BEL, the C1 CSI U+009B as UTF-8 ``C2 9B``) and every ESC (on a
    terminal that includes the tool's own colours)."""
    return {
        "clear_screen": data.count(b"\x1b[2J"),
        "set_title": data.count(b"\x1b]0;"),
        "bel": data.count(b"\x07"),
        "c1_csi": data.count(b"\xc2\x9b"),
        "esc_total": data.count(b"\x1b"),
    }


def _report(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["reports"][0]
    except (OSError, ValueError, KeyError, IndexError):
        return None


def _warnings_at(report: dict[str, Any], prefix: str) -> list[str]:
    return [w["code"] for w in report["warnings"] if (w.get("path") or "").startswith(prefix)]


def observe_json(case: str, path: Path) -> dict[str, Any]:
    report = _report(path)
    if report is None:
        return {}
    first = report["progress"][0] if report["progress"] else {}
    if case == "round_above_2_53":
        raw = path.read_bytes()
        m = re.search(rb'"round":\s*(\d{16,})', raw)
        return {
            "round_json_text": m[1].decode() if m else None,
            "as_double": int(float(m[1])) if m else None,
        }
    if case == "budget_digits":
        return {
            "budget_received": report["project"]["budget_received"],
            "warnings_on_budget": _warnings_at(report, "project.budget_received"),
        }
    if case == "be_year_0543":
        return {
            "round_1_date": first.get("date"),
            "warnings_on_date": _warnings_at(report, "progress[0].date"),
        }
    if case == "control_codes":
        return {"json_stdout": _controls(path.read_bytes())}
    return {"reports": 1, "warnings": len(report["warnings"])}


def _manifest(out: Path) -> list[dict[str, Any]]:
    """The manifest's lines, shortened: path (repr when not UTF-8), status, code, error."""
    path = out / "manifest.jsonl"
    try:
        raw = path.read_bytes()
    except OSError:
        return []
    rows = []
    for line in raw.splitlines():
        try:
            r = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            bad: dict[str, Any] = {
                "unreadable_line": line[:120].decode("utf-8", "backslashreplace")
            }
            rows.append(bad)
            continue
        p = r.get("path") or ""
        rows.append(
            {
                "path": p if len(p) < 60 else f"{p[:20]}…({len(p.encode())} bytes)",
                "status": r.get("status"),
                "code": r.get("code"),
                "error": (r.get("error") or "")[-140:] or None,
            }
        )
    return rows


def _outputs(out: Path) -> int:
    return sum(1 for _, _, files in os.walk(out) for f in files if f.endswith(".json"))


# --- part 1: big inputs --------------------------------------------------------------------

#: cases whose parse is also run with another backend
EXTRA_BACKENDS = {
    "huge_tounicode_range": ["pdfplumber"],
    "huge_tounicode_bfchar": ["pdfplumber"],
    "huge_tounicode_longdst": ["pdfplumber"],
    "flate_bomb": ["pdfplumber"],
}


def part_large(tool: str, tmp: Path, args: argparse.Namespace) -> list[Run]:
    runs = []
    for name, maker in crafted.LARGE.items():
        if args.only and args.only not in name:
            continue
        folder = tmp / name
        (folder / "in").mkdir(parents=True)
        made = time.perf_counter()
        path = maker(folder / "in")
        mb = round(path.stat().st_size / MB, 2)
        print(f"{name}: {mb} MB, made in {time.perf_counter() - made:.1f} s", flush=True)
        for backend in ["auto", *EXTRA_BACKENDS.get(name, [])]:
            out = folder / f"parse-{backend}.json"
            argv = [tool, "parse", str(path), "--compact"]
            if backend != "auto":
                argv += ["--backend", backend]
            r, _ = run(
                f"{name} · parse" + ("" if backend == "auto" else f" --backend {backend}"),
                argv,
                limit=args.limit,
                timeout=args.timeout,
                stdout=out,
            )
            r.observed = {"input_mb": mb, **(observe_json(name, out) if r.exit == 0 else {})}
            out.unlink(missing_ok=True)
            runs.append(_show(r))
        out_dir = folder / "out"
        argv = [tool, "batch", str(folder / "in"), "-o", str(out_dir), "--jobs", "1"]
        # each process 512 MiB under the tree's limit: a worker meets its own limit (and the
        # batch reports it) before parent + forkserver + worker meet the watchdog's
        r, _ = run(
            f"{name} · batch -j1",
            argv,
            limit=args.limit,
            as_limit=args.limit - 512 * MB,
            timeout=args.timeout,
        )
        r.observed = {"input_mb": mb, "manifest": _manifest(out_dir)}
        runs.append(_show(r))
        shutil.rmtree(folder)
    return runs


# --- part 2: names, foreign files, output side, terminal ------------------------------------


def _good_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in GOOD:
        shutil.copy(FIXTURES / "pdf" / name, folder / name)
    return folder


FOREIGN = (
    ".bash_history.tmp",
    "docs/.report-draft.tmp",
    "docs/.cache/.x.swp.tmp",
    "notes.tmp",  # not hidden: the pattern leaves it
    ".r01_clean.lo-laksaman.pdf.json.99999.tmp",  # the batch's own temp of a killed run
)


def _seed_foreign(out: Path) -> None:
    for rel in FOREIGN:
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("not reportparse's\n")


def _survivors(out: Path) -> dict[str, bool]:
    return {rel: (out / rel).exists() for rel in FOREIGN}


def _unshare(script: str) -> list[str]:
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", script]


def part_batch(tool: str, tmp: Path, args: argparse.Namespace) -> list[Run]:
    runs: list[Run] = []
    lim = {"limit": args.limit, "timeout": args.timeout}
    batch_opts = ["--jobs", "2", "--timeout", "20"]

    def want(case: str) -> bool:
        """Whether a case is selected; ``--only`` a part of a case name, or of a group's."""
        return not args.only or args.only in case or case.startswith(args.only)

    # 1. foreign *.tmp files in OUT_DIR and below it
    if want("foreign .tmp in OUT_DIR · batch"):
        src, out = _good_inputs(tmp / "foreign" / "in"), tmp / "foreign" / "out"
        _seed_foreign(out)
        r, _ = run(
            "foreign .tmp in OUT_DIR · batch",
            [tool, "batch", str(src), "-o", str(out), *batch_opts],
            **lim,
        )
        r.observed = {"survives": _survivors(out), "manifest": _manifest(out)}
        runs.append(_show(r))
    # 1b. OUT_DIR above IN_DIR: the archive's own hidden .tmp files are in the walk
    if want("OUT_DIR is IN_DIR's parent · batch"):
        out = tmp / "above" / "out"
        src = _good_inputs(out / "archive")
        (src / ".notes.tmp").write_text("the archive's own file\n")
        (src / "sub").mkdir()
        (src / "sub" / ".draft.pdf.tmp").write_text("the archive's own file\n")
        r, _ = run(
            "OUT_DIR is IN_DIR's parent · batch",
            [tool, "batch", str(src), "-o", str(out), *batch_opts],
            **lim,
        )
        r.observed = {
            "survives": {
                "archive/.notes.tmp": (src / ".notes.tmp").exists(),
                "archive/sub/.draft.pdf.tmp": (src / "sub/.draft.pdf.tmp").exists(),
            },
            "manifest": _manifest(out),
        }
        runs.append(_show(r))

    # 2. hostile names, each beside the good inputs, batch run twice; and parse of each
    names: list[tuple[str, Any]] = [
        ("tis620 name", crafted.tis620_name),
        *[
            (f"name of {n} bytes", lambda d, n=n: crafted.long_name(d, n))
            for n in (240, 241, 245, 250, 251, 255)
        ],
        ("control codes in name", crafted.control_name),
        ("path over PATH_MAX", crafted.deep_path),
        ("FIFO named .pdf", crafted.fifo),
        ("symlink .txt to /dev/zero", crafted.endless_link),
    ]
    for i, (case, maker) in enumerate(names):
        if not want(case):
            continue
        folder = tmp / f"name{i}"
        src, out = _good_inputs(folder / "in"), folder / "out"
        path = maker(src)
        for attempt in (1, 2):
            r, _ = run(
                f"{case} · batch run {attempt}",
                [tool, "batch", str(src), "-o", str(out), *batch_opts],
                **lim,
            )
            r.observed = {"outputs": _outputs(out), "manifest": _manifest(out)}
            runs.append(_show(r))
            if r.killed:
                break
        r, data = run(
            f"{case} · parse", [tool, "parse", "--compact", str(path)], **{**lim, "timeout": 30}
        )
        r.observed = {"stdout_bytes": len(data)}
        runs.append(_show(r))

    # 3. read-only OUT_DIR and a full disk: tmpfs mounts in a private mount namespace
    src = _good_inputs(tmp / "mounts" / "in")
    mnt = tmp / "mounts" / "mnt"
    mnt.mkdir()
    q = shlex.quote
    m, batch = q(str(mnt)), f"{q(tool)} batch {q(str(src))} {' '.join(batch_opts)}"
    tmpfs = f"mount -t tmpfs -o size=2m tmpfs {m}; "
    ro_tmpfs = f"mount -t tmpfs -o size=2m,ro tmpfs {m}; "
    remount_ro = f"mount -o remount,ro {m}; "
    fill = f"dd if=/dev/zero of={m}/fill bs=4k 2>/dev/null || true; "
    fill_but_40k = f"dd if=/dev/zero of={m}/fill bs=4k count=502 2>/dev/null; "
    quiet = ">/dev/null 2>&1 || true; "
    listing = tmp / "mounts" / "left.txt"

    def then(command: str) -> str:
        """Run the command last, then list what is left on the mount (outside it, in tmp)."""
        files = f"find {m} -type f ! -name fill | sed 's|^{mnt}/||' | sort"
        return f"set +e; {command}; rc=$?; {files} > {q(str(listing))}; exit $rc"

    parse_ro = f"{q(tool)} parse {q(str(src / GOOD[0]))} -o {m}/x.json"
    scripts = {
        "read-only OUT_DIR (empty) · batch": tmpfs + remount_ro + then(f"{batch} -o {m}"),
        "read-only mount, OUT_DIR to be made below it · batch": ro_tmpfs
        + then(f"{batch} -o {m}/out"),
        "read-only OUT_DIR after a good run (resume) · batch": tmpfs
        + f"{batch} -o {m} {quiet}"
        + remount_ro
        + then(f"{batch} -o {m}"),
        "read-only folder · parse -o RO/x.json": ro_tmpfs + then(parse_ro),
        "full disk (0 bytes free) · batch": tmpfs + fill + then(f"{batch} -o {m}"),
        "nearly full disk (40 KiB free) · batch": tmpfs + fill_but_40k + then(f"{batch} -o {m}"),
        "full disk after a good run · batch (resume)": tmpfs
        + f"{batch} -o {m} {quiet}"
        + fill
        + then(f"{batch} -o {m}"),
        "full disk after a good run · batch --force --table OUT/rounds.csv": tmpfs
        + f"{batch} -o {m} {quiet}"
        + fill
        + then(f"{batch} -o {m} --force --table {m}/rounds.csv"),
    }
    for case, script in scripts.items():
        if want(case):
            listing.unlink(missing_ok=True)
            r, _ = run(case, _unshare("set -e; " + script), **lim)
            left = listing.read_text().split() if listing.exists() else []
            r.observed = {"files_left": left}
            runs.append(_show(r))

    # 4. output paths that are not what they should be
    out = tmp / "paths"
    out.mkdir()
    (out / "existing_file").write_text("x\n")
    (out / "a_dir").mkdir()
    good = str(src / GOOD[0])
    cases = {
        "batch -o EXISTING_FILE": [tool, "batch", str(src), "-o", str(out / "existing_file")],
        "parse -o DIR": [tool, "parse", good, "-o", str(out / "a_dir")],
        "parse -o MISSING/x.json": [tool, "parse", good, "-o", str(out / "missing" / "x.json")],
        "text -o DIR": [tool, "text", good, "-o", str(out / "a_dir")],
        "diff --html MISSING/x.html": [
            tool,
            "diff",
            good,
            good,
            "--html",
            str(out / "missing" / "x.html"),
        ],
        "batch --table MISSING/rounds.csv": [
            tool,
            "batch",
            str(src),
            "-o",
            str(out / "o1"),
            "--table",
            str(out / "missing" / "rounds.csv"),
        ],
        "batch --jsonl DIR": [
            tool,
            "batch",
            str(src),
            "-o",
            str(out / "o2"),
            "--jsonl",
            str(out / "a_dir"),
        ],
    }
    for case, argv in cases.items():
        if want(case):
            r, _ = run(case, argv, **lim)
            r.observed = {"left_in_folder": sorted(p.name for p in out.iterdir())}
            runs.append(_show(r))

    # 5. terminal control codes in report text
    if want("controls · "):
        folder = tmp / "controls"
        folder.mkdir()
        hostile = crafted.control_codes(folder)
        clean = str(crafted.R01)
        for case, argv, use_pty in [
            ("controls · diff (stdout a pipe)", [tool, "diff", clean, str(hostile)], False),
            ("controls · diff (stdout a terminal)", [tool, "diff", clean, str(hostile)], True),
            ("controls · diff --json", [tool, "diff", clean, str(hostile), "--json"], False),
            ("controls · parse (JSON on stdout)", [tool, "parse", str(hostile)], False),
            ("controls · text (stdout a terminal)", [tool, "text", str(hostile)], True),
        ]:
            if not want(case):
                continue
            env = {"TERM": "xterm-256color"} if use_pty else None
            r, data = run(case, argv, use_pty=use_pty, env=env, **lim)
            r.observed = {"stdout_controls": _controls(data)}
            runs.append(_show(r))
    return runs


# --- report --------------------------------------------------------------------------------


def _show(r: Run) -> Run:
    killed = f" KILLED({r.killed})" if r.killed else ""
    print(
        f"  {r.case}: exit {r.exit}{killed}, {r.seconds} s, tree {r.tree_mb} MB, "
        f"process {r.proc_mb} MB | {(r.stderr_error or r.stderr_first)[:110]!r}",
        flush=True,
    )
    return r


def _cell(text: str, width: int = 150) -> str:
    text = text.encode("unicode_escape").decode("ascii") if any(ord(c) < 32 for c in text) else text
    text = text if len(text) <= width else text[: width - 1] + "…"
    return text.replace("|", "\\|")


def _observed(r: Run) -> str:
    o = dict(r.observed)
    parts = []
    if "survives" in o:
        gone = [k for k, v in o.pop("survives").items() if not v]
        parts.append("deleted: " + (", ".join(f"`{g}`" for g in gone) if gone else "none"))
    if "manifest" in o:
        rows = o.pop("manifest")
        errs = [f"{m.get('code')}" for m in rows if m.get("status") == "error"]
        bad = [m for m in rows if "unreadable_line" in m]
        parts.append(
            f"manifest {len(rows)} lines"
            + (f", errors: {', '.join(errs)}" if errs else "")
            + (f", {len(bad)} not UTF-8" if bad else "")
        )
    for k, v in o.items():
        parts.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    return _cell("; ".join(parts), 260)


def write_results(runs: list[Run], args: argparse.Namespace) -> None:
    args.out.mkdir(parents=True, exist_ok=True)
    meta = {
        "tool": args.tool,
        "timeout_s": args.timeout,
        "limit_bytes": args.limit,
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "python": sys.version.split()[0],
    }
    rows = [asdict(r) for r in runs]
    old = args.out / f"{args.name}.json"
    if args.update and old.exists():
        fresh = {r["case"]: r for r in rows}
        kept = json.loads(old.read_text(encoding="utf-8"))["runs"]
        merged = [fresh.pop(r["case"], r) for r in kept]
        rows = merged + list(fresh.values())
        runs = [Run(**r) for r in rows]
    doc = {"meta": meta, "runs": rows}
    # a name that is not UTF-8 is in some commands: written as \udcXX, not as invalid bytes
    text = TMP_PREFIX.sub("$TMP/", json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    (args.out / f"{args.name}.json").write_bytes(text.encode("utf-8", "backslashreplace"))
    lines = [
        f"# Crafted hostile inputs: `{args.tool}`",
        "",
        f"`python3 fuzz/crafted_bench.py --tool {args.tool}` on {meta['date']}; every run under "
        f"RLIMIT_AS {args.limit / 2**30:g} GiB per process, the session killed past "
        f"{args.limit / 2**30:g} GiB of summed RSS or {args.timeout:g} s. tree MB: peak summed "
        "RSS of the run's processes; process MB: peak of the largest one. Exit -9: killed.",
        "",
        "| case | exit | tree MB | process MB | s | stderr: first line / error line "
        "(… last line of a traceback) | observed |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in runs:
        exit_ = f"{r.exit}" + (f" ({r.killed})" if r.killed else "")
        err = r.stderr_first
        if r.stderr_error and r.stderr_error != r.stderr_first:
            err += f" / {r.stderr_error}"
        if r.traceback:
            err += f" … **{r.stderr_last}**"
        if r.stderr_esc_bel:
            err += f" [{r.stderr_esc_bel} raw ESC/BEL on stderr]"
        lines.append(
            f"| {_cell(r.case)} | {exit_} | {r.tree_mb} | {r.proc_mb} | {r.seconds} "
            f"| {_cell(err, 220)} | {_observed(r)} |"
        )
    text = TMP_PREFIX.sub("$TMP/", "\n".join(lines) + "\n")
    (args.out / f"{args.name}.md").write_bytes(text.encode("utf-8", "backslashreplace"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--tool", default=BASELINE, help="the reportparse executable to run")
    ap.add_argument(
        "--name",
        default=None,
        help="result file names (default crafted_baseline, or crafted_<venv> for another tool)",
    )
    ap.add_argument("--part", choices=("large", "batch", "all"), default="all")
    ap.add_argument("--only", help="only the cases whose name contains this")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per run (hard)")
    ap.add_argument("--limit-gb", type=float, default=6.0, help="memory per run, GiB (hard)")
    ap.add_argument("--out", type=Path, default=HERE / "results")
    ap.add_argument("--keep", action="store_true", help="keep the generated inputs under /tmp")
    ap.add_argument(
        "--update",
        action="store_true",
        help="replace only the runs measured now in an existing result file (same case names)",
    )
    args = ap.parse_args(argv)
    args.limit = int(args.limit_gb * 2**30)
    if args.limit > 6 * 2**30:
        ap.error("this machine is shared: --limit-gb is at most 6")
    if args.name is None:
        args.name = (
            "crafted_baseline" if args.tool == BASELINE else "crafted_" + Path(args.tool).parts[-4]
        )
    tmp = Path(tempfile.mkdtemp(prefix="reportparse-crafted-", dir="/tmp"))
    runs: list[Run] = []
    try:
        if args.part in ("large", "all"):
            runs += part_large(args.tool, tmp, args)
        if args.part in ("batch", "all"):
            runs += part_batch(args.tool, tmp, args)
    finally:
        if args.keep:
            print(f"inputs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
        if runs:
            write_results(runs, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
