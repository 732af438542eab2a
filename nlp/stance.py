"""Stance of a reported statement: asserts, denies, limits or hedges.

Stance lives in negations and scope words. A negation counts as a denial
only when it negates the statement itself ("was not caused by", "no data
was lost"), not when it describes the harm ("customers could not log in").
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from nlp.lexicon import lexicon

DENYING_VERBS = {"deny", "reject", "refute", "dispute", "dismiss", "rebuff", "downplay", "contest", "disavow",
                 "push"}  # fmt: skip  # "push" reaches here only as "pushed back on"
HEDGING_VERBS = {"speculate", "suspect", "suggest", "wonder", "fear", "guess", "theorize", "theorise", "decline"}
# Verbs whose negation describes the harm rather than denying a claim.
ACCESS_VERBS = {
    "log", "access", "connect", "use", "make", "receive", "reach", "load", "check", "pay", "call", "send",
    "complete", "book", "withdraw", "work", "function", "respond", "get", "see", "view", "open", "sign", "buy",
    "place", "process", "start", "stream", "resolve", "find", "restore", "recover", "return", "come", "go",
}  # fmt: skip
HARMED = {"customer", "user", "client", "passenger", "traveller", "traveler", "engineer", "staff", "employee",
          "worker", "people", "person", "subscriber", "caller", "member", "business", "merchant", "shopper",
          "developer", "we", "i", "many", "thousand", "million", "team", "operator", "pilot", "crew",
          "patient"}  # fmt: skip
# "did not say how many", "declined to name": silence about a detail, not a denial of the claim.
SILENT_VERBS = {"say", "name", "comment", "respond", "disclose", "specify", "elaborate", "confirm", "give", "provide",
                "reply", "answer", "return", "identify", "detail", "share", "explain"}  # fmt: skip
HEDGE_PATTERN = re.compile(
    r"\b(too (early|soon)|not yet (known|clear)|unclear|(can|could)(not|n't| not) (be )?rule[d]? out|"
    r"investigating (whether|if|the cause|what|why|how)|looking into (whether|what|why|how)|"
    r"working to (understand|determine|identify)|trying to (understand|determine)|"
    r"yet to (determine|confirm)|early indications?|appears? to|appeared to|seems? to|seemed to|"
    r"believed to|thought to|possibly|perhaps|probably|potentially|speculat\w+|rumou?r\w*|"
    r"(it is|it's|it was|remains) (possible|likely|unclear|conceivable)|(has|have|had) not (yet )?ruled out|"
    r"(trying|working|seeking) to (establish|work out|assess|ascertain)|still (working out|establishing|assessing)|"
    r"(investigation|review|inquiry|probe) (was|is|remains|remained) (continuing|ongoing|at an early stage)|"
    r"(could|can|was|is|were|are)(not|n't| not| unable to)( yet)? (estimate|determine|(independently )?verify)|"
    r"unable (at this time |yet )?to (estimate|determine|say|confirm)|(has|have|had) not (yet )?determined|"
    r"(no|not have an?) (eta|estimate|timeline|timeframe)\b|did not give a (date|timeline|timeframe)|"
    r"declined to say whether|(?<!that )(?<!which )(?<!who )(may|might) (well |also )?have (?!to\b)|"
    r"yet to (find|say)|"
    r"(most |more )?likely|could be (higher|larger|more|greater|worse)|to determine (whether|if|how|what|why)|"
    r"examine whether|(examin|assess|review|evaluat|determin)(es|ed|ing) whether|potential)\b",
    re.IGNORECASE,
)
DENIAL_PATTERN = re.compile(
    r"\b(no (evidence|indication|sign)|"
    r"not (identified|detected|uncovered|observed) (any )?(evidence|indications?|signs?)|"
    r"coincidence|user error|nothing to do with|(?<!an )(?<!a )unrelated|inaccurate|"
    r"untrue|rather than (an? |any )?([\w-]+ ){0,2}(flaw|bug|fault|defect|vulnerability|attack|cyberattack|breach|"
    r"hack)|"
    r"misleading|false|incorrect|(just|merely|simply|only) an? (routine|normal|regular|standard)|"
    r"not (a|an|the|related|caused|due|linked|connected|involved|the result)|none of|at no (point|time|stage)|"
    r"no (reason|basis|information|grounds)\W+(\w+\W+){0,2}to (think|believe|suspect|suggest|indicate)|"
    r"not to blame|never (had|gained|got) access|,\s*(and )?not (from|by|because of|due to|the result of)\b|"
    r"(did|does|do|has|have|had) ?(not|n't) (have|had) (a|any) ([\w-]+ ){0,2}(impact|effect)|"
    r"(not|n't) expect (\w+ ){1,4}to have (a|any) ([\w-]+ ){0,2}(impact|effect)|"
    r"(would|will) ?(not|n't) have (a|any) ([\w-]+ ){0,2}(impact|effect)|"
    r"(have|has|had|were|was) not been (affected|impacted|compromised|accessed|breached|touched)|"
    r"highly unlikely|\bnor (do|does|did|have|has|had|is|was|are|were) \w+ (have )?(any )?(evidence|indication|sign)|"
    r"(?<!not )(?<!n't )(?<!not be )(?<!n't be )rul(ed|es|ing) out)\b",
    re.IGNORECASE,
)
LIMIT_PATTERN = re.compile(
    r"\b(only|just) ((about|around|roughly|some) )?(one|two|three|a (few|handful|small|fraction|subset|minority|tiny)|"
    r"\d[\d,.]*%?|some)\b|"
    r"\b(a small (number|group|portion|percentage|subset|fraction)|a handful of|a (tiny |small )?fraction[”\"]? of|"
    r"(largely|mostly|generally) (still )?(working|unaffected|normal|operating|functioning|running|intact)|"
    r"at most|a maximum of|certain ([\w-]+ )?(customers|users|clients|accounts|files|orgs|organi[sz]ations|sites)|"
    r"(?<!not )\bonly (those |the )?(customers|users|clients|accounts|people|members|subscribers)\b|"
    r"\bsome of our (customers|users|clients|members|subscribers)|a very small|"
    r"(close to|near)[- ](normal|pre-incident|usual)|"
    r"specific to|remain(ed|s)? (safely |fully )?(encrypted|secured?|protected|intact)|not among (those|them)|"
    r"a limited number|limited to|(affected|hit|impacted|involved) (only )?a single|(affected|hit|impacted) only|"
    r"small subset|relatively few|fewer than|less than|no more than|isolated|"
    r"partial(ly)?|minority of|(0?\.\d+|1?\d(\.\d+)?|one|a) (per ?cent|%) of|\bbut not\b(?! only)|"
    r"(confined|restricted|contained|isolated) to|"
    r"(the )?(vast |overwhelming )?majority of( [\w,]+){0,4} (customers|users|clients|services|systems),?"
    r"( [\w,]+){0,8} (normally|unaffected|normal|as usual|smoothly|not affected)|"
    r"(running|working|operating) (smoothly|normally) for (the )?(vast |overwhelming )?majority|"
    r"most (customers|users|clients) (were|are|had|have)( now)? (able|unaffected|back|not affected)|"
    r"\bmost [\w -]{0,30}\b(were|was|are|is|remained|remain) (unaffected|not affected|available|working)|"
    r"\b(ran|runs|run|worked|works|affected|hit|exposed|executed|executes) only (in|on|within|inside)\b|"
    r"\bthe rest( of [\w’' -]{1,30})? (were|was|are|is|remained|remain) (unaffected|not affected|open|working))\b",
    re.IGNORECASE,
)
# "Only flights departing from Seattle were held"; not "said only that …", which says little, not less.
OPENS_WITH_ONLY = re.compile(r"^\W*(that |according to [^,]{2,60},\s*)?only\b(?! that)", re.I)
UNDETERMINED = re.compile(
    r"\b(not (yet )?in a position to|yet to (determine|establish|confirm|identify)|too (early|soon) to|"
    r"(has|have|had) not (yet )?(determined|established)|(difficult|hard|impossible) to (say|tell|know|determine)|"
    r"(could|can|would|was|is|were|are)(not|n't| not| unable to)( yet)? (say|tell|predict) "
    r"(when|whether|how|if|what|why|who|exactly))\b",
    re.I,
)
MODALS = {"may", "might", "could"}
NORMATIVE = {"should", "must", "will", "shall", "ought", "'ll"}


# Predicates whose negation denies a claim about an incident ("was not caused by", "did not involve").
DENY_PREDICATES = {
    "cause", "link", "relate", "connect", "involve", "affect", "impact", "access", "compromise", "breach",
    "attack", "steal", "take", "lose", "expose", "lead", "result", "stem", "trigger", "blame", "exist", "find",
    "see", "detect", "indicate", "show", "occur", "happen", "play", "touch", "reach", "hit", "exfiltrate", "leak",
    "use", "generate", "write", "support", "substantiate", "corroborate", "confirm", "back", "make", "change",
    "suffer", "experience", "encounter", "sustain", "believe", "think", "pay", "deploy", "install",
}  # fmt: skip
# Nouns that make "X was not a …" a denial ("was not an attack", "not an IT failure").
DENIED_NOUNS = {
    "attack", "cyberattack", "hack", "breach", "intrusion", "failure", "outage", "incident", "cause", "error",
    "fault", "problem", "issue", "factor", "result", "compromise", "coincidence", "ddos", "sabotage",
}  # fmt: skip
EVIDENCE_NOUNS = {"evidence", "indication", "sign", "link", "connection", "impact", "proof", "suggestion", "trace"}


def _main_clause(span: Span) -> set[int]:
    """The content's own predicate and the predicates coordinated with it, not those of its asides."""
    root = span.root
    main = {root.i}
    for child in root.children:
        if child.dep_ in ("conj", "xcomp", "ccomp", "parataxis"):
            main.add(child.i)
    return main


