"""Extraction of one document: its events and claims, with vectors, as plain records.

Pure and per-document: it reads nothing but the document and the company
index, so a batch of documents can be spread over Dask workers, each of which
loads the models once.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

import numpy as np

from nlp.attribution import Source
from nlp.claims import ClaimDraft, extract_claims
from nlp.classifier import probabilities
from nlp.companies import CompanyIndex
from nlp.events import EventMention, event_mentions
from nlp.models import embed
from nlp.neardup import fingerprint
from nlp.parse import ParsedDoc, Sentence, parse
from nlp.records import ClaimDraftRecord, DocExtraction, Document, EventDraft
from nlp.status_entries import is_update
from nlp.topics import combine

log = logging.getLogger(__name__)

STATUS_LINE = re.compile(r"^(investigating|identified|monitoring|resolved|update|scheduled|postmortem)\b", re.I)
POSTMORTEM = re.compile(
    r"\b(post-?mortem|post-incident|post incident|incident report|incident review|root cause|summary|"
    r"what happened|lessons learned|retrospective|rca|details|detailed|explained|inside the|how we|"
    r"response to [\w ()/-]{0,60}(attacks?|incident|outage|breach|intrusion))\b",
    re.I,
)
STATUS_PHRASES = re.compile(
    r"\b(we are (currently )?investigating|we('ve| have) identified|we are (continuing to )?monitor(ing)?|"
    r"(this|the) (incident|issue) has been resolved|a fix has been (implemented|deployed)|we are working on a fix)\b",
    re.I,
)
TECHNICAL = re.compile(
    r"\b(root cause|\d{1,2}:\d{2}|utc|configuration|deploy\w*|rolled? out|rollback|bug|regular expression|"
    r"quota|database|routing|bgp|dns|cpu|latency|automation|timeline)\b",
    re.I,
)
ORGANISATION_WORDS = re.compile(
    r"\b(team|engineering|staff|editor|desk|newsroom|security|communications|press)\b", re.I
)


PAGE_WORDS = re.compile(
    r"\b(the|official|blogs?|engineering|engineers|newsroom|news ?hub|news|media (centre|center)|press( room| "
    r"releases?)?|status( page| dashboard)?|statuspage|health dashboard|dashboard|trust|security|community|stories|"
    r"at|on|inside|tech|developers?|corporate|investor relations|updates?|incidents?)\b",
    re.I,
)


def outlet_owner(outlet: str, companies: CompanyIndex) -> str | None:
    """The company an outlet's name says it belongs to: "The Cloudflare Blog", "Engineering at Meta", "GitHub
    Status" are the company's own pages; a newspaper's name names no company."""
    name = outlet.strip()
    if company := companies.canonical(name):
        return company
    rest = " ".join(PAGE_WORDS.sub(" ", name).split()).strip(" -–—|:,")
    if rest == name or not rest:
        return None  # nothing in the name says it is a company's page
    return companies.canonical(rest)


def publisher(document: Document, companies: CompanyIndex) -> str | None:
    """The company that published the document itself (its blog, status page, newsroom, filing), if any."""
    if document.outlet and (company := outlet_owner(document.outlet, companies)):
        return company
    host = urlsplit(document.url).hostname or ""
    owner = companies.for_domain(host)
    if owner is None and document.source_kind in ("status", "filing", "blog") and document.company_hint:
        owner = companies.canonical(document.company_hint)  # a source configured as this company's own
    return owner


