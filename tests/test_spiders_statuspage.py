"""StatuspageSpider against Statuspage API fixtures that state their expectation, into a real DuckDB file.

Also: conditional and incremental fetching (304, unchanged incidents not
re-emitted, an updated incident stored as a new revision), and the whole way
from a status page and a press report of the same incident to claims with
attribution `status_page` on the same event as the press report.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from flows.crawl import crawl_sources
from flows.localsite import LocalSite
from flows.process import process_pending
from pipelines.store import session
from spiders.feed import FeedSpider, Source
from spiders.statuspage import StatuspageSpider
from spiders.urls import origin
from tests.fixture_site import expectation_problems, load_fixtures, serve_all, stored_documents

FIXTURES = Path(__file__).parent / "fixtures" / "statuspage"
GITHUB = FIXTURES / "github-incidents.json"


def status_source(site: LocalSite, company: str = "GitHub", source_id: str = "github-status") -> Source:
    return Source(url=site.url("/"), source_id=source_id, kind="status", company=company)


def crawl_status(db: Path, sources: list[Source]) -> object:
    return crawl_sources(db, sources, sorted({origin(s.url) for s in sources}), spider=StatuspageSpider)


def test_every_statuspage_fixture_is_crawled_as_it_states(db_path: Path) -> None:
    fixtures = load_fixtures(FIXTURES)
    served = serve_all(fixtures)
    try:
        sources = [
            status_source(s.site, s.entry.header["source"]["company"], s.entry.header["source"]["id"]) for s in served
        ]
        result = crawl_status(db_path, sources)
        problems = [p for s in served for p in expectation_problems(s.entry, s, db_path, result)]
    finally:
        for s in served:
            s.site.stop()
    assert len(served) == 2
    assert problems == []


def incidents_page(site: LocalSite, data: dict, modified: datetime | None = None) -> None:
    stamp = (modified or datetime.now(UTC)).timestamp()
    site.add_text("/api/v2/incidents.json", json.dumps(data), "application/json", last_modified=stamp)


def test_unchanged_api_is_not_refetched_and_an_updated_incident_is_a_revision(site: LocalSite, db_path: Path) -> None:
    data = json.loads(GITHUB.read_text(encoding="utf-8"))
    incidents_page(site, data)
    first = crawl_status(db_path, [status_source(site)])
    assert first.by_prefix("stored")["new"] == 3

    second = crawl_status(db_path, [status_source(site)])
    assert second.count("feeds_unchanged") == 1  # ETag answered 304: nothing parsed, nothing stored
    assert second.by_prefix("stored").get("new", 0) == 0

    later = (datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    copilot = data["incidents"][0]
    copilot["status"], copilot["updated_at"] = "resolved", later
    copilot["incident_updates"].insert(
        0, {"id": "u1", "status": "resolved", "body": "This incident has been resolved.", "created_at": later}
    )
    incidents_page(site, data, modified=datetime.now(UTC) + timedelta(minutes=5))  # a new Last-Modified too
    third = crawl_status(db_path, [status_source(site)])
    assert third.by_prefix("stored") == {"new": 0, "revised": 1}
    assert third.by_prefix("skipped")["already stored"] == 2  # the two unchanged incidents: not re-emitted
    doc = stored_documents(db_path)[site.url("/incidents/q8l0w3m2zv5h")]
    assert doc["revision"] == 2
    assert doc["text"].startswith("Resolved — ")


ARTICLE = """<html><head><title>GitHub outage disrupts Git operations and Actions</title>
<meta property="og:site_name" content="DevWire">
<meta property="article:published_time" content="2025-03-12T18:30:00Z"></head>
<body><article><h1>GitHub outage disrupts Git operations and Actions</h1>
<p>GitHub suffered an outage on Wednesday that left developers unable to push code or run GitHub Actions
workflows for about two hours, according to the company's status page.</p>
<p>Error rates for Git operations over HTTPS and SSH rose sharply from around 14:00 UTC on March 12, and
queued Actions jobs piled up while the problem lasted.</p>
<p>GitHub said a faulty configuration change to its load balancers caused the disruption, and that it
rolled the change back. The company said service was fully restored by 16:05 UTC.</p>
<p>Developers on several forums reported failed pushes and stalled continuous integration pipelines
during the outage, which hit customers in Europe and North America during their working day.</p>
</article></body></html>"""


def press_feed(site: LocalSite) -> str:
    published = format_datetime(datetime(2025, 3, 12, 18, 30, tzinfo=UTC))
    site.add_text("/news/github-outage-git-actions", ARTICLE)
    item = f"<item><title>GitHub outage</title><link>{site.url('/news/github-outage-git-actions')}</link>"
    site.add_text(
        "/feed.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>DevWire</title>{item}'
        f"<pubDate>{published}</pubDate></item></channel></rss>",
        "application/rss+xml",
    )
    return site.url("/feed.xml")


@pytest.mark.slow
def test_status_page_claims_join_the_press_report_event(site: LocalSite, db_path: Path) -> None:
    incidents_page(site, json.loads(GITHUB.read_text(encoding="utf-8")))
    crawl_status(db_path, [status_source(site)])
    feed = press_feed(site)
    crawl_sources(db_path, [Source(url=feed, source_id="devwire")], [origin(feed)], spider=FeedSpider)
    process_pending(db_path)

    status_url, press_url = site.url("/incidents/t4bf1xg9kd2p"), site.url("/news/github-outage-git-actions")
    with session(db_path, read_only=True) as con:
        events_of = dict(
            con.execute(
                "SELECT d.url, list(DISTINCT ed.event_id) FROM documents d "
                "JOIN event_documents ed USING (doc_id) WHERE d.url IN (?, ?) GROUP BY d.url",
                [status_url, press_url],
            ).fetchall()
        )
        status_claims = con.execute(
            "SELECT c.attribution, c.event_id, c.quote FROM claims c JOIN documents d USING (doc_id) WHERE d.url = ?",
            [status_url],
        ).fetchall()
        companies = con.execute(
            "SELECT DISTINCT company FROM events JOIN event_documents USING (event_id) "
            "JOIN documents d USING (doc_id) WHERE d.url IN (?, ?)",
            [status_url, press_url],
        ).fetchall()
    assert companies == [("GitHub",)]
    assert len(events_of[press_url]) == 1
    assert events_of[status_url] == events_of[press_url]
    assert status_claims, "the status page yielded no claims"
    assert {a for a, _, _ in status_claims} == {"status_page"}
    assert {e for _, e, _ in status_claims} == set(events_of[press_url])
