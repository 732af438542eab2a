"""What analysts read: a locked-down connection for their own SQL, and the SQL behind timeline and export.

Analysts' SQL runs on a connection that cannot write (read-only file), cannot
reach files, URLs or other databases (external access off), cannot turn those
back on (configuration locked), and cannot see Python variables as tables.
The statement check in reports.query only words the refusal; these settings
are what enforce it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from pipelines.store.connection import LOCK_WAIT_SECONDS, connect

LOCKED_DOWN = {"python_enable_replacements": False, "lock_configuration": True}


@contextmanager
def analyst_session(
    path: Path | str, *, allow_external_access: bool = False, wait: float = LOCK_WAIT_SECONDS
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short read-only connection for arbitrary SQL, settings fixed when it opens."""
    config = {**LOCKED_DOWN, "enable_external_access": allow_external_access}
    con = connect(path, read_only=True, wait=wait, config=config)
    try:
        yield con
    finally:
        con.close()


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


NAMES = """
    SELECT company, company AS name, 0 AS rank FROM companies
    UNION ALL SELECT company, unnest(aliases), 1 FROM companies
    UNION ALL SELECT company, unnest(products), 2 FROM companies
    UNION ALL SELECT DISTINCT company, company, 0 FROM events
"""


def company_family(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, int]]:
    """(company, depth) for what a name means (own name first, else alias, else product) at depth 0,
    then its subsidiaries, their subsidiaries and so on."""
    sql = f"""
        WITH RECURSIVE names AS ({NAMES}),
        hits AS (SELECT company, rank FROM names WHERE lower(name) = lower($name)),
        best AS (SELECT DISTINCT company FROM hits WHERE rank = (SELECT min(rank) FROM hits)),
        family(company, depth) AS (
            SELECT company, 0 FROM best
            UNION SELECT c.company, f.depth + 1 FROM companies c JOIN family f ON c.parent = f.company
            WHERE f.depth < 8
        )
        SELECT company, min(depth) AS depth FROM family GROUP BY company ORDER BY depth, company"""  # noqa: S608
    return [(company, depth) for company, depth in con.execute(sql, {"name": name.strip()}).fetchall()]


def known_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every company name, alias and product, for suggesting what a mistyped name meant."""
    sql = f"SELECT DISTINCT name FROM ({NAMES}) WHERE name IS NOT NULL"  # noqa: S608 - NAMES is ours
    return [row[0] for row in con.execute(sql).fetchall()]


def timeline_events(con: duckdb.DuckDBPyConnection, companies: list[str]) -> list[dict[str, Any]]:
    """The companies' events, oldest first, with how many independent reports and copies back each."""
    cursor = con.execute(
        """WITH backing AS (
               SELECT ed.event_id,
                      count(DISTINCT d.doc_id) FILTER (WHERE d.duplicate_of IS NULL) AS reports,
                      count(DISTINCT d.doc_id) FILTER (WHERE d.duplicate_of IS NOT NULL) AS copies
               FROM event_documents ed JOIN documents d USING (doc_id)
               GROUP BY 1
           )
           SELECT e.event_id, e.company, e.kind, e.started_at, e.ended_at, e.duration_hours, e.severity,
                  coalesce(e.services, []) AS services, e.summary, e.first_reported_at,
                  coalesce(b.reports, 0) AS reports, coalesce(b.copies, 0) AS copies
           FROM events e LEFT JOIN backing b USING (event_id)
           WHERE list_contains($companies, e.company)
           ORDER BY coalesce(e.started_at, e.first_reported_at) NULLS LAST, e.event_id""",
        {"companies": companies},
    )
    return _dicts(cursor)


