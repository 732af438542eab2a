"""The Scrapy item pipeline that writes crawled items to DuckDB, in batches and short transactions."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from pipelines.store.connection import transaction
from pipelines.store.documents import write_articles, write_feed_states
from pipelines.store.setup import ensure_schema
from spiders.items import ArticleItem, FeedStateItem


class DuckDBPipeline:
    """Last in line. Each flush is one transaction, so a killed crawl loses at most the unflushed batch.

    A feed's validators (ETag, Last-Modified) are written only when the crawl ends, and not for a
    feed whose articles failed transiently: otherwise the next run would get 304 Not Modified and
    never fetch what a killed or failed run left behind.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("OUTAGEWATCH_DB")
        self.batch_size = crawler.settings.getint("OUTAGEWATCH_STORE_BATCH", 50)
        self.articles: list[ArticleItem] = []
        self.states: list[FeedStateItem] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DuckDBPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        ensure_schema(self.path)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            self.articles.append(item)
        elif isinstance(item, FeedStateItem):
            self.states.append(item)
        if len(self.articles) >= self.batch_size:
            self.flush()
        return item

    def flush(self, finished: bool = False) -> None:
        states = self._finished_states() if finished else []
        if not self.articles and not states:
            return
        with transaction(self.path) as con:
            counts = write_articles(con, self.articles)
            write_feed_states(con, states)
        stats = self.crawler.stats
        stats.inc_value("outagewatch/stored/new", counts["new"])
        stats.inc_value("outagewatch/stored/revised", counts["revised"])
        self.articles = []

    def _finished_states(self) -> list[FeedStateItem]:
        unfinished: set[str] = getattr(self.crawler.spider, "unfinished_feeds", set())
        return [s for s in self.states if s.feed_url not in unfinished]

    def close_spider(self) -> None:
        self.flush(finished=True)
