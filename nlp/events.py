"""The events one document reports or recalls.

Most articles report one incident and recall others ("it follows a similar
outage in December"). The reported incident is the one the title and lead
are about; a recalled one needs a sign that it is another incident (a past
cue with a date far from the main one, or another company as its subject),
so a passing date cannot split one incident in two.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from nlp.companies import CompanyIndex
from nlp.dates import ResolvedDate
from nlp.incidents import (
    WEAK_TRIGGERS,
    classify_kind,
    duration_hours,
    is_hypothetical,
    services,
    severity,
)
from nlp.parse import ParsedDoc, Sentence

PAST_CUES = re.compile(
    r"\b(last year|previous|previously|prior|earlier (outage|incident|disruption|breach)|similar|another|"
    r"also (suffered|went down|had)|recall\w*|reminiscent|echo\w*|follows|history of|the last time|"
    r"a year ago|years? ago|months ago|back in|in (19|20)\d\d|since then|before that|once again|again)\b",
    re.I,
)
SPLIT_DAYS = 14


@dataclass
class EventMention:
    """An incident as one document tells it: who, what kind, when, and the sentences that say so."""

    company: str
    kind: str
    role: str  # report | mention
    sentences: list[Sentence]
    started: date
    date_basis: str  # text (a date in the text) | published (the report's own date)
    date_precision: str
    duration_hours: float | None = None
    severity: str | None = None
    services: list[str] = field(default_factory=list)
    summary: str = ""

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
        strong = any(w not in WEAK_TRIGGERS for words in s.triggers.values() for w in words)
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
    scores: Counter[str] = Counter()
    incident_ids = {s.index for s in incident}
    for s in doc.sentences:
        weight = 3.0 if s.para == -1 else 2.0 if s.para <= 1 else 1.0
        if s.index in incident_ids:
            weight += 2.0
        for m in s.companies:
            scores[m.company] += weight
    for c in (hint, publisher):
        if c:
            scores[c] += 6.0
    in_incidents = {m.company for s in incident for m in s.companies}
    candidates = [c for c in scores if c in in_incidents or c in (hint, publisher)]
    if not candidates:
        return None
    return max(candidates, key=lambda c: scores[c])


def _first_date(sentences: list[Sentence], reference: datetime) -> ResolvedDate | None:
    ref = reference.date()
    for precision in ("day", "week", "month"):
        for s in sentences:
            for d in s.dates:
                if d.precision == precision and d.day <= ref:
                    return d
    return None


def _is_past_mention(s: Sentence, main: date) -> bool:
    if not PAST_CUES.search(s.text):
        return False
    dated = [d for d in s.dates if d.day < main - timedelta(days=SPLIT_DAYS)]
    return bool(dated)


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
    family = companies.family(company)
    mine: list[Sentence] = []
    others: dict[str, list[Sentence]] = {}
    for s in incident:
        named = s.company_names()
        if not named or named & family:
            mine.append(s)
        else:
            main_other = max(named, key=lambda c: sum(m.company == c for m in s.companies))
            others.setdefault(main_other, []).append(s)
    if not _enough(mine):
        return []
    lead = [s for s in mine if s.para <= 1] or mine
    main_date = _first_date([s for s in lead if not PAST_CUES.search(s.text)], doc.reference) or _first_date(
        [s for s in mine if not PAST_CUES.search(s.text)], doc.reference
    )
    anchor = main_date.day if main_date else doc.reference.date()
    past = [s for s in mine if _is_past_mention(s, anchor)]
    current = [s for s in mine if s not in past]
    mentions = [_mention(company, "report", current or mine, main_date, doc, companies)]
    mentions += _recalled(company, past, doc, companies)
    for other, sents in others.items():
        mentions += _recalled(other, sents, doc, companies, need_date=False)
    return mentions


def _enough(sentences: list[Sentence]) -> bool:
    """Evidence for a reported incident: a strong trigger in the title, or two incident sentences."""
    strong = [s for s in sentences if any(w not in WEAK_TRIGGERS for ws in s.triggers.values() for w in ws)]
    return bool(strong) and (any(s.para == -1 for s in strong) or len(sentences) >= 2)


def _recalled(
    company: str, sentences: list[Sentence], doc: ParsedDoc, companies: CompanyIndex, need_date: bool = True
) -> list[EventMention]:
    """Past or other-company incidents, one per company and month named."""
    groups: dict[tuple[int, int], list[Sentence]] = {}
    dates: dict[tuple[int, int], ResolvedDate] = {}
    for s in sentences:
        d = next((d for d in s.dates if d.day <= doc.reference.date()), None)
        if d is None:
            if need_date:
                continue
            key = (0, 0)
        else:
            key = (d.day.year, d.day.month)
            dates.setdefault(key, d)
        groups.setdefault(key, []).append(s)
    out = []
    for key, sents in groups.items():
        strong = any(w not in WEAK_TRIGGERS for s in sents for ws in s.triggers.values() for w in ws)
        if not strong:
            continue
        if key == (0, 0) and len(sents) < 2 and not PAST_CUES.search(sents[0].text):
            continue
        out.append(_mention(company, "mention", sents, dates.get(key), doc, companies))
    return out
