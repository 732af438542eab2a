"""Claims in one document: each attributed statement about an event, with its source, topic and stance.

A sentence is a claim when someone is named as saying it (its own reporting
clause, the quote it continues, or the publisher when a company speaks on
its own blog or status page), when it is about one of the document's events,
and when it has a topic. Opinion about the industry is not a claim.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token

from nlp.attribution import (
    COMPANY_MEDIA,
    DOCUMENT_NOUNS,
    DOCUMENT_VOICES,
    LEAKED_TO,
    PLATFORM_PREPOSITIONS,
    PRESS_CUES,
    PUBLISHED_MEDIA,
    SEEN_PAPERS,
    SITE_PREPOSITIONS,
    WRITTEN,
    Frame,
    Source,
    Speakers,
    a_place,
    cited_source,
    classify,
    contrasted_speaker,
    is_speaker,
    medium,
    note_documents,
    on_another_occasion,
    person_employers,
    person_roles,
    second_speaker,
    span_text,
    speaker_text,
)
from nlp.companies import CompanyIndex
from nlp.events import EventMention
from nlp.lexicon import lexicon
from nlp.parse import ParsedDoc, Sentence
from nlp.records import ANSWERS_NOTE
from nlp.stance import stance
from nlp.status_entries import entry_voice, strip_entry_header
from nlp.topics import FLOOR, WEIGHTS, topic_scores

log = logging.getLogger(__name__)
EVENT_NOUNS = re.compile(
    r"\b(outages?|incidents?|disruptions?|failures?|problems?|issues?|bugs?|attacks?|breach(es)?|deletions?|"
    r"downtime|crash(es)?|errors?|blackout|fire|restor\w+|recover\w+|affected|impacted|customers|users|"
    r"damage|mistakes?|episode|mishaps?|wiped?|loss|lost|data|databases?|backups?|rollback|fix(ed|es)?|"
    r"root cause|cause|caused|attack(er|ers)?|hack(er|ers|ed)?|malicious|compromised?|exploit\w*)\b",
    re.I,
)
ACTING_SUBJECTS = {"we", "company", "firm"}
BUSINESS = re.compile(
    r"\b(revenue|earnings|profits?|valuation|funding|raised (about |some |roughly |nearly |over )?[$€£]|"
    r"founded in|headcount|hired (more than |about |some |nearly )?[\d,]+|ipo|"
    r"quarterly (results|earnings|revenue|profits?|sales|report)|guidance|"
    r"market share|annuali[sz]ed|subscribers grew|capital expenditure|capex|dividend|acquisition of|layoffs?|"
    r"job cuts|cut (roughly |about |some )?[\d,]+ (\w+ )*(jobs|roles)|jobs? (eliminated|cut))\b",
    re.I,
)
RETRACTION = re.compile(
    r"\b(was|were|had been|has been|have been) (later |subsequently |since |quietly )?(removed|deleted|withdrawn|"
    r"retracted|scrubbed|taken down|taken out|edited out|walked back|corrected)\b|\bretracted\b|\bwithdrew\b",
    re.I,
)
GENERIC_COMPANY = {"the company", "the firm", "the group", "we", "it", "they", "company", "the business"}
COMPANY_NOUNS = (
    "airline", "carrier", "bank", "operator", "telco", "retailer", "provider", "startup", "platform",
    "vendor", "network", "service",
)  # fmt: skip
GENERIC_COMPANY |= {f"the {noun}" for noun in COMPANY_NOUNS}
SOCIAL = re.compile(
    r"\b(on X|on Twitter|tweet\w*|posts? on|posted|on LinkedIn|on Reddit|on Bluesky|on Mastodon|on Threads|"
    r"social media)\b"
)
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
    stated_at: date | None = None


CLAUSE_SEP = "\u241e"  # joins the clauses one verb reports; split again into one claim each
NESTED_SOURCE = re.compile(
    r"\b(document|memo|email|report|filing|note|post|study|analysis|review|data|records?|logs?)\b", re.I
)


def _chosen_frame(frames: list[tuple[int, Frame]]) -> Frame:
    """The main reporting clause, unless it relays a nested source ("the FT disclosed that a document said …")."""
    main = frames[0][1]
    for _, frame in frames[1:]:
        org = lexicon().organisation(main.speaker)
        # "According to Downdetector, 20,000 users reported problems": a monitor's data are its own finding, and a
        # research firm's a day before the company said so are its own too.
        outer_is_media = (org is not None and org[1] not in ("monitor", "research")) or "report" in main.verb
        if NESTED_SOURCE.search(frame.speaker) or outer_is_media:
            return frame
    return main


def _pushes_back(verb: Token) -> bool:
    """ "The company pushed back on suggestions that …": a rebuttal, said in two words."""
    if verb.lemma_.lower() != "push":
        return False  # asked of every token: the cheap test first
    back = any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in verb.children)
    answered = [o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("on", "against") for o in p.children
                if o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME")]  # fmt: skip
    return back and bool(answered)  # not "Delta pushed back on Tuesday."


def _declined(verb: Token) -> bool:
    """A reporting verb that reports nothing: negated ("did not say") or declined ("declined to say")."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("decline", "refuse")


OPEN_QUESTION = {"whether", "if", "how", "when", "what", "why", "who", "which", "where"}


