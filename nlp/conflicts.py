"""Claims that cannot both be true, about the same event and topic.

No verdict: both sides stay, with sources and dates. Three shapes:

- a denial or limitation against an assertion of the same thing ("only one
  incident involved AI tools" against a leaked document tying several to AI);
- two sources giving the same measure with figures far apart ("about 400
  customers" against "775 customers": often a later statement contradicting
  an earlier one);
- two sources naming incompatible causes (an attack against a configuration
  change).

Sides come from different camps (the company's official voice, its
internal documents, each outside source), because a company elaborating its
own account is not contradicting itself; figures are the exception. Each
denial is paired with the strongest assertion it answers (a leaked document
outranks a newspaper's paraphrase), so one denial makes one conflict.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from itertools import pairwise

import numpy as np

from nlp.attribution import SELF_SPEAKING_BODIES
from nlp.incidents import WORD_NUMBERS
from nlp.records import ANSWERS_NOTE, ClaimRecord, ConflictRecord

EVIDENCE_BONUS = {"internal_document": 0.15, "regulator_filing": 0.1, "postmortem": 0.1, "status_page": 0.05}
EVIDENCE_RANK = ["internal_document", "regulator_filing", "postmortem", "status_page", "executive",
                 "anonymous_source", "researcher", "media_report", "social_media", "spokesperson"]  # fmt: skip
OFFICIAL = {"spokesperson", "executive", "postmortem", "status_page"}
OWN_PAGES = {"postmortem", "status_page"}
SAME_PROPOSITION = 0.70
STORY_CHANGE_DAYS = 3  # statements this far apart are two statements, not two parts of one
STORY_TOPICS = {"scope", "impact", "cause", "ai_involvement"}  # remediation progresses; that is not a new story
SHARED_FACET_PROPOSITION = 0.30
FACETS = {
    "attack": r"cyber|hack|attack|malicious|intrusion|ddos|denial.of.service|ransomware|breach|criminal|sabotage|"
    r"on purpose|deliberate|threat actor|nation.state|state.sponsored|cyber.?crim",
    "ai": r"\bai\b|artificial intelligence|generative|llm|agent|copilot|assistant|ai-",
    "change": r"config\w*|update|upgrade|maintenance|deploy\w*|\bchange\b|bug|software|script|command|\bcode\b|"
    r"null pointer|error handling|exception",
    "traffic": r"traffic|\b(over)?loads?\b|overloaded|surge|demand|promotion|spike|volume",
    "technical": r"technical (issue|problem|fault|error|glitch|failure)|glitch|internal (issue|error|problem)",
    "hardware": r"\bpower\b|\bfires?\b|hardware|cooling|\bfib(er|re)\b|\bcables?\b|data cent(er|re)",
    "data": r"\bdata\b|files|records|database|information|backup",
    "restore": r"restor|recover|rollback|roll back|back online|undo|bring back|brought back",
    "review": r"review|meeting|investigation|inquiry|probe",
    "weather": r"weather|\bstorms?\b|\bsnow\w*|\bwinter\b|\b(ice|icy)\b|hurricane|\bflood\w*",
    "legacy": r"outdated|legacy|old technology|modernis|moderniz|underinvest|antiquated|technology",
    "staffing": r"outsourc|offshor|job cuts|cost-cutting|cost cutting|redundan|staffing|layoff",
    "human": r"human error|engineer|mistake|manual|operator error|user error",
    "third_party": r"third.party|provider|vendor|supplier|contractor|partner|carrier",
    "testing": r"test(ing|ed)?\b|go-live|readiness",
    "count": r"\d|\b(only|small number|handful|fraction|few|many|all|every)\b",
}
CAUSES = {
    "attack",
    "technical",
    "change",
    "traffic",
    "hardware",
    "ai",
    "weather",
    "legacy",
    "staffing",
    "human",
    "third_party",
}
GENERIC_FACETS = {
    "count",
    "change",
    "legacy",
    "human",
    "third_party",
}  # too common to show two claims speak of one thing
NON_ANSWER = re.compile(
    r"\b(did not|didn't|has not|hasn't|would not|wouldn't|declined to|refused to|did not immediately)\s+"
    r"(say|said|name|named|comment|respond|disclose|specify|elaborate|confirm or deny|give|provide|reply|answer|"
    r"return)\b",
    re.I,
)
# Exact counts as news style spells them ("a seven-hour outage", "within about two hours"); "a few" and "several"
# are no figure to set against another.
SPELLED = {word: n for word, n in WORD_NUMBERS.items() if word.isalpha() and word not in ("a", "an", "several")}
AMOUNT = rf"\d[\d,.]*|\b(?:{'|'.join(SPELLED)})\b"
UNIT = re.compile(
    rf"({AMOUNT})[\s-]*(%|per ?cent|million|thousand)?\s*(?:[A-Za-z][\w-]*\s+)?"
    r"(customers|users|sites|accounts|people|calls|hours?|minutes?|"
    r"days?|incidents|businesses|companies|organi[sz]ations|websites|emergency calls|devices|passengers|flights)\b",
    re.I,
)
MEASURED_TOPICS = {"scope", "impact", "duration"}
HARM_TOPICS = {"scope", "impact"}  # who was hit and what it did to them: one question, often told as either
TIME_UNITS = {"hour", "minute", "day"}
OUTAGE_LENGTH = re.compile(
    r"\b(last(ed|ing)?|(down|offline|out|unavailable|disrupted|dark) for|outage of|(restored|recovered|resolved|"
    r"back( online| up)?|fixed) (after|within|in)|"
    r"took .{0,40}\bto (fully )?(recover|restore|resolve|come back|be (fixed|resolved|restored))|"
    rf"(recovery|outage|disruption|downtime) took|({AMOUNT})[- ](hour|minute|day)[- ](long|outage|disruption))\b",
    re.I,
)
MEMBERS = r"(customers|users|subscribers|clients|members)\b"
BASE_SIZE = rf"(more than |over |about |some |nearly |roughly |around )?({AMOUNT})( million| thousand)?\s+([\w-]+\s+)?"
CUSTOMER_BASE = re.compile(
    rf"\b(counts|serves|boasts|has|have|with)\s+{BASE_SIZE}{MEMBERS}|"
    rf"\bof (its|their|the company's|the bank's|the airline's) {BASE_SIZE}{MEMBERS}|"
    r"\b(customer|user|subscriber) base of\b",
    re.I,
)
DAYS = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)"
WINDOWED = re.compile(
    rf"\b(on|by|since|until|through) {DAYS}\b|\bbetween\b.{{0,40}}\band\b|\bso far\b|\bper (day|hour|week)\b|"
    r"\b(a|each|every) (day|hour|week)\b",
    re.I,
)


def facets(text: str) -> set[str]:
    low = text.lower()
    return {name for name, pattern in FACETS.items() if re.search(pattern, low)}


def figures(text: str) -> dict[str, float]:
    """Measures a claim states: unit -> value ("775 customers" -> {"customer": 775})."""
    out: dict[str, float] = {}
    for number, scale, unit in UNIT.findall(text):
        value = _amount(number)
        if value is None:
            continue
        value *= {"million": 1e6, "thousand": 1e3}.get((scale or "").lower(), 1)
        # The first figure is the one asserted: "a seven-hour outage, not a two-hour one".
        out.setdefault(unit.lower().rstrip("s"), value)
    return out


def _amount(number: str) -> float | None:
    if number.lower() in SPELLED:
        return float(SPELLED[number.lower()])
    try:
        return float(number.replace(",", "").rstrip("."))
    except ValueError:
        return None


def measures(claim: ClaimRecord) -> dict[str, float]:
    """The figures of a claim that measure the incident: none where it gives the customer base ("it counts more
    than 200,000 cloud customers" is everyone, not those hit), and a time only as the outage's length ("within 10
    minutes the cause was found" times a response, not the outage)."""
    if CUSTOMER_BASE.search(claim.quote):
        return {}
    found = figures(claim.quote)
    if OUTAGE_LENGTH.search(claim.quote):
        return found
    return {unit: value for unit, value in found.items() if unit not in TIME_UNITS}


def camp(claim: ClaimRecord) -> str:
    """Whose voice: the company's official one, its internal papers, or one outside source."""
    if claim.attribution == "internal_document" or claim.channel == "internal":
        return "internal"
    if claim.attribution in OFFICIAL and not _speaks_for_a_body(claim.speaker):
        return "official"
    return f"{claim.attribution}:{claim.speaker.lower()}"


def _speaks_for_a_body(speaker: str) -> bool:
    """ "The GMB union", "the pilots' association": a spokesperson, but not the company's."""
    words = speaker.lower().split()
    return bool(words) and words[-1] in SELF_SPEAKING_BODIES


def said_on(claim: ClaimRecord) -> datetime | None:
    """When the statement was made: its own date where the text gives one, else its report's."""
    if claim.stated_at is not None:
        return datetime.combine(claim.stated_at, time())
    return claim.published_at


def is_non_answer(claim: ClaimRecord) -> bool:
    """ "declined to comment", "TSB did not say how many": silence, not a denial. Only where the silence is the
    whole claim: "caused by a technical issue …, and did not give further details" still names a cause, and in
    "that the dashboard didn't say a word" or "performance testing did not provide the evidence" the silent one
    is the subject of someone's claim, not the speaker."""
    match = NON_ANSWER.search(claim.quote)
    if match is None:
        return False
    before = claim.quote[: match.start()].split()
    return len(before) <= 3 and not (before and before[0].lower() == "that")


def same_proposition(a: ClaimRecord, b: ClaimRecord, va: np.ndarray, vb: np.ndarray) -> bool:
    """Whether two claims on one topic speak of the same thing, not merely the same topic."""
    if a.topic == "ai_involvement" and "ai" in facets(a.quote) and "ai" in facets(b.quote):
        return True
    if scope_clash(a, b):
        return True
    similarity = float(np.dot(va, vb))
    shared = (facets(a.quote) & facets(b.quote)) - GENERIC_FACETS
    if a.topic == b.topic == "cause" and b.stance == "denies":
        shared |= facets(a.quote) & ruled_out(b.quote)  # "a software update went wrong", "no update was involved"
    if a.topic == b.topic and a.topic in MEASURED_TOPICS:
        shared |= measures(a).keys() & measures(b).keys()  # "a seven-hour outage, not a two-hour one", "two hours"
    return similarity >= SAME_PROPOSITION or (bool(shared) and similarity >= SHARED_FACET_PROPOSITION)


POPULATION = (
    r"(customers?|users?|clients?|accounts?|passengers?|subscribers?|branches|members|businesses|sites|"
    r"seats)"
)
BROAD = re.compile(
    rf"\b(all|every|each) (of )?(its |the |their |\w+'s )?([\w-]+ ){{0,3}}{POPULATION}\b(?! (whose|who|that|which))|"
    rf"\b(a )?(significant|large|substantial|sizeable|huge) (proportion|number|share|portion|part) of\b|"
    rf"\b(many|most|millions of|thousands of|hundreds of thousands of) ([\w-]+ ){{0,2}}{POPULATION}\b",
    re.I,
)


def scope_clash(a: ClaimRecord, b: ClaimRecord) -> bool:
    """One side limits who was hit ("the vast majority were running normally", "less than 1% of customers"), the
    other says it was most or all of them ("all of its support system users", "a significant proportion"):
    the same question answered two ways, whichever topic the words were filed under."""
    limit, broad = (a, b) if a.stance == "limits" else (b, a)
    if limit.stance != "limits" or broad.stance != "asserts" or not {a.topic, b.topic} <= MEASURED_TOPICS:
        return False
    many, base = BROAD.search(broad.quote), CUSTOMER_BASE.search(broad.quote)
    if many is None or (base is not None and base.start() <= many.start() and many.end() <= base.end()):
        return False  # "of its 1,900,000 customers" is the whole base, not those hit
    return re.search(POPULATION, limit.quote, re.I) is not None


def conflict_id(event_id: str, a: str, b: str) -> str:
    return "cf_" + hashlib.sha256(f"{event_id}|{a}|{b}".encode()).hexdigest()[:14]


def _describe(topic: str, a: ClaimRecord, b: ClaimRecord, shape: str) -> str:
    def side(c: ClaimRecord) -> str:
        said = said_on(c)
        when = said.date().isoformat() if said else "undated"
        return f"{c.speaker} ({c.attribution.replace('_', ' ')}, {when}) {c.stance}"

    return f"{topic.replace('_', ' ')} ({shape}): {side(a)} vs {side(b)}"


def _record(
    event_id: str, a: ClaimRecord, b: ClaimRecord, now: datetime, shape: str, topic: str | None = None
) -> ConflictRecord:
    first, second = sorted((a, b), key=lambda c: (c.published_at or now, c.claim_id))
    withdrawn = a.withdrawn_revision is not None or b.withdrawn_revision is not None
    topic = topic or a.topic
    if a.topic != b.topic and {a.topic, b.topic} <= HARM_TOPICS:
        topic = "scope"  # who was hit, told by one side as the harm done: the question is how far it reached
    return ConflictRecord(
        conflict_id=conflict_id(event_id, first.claim_id, second.claim_id),
        event_id=event_id,
        claim_a=first.claim_id,
        claim_b=second.claim_id,
        topic=topic,
        description=_describe(topic, first, second, shape),
        status="retracted" if withdrawn else "open",
        detected_at=now,
    )


def _rivals(a: ClaimRecord, b: ClaimRecord) -> bool:
    """Two sides can contradict: different camps, or one outside source answering another later."""
    if camp(a) != camp(b):
        return True
    return a.attribution not in OFFICIAL and a.speaker.lower() != b.speaker.lower()


def _story_changed(a: ClaimRecord, b: ClaimRecord) -> bool:
    """One camp at different times: a company that denied or limited something and later asserted it (or the
    reverse) has changed its story, which is the disagreement an analyst most needs to see."""
    first, second = said_on(a), said_on(b)
    if first is None or second is None or a.topic not in STORY_TOPICS:
        return False
    dated = a.stated_at is not None and b.stated_at is not None  # "said in August …, before saying in December"
    if a.doc_id == b.doc_id and {a.attribution, b.attribution} <= OWN_PAGES and not dated:
        return False  # a company's own report recapping what it said before is elaborating, not recanting
    return abs((first - second).days) >= STORY_CHANGE_DAYS


def _same_figures(a: ClaimRecord, b: ClaimRecord) -> bool:
    """Both give the same figure for the same measure ("45% restored", "about 45 percent restored"): they agree,
    whatever the scope words around the figure suggest."""
    fa, fb = figures(a.quote), figures(b.quote)
    return any(fa[unit] == fb[unit] for unit in fa.keys() & fb.keys())


def find_conflicts(
    event_id: str, claims: list[ClaimRecord], vectors: dict[str, np.ndarray], now: datetime
) -> list[ConflictRecord]:
    """Conflicts among one event's distinct statements (claims with `same_as` unset)."""
    distinct = [c for c in claims if c.same_as is None and not is_non_answer(c)]
    out: dict[str, ConflictRecord] = {}
    answered: set[str] = set()  # claims already on one side of a conflict of the denial shape
    carried: dict[str, set[str]] = {c.claim_id: {c.doc_id} for c in distinct}  # documents carrying each statement
    for c in claims:
        if c.same_as in carried:
            carried[c.same_as].add(c.doc_id)
    for record in [
        *_named_answers(event_id, distinct, claims, now),
        *_denials(event_id, distinct, vectors, now, carried),
    ]:
        out.setdefault(record.conflict_id, record)
        answered |= {record.claim_a, record.claim_b}
    for record in [
        *_figures(event_id, distinct, now),
        *_causes(event_id, distinct, now, answered, carried),
        *_recovery(event_id, distinct, now),
        *_estimates(event_id, distinct, now),
        *_rebuttals(event_id, distinct, claims, vectors, now, answered),
    ]:
        out.setdefault(record.conflict_id, record)
    return _one_per_disagreement(list(out.values()), {c.claim_id: c for c in distinct}, carried)


def _one_per_disagreement(
    records: list[ConflictRecord], by_id: dict[str, ClaimRecord], carried: dict[str, set[str]]
) -> list[ConflictRecord]:
    """One statement answered by one voice in several outlets' words is one disagreement: keep the best-evidenced
    answer (the company's own report before its retellings) and the answer each article carrying the statement
    sets beside it, not every retelling; then the same from the answer's side."""
    for side in ("asserted", "answer"):
        records = _fewest_retellings(records, by_id, carried, side)
    return records


def _fewest_retellings(
    records: list[ConflictRecord], by_id: dict[str, ClaimRecord], carried: dict[str, set[str]], fixed: str
) -> list[ConflictRecord]:
    groups: dict[tuple[str, str, str], list[tuple[ConflictRecord, ClaimRecord, ClaimRecord]]] = {}
    kept = []
    for record in records:
        a, b = by_id[record.claim_a], by_id[record.claim_b]
        asserted, answer = (a, b) if b.stance in ("denies", "limits") else (b, a)
        if asserted.stance != "asserts" or answer.stance not in ("denies", "limits"):
            kept.append(record)
            continue
        one, other = (asserted, answer) if fixed == "asserted" else (answer, asserted)
        groups.setdefault((record.topic, one.claim_id, camp(other)), []).append((record, one, other))

    def articles(item: tuple[ConflictRecord, ClaimRecord, ClaimRecord]) -> set[str]:
        return carried.get(item[1].claim_id, set()) & carried.get(item[2].claim_id, set())

    def rank(item: tuple[ConflictRecord, ClaimRecord, ClaimRecord]) -> tuple[int, datetime, str]:
        other = item[2]
        evidence = EVIDENCE_RANK.index(other.attribution) if other.attribution in EVIDENCE_RANK else 99
        return (evidence, other.published_at or datetime.max, other.claim_id)

    for members in groups.values():
        ordered = sorted(members, key=rank)
        picked = {ordered[0][0].conflict_id: ordered[0][0]}
        beside: dict[str, ConflictRecord] = {}
        for item in ordered:  # each article that sets the two side by side keeps its own pair
            for article in articles(item):
                beside.setdefault(article, item[0])
        kept.extend({**picked, **{r.conflict_id: r for r in beside.values()}}.values())
    return kept


def _named_answers(
    event_id: str, distinct: list[ClaimRecord], claims: list[ClaimRecord], now: datetime
) -> list[ConflictRecord]:
    """A denial whose note names the statement it answers ("dismissed that theory"), against that statement."""
    canonical = {c.claim_id: c for c in distinct}
    found = []
    for denial in distinct:
        if not (denial.note or "").startswith(ANSWERS_NOTE):
            continue
        quote = (denial.note or "")[len(ANSWERS_NOTE) :]
        target = next((c for c in claims if c.doc_id == denial.doc_id and c.quote == quote), None)
        target = canonical.get(target.same_as or target.claim_id) if target is not None else None
        if target is not None and target.claim_id != denial.claim_id:
            found.append(_record(event_id, target, denial, now, "denied", topic=target.topic))
    return found


def _denials(
    event_id: str,
    claims: list[ClaimRecord],
    vectors: dict[str, np.ndarray],
    now: datetime,
    carried: dict[str, set[str]],
) -> list[ConflictRecord]:
    """Each denial against the assertions it answers: the closest in meaning, the strongest in evidence, the
    closest that an article carrying the denial sets beside it, and the closest the same voice made at another
    time (a changed story)."""
    found = []
    for denial in (c for c in claims if c.stance in ("denies", "limits") and not _about_itself(c)):
        rivals = [
            c
            for c in claims
            if (c.stance == "asserts" or _speculation(c))
            and not NO_FINDING.search(c.quote)
            and _answerable(c, denial)
            and not _same_figures(c, denial)
            and not _other_cause(c, denial)
            and not _rules_out_too(c, denial)
            and same_proposition(c, denial, vectors[c.claim_id], vectors[denial.claim_id])
        ]
        if not rivals:
            continue
        closeness = {c.claim_id: float(np.dot(vectors[c.claim_id], vectors[denial.claim_id])) for c in rivals}
        closest = max(rivals, key=lambda c: closeness[c.claim_id])
        strongest = max(rivals, key=lambda c: closeness[c.claim_id] + EVIDENCE_BONUS.get(c.attribution, 0.0))
        picked = {closest.claim_id: closest, strongest.claim_id: strongest}
        # An article that sets the denial against an assertion has paired them itself.
        beside = [c for c in rivals if carried.get(c.claim_id, set()) & carried.get(denial.claim_id, set())]
        changed = [c for c in rivals if camp(c) == camp(denial) and _story_changed(c, denial)]
        for group in (beside, changed):
            if group:
                nearest = max(group, key=lambda c: closeness[c.claim_id])
                picked.setdefault(nearest.claim_id, nearest)
        for rival in picked.values():
            found.append(_record(event_id, rival, denial, now, "denied", topic=rival.topic))
    return found


NO_FINDING = re.compile(
    r"\b(no|not (seen|found|identified)( any)?|nor (seen|found)( any)?) (evidence|indications?|signs?) (of|that)\b|"
    r"\bnever had access\b",
    re.I,
)


def _speculation(claim: ClaimRecord) -> bool:
    """ "Users on X were quick to speculate that the network had been hit by a cyberattack": an outside voice's
    guess at the cause is what a company's denial answers, hedged or not."""
    return claim.stance == "hedges" and claim.topic == "cause" and camp(claim) not in ("official", "internal")


def _other_cause(asserted: ClaimRecord, denial: ClaimRecord) -> bool:
    """ "It was not a DDoS attack" does not answer "a configuration change caused it": the two agree."""
    if asserted.topic != "cause":
        return False
    denied, named = facets(denial.quote) & CAUSES, facets(asserted.quote) & CAUSES
    return bool(denied) and bool(named) and not denied & named


def _rules_out_too(asserted: ClaimRecord, denial: ClaimRecord) -> bool:
    """ "The report makes no mention of the cyberattack" against "no indication of an attack": filed as an
    assertion, it rules out the same cause the denial does, so the two agree."""
    return asserted.topic == "cause" and bool(ruled_out(asserted.quote) & facets(denial.quote) & CAUSES)


def _about_itself(denial: ClaimRecord) -> bool:
    """An outside firm saying it was not hit ("no 1Password user data had been accessed", "none of its own
    customers were affected"): about the firm, not a denial of what others say about the incident."""
    if camp(denial) in ("official", "internal"):
        return False
    if re.search(r"\b(its|their|our) own\b", denial.quote, re.I):
        return True
    names = [w for w in re.findall(r"[A-Z][\w&.-]+|\d\w*[A-Z]\w*", denial.speaker) if w.lower() not in ("the", "a")]
    return any(re.search(rf"\b(no|none of|not)\b[^.]{{0,30}}\b{re.escape(n)}\b", denial.quote) for n in names)


def _answerable(asserted: ClaimRecord, denial: ClaimRecord) -> bool:
    """Whether an assertion can be what a denial contradicts: same topic, from a rival or from the same voice
    at another time."""
    changed = _story_changed(asserted, denial)
    same_question = (
        asserted.topic == denial.topic
        or scope_clash(asserted, denial)
        # One voice, months apart: "no evidence customer data was accessed", then "customer data was copied".
        or (changed and {asserted.topic, denial.topic} == HARM_TOPICS)
    )
    return same_question and (_rivals(asserted, denial) or changed)


def _figures(event_id: str, claims: list[ClaimRecord], now: datetime) -> list[ConflictRecord]:
    """The same measure given with figures more than a third apart, by different sources or at different times."""
    found = []
    measured = [(c, measures(c)) for c in claims if c.topic in MEASURED_TOPICS and c.stance != "hedges"]
    for i, (a, fa) in enumerate(measured):
        for b, fb in measured[i + 1 :]:
            if a.doc_id == b.doc_id or (camp(a) == camp(b) and said_on(a) == said_on(b)):
                continue
            if WINDOWED.search(a.quote) or WINDOWED.search(b.quote):
                continue  # "2,900 flights on Monday" and "17,000 between 21 and 30 December" count different spans
            for unit in fa.keys() & fb.keys():
                lo, hi = sorted((fa[unit], fb[unit]))
                if lo >= 1 and (hi - lo) / hi > 0.34:
                    found.append(
                        _record(
                            event_id,
                            a,
                            b,
                            now,
                            "figures differ",
                            topic="scope" if "scope" in (a.topic, b.topic) else a.topic,
                        )
                    )
                    break
    return found


CAUSAL_CUE = re.compile(
    r"\b(caused by|cause (was|of)|root cause|due to|because of|blamed?|to blame|triggered by|trigger was|result of|"
    r"perpetrated by|carried out by|the work of|"
    r"resulted from|stemm\w* from|traced (back )?to|attributed (it |the \w+ )?to|responsible|behind (it|the)|"
    r"put (it |the \w+ )?down to|pinned (it |the \w+ )?on|has to be|must have been|pointed (to|at)|"
    r"(real |actual |underlying )?(problem|issue|reason|culprit) was|was (down|due) to|set off|setting off|"
    r"set (this|it|that|things|the \w+) off|"
    r"was a (failure|fault|problem) (in|inside|with|of)|"
    # a cause named as the subject ("a null pointer caused the binary to crash"), judged as it looks, or owned
    r"caused|(bears?|bore|has|had|have) (all )?the (hallmarks|marks) of|claimed responsibility|"
    r"(took|taken|take|takes|knocked|brought) (\w+ ){0,3}(down|offline|out) (with|using|through))\b",
    re.I,
)


CONTRAST = re.compile(
    r"\b(real|actual|underlying|true|bigger|deeper) (problem|issue|reason|cause|culprit|story)\b|\brather than\b|"
    r"\bnot (just|only|simply|merely)\b|\binstead\b|\bturned (a|the) .{0,30} into\b",
    re.I,
)


TURNED_INTO = re.compile(r"\b(turned|made|transformed) (a|the) .{0,30} into\b", re.I)
NEGATED_CAUSE = re.compile(
    r"\b(beyond (anything|what)( that)? (could|can|might) be|not|never|rather than|instead of|no longer)\s+"
    r"(\w+\s+){0,2}$",
    re.I,
)


def asserted_cause(quote: str) -> set[str]:
    """The kinds of cause a claim names as the cause: the facets in the words after its causal phrase, or before
    "turned a bad storm into a catastrophe". A cause named only to be ruled out is not asserted."""
    match = CAUSAL_CUE.search(quote)
    if match is None:
        turned = TURNED_INTO.search(quote)
        if turned:
            return facets(quote[: turned.start()]) & CAUSES
        # "a suspected nation-state associated threat actor had gained access": naming the attacker names the cause
        return {"attack"} if attackers(quote) and not NEGATION.search(quote) else set()
    if NEGATED_CAUSE.search(quote[: match.start()]):
        return set()
    argument = " ".join(quote[match.end() :].split()[:14])
    if named := facets(argument) & CAUSES:
        return named
    if blamed_party(quote):
        return {"third_party"}
    # "The extreme winter weather … set this off", "the weather was to blame": the cause is the subject.
    return facets(" ".join(quote[: match.start()].split()[-14:])) & CAUSES


NAMED_PARTY = re.compile(
    r"\b(?:blam\w*|pinned (?:it |the \w+ )?on|pointed (?:the finger )?at|faulted)\s+(?:the\s+)?"
    r"((?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][\w&.-]*)"
)


def blamed_party(quote: str) -> str | None:
    """The organisation a claim blames by name ("users blamed Cloudflare for the wider disruption"): a cause
    outside the company, unless the company is the one named."""
    match = NAMED_PARTY.search(quote)
    return match.group(1) if match else None


def denied_cause(quote: str) -> set[str]:
    """The kinds of cause a claim rules out: "gone beyond anything that could be put down to the weather"."""
    match = CAUSAL_CUE.search(quote)
    if match is None or not NEGATED_CAUSE.search(quote[: match.start()]):
        return set()
    return facets(" ".join(quote[match.end() :].split()[:8])) & CAUSES


NEGATION = re.compile(r"\b(no|not|never|nothing|n't|without)\b", re.I)


def ruled_out(quote: str) -> set[str]:
    """The kinds of cause a denial negates: the facets of the few words after each negation ("no software update
    was involved"), not the cause it offers instead ("…, pointing instead to the configuration")."""
    found: set[str] = set()
    for negation in NEGATION.finditer(quote):
        found |= facets(" ".join(quote[negation.end() :].split()[:6])) & CAUSES
    return found


def _causes(
    event_id: str, claims: list[ClaimRecord], now: datetime, answered: set[str], carried: dict[str, set[str]]
) -> list[ConflictRecord]:
    """An outside source naming a different kind of cause than the company does (an attack, or old technology,
    against a configuration change, or the weather): one conflict per outside claim, against the company's
    strongest account, unless a denial already answers it."""
    found = []

    def together(a: ClaimRecord, b: ClaimRecord) -> bool:
        """One article carries both statements (a syndicated copy counts as well as the original)."""
        return bool(carried.get(a.claim_id, {a.doc_id}) & carried.get(b.claim_id, {b.doc_id}))

    stated = [(c, asserted_cause(c.quote)) for c in claims if c.topic == "cause" and c.stance == "asserts"]
    official = [(c, fc) for c, fc in stated if camp(c) in ("official", "internal") and fc]
    for outside, fo in stated:
        if not fo:
            continue
        if camp(outside) in ("official", "internal") and not CONTRAST.search(outside.quote):
            continue  # the company's voices elaborate one account, unless one sets its cause against another
        party = (blamed_party(outside.quote) or "").lower()
        if fo == {"third_party"} and party and any(party in c.speaker.lower() for c, _ in official):
            continue  # the company blamed by name is the company: no other cause
        others = [
            c for c, fc in official
            if _other_causes(fc, fo, c.quote, outside.quote)
            and (c.speaker.lower() != outside.speaker.lower() or _story_changed(c, outside))
            and (_rivals(c, outside) or camp(outside) == camp(c))
            # a claim a denial already answers is set only against the account its own article gives
            and (outside.claim_id not in answered or together(c, outside))
        ]  # fmt: skip
        for against in _strongest_and_beside(others, outside, now, together):
            found.append(_record(event_id, outside, against, now, "causes differ"))
    for ruling, ruled_out in ((c, denied_cause(c.quote)) for c in claims if c.topic == "cause"):
        named = [
            c for c, fc in official if fc & ruled_out and _rivals(c, ruling)
            # answered elsewhere, a claim still meets the cause its own article sets against it
            and (together(c, ruling) or not {c.claim_id, ruling.claim_id} & answered)
        ]  # fmt: skip
        if ruled_out and named:
            for against in _strongest_and_beside(named, ruling, now, together):
                found.append(_record(event_id, against, ruling, now, "cause ruled out"))
    return found


ATTACKERS = {
    "state": r"nation.state|state.(sponsored|backed|linked|associated|aligned)|government.(backed|linked|sponsored)|"
    r"foreign (government|intelligence)|espionage",
    "crime": r"cyber.?crim\w*|criminal (gang|group|hackers?|actors?|organi[sz]ation)|ransomware (gang|group|operator|"
    r"affiliate|crew)|extortion (gang|group)|financially motivated",
    "insider": r"\binsider\b|rogue (employee|engineer|administrator)|disgruntled",
}


def attackers(quote: str) -> set[str]:
    """Who a claim says attacked: a state, criminals or an insider."""
    low = quote.lower()
    return {name for name, pattern in ATTACKERS.items() if re.search(pattern, low)}


def _other_causes(fa: set[str], fb: set[str], qa: str, qb: str) -> bool:
    """Two accounts name different causes: different kinds ("a configuration change", "an attack"), or one attack
    blamed on different hands ("a suspected nation-state actor", "a cybercrime group")."""
    if not fa & fb:
        return True
    ta, tb = attackers(qa), attackers(qb)
    return "attack" in fa & fb and bool(ta) and bool(tb) and not ta & tb


def _strongest_and_beside(
    candidates: list[ClaimRecord],
    claim: ClaimRecord,
    now: datetime,
    together: Callable[[ClaimRecord, ClaimRecord], bool],
) -> list[ClaimRecord]:
    """The company's strongest account, and the one the claim's own article sets beside it, if another."""
    if not candidates:
        return []
    best = min(candidates, key=lambda c: (EVIDENCE_RANK.index(c.attribution), c.published_at or now))
    beside = [c for c in candidates if together(c, claim) and c is not best]
    return [best, *beside[:1]]


RESTORED = re.compile(
    r"\b(back up|back online|up and running|working (again|normally)|running (normally|smoothly)|"
    r"(fully |largely )?(restored|resolved|recovered)|returned to normal|back to normal|operating normally|"
    r"(are|is|were|was) (now )?live|live again|available again|(fully )?reconnected)\b",
    re.I,
)
STILL_BROKEN = re.compile(
    r"\b(still|continu\w+|remain\w*|persist\w*|ongoing)\b.{0,60}\b(unable|down|offline|fail\w*|reject\w*|"
    r"unavailable|unusable|not working|problems?|issues?|errors?|outage|disrupt\w*|locked out|waiting)\b|"
    r"\b(problems?|issues?|disruption|outage|errors?) (were|was|are|is) (still |)(continuing|ongoing|persisting)\b",
    re.I,
)
RECOVERY_TOPICS = {"duration", "remediation", "scope", "impact"}


def _recovery(event_id: str, claims: list[ClaimRecord], now: datetime) -> list[ConflictRecord]:
    """One source says service is back, another says at the same time or later that it is still failing: the
    company's "back up and running" against customers still locked out. One conflict per recovery claim,
    against the first report that contradicts it."""
    found = []
    restored = [
        c for c in claims if c.topic in RECOVERY_TOPICS and c.stance != "hedges" and RESTORED.search(c.quote)
        and not STILL_BROKEN.search(c.quote)
    ]  # fmt: skip
    broken = [
        c for c in claims if c.topic in RECOVERY_TOPICS and c.stance == "asserts" and STILL_BROKEN.search(c.quote)
    ]
    for fixed in restored:
        when = fixed.published_at or now
        answers = [
            c
            for c in broken
            if c.speaker.lower() != fixed.speaker.lower()
            and when - timedelta(days=1) <= (c.published_at or now) <= when + timedelta(days=3)
        ]
        if answers:
            first = min(answers, key=lambda c: (c.published_at or now, c.claim_id))
            topic = fixed.topic if fixed.topic in ("duration", "remediation") else "duration"
            found.append(_record(event_id, fixed, first, now, "still failing", topic=topic))
    return found


FORECAST = re.compile(
    r"\b(expect\w*|anticipat\w*|estimat\w*|(will|would) (likely |probably )?(be|take|last|remain|stay|continue|"
    r"begin|start|return|come)|likely to (be|take|last|remain)|could take|at least (until|through)|not before|"
    r"no later than|up to \w+ more (days|weeks)|(for|in) (the )?(coming|next) (days|weeks))\b",
    re.I,
)
# A forecast of an end that is near: once that is days past, a new forecast moves it.
NEAR_END = re.compile(
    r"\b(through the day|(later|by the end of) (today|the day)|today|tonight|shortly|soon|within (hours|the hour|"
    r"a few hours)|(a few|several|coming|next few) days|by (the end of )?(monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|tomorrow))\b",
    re.I,
)
ESTIMATE_MOVED_DAYS = 2


def _estimates(event_id: str, claims: list[ClaimRecord], now: datetime) -> list[ConflictRecord]:
    """The company's forecast of a near end to the disruption, overtaken by its next one days later ("expected to
    last at least through the day", then, weeks on, "would begin reconnecting on Monday"): the slipping timeline
    an analyst tracks."""
    forecasts = sorted(
        (c for c in claims if c.topic == "duration" and c.stance != "denies" and camp(c) in ("official", "internal")
         and FORECAST.search(c.quote) and said_on(c) is not None),
        key=lambda c: (said_on(c) or now, c.claim_id),
    )  # fmt: skip
    found = []
    for first, later in pairwise(forecasts):
        if not NEAR_END.search(first.quote):
            continue
        if ((said_on(later) or now) - (said_on(first) or now)).days >= ESTIMATE_MOVED_DAYS:
            found.append(_record(event_id, first, later, now, "estimate moved"))
    return found


REBUTTAL = re.compile(
    r"\b(the|its|that|this|their|the company's|the airline's|the bank's) (statement|account|assurance|reading|claim|"
    r"explanation|version|figure|estimate|advice|sentence|wording|reassurance|promise)s?\b.{0,40}\b(leaves? out|"
    r"ignores?|omits?|understates?|overstates?|claims? more than|misses|does not|doesn't|did not|didn't|is wrong|"
    r"was wrong|falls? short|glosses? over|contradict\w*)|"
    r"\bmore than (it|they|the company|[A-Z]\w+) can (actually |possibly |really )?know\b|"
    r"\b(cannot|can't|can not) (say|claim|know)\b.{0,60}\b(confirmed|nothing|no one|none|every)\b|"
    r"\b(disputed?|disputes|rejects?|rejected|contradicts?|contradicted|challenged?|pushed back on)\b",
    re.I,
)


def _rebuttals(
    event_id: str,
    claims: list[ClaimRecord],
    everything: list[ClaimRecord],
    vectors: dict[str, np.ndarray],
    now: datetime,
    answered: set[str],
) -> list[ConflictRecord]:
    """An outside source answering the company's statement in the same article ("the statement leaves out the
    customers most at risk", "analysts disputed that reading"): against the company's claim on that topic in
    that article that it is closest to. The article's copy of a statement others carried too stands for that
    statement."""
    distinct = {c.claim_id: c for c in claims}
    found = []
    for answer in claims:
        # A rebuttal often negates ("they cannot say that nothing happened"): its words, not its stance, mark it.
        if answer.stance == "limits" or camp(answer) in ("official", "internal") or answer.claim_id in answered:
            continue
        if not REBUTTAL.search(answer.quote):
            continue
        answered_claims = [
            c for c in everything
            if c.doc_id == answer.doc_id and c.topic == answer.topic and camp(c) in ("official", "internal")
            and c.stance in ("denies", "limits", "asserts") and c.claim_id != answer.claim_id
        ]  # fmt: skip
        if answered_claims:
            target = max(answered_claims, key=lambda c: float(np.dot(vectors[c.claim_id], vectors[answer.claim_id])))
            target = distinct.get(target.same_as or target.claim_id, target)
            found.append(_record(event_id, target, answer, now, "disputed"))
    return found
