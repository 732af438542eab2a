"""RSS and Atom feeds: fetch the feed (conditionally), follow every item, yield one article per page.

Scrapy fetches the bytes; feedparser only parses them (its own fetcher is
never used, so robots.txt, the address guard and the size limit apply).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from spiders.article import NotAnArticle, extract, looks_binary
from spiders.dates import from_struct, publication_date
from spiders.items import ArticleItem, FeedStateItem
from spiders.report import failure_reason, note_skip, note_warning
from spiders.urls import canonicalize


def utcnow() -> datetime:
    """Naive UTC, as the store keeps it."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Source:
    """One configured source: where it is, what it is called, and the company it is about, if one."""

    url: str
    source_id: str
    kind: str = "news"
    company: str | None = None


@dataclass(frozen=True)
class Entry:
    """What the feed says about one item, carried to the page's callback."""

    link: str
    title: str | None
    published: datetime | None
    updated: datetime | None
    outlet: str | None
    source: Source


def header(response: Response, name: str) -> str:
    """A response header as text ("" when absent)."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value else ""


def conditional_headers(state: dict[str, Any] | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from what the source answered last time."""
    headers = {}
    if state and state.get("etag"):
        headers["If-None-Match"] = state["etag"]
    if state and state.get("last_modified"):
        headers["If-Modified-Since"] = state["last_modified"]
    return headers


class FeedSpider(scrapy.Spider):
    """Reads feeds and the articles they link.

    `known` maps canonical URLs already stored to when they were fetched, so
    that an unchanged item is not fetched again; an item the feed marks as
    updated since then is refetched (the store keeps it as a new revision).
    """

    name = "feed"

    def __init__(
        self,
        sources: list[Source],
        feed_state: dict[str, dict[str, Any]] | None = None,
        known: dict[str, datetime] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sources = sources
        self.feed_state = feed_state or {}
        self.known = known or {}
        self.unfinished_feeds: set[str] = set()  # feeds with an article that failed in a way worth retrying

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources:
            yield self.feed_request(source)

    def feed_request(self, source: Source) -> scrapy.Request:
        return scrapy.Request(
            source.url,
            callback=self.parse_feed,
            errback=self.feed_failed,
            headers=conditional_headers(self.feed_state.get(source.url)),
            meta={"handle_httpstatus_list": [304], "source": source},
            dont_filter=True,
        )

    def feed_failed(self, failure: Failure) -> None:
        reason, detail = failure_reason(failure)
        note_skip(self.crawler, failure.request.url, f"feed {reason}", detail)  # type: ignore[attr-defined]

    def parse_feed(self, response: Response) -> Iterator[Any]:
        source: Source = response.meta["source"]
        self.crawler.stats.inc_value("outagewatch/feeds_read")
        state = FeedStateItem(
            feed_url=source.url,
            status=response.status,
            fetched_at=utcnow(),
            etag=header(response, "ETag") or None,
            last_modified=header(response, "Last-Modified") or None,
        )
        if response.status == 304:
            self.crawler.stats.inc_value("outagewatch/feeds_unchanged")
            state.etag = state.etag or self.feed_state.get(source.url, {}).get("etag")
            state.last_modified = state.last_modified or self.feed_state.get(source.url, {}).get("last_modified")
            yield state
            return
        parsed = feedparser.parse(
            response.body,
            response_headers={"content-type": header(response, "Content-Type")},
        )
        if parsed.bozo and not parsed.entries:
            note_skip(self.crawler, source.url, "malformed feed", str(parsed.get("bozo_exception", ""))[:200])
            return
        if not parsed.entries:
            note_skip(self.crawler, source.url, "empty feed")
        state.entries = len(parsed.entries)
        yield state
        outlet = parsed.feed.get("title")
        for raw in parsed.entries:
            yield from self.follow_entry(raw, source, outlet, response.url)

    def follow_entry(self, raw: Any, source: Source, outlet: str | None, feed_url: str) -> Iterator[Any]:
        link = urljoin(feed_url, (raw.get("link") or "").strip())
        if urlsplit(link).scheme not in ("http", "https"):
            note_skip(self.crawler, link or feed_url, "bad URL", f"item link {raw.get('link')!r}")
            return
        entry = Entry(
            link=link,
            title=raw.get("title"),
            published=from_struct(raw.get("published_parsed")),
            updated=from_struct(raw["updated_parsed"]) if "updated_parsed" in raw else None,
            outlet=outlet,
            source=source,
        )
        stored_at = self.known.get(canonicalize(link))
        changed = entry.updated or entry.published
        if stored_at is not None and not (changed and changed > stored_at):
            self.crawler.stats.inc_value("outagewatch/skipped/already stored")
            return
        yield scrapy.Request(link, callback=self.parse_article, errback=self.page_failed, cb_kwargs={"entry": entry})

    def page_failed(self, failure: Failure) -> None:
        reason, detail = failure_reason(failure)
        request = failure.request  # type: ignore[attr-defined]  # Scrapy sets it on errback failures
        note_skip(self.crawler, request.url, reason, detail)
        entry = request.cb_kwargs.get("entry")
        if entry is not None and is_transient(reason):
            self.unfinished_feeds.add(entry.source.url)  # keep no validators: the next run reads the feed again

    def parse_article(self, response: Response, entry: Entry) -> Iterator[ArticleItem]:
        item = article_from_response(self.crawler, response, entry)
        if item is not None:
            yield item


def is_transient(reason: str) -> bool:
    """Failures a later run may not meet again: timeouts, server errors, refused connections."""
    return reason.startswith(("timeout", "HTTP 5", "connection", "DNS", "truncated", "fetch failed"))


def decoded_text(crawler: Any, response: Response) -> str:
    """The page as text; bytes that are not valid in the page's encoding become U+FFFD, noted."""
    text = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", errors="replace")
    if "\ufffd" in text and b"\xef\xbf\xbd" not in response.body:
        note_warning(crawler, response.url, "undecodable bytes", "replaced with U+FFFD")
    return text


def article_from_response(crawler: Any, response: Response, entry: Entry) -> ArticleItem | None:
    """Turn a fetched page into an item, or record why it cannot be one."""
    content_type = header(response, "Content-Type")
    if looks_binary(response.body):
        note_skip(crawler, response.url, "binary content", content_type or "unknown type")
        return None
    try:
        page = extract(response.body, decoded_text(crawler, response), response.url, content_type)
    except NotAnArticle as exc:
        note_skip(crawler, response.url, "binary content" if "binary" in str(exc) else "not an article", str(exc))
        return None
    if len(page.text.split()) < 20:
        note_skip(crawler, response.url, "no body", f"{len(page.text.split())} words extracted")
        return None
    fetched = utcnow()
    published, date_source = publication_date(page.published, entry.published, response.url, fetched)  # type: ignore[arg-type]
    if published is None:
        note_warning(crawler, response.url, "no date", "fetch time used as the reference date")
    return ArticleItem(
        url=response.url,
        source_id=entry.source.source_id,
        fetched_at=fetched,
        text=page.text,
        title=page.title or entry.title,
        outlet=page.outlet or entry.outlet,
        published_at=published,
        date_source=date_source,
        canonical_hint=page.canonical,
        source_kind=entry.source.kind,
        company_hint=entry.source.company,
        author=page.author,
        etag=header(response, "ETag") or None,
        last_modified=header(response, "Last-Modified") or None,
    )
