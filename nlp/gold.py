"""The annotated sample corpus: articles with their gold events, claims and conflicts.

The corpus is both the demo's input and the yardstick of `outagewatch eval`,
so the loader validates every annotation against the store's vocabularies;
a typo in a gold file would otherwise silently lower (or raise) a score.
Run `python -m nlp.gold corpus/` to check a corpus folder.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from nlp.vocab import ATTRIBUTIONS, EVENT_KINDS, STANCES, TOPICS

TEMPLATES = ("news", "wire", "aggregator", "blog", "status", "press", "forum", "plain")
SPLITS = ("seen", "dev", "heldout")


@dataclass(frozen=True)
class GoldClaim:
    event: str
    attribution: str
    speaker: str
    topic: str
    stance: str
    quote: str


@dataclass(frozen=True)
class GoldArticle:
    slug: str
    split: str
    outlet: str
    site: str
    path: str
    published: datetime
    date_in_page: bool
    template: str
    title: str
    author: str | None
    paragraphs: tuple[str, ...]
    boilerplate: tuple[str, ...]
    teasers: tuple[str, ...]
    no_incident: bool
    duplicate_of: str | None
    events: tuple[str, ...]
    claims: tuple[GoldClaim, ...]
    raw_text: str | None = None

    @property
    def body(self) -> str:
        """The article's own text, as the annotator wrote it."""
        return self.raw_text if self.raw_text is not None else "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class ConflictSide:
    doc: str
    quote: str


@dataclass(frozen=True)
class GoldConflict:
    topic: str
    a: ConflictSide
    b: ConflictSide


@dataclass(frozen=True)
class GoldEvent:
    key: str
    company: str
    kind: str
    started_at: date | None
    duration_hours: float | None
    severity: str | None
    services: tuple[str, ...]
    conflicts: tuple[GoldConflict, ...] = ()


@dataclass
class GoldCorpus:
    articles: dict[str, GoldArticle] = field(default_factory=dict)
    events: dict[str, GoldEvent] = field(default_factory=dict)

    def split(self, name: str | None) -> list[GoldArticle]:
        """Articles of one split (`seen`, `heldout`), or all when name is None."""
        return [a for a in self.articles.values() if name is None or a.split == name]


class GoldError(ValueError):
    """A corpus file breaks the format; the message names the file and the field."""


def _require(cond: bool, where: str, msg: str) -> None:
    if not cond:
        raise GoldError(f"{where}: {msg}")


def _as_datetime(value: Any, where: str) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise GoldError(f"{where}: published {value!r} is not ISO 8601") from exc


def _parse_claim(raw: dict[str, Any], where: str) -> GoldClaim:
    for key in ("event", "attribution", "speaker", "topic", "stance", "quote"):
        _require(key in raw, where, f"claim lacks {key!r}")
    _require(raw["attribution"] in ATTRIBUTIONS, where, f"attribution {raw['attribution']!r}")
    _require(raw["topic"] in TOPICS, where, f"topic {raw['topic']!r}")
    _require(raw["stance"] in STANCES, where, f"stance {raw['stance']!r}")
    return GoldClaim(**{k: str(raw[k]) for k in GoldClaim.__dataclass_fields__})


