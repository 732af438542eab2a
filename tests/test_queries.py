"""Every saved query in queries/ runs on the processed sample corpus, returns its documented columns,
and answers its question sensibly (checked against the gold corpus where it can be)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.corpus_site import page_path
from nlp.gold import GoldCorpus
from nlp.vocab import TOPICS
from reports.query import Limits, run_query
from tests.test_reports_timeline import WITHDRAWN, revised_seed_store

QUERIES = Path(__file__).resolve().parents[1] / "queries"
Rows = list[dict[str, Any]]


def run_saved(db: Path, name: str) -> Rows:
    result = run_query(db, (QUERIES / f"{name}.sql").read_text(encoding="utf-8"), Limits(max_rows=100_000))
    assert not result.truncated
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def scalar(db: Path, sql: str) -> Any:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]  # type: ignore[index]
    finally:
        con.close()


def check_incidents(rows: Rows, db: Path, gold: GoldCorpus) -> None:
    assert sum(r["incidents"] for r in rows) == scalar(db, "SELECT count(*) FROM events")
    assert all(r["month"].day == 1 and len(r["event_ids"]) == r["incidents"] for r in rows)
    assert [r["month"] for r in rows] == sorted(r["month"] for r in rows)
    amazon = [r for r in rows if r["company"] == "Amazon" and (r["month"].year, r["month"].month) == (2026, 3)]
    assert amazon
    assert "outage" in amazon[0]["kinds"]


def check_ai_involvement(rows: Rows, db: Path, gold: GoldCorpus) -> None:
    seed = [
        r
        for r in rows
        if r["company"] == "Amazon"
        and "internal_document" in r["asserted_by"]
        and "spokesperson" in r["denied_or_limited_by"]
    ]
    assert len(seed) == 1, rows  # the document asserts AI's part, the spokesperson limits it
    assert seed[0]["limited"] >= 1
    counted = sum(r["asserted"] + r["denied"] + r["limited"] + r["hedged"] for r in rows)
    distinct = scalar(
        db,
        """SELECT count(*) FROM claims WHERE topic = 'ai_involvement'
           AND same_as IS NULL AND withdrawn_revision IS NULL""",
    )
    carried = scalar(db, "SELECT count(*) FROM claims WHERE topic = 'ai_involvement'")
    assert counted == distinct
    assert counted < carried  # statements carried by several outlets count once
    assert len({r["event_id"] for r in rows}) == len(rows)


def check_open_conflicts(rows: Rows, db: Path, gold: GoldCorpus) -> None:
    assert len(rows) == scalar(db, "SELECT count(*) FROM conflicts WHERE status = 'open'")
    for r in rows:
        assert r["topic"] in TOPICS
        assert r["a_quote"]
        assert r["b_quote"]
        assert r["a_outlet"]
        assert r["b_outlet"]
        assert r["a_url"].startswith("http")
    amazon = [
        r
        for r in rows
        if r["company"] == "Amazon" and r["topic"] == "ai_involvement"
        if {r["a_attribution"], r["b_attribution"]} == {"internal_document", "spokesperson"}
    ]
    assert amazon


def check_first_reports(rows: Rows, db: Path, gold: GoldCorpus) -> None:
    assert len({r["event_id"] for r in rows}) == len(rows)
    assert len(rows) == scalar(
        db,
        """SELECT count(DISTINCT ed.event_id) FROM event_documents ed
           JOIN documents d USING (doc_id) WHERE d.duplicate_of IS NULL""",
    )
    fastly = [a for a in gold.articles.values() if a.slug.startswith("fastly21-") and a.duplicate_of is None]
    earliest = min(fastly, key=lambda a: a.published)
    first = [r for r in rows if r["company"] == "Fastly"]
    assert len(first) == 1
    assert first[0]["url"].endswith(page_path(earliest))
    assert first[0]["outlet"] == earliest.outlet


def check_time_to_statement(rows: Rows, db: Path, gold: GoldCorpus) -> None:
    assert sum(r["events"] for r in rows) == scalar(db, "SELECT count(*) FROM events")
    spoke = [r for r in rows if r["mean_hours"] is not None]
    assert spoke
    assert "Fastly" in {r["company"] for r in spoke}
    for r in rows:
        assert 0 <= r["events_with_statement"] <= r["events"]
    for r in spoke:
        assert 0 <= r["fastest_hours"] <= r["mean_hours"] <= r["slowest_hours"]


def check_event_sources(rows: Rows, db: Path, gold: GoldCorpus) -> None:
    assert len(rows) == scalar(db, "SELECT count(*) FROM events")
    assert [r["independent_sources"] for r in rows] == sorted((r["independent_sources"] for r in rows), reverse=True)
    for r in rows:
        assert len(r["outlets"]) <= r["independent_sources"]
    fastly = next(r for r in rows if r["company"] == "Fastly")
    assert fastly["independent_sources"] >= 3
    assert fastly["copies"] >= 1  # NewsNow Hub's automatic repost of the wire story
    assert "NewsNow Hub" not in fastly["outlets"]
    assert fastly["distinct_statements"] > 0


def check_withdrawn(rows: Rows, db: Path, gold: GoldCorpus) -> None:
    assert len(rows) == scalar(db, "SELECT count(*) FROM claims WHERE withdrawn_revision IS NOT NULL")
    assert all(r["withdrawn_revision"] is not None for r in rows)


EXPECTED: dict[str, tuple[list[str], Callable[[Rows, Path, GoldCorpus], None]]] = {
    "incidents_per_company_month": (["company", "month", "incidents", "kinds", "event_ids"], check_incidents),
    "ai_involvement_by_company": (
        [
            "company",
            "event_id",
            "kind",
            "started_at",
            "asserted",
            "denied",
            "limited",
            "hedged",
            "asserted_by",
            "denied_or_limited_by",
            "company_says",
        ],
        check_ai_involvement,
    ),
    "open_conflicts": (
        ["company", "event_id", "conflict_id", "topic", "description", "detected_at"]
        + [
            f"{side}_{col}"
            for side in ("a", "b")
            for col in ("who", "attribution", "stance", "quote", "outlet", "published_at", "url")
        ],
        check_open_conflicts,
    ),
    "first_reports": (
        [
            "company",
            "event_id",
            "kind",
            "started_at",
            "outlet",
            "title",
            "url",
            "published_at",
            "hours_after_start",
        ],
        check_first_reports,
    ),
    "time_to_company_statement": (
        [
            "company",
            "events",
            "events_with_statement",
            "mean_hours",
            "median_hours",
            "fastest_hours",
            "slowest_hours",
        ],
        check_time_to_statement,
    ),
    "event_sources": (
        [
            "company",
            "event_id",
            "kind",
            "started_at",
            "independent_sources",
            "outlets",
            "copies",
            "distinct_statements",
            "open_conflicts",
        ],
        check_event_sources,
    ),
    "withdrawn_claims": (
        [
            "company",
            "event_id",
            "claim_id",
            "who",
            "attribution",
            "topic",
            "stance",
            "quote",
            "outlet",
            "url",
            "published_at",
            "withdrawn_revision",
            "withdrawn_at",
            "note",
        ],
        check_withdrawn,
    ),
}


def test_every_saved_query_is_tested():
    assert sorted(p.stem for p in QUERIES.glob("*.sql")) == sorted(EXPECTED)


def header(name: str) -> str:
    lines = (QUERIES / f"{name}.sql").read_text(encoding="utf-8").splitlines()
    block = []
    for line in lines:
        if not line.startswith("--"):
            break
        block.append(line)
    return "\n".join(block)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_header_documents_question_columns_and_how_to_run(name):
    text = header(name)
    assert text.startswith("-- Question: ")
    assert "-- Returns: " in text
    assert f'"$(cat queries/{name}.sql)"' in text
    assert "outagewatch query --db data/demo/outagewatch.duckdb" in text
    for column in EXPECTED[name][0]:
        bare = re.sub(r"^[ab]_", "", column)
        assert re.search(rf"\b{re.escape(column)}\b", text) or re.search(rf"\b{re.escape(bare)}\b", text), column


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_query_answers_its_question(corpus_store, name):
    db, gold = corpus_store
    columns, check = EXPECTED[name]
    result = run_query(db, (QUERIES / f"{name}.sql").read_text(encoding="utf-8"), Limits(max_rows=100_000))
    assert result.columns == columns
    check(run_saved(db, name), db, gold)


@pytest.fixture
def revised_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed article edited by its outlet and crawled again (shared with test_reports_timeline)."""
    return revised_seed_store(tmp_path_factory.getbasetemp())


def test_withdrawn_claims_after_a_real_revision(revised_store):
    db = revised_store
    rows = run_saved(db, "withdrawn_claims")
    check_withdrawn(rows, db, GoldCorpus())
    gone = [r for r in rows if WITHDRAWN in r["quote"]]
    assert len(gone) == 1
    assert gone[0]["company"] == "Amazon"
    assert gone[0]["attribution"] == "spokesperson"
    assert gone[0]["withdrawn_revision"] == 2
    assert gone[0]["withdrawn_at"] > gone[0]["published_at"]
    ai = run_saved(db, "ai_involvement_by_company")  # a withdrawn statement no longer counts
    assert all("spokesperson" not in r["denied_or_limited_by"] for r in ai if r["company"] == "Amazon")
