"""The whole job on whole stories written apart from the corpus: `python -m bench.stories`.

bench/stories/ is a second corpus in the corpus's format (articles with gold claims, events with their
conflicts): eight real incidents told by five or six articles each, from first report to follow-up, with a
syndicated copy and a no-incident piece per story. Helpers wrote it from public reporting, reading only
corpus/README.md and one example. Its `dev` split (Ticketmaster/Snowflake 2024, CDK Global 2024) was read while
writing rules; its `heldout` split (six other incidents) is only measured. The figures are `outagewatch
eval`'s, after `outagewatch demo` serves and crawls the stories on 127.0.0.1.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import report
from nlp.evaluate import evaluate_store

FOLDER = Path(__file__).resolve().parent / "stories"
SHOWN = ("event_f1", "kind_accuracy", "start_within_2_days", "cluster_pair_f1", "no_incident_false_event_rate",
         "claim_attribution_recall", "stance_accuracy", "conflict_recall", "conflict_precision",
         "predicted_conflicts", "duplicate_f1")  # fmt: skip


def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "stories.duckdb"
        command = [sys.executable, "-m", "flows.cli", "demo", "--corpus", str(FOLDER), "--db", str(db), "--out", tmp]
        subprocess.run(command, check=True, capture_output=True)
        figures: dict[str, object] = {}
        for split in ("dev", "heldout"):
            scores = evaluate_store(db, FOLDER, split)
            figures |= {f"{split}_{k}": round(v, 3) if isinstance(v, float) else v for k, v in scores.items()
                        if k in SHOWN}  # fmt: skip
    return report("stories", figures)


if __name__ == "__main__":
    main()
