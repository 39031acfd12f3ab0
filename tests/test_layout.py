"""Layout from glyph geometry: order, marks, spaces, wrapped lines — with synthetic glyphs."""

from __future__ import annotations

from reportparse.extract.layout import Glyph, assemble_lines

SIZE = 14.0


def g(text: str, x0: float, width: float = 8.0, baseline: float = 700.0, order: int = 0) -> Glyph:
    return Glyph(text, x0, x0 + width, baseline, SIZE, x0, x0 + width, order)


def mark(text: str, over: float, baseline: float = 700.0, order: int = 0) -> Glyph:
    # a combining mark has no advance; its ink sits over the base it belongs to
    return Glyph(text, over + 8, over + 8, baseline, SIZE, over + 1, over + 6, order)


def texts(glyphs: list[Glyph]) -> list[str]:
    return [line.text for line in assemble_lines(glyphs)]


def test_glyphs_drawn_out_of_order_are_put_back_by_position() -> None:
    # LibreOffice draws a fallback-font run (the hyphen) after the rest of its line
    glyphs = [g("1", 0, order=0), g("2", 8, order=1), g("3", 20, order=2), g("-", 15, 5, order=3)]
    assert texts(glyphs) == ["12-3"]


def test_mark_attaches_to_the_base_it_is_drawn_over() -> None:
    # the tone of เริ่ม arrives at the end of the line, as PDFium reports LO + Noto output
    glyphs = [g("เ", 0, order=0), g("ร", 8, order=1), mark("ิ", 8, order=2), g("ม", 16, order=3)]
    glyphs.append(mark("่", 8, order=9))
    assert texts(glyphs) == ["เริ่ม"]


def test_space_from_a_gap_and_none_inside_a_word() -> None:
    glyphs = [g("ก", 0), g("ข", 8.5), g("ค", 8.5 + 8 + 0.3 * SIZE)]
    assert texts(glyphs) == ["กข ค"]


def test_lines_top_to_bottom_and_marks_on_their_own_line() -> None:
    glyphs = [g("ล่าง", 0, baseline=600), g("บน", 0, baseline=700), mark("้", 0, baseline=700.4)]
    assert texts(glyphs) == ["บน้", "ล่าง"]


def test_blank_glyph_at_the_end_keeps_the_wrap_space() -> None:
    full = [g("ก", x) for x in range(0, 400, 8)]
    blank = Glyph(" ", 400, 400, 700, SIZE, 400, 400, 99)
    lines = assemble_lines([*full, blank, g("ข", 0, baseline=680)])
    assert lines[0].text.endswith("ก ")
    assert lines[0].wrapped
    assert not lines[1].wrapped


def test_control_characters_never_break_a_line() -> None:
    assert texts([g("ก", 0), g("\n", 8), g("ข", 16)]) == ["ก ข"]


def test_words_drawn_without_spaces_are_spaced_by_the_page_s_letter_gap() -> None:
    # fpdf2 / iText style: every letter at its own x, no space glyph, letters 0.1 em condensed
    # (a gap of -1.4) and words 0.12 em apart (a gap of +0.28 past the letters' own spacing is
    # below SPACE_GAP, 0.15 em, yet it is the page's word gap)
    letter_step, word_gap = 8.0 - 1.4, 8.0 - 1.4 + 0.12 * SIZE + 0.3
    glyphs, x = [], 0.0
    for n, word in enumerate(["ความ", "ก้าวหน้า", "ของงาน"]):
        if n:
            x += word_gap - letter_step
        for ch in word:
            if ch in "้":
                glyphs.append(mark(ch, x - letter_step))
                continue
            glyphs.append(g(ch, x))
            x += letter_step
    assert texts(glyphs) == ["ความ ก้าวหน้า ของงาน"]


def test_a_page_with_space_glyphs_keeps_the_fixed_word_gap() -> None:
    # the same gaps with one drawn space on the page: gaps below SPACE_GAP are not spaces
    glyphs = [g("ก", 0), g("ข", 9), Glyph(" ", 17, 21, 700, SIZE, 17, 21, 2), g("ค", 21)]
    assert texts(glyphs) == ["กข ค"]
