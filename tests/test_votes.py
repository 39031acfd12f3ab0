"""OCR votes (extract.votes): a broken font map's codes read from OCR of the places they are
drawn — alignment, SARA AM in both spellings, marks only with marks, majority and digits."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportparse.extract.votes import Code, align, decide_codes, is_mark, shaped, unshaped

FONT = "f"

THAI_WORDS = [
    *("รายงาน", "ความก้าวหน้า", "โครงการ", "งบประมาณ", "ที่ได้รับ", "สำนักงาน", "เขต", "บางกะปิ"),
    *("น้ำท่วม", "ผู้รับผิดชอบ", "เป็นไปตามแผน", "ดำเนินการ", "จัดซื้อ", "ปรับปรุง", "สวนสาธารณะ"),
    *("ประชาชน", "พื้นที่", "สีเขียว"),
]


def encode(text: str, codes: dict[str, Code]) -> list[Code]:
    """A line of text as the glyph codes of a font that draws each character with one glyph."""
    out = []
    for ch in "".join(text.split()):
        if ch not in codes:
            codes[ch] = (FONT, len(codes) + 1, is_mark(ch))
        out.append(codes[ch])
    return out


@pytest.mark.parametrize(
    ("ocr", "as_shaped", "as_unshaped"),
    [
        ("น้ำ", "น\u0e4d\u0e49\u0e32", "น\u0e49\u0e33"),
        ("น\u0e4d\u0e49\u0e32", "น\u0e4d\u0e49\u0e32", "น\u0e49\u0e33"),  # OCR split it itself
        ("สำนัก งาน", "ส\u0e4d\u0e32นักงาน", "สำนักงาน"),
        ("10.00 %", "10.00%", "10.00%"),
    ],
    ids=["tone-am", "split-by-ocr", "plain-am", "no-thai"],
)
def test_ocr_text_as_each_kind_of_writer_draws_it(
    ocr: str, as_shaped: str, as_unshaped: str
) -> None:
    assert shaped(ocr) == as_shaped
    assert unshaped(ocr) == as_unshaped


def test_a_mark_glyph_never_matches_a_letter() -> None:
    mark, letter = (FONT, 1, True), (FONT, 2, False)
    _, pairs = align([letter, mark], "กข", {})
    assert all(code != mark for code, _ in pairs)  # skipped rather than read as ข
    _, pairs = align([letter, mark], "ก้", {})
    assert pairs == [(letter, "ก"), (mark, "้")]


def test_a_ligature_glyph_takes_two_characters() -> None:
    ti, lig = (FONT, 1, False), (FONT, 2, True)  # ท, and SARA II + MAI EK drawn as one glyph
    _, pairs = align([ti, lig], "ที่", {ti: "ท"})
    assert pairs == [(ti, "ท"), (lig, "ี่")]


def test_known_text_anchors_the_alignment() -> None:
    a, b = (FONT, 1, False), (FONT, 2, False)
    _, pairs = align([a, ":", b], "ก:ข", {})
    assert pairs == [(a, "ก"), (b, "ข")]


def noisy(text: str, rng: random.Random) -> str:
    """OCR's kind of misreading: tone marks dropped now and then, a letter read as another."""
    out = []
    for ch in text:
        if ch in "\u0e48\u0e49" and rng.random() < 0.15:
            continue
        if not is_mark(ch) and rng.random() < 0.03:
            ch = rng.choice("กขคงจ")
        out.append(ch)
    return "".join(out)


def test_the_majority_outvotes_ocrs_misreadings() -> None:
    rng = random.Random(7)
    codes: dict[str, Code] = {}
    lines = [" ".join(rng.choices(THAI_WORDS, k=6)) for _ in range(60)]
    pairs = [(encode(line, codes), noisy(line, rng)) for line in lines]
    decided, _ = decide_codes(pairs)
    wrong = {ch: decided.get(code) for ch, code in codes.items() if decided.get(code) != ch}
    assert not wrong
    assert len(decided) == len(codes)


def test_two_codes_read_as_one_digit_are_both_left_out() -> None:
    four, five, kho = (FONT, 1, False), (FONT, 2, False), (FONT, 3, False)
    # OCR reads the font's ๔ as ๕ everywhere: the two glyphs cannot both be ๕
    pairs = [([four, kho], "๕ข"), ([five, kho], "๕ข"), ([four, five], "๕๕")]
    decided, votes = decide_codes(pairs)
    assert four not in decided and five not in decided
    assert decided[kho] == "ข"
    assert votes[four].most_common(1)[0][0] == "๕"  # what the digit templates then look at


def test_a_code_drawn_once_is_settled_only_where_the_alignment_is_sure() -> None:
    # "0410/869": the digits are trusted but 8 and 9, drawn once, whose OCR read "ส๕6ฒ" (seen
    # in an fpdf2 copy after ps2pdf); and a code drawn once among clean matches ("น")
    eight, nine, no = (FONT, 1, False), (FONT, 2, False), (FONT, 3, False)
    known = ["0", "4", "1", "0", "/"]
    pairs = [
        ([*known, eight, "6", nine, "ล", "ง"], "0410/ส๕6ฒลง"),
        (["ก", "า", no, "ก", "า"], "กานกา"),
    ]
    decided, votes = decide_codes(pairs)
    assert eight not in decided  # beside a skipped character: which one is 8 is a guess
    assert votes[nine] == {"ฒ": 1}  # settled: OCR's misreading, which the line's warning shows
    assert decided[no] == "น"


def test_a_letter_glyph_matches_two_characters_only_as_a_latin_ligature() -> None:
    t, r, a, ff, y = ((FONT, c, False) for c in range(1, 6))
    decided, _ = decide_codes([([t, r, a, ff, y], "Traffy")])
    assert [decided.get(c) for c in (t, r, a, ff, y)] == ["T", "r", "a", "ff", "y"]
    _, pairs = align([t, r], "ส๕ข", {})
    assert all(len(ch) == 1 for _, ch in pairs)  # a letter and a digit are never one glyph


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(THAI_WORDS), min_size=3, max_size=8), st.randoms())
def test_a_clean_reading_decodes_every_code(words: list[str], rng: random.Random) -> None:
    lines = [" ".join(rng.sample(words, len(words))) for _ in range(4)]
    codes: dict[str, Code] = {}
    pairs = [(encode(line, codes), line) for line in lines]
    decided, _ = decide_codes(pairs)
    assert all(decided.get(code) == ch for ch, code in codes.items())
