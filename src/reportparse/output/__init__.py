"""Output for analysts: parsed documents as tables (CSV, Parquet) and JSON Lines.

Contract: ``tables`` declares each table as one tuple of columns and writes it atomically;
``round_rows`` and ``report_lines`` turn one parsed document into rows and lines.
"""

from .tables import COLUMNS, ROUND_COLUMNS, TableError, report_lines, round_rows, write_table

__all__ = ["COLUMNS", "ROUND_COLUMNS", "TableError", "report_lines", "round_rows", "write_table"]
