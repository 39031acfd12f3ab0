"""Worker processes from a script without ``if __name__ == "__main__":`` — one clear error.

Pasted into a script, README's ``iter_results`` example printed "error: worker exited with
status 1" for every file (each worker, started by 'forkserver', runs the script again, and the
script starts a pool of its own). ``iter_results`` and ``run_batch`` now refuse before any
worker starts, naming the script and the line; the same code under the guard works, and so
does code run where workers do not run the script again (``python -c``).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reportparse.batch.pool import _guarded_lines

from .conftest import FIXTURES, ROOT

TEXTS = sorted((FIXTURES / "reports").glob("*.txt"))[:3]
ITER = f"""
from reportparse.batch import iter_results

paths = {[str(p) for p in TEXTS]!r}
for r in iter_results(paths, jobs=2):
    print(r.status.value, r.error)
"""
RUN = f"""
from reportparse.batch import run_batch

summary = run_batch({str(TEXTS[0].parent)!r}, OUT, jobs=2)
print("ok", summary.ok, "error", summary.error)
"""
WRAPPED = """
def main():
{body}

{call}
"""
GUARD = 'if __name__ == "__main__":\n    main()'
ERROR = "starts worker processes from the top level of the script"


def script(tmp_path: Path, body: str, *, guarded: bool) -> Path:
    body = body.replace("OUT", repr(str(tmp_path / "out")))
    code = WRAPPED.format(body=textwrap.indent(body, "    "), call=GUARD if guarded else "main()")
    path = tmp_path / "job.py"
    path.write_text(code, encoding="utf-8")
    return path


def run(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args, str(path)]
        if args != ("-m",)
        else [sys.executable, "-m", path.stem],
        capture_output=True,
        text=True,
        cwd=path.parent,
        timeout=120,
    )


CASES = [pytest.param(ITER, 3, id="iter_results"), pytest.param(RUN, 1, id="run_batch")]


@pytest.mark.parametrize(("body", "lines"), CASES)
@pytest.mark.parametrize("how", [(), ("-m",)], ids=["script", "python-m"])
def test_unguarded_script_gets_one_clear_error(
    tmp_path: Path, body: str, lines: int, how: tuple[str, ...]
) -> None:
    path = script(tmp_path, body, guarded=False)
    call = path.read_text(encoding="utf-8").splitlines().index("main()") + 1
    proc = run(path, *how)
    assert proc.returncode == 1
    assert proc.stdout == ""  # no per-file result, good or bad
    assert proc.stderr.count(ERROR) == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("reportparse.batch.pool.UnguardedMainError: ")
    assert f"job.py, line {call}: " in last and 'if __name__ == "__main__":' in last
    assert "worker exited" not in proc.stderr


@pytest.mark.parametrize(("body", "lines"), CASES)
def test_the_same_code_under_the_guard_works(tmp_path: Path, body: str, lines: int) -> None:
    proc = run(script(tmp_path, body, guarded=True))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert len(out) == lines
    assert all(line.startswith("ok") for line in out)
    assert "error 0" in out[-1] or lines == 3


def test_python_c_needs_no_guard() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", ITER], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["ok None"] * 3


GUARDS = [
    pytest.param('x = 1\nif __name__ == "__main__":\n    go()\n', [range(2, 4)], id="plain"),
    pytest.param("if '__main__' == __name__:\n    go()\n", [range(1, 3)], id="reversed"),
    pytest.param("if __name__ == '__main__' and x:\n    go()\n", [range(1, 3)], id="and"),
    pytest.param("if x:\n    go()\n", [], id="other-if"),
    pytest.param("def f():\n    if __name__ == '__main__':\n        go()\n", [], id="nested"),
]


@pytest.mark.parametrize(("source", "lines"), GUARDS)
def test_guard_blocks_are_found(source: str, lines: list[range]) -> None:
    assert _guarded_lines(source) == lines
