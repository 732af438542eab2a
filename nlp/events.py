"""The events one document reports or recalls.

Most articles report one incident and recall others ("it follows a similar
outage in December"). The reported incident is the one the title and lead
are about; a recalled one needs a sign that it is another incident (a past
cue with a date far from the main one, or another company as its subject),
so a passing date cannot split one incident in two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from nlp.companies import CompanyIndex, Mention
from nlp.dates import ResolvedDate
from nlp.incidents import (
    classify_kind,
    duration_hours,
    is_hypothetical,
    services,
    severity,
    strong_trigger,
)
from nlp.lexicon import lexicon
from nlp.parse import ParsedDoc, Sentence, phrase_head

PAST_CUES = re.compile(
    r"\b(last year|previous|previously|prior|earlier (outage|incident|disruption|breach)|similar|another|"
    r"also (suffered|went down|had)|recall\w*|reminiscent|echo\w*|follows|history of|the last time|memories of|"
    r"a year ago|years? ago|months ago|back in|in (19|20)\d\d|(19|20)\d\d, when|since then|before that|"
    r"not the first|n[’']t the first|first time|in the past|before this|the last one|last (major|big)|"
    r"(last|previously|earlier) (suffered|had|experienced|went|saw|hit)|"
    r"(suffered|had|experienced) (a|an) (similar|previous|earlier))\b",
    re.I,
)
SPLIT_DAYS = 14
YEAR_DAYS = 365
YEAR = re.compile(r"\b(19|20)\d\d\b")
FAR_DAYS = 60
SEPARATE = re.compile(
    r"\b(separate|follows|followed|previous|earlier (outage|incident|disruption)|another (outage|incident))\b",
    re.I,
)
ANOTHER = re.compile(
    r"\b(not the first time|similar|another|separate|once again|previous|reminiscent|echo\w*|history of|"
    r"earlier (outage|incident|disruption|breach)|(suffered|had|experienced) (a|an) (similar|previous|earlier))\b",
    re.I,
)
REPEAT = re.compile(
    r"\b(down|offline|out) again\b|\bagain (went|goes|suffered|hit|knocked)\b|\b(another|second|third|latest|fresh) "
    r"(outage|incident|disruption|breach|failure)\b",
    re.I,
)
PIVOT = re.compile(r"\b(this time|now|this week|today|latest|current|this year's|so far)\b", re.I)
RECOVERY = re.compile(
    r"\b(restored|restoring|back online|back up|recovered|resolved|fixed|ended|returned to normal)\b", re.I
)


ACCOUNT_NOUNS = {"report", "review", "finding", "findings", "look", "verdict", "analysis", "assessment", "audit",
                 "investigation", "account", "study", "statement", "post", "blog", "filing", "take"}  # fmt: skip


@dataclass
class EventMention:
    """An incident as one document tells it: who, what kind, when, and the sentences that say so."""

    company: str
    kind: str
    role: str  # report | mention
    sentences: list[Sentence]
    started: date
    date_basis: str  # text (the incident's date in the text) | statement (a statement's date) | published
    date_precision: str
    duration_hours: float | None = None
    severity: str | None = None
    services: list[str] = field(default_factory=list)
    summary: str = ""
    repeat: bool = False  # "down again", "its second outage this month": a new incident, not a follow-up

    def sentence_indexes(self) -> set[int]:
        return {s.index for s in self.sentences}

    def embedding_text(self, title: str) -> str:
        parts = [title] if self.role == "report" else []
        parts += [s.text for s in self.sentences[:6]]
        return " ".join(parts)[:2000]


def incident_sentences(doc: ParsedDoc) -> list[Sentence]:
    """Sentences that speak of an incident concretely (not "tools that prevent outages")."""
    out = []
    for s in doc.sentences:
        if not s.triggers:
            continue
        strong = strong_trigger(s)
        if not strong and not s.companies and s.para > 1:
            continue
        if is_hypothetical(s):
            continue
        out.append(s)
    return out


def main_company(
    doc: ParsedDoc, incident: list[Sentence], companies: CompanyIndex, hint: str | None, publisher: str | None
) -> str | None:
    """The company the document's incident is about: named in the title, the lead and the incident sentences."""
    scores: dict[str, float] = {}
    incident_ids = {s.index for s in incident}
    for s in doc.sentences:
        weight = 3.0 if s.para == -1 else 2.0 if s.para <= 1 else 1.0
        if s.index in incident_ids:
            weight += 2.0
        best: dict[str, float] = {}  # one vote per sentence: "RBS, NatWest and Ulster Bank" is one naming
        for m in s.companies:
            best[m.company] = max(best.get(m.company, 0.0), 0.3 if _speaks(s, m) or _platform(s, m) else 1.0)
        for company, share in best.items():
            scores[company] = scores.get(company, 0.0) + weight * share
    for c in (hint, publisher):
        if c:
            scores[c] = scores.get(c, 0.0) + 6.0
    in_incidents = {m.company for s in incident for m in _held(s)}
    in_incidents |= {c for s in incident if not _held(s) for c in _company_in_context(doc, s)}
    in_title = {m.company for s in doc.sentences if s.para == -1 for m in s.companies} if incident else set()
    candidates = [c for c in scores if c in in_incidents or c in in_title or c in (hint, publisher)]
    if not candidates:
        return None
    return max(candidates, key=lambda c: scores[c])


