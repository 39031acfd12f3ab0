"""The Thai tokenizer: newmm's own words, its dictionary read from a cache that heals itself."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.tokenize import word_tokenize

from reportparse.thai import dictionary, tokenizer
from reportparse.thai.tokenizer import WordTable, cache_path, tokenize, word_table

from .conftest import FIXTURES

TEXTS = sorted((FIXTURES / "reports").glob("*.txt")) + sorted((FIXTURES / "diff").glob("*.txt"))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_the_words_are_newmms_own(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert tokenize(text) == word_tokenize(text, engine="newmm", keep_whitespace=False)


#: what report text is made of: Thai letters, marks and digits, Latin, Arabic digits with the
#: separators newmm joins numbers at, blanks and the punctuation of the form
REPORT_CHARACTERS = st.sampled_from(
    [chr(c) for c in range(0x0E01, 0x0E5C) if c not in range(0x0E3B, 0x0E3F)]
    + list("abcXYZ0123456789.,:/-() \t\n%")
)
#: runs of the word list's own words, so that the matcher has real words to choose between
REPORT_WORDS = st.sampled_from(
    ["การ", "ศึกษา", "การศึกษา", "ให้", "โครงการ", "กรุงเทพมหานคร", "ความก้าวหน้า", "ร้อยละ"]
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(REPORT_WORDS, st.text(REPORT_CHARACTERS, max_size=6)), max_size=12).map(
        "".join
    )
)
def test_the_port_cuts_as_pythainlp_does(text: str) -> None:
    """``newmm.words`` is pythainlp's ``word_tokenize`` (newmm, no blanks), token for token,
    on any mix of Thai, marks out of place, numbers and blanks."""
    assert tokenize(text) == word_tokenize(text, engine="newmm", keep_whitespace=False)


def test_prefixes_are_the_tries() -> None:
    from pythainlp.corpus import thai_words
    from pythainlp.util.trie import Trie

    trie, table = Trie(thai_words()), word_table()
    text = (FIXTURES / "reports" / "seed_v2.txt").read_text(encoding="utf-8")
    assert all(table.prefixes(text, i) == trie.prefixes(text, i) for i in range(len(text)))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of its own, and no table kept in this process."""
    monkeypatch.setenv(tokenizer.CACHE_ENV, str(tmp_path / "cache"))
    word_table.cache_clear()
    yield cache_path()
    word_table.cache_clear()


def test_the_table_is_kept_on_disk_under_the_word_lists_digest(cache: Path) -> None:
    assert not cache.exists()
    table = word_table()
    digest = hashlib.sha256(dictionary.word_list()).hexdigest()
    assert cache.is_file() and cache.name == f"newmm-{digest[:16]}-{tokenizer.FORMAT}.bin"
    assert tokenizer._read(cache).state() == table.state()
    assert not list(cache.parent.glob(".*.tmp"))


def test_a_kept_table_is_read_not_built(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    word_table()
    word_table.cache_clear()

    def build(words: object) -> WordTable:
        raise AssertionError("built again")

    monkeypatch.setattr(WordTable, "build", build)
    assert tokenize("การศึกษา การให้") == ["การศึกษา", "การ", "ให้"]


DAMAGE = [
    pytest.param(lambda data: data[: len(data) // 2], id="cut-short"),
    pytest.param(lambda data: data[:-10] + b"0123456789", id="bytes-changed"),
    pytest.param(lambda data: b"", id="empty"),
    pytest.param(lambda data: b"not a cache at all", id="other-file"),
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_is_built_again_and_replaced(cache: Path, damage: object) -> None:
    good = word_table().state()
    cache.write_bytes(damage(cache.read_bytes()))  # type: ignore[operator]
    word_table.cache_clear()
    assert word_table().state() == good
    assert tokenizer._read(cache) is not None


def test_a_cache_folder_that_cannot_be_written_costs_only_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv(tokenizer.CACHE_ENV, str(blocked / "cache"))
    word_table.cache_clear()
    try:
        assert tokenize("การศึกษา") == ["การศึกษา"]
    finally:
        word_table.cache_clear()
    assert blocked.read_text() == "a file where the folder would be"


def test_the_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(tokenizer.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert tokenizer.cache_dir() == tmp_path / "reportparse"


def test_another_process_reads_the_cache(cache: Path) -> None:
    word_table()
    code = (
        "from reportparse.thai import tokenizer as t\n"
        "t.WordTable.build = None\n"  # fails if called: the table must come from the cache
        "print(t.tokenize('การศึกษา การให้'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['การศึกษา', 'การ', 'ให้']"


def test_the_dictionary_is_pythainlps_word_list_read_without_pythainlp() -> None:
    """``dictionary.words`` reads pythainlp's bundled list itself: the same words. Neither it
    nor the tokenizer and its table import pythainlp (its package import is ~40 ms of a
    parse's or a diff's start, issue 17)."""
    from pythainlp.corpus import thai_words

    from reportparse.thai.dictionary import words

    assert words() == thai_words() | {"ๆ", "ฯ"}
    code = (
        "import sys; from reportparse.thai.dictionary import words; words(); "
        "print('pythainlp' in sys.modules); "
        "from reportparse.thai.tokenizer import tokenize; "
        "print(tokenize('การศึกษา 1,234.5 บาท'), 'pythainlp' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.splitlines() == ["False", "['การศึกษา', '1,234.5', 'บาท'] False"], out.stderr


def test_a_word_list_not_where_expected_is_read_by_pythainlp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pythainlp.corpus import thai_words

    from reportparse.thai import dictionary

    monkeypatch.setattr(dictionary, "WORD_LIST", ("corpus", "no_such_file.txt"))
    dictionary.words.cache_clear()
    try:
        assert dictionary.words() == thai_words() | {"ๆ", "ฯ"}
    finally:
        dictionary.words.cache_clear()
