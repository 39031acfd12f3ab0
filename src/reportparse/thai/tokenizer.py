"""Thai words: pythainlp's ``newmm`` tokenizer with its dictionary loaded once, fast, from disk.

Contract: ``tokenize(text)`` is ``pythainlp.tokenize.word_tokenize(text, engine="newmm",
keep_whitespace=False)``, token for token: the same algorithm (``newmm``, a port that does not
import pythainlp) over the same word list (pythainlp's ``thai_words()``, read by
``dictionary.word_list``). Only the dictionary's shape differs. pythainlp builds a trie of
nodes, one per letter of every word (0.8 s at every start, 60 MB); ``WordTable`` answers the
one question newmm asks of it, which words start at a position (``prefixes``), from the word
set and, for each first two letters, the lengths of the words that start with them. It is
built once per process on first use (``word_table``) and kept on disk, so later processes read
it in a few milliseconds: ``<cache>/newmm-<digest of the word list>-<FORMAT>.bin``, where
``<cache>`` is ``$REPORTPARSE_CACHE_DIR``, else ``$XDG_CACHE_HOME/reportparse``, else
``~/.cache/reportparse``. The file holds a checksum of its content: a file cut short or
damaged is built again and replaced; it is written to a temp file and renamed, so a reader
never sees half of one; a folder that cannot be written only costs the build. A pythainlp
with another word list gets another file. ``oov_rate(text)`` is THAI_TEXT.md's quality figure
over these words (``reportparse text --stats``).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from . import newmm
from .chars import THAI_RUN
from .dictionary import thai_words, word_list, words

CACHE_ENV = "REPORTPARSE_CACHE_DIR"
#: the layout of the cache file; a new layout is a new name, never a misread file
FORMAT = "1"
_MAGIC = b"reportparse newmm table\n"
_DIGEST = 64  # hex characters of the sha256 after the magic line


class WordTable:
    """A dictionary for ``newmm``: the words that start at a position, as a trie gives them."""

    def __init__(
        self,
        words: frozenset[str],
        lengths: dict[str, tuple[int, ...]],
        single: frozenset[str] | None = None,
    ) -> None:
        self._words = words
        #: first two letters → the lengths (2 and more) of the words that start with them
        self._lengths = lengths
        #: the words of one letter
        self._single = frozenset(w for w in words if len(w) == 1) if single is None else single

    @classmethod
    def build(cls, words: Iterable[str]) -> WordTable:
        """The table of ``words`` (stripped, as pythainlp's ``Trie.add`` stores them)."""
        stripped = frozenset(w.strip() for w in words) - {""}
        grouped: dict[str, set[int]] = {}
        for word in stripped:
            if len(word) > 1:
                grouped.setdefault(word[:2], set()).add(len(word))
        return cls(stripped, {head: tuple(sorted(n)) for head, n in grouped.items()})

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words that ``text`` has at ``start``, shortest first (pythainlp's
        ``Trie.prefixes``).

        >>> WordTable.build(["สวัสดี", "สวัส", "ดี", "ครับ"]).prefixes("สวัสดีครับ")
        ['สวัส', 'สวัสดี']
        """
        first = text[start : start + 1]
        found = [first] if first in self._single else []
        lengths = self._lengths.get(text[start : start + 2])
        if lengths:
            room = len(text) - start
            words = self._words
            for n in lengths:
                if n > room:
                    break
                piece = text[start : start + n]
                if piece in words:
                    found.append(piece)
        return found

    def state(self) -> tuple[frozenset[str], dict[str, tuple[int, ...]], frozenset[str]]:
        """What the cache file keeps."""
        return self._words, self._lengths, self._single


def cache_dir() -> Path:
    """Where the table is kept between processes."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportparse"


def cache_path() -> Path:
    """The cache file of the installed pythainlp's word list."""
    digest = hashlib.sha256(word_list()).hexdigest()[:16]
    return cache_dir() / f"newmm-{digest}-{FORMAT}.bin"


def _read(path: Path) -> WordTable | None:
    """The table kept at ``path``; None when there is none or it is not whole and sound."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, body = data[: len(_MAGIC) + _DIGEST], data[len(_MAGIC) + _DIGEST :]
    if head != _MAGIC + hashlib.sha256(body).hexdigest().encode():
        return None
    try:
        words, lengths, single = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None
    if not (isinstance(words, frozenset) and isinstance(lengths, dict)):
        return None
    if not isinstance(single, frozenset):
        return None
    return WordTable(words, lengths, single)


def _write(path: Path, table: WordTable) -> None:
    """Keep ``table`` at ``path``, whole or not at all; a folder that cannot be written is
    left as it is (the next process builds the table again)."""
    body = marshal.dumps(table.state())
    tmp = path.with_name(f".{path.name}-{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(_MAGIC + hashlib.sha256(body).hexdigest().encode() + body)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


@cache
def word_table() -> WordTable:
    """pythainlp's word list as a ``WordTable``: read from the cache, or built and cached."""
    path = cache_path()
    table = _read(path)
    if table is None:
        table = WordTable.build(thai_words())
        _write(path, table)
    return table


def tokenize(text: str) -> list[str]:
    """``newmm``'s words of ``text``, white space left out.

    >>> tokenize("การศึกษา การให้")
    ['การศึกษา', 'การ', 'ให้']
    """
    return newmm.words(text, word_table())


def oov_rate(text: str) -> tuple[int, int]:
    """(Thai tokens of two or more characters not in the dictionary, such tokens) in ``text``,
    tokenized by pythainlp's ``newmm`` as THAI_TEXT.md measures it."""
    known = words()
    tokens = [t for run in THAI_RUN.findall(text) for t in tokenize(run) if len(t) > 1]
    return sum(t not in known for t in tokens), len(tokens)
