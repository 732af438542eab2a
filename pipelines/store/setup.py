"""Make a database file ready: schema migrated, reference companies loaded. Once per process and file."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.store.connection import session, transaction
from pipelines.store.rows import insert
from pipelines.store.schema import migrate

_ready: set[str] = set()
_lock = threading.Lock()


def ensure_schema(path: Path | str) -> None:
    """Create or migrate the file and refresh the reference companies, the first time this process opens it."""
    key = str(Path(path).resolve())
    with _lock:
        if key in _ready and Path(key).exists():
            return
        from nlp.companies import reference_rows

        rows = reference_rows()
        with session(path) as con:
            migrate(con)  # each migration is its own transaction
            current = _stored(con, rows)
        if current != [_comparable(r) for r in rows]:  # written only when the table changed: no write per run
            with transaction(path) as con:
                insert(con, "companies", rows, mode="OR REPLACE", types=COMPANY_TYPES)
        _ready.add(key)


def _comparable(row: dict[str, Any]) -> tuple:
    return tuple(tuple(v) if isinstance(v, list) else v for v in row.values())


def _stored(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> list[tuple]:
    """The stored rows of the reference companies, in the reference's order and columns."""
    if not rows:
        return []
    columns = list(rows[0])
    found = con.execute(
        f"SELECT {', '.join(columns)} FROM companies WHERE company IN (SELECT unnest(?))",  # noqa: S608 - our columns
        [[r["company"] for r in rows]],
    ).fetchall()
    by_name = {r[0]: _comparable(dict(zip(columns, r, strict=True))) for r in found}
    return [by_name.get(r["company"], ()) for r in rows]


COMPANY_TYPES = {
    "aliases": pa.list_(pa.string()),
    "products": pa.list_(pa.string()),
    "domains": pa.list_(pa.string()),
    "parent": pa.string(),
    "ticker": pa.string(),
}
