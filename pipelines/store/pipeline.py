"""The Scrapy item pipeline that writes crawled items to DuckDB, in batches and short transactions."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler

from pipelines.store.connection import StoreWriteFailed, transaction
from pipelines.store.documents import write_articles, write_feed_states
from pipelines.store.setup import ensure_schema
from spiders.items import ArticleItem, FeedStateItem
from spiders.report import note_skip

log = logging.getLogger(__name__)
STORE_ERROR = "outagewatch/store_error"


class DuckDBPipeline:
    """Last in line. Each flush is one transaction, so a killed crawl loses at most the unflushed batch.

    A feed's validators (ETag, Last-Modified) are written only when the crawl ends, and not for a
    feed whose articles failed transiently: otherwise the next run would get 304 Not Modified and
    never fetch what a killed or failed run left behind.

    A flush the store refuses (disk full) keeps its batch for the next flush; if the last one fails
    too, nothing of it and no feed's validators land, so the next run fetches all of it again.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("OUTAGEWATCH_DB")
        self.batch_size = crawler.settings.getint("OUTAGEWATCH_STORE_BATCH", 50)
        self.articles: list[ArticleItem] = []
        self.states: list[FeedStateItem] = []
        self.flush_at = self.batch_size

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
        if len(self.articles) >= self.flush_at:
            self.flush()
        return item

    def flush(self, finished: bool = False) -> None:
        states = self._finished_states() if finished else []
        if not self.articles and not states:
            return
        stats = self.crawler.stats
        try:
            with transaction(self.path) as con:
                counts = write_articles(con, self.articles)
                write_feed_states(con, states)
        except StoreWriteFailed as exc:
            log.error("%s; %d articles wait for the next write", exc, len(self.articles))
            stats.set_value(STORE_ERROR, str(exc))
            self.flush_at = len(self.articles) + self.batch_size  # not a retry per item while the disk is full
            if finished:
                for article in self.articles:
                    note_skip(self.crawler, article.url, "store write failed", "the next run fetches it again")
            return
        stats.inc_value("outagewatch/stored/new", counts["new"])
        stats.inc_value("outagewatch/stored/revised", counts["revised"])
        if stats.get_value(STORE_ERROR):
            stats.set_value(STORE_ERROR, "")  # what an earlier flush could not write has landed with this one
        self.articles = []
        self.flush_at = self.batch_size

    def _finished_states(self) -> list[FeedStateItem]:
        unfinished: set[str] = getattr(self.crawler.spider, "unfinished_feeds", set())
        return [s for s in self.states if s.feed_url not in unfinished]

    def close_spider(self) -> None:
        self.flush(finished=True)
