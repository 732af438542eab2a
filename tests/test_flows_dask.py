"""The process flow fans extraction out on a Dask cluster through prefect-dask, with the same results.

A real local Dask cluster (one worker, one thread, in this process) and a
real Prefect flow run: scaling out to many machines is a task runner setting.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from prefect_dask import DaskTaskRunner

from flows.process import process_flow
from nlp.gold import GoldCorpus
from pipelines.store import transaction
from pipelines.store.extraction import reset_extraction


def _snapshot(db: Path) -> tuple[int, int, int, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("events", "claims", "conflicts")]
        companies = con.execute("SELECT company, count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall()
        return counts[0], counts[1], counts[2], companies
    finally:
        con.close()


@pytest.mark.slow
def test_extraction_on_a_local_dask_cluster(
    prefect_harness: None, corpus_store: tuple[Path, GoldCorpus], tmp_path: Path
) -> None:
    db = tmp_path / "dask.duckdb"
    shutil.copy(corpus_store[0], db)
    expected = _snapshot(db)
    with transaction(db) as con:
        reset_extraction(con)
    assert _snapshot(db)[0] == 0

    runner = DaskTaskRunner(cluster_kwargs={"n_workers": 1, "threads_per_worker": 1, "processes": False})
    results = process_flow.with_options(task_runner=runner)(str(db))

    assert sum(len(r.processed) for r in results) > 0
    assert _snapshot(db) == expected  # the same events, claims and conflicts as the in-process run
