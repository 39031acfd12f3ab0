"""Scoring: how far a parse document is from the truth, and how much of the gap goes unwarned.

Contract: works on the JSON dicts of ``reportparse parse`` (``{"source", "reports": [...]}``),
never on reportparse itself, so it scores any version of the tool, or another tool writing the
same JSON. ``score(got, truth)`` pairs reports by order and returns a ``Score``:

- **structured fields**, each right or wrong: ``reports#`` (how many reports), and per report
  ``project.{name,code,fiscal_year_be,start_date,end_date,budget_received,budget_used}``,
  ``agency.units[i]``, ``agency.{responsible,coordinator}``,
  ``strategy.{issue,sub_issue,target,indicator}.{no,title}``, ``objectives#`` and, per progress
  round paired by round number (a repeated number: in order, the k-th copy is
  ``progress[round=N@k]``), ``progress[round=N]`` (the round is there) and
  ``progress[round=N].{date,percent,disbursed,on_plan,on_target}``. Paths are prefixed with
  ``reports[i].`` when the truth holds more than one report. Strings compare with all white
  space removed, numbers as floats, ``true`` is never ``1``. A field of a report or round that
  the parse lacks is wrong whatever the truth holds; a round or unit only the parse has is one
  wrong field (its presence, or the unit).
- **text fields** (``rationale``, ``goal``, ``objectives[i]``, ``progress[round=N].text``):
  Levenshtein distance with white space removed, summed, over the truth's length: ``cer``.
- a wrong field is **silent** when the parse gave no sign of it: no warning of its report whose
  path is the field, a prefix of it or an extension of it (``progress[<index>]`` in warnings is
  read as the round at that index), and no page-level warning (``PAGE_CODES``, or path ``""``)
  on a page the field came from (``field_pages`` of the parse; a field the parse did not find
  came from anywhere in its report's ``pages``; a page-level warning without a page covers the
  whole report). A failed parse (``got is None``) makes every field wrong and none silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

try:
    from rapidfuzz.distance import Levenshtein as _Lev

    def levenshtein(a: str, b: str) -> int:
        """Edit distance of two strings (insertions, deletions, substitutions)."""
        return int(_Lev.distance(a, b))

except ImportError:  # pragma: no cover - same numbers, slower

    def levenshtein(a: str, b: str) -> int:
        """Edit distance of two strings (insertions, deletions, substitutions)."""
        if len(a) < len(b):
            a, b = b, a
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]


#: warning codes about a whole page's text rather than one field (with a field's path, such a
#: warning covers that field only: ``ocr_low_confidence`` on a value read by OCR)
PAGE_CODES = frozenset({"text_unusable", "text_damaged", "ocr_low_confidence"})
#: page codes that name a field when they have a path
FIELD_WHEN_PATH = frozenset({"ocr_low_confidence"})
PROJECT_FIELDS = (
    "name", "code", "fiscal_year_be", "start_date", "end_date", "budget_received", "budget_used",
)  # fmt: skip
STRATEGY_PARTS = ("issue", "sub_issue", "target", "indicator")
ROUND_FIELDS = ("date", "percent", "disbursed", "on_plan", "on_target")
WHITE = re.compile(r"\s+")
#: a list index in a warning path: ``progress[3]`` (not ``progress[round=3]``)
PROGRESS_INDEX = re.compile(r"^progress\[(\d+)\]")
#: the copy number of a repeated round in our paths: ``progress[round=2@2]`` → ``@2``
COPY = re.compile(r"@\d+(?=\])")
#: a value of a report or round the parse does not have at all
ABSENT = "<absent>"


@dataclass
class Score:
    """Right and wrong structured fields, and text errors, of one or more documents."""

    fields: int = 0
    right: int = 0
    silent: list[tuple[str, Any, Any]] = field(default_factory=list)
    wrong: list[tuple[str, Any, Any, bool]] = field(default_factory=list)
    text_chars: int = 0
    text_errors: int = 0

    @property
    def field_rate(self) -> float:
        """Share of structured fields that are right (1.0 when there are none)."""
        return self.right / self.fields if self.fields else 1.0

    @property
    def cer(self) -> float:
        """Character error rate of the text fields, white space removed."""
        return self.text_errors / self.text_chars if self.text_chars else 0.0


def merge(scores: Iterable[Score]) -> Score:
    """The sum of several scores (counts added, lists joined)."""
    total = Score()
    for s in scores:
        total.fields += s.fields
        total.right += s.right
        total.silent += s.silent
        total.wrong += s.wrong
        total.text_chars += s.text_chars
        total.text_errors += s.text_errors
    return total


def squash(value: Any) -> Any:
    """A value in the form fields are compared in.

    >>> squash(" สำนัก งาน\\n"), squash(5), squash(True), squash(None)
    ('สำนักงาน', ('num', 5.0), ('bool', True), None)
    """
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("num", float(value))
    if isinstance(value, str):
        return WHITE.sub("", value)
    return value


def _get(obj: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(k)
    return obj


def round_keys(progress: list[dict[str, Any]] | None) -> list[str]:
    """The path of each round of a progress list, in its order.

    >>> round_keys([{"round": 1}, {"round": 2}, {"round": 2}, {"round": None}])
    ['progress[round=1]', 'progress[round=2]', 'progress[round=2@2]', 'progress[round=None]']
    """
    seen: dict[Any, int] = {}
    keys = []
    for r in progress or []:
        n = r.get("round")
        seen[n] = seen.get(n, 0) + 1
        keys.append(f"progress[round={n}]" if seen[n] == 1 else f"progress[round={n}@{seen[n]}]")
    return keys


def structured(report: dict[str, Any]) -> dict[str, Any]:
    """Every structured field of one report: path → value.

    >>> r = {"project": {"code": "0416-1"}, "agency": {"units": ["ก", "ข"]},
    ...      "objectives": ["x"], "progress": [{"round": 1, "percent": 20.0}]}
    >>> s = structured(r)
    >>> s["project.code"], s["agency.units[1]"], s["objectives#"], s["progress[round=1]"]
    ('0416-1', 'ข', 1, True)
    >>> s["progress[round=1].percent"], s["strategy.issue.no"], len(s)
    (20.0, None, 26)
    """
    out: dict[str, Any] = {f"project.{k}": _get(report, "project", k) for k in PROJECT_FIELDS}
    for i, unit in enumerate(_get(report, "agency", "units") or []):
        out[f"agency.units[{i}]"] = unit
    for k in ("responsible", "coordinator"):
        out[f"agency.{k}"] = _get(report, "agency", k)
    for part in STRATEGY_PARTS:
        for k in ("no", "title"):
            out[f"strategy.{part}.{k}"] = _get(report, "strategy", part, k)
    out["objectives#"] = len(report.get("objectives") or [])
    progress = report.get("progress") or []
    for key, r in zip(round_keys(progress), progress, strict=True):
        out[key] = True
        for k in ROUND_FIELDS:
            out[f"{key}.{k}"] = r.get(k)
    return out


def texts(report: dict[str, Any]) -> dict[str, str]:
    """Every text field of one report: path → text (absent: empty)."""
    out = {"rationale": report.get("rationale") or "", "goal": report.get("goal") or ""}
    for i, obj in enumerate(report.get("objectives") or []):
        out[f"objectives[{i}]"] = obj or ""
    progress = report.get("progress") or []
    for key, r in zip(round_keys(progress), progress, strict=True):
        out[f"{key}.text"] = r.get("text") or ""
    return out


def _related(a: str, b: str) -> bool:
    """One path is the other, or the other's prefix (``progress`` ⊃ ``progress[round=2].date``).

    >>> _related("progress", "progress[round=2].date"), _related("project.code", "project.co")
    (True, False)
    """
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short)] in ".[#"


def _warning_path(path: str, keys: list[str]) -> str:
    """A warning's path with its progress index read as the round at that index.

    >>> keys = ["progress[round=1]", "progress[round=2]", "progress[round=2@2]"]
    >>> _warning_path("progress[2].percent", keys)
    'progress[round=2@2].percent'
    """
    m = PROGRESS_INDEX.match(path)
    if m and int(m[1]) < len(keys):
        return keys[int(m[1])] + path[m.end() :]
    return path


def _pages(report: dict[str, Any], path: str) -> tuple[int, int] | None:
    """First and last page a field of the parse came from (its longest listed prefix)."""
    fp = report.get("field_pages") or {}
    if path == "objectives#":
        spans = [v for k, v in fp.items() if k.startswith("objectives[") and v]
        if spans:
            return (min(v[0] for v in spans), max(v[-1] for v in spans))
    p = COPY.sub("", path)
    while p:
        if fp.get(p):
            return (fp[p][0], fp[p][-1])
        p = p[: max(p.rfind("."), p.rfind("["), 0)] if ("." in p or "[" in p) else ""
    pages = report.get("pages")
    return (pages[0], pages[-1]) if pages else None


def warned(report: dict[str, Any], path: str, *, blank_is_page: bool = True) -> bool:
    """Whether the parse's report carries a warning that covers this field."""
    keys = round_keys(report.get("progress"))
    span = _pages(report, path)
    for w in report.get("warnings") or []:
        wpath = w.get("path") or ""
        page_level = w.get("code") in PAGE_CODES and not (wpath and w["code"] in FIELD_WHEN_PATH)
        if page_level or (blank_is_page and not wpath):
            page = w.get("page")
            if page is None or span is None or span[0] <= page <= span[1]:
                return True
        if wpath and _related(_warning_path(wpath, keys), path):
            return True
    return False