def _left_open(verb: Token) -> bool:
    """ "declined to say whether …", "would not say how many …": a question put and left open, which the
    press reports as a hedge; "declined to comment" leaves nothing, and "did not say why" is the writer noting a
    gap, not an answer given."""
    would = any(c.dep_ == "aux" and c.lower_ in ("would", "will", "wo") for c in verb.children)
    refused = verb.dep_ == "xcomp" or would
    if not refused:
        return False
    for clause in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "advcl")):
        first = min(clause.subtree, key=lambda t: t.i)
        marks = {c.lower_ for c in clause.children if c.dep_ in ("mark", "advmod")}
        if first.lower_ in OPEN_QUESTION or marks & OPEN_QUESTION:
            return True
    return False


def _reports_within(frame: Frame, frames: list[Frame], sentence: Sentence) -> bool:
    """Whether a reporting verb sits inside what another verb reports (nested), rather than beside it."""
    doc = sentence.span.doc
    others = {f.verb_index for f in frames if f is not frame and f.verb_index >= 0}
    token = doc[frame.verb_index]
    if (token.dep_ == "conj" and second_speaker(token)) or contrasted_speaker(token):
        return False  # "…, and chief executive Paul Pester said …": beside the first statement, not inside it
    edges = []
    while token.head.i != token.i:
        edges.append(token.dep_)
        token = token.head
        if token.i in others:
            return any(dep in ("ccomp", "xcomp", "relcl", "acl", "advcl") for dep in edges)
    return False


def _describes_a_speaker(verb: Token, frames: list[tuple[int, Frame]]) -> bool:
    """A reporting verb in a relative clause on another verb's speaker says who that speaker is."""
    if verb.dep_ != "relcl" or verb.head.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return any(f.verb_index == verb.head.head.i for _, f in frames)


def _in_relative_clause(token: Token) -> bool:
    """ "…, which he said had not been affected": an aside inside another statement."""
    return any(t.dep_ in ("relcl", "acl") for t in [token, *token.ancestors][:3])


def _frames(sent: Span) -> list[tuple[int, Frame]]:
    """Every reporting clause in a sentence, as (tree depth of its verb, frame), shallowest first."""
    from nlp.attribution import _citing, _content_of, _speaker_of, adds_a_thing, content_clauses, reporting_frame

    verbs = lexicon().words("reporting_verbs")
    out = []
    for token in sent:
        if (token.lemma_.lower() in verbs or _pushes_back(token)) and token.pos_ in ("VERB", "AUX"):
            verb_name = token.lemma_.lower()
            if _declined(token):
                if not _left_open(token):
                    continue  # "declined to comment", "did not say so": nothing was claimed
                verb_name = "decline"  # "declined to say whether it was an attack": the question stays open
            if token.tag_ == "VBN" and token.dep_ in ("acl", "amod"):
                continue  # "five minutes of data written before the deletion": a participle describing a noun
            if token.lemma_.lower() == "find" and any(c.dep_ == "prt" for c in token.children):
                continue  # "Cloudflare found out what that feels like": it learned, it did not report
            if adds_a_thing(token):
                continue  # "The update adds to a difficult autumn": it makes worse, it does not report
            subject = _speaker_of(token)
            if subject is None and verb_name == "decline" and token.dep_ == "xcomp":
                subject = _speaker_of(token.head)  # "a spokesperson declined to say …": who declined
            if subject is not None and is_speaker(subject):
                # An aside in a relative clause never outranks the sentence's own reporting verb.
                depth = len(list(token.ancestors)) + (100 if _in_relative_clause(token) else 0)
                clauses = tuple(content_clauses(token, sent))
                out.append(
                    (
                        depth,
                        Frame(
                            speaker_text(subject),
                            verb_name,
                            _content_of(token, sent),
                            contents=clauses,
                            verb_index=token.i,
                        ),
                    )
                )
    according = reporting_frame(sent)
    if according is not None and according.verb == "according":
        out.append((-1, according))
    out += [(len(list(sent.doc[f.verb_index].ancestors)), f) for f in _belief_frames(sent)]
    if not out and (listed := _colon_frame(sent)) is not None:
        out.append((len(list(sent.doc[listed.verb_index].ancestors)), listed))
    if not out and (owned := _possessed_colon_frame(sent)) is not None:
        out.append((0, owned))
    if not out and (aside := _parenthetical_frame(sent)) is not None:
        out.append((0, aside))
    if not out and (paper := _document_subject_frame(sent)) is not None:
        out.append((0, paper))
    # "Reuters reported, citing an internal memo, …": the citing says where the report came from (cited_source).
    if any(f.verb != "cite" for _, f in out):
        out = [(d, f) for d, f in out if f.verb_index < 0 or not _citing(sent.doc[f.verb_index])]
    # "a user who said they were on the recovery team posted …": that "said" tells who the speaker is.
    out = [(d, f) for d, f in out if f.verb_index < 0 or not _describes_a_speaker(sent.doc[f.verb_index], out)]
    return sorted(out, key=lambda f: f[0])


STATEMENT_OBJECTS = {"explanation", "account", "statement", "update", "detail", "details", "reason", "version",
                     "summary", "list", "answer", "response", "message", "warning", "verdict", "diagnosis", "fix",
                     "fixes", "change", "changes", "step", "steps", "timeline", "finding", "findings", "breakdown",
                     "rundown", "lesson", "lessons", "cause", "causes"}  # fmt: skip


PARENTHETICAL = re.compile(
    r",\s+(?P<who>(?:the|its|their|his|her|an?)\s+[\w’'\- ]{2,40}?)\s+(?P<verb>says|said|explains|explained|notes|"
    r"noted|adds|added|writes|wrote|argues|argued|concedes|conceded|admits|admitted|acknowledges|acknowledged|"
    r"went on|goes on|continued|continues)"
    r"\s*(?:,|\.|$)"
)


