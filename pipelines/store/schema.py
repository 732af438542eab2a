"""The store's tables, created or migrated when the store opens.

The contract tables and columns (DESIGN.md) never change name; new needs are
new columns or tables, added as a new numbered migration so that an existing
file upgrades in place and analysts' saved queries keep working.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

TIMELINE_VIEW = """
CREATE OR REPLACE VIEW timeline AS
WITH reports AS (
    SELECT ed.event_id, d.doc_id, d.outlet, d.url, d.title, d.published_at,
           row_number() OVER (PARTITION BY ed.event_id ORDER BY d.published_at NULLS LAST, d.doc_id) AS rn
    FROM event_documents ed JOIN documents d USING (doc_id)
    WHERE d.duplicate_of IS NULL
)
SELECT e.company, e.event_id, e.kind, r.published_at AS happened_at, 'first_report' AS entry,
       r.outlet AS who, NULL::VARCHAR AS attribution, NULL::VARCHAR AS topic, NULL::VARCHAR AS stance,
       coalesce(r.title, e.summary) AS detail, r.doc_id, r.url
FROM events e JOIN reports r ON r.event_id = e.event_id AND r.rn = 1
UNION ALL
SELECT e.company, c.event_id, e.kind, c.published_at, 'claim',
       coalesce(c.speaker, c.attribution), c.attribution, c.topic, c.stance, c.quote, c.doc_id, d.url
FROM claims c JOIN events e USING (event_id) JOIN documents d ON d.doc_id = c.doc_id
WHERE c.same_as IS NULL
UNION ALL
SELECT e.company, c.event_id, e.kind, r.fetched_at, 'claim_withdrawn',
       coalesce(c.speaker, c.attribution), c.attribution, c.topic, c.stance, c.quote, c.doc_id, d.url
FROM claims c JOIN events e USING (event_id) JOIN documents d ON d.doc_id = c.doc_id
JOIN document_revisions r ON r.doc_id = c.doc_id AND r.revision = c.withdrawn_revision
WHERE c.withdrawn_revision IS NOT NULL
UNION ALL
SELECT e.company, k.event_id, e.kind, greatest(a.published_at, b.published_at), 'conflict',
       coalesce(a.speaker, a.attribution) || ' vs ' || coalesce(b.speaker, b.attribution),
       NULL, k.topic, k.status, k.description, b.doc_id, db.url
