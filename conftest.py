"""Root conftest: nothing to hide from doctest collection (optional extras import on first use)."""
