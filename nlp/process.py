"""From per-document extractions to what the store keeps: events, links, claims, conflicts, duplicates.

Extraction (nlp.extract) is per document and can run anywhere; this merge is
sequential and runs where the store's state was read, in publication order,
so the first report of an event founds it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from nlp.cluster import Clusterer, utcnow
from nlp.companies import CompanyIndex
from nlp.conflicts import find_conflicts
from nlp.corroborate import assign_same_as
from nlp.models import embed
from nlp.neardup import DuplicateIndex
from nlp.records import ClaimRecord, DocExtraction, Document, EventRecord, Fingerprint, ProcessResult

log = logging.getLogger(__name__)


@dataclass
class StoreState:
    """What the merge needs from the store: known events and fingerprints, and earlier results of these documents."""

    events: list[EventRecord] = field(default_factory=list)
    fingerprints: list[tuple[Fingerprint, str | None]] = field(default_factory=list)  # with duplicate_of
    doc_links: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # doc_id -> [(event_id, role)]
    doc_claims: dict[str, list[ClaimRecord]] = field(default_factory=dict)  # doc_id -> its stored claims


def claim_id_for(doc_id: str, event_id: str, quote: str) -> str:
    """Stable across revisions while the words stay: a claim that survives an edit keeps its id."""
    norm = " ".join(re.findall(r"\w+", quote.lower()))
    return "cl_" + hashlib.sha256(f"{doc_id}|{event_id}|{norm}".encode()).hexdigest()[:14]


def _order(ex: DocExtraction) -> tuple:
    return (ex.published_at is None, ex.published_at or 0, ex.doc_id)


def merge(
    extractions: list[DocExtraction],
    documents: dict[str, Document],
    state: StoreState,
    companies: CompanyIndex,
    load_claims: Callable[[set[str], set[str]], list[ClaimRecord]],
) -> ProcessResult:
    """Fold a batch of extractions into the store's state; `load_claims(event_ids, except_docs)` reads stored claims."""
    result = ProcessResult()
    duplicates = DuplicateIndex()
    for fp, dup in state.fingerprints:
        duplicates.add(fp, dup)
    clusterer = Clusterer(state.events, companies)
    new_claims: dict[str, ClaimRecord] = {}
    vectors: dict[str, np.ndarray] = {}
    for ex in sorted(extractions, key=_order):
        document = documents[ex.doc_id]
        result.processed.append(ex.doc_id)
        if ex.error:
            result.failed[ex.doc_id] = ex.error
            continue
        original = duplicates.original_of(ex.fingerprint, document.text)
        duplicates.add(ex.fingerprint, original)
        result.duplicates[ex.doc_id] = original
        result.fingerprints.append(ex.fingerprint)
        for name in ex.unknown_companies:
            result.unknown_companies[name] = result.unknown_companies.get(name, 0) + 1
        assigned = clusterer.assign(ex.doc_id, ex.published_at, ex.events, prior=state.doc_links.get(ex.doc_id, []))
        result.links.extend((event_id, ex.doc_id, role) for event_id, role in _first_links(assigned))
        fresh = _claims_of(ex, assigned)
        for claim, vector in fresh:
            new_claims[claim.claim_id] = claim
            vectors[claim.claim_id] = vector
        new_claims.update(_withdrawn(state.doc_claims.get(ex.doc_id, []), {c.claim_id for c, _ in fresh}, ex.revision))
    touched = {event_id for event_id, _, _ in result.links}
    touched |= {c.event_id for c in new_claims.values()}
    _reconcile(result, touched, new_claims, vectors, load_claims)
    result.events = [clusterer.events[e] for e in touched if e in clusterer.events]
    result.touched_events = touched
    result.new_events = len(clusterer.new_ids & touched)
    result.updated_events = len(clusterer.updated_ids - clusterer.new_ids)
    return result


def _first_links(assigned: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One link per event: a mention of the event the document reports is part of that report."""
    first: dict[str, str] = {}
    for event_id, role in assigned:
        first.setdefault(event_id, role)
    return list(first.items())


def _claims_of(ex: DocExtraction, assigned: list[tuple[str, str]]) -> list[tuple[ClaimRecord, np.ndarray]]:
    out = []
    for draft in ex.claims:
        event_id = assigned[draft.event][0]
        claim = ClaimRecord(
            claim_id=claim_id_for(ex.doc_id, event_id, draft.quote),
            event_id=event_id,
            doc_id=ex.doc_id,
            attribution=draft.attribution,
            speaker=draft.speaker,
            topic=draft.topic,
            stance=draft.stance,
            quote=draft.quote,
            published_at=ex.published_at,
            confidence=draft.confidence,
            carrier=draft.carrier,
            revision=ex.revision,
            note=draft.note,
            channel=draft.channel,
            stated_at=draft.stated_at,
        )
        out.append((claim, np.asarray(draft.vector, dtype=np.float32)))
    return out


def _withdrawn(stored: list[ClaimRecord], kept: set[str], revision: int) -> dict[str, ClaimRecord]:
    """Claims of an earlier revision that the new text no longer carries: kept, marked withdrawn."""
    out = {}
    for claim in stored:
        if claim.claim_id not in kept and claim.withdrawn_revision is None:
            claim.withdrawn_revision = revision
            out[claim.claim_id] = claim
    return out


def _reconcile(
    result: ProcessResult,
    touched: set[str],
    new_claims: dict[str, ClaimRecord],
    vectors: dict[str, np.ndarray],
    load_claims: Callable[[set[str], set[str]], list[ClaimRecord]],
) -> None:
    """Re-derive `same_as` and conflicts for every event this batch touched."""
    if not touched:
        return
    reprocessed = {c.doc_id for c in new_claims.values()} | set(result.processed)
    stored = [c for c in load_claims(touched, reprocessed) if c.claim_id not in new_claims]
    missing = [c for c in [*stored, *new_claims.values()] if c.claim_id not in vectors]
    for claim, vector in zip(missing, embed([c.quote for c in missing]), strict=True):
        vectors[claim.claim_id] = vector
    by_event: dict[str, list[ClaimRecord]] = {}
    for claim in [*stored, *new_claims.values()]:
        by_event.setdefault(claim.event_id, []).append(claim)
    now = utcnow()
    for event_id, claims in by_event.items():
        assign_same_as(claims, vectors)
        result.conflicts.extend(find_conflicts(event_id, claims, vectors, now))
        result.claims.extend(claims)
