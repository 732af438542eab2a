"""StatusFeedSpider against cloud providers' status feeds (fixtures that state their expectation).

Each feed item is a document in itself: nothing it links is fetched.
"""

from __future__ import annotations

from pathlib import Path

from flows.crawl import crawl_sources
from spiders.feed import Source
from spiders.status_feed import StatusFeedSpider
from spiders.urls import origin
from tests.fixture_site import expectation_problems, load_fixtures, serve_all

FIXTURES = Path(__file__).parent / "fixtures" / "status_feed"


def test_every_status_feed_fixture_is_crawled_as_it_states(db_path: Path) -> None:
    fixtures = load_fixtures(FIXTURES)
    served = serve_all(fixtures)
    try:
        sources = [
            Source(
                url=s.site.url(s.entry.header["served_at"]),
                source_id=s.entry.header["source"]["id"],
                kind="status",
                company=s.entry.header["source"]["company"],
            )
            for s in served
        ]
        allowed = sorted({origin(s.url) for s in sources})
        result = crawl_sources(db_path, sources, allowed, spider=StatusFeedSpider)
        again = crawl_sources(db_path, sources, allowed, spider=StatusFeedSpider)
        problems = [p for s in served for p in expectation_problems(s.entry, s, db_path, result)]
        requested = [path for s in served for path, _ in s.site.requests]
    finally:
        for s in served:
            s.site.stop()
    assert len(served) == 2
    assert problems == []
    assert set(requested) == {"/robots.txt", "/rss/all.rss", "/en/feed.atom"}  # no item link followed
    assert again.count("feeds_unchanged") == 2
    assert again.by_prefix("stored").get("new", 0) == 0
