"""Every table of the store, and the timeline view, as Parquet files for notebooks and BI tools.

One file per relation, named after it (`events.parquet`, `timeline.parquet`).
Each file is written beside its final name and then renamed, so a tool
reading the folder never sees half a file. The connection is read-only, so
an export can run while a scheduled run waits its turn.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.store import analyst as store
from pipelines.store import session
from pipelines.store.connection import LOCK_WAIT_SECONDS


@dataclass(frozen=True)
class Exported:
    name: str
    kind: str
    rows: int
    path: Path


def export_store(db: Path | str, out_dir: Path, *, wait: float = LOCK_WAIT_SECONDS) -> list[Exported]:
    """Write each table and view to out_dir/<name>.parquet, replacing older copies."""
    out_dir.mkdir(parents=True, exist_ok=True)
    done = []
    with session(db, read_only=True, wait=wait) as con:
        for name, kind in store.exportable(con):
            target = out_dir / f"{name}.parquet"
            partial = out_dir / f".{name}.parquet.partial"
            try:
                rows = store.copy_to_parquet(con, name, partial)
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
            done.append(Exported(name, kind, rows, target))
    return done


def summary(exported: list[Exported], out_dir: Path) -> str:
    """One line per file, then where they are."""
    width = max((len(e.name) for e in exported), default=0)
    lines = [f"  {e.name:<{width}}  {e.kind:<5}  {e.rows:>8} rows" for e in exported]
    return "\n".join([*lines, f"wrote {len(exported)} Parquet files to {out_dir}"]) + "\n"
