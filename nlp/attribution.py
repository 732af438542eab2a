"""Who says a sentence, and what kind of source that is.

A sentence's *frame* is its reporting clause: "a spokesperson told CNBC",
"according to a briefing note seen by the FT", "Treadwell pointed out that".
The frame gives the speaker; the speaker's words and the medium named around
them ("in a filing", "in a post on X") give the attribution class. Nested
reports take the innermost source: "the FT disclosed that an internal
document said X" is the internal document's claim, carried by the FT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from nlp.companies import CompanyIndex
from nlp.dates import MONTH_RE, WEEKDAYS
from nlp.lexicon import lexicon
from nlp.parse import quoted_ranges

PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}
LAY_SPEAKERS = {  # the public speaking for itself: posts, forums, complaints
    "user", "customer", "people", "commenter", "developer", "poster", "player", "subscriber", "gamer",
    "shopper", "passenger", "driver", "resident", "owner", "admin", "administrator",
    "reader", "fan", "member", "client", "merchant", "traveller", "traveler", "viewer", "creator",
    "someone", "pharmacist", "patient", "seller", "worker", "technician", "nurse", "doctor", "maintainer",
}  # fmt: skip
# Lay words that name software or roles as often as people ("the client opens a connection"), or no one in
# particular: no subject of theirs is a speaker by that word alone.
NOT_SPEAKERS_ALONE = {"client", "member", "player", "gamer", "fan", "viewer", "creator", "someone"}
SPEAKER_NOUNS = (LAY_SPEAKERS - NOT_SPEAKERS_ALONE) | {
    "mortem", "writeup", "account", "explanation", "transcript", "video",
    "airline", "carrier", "bank", "operator", "telco", "retailer", "provider", "startup", "insurer", "lender",
    "platform", "vendor", "maker", "giant", "utility", "brand", "contractor", "supplier", "partner",
    "union", "association", "federation", "council", "coalition", "campaign", "advocate", "lawyer", "attorney",
    "plaintiff", "investor", "shareholder", "critic", "expert", "official", "spokesman", "spokeswoman",
    "spokesperson", "spokespeople", "representative", "company", "firm", "group", "office", "data",
    "business", "document", "memo", "email", "note", "report", "filing", "statement", "post", "blog", "update",
    "page", "dashboard", "researcher", "analyst", "source", "people", "person", "insider", "employee",
    "engineer", "staff", "executive", "user", "customer", "developer", "investigator", "regulator",
    "commission", "authority", "agency", "ministry", "minister", "review", "postmortem", "post-mortem", "summary",
    "letter", "counsel", "journalist", "reporter", "correspondent", "columnist", "bulletin", "advisory",
    "timeline", "submission", "analysis", "survey", "study", "chief",
    "ceo", "cto", "president", "founder", "head", "team", "tweet", "thread", "message", "screenshot", "agent",
    "assistant", "tool", "model", "bot", "chatbot", "cli", "lawmaker",
    "senator", "committee", "inquiry", "specialist", "consultant", "professor", "scientist", "monitor", "tracker",
    "observer", "owner", "administrator", "admin", "manager", "director", "officer", "boss", "leader",
    "site", "website", "timestamp", "notice", "entry", "feed", "changelog", "bureau", "department", "watchdog",
    "board", "court", "tribunal", "ombudsman", "inspectorate", "panel", "government", "finding", "investigation",
    "order", "audit",
}  # fmt: skip
SPOKESPERSON_TITLES = {"spokesperson", "spokesman", "spokeswoman", "spokespeople", "representative", "officer",
                       "lawyer", "attorney", "counsel"}  # fmt: skip
SPEAKER_LABELS = {"PERSON", "ORG", "NORP", "GPE", "PRODUCT", "FAC"}


def is_speaker(subject: Token) -> bool:
    """Whether a reporting verb's subject can speak: a person, an organisation, a document, a pronoun."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children):
        return False  # "with no advisory or changelog note telling users": nobody said anything
    if subject.pos_ == "PRON" or subject.lower_ in PRONOUNS:
        return True
    if ONE_OF_THEM.match(speaker_text(subject).lower()):
        return True  # "One of them said": one of the speakers just named
    if subject.ent_type_ in SPEAKER_LABELS or subject.pos_ == "PROPN" or _named_beside(subject):
        return True
    if _untagged_name(subject):
        return True
    lemma = subject.lemma_.lower()
    return lemma in SPEAKER_NOUNS or lemma.rstrip("s") in SPEAKER_NOUNS


ACCORDING = ("according to", "as reported by")
RECKONING = r"(?:count|estimate|tally|reckoning|account|figures|calculations?|measure|telling)"
BY_COUNT = re.compile(
    rf"\b[Bb]y (?P<who>[\w .&'’-]{{2,60}}?)(?:'s|’s) (?:own )?{RECKONING}\b|"
    rf"\b[Bb]y (?P<owner>his|her|their|its) (?:own )?(?P<what>{RECKONING})\b|"
    rf"\b[Bb]y the {RECKONING} of (?P<named>[\w .&'’-]{{2,60}}?)(?=[,;:)—]|$)"
)
GENERIC_COMPANY_NOUNS = {"company", "firm", "group", "airline", "carrier", "bank", "operator", "telco", "retailer",
                         "provider", "startup", "start-up", "insurer", "lender", "platform", "business", "vendor",
                         "maker", "giant", "service", "network", "utility", "brand"}  # fmt: skip
GENERIC_REGULATOR_NOUNS = {
    "department", "regulator", "agency", "commission", "watchdog", "authority", "ministry", "bureau", "inspectorate",
    "ombudsman", "tribunal", "court",
    "committee", "inquiry", "government", "minister", "secretary", "senator", "lawmakers",
}  # fmt: skip
GOVERNMENT_TITLES = re.compile(
    r"\b(secretary|minister|commissioner|senator|congress(wo)?man|lawmakers?|attorney general|regulators?|"
    r"(fcc|ftc|sec|fca|crtc|acma|ofcom|dot) (chair|chairman|chairwoman|chief)|"
    r"national [\w ]{0,40}?(coordinator|adviser|advisor)|"
    r"(department|agency|ministry|regulator|watchdog|government) (spokes\w+|official|officials|representative))\b",
    re.I,
)
SELF_SPEAKING_BODIES = {"union", "association", "federation", "council", "coalition", "alliance", "guild"}
UNPUBLISHED_PAPERS = {"document", "documents", "paper", "papers", "slide", "slides", "deck", "presentation"}
DOCUMENT_NOUNS = {"report", "review", "finding", "findings", "study", "analysis", "order", "filing", "document",
                  "investigation", "inquiry", "probe", "notice", "audit", "account", "write-up", "writeup",
                  "post"}  # fmt: skip
DOCUMENT_VOICES = {"regulator_filing", "postmortem", "status_page", "internal_document", "researcher", "media_report"}
PERSON_VOICES = {"executive", "researcher", "anonymous_source", "social_media"}
PRESS_TITLES = {"journalist", "reporter", "correspondent", "columnist"}
AI_SPEAKERS = {"agent", "assistant", "chatbot", "bot", "model", "cli", "copilot", "llm"}
MEDIUM_ORDER = ("status_page", "postmortem", "regulator_filing", "internal_document", "social_media")
SPEAKER_DEPS = ("nsubj", "nsubjpass", "agent")


@dataclass(frozen=True)
class Frame:
    """The reporting clause of a sentence: speaker words, verb, and the reported content."""

    speaker: str
    verb: str  # lemma of the reporting verb, or "according"
    content: str  # the reported words (complement clause or quotation), or the sentence
    carrier: str | None = None  # an outlet that relayed it ("seen by the FT")
    contents: tuple[str, ...] = ()  # each reported clause, when one verb reports several ("said X, and that Y")
    verb_index: int = -1  # the reporting verb's token, to tell a second speaker from a nested one

    def clauses(self) -> tuple[str, ...]:
        return self.contents or (self.content,)


@dataclass(frozen=True)
class Source:
    """A resolved source: attribution class, speaker as named, and the outlet that carried it."""

    attribution: str
    speaker: str
    carrier: str | None = None


def _subtree_text(token: Token) -> str:
    tokens = list(token.subtree)
    return token.doc[tokens[0].i : tokens[-1].i + 1].text


NAME_SPEAKS = {"say", "tell", "warn", "confirm", "write", "add", "note", "estimate", "claim", "announce", "disclose"}
ABSTRACT_SUBJECTS = {"research", "evidence", "analysis", "information", "experience", "history", "testing",
                     "logic", "math", "common", "nobody", "everyone", "management", "leadership"}  # fmt: skip


def _untagged_name(subject: Token) -> bool:
    """ "Snyk said …": a capitalised bare singular noun as a speaker is a name the tagger did not know."""
    bare = not any(c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in subject.children)
    capital = subject.text[:1].isupper() and subject.text[1:].islower() and subject.is_alpha
    speaks = subject.dep_ == "nsubj" and subject.head.lemma_.lower() in NAME_SPEAKS  # not "Trouble showed up"
    return subject.tag_ == "NN" and bare and capital and speaks and subject.lower_ not in ABSTRACT_SUBJECTS


def _named_beside(subject: Token) -> bool:
    """ "Flight-tracking service Flightradar24 said", "the consulting firm Anderson Economic Group said": a common
    noun with the speaker's name set right after it."""
    return subject.pos_ == "NOUN" and any(
        c.dep_ == "appos" and c.left_edge.i == subject.i + 1 and c.pos_ == "PROPN" for c in subject.children
    )