def _speaks(s: Sentence, mention: Mention) -> bool:
    """The company is named as a speaker ("IBM said", "according to Cloudflare", "researchers at Recorded Future
    said"), not as what the story is about. A company speaking in a title or lead that names no other company
    speaks of itself: "PayPal says hackers accessed 35,000 accounts" is PayPal's story."""
    root = s.span.doc[mention.start : mention.end].root
    verbs = lexicon().words("reporting_verbs")
    alone = s.para <= 0 and all(m.company == mention.company for m in s.companies)
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in verbs:
        return not alone
    employing = root.dep_ == "pobj" and root.head.lower_ in ("at", "from") and root.head.head.dep_ == "nsubj"
    if employing and root.head.head.head.lemma_.lower() in verbs:
        return True  # "Researchers at Recorded Future said …": their employer reports, it is not the story
    if root.dep_ == "poss" and root.head.lemma_.lower() in ACCOUNT_NOUNS:
        return True  # "IBM's first look at TSB", "IBM's preliminary findings": IBM reports, TSB failed
    return root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according"


PLATFORM_HOLDERS = {"system", "host", "device", "machine", "pc", "computer", "laptop", "endpoint", "bucket", "phone",
                    "terminal", "file", "workstation"}  # fmt: skip
RUNNING = {"run", "running", "runs", "using", "use"}
# Installed things a company's name can brand for whoever runs them: "a Citrix remote-access portal".
BRANDED_HOLDERS = {"portal", "appliance", "gateway", "bucket"}


def _platform(s: Sentence, mention: Mention) -> bool:
    """A product named as the ground the incident fell on ("Windows hosts", "PCs running Windows"), not as what
    failed: its maker is not the company whose incident it is."""
    root = s.span.doc[mention.start : mention.end].root
    holder = phrase_head(root)  # "a Firebase storage bucket": the bucket holds, not the storage
    held = holder is not root and holder.lemma_.lower()
    if mention.via != "product":
        return held in BRANDED_HOLDERS
    if held in PLATFORM_HOLDERS:
        return True
    return holder.dep_ in ("dobj", "pobj") and holder.head.lower_ in RUNNING  # "PCs running Windows XP"


def _held(s: Sentence) -> list[Mention]:
    """The companies a sentence names as more than the ground its incident fell on."""
    return [m for m in s.companies if not _platform(s, m)]


