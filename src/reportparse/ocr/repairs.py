"""OCR repairs: what Tesseract, or an OCR program's text layer, does to Thai, undone and counted.

Contract: ``repair_ocr(text, layer=...)`` applies each repair of ``OCR_REPAIRS`` (and, for an
OCR program's text layer, ``layer_spaces`` first) and returns the text and a count per repair;
no repair adds or removes a line. Each is an explicit function with its examples. The text-layer
repairs (``thai.repairs``) run on OCR text too, before these: they recompose SARA AM from
NIKHAHIT + SARA AA and put marks in order. These correct only toward the form's own words
(``form.FORM_WORDS``, the flags, the round word, the headings, the page header) and the
dictionary's words with น้ำ: a report's free text is otherwise left as read, and a digit is
never touched — a misread number is warned (``ocr_low_confidence``), not guessed.

- ``layer_spaces`` (OCR layers only): ocrmypdf's renderer writes a space after every Tesseract
  "word", which for Thai is a glyph cluster (``ร ห ั ส โค ร ง ก า ร``); spaces between two
  Thai characters are removed (the words of a Thai sentence are not spaced).
- ``doubled_mark``: a combining mark read twice or more (``ยุทธศาสตร์์์``).
- ``stray_marks``: specks read as punctuation at the start or end of a line
  (``'ประเด็นยุทธศาสตร์``, ``การป้องกันน้ำท่วม |``).
- ``page_header``: the form's page header read with junk around it or a letter wrong, written
  as the form prints it (so it is known as page furniture).
- ``lost_tone``: a form word read without some of its tone marks or thanthakhat
  (``ชือโครงการ`` → ``ชื่อโครงการ``, ``รายงานครั้งที1``).
- ``near_form_word``: a form word of eight letters or more read with one or two letters wrong,
  lost or extra, where the reading is Thai letters only.
- ``water``: a dictionary word with น้ำ (water) read with SARA AA or without its tone
  (``ระบายน้า``, ``ระบายนำ`` → ``ระบายน้ำ``), where the reading is no word itself.
- ``thi``: ที่ (the commonest Thai word) read without its tone, where ที is no word's start.
- ``progress_line``: the words of a round's progress line read with a letter wrong
  (``ความก้าวหน้าของงานจ =``, ``(ASvA 4)``), as the form prints them.
- ``heading_dot``: heading 1 or 2 read without the full stop after its number
  (``2 รายงานความก้าวหน้า…``).
- ``round_colons``: a round header's ``::`` read as one colon (``รายงานครั้งที่4 : 15/09``).
- ``unit_word``: บาท (baht) after an amount read as two or three Latin letters (``0 UM :``).
- ``family_name``: a family name after นาย/นาง/นางสาว read without a tone mark or thanthakhat,
  which is no family name, written as the one name of pythainlp's list it can be.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import regex

from ..form import FORM_TITLE, FORM_WORDS, HEADING_WORDS, PLAN, ROUND_WORD, TARGET
from ..thai.chars import LETTERS, MARKS, SILENCER_CHARS, TONE_CHARS
from ..thai.repairs import Repair, apply_repairs

#: the tone marks and the thanthakhat, which Tesseract's Thai model drops most
TONES = "".join(sorted(TONE_CHARS | SILENCER_CHARS))
_THAI_PAIR_SPACE = regex.compile(f"(?<=[{LETTERS}]) +(?=[{LETTERS}])")
_ONLY_THAI = regex.compile(f"[{LETTERS}/]+")
#: a form word shorter than this is not corrected by near_form_word (too many words are near)
NEAR_MIN = 8
#: the combining marks: above and below vowels, tone marks, signs
_DOUBLED = regex.compile(f"([{MARKS}])\\1+")
#: what a speck reads as, at the start of a line (before Thai or a label) or alone at its end
_STRAY_START = regex.compile(rf"(?m)^[.,'`‘’“”|_~+]+\s*(?=[{LETTERS}(\-*])")
#: a round's dash read as a colon or a full stop
_ROUND_DASH = regex.compile(rf"(?m)^[:;.,=~_]\s*(?={ROUND_WORD})")
_STRAY_END = regex.compile(r"(?m)(?<=\S)\s+[|'`‘’_~]+$")
#: the page header: the title with up to four letters wrong, anything but Thai around it
_HEADER = regex.compile(
    rf"(?m)^[^{LETTERS}\n]*(?b:{regex.escape(FORM_TITLE)}){{e<=4}}[^{LETTERS}\n]*$"
)
_HEADER_TEXT = f"**** {FORM_TITLE} ****"
#: an amount (digits) and then two or three Latin letters before a colon or the line's end
_UNIT = regex.compile(r"(?<=\d)\s+[A-Za-z]{2,3}(?=\s*(?::|$))", regex.MULTILINE)


def lexicon() -> tuple[str, ...]:
    """The form's own words, longest first."""
    words = {FORM_TITLE, ROUND_WORD, PLAN, TARGET, *FORM_WORDS}
    words |= {w for ws in HEADING_WORDS.values() for w in ws}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def layer_spaces(text: str) -> tuple[str, int]:
    """Spaces between two Thai characters removed (an OCR layer's cluster spacing).

    >>> layer_spaces("ร ห ั ส โค ร ง ก า ร : 1103")
    ('รหัสโครงการ : 1103', 9)
    """
    out: tuple[str, int] = _THAI_PAIR_SPACE.subn("", text)
    return out