def speaker_text(subject: Token) -> str:
    """The speaker as named, without the appositive or relative clause that describes them."""
    dropped: set[int] = set()
    conjuncts = [c.i for c in subject.children if c.dep_ == "conj"]
    for child in subject.children:
        listing = child.dep_ == "punct" and any(i > child.i for i in conjuncts)  # "BeyondTrust, Cloudflare and …"
        held = listing or (child.dep_ == "appos" and child.left_edge.i == subject.i + 1 and _named_beside(subject))
        if child.dep_ in ("appos", "relcl", "acl", "punct", "advmod") and child.i > subject.i and not held:
            dropped.update(t.i for t in child.subtree)
        elif child.dep_ == "prep" and child.i > subject.i + 1 and subject.doc[child.i - 1].text == ",":
            dropped.update(t.i for t in child.subtree)  # "Venkatakrishnan, in a letter to the committee, said"
    if subject.ent_type_ != "PERSON" and subject.i - subject.left_edge.i <= 4:
        # "the security journalist Dana Holt", "Okta's outside counsel, Daniel Reyes": a title named by the person
        # who holds it keeps the name, not the rest of the aside.
        for child in subject.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON" and child.i > subject.i:
                dropped -= {t.i for t in child.subtree if t.ent_type_ == "PERSON" and t.i <= child.i}
                dropped -= {t.i for t in subject.subtree if subject.i < t.i < child.left_edge.i and t.text == ","}
    kept = [t for t in subject.subtree if t.i not in dropped]
    # A dropped aside leaves a gap the kept words must not close up over ("maps" + "posts").
    text = "".join(t.text + (t.whitespace_ or (" " if t.i + 1 in dropped else "")) for t in kept)
    text = " ".join(text.split()).strip(",")
    return text or subject.text


JUDGED_TO_SAY = {"early", "soon", "hard", "difficult", "impossible", "premature", "possible", "fair", "safe", "easy",
                 "tempting", "clear", "unclear"}  # fmt: skip
EAGER_VERBS = {"rush", "hurry", "hasten", "race", "continue", "go", "move", "begin", "start"}


def _speaker_of(verb: Token) -> Token | None:
    """The verb's subject; a participle ("…, announcing that…") borrows the subject of the verb it hangs on.

    When the parse gives the verb no subject (long openings confuse it), the nearest person or
    organisation named just before the verb, or just after it ("…, said Mick Rix"), speaks.
    """
    own = _own_subject(verb)
    took_to = verb.dep_ == "advcl" and verb.head.lemma_ == "take" and any(c.lower_ == "to" for c in verb.head.children)
    if own is None and took_to and (found := _own_subject(verb.head)) is not None:
        return found  # "customers took to social media to say …"
    judged = verb.head.pos_ == "ADJ" and verb.head.lemma_.lower() in JUDGED_TO_SAY
    if own is None and judged:
        return None  # "it is too early to say", "it is fair to say": no one says anything
    if own is None and verb.dep_ == "xcomp" and (verb.head.pos_ == "ADJ" or verb.head.lemma_ in EAGER_VERBS):
        # "some users were quick to blame a cyberattack", "users rushed to blame": the eager ones speak.
        holder = verb.head.head if verb.head.pos_ == "ADJ" else verb.head
        if (found := _own_subject(holder)) is not None:
            return found
    if own is None and verb.tag_ in ("VBG", "VBN"):
        for ancestor in verb.ancestors:
            if ancestor.pos_ in ("VERB", "AUX") and (found := _own_subject(ancestor)) is not None:
                return found
    coordinated = own is None and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i < verb.i
    # "BA ran a reduced schedule on Sunday and said it expected …": coordinated verbs share their subject.
    if coordinated and (shared := _speaker_of(verb.head)) is not None:
        return shared
    if own is None:
        # "Security researchers who went looking for it said …", parsed with "looking" as the clause subject:
        # the subject is that clause's own.
        clause = next((c for c in verb.children if c.dep_ == "csubj"), None)
        if clause is not None and (found := _own_subject(clause)) is not None and found.i < clause.i:
            return found
    if own is None and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.dep_ == "ROOT":
        return _nearest_named(verb)
    return own


def _nearest_named(verb: Token) -> Token | None:
    """ "Mandiant, which is owned by Google and was brought in by Snowflake, said": a name inside a relative clause
    describes the speaker; the speaker is the name the clause hangs on."""
    doc, sent = verb.doc, verb.sent
    for i in range(verb.i - 1, max(sent.start, verb.i - 20) - 1, -1):
        if any(t.dep_ == "relcl" for t in (doc[i], *doc[i].ancestors)):
            continue
        if doc[i].ent_type_ in ("PERSON", "ORG") and doc[i].ent_iob_ in ("B", "I"):
            return _firm_of_person(doc[i].head if doc[i].dep_ == "compound" else doc[i])
    for i in range(verb.i + 1, min(sent.end, verb.i + 4)):
        if doc[i].ent_type_ in ("PERSON", "ORG"):
            return doc[i]
    return None


def _quoted_before(token: Token, verb: Token) -> bool:
    """The token lies in a quoted sentence that closes right before the verb: "“…,” said"."""
    sent = verb.sent
    at, said = token.idx - sent.start_char, verb.idx - sent.start_char
    for start, end in quoted_ranges(sent.text):
        closed = sent.text[start:end].rstrip('”"').rstrip()
        if start < at < end <= said and closed.endswith((",", ".", "?", "!")) and not sent.text[end:said].strip():
            return True
    return False


def _firm_of_person(token: Token) -> Token:
    """ "Michael Carlinsky of Quinn Emanuel Urquhart & Sullivan, said": the person speaks, not the firm named
    after them."""
    up = token
    while up.dep_ in ("conj", "pobj", "prep") and up.head.i < up.i:
        up = up.head
        if up.ent_type_ == "PERSON":
            return up
    return token


