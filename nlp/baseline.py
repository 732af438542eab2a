"""Write tests/eval_baseline.json from a processed store: `python -m nlp.baseline DB [CORPUS]`.

Run after a change that raises quality (`make baseline` builds the demo store
first), and commit the file with the change, so the eval gate holds the gain.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nlp.evaluate import evaluate_store
from nlp.gold import SPLITS

BASELINE = Path(__file__).resolve().parents[1] / "tests" / "eval_baseline.json"


def main(argv: list[str]) -> int:
    db = Path(argv[1] if len(argv) > 1 else "data/demo/outagewatch.duckdb")
    corpus = Path(argv[2] if len(argv) > 2 else "corpus")
    scores = {split: evaluate_store(db, corpus, split) for split in SPLITS}
    rounded = {
        split: {k: round(v, 3) if isinstance(v, float) else v for k, v in s.items()} for split, s in scores.items()
    }
    BASELINE.write_text(json.dumps(rounded, indent=2, sort_keys=True) + "\n")
    print(f"wrote {BASELINE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
