"""Running Scrapy crawls inside a long-lived process, one after another or several at once.

Twisted's reactor cannot be restarted, so `CrawlerProcess.start()` works
once per process; a Prefect worker runs many flows. Here the asyncio reactor
is installed once, in a daemon thread of its own, and every crawl is handed
to it with `blockingCallFromThread`: the calling thread waits for its crawl
while other threads' crawls proceed on the same reactor.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from scrapy.settings import Settings

log = logging.getLogger(__name__)

_started = threading.Event()
_start_lock = threading.Lock()
_failure: list[BaseException] = []


def _reactor_main() -> None:
    try:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        from twisted.internet import asyncioreactor

        asyncioreactor.install(eventloop=loop)
        from twisted.internet import reactor

        reactor.callWhenRunning(_started.set)  # type: ignore[attr-defined]
        reactor.run(installSignalHandlers=False)  # type: ignore[attr-defined,misc,call-arg]
    except BaseException as exc:  # surfaced to the caller waiting in ensure_reactor
        _failure.append(exc)
        _started.set()


def ensure_reactor() -> None:
    """Start the reactor thread if it is not running yet."""
    with _start_lock:
        if not _started.is_set():
            threading.Thread(target=_reactor_main, name="scrapy-reactor", daemon=True).start()
            _started.wait(timeout=30)
    if _failure:
        raise RuntimeError(f"the Twisted reactor could not start: {_failure[0]}")


def build_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """outagewatch's Scrapy settings module, with per-run values on top."""
    settings = Settings()
    settings.setmodule("spiders.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


@dataclass
class CrawlResult:
    """A finished crawl's stats, and the list of what it skipped and why."""

    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def skips(self) -> list[dict[str, str]]:
        return list(self.stats.get("outagewatch/skip_log") or [])

    def count(self, key: str) -> int:
        return int(self.stats.get(f"outagewatch/{key}", 0) or 0)

    def by_prefix(self, prefix: str) -> dict[str, int]:
        """Counters under outagewatch/<prefix>/..., keyed by the rest of their name."""
        head = f"outagewatch/{prefix}/"
        return {k[len(head) :]: int(v) for k, v in self.stats.items() if k.startswith(head)}


def crawl(spider_cls: type, overrides: dict[str, Any] | None = None, **spider_kwargs: Any) -> CrawlResult:
    """Run one crawl to the end on the shared reactor; safe to call from any thread but the reactor's."""
    ensure_reactor()
    from twisted.internet import reactor
    from twisted.internet.threads import blockingCallFromThread

    settings = build_settings(overrides)

    def start() -> Any:
        from scrapy.crawler import CrawlerRunner

        runner = CrawlerRunner(settings)
        crawler = runner.create_crawler(spider_cls)
        done = runner.crawl(crawler, **spider_kwargs)
        done.addCallback(lambda _: dict(crawler.stats.get_stats()))
        return done

    stats = blockingCallFromThread(reactor, start)
    return CrawlResult(stats=stats)