def _negates_claim(span: Span) -> bool:
    """A negation of the claim itself: its main predicate denied ("was not caused by", "did not involve AI",
    "was not an attack", "no customer data was accessed", "no evidence of"), not a negation inside an aside
    ("customers who chose not to travel") or one that describes the harm ("backups had not kicked in")."""
    main = _main_clause(span)
    for token in span:
        if token.dep_ == "neg" or token.lower_ == "never":
            head = token.head
            if head.i not in main or any(c.lower_ in NORMATIVE for c in head.children if c.dep_ == "aux"):
                continue
            if any(c.lower_ == "until" for c in head.children):
                continue  # "did not confirm the breach until 19 October": it did, late
            if head.lemma_.lower() in ACCESS_VERBS and _harmed_subject(head) and not _refused_to_pay(head):
                continue  # "our engineers could not reach the data centres": the harm, not a denial
            if head.lemma_.lower() in DENY_PREDICATES:
                return True
            complements = [c for c in head.children if c.dep_ in ("attr", "acomp", "prep", "pobj")]
            if head.lemma_ == "be" and any(_denied_noun(c) for c in complements):
                return True
        negator = token.lower_ in ("no", "none", "nothing", "neither")
        if negator and token.dep_ in ("det", "nsubj", "nsubjpass", "dobj", "attr"):
            noun = token.head if token.dep_ == "det" else token
            verb = noun.head if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") else noun
            if noun.lemma_.lower() in EVIDENCE_NOUNS or verb.lemma_.lower() in DENY_PREDICATES:
                return True
            if verb.lemma_ == "be" and (noun.lemma_.lower() in DENIED_NOUNS or noun.lemma_.lower() == "activity"):
                return True  # "there was no malicious activity", "there was no attack"
    return False