def _score_report(
    got: dict[str, Any] | None, truth: dict[str, Any], prefix: str, blank_is_page: bool
) -> Score:
    s = Score()
    want, have = structured(truth), structured(got) if got else {}
    paths = list(want) + [p for p in have if p not in want and _counted_extra(p)]
    for path in paths:
        presence = path.startswith("progress[") and path.endswith("]")
        w = want.get(path, False if presence else None)
        g = have.get(path, ABSENT)
        s.fields += 1
        if g is not ABSENT and squash(g) == squash(w):
            s.right += 1
            continue
        g_out = (False if presence else None) if g is ABSENT else g
        is_warned = got is None or warned(got, path, blank_is_page=blank_is_page)
        s.wrong.append((prefix + path, g_out, w, is_warned))
        if not is_warned:
            s.silent.append((prefix + path, g_out, w))
    want_t, have_t = texts(truth), texts(got) if got else {}
    for path in list(want_t) + [p for p in have_t if p not in want_t]:
        a, b = WHITE.sub("", want_t.get(path, "")), WHITE.sub("", have_t.get(path, ""))
        s.text_chars += len(a)
        s.text_errors += levenshtein(a, b)
    return s


def _counted_extra(path: str) -> bool:
    """Fields only the parse has that count: a unit, or a round's presence (not its values)."""
    return path.startswith("agency.units[") or (path.startswith("progress[") and path.endswith("]"))


