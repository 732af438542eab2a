"""Trends: periods, the Poisson flag, counts that match the store, the AI split, the command and its chart."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from nlp.records import EventRecord, ProcessResult
from pipelines.store import ensure_schema, transaction
from pipelines.store.extraction import write_result
from reports.chart import PNG_SIGNATURE, incidents_chart
from reports.cli_digest import register
from reports.trends import (
    Companies,
    build_table,
    company_position,
    load_ai_split,
    load_trends,
    next_period,
    period_label,
    period_start,
    poisson_sf,
    poisson_sf_plain,
    score,
)

# -- periods and the test --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("by", "day", "start", "label", "following"),
    [
        ("week", dt.date(2026, 3, 11), dt.date(2026, 3, 9), "2026-W11", dt.date(2026, 3, 16)),
        ("week", dt.date(2021, 1, 2), dt.date(2020, 12, 28), "2020-W53", dt.date(2021, 1, 4)),
        ("month", dt.date(2025, 12, 31), dt.date(2025, 12, 1), "2025-12", dt.date(2026, 1, 1)),
        ("quarter", dt.date(2023, 11, 8), dt.date(2023, 10, 1), "2023-Q4", dt.date(2024, 1, 1)),
        ("year", dt.date(2017, 5, 27), dt.date(2017, 1, 1), "2017", dt.date(2018, 1, 1)),
    ],
)
def test_periods(by: str, day: dt.date, start: dt.date, label: str, following: dt.date) -> None:
    assert period_start(day, by) == start
    assert period_label(start, by) == label
    assert next_period(start, by) == following


def test_poisson_tail_with_and_without_scipy() -> None:
    for count, rate in [(0, 1.0), (1, 0.2), (2, 0.05), (3, 1.5), (7, 2.0), (12, 9.5)]:
        exact = 1 - sum(math.exp(-rate) * rate**k / math.factorial(k) for k in range(count))
        assert poisson_sf(count, rate) == pytest.approx(exact, rel=1e-9, abs=1e-12)
        assert poisson_sf_plain(count, rate) == pytest.approx(exact, rel=1e-9, abs=1e-12)


def test_flag_needs_history_a_surge_and_two_incidents() -> None:
    assert [flag for _, _, flag in score([0, 3, 0])] == [False] * 3  # under three periods of history
    surge = score([0, 0, 0, 0, 0, 0, 3])
    assert surge[-1][2]
    assert surge[-1][0] == 0.0
    assert surge[-1][1] is not None
    assert surge[-1][1] < 0.05
    assert not score([0, 0, 0, 0, 0, 0, 1])[-1][2]  # one incident is never a trend
    assert not score([2, 2, 2, 2, 2, 2, 3])[-1][2]  # busy as usual
    steady = score([1, 0, 1, 0, 1, 0, 2])  # mean 0.5: P(X >= 2) = 0.09
    assert not steady[-1][2]
    assert steady[-1][1] == pytest.approx(1 - math.exp(-0.5) * 1.5)


def test_table_zero_fills_and_scores() -> None:
    incidents = [
        {"event_id": "a", "company": "Acme", "happened_at": dt.datetime(2024, 1, 5)},
        {"event_id": "b", "company": "Acme", "happened_at": dt.datetime(2024, 6, 2)},
        {"event_id": "c", "company": "Acme", "happened_at": dt.datetime(2024, 6, 20)},
        {"event_id": "d", "company": "Beta", "happened_at": dt.datetime(2024, 3, 1)},
    ]
    table = build_table(incidents, "month", dt.date(2024, 1, 1), until=dt.date(2024, 7, 15))
    assert [period_label(p, "month") for p in table.periods] == [f"2024-{m:02d}" for m in range(1, 8)]
    assert len(table.cells) == 14
    assert table.totals() == {"Acme": 3, "Beta": 1}
    june = next(c for c in table.cells if c.company == "Acme" and c.label == "2024-06")
    assert june.count == 2
    assert june.event_ids == ["b", "c"]
    assert june.baseline == pytest.approx(1 / 5)
    assert june.flagged
    assert [c.label for c in table.flagged()] == ["2024-06"]
    assert table.flagged(dt.date(2024, 7, 1), dt.date(2024, 7, 31)) == []


# -- who speaks for the company --------------------------------------------------------------------------

NAMES = Companies(
    [
        {"company": "Amazon", "parent": None, "aliases": ["Amazon.com"]},
        {"company": "Amazon Web Services", "parent": "Amazon", "aliases": ["AWS"]},
        {"company": "Cloudflare", "parent": None, "aliases": []},
        {"company": "Meta", "parent": None, "aliases": ["Facebook"]},
    ]
)


def _said(attribution: str, stance: str, speaker: str = "a spokesperson", **extra: Any) -> dict[str, Any]:
    return {
        "attribution": attribution,
        "stance": stance,
        "speaker": speaker,
        "topic": "ai_involvement",
        **extra,
    }


@pytest.mark.parametrize(
    ("company", "claims", "position"),
    [
        ("Amazon", [_said("spokesperson", "limits"), _said("internal_document", "asserts")], "limited"),
        (
            "Amazon Web Services",
            [_said("spokesperson", "asserts", "AWS"), _said("executive", "denies")],
            "limited",
        ),
        (
            "Amazon",
            [_said("spokesperson", "denies", "an AWS spokesperson")],
            "denied",
        ),  # the family speaks for it
        ("Replit", [_said("executive", "asserts", "chief executive Amjad Masad")], "asserted"),
        ("Meta", [_said("spokesperson", "denies", "Cloudflare")], "silent"),  # another company's words
        (
            "Amazon",
            [_said("executive", "asserts", channel="internal")],
            "silent",
        ),  # a memo is not a statement
        ("Amazon", [_said("spokesperson", "denies", withdrawn=True)], "silent"),
        ("Amazon", [_said("spokesperson", "hedges"), _said("media_report", "asserts", "CNBC")], "silent"),
    ],
)
def test_company_position(company: str, claims: list[dict[str, Any]], position: str) -> None:
    assert company_position(claims, company, NAMES) == position


# -- the realistic store ---------------------------------------------------------------------------------


def _sql(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_counts_match_the_store(corpus_store: tuple[Path, Any]) -> None:
    db = corpus_store[0]
    table = load_trends(db, by="month")
    assert dict(table.totals()) == dict(_sql(db, "SELECT company, count(*) FROM events GROUP BY company"))
    assert len(table.cells) == len(table.totals()) * len(table.periods)  # every company × period
    for cell in table.cells:  # each flag recomputed from the rule, independently of the module's test
        history = _history(table, cell)
        if history < 3:
            assert cell.baseline is None
            assert not cell.flagged
            continue
        assert cell.baseline is not None
        assert cell.baseline == pytest.approx(_mean_before(table, cell))
        p = poisson_sf_plain(cell.count, max(cell.baseline, 0.5 / history))
        assert cell.p_value == pytest.approx(p, abs=1e-12)
        assert cell.flagged == (cell.count >= 2 and p < 0.05)
    quarters = load_trends(db, by="quarter", kind="outage", companies=["amazon"])
    companies = {c.company for c in quarters.cells}
    assert companies <= {"Amazon", "Amazon Web Services"}
    assert "Amazon" in companies
    assert (
        sum(quarters.totals().values())
        == _sql(
            db,
            """SELECT count(*) FROM events
               WHERE kind = 'outage' AND company IN ('Amazon', 'Amazon Web Services')""",
        )[0][0]
    )


def _history(table: Any, cell: Any) -> int:
    return table.periods.index(cell.period)


def _mean_before(table: Any, cell: Any) -> float:
    before = [c.count for c in table.cells if c.company == cell.company and c.period < cell.period]
    return sum(before) / len(before)


def test_ai_split_on_the_seed_event(corpus_store: tuple[Path, Any]) -> None:
    rows = load_ai_split(corpus_store[0], by="month")
    amazon = next(r for r in rows if r.company == "Amazon" and r.label == "2026-03")
    assert amazon.events >= 1
    assert amazon.named >= 1
    assert {"internal_document", "media_report"} <= set(amazon.by_attribution)
    assert amazon.positions["limited"] >= 1  # "Only one recent incident was related to AI tools"
    assert all(r.named <= r.events and sum(r.positions.values()) == r.events for r in rows)


# -- the command and the chart ---------------------------------------------------------------------------


def _app() -> typer.Typer:
    app = typer.Typer(add_completion=False)
    register(app)
    return app


def test_trends_command(corpus_store: tuple[Path, Any], tmp_path: Path) -> None:
    db, runner = corpus_store[0], CliRunner()
    chart = tmp_path / "trend.png"
    done = runner.invoke(_app(), ["trends", "--db", str(db), "--by", "month", "--chart", str(chart)])
    assert done.exit_code == 0, done.output
    assert "one-sided Poisson test" in done.output
    assert "count ≥ 2" in done.output
    assert "period(s) flagged" in done.output
    assert chart.read_bytes().startswith(PNG_SIGNATURE)
    ai = runner.invoke(_app(), ["trends", "--db", str(db), "--ai", "--company", "Amazon"])
    assert ai.exit_code == 0
    assert "Amazon" in ai.output
    assert "limited" in ai.output
    assert "internal_document" in ai.output
    bad = runner.invoke(_app(), ["trends", "--db", str(db), "--by", "fortnight"])
    assert bad.exit_code == 2
    assert "--by must be one of" in bad.output
    missing = runner.invoke(_app(), ["trends", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2
    assert "no database at" in missing.output


def _surge_store(db: Path) -> Path:
    """Acme: one outage in January 2024, then three in June; Beta: one a month, as usual."""
    days = [
        dt.datetime(2024, 1, 10),
        dt.datetime(2024, 6, 3),
        dt.datetime(2024, 6, 11),
        dt.datetime(2024, 6, 20),
    ]
    events = [("Acme", day) for day in days] + [("Beta", dt.datetime(2024, m, 5)) for m in range(1, 7)]
    records = [
        EventRecord(
            event_id=f"ev{i}",
            company=company,
            kind="outage",
            started_at=day,
            ended_at=None,
            duration_hours=None,
            severity=None,
            services=[],
            summary="",
            first_reported_at=day,
            updated_at=day,
            date_basis="published",
            vector=[],
            reports=1,
        )
        for i, (company, day) in enumerate(events)
    ]
    ensure_schema(db)
    with transaction(db) as con:
        write_result(con, ProcessResult(events=records))
    return db


def test_trends_command_flags_a_surge(tmp_path: Path) -> None:
    db = _surge_store(tmp_path / "surge.duckdb")
    done = CliRunner().invoke(_app(), ["trends", "--db", str(db)])
    assert done.exit_code == 0, done.output
    acme = [line for line in done.output.splitlines() if line.startswith("Acme ")]
    assert [line.split()[1:3] for line in acme] == [["2024-01", "1"], ["2024-06", "3"]]
    assert acme[1].endswith("▲")
    assert not any(line.startswith("Beta") and "▲" in line for line in done.output.splitlines())
    assert "1 period(s) flagged: Acme 2024-06" in done.output
    weekly = CliRunner().invoke(_app(), ["trends", "--db", str(db), "--by", "week", "--company", "beta"])
    assert weekly.exit_code == 0
    assert "Acme" not in weekly.output
    assert "2024-W23" in weekly.output  # 5 June 2024


def test_chart_folds_small_companies(corpus_store: tuple[Path, Any]) -> None:
    table = load_trends(corpus_store[0], by="year")
    png = incidents_chart(table, top=3)
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 10_000
    from reports.chart import OTHERS, chart_rows

    rows, labels = chart_rows(table, None, None, 3)
    assert len({r["company"] for r in rows} - {OTHERS}) == 3
    assert any(r["company"] == OTHERS for r in rows)
    assert sum(r["incidents"] for r in rows) == sum(table.totals().values())
    assert labels == [period_label(p, "year") for p in table.periods]
