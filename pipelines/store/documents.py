"""Documents and their revisions: what was fetched, when, and how it changed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.store.rows import insert
from spiders.items import ArticleItem, FeedStateItem


def content_hash(text: str) -> str:
    """A hash of the text with white space folded, so re-wrapped copies of one text hash alike."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def known_content(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """canonical_url -> (doc_id, content_hash) of every stored document."""
    rows = con.execute("SELECT canonical_url, doc_id, content_hash FROM documents").fetchall()
    return {url: (doc_id, digest) for url, doc_id, digest in rows}


def known_fetch_times(con: duckdb.DuckDBPyConnection) -> dict[str, datetime]:
    """canonical_url -> when it was last fetched, for the spiders' skip-if-unchanged check."""
    return dict(con.execute("SELECT canonical_url, fetched_at FROM documents").fetchall())


def _document_row(item: ArticleItem, digest: str, revision: int) -> dict[str, Any]:
    return {
        "doc_id": item.doc_id,
        "url": item.url,
        "canonical_url": item.canonical_url,
        "source_id": item.source_id,
        "outlet": item.outlet,
        "title": item.title,
        "published_at": item.published_at,
        "fetched_at": item.fetched_at,
        "text": item.text,
        "content_hash": digest,
        "revision": revision,
        "date_source": item.date_source,
        "source_kind": item.source_kind,
        "company_hint": item.company_hint,
        "etag": item.etag,
        "last_modified": item.last_modified,
        "word_count": len(item.text.split()),
        "author": item.author,
    }


TIMESTAMPS = {"published_at": pa.timestamp("us"), "fetched_at": pa.timestamp("us")}


def write_articles(con: duckdb.DuckDBPyConnection, items: Iterable[ArticleItem]) -> dict[str, int]:
    """Store new documents and new revisions of changed ones; unchanged ones add nothing."""
    items = list(items)
    new_docs: list[dict[str, Any]] = []
    revised: list[dict[str, Any]] = []
    revision_rows: list[dict[str, Any]] = []
    ids = sorted({item.doc_id for item in items if item.doc_id})
    current = {
        doc_id: (digest, rev)
        for doc_id, digest, rev in con.execute(
            "SELECT doc_id, content_hash, revision FROM documents WHERE list_contains(?, doc_id)", [ids]
        ).fetchall()
    }
    for item in items:
        digest = content_hash(item.text)
        stored = current.get(item.doc_id or "")
        if stored and stored[0] == digest:
            continue
        revision = stored[1] + 1 if stored else 1
        row = _document_row(item, digest, revision)
        (revised if stored else new_docs).append(row)
        revision_rows.append(
            {
                "doc_id": item.doc_id,
                "revision": revision,
                "fetched_at": item.fetched_at,
                "title": item.title,
                "text": item.text,
                "content_hash": digest,
            }
        )
        current[item.doc_id or ""] = (digest, revision)
    insert(con, "documents", new_docs, types=TIMESTAMPS)
    for row in revised:
        con.execute(
            """UPDATE documents SET text = ?, title = ?, content_hash = ?, revision = ?, fetched_at = ?,
                   etag = ?, last_modified = ?, word_count = ?, processed_at = NULL
               WHERE doc_id = ?""",
            [row["text"], row["title"], row["content_hash"], row["revision"], row["fetched_at"],
             row["etag"], row["last_modified"], row["word_count"], row["doc_id"]],
        )  # fmt: skip
    insert(con, "document_revisions", revision_rows, types={"fetched_at": pa.timestamp("us")})
    return {"new": len(new_docs), "revised": len(revised)}


def write_feed_states(con: duckdb.DuckDBPyConnection, states: Iterable[FeedStateItem]) -> int:
    """Remember each feed's validators for the next conditional fetch."""
    rows = [
        {
            "feed_url": s.feed_url,
            "etag": s.etag,
            "last_modified": s.last_modified,
            "last_status": s.status,
            "last_fetched_at": s.fetched_at,
            "entries": s.entries,
        }
        for s in states
    ]
    return insert(con, "feeds", rows, mode="OR REPLACE", types={"last_fetched_at": pa.timestamp("us")})


def feed_states(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """feed_url -> {etag, last_modified} as last answered."""
    rows = con.execute("SELECT feed_url, etag, last_modified FROM feeds").fetchall()
    return {url: {"etag": etag, "last_modified": lm} for url, etag, lm in rows}