def _parenthetical_frame(sent: Span) -> Frame | None:
    """ "WAF rules skip the staged rollout, the post-mortem explains, because …": a speaker set between commas,
    which the parser often fails to hang on anything. The words around it are what it says."""
    found = PARENTHETICAL.search(sent.text)
    if found is None:
        return None
    before, after = sent.text[: found.start()].strip(" ,."), sent.text[found.end() :].strip(" ,.")
    said = before if len(before.split()) >= 4 else after
    if len(said.split()) < 4:
        return None
    verb = next((t for t in sent if t.idx - sent.start_char == found.start("verb")), None)
    lemma = verb.lemma_.lower() if verb is not None else found["verb"].lower()
    return Frame(found["who"].strip(), lemma, said, contents=(said,))


OPINION_NOUNS = STATEMENT_OBJECTS | {"conclusion", "view", "take", "theory", "argument", "point", "complaint",
                                     "position", "assessment", "reading", "advice", "message"}  # fmt: skip


PAPERS = DOCUMENT_NOUNS | {"post-mortem", "postmortem", "mortem", "paper", "write-up", "summary", "rca", "dashboard"}
PAPER_LEAD = re.compile(
    r"^(?P<who>(the|its|their|this) (post-mortem|postmortem|incident report|report|review|analysis|write-up|"
    r"paper|summary|filing|audit|investigation))\s+(?!(was|is|has|does|needed|needs)\b)(?P<verb>[a-z]+(s|ed))\b\s+.{15,}$",
    re.I,
)


PAPERS_SEEN = re.compile(
    rf"^(?P<who>{SEEN_PAPERS.pattern} [^.;:]{{2,60}}?),? (?P<verb>show|showed|reveal|revealed|indicate|indicated|"
    r"suggest|suggested|describe|described|detail|detailed)\s+(?P<said>.{15,}?)\.?$"
)


def _document_subject_frame(sent: Span) -> Frame | None:
    """ "The post-mortem commits to bringing WAF rules under staged rollouts": a report as the subject of any
    verb says what that verb's clause says."""
    if (lead := PAPER_LEAD.match(sent.text.strip())) is not None:  # the parser often reads "commits" as a noun
        return Frame(lead["who"], lead["verb"].lower(), sent.text.strip(), contents=(sent.text.strip(),))
    if (seen := PAPERS_SEEN.match(sent.text.strip())) is not None:  # and "show" after a long subject, too
        return Frame(seen["who"], seen["verb"].lower(), seen["said"], contents=(seen["said"],))
    root = sent.root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)  # "the review was published" says nothing
    if subject is None or root.pos_ not in ("VERB", "AUX"):
        return None
    said = " ".join(t.text for t in sent if t.i not in {x.i for x in subject.subtree}).strip(" .")
    if len(said.split()) < 4:
        return None
    if (source := _measured_by(subject)) is not None:
        return Frame(speaker_text(source), root.lemma_.lower(), said, contents=(said,), verb_index=root.i)
    if subject.lemma_.lower() not in PAPERS | WRITTEN | LEGAL_PAPERS or not _one_paper(subject):
        return None
    if subject.lemma_.lower() not in PAPERS and root.lemma_ in ("be", "have"):
        return None  # "The timeline is likely to sting": the writer's judgement of it, not what it says
    return Frame(speaker_text(subject), root.lemma_.lower(), said, contents=(said,), verb_index=root.i)


LEGAL_PAPERS = {"lawsuit", "complaint", "suit", "action", "indictment", "petition"}  # "a class action filed … alleges"
HANDED_OVER = LEAKED_TO | {"release", "publish", "file", "submit", "send", "circulate", "post"}


OWNED_PAPERS = {"dashboard", "post-mortem", "postmortem", "review", "report", "filing", "analysis"}


def _one_paper(subject: Token) -> bool:
    """ "The report", or "an internal incident ticket viewed by The Information": the paper the article is about,
    not "a report" or "reports" in general. Who saw or released it, or calling it internal, singles it out."""
    if any(t.lower_ in ("the", "its", "their", "this", "that") for t in subject.children):
        return True
    if subject.lemma_.lower() in OWNED_PAPERS and any(t.dep_ == "poss" and t.pos_ == "PROPN" for t in subject.children):
        return True  # "Meta's status dashboard listed …": the company's own
    handed = any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in HANDED_OVER for c in subject.children)
    return handed or any(c.lower_ in ("internal", "leaked", "confidential") for c in subject.children)


MEASUREMENTS = {"data", "datum", "figure", "number", "statistic", "reading", "measurement", "metric", "telemetry"}


def _measured_by(subject: Token) -> Token | None:
    """ "Data from Downdetector showed …": the figures speak for whoever measured them."""
    if subject.lemma_.lower() not in MEASUREMENTS:
        return None
    preps = [c for c in subject.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "compiled")]
    found = [p for prep in preps for p in prep.children if p.dep_ == "pobj" and is_speaker(p)]
    # "Cloudflare Radar data showed …", "Downdetector's figures": the measurer named before the figures.
    found += [c for c in subject.children if c.dep_ in ("compound", "poss") and _measurer(c)]
    return found[0] if found else None


def _measurer(name: Token) -> bool:
    """An organisation that measures: a monitor or research firm from the table, or a name the tagger calls one
    ("Lemkin's data" is his, not a measurement; "17:30 UTC — Telemetry" is a time)."""
    words = name.doc[min(t.i for t in name.subtree) : name.i + 1].text
    found = lexicon().organisation(words)
    listed = found is not None and found[1] in ("monitor", "research")
    return name.pos_ == "PROPN" and (listed or name.ent_type_ == "ORG")


