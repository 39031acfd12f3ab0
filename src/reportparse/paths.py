"""Paths: the one syntax that names a value of a report (SPEC.md, "Comparing two versions").

Contract: dots for fields (``project.code``), ``[i]`` (0-based) for the items of plain lists
(``objectives[1]``, ``agency.units[0]``) and ``[round=N]`` for progress rounds, which are
named by their number (``progress[round=3].percent``). ``sources``, ``field_pages`` and
``diff`` key values by these paths; every path is made here, and ``parent`` takes one apart.
A warning's ``path`` is the JSON path into the report as written: its rounds are numbered by
their place (``progress[2].percent``, as SPEC.md has always said); ``source_path`` names the
same value in the syntax above.

>>> round_item(3), field(round_item(3), "percent"), item("agency.units", 1), field("", "goal")
('progress[round=3]', 'progress[round=3].percent', 'agency.units[1]', 'goal')
"""

from __future__ import annotations

import re

#: the field of a report that holds its rounds
ROUNDS = "progress"
#: a round numbered by its place in a report's list of rounds (a warning's JSON path)
ROUND_BY_PLACE = re.compile(
    rf"""
    ^{ROUNDS}\[(?P<place>\d+)\]   # progress[2] ...
    (?=$|[.\[])                   # ... alone or followed by the round's field
    """,
    re.VERBOSE,
)
#: the last step of a path: ``.name``, ``[1]`` or ``[round=3]``
LAST_STEP = re.compile(
    r"""
    (\.[^.\[\]]+     # a field name after a dot
    |\[[^\]]*\])$    # or a bracketed index or round, at the end
    """,
    re.VERBOSE,
)


def field(path: str, name: str) -> str:
    """The field ``name`` of the value at ``path`` ("" is the report itself)."""
    return f"{path}.{name}" if path else name


def item(path: str, index: int) -> str:
    """The item ``index`` (0-based) of the plain list at ``path``."""
    return f"{path}[{index}]"


def round_item(number: int, path: str = ROUNDS) -> str:
    """The round numbered ``number`` of the rounds at ``path``."""
    return f"{path}[round={number}]"


def parent(path: str) -> str | None:
    """The path without its last step; None when it has one step only.

    >>> parent("progress[round=3].percent"), parent("agency.units[1]"), parent("goal")
    ('progress[round=3]', 'agency.units', None)
    """
    shorter = LAST_STEP.sub("", path)
    return shorter if shorter and shorter != path else None


def source_path(json_path: str, rounds: list[int]) -> str:
    """The path of the value a JSON path into a report names (``rounds``: the numbers of the
    report's rounds, in their order): a round by its place becomes the round by its number.

    >>> source_path("progress[1].percent", [1, 3]), source_path("project.code", [])
    ('progress[round=3].percent', 'project.code')
    """
    m = ROUND_BY_PLACE.match(json_path)
    if m is None or int(m["place"]) >= len(rounds):
        return json_path
    return round_item(rounds[int(m["place"])]) + json_path[m.end() :]
