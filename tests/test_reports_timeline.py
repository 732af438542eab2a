"""`outagewatch timeline COMPANY`: a company's events with who said what, when, and from which source.

Read from the processed sample corpus; the withdrawn-claim case from the seed
article really edited by its outlet and crawled again (a second revision).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from flows.localsite import LocalSite, Page
from flows.process import process_pending
from pipelines.store import ensure_schema, session
from pipelines.store.analyst import timeline_view_rows
from reports.cli_analyst import register
from reports.timeline import CompanyTimeline, Entry, UnknownCompany, company_timeline, render
from tests.conftest import crawl_into

SEED = Path(__file__).resolve().parents[1] / "corpus" / "articles" / "amazon-2026-gate-seed.txt"
WITHDRAWN = "Only one recent incident"  # the spokesperson's line the outlet takes out in revision 2
DATED_LINE = re.compile(r"^  (\d{4}-\d\d-\d\d(?: \d\d:\d\d)?|undated)\s+(first report|claim|conflict|withdrawn)\b")


def _atom(site: LocalSite, updated: str) -> str:
    entry = (
        f'<entry><title>Amazon outages</title><link href="{site.url("/news/amazon")}"/><id>urn:seed</id>'
        f"<published>2026-03-11T08:30:00Z</published><updated>{updated}</updated></entry>"
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Gate News</title><id>urn:gate</id><updated>{updated}</updated>{entry}</feed>"
    )


def build_revised_seed_store(db: Path) -> None:
    """The seed crawled and processed; then its outlet removes the spokesperson's line, marks the item
    updated in its feed, and the page is crawled and processed again."""
    text = SEED.read_text(encoding="utf-8")
    site = LocalSite().start()
    try:
        site.add_text("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
        site.add("/news/amazon", Page(text.encode(), "text/plain; charset=utf-8"))
        site.add_text("/feed.xml", _atom(site, "2026-03-11T08:30:00Z"), "application/atom+xml")
        ensure_schema(db)
        crawl_into(db, [site.url("/feed.xml")])
        process_pending(db)
        edited = "\n".join(line for line in text.splitlines() if WITHDRAWN not in line)
        site.add("/news/amazon", Page(edited.encode(), "text/plain; charset=utf-8"))
        later = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        site.add_text("/feed.xml", _atom(site, later), "application/atom+xml")
        crawl_into(db, [site.url("/feed.xml")])
        process_pending(db)
    finally:
        site.stop()


@functools.cache
def revised_seed_store(base: Path) -> Path:
    """Built once per session under pytest's temp folder; the tests that use it only read it."""
    db = base / "revised-seed" / "seed.duckdb"
    if not db.exists():
        db.parent.mkdir(exist_ok=True)
        build_revised_seed_store(db)
    return db


@pytest.fixture
def revised_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return revised_seed_store(tmp_path_factory.getbasetemp())


def all_entries(timeline: CompanyTimeline) -> list[Entry]:
    return [entry for item in timeline.events for entry in item.entries]


def in_date_order(entries: list[Entry]) -> bool:
    keys = [entry.sort_key[:2] for entry in entries]
    return keys == sorted(keys)


def seed_event(timeline: CompanyTimeline):  # type: ignore[no-untyped-def]
    """The seed's Amazon retail outage (checkout, pricing, login)."""
    found = [
        item for item in timeline.events if item.event["company"] == "Amazon" and "checkout" in item.event["services"]
    ]
    assert len(found) == 1, [item.event for item in timeline.events]
    return found[0]


def test_alias_shows_that_company_only(corpus_store):
    timeline = company_timeline(corpus_store[0], "AWS")
    assert timeline.matched == ["Amazon Web Services"]
    assert timeline.events
    assert {item.event["company"] for item in timeline.events} == {"Amazon Web Services"}
    assert "ai_coding_incident" in {item.event["kind"] for item in timeline.events}
    assert render(timeline).startswith("Amazon Web Services (AWS): ")


def test_parent_shows_its_subsidiaries_events_in_date_order(corpus_store):
    timeline = company_timeline(corpus_store[0], "Amazon")
    assert timeline.matched == ["Amazon"]
    assert "Amazon Web Services" in timeline.subsidiaries
    assert {"Amazon", "Amazon Web Services"} <= {item.event["company"] for item in timeline.events}
    starts = [item.event["started_at"] or item.event["first_reported_at"] for item in timeline.events]
    assert starts == sorted(starts)
    for item in timeline.events:
        assert item.entries[0].kind == "first_report"
        assert in_date_order(item.entries)