def doubled_mark(text: str) -> tuple[str, int]:
    """A combining mark read twice or more, once.

    >>> doubled_mark("ประเด็นยุทธศาสตร์์์ : 1")
    ('ประเด็นยุทธศาสตร์ : 1', 1)
    """
    out: tuple[str, int] = _DOUBLED.subn(r"\1", text)
    return out


def stray_marks(text: str) -> tuple[str, int]:
    """Specks read as punctuation at a line's start or end, removed.

    >>> stray_marks("'ประเด็นยุทธศาสตร์ : 1\\nการป้องกันน้ำท่วม |")
    ('ประเด็นยุทธศาสตร์ : 1\\nการป้องกันน้ำท่วม', 2)
    """
    text, a = _STRAY_START.subn("", text)
    text, b = _STRAY_END.subn("", text)
    text, c = _ROUND_DASH.subn("- ", text)
    return text, a + b + c


def page_header(text: str) -> tuple[str, int]:
    """The page header, read with junk around it or letters wrong, as the form prints it.

    >>> page_header("+ แบบแสดงรายงานความก้าวหน้าและข้อมูลเกียวกับโครงการ *#%*")[1]
    1
    """
    n = 0

    def fix(m: regex.Match[str]) -> str:
        nonlocal n
        if m.group() == _HEADER_TEXT:
            return m.group()
        n += 1
        return _HEADER_TEXT

    return _HEADER.sub(fix, text), n


_MARK = regex.compile(f"[{MARKS}]")
#: a form word with this many letters (marks aside) or more may lose any of its marks; a
#: shorter one only its tone marks
LOST_MARKS_MIN = 6


@cache
def _toneless() -> tuple[tuple[regex.Pattern[str], str], ...]:
    """Each form word as a pattern in which each of its tone marks (and, for a long word, each
    of its vowel marks) may be missing."""
    out = []
    for word in lexicon():
        long_word = len(_MARK.sub("", word)) >= LOST_MARKS_MIN
        optional = [bool(_MARK.match(ch)) if long_word else ch in TONES for ch in word]
        if not any(optional) or len(word) < 4:
            continue
        pattern = "".join(
            f"{regex.escape(ch)}?" if lose else regex.escape(ch)
            for ch, lose in zip(word, optional, strict=True)
        )
        out.append((regex.compile(pattern), word))
    return tuple(out)