def _first_date(sentences: list[Sentence], reference: datetime) -> ResolvedDate | None:
    """The start date best supported by the incident sentences.

    Day-precision dates are grouped into clusters a week wide, weighted by how
    early in the article they appear; the heaviest cluster's earliest date
    wins, so a lone early date cannot outvote the story's own week.
    """
    ref = reference.date()
    # A recovery sentence's date ("restored on 18 April") is more often an end than a start: it counts less.
    # "LastPass said on Thursday that an intruder broke in … detected two weeks ago": a day or week that dates
    # the incident itself beats one that dates a statement about it.
    for statements in (False, True):
        dated = [
            (d, s.para, 0.3 if RECOVERY.search(s.text) else 1.0)
            for s in sentences
            if (d := s.incident_date(statements)) is not None and d.day <= ref
        ]
        if statements or any(d.precision in ("day", "week") for d, _, _ in dated):
            break
    for precision in ("day", "week", "month", "year"):
        found = sorted(((d, para, w) for d, para, w in dated if d.precision == precision), key=lambda dp: dp[0].day)
        if not found:
            continue
        clusters: list[list[tuple[ResolvedDate, int, float]]] = []
        for item in found:
            if clusters and (item[0].day - clusters[-1][0][0].day).days <= 7:
                clusters[-1].append(item)
            else:
                clusters.append([item])
        best = max(clusters, key=lambda c: sum(w / (2 + para) for _, para, w in c))
        return best[0][0]
    return None


def _only_stated(found: ResolvedDate, sentences: list[Sentence]) -> bool:
    """Whether the date dates only a statement about the incident ("LastPass said on Thursday"), not the incident."""
    return not any(s.incident_date(False) == found for s in sentences)


def _past_cue(doc: ParsedDoc, s: Sentence) -> bool:
    """A past cue in the sentence or just before it in its paragraph ("This is not the first time. In 2019, …"),
    or anywhere before it when its date goes on with the paragraph's story ("… The next day Facebook said …")."""
    return any(PAST_CUES.search(x.text) for x in _told_with(doc, s))


def _told_with(doc: ParsedDoc, s: Sentence) -> list[Sentence]:
    """The sentence and what sets its scene: the one before it, or all before it in the paragraph when its date
    counts on from theirs."""
    before = [x for x in doc.paragraph(s.para) if x.index < s.index]
    if not any(d.in_story for d in s.dates):
        before = before[-1:]
    return [*before, s]


def _another_incident(doc: ParsedDoc, s: Sentence) -> bool:
    """ "It is not the first time. In October 2021 it cancelled …": the text itself sets the dated incident apart
    from the one it reports, so an undated report is not a follow-up of it."""
    return any(ANOTHER.search(x.text) for x in _told_with(doc, s))


def _continues_past(s: Sentence, past: list[Sentence]) -> bool:
    """ "…memories of March 2022, when Lapsus$ … Okta said at the time that up to 366 customers …": an undated
    sentence later in a paragraph that turned to an earlier incident is still about that one, unless it turns back
    ("this time", "now")."""
    return (
        any(p.para == s.para and p.index < s.index for p in past)
        and s.incident_date() is None
        and not PIVOT.search(s.text)
    )


def _is_past_mention(doc: ParsedDoc, s: Sentence, main: date) -> bool:
    """A sentence about an earlier incident, by how far back its date lies and how clearly it says so.

    Months back needs no cue; weeks back needs a past cue; days back needs an explicit one
    ("a separate incident on June 24", "it follows").
    """
    found = s.incident_date_and_distance()
    if found is None:
        return False
    d, distance = found
    if covers(d, main):
        return False  # "last year" or "in December" spans the main incident's own date: nothing sets it apart
    gap = (main - d.day).days
    if gap > FAR_DAYS and _past_cue(doc, s):
        return True
    if _years_back(d, main) and s.incident_date(False) == d:
        return True  # "on October 4th, 2021, a faulty change took Facebook offline": a year and more back, by name
    if gap > FAR_DAYS:
        return strong_trigger(s) and distance <= 6  # "the outage in January 2022": the date belongs to an incident word
    if gap > SPLIT_DAYS:
        return _past_cue(doc, s) or _names_its_incident(s, d)
    return gap > 2 and (bool(SEPARATE.search(s.text)) or _names_its_incident(s, d))  # "last Tuesday's outage"