def score(
    got: dict[str, Any] | None, truth: dict[str, Any], *, blank_is_page: bool = True
) -> Score:
    """Score a parse document (None: the parse failed) against the truth document.

    ``blank_is_page=False`` counts a warning with path ``""`` as page-level only when its code
    is one of ``PAGE_CODES`` (it then covers nothing else, e.g. ``text_inferred``).

    >>> truth = {"reports": [{"project": {"code": "A-1", "budget_used": 5.0},
    ...          "progress": [{"round": 1, "percent": 20.0, "text": "ทำแล้ว"}]}]}
    >>> s = score(truth, truth); (s.fields, s.right, s.cer)
    (25, 25, 0.0)
    >>> import copy; got = copy.deepcopy(truth)
    >>> got["reports"][0]["project"]["code"] = "A-7"
    >>> got["reports"][0]["progress"][0].update(percent=None, text="ทำ แล")
    >>> got["reports"][0]["warnings"] = [{"code": "invalid_value", "path": "progress[0].percent",
    ...                                   "page": 1}]
    >>> s = score(got, truth); s.right, s.silent, round(s.cer, 3)
    (23, [('project.code', 'A-7', 'A-1')], 0.333)
    >>> s.wrong[1]
    ('progress[round=1].percent', None, 20.0, True)
    >>> s = score(None, truth); (s.right, len(s.wrong), s.silent, s.cer)
    (0, 25, [], 1.0)
    """
    want = truth.get("reports") or []
    have = (got.get("reports") or []) if got else []
    s = Score(fields=1)
    if got is not None and len(have) == len(want):
        s.right = 1
    else:
        s.wrong.append(("reports#", len(have) if got else None, len(want), got is None))
        if got is not None and not whole_document_warned(have):
            s.silent.append(("reports#", len(have), len(want)))
    parts = [s]
    for i, t in enumerate(want):
        g = have[i] if i < len(have) else None
        prefix = f"reports[{i}]." if len(want) > 1 else ""
        r = _score_report(g, t, prefix, blank_is_page)
        if got is not None and g is None and not whole_document_warned(have):
            # a report the parse lost, and nothing said text may be missing anywhere
            r.silent = [(p, gv, wv) for p, gv, wv, _ in r.wrong]
            r.wrong = [(p, gv, wv, False) for p, gv, wv, _ in r.wrong]
        parts.append(r)
    return merge(parts)


