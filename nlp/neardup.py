"""Near-duplicate copies: syndication, reposts and aggregator copies of one text.

MinHash over word shingles finds candidates quickly; the decision then looks
at sentences: a copy adds nothing of its own. A text that carries an update
or a correction, or new sentences with facts, is a new report, not a copy.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from nlp.records import Fingerprint

NUM_PERM = 128
SHINGLE = 5
LSH_THRESHOLD = 0.5
UPDATE_MARKER = re.compile(
    r"\b(update[sd]?:|updated (on|at|to)|correction:|corrected|editor'?s note|clarification:|this (story|article) "
    r"(has been|was) (updated|corrected))",
    re.I,
)
FACT_SIGNAL = re.compile(r"\d|\b(said|says|told|according to|confirmed|denied|announced|wrote|reported)\b", re.I)


def _normalise(sentence: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", sentence.lower()).split())


def sentences(text: str) -> list[str]:
    """Sentences of six words or more, normalised: the units a copy shares with its original."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [n for n in (_normalise(p) for p in parts) if len(n.split()) >= 6]


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little", signed=True)


def fingerprint(doc_id: str, text: str, published_at) -> Fingerprint:  # type: ignore[no-untyped-def]
    """MinHash of the text's word shingles and hashes of its sentences."""
    words = _normalise(text).split()
    mh = MinHash(num_perm=NUM_PERM, seed=7, scheme="affine32")
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    mh.update_batch([s.encode() for s in shingles])
    sents = sentences(text)
    return Fingerprint(
        doc_id=doc_id,
        minhash=[int(v) for v in mh.hashvalues],
        sentences=[_hash(s) for s in sents],
        published_at=published_at,
    )


def _minhash(fp: Fingerprint) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=7, scheme="affine32", hashvalues=np.array(fp.minhash, dtype=np.uint32))


def is_copy(newer: Fingerprint, older: Fingerprint, newer_text: str) -> bool:
    """Whether `newer` repeats `older` and adds nothing of its own."""
    old, new = set(older.sentences), newer.sentences
    if not new or not old:
        return False
    shared = [h for h in new if h in old]
    novel_hashes = {h for h in new if h not in old}
    covered = len(set(shared)) / len(old)
    novel_ratio = len(novel_hashes) / len(set(new))
    if covered < 0.6 or novel_ratio > 0.35:  # an aggregator adds a few lines of its own boilerplate
        return False
    novel = [s for s in sentences(newer_text) if _hash(s) in novel_hashes]
    if any(UPDATE_MARKER.search(s) for s in novel) or UPDATE_MARKER.search(newer_text[:300]):
        return False
    return sum(bool(FACT_SIGNAL.search(s)) for s in novel) < 2


class DuplicateIndex:
    """An LSH index over stored fingerprints; `original_of` finds the earliest copy a new text repeats."""

    def __init__(self, fingerprints: Iterable[Fingerprint] = ()) -> None:
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.by_id: dict[str, Fingerprint] = {}
        self.duplicate_of: dict[str, str | None] = {}
        for fp in fingerprints:
            self.add(fp)

    def add(self, fp: Fingerprint, duplicate_of: str | None = None) -> None:
        if fp.doc_id in self.by_id:
            self.lsh.remove(fp.doc_id)
        self.by_id[fp.doc_id] = fp
        self.duplicate_of[fp.doc_id] = duplicate_of
        self.lsh.insert(fp.doc_id, _minhash(fp))

    def original_of(self, fp: Fingerprint, text: str) -> str | None:
        """The earliest stored document this one copies, following chains to the first original."""
        candidates = [c for c in self.lsh.query(_minhash(fp)) if c != fp.doc_id]
        matches = []
        for cid in candidates:
            other = self.by_id[cid]
            if is_copy(fp, other, text) or is_copy(other, fp, ""):
                matches.append(self.duplicate_of.get(cid) or cid)
        if not matches:
            return None

        def published(doc_id: str) -> tuple:
            value = self.by_id[doc_id].published_at
            return (value is None, value or 0, doc_id)

        return min(matches, key=published)