def _possessed_colon_frame(sent: Span) -> Frame | None:
    """ "Gupta's own conclusion is the same: the model never verified its operations": a speaker's view named
    before a colon, and what follows the colon is that view."""
    colon = next((t for t in sent if t.text == ":" and t.i < sent.end - 4), None)
    if colon is None:
        return None
    view = next((t for t in sent.doc[sent.start : colon.i] if t.dep_ in ("nsubj", "nsubjpass")
                 and t.lemma_.lower() in OPINION_NOUNS), None)  # fmt: skip
    if view is None:
        return None
    owner = next((c for c in view.children if c.dep_ == "poss"), None)
    if owner is None or not is_speaker(owner) or owner.lower_ in ("its", "their"):
        return None
    items = _listed_clauses(sent.doc[colon.i + 1 : sent.end])
    if not items:
        return None
    speaker = speaker_text(owner).removesuffix("'s").removesuffix("’s").strip()
    return Frame(speaker, "say", items[0], contents=tuple(items), verb_index=view.head.i)


def _colon_frame(sent: Span) -> Frame | None:
    """ "Neville Ray gave a fuller explanation in a blog post: a fiber circuit had failed, the redundancy had not
    worked, and …" or "…, then listed the fixes: …": what follows the colon is what the speaker said, one claim
    per clause."""
    from nlp.attribution import _own_subject, _speaker_of

    colon = next((t for t in sent if t.text == ":" and t.i < sent.end - 4), None)
    if colon is None:
        return None
    verb = colon.head if colon.head.pos_ in ("VERB", "AUX") else colon.head.head
    if verb.pos_ not in ("VERB", "AUX") or verb.i > colon.i:
        return None
    reports = verb.lemma_.lower() in lexicon().words("reporting_verbs")
    if not reports and not any(c.dep_ == "dobj" and c.lemma_.lower() in STATEMENT_OBJECTS for c in verb.children):
        return None
    subject = _speaker_of(verb) or (_own_subject(verb.head) if verb.dep_ in ("conj", "dep") else None)
    if subject is None or not is_speaker(subject):
        return None
    items = _listed_clauses(sent.doc[colon.i + 1 : sent.end])
    if not items:
        return None
    return Frame(speaker_text(subject), verb.lemma_.lower(), items[0], contents=tuple(items), verb_index=verb.i)


def _listed_clauses(span: Span) -> list[str]:
    """The items of a list after a colon, split at commas and semicolons where each side has a verb of its own
    ("a circuit had failed, the redundancy had not worked, and …"); a list of names stays whole."""
    segments: list[list[Token]] = [[]]
    for token in span:
        if token.text in (",", ";"):
            segments.append([])
        elif not token.is_punct or token.text in ("-", "/"):
            segments[-1].append(token)
    items: list[list[Token]] = []
    for segment in (s for s in segments if s):
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in segment)
        if items and not (has_verb and len(segment) >= 3):
            items[-1].extend(segment)
        else:
            items.append(segment)
    out = []
    for item in items:
        text = re.sub(r"^(and|but|or|then)\s+", "", span_text(item)).strip(" ,;.")
        if len(text.split()) >= 3:
            out.append(text)
    return out


BELIEF_ADJECTIVES = {"sure", "convinced", "certain", "adamant", "confident"}
BELIEF_VERBS = {"convince", "persuade", "tell"}
REFLEXIVES = {"itself", "themselves", "himself", "herself"}
SPECULATION_NOUNS = {"speculation", "rumour", "rumor", "theory", "suggestion", "chatter", "claim", "talk"}