def publisher_source(
    document: Document,
    company: str | None,
    parsed: ParsedDoc | None = None,
    event_company: str | None = None,
    companies: CompanyIndex | None = None,
) -> Source | None:
    """How a company's own page speaks: a status page, a post-mortem, an executive's letter, or a statement.

    A company writing about another company's incident (a customer's blog on a supplier's breach)
    speaks as an outside observer.
    """
    if company is None:
        return None
    if event_company and companies is not None and company not in companies.family(event_company):
        return Source("researcher", company)
    if (
        document.source_kind == "filing"
        or FILING_PAGE.search(document.title or "")
        or LEGAL_DRAFTING.search(document.text[:2000])
    ):
        return Source("regulator_filing", company)
    lines = [line for line in document.text.split("\n") if line.strip()]
    stamped = sum(bool(TIMESTAMP.search(line[:60])) for line in lines)
    statusy = bool(re.search(r"\bstatus\b", document.title or "", re.I)) and stamped >= 2
    updates = sum(bool(STATUS_LINE.match(line)) or is_update(line) for line in lines)
    if document.source_kind == "status" or updates >= 2 or statusy:
        return Source("status_page", company)
    if POSTMORTEM.search(document.title or ""):
        return Source("postmortem", company)
    if len(STATUS_PHRASES.findall(document.text)) >= 2:
        return Source("status_page", company)  # "We are investigating…", "This incident has been resolved."
    if len(TECHNICAL.findall(document.text)) >= 8 and document.source_kind != "filing":
        return Source("postmortem", company)  # a technical account of the incident, whoever signs it
    if parsed is not None and (speaker := _statement_by_executive(parsed)):
        return Source("executive", speaker)  # "the text of a statement by Álex Cruz, Chief Executive"
    author = (document.author or "").split(",")[0].strip()
    if _a_persons_byline(author, company, companies):
        return Source("executive", author)  # a named person writing on the company's own site
    return Source("spokesperson", company)


# A filing reposted on the company's investor pages: "Form 8-K/A … Item 8.01", drafted as "the “Company”".
FILING_PAGE = re.compile(r"\bForm (8-K|10-Q|10-K|6-K|20-F|S-1)\b|\bItem \d\.\d\d\b", re.I)
LEGAL_DRAFTING = re.compile(r"\(the [“\"]Company[”\"]")


OWN_VOICE = re.compile(
    r"\b(our (network|systems?|services?|customers|engineers|infrastructure|databases?|platform|servers?|"
    r"data ?cent(er|re)s?|api|backbone|edge|fleet|users|product)|we (deployed|identified|rolled back|restored|"
    r"mitigated|detected|discovered|apologi[sz]e|are sorry|let you down|are (hardening|adding|enabling|reviewing)))\b",
    re.I,
)
OWN_VOICE_SENTENCES = 3


def writes_as_company(parsed: ParsedDoc) -> bool:
    """The text speaks as the company, in its own words and not in quotes: "our network", "we deployed", "we are
    sorry", in several sentences. A news report quotes such words; a company's post-mortem is made of them."""
    own = [s for s in parsed.body() if not s.quoted and OWN_VOICE.search(s.text)]
    return len(own) >= OWN_VOICE_SENTENCES


TIMESTAMP = re.compile(r"\b\d{1,2}:\d{2}\s*(utc|gmt|[a-z]{2,4})?\b", re.I)


def _statement_by_executive(parsed: ParsedDoc) -> str | None:
    """A named executive introduced as the author of the page's statement, in its first paragraphs."""
    from nlp.attribution import person_roles

    lead = [s for s in parsed.sentences if 0 <= s.para <= 1]
    roles = person_roles([s.span for s in lead])
    for sentence in lead:
        if re.search(r"\b(statement|message|letter|video|remarks)\b", sentence.text, re.I):
            for ent in sentence.span.ents:
                if ent.label_ == "PERSON" and roles.get(ent.text.lower()) == "executive":
                    return ent.text
    return None


def _a_persons_byline(author: str, company: str, companies: CompanyIndex | None) -> bool:
    """A byline that is a person's name ("Lisa Finney"), not the company's own ("CDK Global", "Snowflake
    Security") nor a team's."""
    if not author or ORGANISATION_WORDS.search(author) or any(ch.isdigit() for ch in author):
        return False
    if company.lower() in author.lower() or (companies is not None and companies.canonical(author) is not None):
        return False
    return len(author.split()) in (2, 3, 4)


def _unknown_orgs(parsed: ParsedDoc, companies: CompanyIndex) -> list[str]:
    """Organisations named beside incident words that neither table knows: candidates for companies.csv."""
    from nlp.lexicon import lexicon

    known = {m.text for s in parsed.sentences for m in s.companies}
    # "Treadwell" tagged as an organisation in one sentence is Dave Treadwell where another names him in full.
    people = {e.text for s in parsed.sentences for e in s.span.ents if e.label_ == "PERSON"}
    known |= people | {p.split()[-1] for p in people}
    out = []
    for s in parsed.sentences:
        if not s.triggers:
            continue
        for ent in (e for e in s.span.ents if e.label_ == "ORG"):
            for part in _names_in(ent.text, companies):
                name = re.sub(r"(['’]s|['’])$", "", part).strip()
                if not name or name in known or (name.isupper() and len(name) <= 4) or _incident_word(name, s):
                    continue
                if companies.canonical(name) is None and lexicon().organisation(name) is None:
                    out.append(name)
    return sorted(set(out))


