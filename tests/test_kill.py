"""SIGKILL at any point loses nothing already stored; the next run completes the work without duplicates.

A real `outagewatch run` process crawls a slow loopback site and is killed
with SIGKILL, once while crawling and once while processing. A second run
must finish: every article stored once, every document processed, no
duplicate ids anywhere.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.corpus_site import feed_xml, page_path, render
from flows.localsite import LocalSite
from nlp.gold import GoldCorpus
from tests.probe import count_now

ARTICLES = 12


def _publish(site: LocalSite, corpus: GoldCorpus, delay: float) -> str:
    articles = sorted(corpus.split("seen"), key=lambda a: a.slug)[:ARTICLES]
    base = site.url("").rstrip("/")
    for article in articles:
        page = render(article, base)
        page.delay = delay
        site.add(page_path(article), page)
    site.add_text("/feed.xml", feed_xml("all", "Everything", articles, base), "application/rss+xml")
    return site.url("/feed.xml")


def _run(db: Path, feed: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "OUTAGEWATCH_STORE_BATCH": "2", "OUTAGEWATCH_PROCESS_BATCH": "4"}
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", "--db", str(db), "--feed", feed],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )


def _kill_when(process: subprocess.Popen[bytes], ready, timeout: float = 240) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None and not ready():
        time.sleep(0.05)  # the writer holds the file for most of each batch: look often to find it free
    assert process.poll() is None, "the run finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _assert_complete(db: Path) -> None:
    assert count_now(db, "SELECT count(*) FROM documents") == ARTICLES
    assert count_now(db, "SELECT count(DISTINCT canonical_url) FROM documents") == ARTICLES
    assert count_now(db, "SELECT count(*) FROM documents WHERE processed_at IS NULL") == 0
    assert count_now(db, "SELECT count(*) - count(DISTINCT claim_id) FROM claims") == 0
    assert count_now(db, "SELECT count(*) - count(DISTINCT (event_id, doc_id)) FROM event_documents") == 0
    assert count_now(db, "SELECT count(*) FROM document_revisions") == ARTICLES
    assert count_now(db, "SELECT count(*) FROM events") > 0


@pytest.mark.slow
def test_killed_while_crawling_then_completed(
    site: LocalSite, tmp_path: Path, corpus_store: tuple[Path, GoldCorpus]
) -> None:
    feed = _publish(site, corpus_store[1], delay=1.2)  # slow enough that the crawl outlasts a loaded machine's stalls
    db = tmp_path / "kill-crawl.duckdb"
    first = _run(db, feed, tmp_path / "first.log")
    _kill_when(first, lambda: 2 <= count_now(db, "SELECT count(*) FROM documents") < ARTICLES)
    stored = count_now(db, "SELECT count(*) FROM documents")
    assert 2 <= stored < ARTICLES  # what was flushed before the kill is there

    second = _run(db, feed, tmp_path / "second.log")
    assert second.wait(timeout=600) == 0, (tmp_path / "second.log").read_text()[-3000:]
    _assert_complete(db)


@pytest.mark.slow
def test_killed_while_processing_then_completed(
    site: LocalSite, tmp_path: Path, corpus_store: tuple[Path, GoldCorpus]
) -> None:
    feed = _publish(site, corpus_store[1], delay=0)
    db = tmp_path / "kill-process.duckdb"
    first = _run(db, feed, tmp_path / "first.log")
    _kill_when(first, lambda: count_now(db, "SELECT count(*) FROM documents WHERE processed_at IS NOT NULL") >= 4)
    processed = count_now(db, "SELECT count(*) FROM documents WHERE processed_at IS NOT NULL")
    assert 4 <= processed < ARTICLES

    second = _run(db, feed, tmp_path / "second.log")
    assert second.wait(timeout=600) == 0, (tmp_path / "second.log").read_text()[-3000:]
    _assert_complete(db)