def lost_tone(text: str) -> tuple[str, int]:
    """A form word read without some of its tone marks, restored.

    >>> lost_tone("ชือโครงการ/กิจกรรม : โครงการอบรม")
    ('ชื่อโครงการ/กิจกรรม : โครงการอบรม', 1)
    >>> lost_tone("- รายงานครั้งที1 :: 15/09/2565"), lost_tone("- รายงานครงท2 ::")
    (('- รายงานครั้งที่1 :: 15/09/2565', 1), ('- รายงานครั้งที่2 ::', 1))
    """
    n = 0
    for pattern, word in _toneless():

        def fix(m: regex.Match[str], word: str = word) -> str:
            nonlocal n
            if m.group() != word:
                n += 1
            return word

        text = pattern.sub(fix, text)
    return text, n


@cache
def _near_patterns() -> tuple[tuple[regex.Pattern[str], str], ...]:
    out = []
    for word in lexicon():
        if len(word) < NEAR_MIN:
            continue
        errors = min(2, len(word) // NEAR_MIN)
        out.append((regex.compile(f"(?b)(?:{regex.escape(word)}){{e<={errors}}}"), word))
    return tuple(out)


def near_form_word(text: str) -> tuple[str, int]:
    """A form word read with a letter or two wrong, corrected where the reading is all Thai
    letters and no form word is there exactly.

    >>> near_form_word("ความก้าวหน้าของงานฯ = 20.00 % งบประมาณทีเบิกไช้ = 0 บาท")
    ('ความก้าวหน้าของงานฯ = 20.00 % งบประมาณที่เบิกใช้ = 0 บาท', 1)
    """
    taken: list[tuple[int, int]] = []
    for word in lexicon():
        taken += [m.span() for m in regex.finditer(regex.escape(word), text)]
    edits: list[tuple[int, int, str]] = []
    for pattern, word in _near_patterns():
        for m in pattern.finditer(text):
            start, end = m.span()
            found = m.group()
            if found == word or not _ONLY_THAI.fullmatch(found):
                continue
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            edits.append((start, end, word))
    for start, end, word in sorted(edits, reverse=True):
        text = text[:start] + word + text[end:]
    return text, len(edits)


#: "น้า" is itself (a mother's younger sibling) or part of หน้า (face, page, ahead) and the
#: dictionary's other words with it (คะน้า, โน้มน้าว, …); anywhere else it is น้ำ misread
_AUNT = regex.compile(r"(?<!ห|กา|คะ|คา|เ)น้า(?!ว|น|ชาย|สาว|หญิง|เขย|สะใภ้)")
#: the BMA's words with น้ำ that the dictionary lacks (its agencies drain, dredge, supply water)
WATER_WORDS = ("ระบายน้ำ", "การระบายน้ำ", "ทางระบายน้ำ", "บำบัดน้ำเสีย", "ท่อระบายน้ำ")


@cache
def _water() -> tuple[regex.Pattern[str], dict[str, str]]:
    """น้ำ read without its tone (นำ) in the dictionary's words with น้ำ, where the reading is
    no word itself."""
    from ..thai.dictionary import words

    known = words()
    variants: dict[str, str] = {}
    for word in sorted({*known, *WATER_WORDS}):
        if "น้ำ" in word and len(word) >= 4:
            misread = word.replace("น้ำ", "นำ")
            if misread not in known:
                variants.setdefault(misread, word)
    alternation = "|".join(map(regex.escape, sorted(variants, key=len, reverse=True)))
    return regex.compile(alternation), variants


def water(text: str) -> tuple[str, int]:
    """น้ำ read with SARA AA (น้า, where it is not the kinship word), or without its tone in a
    word with น้ำ whose reading is no word.

    >>> water("สำนักการระบายน้า / ระบายนำได้ช้า / นำเสนอ / ความก้าวหน้า")
    ('สำนักการระบายน้ำ / ระบายน้ำได้ช้า / นำเสนอ / ความก้าวหน้า', 2)
    """
    text, n = _AUNT.subn("น้ำ", text)
    if "นำ" in text:
        pattern, variants = _water()
        text, k = pattern.subn(lambda m: variants[m.group()], text)
        n += k
    return text, n


#: "ที่" (that, which, at: the commonest Thai word) read without its tone; "ที" itself only
#: opens ทีละ, ทีหลัง, ทีม, ทีเดียว, ทีวี, ทีท่า, ทีเด็ด and ends นาที, ทันที, บางที, อีกที
_THI = regex.compile(rf"(?<!นา|ทัน|บาง|อีก|สัก)ที(?![{MARKS}]|ละ|หลัง|ม|เดียว|วี|ท่า|เด็ด)")


def thi(text: str) -> tuple[str, int]:
    """ที่ read as ที.

    >>> thi("รุ่นที 12 ทีได้รับ ทีมงาน ทีละคน")
    ('รุ่นที่ 12 ที่ได้รับ ทีมงาน ทีละคน', 2)
    """
    out: tuple[str, int] = _THI.subn("ที่", text)
    return out


#: the round's progress line: "ความก้าวหน้าของงานฯ =" with ฯ lost or misread, junk before
#: "งบประมาณที่เบิกใช้", and "(ครั้งที่ N)" with its words or bracket misread
_PROGRESS_WORD = regex.compile(r"ความก้าวหน้าของงาน\s*(?:[^\s=\d]{1,2}\s*)?=")
_BEFORE_SPENT = regex.compile(r"(?<=%\s*)[^\s\d:]{1,3}(?=งบประมาณที่เบิกใช้)")
_ROUND_LABEL = regex.compile(
    r"""
    (?<=งบประมาณที่เบิกใช้\s*)\(\s*        # the label's bracket
    (?!ครั้งที่\s*\d+\s*\))                # not as the form prints it already
    [^\d()=]{1,12}?\s*(\d{1,2})\s*          # its words misread, then the round
    [)\]}|:;!]?\s*(?==)                     # the closing bracket, or what it was read as
    """,
    regex.VERBOSE,
)


#: a round's header with its "::" read as one colon, a semicolon or dots
_ROUND_COLONS = regex.compile(
    rf"""
    (?<= ^-?\s*{ROUND_WORD}\s*\d{{1,2}}\s* )   # "- report round N"
    (?!::\s)[:;.,]{{1,3}}                      # "::" misread
    (?=\s)
    """,
    regex.VERBOSE | regex.MULTILINE,
)


def round_colons(text: str) -> tuple[str, int]:
    """A round header's "::" read as one colon (or a semicolon, dots), as the form prints it.

    >>> round_colons("- รายงานครั้งที่4 : 15/09/2566 : งดการฝึกอบรม")
    ('- รายงานครั้งที่4 :: 15/09/2566 : งดการฝึกอบรม', 1)
    >>> round_colons("- รายงานครั้งที่4 :: 15/09/2566")
    ('- รายงานครั้งที่4 :: 15/09/2566', 0)
    """
    out: tuple[str, int] = _ROUND_COLONS.subn("::", text)
    return out


#: heading 1 or 2 with the full stop after its number lost, before the form's own words
_HEADING_DOT = regex.compile(
    rf"""
    ^([12])\s+                                        # the number, its full stop lost
    (?=(?:{HEADING_WORDS["1"][0]}|{HEADING_WORDS["2"][0]}))   # the words that open 1 and 2
    """,
    regex.VERBOSE | regex.MULTILINE,
)


def heading_dot(text: str) -> tuple[str, int]:
    """Heading 1 or 2 read without the full stop after its number, which is what makes it a
    heading.

    >>> heading_dot("2 รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ")
    ('2. รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ', 1)
    >>> heading_dot("2 รายการ")
    ('2 รายการ', 0)
    """
    out: tuple[str, int] = _HEADING_DOT.subn(r"\1. ", text)
    return out


def progress_line(text: str) -> tuple[str, int]:
    """The words of a round's progress line, read with a letter wrong, written as the form
    prints them (its figures are left as read).

    >>> progress_line("ความก้าวหน้าของงานจ = 30.00 % งจงบประมาณที่เบิกใช้ (ASvA 4) = 0 บาท")
    ('ความก้าวหน้าของงานฯ = 30.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 4) = 0 บาท', 3)
    >>> progress_line("ความก้าวหน้าของงานฯ = 75.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 6: = 800,000")
    ('ความก้าวหน้าของงานฯ = 75.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 6) = 800,000', 1)
    """
    n = 0

    def word(m: regex.Match[str]) -> str:
        nonlocal n
        n += m.group() != "ความก้าวหน้าของงานฯ ="
        return "ความก้าวหน้าของงานฯ ="

    text = _PROGRESS_WORD.sub(word, text)
    text, a = _BEFORE_SPENT.subn("", text)
    text, b = _ROUND_LABEL.subn(lambda m: f"(ครั้งที่ {m[1]}) ", text)
    return text, n + a + b


#: a person's name: a title, the given name, a space, the family name
_PERSON = regex.compile(
    rf"""
    (?<= (?:นางสาว|นาง|นาย)          # Miss, Mrs, Mr
         [{LETTERS}{MARKS}]{{2,}} \s+ )  # the given name
    [{LETTERS}{MARKS}]{{3,}}             # the family name
    """,
    regex.VERBOSE,
)
#: what a family name's skeleton leaves out: the marks Tesseract drops or mistakes for another
_SKELETON = regex.compile(f"[{TONES}\u0e31\u0e47]")


@cache
def _family_names() -> dict[str, tuple[str, ...]]:
    """pythainlp's Thai family names by skeleton (``_SKELETON``)."""
    from pythainlp.corpus import thai_family_names

    out: dict[str, list[str]] = {}
    for name in thai_family_names():
        out.setdefault(_SKELETON.sub("", name), []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def family_name(text: str) -> tuple[str, int]:
    """A family name after a title that is no family name, read without a tone mark or a
    thanthakhat (or with one for another), written as the one family name of pythainlp's list
    it can be; a name that can be several, or none, is left as read.

    >>> family_name("ผู้ประสานงาน สยป : นางพรทิพย์ วงศ์สวัสดิ")
    ('ผู้ประสานงาน สยป : นางพรทิพย์ วงศ์สวัสดิ์', 1)
    >>> family_name("นายสมชาย ใจดี")
    ('นายสมชาย ใจดี', 0)
    """
    n = 0

    def fix(m: regex.Match[str]) -> str:
        nonlocal n
        names = _family_names()
        read = m.group()
        if read in names.get(_SKELETON.sub("", read), ()):
            return read
        found = names.get(_SKELETON.sub("", read), ())
        if len(found) != 1:
            return read
        n += 1
        return found[0]

    return _PERSON.sub(fix, text), n


def unit_word(text: str) -> tuple[str, int]:
    """บาท read as two or three Latin letters after an amount, before a colon or the line's end.

    >>> unit_word("งบประมาณที่เบิกใช้ (ครั้งที่ 2) = 0 wn: เป็นไปตามแผน")
    ('งบประมาณที่เบิกใช้ (ครั้งที่ 2) = 0 บาท: เป็นไปตามแผน', 1)
    """
    out: tuple[str, int] = _UNIT.subn(" บาท", text)
    return out


#: the repairs every OCR text gets, in order
OCR_REPAIRS: tuple[tuple[str, Repair], ...] = (
    ("ocr_doubled_mark", doubled_mark),
    ("ocr_stray_marks", stray_marks),
    ("ocr_page_header", page_header),
    ("ocr_lost_tone", lost_tone),
    ("ocr_near_form_word", near_form_word),
    ("ocr_water", water),
    ("ocr_thi", thi),
    ("ocr_heading_dot", heading_dot),
    ("ocr_progress_line", progress_line),
    ("ocr_round_colons", round_colons),
    ("ocr_unit_word", unit_word),
    ("ocr_family_name", family_name),
)


def repair_ocr(text: str, *, layer: bool = False) -> tuple[str, Counter[str]]:
    """Every OCR repair (``layer``: the text is an OCR program's text layer), line by line:
    no repair joins or splits lines."""
    counts: Counter[str] = Counter()
    repairs = (("ocr_layer_spaces", layer_spaces), *OCR_REPAIRS) if layer else OCR_REPAIRS
    lines = [apply_repairs(line, repairs, counts).replace("\n", " ") for line in text.split("\n")]
    return "\n".join(lines), counts
