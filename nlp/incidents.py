"""Facts about an incident in a set of sentences: kind, services, duration, severity.

These read only the sentences an event mention groups together, so a
number elsewhere in the article (a share price, a headcount) cannot become
a duration or a scope.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from nlp.companies import CompanyIndex
from nlp.lexicon import lexicon
from nlp.parse import Sentence, phrase_head

# Words that count for an incident but name no kind (a "Sev-1 incident" is any kind).
WEAK_TRIGGERS = {
    "incident", "incidents", "failures", "fire", "blaze", "exposed", "stolen", "leaked",
    "injected", "removed", "delays", "503", "crash", "offline", "service issue", "service issues",
    "tampered", "mishap", "mishaps", "failure", "botched", "collapsed", "cancelled", "canceled",
    "cancels", "cancel", "cancelling", "canceling", "cancellations", "stranded", "grounded", "stranding",
    "were lost", "was lost", "discarded",
}  # fmt: skip
STRONG_PATTERNS = re.compile(
    r"\b(cancel\w*|scrapp\w*|ground\w*)\b[^.]{0,50}\bflights\b|\bflights\b[^.]{0,30}\b(cancel\w*|grounded)\b"
    r"|\bleft (customers|users|passengers|clients|people|millions|thousands|hundreds)\b[^.]{0,30}\bunable to\b"
    r"|\b(took|taken|takes|take|knocked|knocks|knock|went|goes|go|gone|knocking|taking)\b[^.]{0,60}\boffline\b",
    re.I,
)


def strong_trigger(sentence: Sentence) -> bool:
    """An incident word that names an incident on its own, not one that needs company ("failures", "incident")."""
    if any(w not in WEAK_TRIGGERS for words in sentence.triggers.values() for w in words):
        return True
    return bool(STRONG_PATTERNS.search(sentence.text))


KIND_PRIORITY = ("ai_coding_incident", "data_loss", "security_incident", "outage", "degradation")
NUMBER = (
    r"(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|"
    r"several|a few)"
)
WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
                "twenty": 20, "several": 3, "a few": 3}  # fmt: skip
UNIT_HOURS = {"minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0}
ABOUT = r"(?:about|around|roughly|nearly|almost|more than|over|some|close to|up to)?"
UNIT = r"[- ](minute|hour|day|week)"
DURATION_PATTERNS = [  # most specific phrasing first
    re.compile(rf"\b(?:lasted|lasting|last(?:ed)?|went on for|ran for)\s+(?:for\s+)?{ABOUT}\s*{NUMBER}{UNIT}s?", re.I),
    re.compile(rf"\b{NUMBER}{UNIT}s?[- ]long\b", re.I),
    re.compile(rf"\b{ABOUT}\s*{NUMBER}{UNIT}\b(?= (?:outage|disruption|blackout|incident))", re.I),
    re.compile(rf"\b(?:down|offline|out|unavailable|disrupted)\s+for\s+{ABOUT}\s*{NUMBER}{UNIT}s?", re.I),
    re.compile(rf"\b(?:restored|back online|resolved|recovered)\s+(?:after|within)\s+{ABOUT}\s*{NUMBER}{UNIT}s?", re.I),
    re.compile(rf"\bfor\s+{ABOUT}\s*{NUMBER}{UNIT}s?\b", re.I),
]
SEVERITY = re.compile(r"\b(sev(?:erity)?[- ]?([0-4]|one|two|zero))\b|\b(p([0-4]))\s+(?:incident|outage|issue)", re.I)
SEV_WORDS = {"zero": "0", "one": "1", "two": "2"}


def is_hypothetical(sentence: Sentence) -> bool:
    """An incident word used generically or hypothetically ("tools that prevent outages")."""
    words = {t.lower_ for t in sentence.span}
    cues = lexicon().words("hypothetical")
    doc = sentence.span.doc
    if sentence.trigger_positions and all(_generic_under_cue(doc[t], cues) for t in sentence.trigger_positions):
        return True  # "launched tools to help customers prevent outages", "a breach waiting to happen"
    if words & cues:
        # Only when nothing concrete anchors it: a company, a date, a past-tense verb.
        concrete = sentence.companies and any(t.tag_ in ("VBD", "VBN") for t in sentence.span)
        return not concrete
    return False


SPECIFIC = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "last"}


def _generic_under_cue(trigger, cues: frozenset[str]) -> bool:  # type: ignore[no-untyped-def]
    """An incident word that names no incident in particular ("outages", "downtime", not "the outage") governed by
    a word that makes it hypothetical ("prevent", "avoid", "reduce the risk of")."""
    if any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in SPECIFIC) for c in trigger.children):
        return False
    if _waiting_to_happen(trigger) or _habitual_clause(trigger) or _names_a_product(trigger):
        return True
    if _guarded_against(trigger) or _breach_of_terms(trigger) or _planned(trigger):
        return True
    if trigger.dep_ == "compound" and _guarded_against(phrase_head(trigger)):
        return True  # "power" in "running through a power failure"
    return any(a.lower_ in cues for a in list(trigger.ancestors)[:4])


CONDITIONS = {"when", "whenever", "if", "unless", "once"}


def _habitual_clause(trigger) -> bool:  # type: ignore[no-untyped-def]
    """ "warns users when data is exposed", "if a region goes down": a present-tense clause of condition tells what
    happens whenever it happens, not that it happened."""
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    marked = any(c.lower_ in CONDITIONS and c.dep_ in ("advmod", "mark") for c in clause.children)
    present = clause.tag_ in ("VBZ", "VBP") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") for c in clause.children
    )
    return marked and present


DEFENCES = {"protection", "mitigation", "prevention", "defence", "defense", "detection", "insurance", "service",
            "tool", "market", "spending", "product", "vendor", "firewall", "solution", "provider",
            "specialist", "recovery", "backup", "resilience", "readiness", "preparedness", "awareness", "training",
            "drill", "simulation", "response", "responder", "suppression", "engineering", "experiment", "test",
            "testing"}  # fmt: skip
# "zero-downtime capacity", "a staged outage", "no unplanned downtime": no incident that happened.
UNREAL = {"zero", "staged", "simulated", "mock", "fake", "hypothetical", "planned", "scheduled", "no"}
# "recover from ransomware", "protect against outages", "the cost of downtime": what the incident word is held
# off from, or priced as, is no incident in particular.
GUARDING_VERBS = {"recover", "protect", "defend", "shield", "guard", "safeguard", "secure", "insure", "cost"}
GENERIC_OWNERS = {"cost", "costs", "price", "threat", "threats", "spectre", "fear", "fears", "age", "era"}
AGREEMENTS = {"term", "terms", "contract", "agreement", "rule", "rules", "law", "laws", "regulation", "obligation",
              "duty", "covenant", "code", "condition", "conditions", "policy", "policies"}  # fmt: skip


def _names_a_product(trigger) -> bool:  # type: ignore[no-untyped-def]
    """ "DDoS mitigation services", "Azure DDoS Protection", "ransomware insurance": the incident word names what a
    product defends against, not an incident."""
    head = phrase_head(trigger)
    return head is not trigger and head.lemma_.lower() in DEFENCES


def _guarded_against(trigger) -> bool:  # type: ignore[no-untyped-def]
    """ "recover from ransomware", "the cost of downtime for a large bank": no incident in particular."""
    head = trigger.head
    if any(c.lower_ in UNREAL and c.dep_ in ("amod", "compound", "det", "nummod") for c in trigger.children):
        return True
    if trigger.dep_ == "nsubj" and head.lemma_.lower() in GUARDING_VERBS:
        return True  # "an hour of downtime now costs them more than a year of colocation"
    if trigger.dep_ == "pobj" and head.lower_ in ("from", "against", "of", "through"):
        owner = head.head
        running = head.lower_ == "through" and owner.lemma_.lower() in ("run", "keep", "operate", "stay", "ride")
        priced = owner.dep_ == "nsubj" and owner.head.lemma_.lower() in GUARDING_VERBS  # "an hour of downtime costs"
        return owner.lemma_.lower() in GUARDING_VERBS or owner.lower_ in GENERIC_OWNERS or running or priced
    return False


def _breach_of_terms(trigger) -> bool:  # type: ignore[no-untyped-def]
    """ "had breached the terms of use", "a breach of contract": a broken agreement, not a security breach."""
    if trigger.lemma_.lower() != "breach":
        return False
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    objects += [p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
    return any(o.lemma_.lower() in AGREEMENTS for o in objects)


def _planned(trigger) -> bool:  # type: ignore[no-untyped-def]
    """ "some of our services will be unavailable between 1am and 6am on Sunday": planned work, told ahead."""
    verb = trigger.head if trigger.dep_ in ("acomp", "attr", "advmod") else trigger
    if verb.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in verb.children):
        return True
    # "Planned maintenance: Barclays app and Online Banking unavailable early Sunday"
    return any(
        a.lemma_.lower() in ("maintenance", "work", "upgrade", "outage", "downtime")
        and any(c.lower_ in ("planned", "scheduled") for c in a.children)
        for a in [trigger, *list(trigger.ancestors)[:3]]
    )


def _waiting_to_happen(trigger) -> bool:  # type: ignore[no-untyped-def]
    """ "a breach waiting to happen": a risk, not an event."""
    return any(c.lemma_ == "wait" and any(t.lemma_ == "happen" for t in c.subtree) for c in trigger.children)


def kind_votes(sentences: Iterable[Sentence], title_weight: float = 2.0) -> dict[str, float]:
    """Weighted votes for each event kind over the triggers in the sentences."""
    votes: dict[str, float] = dict.fromkeys(KIND_PRIORITY, 0.0)
    for s in sentences:
        weight = title_weight if s.para < 1 else 1.0
        for kind, words in s.triggers.items():
            for w in words:
                voted = "outage" if AVAILABILITY_ATTACK.search(w) else kind
                votes[voted] = votes.get(voted, 0.0) + weight * (0.3 if w in WEAK_TRIGGERS else 1.0)
    return votes


# A flood of traffic takes a service down without getting into it: what people suffer is an outage.
AVAILABILITY_ATTACK = re.compile(r"\bddos\b|\bdenial.of.service\b", re.I)


def ai_actor_harm(sentence: Sentence) -> bool:
    """An AI tool is the actor of harm: "the agent deleted the database", "the extension shipped a wiper prompt"."""
    lex = lexicon()
    actors = lex.find("ai_actors", sentence.span)
    if not actors:
        return False
    harm = lex.words("harm_verbs")
    for _, span in actors:
        head = span.root
        while head.dep_ in ("compound", "amod", "poss", "det", "nmod") and head.head.i != head.i:
            head = head.head
        if head.dep_ in ("nsubj", "nsubjpass", "agent", "pobj") and head.head.lower_ in harm:
            return True
        if head.head.dep_ == "agent" and head.head.head.lower_ in harm:
            return True
    text = sentence.lower
    return bool(
        (
            re.search(
                r"\b(ai|agent|assistant|copilot|cli|extension)\b[^.]{0,60}(\b(deleted|wiped|erased|destroyed|wipe|delete|"
                r"overwrote|dropped)\b|\brm -rf)",
                text,
            )
            and "data_loss" in sentence.triggers
        )
        or "prompt injection" in text
        or "wiper" in text
    )


def classify_kind(sentences: list[Sentence]) -> str:
    """The event kind from its sentences' triggers; an AI tool doing harm makes it an AI coding incident."""
    votes = kind_votes(sentences)
    if sum(1 for s in sentences if ai_actor_harm(s)) >= 1 and (votes["data_loss"] + votes["security_incident"]) > 0:
        return "ai_coding_incident"
    top = max(votes.values())
    if top == 0:
        return "outage"
    if votes["outage"] + votes["degradation"] == 0:
        return max(("data_loss", "security_incident"), key=lambda k: votes[k])  # nothing says anything went down
    # data loss and security incidents are rarer and more specific than outages: they need a real share.
    for kind in ("data_loss", "security_incident"):
        if votes[kind] >= 0.6 * top and votes[kind] >= 1.5:
            return kind
    return max(("outage", "degradation"), key=lambda k: (votes[k], k == "outage"))


