"""The daily risk digest as data: which events, which statements, which conflicts, which trends.

Window: the digest for day D covers events first reported on a day in
(S, D], where S is the date of the latest digest *sent* for a day before D;
with none sent yet, S = D - 7 days (`lookback_days`), and `since` overrides
both (the window then starts on that day, inclusive). A failed send leaves
S where it was, so nothing falls between two digests. "Events with new
claims" are older events (first reported on or before S) with a statement
first published in the window. Conflicts and AI statements are shown for
every event in the digest. Rendering lives in reports.render, sending in
reports.mail and flows.digest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pipelines.store import reporting as store
from pipelines.store import session
from reports.chart import incidents_chart
from reports.trends import (
    METHOD,
    Companies,
    PeriodCount,
    TrendTable,
    build_table,
    company_position,
    period_start,
)

LOOKBACK_DAYS = 7
RISING_BY = "month"


@dataclass
class Statement:
    """One distinct claim, with where it was first published and how many other sources repeated it."""

    attribution: str
    speaker: str | None
    topic: str
    stance: str
    quote: str
    published_at: datetime | None
    outlet: str | None
    url: str | None
    title: str | None
    withdrawn: bool = False
    note: str | None = None
    channel: str | None = None
    repeated_by: int = 0

    @property
    def who(self) -> str:
        speaker = (self.speaker or "").strip()
        label = self.attribution.replace("_", " ")
        return f"{speaker} ({label})" if speaker and speaker.lower() != label else label

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Statement:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__ if k in row})


@dataclass
class Source:
    """An independent source: the original report, and the outlets whose copies of it count with it."""

    outlet: str | None
    title: str | None
    url: str | None
    published_at: datetime | None
    role: str
    copied_by: list[str] = field(default_factory=list)


@dataclass
class EventItem:
    event_id: str
    company: str
    kind: str
    started_at: datetime | None
    first_reported_at: datetime | None
    severity: str | None
    duration_hours: float | None
    services: list[str]
    summary: str
    sources: list[Source] = field(default_factory=list)
    new_statements: list[Statement] = field(default_factory=list)

    @property
    def independent_sources(self) -> int:
        return len(self.sources)

    @property
    def documents(self) -> int:
        return sum(1 + len(s.copied_by) for s in self.sources)


@dataclass
class ConflictItem:
    event: EventItem
    topic: str
    description: str | None
    side_a: Statement
    side_b: Statement


@dataclass
class AiItem:
    """What was said about AI's part in one event, and the company's own position."""

    event: EventItem
    position: str
    statements: list[Statement]

    def by_stance(self, stance: str) -> list[Statement]:
        return [s for s in self.statements if s.stance == stance]


@dataclass
class Digest:
    day: date
    window_after: date  # exclusive
    window_basis: str
    new_events: list[EventItem]
    updated_events: list[EventItem]
    conflicts: list[ConflictItem]
    ai: list[AiItem]
    rising: list[PeriodCount]
    chart_png: bytes
    chart_caption: str
    method: str = METHOD

    @property
    def window_from(self) -> date:
        return self.window_after + timedelta(days=1)

    @property
    def event_count(self) -> int:
        return len(self.new_events) + len(self.updated_events)

    @property
    def subject(self) -> str:
        counts = [
            _count(len(self.new_events), "new event"),
            f"{len(self.updated_events)} with new claims",
            _count(len(self.conflicts), "open conflict"),
        ]
        return f"outagewatch risk digest {self.day.isoformat()}: {', '.join(counts)}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# -- building --------------------------------------------------------------------------------------------


def window_start(con: Any, day: date, since: date | None, lookback_days: int) -> tuple[date, str]:
    """The exclusive start of the window for `day`, and how it was chosen (said in the digest)."""
    if since is not None:
        return since - timedelta(days=1), f"from {since.isoformat()} (--since)"
    last = store.last_sent_before(con, day)
    if last is not None:
        return last, f"since the digest of {last.isoformat()}"
    return day - timedelta(days=lookback_days), f"the last {lookback_days} days, no earlier digest sent"


def _events(rows: list[dict[str, Any]], sources: dict[str, list[dict[str, Any]]]) -> list[EventItem]:
    keys = EventItem.__dataclass_fields__
    items = []
    for row in rows:
        item = EventItem(**{k: row[k] for k in keys if k in row})
        item.sources = [
            Source(s["outlet"], s["title"], s["url"], s["published_at"], s["role"], s["copied_by"])
            for s in sources.get(row["event_id"], [])
        ]
        items.append(item)
    return items


def _read(db: Path, day: date, since: date | None, lookback_days: int) -> dict[str, Any]:
    """Everything the digest shows, read in one short read-only session."""
    with session(db, read_only=True) as con:
        after, basis = window_start(con, day, since, lookback_days)
        new_rows = store.events_first_reported(con, after, day)[::-1]  # newest first
        fresh = store.statements_published(con, after, day, reported_before=after)
        updated_ids = list(dict.fromkeys(r["event_id"] for r in fresh))
        ids = [r["event_id"] for r in new_rows] + updated_ids
        first = store.first_incident(con)
        return {
            "after": after,
            "basis": basis,
            "new": new_rows,
            "updated": store.events_by_id(con, updated_ids),
            "fresh": fresh,
            "sources": store.event_sources(con, ids),
            "conflicts": store.open_conflicts(con, ids),
            "ai": store.statements_on(con, ids, "ai_involvement"),
            "incidents": store.incidents(con, known_by=day),
            "history": first.date() if first else None,
            "companies": Companies(store.company_names(con)),
        }


def build_digest(db: Path, day: date, *, since: date | None = None, lookback_days: int = LOOKBACK_DAYS) -> Digest:
    """The digest for `day`: the window's events and statements, their conflicts, AI statements and trends."""
    data = _read(db, day, since, lookback_days)
    after = data["after"]
    new, updated = _events(data["new"], data["sources"]), _events(data["updated"], data["sources"])
    for event in updated:
        event.new_statements = [Statement.from_row(r) for r in data["fresh"] if r["event_id"] == event.event_id]
    by_id = {e.event_id: e for e in new + updated}
    rising = build_table(data["incidents"], RISING_BY, data["history"], day).flagged(after + timedelta(days=1), day)
    chart_by, chart_from = chart_span(after, day)
    chart = mark_rising(build_table(data["incidents"], chart_by, data["history"], day), rising)
    return Digest(
        day=day,
        window_after=after,
        window_basis=data["basis"],
        new_events=new,
        updated_events=updated,
        conflicts=[_conflict(c, by_id) for c in data["conflicts"]],
        ai=_ai_items(data["ai"], by_id, data["companies"]),
        rising=rising,
        chart_png=incidents_chart(chart, start=period_start(chart_from, chart_by), end=day),
        chart_caption=f"Incidents per company per {chart_by}, {chart_from.isoformat()} to {day.isoformat()}",
    )


