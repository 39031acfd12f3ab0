"""Property tests of the text repairs: idempotent, no change to well-formed Thai, and no
consonant or digit lost (a duplicated cluster loses only its copy)."""

from __future__ import annotations

from functools import cache

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from reportparse.normalize import garble
from reportparse.thai import repairs as thai

CONSONANTS = [chr(c) for c in range(0x0E01, 0x0E2F)]
LEADING = ["", "เ", "แ", "โ", "ใ", "ไ"]
UPPER_LOWER = ["", "ั", "ิ", "ี", "ึ", "ื", "ุ", "ู", "็"]
TONES = ["", "่", "้", "๊", "๋"]
FINALS = ["", "า", "ะ", "ำ", "ก", "ง", "น", "ม", "ย", "ว", "ด", "บ"]


@st.composite
def syllables(draw: st.DrawFn) -> str:
    """A well-formed Thai syllable: leading vowel, consonant, vowel sign, tone, final."""
    lead = draw(st.sampled_from(LEADING))
    cons = draw(st.sampled_from(CONSONANTS))
    vowel = draw(st.sampled_from(UPPER_LOWER))
    tone = draw(st.sampled_from(TONES)) if vowel != "็" else ""
    final = draw(st.sampled_from(FINALS))
    if final == "ำ":  # SARA AM takes no vowel sign
        vowel = ""
    if not (lead or vowel or final):  # a syllable has a vowel, written or implied by a final
        final = "า"
    return lead + cons + vowel + tone + final


@cache
def _common_words() -> list[str]:
    from pythainlp.corpus import thai_words

    return sorted(w for w in thai_words() if regex.fullmatch(r"[\u0e01-\u0e4e]+", w))[::25]


# real Thai: dictionary words (the judge of the duplicated-cluster repair) run together, with
# spaces, digits and ไม้ยมก between some of them, as reports write them
well_formed = st.lists(
    st.one_of(st.sampled_from(_common_words()), st.sampled_from([" ", "๑", "2", " ๆ "])),
    min_size=1,
    max_size=20,
).map("".join)
# syllables of any consonant with any vowel and tone: well-formed letters, mostly non-words
syllable_text = st.lists(syllables(), min_size=1, max_size=20).map("".join)

# anything a broken text layer can hold: Thai letters and marks, PUA, spaces, U+FFFD, digits
damaged = st.text(
    alphabet=st.sampled_from(
        [
            *CONSONANTS[:12],
            *["ั", "ิ", "ี", "ุ", "ู", "่", "้", "์", "ํ", "า", "ำ", "เ", " ", "\ufffd", "๑", "1"],
            *["\uf70a", "\uf70b", "\uf701", "\uf710", "\uf88b", "\uf89a", "\uf71b"],
        ]
    ),
    max_size=40,
)

LAYER = [repair for _, repair in thai.LAYER_REPAIRS]
GARBLE = [repair for _, repair in garble.GARBLE_REPAIRS]
KEEPS_LETTERS = [r for r in LAYER if r is not thai.drop_duplicated_cluster]

CONSONANT_OR_DIGIT = regex.compile(r"[\u0e01-\u0e2e0-9\u0e50-\u0e59]")


def letters(text: str) -> list[str]:
    """Consonants and digits in order (a legacy-font ญ or ฐ counts as the letter it is)."""
    return CONSONANT_OR_DIGIT.findall(
        text.translate(thai.PUA_TO_THAI).translate(garble.THAI_DIGITS)
    )


@settings(max_examples=300)
@given(damaged)
def test_every_repair_is_idempotent(text: str) -> None:
    for repair in LAYER + GARBLE:
        once, _ = repair(text)
        assert repair(once) == (once, 0), repair.__name__


@settings(max_examples=300)
@given(damaged)
def test_layer_repair_is_idempotent(text: str) -> None:
    once, _ = thai.repair_layer(text)
    assert thai.repair_layer(once) == (once, {})


@settings(max_examples=300)
@given(well_formed)
def test_well_formed_thai_is_left_untouched(text: str) -> None:
    assert thai.repair_layer(text) == (text, {})
    _, counts = garble.repair_garbling(text)
    assert set(counts) <= {"thai_digits"}


@settings(max_examples=300)
@given(syllable_text)
def test_well_formed_syllables_are_left_untouched_by_the_rule_repairs(text: str) -> None:
    # every repair but the dictionary-judged one works on the shape of clusters alone
    for repair in KEEPS_LETTERS:
        assert repair(text) == (text, 0), repair.__name__


@settings(max_examples=300)
@given(damaged)
def test_no_repair_drops_a_consonant_or_digit(text: str) -> None:
    for repair in KEEPS_LETTERS + GARBLE:
        assert letters(repair(text)[0]) == letters(text), repair.__name__


