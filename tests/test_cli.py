"""The command line: outputs, and bad input as a one-line error with its exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportparse.cli import app

from .conftest import FIXTURES, ROOT

runner = CliRunner()
SAMPLE = FIXTURES / "reports" / "r01_clean.txt"
BAD = FIXTURES / "bad"


def test_parse_prints_the_document() -> None:
    result = runner.invoke(app, ["parse", str(SAMPLE)])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == "1"
    assert doc["reports"][0]["project"]["code"] == "50100000-1234"


def test_parse_compact_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "doc.json"
    result = runner.invoke(app, ["parse", str(SAMPLE), "--compact", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.count("\n") == 1
    assert json.loads(text)["reports"][0]["progress"][5]["percent"] == 100.0


def test_schema_is_a_json_schema_of_the_document() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert result.exit_code == 0
    assert set(schema["required"]) == {"source", "reports"}
    assert schema["$defs"]["Round"]["properties"]["percent"]["anyOf"][0]["type"] == "number"


def test_help_documents_the_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for code in ("4", "5", "6", "7", "8", "9"):
        assert f"  {code}  " in result.stdout


BAD_INPUTS = [
    pytest.param(BAD / "missing.pdf", 4, "no such file", id="missing"),
    pytest.param(BAD / "empty.pdf", 5, "the file is empty", id="empty"),
    pytest.param(BAD / "photo.pdf", 5, "it is a PNG image", id="png-named-pdf"),
    pytest.param(BAD / "truncated.pdf", 6, "damaged", id="truncated"),
    pytest.param(BAD / "corrupt.pdf", 6, "damaged", id="corrupt"),
    pytest.param(BAD / "encrypted.pdf", 7, "--password", id="encrypted"),
    pytest.param(BAD / "scanned.pdf", 8, "no text layer", id="scanned"),  # with --ocr never
    pytest.param(BAD / "not_a_report.pdf", 9, "no progress report found", id="not-a-report"),
    pytest.param(FIXTURES / "make_fixtures.py", 9, "no progress report found", id="other-text"),
]


@pytest.mark.parametrize(("path", "code", "words"), BAD_INPUTS)
def test_bad_input_is_one_line_naming_the_file(path: Path, code: int, words: str) -> None:
    result = runner.invoke(app, ["parse", str(path), "--ocr", "never"])
    assert result.exit_code == code
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"reportparse: error: {path}")
    assert words in lines[0]
    assert "Traceback" not in result.stderr


def test_encrypted_pdf_opens_with_its_password() -> None:
    result = runner.invoke(app, ["parse", str(BAD / "encrypted.pdf"), "--password", "secret"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["reports"][0]["project"]["code"] == "50100000-1234"


def test_wrong_password_says_so() -> None:
    result = runner.invoke(app, ["parse", str(BAD / "encrypted.pdf"), "--password", "nope"])
    assert result.exit_code == 7
    assert "the password given is wrong" in result.stderr


def test_max_pages_guard() -> None:
    pdf = FIXTURES / "pdf" / "r07_page_breaks.lo-laksaman.pdf"
    result = runner.invoke(app, ["parse", str(pdf), "--max-pages", "1"])
    assert result.exit_code == 10
    assert "pages, limit 1" in result.stderr


def test_usage_error_exits_2() -> None:
    result = runner.invoke(app, ["parse"])
    assert result.exit_code == 2


def test_main_leaves_the_objects_of_a_finished_command_to_the_os(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``main`` freezes the collector once the command has ended, however it ended: the
    process exits next, and collecting every object of the imports costs more than the
    command (issue 17)."""
    import reportparse.cli as cli

    frozen: list[bool] = []

    def command() -> None:
        raise SystemExit(3)

    monkeypatch.setattr(cli, "app", command)
    monkeypatch.setattr(cli.gc, "freeze", lambda: frozen.append(True))
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 3
    assert frozen == [True]


@pytest.mark.parametrize(
    ("argv", "started"),
    [
        (["batch", "in", "-o", "out"], True),
        (["batch", "--help"], False),
        (["parse", "a.pdf"], False),
    ],
)
def test_batch_starts_its_workers_before_the_command_line_loads(
    argv: list[str], started: bool
) -> None:
    """The console script starts ``batch``'s forkserver before it imports the command line
    (typer): the forkserver loads the parser while typer loads, not after (issue 17); no other
    command starts one."""
    code = (
        "import sys, types\n"
        f"sys.argv = ['reportparse', *{argv!r}]\n"
        "import reportparse.batch.start as start\n"
        "start.prestart = lambda: print('prestart, typer loaded:', 'typer' in sys.modules)\n"
        "sys.modules['reportparse.cli'] = types.SimpleNamespace(main=lambda: print('cli'))\n"
        "from reportparse.__main__ import main\n"
        "main()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    expected = ["prestart, typer loaded: False", "cli"] if started else ["cli"]
    assert out.stdout.splitlines() == expected, out.stderr


def test_the_console_script_is_the_entry_point_that_starts_workers_first() -> None:
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"reportparse": "reportparse.__main__:main"}


def test_python_dash_m_runs_the_cli_without_a_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "reportparse", "parse", str(BAD / "empty.pdf")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 5
    assert proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


#: what each command may leave unimported (issue 17: start-up loads only what a command needs)
NOT_LOADED = [
    pytest.param(["--help"], ("pydantic", "rich", "pypdfium2", "regex", "pythainlp"), id="help"),
    pytest.param(["version"], ("rich", "pypdfium2", "reportparse.models"), id="version"),
    pytest.param(
        ["diff", str(SAMPLE), str(FIXTURES / "diff" / "r01_clean.edited.txt"), "--json"],
        ("rich", "pypdfium2", "pythainlp", "reportparse.diff.html", "reportparse.review"),
        id="diff-json",
    ),
    pytest.param(  # two parse documents: nothing of the parser
        [
            "diff",
            *(
                str(FIXTURES / "reports" / f"{n}.expected.json")
                for n in ("r01_clean", "r03_budget_warnings")
            ),
        ],
        ("rich", "pypdfium2", "pythainlp", "reportparse.normalize", "reportparse.pipeline"),
        id="diff-of-documents",
    ),
    pytest.param(  # the words of a text diff to a pipe: no colours, so no rich
        ["diff", str(SAMPLE), str(FIXTURES / "diff" / "r01_clean.edited.txt")],
        ("rich", "pypdfium2", "pythainlp", "reportparse.diff.html"),
        id="diff-text-to-a-pipe",
    ),
    pytest.param(
        ["parse", str(FIXTURES / "pdf" / "r02_thai_digits.lo-noto.pdf"), "-o", "{out}"],
        ("rich", "pythainlp", "pdfplumber", "pdfminer", "reportparse.ocr.repairs"),
        id="parse-clean-pdf",
    ),
]


@pytest.mark.parametrize(("argv", "absent"), NOT_LOADED)
def test_a_command_loads_only_what_it_needs(
    argv: list[str], absent: tuple[str, ...], tmp_path: Path
) -> None:
    argv = [a.replace("{out}", str(tmp_path / "out.json")) for a in argv]
    code = (
        "import sys\n"
        f"sys.argv = ['reportparse', *{argv!r}]\n"
        "from reportparse.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('loaded:', *(m for m in {absent!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "loaded:"
