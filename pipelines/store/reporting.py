"""What the digest and the trends read, and the record of digests sent.

Reads return plain dicts (column name -> value) so reports/ never sees SQL.
Counting rules that analysts rely on live here, next to the SQL:

- an event's independent sources are its linked documents folded onto their
  originals (`coalesce(duplicate_of, doc_id)`), so ten reprints of one report
  count once;
- a statement is a claim with `same_as IS NULL`; its repeats in other reports
  are counted, not listed again.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import duckdb


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


# -- coverage --------------------------------------------------------------------------------------------


def report_span(con: duckdb.DuckDBPyConnection) -> tuple[datetime | None, datetime | None]:
    """The first and last time an event was first reported: the store's coverage."""
    row = con.execute("SELECT min(first_reported_at), max(first_reported_at) FROM events").fetchone()
    return (row[0], row[1]) if row else (None, None)


def first_incident(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """The earliest incident date in the store; trend baselines start there."""
    row = con.execute("SELECT min(coalesce(started_at, first_reported_at)) FROM events").fetchone()
    return row[0] if row else None


# -- events and their sources ----------------------------------------------------------------------------

EVENT_COLUMNS = """e.event_id, e.company, e.kind, e.started_at, e.ended_at, e.first_reported_at,
                   e.severity, e.duration_hours, coalesce(e.services, []) AS services,
                   coalesce(e.summary, '') AS summary"""


def events_first_reported(con: duckdb.DuckDBPyConnection, after: date, through: date) -> list[dict[str, Any]]:
    """Events first reported on a day in (after, through], oldest first."""
    sql = f"""SELECT {EVENT_COLUMNS} FROM events e
              WHERE coalesce(e.first_reported_at, e.started_at) >= ?
                AND coalesce(e.first_reported_at, e.started_at) < ?
              ORDER BY coalesce(e.first_reported_at, e.started_at), e.company, e.event_id"""  # noqa: S608 - fixed columns
    return _dicts(con, sql, [_day_start(after + timedelta(days=1)), _day_start(through + timedelta(days=1))])


def events_by_id(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[dict[str, Any]]:
    sql = f"""SELECT {EVENT_COLUMNS} FROM events e WHERE list_contains(?, e.event_id)
              ORDER BY e.first_reported_at NULLS LAST, e.company, e.event_id"""  # noqa: S608 - fixed columns
    return _dicts(con, sql, [sorted(event_ids)])


def event_sources(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per event, one row per independent source (an original document), with the copies that repeat it."""
    rows = _dicts(
        con,
        """WITH links AS (
               SELECT ed.event_id, ed.role, d.doc_id, coalesce(d.duplicate_of, d.doc_id) AS origin, d.outlet
               FROM event_documents ed JOIN documents d USING (doc_id)
               WHERE list_contains(?, ed.event_id))
           SELECT l.event_id, l.origin AS doc_id, o.outlet, o.title, o.url, o.published_at,
                  max(l.role) AS role, count(DISTINCT l.doc_id) AS documents,
                  list(DISTINCT l.outlet ORDER BY l.outlet) FILTER (WHERE l.doc_id <> l.origin) AS copied_by
           FROM links l JOIN documents o ON o.doc_id = l.origin
           GROUP BY l.event_id, l.origin, o.outlet, o.title, o.url, o.published_at
           ORDER BY l.event_id, o.published_at NULLS LAST, o.outlet""",
        [sorted(event_ids)],
    )
    out: dict[str, list[dict[str, Any]]] = {e: [] for e in event_ids}
    for row in rows:
        row["copied_by"] = [o for o in row["copied_by"] or [] if o]
        out[row["event_id"]].append(row)
    return out


# -- claims and conflicts --------------------------------------------------------------------------------

CLAIM_SELECT = """
    SELECT c.claim_id, c.event_id, c.attribution, c.speaker, c.topic, c.stance, c.quote, c.channel, c.note,
           c.withdrawn_revision IS NOT NULL AS withdrawn,
           coalesce(c.published_at, d.published_at, d.fetched_at) AS published_at,
           d.outlet, d.url, d.title,
           (SELECT count(DISTINCT coalesce(rd.duplicate_of, rd.doc_id))
            FROM claims r JOIN documents rd USING (doc_id)
            WHERE r.same_as = c.claim_id
              AND coalesce(rd.duplicate_of, rd.doc_id) <> coalesce(d.duplicate_of, d.doc_id)) AS repeated_by
    FROM claims c JOIN documents d ON d.doc_id = c.doc_id"""


def claims_by_id(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = _dicts(con, f"{CLAIM_SELECT} WHERE list_contains(?, c.claim_id)", [sorted(claim_ids)])
    return {row["claim_id"]: row for row in rows}


def statements_published(
    con: duckdb.DuckDBPyConnection, after: date, through: date, reported_before: date
) -> list[dict[str, Any]]:
    """Distinct statements first published in (after, through] about events first reported on or before
    `reported_before` (older events that gained news)."""
    sql = f"""{CLAIM_SELECT} JOIN events e ON e.event_id = c.event_id
              WHERE c.same_as IS NULL
                AND coalesce(c.published_at, d.published_at, d.fetched_at) >= ?
                AND coalesce(c.published_at, d.published_at, d.fetched_at) < ?
                AND coalesce(e.first_reported_at, e.started_at) < ?
              ORDER BY c.event_id, published_at, c.claim_id"""
    params = [_day_start(after + timedelta(days=1)), _day_start(through + timedelta(days=1))]
    return _dicts(con, sql, [*params, _day_start(reported_before + timedelta(days=1))])


def statements_on(
    con: duckdb.DuckDBPyConnection, event_ids: list[str], topic: str | None = None
) -> list[dict[str, Any]]:
    """Every distinct statement about these events (one topic, or all), oldest first."""
    where = "c.same_as IS NULL AND list_contains(?, c.event_id)"
    params: list[Any] = [sorted(event_ids)]
    if topic:
        where += " AND c.topic = ?"
        params.append(topic)
    sql = f"{CLAIM_SELECT} WHERE {where} ORDER BY c.event_id, published_at, c.claim_id"
    return _dicts(con, sql, params)


def open_conflicts(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[dict[str, Any]]:
    """Open conflicts on these events, with both sides' claims."""
    rows = _dicts(
        con,
        """SELECT k.conflict_id, k.event_id, k.topic, k.description, k.status, k.detected_at,
                  k.claim_a, k.claim_b
           FROM conflicts k WHERE k.status = 'open' AND list_contains(?, k.event_id)
           ORDER BY k.event_id, k.topic, k.conflict_id""",
        [sorted(event_ids)],
    )
    sides = claims_by_id(con, [c for row in rows for c in (row["claim_a"], row["claim_b"])])
    for row in rows:
        row["side_a"], row["side_b"] = sides.get(row["claim_a"]), sides.get(row["claim_b"])
    return [row for row in rows if row["side_a"] and row["side_b"]]


# -- companies and trends --------------------------------------------------------------------------------


def company_names(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Each company with its parent and aliases: who counts as the company itself."""
    return _dicts(con, "SELECT company, parent, coalesce(aliases, []) AS aliases FROM companies ORDER BY company")


def incidents(
    con: duckdb.DuckDBPyConnection,
    *,
    kind: str | None = None,
    companies: list[str] | None = None,
    known_by: date | None = None,
) -> list[dict[str, Any]]:
    """Events with the date they happened (started_at, else first_reported_at), optionally filtered.

    A company filter matches the company, its aliases or its parent (so `Amazon` takes in AWS);
    `known_by` keeps only events first reported by the end of that day.
    """
    where: list[str] = ["coalesce(e.started_at, e.first_reported_at) IS NOT NULL"]
    params: list[Any] = []
    if kind:
        where.append("e.kind = ?")
        params.append(kind)
    if companies:
        where.append(
            """list_has_any(?, list_concat([lower(e.company), lower(coalesce(c.parent, ''))],
                                           list_transform(coalesce(c.aliases, []), a -> lower(a))))"""
        )
        params.append([name.lower() for name in companies])
    if known_by:
        where.append("coalesce(e.first_reported_at, e.started_at) < ?")
        params.append(_day_start(known_by + timedelta(days=1)))
    sql = f"""SELECT e.event_id, e.company, e.kind, e.first_reported_at,
                     coalesce(e.started_at, e.first_reported_at) AS happened_at
              FROM events e LEFT JOIN companies c ON c.company = e.company
              WHERE {" AND ".join(where)} ORDER BY happened_at, e.company"""  # noqa: S608 - fixed clauses
    return _dicts(con, sql, params)


# -- the record of digests -------------------------------------------------------------------------------


def digest_state(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, Any] | None:
    """The digests row for a date (status sending | sent | failed), or None if none was tried."""
    rows = _dicts(con, "SELECT * FROM digests WHERE digest_date = ?", [day])
    return rows[0] if rows else None


def last_sent_before(con: duckdb.DuckDBPyConnection, day: date) -> date | None:
    """The date of the latest digest sent for a date before `day`: where the next window starts."""
    row = con.execute(
        "SELECT max(digest_date) FROM digests WHERE status = 'sent' AND digest_date < ?", [day]
    ).fetchone()
    return row[0] if row else None


def record_attempt(
    con: duckdb.DuckDBPyConnection,
    day: date,
    *,
    subject: str,
    recipients: list[str],
    html_path: str,
    events: int,
) -> int:
    """Mark a send as under way (status 'sending', attempts + 1) before the mail goes out; return attempts."""
    con.execute(
        """INSERT INTO digests (digest_date, status, subject, recipients, html_path, events, attempts, error)
           VALUES (?, 'sending', ?, ?, ?, ?, 1, NULL)
           ON CONFLICT (digest_date) DO UPDATE SET status = 'sending', subject = excluded.subject,
               recipients = excluded.recipients, html_path = excluded.html_path, events = excluded.events,
               attempts = coalesce(digests.attempts, 0) + 1, error = NULL""",
        [day, subject, recipients, html_path, events],
    )
    row = con.execute("SELECT attempts FROM digests WHERE digest_date = ?", [day]).fetchone()
    return int(row[0]) if row else 1


def mark_sent(con: duckdb.DuckDBPyConnection, day: date, sent_at: datetime) -> None:
    con.execute("UPDATE digests SET status = 'sent', sent_at = ?, error = NULL WHERE digest_date = ?", [sent_at, day])


def mark_failed(con: duckdb.DuckDBPyConnection, day: date, error: str) -> None:
    """A failed send stays 'failed' (not 'sent'), so the next run for that date tries again."""
    con.execute("UPDATE digests SET status = 'failed', error = ? WHERE digest_date = ?", [error[:2000], day])
