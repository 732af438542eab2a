"""Incidents per company and period, which periods stand out, and who named AI as a cause.

A period is flagged when it stands well above the company's own past: a
one-sided Poisson test, P(X >= count) < 0.05 with the mean of the company's
preceding periods as the rate, and at least 2 incidents. History is counted
from the store's first incident (a company with none so far has a zero
baseline, floored at half an incident over the history so that a zero rate
does not make every incident "certain"); fewer than 3 preceding periods and
nothing is flagged. `trends`, `trends --ai` and the digest all use this module.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pipelines.store import reporting as store
from pipelines.store import session

try:
    from scipy.stats import poisson as _poisson
except ImportError:  # pragma: no cover - scipy comes with scikit-learn here
    _poisson = None

PERIODS = ("week", "month", "quarter", "year")
ALPHA = 0.05
MIN_COUNT = 2
MIN_HISTORY = 3
METHOD = (
    "flag ▲: one-sided Poisson test, P(X ≥ count) < 0.05 at the company's mean over its preceding periods "
    "(from the store's first incident; at least 3 periods), and count ≥ 2"
)


# -- periods ---------------------------------------------------------------------------------------------


def period_start(day: date, by: str) -> date:
    """The first day of the period holding `day` (weeks start on Monday)."""
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    if by == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if by == "year":
        return date(day.year, 1, 1)
    raise ValueError(f"unknown period {by!r}: use one of {', '.join(PERIODS)}")


def check_period(by: str) -> None:
    """Fail on an unknown period before the store is opened."""
    period_start(date(2000, 1, 1), by)


def next_period(start: date, by: str) -> date:
    if by == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_label(start: date, by: str) -> str:
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{start:%Y-%m}"
    if by == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def period_range(first: date, last: date, by: str) -> list[date]:
    """Every period from the one holding `first` to the one holding `last`."""
    out, current, end = [], period_start(first, by), period_start(last, by)
    while current <= end:
        out.append(current)
        current = next_period(current, by)
    return out


# -- the test --------------------------------------------------------------------------------------------


def poisson_sf(count: int, rate: float) -> float:
    """P(X >= count) for X ~ Poisson(rate)."""
    if count <= 0:
        return 1.0
    if _poisson is not None:
        return float(_poisson.sf(count - 1, rate))
    return poisson_sf_plain(count, rate)


def poisson_sf_plain(count: int, rate: float) -> float:
    """The same without scipy: one minus the CDF up to count - 1, summed in log space."""
    if count <= 0:
        return 1.0
    if rate <= 0:
        return 0.0
    cdf = sum(math.exp(k * math.log(rate) - rate - math.lgamma(k + 1)) for k in range(count))
    return max(0.0, 1.0 - cdf)


def score(counts: list[int]) -> list[tuple[float | None, float | None, bool]]:
    """(baseline, p-value, flagged) for each period of one company's series, oldest first."""
    out: list[tuple[float | None, float | None, bool]] = []
    total = 0
    for i, count in enumerate(counts):
        if i < MIN_HISTORY:
            out.append((None, None, False))
        else:
            mean = total / i
            p = poisson_sf(count, max(mean, 0.5 / i))
            out.append((mean, p, count >= MIN_COUNT and p < ALPHA))
        total += count
    return out


# -- counting --------------------------------------------------------------------------------------------


@dataclass
class PeriodCount:
    company: str
    period: date
    label: str
    count: int
    baseline: float | None
    p_value: float | None
    flagged: bool
    event_ids: list[str] = field(default_factory=list)