def _later_incident(s: Sentence, main: date, main_kind: str, reference: date) -> bool:
    """ "… had downloaded call records in April, a breach the FCC is also investigating", in a report on a February
    outage: an incident of another kind, dated weeks after the reported one by a date of its own rather than of a
    statement about it ("acknowledged in May that the hackers had …"), is another incident. One of the same kind
    is more often the reported incident's later chapter (a fuller count, a regulator's entry)."""
    found = s.incident_date_and_distance(False)
    if found is None or not strong_trigger(s) or classify_kind([s]) == main_kind:
        return False
    d, distance = found
    return (d.day - main).days > 2 * SPLIT_DAYS and d.day <= reference and distance <= 6 and not covers(d, main)


def _years_back(d: ResolvedDate, since: date) -> bool:
    """A date that names its year ("July 8, 2022"), more than a year before `since`."""
    return (since - d.day).days > YEAR_DAYS and bool(YEAR.search(d.text))


def _recalled_from_afar(found: ResolvedDate, lead: list[Sentence], reference: date) -> bool:
    """ "Rogers is working to fix a network problem …" in the lead, and "whose nationwide outage on July 8, 2022"
    further down: the lead tells a current incident it does not date; a named year long gone dates a recalled one,
    not this."""
    undated_lead = bool(lead) and lead[0].incident_date() is None  # the story's opening incident sentence
    return undated_lead and _years_back(found, reference)


def _struck(company: str, s: Sentence) -> bool:
    """ "after cyber-attacks on Marks & Spencer and the Co-op": the company named as what the incident hit."""
    doc = s.span.doc
    triggers = set(s.trigger_positions)
    for m in s.companies:
        if m.company != company:
            continue
        token = doc[m.end - 1]
        while token.dep_ in ("conj", "compound", "flat") and token.head is not token:
            token = token.head
        prep = token.head if token.dep_ == "pobj" else None
        if prep is not None and prep.lower_ in ("on", "at", "against") and prep.head.i in triggers:
            return True
    return False


def _long_gone(s: Sentence, d: ResolvedDate, doc: ParsedDoc) -> bool:
    """A date with its year named, more than a year before the article, that dates a happening rather than a
    statement ("In March 2022 we wrote about …" dates the writing)."""
    return _years_back(d, doc.reference.date()) and s.incident_date(False) == d


def covers(d: ResolvedDate, day: date) -> bool:
    """Whether a coarse date (a year, a month) includes the given day."""
    if d.precision == "year":
        return d.day.year == day.year
    if d.precision == "month":
        return (d.day.year, d.day.month) == (day.year, day.month)
    return False


def _mention(
    company: str, role: str, sentences: list[Sentence], started: ResolvedDate | None, doc: ParsedDoc,
    companies: CompanyIndex,
) -> EventMention:  # fmt: skip
    if started is None:
        start, basis, precision = doc.reference.date(), "published", "day"
        if any(re.search(r"\b(past|last) (week|seven days)\b", s.lower) for s in sentences):
            start, precision = start - timedelta(days=7), "week"
    else:
        start, basis, precision = started.day, "text", started.precision
    lead = next((s for s in sentences if s.para >= 0 and company in s.company_names()), None)
    lead = lead or next((s for s in sentences if s.para >= 0), sentences[0])
    return EventMention(
        company=company,
        kind=classify_kind(sentences),
        role=role,
        sentences=sentences,
        started=start,
        date_basis=basis,
        date_precision=precision,
        duration_hours=duration_hours(sentences),
        severity=severity(sentences),
        services=services(sentences, company, companies),
        summary=lead.text[:400],
    )


