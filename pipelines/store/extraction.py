"""Reading what extraction needs and writing what it found, in one short transaction per batch."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from nlp.records import ClaimRecord, Document, EventRecord, Fingerprint, ProcessResult
from pipelines.store.rows import insert

TS = pa.timestamp("us")


def pending_documents(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> list[Document]:
    """Documents not yet processed (new, or changed since), oldest publication first."""
    sql = """SELECT doc_id, url, coalesce(title, ''), text, published_at, fetched_at, outlet, source_kind,
                    company_hint, revision, author
             FROM documents WHERE processed_at IS NULL
             ORDER BY published_at NULLS LAST, doc_id"""
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [Document(*row) for row in con.execute(sql).fetchall()]


def company_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = ["company", "aliases", "parent", "ticker", "products", "domains", "ambiguous"]
    rows = con.execute(f"SELECT {', '.join(cols)} FROM companies").fetchall()  # noqa: S608
    return [dict(zip(cols, row, strict=True)) for row in rows]


def load_events(con: duckdb.DuckDBPyConnection) -> list[EventRecord]:
    rows = con.execute(
        """SELECT e.event_id, e.company, e.kind, e.started_at, e.ended_at, e.duration_hours, e.severity,
                  coalesce(e.services, []), coalesce(e.summary, ''), e.first_reported_at, e.updated_at,
                  coalesce(e.date_basis, 'published'), coalesce(v.vector, []), coalesce(v.reports, 1),
                  coalesce(e.date_precision, 'day'), coalesce(v.kind_votes, '{}')
           FROM events e LEFT JOIN event_vectors v USING (event_id)"""
    ).fetchall()
    out = []
    for row in rows:
        *head, votes = row
        record = EventRecord(*head)
        record.kind_votes = json.loads(votes) if isinstance(votes, str) else dict(votes or {})
        out.append(record)
    return out


def load_fingerprints(con: duckdb.DuckDBPyConnection) -> list[tuple[Fingerprint, str | None]]:
    rows = con.execute(
        """SELECT f.doc_id, f.minhash, f.sentences, f.published_at, d.duplicate_of
           FROM document_fingerprints f JOIN documents d USING (doc_id)"""
    ).fetchall()
    return [(Fingerprint(doc_id, list(mh), list(sents), pub), dup) for doc_id, mh, sents, pub, dup in rows]


CLAIM_COLUMNS = [
    "claim_id", "event_id", "doc_id", "attribution", "speaker", "topic", "stance", "quote", "published_at",
    "confidence", "same_as", "carrier", "revision", "withdrawn_revision", "note", "channel",
    "stated_at",
]  # fmt: skip


def _claims(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> list[ClaimRecord]:
    sql = f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE {where}"  # noqa: S608 - fixed column list
    return [ClaimRecord(*row) for row in con.execute(sql, params).fetchall()]


def claims_for_events(con: duckdb.DuckDBPyConnection, event_ids: set[str], except_docs: set[str]) -> list[ClaimRecord]:
    if not event_ids:
        return []
    return _claims(
        con,
        "list_contains(?, event_id) AND NOT list_contains(?, doc_id)",
        [sorted(event_ids), sorted(except_docs)],
    )


def claims_for_docs(con: duckdb.DuckDBPyConnection, doc_ids: Iterable[str]) -> dict[str, list[ClaimRecord]]:
    out: dict[str, list[ClaimRecord]] = {}
    for claim in _claims(con, "list_contains(?, doc_id)", [sorted(doc_ids)]):
        out.setdefault(claim.doc_id, []).append(claim)
    return out


def links_for_docs(con: duckdb.DuckDBPyConnection, doc_ids: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    rows = con.execute(
        "SELECT doc_id, event_id, role FROM event_documents WHERE list_contains(?, doc_id)", [sorted(doc_ids)]
    ).fetchall()
    for doc_id, event_id, role in rows:
        out.setdefault(doc_id, []).append((event_id, role))
    return out


def _event_rows(events: list[EventRecord]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows, vectors = [], []
    for e in events:
        data = asdict(e)
        vectors.append(
            {"event_id": e.event_id, "vector": data.pop("vector"), "reports": data.pop("reports"),
             "kind_votes": json.dumps(data.pop("kind_votes"))}
        )  # fmt: skip
        rows.append(data)
    return rows, vectors


def write_result(con: duckdb.DuckDBPyConnection, result: ProcessResult) -> None:
    """Everything one processing batch found, written together (call inside a transaction)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    rows, vectors = _event_rows(result.events)
    insert(con, "events", rows, mode="OR REPLACE", types={
        "started_at": TS, "ended_at": TS, "first_reported_at": TS, "updated_at": TS,
        "services": pa.list_(pa.string()), "duration_hours": pa.float64(), "severity": pa.string()})  # fmt: skip
    insert(con, "event_vectors", vectors, mode="OR REPLACE", types={"vector": pa.list_(pa.float32())})
    insert(con, "event_documents", [{"event_id": e, "doc_id": d, "role": r} for e, d, r in result.links])
    claim_rows = [asdict(c) for c in result.claims]
    insert(con, "claims", claim_rows, mode="OR REPLACE", types={
        "published_at": TS, "same_as": pa.string(), "carrier": pa.string(), "note": pa.string(),
        "withdrawn_revision": pa.int32(), "revision": pa.int32(), "confidence": pa.float64(),
        "channel": pa.string(), "stated_at": pa.date32()})  # fmt: skip
    _replace_conflicts(con, result)
    fps = [{"doc_id": f.doc_id, "minhash": f.minhash, "sentences": f.sentences, "published_at": f.published_at}
           for f in result.fingerprints]  # fmt: skip
    insert(con, "document_fingerprints", fps, mode="OR REPLACE", types={
        "minhash": pa.list_(pa.int64()), "sentences": pa.list_(pa.int64()), "published_at": TS})  # fmt: skip
    dup_rows = [{"doc_id": d, "duplicate_of": o} for d, o in result.duplicates.items()]
    if dup_rows:
        batch = pa.Table.from_pylist(  # noqa: F841 - read by DuckDB's replacement scan
            dup_rows, schema=pa.schema([("doc_id", pa.string()), ("duplicate_of", pa.string())])
        )
        con.execute("UPDATE documents SET duplicate_of = b.duplicate_of FROM batch b WHERE documents.doc_id = b.doc_id")
    if result.processed:
        con.execute("UPDATE documents SET processed_at = ? WHERE list_contains(?, doc_id)", [now, result.processed])


