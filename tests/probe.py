"""Looking into a store another process is writing: a count, or -1 while the writer holds the file."""

from __future__ import annotations

from pathlib import Path

import duckdb


def count_now(db: Path, sql: str) -> int:
    """The first column of the first row of `sql`, or -1 when the file cannot be read at this moment."""
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return -1  # the other process is writing: look again
    try:
        return int(con.execute(sql).fetchone()[0])  # type: ignore[index]
    except duckdb.Error:
        return -1
    finally:
        con.close()
