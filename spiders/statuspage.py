"""Atlassian Statuspage sites: one document per incident, read from the page's public JSON API.

`{base}/api/v2/incidents.json` lists the page's recent incidents with every
update. Each becomes one ArticleItem whose text is the incident as its page
shows it, newest update first, each update a paragraph
"<Status> — <Mon D, YYYY HH:MM UTC> — <body>", then the affected components
and the impact: the shape extraction reads as the company's status page.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from spiders.dates import parse_iso
from spiders.feed import Source, conditional_headers, utcnow
from spiders.items import ArticleItem, FeedStateItem
from spiders.report import failure_reason, note_skip
from spiders.urls import canonicalize

API_PATH = "/api/v2/incidents.json"
STATUS_WORDS = {"in_progress": "In progress"}


def page_base(url: str) -> str:
    """The status page's home: scheme and host of the configured URL, whatever path it carries."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def api_url(url: str) -> str:
    """Where the incidents are: the configured URL when it already names the API, else the page's API path."""
    return url if urlsplit(url).path.endswith(API_PATH) else page_base(url) + API_PATH


def header(response: Response, name: str) -> str | None:
    """A response header as text, or None."""
    return (response.headers.get(name) or b"").decode("latin-1") or None


def stamp(value: datetime | None) -> str:
    """A time as status pages print it: "Jun 8, 2021 12:44 UTC"."""
    return f"{value:%b} {value.day}, {value:%Y %H:%M} UTC" if value else "time unknown"


def status_word(status: str | None) -> str:
    """Status as a page prints it: investigating -> Investigating, in_progress -> In progress."""
    status = (status or "update").strip().lower()
    return STATUS_WORDS.get(status, status.replace("_", " ").capitalize())


def update_paragraphs(update: dict[str, Any]) -> list[str]:
    """One update as text: status and time head its first paragraph; a long body (postmortem) keeps breaks."""
    when = parse_iso(update.get("display_at")) or parse_iso(update.get("created_at"))
    body = [" ".join(p.split()) for p in str(update.get("body") or "").split("\n") if p.strip()]
    head = f"{status_word(update.get('status'))} — {stamp(when)} — {body[0] if body else ''}".rstrip(" —")
    return [head, *body[1:]]


def component_names(incident: dict[str, Any]) -> list[str]:
    """The affected components: the incident's own list, else those its updates name."""
    names = [c.get("name") for c in incident.get("components") or [] if isinstance(c, dict)]
    for update in incident.get("incident_updates") or []:
        for component in update.get("affected_components") or []:
            names.append(component.get("name") if isinstance(component, dict) else None)
    return list(dict.fromkeys(n.strip() for n in names if isinstance(n, str) and n.strip()))


def incident_text(incident: dict[str, Any]) -> str:
    """The incident as its page shows it: updates newest first, then components and impact."""
    updates = [u for u in incident.get("incident_updates") or [] if isinstance(u, dict)]
    updates.sort(key=lambda u: parse_iso(u.get("display_at") or u.get("created_at")) or datetime.min, reverse=True)
    lines = [line for update in updates for line in update_paragraphs(update)]
    if names := component_names(incident):
        lines.append(f"Affected components: {', '.join(names)}")
    impact = str(incident.get("impact") or "").strip()
    if impact and impact != "none":
        lines.append(f"Impact: {impact}")
    return "\n".join(lines)


class StatuspageSpider(scrapy.Spider):
    """Reads Statuspage incident APIs conditionally; re-emits only incidents updated since stored."""

    name = "statuspage"

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

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources:
            url = api_url(source.url)
            yield scrapy.Request(
                url,
                callback=self.parse_incidents,
                errback=self.api_failed,
                headers={"Accept": "application/json", **conditional_headers(self.feed_state.get(url))},
                meta={"handle_httpstatus_list": [304], "source": source},
                dont_filter=True,
            )

    def api_failed(self, failure: Failure) -> None:
        reason, detail = failure_reason(failure)
        url = failure.request.url  # type: ignore[attr-defined]
        note_skip(self.crawler, url, f"status API {reason}", detail)

    def parse_incidents(self, response: Response) -> Iterator[Any]:
        source: Source = response.meta["source"]
        self.crawler.stats.inc_value("outagewatch/feeds_read")
        state = self.fetch_state(response)
        if response.status == 304:
            self.crawler.stats.inc_value("outagewatch/feeds_unchanged")
            yield state
            return
        incidents = self.incidents_of(response)
        if incidents is None:
            return
        state.entries = len(incidents)
        yield state
        base = page_base(source.url)
        for incident in incidents:
            item = self.incident_item(incident, source, base)
            if item is not None:
                yield item

    def fetch_state(self, response: Response) -> FeedStateItem:
        """The API's validators, kept for the next conditional fetch (the old ones when it answers 304)."""
        old = self.feed_state.get(response.url, {})
        return FeedStateItem(
            feed_url=response.url,
            status=response.status,
            fetched_at=utcnow(),
            etag=header(response, "ETag") or old.get("etag"),
            last_modified=header(response, "Last-Modified") or old.get("last_modified"),
        )

    def incidents_of(self, response: Response) -> list[dict[str, Any]] | None:
        """The incidents list, or None (noted) when the answer is not Statuspage JSON."""
        try:
            data = json.loads(response.body)
        except (ValueError, UnicodeDecodeError) as exc:
            note_skip(self.crawler, response.url, "malformed status JSON", str(exc)[:200])
            return None
        incidents = data.get("incidents") if isinstance(data, dict) else None
        if not isinstance(incidents, list):
            note_skip(self.crawler, response.url, "malformed status JSON", "no 'incidents' list")
            return None
        if not incidents:
            note_skip(self.crawler, response.url, "empty feed")
        return incidents

    def incident_item(self, incident: Any, source: Source, base: str) -> ArticleItem | None:
        """One incident as a document, or None (noted or counted) when it is not one to store now."""
        if not isinstance(incident, dict) or not incident.get("id") or not incident.get("name"):
            note_skip(self.crawler, base, "malformed incident", f"no id or name in {str(incident)[:120]}")
            return None
        url = f"{base}/incidents/{incident['id']}"
        if incident.get("scheduled_for"):
            note_skip(self.crawler, url, "scheduled maintenance", str(incident["name"])[:120])
            return None
        updated = parse_iso(incident.get("updated_at"))
        stored_at = self.known.get(canonicalize(url))
        if stored_at is not None and not (updated and updated > stored_at):
            self.crawler.stats.inc_value("outagewatch/skipped/already stored")
            return None
        text, published = incident_text(incident), parse_iso(incident.get("created_at"))
        if not text.strip():
            note_skip(self.crawler, url, "no body", "incident without updates")
            return None
        return ArticleItem(
            url=url,
            source_id=source.source_id,
            fetched_at=utcnow(),
            text=text,
            title=str(incident["name"]).strip(),
            outlet=source.company,
            published_at=published,
            date_source="record" if published else "none",
            source_kind="status",
            company_hint=source.company,
        )
