"""Train the claim topic and stance models from the annotated corpus: `python -m nlp.train`.

`python -m nlp.train corpus --cv` instead scores the topic model story by story: each story (the articles
whose slugs share a prefix) is left out of training in turn and labelled as extraction would label it, rules
and model together. That is the estimate of accuracy on stories never trained on; the held-out split is
not used for it.

Logistic regression over sentence embeddings of gold claim quotes from the
tuning splits (seen, dev), never the held-out one. The coefficients are
written to resources/claim_model.json and shipped with the package, so
nothing trains at run time and results are reproducible.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from nlp.gold import load_corpus
from nlp.models import base_pipeline, embed
from nlp.topics import combine, topic_scores

TRAIN_SPLITS = ("seen", "dev")
MODEL_FILE = "claim_model.json"


def examples(root: Path) -> tuple[list[str], list[str], list[str], list[str]]:
    """(quotes, topics, stances, stories) of every gold claim in the tuning splits."""
    corpus = load_corpus(root)
    quotes, topics, stances, stories = [], [], [], []
    for split in TRAIN_SPLITS:
        for article in corpus.split(split):
            for claim in article.claims:
                quotes.append(claim.quote)
                topics.append(claim.topic)
                stances.append(claim.stance)
                stories.append(article.slug.split("-")[0])
    return quotes, topics, stances, stories


TOPIC_C, STANCE_C = 2.0, 8.0  # inverse regularisation of each model


def _classifier(vectors: np.ndarray, labels: list[str] | np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(vectors, labels)


def fit(vectors: np.ndarray, labels: list[str], c: float) -> dict:
    model = _classifier(vectors, labels, c)
    return {
        "classes": [str(x) for x in model.classes_],
        "coef": np.round(model.coef_, 6).tolist(),
        "intercept": np.round(model.intercept_, 6).tolist(),
    }


def cross_validate(quotes: list[str], topics: list[str], stories: list[str], vectors: np.ndarray) -> float:
    """Topic accuracy with each story left out of training in turn, rules and model combined as in extraction."""
    nlp = base_pipeline()
    rules = [topic_scores(doc[:]) for doc in nlp.pipe(quotes)]
    labels = np.asarray(topics)
    right = 0
    for story in sorted(set(stories)):
        test = np.asarray([s == story for s in stories])
        model = _classifier(vectors[~test], labels[~test], TOPIC_C)
        for i, probs in zip(np.flatnonzero(test), model.predict_proba(vectors[test]), strict=True):
            right += combine(rules[i], dict(zip(model.classes_, probs, strict=True))) == topics[i]
    return right / len(quotes)


def main(argv: list[str]) -> int:
    root = Path(next((a for a in argv[1:] if not a.startswith("--")), "corpus"))
    quotes, topics, stances, stories = examples(root)
    vectors = embed(quotes)
    if "--cv" in argv:
        accuracy = cross_validate(quotes, topics, stories, vectors)
        print(f"topic accuracy, each of {len(set(stories))} stories left out in turn: {accuracy:.3f}")
        return 0
    model = {"trained_on": list(TRAIN_SPLITS), "examples": len(quotes), "topic": fit(vectors, topics, TOPIC_C),
             "stance": fit(vectors, stances, STANCE_C)}  # fmt: skip
    target = Path(str(resources.files("nlp") / "resources" / MODEL_FILE))
    target.write_text(json.dumps(model))
    print(f"trained on {len(quotes)} claims from {', '.join(TRAIN_SPLITS)}; wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