def event_mentions(
    doc: ParsedDoc, companies: CompanyIndex, hint: str | None = None, publisher: str | None = None
) -> list[EventMention]:
    """Every event the document reports (role "report") or recalls (role "mention")."""
    incident = incident_sentences(doc)
    company = main_company(doc, incident, companies, hint, publisher)
    if company is None:
        return []
    title_companies = {m.company for s in doc.sentences if s.para == -1 for m in s.companies}
    mine, others = _group_by_company(doc, incident, companies.family(company))
    if not _enough(mine, company in title_companies or company in (hint, publisher) or _dominant(doc, company)):
        # The main company's own incident is not reported; another company's may be.
        ranked = sorted(others.items(), key=lambda kv: -len(kv[1]))
        if not ranked or not _enough(ranked[0][1], ranked[0][0] in title_companies):
            return []
        company, mine = ranked[0]
        others = dict(ranked[1:])
    current_candidates = [s for s in mine if not _past_cue(doc, s)]
    lead = [s for s in current_candidates if s.para <= 1]
    main_date = _first_date(lead, doc.reference)
    whole = _first_date(current_candidates, doc.reference)
    dated_incident = whole is not None and whole.precision in ("day", "week") and not _only_stated(whole, mine)
    if main_date is None or (_only_stated(main_date, mine) and dated_incident):
        main_date = whole  # "said on Thursday" in the lead; "detected two weeks ago" further down dates the incident
    afar = main_date is not None and _recalled_from_afar(main_date, lead, doc.reference.date())
    if afar:
        main_date = None
    anchor = main_date.day if main_date else doc.reference.date()
    main_kind = classify_kind(current_candidates or mine)
    reference = doc.reference.date()
    past = [s for s in mine if _is_past_mention(doc, s, anchor) or _later_incident(s, anchor, main_kind, reference)]
    if main_date is None and past and not afar and not all(_another_incident(doc, s) for s in past):
        # Nothing dates a new incident, but the article dates an earlier one: a follow-up of that incident
        # (a hearing, a fine, a later disclosure), not a new event.
        main_date = _first_date(past, doc.reference)
        anchor = main_date.day if main_date else anchor
        past = [s for s in past if (d := s.incident_date()) is not None and abs((d.day - anchor).days) > SPLIT_DAYS * 2]
    past += [s for s in mine if s not in past and _continues_past(s, past)]
    current = [s for s in mine if s not in past]
    mentions = [_mention(company, "report", current or mine, main_date, doc, companies)]
    mentions[0].repeat = main_date is not None and any(REPEAT.search(s.text) for s in (current or mine)[:3])
    if main_date is not None and _only_stated(main_date, mine):
        # Only a statement dates it ("disclosed the intrusion on August 25"): the incident began by then, perhaps
        # well before, and a date another report gives the incident itself is better.
        mentions[0].date_basis = "statement"
    mentions += _recalled(company, past, doc, companies)
    placed = {s.index for s in mine} | {s.index for sents in others.values() for s in sents}
    for s in incident:
        if s.index not in placed and (other := _far_incident_of_another(s, anchor, companies)) is not None:
            others.setdefault(other, []).append(s)
    for other, sents in others.items():
        mentions += _recalled(other, sents, doc, companies, need_date=False)
    return mentions


def _group_by_company(
    doc: ParsedDoc, incident: list[Sentence], family: set[str]
) -> tuple[list[Sentence], dict[str, list[Sentence]]]:
    """Incident sentences of the main company's family, and those about other companies."""
    mine: list[Sentence] = []
    others: dict[str, list[Sentence]] = {}
    loci = {m.company for s in incident for m in _held(s) if _incident_subject(s, m)}
    for s in incident:
        named = {m.company for m in _held(s)} or _company_in_context(doc, s)
        if not named or named & family:
            mine.append(s)
            continue
        located = sorted(named & loci)
        if located:
            others.setdefault(located[0], []).append(s)
    return mine, others


