"""Claims that cannot both be true: a denial or limitation against an assertion of the same thing.

No verdict: both sides stay, with sources and dates. Each denial is paired
with the strongest assertion it answers (a leaked document outranks a
newspaper's paraphrase), so one denial makes one conflict. Figures that
disagree ("about 400 customers" against "775 customers") conflict as well.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

import numpy as np

from nlp.records import ClaimRecord, ConflictRecord

EVIDENCE_RANK = ["internal_document", "regulator_filing", "postmortem", "status_page", "executive",
                 "anonymous_source", "researcher", "media_report", "social_media", "spokesperson"]  # fmt: skip
SAME_PROPOSITION = 0.40
FACETS = {
    "attack": r"cyber|hack|attack|malicious|intrusion|ddos|ransomware|breach|criminal|sabotage",
    "ai": r"\bai\b|artificial intelligence|generative|llm|agent|copilot|assistant|ai-",
    "change": r"config|update|upgrade|maintenance|deploy|change|bug|software|script|command|code",
    "traffic": r"traffic|load|surge|demand|promotion|spike",
    "data": r"data|files|records|database|information|backup",
    "restore": r"restor|recover|rollback|roll back|back online|undo",
    "review": r"review|meeting|investigation|inquiry|probe",
}
UNIT = re.compile(
    r"(\d[\d,.]*)\s*(%|per ?cent|million|thousand)?\s*(customers|users|sites|accounts|people|calls|hours|minutes|"
    r"days|incidents|businesses|companies|organi[sz]ations|websites|emergency calls)",
    re.I,
)


def _facets(text: str) -> set[str]:
    low = text.lower()
    return {name for name, pattern in FACETS.items() if re.search(pattern, low)}


def _figures(text: str) -> dict[str, float]:
    out = {}
    for number, scale, unit in UNIT.findall(text):
        try:
            value = float(number.replace(",", ""))
        except ValueError:
            continue
        value *= {"million": 1e6, "thousand": 1e3}.get((scale or "").lower(), 1)
        out[unit.lower().rstrip("s")] = value
    return out


def _same_source(a: ClaimRecord, b: ClaimRecord) -> bool:
    return a.attribution == b.attribution and a.speaker.lower() == b.speaker.lower()


def same_proposition(a: ClaimRecord, b: ClaimRecord, va: np.ndarray, vb: np.ndarray) -> bool:
    """Whether two claims on one topic speak of the same thing (not merely the same topic)."""
    if a.topic == "ai_involvement":
        return True
    shared = _facets(a.quote) & _facets(b.quote)
    return bool(shared) or float(np.dot(va, vb)) >= SAME_PROPOSITION


def conflict_id(event_id: str, a: str, b: str) -> str:
    return "cf_" + hashlib.sha256(f"{event_id}|{a}|{b}".encode()).hexdigest()[:14]


def _describe(a: ClaimRecord, b: ClaimRecord) -> str:
    def side(c: ClaimRecord) -> str:
        when = c.published_at.date().isoformat() if c.published_at else "undated"
        return f"{c.speaker} ({c.attribution.replace('_', ' ')}, {when}) {c.stance}"

    return f"{a.topic.replace('_', ' ')}: {side(a)} vs {side(b)}"


def _record(event_id: str, a: ClaimRecord, b: ClaimRecord, now: datetime) -> ConflictRecord:
    first, second = sorted((a, b), key=lambda c: (c.published_at or now, c.claim_id))
    withdrawn = a.withdrawn_revision is not None or b.withdrawn_revision is not None
    return ConflictRecord(
        conflict_id=conflict_id(event_id, first.claim_id, second.claim_id),
        event_id=event_id,
        claim_a=first.claim_id,
        claim_b=second.claim_id,
        topic=a.topic,
        description=_describe(first, second),
        status="retracted" if withdrawn else "open",
        detected_at=now,
    )


def find_conflicts(event_id: str, claims: list[ClaimRecord], vectors: dict[str, np.ndarray], now: datetime) -> list[ConflictRecord]:
    """Conflicts among one event's distinct statements (claims with `same_as` unset)."""
    distinct = [c for c in claims if c.same_as is None]
    out: dict[str, ConflictRecord] = {}
    for denial in (c for c in distinct if c.stance in ("denies", "limits")):
        rivals = [
            c
            for c in distinct
            if c.topic == denial.topic
            and c.stance == "asserts"
            and not _same_source(c, denial)
            and same_proposition(c, denial, vectors[c.claim_id], vectors[denial.claim_id])
        ]
        if rivals:
            best = min(rivals, key=lambda c: (EVIDENCE_RANK.index(c.attribution), -float(np.dot(vectors[c.claim_id], vectors[denial.claim_id]))))
            record = _record(event_id, best, denial, now)
            out[record.conflict_id] = record
    for record in _figure_conflicts(event_id, distinct, now):
        out.setdefault(record.conflict_id, record)
    return list(out.values())


def _figure_conflicts(event_id: str, claims: list[ClaimRecord], now: datetime) -> list[ConflictRecord]:
    """Two sources giving the same measure with figures more than a third apart."""
    found = []
    asserted = [(c, _figures(c.quote)) for c in claims if c.stance in ("asserts", "limits")]
    for i, (a, fa) in enumerate(asserted):
        for b, fb in asserted[i + 1 :]:
            if a.topic != b.topic or _same_source(a, b) or a.doc_id == b.doc_id:
                continue
            for unit in fa.keys() & fb.keys():
                lo, hi = sorted((fa[unit], fb[unit]))
                if hi > 0 and (hi - lo) / hi > 0.34 and lo >= 1:
                    found.append(_record(event_id, a, b, now))
                    break
    return found