def first_reports(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[dict[str, Any]]:
    """Each event's earliest non-duplicate document, as the `timeline` view picks it."""
    cursor = con.execute(
        """SELECT ed.event_id, d.doc_id, d.outlet, d.url, d.title, d.published_at
           FROM event_documents ed JOIN documents d USING (doc_id)
           WHERE d.duplicate_of IS NULL AND list_contains($events, ed.event_id)
           QUALIFY row_number() OVER (
               PARTITION BY ed.event_id ORDER BY d.published_at NULLS LAST, d.doc_id
           ) = 1""",
        {"events": event_ids},
    )
    return _dicts(cursor)


def timeline_claims(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[dict[str, Any]]:
    """Distinct statements and withdrawn ones, each with its source and the other outlets that carried it.

    A note one outlet's copy carries ("source withdrawn: …") shows on the statement, whoever reported it first.
    """
    cursor = con.execute(
        """WITH echoes AS (
               SELECT c.same_as AS claim_id,
                      list(DISTINCT d.outlet ORDER BY d.outlet) FILTER (WHERE d.outlet IS NOT NULL) AS outlets,
                      list(DISTINCT c.note) FILTER (WHERE c.note IS NOT NULL) AS notes
               FROM claims c JOIN documents d USING (doc_id)
               WHERE c.same_as IS NOT NULL AND (d.outlet IS NOT NULL OR c.note IS NOT NULL)
               GROUP BY 1
           )
           SELECT c.claim_id, c.event_id, c.published_at, c.attribution, c.speaker, c.topic, c.stance,
                  c.quote,
                  nullif(array_to_string(list_sort(list_distinct(list_filter(
                      list_prepend(c.note, coalesce(x.notes, [])), n -> n IS NOT NULL))), '; '), '') AS note,
                  c.carrier, c.channel, c.same_as, c.withdrawn_revision,
                  r.fetched_at AS withdrawn_at, d.outlet, d.url, coalesce(x.outlets, []) AS also_in
           FROM claims c JOIN documents d USING (doc_id)
           LEFT JOIN document_revisions r ON r.doc_id = c.doc_id AND r.revision = c.withdrawn_revision
           LEFT JOIN echoes x ON x.claim_id = c.claim_id
           WHERE (c.same_as IS NULL OR c.withdrawn_revision IS NOT NULL)
             AND list_contains($events, c.event_id)""",
        {"events": event_ids},
    )
    return _dicts(cursor)


SIDE = """{p}.claim_id AS {p}_claim_id, {p}.speaker AS {p}_speaker, {p}.attribution AS {p}_attribution,
          {p}.stance AS {p}_stance, {p}.quote AS {p}_quote, {p}.published_at AS {p}_published_at,
          d{p}.outlet AS {p}_outlet, d{p}.url AS {p}_url"""


def timeline_conflicts(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[dict[str, Any]]:
    """Conflicts with both sides spelled out (a_* and b_* columns), dated by the later side."""
    cursor = con.execute(
        f"""SELECT k.conflict_id, k.event_id, k.topic, k.status, k.description, k.detected_at,
                   greatest(a.published_at, b.published_at) AS happened_at,
                   {SIDE.format(p="a")}, {SIDE.format(p="b")}
            FROM conflicts k
            JOIN claims a ON a.claim_id = k.claim_a JOIN claims b ON b.claim_id = k.claim_b
            JOIN documents da ON da.doc_id = a.doc_id JOIN documents db ON db.doc_id = b.doc_id
            WHERE list_contains($events, k.event_id)""",  # noqa: S608 - SIDE is ours
        {"events": event_ids},
    )
    return _dicts(cursor)


def timeline_view_rows(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[dict[str, Any]]:
    """The `timeline` view's rows for some events (the contract the timeline command must agree with)."""
    sql = "SELECT * FROM timeline WHERE list_contains($events, event_id)"
    return _dicts(con.execute(sql, {"events": event_ids}))


def exportable(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'table' or 'view') of every relation in the store's main schema, tables first."""
    rows = con.execute(
        """SELECT table_name, CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END AS kind
           FROM information_schema.tables
           WHERE table_catalog = current_database() AND table_schema = 'main'
           ORDER BY kind, table_name"""
    ).fetchall()
    return [(name, kind) for name, kind in rows]


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def copy_to_parquet(con: duckdb.DuckDBPyConnection, relation: str, target: Path) -> int:
    """Write one table or view to a Parquet file; returns the rows written."""
    source = f"SELECT * FROM {_sql_name(relation)}"  # noqa: S608 - a quoted name from exportable()
    row = con.execute(f"COPY ({source}) TO {_sql_string(str(target))} (FORMAT parquet, COMPRESSION zstd)").fetchone()
    return int(row[0]) if row else 0
