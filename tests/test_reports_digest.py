"""The digest's content: its window, independent-source counts, sections, and escaping of crawled values.

The realistic cases read the processed sample corpus (`corpus_store`); the
counting and escaping cases use a small store written here through the
store's own writers, so what they expect is visible in the test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest

from nlp.records import ClaimRecord, ConflictRecord, EventRecord, ProcessResult
from pipelines.store import ensure_schema, transaction
from pipelines.store import reporting as store
from pipelines.store.documents import write_articles
from pipelines.store.extraction import write_result
from reports.chart import PNG_SIGNATURE
from reports.digest import build_digest, mark_rising, preview_digest, write_preview
from reports.render import render_file, render_mail, render_text
from reports.trends import build_table
from spiders.items import ArticleItem

HOSTILE_TITLE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
DAY = dt.date(2026, 3, 10)


def _article(doc_id: str, url: str, title: str, outlet: str, at: dt.datetime) -> ArticleItem:
    return ArticleItem(
        url=url,
        source_id="test",
        fetched_at=at,
        text=f"{title} — body of {doc_id}.",
        title=title,
        outlet=outlet,
        published_at=at,
        canonical_url=f"https://canonical.example/{doc_id}",
        doc_id=doc_id,
    )


def _claim(
    claim_id: str, doc_id: str, attribution: str, speaker: str, stance: str, quote: str, **extra: Any
) -> ClaimRecord:
    return ClaimRecord(
        claim_id=claim_id,
        event_id="ev_hostile",
        doc_id=doc_id,
        attribution=attribution,
        speaker=speaker,
        topic="ai_involvement",
        stance=stance,
        quote=quote,
        published_at=dt.datetime(2026, 3, 10, 9),
        confidence=0.9,
        **extra,
    )


def hostile_store(db: Path) -> Path:
    """One event: an original page with a hostile title, three reprints of it, and another outlet whose URL
    is a javascript: link; a spokesperson's limiting statement (repeated in a reprint and in the other
    outlet) against an internal document, in open conflict."""
    ensure_schema(db)
    at = dt.datetime(2026, 3, 10, 8, 0)
    docs = [
        _article("d_orig", "https://wire.example/a", HOSTILE_TITLE, "<b>Wire</b>", at),
        *(_article(f"d_copy{i}", f"https://copy{i}.example/a", HOSTILE_TITLE, f"Reposter {i}", at) for i in (1, 2, 3)),
        _article("d_other", "javascript:alert(3)", "Second outlet's own report", "Other Daily", at),
    ]
    event = EventRecord(
        event_id="ev_hostile",
        company="Amazon",
        kind="outage",
        started_at=dt.datetime(2026, 3, 9),
        ended_at=None,
        duration_hours=6.0,
        severity="Sev-1",
        services=["checkout", "<i>login</i>"],
        summary="<img src=x onerror=alert(4)> checkout down",
        first_reported_at=at,
        updated_at=at,
        date_basis="published",
        vector=[],
        reports=5,
    )
    spokesperson = "“<script>alert(5)</script> Only one incident was related to AI tools,” a spokesperson said."
    claims = [
        _claim("c_limits", "d_orig", "spokesperson", "an Amazon spokesperson", "limits", spokesperson),
        _claim(
            "c_repost",
            "d_copy1",
            "spokesperson",
            "an Amazon spokesperson",
            "limits",
            spokesperson,
            same_as="c_limits",
        ),
        _claim(
            "c_other",
            "d_other",
            "spokesperson",
            "an Amazon spokesperson",
            "limits",
            spokesperson,
            same_as="c_limits",
        ),
        _claim(
            "c_memo",
            "d_other",
            "internal_document",
            "an internal memo",
            "asserts",
            "AI-assisted changes <b>caused</b> it",
            channel="internal",
        ),
    ]
    result = ProcessResult(
        events=[event],
        links=[("ev_hostile", d.doc_id or "", "report") for d in docs],
        claims=claims,
        conflicts=[
            ConflictRecord(
                "k1",
                "ev_hostile",
                "c_memo",
                "c_limits",
                "ai_involvement",
                "<u>memo vs spokesperson</u>",
                "open",
                at,
            )
        ],
        touched_events={"ev_hostile"},
        duplicates={"d_copy1": "d_orig", "d_copy2": "d_orig", "d_copy3": "d_orig"},
        processed=[d.doc_id or "" for d in docs],
    )
    with transaction(db) as con:
        write_articles(con, docs)
        write_result(con, result)
    return db


# -- counting and escaping on the hand-made store --------------------------------------------------------


def test_reprints_count_once(tmp_path: Path) -> None:
    digest = build_digest(hostile_store(tmp_path / "s.duckdb"), DAY)
    [event] = digest.new_events
    assert event.independent_sources == 2  # the original and the other outlet; three reprints add nothing
    assert event.documents == 5
    original = next(s for s in event.sources if s.url == "https://wire.example/a")
    assert original.copied_by == ["Reposter 1", "Reposter 2", "Reposter 3"]
    [item] = digest.ai
    assert item.position == "limited"  # the company's own word; the internal memo is not the company speaking
    spokesperson = next(s for s in item.statements if s.attribution == "spokesperson")
    assert spokesperson.repeated_by == 1  # the reprint repeats it too, but only the other outlet is another source
    assert len(item.statements) == 2  # each statement once
    [conflict] = digest.conflicts
    assert {conflict.side_a.attribution, conflict.side_b.attribution} == {"internal_document", "spokesperson"}


def test_hostile_values_are_escaped(tmp_path: Path) -> None:
    digest = build_digest(hostile_store(tmp_path / "s.duckdb"), DAY)
    html, text, cid = render_mail(digest)
    assert "<script" not in html.lower()
    assert "<img src=x" not in html
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;b&gt;Wire&lt;/b&gt;" in html
    assert "&lt;u&gt;memo vs spokesperson&lt;/u&gt;" in html
    assert "javascript:" not in html  # not a link, not shown
    assert 'href="https://wire.example/a"' in html
    assert f'src="cid:{cid}"' in html
    assert HOSTILE_TITLE in text
    assert "&lt;" not in text
    file_html = render_file(digest)
    assert "<script" not in file_html.lower()
    assert 'src="data:image/png;base64,' in file_html


# -- the window ------------------------------------------------------------------------------------------


def _sql(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_window_without_earlier_digest_looks_back_a_week(corpus_store: tuple[Path, Any]) -> None:
    db = corpus_store[0]
    digest = build_digest(db, dt.date(2025, 7, 25))
    assert digest.window_after == dt.date(2025, 7, 18)
    assert "7 days" in digest.window_basis
    expected = _sql(
        db,
        """SELECT event_id FROM events
           WHERE first_reported_at >= '2025-07-19' AND first_reported_at < '2025-07-26'""",
    )
    assert {e.event_id for e in digest.new_events} == {r[0] for r in expected}
    assert {e.company for e in digest.new_events} >= {"Replit"}


def test_window_starts_at_the_last_sent_digest(corpus_copy: Path) -> None:
    with transaction(corpus_copy) as con:
        store.record_attempt(con, dt.date(2025, 7, 25), subject="s", recipients=["a@x"], html_path="h", events=3)
        store.mark_sent(con, dt.date(2025, 7, 25), dt.datetime(2025, 7, 25, 7))
        store.record_attempt(con, dt.date(2025, 7, 28), subject="s", recipients=["a@x"], html_path="h", events=3)
        store.mark_failed(con, dt.date(2025, 7, 28), "451 try later")  # a failed digest does not move the window
    digest = build_digest(corpus_copy, dt.date(2025, 7, 31))
    assert digest.window_after == dt.date(2025, 7, 25)
    assert "2025-07-25" in digest.window_basis
    assert not digest.new_events or all(
        dt.date(2025, 7, 26) <= e.first_reported_at.date() <= dt.date(2025, 7, 31)  # type: ignore[union-attr]
        for e in digest.new_events
    )
    # events reported before the window that gained statements inside it
    expected = _sql(
        corpus_copy,
        """SELECT DISTINCT c.event_id FROM claims c JOIN events e USING (event_id)
           WHERE c.same_as IS NULL AND c.published_at >= '2025-07-26' AND c.published_at < '2025-08-01'
             AND e.first_reported_at < '2025-07-26'""",
    )
    assert {e.event_id for e in digest.updated_events} == {r[0] for r in expected} != set()
    for event in digest.updated_events:
        assert event.new_statements
        for s in event.new_statements:
            assert s.published_at is not None
            assert dt.date(2025, 7, 26) <= s.published_at.date() <= dt.date(2025, 7, 31)
    since = build_digest(corpus_copy, dt.date(2025, 7, 31), since=dt.date(2025, 7, 20))
    assert since.window_after == dt.date(2025, 7, 19)
    assert {e.company for e in since.new_events} >= {"Replit"}


# -- sections on the realistic store ---------------------------------------------------------------------


def test_sources_match_the_store(corpus_store: tuple[Path, Any]) -> None:
    db = corpus_store[0]
    digest = preview_digest(db)
    counts = dict(
        _sql(
            db,
            """SELECT ed.event_id, count(DISTINCT coalesce(d.duplicate_of, d.doc_id))
               FROM event_documents ed JOIN documents d USING (doc_id) GROUP BY ed.event_id""",
        )
    )
    assert digest.new_events
    for event in digest.new_events:
        assert event.independent_sources == counts[event.event_id]
    assert any(e.documents > e.independent_sources for e in digest.new_events)  # the corpus has syndicated copies


def test_preview_covers_every_event_with_all_sections(corpus_store: tuple[Path, Any], tmp_path: Path) -> None:
    db = corpus_store[0]
    digest = preview_digest(db)
    [(events, first, last)] = _sql(db, "SELECT count(*), min(first_reported_at), max(first_reported_at) FROM events")
    assert len(digest.new_events) == events
    assert digest.day == last.date()
    assert digest.window_from == first.date()
    assert digest.conflicts
    assert all(c.side_a.quote and c.side_b.quote for c in digest.conflicts)
    amazon = [a for a in digest.ai if a.event.company == "Amazon"]
    assert amazon
    assert amazon[0].position == "limited"
    assert {s.attribution for s in amazon[0].by_stance("asserts")} >= {"internal_document", "media_report"}
    assert digest.chart_png.startswith(PNG_SIGNATURE)
    assert [(r.company, r.label) for r in digest.rising] == [
        (r.company, r.label) for r in digest.rising if r.flagged and r.count >= 2 and (r.p_value or 1) < 0.05
    ]
    path = write_preview(db, tmp_path / "out" / "digest.html")
    html = path.read_text(encoding="utf-8")
    for heading in ("New events", "Events with new claims", "Open conflicts", "AI involvement", "rising"):
        assert heading in html
    assert 'src="data:image/png;base64,' in html
    assert "<script" not in html.lower()
    text = render_text(digest)
    for heading in ("NEW EVENTS", "EVENTS WITH NEW CLAIMS", "OPEN CONFLICTS", "AI INVOLVEMENT", "RISING"):
        assert heading in text


@pytest.mark.parametrize("day", [dt.date(2001, 1, 1)])
def test_empty_window_still_renders(corpus_store: tuple[Path, Any], day: dt.date) -> None:
    digest = build_digest(corpus_store[0], day)
    assert digest.event_count == 0
    assert digest.subject.endswith("0 new events, 0 with new claims, 0 open conflicts")
    html, text, _ = render_mail(digest)
    assert "No event was first reported in this window." in html
    assert "No event was first reported" in text


def test_chart_marks_the_digests_own_rising_months() -> None:
    """Drawn by year, the chart marks the years holding a month the digest lists as rising, nothing else."""
    days = [
        dt.datetime(2024, 1, 9),
        dt.datetime(2024, 6, 3),
        dt.datetime(2024, 6, 9),
        dt.datetime(2024, 6, 21),
    ]
    incidents = [{"event_id": f"e{i}", "company": "Acme", "happened_at": d} for i, d in enumerate(days)]
    incidents += [{"event_id": "b", "company": "Beta", "happened_at": dt.datetime(2023, 2, 1)}]
    rising = build_table(incidents, "month", dt.date(2023, 1, 1)).flagged()
    assert [(c.company, c.label) for c in rising] == [("Acme", "2024-06")]
    yearly = mark_rising(build_table(incidents, "year", dt.date(2023, 1, 1)), rising)
    assert [(c.company, c.label) for c in yearly.cells if c.flagged] == [("Acme", "2024")]
