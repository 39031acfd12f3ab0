"""DataFrames: the rounds and reports tables as pandas or Arrow, with their real types.

Contract: ``to_arrow(docs, table="rounds")`` and ``to_pandas(docs, table="rounds")`` give the
table (``"rounds"`` or ``"reports"``, the columns of ``tables``) of one document, a batch
result (``FileResult``: its ``path`` is the ``source``) or an iterable of them; the rows are
sorted by the table's key. ``read_table(path, table="rounds")`` reads a table ``batch`` wrote
(CSV, Parquet or DuckDB) back as the same DataFrame. In pandas, dates are ``datetime64``, flags
nullable ``boolean``, counts nullable ``Int32``, text ``string``, money and percentages
``float64`` (NaN when absent); in Arrow they are ``date32``, ``bool``, ``int32``, ``string``
and ``float64``. pandas and pyarrow are the extra ``reportparse[pandas]`` (Arrow alone:
``reportparse[parquet]``); without them the call raises ``MissingExtraError`` naming it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..models import Document
from .tables import TABLES, Kind, Row, Table, arrow_table


class MissingExtraError(ImportError):
    """An optional library this call needs is not installed; the message says what to install."""


def _require(module: str, extra: str, what: str) -> Any:
    try:
        return __import__(module)
    except ImportError:
        raise MissingExtraError(
            f"{what} needs {module}: pip install 'reportparse[{extra}]'"
        ) from None


def _table(name: str) -> Table:
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}: use {' or '.join(map(repr, TABLES))}")
    return TABLES[name]


def _documents(docs: Any) -> Iterable[tuple[str, Document]]:
    """(source, document) pairs of a document, a batch result, or an iterable of them."""
    items = [docs] if isinstance(docs, Document) or hasattr(docs, "document") else docs
    for item in items:
        if isinstance(item, Document):
            yield item.source.path, item
        elif getattr(item, "document", None) is not None:  # a batch FileResult that is ok
            yield str(item.path), item.document


def table_rows(docs: Any, table: str = "rounds") -> list[Row]:
    """The rows of ``table`` for ``docs``, sorted by the table's key."""
    spec = _table(table)
    rows = [row for source, doc in _documents(docs) for row in spec.rows(source, doc)]
    spec.sort(rows)
    return rows


def to_arrow(docs: Any, table: str = "rounds") -> Any:
    """The ``table`` of ``docs`` as a ``pyarrow.Table`` (see the module for the types)."""
    _require("pyarrow", "parquet", "to_arrow")
    return arrow_table(_table(table), table_rows(docs, table))


def to_pandas(docs: Any, table: str = "rounds") -> Any:
    """The ``table`` of ``docs`` as a pandas DataFrame (see the module for the dtypes)."""
    _require("pandas", "pandas", "to_pandas")
    _require("pyarrow", "pandas", "to_pandas")
    return arrow_to_pandas(to_arrow(docs, table))


def arrow_to_pandas(data: Any) -> Any:
    """An Arrow table of ours as pandas with nullable dtypes and ``datetime64`` dates."""
    import pandas as pd
    import pyarrow as pa

    nullable = {
        pa.bool_(): pd.BooleanDtype(),
        pa.int32(): pd.Int32Dtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.string(): pd.StringDtype(),
    }
    return data.to_pandas(date_as_object=False, types_mapper=nullable.get)


def read_table(path: str | Path, table: str = "rounds") -> Any:
    """A table file ``batch`` wrote (``.csv``, ``.parquet``, or ``table`` of a ``.duckdb``) as
    the DataFrame ``to_pandas`` gives."""
    _require("pandas", "pandas", "read_table")
    _require("pyarrow", "pandas", "read_table")
    suffix = Path(path).suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        return arrow_to_pandas(pq.read_table(path))
    if suffix == ".duckdb":
        duckdb = _require("duckdb", "duckdb", "read_table of a .duckdb file")
        with duckdb.connect(str(path), read_only=True) as con:
            rel = con.table(_table(table).name)
            # (duckdb 1.x: fetch_arrow_table; 2.x: to_arrow_table, the other deprecated)
            data = getattr(rel, "to_arrow_table", rel.fetch_arrow_table)()
        return arrow_to_pandas(data)
    return arrow_to_pandas(_read_csv(Path(path)))


def _read_csv(path: Path) -> Any:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    types = {Kind.STRING: pa.string(), Kind.INT: pa.int32(), Kind.DATE: pa.date32()}
    types |= {Kind.FLOAT: pa.float64(), Kind.BOOL: pa.bool_()}
    kinds = {c.name: c.kind for t in TABLES.values() for c in t.columns}
    options = pacsv.ConvertOptions(
        column_types={name: types[kind] for name, kind in kinds.items()},
        true_values=["true"],
        false_values=["false"],
        null_values=[""],
        strings_can_be_null=True,
    )
    return pacsv.read_csv(path, convert_options=options)