def _that_clause_of(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("ccomp", "acl") and child.pos_ in ("VERB", "AUX") and len(list(child.subtree)) > 3:
            return child
    return None


def _clause_text(head: Token) -> str:
    return re.sub(r"^that\s+", "", span_text(list(head.subtree)).strip(" ,;"))


def _belief_frames(sent: Span) -> list[Frame]:
    """Claims made without a reporting verb: "Twitter was sure the US was under attack", "speculation spread on
    social media that …", "rumours circulated on Reddit that …". The crowd on a platform is the speaker."""
    out = []
    for token in sent:
        lemma = token.lemma_.lower()
        believes = token.pos_ == "ADJ" and lemma in BELIEF_ADJECTIVES
        # "Twitter had convinced itself that …"
        believes = believes or (lemma in BELIEF_VERBS and any(c.lower_ in REFLEXIVES for c in token.children))
        if believes and (clause := _that_clause_of(token)) is not None:
            holder = token.head if token.pos_ == "ADJ" else token
            subject = next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and (is_speaker(subject) or subject.pos_ == "NOUN"):
                said = _clause_text(clause)
                out.append(Frame(speaker_text(subject), "claim", said, contents=(said,), verb_index=token.i))
        elif token.pos_ == "NOUN" and lemma in SPECULATION_NOUNS and SOCIAL.search(sent.text):
            holder = token.head if token.dep_ in ("nsubj", "nsubjpass") else token
            clause = _that_clause_of(token) or _that_clause_of(holder)
            place = next(
                (t for t in holder.subtree if t.dep_ == "pobj" and t.head.lower_ == "on" and SOCIAL.search(
                    "on " + span_text(list(t.subtree)))),
                None,
            )  # fmt: skip
            if clause is not None and place is not None:
                text = span_text(list(place.subtree))
                said = _clause_text(clause)
                out.append(Frame(text, "claim", said, contents=(said,), verb_index=token.i))
    return out


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


def _dropped(
    sentence: Sentence,
    doc: ParsedDoc,
    events: list[EventMention],
    companies: CompanyIndex,
    source: Source,
    verb: str | None,
    opinion: frozenset[str],
) -> str | None:
    """Why an attributed sentence is not a claim about the event, or None when it is one."""
    if verb in opinion and source.attribution not in OPINION_OK:
        return "opinion"
    if CONTACT_LINE.search(sentence.text):
        return "contact or instruction line"
    if not _relevant(sentence, doc, events[_event_for(sentence, events, doc)], companies):
        return "not about the event"
    return None


def _continues_report(sentence: Sentence, document: bool = False) -> bool:
    """A sentence that carries on a report begun earlier in its paragraph: it states a fact about the incident
    (an incident word and a figure or trigger) without naming anyone new, and it is not the writer's own comment.
    After a published document (a post-mortem, a status page, a filing) either will do: the paragraph retells
    the document's own detail ("When the change reached every region on June 12, the code hit a null pointer"),
    where after a press statement the writer is as likely to go on in their own words."""
    if any(ent.label_ in ("PERSON", "ORG") for ent in sentence.span.ents) and not sentence.companies:
        return False
    if re.search(r"\b(I|we|you|our|us)\b", sentence.text):
        return False
    facts = bool(sentence.triggers or re.search(r"\d", sentence.text)), bool(EVENT_NOUNS.search(sentence.text))
    return any(facts) if document else all(facts)


CONTACT_LINE = re.compile(
    r"^(if you (have|need|are)|please (contact|reach|email|visit|check)|for more information|contact us|"
    r"(questions|enquiries|inquiries) (can|should) be)|[\w.+-]+@[\w-]+\.[\w.]+",
    re.I,
)


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


def _propositions(sentence: Sentence, words: str, verb: str | None) -> list[str]:
    """ "Its root cause was a faulty configuration change, and we have no evidence that user data was
    compromised": a clause that asserts and one that denies are two claims, so neither stance hides the other.
    ("Only one incident was related to AI, and none involved AI-generated code" is one limit: it concedes part.)"""
    content = _content_span(sentence, words)
    root = content.root
    for conj in (t for t in root.children if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and t.i > root.i):
        if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children):
            continue  # "ran a reduced schedule and said …": one subject, one statement
        joint = next((t for t in root.children if t.dep_ in ("cc", "punct") and root.i < t.i < conj.i), None)
        if joint is None:
            continue
        first = content.doc[content.start : joint.i].text.strip(" ,;")
        second = content.doc[conj.left_edge.i : content.end].text.strip(" ,;.")
        halves = [first, second]
        spans = [_content_span(sentence, h) for h in halves]
        if all(halves) and {stance(span, verb) for span in spans} == {"asserts", "denies"}:
            return halves
    return [words]


def _content_span(sentence: Sentence, text: str) -> Span:
    doc = sentence.span.doc
    at = sentence.span.text.find(text)
    if at < 0 or not text:
        return sentence.span
    start = sentence.span.start_char + at
    span = doc.char_span(start, start + len(text), alignment_mode="expand")
    return span if span is not None and len(span) else sentence.span


ACTOR_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "conj", "attr", "ROOT"}


def _acts(token: Token, verbs: frozenset[str]) -> bool:
    """A company named as what a sentence is about: acting or acted on, but not only speaking."""
    return token.dep_ in ACTOR_DEPS and not _speaking(token, verbs) and not _where_said(token, verbs)


SPEAKER_PATH = {"pobj", "prep", "compound", "poss", "appos", "amod"}


def _speaking(token: Token, verbs: frozenset[str]) -> bool:
    """The company is the speaker or the speaker's employer ("researchers at Sophos said"), not the topic."""
    while token.dep_ in SPEAKER_PATH and token.head is not token:
        token = token.head
    return token.dep_ == "nsubj" and token.head.lemma_.lower() in verbs


MEDIUM_PATH = {"pobj", "prep", "compound", "poss", "dobj"}


def _where_said(token: Token, verbs: frozenset[str]) -> bool:
    """ "wrote on Reddit that …", "said in a post on X": the platform a statement was made on, not its subject."""
    while token.dep_ in MEDIUM_PATH and token.head is not token:
        if token.dep_ == "prep" and token.head.lemma_.lower() in verbs:
            return True
        token = token.head
    return False


def _relevant(sentence: Sentence, doc: ParsedDoc, event: EventMention, companies: CompanyIndex) -> bool:
    """About the event: in an article reporting an incident, an attributed statement is about it unless it is
    business context (earnings, funding, history) or names only other companies."""
    if BUSINESS.search(sentence.text) and not sentence.triggers:
        return False
    named = sentence.company_names()
    tokens = sentence.span.doc
    # "a pull request from an unremarkable GitHub account": a company named as a place or a tool is not the
    # statement's topic; one that acts or is acted on is.
    verbs = lexicon().words("reporting_verbs")
    # The company that speaks is not what it speaks about: "IBM wrote in a preliminary paper that testing …".
    # "Administrators on Reddit's r/fortinet forum said": a company after "on" is a place, not an actor.
    actors = {m.company for m in sentence.companies
              if any(_acts(tokens[i], verbs) for i in range(m.start, m.end))
              and not a_place(tokens, m.start, PLATFORM_PREPOSITIONS + SITE_PREPOSITIONS)}  # fmt: skip
    other_business = (
        actors
        and not named & companies.family(event.company)
        and not sentence.triggers
        and not EVENT_NOUNS.search(sentence.text)
        and not THE_STRICKEN.search(sentence.text)
    )
    return not other_business  # a statement about some other company's business is not about this event


