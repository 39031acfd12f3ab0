"""Mutations of the fixtures for fuzzing: text exports as hypothesis strategies, PDFs as bytes.

Contract: a text case is a source name and a list of ``Edit`` records; ``apply_edits(text,
edits)`` replays them, deterministically, so a case found by hypothesis (or by the long run,
which draws from the same strategies) is a small value that can be printed and replayed.
Positions in an ``Edit`` are taken modulo the length of what they index, so any edit applies
to any text. ``text_cases()`` is the hypothesis strategy of cases (with the encoding of the
file the text is written to, or none for ``parse_text``); ``text_sources()`` the texts (every
report fixture and the whole seed).

A PDF case is a fixture and a seed: ``mutate_pdf(data, random.Random(seed))`` applies one to
three byte-level mutations (bit flips, truncation, deletion of an ``N 0 obj … endobj`` object,
duplication of a byte range, a zeroed or misdirected cross-reference table, random bytes over
a range) and names them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
from hypothesis import strategies as st

from reportparse.segment import heading_of

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

# --- sources -------------------------------------------------------------------------------------


@cache
def text_sources() -> dict[str, str]:
    """Every text fixture by its name: the 11 source reports and the whole seed."""
    paths = sorted((FIXTURES / "reports").glob("*.txt")) + sorted((FIXTURES / "text").glob("*.txt"))
    return {p.name: p.read_text(encoding="utf-8") for p in paths}


def pdf_sources() -> list[Path]:
    """Every fixture PDF: the 44 renderings and the bad inputs that are PDFs at all."""
    bad = [p for p in sorted((FIXTURES / "bad").glob("*.pdf")) if p.read_bytes()[:5] == b"%PDF-"]
    return sorted((FIXTURES / "pdf").glob("*.pdf")) + bad


# --- text edits ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """One mutation of a text: its kind, three positions and a string, each used as it needs."""

    kind: str
    a: int = 0
    b: int = 0
    c: int = 0
    s: str = ""


#: a page header line as the system prints it: inserted, it is a page break
PAGE_HEADER = "**** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ ****"
TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
SECTION_KEYS = ("1", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2")


def _lines_edit(fn: Callable[[list[str], Edit], None]) -> Callable[[str, Edit], str]:
    def edit(text: str, e: Edit) -> str:
        lines = text.split("\n")
        fn(lines, e)
        return "\n".join(lines)

    return edit


@_lines_edit
def delete_lines(lines: list[str], e: Edit) -> None:
    i = e.a % len(lines)
    del lines[i : i + 1 + e.b % 5]


@_lines_edit
def duplicate_lines(lines: list[str], e: Edit) -> None:
    i = e.a % len(lines)
    block = lines[i : i + 1 + e.b % 5]
    at = e.c % (len(lines) + 1)
    lines[at:at] = block


@_lines_edit
def swap_lines(lines: list[str], e: Edit) -> None:
    i, j = e.a % len(lines), e.b % len(lines)
    lines[i], lines[j] = lines[j], lines[i]


@_lines_edit
def thai_digits(lines: list[str], e: Edit) -> None:
    # c even: the whole text, as some exports write every number; odd: a few lines
    lo, hi = (0, len(lines)) if e.c % 2 == 0 else (e.a % len(lines), e.a % len(lines) + 1 + e.b % 8)
    lines[lo:hi] = [line.translate(TO_THAI_DIGITS) for line in lines[lo:hi]]


@_lines_edit
def page_break(lines: list[str], e: Edit) -> None:
    at = e.a % (len(lines) + 1)
    lines[at:at] = ["", "\f" if e.b % 2 else PAGE_HEADER, ""]


def truncate(text: str, e: Edit) -> str:
    return text[: e.a % (len(text) + 1)]


def insert(text: str, e: Edit) -> str:
    at = e.a % (len(text) + 1)
    return text[:at] + e.s + text[at:]


def delete_chars(text: str, e: Edit) -> str:
    at = e.a % (len(text) + 1)
    return text[:at] + text[at + 1 + e.b % 40 :]


def join_lines(text: str, e: Edit) -> str:
    breaks = [m.start() for m in regex.finditer("\n", text)]
    if not breaks:
        return text
    at = breaks[e.a % len(breaks)]
    return text[:at] + " " * (e.b % 2) + text[at + 1 :]


def section_spans(lines: Sequence[str]) -> list[tuple[str, int, int]]:
    """Each section heading's key and the lines it spans: ``[start, end)``, heading included."""
    heads = [(i, key) for i, line in enumerate(lines) if (key := heading_of(line.strip()))]
    if not heads:
        return []
    ends = [i for i, _ in heads[1:]] + [len(lines)]
    return [(key, i, end) for (i, key), end in zip(heads, ends, strict=True)]


