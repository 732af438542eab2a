"""What a crawl skipped and why, kept in the crawler's stats so the run's summary can say it.

Every skip is logged once with its URL and reason, counted under
`outagewatch/skipped/<reason>`, and listed under `outagewatch/skip_log`.
Warnings (stored, but with a caveat such as no date) are counted apart.
"""

from __future__ import annotations

import logging
from typing import Any

from twisted.python.failure import Failure

log = logging.getLogger("outagewatch.crawl")

SKIP_LOG = "outagewatch/skip_log"


def note_skip(crawler: Any, url: str, reason: str, detail: str = "") -> None:
    """Record that `url` was not stored, and why."""
    stats = crawler.stats
    stats.inc_value(f"outagewatch/skipped/{reason}")
    entries = stats.get_value(SKIP_LOG) or []
    entries.append({"url": url, "reason": reason, "detail": detail[:300]})
    stats.set_value(SKIP_LOG, entries)
    log.warning("skipped %s: %s%s", url, reason, f" ({detail})" if detail else "")


def note_warning(crawler: Any, url: str, reason: str, detail: str = "") -> None:
    """Record a caveat on something that was stored anyway."""
    crawler.stats.inc_value(f"outagewatch/warnings/{reason}")
    log.info("stored with caveat %s: %s%s", url, reason, f" ({detail})" if detail else "")


def failure_reason(failure: Failure) -> tuple[str, str]:
    """A short, stable reason for a failed request, and the error's own words."""
    from scrapy.exceptions import (
        CannotResolveHostError,
        DownloadCancelledError,
        DownloadConnectionRefusedError,
        DownloadTimeoutError,
        IgnoreRequest,
        ResponseDataLossError,
    )
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet import defer, error

    from spiders.middlewares.address_guard import RefusedAddress

    exc = failure.value
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}", detail
    if isinstance(exc, RefusedAddress):
        return "refused address", detail
    if isinstance(exc, IgnoreRequest):
        return ("robots.txt" if "robots" in detail.lower() else "ignored"), detail
    if isinstance(exc, DownloadTimeoutError | error.TimeoutError | error.TCPTimedOutError):
        return "timeout", detail
    if isinstance(exc, DownloadCancelledError | defer.CancelledError):
        return "too large", detail
    if isinstance(exc, CannotResolveHostError | error.DNSLookupError):
        return "DNS failure", detail
    if isinstance(exc, DownloadConnectionRefusedError | error.ConnectionRefusedError):
        return "connection refused", detail
    if isinstance(exc, ResponseDataLossError):
        return "truncated response", detail
    return "fetch failed", f"{type(exc).__name__}: {detail}"
