"""The same statement carried by many reports counts once: `same_as` points at its earliest report.

Two claims on one event are the same statement when they come from the same
kind of source, on the same topic with the same stance, in words that mean
the same (a quote repeated verbatim, or paraphrased by another outlet).
"""

from __future__ import annotations

import re

import numpy as np

from nlp.records import ClaimRecord

SAME_MEANING = 0.80
SAME_WORDS = 0.60


def _tokens(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def _same_words(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def same_statement(a: ClaimRecord, b: ClaimRecord, va: np.ndarray, vb: np.ndarray) -> bool:
    """Whether two claims on one event are one statement reported twice."""
    if (a.attribution, a.topic, a.stance) != (b.attribution, b.topic, b.stance):
        return False
    return _same_words(a.quote, b.quote) >= SAME_WORDS or float(np.dot(va, vb)) >= SAME_MEANING


def _order(claim: ClaimRecord) -> tuple:
    return (claim.published_at is None, claim.published_at or 0, claim.doc_id, claim.claim_id)


def assign_same_as(claims: list[ClaimRecord], vectors: dict[str, np.ndarray]) -> None:
    """Set `same_as` on every claim of one event: None for the earliest report of a statement."""
    canon: list[ClaimRecord] = []
    for claim in sorted(claims, key=_order):
        if claim.withdrawn_revision is not None:
            claim.same_as = None
            continue
        first = next(
            (
                c
                for c in canon
                if c.doc_id != claim.doc_id and same_statement(c, claim, vectors[c.claim_id], vectors[claim.claim_id])
            ),
            None,
        )
        claim.same_as = first.claim_id if first else None
        if first is None:
            canon.append(claim)