def test_who_said_what_on_the_seed_event(corpus_store):
    item = seed_event(company_timeline(corpus_store[0], "Amazon"))
    claims = [e.row for e in item.entries if e.kind == "claim"]
    said = {(c["attribution"], c["topic"], c["stance"]) for c in claims}
    assert ("internal_document", "ai_involvement", "asserts") in said
    assert ("spokesperson", "ai_involvement", "limits") in said
    assert all(c["outlet"] and c["url"] for c in claims)  # every claim names its source
    notes = [c["note"] or "" for c in claims if c["attribution"] == "internal_document"]
    assert any("removed before the meeting" in note for note in notes)  # the source's retraction
    conflicts = [e.row for e in item.entries if e.kind == "conflict"]
    sides = [{k["a_attribution"], k["b_attribution"]} for k in conflicts if k["topic"] == "ai_involvement"]
    assert {"internal_document", "spokesperson"} in sides


def test_rendered_timeline_reads_in_date_order_with_sources(corpus_store):
    text = render(company_timeline(corpus_store[0], "Amazon"))
    blocks = text.split("\n== ")[1:]
    assert len(blocks) >= 2
    for block in blocks:
        dated = [DATED_LINE.match(line) for line in block.splitlines()]
        stamps = [m.group(1) for m in dated if m and m.group(1) != "undated"]
        assert stamps
        assert stamps == sorted(stamps)
    seed = next(block for block in blocks if "checkout" in block.splitlines()[0])
    assert "first report" in seed
    assert "(internal_document, via " in seed or "(internal_document)" in seed
    assert "limits · ai_involvement" in seed
    assert re.search(r"^ +A: .*\n(?: +.*\n)*? +B: ", seed, re.MULTILINE)  # both sides of a conflict
    assert "note: source withdrawn" in seed
    assert "http://127.0.0.1:" in seed


def test_entries_are_the_timeline_views(corpus_store):
    """Same rows as the `timeline` view (the contract), for every event of every company."""
    db, _ = corpus_store
    with session(db, read_only=True) as con:
        companies = [row[0] for row in con.execute("SELECT DISTINCT company FROM events").fetchall()]
        ids = [row[0] for row in con.execute("SELECT event_id FROM events").fetchall()]
        view = Counter((row["event_id"], row["entry"], row["happened_at"]) for row in timeline_view_rows(con, ids))
    mine: Counter = Counter()
    for company in companies:
        for item in company_timeline(db, company).events:
            if item.event["company"] == company:  # a parent's timeline repeats its subsidiaries' events
                mine.update((item.event["event_id"], e.kind, e.when) for e in item.entries)
    assert mine == view


@pytest.mark.parametrize(
    ("name", "company"),
    [("facebook", "Meta"), ("amazon web services", "Amazon Web Services"), ("  Fastly ", "Fastly")],
)
def test_names_resolve_by_product_alias_and_case(corpus_store, name, company):
    assert company_timeline(corpus_store[0], name).matched == [company]


def test_unknown_name_suggests_close_ones(corpus_store):
    with pytest.raises(UnknownCompany, match=r"did you mean.*Amazon"):
        company_timeline(corpus_store[0], "Amazn")


def test_withdrawn_claim_stays_on_the_record(revised_store):
    timeline = company_timeline(revised_store, "Amazon")
    item = seed_event(timeline)
    withdrawn = [e for e in item.entries if e.kind == "claim_withdrawn"]
    assert any(WITHDRAWN in e.row["quote"] for e in withdrawn)
    said = next(e for e in item.entries if e.kind == "claim" and WITHDRAWN in e.row["quote"])
    gone = next(e for e in withdrawn if WITHDRAWN in e.row["quote"])
    assert gone.row["withdrawn_revision"] == 2
    assert gone.when > said.when  # dated when the revision without it was fetched
    assert item.entries.index(gone) > item.entries.index(said)
    text = render(timeline)
    assert "no longer in revision 2" in text
    assert "withdrawn in revision 2" in text


def test_cli_timeline(corpus_store):
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    done = runner.invoke(app, ["timeline", "--db", str(corpus_store[0]), "AWS"])
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("Amazon Web Services (AWS): ")
    assert "\n== Amazon Web Services · ai_coding_incident" in done.stdout
    quiet = runner.invoke(app, ["timeline", "--db", str(corpus_store[0]), "Whole Foods"])
    assert quiet.exit_code == 0
    assert quiet.stdout.startswith("Whole Foods Market (Whole Foods): 0 events")
    unknown = runner.invoke(app, ["timeline", "--db", str(corpus_store[0]), "Amazn"])
    assert unknown.exit_code == 2
    assert "did you mean" in unknown.stderr
