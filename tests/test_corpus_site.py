"""The sample corpus's local server asks for one port each run, so two runs see the same URLs and give the same
store; a second server beside it, or anything else on that port, moves it to a free one instead of failing."""

from __future__ import annotations

import socket
import urllib.request

from flows.localsite import LocalSite, Page


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1 only
        return bytes(response.read())


def _site() -> LocalSite:
    site = LocalSite()
    site.pages["/feed"] = Page(b"<rss/>", "application/rss+xml")
    return site


def test_a_site_takes_the_port_it_asks_for_and_a_free_one_when_that_is_held() -> None:
    port = _free_port()
    first = _site().start(port)
    try:
        assert first.port == port
        beside = _site().start(port)  # the port is held: another one, and it serves as well
        try:
            assert beside.port != port
            assert _fetch(beside.url("/feed")) == b"<rss/>"
        finally:
            beside.stop()
    finally:
        first.stop()
    again = _site().start(port)  # free again: the same URLs as the first run
    try:
        assert again.url("/feed") == f"http://127.0.0.1:{port}/feed"
        assert _fetch(again.url("/feed")) == b"<rss/>"
    finally:
        again.stop()