def _own_subject(verb: Token) -> Token | None:
    if (agent := _passive_agent(verb)) is not None:
        return agent  # "The theft was confirmed by a Capita spokesperson": the one by whom it was said speaks
    if (trailing := _trailing_subject(verb)) is not None:
        return trailing
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
            return verb.head  # "The GMB union, which had blamed…": the antecedent speaks
        if child.dep_ in ("nsubj", "nsubjpass") and _quoted_before(child, verb):
            continue  # "“Everything about this group points to Moscow,” said Elena Marsh": the quote does not speak
        if child.dep_ in ("nsubj", "nsubjpass"):
            after = verb.doc[child.i + 1] if child.i + 1 < len(verb.doc) else None
            if after is not None and after.head.i == verb.i and after.dep_ == "nsubj" and after.pos_ == "PROPN":
                return after  # "Traffic-tracking service Paessler said", parsed as two subjects: the name speaks
            return child
        if child.dep_ == "agent":  # "was reported by CNBC"
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _trailing_subject(verb: Token) -> Token | None:
    """ "Target brought in Unit 42 on Friday, The Wall Street Journal reported", parsed with two subjects:
    the one after the comma, next to the verb, speaks; the first belongs to what was reported."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) < 2 or verb.i < subjects[-1].i or verb.lemma_.lower() not in lexicon().words("reporting_verbs"):
        return None
    last = subjects[-1]
    if last.pos_ in ("NUM", "PRON", "DET"):
        return None  # "Posts on Twitter, one of them retweeted thousands of times, claimed …": one of the first
    start, end = min(t.i for t in last.subtree), max(t.i for t in last.subtree)
    after_comma = start > 0 and verb.doc[start - 1].text == ","
    return last if after_comma and end == verb.i - 1 else None


def _passive_agent(verb: Token) -> Token | None:
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    return agents[0] if agents else None


def _content_of(verb: Token, sent: Span) -> str:
    clauses = content_clauses(verb, sent)
    if clauses:
        return clauses[0]
    # "The airline has blamed the storm, while its pilots' union argued that …": the union's words are not the
    # airline's.
    beside = next((c for c in verb.children if contrasted_speaker(c) and c.i > verb.i), None)
    if beside is None:
        return sent.text.strip()
    return sent.doc[sent.start : beside.left_edge.i].text.strip(" ,;")


CONTRAST_MARKS = {"while", "whereas", "although", "though"}


def contrasted_speaker(token: Token) -> bool:
    """ "…, while its pilots' union argued that …": a second speaker set against the first, beside it rather than
    inside what it says."""
    marked = any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in token.children)
    if token.dep_ != "advcl" or not marked or not second_speaker(token):
        return False
    subject = _own_subject(token)
    return subject is not None and subject.pos_ != "PRON"  # "…, though it warned …": the same speaker goes on


LINKING_VERBS = {"tie", "link", "trace"}  # "a document tied the incidents to AI changes": the claim is the predicate


def content_clauses(verb: Token, sent: Span) -> list[str]:
    """Each clause a reporting verb reports: "said [the problem lay in its network], and [that …]"."""
    if verb.lemma_.lower() in LINKING_VERBS:
        subject = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        others = {t.i for c in verb.children if c.dep_ in ("conj", "cc", "ccomp", "mark") for t in c.subtree}
        tokens = [t for t in verb.subtree if t.i not in subject and t.i not in others]
        text = span_text(tokens).strip(" ,;")
        return [text] if len(text.split()) >= 3 else []
    complements = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
    stated = [c for c in verb.children if c.dep_ == "nsubjpass"] if _passive_agent(verb) is not None else []
    if not complements and stated and len(list(stated[0].subtree)) > 3:
        return [span_text(list(stated[0].subtree)).strip(" ,;")]  # "The theft of data … was confirmed by …"
    # A noun the parser took for a clause of its own is the subject of the clause after it ("said [orgs with a
    # backup] [could deploy it]"): it joins that clause.
    subjects = {
        c.i: next(v for v in complements if v.i > c.i)
        for c in complements
        if c.pos_ in ("NOUN", "PROPN") and any(v.i > c.i and v.pos_ in ("VERB", "AUX") for v in complements)
    }
    heads = [c for c in complements if c.i not in subjects and len(list(c.subtree)) > 3]
    heads += [c for c in verb.children if c.dep_ == "conj" and _that_clause(c)]
    clauses = []
    for head in heads:
        conjoined = [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and _own_clause(c)]
        # "said the airline believed X and that Y": a "that" clause is a statement of its own, however deep the
        # parser hangs it, and "it had found no evidence" there is the speaker's, not a second speaker.
        deep = [d for d in head.subtree if d.dep_ == "conj" and d.head.i != head.i and d.pos_ in ("VERB", "AUX")
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in d.children)]  # fmt: skip
        conjoined += deep
        deep_ids = {d.i for d in deep}
        parts = [head, *(c for c in conjoined if c.i in deep_ids or not second_speaker(c))]
        split_off = {t.i for part in conjoined for t in part.subtree}
        for later, said in _later_statements(head):
            split_off |= {t.i for t in later.subtree}
            parts.append(said)
        others = {t.i for d in head.subtree if d.dep_ == "conj" and d.i not in deep_ids and second_speaker(d)
                  for t in d.subtree}  # fmt: skip
        others |= {t.i for d in head.subtree if _citing(d) for t in d.subtree}  # "…, citing people familiar …,"
        lead = [t for c in complements if subjects.get(c.i) is head for t in c.subtree]
        for part in parts:
            tokens = [t for t in part.subtree if (part is not head or t.i not in split_off) and t.i not in others]
            tokens = lead + tokens if part is head else tokens
            text = span_text(tokens).strip(" ,;")
            text = re.sub(r"^(and|but|or)\s+(that\s+)?", "", text)
            text = re.sub(r"[,;]?\s+(and|but|or)$", "", text).strip(" ,;")
            if len(text.split()) >= 3:
                clauses.append(text)
    return clauses


SEQUENCE_WORDS = {"before", "after", "later", "then", "while"}


def _later_statements(head: Token) -> list[tuple[Token, Token]]:
    """(adjunct, clause) for each statement the speaker made at another time, hung inside the first one:
    "said in August that it saw no evidence, before saying in December that a backup had been copied"."""
    verbs = lexicon().words("reporting_verbs")
    out = []
    for token in head.subtree:
        if token.tag_ != "VBG" or token.lemma_.lower() not in verbs or _own_subject(token) is not None:
            continue
        adjunct = token.head if token.head.lower_ in SEQUENCE_WORDS else token
        if adjunct is token and not any(c.lower_ in SEQUENCE_WORDS for c in token.children):
            continue
        said = next((c for c in token.children if c.dep_ == "ccomp" and len(list(c.subtree)) > 3), None)
        if said is not None:
            out.append((adjunct, said))
    return out


def second_speaker(token: Token) -> bool:
    """A reporting verb with a speaker of its own, conjoined to what another speaker said ("a spokeswoman said
    X, and chief executive Paul Pester said Y"): the parser hangs it inside X, but it is a second statement."""
    if token.lemma_.lower() not in lexicon().words("reporting_verbs") or adds_a_thing(token):
        return False
    subject = _own_subject(token)
    return subject is not None and is_speaker(subject)


def adds_a_thing(verb: Token) -> bool:
    """ "it was adding a confirmation step", "adds to a difficult autumn": "add" that builds or worsens, not one
    that reports (it has an object or a "to", and no clause of its own)."""
    if verb.lemma_.lower() != "add" or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return False
    return any(c.dep_ in ("dobj", "dative") or (c.dep_ == "prep" and c.lower_ == "to") for c in verb.children)


def _that_clause(token: Token) -> bool:
    """A clause conjoined to the reporting verb itself ("writing that X, and that Y"): the parser hangs "Y"
    on the verb, but it is a second thing reported."""
    words = [t for t in token.subtree if t.dep_ not in ("cc", "punct")]
    return token.pos_ in ("VERB", "AUX") and len(words) > 3 and words[0].lower_ == "that"


def _own_clause(token: Token) -> bool:
    """A conjoined verb with its own subject or its own "that": a second statement, not a second verb of one."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in token.children)


def span_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    ordered = sorted(tokens, key=lambda t: t.i)
    return (
        doc[ordered[0].i : ordered[-1].i + 1].text
        if len(ordered) == ordered[-1].i - ordered[0].i + 1
        else "".join(t.text_with_ws for t in ordered)
    )


def reporting_frame(sent: Span) -> Frame | None:
    """The sentence's reporting clause, if it has one."""
    verbs = lexicon().words("reporting_verbs")
    lower = sent.text.lower()
    if by := BY_COUNT.search(sent.text):
        # "by his account" names its owner through the possessive: the speaker is "his account", read as "he".
        who = by["who"] or by["named"] or f"{by['owner']} {by['what']}"
        return Frame(speaker=who.strip(), verb="according", content=sent.text.strip())
    for marker in ACCORDING:
        at = lower.find(marker + " ")
        if at >= 0:
            tail = sent.doc.char_span(sent.start_char + at + len(marker) + 1, sent.end_char, alignment_mode="expand")
            if tail is not None and len(tail):
                head = tail[0]
                while head.head.i != head.i and head.head.i >= tail.start and head.head.i < tail.end:
                    head = head.head
                return Frame(speaker=_np_text(tail), verb="according", content=sent.text.strip())
    candidates = [t for t in sent if t.lemma_.lower() in verbs and t.pos_ in ("VERB", "AUX")]
    candidates.sort(key=lambda t: (t.dep_ != "ROOT", t.i))
    for verb in candidates:
        subject = _speaker_of(verb)
        if subject is None or not is_speaker(subject):
            continue
        return Frame(speaker=speaker_text(subject), verb=verb.lemma_.lower(), content=_content_of(verb, sent))
    return None


def _np_text(span: Span) -> str:
    """The first noun phrase of a span, up to the comma that ends "according to X, ..."."""
    words = []
    for token in span:
        if token.text in (",", ";", ":", "—", "–", "(") or token.dep_ == "relcl":
            break
        words.append(token.text_with_ws)
    return "".join(words).strip().rstrip(".").strip() or span.text  # "according to two people familiar …."


def medium(text: str, sent: Span) -> str | None:
    """An attribution class named by the medium: status page, post-mortem, filing, internal document, social media."""
    found = [(span.start, label) for label, span in lexicon().find("attribution_cues", sent) if label in MEDIUM_ORDER]
    if not found:
        return None
    # The medium named first is the one that speaks: "an incident report posted to its status dashboard" is the
    # report; "the status page said a post-mortem would follow" is the status page.
    first = min(start for start, _ in found)
    # "in a post on its security blog", "posted on its status page": where the post went says what it is.
    if all(label == "social_media" for start, label in found if start == first):
        first = next((s for s, label in found if first < s <= first + 6 and label != "social_media"), first)
    return min((MEDIUM_ORDER.index(label), label) for start, label in found if start == first)[1]


@dataclass
class Speakers:
    """Per-document memory of people: titles given at first mention, the last speaker for pronouns."""

    roles: dict[str, str]  # lower-cased name or surname -> attribution class
    last: Source | None = None
    employers: dict[str, set[str]] | None = None  # lower-cased name or surname -> companies named beside them
    event_family: set[str] | None = None  # the event's company, its parent and subsidiaries
    involved: set[str] | None = None  # the families of every company whose incident the document tells
    social_context: bool = False  # the document reports posts on social media
    last_person: str | None = None  # the person named most recently, for "he" and "she"
    person_since_speaker: bool = False  # a person was named after the last speaker spoke
    paragraph_medium: str | None = None  # a post-mortem, status page or filing named earlier in the paragraph
    last_document: Source | None = None  # the report, filing or post-mortem named most recently, for "the report"
    documents: dict[str, Source] = field(default_factory=dict)  # "letter" -> who spoke in the letter named last
    observers: set[str] = field(default_factory=set)  # outside organisations that described this incident
    parties: set[str] = field(default_factory=set)  # outside firms whose own products the incident hit
    people: dict[str, str] = field(default_factory=dict)  # full name or surname -> the role first found for them
    paragraph_observer: Source | None = None  # such an organisation, when it spoke last in this paragraph
    subject_company: str | None = None  # the company the paragraph's previous sentence was about, saying nothing


def person_employers(sents: list[Span], companies: CompanyIndex) -> dict[str, set[str]]:
    """Organisations named right beside a person ("SaaStr founder Jason Lemkin", "Bixby, Fastly's CEO")."""
    employers: dict[str, set[str]] = {}
    for sent in sents:
        for person in (e for e in sent.ents if e.label_ == "PERSON"):
            window = sent.doc[max(person.start - 4, sent.start) : min(person.end + 8, sent.end)]
            # "weighed in on Twitter": the platform a person posts on is where they spoke, not their employer
            found = {m.company for m in companies.mentions(window) if not a_place(sent.doc, m.start)}
            found |= {
                e.text
                for e in window.ents
                if e.label_ == "ORG"
                and companies.canonical(e.text) is None
                and not _press(e.text)
                and not _names_public_body(e.root)
            }  # "Alex Cruz went further in an interview with the BBC", "told MPs on the Treasury Committee"
            found |= _firm_described(person)
            if found:
                name = person.text.lower()
                for key in (name, name.split()[-1]):
                    employers.setdefault(key, set()).update(found)
    return employers


FIRM_NOUNS = {"startup", "company", "firm", "maker", "provider", "platform", "business", "agency", "consultancy",
              "developer", "retailer", "bank", "app", "studio", "shop", "lab", "group"}  # fmt: skip


def _firm_described(person: Span) -> set[str]:
    """ "Jonah Reyes, founder of the invoicing startup Ledgerlight": a firm neither table knows, named as one in the
    words set beside the person, is their employer."""
    return {
        t.text
        for d in _descriptions(person)
        for t in d.subtree
        if t.pos_ == "PROPN" and t.head.lemma_.lower() in FIRM_NOUNS and t.ent_type_ != "PERSON"
    }


PLATFORM_PREPOSITIONS = ("on", "via")  # "weighed in on Twitter"
SITE_PREPOSITIONS = ("at", "from", "to", "into")  # "a near-normal schedule at Gatwick", "flights from Heathrow"


def a_place(doc: Doc, start: int, prepositions: tuple[str, ...] = PLATFORM_PREPOSITIONS) -> bool:
    """The name at `start` is where something happens or is said, not who acts: the word before it says so."""
    return start > 0 and doc[start - 1].lower_ in prepositions


def _press(name: str) -> bool:
    found = lexicon().organisation(name)
    return found is not None and found[1] == "media"


def person_roles(sents: list[Span]) -> dict[str, str]:
    """Names introduced with a title ("Dave Treadwell, senior vice president", "CTO Sri Viswanath")."""
    lex = lexicon()
    roles: dict[str, str] = {}
    for sent in sents:
        persons = [e for e in sent.ents if e.label_ == "PERSON"]
        if not persons:
            continue
        cues = lex.find("attribution_cues", sent)
        for person in persons:
            nearest: tuple[int, str] | None = None
            for label, span in cues:
                if label not in ("executive", "researcher", "spokesperson", "anonymous_source"):
                    continue
                if label == "spokesperson" and span.root.lemma_.lower() not in SPOKESPERSON_TITLES:
                    continue  # "a statement from Álex Cruz": the medium, not the person's role
                gap = min(abs(span.start - person.end), abs(person.start - span.end))
                if gap <= 6 and (nearest is None or gap < nearest[0]):
                    nearest = (gap, label)
            role: str | None = (
                appositive_role(sent.doc.text[person.end_char :]) or _union_voice(person) or _works_at_a_monitor(person)
            )
            if nearest:
                role = nearest[1] if nearest[1] != "anonymous_source" else "researcher"
            if _public_office(person):
                role = "regulator_filing"  # "Andrew Bailey, chief executive of the Financial Conduct Authority"
            if role:
                name = person.text.lower()
                roles.setdefault(name, role)
                roles.setdefault(name.split()[-1], role)
    return roles


def _descriptions(person: Span) -> list[Token]:
    """The appositives and relative clauses set beside a name: "Dana Whitlock, who represents …"."""
    return [c for c in person.root.children if c.dep_ in ("appos", "relcl")]


def _works_at_a_monitor(person: Span) -> str | None:
    """ "Doug Madory, director of internet analysis at Kentik": whatever the title, someone at a monitoring or
    research firm the organisations table lists speaks as a researcher."""
    described = _descriptions(person)
    for ent in person.doc.ents:  # the tagger takes such names for places as often as for organisations
        inside = any(d.left_edge.i <= ent.start and ent.end - 1 <= d.right_edge.i for d in described)
        found = lexicon().organisation(ent.text) if inside else None
        if found is not None and found[1] in ("monitor", "research"):
            return "researcher"
    return None


def _union_voice(person: Span) -> str | None:
    """ "Dana Whitlock, who represents Alaska pilots for the Air Line Pilots Association": a union's or an
    association's own voice, as "the pilots' union said" is."""
    words = {t.lemma_.lower() for c in _descriptions(person) for t in c.subtree}
    return "spokesperson" if words & SELF_SPEAKING_BODIES else None


def _public_office(person: Span) -> bool:
    """A title beside the name that holds a public office: "Committee chair Nicky Morgan", "Mark Steward, the
    FCA's executive director", "its chairman, Ron Wyden" after "the Finance Committee". Such a person speaks for
    the regulator or legislature, whatever words of rank ("chief executive") the title shares with a company's."""
    root = person.root
    inside = range(person.start, person.end)
    titles = [t for t in root.children if t.dep_ in ("appos", "compound") and t.i not in inside]
    if root.dep_ == "appos":
        titles.append(root.head)
    for title in titles:
        words = [w for w in title.subtree if w.i not in inside]
        if GOVERNMENT_TITLES.search(" ".join(w.text for w in words)) or any(map(_names_public_body, words)):
            return True
        if any(w.dep_ == "poss" and w.lower_ == "its" for w in title.children):
            before = person.doc[person.sent.start : title.i]
            owner = next((w for w in reversed(before) if w.pos_ in ("PROPN", "NOUN")), None)
            if owner is not None and _names_public_body(owner):
                return True  # "the Finance Committee when pressed by its chairman"
    return False


def _names_public_body(token: Token) -> bool:
    """A token of a public body's name: a regulator the tables list, or a proper name headed by "Committee",
    "Authority", "Commission" and the like."""
    if token.ent_type_:
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        found = lexicon().organisation(ent.text) if ent is not None else None
        if found is not None and found[1] == "regulator":
            return True
    if (found := lexicon().organisation(token.text)) is not None and found[1] == "regulator":
        return True
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.lemma_.lower() in GENERIC_REGULATOR_NOUNS


WRITER_APPOSITIVE = re.compile(
    r",\s+(who (writes|edits|publishes|runs|hosts)\b.{0,60}\b(newsletter|blog|column|podcast|site|publication)|"
    r"(an?|the)\s+[\w’' -]{0,30}?\b(reporter|journalist|columnist|editor|correspondent|newsletter writer)\b)",
    re.I,
)


def appositive_role(after: str) -> str | None:
    """What the words right after a name make the person: "Gergely Orosz, who writes The Pragmatic Engineer
    newsletter" the press, "Anuraag Gupta, a product manager testing Gemini CLI" a user of the tool."""
    if WRITER_APPOSITIVE.match(after):
        return "media_report"
    return "social_media" if USER_APPOSITIVE.match(after) else None


USER_APPOSITIVE = re.compile(
    r",\s+(an?|the)\s+[\w’' -]{0,40}?\b(testing|using|trying( out)?|building (with|on)|who (uses|used|was using|"
    r"was testing|had been using|tried))\b"
)


POSSESSED = re.compile(r"^(his|her|their|its) (own )?(account|post|write-?up|blog( post)?|thread|statement|telling|"
                       r"version|recollection|description|summary|view|count|estimate|tally|reckoning|figures|"
                       r"calculations?|measure)$", re.I)  # fmt: skip
OWNER = {"his": "he", "her": "she", "their": "they", "its": "it"}


def _named_before(sent: Span, possessed: str) -> str | None:
    """ "Jason Lemkin, founder of SaaStr, … By his account, …": the person the same sentence named before "his"."""
    at = sent.text.find(possessed)
    if at < 0 or possessed.split()[0].lower() not in ("his", "her"):
        return None
    people = [e for e in sent.ents if e.label_ == "PERSON" and e.end_char - sent.start_char <= at]
    return people[-1].text if people else None


def classify(speaker: str, sent: Span, companies: CompanyIndex, speakers: Speakers, verb: str) -> Source | None:
    """The attribution class of a speaker in its sentence; None when no source can be named.

    A person keeps the role first found for them ("Anuraag Gupta described the episode in a write-up" makes
    the later "Gupta explained" the same user), and "his account" is his.
    """
    if (owned := POSSESSED.match(speaker.strip())) is not None:
        speaker = _named_before(sent, speaker.strip()) or OWNER[owned[1].lower()]
    names = _person_names(speaker, sent, companies)
    known = next((speakers.people[n] for n in names if n in speakers.people), None)
    if known is not None:
        return Source(known, speaker)
    source = _classify(speaker, sent, companies, speakers, verb)
    if source is not None and source.attribution in PERSON_VOICES | {"spokesperson"}:
        for name in names:
            speakers.people.setdefault(name, source.attribution)
    return source


ONE_OF_THEM = re.compile(r"^(one|two|some|both|each|several|another|all|most) of (them|those|these)$|^another$")
REFERABLE_DOCUMENTS = {"letter", "entry", "statement", "notice", "filing", "memo", "email", "note", "post",
                       "report", "review", "update", "paper", "document", "message", "bulletin", "advisory",
                       "disclosure", "analysis"}  # fmt: skip
PRESS_VOICES = {"media_report", "social_media"}  # what they wrote is a story or a post, not a review
WROTE_IN = re.compile(
    r"\b(wrote|writes|written|said|says|explained|explains|posted|published) (in|on) (a|an|the|its|"
    r"his|her|their)\b"
)
REVIEW_NOUNS = {"review", "post-mortem", "postmortem", "mortem", "analysis", "write-up", "writeup", "retrospective"}
DOCUMENT_REFERENCE = re.compile(r"^(the|its|their|this|that|these|those) (\w+ )?(?P<noun>\w+)$")


def _document_named_before(lower: str, speakers: Speakers) -> Source | None:
    """ "In a letter to Boies, CrowdStrike's outside counsel said …" then "According to the letter, …": the
    letter speaks with the voice it was first quoted in, whoever is named around it now."""
    found = DOCUMENT_REFERENCE.match(lower)
    return speakers.documents.get(found["noun"]) if found is not None else None


def note_documents(speakers: Speakers, sent: Span, speaker: str, verb: Token | None, source: Source) -> None:
    """Remember each document a source spoke through: named as the speaker ("breach notification letters it
    has filed say") or as where the words were said ("said in a letter", "In a post on its blog, …")."""
    for token in sent:
        if token.lemma_.lower() not in REFERABLE_DOCUMENTS or token.pos_ != "NOUN":
            continue
        through = verb is not None and _said_in(token, verb)
        if token.text in speaker.split() or through:
            speakers.documents[token.lower_] = source  # by number too: "posts on X" are not "its post"


def _said_in(token: Token, verb: Token) -> bool:
    """The noun hangs on the verb through prepositions only: "said in a letter sent on Sunday to …"."""
    while token.dep_ in ("pobj", "prep", "compound", "poss", "conj", "appos") and token.head.i != token.i:
        token = token.head
        if token.i == verb.i:
            return True
    return False


LEAKED = {"anonymous_source", "internal_document"}
UNNAMED_PEOPLE = {"employee", "person", "people", "source", "official", "engineer", "staffer", "insider", "worker",
                  "executive", "manager"}  # fmt: skip


def _citing(token: Token) -> bool:
    return token.lemma_.lower() == "cite" and token.tag_ == "VBG" and token.dep_ in ("advcl", "xcomp", "conj")


def _unnamed_person(obj: Token) -> bool:
    """ "a Facebook employee", "two people briefed on the payment": someone the reporter does not name."""
    counted = any(c.dep_ in ("det", "nummod") and c.lower_ not in ("the", "his", "her", "its") for c in obj.children)
    named = any(t.ent_type_ == "PERSON" for t in obj.subtree)
    return obj.lemma_.lower() in UNNAMED_PEOPLE and counted and not named


def cited_source(sent: Span, source: Source, companies: CompanyIndex, speakers: Speakers) -> Source:
    """ "Bloomberg reported, citing people familiar with the matter, …": the press carries the claim; the people
    or the memo it cites are its source."""
    objects = (next((c for c in t.children if c.dep_ == "dobj"), None) for t in sent if _citing(t))
    cited_objects = [o for o in objects if o is not None]
    if not cited_objects:
        return source  # most sentences cite nothing: skip the organisation lookups
    press = lexicon().organisation(source.speaker) or _org_inside(_span_of(sent, source.speaker))
    if source.attribution != "media_report" and not (press and press[1] == "media"):
        return source
    for obj in cited_objects:
        if _unnamed_person(obj):
            cited: Source | None = Source("anonymous_source", speaker_text(obj))
        else:
            cited = _classify(speaker_text(obj), sent, companies, speakers, "cite")
        if cited is not None and cited.attribution in LEAKED:
            return Source(cited.attribution, cited.speaker, carrier=press[0] if press else source.speaker)
    return source


def _span_of(sent: Span, text: str) -> Span | None:
    return sent.doc.char_span(*_find(sent, text), alignment_mode="expand") if text else None


def _person_names(speaker: str, sent: Span, companies: CompanyIndex) -> list[str]:
    """The full name and surname of the person a speaker names, when it names one (not a company the
    tagger took for a person)."""
    people = [e for e in sent.ents if e.label_ == "PERSON" and e.text in speaker and not companies.mentions(e)]
    if not people:
        return []
    name = people[0].text.lower()
    return [name, name.split()[-1]] if " " in name else [name]


INSIDER_CLAIM = re.compile(
    r"\b(who (said|says|claimed|claims) (they|he|she) (were|was|are|is|worked|works)|claiming to (be|work)|"
    r"purporting to (be|work)|identif\w+ (themselves|himself|herself) as)\b",
    re.I,
)


def _classify(speaker: str, sent: Span, companies: CompanyIndex, speakers: Speakers, verb: str) -> Source | None:
    lex = lexicon()
    lower = speaker.lower().strip()
    at = sent.text.find(speaker) if speaker else -1
    if at >= 0 and INSIDER_CLAIM.search(sent.text[at : at + len(speaker) + 50]):
        return Source("anonymous_source", speaker)  # "a Reddit user who said they were on the recovery team"
    newcomer = speakers.person_since_speaker and speakers.last_person is not None
    last = speakers.last
    if lower in ("he", "she") and last is not None and last.attribution in PERSON_VOICES and not newcomer:
        return last  # the person who just spoke goes on speaking
    if lower in ("he", "she") and speakers.last_person is not None:
        speaker = speakers.last_person
        lower = speaker.lower()
        known = speakers.people.get(lower) or speakers.people.get(lower.split()[-1])
        if known is not None:
            return Source(known, speaker)
    elif (found := _subject_goes_on(lower, sent, speakers)) is not None:
        return found
    elif lower in PRONOUNS - {"we", "i"} and speakers.last is not None:
        return _in_its_medium(speakers.last, medium(speaker, sent), sent)
    elif ONE_OF_THEM.match(lower) and speakers.last is not None:
        return speakers.last  # "Two engineers … said …. One of them said …": the same unnamed source
    if (spoke := _document_named_before(lower, speakers)) is not None:
        return spoke
    if lower in speakers.observers and lower not in speakers.parties:
        return _observer(speaker, speakers)  # one outside organisation keeps its role through the article
    sp_doc = _span_of(sent, speaker)
    cues = _cue_labels(sp_doc)
    named = medium(speaker, sent)
    org = lex.organisation(speaker) or _org_inside(sp_doc)
    whole = _with_modifiers(sp_doc)
    if _own_review(sp_doc, companies, speakers):
        return Source("postmortem", speaker)  # "The company's own review concluded …"
    if _leaked_paper(whole):  # "an internal incident report", "an internal post on its Workplace forum"
        return Source("internal_document", speaker, carrier=org[0] if org and org[1] == "media" else None)
    if _represents_people(whole):
        return Source("spokesperson", speaker)  # "the Communications Workers of America, which represents …"
    if (publisher := _published_by(whole)) is not None:
        return _publishers_paper(publisher, sent, companies, speakers)
    if _posting_on_a_platform(sp_doc):
        return Source("social_media", speaker)  # "IT staff posting on Reddit and X said …"
    if "anonymous_source" in cues | _cue_labels(whole) or _unnamed(sp_doc) or _counted_staff(sp_doc):
        if _unnamed_expert(sp_doc):
            return Source("researcher", speaker)  # "a privacy researcher who asked not to be named": an expert
        return Source("anonymous_source", speaker)
    if sp_doc is not None and GOVERNMENT_TITLES.search(sp_doc.text):
        return Source("regulator_filing", speaker)  # an official speaking for a regulator or government
    if _news_reports(sp_doc, org):
        return Source("media_report", speaker)  # "media reports said", "some early reports blamed"
    if sp_doc is not None and _crowd_on_platform(sp_doc, speakers):
        return Source("social_media", speaker)  # "Twitter was sure…", "a widely shared post claimed…"
    for medium_label in ("postmortem", "status_page", "regulator_filing"):
        if medium_label in cues:  # the document itself speaks: "the post-mortem commits to…"
            return Source(medium_label, speaker)
    short = sp_doc is not None and 0 < len(sp_doc) <= 3
    # A described speaker: "the Dallas-based carrier", "the flight attendants' union" (not "the group of …").
    described = sp_doc is not None and 0 < len(sp_doc) <= 6 and not any(t.lower_ == "of" for t in sp_doc)
    head = sp_doc.root.lemma_.lower() if described else ""  # type: ignore[union-attr]
    first = sp_doc[0].lower_ if described else ""  # type: ignore[index]
    national = sp_doc is not None and len(sp_doc) > 1 and sp_doc[0].ent_type_ == "GPE" and sp_doc[1].tag_ == "POS"
    # "the federal transport ministry": a body named by its kind, however many plain words describe it.
    described_body = first == "the" and all(
        t.pos_ in ("ADJ", "NOUN", "DET") or t.text.islower()
        for t in sp_doc or []
        if t.i != sp_doc.root.i  # type: ignore[union-attr]
    )
    if ((short and first in ("the", "its", "our")) or national or described_body) and head in GENERIC_REGULATOR_NOUNS:
        return Source("regulator_filing", speaker)  # "the department said", "Sweden's data protection authority"
    if _public_body(sp_doc, companies, speakers):
        return Source("regulator_filing", speaker)  # "the Competition and Markets Authority", by its name's head
    named_inside = sp_doc is not None and any(t.dep_ == "appos" and t.pos_ == "PROPN" for t in sp_doc)
    if first in ("the", "its") and head in GENERIC_COMPANY_NOUNS and not named_inside:
        if head == "group" and _group_spoke_last(speakers):
            return speakers.last  # type: ignore[return-value]
        if _observer_goes_on(sent, companies, speakers) or (head == "firm" and _observer_spoke_last(speakers)):
            return speakers.paragraph_observer  # type: ignore[return-value]
        medium_named = named or _carried_medium(sent, speakers)  # "In a filing with the SEC, … the company said"
        return Source(medium_named if medium_named in COMPANY_MEDIA else "spokesperson", "the company")
    if lower in ("the company", "the firm", "the group") and any(t.lower_ == "internally" for t in sent):
        return Source("executive", speaker)  # management speaking inside the company, not to the press
    if "internal_document" in cues or (short and head in UNPUBLISHED_PAPERS):
        return Source("internal_document", speaker, carrier=org[0] if org and org[1] == "media" else None)
    if org is not None:
        role_map = {
            "media": "media_report",
            "regulator": "regulator_filing",
            "monitor": "researcher",
            "research": "researcher",
        }
        if named != "internal_document" and role_map[org[1]] == "researcher":
            return _observer(org[0], speakers)  # "Mandiant said …": "the firm said" next goes on in its voice
        return Source(named if named in ("internal_document",) else role_map[org[1]], org[0])
    person_role = _person_role(speaker, sp_doc, speakers)
    if person_role == "regulator_filing":
        return Source("regulator_filing", speaker)  # an official introduced by their public office
    company_named = bool(sp_doc is not None and companies.mentions(sp_doc, _known(speakers)))
    if "executive" in cues or person_role == "executive":
        outsider = _outsider(speaker, sp_doc, companies, speakers)
        posting = named == "social_media" or (speakers.social_context and not PRESS_CUES.search(sent.text))
        posting = posting or (sp_doc is not None and sp_doc.root.head.lemma_.lower() in ("post", "tweet"))
        if outsider and posting:
            return Source("social_media", speaker)  # another firm's founder posting as a user of the product
        if outsider and not _employer_known(speaker, speakers, companies) and not _speaks_as_a_customer(sent, speaker):
            return Source("researcher", speaker)  # the head of a consultancy or small firm commenting as an expert
        if named == "postmortem" and not outsider and WROTE_IN.search(sent.text):
            return Source("postmortem", speaker)  # "its CTO wrote in a post-incident review": the review speaks
        return Source("executive", speaker)
    if sp_doc is not None and not company_named and any(t.lemma_.lower() in PRESS_TITLES for t in sp_doc):
        return Source("media_report", speaker)  # "the security journalist Brian Krebs reported that …"
    person_role = person_role or _introduced_as(speaker, sent)
    if person_role in ("social_media", "media_report"):
        return Source(person_role, speaker)  # a user of the product, or a journalist, introduced as one
    if "researcher" in cues or person_role == "researcher":
        return Source("researcher", speaker)  # an expert is one wherever they write: a blog, Mastodon, LinkedIn
    # A spokesperson speaks to the press, whatever medium they mention, and for their own firm, even a firm
    # that only suffers another's incident ("a Cloudflare spokesperson said its services were impacted").
    if sp_doc is not None and any(t.lemma_.lower() in SPOKESPERSON_TITLES - {"officer"} for t in sp_doc):
        return Source("spokesperson", speaker)
    if company_named and speakers.event_family and not _speaks_for_event(sp_doc, companies, speakers):
        if named == "social_media":
            return Source("social_media", speaker)  # "Spotify said in a post on X": a stricken customer posting
        about_event = any(m.company in speakers.event_family for m in companies.mentions(sent, _known(speakers)))
        observing = about_event or any(t.lemma_.lower() in OBSERVING_VERBS for t in sent)
        if observing and not _party(speaker, sp_doc, sent, companies, speakers):
            return _observer(speaker, speakers)  # another company describing this incident: an outside observer
    if "spokesperson" not in cues and sp_doc is not None and any(t.lemma_.lower() in AI_SPEAKERS for t in sp_doc):
        return Source("social_media", speaker)  # an AI tool's own words ("Gemini CLI told him"), as its user posted
    public = _the_companys_public(sp_doc) or (named == "social_media" and _former_staff(sp_doc))
    if company_named and "spokesperson" not in cues and public:
        return Source("social_media", speaker)  # "one Optus customer wrote on X": the public, named by the brand
    if "spokesperson" in cues or company_named or lower in ("we", "the company", "the firm", "the group"):
        medium_named = named or _carried_medium(sent, speakers)
        if named == "internal_document":
            return Source(named, speaker)  # "in a message to staff, CrowdStrike said …": not to the public
        if medium_named in PUBLISHED_MEDIA:
            return Source(medium_named, speaker)
        return Source("spokesperson", speaker)
    if named in OFFICIAL_MEDIA and _lone_person(sp_doc, speaker, speakers):
        return Source("social_media", speaker)  # a user's own write-up of what happened to them, not the company's
    if named is not None:
        return Source(named, speaker)
    if head in SELF_SPEAKING_BODIES:
        return Source("spokesperson", speaker)  # "the pilots' union said": an organisation speaking for itself
    if person_role == "spokesperson":
        return Source("spokesperson", speaker)
    untagged = sp_doc is not None and len(sp_doc) == 1 and _untagged_name(sp_doc[0])
    if (
        sp_doc is not None
        and (untagged or any(t.ent_type_ == "ORG" for t in sp_doc))
        and not any(t.ent_type_ == "PERSON" for t in sp_doc)
    ):
        if speakers.event_family and any(
            m.company in speakers.event_family for m in companies.mentions(sent, _known(speakers))
        ):
            return _observer(speaker, speakers)  # an outside organisation describing this company's incident
        if _described_as_analysts(sent, speaker):
            return _observer(speaker, speakers)  # "Anderson Economic Group, a consulting firm, estimated …"
        return Source("spokesperson", speaker)  # an organisation the tables do not know, speaking for itself
    earlier = speakers.last_document
    if short and first == "the" and head in REVIEW_NOUNS and (earlier is None or earlier.attribution in PRESS_VOICES):
        return Source("postmortem", speaker)  # "The review said …", none introduced: the incident's own review
    if short and head in DOCUMENT_NOUNS and earlier is not None:
        return earlier  # "the report found…": the report introduced earlier
    if sp_doc is not None and any(t.lemma_.lower() in AI_SPEAKERS for t in sp_doc):
        return Source("social_media", speaker)  # an AI tool's own words, as its user posted them
    if sp_doc is not None and any(t.lemma_.lower() in LAY_SPEAKERS for t in sp_doc):
        return Source("social_media", speaker)  # the public speaking for itself: posts, forums, complaints
    return None


ANALYST_FIRM = re.compile(
    r"\b(consult\w*|research|analytics?|analysis|advisory|data|(cyber ?)?security|threat[- ]intelligence|"
    r"intelligence|ratings?|economic|economics|forensics?|forecasting|market[- ]research)\s+"
    r"(firms?|compan(y|ies)|groups?|consultanc(y|ies)|houses?|providers?|outfits?|specialists?)\b",
    re.I,
)
ANALYST_FIRM_BEFORE = re.compile(ANALYST_FIRM.pattern + r"\s*$", re.I)  # "the consulting firm " right before the name


def _described_as_analysts(sent: Span, speaker: str) -> bool:
    """An organisation the tables do not know, introduced as a firm whose trade is analysis: "Anderson Economic
    Group, a consulting firm in East Lansing", "the forecasting firms J.D. Power and GlobalData"."""
    at = sent.text.find(speaker)
    if at < 0:
        return False
    after = re.match(r",\s+(?:an?|the)\s+([^,;]{0,60})", sent.text[at + len(speaker) :])
    before = sent.text[max(0, at - 50) : at]
    described_after = bool(after and ANALYST_FIRM.search(after[1]))
    described_before = ANALYST_FIRM_BEFORE.search(before) or ANALYST_FIRM.search(speaker)
    return described_after or bool(described_before)


UNNAMED = re.compile(r"\b(not named|unnamed|(?-i:anonymous\w*)|(?-i:anonymity)|off the record|not on the record|"
                     r"none of them on the record|asked not to be (named|identified)|"
                     r"declined to be (named|identified)|not be (named|identified)|"
                     r"(person|people|sources?) with (direct |first-?hand |detailed |some )?knowledge|"
                     r"(person|people|sources?) close to)\b",
                     re.I)  # fmt: skip
ASIDE_UNNAMED = re.compile(r"^,?\s*(speaking|talking|who spoke|who asked)\b[^,]{0,40}\b(anonymity|anonymously|"
                           r"on background|not to be (named|identified))\b", re.I)  # fmt: skip


def _carried_medium(sent: Span, speakers: Speakers) -> str | None:
    """The post-mortem, status page or filing named earlier in the paragraph, unless this sentence opens on
    another occasion: "On November 3, in a root-cause analysis, Okta said … In October, when it first
    disclosed the breach, the company said …" is the company's earlier statement, not the analysis."""
    return None if on_another_occasion(sent.text) else speakers.paragraph_medium


def on_another_occasion(text: str) -> bool:
    """A sentence opening on another time ("In October, …", "A week later") or dating its own verb ("the company
    said in August that …, before saying in December …"): not words of the medium or report around it."""
    return bool(NEW_OCCASION.match(text) or SAID_THEN.search(text))


SAID_THEN = re.compile(
    rf"\b(said|says|saying|told|wrote|stated)\s+((in|on|by|early|late) ({MONTH_RE}|{'|'.join(WEEKDAYS)})|"
    r"at the time|then)\b",
    re.I,
)


def _subject_goes_on(pronoun: str, sent: Span, speakers: Speakers) -> Source | None:
    """ "Cloudflare, whose storage relies on Google Cloud, published its own account. In a blog post, it said …":
    "it" is the company the sentence before was about, when that sentence reported nothing, not whoever spoke
    last in an earlier paragraph. The company speaks in the medium its paragraph names, or to the press."""
    company = speakers.subject_company
    if pronoun not in ("it", "they") or company is None:
        return None
    if speakers.last is not None and speakers.last.speaker == company:
        return None  # the same company going on: its last source already says how it speaks
    key = company.lower()
    if key in speakers.observers and key not in speakers.parties:
        return _observer(company, speakers)
    named = medium(pronoun, sent) or _carried_medium(sent, speakers)
    return Source(named if named in COMPANY_MEDIA else "spokesperson", company)


def _in_its_medium(last: Source, named: str | None, sent: Span) -> Source:
    """ "In a regulatory filing on February 22, it blamed …": the company that spoke last, now in the published
    medium its sentence names, which says more about the source than the earlier press statement did. "A week
    later it said …" after a filing is the company speaking again on another occasion, not the filing."""
    if named in PUBLISHED_MEDIA and last.attribution in COMPANY_VOICES:
        return Source(named, last.speaker)
    if named is None and last.attribution in PUBLISHED_MEDIA and NEW_OCCASION.match(sent.text):
        return Source("spokesperson", last.speaker)
    return last


NEW_OCCASION = re.compile(
    rf"\s*((in|on|by|early|late|last) ((early|late|mid-?)\s*)?({MONTH_RE}|{'|'.join(WEEKDAYS)})|"
    r"(a|one|two|three|four|five|six|several|some|\d+) (hours?|days?|weeks?|months?) later|later|since then|"
    r"the (next|following) (day|week|month)|at the time)\b",
    re.I,
)


NAME_ENTITIES = {"PERSON", "ORG", "NORP", "GPE"}


def _cue_labels(span: Span | None) -> set[str]:
    """The speaker's attribution cues, leaving out words inside a name: "Anonymous Sudan" is a group that signs
    its posts, not an anonymous source."""
    if span is None:
        return set()
    found = lexicon().find("attribution_cues", span)
    # "Insiders said", tagged an organisation at the head of a sentence, is still a cue: a name is proper nouns
    return {label for label, cue in found if not all(t.ent_type_ in NAME_ENTITIES and t.pos_ == "PROPN" for t in cue)}


WRITTEN = {"log", "report", "document", "memo", "email", "e-mail", "note", "message", "presentation", "assessment",
           "analysis", "timeline", "letter", "chat", "ticket", "briefing", "paper", "deck", "draft", "minutes",
           "transcript", "recording", "summary", "spreadsheet", "correspondence", "post"}  # fmt: skip
INTERNAL_PLACES = {"channel", "forum", "chat", "wiki", "system", "workspace", "group", "site", "network"}
LEAKED_TO = {"see", "obtain", "review", "read", "view", "share", "leak"}


# "Slack messages from an incident channel, shared with 404 Media, …": papers the press saw, which the parser often
# cannot hang together when a long aside separates them from their verb.
SEEN_PAPERS = re.compile(
    r"(?:[A-Z][^.;:]{0,60}?\s)?(?i:logs|messages|emails|e-mails|documents|records|notes|chats|screenshots|tickets|"
    r"memos|minutes|transcripts|files)\b,? (?:[^.;:]{0,40}?,? )?(seen|viewed|reviewed|obtained|shared with|provided to|"
    r"leaked to|described (?:by|to)|quoted by)"
)


def _leaked_paper(whole: Span | None) -> bool:
    """ "An internal incident log", "a letter to the contractor seen by Reuters" (the speaker with its modifiers):
    a paper not written for the public, so what it says is the company's unpublished word, whoever printed it. A
    review or an inquiry the company calls internal is its post-mortem, not a leak, unless the press obtained it."""
    if whole is None:
        return False
    if SEEN_PAPERS.match(whole.text):
        return True
    root = whole.root
    clauses = [c for c in root.children if c.dep_ in ("acl", "relcl")]
    clauses += [c for clause in clauses for c in clause.children if c.dep_ == "conj"]  # "posted … and seen by"
    leaked = any(c.lemma_.lower() in LEAKED_TO for c in clauses)
    paper = root.lemma_.lower() in WRITTEN
    before = any(t.lower_ in ("internal", "leaked", "confidential", "private") for t in whole if t.i < root.i)
    # "a message posted in an internal engineering channel"; not "a post about leaked credentials"
    placed = any(t.lower_ == "internal" and t.head.lemma_.lower() in INTERNAL_PLACES for t in whole if t.i > root.i)
    internal = before or placed
    return (paper and internal) or ((paper or root.lemma_.lower() in DOCUMENT_NOUNS) and leaked)


def _represents_people(whole: Span | None) -> bool:
    """A union or an association, told by whom it represents: it speaks for itself, not as an outside observer."""
    if whole is None or whole.root.ent_type_ == "PERSON":
        return False
    return any(c.dep_ in ("relcl", "acl") and c.lemma_.lower() == "represent" for c in whole.root.children)


PUBLISHING = {"release", "publish", "issue", "file", "post", "produce", "prepare", "commission"}


def _published_by(whole: Span | None) -> Token | None:
    """ "An investigation report released by Docomo on Monday": the one who put the paper out, named by "by"."""
    if whole is None or whole.root.lemma_.lower() not in DOCUMENT_NOUNS | WRITTEN:
        return None
    for clause in (c for c in whole.root.children if c.dep_ == "acl" and c.lemma_.lower() in PUBLISHING):
        agent = next((a for a in clause.children if a.dep_ == "agent"), None)
        by = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
        if by is not None and is_speaker(by):
            return by
    return None


def _publishers_paper(publisher: Token, sent: Span, companies: CompanyIndex, speakers: Speakers) -> Source | None:
    """A paper speaks with its publisher's voice; a company's own report on its incident is its post-mortem."""
    source = _classify(speaker_text(publisher), sent, companies, speakers, "publish")
    if source is not None and source.attribution in ("spokesperson", "executive"):
        return Source("postmortem", source.speaker)
    return source


COUNTED_STAFF = {"engineer", "employee", "staffer", "worker", "insider", "developer"}


def _counted_staff(span: Span | None) -> bool:
    """ "Four current and former Meta engineers", "two employees": staff the reporter counts but does not name (one
    engineer posting is a user as often as a source, so only several count)."""
    if span is None or not len(span):
        return False
    root = span.root  # "four current and former engineers" is parsed with "current" as its head
    staff = [t for t in (root, *(c for c in root.children if c.dep_ == "conj")) if t.lemma_.lower() in COUNTED_STAFF]
    counted = any(t.dep_ == "nummod" or t.lower_ == "former" for t in span)
    plural = any(t.tag_ == "NNS" for t in staff)
    return plural and counted and not any(t.ent_type_ == "PERSON" for t in span)


def _with_modifiers(span: Span | None) -> Span | None:
    """The speaker with the words the parser hangs on it: "two people briefed on the matter", of which the
    speaker's own words keep only "Two people"."""
    if span is None:
        return None
    tokens = list(span.root.subtree)
    return span.doc[min(tokens[0].i, span.start) : max(tokens[-1].i + 1, span.end)]


EXPERT_TITLES = {"researcher", "analyst", "expert", "scientist", "professor", "consultant", "specialist"}


def _unnamed_expert(span: Span | None) -> bool:
    """An expert who is not named still speaks from expertise, not from inside the company: the source is the
    kind of knowledge, and the name only what the reporter withholds."""
    return span is not None and span.root.lemma_.lower() in EXPERT_TITLES


def _unnamed(span: Span | None) -> bool:
    """ "The person who claimed responsibility, who was not named", "Customers …, none of them on the record": what
    the speaker's own relative clause or aside says about them, which the speaker's words leave out."""
    if span is None:
        return False
    whole = _with_modifiers(span) or span
    # "Two engineers …, speaking on condition of anonymity, said": the aside the parser hangs on the verb.
    after = span.doc.text[whole.end_char : span.sent.end_char]
    return bool(UNNAMED.search(whole.text) or ASIDE_UNNAMED.match(after))


NEWS_WORDS = {"media", "press", "news", "newspaper"}


def _news_reports(span: Span | None, org: tuple[str, str] | None) -> bool:
    """Reports in the plural, or the press's report, by no one named: the news, not a document one body wrote."""
    if span is None or org is not None or span.root.lemma_.lower() != "report":
        return False
    if any(t.dep_ == "prep" and t.lower_ == "on" for t in span.root.rights):
        return False  # "reports on social media": posts
    return span.root.tag_ == "NNS" or any(t.lower_ in NEWS_WORDS for t in span.root.lefts)


def _observer(speaker: str, speakers: Speakers) -> Source:
    """An outside organisation describing the incident: remembered, so that "BeyondTrust added that none of its
    own customers were affected" stays the observer's account, not a company statement."""
    speakers.observers.add(speaker.lower().strip())
    source = Source("researcher", speaker)
    speakers.paragraph_observer = source
    return source


def _party(speaker: str, span: Span | None, sent: Span, companies: CompanyIndex, speakers: Speakers) -> bool:
    """ "Microsoft said the Azure issue was unrelated", "… 8.5 million Windows devices, Microsoft estimated": an
    outside firm speaking of its own products in another's incident is a party to it, speaking for itself, not an
    observer; it stays one through the article."""
    if speaker.lower().strip() in speakers.parties:
        return True
    if span is None or not len(span) or not speakers.event_family:
        return False
    mentions = companies.mentions(sent, _known(speakers))
    inside = [m for m in mentions if span.start <= m.start and m.end <= span.end]
    firms = {m.company for m in inside if m.via != "product"} - speakers.event_family
    own = any(m.via == "product" and m.company in firms and m not in inside for m in mentions)
    if own:
        speakers.parties.add(speaker.lower().strip())
    return own


def _group_spoke_last(speakers: Speakers) -> bool:
    """ "A group calling itself Anonymous Sudan said on Telegram … The group said …": the group that just spoke,
    not a company's group."""
    last = speakers.last
    return last is not None and last.attribution not in COMPANY_VOICES and "group" in last.speaker.lower()


def _observer_spoke_last(speakers: Speakers) -> bool:
    """ "Mandiant said … Every incident it had responded to, the firm said, …": "the firm" is the research firm that
    just spoke in this paragraph."""
    return speakers.paragraph_observer is not None and speakers.last == speakers.paragraph_observer


def _observer_goes_on(sent: Span, companies: CompanyIndex, speakers: Speakers) -> bool:
    """ "Okta did not confirm the breach to it until 19 October, the company said", right after BeyondTrust spoke:
    a sentence naming the event's company in the third person, where "the company" is the observer that just
    spoke in this paragraph, not the company it talks about."""
    observer = speakers.paragraph_observer
    if observer is None or speakers.last is not observer or not speakers.event_family:
        return False
    return any(m.company in speakers.event_family for m in companies.mentions(sent, _known(speakers)))


OBSERVING_VERBS = {
    "see",
    "observe",
    "measure",
    "detect",
    "record",
    "track",
    "monitor",
    "show",
    "log",
    "notice",
    "find",
}


def _known(speakers: Speakers) -> frozenset[str]:
    """The event's company is confirmed by the document: "Southwest said" is the airline, not a direction."""
    return frozenset(speakers.event_family or ())


OFFICIAL_MEDIA = {"postmortem", "status_page"}


def _the_companys_public(span: Span | None) -> bool:
    """ "One Optus customer", "Delta passengers": people named by the company they use, not for it."""
    if span is None or not len(span):
        return False
    root = span.root
    if root.pos_ == "NOUN" and root.lemma_.lower() in LAY_SPEAKERS - {"owner", "admin", "administrator"}:
        return True
    # "Administrators at several Okta customers": staff of the company's customers, not of the company.
    return any(t.dep_ == "pobj" and t.lemma_.lower() in CUSTOMER_NOUNS for t in root.subtree)


CUSTOMER_NOUNS = {"customer", "client", "subscriber", "tenant"}


def _former_staff(span: Span | None) -> bool:
    """ "A former AWS engineer … wrote on Twitter": no longer the company's voice, posting as anyone does."""
    return span is not None and any(c.lower_ == "former" and c.dep_ == "amod" for c in span.root.children)


NAMED_OFFICES = {"office", "administration", "police", "constabulary"}


def _public_body(span: Span | None, companies: CompanyIndex, speakers: Speakers) -> bool:
    """A named public body the organisations table does not list: a proper name headed by "Authority",
    "Commission", "Agency", "Ministry" and the like, naming no company."""
    if span is None or not len(span):
        return False
    root = span.root
    # "Germany's Federal Aviation Office", "Greater Manchester Police": a public body by its proper name, not "the
    # attorney general's office"
    named_body = root.lemma_.lower() in GENERIC_REGULATOR_NOUNS | NAMED_OFFICES and root.text[:1].isupper()
    return named_body and root.pos_ == "PROPN" and not companies.mentions(span, _known(speakers))


def _lone_person(span: Span | None, speaker: str, speakers: Speakers) -> bool:
    """A named person with no title and no employer the document gives: someone speaking for themself."""
    if span is None or not any(t.ent_type_ == "PERSON" for t in span):
        return False
    lower = speaker.lower()
    keys = (lower, lower.split()[-1]) if lower.split() else (lower,)
    return not any(k in speakers.roles or k in (speakers.employers or {}) for k in keys)


def _speaks_for_event(span: Span | None, companies: CompanyIndex, speakers: Speakers) -> bool:
    named = {m.company for m in companies.mentions(span, _known(speakers))} if span is not None else set()
    return bool(named & (speakers.event_family or set()))


def _outsider(speaker: str, span: Span | None, companies: CompanyIndex, speakers: Speakers) -> bool:
    """An executive of a company other than the event's (or of one the table does not know)."""
    if not speakers.event_family:
        return False
    named = {m.company for m in companies.mentions(span, _known(speakers))} if span is not None else set()
    lower = speaker.lower()
    employers = set()
    for key in (lower, lower.split()[-1] if lower.split() else lower):
        employers |= (speakers.employers or {}).get(key, set())
    employers |= named
    if not employers:
        return False
    # "Replit chief executive Amjad Masad", in a roundup that also tells Replit's incident, speaks for Replit.
    return not (employers & (speakers.involved or speakers.event_family))


PUBLISHED_MEDIA = ("status_page", "postmortem", "regulator_filing")  # named once, they speak for the paragraph
COMPANY_MEDIA = (*PUBLISHED_MEDIA, "internal_document")  # where a company speaks other than to the press
COMPANY_VOICES = {"spokesperson", "executive", *PUBLISHED_MEDIA}  # the ways a company's own account reaches us
PRESS_CUES = re.compile(r"\b(told|tells|spokes\w*|statement|interview|press|comment\w*|emailed|e-mail)\b", re.I)
SOCIAL_PLATFORMS = {"twitter", "x", "reddit", "hacker news", "mastodon", "bluesky", "threads", "linkedin", "tiktok",
                    "social media", "discord", "telegram", "weibo", "forums", "forum"}  # fmt: skip
PUBLIC_PEOPLE = {"user", "customer", "developer", "people", "shopper", "patient", "commenter", "subscriber",
                 "player", "gamer", "passenger", "traveller", "traveler", "member"}  # fmt: skip
CROWD_WORDS = {
    "post",
    "posts",
    "thread",
    "threads",
    "users",
    "slice",
    "corner",
    "chunk",
    "parts",
    "tweet",
    "tweets",
}


def _posting_on_a_platform(span: Span | None) -> bool:
    """The speaker is described by where they post: "IT staff posting on Reddit and X", "users writing on X"."""
    if span is None:
        return False
    root = span.root
    clauses = [c for c in root.children if c.dep_ in ("acl", "relcl")]
    if root.dep_ == "nsubj" and root.head.tag_ == "VBG":
        clauses.append(root.head)  # parsed as "[IT staff] posting … said": the participle took the subject
    for clause in clauses:
        if clause.lemma_.lower() in ("post", "write", "comment", "tweet", "complain"):
            places = {t.lower_ for t in clause.subtree if t.dep_ == "pobj" or t.dep_ == "conj"}
            if places & SOCIAL_PLATFORMS:
                return True
    return False


def _crowd_on_platform(span: Span, speakers: Speakers) -> bool:
    """A platform's crowd as speaker: "Twitter", "a large slice of Twitter", "a widely shared post"."""
    text = span.text.lower().strip()
    words = set(re.findall(r"[a-z]+", text))
    platform = any(p in text for p in SOCIAL_PLATFORMS if len(p) > 1) or text in ("x",)
    if platform and (
        not speakers.event_family
        or not any(p in {f.lower() for f in speakers.event_family} for p in words)
        or span.root.lemma_.lower() in PUBLIC_PEOPLE  # "users on the Replit subreddit": the company's forum
    ):
        return len(words) <= 6
    published = any(t.lower_ in ("blog", "company", "corporate") or t.dep_ == "poss" for t in span.root.children) or (
        span.root.tag_ == "NN"
        and any(t.dep_ == "det" and t.lower_ in ("the", "this", "that") for t in span.root.children)
    )  # "the blog post", "Cloudflare's post", "the post": one document, not a crowd
    if speakers.social_context and span.root.lemma_.lower() in {"post", "tweet", "thread", "comment", "reply"}:
        return not published  # "posts speculating that…" in a story about what people posted; not "the blog post"
    return bool(words & CROWD_WORDS) and bool(words & {"shared", "viral", "widely", "popular"})


CUSTOMER_APPOSITIVE = re.compile(
    r"\b(that|which|who) (uses|use|relies on|rely on|runs on|run on)\b|\bcustomers? of\b", re.I
)


def _speaks_as_a_customer(sent: Span, speaker: str) -> bool:
    """ "Our staff could not log in to anything," said Karen Liu, chief information officer at Brightwater Health:
    an executive telling what the incident did to their own organisation speaks for it, as no outside expert
    commenting on the incident would ("we", "our")."""
    at = sent.text.find(speaker)
    rest = sent.text[:at] + sent.text[at + len(speaker) :] if at >= 0 else sent.text
    return bool(re.search(r"\b(we|our|us)\b", rest, re.I)) or bool(CUSTOMER_APPOSITIVE.search(rest))


def _employer_known(speaker: str, speakers: Speakers, companies: CompanyIndex) -> bool:
    lower = speaker.lower()
    employers = set()
    for key in (lower, lower.split()[-1] if lower.split() else lower):
        employers |= (speakers.employers or {}).get(key, set())
    return any(companies.canonical(e) for e in employers)


def _find(sent: Span, speaker: str) -> tuple[int, int]:
    at = sent.text.find(speaker)
    if at < 0:
        return sent.start_char, sent.start_char
    return sent.start_char + at, sent.start_char + at + len(speaker)


def _own_review(span: Span | None, companies: CompanyIndex, speakers: Speakers) -> bool:
    """ "The company's own review", "Okta's analysis" of Okta's incident: the company's review of itself, where
    "Wiz's analysis" of it is an outsider's."""
    if span is None or not len(span) or span.root.lemma_.lower() not in REVIEW_NOUNS:
        return False
    owner = next((c for c in span.root.children if c.dep_ == "poss"), None)
    if owner is None:
        return False
    named = span.doc[min(t.i for t in owner.subtree) : owner.i + 1]
    family = speakers.event_family or set()
    own = any(m.company in family for m in companies.mentions(named, _known(speakers)))
    # Not "its review": "the carrier said its initial review pointed to …" is the carrier's words.
    return owner.lemma_.lower() in GENERIC_COMPANY_NOUNS or own


def _org_inside(span: Span | None) -> tuple[str, str] | None:
    if span is None:
        return None
    lex = lexicon()
    for ent in span.ents:
        if ent.label_ in ("ORG", "WORK_OF_ART", "GPE", "PERSON") and (found := lex.organisation(ent.text)):
            return found
    for n in range(min(4, len(span)), 0, -1):
        for i in range(len(span) - n + 1):
            if found := lex.organisation(span[i : i + n].text):
                return found
    return None


def _introduced_as(speaker: str, sent: Span) -> str | None:
    """What the words right after a speaker the tagger did not take for a person make them: a user or a writer."""
    at = sent.text.find(speaker) if speaker else -1
    if at < 0:
        return None
    return appositive_role(sent.text[at + len(speaker) :])


def _person_role(speaker: str, span: Span | None, speakers: Speakers) -> str | None:
    lower = speaker.lower()
    if lower in speakers.roles:
        return speakers.roles[lower]
    if span is not None:
        for ent in span.ents:
            if ent.label_ == "PERSON":
                name = ent.text.lower()
                return speakers.roles.get(name) or speakers.roles.get(name.split()[-1])
    return None
