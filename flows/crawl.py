"""Crawl flows, one per kind of source; each source is a task of its own, retried with backoff.

A source that fails (its feed answers 500, times out, is not XML) is retried
and then reported, while the other sources of the run go on. Crawls run on
the shared reactor (spiders.runner), so the sources of one kind are fetched
at once, not one after another.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from flows.sources import KINDS, SourceConfig, load_file, spider_for
from flows.summary import RunSummary
from pipelines.store import ensure_schema, session
from pipelines.store.documents import feed_states, known_fetch_times
from pipelines.store.extraction import company_rows
from spiders.feed import FeedSpider, Source
from spiders.runner import CrawlResult, crawl
from spiders.urls import origin

CONCURRENT_SOURCES = 4


class SourceFailed(RuntimeError):
    """A source's own feed or API could not be read; Prefect retries the task."""


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def crawl_settings(
    db: Path, sources: list[Source], allowed: list[str], overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Per-run Scrapy settings: the store, the origins exempt from the address guard, pace for loopback."""
    settings: dict[str, Any] = {"OUTAGEWATCH_DB": str(db), "OUTAGEWATCH_ALLOWED_ORIGINS": allowed}
    if sources and all(is_loopback_url(s.url) for s in sources):
        # A server on this machine (the demo, the tests): no need to pace requests.
        settings.update({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8})
    settings.update(overrides or {})
    return settings


def crawl_sources(
    db: Path,
    sources: list[Source],
    allowed: list[str],
    spider: type = FeedSpider,
    overrides: dict[str, Any] | None = None,
    **extra: Any,
) -> CrawlResult:
    """Crawl the sources into the store; conditional fetches and known URLs come from the store."""
    ensure_schema(db)
    with session(db) as con:
        state = feed_states(con)
        known = known_fetch_times(con)
    settings = crawl_settings(db, sources, allowed, overrides)
    return crawl(spider, settings, sources=sources, feed_state=state, known=known, **extra)


def source_failure(result: CrawlResult, url: str) -> str | None:
    """Why a source's own feed or API failed in this crawl, if it did (its articles may fail alone)."""
    for skip in result.skips:
        if skip["url"].rstrip("/") == url.rstrip("/") and skip["reason"].startswith(("feed ", "malformed", "robots")):
            return f"{skip['reason']}: {skip.get('detail', '')}".strip(": ")
    return None


@task(
    name="crawl source",
    retries=2,
    retry_delay_seconds=exponential_backoff(backoff_factor=5),
    retry_jitter_factor=0.5,
    task_run_name="crawl {config.id}",
)
def crawl_source(
    db: str, config: SourceConfig, contact: str | None = None, allowed: list[str] | None = None
) -> CrawlResult:
    """One source through its kind's spider; raises SourceFailed so Prefect retries a source that failed."""
    extra: dict[str, Any] = {}
    overrides: dict[str, Any] = {}
    if config.kind == "edgar":
        with session(db) as con:
            extra["companies"] = company_rows(con)
        extra["user_agent"] = contact
        overrides["USER_AGENT"] = contact
    result = crawl_sources(
        Path(db),
        [config.spider_source()],
        allowed or [],
        spider=spider_for(config.kind),
        overrides=overrides,
        **extra,
    )
    if reason := source_failure(result, config.url):
        raise SourceFailed(f"{config.id}: {reason}")
    return result


@task(name="crawl feeds", retries=2, retry_delay_seconds=[2, 10])
def crawl_feeds(db: str, feed_urls: list[str], allow_feed_hosts: bool = True) -> CrawlResult:
    """Read the feeds given on the command line; their own host:port is allowed even when private."""
    sources = [Source(url=u, source_id=u) for u in feed_urls]
    allowed = sorted({origin(u) for u in feed_urls}) if allow_feed_hosts else []
    return crawl_sources(Path(db), sources, allowed)


def crawl_configs(db: str, configs: list[SourceConfig], contact: str | None, allowed: list[str]) -> RunSummary:
    """Submit every source at once (they share the reactor); collect results and failures into one summary."""
    summary = RunSummary(feeds=len(configs))
    futures = [(c, crawl_source.submit(db, c, contact, allowed)) for c in configs]
    for config, future in futures:
        state = future.wait() or future.state
        if state.is_completed():
            summary.add_crawl(future.result())
        else:
            summary.errors.append(f"source {config.id} failed after retries: {state.message or state.name}")
    return summary


def crawl_kind(kind: str, db: str, sources_file: str, only: list[str] | None) -> RunSummary:
    """Crawl every enabled source of one kind (or the ids in `only`) into the store."""
    ensure_schema(Path(db))
    file = load_file(Path(sources_file))
    configs = [s for s in file.sources if s.kind == kind and s.enabled and (not only or s.id in only)]
    allowed = sorted({origin(s.url) for s in configs if is_loopback_url(s.url)})
    summary = crawl_configs(db, configs, file.edgar_user_agent(), allowed)
    key = f"crawl-{kind.replace('_', '-')}"
    create_markdown_artifact(summary.markdown(), key=key, description=f"crawl of {kind} sources")
    return summary


# One flow per kind of source, at module level so that served deployments can load them by name.
RUNNER: ThreadPoolTaskRunner = ThreadPoolTaskRunner(max_workers=CONCURRENT_SOURCES)  # type: ignore[type-arg]


@flow(name="crawl-feed", task_runner=RUNNER)  # type: ignore[arg-type]
def crawl_news_feeds(db: str, sources_file: str = "sources.yaml", only: list[str] | None = None) -> RunSummary:
    """News sites' RSS and Atom feeds, and every article they link."""
    return crawl_kind("feed", db, sources_file, only)


@flow(name="crawl-blog", task_runner=RUNNER)  # type: ignore[arg-type]
def crawl_blogs(db: str, sources_file: str = "sources.yaml", only: list[str] | None = None) -> RunSummary:
    """Engineering blogs' feeds: post-mortems."""
    return crawl_kind("blog", db, sources_file, only)


@flow(name="crawl-statuspage", task_runner=RUNNER)  # type: ignore[arg-type]
def crawl_statuspages(db: str, sources_file: str = "sources.yaml", only: list[str] | None = None) -> RunSummary:
    """Atlassian Statuspage sites, through their incidents JSON API."""
    return crawl_kind("statuspage", db, sources_file, only)


@flow(name="crawl-status-feed", task_runner=RUNNER)  # type: ignore[arg-type]
def crawl_status_feeds(db: str, sources_file: str = "sources.yaml", only: list[str] | None = None) -> RunSummary:
    """Cloud providers' own status feeds (AWS, Google Cloud, Azure)."""
    return crawl_kind("status_feed", db, sources_file, only)


@flow(name="crawl-edgar", task_runner=RUNNER)  # type: ignore[arg-type]
def crawl_filings(db: str, sources_file: str = "sources.yaml", only: list[str] | None = None) -> RunSummary:
    """SEC EDGAR 8-K filings of the companies table's companies."""
    return crawl_kind("edgar", db, sources_file, only)


CRAWL_FLOWS = {
    "feed": crawl_news_feeds,
    "blog": crawl_blogs,
    "statuspage": crawl_statuspages,
    "status_feed": crawl_status_feeds,
    "edgar": crawl_filings,
}
assert set(CRAWL_FLOWS) == set(KINDS), "every kind of source needs its crawl flow"  # noqa: S101
