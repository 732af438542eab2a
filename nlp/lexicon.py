"""The domain vocabulary (resources/lexicon.yaml, resources/organisations.csv) as matchers.

Phrases match on lower-cased tokens, so "Went down" and "went down" are one
phrase, while company names keep their case in nlp.companies.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from nlp.models import base_pipeline


def _phrase_matcher(groups: dict[str, list[str]]) -> PhraseMatcher:
    nlp = base_pipeline()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, phrases in groups.items():
        matcher.add(label, [nlp.make_doc(str(p)) for p in phrases])
    return matcher


@dataclass
class Lexicon:
    """Every phrase list, compiled once per process."""

    raw: dict[str, Any]
    organisations: dict[str, str]  # lower-cased name or alias -> role (media, regulator, monitor, research)
    org_names: dict[str, str]  # lower-cased name or alias -> canonical name
    matchers: dict[str, PhraseMatcher] = field(default_factory=dict)
    word_sets: dict[str, frozenset[str]] = field(default_factory=dict)

    def matcher(self, section: str) -> PhraseMatcher:
        if section not in self.matchers:
            groups = self.raw[section]
            self.matchers[section] = _phrase_matcher(groups if isinstance(groups, dict) else {section: groups})
        return self.matchers[section]

    def find(self, section: str, span: Doc | Span) -> list[tuple[str, Span]]:
        """(label, matched span) for every phrase of a section found in the text."""
        vocab = span.vocab
        doc = span if isinstance(span, Doc) else span.doc
        return [(vocab.strings[m_id], doc[s:e]) for m_id, s, e in self.matcher(section)(span)]

    def labels(self, section: str, span: Doc | Span) -> set[str]:
        return {label for label, _ in self.find(section, span)}

    def words(self, section: str) -> frozenset[str]:
        """A flat list section as a set of lower-case words (for single-token lookups), built once: rules ask for it
        per sentence."""
        if section not in self.word_sets:
            self.word_sets[section] = frozenset(str(w).lower() for w in self.raw[section])
        return self.word_sets[section]

    def organisation(self, text: str) -> tuple[str, str] | None:
        """(canonical name, role) of a news organisation, regulator or monitoring firm named by `text`."""
        if not any(ch.isupper() for ch in text):
            return None  # a name is capitalised: "chief information officer" is not The Information
        key = text.strip().lower()
        for prefix in ("the ", "a ", "an "):
            if key.startswith(prefix):
                key = key[len(prefix) :]
        key = key.removesuffix("'s").removesuffix("’s").strip()
        if key in self.organisations:
            return self.org_names[key], self.organisations[key]
        if (masthead := MASTHEAD.match(text.strip())) is not None:
            return masthead["name"], "media"  # "the Dallas Morning News": a newspaper the table does not list
        return None


# A newspaper's name: capitalised words ending in a word mastheads end in ("the Seattle Times", "Sky News").
MASTHEAD = re.compile(
    r"^(?:[Tt]he )?(?P<name>(?!The )(?:[A-Z][\w.'’&-]*|of|and) (?:(?:[A-Z][\w.'’&-]*|of|and) ){0,3}"
    r"(?:News|Times|Post|Journal|Herald|Tribune|Gazette|Telegraph|Chronicle|Observer|Standard|Mail|Express|"
    r"Independent|Examiner|Inquirer|Mirror|Courier|Dispatch|Bulletin))(?:'s|’s)?$"
)


def _read_organisations() -> tuple[dict[str, str], dict[str, str]]:
    roles: dict[str, str] = {}
    names: dict[str, str] = {}
    path = resources.files("nlp") / "resources" / "organisations.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for surface in [row["name"], *(row.get("aliases") or "").split("|")]:
                surface = surface.strip()
                if surface:
                    key = surface.lower().removeprefix("the ").strip()
                    roles[key] = row["role"].strip()
                    names[key] = row["name"].strip()
    return roles, names


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped vocabulary."""
    raw = yaml.safe_load((resources.files("nlp") / "resources" / "lexicon.yaml").read_text(encoding="utf-8"))
    roles, names = _read_organisations()
    return Lexicon(raw=raw, organisations=roles, org_names=names)
