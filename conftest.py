"""Root conftest: nothing to hide from doctest collection (optional extras import on first use)."""

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The tokenizer's dictionary cache (``thai.tokenizer``) in a folder of the test run, never
    in the user's own cache (doctests and CLI subprocesses included)."""
    if "REPORTPARSE_CACHE_DIR" not in os.environ:
        os.environ["REPORTPARSE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
