"""Reject items that cannot be stored, with a reason the run's summary can show."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from spiders.items import ArticleItem
from spiders.report import note_skip


def problems(item: ArticleItem) -> list[str]:
    """What is wrong with an item; empty when it can be stored."""
    found = []
    if not item.url.startswith(("http://", "https://")):
        found.append(f"URL is not http(s): {item.url[:80]}")
    if not item.text or not item.text.strip():
        found.append("no body text")
    if item.title is not None and len(item.title) > 1000:
        found.append("title longer than 1000 characters")
    return found


class ValidatePipeline:
    """First in line: anything malformed stops here and is counted."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        found = problems(item)
        if found:
            note_skip(self.crawler, item.url, "invalid item", "; ".join(found))
            raise DropItem("; ".join(found))
        return item