def _far_incident_of_another(s: Sentence, anchor: date, companies: CompanyIndex) -> str | None:
    """ "In June 2012 a botched upgrade … left customers at RBS, NatWest and Ulster Bank unable to move money":
    one other company's incident, dated far from the reported one, though the parse does not place it there."""
    named = _held(s)
    if not named or not strong_trigger(s):
        return None
    first = named[0].company
    found = s.incident_date()
    if not {m.company for m in named} <= companies.family(first) or found is None or found.precision == "year":
        return None
    return first if abs((anchor - found.day).days) > FAR_DAYS else None


def _company_in_context(doc: ParsedDoc, sentence: Sentence) -> set[str]:
    """The company named last before an unnamed incident sentence in its paragraph ("…at Replit. The agent…"), or
    the one that sentence is about ("TSB moved its records onto a platform run by Sabadell. … banking fell over")."""
    for s in reversed([x for x in doc.paragraph(sentence.para) if x.index < sentence.index]):
        named = _held(s)
        if named:
            subject = next((m for m in named if _is_subject(s, m)), named[-1])
            return {subject.company}
    return set()


def _is_subject(s: Sentence, mention: Mention) -> bool:
    """The company is the subject of the sentence's main verb: what the sentence is about."""
    root = s.span.doc[mention.start : mention.end].root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ == "ROOT"


LOCUS_PREPOSITIONS = {"at", "of", "on", "for", "to", "across", "inside", "within"}


def _tells_own_incident(s: Sentence, root) -> bool:  # type: ignore[no-untyped-def]
    """ "MGM Resorts said it had identified a cybersecurity issue affecting some of its systems": a company
    reporting an incident of its own, in its own words, with no denial."""
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_.lower() not in lexicon().words("reporting_verbs"):
        return False
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None or any(c.dep_ == "neg" or c.lower_ == "no" for c in clause.subtree):
        return False
    own = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("it", "we") for c in clause.children)
    inside = {t.i for t in clause.subtree}
    return own and strong_trigger(s) and any(t in inside for t in s.trigger_positions)


def _incident_subject(s: Sentence, mention: Mention) -> bool:
    """The company is where the incident happened: "Azure outage", "AWS went down", "a mishap at Replit".

    Not when it is what the incident hit ("took down Amazon", "sites including Amazon"): an
    affected customer is part of another company's incident.
    """
    doc = s.span.doc
    root = doc[mention.start : mention.end].root
    if _tells_own_incident(s, root):
        return True
    for t in s.trigger_positions:
        trigger = doc[t]
        if root.head.i == trigger.i and root.dep_ in (
            "nsubj",
            "nsubjpass",
            "poss",
            "compound",
            "nmod",
            "amod",
        ):
            return True
        if root.dep_ in ("nsubj", "nsubjpass") and trigger.head.i == root.head.i:
            return True
        if root.dep_ in ("nsubj", "nsubjpass") and trigger.i == root.head.i:
            return True
        if root.dep_ == "pobj" and root.head.lower_ in LOCUS_PREPOSITIONS and root.head.head.i == trigger.i:
            return True
        if root.dep_ == "poss" and root.head.head.i == trigger.i:  # "Facebook's apps went offline"
            return True
        subject = root.head if root.dep_ in ("compound", "poss", "nmod", "amod") else None
        while subject is not None and subject.dep_ == "conj":  # "RBS, NatWest and Ulster Bank customers"
            subject = subject.head
        if subject is not None and subject.dep_ in ("compound", "poss") and subject.head.dep_ in ("nsubj", "nsubjpass"):
            subject = subject.head
        if (
            subject is not None
            and subject.dep_ in ("nsubj", "nsubjpass")
            and trigger.i in (subject.head.i, subject.head.head.i)
        ):
            return True  # "NatWest customers were locked out": the company's customers are hit by its failure
    return False


