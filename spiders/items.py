"""What the spiders yield. Every kind of source (feed, status page, filing) yields the same article item."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ArticleItem:
    """One fetched page or record, its body already taken out of the markup."""

    url: str
    source_id: str
    fetched_at: datetime
    text: str
    title: str | None = None
    outlet: str | None = None
    published_at: datetime | None = None
    date_source: str | None = None  # page | feed | url | record | none
    canonical_hint: str | None = None  # rel=canonical or og:url, as the page states it
    source_kind: str = "news"  # news | status | filing | blog
    company_hint: str | None = None  # set by a source that is about one company
    author: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    canonical_url: str | None = None  # filled by pipelines.canonical
    doc_id: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class FeedStateItem:
    """What a feed answered, kept so the next fetch can be conditional (ETag, Last-Modified)."""

    feed_url: str
    status: int
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    entries: int = 0