def delete_section(text: str, e: Edit) -> str:
    """Delete one section whole (heading and content): the ``b``-th section of key ``a``."""
    lines = text.split("\n")
    spans = [s for s in section_spans(lines) if s[0] == SECTION_KEYS[e.a % len(SECTION_KEYS)]]
    if not spans:
        return text
    _, lo, hi = spans[e.b % len(spans)]
    return "\n".join(lines[:lo] + lines[hi:])


def duplicate_section(text: str, e: Edit) -> str:
    lines = text.split("\n")
    spans = section_spans(lines)
    if not spans:
        return text
    _, lo, hi = spans[e.a % len(spans)]
    at = e.b % (len(lines) + 1)
    return "\n".join(lines[:at] + lines[lo:hi] + lines[at:])


EDITS: dict[str, Callable[[str, Edit], str]] = {
    "delete_lines": delete_lines,
    "duplicate_lines": duplicate_lines,
    "swap_lines": swap_lines,
    "truncate": truncate,
    "insert": insert,
    "delete_chars": delete_chars,
    "thai_digits": thai_digits,
    "join_lines": join_lines,
    "page_break": page_break,
    "delete_section": delete_section,
    "duplicate_section": duplicate_section,
}


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Replay a case's edits on its source text.

    >>> apply_edits("a\\nb\\nc", [Edit("swap_lines", 0, 2), Edit("insert", 1, s="๑")])
    'c๑\\nb\\na'
    """
    for e in edits:
        text = EDITS[e.kind](text, e)
    return text


# --- hypothesis strategies -----------------------------------------------------------------------

#: pieces of the report's own vocabulary: inserted at random, they make headings, labels, rounds
#: and figures appear where they do not belong
TOKENS = (
    ":", "::", " : ", "=", "%", "/", " / ", "-", ".", "..", "(", ")", "?", "บาท", "ไม่",
    "รายงานครั้งที่", "- รายงานครั้งที่3 :: ", ":: 27/03/2566 : ", "รายงานครั้งที่ 99 ::",
    ":: ความก้าวหน้าของงานฯ = ", "ความก้าวหน้าของงานฯ = 10.00 % ",
    "งบประมาณที่เบิกใช้ (ครั้งที่ 2) = ", "= 1,250.50 บาท", " : เป็นไปตามแผน", " : ไม่เป็นไปตามเป้าหมาย",
    "\n1. ชื่อโครงการและหน่วยงาน\n", "\n1.1 รหัสโครงการและชื่อโครงการ\n", "\n1.2 หน่วยงานที่รับผิดชอบ\n",
    "\n1.3 หลักการและเหตุผล\n", "\n1.4 วัตถุประสงค์ของโครงการ\n", "\n1.5 เป้าหมายของโครงการ\n",
    "\n1.6 สนับสนุนแผนพัฒนา กทม. (", "\n2. รายงานความก้าวหน้าของโครงการ\n",
    "รหัสโครงการ... :", "ชื่อโครงการ :", "ปีงบประมาณ พ.ศ. : ", "งบประมาณที่ได้รับ : ",
    "เริ่มต้นโครงการ : ", "ตัวชี้วัด : ", "ประเด็นยุทธศาสตร์ : ", "ผู้ประสานงาน สยป :",
    "ขอรับรองว่า", "ลงชื่อ", "หน้า 2/5", "- 3 -", PAGE_HEADER, "\f", "\t", "\r", "\r\n",
    "\x00", "\x0b", "\udc11", "\u00a0", "\u200b", "\ufeff", "\ufffd", "□□", "\uf70a\uf701", "ํา",
    "(cid:12)",
    "๑๒๓", "๐", "99999999999999999999999", "1e400", "31/02/2566", "00/00/0000", "-1",
    "1,0,0", "NaN", "Infinity", "๙๙๙๙", "2566-13-45", "\u0e33\u0e33\u0e33", "่่่่",
)  # fmt: skip

THAI_ALPHABET = "".join(chr(c) for c in range(0x0E01, 0x0E5C)) + "0123456789 .,:;=%-/()?\n\t"

insertions: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(TOKENS),
    st.text(min_size=1, max_size=12),  # any Unicode (no surrogates: not text a file decodes to)
    st.text(alphabet=THAI_ALPHABET, min_size=1, max_size=30),
    st.lists(st.sampled_from(TOKENS), min_size=2, max_size=6).map("".join),
)
positions = st.integers(min_value=0, max_value=2**20)


def edits() -> st.SearchStrategy[Edit]:
    """One edit of any kind; its string is drawn only when the kind inserts it."""
    plain = st.builds(
        Edit,
        kind=st.sampled_from([k for k in EDITS if k != "insert"]),
        a=positions,
        b=positions,
        c=positions,
    )
    inserted = st.builds(Edit, kind=st.just("insert"), a=positions, s=insertions)
    return st.one_of(plain, inserted)


#: how a case's text reaches the parser: in memory (``parse_text``), or as a file in an encoding
ENCODINGS = (None, None, "utf-8", "utf-8-sig", "utf-16", "tis-620")


def text_cases(max_edits: int = 6) -> st.SearchStrategy[tuple[str, list[Edit], str | None]]:
    """A source text's name, the edits to make to it, and the encoding of its file (if any)."""
    return st.tuples(
        st.sampled_from(sorted(text_sources())),
        st.lists(edits(), min_size=1, max_size=max_edits),
        st.sampled_from(ENCODINGS),
    )


