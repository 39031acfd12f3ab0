"""Every code block of README.md is run: the README is what a new user pastes.

Blocks are found by their fences (indented ones in lists too) and run by what they are:

- ``python``: written to a script and run with this Python in a fresh folder that holds the
  files the README names (``report.pdf``, ``other.pdf``, ``archive/`` …, copies of fixtures),
  so the ``if __name__ == "__main__":`` guard matters as it does for a user;
- ``sh``: run by bash (``-e -o pipefail``) in such a folder, with this environment's ``bin``
  first on PATH; the set-up command runs as written in a copy of the repository (it makes its
  own venv and installs the package); the test and lint commands are what ``.ci/run`` runs,
  read from here: the test checks it reads exactly these lines (the test command cannot run
  inside the tests it starts), and runs the lint command;
- a plain or ``text`` block of ``reportparse …`` synopses: every option it names must be in
  that command's ``--help``, and the command runs with its placeholders (``FILE``, ``IN_DIR``
  …) replaced by fixtures and its optional ``[…]`` parts left out; ``pip install`` and
  ``apt-get install`` lines are checked, not run: the extra exists and its modules import, the
  Debian package's files are there;
- ``json``: an example document must use only properties of the schema, and the manifest line
  exactly the fields a batch writes;
- the Development tree: every file and folder it names exists.

A block nothing here knows how to run fails ``test_every_block_is_run``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURES, ROOT, require_optional

README = ROOT / "README.md"
BIN = Path(sys.executable).parent
#: a fence: its indentation, its info string
FENCE = re.compile(r"^(?P<indent> *)```(?P<info>\S*)\s*$")
MARKER = re.compile(r"^\s*<!-- (?P<name>[\w-]+) -->\s*$")


@dataclass(frozen=True)
class Block:
    """A fenced block of README.md: where it starts, its language, the marker above it."""

    line: int
    lang: str
    text: str
    marker: str | None

    @property
    def id(self) -> str:
        return f"line{self.line}-{self.marker or self.lang or 'plain'}"


def blocks() -> list[Block]:
    found, lines = [], README.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, start = len(m["indent"]), i
        body = []
        i += 1
        while not re.match(rf"^ {{{indent}}}```\s*$", lines[i]):
            body.append(lines[i][indent:])
            i += 1
        above = next((ln for ln in reversed(lines[:start]) if ln.strip()), "")
        marker = MARKER.match(above)
        found.append(Block(start + 1, m["info"], "\n".join(body) + "\n", marker and marker["name"]))
        i += 1
    return found


BLOCKS = blocks()


def kind(block: Block) -> str:
    """How a block is run (see the module docstring)."""
    if block.marker in ("sample-command", "test-command", "lint-command"):
        return block.marker
    if block.lang == "python":
        return "python"
    if block.lang == "sh":
        return "shell"
    if block.lang == "json":
        return "manifest-line" if '"sha256"' in block.text and '"run"' in block.text else "document"
    if block.lang in ("", "text") and re.search(r"^(reportparse|pip|apt-get) ", block.text, re.M):
        return "synopsis"
    if block.lang == "" and block.text.startswith("src/reportparse/"):
        return "tree"
    return "unknown"


def test_every_block_is_run() -> None:
    assert len(BLOCKS) >= 18
    assert [b.id for b in BLOCKS if kind(b) == "unknown"] == []
    assert {kind(b) for b in BLOCKS} == {
        "sample-command", "test-command", "lint-command", "python", "shell", "document",
        "manifest-line", "synopsis", "tree",
    }  # fmt: skip


def of_kind(name: str) -> list[Any]:
    return [pytest.param(b, id=b.id) for b in BLOCKS if kind(b) == name]


# --- the folder a block runs in -----------------------------------------------------------------
#: the files the README's examples name, as copies of fixtures
WORKSPACE = {
    "report.pdf": FIXTURES / "pdf" / "r03_budget_warnings.lo-noto.pdf",  # it has warnings
    "other.pdf": FIXTURES / "pdf" / "r01_clean.chromium-noto.pdf",
    "two_versions.txt": FIXTURES / "text" / "seed_both_versions.txt",
    "archive/r01.pdf": FIXTURES / "pdf" / "r01_clean.lo-laksaman.pdf",
    "archive/r02.pdf": FIXTURES / "pdf" / "r02_thai_digits.chromium-noto.pdf",
    "archive/2566/r04.pdf": FIXTURES / "pdf" / "r04_round_order.lo-noto.pdf",
    "archive/2566/r08.pdf": FIXTURES / "pdf" / "r08_two_reports.lo-noto.pdf",
}
SCAN = FIXTURES / "scans" / "r02_thai_digits.chromium-laksaman.worst-fax.pdf"  # 2 pages


def workspace(tmp_path: Path, *, scan: bool = False) -> Path:
    where = tmp_path / "work"
    for name, fixture in {**WORKSPACE, **({"scan.pdf": SCAN} if scan else {})}.items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(fixture, where / name)
    return where


def environment() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def run(command: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=environment(), capture_output=True, text=True, timeout=timeout
    )


# --- python and shell blocks ---------------------------------------------------------------------
#: (module, extra, what in a block needs it)
OPTIONAL = (
    ("pyarrow", "parquet", r"\.parquet\b|to_arrow"),
    ("pandas", "pandas", r"\bpandas\b|to_pandas|read_table"),
    ("duckdb", "duckdb", r"\bduckdb\b"),
    ("distributed", "dask", r"\bdistributed\b|\bdask\b"),
)


def needs(block: Block) -> None:
    """Skip (fail in CI) a block whose optional parts are not installed."""
    for module, extra, pattern in OPTIONAL:
        if re.search(pattern, block.text):
            try:
                __import__(module)
            except ImportError:
                require_optional(f"pip install 'reportparse[{extra}]'")


@pytest.mark.parametrize("block", of_kind("python"))
def test_python_block_runs_as_a_script(block: Block, tmp_path: Path) -> None:
    needs(block)
    where = workspace(tmp_path)
    script = where / "example.py"
    script.write_text(block.text, encoding="utf-8")
    proc = run([sys.executable, script.name], where)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("block", of_kind("shell"))
def test_shell_block_runs(block: Block, tmp_path: Path) -> None:
    needs(block)
    where = workspace(tmp_path)
    proc = run(["bash", "-e", "-o", "pipefail", "-c", block.text], where)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr


def test_the_shell_blocks_did_what_they_say(tmp_path: Path) -> None:
    (parse,) = [b for b in BLOCKS if kind(b) == "shell" and "parse - " in b.text]
    where = workspace(tmp_path)
    run(["bash", "-e", "-c", parse.text], where)
    assert json.loads((where / "report.json").read_text())["source"]["path"] == "<stdin>"
    lines = (where / "reports.jsonl").read_text().splitlines()
    assert [json.loads(line)["source"]["path"] for line in lines] == ["other.pdf", "report.pdf"]
    assert json.loads((where / "checked.json").read_text())["reports"][0]["warnings"]


@pytest.mark.parametrize("block", of_kind("sample-command"))
def test_the_set_up_command_works_as_written(block: Block, tmp_path: Path) -> None:
    """In a copy of the repository (its tracked and new files), as a new user would."""
    copy = tmp_path / "reportparse"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    proc = subprocess.run(
        ["bash", "-e", "-c", block.text], cwd=copy, capture_output=True, text=True, timeout=900
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout)["reports"][0]["project"]["code"] == "04160000-6968"


@pytest.mark.parametrize("block", of_kind("test-command") + of_kind("lint-command"))
def test_ci_runs_exactly_the_readme_command(block: Block) -> None:
    """.ci/run reads these two commands from README (the test command is the one CI runs: it
    cannot run inside the tests it starts)."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    function = re.search(r"^readme_command\(\) \{.*?^\}", script, re.M | re.S)
    assert function and f"readme_command {block.marker}" in script
    proc = subprocess.run(
        ["bash", "-c", f"{function.group()}\nreadme_command {block.marker}"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert proc.stdout == block.text and block.text.count("\n") == 1
    for extras in re.findall(r"\.\[([\w,]+)\]", block.text):
        assert set(extras.split(",")) <= set(pyproject()["project"]["optional-dependencies"])


@pytest.mark.parametrize("block", of_kind("lint-command"))
def test_the_lint_command_passes(block: Block) -> None:
    command = block.text.replace(".venv/bin/", f"{BIN}/")  # this environment's tools
    proc = run(["bash", "-e", "-c", command], ROOT, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


# --- synopses -------------------------------------------------------------------------------------
#: what a synopsis placeholder becomes, by command
PLACEHOLDERS: dict[str, dict[str, str]] = {
    "parse": {"FILE…": "report.pdf", "FILE": "report.pdf", "scan.pdf": "scan.pdf"},
    "text": {"FILE": "report.pdf"},
    "diff": {
        "OLD": "report.pdf",
        "NEW": "other.pdf",
        "FILE": "two_versions.txt",
        "FILE#1": "two_versions.txt#1",
        "OTHER#2": "two_versions.txt#2",
    },
    "batch": {"IN_DIR": "archive", "OUT_DIR": "out"},
    "review": {"FILE": "report.pdf", "REVIEW.html": "review.html"},
}
#: what a command may exit with when it works (diff: 1 is "changes found")
WORKS = {"diff": (0, 1)}
OPTION = re.compile(r"(?<![\w-])(--?[a-zA-Z][\w-]*)")


def synopses(text: str) -> list[str]:
    """The lines of a synopsis block, continuation lines joined, comments dropped."""
    joined: list[str] = []
    for line in text.splitlines():
        line = line.split("  #", 1)[0].rstrip()
        if line.startswith(" ") and joined:
            joined[-1] += " " + line.strip()
        elif line:
            joined.append(line)
    return joined


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def check_install(line: str) -> None:
    """``pip install 'reportparse[x]'``: the extra exists and its modules import;
    ``apt-get install pkg``: the Debian package is installed."""
    if line.startswith("pip "):
        (extra,) = re.findall(r"reportparse\[(\w+)\]", line)
        requirements = pyproject()["project"]["optional-dependencies"][extra]
        modules = {"pillow": "PIL"}
        for requirement in requirements:
            name = re.split(r"[<>=\[ ]", requirement, maxsplit=1)[0].lower()
            __import__(modules.get(name, name))
        return
    (package,) = line.split()[2:]
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True)
    require_optional(
        "" if b"install ok installed" in status.stdout else f"apt-get install {package}"
    )


@pytest.mark.parametrize("block", of_kind("synopsis"))
def test_synopsis_options_exist_and_commands_run(block: Block, tmp_path: Path) -> None:
    where = workspace(tmp_path, scan="scan.pdf" in block.text)
    for line in synopses(block.text):
        if line.startswith(("pip ", "apt-get ")):
            check_install(line)
            continue
        words = line.split()
        command = words[1] if words[1] in PLACEHOLDERS or words[1] == "schema" else None
        helped = run([str(BIN / "reportparse"), *([command] if command else []), "--help"], where)
        for option in OPTION.findall(line):
            assert re.search(rf"(?<![\w-]){option}(?![\w-])", helped.stdout), (option, line)
        # the optional options left out, an optional file kept ("diff OLD [NEW]")
        bare = re.sub(r"\s*\[-[^\]]*\]", "", line).replace("[", "").replace("]", "").split()
        if "scan.pdf" in bare:
            from reportparse.ocr import missing

            require_optional(missing())
        mapping = PLACEHOLDERS.get(command or "", {})
        argv = [mapping.get(w, w) for w in bare[1:]]
        proc = run([str(BIN / "reportparse"), *argv], where)
        assert proc.returncode in WORKS.get(command or "", (0,)), (line, proc.stderr[-2000:])
        assert "Traceback" not in proc.stderr


# --- JSON examples --------------------------------------------------------------------------------
def unknown_keys(example: Any, node: dict[str, Any], schema: dict[str, Any], at: str) -> list[str]:
    """The keys of ``example`` that the schema ``node`` does not define."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    for option in node.get("anyOf", []):
        if option.get("type") != "null":
            return unknown_keys(example, option, schema, at)
    found = []
    if isinstance(example, dict) and "properties" in node:
        for key, value in example.items():
            if key not in node["properties"]:
                found.append(f"{at}.{key}")
            else:
                found += unknown_keys(value, node["properties"][key], schema, f"{at}.{key}")
    elif isinstance(example, dict) and "additionalProperties" in node:
        for key, value in example.items():
            found += unknown_keys(value, node["additionalProperties"], schema, f"{at}[{key}]")
    elif isinstance(example, list) and "items" in node:
        for value in example:
            if value != "…":  # "more of the same"
                found += unknown_keys(value, node["items"], schema, f"{at}[]")
    return found


@pytest.mark.parametrize("block", of_kind("document"))
def test_json_example_uses_only_properties_of_the_schema(
    block: Block, schema: dict[str, Any]
) -> None:
    example = json.loads(block.text)
    assert set(example) == set(schema["properties"])
    assert unknown_keys(example, schema, schema, "") == []


@pytest.mark.parametrize("block", of_kind("manifest-line"))
def test_manifest_example_has_the_fields_a_batch_writes(block: Block, tmp_path: Path) -> None:
    from reportparse.batch import run_batch
    from reportparse.batch.manifest import MANIFEST, read_manifest

    where = workspace(tmp_path)
    run_batch(where / "archive", where / "out", jobs=1)
    (line, *_) = read_manifest(where / "out" / MANIFEST)
    assert list(json.loads(block.text)) == list(line)


# --- the Development tree -------------------------------------------------------------------------
@pytest.mark.parametrize("block", of_kind("tree"))
def test_every_path_of_the_tree_exists(block: Block) -> None:
    package = ROOT / "src" / "reportparse"
    missing = []
    folder = ROOT
    for line in block.text.splitlines():
        entry = line.split()[0] if line.strip() else ""
        if not line.startswith(" ") and entry:  # a top-level path of the repository
            folder = ROOT / entry if entry.endswith("/") else ROOT
            if not (ROOT / entry).exists():
                missing.append(entry)
        elif line.startswith("  ") and not line.startswith("   ") and entry:  # in the package
            folder = package / entry if entry.endswith("/") else package
            if not (package / entry).exists():
                missing.append(entry)
        for name in re.findall(r"\b[\w]+\.(?:py|c)\b", line):  # files the line describes
            if not list(folder.rglob(name)) and not list(package.rglob(name)):
                missing.append(name)
    assert missing == []


# --- prose that must match the code ---------------------------------------------------------------
#: errors of a whole command, never of one input: never in a manifest line
NOT_PER_FILE = {"output_busy", "output_path", "table", "diff_error"}
#: the codes of a file the pool could not parse (batch.core), and of a write that failed
POOL_CODES = {"timeout", "worker_crashed", "internal", "out_of_memory", "write_failed"}


def test_the_manifest_code_list_is_every_code_an_input_can_get() -> None:
    import importlib
    import pkgutil

    import reportparse
    from reportparse.batch.core import _FAILURE_CODES
    from reportparse.errors import ReportParseError

    for module in pkgutil.walk_packages(reportparse.__path__, "reportparse."):
        if not module.name.endswith(("__main__", "batch.worker", "reportparse.dask")):
            importlib.import_module(module.name)  # every error class defined anywhere

    def subclasses(cls: type) -> set[type]:
        return {s for sub in cls.__subclasses__() for s in (sub, *subclasses(sub))}

    codes = {c.code for c in subclasses(ReportParseError)} - NOT_PER_FILE
    assert set(_FAILURE_CODES.values()) <= POOL_CODES
    text = README.read_text(encoding="utf-8")
    sentence = text.split("`code` is its stable name:", 1)[1].split("`run` tells", 1)[0]
    listed = set(re.findall(r"`([a-z_]+)`", sentence))
    assert listed == codes | POOL_CODES


def test_diff_files_is_documented_as_returning_a_diff_result() -> None:
    import inspect

    from reportparse.diff import DiffResult, diff_files

    assert inspect.signature(diff_files).return_annotation in (DiffResult, "DiffResult")
    assert "`reportparse.diff.diff_files(old, new)` returns a `DiffResult`" in " ".join(
        README.read_text(encoding="utf-8").split()
    )


def test_timeout_0_is_documented() -> None:
    from typer.testing import CliRunner

    from reportparse.cli import app

    helped = " ".join(CliRunner().invoke(app, ["batch", "--help"]).stdout.split())
    assert "0: no limit" in helped
    assert "`--timeout 0`: no limit" in " ".join(README.read_text(encoding="utf-8").split())
