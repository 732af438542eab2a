"""Fixtures that state their own expectation, served on 127.0.0.1 at the paths their real URLs have.

In the manner of feedparser's test feeds, every fixture says what the crawl
must make of it. XML and HTML fixtures open with a comment holding a YAML
header; a JSON fixture has a sidecar `<name>.expect.yaml`. The header says:

  description   what the file is and why it is here;
  served_at     the path of its real URL (the query is ignored when serving);
  content_type  the Content-Type the real server sends;
  origins       real origins (https://www.sec.gov) rewritten to the local site's when served;
  source        for a source's entry point: {id, kind, company, ...}, crawled as that source;
  part_of       for a file the crawl reaches from an entry point: that entry's file name;
  expect        stored (count), documents (url, fields, lines, first_line, contains, absent), skips.

Each entry point gets its own LocalSite serving it and the files that are part of it, so several
sources sharing one real path (every Statuspage site's /api/v2/incidents.json) crawl together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from flows.localsite import LocalSite
from pipelines.store import session
from spiders.runner import CrawlResult

LEADING_COMMENT = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?<!--(?P<header>.*?)-->", re.S)
FIELDS = ("title", "source_kind", "company_hint", "outlet", "date_source", "source_id")


@dataclass
class Fixture:
    """One fixture file, its header, and its body as served (before origins are rewritten)."""

    path: Path
    header: dict[str, Any]
    body: str

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def expect(self) -> dict[str, Any]:
        return self.header.get("expect") or {}

    def served(self, base: str) -> bytes:
        body = self.body
        for real in self.header.get("origins") or []:
            body = body.replace(real, base)
        return body.encode("utf-8")


def read_fixture(path: Path) -> Fixture:
    """A fixture and its header: the sidecar for JSON, the leading comment for XML and HTML."""
    body = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        header = yaml.safe_load(path.with_suffix(".expect.yaml").read_text(encoding="utf-8"))
    else:
        match = LEADING_COMMENT.match(body)
        assert match, f"{path.name}: no leading comment stating the expectation"
        header = yaml.safe_load(match["header"])
    assert isinstance(header, dict), path.name
    assert header.get("description"), f"{path.name}: no description"
    assert header.get("served_at"), f"{path.name}: no served_at"
    assert ("source" in header) != ("part_of" in header), f"{path.name}: exactly one of source and part_of"
    return Fixture(path, header, body)


def load_fixtures(folder: Path) -> list[Fixture]:
    """Every fixture of a folder (sidecars are read with their JSON, not on their own)."""
    return [read_fixture(p) for p in sorted(folder.iterdir()) if p.is_file() and not p.name.endswith(".expect.yaml")]


@dataclass
class Served:
    """An entry point and the site that serves it with its parts."""

    entry: Fixture
    site: LocalSite

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.site.url(path)


def serve_all(fixtures: list[Fixture]) -> list[Served]:
    """One started LocalSite per entry point, serving it and the files that are part of it."""
    served = []
    for entry in (f for f in fixtures if "source" in f.header):
        site = LocalSite().start()
        site.add_text("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
        base = site.url("")
        for fixture in [entry, *(f for f in fixtures if f.header.get("part_of") == entry.name)]:
            content_type = fixture.header.get("content_type", "text/html; charset=utf-8")
            site.add_text(fixture.header["served_at"], fixture.served(base).decode("utf-8"), content_type)
        served.append(Served(entry, site))
    return served


def stored_documents(db: Path) -> dict[str, dict[str, Any]]:
    """Stored documents by URL, with the columns expectations name."""
    with session(db, read_only=True) as con:
        cursor = con.execute(
            "SELECT url, canonical_url, source_id, outlet, title, published_at, text, date_source, "
            "source_kind, company_hint, revision FROM documents"
        )
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def document_problems(expected: dict[str, Any], doc: dict[str, Any], where: str) -> list[str]:
    """How a stored document differs from what its fixture expects."""
    found = [
        f"{where}: {name} is {doc[name]!r}, expected {expected[name]!r}"
        for name in FIELDS
        if name in expected and doc[name] != expected[name]
    ]
    if "published_at" in expected and doc["published_at"] != datetime.fromisoformat(expected["published_at"]):
        found.append(f"{where}: published_at is {doc['published_at']}, expected {expected['published_at']}")
    lines = doc["text"].split("\n\n")
    if "lines" in expected and lines != expected["lines"]:
        found.append(f"{where}: text is\n{lines}\nexpected\n{expected['lines']}")
    if "first_line" in expected and lines[0] != expected["first_line"]:
        found.append(f"{where}: first line is {lines[0]!r}, expected {expected['first_line']!r}")
    found += [f"{where}: text lacks {c!r}" for c in expected.get("contains", []) if c not in doc["text"]]
    found += [f"{where}: text has {a!r}" for a in expected.get("absent", []) if a in doc["text"]]
    return found


def expectation_problems(fixture: Fixture, served: Served, db: Path, result: CrawlResult) -> list[str]:
    """Everything a fixture expects that the crawl did not do."""
    expect, docs = fixture.expect, stored_documents(db)
    problems: list[str] = []
    base = served.site.url("")
    from_source = [d for d in docs.values() if d["url"].startswith(base)]
    if "stored" in expect and len(from_source) != expect["stored"]:
        problems.append(f"{fixture.name}: {len(from_source)} documents stored, expected {expect['stored']}")
    for expected in expect.get("documents") or []:
        url = served.url(expected["url"])
        if url not in docs:
            problems.append(f"{fixture.name}: nothing stored at {url}; stored: {sorted(docs)}")
            continue
        problems += document_problems(expected, docs[url], f"{fixture.name} {expected['url']}")
        if "canonical_url" in expected and docs[url]["canonical_url"] != served.url(expected["canonical_url"]):
            problems.append(f"{fixture.name}: canonical_url is {docs[url]['canonical_url']}")
    skips = {(s["url"], s["reason"]) for s in result.skips}
    for skip in expect.get("skips") or []:
        if (served.url(skip["url"]), skip["reason"]) not in skips:
            problems.append(f"{fixture.name}: no skip {skip['reason']!r} for {skip['url']}; skips: {sorted(skips)}")
    problems += [
        f"{fixture.name}: stored {url}" for url in map(served.url, expect.get("not_stored") or []) if url in docs
    ]
    return problems
