"""The DuckDB store: the only module that writes SQL.

`DuckDBPipeline` is the Scrapy item pipeline (registered in spiders.settings);
the other modules read and write one concern each.
"""

from pipelines.store.connection import DEFAULT_DB, StoreUnavailable, StoreWriteFailed, session, transaction
from pipelines.store.pipeline import DuckDBPipeline
from pipelines.store.setup import ensure_schema

__all__ = [
    "DEFAULT_DB",
    "DuckDBPipeline",
    "StoreUnavailable",
    "StoreWriteFailed",
    "ensure_schema",
    "session",
    "transaction",
]
