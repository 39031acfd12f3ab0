"""normalize: the export's garbling repaired page by page, white space folded, lines joined."""

from __future__ import annotations

import pytest

from reportparse.extract import Extraction, PageText, TextLine
from reportparse.normalize import Line, join_lines, normalize


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        pytest.param([("เมือง", None), ("และ", None)], "เมืองและ", id="thai-thai-joins"),
        pytest.param([("Officials", None), ("Seminar", None)], "Officials Seminar", id="latin"),
        pytest.param([("สิงหาคม", None), ("2566 ณ", None)], "สิงหาคม 2566 ณ", id="thai-digit"),
        pytest.param([("ต่าง ๆ", None), ("เพื่อ", None)], "ต่าง ๆ เพื่อ", id="mai-yamok"),
        pytest.param([("ประเทศ", " "), ("ความ", None)], "ประเทศ ความ", id="kept-wrap-space"),
        pytest.param([("น้อง/", ""), ("เมือง", None)], "น้อง/เมือง", id="wrapped-after-slash"),
    ],
)
def test_join_lines(parts: list[tuple[str, str | None]], expected: str) -> None:
    assert join_lines(Line(1, i, t, g) for i, (t, g) in enumerate(parts)) == expected


def test_normalize_keeps_page_and_line_and_drops_blank_lines() -> None:
    page = PageText(2, (TextLine("□□ข้อ ๑"), TextLine("   "), TextLine("end ")), "text")
    out = normalize(Extraction("x", "0", 2, (page,)))
    assert [(x.page, x.number, x.text, x.glue) for x in out.lines] == [
        (2, 1, "ข้อ 1", None),
        (2, 3, "end", " "),
    ]
    assert out.repairs == {"tofu": 1, "thai_digits": 1}


def test_a_quoted_phrase_across_a_page_break_gets_its_quotes() -> None:
    # Chromium with Loma broke a page inside the quoted phrase: the pair of '?' spans two pages
    pages = (
        PageText(1, (TextLine("หัวข้อ ?แนวทางการจัดการขยะ (Zero Waste"),), "pdfium"),
        PageText(2, (TextLine("**** header ****"), TextLine("Management?) ระหว่างวันที่")), "pdfium"),
    )
    out = normalize(Extraction("x", "0", 2, pages))
    assert [(x.page, x.text) for x in out.lines] == [
        (1, "หัวข้อ “แนวทางการจัดการขยะ (Zero Waste"),
        (2, "**** header ****"),
        (2, "Management”) ระหว่างวันที่"),
    ]
    assert out.repairs == {"curly_quotes": 1}


def test_a_range_wrapped_before_its_lost_dash_is_repaired() -> None:
    page = PageText(1, (TextLine("ระหว่างวันที่ ๑๑"), TextLine("? ๑๕ ธันวาคม")), "pdfium")
    out = normalize(Extraction("x", "0", 1, (page,)))
    assert join_lines(out.lines) == "ระหว่างวันที่ 11 – 15 ธันวาคม"


def test_whitespace_is_regex_s() -> None:
    """normalize.WHITESPACE (stdlib re, for speed) folds exactly what regex's \\s did."""
    import regex

    from reportparse.normalize import WHITESPACE

    reference = regex.compile(r"[\s\u00a0]")
    for code in range(0x3100):
        ch = chr(code)
        assert bool(WHITESPACE.fullmatch(ch)) == bool(reference.fullmatch(ch)), hex(code)


def test_a_spelling_that_looks_the_same_is_folded_and_counted() -> None:
    page = PageText(1, (TextLine("เป็นไปตามเเผน : เป็นไปตามเป้าหมาย"),), "text")
    out = normalize(Extraction("x", "0", 1, (page,)))
    assert [x.text for x in out.lines] == ["เป็นไปตามแผน : เป็นไปตามเป้าหมาย"]
    assert out.repairs == {"sara_e_twice": 1}
