"""The learned half of topic and stance: probabilities from the shipped logistic-regression weights."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

from nlp.train import MODEL_FILE


@lru_cache(maxsize=1)
def _model() -> dict:
    path = resources.files("nlp") / "resources" / MODEL_FILE
    return json.loads(path.read_text()) if path.is_file() else {}


def probabilities(task: str, vector: np.ndarray) -> dict[str, float]:
    """P(label) for `task` ("topic" or "stance") given a sentence vector; empty when no model ships."""
    model = _model().get(task)
    if not model:
        return {}
    logits = np.asarray(model["coef"]) @ vector + np.asarray(model["intercept"])
    exp = np.exp(logits - logits.max())
    return dict(zip(model["classes"], (exp / exp.sum()).tolist(), strict=True))