RANSOM_NOUNS = {"ransom", "demand", "hacker", "attacker", "criminal", "extortionist", "gang", "group"}


def _refused_to_pay(verb: Token) -> bool:
    """ "We have not paid", "we did not pay the ransom": a denial, where "we could not pay" is the harm."""
    if verb.lemma_.lower() != "pay" or any(c.lower_ in ("could", "can", "able") for c in verb.children):
        return False
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    return all(o.lemma_.lower() in RANSOM_NOUNS for o in objects)


def _harmed_subject(verb: Token) -> bool:
    """The verb's subject is someone the incident locked out (customers, engineers, "we"), not an intruder."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in HARMED for c in verb.children)


GROUP_NOUNS = {"customer", "user", "client", "account", "organisation", "organization", "business", "site",
               "passenger", "subscriber", "member", "those", "people"}  # fmt: skip


def _restricted_subject(span: Span) -> bool:
    """ "Customers who have not received a notification were not affected": a denial for only part of a group,
    so a limit on who was hit."""
    root = span.root
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in GROUP_NOUNS
        and any(r.dep_ == "relcl" for r in c.children)
        for c in root.children
    )  # fmt: skip


def _denied_noun(token: Token) -> bool:
    return any(t.lemma_.lower() in DENIED_NOUNS for t in token.subtree)


def _hedged(span: Span) -> bool:
    if HEDGE_PATTERN.search(span.text):
        return True
    return any(
        t.lower_ in MODALS and t.dep_ == "aux" and t.head.dep_ in ("ROOT", "ccomp") and not _negated(t.head)
        and not _known_to(t.head)
        for t in span
    )  # fmt: skip


KNOWING_VERBS = {"know", "realise", "realize", "learn", "discover", "find", "notice"}


def _known_to(verb: Token) -> bool:
    """ "engineers had known for weeks that the agent could lose track": the risk was known, not guessed at."""
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in KNOWING_VERBS


def _negated(verb: Token) -> bool:
    """ "could not log in": inability, stated as fact, not a hedge."""
    return any(c.dep_ == "neg" for c in verb.children)


def stance(content: Span, verb: str | None = None) -> str:
    """The stance of `content` (the reported words), given the verb that reports it."""
    content = _without_remark(content)
    text = content.text
    limited = bool(LIMIT_PATTERN.search(text) or OPENS_WITH_ONLY.match(text))
    if verb in DENYING_VERBS or _no_evidence_for(content):
        return "limits" if limited else "denies"
    if UNDETERMINED.search(text) and not DENIAL_PATTERN.search(text):
        return "hedges"  # "not yet in a position to say whether": the negation is of knowing, not of the claim
    denied = _negates_claim(content) or bool(DENIAL_PATTERN.search(text)) or _unaffected(text)
    if limited or (denied and _restricted_subject(content)):
        return "limits"
    if denied:
        return "denies"
    if (verb in HEDGING_VERBS and not _advice(content, verb)) or _hedged(content):
        return "hedges"
    return "asserts"


NO_EVIDENCE_FRAME = re.compile(
    r"\b(no|not (seen|found|identified|detected|uncovered)( any)?) (evidence|indications?|signs?)"
    r"( (to )?(suggest|suggesting|indicat\w+|show\w*))?\W*$",
    re.I,
)


def _no_evidence_for(content: Span) -> bool:
    """ "We have not identified evidence suggesting that this activity was caused by …": the words before the
    claim deny it, though the claim's own words assert."""
    before = content.doc[content.sent.start : content.start].text
    return bool(NO_EVIDENCE_FRAME.search(before))


