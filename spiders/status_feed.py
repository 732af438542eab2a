"""Status RSS and Atom feeds (AWS, Google Cloud, Azure, Slack): the item's description is the document.

A status feed's link points at a dashboard, not at an article, so nothing
is followed: each item becomes one document whose text is the item's own
description, headed "<Status> — <time> — ..." as a status page shows it.
Where items share a link (AWS links every item to the dashboard's front
page and tells them apart by the guid's fragment, which canonicalisation
drops) the guid moves into the query, so each item keeps its own document.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml.etree import ParserError

from spiders.dates import from_struct
from spiders.feed import FeedSpider, Source, utcnow
from spiders.items import ArticleItem
from spiders.report import note_skip
from spiders.statuspage import stamp
from spiders.urls import canonicalize

BLOCKS = (
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dt",
    "dd",
)
STATUS_IN_TITLE = re.compile(r"\b(resolved|investigating|identified|monitoring|mitigated|update|informational)\b", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
NORMAL_AGAIN = re.compile(r"\boperating normally\b", re.I)


def html_lines(markup: str) -> list[str]:
    """The text of an HTML fragment or page, one line per block element, white space folded."""
    markup = XML_DECLARATION.sub("", markup)
    if not markup.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return [" ".join(markup.split())]
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for cell in root.iter("td", "th"):
        cell.tail = " " + (cell.tail or "")
    for element in root.iter(*BLOCKS, "br"):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    return [line for line in (" ".join(raw.split()) for raw in root.text_content().split("\n")) if line]


def status_of(title: str) -> str:
    """The status a feed item's title states ("[RESOLVED] ...", "UPDATE: ..."), else "Update"."""
    if NORMAL_AGAIN.search(title):
        return "Resolved"
    match = STATUS_IN_TITLE.search(title)
    word = match[1].lower() if match else "update"
    return "Update" if word == "informational" else word.capitalize()


def entry_key(raw: Any) -> str:
    """What tells an item apart when its link does not: the guid's fragment, the guid, or title and date."""
    guid = str(raw.get("id") or "").strip()
    if guid:
        return urlsplit(guid).fragment or guid
    stamp_text = str(raw.get("published") or raw.get("updated") or "")
    return hashlib.sha256(f"{raw.get('title')}|{stamp_text}".encode()).hexdigest()[:16]


def entry_url(raw: Any, feed_url: str) -> str:
    """The item's own URL: its permalink guid, its link when that is its own, else the link with the key."""
    link = urljoin(feed_url, str(raw.get("link") or "").strip()) or feed_url
    guid = str(raw.get("id") or "").strip()
    guid_parts = urlsplit(guid)
    if guid_parts.scheme in ("http", "https") and guid_parts.path.strip("/") and not guid_parts.fragment:
        return guid
    if (
        (not guid or canonicalize(guid) == canonicalize(link))
        and urlsplit(link).path.strip("/")
        and not guid_parts.fragment
    ):
        return link
    parts = urlsplit(link)
    query = "&".join(q for q in (parts.query, urlencode({"entry": entry_key(raw)})) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def entry_body(raw: Any) -> list[str]:
    """The item's text: Atom content when there is some, else the RSS description or Atom summary."""
    for content in raw.get("content") or []:
        if lines := html_lines(str(content.get("value") or "")):
            return lines
    return html_lines(str(raw.get("summary") or raw.get("description") or ""))


class StatusFeedSpider(FeedSpider):
    """FeedSpider whose items are the feed's entries themselves; `Source.company` says whose status it is."""

    name = "status_feed"

    def follow_entry(self, raw: Any, source: Source, outlet: str | None, feed_url: str) -> Iterator[Any]:
        url = entry_url(raw, feed_url)
        if urlsplit(url).scheme not in ("http", "https"):
            note_skip(self.crawler, url or feed_url, "bad URL", f"item link {raw.get('link')!r}")
            return
        updated = from_struct(raw["updated_parsed"]) if "updated_parsed" in raw else None
        published = from_struct(raw.get("published_parsed")) or updated
        stored_at = self.known.get(canonicalize(url))
        if stored_at is not None and not (updated and updated > stored_at):
            self.crawler.stats.inc_value("outagewatch/skipped/already stored")
            return
        item = self.entry_item(raw, source, url, published, outlet)
        if item is not None:
            yield item

    def entry_item(self, raw: Any, source: Source, url: str, published: Any, outlet: str | None) -> ArticleItem | None:
        title = " ".join(str(raw.get("title") or "").split())
        body = entry_body(raw)
        if not body:
            note_skip(self.crawler, url, "no body", "status item without a description")
            return None
        head = f"{status_of(title)} — {stamp(published)} — {body[0]}"
        return ArticleItem(
            url=url,
            source_id=source.source_id,
            fetched_at=utcnow(),
            text="\n".join([head, *body[1:]]),
            title=title or None,
            outlet=source.company or outlet,
            published_at=published,
            date_source="feed" if published else "none",
            source_kind=source.kind,
            company_hint=source.company,
        )
