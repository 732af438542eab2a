"""Crawl speed on loopback: N article pages behind one feed, the real spider and pipelines into DuckDB.

`python -m bench.crawl_speed [N]` (default 500).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import flows.env  # noqa: F401
from bench.common import report, timed
from flows.corpus_site import render
from flows.crawl import crawl_sources
from flows.localsite import LocalSite
from nlp.gold import load_corpus
from spiders.feed import Source
from spiders.urls import origin

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def main(n: int = 500) -> dict[str, object]:
    articles = [a for a in load_corpus(CORPUS).articles.values() if a.template != "plain"]
    with LocalSite() as site, tempfile.TemporaryDirectory() as tmp:
        base = site.url("").rstrip("/")
        items = []
        for i in range(n):
            art = articles[i % len(articles)]
            path = f"/bench/{i}.html"
            page = render(art, base)
            body = page.body.replace(b"</article>", f"<p>Copy number {i} of this page.</p></article>".encode())
            page.body = re.sub(rb'<link rel="canonical"[^>]*>', b"", body)  # each copy is its own page
            site.add(path, page)
            date = "<pubDate>Thu, 02 May 2024 10:00:00 GMT</pubDate>"
            items.append(f"<item><title>{i}</title><link>{site.url(path)}</link>{date}</item>")
        site.add_text(
            "/feed.xml",
            '<?xml version="1.0"?><rss version="2.0"><channel><title>b</title>' + "".join(items) + "</channel></rss>",
        )
        feed = site.url("/feed.xml")
        with timed() as t:
            result = crawl_sources(Path(tmp) / "bench.duckdb", [Source(url=feed, source_id="bench")], [origin(feed)])
        stored = result.count("stored/new")
    return report("crawl_speed", {"pages": n, "stored": stored, "seconds": round(t["seconds"], 2),
                                  "pages_per_second": round(n / t["seconds"], 1)})  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
