"""Claims in one document: each attributed statement about an event, with its source, topic and stance.

A sentence is a claim when someone is named as saying it (its own reporting
clause, the quote it continues, or the publisher when a company speaks on
its own blog or status page), when it is about one of the document's events,
and when it has a topic. Opinion about the industry is not a claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from nlp.attribution import Frame, Source, Speakers, classify, is_speaker, person_employers, person_roles
from nlp.companies import CompanyIndex
from nlp.events import EventMention
from nlp.lexicon import lexicon
from nlp.parse import ParsedDoc, Sentence
from nlp.stance import stance
from nlp.topics import FLOOR, topic_scores  # noqa: F401

EVENT_NOUNS = re.compile(
    r"\b(outages?|incidents?|disruptions?|failures?|problems?|issues?|bugs?|attacks?|breach(es)?|deletions?|"
    r"downtime|crash(es)?|errors?|blackout|fire|restor\w+|recover\w+|affected|impacted|customers|users|"
    r"damage|mistakes?|episode|mishaps?|wiped?|loss|lost|data|databases?|backups?|rollback|fix(ed|es)?|"
    r"root cause|cause|caused|attack(er|ers)?|hack(er|ers|ed)?|malicious|compromised?|exploit\w*)\b",
    re.I,
)
BUSINESS = re.compile(
    r"\b(revenue|earnings|profits?|valuation|funding|raised|founded in|headcount|hired|ipo|quarterly|guidance|"
    r"market share|annuali[sz]ed|subscribers grew|capital expenditure|capex|dividend|acquisition of)\b",
    re.I,
)
RETRACTION = re.compile(
    r"\b(was|were|had been|has been|have been) (later |subsequently |since |quietly )?(removed|deleted|withdrawn|"
    r"retracted|scrubbed|taken down|edited out|walked back|corrected)\b|\bretracted\b|\bwithdrew\b",
    re.I,
)
GENERIC_COMPANY = {"the company", "the firm", "the group", "we", "it", "they", "company", "the business"}
SOCIAL = re.compile(r"\b(on X|on Twitter|tweet\w*|posts? on|posted|on LinkedIn|on Reddit|on Bluesky|on Mastodon|on Threads|social media)\b")
OPINION_OK = {"executive", "spokesperson", "status_page", "postmortem", "regulator_filing"}


@dataclass
class ClaimDraft:
    """A claim before it has ids: which of the document's events, which sentence, and what it says."""

    event: int  # index into the document's event mentions
    sentence: int
    attribution: str
    speaker: str
    topic: str
    stance: str
    quote: str
    carrier: str | None = None
    confidence: float = 0.7
    note: str | None = None
    topic_scores: dict[str, float] | None = None
    channel: str = "public"


def _frames(sent: Span) -> list[tuple[int, Frame]]:
    """Every reporting clause in a sentence, as (tree depth of its verb, frame); deepest is innermost."""
    from nlp.attribution import _content_of, _speaker_of, reporting_frame, speaker_text

    verbs = lexicon().words("reporting_verbs")
    out = []
    for token in sent:
        if token.lemma_.lower() in verbs and token.pos_ in ("VERB", "AUX"):
            subject = _speaker_of(token)
            if subject is not None and is_speaker(subject):
                depth = len(list(token.ancestors))
                out.append((depth, Frame(speaker_text(subject), token.lemma_.lower(), _content_of(token, sent))))
    according = reporting_frame(sent)
    if according is not None and according.verb == "according":
        out.append((-1, according))
    return sorted(out, key=lambda f: f[0])


INTERNAL = re.compile(
    r"\b(memo|internal(ly)?|e-?mail to (employees|staff)|note to (employees|staff)|told (employees|staff)|"
    r"all-hands|town hall|slack messages?|briefing (note|document)s?)\b",
    re.I,
)


def _channel(sentence: Sentence, doc: ParsedDoc, source: Source) -> str:
    """Said inside the company (a memo, an email to staff, an internal document) or to the world."""
    if source.attribution == "internal_document":
        return "internal"
    earlier = [s for s in doc.paragraph(sentence.para) if s.index <= sentence.index]
    return "internal" if any(INTERNAL.search(s.text) for s in earlier) else "public"


