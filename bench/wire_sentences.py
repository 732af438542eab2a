"""Attribution on wire-style sentences written apart from the corpus: `python -m bench.wire_sentences`.

Each file under bench/wire_sentences/ is one invented incident: a title, a lead, and single sentences that
each append one attributed statement with the source kind and stance a reader would give it under
corpus/README.md. Files marked `use: tuning` were read while writing rules; files marked `use: held-out`
were written afterwards and only measured. A sentence counts as right when some claim extracted from it
has the expected source kind (and, for the stance figure, the expected stance too).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import yaml

from bench.common import report
from nlp.companies import reference_index
from nlp.extract import extract_document
from nlp.records import Document

FOLDER = Path(__file__).resolve().parent / "wire_sentences"


def _verdict(story: dict, case: dict) -> str:
    """ "right", "stance" (right source, wrong stance) or "wrong" for one sentence of one story."""
    at = dt.datetime.fromisoformat(str(story["published"]))
    text = f"{story['lead']}\n\n{case['text']}"
    document = Document(doc_id="d", url="http://127.0.0.1/d", title=story["title"], text=text,
                        published_at=at, fetched_at=at, outlet="The Wire")  # fmt: skip
    claims = extract_document(document, reference_index()).claims
    own = [c for c in claims if c.quote[:30] in case["text"] or case["text"][:30] in c.quote]
    if any(c.attribution == case["attribution"] and c.stance == case["stance"] for c in own):
        return "right"
    return "stance" if any(c.attribution == case["attribution"] for c in own) else "wrong"


def main() -> dict[str, object]:
    counts: dict[str, Counter[str]] = {}
    for path in sorted(FOLDER.glob("*.yaml")):
        story = yaml.safe_load(path.read_text(encoding="utf-8"))
        tally = counts.setdefault(story["use"], Counter())
        for case in story["cases"]:
            tally[_verdict(story, case)] += 1
    figures: dict[str, object] = {}
    for use, tally in sorted(counts.items()):
        total = sum(tally.values())
        figures[f"{use}_sentences"] = total
        figures[f"{use}_source_right"] = round((tally["right"] + tally["stance"]) / total, 3)
        figures[f"{use}_source_and_stance_right"] = round(tally["right"] / total, 3)
    return report("wire_sentences", figures)


if __name__ == "__main__":
    main()
