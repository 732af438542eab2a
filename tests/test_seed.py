"""The seed article (../shared/seed/) must come out as its .expected.md says, however it is served.

It is served as the raw text file and as bare HTML (one <p> per line, no
markup to tell boilerplate from story), crawled from a loopback feed, and
processed with the real models. The first case runs the real command.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import duckdb
import pytest

from flows.localsite import LocalSite, Page
from flows.process import process_pending
from tests.conftest import crawl_into

SEED = Path(__file__).resolve().parents[1] / "corpus" / "articles" / "amazon-2026-gate-seed.txt"
PUBLISHED = datetime(2026, 3, 11, 8, 30)
BOILERPLATE = ["View Original", "Disclaimer", "0/400", "No comments", "DJI", "Lobster", "Comment\n"]


def _feed(site: LocalSite, path: str) -> str:
    item = (
        f"<item><title>Amazon outages</title><link>{site.url(path)}</link>"
        f"<pubDate>{format_datetime(PUBLISHED.replace(tzinfo=UTC))}</pubDate></item>"
    )
    site.add_text(
        "/feed.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gate News</title>{item}</channel></rss>',
        "application/rss+xml",
    )
    return site.url("/feed.xml")


def _as_bare_html(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    title = html.escape(lines[0])
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"


def _read(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        return {
            "docs": q("SELECT doc_id, text, published_at FROM documents"),
            "events": q(
                "SELECT event_id, company, kind, duration_hours, services, severity, started_at, first_reported_at "
                "FROM events"
            ),
            "claims": q("SELECT claim_id, attribution, speaker, topic, stance, quote, note, same_as FROM claims"),
            "conflicts": q("SELECT claim_a, claim_b, topic, status FROM conflicts"),
        }
    finally:
        con.close()


def check_seed(db: Path) -> None:
    """Everything ../shared/seed/amazon-outages-2026.expected.md asks for."""
    data = _read(db)
    assert len(data["docs"]) == 1
    _, text, published = data["docs"][0]
    for junk in BOILERPLATE:
        assert junk not in text, f"boilerplate kept: {junk!r}"
    assert "Dave Treadwell" in text  # the story itself is kept
    assert "routine operational review" in text

    assert len(data["events"]) == 1, data["events"]
    _, company, kind, hours, services, severity, started, first = data["events"][0]
    assert (company, kind) == ("Amazon", "outage")
    assert hours == pytest.approx(6.0)
    assert {"checkout", "pricing", "login"} <= set(services)
    assert severity == "Sev-1"
    assert abs((published - timedelta(days=7)) - started) <= timedelta(days=1)  # "within the past week"
    assert first == published

    claims = {c[0]: c for c in data["claims"]}
    by = lambda attribution, topic: [c for c in claims.values() if c[1] == attribution and c[3] == topic]  # noqa: E731
    document = by("internal_document", "ai_involvement")
    spokesperson_ai = by("spokesperson", "ai_involvement")
    assert document
    assert document[0][4] == "asserts"
    assert "Generative AI-assisted production changes" in document[0][5]
    assert "removed before the meeting" in (document[0][6] or "")  # the source's retraction, kept with the claim
    assert spokesperson_ai
    assert spokesperson_ai[0][4] == "limits"
    assert "Only one recent incident" in spokesperson_ai[0][5]
    assert any(c[4] == "denies" and "routine operational review" in c[5] for c in by("spokesperson", "scope"))
    assert any("four high-severity" in c[5] and c[4] == "asserts" for c in by("executive", "scope"))
    assert any(c[2] == "CNBC" and c[4] == "asserts" for c in by("media_report", "ai_involvement"))
    assert any("review processes" in c[5] for c in claims.values() if c[3] == "remediation")
    assert not any("TukiFromKL" in (c[2] or "") or "more dangerous than AI" in c[5] for c in claims.values())

    pairs = [(claims[a], claims[b], topic) for a, b, topic, _ in data["conflicts"]]
    assert any(
        topic == "ai_involvement" and {x[1] for x in (a, b)} == {"internal_document", "spokesperson"}
        for a, b, topic in pairs
    ), pairs
    assert any(topic == "scope" and {x[1] for x in (a, b)} == {"executive", "spokesperson"} for a, b, topic in pairs), (
        pairs
    )


@pytest.mark.slow
def test_seed_served_as_text_through_the_command(site: LocalSite, tmp_path: Path) -> None:
    site.add("/news/amazon-outages", Page(SEED.read_bytes(), "text/plain; charset=utf-8"))
    feed = _feed(site, "/news/amazon-outages")
    db = tmp_path / "seed.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--db", str(db), "--feed", feed],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "documents new" in done.stdout
    assert "events new / updated" in done.stdout
    check_seed(db)


@pytest.mark.slow
def test_seed_served_as_bare_html(site: LocalSite, db_path: Path) -> None:
    site.add_text("/news/amazon-outages.html", _as_bare_html(SEED.read_text(encoding="utf-8")))
    crawl_into(db_path, [_feed(site, "/news/amazon-outages.html")])
    process_pending(db_path)
    check_seed(db_path)
