"""The records that pass between the store and the extraction stage.

Plain dataclasses of plain values: they pickle, so per-document extraction
can run on Dask workers, and the store can write them without knowing NLP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

ANSWERS_NOTE = "answers: "  # a claim's note naming the statement it answers ("dismissed that theory")


@dataclass
class Document:
    """A stored document as extraction reads it."""

    doc_id: str
    url: str
    title: str
    text: str
    published_at: datetime | None
    fetched_at: datetime
    outlet: str | None = None
    source_kind: str = "news"
    company_hint: str | None = None
    revision: int = 1
    author: str | None = None

    @property
    def reference(self) -> datetime:
        """The date relative dates are resolved against: publication, else fetch time."""
        return self.published_at or self.fetched_at


@dataclass
class EventDraft:
    """One event as one document tells it, before it is matched to the store's events."""

    company: str
    kind: str
    role: str
    started: date
    date_basis: str
    date_precision: str
    duration_hours: float | None
    severity: str | None
    services: list[str]
    summary: str
    vector: list[float]
    repeat: bool = False  # the text tells a new incident of a company that had one before ("down again")


@dataclass
class ClaimRecord:
    """A claim as stored (DESIGN.md's `claims` table, plus revision and notes)."""

    claim_id: str
    event_id: str
    doc_id: str
    attribution: str
    speaker: str
    topic: str
    stance: str
    quote: str
    published_at: datetime | None
    confidence: float
    same_as: str | None = None
    carrier: str | None = None
    revision: int = 1
    withdrawn_revision: int | None = None
    note: str | None = None
    channel: str = "public"  # public | internal: said to the world, or inside the company
    stated_at: date | None = None  # when the statement was made, where the text says ("said in August")


@dataclass
class ClaimDraftRecord:
    """A claim found in a document, tied to one of the document's event drafts by index."""

    event: int
    attribution: str
    speaker: str
    topic: str
    stance: str
    quote: str
    confidence: float
    carrier: str | None
    note: str | None
    vector: list[float]
    channel: str = "public"
    stated_at: date | None = None


@dataclass
class Fingerprint:
    """What near-duplicate detection keeps of a document's text."""

    doc_id: str
    minhash: list[int]
    sentences: list[int]  # hashes of its normalised sentences
    published_at: datetime | None


@dataclass
class DocExtraction:
    """Everything extraction found in one document."""

    doc_id: str
    published_at: datetime | None
    revision: int
    fingerprint: Fingerprint
    events: list[EventDraft] = field(default_factory=list)
    claims: list[ClaimDraftRecord] = field(default_factory=list)
    unknown_companies: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class EventRecord:
    """An event as stored (DESIGN.md's `events` table) with what clustering needs to match new reports."""

    event_id: str
    company: str
    kind: str
    started_at: datetime | None
    ended_at: datetime | None
    duration_hours: float | None
    severity: str | None
    services: list[str]
    summary: str
    first_reported_at: datetime | None
    updated_at: datetime
    date_basis: str
    vector: list[float]
    reports: int
    date_precision: str = "day"
    kind_votes: dict[str, int] = field(default_factory=dict)


@dataclass
class ConflictRecord:
    conflict_id: str
    event_id: str
    claim_a: str
    claim_b: str
    topic: str
    description: str
    status: str
    detected_at: datetime


@dataclass
class ProcessResult:
    """What one processing run writes back to the store, in one transaction."""

    events: list[EventRecord] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # event_id, doc_id, role
    claims: list[ClaimRecord] = field(default_factory=list)
    conflicts: list[ConflictRecord] = field(default_factory=list)
    touched_events: set[str] = field(default_factory=set)
    duplicates: dict[str, str | None] = field(default_factory=dict)  # doc_id -> duplicate_of
    fingerprints: list[Fingerprint] = field(default_factory=list)
    processed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # doc_id -> reason
    unknown_companies: dict[str, int] = field(default_factory=dict)
    new_events: int = 0
    updated_events: int = 0
