"""An analyst reads while a run writes: two real processes on one DuckDB file.

The writer is a real `outagewatch run` crawling and processing the sample
corpus; the reader (this process) opens the file read-only again and again.
DuckDB allows one writing process or many reading ones, so the writer keeps
its transactions short and both sides wait their turn: every read succeeds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.corpus_site import CORPUS, serve_corpus
from pipelines.store import session
from pipelines.store.connection import StoreUnavailable


@pytest.mark.slow
def test_reads_succeed_while_a_run_writes(tmp_path: Path) -> None:
    site, feeds, _ = serve_corpus(CORPUS, split="seen")
    db = tmp_path / "busy.duckdb"
    writer = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", "--db", str(db), *[a for f in feeds for a in ("--feed", f)]],
        stdout=(tmp_path / "writer.log").open("w"),
        stderr=subprocess.STDOUT,
        env={**os.environ, "OUTAGEWATCH_STORE_BATCH": "5", "OUTAGEWATCH_PROCESS_BATCH": "10"},
    )
    reads, seen_counts = 0, []
    try:
        while not db.exists():
            time.sleep(0.1)
        while writer.poll() is None:
            try:
                with session(db, read_only=True, wait=60) as con:
                    seen_counts.append(con.execute("SELECT count(*) FROM documents").fetchone()[0])  # type: ignore[index]
            except StoreUnavailable as exc:
                if "no database" in str(exc):  # the writer has not created the file's schema yet
                    continue
                raise
            reads += 1
            time.sleep(0.05)
    finally:
        writer.wait(timeout=600)
        site.stop()
    assert writer.returncode == 0, (tmp_path / "writer.log").read_text()[-3000:]
    assert reads >= 10  # the reader got in many times during the run, none of them failing
    assert seen_counts == sorted(seen_counts)  # it saw the store grow, transaction by transaction
    assert seen_counts[-1] <= 50