# "a unit of Deutsche Telekom that runs much of the airline's passenger software": the stricken company by its kind.
THE_STRICKEN = re.compile(r"\bthe (airline|carrier|bank|lender|insurer|retailer|operator|hospital)[’']s\b", re.I)


def _mentions(source: Source, companies: CompanyIndex) -> list:  # type: ignore[type-arg]
    from nlp.models import base_pipeline

    return companies.mentions(base_pipeline().make_doc(source.speaker))


def _event_for(sentence: Sentence, events: list[EventMention], doc: ParsedDoc | None = None) -> int:
    """The document's event a statement is about: a recalled incident when the sentence or its paragraph
    is about that one ("Okta said at the time that up to 366 customers…"), else the reported one."""
    for i, ev in enumerate(events):
        if ev.role == "mention" and sentence.index in ev.sentence_indexes():
            return i
    named = sentence.company_names()
    for i, ev in enumerate(events):
        if ev.role == "mention" and ev.company in named and not (named & {events[0].company}):
            return i
    if doc is not None:
        paragraph = {s.index for s in doc.paragraph(sentence.para)}
        recalled = [i for i, ev in enumerate(events) if ev.role == "mention" and ev.sentence_indexes() & paragraph]
        reported = events[0].sentence_indexes() & paragraph
        if recalled and not reported:
            return recalled[0]
    return 0


def _company_as_subject(sentence: Sentence) -> str | None:
    """The company a sentence speaks of in the third person, as its main subject, when it has no "I" or "we"."""
    if re.search(r"\b(I|we|We|our|Our|my|My)\b", sentence.text):
        return None
    subjects = {c.i for c in sentence.span.root.children if c.dep_ in ("nsubj", "nsubjpass")}
    return next((m.company for m in sentence.companies if any(i in subjects for i in range(m.start, m.end))), None)


def _names_document(sentence: Sentence, named_medium: str | None) -> bool:
    return named_medium is not None or any(t.lemma_.lower() in DOCUMENT_NOUNS for t in sentence.span)


