"""Output for analysts: parsed documents as tables (CSV, Parquet, DuckDB), JSON Lines and
DataFrames.

Contract: ``tables`` declares each table (``ROUNDS``, ``REPORTS``) as one tuple of columns and
writes it atomically; ``round_rows``, ``report_rows`` and ``report_lines`` turn one parsed
document into rows and lines; ``collect`` gathers a batch's rows and lines and writes them
sorted; ``frames`` gives the tables as pandas / Arrow (``to_pandas``, ``to_arrow``) and reads a
written table back with its types (``read_table``).
"""

from .frames import read_table, to_arrow, to_pandas
from .tables import (
    COLUMNS,
    REPORT_COLUMNS,
    REPORTS,
    ROUND_COLUMNS,
    ROUNDS,
    TableError,
    report_lines,
    report_rows,
    round_rows,
    write_table,
    write_tables,
)

__all__ = [
    "COLUMNS",
    "REPORTS",
    "REPORT_COLUMNS",
    "ROUNDS",
    "ROUND_COLUMNS",
    "TableError",
    "read_table",
    "report_lines",
    "report_rows",
    "round_rows",
    "to_arrow",
    "to_pandas",
    "write_table",
    "write_tables",
]
