"""Train the claim topic and stance models from the annotated corpus: `python -m nlp.train`.

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
from nlp.models import embed

TRAIN_SPLITS = ("seen", "dev")
MODEL_FILE = "claim_model.json"


def examples(root: Path) -> tuple[list[str], list[str], list[str]]:
    """(quotes, topics, stances) of every gold claim in the tuning splits."""
    corpus = load_corpus(root)
    quotes, topics, stances = [], [], []
    for split in TRAIN_SPLITS:
        for article in corpus.split(split):
            for claim in article.claims:
                quotes.append(claim.quote)
                topics.append(claim.topic)
                stances.append(claim.stance)
    return quotes, topics, stances


def fit(vectors: np.ndarray, labels: list[str], c: float) -> dict:
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(vectors, labels)
    return {
        "classes": [str(x) for x in model.classes_],
        "coef": np.round(model.coef_, 6).tolist(),
        "intercept": np.round(model.intercept_, 6).tolist(),
    }


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else "corpus")
    quotes, topics, stances = examples(root)
    vectors = embed(quotes)
    model = {"trained_on": list(TRAIN_SPLITS), "examples": len(quotes), "topic": fit(vectors, topics, 2.0),
             "stance": fit(vectors, stances, 8.0)}  # fmt: skip
    target = Path(str(resources.files("nlp") / "resources" / MODEL_FILE))
    target.write_text(json.dumps(model))
    print(f"trained on {len(quotes)} claims from {', '.join(TRAIN_SPLITS)}; wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