@dataclass
class TrendTable:
    """Every company × period, zero-filled, with each cell's score."""

    by: str
    periods: list[date]
    cells: list[PeriodCount]
    kind: str | None = None

    def nonzero(self, since: date | None = None) -> list[PeriodCount]:
        return [c for c in self.cells if c.count and (since is None or c.period >= period_start(since, self.by))]

    def flagged(self, start: date | None = None, end: date | None = None) -> list[PeriodCount]:
        """Flagged cells whose period overlaps [start, end]."""
        lo = period_start(start, self.by) if start else date.min
        hi = end or date.max
        return [c for c in self.cells if c.flagged and lo <= c.period <= hi]

    def totals(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for cell in self.cells:
            out[cell.company] += cell.count
        return out


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def build_table(
    incidents: Iterable[dict[str, Any]], by: str, history_start: date | None, until: date | None = None
) -> TrendTable:
    """Count incidents (dicts with company, happened_at, event_id) into a scored, zero-filled table."""
    rows = list(incidents)
    days = [_day(r["happened_at"]) for r in rows]
    if not rows:
        return TrendTable(by, [], [])
    first = min([*days, history_start] if history_start else days)
    periods = period_range(first, max([*days, until] if until else days), by)
    index = {p: i for i, p in enumerate(periods)}
    events: dict[str, list[list[str]]] = defaultdict(lambda: [[] for _ in periods])
    for row, day in zip(rows, days, strict=True):
        events[row["company"]][index[period_start(day, by)]].append(row["event_id"])
    cells = []
    for company in sorted(events):
        series = events[company]
        for period, ids, (base, p, flag) in zip(periods, series, score([len(s) for s in series]), strict=True):
            cells.append(PeriodCount(company, period, period_label(period, by), len(ids), base, p, flag, ids))
    return TrendTable(by, periods, cells)


def load_trends(
    db: Path,
    *,
    by: str = "month",
    kind: str | None = None,
    companies: list[str] | None = None,
    until: date | None = None,
) -> TrendTable:
    """Counts per company and period from the store, as known at the end of `until` (default: now)."""
    check_period(by)
    with session(db, read_only=True) as con:
        rows = store.incidents(con, kind=kind, companies=companies, known_by=until)
        first = store.first_incident(con)
    table = build_table(rows, by, _day(first) if first else None, until)
    table.kind = kind
    return table


def format_trends(table: TrendTable, since: date | None = None) -> str:
    """The periods with incidents, one line each, flagged ones marked, and how the flag is decided."""
    what = f"Incidents of kind {table.kind}" if table.kind else "Incidents"
    lines = [f"{what} per company and {table.by}, dated by start (else first report).", METHOD, ""]
    cells = table.nonzero(since)
    if not cells:
        return "\n".join([*lines, "no incidents in the store match"])
    width = max(len("company"), *(len(c.company) for c in cells))
    lines.append(f"{'company':<{width}}  {'period':<8}  count  baseline  p-value  flag")
    for c in cells:
        base = f"{c.baseline:8.2f}" if c.baseline is not None else f"{'-':>8}"
        p = f"{c.p_value:7.4f}" if c.p_value is not None else f"{'-':>7}"
        lines.append(f"{c.company:<{width}}  {c.label:<8}  {c.count:5d}  {base}  {p}  {'▲' if c.flagged else ''}")
    flagged = table.flagged(since)
    lines += [
        "",
        f"{len(flagged)} period(s) flagged"
        + (": " + ", ".join(f"{c.company} {c.label}" for c in flagged) if flagged else ""),
    ]
    return "\n".join(lines)


# -- who said AI was involved ----------------------------------------------------------------------------

OWN_ATTRIBUTIONS = frozenset({"spokesperson", "executive", "postmortem", "status_page"})
POSITIONS = ("asserted", "limited", "denied", "silent")


class Companies:
    """Company names, aliases and parents: who speaks for an event's company, and who is an outsider."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.parent = {r["company"]: r["parent"] for r in rows}
        self.names = {r["company"]: {r["company"], *(r["aliases"] or [])} for r in rows}
        self._patterns = {
            company: re.compile(
                r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b", re.I
            )
            for company, names in self.names.items()
        }

    def family(self, company: str) -> set[str]:
        """The company, its parent and the parent's other children (AWS speaks for Amazon and back)."""
        top = self.parent.get(company) or company
        return {company, top} | {c for c, p in self.parent.items() if p in (company, top)}

    def named_in(self, text: str | None) -> set[str]:
        return {c for c, pattern in self._patterns.items() if text and pattern.search(text)}


def is_own_statement(claim: dict[str, Any], company: str, companies: Companies) -> bool:
    """Said publicly by the company itself: its spokespeople, executives, postmortems or status page,
    unless the speaker is named as someone from another company."""
    if claim["attribution"] not in OWN_ATTRIBUTIONS or claim.get("channel") == "internal" or claim.get("withdrawn"):
        return False
    named = companies.named_in(claim.get("speaker"))
    return not named or bool(named & companies.family(company))


def company_position(claims: list[dict[str, Any]], company: str, companies: Companies) -> str:
    """asserted | limited | denied | silent: what the company itself said about AI's part.

    Conceding part while denying the rest (a `limits` statement, or both an assertion and a denial) is
    `limited`; a hedge takes no position, so it counts as silent.
    """
    stances = {
        c["stance"] for c in claims if c["topic"] == "ai_involvement" and is_own_statement(c, company, companies)
    }
    if "limits" in stances or {"asserts", "denies"} <= stances:
        return "limited"
    if "denies" in stances:
        return "denied"
    if "asserts" in stances:
        return "asserted"
    return "silent"


def names_ai(claim: dict[str, Any]) -> bool:
    """A statement that AI played a part (in full, or in part)."""
    return claim["topic"] == "ai_involvement" and claim["stance"] in ("asserts", "limits")


@dataclass
class AiPeriod:
    company: str
    period: date
    label: str
    events: int
    named: int
    by_attribution: Counter[str]
    positions: Counter[str]


def ai_split(
    incidents: list[dict[str, Any]], claims: list[dict[str, Any]], companies: Companies, by: str
) -> list[AiPeriod]:
    """Per company and period: events with a statement on AI's part, who named AI, what the company said."""
    per_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in claims:
        per_event[claim["event_id"]].append(claim)
    cells: dict[tuple[str, date], AiPeriod] = {}
    for incident in incidents:
        said = per_event.get(incident["event_id"])
        if not said:
            continue
        start = period_start(_day(incident["happened_at"]), by)
        key = (incident["company"], start)
        cell = cells.setdefault(key, AiPeriod(key[0], start, period_label(start, by), 0, 0, Counter(), Counter()))
        cell.events += 1
        naming = {c["attribution"] for c in said if names_ai(c)}
        cell.named += bool(naming)
        cell.by_attribution.update(naming)
        cell.positions[company_position(said, incident["company"], companies)] += 1
    return sorted(cells.values(), key=lambda c: (c.company, c.period))


def load_ai_split(
    db: Path,
    *,
    by: str = "month",
    kind: str | None = None,
    companies: list[str] | None = None,
    until: date | None = None,
) -> list[AiPeriod]:
    check_period(by)
    with session(db, read_only=True) as con:
        rows = store.incidents(con, kind=kind, companies=companies, known_by=until)
        claims = store.statements_on(con, [r["event_id"] for r in rows], "ai_involvement")
        names = Companies(store.company_names(con))
    return ai_split(rows, claims, names, by)


def format_ai(rows: list[AiPeriod], by: str) -> str:
    lines = [
        f"AI named as a cause, per company and {by}: events with a statement on AI's part, how many named AI "
        "(asserted or conceded in part), by whom (events per attribution), and what the company itself said.",
        "company position: asserted / limited (conceded part, denied the rest) / denied / silent"
        " (no public word, or only a hedge).",
        "",
    ]
    if not rows:
        return "\n".join([*lines, "no event in the store has a statement about AI's part"])
    width = max(len("company"), *(len(r.company) for r in rows))
    lines.append(f"{'company':<{width}}  {'period':<8}  events  AI named  named by / company position")
    for r in rows:
        named_by = ", ".join(f"{a} {n}" for a, n in sorted(r.by_attribution.items())) or "-"
        position = ", ".join(f"{p} {r.positions[p]}" for p in POSITIONS if r.positions[p])
        lines.append(f"{r.company:<{width}}  {r.label:<8}  {r.events:6d}  {r.named:8d}  {named_by} / {position}")
    return "\n".join(lines)