NORMAL = re.compile(r"\b(operat|work|perform|runn|function|trad)(ing|ed) (normally|as normal|as usual)\b", re.I)
RECOVERED = re.compile(r"\b(again|resolved|restored|recovered|back|now|within|since|after|once)\b", re.I)


def _unaffected(text: str) -> bool:
    """ "Our network is operating normally", said while others are down: the speaker denies being hit. The same
    words after a recovery ("resolved and operating normally", "running normally again") report the recovery."""
    return bool(NORMAL.search(text)) and not RECOVERED.search(text)


# "…, offering no evidence": the writer's remark on the claim, not words of the claim.
REMARK = re.compile(r",\s*(offering|providing|citing|giving|presenting|showing|with) (no|little|scant) "
                    r"(evidence|proof|details|support)\b", re.I)  # fmt: skip


def _without_remark(content: Span) -> Span:
    found = REMARK.search(content.text)
    if found is None:
        return content
    kept = content.doc.char_span(content.start_char, content.start_char + found.start(), alignment_mode="contract")
    return kept if kept is not None and len(kept) else content


def _advice(content: Span, verb: str) -> bool:
    """ "suggested developers run version 1.85": a recommendation (the bare verb), not a guess."""
    return verb == "suggest" and content.root.tag_ in ("VB", "VBP")


def stance_words() -> frozenset[str]:
    """Every stance cue of the lexicon (for explanations and tests)."""
    lex = lexicon()
    return frozenset().union(*(frozenset(map(str.lower, v)) for v in lex.raw["stance_cues"].values()))
