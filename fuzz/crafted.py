"""Crafted hostile inputs: one small generator per defect of the "hostile archives" issue.

Every function writes one input into the folder it is given and returns its path (a
``pathlib.Path``; for the TIS-620 name a path holding surrogate escapes, as ``os.fsdecode``
makes them). Each takes a size parameter: the defaults are the full-size inputs of the issue
(``fuzz/crafted_bench.py``); tests pass small values to get a fast version of the same shape.

Only the standard library is imported (the tests import this module): the PDFs are raw PDF
syntax written here, with a correct cross-reference table, and the big streams are compressed
while they are written (``zlib.compressobj``), so a 1 GiB bomb is made in about 1 MiB of memory.

The report texts start from ``fixtures/reports/r01_clean.txt`` (the real export format) with
one hostile edit each.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
R01 = FIXTURES / "reports" / "r01_clean.txt"

_CHUNK = 1 << 20


# --- raw PDF ---------------------------------------------------------------------------------


class _Pdf:
    """Writes a PDF object by object into an open binary file; ``close`` writes the xref."""

    def __init__(self, path: Path) -> None:
        self.f = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.offsets: dict[int, int] = {}
        self.f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def obj(self, num: int, body: bytes | str) -> None:
        if isinstance(body, str):
            body = body.encode("latin-1")
        self.offsets[num] = self.f.tell()
        self.f.write(b"%d 0 obj\n" % num + body + b"\nendobj\n")

    def stream(
        self, num: int, chunks: Iterable[bytes], *, extra: str = "", flate: bool = True
    ) -> None:
        """A stream whose ``/Length`` is the indirect object ``num + 1`` (written after it)."""
        self.offsets[num] = self.f.tell()
        filt = " /Filter /FlateDecode" if flate else ""
        self.f.write(f"{num} 0 obj\n<< /Length {num + 1} 0 R{filt} {extra}>>\nstream\n".encode())
        start = self.f.tell()
        for chunk in _deflate(chunks) if flate else chunks:
            self.f.write(chunk)
        length = self.f.tell() - start
        self.f.write(b"\nendstream\nendobj\n")
        self.obj(num + 1, str(length))

    def close(self, root: int = 1) -> None:
        size = max(self.offsets) + 1
        xref = self.f.tell()
        rows = [b"0000000000 65535 f \n"]
        for num in range(1, size):
            off = self.offsets.get(num)
            rows.append(b"%010d 00000 n \n" % off if off is not None else b"0000000000 65535 f \n")
        self.f.write(b"xref\n0 %d\n" % size + b"".join(rows))
        self.f.write(
            b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
        )
        self.f.close()


def _deflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    z = zlib.compressobj(9)
    for chunk in chunks:
        out = z.compress(chunk)
        if out:
            yield out
    yield z.flush()


def _repeat(unit: bytes, total: int) -> Iterator[bytes]:
    """``total`` bytes of ``unit`` repeated, in chunks of about 1 MiB."""
    block = unit * max(1, _CHUNK // len(unit))
    while total > 0:
        piece = block[:total]
        total -= len(piece)
        yield piece


_FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
_TEXT = b"BT /F1 24 Tf 72 720 Td (Crafted input: not a report) Tj ET\n"


def _one_page(
    path: Path,
    content: Callable[[_Pdf, int], None],
    *,
    font: str = _FONT,
    xobjects: str = "",
    extra_objects: Callable[[_Pdf], None] | None = None,
) -> Path:
    """Catalog 1, Pages 2, Page 3, Font 4, content stream 5 (its length 6); others from 7."""
    pdf = _Pdf(path)
    pdf.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
    pdf.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    xo = f" /XObject << {xobjects} >>" if xobjects else ""
    pdf.obj(
        3,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        f"/Resources << /Font << /F1 4 0 R >>{xo} >> /Contents 5 0 R >>",
    )
    pdf.obj(4, font)
    content(pdf, 5)
    if extra_objects:
        extra_objects(pdf)
    pdf.close()
    return path


def flate_bomb(dir: str | Path, decoded: int = 2**30, fill: bytes = b"\0") -> Path:
    """A valid one-page PDF whose content stream inflates to ``decoded`` bytes of ``fill``.

    Defect 3 (memory without bound): the default, 1 GiB of NULs after one line of text, is a
    file of about 1 MiB; the baseline inflates the whole stream in memory (2.1 GB) and can run
    past 60 s. ``fill=b" "`` makes it spaces instead."""
    path = Path(dir) / f"flate_bomb_{decoded}.pdf"

    def content(pdf: _Pdf, num: int) -> None:
        pdf.stream(num, [_TEXT, *_repeat(fill, decoded)])

    return _one_page(path, content)


def many_text_objects(dir: str | Path, n: int = 1_000_000) -> Path:
    """One page drawing ``n`` tiny text objects (``BT /F1 1 Tf … Tm (a) Tj ET``).

    Defect 3: the baseline keeps every character of a page with its geometry (848 MB and past
    60 s for the default million on a file of about 1 MiB)."""
    path = Path(dir) / f"many_text_objects_{n}.pdf"

    def objects() -> Iterator[bytes]:
        batch = []
        for i in range(n):
            x, y = 20 + (i % 500) * 1.1, 20 + (i // 500 % 700) * 1.1
            batch.append(b"BT /F1 1 Tf 1 0 0 1 %.1f %.1f Tm (%c) Tj ET\n" % (x, y, 97 + i % 26))
            if len(batch) == 4096:
                yield b"".join(batch)
                batch.clear()
        yield b"".join(batch)

    return _one_page(path, lambda pdf, num: pdf.stream(num, [_TEXT, *objects()]))


def huge_tounicode(
    dir: str | Path, entries: int = 2**32, mode: str = "range", dst_bytes: int = 2**24
) -> Path:
    """A page whose font has an enormous ToUnicode CMap (the CMap stream itself is small).

    Defect 3, with ``--backend pdfplumber`` (and wherever ``auto`` falls back to it): pdfminer
    expands every CMap entry into a dict when the font is loaded (17 GB seen).

    - ``mode="range"``: one ``bfrange`` of 4-byte codes covering ``entries`` codes;
    - ``mode="bfchar"``: ``entries`` separate ``bfchar`` lines (Flate-compressed);
    - ``mode="longdst"``: a ``bfrange`` of 256 one-byte codes whose destination string is
      ``dst_bytes`` bytes, so each of the 256 entries is a string that long."""
    path = Path(dir) / f"huge_tounicode_{mode}_{entries if mode != 'longdst' else dst_bytes}.pdf"
    head = (
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Crafted def\n/CMapType 2 def\n"
    )
    tail = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"

    def cmap() -> Iterator[bytes]:
        yield head
        if mode == "range":
            yield b"1 begincodespacerange\n<00000000> <FFFFFFFF>\nendcodespacerange\n"
            yield b"1 beginbfrange\n<00000000> <%08X> <0000>\nendbfrange\n" % (entries - 1)
        elif mode == "bfchar":
            yield b"1 begincodespacerange\n<00000000> <FFFFFFFF>\nendcodespacerange\n"
            for start in range(0, entries, 100):
                count = min(100, entries - start)
                rows = b"".join(b"<%08X> <0E01>\n" % (start + i) for i in range(count))
                yield b"%d beginbfchar\n" % count + rows + b"endbfchar\n"
        elif mode == "longdst":
            yield b"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
            yield b"1 beginbfrange\n<00> <FF> <"
            yield from _repeat(b"0E01", dst_bytes * 2)
            yield b">\nendbfrange\n"
        else:
            raise ValueError(f"mode {mode!r}: range, bfchar or longdst")
        yield tail

    font = (
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
        "/ToUnicode 7 0 R >>"
    )
    return _one_page(
        path,
        lambda pdf, num: pdf.stream(num, [b"BT /F1 24 Tf 72 720 Td (ABCDEFGH) Tj ET\n"]),
        font=font,
        extra_objects=lambda pdf: pdf.stream(7, cmap()),
    )


def deep_forms(dir: str | Path, depth: int = 30, fanout: int = 2) -> Path:
    """Nested Form XObjects: the page draws X0, each Xk draws X(k+1) ``fanout`` times, the
    last draws one glyph, so the page draws ``fanout ** depth`` glyphs (2**30 by default)
    from a file of a few KB ("billion laughs").

    Not in the issue's list: the same unbounded work as defect 3 through a different door
    (a form is a content stream a reader runs once per ``Do``)."""
    path = Path(dir) / f"deep_forms_{fanout}_{depth}.pdf"
    first = 7  # X0 is object 7 (its length 8), Xk is 7 + 2k

    def forms(pdf: _Pdf) -> None:
        for k in range(depth + 1):
            num = first + 2 * k
            if k < depth:
                body = (b"/X%d Do\n" % (k + 1)) * fanout
                res = f"/Resources << /XObject << /X{k + 1} {num + 2} 0 R >> >>"
            else:
                body = b"BT /F1 1 Tf 0 0 Td (x) Tj ET\n"
                res = "/Resources << /Font << /F1 4 0 R >> >>"
            pdf.stream(
                num,
                [body],
                extra=f"/Type /XObject /Subtype /Form /BBox [0 0 595 842] {res} ",
                flate=False,
            )

    return _one_page(
        path,
        lambda pdf, num: pdf.stream(num, [_TEXT, b"/X0 Do\n"], flate=False),
        xobjects=f"/X0 {first} 0 R",
        extra_objects=forms,
    )


def many_pages(dir: str | Path, n: int = 100_000) -> Path:
    """A PDF of ``n`` pages that all share one tiny content stream (about 60 bytes a page).

    Not in the issue's list: page count is bounded only by ``--max-pages``, which has no
    default; this is the PDF twin of the form-feed text."""
    path = Path(dir) / f"many_pages_{n}.pdf"
    pdf = _Pdf(path)
    pdf.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
    pdf.obj(3, _FONT)
    pdf.stream(4, [_TEXT], flate=False)
    first = 6
    kids = " ".join(f"{first + i} 0 R" for i in range(n))
    pdf.obj(2, f"<< /Type /Pages /Kids [{kids}] /Count {n} >>")
    for i in range(n):
        pdf.obj(
            first + i,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            "/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>",
        )
    pdf.close()
    return path


# --- text exports ----------------------------------------------------------------------------


def _r01() -> str:
    return R01.read_text(encoding="utf-8")


def _edit(dir: str | Path, name: str, old: str, new: str, count: int = 1) -> Path:
    text = _r01()
    if old not in text:
        raise ValueError(f"{old!r} is not in {R01.name}")
    path = Path(dir) / name
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def form_feeds(dir: str | Path, n: int = 2**20) -> Path:
    """A text file of ``n`` form feeds: ``n + 1`` empty pages.

    Defect 3: the baseline makes a page per form feed (1,048,577 pages, 43 s for 1 MiB)."""
    path = Path(dir) / f"form_feeds_{n}.txt"
    path.write_bytes(b"\f" * n)
    return path


def round_digits(dir: str | Path, digits: int = 5000) -> Path:
    """r01 with round 1 numbered by a ``digits``-digit number.

    Defect 5: above Python's int-string limit (4,300 digits) ``int()`` raises ValueError:
    exit 70 in the baseline."""
    return _edit(
        dir, f"round_digits_{digits}.txt", "รายงานครั้งที่1 ::", f"รายงานครั้งที่{'1' * digits} ::"
    )


def round_above_2_53(dir: str | Path, value: int = 2**53 + 1) -> Path:
    """r01 with round 1 numbered ``value`` (default 2**53 + 1 = 9007199254740993).

    Defect 5: written as a bare JSON integer, which a JavaScript or double-based JSON reader
    silently rounds (to 9007199254740992)."""
    return _edit(dir, f"round_above_2_53_{value}.txt", "รายงานครั้งที่1 ::", f"รายงานครั้งที่{value} ::")


def budget_digits(dir: str | Path, digits: int = 400) -> Path:
    """r01 with ``budget_received`` a number of ``digits`` nines.

    Defect 5: the Decimal becomes float ``inf``, serialised as ``null``, with no warning."""
    return _edit(dir, f"budget_digits_{digits}.txt", "2,450,000 บาท", f"{'9' * digits} บาท")


def be_year_0543(dir: str | Path, date: str = "01/01/0543") -> Path:
    """r01 with round 1 dated ``date`` (year 0543, i.e. BE 0543 = 0 CE-ish nonsense).

    Defect 5: a four-digit year at or below 2400 is taken as Common Era as it is, so the round
    comes out as ``"0543-01-01"`` instead of null with an ``invalid_value`` warning."""
    return _edit(dir, "be_year_0543.txt", "30/11/2566", date)


#: control sequences a terminal acts on. In the rationale: clear screen + cursor home, set the
#: window title (OSC 0, BEL-terminated). In round 1's text: SGR red / reset, a bare BEL, and
#: the C1 CSI U+009B (two bytes in UTF-8; acted on by terminals that honour 8-bit controls).
#: Seven C0 controls in all: the text sniffer takes more than 8 in the first 4,096 characters
#: for binary data (exit 5), so a hostile export stays under that.
CONTROLS_RATIONALE = ("\x1b[2J\x1b[H", "\x1b]0;owned\x07")
CONTROLS_ROUND = ("\x1b[31mแดง\x1b[0m", "\x07", "\u009b33mเหลือง\u009b0m")


def control_codes(
    dir: str | Path,
    rationale: Iterable[str] = CONTROLS_RATIONALE,
    round_text: Iterable[str] = CONTROLS_ROUND,
) -> Path:
    """r01 with terminal control sequences inside its free text (rationale, round 1's text).

    Defect 6: ``reportparse diff r01_clean.txt THIS`` prints the changed words as they are,
    so the escape sequences reach the terminal."""
    text = _r01()
    anchor = "เปิดให้บริการมานานกว่าสิบห้าปี"
    text = text.replace(anchor, f"{anchor} {' '.join(rationale)}", 1)
    anchor = "สำรวจพื้นที่"
    text = text.replace(f"{anchor}และ", f"{anchor} {' '.join(round_text)} และ", 1)
    path = Path(dir) / "control_codes.txt"
    path.write_text(text, encoding="utf-8")
    return path


# --- file names for batch --------------------------------------------------------------------


def tis620_name(dir: str | Path, stem: str = "รายงานความก้าวหน้า", suffix: str = ".txt") -> Path:
    """r01 in a file whose name is TIS-620 bytes (not valid UTF-8), made through a bytes path.

    Defect 2: the name reaches Python as surrogate escapes; the baseline's manifest line
    cannot be encoded as UTF-8 (``UnicodeEncodeError``), which stops the whole batch, exit 70.
    Returns ``Path(os.fsdecode(bytes))``, which opens the same file."""
    raw = os.path.join(os.fsencode(dir), stem.encode("tis-620") + suffix.encode())
    with open(raw, "wb") as f:
        f.write(R01.read_bytes())
    return Path(os.fsdecode(raw))


def long_name(dir: str | Path, nbytes: int = 251, suffix: str = ".txt") -> Path:
    """r01 in a file whose name is exactly ``nbytes`` bytes of UTF-8 (Thai, then ASCII pad).

    Defect 2: the output ``NAME.json`` is 5 bytes longer and its hidden temp
    ``.NAME.json.PID.tmp`` about 15 more, against the usual 255-byte limit: 241–250 bytes
    fail ``write_failed`` on every run, 251 and more stop the batch (ENAMETOOLONG, exit 70)."""
    room = nbytes - len(suffix.encode())
    thai = "ก" * (room // 3)
    stem = thai + "x" * (room - len(thai.encode()))
    name = stem + suffix
    assert len(name.encode()) == nbytes, name
    path = Path(dir) / name
    path.write_bytes(R01.read_bytes())
    return path


def control_name(dir: str | Path, suffix: str = ".pdf") -> Path:
    """A broken file whose name holds terminal control sequences (clear screen, set title).

    Not in the issue's list: defect 6 through the file name, which every error message,
    progress line and the ``diff`` header print as it is."""
    path = Path(dir) / f"\x1b]0;owned\x07\x1b[2Jname{suffix}"
    path.write_bytes(b"%PDF-1.7\nnot really\n")
    return path


def deep_path(dir: str | Path, total: int = 4200, suffix: str = ".txt") -> Path:
    """r01 at the bottom of nested folders whose full path is over ``total`` bytes (PATH_MAX
    is 4096): each name is short, the path is not. Made with ``dir_fd`` steps.

    Not in the issue's list: ``IN_DIR/rel`` cannot be opened by its full path."""
    base = os.fsencode(str(dir))
    fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
    parts: list[str] = []
    length = len(base)
    try:
        while length < total:
            name = f"d{len(parts):03d}" + "_" * 200
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = new
            parts.append(name)
            length += len(name) + 1
        out = os.open("r01" + suffix, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644, dir_fd=fd)
        with os.fdopen(out, "wb") as f:
            f.write(R01.read_bytes())
    finally:
        os.close(fd)
    return Path(dir, *parts, "r01" + suffix)


def fifo(dir: str | Path, name: str = "pipe.pdf") -> Path:
    """A named pipe with an input's name: opening it for reading blocks until a writer comes.

    Not in the issue's list: whoever opens it (the worker, or the batch parent hashing a
    failed input) waits for ever."""
    path = Path(dir) / name
    os.mkfifo(path)
    return path


def endless_link(dir: str | Path, name: str = "zero.txt", target: str = "/dev/zero") -> Path:
    """A symlink with an input's name to an endless device (``/dev/zero``).

    Not in the issue's list: the parser refuses it (not a regular file), but hashing it for
    the manifest reads for ever."""
    path = Path(dir) / name
    path.symlink_to(target)
    return path


#: the full-size PDF / text inputs of defect 3 and 5, for the benchmark: name → maker
LARGE: dict[str, Callable[[str | Path], Path]] = {
    "flate_bomb": flate_bomb,
    "flate_bomb_spaces": lambda d: flate_bomb(d, fill=b" "),
    "many_text_objects": many_text_objects,
    "huge_tounicode_range": huge_tounicode,
    "huge_tounicode_bfchar": lambda d: huge_tounicode(d, entries=2_000_000, mode="bfchar"),
    "huge_tounicode_longdst": lambda d: huge_tounicode(d, mode="longdst"),
    "deep_forms": deep_forms,
    "many_pages": many_pages,
    "form_feeds": form_feeds,
    "round_digits": round_digits,
    "round_above_2_53": round_above_2_53,
    "budget_digits": budget_digits,
    "be_year_0543": be_year_0543,
    "control_codes": control_codes,
}

#: the same shapes, small and fast (well under a second to make and to parse): for tests
SMALL: dict[str, Callable[[str | Path], Path]] = {
    "flate_bomb": lambda d: flate_bomb(d, decoded=1 << 20),
    "many_text_objects": lambda d: many_text_objects(d, n=2000),
    "huge_tounicode_range": lambda d: huge_tounicode(d, entries=1 << 12),
    "huge_tounicode_bfchar": lambda d: huge_tounicode(d, entries=1000, mode="bfchar"),
    "huge_tounicode_longdst": lambda d: huge_tounicode(d, mode="longdst", dst_bytes=256),
    "deep_forms": lambda d: deep_forms(d, depth=6),
    "many_pages": lambda d: many_pages(d, n=20),
    "form_feeds": lambda d: form_feeds(d, n=64),
    "round_digits": round_digits,  # the size is the point: 5,000 digits is 5 KB
    "round_above_2_53": round_above_2_53,
    "budget_digits": budget_digits,
    "be_year_0543": be_year_0543,
    "control_codes": control_codes,
}
