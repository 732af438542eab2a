"""Who an article is about: company names, aliases and products mapped to one canonical company.

The reference table (resources/companies.csv) seeds the store's `companies`
table; the matcher is built from the store's rows, so a company added there
is found without a code change. Names that are also common words ("Box",
"Target") count only where spaCy's NER agrees that the span is an
organisation or product.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from nlp.models import base_pipeline

CONFIRMING_LABELS = {"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "GPE", "NORP"}
PLACE_LABELS = {"GPE", "LOC", "NORP"}


@dataclass(frozen=True)
class Company:
    company: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    ticker: str | None = None
    products: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    ambiguous: bool = False


@dataclass(frozen=True)
class Mention:
    """One place a company is named: the canonical company, the words used, and how (name or product)."""

    company: str
    text: str
    start: int  # token index in the Doc
    end: int
    via: str  # name | alias | product


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def read_reference(path: Any = None) -> list[Company]:
    """The shipped reference table."""
    source = path or resources.files("nlp") / "resources" / "companies.csv"
    with source.open(encoding="utf-8") as handle:
        return [
            Company(
                company=row["company"].strip(),
                aliases=_split(row.get("aliases")),
                parent=(row.get("parent") or "").strip() or None,
                ticker=(row.get("ticker") or "").strip() or None,
                products=_split(row.get("products")),
                domains=_split(row.get("domains")),
                ambiguous=(row.get("ambiguous") or "").strip().lower() == "true",
            )
            for row in csv.DictReader(handle)
            if row.get("company", "").strip()
        ]


def reference_rows() -> list[dict[str, Any]]:
    """The reference table as rows for the store's `companies` table."""
    return [
        {
            "company": c.company,
            "aliases": list(c.aliases),
            "parent": c.parent,
            "ticker": c.ticker,
            "products": list(c.products),
            "domains": list(c.domains),
            "ambiguous": c.ambiguous,
            "origin": "reference",
        }
        for c in read_reference()
    ]


def from_rows(rows: Iterable[dict[str, Any]]) -> list[Company]:
    """Companies as the store returns them."""
    return [
        Company(
            company=r["company"],
            aliases=tuple(r.get("aliases") or ()),
            parent=r.get("parent"),
            ticker=r.get("ticker"),
            products=tuple(r.get("products") or ()),
            domains=tuple(r.get("domains") or ()),
            ambiguous=bool(r.get("ambiguous")),
        )
        for r in rows
    ]


SERVICE_CONTEXT = {"outage", "outages", "went", "goes", "suffered", "experienced", "users", "customers", "said",
                   "says", "spokesperson", "spokeswoman", "spokesman", "status", "engineers", "down"}  # fmt: skip
COMPANY_SUFFIXES = ("'s", "’s", "Inc", "Inc.", "Corp", "Corp.", "Ltd")
BUSINESS_NOUNS = {"app", "company", "firm", "start-up", "startup", "retailer", "bank", "airline", "platform",
                  "service", "website", "site", "maker", "provider", "chain", "carrier", "insurer", "lender",
                  "operator", "developer", "business", "brand", "supermarket", "grocer", "manufacturer", "utility",
                  "hospital", "exchange", "marketplace"}  # fmt: skip


def _described_as_a_business(span: Span) -> bool:
    """ "Tea, a women-only app", "Target, the retailer": a name set beside a noun for a business."""
    described = [c for c in span.root.children if c.dep_ == "appos"]
    # "Ascension, one of the largest hospital operators": the noun is the one after "one of".
    described += [o for c in described if c.lower_ == "one" for p in c.children if p.lower_ == "of" for o in p.children]
    return any(c.lemma_.lower() in BUSINESS_NOUNS for c in described)