def whole_document_warned(reports: list[dict[str, Any]]) -> bool:
    """Whether a report carries a warning about the whole document's text: a page-level code
    with no page (a damaged stream, a rebuilt structure), which covers a report lost anywhere."""
    return any(
        w.get("code") in PAGE_CODES and not w.get("path") and w.get("page") is None
        for r in reports
        for w in r.get("warnings") or []
    )


def iter_wrong(s: Score) -> Iterator[str]:
    """One readable line per wrong field, silent ones marked."""
    for path, g, w, is_warned in s.wrong:
        yield f"{'   ' if is_warned else '!! '}{path}: got {g!r}, want {w!r}"


def _selftest() -> None:
    """The rules the doctests leave out: page-level warnings, rounds and reports in excess."""
    import copy

    rnd = {"round": 1, "date": "2023-01-31", "percent": 20.0, "disbursed": 5.0,
           "on_plan": True, "on_target": None, "text": "ก"}  # fmt: skip
    rep: dict[str, Any] = {
        "project": {"name": "โครงการ ก", "code": "A"}, "agency": {"units": ["ก"]},
        "objectives": ["ข", "ค"], "progress": [rnd, {**rnd, "round": 2}], "pages": [1, 3],
        "field_pages": {"project.name": [1, 1], "progress[round=2]": [3, 3]},
    }  # fmt: skip
    truth: dict[str, Any] = {"reports": [rep]}
    got = copy.deepcopy(truth)
    g = got["reports"][0]
    g["project"]["name"] = "โครงการ  ก\n"  # white space only: right
    g["progress"][1]["percent"] = 30.0
    g["progress"].append({**rnd, "round": 9})  # a round the truth lacks: one wrong field
    g["field_pages"]["progress[round=9]"] = [2, 2]
    g["warnings"] = [{"code": "text_damaged", "path": "rationale", "page": 3}]
    s = score(got, truth)
    assert [w[0] for w in s.wrong] == ["progress[round=2].percent", "progress[round=9]"], s.wrong
    assert s.silent == [("progress[round=9]", True, False)], s.silent  # page 3 covers round 2
    assert s.text_errors == 1 and s.fields == 33, (s.text_errors, s.fields)
    g["warnings"] = [{"code": "text_inferred", "path": "", "page": 3}]
    assert len(score(got, truth).silent) == 1
    assert len(score(got, truth, blank_is_page=False).silent) == 2
    g["warnings"] = []
    del g["progress"][0]  # round 1 lost: its presence and every value wrong, unwarned
    s = score(got, truth)
    assert sum(p.startswith("progress[round=1]") for p, *_ in s.silent) == 6, s.silent
    two = {"reports": [rep, rep]}
    s = score({"reports": [rep]}, two)  # the second report lost
    assert ("reports#", 1, 2) in s.silent and s.right == (s.fields - 1) // 2, (s.right, s.fields)
    assert all(p.startswith(("reports#", "reports[1].")) for p, *_ in s.silent)
    assert merge([s, s]).fields == 2 * s.fields
    damaged = copy.deepcopy(rep)
    damaged["warnings"] = [{"code": "text_damaged", "path": "", "page": None}]
    s = score({"reports": [damaged]}, two)  # lost, but the document said text may be missing
    assert not s.silent and len(s.wrong) > 1, s.silent


if __name__ == "__main__":
    import doctest
    import sys

    failed, tried = doctest.testmod()
    _selftest()
    print(f"{tried - failed + 1} passed, {failed} failed")
    sys.exit(1 if failed else 0)