def _pronoun_subject(sentence: Sentence) -> bool:
    root = sentence.span.root
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in ("they", "it", "he", "she", "we") or c.lower_ == "company")
        for c in root.children
    )


def is_heading(sentence: Sentence, doc: ParsedDoc) -> bool:
    """A one-line paragraph without closing punctuation: a subheading, not a statement."""
    text = sentence.text.rstrip()
    return len(doc.paragraph(sentence.para)) == 1 and not text.endswith((".", "!", "?", "”", '"', "’", ":"))


def _content_span(sentence: Sentence, text: str) -> Span:
    doc = sentence.span.doc
    at = sentence.span.text.find(text)
    if at < 0 or not text:
        return sentence.span
    start = sentence.span.start_char + at
    span = doc.char_span(start, start + len(text), alignment_mode="expand")
    return span if span is not None and len(span) else sentence.span


def _relevant(
    sentence: Sentence, doc: ParsedDoc, event: EventMention, companies: CompanyIndex, source: Source,
    engaged: set[str] = frozenset(),  # type: ignore[assignment]
) -> bool:
    """About the event: it names the incident or its company, its paragraph does, or its speaker already spoke of it."""
    if BUSINESS.search(sentence.text) and not sentence.triggers:
        return False  # earnings, funding, history: context, not a statement about the incident
    if source.speaker.lower() in engaged:
        return True
    family = companies.family(event.company)
    if source.attribution in ("spokesperson", "executive", "postmortem", "status_page") and (
        companies.canonical(source.speaker) in family or any(m.company in family for m in _mentions(source, companies))
    ):
        return True
    if sentence.triggers or (sentence.company_names() & family) or EVENT_NOUNS.search(sentence.text):
        return True
    neighbours = doc.paragraph(sentence.para)
    return any(s.triggers or (s.company_names() & family) for s in neighbours)


def _mentions(source: Source, companies: CompanyIndex) -> list:  # type: ignore[type-arg]
    from nlp.models import base_pipeline

    return companies.mentions(base_pipeline().make_doc(source.speaker))


def _event_for(sentence: Sentence, events: list[EventMention]) -> int:
    for i, ev in enumerate(events):
        if ev.role == "mention" and sentence.index in ev.sentence_indexes():
            return i
    named = sentence.company_names()
    for i, ev in enumerate(events):
        if ev.role == "mention" and ev.company in named and not (named & {events[0].company}):
            return i
    return 0


class _Resolver:
    """Walks a document's sentences in order, remembering speakers for pronouns and quote continuations."""

    def __init__(self, doc: ParsedDoc, companies: CompanyIndex, publisher: Source | None) -> None:
        self.doc = doc
        self.companies = companies
        self.publisher = publisher
        spans = [s.span for s in doc.sentences]
        self.speakers = Speakers(
            roles=person_roles(spans),
            employers=person_employers(spans, companies),
            social_context=bool(SOCIAL.search(" ".join(s.text for s in doc.sentences))),
        )
        self.para_source: dict[int, tuple[Source, str]] = {}

    def source(self, sentence: Sentence) -> tuple[Source, str, str | None, float] | None:
        """(source, reported words, verb, confidence) for a sentence, or None when nobody is saying it."""
        frames = _frames(sentence.span)
        if frames:
            inner = frames[-1][1]
            source = classify(inner.speaker, sentence.span, self.companies, self.speakers, inner.verb)
            outer = frames[0][1] if len(frames) > 1 else None
            if source is None and outer is not None:
                source = classify(outer.speaker, sentence.span, self.companies, self.speakers, outer.verb)
            if source is not None:
                if outer is not None and source.carrier is None:
                    carried = lexicon().organisation(outer.speaker)
                    if carried and carried[1] == "media" and carried[0] != source.speaker:
                        source = Source(source.attribution, source.speaker, carried[0])
                self.speakers.last = source
                words = sentence.quote_text if sentence.quoted and sentence.quote_text else inner.content
                self.para_source[sentence.para] = (source, inner.verb)
                return source, words, inner.verb, 0.8
        if sentence.quoted and sentence.quote_text:
            inherited = self.para_source.get(sentence.para) or self._quote_continues(sentence)
            if inherited is not None:
                return inherited[0], sentence.quote_text, inherited[1], 0.7
        inherited = self.para_source.get(sentence.para)
        if inherited is not None and not sentence.quoted and _pronoun_subject(sentence):
            return inherited[0], sentence.text, None, 0.6  # "They are working to…" after "the company admits…"
        if self.publisher is not None and not sentence.quoted:
            return self.publisher, sentence.text, None, 0.6
        return None

    def _quote_continues(self, sentence: Sentence) -> tuple[Source, str] | None:
        """A paragraph that opens with a quote and names nobody continues the previous paragraph's speaker."""
        later = [s for s in self.doc.paragraph(sentence.para) if s.index > sentence.index]
        for s in later:  # speaker named after the quote: "…," she said.
            frames = _frames(s.span)
            if frames:
                inner = frames[-1][1]
                found = classify(inner.speaker, s.span, self.companies, self.speakers, inner.verb)
                if found is not None:
                    return found, inner.verb
        return self.para_source.get(sentence.para - 1)


