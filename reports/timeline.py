"""One company's events as a dated record of who said what, from which source.

A name is read the way people write it: a company, an alias ("AWS") or a
product ("Facebook" is Meta's), and a parent brings its subsidiaries' events.
The entries are the `timeline` view's (first report, each distinct claim,
each conflict, each claim withdrawn in a later revision), with the detail the
view leaves out: outlets, notes, and both sides of every conflict.
"""

from __future__ import annotations

import difflib
import textwrap
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pipelines.store import analyst as store
from pipelines.store import session
from pipelines.store.connection import LOCK_WAIT_SECONDS

ENTRY_ORDER = {"first_report": 0, "claim": 1, "conflict": 2, "claim_withdrawn": 3}
WIDTH = 110
GUTTER = " " * 35  # date (16) and label (15) columns, then the text


class UnknownCompany(LookupError):
    """No company, alias or product has this name."""


@dataclass(frozen=True)
class Entry:
    when: datetime | None
    kind: str
    row: dict[str, Any]

    @property
    def sort_key(self) -> tuple:
        tie = self.row.get("claim_id") or self.row.get("conflict_id") or ""
        return (
            self.when is None,
            self.when or datetime.min,
            ENTRY_ORDER[self.kind],
            self.row.get("outlet") or "",
            tie,
        )


@dataclass
class EventTimeline:
    event: dict[str, Any]
    entries: list[Entry] = field(default_factory=list)


@dataclass
class CompanyTimeline:
    asked: str
    matched: list[str]
    subsidiaries: list[str]
    events: list[EventTimeline]

    @property
    def companies(self) -> list[str]:
        return self.matched + self.subsidiaries


def company_timeline(db: Path | str, name: str, *, wait: float = LOCK_WAIT_SECONDS) -> CompanyTimeline:
    """Everything known about the events of the companies `name` means, in date order."""
    with session(db, read_only=True, wait=wait) as con:
        family = store.company_family(con, name)
        if not family:
            raise UnknownCompany(_unknown(name, store.known_names(con)))
        events = store.timeline_events(con, [company for company, _ in family])
        ids = [e["event_id"] for e in events]
        firsts = store.first_reports(con, ids)
        claims = store.timeline_claims(con, ids)
        conflicts = store.timeline_conflicts(con, ids)
    by_id = {e["event_id"]: EventTimeline(e) for e in events}
    for entry in _entries(firsts, claims, conflicts):
        by_id[entry.row["event_id"]].entries.append(entry)
    for item in by_id.values():
        item.entries.sort(key=lambda e: e.sort_key)
    matched = [company for company, depth in family if depth == 0]
    subsidiaries = [company for company, depth in family if depth > 0]
    return CompanyTimeline(name, matched, subsidiaries, list(by_id.values()))


def _entries(firsts: list[dict], claims: list[dict], conflicts: list[dict]) -> list[Entry]:
    out = [Entry(r["published_at"], "first_report", r) for r in firsts]
    for c in claims:
        if c["same_as"] is None:
            out.append(Entry(c["published_at"], "claim", c))
        if c["withdrawn_revision"] is not None:
            out.append(Entry(c["withdrawn_at"], "claim_withdrawn", c))
    out += [Entry(k["happened_at"], "conflict", k) for k in conflicts]
    return out


def _unknown(name: str, known: list[str]) -> str:
    lowered = {n.lower(): n for n in known}
    close = [lowered[m] for m in difflib.get_close_matches(name.lower(), list(lowered), n=5, cutoff=0.6)]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"no company, alias or product named {name!r} in the store{hint}"


# Rendering: plain text, one block per event, one dated entry per thing known.


def render(timeline: CompanyTimeline) -> str:
    """The whole timeline as text for a terminal or a pager."""
    lines = [_title(timeline), ""]
    for item in timeline.events:
        lines += _event_header(item.event)
        for entry in item.entries:
            lines += RENDERERS[entry.kind](entry)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _title(timeline: CompanyTimeline) -> str:
    """Like "Amazon Web Services (AWS): 1 event", naming the subsidiaries whose events are included."""
    asked = timeline.asked.strip()
    text = ", ".join(timeline.matched)
    if [asked.lower()] != [m.lower() for m in timeline.matched]:
        text += f" ({asked})"
    n = len(timeline.events)
    text += f": {n} event{'' if n == 1 else 's'}"
    with_events = {item.event["company"] for item in timeline.events}
    subsidiaries = [c for c in timeline.subsidiaries if c in with_events]
    if subsidiaries:
        text += f" (including {', '.join(subsidiaries)})"
    return text