@dataclass
class CompanyIndex:
    """Canonical names, family relations and a spaCy phrase matcher over every surface form."""

    companies: dict[str, Company]
    matcher: PhraseMatcher = field(repr=False)
    surfaces: dict[str, tuple[str, str]] = field(repr=False)  # surface -> (company, via)

    @classmethod
    def build(cls, companies: Iterable[Company]) -> CompanyIndex:
        nlp = base_pipeline()
        by_name = {c.company: c for c in companies}
        surfaces: dict[str, tuple[str, str]] = {}
        for c in by_name.values():
            for via, names in (("product", c.products), ("alias", c.aliases), ("name", (c.company,))):
                for name in names:
                    surfaces[name] = (c.company, via)  # names win over aliases over products
        matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for surface in surfaces:
            matcher.add(surface, [nlp.make_doc(surface)])
        return cls(companies=by_name, matcher=matcher, surfaces=surfaces)

    def mentions(self, doc: Doc | Span, confirmed: frozenset[str] = frozenset()) -> list[Mention]:
        """Company mentions in a parsed text, longest match first.

        Ambiguous names ("Southwest", "Target") count where NER or grammar confirms them, or where
        the document has already named the company unambiguously (`confirmed`).
        """
        doc_obj = doc if isinstance(doc, Doc) else doc.doc
        spans = self.matcher(doc, as_spans=True)
        spans = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
        found: list[Mention] = []
        taken = -1
        for span in spans:
            if span.start < taken:
                continue
            company, via = self.surfaces[span.text]
            if company not in confirmed and not self._confirmed(span, company, doc_obj):
                continue
            found.append(Mention(company, span.text, span.start, span.end, via))
            taken = span.end
        return found

    def _confirmed(self, span: Span, company: str, doc: Doc) -> bool:
        info = self.companies[company]
        if not info.ambiguous and len(span.text) > 1:
            return True
        if any(ent.label_ in CONFIRMING_LABELS for ent in span.ents):
            return True
        overlapping = [e for e in doc.ents if e.start < span.end and span.start < e.end]
        if any(e.label_ in PLACE_LABELS and len(e) > len(span) for e in overlapping):
            return False  # "the United States" is a place, not United Airlines
        if any(e.label_ in CONFIRMING_LABELS for e in overlapping):
            return True
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is None or not span.text[0].isupper():
            return False
        # "Slack outage", "Slack went down", "Slack users": a service's name before its incident, even where a
        # sentence or a title opens with it.
        if nxt.lower_ in SERVICE_CONTEXT:
            return True
        if _described_as_a_business(span):
            return True  # "Tea, a women-only app where …, said": the appositive says what it is
        # "Slack's", "Zoom said", "Target Corp": grammar that only a company name takes.
        return span.start > 0 and (nxt.text in COMPANY_SUFFIXES or nxt.lemma_ in ("say", "tell"))

    def canonical(self, name: str) -> str | None:
        """The canonical company for a surface form or canonical name, if known."""
        if name in self.companies:
            return name
        hit = self.surfaces.get(name)
        return hit[0] if hit else None

    def parent_of(self, company: str) -> str | None:
        info = self.companies.get(company)
        return info.parent if info else None

    def family(self, company: str) -> set[str]:
        """The company, its ancestors and its descendants: an AWS event is an Amazon event too."""
        root = company
        seen = {root}
        while (parent := self.parent_of(root)) and parent not in seen:
            seen.add(parent)
            root = parent
        members = {root}
        changed = True
        while changed:
            changed = False
            for c in self.companies.values():
                if c.parent in members and c.company not in members:
                    members.add(c.company)
                    changed = True
        return members | seen

    def related(self, a: str, b: str) -> bool:
        """Same company, or one is the other's parent or child."""
        if a == b:
            return True
        return self.parent_of(a) == b or self.parent_of(b) == a

    def for_domain(self, host: str) -> str | None:
        """The company that owns a host name (status.fastly.com -> Fastly), longest domain first."""
        host = host.lower().rstrip(".")
        best: tuple[int, str] | None = None
        for c in self.companies.values():
            for domain in c.domains:
                d = domain.lower()
                if (host == d or host.endswith("." + d)) and (best is None or len(d) > best[0]):
                    best = (len(d), c.company)
        return best[1] if best else None


@lru_cache(maxsize=1)
def reference_index() -> CompanyIndex:
    """An index over the shipped table, for callers without a store at hand (tests, eval)."""
    return CompanyIndex.build(read_reference())
