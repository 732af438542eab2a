"""Event detection on short articles written apart from the corpus: `python -m bench.event_leads`.

Each file under bench/event_leads/ holds invented articles (a title, a publication time, two to four paragraphs)
with the events a reader finds in them: company, kind, the day the incident began, and whether the article
reports it or recalls it. Files marked `use: tuning` were read while writing rules; `use: held-out` files were
written afterwards and only measured. The figures mirror `outagewatch eval`: event recall and precision by
company, kind accuracy and start dates within two days on the events found, and the share of no-incident
articles that yield an event.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from bench.common import report
from nlp.companies import CompanyIndex, reference_index
from nlp.extract import extract_document
from nlp.records import Document, EventDraft

FOLDER = Path(__file__).resolve().parent / "event_leads"


def _extracted(article: dict[str, Any], companies: CompanyIndex) -> list[EventDraft]:
    at = dt.datetime.fromisoformat(str(article["published"]).replace("Z", "+00:00")).replace(tzinfo=None)
    document = Document(doc_id="d", url="http://127.0.0.1/d", title=article["title"], text=article["text"],
                        published_at=at, fetched_at=at, outlet="The Wire")  # fmt: skip
    return extract_document(document, companies).events


def _same(gold: dict[str, Any], found: EventDraft, companies: CompanyIndex) -> bool:
    return found.company == gold["company"] or found.company in companies.family(gold["company"])


def _best(gold: dict[str, Any], candidates: list[EventDraft]) -> EventDraft | None:
    """The company's event that is this one: the same role first (the report, not a recalled one), then the
    nearest start."""
    want = dt.date.fromisoformat(str(gold["started_at"])) if gold.get("started_at") else None
    role = gold.get("role", "report")
    return min(
        candidates,
        key=lambda e: (e.role != role, abs((e.started - want).days) if want else 0),
        default=None,
    )


def score_article(article: dict[str, Any], companies: CompanyIndex, tally: Counter[str]) -> list[str]:
    """Add one article's counts to `tally`; return what it got wrong, for reading tuning sets."""
    found = _extracted(article, companies)
    expect = article["expect"]
    misses: list[str] = []
    if expect.get("no_incident"):
        tally["no_incident_articles"] += 1
        tally["no_incident_with_event"] += bool(found)
        misses += [f"false event {e.company} {e.kind}" for e in found]
        return misses
    gold_events = expect.get("events") or []
    unused = list(found)
    for gold in gold_events:
        role = gold.get("role", "report")
        tally[f"gold_{role}"] += 1
        match = _best(gold, [e for e in unused if _same(gold, e, companies)])
        if match is None:
            misses.append(f"missed {role} {gold['company']} {gold['kind']} {gold.get('started_at')}")
            continue
        unused.remove(match)
        tally[f"found_{role}"] += 1
        tally["kind_right"] += match.kind == gold["kind"]
        if match.kind != gold["kind"]:
            misses.append(f"kind {gold['company']}: {match.kind} for {gold['kind']}")
        if gold.get("started_at"):
            tally["dated"] += 1
            want = dt.date.fromisoformat(str(gold["started_at"]))
            close = abs((match.started - want).days) <= 2
            tally["date_right"] += close
            if not close:
                misses.append(f"date {gold['company']}: {match.started} for {want} ({match.date_basis})")
    tally["predicted"] += len(found)
    tally["predicted_right"] += len(found) - len(unused)  # each event found stands for one gold event at most
    misses += [f"extra event {e.company} {e.kind} {e.role} {e.started}" for e in unused]
    return misses


def _figures(tally: Counter[str]) -> dict[str, object]:
    def share(a: str, b: str) -> float | None:
        return round(tally[a] / tally[b], 3) if tally[b] else None

    found = tally["found_report"] + tally["found_mention"]
    gold = tally["gold_report"] + tally["gold_mention"]
    return {
        "articles": tally["articles"],
        "event_recall_reported": share("found_report", "gold_report"),
        "event_recall_recalled": share("found_mention", "gold_mention"),
        "event_recall_all": round(found / gold, 3) if gold else None,
        "event_precision": share("predicted_right", "predicted"),
        "kind_accuracy": round(tally["kind_right"] / found, 3) if found else None,
        "start_within_2_days": share("date_right", "dated"),
        "no_incident_false_event_rate": share("no_incident_with_event", "no_incident_articles"),
    }


def main() -> dict[str, object]:
    companies = reference_index()
    tallies: dict[str, Counter[str]] = {}
    for path in sorted(FOLDER.glob("*.yaml")):
        collection = yaml.safe_load(path.read_text(encoding="utf-8"))
        tally = tallies.setdefault(collection["use"], Counter())
        for article in collection["articles"]:
            tally["articles"] += 1
            score_article(article, companies, tally)
    figures: dict[str, object] = {}
    for use, tally in sorted(tallies.items()):
        figures |= {f"{use}_{key}": value for key, value in _figures(tally).items()}
    return report("event_leads", figures)


if __name__ == "__main__":
    main()
