"""The feed spider against a real server on 127.0.0.1 serving every kind of bad input.

Each failure gets its reason in the run's summary and loses nothing else:
the good articles of the same feed are stored.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.crawl import crawl_sources
from flows.localsite import LocalSite, Page
from flows.summary import RunSummary
from spiders import settings as scrapy_settings
from spiders.feed import Source
from spiders.urls import origin
from tests.conftest import crawl_into

STORY = " ".join(
    ["A configuration change at the provider took its content delivery network offline for about an hour,"]
    + ["and sites that depend on it returned errors to visitors across Europe and North America."] * 3
)


def article(title: str, date: str | None = "2024-05-02T10:00:00Z", body: str = STORY) -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return (
        f"<html><head><title>{title}</title>{meta}<meta property='og:site_name' content='Test Wire'></head>"
        f"<body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>"
    )


def rss(site: LocalSite, paths: list[str], pubdate: bool = True) -> str:
    items = "".join(
        f"<item><title>{p}</title><link>{site.url(p)}</link>"
        + ("<pubDate>Thu, 02 May 2024 10:00:00 GMT</pubDate>" if pubdate else "")
        + "</item>"
        for p in paths
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>{items}</channel></rss>'


@pytest.fixture
def bad_site(site: LocalSite) -> LocalSite:
    site.add_text("/ok.html", article("Good one"))
    site.add_text("/nodate-page", article("No date anywhere", date=None))
    site.add("/latin1.html", Page(article("Caf\xe9 outage").encode("latin-1"), "text/html; charset=utf-8"))
    site.add_text("/nobody.html", "<html><head><title>Empty</title></head><body><nav>Home | About</nav></body></html>")
    site.add("/binary.pdf", Page(b"%PDF-1.7\n\x00\x01\x02binary" * 50, "application/pdf"))
    site.add("/image", Page(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "image/png"))
    site.add("/huge.html", Page(article("Huge", body=STORY * 2000).encode(), "text/html"))
    site.add("/slow.html", Page(article("Slow").encode(), "text/html", delay=4))
    site.add("/error.html", Page(b"oops", "text/plain", status=500))
    paths = ["/ok.html", "/missing.html", "/error.html", "/slow.html", "/huge.html", "/binary.pdf", "/image"]
    paths += ["/latin1.html", "/nobody.html", "/nodate-page"]
    feed = rss(site, paths[:-1]).replace("</channel>", _undated_item(site) + "</channel>")
    site.add_text("/feed.xml", feed, "application/rss+xml")
    site.add_text("/not-a-feed.xml", "<html><body>Sorry, this is not a feed at all.</body></html>", "text/html")
    site.add_text("/empty.xml", rss(site, []), "application/rss+xml")
    return site


def _undated_item(site: LocalSite) -> str:
    return f"<item><title>undated</title><link>{site.url('/nodate-page')}</link></item>"


def test_every_bad_input_gets_a_reason_and_the_rest_is_stored(bad_site: LocalSite, db_path: Path) -> None:
    feeds = [bad_site.url("/feed.xml"), bad_site.url("/not-a-feed.xml"), bad_site.url("/empty.xml")]
    sources = [Source(url=u, source_id=u) for u in feeds]
    overrides = {"DOWNLOAD_TIMEOUT": 2, "DOWNLOAD_MAXSIZE": 200_000, "RETRY_TIMES": 1}
    result = crawl_sources(db_path, sources, [origin(feeds[0])], overrides=overrides)
    summary = RunSummary(feeds=3)
    summary.add_crawl(result)

    con = duckdb.connect(str(db_path), read_only=True)
    stored = dict(con.execute("SELECT title, date_source FROM documents").fetchall())
    texts = [t for (t,) in con.execute("SELECT text FROM documents").fetchall()]
    con.close()
    assert set(stored) == {"Good one", "Caf\ufffd outage", "No date anywhere"}  # the bad byte is replaced
    assert stored["Good one"] == "page"
    assert stored["No date anywhere"] == "none"  # kept, with a caveat; the fetch time is its reference date
    assert any("\ufffd" in t for t in texts)  # invalid UTF-8 replaced, not dropped

    expected = {
        "HTTP 404": 1,
        "HTTP 500": 1,
        "timeout": 1,
        "too large": 1,
        "binary content": 2,
        "no body": 1,
        "malformed feed": 1,
        "empty feed": 1,
    }
    for reason, count in expected.items():
        assert summary.skipped[reason] == count, (reason, summary.skipped)
    assert summary.warnings["no date"] == 1
    assert summary.warnings["undecodable bytes"] == 1
    text = summary.text()
    for reason in expected:
        assert reason in text
    assert bad_site.url("/missing.html") in text


def test_settings_are_polite_and_safe() -> None:
    assert scrapy_settings.ROBOTSTXT_OBEY is True
    assert scrapy_settings.CONCURRENT_REQUESTS_PER_DOMAIN == 1
    assert scrapy_settings.AUTOTHROTTLE_ENABLED is True
    assert scrapy_settings.DOWNLOAD_MAXSIZE <= 32 * 1024 * 1024
    assert scrapy_settings.TELNETCONSOLE_ENABLED is False
    assert scrapy_settings.DOWNLOAD_HANDLERS["file"] is None
    assert scrapy_settings.DOWNLOAD_HANDLERS["data"] is None
    assert "outagewatch" in scrapy_settings.USER_AGENT
    assert scrapy_settings.RETRY_ENABLED is True


def test_robots_txt_is_obeyed_and_the_user_agent_names_the_tool(site: LocalSite, db_path: Path) -> None:
    site.add_text("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.add_text("/ok.html", article("Allowed"))
    site.add_text("/private/secret.html", article("Disallowed"))
    site.add_text("/feed.xml", rss(site, ["/ok.html", "/private/secret.html"]), "application/rss+xml")
    result = crawl_into(db_path, [site.url("/feed.xml")])
    assert result.by_prefix("skipped").get("robots.txt") == 1
    assert "/private/secret.html" not in [path for path, _ in site.requests]
    assert all("outagewatch" in agent for _, agent in site.requests)


def test_conditional_get_and_no_duplicate_rows_on_a_second_run(site: LocalSite, db_path: Path) -> None:
    site.add_text("/ok.html", article("Once"))
    site.add_text("/feed.xml", rss(site, ["/ok.html"]), "application/rss+xml")
    first = crawl_into(db_path, [site.url("/feed.xml")])
    second = crawl_into(db_path, [site.url("/feed.xml")])
    assert first.count("stored/new") == 1
    assert second.count("feeds_unchanged") == 1  # 304 Not Modified: the ETag was remembered
    assert second.count("stored/new") == 0
    assert [p for p, _ in site.requests].count("/ok.html") == 1
    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    con.close()


def test_refused_address_is_never_requested(site: LocalSite, db_path: Path) -> None:
    """A feed on an allowed loopback origin links to another loopback host: refused before any connection."""
    other = f"http://127.0.0.2:{site.port}/elsewhere.html"
    site.add_text("/ok.html", article("Local"))
    site.add_text(
        "/feed.xml",
        rss(site, ["/ok.html"]).replace("</channel>", f"<item><title>x</title><link>{other}</link></item></channel>"),
        "application/rss+xml",
    )
    result = crawl_into(db_path, [site.url("/feed.xml")])
    assert result.by_prefix("skipped").get("refused address") == 1
    assert result.count("stored/new") == 1
    assert any(s["url"] == other and "127.0.0.2" in s["detail"] for s in result.skips)
