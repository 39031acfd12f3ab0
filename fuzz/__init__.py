"""Fuzzing of reportparse: mutations of the fixtures (``mutations``) and the long runs
(``python -m fuzz.fuzz_text``, ``python -m fuzz.fuzz_pdf``); see README.md beside this file."""
