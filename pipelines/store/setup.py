"""Make a database file ready: schema migrated, reference companies loaded. Once per process and file."""

from __future__ import annotations

import threading
from pathlib import Path

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

        with session(path) as con:
            migrate(con)  # each migration is its own transaction
        with transaction(path) as con:
            insert(con, "companies", reference_rows(), mode="OR REPLACE", types=COMPANY_TYPES)
        _ready.add(key)


COMPANY_TYPES = {
    "aliases": pa.list_(pa.string()),
    "products": pa.list_(pa.string()),
    "domains": pa.list_(pa.string()),
    "parent": pa.string(),
    "ticker": pa.string(),
}
