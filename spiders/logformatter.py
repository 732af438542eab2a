"""Log lines that say what happened to an item in one line, never the item's whole text."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult


class ShortLogFormatter(LogFormatter):
    """A dropped item is logged by its URL and reason at INFO (its skip is already counted with a reason)."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        url = getattr(item, "url", None) or "an item"
        return {"level": logging.INFO, "msg": "Dropped %(url)s: %(reason)s", "args": {"url": url, "reason": exception}}

    def scraped(self, item: Any, response: Any, spider: Any) -> LogFormatterResult:
        url = getattr(item, "url", None) or getattr(item, "feed_url", None) or type(item).__name__
        return {"level": logging.DEBUG, "msg": "Scraped %(url)s", "args": {"url": url}}
