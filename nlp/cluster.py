"""Reports of one event into one event: company, date window and text similarity.

Documents are taken in publication order, so the first report creates the
event and later ones join it. A report joins an event of the same company
(or its parent or subsidiary) whose start lies within the dates' tolerance,
when its text is similar enough; a recalled incident ("a similar outage in
December") joins the event it names instead of starting a new one.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np

from nlp.companies import CompanyIndex
from nlp.dates import PRECISION_RANK, ResolvedDate
from nlp.events import SEPARATE, covers
from nlp.records import EventDraft, EventRecord

log = logging.getLogger(__name__)
TOLERANCE_DAYS = {"day": 3, "week": 5, "month": 20, "year": 200}
FOLLOW_UP_DAYS = 28  # a report dated only by its publication may trail the event by weeks
LATE_FOLLOW_UP_DAYS = 200  # or by months (a regulator's finding), when its text is clearly about the event
LATE_FOLLOW_UP_SIMILARITY = 0.55
TEXT_FOLLOW_UP_DAYS = 45
TEXT_FOLLOW_UP_SIMILARITY = 0.55
UPDATE_DAYS = 120  # a disclosure's later update ("Okta now says every support user was affected") has its own date
UPDATE_SIMILARITY = 0.78
SLOW_KINDS = {"security_incident", "data_loss"}  # a breach is disclosed in stages, for months
SLOW_FOLLOW_UP_SIMILARITY = 0.35  # a follow-up dated only by its publication
SLOW_PHASE_SIMILARITY = 0.50  # a report dating its own phase months on: it may be a new breach, so more alike
SAME_DAY_SIMILARITY = 0.10  # one company, one day, dated by the text: the same incident unless the text says otherwise
MIN_SIMILARITY = {"report": 0.30, "mention": 0.15}
# A statement's date ("disclosed on August 25") is read from the text, but the incident began by then, perhaps well
# before: a date the text gives the incident itself is the better start.
BASIS_RANK = {"text": 0, "statement": 1, "published": 2}
UPPER_BOUNDS = {"published", "statement"}  # dates the incident began by, perhaps well before
COMPATIBLE = [{"outage", "degradation"}, {"data_loss", "ai_coding_incident"}, {"security_incident", "data_loss"},
              {"security_incident", "ai_coding_incident"}, {"outage", "data_loss"}]  # fmt: skip


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def event_id_for(company: str, doc_id: str, index: int) -> str:
    """Deterministic: reprocessing the same documents in the same order gives the same ids."""
    return "ev_" + hashlib.sha256(f"{company}|{doc_id}|{index}".encode()).hexdigest()[:14]


def _kind_penalty(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return 0.05 if any({a, b} <= group for group in COMPATIBLE) else 0.25


@dataclass
class Match:
    event: EventRecord
    score: float


class Clusterer:
    """Holds the events known so far and assigns each new event draft to one of them or to a new one."""

    def __init__(self, events: list[EventRecord], companies: CompanyIndex) -> None:
        self.events = {e.event_id: e for e in events}
        self.companies = companies
        self.new_ids: set[str] = set()
        self.updated_ids: set[str] = set()

    def best_match(self, draft: EventDraft, exclude: set[str]) -> Match | None:
        vector = np.asarray(draft.vector, dtype=np.float32)
        best: Match | None = None
        for event in self.events.values():
            if event.event_id in exclude or not self.companies.related(event.company, draft.company):
                continue
            if event.started_at is None:
                continue
            offset = (draft.started - event.started_at.date()).days
            tolerance = max(TOLERANCE_DAYS.get(draft.date_precision, 2), TOLERANCE_DAYS.get(event.date_precision, 2))
            # A report dated only by its publication can come weeks after the event; an event founded
            # by such a report may have started weeks before it.
            similarity = float(np.dot(vector, np.asarray(event.vector, dtype=np.float32)))
            slow = {draft.kind, event.kind} <= SLOW_KINDS
            late_bar = SLOW_FOLLOW_UP_SIMILARITY if slow else LATE_FOLLOW_UP_SIMILARITY
            late = LATE_FOLLOW_UP_DAYS if similarity >= late_bar else FOLLOW_UP_DAYS
            lo = -tolerance - (late if event.date_basis in UPPER_BOUNDS else 0)
            hi = tolerance + (late if draft.date_basis in UPPER_BOUNDS else 0)
            if slow and similarity >= SLOW_PHASE_SIMILARITY:
                hi = max(hi, tolerance + LATE_FOLLOW_UP_DAYS)  # a second phase found months on is the same breach
                if draft.role == "report" and draft.date_basis == "text":
                    # a later report may date the intrusion weeks before its discovery ("activity between April 2
                    # and May 18", where the first reports had only the day it was found)
                    lo = min(lo, -tolerance - TEXT_FOLLOW_UP_DAYS * 2)
            if draft.date_basis != "published" and similarity >= TEXT_FOLLOW_UP_SIMILARITY and not draft.repeat:
                # A date in a follow-up may be the hearing's or the update's own; a better-informed report
                # may date the start earlier than the first one did.
                hi = max(hi, UPDATE_DAYS if similarity >= UPDATE_SIMILARITY else TEXT_FOLLOW_UP_DAYS)
                lo = min(lo, -TEXT_FOLLOW_UP_DAYS)
            log.debug("  %s %s vs %s: offset %d window [%d, %d] similarity %.2f", draft.company, draft.started,
                      event.event_id, offset, lo, hi, similarity)  # fmt: skip
            if not lo <= offset <= hi:
                continue
            beyond = max(0, abs(offset) - tolerance)
            score = similarity - _kind_penalty(event.kind, draft.kind) - min(0.005 * beyond, 0.05 if slow else 0.1)
            same_day = abs(offset) <= 1 and "published" not in (draft.date_basis, event.date_basis)
            floor = SAME_DAY_SIMILARITY if same_day else MIN_SIMILARITY[draft.role]
            if score >= floor and (best is None or score > best.score):
                best = Match(event, score)
        return best

    def assign(
        self,
        doc_id: str,
        published: datetime | None,
        drafts: list[EventDraft],
        prior: list[tuple[str, str]] | None = None,
    ) -> list[tuple[str, str]]:
        """(event_id, role) for each draft of one document; a document joins an event at most once.

        `prior` holds the events an earlier revision of the document was linked to: a revised text
        stays on them rather than counting as one more report.
        """
        taken: set[str] = set()
        out = []
        for index, draft in enumerate(drafts):
            earlier = next(
                (e for e, _ in (prior or []) if e in self.events and e not in taken
                 and self.companies.related(self.events[e].company, draft.company)),
                None,
            )  # fmt: skip
            if earlier is not None:
                taken.add(earlier)
                out.append((earlier, draft.role))
                continue
            match = self.best_match(draft, taken)
            again = self.best_match(draft, set()) if match is None and draft.role == "mention" else None
            if again is not None and again.event.event_id in taken and _names_same_date(draft, again.event):
                # "the incident we disclosed in August" in the report of that same incident: not a new event
                out.append((again.event.event_id, draft.role))
                continue
            if match is None:
                event = self._create(doc_id, index, draft, published)
            else:
                event = match.event
                self._update(event, draft, published)
            taken.add(event.event_id)
            out.append((event.event_id, draft.role))
        return out

    def _create(self, doc_id: str, index: int, draft: EventDraft, published: datetime | None) -> EventRecord:
        started = datetime.combine(draft.started, datetime.min.time())
        event = EventRecord(
            event_id=event_id_for(draft.company, doc_id, index),
            company=draft.company,
            kind=draft.kind,
            started_at=started,
            ended_at=_ended(started, draft.duration_hours),
            duration_hours=draft.duration_hours,
            severity=draft.severity,
            services=list(draft.services),
            summary=draft.summary,
            first_reported_at=published,
            updated_at=utcnow(),
            date_basis=draft.date_basis,
            vector=list(draft.vector),
            reports=1,
            date_precision=draft.date_precision,
            kind_votes={draft.kind: 1},
        )
        self.events[event.event_id] = event
        self.new_ids.add(event.event_id)
        return event

    def _update(self, event: EventRecord, draft: EventDraft, published: datetime | None) -> None:
        event.kind_votes[draft.kind] = event.kind_votes.get(draft.kind, 0) + (2 if draft.role == "report" else 1)
        event.kind = max(event.kind_votes, key=lambda k: (event.kind_votes[k], k == event.kind))
        _update_start(event, draft)
        if draft.duration_hours and not event.duration_hours:
            event.duration_hours = draft.duration_hours
        event.severity = event.severity or draft.severity
        counts = Counter(event.services) + Counter(draft.services)
        event.services = [s for s, _ in counts.most_common(10)]
        if draft.role == "report" and (event.summary == "" or event.first_reported_at is None):
            event.summary = draft.summary
        if published is not None and (event.first_reported_at is None or published < event.first_reported_at):
            event.first_reported_at = published
        merged = np.asarray(event.vector) * event.reports + np.asarray(draft.vector)
        event.vector = (merged / max(np.linalg.norm(merged), 1e-9)).tolist()
        event.reports += 1
        event.ended_at = _ended(event.started_at, event.duration_hours)
        event.updated_at = utcnow()
        if event.event_id not in self.new_ids:
            self.updated_ids.add(event.event_id)


def _names_same_date(draft: EventDraft, event: EventRecord) -> bool:
    """A mention dated as the event is ("the incident we disclosed in August", for an August event), and not set
    apart from it ("a separate outage earlier this month")."""
    if event.started_at is None or SEPARATE.search(draft.summary) or draft.date_precision == "year":
        return False
    start, said = event.started_at.date(), ResolvedDate(draft.started, draft.date_precision, draft.summary)
    return covers(said, start) or (said.precision != "month" and abs((said.day - start).days) <= said.tolerance_days)


def _update_start(event: EventRecord, draft: EventDraft) -> None:
    """The incident's own date beats a statement's, which beats a publication date; between dates of one basis,
    the more precise, then the earlier."""
    current = (BASIS_RANK.get(event.date_basis, 2), PRECISION_RANK.get(event.date_precision, 4))
    offered = (BASIS_RANK.get(draft.date_basis, 2), PRECISION_RANK.get(draft.date_precision, 4))
    candidate = datetime.combine(draft.started, datetime.min.time())
    if offered < current or (offered == current and event.started_at and candidate < event.started_at):
        event.started_at = candidate
        event.date_basis = draft.date_basis
        event.date_precision = draft.date_precision


def _ended(started: datetime | None, hours: float | None) -> datetime | None:
    if started is None or not hours:
        return None
    return started + timedelta(hours=hours)


def day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value
