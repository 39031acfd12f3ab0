"""Names a package exports but imports on first use (PEP 562's module ``__getattr__``).

Contract: ``lazy_names(package, names, namespace)`` is a module ``__getattr__`` for
``package``: ``names`` maps each exported name to the module that defines it (relative to
``package``), imported when the name is first asked for; the value is then kept in
``namespace`` (the package's globals), so the next lookup is a plain attribute. A name not in
``names`` is an ``AttributeError``, as for any module. Imports nothing but ``importlib``: the
packages that use it are on the path of ``reportparse --help``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(
    package: str, names: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package`` that imports ``names`` on first use."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module, package), name)
        namespace[name] = value
        return value

    return __getattr__