def _event_header(event: dict[str, Any]) -> list[str]:
    facts = [event["company"], event["kind"], f"started {_when(event['started_at'])}"]
    if event["duration_hours"] is not None:
        facts.append(f"lasted {event['duration_hours']:g} h")
    if event["severity"]:
        facts.append(event["severity"])
    if event["services"]:
        facts.append("services: " + ", ".join(event["services"]))
    copies = f" (+{event['copies']} cop{'y' if event['copies'] == 1 else 'ies'})" if event["copies"] else ""
    source = f"{event['reports']} independent report{'' if event['reports'] == 1 else 's'}{copies}"
    return [
        "== " + " · ".join(facts),
        *_wrap(event["summary"] or "", "   "),
        f"   {event['event_id']} · first reported {_when(event['first_reported_at'])} · {source}",
        "",
    ]


def _first_report(entry: Entry) -> list[str]:
    r = entry.row
    title = f"{r['outlet'] or 'unknown outlet'}: {r['title'] or ''}".strip()
    return [*_dated(entry, "first report", title), GUTTER + (r["url"] or "")]


def _claim(entry: Entry) -> list[str]:
    c = entry.row
    head = f"{_who(c)} {c['stance']} · {c['topic']}"
    lines = _dated(entry, "claim", head) + _wrap(f"“{c['quote']}”", GUTTER)
    lines.append(f"{GUTTER}{_source(c['outlet'], c['url'])}")
    also = [o for o in c["also_in"] if o != c["outlet"]]
    if also:
        lines += _wrap("also carried by " + ", ".join(also), GUTTER)
    if c["note"]:
        lines += _wrap(f"note: {c['note']}", GUTTER)
    if c["withdrawn_revision"] is not None:
        lines.append(f"{GUTTER}withdrawn in revision {c['withdrawn_revision']} ({_when(c['withdrawn_at'])})")
    return lines


def _withdrawn(entry: Entry) -> list[str]:
    c = entry.row
    head = f"{_who(c)} {c['stance']} · {c['topic']}"
    return [
        *_dated(entry, "withdrawn", head),
        *_wrap(f"“{c['quote']}”", GUTTER),
        f"{GUTTER}{_source(c['outlet'], c['url'])}",
        f"{GUTTER}no longer in revision {c['withdrawn_revision']} of that report",
    ]


def _conflict(entry: Entry) -> list[str]:
    k = entry.row
    lines = _dated(entry, "conflict", f"{k['topic']} · {k['status']}")
    for side in ("a", "b"):
        claim = {key[2:]: value for key, value in k.items() if key.startswith(f"{side}_")}
        when = _when(claim["published_at"])
        said = f"{side.upper()}: {_who(claim)}, {when}, {claim['stance']}: “{claim['quote']}”"
        lines += _wrap(said, GUTTER, GUTTER + "   ")
        lines.append(f"{GUTTER}   {_source(claim['outlet'], claim['url'])}")
    return lines


RENDERERS = {
    "first_report": _first_report,
    "claim": _claim,
    "conflict": _conflict,
    "claim_withdrawn": _withdrawn,
}


def _dated(entry: Entry, label: str, text: str) -> list[str]:
    return _wrap(text, f"  {_when(entry.when):<16}  {label:<15}", GUTTER)


def _who(claim: dict[str, Any]) -> str:
    detail = [claim["attribution"]]
    if claim.get("carrier"):
        detail.append(f"via {claim['carrier']}")
    return f"{claim['speaker'] or claim['attribution']} ({', '.join(detail)})"


def _source(outlet: str | None, url: str | None) -> str:
    return f"— {outlet or 'unknown outlet'} {url or ''}".rstrip()


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "undated"
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M")


def _wrap(text: str, first: str, rest: str | None = None) -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()), WIDTH, initial_indent=first, subsequent_indent=first if rest is None else rest
    ) or [first.rstrip()]
