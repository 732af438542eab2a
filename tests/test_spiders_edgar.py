"""EdgarSpider against an EDGAR current-filings feed, filing index pages and 8-K documents (fixtures that
state their expectation), with the store's real companies table, into a real DuckDB file."""

from __future__ import annotations

from pathlib import Path

from flows.crawl import crawl_sources
from pipelines.store import session
from pipelines.store.extraction import company_rows
from spiders.edgar import EdgarSpider, FilingSource
from spiders.urls import origin
from tests.fixture_site import Served, expectation_problems, load_fixtures, serve_all

FIXTURES = Path(__file__).parent / "fixtures" / "edgar"
FEED_QUERY = "?action=getcurrent&type=8-K&company=&dateb=&owner=include&start=0&count=100&output=atom"
AGENT = "outagewatch-tests admin@example.org"


def filing_source(served: Served) -> FilingSource:
    header = served.entry.header["source"]
    url = served.site.url(served.entry.header["served_at"] + FEED_QUERY)
    return FilingSource(
        url=url,
        source_id=header["id"],
        kind="filing",
        forms=tuple(header["forms"]),
        items=tuple(header["items"]),
    )


def crawl_edgar(db: Path, served: Served) -> object:
    source = filing_source(served)
    with session(db, read_only=True) as con:
        companies = company_rows(con)
    return crawl_sources(
        db, [source], [origin(source.url)], spider=EdgarSpider, companies=companies, user_agent=AGENT,
        tickers_url=served.site.url("/files/company_tickers.json"),
    )  # fmt: skip


def test_every_edgar_fixture_is_crawled_as_it_states(db_path: Path) -> None:
    fixtures = load_fixtures(FIXTURES)
    [served] = serve_all(fixtures)
    try:
        result = crawl_edgar(db_path, served)
        parts = [f for f in fixtures if f.header.get("part_of") == served.entry.name]
        problems = [p for f in [served.entry, *parts] for p in expectation_problems(f, served, db_path, result)]
        first_requests = list(served.site.requests)
        again = crawl_edgar(db_path, served)
        second_requests = served.site.requests[len(first_requests) :]
    finally:
        served.site.stop()
    assert problems == []
    fetched = {path for path, _ in first_requests}
    assert not any("/789019/" in p or "/1911522/" in p or "/1712189/" in p for p in fetched)  # decided from the feed
    assert all(agent == AGENT for path, agent in first_requests if path != "/robots.txt")  # the SEC's declared agent
    assert again.count("feeds_unchanged") == 1
    assert [p for p, _ in second_requests if p.startswith("/Archives")] == []
