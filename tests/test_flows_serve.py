"""`outagewatch serve` runs sources on their schedules against a Prefect server it starts itself.

A real `serve` process, no PREFECT_API_URL: it must start a local Prefect
server on 127.0.0.1, register the deployments, and a scheduled run must fire,
crawl the loopback feed and process it. On SIGTERM the server goes too.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.corpus_site import feed_xml, page_path, render
from flows.localsite import LocalSite
from flows.prefect_server import healthy
from flows.serve import build_deployments, schedule_groups
from flows.sources import load_sources
from nlp.gold import GoldCorpus
from tests.probe import count_now

WAIT_SECONDS = 300


def _publish_story(site: LocalSite, corpus: GoldCorpus) -> str:
    articles = [corpus.articles["fastly21-newswire"], corpus.articles["fastly21-techwire"]]
    base = site.url("").rstrip("/")
    for article in articles:
        site.add(page_path(article), render(article, base))
    site.add_text("/news/feed.xml", feed_xml("news", "Local News", articles, base), "application/rss+xml")
    return site.url("/news/feed.xml")


def _sources_file(tmp_path: Path, feed: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        f"  - {{id: local-news, kind: feed, url: '{feed}', schedule: {{every: 60}}}}\n"
        f"  - {{id: local-news-2, kind: feed, url: '{feed}', schedule: '*/30 * * * *', enabled: false}}\n"
    )
    return path


def test_deployments_follow_the_sources_file(
    site: LocalSite, tmp_path: Path, corpus_store: tuple[Path, GoldCorpus]
) -> None:
    sources = _sources_file(tmp_path, _publish_story(site, corpus_store[1]))
    groups = schedule_groups(load_sources(sources))
    assert list(groups) == [("feed", "every 60s")]  # the disabled source has no deployment
    names = [d.name for d in build_deployments(str(tmp_path / "x.duckdb"), str(sources), digest_cron="0 7 * * *")]
    assert names == ["feed-every-60s", "process", "daily-digest"]


@pytest.mark.slow
def test_a_scheduled_run_fires_on_a_server_serve_starts(
    site: LocalSite, tmp_path: Path, corpus_store: tuple[Path, GoldCorpus]
) -> None:
    sources = _sources_file(tmp_path, _publish_story(site, corpus_store[1]))
    db = tmp_path / "served.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flows.cli",
            "serve",
            "--db",
            str(db),
            "--sources",
            str(sources),
            "--process-every",
            "60",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and count_now(db, "SELECT count(*) FROM events") < 1:
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(3)
        output = (tmp_path / "serve.log").read_text()
        assert count_now(db, "SELECT count(*) FROM documents") == 2, output[-3000:]
        assert count_now(db, "SELECT count(*) FROM events WHERE company = 'Fastly'") == 1, output[-3000:]
        api = re.search(r"against (http://127\.0\.0\.1:\d+/api)", output)
        assert api, output[-2000:]
        assert healthy(api.group(1))
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=60)
        log.close()
    time.sleep(2)
    assert not healthy(api.group(1)), "the local Prefect server outlived serve"