DOMINANT_SENTENCES = 4


def _dominant(doc: ParsedDoc, company: str) -> bool:
    """The document is about the company though its title does not name it ("Big-bang cutovers, and the banks
    that learned the hard way"): named in the lead and across the body, so one incident sentence tells its incident."""
    naming = [s for s in doc.sentences if company in s.company_names()]
    return len(naming) >= DOMINANT_SENTENCES and any(s.para <= 1 for s in naming)


def _enough(sentences: list[Sentence], named_in_title: bool = False) -> bool:
    """Evidence of a reported incident: a strong trigger, plus the title, a second sentence or a named company."""
    strong = [s for s in sentences if strong_trigger(s)]
    return bool(strong) and (any(s.para == -1 for s in strong) or len(sentences) >= 2 or named_in_title)


ATTACHED = 2  # tokens from a date to the incident word it modifies ("a March 2017 outage", "Tuesday's outage")


def _names_its_incident(s: Sentence, d: ResolvedDate) -> bool:
    """The date is written as a modifier of the incident word ("a March 2017 outage", "last Tuesday's outage"), so
    it names that incident's day, not the day of a statement or of some other happening in the sentence."""
    at = next((p for x, p in zip(s.dates, s.date_positions, strict=True) if x is d), None)
    return at is not None and any(0 < t - at <= ATTACHED for t in s.trigger_positions)


def _first_happening(s: Sentence, reference: date) -> ResolvedDate | None:
    """The first date up to the reference of something that happened, passing over the date of a statement
    ("Earlier this month AT&T disclosed that hackers had downloaded records … in April"; "In January, PayPal
    began notifying customers that … between December 6 and 8, 2022"); the first date when nothing else is left."""
    happening = [d for d, _ in s.happening_dates(False) if d.day <= reference]
    return next(iter(happening), None) or next((d for d in s.dates if d.day <= reference), None)


def _recalled(
    company: str, sentences: list[Sentence], doc: ParsedDoc, companies: CompanyIndex, need_date: bool = True
) -> list[EventMention]:
    """Past or other-company incidents, one per company and month named."""
    groups: dict[tuple[int, int], list[Sentence]] = {}
    dates: dict[tuple[int, int], ResolvedDate] = {}
    for s in sentences:
        # "In 2018 the company paid … into a March 2017 outage": a date that modifies the incident word is its own.
        d = s.incident_date()
        if d is None or not (_names_its_incident(s, d) or _long_gone(s, d, doc)) or d.day > doc.reference.date():
            d = _first_happening(s, doc.reference.date())
        if d is None:
            if need_date:
                continue
            key = (0, 0)
        else:
            key = (d.day.year, d.day.month)
            dates.setdefault(key, d)
        groups.setdefault(key, []).append(s)
    for key in [k for k in groups if k in dates and dates[k].precision == "year"]:
        finer = [k for k in groups if k != key and k[0] == key[0]]
        if len(finer) == 1:
            groups[finer[0]] += groups.pop(key)  # "last year" and "from August 12" in one story: one incident
    dated = [k for k in groups if k != (0, 0)]
    if (0, 0) in groups and len(dated) == 1:
        groups[dated[0]] += groups.pop((0, 0))  # "The hackers published records …" goes on about the dated one
    out = []
    for key, sents in groups.items():
        if not any(strong_trigger(s) for s in sents):
            continue
        if key == (0, 0) and len(sents) < 2 and not PAST_CUES.search(sents[0].text) and not _struck(company, sents[0]):
            continue
        out.append(_mention(company, "mention", sents, dates.get(key), doc, companies))
    return out