def _hours(number: str, unit: str) -> float | None:
    word = WORD_NUMBERS.get(number.lower())
    try:
        value = float(word) if word is not None else float(number)
    except ValueError:
        return None
    return value * UNIT_HOURS[unit.lower()]


def duration_hours(sentences: list[Sentence]) -> float | None:
    """The reported duration, from the most specific phrasing found ("lasted about six hours")."""
    for pattern in DURATION_PATTERNS:
        found = []
        for s in sentences:
            for match in pattern.finditer(s.text):
                hours = _hours(match.group(1), match.group(2))
                if hours is not None and 0 < hours <= 24 * 60:
                    found.append(hours)
        if found:
            return Counter(found).most_common(1)[0][0]
    return None


def severity(sentences: list[Sentence]) -> str | None:
    """A severity label the sources use (Sev-1, P1), normalised."""
    for s in sentences:
        match = SEVERITY.search(s.text)
        if match:
            if match.group(2):
                level = SEV_WORDS.get(match.group(2).lower(), match.group(2))
                return f"Sev-{level}"
            return f"P{match.group(4)}"
    return None


IMPACT_WORDS = re.compile(
    r"\b(unable|could ?n[o']t|cannot|can't|failed|failing|fail|trouble|problems?|issues?|errors?|outages?|down|"
    r"disrupt\w*|unavailable|offline|inaccessible|affected|impacted|hit|broke|broken|stopped|interrupt\w*|"
    r"degraded|slow|knocked|lost|deleted|wiped)\b",
    re.I,
)
SERVICE_WINDOW = 10


def _near_impact(sentence: Sentence, start: int, end: int) -> bool:
    """A service phrase counts when an impact word stands within a few tokens of it."""
    doc = sentence.span.doc
    lo = max(sentence.span.start, start - SERVICE_WINDOW)
    hi = min(sentence.span.end, end + 4)
    return bool(IMPACT_WORDS.search(doc[lo:hi].text))


def services(sentences: list[Sentence], company: str, companies: CompanyIndex) -> list[str]:
    """Affected products and functions: named close to an impact word in the incident's sentences."""
    lex = lexicon()
    found: Counter[str] = Counter()
    family = companies.family(company)
    for s in sentences:
        for label, span in lex.find("services", s.span):
            if _near_impact(s, span.start, span.end):
                found[label] += 1
        for m in s.companies:
            if m.via == "product" and m.company in family and _near_impact(s, m.start, m.end):
                found[m.text] += 1
    generic = {"website", "app", "files", "cloud resources", "search", "video calls", "email", "internet"}
    names = [name for name, _ in found.most_common() if name not in generic or found[name] >= 2]
    return names[:8]
