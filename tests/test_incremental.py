"""Reruns are incremental: conditional fetches, stored URLs skipped, nothing reprocessed; changes are revisions.

The seed article is served, crawled and processed; its outlet then removes
the spokesperson's paragraph and marks the feed item updated. The store keeps
both revisions, marks the spokesperson's claims withdrawn in revision 2, and
the conflict they were part of becomes `retracted`; the timeline shows it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import duckdb

from flows.localsite import LocalSite, Page
from flows.process import process_pending
from flows.summary import RunSummary
from tests.conftest import crawl_into

SEED = Path(__file__).resolve().parents[1] / "corpus" / "articles" / "amazon-2026-gate-seed.txt"
SPOKESPERSON = "A Amazon spokesperson later stated"


def _serve(site: LocalSite, text: str, updated: datetime) -> str:
    site.add("/news/amazon", Page(text.encode("utf-8"), "text/plain; charset=utf-8"))
    stamp = format_datetime(updated.replace(tzinfo=UTC))
    item = (
        f"<item><title>Amazon outages</title><link>{site.url('/news/amazon')}</link><pubDate>{stamp}</pubDate></item>"
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gate News</title>{item}</channel></rss>'
    site.add_text("/feed.xml", feed, "application/rss+xml")
    return site.url("/feed.xml")


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_rerun_fetches_conditionally_and_processes_nothing(site: LocalSite, db_path: Path) -> None:
    feed = _serve(site, SEED.read_text(encoding="utf-8"), datetime(2026, 3, 11, 8, 30))
    crawl_into(db_path, [feed])
    assert sum(len(r.processed) for r in process_pending(db_path)) == 1
    before = len(site.requests)

    again = RunSummary(feeds=1)
    again.add_crawl(crawl_into(db_path, [feed]))
    results = process_pending(db_path)
    assert again.feeds_unchanged == 1
    assert again.documents_new == 0
    assert results == []  # nothing pending, nothing processed
    fetched = [p for p, _ in site.requests[before:] if p != "/robots.txt"]
    assert fetched == ["/feed.xml"]  # only the conditional feed fetch (and robots.txt, read by every crawl)


def test_a_changed_article_is_a_revision_and_its_removed_claims_are_withdrawn(site: LocalSite, db_path: Path) -> None:
    original = SEED.read_text(encoding="utf-8")
    feed = _serve(site, original, datetime(2026, 3, 11, 8, 30))
    crawl_into(db_path, [feed])
    process_pending(db_path)
    open_ai = "SELECT count(*) FROM conflicts WHERE status = 'open' AND topic = 'ai_involvement'"
    assert _rows(db_path, open_ai)[0][0] >= 1

    edited = "\n".join(line for line in original.splitlines() if not line.startswith(SPOKESPERSON))
    edited += "\nUpdate: this article has been updated to remove a statement."
    _serve(site, edited, datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=5))
    summary = RunSummary(feeds=1)
    summary.add_crawl(crawl_into(db_path, [feed]))
    for result in process_pending(db_path):
        summary.add_process(result)

    assert summary.documents_revised == 1
    assert _rows(db_path, "SELECT revision FROM documents") == [(2,)]
    assert _rows(db_path, "SELECT revision FROM document_revisions ORDER BY revision") == [(1,), (2,)]
    withdrawn = _rows(
        db_path, "SELECT attribution, quote, withdrawn_revision FROM claims WHERE withdrawn_revision IS NOT NULL"
    )
    assert withdrawn
    assert all(row[0] == "spokesperson" and row[2] == 2 for row in withdrawn)
    assert any("Only one recent incident" in row[1] for row in withdrawn)
    kept = _rows(
        db_path, "SELECT count(*) FROM claims WHERE withdrawn_revision IS NULL AND attribution = 'internal_document'"
    )
    assert kept == [(1,)]  # what the revision still says stays, with its id
    assert _rows(db_path, "SELECT count(*) FROM events") == [(1,)]  # the same event, not a second one
    ai_statuses = {
        status for (status,) in _rows(db_path, "SELECT status FROM conflicts WHERE topic = 'ai_involvement'")
    }
    assert ai_statuses == {"retracted"}  # every conflict that rested on the withdrawn denial
    entries = _rows(db_path, "SELECT entry, detail FROM timeline WHERE entry = 'claim_withdrawn'")
    assert any("Only one recent incident" in detail for _, detail in entries)
