"""Scoring the store against gold annotations (`outagewatch eval`).

Documents are matched to gold articles by URL path (the corpus server's
host and port change from run to run). Events match when they share a
report and the company (or its parent or subsidiary); claims when they come
from the same document with overlapping words; conflicts when both sides
match. Every measure is reported with its counts, so a score of 1.0 on
three items reads differently from 1.0 on three hundred.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from nlp.companies import reference_index
from nlp.gold import GoldCorpus, load_corpus
from pipelines.store import session

TARGETS = {
    "event_f1": 0.90,
    "kind_accuracy": 0.85,
    "start_within_2_days": 0.85,
    "cluster_pair_f1": 0.90,
    "no_incident_false_event_rate": 0.05,
    "claim_attribution_recall": 0.85,
    "stance_accuracy": 0.80,
    "conflict_recall": 0.80,
    "conflict_precision": 0.80,
    "duplicate_f1": 0.95,
}
LOWER_IS_BETTER = {"no_incident_false_event_rate"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")) if len(w) > 2}


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's words found in the other (1.0 when one contains the other)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


@dataclass
class Store:
    docs: dict[str, str]  # doc_id -> slug
    duplicate_of: dict[str, str | None]
    events: dict[str, dict[str, Any]]
    links: dict[str, set[str]]  # event_id -> slugs
    claims: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]


def _read(db: Path, corpus: GoldCorpus) -> Store:
    by_path = {f"/{a.site}{a.path}": a.slug for a in corpus.articles.values()}
    with session(db, read_only=True) as con:
        docs_rows = con.execute("SELECT doc_id, url, canonical_url, duplicate_of FROM documents").fetchall()
        docs = {}
        for doc_id, url, canonical, _ in docs_rows:
            slug = by_path.get(urlsplit(url).path) or by_path.get(urlsplit(canonical).path)
            if slug:
                docs[doc_id] = slug
        dups = {doc_id: dup for doc_id, _, _, dup in docs_rows}
        cols = ["event_id", "company", "kind", "started_at", "duration_hours", "services"]
        events = {
            r[0]: dict(zip(cols, r, strict=True))
            for r in con.execute(f"SELECT {', '.join(cols)} FROM events").fetchall()  # noqa: S608 - fixed names
        }
        links: dict[str, set[str]] = defaultdict(set)
        for event_id, doc_id in con.execute("SELECT event_id, doc_id FROM event_documents").fetchall():
            if doc_id in docs:
                links[event_id].add(docs[doc_id])
        ccols = [
            "claim_id",
            "event_id",
            "doc_id",
            "attribution",
            "topic",
            "stance",
            "quote",
            "same_as",
            "withdrawn_revision",
        ]
        claims = [
            dict(zip(ccols, r, strict=True))
            # in a fixed order: a gold claim matched equally well by two copies must score the same every run
            for r in con.execute(f"SELECT {', '.join(ccols)} FROM claims ORDER BY claim_id").fetchall()  # noqa: S608
        ]
        kcols = ["conflict_id", "event_id", "claim_a", "claim_b", "topic"]
        conflicts = [
            dict(zip(kcols, r, strict=True))
            for r in con.execute(f"SELECT {', '.join(kcols)} FROM conflicts ORDER BY conflict_id").fetchall()  # noqa: S608
        ]
    for c in claims:
        c["slug"] = docs.get(c["doc_id"])
    return Store(docs, dups, events, links, claims, conflicts)


def _company_match(predicted: str, gold: str) -> bool:
    index = reference_index()
    return predicted == gold or gold in index.family(predicted) or predicted in index.family(gold)


def _match_events(corpus: GoldCorpus, store: Store, slugs: set[str]) -> tuple[dict[str, str], set[str], set[str]]:
    gold_docs: dict[str, set[str]] = defaultdict(set)
    for slug in slugs:
        for key in corpus.articles[slug].events:
            gold_docs[key].add(slug)
    predicted = {e: docs & slugs for e, docs in store.links.items() if docs & slugs}
    pairs = []
    for g, gd in gold_docs.items():
        for p, pd in predicted.items():
            shared = len(gd & pd)
            if shared and _company_match(store.events[p]["company"], corpus.events[g].company):
                pairs.append((shared, -_days_apart(store.events[p]["started_at"], corpus.events[g].started_at), g, p))
    matched: dict[str, str] = {}
    used: set[str] = set()
    # Most shared reports first; between equals, the event dated nearest the gold one (not whichever id sorts last).
    for _, _, g, p in sorted(pairs, reverse=True):
        if g not in matched and p not in used:
            matched[g] = p
            used.add(p)
    return matched, set(gold_docs), set(predicted)


def _days_apart(predicted: Any, gold: Any) -> int:
    """Days between a predicted start and the gold one; unknown counts as far apart."""
    if predicted is None or gold is None:
        return 10**6
    return abs((predicted.date() - gold).days)


def _pair_f1(groups_gold: dict[str, set[str]], groups_pred: dict[str, set[str]]) -> dict[str, float]:
    def pairs(groups: dict[str, set[str]]) -> set[tuple[str, str]]:
        return {tuple(sorted(p)) for docs in groups.values() for p in combinations(sorted(docs), 2)}  # type: ignore[misc]

    g, p = pairs(groups_gold), pairs(groups_pred)
    tp = len(g & p)
    precision, recall = _ratio(tp, len(p)), _ratio(tp, len(g))
    return {
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "gold_pairs": len(g),
        "predicted_pairs": len(p),
    }


def _claim_scores(corpus: GoldCorpus, store: Store, slugs: set[str]) -> dict[str, Any]:
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in store.claims:
        if c["slug"] in slugs and c["withdrawn_revision"] is None:
            by_doc[c["slug"]].append(c)
    found = stance_ok = topic_ok = total = 0
    matched_pred: set[str] = set()
    for slug in slugs:
        for gc in corpus.articles[slug].claims:
            total += 1
            candidates = [(overlap(gc.quote, c["quote"]), c) for c in by_doc[slug]]
            candidates = [(o, c) for o, c in candidates if o >= 0.5 and c["attribution"] == gc.attribution]
            if not candidates:
                continue
            best = max(candidates, key=lambda oc: (oc[0], oc[1]["quote"], oc[1]["stance"], oc[1]["topic"]))[1]
            found += 1
            matched_pred.add(best["claim_id"])
            stance_ok += best["stance"] == gc.stance
            topic_ok += best["topic"] == gc.topic
    predicted = sum(len(v) for v in by_doc.values())
    pred_hit = sum(
        1
        for cs in by_doc.values()
        for c in cs
        if any(overlap(g.quote, c["quote"]) >= 0.5 for g in corpus.articles[c["slug"]].claims)
    )
    return {
        "claim_attribution_recall": _ratio(found, total),
        "stance_accuracy": _ratio(stance_ok, found),
        "topic_accuracy": _ratio(topic_ok, found),
        "claim_precision": _ratio(pred_hit, predicted),
        "gold_claims": total,
        "predicted_claims": predicted,
    }


def _side_matches(
    claim: dict[str, Any], group: list[dict[str, Any]], slug: str, quote: str, attribution: str | None
) -> bool:
    """A gold side is the predicted statement when it carries the gold words (from that document, or reported
    the same way elsewhere: conflicts are between statements, however many outlets carry them)."""
    for c in [claim, *group]:
        if c["slug"] == slug and (
            overlap(quote, c["quote"]) >= 0.4 or (attribution and c["attribution"] == attribution)
        ):
            return True
        if attribution and c["attribution"] == attribution and overlap(quote, c["quote"]) >= 0.5:
            return True
    return False


def _conflict_scores(corpus: GoldCorpus, store: Store, slugs: set[str], matched: dict[str, str]) -> dict[str, Any]:
    claims = {c["claim_id"]: c for c in store.claims}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in store.claims:
        if c["same_as"]:
            groups[c["same_as"]].append(c)
    in_split_events = {e for e, docs in store.links.items() if docs & slugs}
    # A conflict counts where both its statements are in the split, as a gold one does: an event the split's
    # articles recall (an outage of years ago) must not bring in the disagreements of another split's articles.
    predicted = [
        k
        for k in store.conflicts
        if k["event_id"] in in_split_events and {claims[k["claim_a"]]["slug"], claims[k["claim_b"]]["slug"]} <= slugs
    ]
    gold = [
        (key, conflict)
        for key, event in corpus.events.items()
        for conflict in event.conflicts
        if conflict.a.doc in slugs and conflict.b.doc in slugs
    ]

    def attribution_of(slug: str, quote: str) -> str | None:
        return next((g.attribution for g in corpus.articles[slug].claims if overlap(g.quote, quote) >= 0.8), None)

    def matches(conflict, key: str, k: dict[str, Any]) -> bool:  # type: ignore[no-untyped-def]
        if k["event_id"] != matched.get(key) or k["topic"] != conflict.topic:
            return False
        a, b = claims[k["claim_a"]], claims[k["claim_b"]]
        first, second = (conflict.a.doc, conflict.a.quote), (conflict.b.doc, conflict.b.quote)
        return any(
            _side_matches(x, groups[x["claim_id"]], first[0], first[1], attribution_of(*first))
            and _side_matches(y, groups[y["claim_id"]], second[0], second[1], attribution_of(*second))
            for x, y in ((a, b), (b, a))
        )

    # Recall: gold conflicts some prediction finds; precision: predictions that match some gold conflict.
    hits = sum(1 for key, conflict in gold if any(matches(conflict, key, k) for k in predicted))
    hit_pred = {k["conflict_id"] for k in predicted if any(matches(conflict, key, k) for key, conflict in gold)}
    return {
        "conflict_recall": _ratio(hits, len(gold)),
        "conflict_precision": _ratio(len(hit_pred), len(predicted)),
        "gold_conflicts": len(gold),
        "predicted_conflicts": len(predicted),
    }


def _duplicate_scores(corpus: GoldCorpus, store: Store, slugs: set[str]) -> dict[str, Any]:
    gold: dict[str, set[str]] = defaultdict(set)
    for slug in slugs:
        art = corpus.articles[slug]
        root = art.duplicate_of or slug
        gold[root].add(slug)
    pred: dict[str, set[str]] = defaultdict(set)
    for doc_id, slug in store.docs.items():
        if slug not in slugs:
            continue
        root = store.duplicate_of.get(doc_id) or doc_id
        pred[root].add(slug)
    scores = _pair_f1({k: v for k, v in gold.items() if len(v) > 1}, {k: v for k, v in pred.items() if len(v) > 1})
    return {
        "duplicate_f1": scores["f1"],
        "duplicate_precision": scores["precision"],
        "duplicate_recall": scores["recall"],
        "gold_duplicate_pairs": scores["gold_pairs"],
    }


def evaluate_store(db: Path, gold_root: Path, split: str | None = None) -> dict[str, Any]:
    """Every measure of issue 3's table, with the counts behind it."""
    corpus = load_corpus(gold_root)
    store = _read(db, corpus)
    stored = set(store.docs.values())
    slugs = {a.slug for a in corpus.split(split)} & stored
    matched, gold_events, predicted_events = _match_events(corpus, store, slugs)
    precision, recall = _ratio(len(matched), len(predicted_events)), _ratio(len(matched), len(gold_events))
    kind_ok = sum(store.events[p]["kind"] == corpus.events[g].kind for g, p in matched.items())
    dated = [(g, p) for g, p in matched.items() if corpus.events[g].started_at]
    start_ok = sum(
        store.events[p]["started_at"] is not None
        and abs((store.events[p]["started_at"].date() - corpus.events[g].started_at).days) <= 2  # type: ignore[operator]
        for g, p in dated
    )
    quiet = [s for s in slugs if corpus.articles[s].no_incident]
    quiet_hit = sum(1 for s in quiet if any(s in docs for docs in store.links.values()))
    gold_groups = {k: {s for s in slugs if k in corpus.articles[s].events} for k in gold_events}
    pred_groups = {e: docs & slugs for e, docs in store.links.items()}
    cluster = _pair_f1(gold_groups, pred_groups)
    scores: dict[str, Any] = {
        "split": split or "all",
        "documents": len(slugs),
        "documents_missing": len({a.slug for a in corpus.split(split)} - stored),
        "event_precision": precision,
        "event_recall": recall,
        "event_f1": _f1(precision, recall),
        "gold_events": len(gold_events),
        "predicted_events": len(predicted_events),
        "kind_accuracy": _ratio(kind_ok, len(matched)),
        "start_within_2_days": _ratio(start_ok, len(dated)),
        "cluster_pair_f1": cluster["f1"],
        "cluster_pair_precision": cluster["precision"],
        "cluster_pair_recall": cluster["recall"],
        "no_incident_false_event_rate": _ratio(quiet_hit, len(quiet)) if quiet else 0.0,
        "no_incident_documents": len(quiet),
    }
    scores |= _claim_scores(corpus, store, slugs)
    scores |= _conflict_scores(corpus, store, slugs, matched)
    scores |= _duplicate_scores(corpus, store, slugs)
    return scores


def meets(name: str, value: float) -> bool:
    target = TARGETS[name]
    return value <= target if name in LOWER_IS_BETTER else value >= target


def format_scores(scores: dict[str, Any]) -> str:
    """A table: measure, value, target, and whether it is met."""
    lines = [
        f"split: {scores['split']}  documents: {scores['documents']} "
        f"(missing from the store: {scores['documents_missing']})"
    ]
    for key, value in scores.items():
        if key in ("split", "documents", "documents_missing"):
            continue
        if isinstance(value, float):
            mark = ""
            if key in TARGETS:
                sign = "≤" if key in LOWER_IS_BETTER else "≥"
                mark = f"  target {sign} {TARGETS[key]:.2f}  {'met' if meets(key, value) else 'MISSED'}"
            lines.append(f"  {key:32s} {value:6.3f}{mark}")
        else:
            lines.append(f"  {key:32s} {value}")
    return "\n".join(lines)