FROM conflicts k JOIN events e USING (event_id)
JOIN claims a ON a.claim_id = k.claim_a JOIN claims b ON b.claim_id = k.claim_b
JOIN documents db ON db.doc_id = b.doc_id
ORDER BY company, happened_at NULLS LAST, entry
"""

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "contract tables, revisions, crawl state, runs and digests",
        [
            """CREATE TABLE documents (
                doc_id VARCHAR PRIMARY KEY,
                url VARCHAR NOT NULL,
                canonical_url VARCHAR NOT NULL UNIQUE,
                source_id VARCHAR,
                outlet VARCHAR,
                title VARCHAR,
                published_at TIMESTAMP,
                fetched_at TIMESTAMP NOT NULL,
                text VARCHAR NOT NULL,
                content_hash VARCHAR NOT NULL,
                duplicate_of VARCHAR,
                processed_at TIMESTAMP,
                revision INTEGER NOT NULL DEFAULT 1,
                date_source VARCHAR,
                source_kind VARCHAR,
                company_hint VARCHAR,
                etag VARCHAR,
                last_modified VARCHAR,
                word_count INTEGER,
                author VARCHAR
            )""",
            """CREATE TABLE document_revisions (
                doc_id VARCHAR NOT NULL,
                revision INTEGER NOT NULL,
                fetched_at TIMESTAMP NOT NULL,
                title VARCHAR,
                text VARCHAR NOT NULL,
                content_hash VARCHAR NOT NULL,
                PRIMARY KEY (doc_id, revision)
            )""",
            """CREATE TABLE companies (
                company VARCHAR PRIMARY KEY,
                aliases VARCHAR[],
                parent VARCHAR,
                ticker VARCHAR,
                products VARCHAR[],
                domains VARCHAR[],
                ambiguous BOOLEAN DEFAULT FALSE,
                origin VARCHAR DEFAULT 'reference'
            )""",
            """CREATE TABLE events (
                event_id VARCHAR PRIMARY KEY,
                company VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                started_at TIMESTAMP,
                ended_at TIMESTAMP,
                duration_hours DOUBLE,
                severity VARCHAR,
                services VARCHAR[],
                summary VARCHAR,
                first_reported_at TIMESTAMP,
                updated_at TIMESTAMP,
                date_basis VARCHAR,
                date_precision VARCHAR
            )""",
            """CREATE TABLE event_documents (
                event_id VARCHAR NOT NULL,
                doc_id VARCHAR NOT NULL,
                role VARCHAR DEFAULT 'report',
                PRIMARY KEY (event_id, doc_id)
            )""",
            """CREATE TABLE event_vectors (
                event_id VARCHAR PRIMARY KEY,
                vector FLOAT[],
                reports INTEGER,
                kind_votes JSON
            )""",
            """CREATE TABLE document_fingerprints (
                doc_id VARCHAR PRIMARY KEY,
                minhash BIGINT[],
                sentences BIGINT[],
                published_at TIMESTAMP
            )""",
            """CREATE TABLE claims (
                claim_id VARCHAR PRIMARY KEY,
                event_id VARCHAR NOT NULL,
                doc_id VARCHAR NOT NULL,
                attribution VARCHAR NOT NULL,
                speaker VARCHAR,
                topic VARCHAR NOT NULL,
                stance VARCHAR NOT NULL,
                quote VARCHAR NOT NULL,
                published_at TIMESTAMP,
                confidence DOUBLE,
                same_as VARCHAR,
                carrier VARCHAR,
                revision INTEGER DEFAULT 1,
                withdrawn_revision INTEGER,
                note VARCHAR,
                channel VARCHAR
            )""",
            """CREATE TABLE conflicts (
                conflict_id VARCHAR PRIMARY KEY,
                event_id VARCHAR NOT NULL,
                claim_a VARCHAR NOT NULL,
                claim_b VARCHAR NOT NULL,
                topic VARCHAR NOT NULL,
                description VARCHAR,
                status VARCHAR DEFAULT 'open',
                detected_at TIMESTAMP
            )""",
            """CREATE TABLE feeds (
                feed_url VARCHAR PRIMARY KEY,
                etag VARCHAR,
                last_modified VARCHAR,
                last_status INTEGER,
                last_fetched_at TIMESTAMP,
                entries INTEGER
            )""",
            """CREATE TABLE runs (
                run_id VARCHAR PRIMARY KEY,
                flow VARCHAR,
                started_at TIMESTAMP,
                finished_at TIMESTAMP,
                status VARCHAR,
                summary JSON
            )""",
            """CREATE TABLE skips (
                run_id VARCHAR,
                url VARCHAR,
                reason VARCHAR,
                detail VARCHAR,
                skipped_at TIMESTAMP
            )""",
            """CREATE TABLE digests (
                digest_date DATE PRIMARY KEY,
                status VARCHAR,
                subject VARCHAR,
                recipients VARCHAR[],
                html_path VARCHAR,
                events INTEGER,
                attempts INTEGER DEFAULT 0,
                sent_at TIMESTAMP,
                error VARCHAR
            )""",
            TIMELINE_VIEW,
        ],
    ),
    (
        2,
        'claims.stated_at: when a statement was made, where the text says ("said in August")',
        ["ALTER TABLE claims ADD COLUMN stated_at DATE"],
    ),
]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The newest migration applied to this file (0 for a new file)."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, note VARCHAR, applied_at TIMESTAMP)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every migration newer than the file's version, each in its own transaction."""
    version = current_version(con)
    for number, note, statements in MIGRATIONS:
        if number <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        for statement in statements:
            con.execute(statement)
        con.execute(
            "INSERT INTO schema_version VALUES (?, ?, ?)",
            [number, note, datetime.now(UTC).replace(tzinfo=None)],
        )
        con.execute("COMMIT")
        version = number
    return version
