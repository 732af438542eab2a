"""Accuracy gate, as trafilatura's: extraction quality on the sample corpus may not drop below the baseline.

tests/eval_baseline.json holds the scores of the last accepted change, per
split. A change that lowers any of them by more than the tolerance fails
here; one that raises them updates the file with `make baseline`, in the
same commit, so the gain is kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.evaluate import LOWER_IS_BETTER, evaluate_store
from nlp.gold import SPLITS, GoldCorpus, load_corpus

BASELINE = Path(__file__).with_name("eval_baseline.json")
TOLERANCE = 0.02  # one article more or less in a small split moves a rate by about this much
GATED = (
    "event_f1", "kind_accuracy", "start_within_2_days", "cluster_pair_f1", "no_incident_false_event_rate",
    "claim_attribution_recall", "stance_accuracy", "conflict_recall", "conflict_precision", "duplicate_f1",
)  # fmt: skip


@pytest.mark.parametrize("split", SPLITS)
def test_quality_does_not_drop_below_the_baseline(corpus_store: tuple[Path, GoldCorpus], split: str) -> None:
    db, _ = corpus_store
    baseline = json.loads(BASELINE.read_text())[split]
    scores = evaluate_store(db, Path(__file__).resolve().parents[1] / "corpus", split)
    assert scores["documents_missing"] == 0
    dropped = {
        name: (round(scores[name], 3), baseline[name])
        for name in GATED
        if (
            scores[name] > baseline[name] + TOLERANCE
            if name in LOWER_IS_BETTER
            else scores[name] < baseline[name] - TOLERANCE
        )
    }
    assert not dropped, f"{split}: quality dropped below the baseline (now, baseline): {dropped}"


def test_the_corpus_is_valid_and_large_enough() -> None:
    corpus = load_corpus(Path(__file__).resolve().parents[1] / "corpus")
    assert len(corpus.articles) >= 40
    assert sum(a.no_incident for a in corpus.articles.values()) >= 8
    assert sum(bool(a.duplicate_of) for a in corpus.articles.values()) >= 5
    assert {a.template for a in corpus.articles.values()} >= {"news", "aggregator", "status", "blog", "plain"}
    assert all(split in {a.split for a in corpus.articles.values()} for split in SPLITS)
