"""The diff's alignment stays correct at any length, and long texts take the phrase path.

``diff.align`` is difflib's matcher on small inputs and patience anchors around it on large
ones; ``diff.words`` aligns long texts phrase by phrase first. Their cost is measured in
bench/diff_bench.py; here, that what they return is a diff of the two sides.
"""

from __future__ import annotations

import itertools
import random
from difflib import SequenceMatcher

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportparse.diff import align, words
from reportparse.diff.words import squash, word_diff

from .conftest import FIXTURES

#: sequences over a small alphabet repeat their items (the hard case), with a few unique ones
items = st.lists(st.sampled_from("aabbbcdefgXYZ"), max_size=60)


def rebuilds(a: list[str], b: list[str], ops: list[align.Opcode]) -> bool:
    """Whether ``ops`` are opcodes that turn ``a`` into ``b`` (equal stretches equal)."""
    i = j = 0
    out: list[str] = []
    for tag, i1, i2, j1, j2 in ops:
        if (i1, j1) != (i, j) or (tag == "equal" and a[i1:i2] != b[j1:j2]):
            return False
        out += b[j1:j2]
        i, j = i2, j2
    return (i, j) == (len(a), len(b)) and out == b


@given(items, items)
def test_opcodes_turn_one_side_into_the_other(a: list[str], b: list[str]) -> None:
    assert rebuilds(a, b, align.opcodes(a, b))


@given(items, items)
def test_the_anchored_path_also_does(a: list[str], b: list[str]) -> None:
    blocks = align.matching_blocks(a, b)  # the path of large inputs, whatever the size
    assert rebuilds(a, b, align._opcodes(blocks))
    assert blocks[-1] == (len(a), len(b), 0)


@given(items, items)
def test_small_inputs_are_difflibs_own(a: list[str], b: list[str]) -> None:
    assert align.opcodes(a, b) == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def test_large_inputs_match_what_difflib_matches() -> None:
    """A long sequence with a few edits: the anchored path finds every unchanged item."""
    rng = random.Random(7)
    a = [rng.choice(["การ", "ที่", "และ", "ของ", f"w{rng.randrange(5000)}"]) for _ in range(6000)]
    b = list(a)
    for _ in range(40):
        k = rng.randrange(len(b))
        b[k : k + 1] = [] if rng.random() < 0.5 else ["ใหม่", b[k]]
    ops = align.opcodes(a, b)
    assert len(a) * len(b) > align.SMALL and rebuilds(a, b, ops)
    kept = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    assert kept >= len(a) - 40


def test_a_stretch_without_unique_items_beyond_large_is_one_replacement() -> None:
    a, b = ["x", "y"] * 4000, ["y", "x"] * 4000 + ["z", "z"]
    ops = align.opcodes(a, b)
    assert rebuilds(a, b, ops)


LONG = (FIXTURES / "reports" / "seed_v2.txt").read_text(encoding="utf-8")


def test_long_texts_take_the_phrase_path_and_rebuild_both_sides() -> None:
    old = LONG * 3
    new = old.replace("สำนักงานการต่างประเทศ", "สำนักงานการต่างประเทศไทย", 5).replace("2566", "2567")
    assert len(old) + len(new) > words.LONG_TEXT
    runs = word_diff(old, new)
    assert "".join(t for op, t in runs if op != "-") == new
    assert squash("".join(t for op, t in runs if op != "+")) == squash(old)
    assert all(x[0] != y[0] for x, y in itertools.pairwise(runs))
    assert sum(op == "+" for op, _ in runs) >= 5
    assert [t for op, t in runs if op == "+" and "ไทย" in t]


def test_a_long_text_against_itself_rewrapped_has_no_change() -> None:
    old = LONG * 3
    new = old.replace(" ", "\n").replace("เมือง พี่", "เมืองพี่")
    assert [op for op, _ in word_diff(old, new)] == ["="]


thai_text = st.lists(
    st.sampled_from(["เมือง", "พี่", "น้อง", "ที่", "ดี", "เเผน", "ก", "ั", "ab", "12", " ", "\n"]),
    max_size=40,
).map("".join)


@given(thai_text, thai_text)
def test_the_phrase_path_rebuilds_both_texts(old: str, new: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(words, "LONG_TEXT", 0)
        runs = word_diff(old, new)
    assert "".join(t for op, t in runs if op != "-") == new
    assert squash("".join(t for op, t in runs if op != "+")) == squash(old)
    assert all(x[0] != y[0] for x, y in itertools.pairwise(runs))


def _fold_as_before(groups: list[words.Group]) -> list[words.Group]:
    """The clean-up as it was written before it took one pass (the reference)."""
    i = 1
    while i < len(groups) - 1:
        before, middle, after = groups[i - 1 : i + 2]
        if middle[0] == "=" and words._size(middle) <= min(words._size(before), words._size(after)):
            joined = ("~", before[1] + middle[1] + after[1], before[2] + middle[2] + after[2])
            groups = words._merge([*groups[: i - 1], joined, *groups[i + 2 :]])
            i = max(1, i - 1)
        else:
            i += 1
    return groups


pieces = st.sampled_from(["ก", "การ", "เมือง", "ab", " ", "เ", "เเ", "12"])
group_lists = st.lists(
    st.tuples(st.sampled_from("=~"), st.lists(pieces, max_size=4), st.lists(pieces, max_size=4)),
    max_size=12,
).map(
    lambda gs: words._merge(
        [
            ("=", "".join(n), "".join(n)) if k == "=" else ("~", "".join(o), "".join(n))
            for k, o, n in gs
        ]
    )
)


@given(group_lists)
def test_the_one_pass_clean_up_folds_as_before(groups: list[words.Group]) -> None:
    assert words._fold_short_equalities(groups) == _fold_as_before(groups)
