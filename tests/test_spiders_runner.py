"""Several Scrapy crawls in one process, one after another and at once: no "reactor not restartable"."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from flows.localsite import LocalSite
from pipelines.store import ensure_schema
from tests.conftest import crawl_into
from tests.test_spiders_feed import article, rss


def _site_with(site: LocalSite, prefix: str, n: int) -> str:
    paths = [f"/{prefix}/{i}.html" for i in range(n)]
    for i, path in enumerate(paths):
        site.add_text(path, article(f"{prefix} story {i}"))
    site.add_text(f"/{prefix}/feed.xml", rss(site, paths), "application/rss+xml")
    return site.url(f"/{prefix}/feed.xml")


def _documents(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])  # type: ignore[index]
    finally:
        con.close()


def test_crawls_one_after_another_in_one_process(site: LocalSite, tmp_path: Path) -> None:
    for round_ in range(3):
        db = tmp_path / f"seq-{round_}.duckdb"
        ensure_schema(db)
        result = crawl_into(db, [_site_with(site, f"seq{round_}", 3)])
        assert result.count("stored/new") == 3
        assert _documents(db) == 3


def test_crawls_at_once_in_one_process(site: LocalSite, tmp_path: Path) -> None:
    feeds = [_site_with(site, f"par{i}", 4) for i in range(3)]
    shared = tmp_path / "shared.duckdb"
    ensure_schema(shared)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda feed: crawl_into(shared, [feed]), feeds))
    assert [r.count("stored/new") for r in results] == [4, 4, 4]
    assert _documents(shared) == 12  # three crawls wrote to one store at once without losing a row
