"""Bulk writes: rows go in as one Arrow table per statement, never row by row.

DuckDB inserts from Arrow at hundreds of thousands of rows a second and
from executemany at a thousand or two (SETUP-NOTES.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa


def insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: Sequence[dict[str, Any]],
    *,
    mode: str = "OR IGNORE",
    types: dict[str, pa.DataType] | None = None,
) -> int:
    """Insert dict rows by column name; `mode` is "", "OR IGNORE" or "OR REPLACE"."""
    if not rows:
        return 0
    columns = list(rows[0])
    arrays = []
    for col in columns:
        values = [row[col] for row in rows]
        wanted = (types or {}).get(col)
        arrays.append(pa.array(values, type=wanted) if wanted is not None else pa.array(values))
    batch = pa.Table.from_arrays(arrays, names=columns)  # noqa: F841 - read by DuckDB's replacement scan
    cols = ", ".join(columns)
    con.execute(f"INSERT {mode} INTO {table} ({cols}) SELECT {cols} FROM batch")  # noqa: S608 - names are ours
    return len(rows)
