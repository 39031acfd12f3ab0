"""Shared fixtures and helpers: where the fixture files are, and how goldens are compared."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from reportparse.normalize import Line

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
#: golden files are rewritten only when this variable is set (and a test checks it is not in CI)
REGEN_ENV = "REPORTPARSE_REGEN_GOLDEN"


def lines(*texts: str, page: int = 1) -> list[Line]:
    """Normalised lines of one page, numbered from 1."""
    return [Line(page, i, t) for i, t in enumerate(texts, start=1)]


def rel(path: Path) -> str:
    return path.resolve().relative_to(ROOT).as_posix()


def golden_path(fixture: Path) -> Path:
    return fixture.with_name(fixture.stem + ".expected.json")


def document_json(doc: Any, fixture: Path) -> dict[str, Any]:
    """The parse document as JSON data, with the source path made repo-relative."""
    data = doc.model_dump(mode="json")
    data["source"]["path"] = rel(fixture)
    return data


def regen_enabled() -> bool:
    return os.environ.get(REGEN_ENV) == "1"


def check_golden(data: dict[str, Any], fixture: Path) -> None:
    path = golden_path(fixture)
    if regen_enabled():
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden for {rel(fixture)}: run with {REGEN_ENV}=1 and review it"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert data == expected


@pytest.fixture(scope="session", autouse=True)
def _keep_voted_readers() -> Any:
    """The OCR votes of each parse that decodes an archive copy by them, kept for
    ``tests/test_sources.py`` to read the copy's boxes with (``tests/boxes.py``)."""
    from .boxes import keeping_voted

    with keeping_voted():
        yield


@pytest.fixture(scope="session")
def schema() -> dict[str, Any]:
    from reportparse import json_schema

    return json_schema()


#: set by .ci/run: a test that needs an optional part (the OCR engine) fails instead of skipping
REQUIRE_ENV = "REPORTPARSE_REQUIRE_OPTIONAL"


def require_optional(missing: str) -> None:
    """Skip the test on a user's machine when an optional part is missing (``missing``: the
    install hint, "" when it is there); in CI (``REQUIRE_ENV``) fail instead."""
    if not missing:
        return
    if os.environ.get(REQUIRE_ENV):
        pytest.fail(f"{REQUIRE_ENV} is set and an optional part is missing: {missing}")
    pytest.skip(missing)


def require_module(module: str, extra: str) -> Any:
    """``module`` imported, or (``require_optional``) a skip on a user's machine and a failure
    in CI that names the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        require_optional(f"pip install 'reportparse[{extra}]'")
        raise
