"""When a page was published: its own metadata first, then the feed's date, then a date in its URL."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

URL_DATE = re.compile(r"/(20\d\d|19\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/-]|$)")
URL_COMPACT_DATE = re.compile(r"/(20\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/-])")


def to_utc_naive(value: datetime) -> datetime:
    """The store keeps naive UTC timestamps; aware values are converted, naive ones taken as UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def parse_iso(text: str | None) -> datetime | None:
    """An ISO 8601 or RFC 2822 date-time as naive UTC, or None when it is not one."""
    if not text:
        return None
    text = text.strip()
    try:
        return to_utc_naive(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    try:
        return to_utc_naive(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


def from_struct(value: time.struct_time | None) -> datetime | None:
    """feedparser's parsed dates are UTC struct_times."""
    if not value:
        return None
    try:
        return datetime(*value[:6])
    except (TypeError, ValueError):
        return None


def from_url(url: str) -> datetime | None:
    """A date written into the article's path (/2021/06/08/...), if any."""
    for pattern in (URL_DATE, URL_COMPACT_DATE):
        match = pattern.search(url)
        if match:
            try:
                return datetime(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def plausible(value: datetime | None, fetched_at: datetime) -> datetime | None:
    """Drop dates from before the web's news era or from more than a day in the future."""
    if value is None or value.year < 1995:
        return None
    if (value - fetched_at).total_seconds() > 86400:
        return None
    return value


def publication_date(
    page: datetime | None, feed: datetime | None, url: str, fetched_at: datetime
) -> tuple[datetime | None, str]:
    """The best publication date and where it came from: page, feed, url or none."""
    for value, source in ((page, "page"), (feed, "feed"), (from_url(url), "url")):
        value = plausible(value, fetched_at)
        if value is not None:
            return value, source
    return None, "none"