def mark_rising(chart: TrendTable, rising: list[PeriodCount]) -> TrendTable:
    """The chart marks the digest's own rising months, at whatever granularity it is drawn."""
    keys = {(c.company, period_start(c.period, chart.by)) for c in rising}
    for cell in chart.cells:
        cell.flagged = (cell.company, cell.period) in keys
    return chart


def _conflict(row: dict[str, Any], events: dict[str, EventItem]) -> ConflictItem:
    side_a, side_b = Statement.from_row(row["side_a"]), Statement.from_row(row["side_b"])
    return ConflictItem(events[row["event_id"]], row["topic"], row["description"], side_a, side_b)


def chart_span(after: date, day: date) -> tuple[str, date]:
    """The chart's granularity and first day: at least the last twelve months, coarser for long windows."""
    first = min(after + timedelta(days=1), day - timedelta(days=365))
    years = (day - first).days / 365.25
    by = "month" if years <= 2.1 else "quarter" if years <= 6 else "year"
    return by, first


def _ai_items(rows: list[dict[str, Any]], events: dict[str, EventItem], companies: Companies) -> list[AiItem]:
    per_event: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        per_event.setdefault(row["event_id"], []).append(row)
    return [
        AiItem(
            events[eid],
            company_position(said, events[eid].company, companies),
            [Statement.from_row(r) for r in said],
        )
        for eid, said in per_event.items()
        if eid in events
    ]


# -- the demo's preview ----------------------------------------------------------------------------------


def latest_report_day(db: Path) -> date | None:
    """The day the newest event was first reported (None for an empty store)."""
    with session(db, read_only=True) as con:
        _, last = store.report_span(con)
    return last.date() if last else None


def preview_digest(db: Path) -> Digest:
    """A digest for the latest day in the store covering every event since the first: the demo's preview."""
    with session(db, read_only=True) as con:
        first, last = store.report_span(con)
    today = date.today()
    digest = build_digest(db, last.date() if last else today, since=first.date() if first else today)
    digest.window_basis = "every event in the store, a preview: nothing is sent"
    return digest


def write_preview(db: Path, path: Path) -> Path:
    """Render (never send) the preview digest to `path` as self-contained HTML; the chart is embedded."""
    from reports.render import render_file

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_file(preview_digest(db)), encoding="utf-8")
    return path