def _names_in(text: str, companies: CompanyIndex) -> list[str]:
    """ "Facebook, Instagram" or "Jira and Confluence" tagged as one organisation: each name on its own, but
    "the Securities and Exchange Commission" whole."""
    out = []
    for chunk in re.split(r",\s*", text):
        halves = re.split(r"\s+and\s+", chunk)
        known = any(companies.canonical(h.strip()) is not None for h in halves)
        out += halves if len(halves) > 1 and known else [chunk]
    return out


def _incident_word(name: str, sentence: Sentence) -> bool:
    """ "DDoS" tagged as an organisation: it is one of the sentence's incident words."""
    return any(name.lower() in phrase.lower() for phrases in sentence.triggers.values() for phrase in phrases)


def _drafts(mentions: list[EventMention], title: str) -> list[EventDraft]:
    vectors = embed([m.embedding_text(title) for m in mentions])
    return [
        EventDraft(
            company=m.company,
            kind=m.kind,
            role=m.role,
            started=m.started,
            date_basis=m.date_basis,
            date_precision=m.date_precision,
            duration_hours=m.duration_hours,
            severity=m.severity,
            services=m.services,
            summary=m.summary,
            vector=v.tolist(),
            repeat=m.repeat,
        )
        for m, v in zip(mentions, vectors, strict=True)
    ]


COMPLEMENTISER = re.compile(r"^that\s+", re.I)


def _as_annotated(drafts: list[ClaimDraft], vectors: np.ndarray) -> np.ndarray:
    """Vectors for the topic model: a reported clause's leading "that" ("that customer data had been copied")
    is cut, as annotators cut the quotes the model learned from; left on, it pulls a clause towards cause."""
    cut = [i for i, d in enumerate(drafts) if COMPLEMENTISER.match(d.quote)]
    if not cut:
        return vectors
    out = vectors.copy()
    out[cut] = embed([COMPLEMENTISER.sub("", drafts[i].quote) for i in cut])
    return out


def extract_document(document: Document, companies: CompanyIndex) -> DocExtraction:
    """Events and claims of one document; a failure is recorded on the result, never raised."""
    fp = fingerprint(document.doc_id, document.text, document.published_at)
    result = DocExtraction(
        doc_id=document.doc_id, published_at=document.published_at, revision=document.revision, fingerprint=fp
    )
    try:
        parsed = parse(document.doc_id, document.title, document.text, document.reference, companies)
        owner = publisher(document, companies)
        mentions = event_mentions(parsed, companies, hint=document.company_hint, publisher=owner)
        if owner is None and mentions and writes_as_company(parsed):
            owner = mentions[0].company  # a company's own account, reposted where its name is not the outlet's
        voice = publisher_source(document, owner, parsed, mentions[0].company if mentions else None, companies)
        drafts = extract_claims(parsed, mentions, companies, voice)
        result.events = _drafts(mentions, document.title)
        vectors = embed([d.quote for d in drafts])
        for draft, vector in zip(drafts, _as_annotated(drafts, vectors), strict=True):
            draft.topic = combine(draft.topic_scores or {}, probabilities("topic", vector))
        result.claims = [
            ClaimDraftRecord(
                event=d.event,
                attribution=d.attribution,
                speaker=d.speaker,
                topic=d.topic,
                stance=d.stance,
                quote=d.quote,
                confidence=d.confidence,
                carrier=d.carrier,
                note=d.note,
                vector=v.tolist(),
                channel=d.channel,
                stated_at=d.stated_at,
            )
            for d, v in zip(drafts, vectors, strict=True)
        ]
        if result.events:
            result.unknown_companies = _unknown_orgs(parsed, companies)
    except Exception as exc:  # one bad document must not stop the batch
        log.exception("extraction failed for %s", document.doc_id)
        result.error = f"{type(exc).__name__}: {exc}"
    return result


def extract_batch(documents: list[Document], companies: CompanyIndex) -> list[DocExtraction]:
    """Extraction of several documents (the unit of work a task or a Dask worker takes)."""
    return [extract_document(d, companies) for d in documents]
