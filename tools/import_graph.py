#!/usr/bin/env python3
"""Print reportparse's import graph and check it: no cycle, and no stage importing a later one.

Every ``import`` of a reportparse module counts, at module level or deferred inside a function
(a deferred import still ties the two together). Modules are ranked by pipeline stage
(``LAYERS``, earliest first); a module may import modules of its own layer or earlier ones.

    python tools/import_graph.py            # the edges, then "ok" or each violation (exit 1)
    python tools/import_graph.py --dot      # the graph for Graphviz
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "reportparse"

#: the stages, earliest first; a module belongs to the first layer one of whose prefixes it has
LAYERS: tuple[tuple[str, ...], ...] = (
    # the leaves: the character table and Thai repairs, the form's wording, options, errors
    # (provenance: the spans warnings carry; paths: the syntax that names a value; _lazy: the
    # packages' names loaded on first use)
    (
        "_base",
        "_lazy",
        "_speedups",
        "_version",
        "errors",
        "options",
        "speedups",
        "form",
        "thai",
        "warnings",
        "provenance",
        "paths",
    ),
    ("models",),  # the output contract
    ("ocr",),  # page images → text (an optional engine)
    ("extract",),  # file → pages
    ("normalize",),  # pages → lines
    ("segment",),  # lines → reports → sections
    ("values",),  # the value parsers
    ("fields", "progress"),  # sections → values
    ("checks",),  # values → warnings
    ("pipeline",),  # the orchestrator
    ("textlayer", "output", "diff", "batch", "review"),  # what is built on parsing
    ("dask",),  # batch on a cluster (an optional extra)
    ("cli", "__init__", "__main__"),  # the faces
)


def module_name(path: Path) -> str:
    """``extract/pdf.py`` → ``extract.pdf``; a package's ``__init__.py`` → the package."""
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise SystemExit(f"tools/import_graph.py: {module} is in no layer: add it to LAYERS")


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    base = module.split(".") if module != "__init__" else []
    if not is_package:
        base = base[:-1]
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *(node.module.split(".") if node.module else [])])


def imports_of(path: Path) -> Iterator[str]:
    """The reportparse modules a file imports (names relative to the package)."""
    module = module_name(path)
    is_package = path.name == "__init__.py"
    known = {module_name(p) for p in PACKAGE.rglob("*.py")}
    known |= {module_name(p) for p in PACKAGE.rglob("*.c")}  # the C speedups: a leaf
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("reportparse."):
                    yield alias.name.removeprefix("reportparse.")
        elif isinstance(node, ast.ImportFrom) and node.level:
            target = _resolve(module, is_package, node)
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                yield sub if sub in known else (target or "__init__")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportparse"):
            yield node.module.removeprefix("reportparse").lstrip(".") or "__init__"


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {"_speedups": set()}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        edges[module] = {m for m in imports_of(path) if m != module}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by depth-first search (each reported once, from its first module)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                found.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def violations(edges: dict[str, set[str]]) -> list[str]:
    out = [" -> ".join(c) + "  (cycle)" for c in cycles(edges)]
    for module, targets in sorted(edges.items()):
        for target in sorted(targets):
            if layer_of(target) > layer_of(module):
                out.append(f"{module} -> {target}  (an earlier stage imports a later one)")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--dot", action="store_true", help="print the graph for Graphviz")
    args = ap.parse_args()
    edges = graph()
    if args.dot:
        print("digraph reportparse {")
        for module, targets in sorted(edges.items()):
            for target in sorted(targets):
                print(f'  "{module}" -> "{target}";')
        print("}")
        return 0
    for module, targets in sorted(edges.items(), key=lambda kv: (layer_of(kv[0]), kv[0])):
        print(f"[{layer_of(module)}] {module}: {', '.join(sorted(targets)) or '-'}")
    problems = violations(edges)
    print("\n".join(problems) if problems else "ok: no cycle, no stage imports a later one")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
