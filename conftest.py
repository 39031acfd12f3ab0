"""Root conftest: keeps doctest collection of ``src`` from importing optional extras."""

import importlib.util

# The mupdf backend module raises ImportError on import when PyMuPDF (the optional, AGPL
# extra ``reportparse[mupdf]``) is missing; its doctests can only run where it is installed.
collect_ignore = []
if importlib.util.find_spec("pymupdf") is None:
    collect_ignore.append("src/reportparse/extract/mupdf.py")