def encode(text: str, encoding: str) -> bytes:
    """The bytes of a text file: what an encoding cannot write is written as well as it can."""
    return text.encode(encoding, "replace" if encoding == "tis-620" else "surrogatepass")


# --- PDF bytes -----------------------------------------------------------------------------------

OBJECT = regex.compile(rb"\d+\s+\d+\s+obj\b.*?endobj", regex.DOTALL)
XREF_TABLE = regex.compile(rb"xref\s.*?(?=trailer)", regex.DOTALL)
STARTXREF = regex.compile(rb"(?<=startxref\s+)\d+")


def _bit_flips(data: bytearray, rng: random.Random) -> str:
    n = rng.choice((1, 2, 8, 64, 512))
    for _ in range(n):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return f"bit_flips({n})"


def _truncate(data: bytearray, rng: random.Random) -> str:
    at = rng.randrange(len(data))
    del data[at:]
    return f"truncate({at})"


def _delete_object(data: bytearray, rng: random.Random) -> str:
    spans = [m.span() for m in OBJECT.finditer(bytes(data))]
    if not spans:
        return _bit_flips(data, rng)
    lo, hi = rng.choice(spans)
    del data[lo:hi]
    return f"delete_object({lo}:{hi})"


def _duplicate_bytes(data: bytearray, rng: random.Random) -> str:
    lo = rng.randrange(len(data))
    hi = min(len(data), lo + rng.choice((1, 16, 256, 4096)))
    at = rng.randrange(len(data) + 1)
    data[at:at] = data[lo:hi]
    return f"duplicate_bytes({lo}:{hi}@{at})"


def _zero_xref(data: bytearray, rng: random.Random) -> str:
    tables = [m.span() for m in XREF_TABLE.finditer(bytes(data))]
    if tables and rng.random() < 0.5:
        lo, hi = rng.choice(tables)
        data[lo:hi] = bytes(hi - lo)
        return f"zero_xref({lo}:{hi})"
    starts = [m.span() for m in STARTXREF.finditer(bytes(data))]
    if not starts:
        return _bit_flips(data, rng)
    lo, hi = rng.choice(starts)
    data[lo:hi] = str(rng.randrange(len(data) * 2)).encode()
    return "misdirect_startxref"


def _random_bytes(data: bytearray, rng: random.Random) -> str:
    lo = rng.randrange(len(data))
    n = rng.choice((4, 64, 1024))
    data[lo : lo + n] = rng.randbytes(n)
    return f"random_bytes({lo}+{n})"


PDF_MUTATIONS: dict[str, Callable[[bytearray, random.Random], str]] = {
    "bit_flips": _bit_flips,
    "truncate": _truncate,
    "delete_object": _delete_object,
    "duplicate_bytes": _duplicate_bytes,
    "zero_xref": _zero_xref,
    "random_bytes": _random_bytes,
}


def mutate_pdf(data: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """One to three byte-level mutations of a PDF, and their names.

    >>> out, names = mutate_pdf(b"%PDF-1.4\\n1 0 obj<<>>endobj\\n", random.Random(3))
    >>> len(names) in (1, 2, 3) and isinstance(out, bytes)
    True
    """
    out = bytearray(data)
    names = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        if not out:
            break
        names.append(PDF_MUTATIONS[rng.choice(sorted(PDF_MUTATIONS))](out, rng))
    return bytes(out), names