def extract_claims(
    doc: ParsedDoc, events: list[EventMention], companies: CompanyIndex, publisher: Source | None = None
) -> list[ClaimDraft]:
    """Every claim in the document, in reading order."""
    if not events:
        return []
    resolver = _Resolver(doc, companies, publisher)
    resolver.speakers.event_family = companies.family(events[0].company)
    opinion = lexicon().words("opinion_verbs")
    drafts: list[ClaimDraft] = []
    engaged: set[str] = set()  # speakers who have already said something about the event
    for sentence in doc.body():
        if is_heading(sentence, doc):
            continue
        found = resolver.source(sentence)
        if found is None:
            continue
        source, words, verb, confidence = found
        if source.speaker.lower() in ("we", "our", "us") and resolver.publisher is not None:
            source = resolver.publisher  # "we" on a company's own page is the company
        if source.speaker.lower() in GENERIC_COMPANY:
            source = Source(source.attribution, events[0].company, source.carrier)
        if verb in opinion and source.attribution not in OPINION_OK:
            continue
        content = _content_span(sentence, words)
        scores = topic_scores(content)
        if max(scores.values()) < FLOOR:
            scores = {t: max(v, topic_scores(sentence.span)[t]) for t, v in scores.items()}
        event_index = _event_for(sentence, events)
        if not _relevant(sentence, doc, events[event_index], companies, source, engaged):
            continue
        engaged.add(source.speaker.lower())
        found_topic = max(scores, key=lambda t: scores[t])
        referenced = bool(sentence.triggers or EVENT_NOUNS.search(sentence.text))
        if found_topic == "ai_involvement" and not referenced:
            continue  # AI named, but not tied to this incident: commentary on AI in general
        drafts.append(
            ClaimDraft(
                event=event_index,
                sentence=sentence.index,
                attribution=source.attribution,
                speaker=source.speaker,
                topic=found_topic,
                stance=stance(content, verb),
                quote=words if words in sentence.text else sentence.text,
                carrier=source.carrier,
                confidence=confidence,
                topic_scores=scores,
                channel=_channel(sentence, doc, source),
            )
        )
    _retractions(doc, drafts)
    return drafts


def _retractions(doc: ParsedDoc, drafts: list[ClaimDraft]) -> None:
    """A sentence saying the source was removed marks the claim just before it."""
    claimed = {d.sentence for d in drafts}
    for sentence in doc.body():
        if sentence.index in claimed or not RETRACTION.search(sentence.text):
            continue
        before = [d for d in drafts if d.sentence < sentence.index and sentence.index - d.sentence <= 3]
        if before and before[-1].note is None:
            before[-1].note = f"source withdrawn: {sentence.text}"
