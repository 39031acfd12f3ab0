"""The architecture holds: no import cycle, no stage importing a later one, each fact defined once.

``tools/import_graph.py`` prints the graph; these tests fail on any violation, and on a Thai
character class, the page header or the round word written out anywhere but their one owner.
"""

from __future__ import annotations

import ast
import re
import sys
import tokenize
from pathlib import Path

import pytest

from reportparse.form import FORM_TITLE, ROUND_WORD

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import import_graph

PACKAGE = ROOT / "src" / "reportparse"
SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_no_cycle_and_no_stage_imports_a_later_one() -> None:
    assert import_graph.violations(import_graph.graph()) == []


def test_the_thai_leaf_imports_no_stage() -> None:
    edges = import_graph.graph()
    leaf = {m: targets for m, targets in edges.items() if m == "thai" or m.startswith("thai.")}
    allowed = {
        "thai",
        "thai.chars",
        "thai.repairs",
        "thai.damage",
        "thai.dictionary",
        "thai.tokenizer",
        "thai.newmm",
        "thai.spelling",
        "speedups",
    }
    assert all(targets <= allowed for targets in leaf.values()), leaf


def _code_strings(path: Path) -> list[str]:
    """The string constants of a module that are not docstrings (patterns, messages, tables)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


#: two Thai characters as the ends of a character-class range (ก-ฮ, ั-ฺ …)
THAI_RANGE = re.compile("[\u0e00-\u0e7f]-[\u0e00-\u0e7f]")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_each_fact_has_one_owner(path: Path) -> None:
    rel = path.relative_to(PACKAGE).as_posix()
    strings = _code_strings(path)
    if rel != "thai/chars.py":
        assert not [s for s in strings if THAI_RANGE.search(s)], "a Thai class: use thai.chars"
        with path.open("rb") as f:
            hexes = [t.string for t in tokenize.tokenize(f.readline) if t.type == tokenize.NUMBER]
        assert not [h for h in hexes if re.fullmatch(r"0[xX]0[eE][0-9a-fA-F]{2}", h)], (
            "a Thai code point: use thai.chars"
        )
    if rel != "form.py":
        assert not [s for s in strings if FORM_TITLE[:25] in s], "the page header: form.py"
        assert not [s for s in strings if ROUND_WORD in s], "the round word: form.py"


def test_the_c_speedups_receive_their_classes_from_python() -> None:
    """C knows only where its table of the Thai block starts and ends (c_tables' layout)."""
    source = (PACKAGE / "_speedups.c").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)
    assert set(re.findall(r"0x0[eE][0-9a-fA-F]{2}", code)) == {"0x0E00", "0x0E80"}
    assert not re.findall(r"0x[fF][789][0-9a-fA-F]{2}|0x[fF][bB]0[0-9a-fA-F]", code)  # PUA, ﬁ


@pytest.mark.parametrize("package", ["reportparse", "reportparse.batch", "reportparse.diff"])
def test_a_package_exports_every_name_it_lists_and_no_other(package: str) -> None:
    """The packages load their names on first use (``_lazy``): each name of ``__all__`` is
    there, and a name that is not raises AttributeError as any module does."""
    import importlib

    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'nope'"):
        module.nope  # noqa: B018
