"""The `runs` and `skips` tables: each run's summary and what it skipped, queryable after the terminal is gone."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.store.rows import insert


def record_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    flow: str,
    started_at: datetime,
    finished_at: datetime,
    status: str,
    summary: dict[str, Any],
    skips: list[dict[str, str]],
) -> None:
    """One row in `runs`, one in `skips` per item the run did not store; a repeated run id replaces its rows."""
    con.execute("DELETE FROM skips WHERE run_id = ?", [run_id])
    insert(
        con,
        "runs",
        [
            {
                "run_id": run_id,
                "flow": flow,
                "started_at": started_at,
                "finished_at": finished_at,
                "status": status,
                "summary": json.dumps(summary, default=str),
            }
        ],
        mode="OR REPLACE",
        types={"summary": pa.string()},
    )
    rows = [
        {
            "run_id": run_id,
            "url": s["url"],
            "reason": s["reason"],
            "detail": s.get("detail") or None,
            "skipped_at": finished_at,
        }
        for s in skips
    ]
    insert(con, "skips", rows, mode="", types={"detail": pa.string()})
