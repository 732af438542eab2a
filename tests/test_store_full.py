"""A store that cannot grow loses nothing, says why in one line, and the next run finishes the work.

The failure is real: the process's file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored) makes DuckDB's
writes fail with EFBIG, as a full disk makes them fail with ENOSPC. Reads still work, as they do on a
full disk.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from flows.corpus_site import CORPUS, feed_xml, page_path, render
from flows.localsite import LocalSite
from flows.process import ProcessingStopped, process_pending
from nlp.gold import load_corpus
from pipelines.store import StoreWriteFailed, session, transaction
from tests.conftest import crawl_into
from tests.probe import count_now

ARTICLES = 4
LIMIT = 16 * 1024  # bytes: below what one batch writes, so every write of the store fails


def _limit_files() -> None:
    """In a child before exec: a write past LIMIT fails with EFBIG instead of killing the process."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, resource.RLIM_INFINITY))


@contextmanager
def files_limited() -> Iterator[None]:
    """The same limit on this process for a moment (the soft limit only, so it can be lifted again)."""
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    old = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, old[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old)
        signal.signal(signal.SIGXFSZ, old_handler)


def _publish(site: LocalSite, missing: int = 0) -> str:
    """A feed of ARTICLES pages, and of `missing` more links that answer 404."""
    articles = sorted(load_corpus(CORPUS).split("seen"), key=lambda a: a.slug)[: ARTICLES + missing]
    base = site.url("").rstrip("/")
    for article in articles[:ARTICLES]:
        site.add(page_path(article), render(article, base))
    site.add_text("/feed.xml", feed_xml("all", "Everything", articles, base), "application/rss+xml")
    return site.url("/feed.xml")


def test_a_refused_commit_is_undone_and_named(db_path: Path) -> None:
    with transaction(db_path) as con:
        con.execute("INSERT INTO runs (run_id, status) VALUES ('before', 'done')")
    with files_limited(), pytest.raises(StoreWriteFailed) as caught, transaction(db_path) as con:
        con.execute("INSERT INTO runs (run_id, status) SELECT 'r' || i, repeat('x', 500) FROM range(2000) t(i)")
    message = str(caught.value)
    assert "File too large" in message
    assert str(db_path) in message
    assert "nothing of this write landed" in message
    assert "TransactionContext" not in message
    assert count_now(db_path, "SELECT count(*) FROM runs") == 1  # the old row is there, none of the refused ones
    with transaction(db_path) as con:  # and the store takes writes again once there is room
        con.execute("INSERT INTO runs (run_id) VALUES ('after')")
    with session(db_path, read_only=True) as con:
        assert sorted(r[0] for r in con.execute("SELECT run_id FROM runs").fetchall()) == ["after", "before"]


@pytest.mark.slow
def test_processing_refused_leaves_documents_pending(db_path: Path, site: LocalSite) -> None:
    crawl_into(db_path, [_publish(site)])
    assert count_now(db_path, "SELECT count(*) FROM documents") == ARTICLES
    with files_limited(), pytest.raises(ProcessingStopped) as caught:
        process_pending(db_path)
    assert "File too large" in str(caught.value)
    assert f"{ARTICLES} documents stay pending" in str(caught.value)
    assert caught.value.done == []
    assert count_now(db_path, "SELECT count(*) FROM documents WHERE processed_at IS NULL") == ARTICLES
    assert count_now(db_path, "SELECT count(*) FROM events") == 0
    assert count_now(db_path, "SELECT count(*) FROM claims") == 0

    results = process_pending(db_path)
    assert sorted(d for r in results for d in r.processed) == sorted(
        r[0] for r in _rows(db_path, "SELECT doc_id FROM documents")
    )
    assert count_now(db_path, "SELECT count(*) FROM documents WHERE processed_at IS NULL") == 0
    assert count_now(db_path, "SELECT count(*) FROM events") > 0


def _rows(db: Path, sql: str) -> list[tuple]:
    with session(db, read_only=True) as con:
        return con.execute(sql).fetchall()


def _run(db: Path, feed: str, api_url: str, limited: bool) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PREFECT_API_URL": api_url}  # the session's Prefect server: it writes outside the limit
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--db", str(db), "--feed", feed],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        preexec_fn=_limit_files if limited else None,
    )


@pytest.mark.slow
def test_a_run_on_a_full_store_says_so_and_the_next_run_completes(
    db_path: Path, site: LocalSite, prefect_harness: None
) -> None:
    from prefect.settings import PREFECT_API_URL

    feed, api_url = _publish(site, missing=1), str(PREFECT_API_URL.value())
    first = _run(db_path, feed, api_url, limited=True)
    assert first.returncode == 1, first.stderr[-3000:]
    assert "Traceback" not in first.stderr, first.stderr[-3000:]
    last_line = first.stderr.strip().splitlines()[-1]
    assert last_line.startswith("outagewatch: the run stopped short")
    assert "File too large" in last_line
    assert f"store write failed: {ARTICLES}" in first.stdout
    assert count_now(db_path, "SELECT count(*) FROM documents") == 0
    assert count_now(db_path, "SELECT count(*) FROM feeds") == 0  # so the next run does not get 304
    # A run's own summary is small enough to fit where its articles did not: it records why it stopped.
    assert _rows(db_path, "SELECT status FROM runs") == [("stopped short",)]
    assert _rows(db_path, "SELECT reason, count(*) FROM skips GROUP BY reason ORDER BY reason") == [
        ("HTTP 404", 1),
        ("store write failed", ARTICLES),
    ]

    second = _run(db_path, feed, api_url, limited=False)
    assert second.returncode == 0, second.stderr[-3000:]
    assert count_now(db_path, "SELECT count(*) FROM documents") == ARTICLES
    assert count_now(db_path, "SELECT count(*) FROM documents WHERE processed_at IS NULL") == 0
    assert "error:" not in second.stdout
    ((run_id, summary),) = _rows(db_path, "SELECT run_id, summary FROM runs WHERE status = 'completed'")
    assert json.loads(summary)["documents_new"] == ARTICLES
    assert _rows(db_path, f"SELECT reason FROM skips WHERE run_id = '{run_id}'") == [("HTTP 404",)]