def _with_same_speaker(said: list[str], chosen: Frame, frames: list[Frame]) -> list[str]:
    """What the chosen speaker says, with the clauses of their other verbs in the sentence: a quote followed by
    "…, adding that the spike had been caused by a bad deploy" is two statements of one speaker."""
    out = list(said)
    for frame in frames:
        if frame is chosen or frame.verb_index < 0 or frame.speaker.lower() != chosen.speaker.lower():
            continue
        for clause in frame.contents:  # without contents, the verb reports no clause of its own
            if not any(clause in kept or kept in clause for kept in out):
                out.append(clause)
    return out


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
        self.paragraph = -2

    def source(self, sentence: Sentence) -> tuple[Source, str, str | None, float] | None:
        """(source, reported words, verb, confidence) for a sentence, or None when nobody is saying it."""
        found = self._source(sentence)
        persons = [e.text for e in sentence.span.ents if e.label_ == "PERSON"]
        if persons:
            self.speakers.last_person = persons[-1]
        # "Replit's CEO, Amjad Masad, did not try to spin it. In a post on X he …": "he" is the person just named.
        self.speakers.person_since_speaker = found is None and (bool(persons) or self.speakers.person_since_speaker)
        self.speakers.subject_company = _company_as_subject(sentence) if found is None else None
        return found

    def other_speakers(self, sentence: Sentence) -> list[tuple[Source, str, str]]:
        """Second and later speakers of one sentence ("…, Graham-Cumming said, and Prince said …")."""
        frames = [f for _, f in _frames(sentence.span)]
        if len(frames) < 2:
            return []
        chosen = _chosen_frame([(0, f) for f in frames])
        out = []
        for frame in frames:
            if frame is chosen or frame.verb_index < 0 or _reports_within(frame, frames, sentence):
                continue
            clauses = frame.clauses()
            if chosen.verb_index >= 0 and _reports_within(chosen, [chosen, frame], sentence):
                # It relays the chosen source ("the FT reported that a document tied…"): a carrier, whose other
                # clauses ("…, and that the passage was taken out") are its own.
                clauses = tuple(c for c in frame.contents if not any(said in c for said in chosen.clauses()))
                if not clauses:
                    continue
            source = classify(frame.speaker, sentence.span, self.companies, self.speakers, frame.verb)
            if source is not None and source.speaker.lower() != chosen.speaker.lower():
                out.append((source, CLAUSE_SEP.join(clauses), frame.verb))
        return out

    def _source(self, sentence: Sentence) -> tuple[Source, str, str | None, float] | None:
        if sentence.para != self.paragraph:
            self.paragraph, self.speakers.paragraph_medium = sentence.para, None
            self.speakers.paragraph_observer = self.speakers.subject_company = None
        found = medium("", sentence.span)
        if found in ("status_page", "postmortem", "regulator_filing"):
            self.speakers.paragraph_medium = found
        frames = _frames(sentence.span)
        if frames:
            inner = _chosen_frame(frames)
            source = classify(inner.speaker, sentence.span, self.companies, self.speakers, inner.verb)
            outer = frames[0][1] if len(frames) > 1 and frames[0][1] is not inner else None
            if source is None and outer is not None:
                source = classify(outer.speaker, sentence.span, self.companies, self.speakers, outer.verb)
            if source is not None:
                source = cited_source(sentence.span, source, self.companies, self.speakers)
                if outer is not None and source.carrier is None:
                    carried = lexicon().organisation(outer.speaker)
                    if carried and carried[1] == "media" and carried[0] != source.speaker:
                        source = Source(source.attribution, source.speaker, carried[0])
                self.speakers.last = source
                if source.attribution in DOCUMENT_VOICES and _names_document(sentence, found):
                    self.speakers.last_document = source
                verb = sentence.span.doc[inner.verb_index] if inner.verb_index >= 0 else None
                note_documents(self.speakers, sentence.span, inner.speaker, verb, source)
                said = [sentence.quote_text] if sentence.quoted and sentence.quote_text else list(inner.clauses())
                words = CLAUSE_SEP.join(_with_same_speaker(said, inner, [f for _, f in frames]))
                self.para_source[sentence.para] = (source, inner.verb)
                return source, words, inner.verb, 0.8
        if sentence.quoted and sentence.quote_text:
            inherited = self.para_source.get(sentence.para) or self._quote_continues(sentence)
            if inherited is not None:
                return inherited[0], sentence.quote_text, inherited[1], 0.7
            if self.publisher is not None:  # a quoted statement on the company's own page
                return self.publisher, sentence.quote_text, None, 0.6
        inherited = self.para_source.get(sentence.para)
        if inherited is not None and not sentence.quoted and _pronoun_subject(sentence):
            return (
                inherited[0],
                sentence.text,
                None,
                0.6,
            )  # "They are working to…" after "the company admits…"
        if self.publisher is not None and not sentence.quoted:
            own = strip_entry_header(sentence.text)
            return (self.publisher_voice(sentence), own, None, 0.6) if own else None
        if (
            inherited is not None
            and not sentence.quoted
            and _continues_report(sentence, inherited[0].attribution in COMPANY_MEDIA)
        ):
            return inherited[0], sentence.text, None, 0.5  # the paragraph goes on reporting what its source said
        return None

    def publisher_voice(self, sentence: Sentence) -> Source:
        """On a status page, each entry speaks in its own voice: an update as the status page, the incident
        report (and the paragraphs under it) as a post-mortem."""
        if self.publisher is None:
            raise ValueError("only a publisher's own page has a publisher voice")
        if self.publisher.attribution == "status_page":
            for para in range(sentence.para, -1, -1):
                opening = self.doc.paragraph(para)[:1]
                voice = entry_voice(opening[0].text) if opening else None
                if voice is not None:
                    return Source(voice, self.publisher.speaker)
        if self.publisher.attribution == "executive" and (company := _company_as_subject(sentence)) is not None:
            return Source("spokesperson", company)  # "Southwest is operating a reduced schedule": the company's voice
        return self.publisher

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
    resolver.speakers.involved = set().union(*(companies.family(e.company) for e in events))
    opinion = lexicon().words("opinion_verbs")
    drafts: list[ClaimDraft] = []
    for sentence in doc.body():
        if is_heading(sentence, doc):
            continue
        found = resolver.source(sentence)
        if found is None:
            continue
        source, words, verb, confidence = found
        reason = _dropped(sentence, doc, events, companies, source, verb, opinion)
        if reason:
            log.debug("not a claim (%s): %s", reason, sentence.text[:120])
            continue
        if resolver.publisher is not None and (
            source.speaker.lower() in ("we", "our", "us")
            or (source.speaker.lower() in GENERIC_COMPANY and resolver.publisher.attribution in PUBLISHED_MEDIA)
        ):
            source = resolver.publisher  # "we", or "the Company" in a filing, on a company's own page is the company
        elif (
            resolver.publisher is not None
            and source.attribution == "spokesperson"
            and _names_publisher(source.speaker, resolver.publisher, companies)
        ):
            source = resolver.publisher_voice(sentence)  # "Change Healthcare can confirm …" on its own status page
        if source.speaker.lower() in GENERIC_COMPANY:
            source = Source(source.attribution, events[0].company, source.carrier)
        for clause in (part for said in words.split(CLAUSE_SEP) for part in _propositions(sentence, said, verb)):
            draft = _draft(sentence, doc, events, companies, source, clause, verb, confidence)
            if draft is not None:
                drafts.append(draft)
        for other, other_words, other_verb in resolver.other_speakers(sentence):
            for clause in other_words.split(CLAUSE_SEP):
                draft = _draft(sentence, doc, events, companies, other, clause, other_verb, 0.7)
                said = {(d.sentence, d.speaker, d.quote) for d in drafts}
                if draft is None or (draft.sentence, draft.speaker, draft.quote) in said:
                    continue  # "he said … it reported": the pronouns may name one speaker twice
                if RETRACTION.search(clause) and drafts and drafts[-1].sentence == sentence.index:
                    drafts[-1].note = drafts[-1].note or f"source withdrawn: {clause}"  # "…, and that it was taken out"
                    continue
                drafts.append(draft)
    _retractions(doc, drafts)
    _answers(drafts)
    _about_the_report(doc, drafts, events, companies.family(events[0].company))
    return drafts


def _names_publisher(speaker: str, publisher: Source, companies: CompanyIndex) -> bool:
    """The speaker is the company whose own page this is, named by its name."""
    company = companies.canonical(speaker)
    owner = companies.canonical(publisher.speaker)
    return company is not None and owner is not None and company in companies.family(owner)