def load_article(path: Path) -> GoldArticle:
    """Read one article file; raw text files (`.txt`) need a `.yaml` of the same stem."""
    where = str(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    _require(isinstance(raw, dict), where, "not a mapping")
    gold = raw.get("gold") or {}
    raw_text = None
    if raw.get("text_file"):
        raw_text = (path.parent / raw["text_file"]).read_text(encoding="utf-8")
    for key in ("slug", "split", "outlet", "site", "path", "published", "template", "title"):
        _require(key in raw, where, f"missing {key!r}")
    _require(raw["slug"] == path.stem, where, "slug must equal the file name")
    _require(raw["split"] in SPLITS, where, f"split {raw['split']!r}")
    _require(raw["template"] in TEMPLATES, where, f"template {raw['template']!r}")
    _require(str(raw["path"]).startswith("/"), where, "path must start with /")
    paragraphs = tuple(str(p) for p in raw.get("paragraphs") or ())
    _require(bool(paragraphs) or raw_text is not None, where, "no paragraphs")
    body = raw_text if raw_text is not None else "\n\n".join(paragraphs)
    claims = tuple(_parse_claim(c, where) for c in gold.get("claims") or ())
    for claim in claims:
        _require(claim.quote in body, where, f"quote not in the text: {claim.quote[:60]!r}")
        _require(claim.event in (gold.get("events") or ()), where, f"claim event {claim.event!r} not in events")
    no_incident = bool(gold.get("no_incident", False))
    _require(not (no_incident and gold.get("events")), where, "no_incident article lists events")
    return GoldArticle(
        slug=raw["slug"],
        split=raw["split"],
        outlet=str(raw["outlet"]),
        site=str(raw["site"]),
        path=str(raw["path"]),
        published=_as_datetime(raw["published"], where),
        date_in_page=bool(raw.get("date_in_page", True)),
        template=raw["template"],
        title=str(raw["title"]),
        author=raw.get("author"),
        paragraphs=paragraphs,
        boilerplate=tuple(str(p) for p in raw.get("boilerplate") or ()),
        teasers=tuple(str(p) for p in raw.get("teasers") or ()),
        no_incident=no_incident,
        duplicate_of=gold.get("duplicate_of"),
        events=tuple(gold.get("events") or ()),
        claims=claims,
        raw_text=raw_text,
    )


def _parse_side(raw: dict[str, Any], where: str) -> ConflictSide:
    _require(isinstance(raw, dict) and "doc" in raw and "quote" in raw, where, "side needs doc and quote")
    return ConflictSide(doc=str(raw["doc"]), quote=str(raw["quote"]))


def load_events(path: Path) -> list[GoldEvent]:
    """Read one events file: a list of gold events with their conflicts."""
    where = str(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    _require(isinstance(raw, list), where, "must be a list of events")
    events = []
    for item in raw:
        key = item.get("key")
        _require(bool(key), where, "event without key")
        here = f"{where} [{key}]"
        _require(item.get("kind") in EVENT_KINDS, here, f"kind {item.get('kind')!r}")
        _require(bool(item.get("company")), here, "missing company")
        conflicts = []
        for c in item.get("conflicts") or ():
            _require(c.get("topic") in TOPICS, here, f"conflict topic {c.get('topic')!r}")
            conflicts.append(GoldConflict(c["topic"], _parse_side(c.get("a"), here), _parse_side(c.get("b"), here)))
        started = item.get("started_at")
        events.append(
            GoldEvent(
                key=str(key),
                company=str(item["company"]),
                kind=item["kind"],
                started_at=_as_datetime(started, here).date() if started else None,
                duration_hours=float(item["duration_hours"]) if item.get("duration_hours") is not None else None,
                severity=item.get("severity"),
                services=tuple(str(s) for s in item.get("services") or ()),
                conflicts=tuple(conflicts),
            )
        )
    return events


def load_corpus(root: Path) -> GoldCorpus:
    """Load and cross-check a corpus folder (`articles/*.yaml`, `events/*.yaml`)."""
    corpus = GoldCorpus()
    for path in sorted((root / "events").glob("*.yaml")):
        for event in load_events(path):
            _require(event.key not in corpus.events, str(path), f"event {event.key!r} defined twice")
            corpus.events[event.key] = event
    for path in sorted((root / "articles").glob("*.yaml")):
        article = load_article(path)
        corpus.articles[article.slug] = article
    _cross_check(corpus)
    return corpus


def _cross_check(corpus: GoldCorpus) -> None:
    paths: dict[tuple[str, str], str] = {}
    for art in corpus.articles.values():
        where = f"articles/{art.slug}.yaml"
        key = (art.site, art.path)
        _require(key not in paths, where, f"same site and path as {paths.get(key)}")
        paths[key] = art.slug
        for ev in art.events:
            _require(ev in corpus.events, where, f"unknown event {ev!r}")
        if art.duplicate_of:
            _require(art.duplicate_of in corpus.articles, where, f"duplicate_of {art.duplicate_of!r} unknown")
            orig = corpus.articles[art.duplicate_of]
            _require(orig.published <= art.published, where, "duplicate_of must be the earlier copy")
            _require(orig.split == art.split, where, "a duplicate must be in its original's split")
    for event in corpus.events.values():
        for conflict in event.conflicts:
            for side in (conflict.a, conflict.b):
                found = corpus.articles.get(side.doc)
                where = f"events [{event.key}]"
                if found is None:
                    raise GoldError(f"{where}: conflict doc {side.doc!r} unknown")
                _require(side.quote in found.body, where, f"conflict quote not in {side.doc}: {side.quote[:50]!r}")


def main(argv: list[str]) -> int:
    """Validate a corpus folder and print what it holds."""
    root = Path(argv[1] if len(argv) > 1 else "corpus")
    try:
        corpus = load_corpus(root)
    except GoldError as exc:
        print(f"corpus error: {exc}", file=sys.stderr)
        return 1
    for split in SPLITS:
        arts = corpus.split(split)
        claims = sum(len(a.claims) for a in arts)
        quiet = sum(a.no_incident for a in arts)
        dups = sum(bool(a.duplicate_of) for a in arts)
        print(f"{split}: {len(arts)} articles, {claims} claims, {quiet} no-incident, {dups} duplicates")
    conflicts = sum(len(e.conflicts) for e in corpus.events.values())
    print(f"events: {len(corpus.events)}, conflicts: {conflicts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
