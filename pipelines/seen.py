"""Drop what is already stored unchanged, and the second link to one article within a run."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from pipelines.store.connection import session
from pipelines.store.documents import content_hash, known_content
from pipelines.store.setup import ensure_schema
from spiders.items import ArticleItem


class SeenContentPipeline:
    """A stored URL with the same text is dropped; with a different text it goes on as a revision."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("OUTAGEWATCH_DB")
        self.known: dict[str, tuple[str, str]] = {}
        self.this_run: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenContentPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        ensure_schema(self.path)
        with session(self.path) as con:
            self.known = known_content(con)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem) or item.canonical_url is None:
            return item
        url = item.canonical_url
        if url in self.this_run:
            self.crawler.stats.inc_value("outagewatch/skipped/linked twice")
            raise DropItem(f"{url} already stored in this run")
        self.this_run.add(url)
        stored = self.known.get(url)
        if stored and stored[1] == content_hash(item.text):
            self.crawler.stats.inc_value("outagewatch/skipped/unchanged content")
            raise DropItem(f"{url} unchanged")
        if stored:
            item.notes.append("revision")
        return item
