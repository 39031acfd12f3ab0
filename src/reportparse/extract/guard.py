"""Guard: refuse a PDF whose reading would take memory or time without bound, before reading it.

Contract: ``check_pdf(path, data, limits)`` scans the raw bytes of a PDF once — every stream,
inflated in chunks so that nothing big is ever held — and raises a ``TooLargeError`` subclass
(exit 10, each with its own code) when one of ``Limits`` is crossed; else it returns what the
scan saw (``Scan``: streams damaged, ActualText written anywhere):

- a stream that inflates to more than ``max_decoded`` bytes (a FlateDecode bomb: PDFium and
  pdfminer inflate a content stream, a font or a CMap whole in memory);
- a content stream, with the forms it draws (``Do``, counted through nested forms, so a
  "billion laughs" of forms drawing forms is counted as what it draws), that draws more than
  ``max_text_objects`` text objects (every ``BT`` counts: an upper bound), or more than
  ``max_forms`` forms;
- a ToUnicode CMap that maps more than ``max_cmap_codes`` codes, or a destination longer than
  ``MAX_CMAP_DESTINATION`` (pdfminer expands every entry into a dict: 17 GB seen).

Image streams are not inflated (no text reader decodes them). What the scan cannot see — a
stream in a filter it does not inflate, an encrypted stream — is left to PDFium; in ``batch``
the workers also run under an address-space limit, so a runaway library is one file's error.
The scan costs about a millisecond for a report: most of it is inflating the fonts.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import (
    DecodedTooLargeError,
    FontMapTooLargeError,
    TooManyFormsError,
    TooManyObjectsError,
)
from ..options import MIB, Limits

#: characters a CMap destination may have, in hex digits (a ligature or a cluster: a few)
MAX_CMAP_DESTINATION = 1024
#: bytes a CMap may have (a real ToUnicode map is a few KB, a whole CJK font's 1 MB)
MAX_CMAP_TEXT = 8 * MIB
#: bytes inflated at a time
_CHUNK = 1 << 20
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_FORM = re.compile(rb"/Subtype\s*/Form\b")
#: a stream's /Filter: one name, or an array of them
_FILTER = re.compile(rb"/Filter\s*(?:\[(?P<names>[^\]]*)\]|(?P<name>/[A-Za-z0-9]+))")
_FLATE_NAMES = ("FlateDecode", "Fl")


def _ascii85(data: bytes) -> bytes:
    text = data.strip()
    text = text[: text.find(b"~>")] if b"~>" in text else text
    return base64.a85decode(text.removeprefix(b"<~"), adobe=False, ignorechars=b" \t\r\n\x0c")


def _ascii_hex(data: bytes) -> bytes:
    text = bytes(c for c in data.split(b">")[0] if c not in b" \t\r\n\x0c")
    return binascii.unhexlify(text + b"0" * (len(text) % 2))


_TEXT_FILTERS = {
    "ASCII85Decode": _ascii85,
    "A85": _ascii85,
    "ASCIIHexDecode": _ascii_hex,
    "AHx": _ascii_hex,
}


def _filters(dictionary: bytes) -> tuple[str, ...]:
    """The filter names of a stream's dictionary, in the order they decode.

    >>> _filters(b"<< /Filter [ /ASCII85Decode /FlateDecode ] /Length 9 >>")
    ('ASCII85Decode', 'FlateDecode')
    >>> _filters(b"<< /Length 9 /Filter /FlateDecode >>"), _filters(b"<< /Length 9 >>")
    (('FlateDecode',), ())
    """
    m = _FILTER.search(dictionary)
    if m is None:
        return ()
    names = m["names"] if m["names"] is not None else m["name"]
    return tuple(n.decode("latin-1") for n in re.findall(rb"/([A-Za-z0-9]+)", names))


_OBJ_NUMBER = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s])")
#: ``/Name 12 0 R``: an entry of a resource dictionary (an XObject's name and object)
_NAMED_REF = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+(\d+)\s+\d+\s+R\b")
_XOBJECT_DICT = re.compile(rb"/XObject\s*<<(.*?)>>", re.DOTALL)
_BFCHAR = re.compile(rb"beginbfchar(.*?)(?:endbfchar|$)", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)(?:endbfrange|$)", re.DOTALL)
_HEX_PAIR = re.compile(rb"<[0-9A-Fa-f\s]*>\s*<[0-9A-Fa-f\s]*>")
#: a bfrange entry: its first and last code, then its destination (a string or an array)
_RANGE_ENDS = re.compile(rb"<([0-9A-Fa-f]{1,8})>\s*<([0-9A-Fa-f]{1,8})>\s*(?:<|\[)")
_LONG_HEX = re.compile(rb"<[0-9A-Fa-f\s]{%d}" % (MAX_CMAP_DESTINATION + 1))
#: how far before its data a stream's dictionary may start (a report's are a few dozen bytes)
_DICTIONARY = 1024
#: the longest token the operator count looks for (a form's name and Do)
_MAX_TOKEN = 1024
#: what a form drawing itself draws
_UNBOUNDED = 1 << 62
#: the keys of a font program's stream (FontFile, FontFile2, FontFile3): no operators in it
_FONT_PROGRAM = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b")


@dataclass(frozen=True)
class Scan:
    """What the scan of a PDF saw."""

    #: streams whose compressed data is broken or cut short (PDFium reads what it can of
    #: them, and says nothing)
    damaged: int = 0
    #: the file writes /ActualText somewhere (a content stream, a property list): the text
    #: of some glyphs is not their font's map's
    actual_text: bool = False


#: the key of a marked-content span whose text replaces its glyphs' map
_ACTUAL_TEXT = b"ActualText"


@dataclass
class _Stream:
    """What the scan learnt of one stream."""

    number: int | None
    form: bool
    text_objects: int = 0
    draws: list[bytes] = field(default_factory=list)
    #: its compressed data is broken or cut short: what it draws may be missing
    damaged: bool = False
    #: it writes /ActualText
    actual_text: bool = False


def check_pdf(path: str | Path, data: bytes, limits: Limits) -> Scan:
    """Raise a ``TooLargeError`` when ``data`` crosses one of ``limits`` (see the module);
    else say what the scan saw."""
    streams = [s for s in _scan(path, data, limits) if s is not None]
    names = _xobject_names(data)
    forms = {s.number: s for s in streams if s.form and s.number is not None}
    cost: dict[int, tuple[int, int]] = {}
    for stream in streams:
        if stream.form:
            continue
        text, drawn = stream.text_objects, 0
        for name in stream.draws:
            t, d = _form_cost(name, names, forms, cost)
            text, drawn = text + t, drawn + d
        if drawn > limits.max_forms:
            detail = f"{_count(drawn)} forms drawn, limit {limits.max_forms:,}"
            raise TooManyFormsError(path, detail, option=None)
        if text > limits.max_text_objects:
            detail = f"{_count(text)} text objects drawn, limit {limits.max_text_objects:,}"
            raise TooManyObjectsError(path, detail, option="--max-objects")
    return Scan(
        damaged=sum(1 for s in streams if s.damaged),
        actual_text=_ACTUAL_TEXT in data or any(s.actual_text for s in streams),
    )


def _count(n: int) -> str:
    return "an unbounded number of" if n >= _UNBOUNDED else f"{n:,}"


def _form_cost(
    name: bytes,
    names: dict[bytes, set[int]],
    forms: dict[int, _Stream],
    cost: dict[int, tuple[int, int]],
    depth: int = 0,
) -> tuple[int, int]:
    """(text objects, forms) drawn by ``Do`` of ``name``: the costliest form of that name
    anywhere in the file (a name is local to its resources; the scan does not resolve them,
    so it takes the worst it may be)."""
    best = (0, 0)
    for number in names.get(name, ()):
        form = forms.get(number)
        if form is None:
            continue  # an image, or a form the scan could not see
        if number not in cost:
            if depth > 64:  # deeper than any reader nests (a cycle, or a crafted chain)
                return (_UNBOUNDED, _UNBOUNDED)
            cost[number] = (_UNBOUNDED, _UNBOUNDED)  # a form that draws itself
            text, drawn = form.text_objects, 1
            for sub in form.draws:
                t, d = _form_cost(sub, names, forms, cost, depth + 1)
                text, drawn = min(text + t, _UNBOUNDED), min(drawn + d, _UNBOUNDED)
            cost[number] = (text, drawn)
        best = max(best, cost[number])
    return best


def _xobject_names(data: bytes) -> dict[bytes, set[int]]:
    """Every ``/Name N 0 R`` of every XObject resource dictionary written in the file."""
    names: dict[bytes, set[int]] = {}
    for m in _XOBJECT_DICT.finditer(data):
        for name, number in _NAMED_REF.findall(m.group(1)):
            names.setdefault(name, set()).add(int(number))
    return names


def _stream_starts(data: bytes) -> Iterator[tuple[int, int]]:
    """(where the ``stream`` keyword is, where its data begins) for every stream of the file
    (``bytes.find``: several times faster than a pattern over the whole file)."""
    at = data.find(b"stream")
    while at >= 0:
        eol = at + 6
        if data[at - 3 : at] != b"end" and data[eol : eol + 1] in (b"\r", b"\n"):
            yield at, eol + (2 if data[eol : eol + 2] == b"\r\n" else 1)
        at = data.find(b"stream", at + 6)


def _scan(path: str | Path, data: bytes, limits: Limits) -> Iterator[_Stream | None]:
    for keyword, start in _stream_starts(data):
        head = data[max(0, keyword - _DICTIONARY) : keyword]
        at = head.rfind(b"obj")
        dictionary = head[at:] if at >= 0 else head[-512:]
        if _IMAGE.search(dictionary):
            yield None
            continue
        # a font program is inflated too, though it draws nothing: a broken one loses text
        operators = not _FONT_PROGRAM.search(dictionary)
        numbers = _OBJ_NUMBER.findall(head[max(0, at - 24) : at + 3]) if at >= 0 else []
        stream = _Stream(int(numbers[-1]) if numbers else None, bool(_FORM.search(dictionary)))
        _read_stream(path, data, start, stream, limits, operators, _filters(dictionary))
        yield stream


def _is_zlib(data: bytes, at: int) -> bool:
    """Whether a zlib header starts at ``at`` (deflate, and its check bits right)."""
    if at + 2 > len(data):
        return False
    cmf, flg = data[at], data[at + 1]
    return cmf & 0x0F == 8 and (cmf * 256 + flg) % 31 == 0


def _read_stream(
    path: str | Path,
    data: bytes,
    at: int,
    stream: _Stream,
    limits: Limits,
    operators: bool,
    filters: tuple[str, ...],
) -> None:
    """Count what a stream draws (``operators``: it may hold some; a font program does not)
    and check the map if it is a CMap, inflating it in chunks (its raw bytes when it is not
    zlib data)."""
    carry = b""  # the last, maybe unfinished token of the chunk before
    size = 0
    cmap: list[bytes] | None = None
    for k, chunk in enumerate(_chunks(data, at, stream, filters)):
        size += len(chunk)
        if size > limits.max_decoded:
            detail = f"a stream inflates to more than {limits.max_decoded // MIB:,} MiB"
            raise DecodedTooLargeError(path, detail, option="--max-decoded-mb")
        if not operators:
            continue
        if k == 0 and b"begincmap" in chunk:
            cmap = []
        if cmap is not None:
            cmap.append(chunk)
            if size > MAX_CMAP_TEXT:
                raise FontMapTooLargeError(
                    path, f"its map is over {MAX_CMAP_TEXT // MIB} MiB", option=None
                )
            continue
        buffer = carry + chunk
        cut = max(buffer.rfind(b" "), buffer.rfind(b"\n"), buffer.rfind(b"\r"))
        # a token cut by the chunk's end is counted with the next chunk (a run of a thousand
        # bytes without white space is no content stream: it is cut anyway)
        if cut < 0 or len(buffer) - cut > _MAX_TOKEN:
            cut = len(buffer) - 1
        whole, carry = buffer[: cut + 1], buffer[cut + 1 :]
        _count_operators(stream, whole)
    if carry:
        _count_operators(stream, carry)
    if cmap is not None:
        _check_cmap(path, b"".join(cmap), limits)


def _count_operators(stream: _Stream, text: bytes) -> None:
    # every "BT", operator or not: an upper bound, counted at the speed of memchr
    stream.text_objects += text.count(b"BT")
    stream.actual_text = stream.actual_text or _ACTUAL_TEXT in text
    if b"Do" in text:
        stream.draws += _DO.findall(text)


def _check_cmap(path: str | Path, text: bytes, limits: Limits) -> None:
    """Count the codes a ToUnicode CMap maps, section by section; refuse an endless entry."""
    if _LONG_HEX.search(text):
        raise FontMapTooLargeError(path, "an entry of its map never ends", option=None)
    codes = sum(len(_HEX_PAIR.findall(m)) for m in _BFCHAR.findall(text))
    for section in _BFRANGE.findall(text):
        for lo, hi in _RANGE_ENDS.findall(section):
            codes += max(0, int(hi, 16) - int(lo, 16) + 1)
            if codes > limits.max_cmap_codes:
                break
    if codes > limits.max_cmap_codes:
        detail = f"it maps over {limits.max_cmap_codes:,} codes"
        raise FontMapTooLargeError(path, detail, option=None)


def _chunks(data: bytes, at: int, stream: _Stream, filters: tuple[str, ...]) -> Iterator[bytes]:
    """The bytes of the stream starting at ``at``, decoded by its ``filters`` as far as the
    scan decodes: ASCII85 and ASCIIHex first (their text is no bigger than the file), then
    FlateDecode inflated in chunks (until the end of its zlib stream); the first other filter
    ends the decoding there. Broken FlateDecode data, or data cut short, marks ``stream``
    damaged (PDFium reads what it can of it, and says nothing)."""
    end = data.find(b"endstream", at)
    raw: bytes | memoryview = memoryview(data)[at : end if end >= 0 else len(data)]
    chain = list(filters)
    while chain and chain[0] in _TEXT_FILTERS:
        try:
            raw = _TEXT_FILTERS[chain.pop(0)](bytes(raw))
        except (ValueError, binascii.Error):
            stream.damaged = True
            return
    if not chain or chain[0] not in _FLATE_NAMES:
        yield bytes(raw)
        return
    if not _is_zlib(bytes(raw[:2]), 0):
        stream.damaged = True  # said to be FlateDecode, and no zlib data where it starts
        yield bytes(raw)
        return
    yield from _inflate(raw if filters[0] in _TEXT_FILTERS else memoryview(data)[at:], stream)


def _inflate(view: bytes | memoryview, stream: _Stream) -> Iterator[bytes]:
    """Inflate zlib data in chunks of ``_CHUNK`` out; stop at its end."""
    inflate = zlib.decompressobj()
    pos = 0
    while True:
        if inflate.unconsumed_tail:
            source = inflate.unconsumed_tail
        elif pos < len(view):
            source = bytes(view[pos : pos + _CHUNK])
            pos += len(source)
        else:
            stream.damaged = True  # the data ends inside the zlib stream
            return
        try:
            out = inflate.decompress(source, _CHUNK)
        except zlib.error:
            stream.damaged = True
            return
        if out:
            yield out
        if inflate.eof:
            return