@settings(max_examples=300)
@given(well_formed, st.data())
def test_duplicated_cluster_loses_only_the_copy(text: str, data: st.DataObject) -> None:
    # make a Chromium-style copy: a marked cluster repeated after the next letter
    clusters = list(
        regex.finditer(r"[\u0e01-\u0e2e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+(?=[ก-ฮ])", text)
    )
    if not clusters:
        return
    m = data.draw(st.sampled_from(clusters))
    broken = text[: m.end() + 1] + m.group() + text[m.end() + 1 :]
    fixed, count = thai.drop_duplicated_cluster(broken)
    # either the copy is recognised and removed, or (the dictionary reads the copy as Thai)
    # nothing is touched; never anything else
    assert (fixed, count) in {(text, 1), (broken, 0)}


def test_overlapping_copies_keep_the_better_reading() -> None:
    # found by hypothesis: ย่อย่นย่ reads as "ย่ copied after อ" and "ย่ copied after น"; the
    # first match is not the right one, the reading decides
    assert thai.drop_duplicated_cluster("คลื่นความถี่ย่อย่นย่") == ("คลื่นความถี่ย่อย่น", 1)


# everything the repair conditions look at: marks, tones, SARA AM and AA, NIKHAHIT, white
# space, line breaks, PUA and ligature characters, a few consonants (for repeated clusters)
trigger_text = st.text(
    alphabet=st.sampled_from(
        [
            *CONSONANTS[:4],
            *["ั", "ิ", "ี", "ุ", "ู", "็", "่", "้", "๊", "์", "ํ", "๎", "า", "ำ", "ะ", "ๅ", "เ"],
            *[" ", "\t", "\u00a0", "\n", "\uf70a", "\uf71a", "\uf71b", "\uf89e", "\ufb01", "x"],
        ]
    ),
    max_size=30,
)


@settings(max_examples=2000)
@given(st.one_of(trigger_text, damaged, syllable_text))
def test_a_repair_whose_condition_is_absent_changes_nothing(text: str) -> None:
    """repair_layer skips the repairs ``repairs_may_apply`` rules out: each of them must
    leave the text as it is; and the one pattern for all but the last finds a text exactly
    when one of their conditions does."""
    may = thai.repairs_may_apply(text)
    for (name, repair), applies in zip(thai.LAYER_REPAIRS, may, strict=True):
        if not applies:
            assert repair(text) == (text, 0), name
    conditions = [thai.REPAIR_CONDITIONS[name].search(text) for name, _ in thai.LAYER_REPAIRS]
    assert bool(thai._ANY_BUT_LAST.search(text)) == any(conditions[:-1])


# --- spelling folds (thai.spelling) ---------------------------------------------------------
@settings(max_examples=300)
@given(st.one_of(well_formed, syllable_text, damaged))
def test_a_spelling_fold_is_idempotent_and_leaves_no_unfolded_spelling(text: str) -> None:
    from reportparse.thai.spelling import SARA_E_TWICE, fold_spelling

    once, counts = fold_spelling(text)
    assert fold_spelling(once) == (once, {})
    assert not SARA_E_TWICE.search(once)
    # each fold of เเ → แ shortens the text by one character and keeps every consonant
    assert len(text) - len(once) == counts["sara_e_twice"]
    assert letters(once) == letters(text)


@given(well_formed)
def test_well_formed_thai_has_no_spelling_to_fold(text: str) -> None:
    from reportparse.thai.spelling import fold_spelling

    assert fold_spelling(text) == (text, {})


def _best_character_by_every_score(contexts: list[str], token: str) -> str | None:
    """The oracle: every candidate scored in every context, as infer_unmapped_glyphs did."""
    from reportparse.thai.dictionary import reading_cost

    size = sum(len(c.replace(token, "x")) for c in contexts)
    scores = sorted(
        (
            sum(reading_cost(thai.join_sara_am(c.replace(token, ch))[0])[0] for c in contexts),
            ch,
        )
        for ch in thai.UNMAPPED_CANDIDATES
    )
    (best, ch), (second, _) = scores[0], scores[1]
    return ch if best <= thai.UNMAPPED_MAX_UNKNOWN * size and best * 2 < second else None


@st.composite
def hidden_letter_contexts(draw: st.DrawFn) -> list[str]:
    """Contexts of an unmapped code: words (some met many times) with one letter each read as
    the code's token, as a page shows them; now and then a word with the token elsewhere."""
    words = draw(st.lists(st.sampled_from(_common_words()[:60]), min_size=1, max_size=6))
    letter = draw(st.sampled_from([c for c in "".join(words) if c in thai.UNMAPPED_CANDIDATES]))
    contexts = []
    for word in draw(st.lists(st.sampled_from(words), min_size=1, max_size=30)):
        if letter in word:
            contexts.append(word.replace(letter, TOKEN, 1))
        else:
            at = draw(st.integers(0, len(word) - 1))
            contexts.append(word[:at] + TOKEN + word[at + 1 :])
    return contexts


TOKEN = "(cid:9)"


@settings(max_examples=300, deadline=None)
@given(hidden_letter_contexts())
def test_the_unmapped_glyph_is_named_as_by_scoring_every_candidate(contexts: list[str]) -> None:
    """``_best_character`` reads a repeated context once and drops a candidate once it cannot
    be among the best two: its answer is the one of scoring every candidate everywhere."""
    found = thai._best_character.__wrapped__(tuple(contexts), TOKEN)  # the code, not its cache
    assert found == _best_character_by_every_score(contexts, TOKEN)