def _replace_conflicts(con: duckdb.DuckDBPyConnection, result: ProcessResult) -> None:
    """Conflicts of touched events are re-derived: gone ones deleted, new ones added, kept ones keep detected_at."""
    if not result.touched_events:
        return
    keep = [c.conflict_id for c in result.conflicts]
    con.execute(
        "DELETE FROM conflicts WHERE list_contains(?, event_id) AND NOT list_contains(?, conflict_id)",
        [sorted(result.touched_events), keep],
    )
    rows = [asdict(c) for c in result.conflicts]
    insert(con, "conflicts", rows, types={"detected_at": TS})
    for c in result.conflicts:
        con.execute(
            "UPDATE conflicts SET status = ?, description = ? WHERE conflict_id = ?",
            [c.status, c.description, c.conflict_id],
        )


def reset_extraction(con: duckdb.DuckDBPyConnection) -> int:
    """Forget every extraction result so all documents are processed again (after an NLP upgrade)."""
    for table in (
        "conflicts",
        "claims",
        "event_documents",
        "event_vectors",
        "events",
        "document_fingerprints",
    ):
        con.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
    con.execute("UPDATE documents SET processed_at = NULL, duplicate_of = NULL")
    row = con.execute("SELECT count(*) FROM documents").fetchone()
    return int(row[0]) if row else 0
