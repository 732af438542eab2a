"""Shared fixtures: real DuckDB files in temp folders, real servers on 127.0.0.1, real models, real Prefect.

Expensive things are built once per session: the models load once per
process, and `corpus_store` crawls and processes the whole sample corpus once
for every test that reads a realistic store.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import flows.env  # noqa: F401 - project-local tool state and offline models, before anything else imports
from flows.corpus_site import CORPUS, serve_corpus
from flows.crawl import crawl_sources
from flows.localsite import LocalSite
from flows.process import process_pending
from nlp.gold import GoldCorpus
from pipelines.store import ensure_schema
from spiders.feed import Source
from spiders.urls import origin

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh store file (created with its schema)."""
    path = tmp_path / "store.duckdb"
    ensure_schema(path)
    return path


@pytest.fixture
def site() -> Iterator[LocalSite]:
    """An empty web server on a free 127.0.0.1 port; add pages with site.add(...)."""
    server = LocalSite().start()
    server.add_text("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
    yield server
    server.stop()


def crawl_into(db: Path, feeds: list[str], **extra: object):  # type: ignore[no-untyped-def]
    """Crawl loopback feeds into a store, the feeds' own host:port allowed (as `outagewatch run --feed` does)."""
    sources = [Source(url=u, source_id=u) for u in feeds]
    return crawl_sources(db, sources, sorted({origin(u) for u in feeds}), **extra)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """Prefect's temporary local server for the whole session (real flow runs, no user state touched)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GoldCorpus]:
    """The whole sample corpus crawled from a local server and processed, once per session. Read-only for tests."""
    db = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    ensure_schema(db)
    server, feeds, corpus = serve_corpus(CORPUS)
    try:
        crawl_into(db, feeds)
    finally:
        server.stop()
    process_pending(db)
    return db, corpus


@pytest.fixture
def corpus_copy(corpus_store: tuple[Path, GoldCorpus], tmp_path: Path) -> Path:
    """A private copy of the processed corpus store, for tests that write to it."""
    target = tmp_path / "corpus-copy.duckdb"
    shutil.copy(corpus_store[0], target)
    return target
