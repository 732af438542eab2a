"""Crawl tasks: one Scrapy crawl over a set of sources, run on the shared reactor."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from prefect import task

from pipelines.store import ensure_schema, session
from pipelines.store.documents import feed_states, known_fetch_times
from spiders.feed import FeedSpider, Source
from spiders.runner import CrawlResult, crawl
from spiders.urls import origin


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def crawl_settings(db: Path, sources: list[Source], allowed: list[str]) -> dict[str, Any]:
    """Per-run Scrapy settings: the store, the origins exempt from the address guard, pace for loopback."""
    settings: dict[str, Any] = {"OUTAGEWATCH_DB": str(db), "OUTAGEWATCH_ALLOWED_ORIGINS": allowed}
    if sources and all(is_loopback_url(s.url) for s in sources):
        # A server on this machine (the demo, the tests): no need to pace requests.
        settings.update({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8})
    return settings


def crawl_sources(db: Path, sources: list[Source], allowed: list[str], spider: type = FeedSpider, **extra: Any) -> CrawlResult:
    """Crawl the sources into the store; conditional fetches and known URLs come from the store."""
    ensure_schema(db)
    with session(db) as con:
        state = feed_states(con)
        known = known_fetch_times(con)
    return crawl(spider, crawl_settings(db, sources, allowed), sources=sources, feed_state=state, known=known, **extra)


@task(name="crawl feeds", retries=2, retry_delay_seconds=[2, 10])
def crawl_feeds(db: str, feed_urls: list[str], allow_feed_hosts: bool = True) -> CrawlResult:
    """Read the feeds given on the command line; their own host:port is allowed even when private."""
    sources = [Source(url=u, source_id=u) for u in feed_urls]
    allowed = sorted({origin(u) for u in feed_urls}) if allow_feed_hosts else []
    return crawl_sources(Path(db), sources, allowed)