def _about_the_report(doc: ParsedDoc, drafts: list[ClaimDraft], events: list[EventMention], family: set[str]) -> None:
    """An article about a company's post-mortem ("Cloudflare's post-mortem is a warning…", "in incident summaries
    published last week, LastPass said…") quotes the report throughout: the company's statements about the
    incident are the post-mortem's, unless the sentence says they were made to the press."""
    lead = [s for s in doc.sentences if s.para <= 2]  # the title, and the first two paragraphs
    if not any(medium("", s.span) == "postmortem" and s.company_names() & family for s in lead):
        return  # no report by the company itself ("a user's detailed write-up" is not the company's post-mortem)
    sentences = {s.index: s for s in doc.sentences}
    for draft in drafts:
        if events[draft.event].company not in family or draft.attribution == "postmortem":
            continue
        by_report = draft.speaker.lower().split()[-1:] in (["report"], ["review"], ["analysis"], ["write-up"])
        said = sentences[draft.sentence].text
        spoken = draft.attribution == "spokesperson" and not (PRESS_CUES.search(said) or on_another_occasion(said))
        if by_report or spoken:
            draft.attribution = "postmortem"


def _guessed_past(token: Token) -> bool:
    """ "may have slipped through", "could have been caught": a guess about what happened, so narration too."""
    aux = {c.lower_ for c in token.children if c.dep_ == "aux"}
    return token.tag_ == "VBN" and "have" in aux and bool(aux & {"may", "might", "could", "must"})


def _draft(
    sentence: Sentence,
    doc: ParsedDoc,
    events: list[EventMention],
    companies: CompanyIndex,
    source: Source,
    words: str,
    verb: str | None,
    confidence: float,
) -> ClaimDraft | None:
    """One claim from one reported clause, or None when it is commentary on AI in general."""
    content = _content_span(sentence, words)
    scores = topic_scores(content)
    if max(scores.values()) < FLOOR:
        scores = {t: max(v, topic_scores(sentence.span)[t]) for t, v in scores.items()}
    # "the command failed, and the model assumed it had worked" narrates what happened; "agents will change
    # coding" is about AI in general. Narration is in the past tense.
    narrated = any(t.tag_ == "VBD" or _guessed_past(t) for t in content)
    # "the company would pause AI-generated changes": what this company does, not what AI does in general.
    acting = any(t.dep_ == "nsubj" and t.head == content.root and t.lower_ in ACTING_SUBJECTS for t in content)
    referenced = bool(sentence.triggers or EVENT_NOUNS.search(sentence.text)) or narrated or acting
    others = max(v for t, v in scores.items() if t != "ai_involvement")
    if scores["ai_involvement"] > 0 and others <= WEIGHTS["ai_involvement"] and not referenced:
        log.debug("not a claim (AI in general): %s", sentence.text[:120])
        return None
    return ClaimDraft(
        event=_event_for(sentence, events, doc),
        sentence=sentence.index,
        attribution=source.attribution,
        speaker=source.speaker,
        topic=max(scores, key=lambda t: scores[t]),  # provisional: the learned model decides in nlp.extract
        stance=stance(content, verb),
        quote=words if words in sentence.text else sentence.text,
        carrier=source.carrier,
        confidence=confidence,
        topic_scores=scores,
        channel=_channel(sentence, doc, source),
        stated_at=stated_at(sentence, words, doc.reference.date()),
    )


def stated_at(sentence: Sentence, words: str, published: date) -> date | None:
    """When the statement was made, where the text says so ("said in August that …", "before saying in December
    that …"): the date hung on the verb that reports these words. A story relayed months later keeps its
    statements' own dates, so a company that changed its account shows as having changed it."""
    start = sentence.span.text.find(words[:40])
    if start < 0:
        return None
    token = sentence.span.char_span(start, start + 1, alignment_mode="expand")
    if token is None:
        return None
    verbs = lexicon().words("reporting_verbs")
    verb = next((t for t in token[0].ancestors if t.lemma_.lower() in verbs and t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return None
    for found, position in zip(sentence.dates, sentence.date_positions, strict=True):
        dated = sentence.statement_dated(position)
        if dated is not None and dated.i == verb.i and found.day <= published:
            return found.day
    return None


ANAPHORIC_ANSWER = re.compile(
    r"\b(that|this|the|such|those|these) (theory|theories|claims?|accounts?|idea|suggestion|explanation|version|"
    r"story|stories|speculation|rumou?rs?|allegations?|assertion|narrative|characteri[sz]ation)\b",
    re.I,
)


def _answers(drafts: list[ClaimDraft]) -> None:
    """ "Security researchers dismissed that theory within hours", "Many customers disputed that account": a denial
    that names what it answers only by "that theory" answers the statement just before it, which its note keeps
    so the conflict finder can pair them."""
    for i, draft in enumerate(drafts):
        if (
            draft.stance not in ("denies", "limits")
            or draft.note is not None
            or not ANAPHORIC_ANSWER.search(draft.quote)
        ):
            continue
        answered = next(
            (p for p in reversed(drafts[:i])
             if draft.sentence - 1 <= p.sentence <= draft.sentence and p.stance == "asserts"
             and p.speaker.lower() != draft.speaker.lower()),
            None,
        )  # fmt: skip
        if answered is not None:
            draft.note = ANSWERS_NOTE + answered.quote


def _retractions(doc: ParsedDoc, drafts: list[ClaimDraft]) -> None:
    """A sentence saying the source was removed marks the claim just before it."""
    claimed = {d.sentence for d in drafts}
    for sentence in doc.body():
        if sentence.index in claimed or not RETRACTION.search(sentence.text):
            continue
        before = [d for d in drafts if d.sentence < sentence.index and sentence.index - d.sentence <= 3]
        if before and before[-1].note is None:
            before[-1].note = f"source withdrawn: {sentence.text}"
