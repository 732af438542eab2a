"""Stance of a reported statement: asserts, denies, limits or hedges.

Stance lives in negations and scope words. A negation counts as a denial
only when it negates the statement itself ("was not caused by", "no data
was lost"), not when it describes the harm ("customers could not log in").
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from nlp.lexicon import lexicon

DENYING_VERBS = {"deny", "reject", "refute", "dispute", "dismiss", "rebuff", "downplay", "contest", "disavow"}
HEDGING_VERBS = {"speculate", "suspect", "suggest", "wonder", "fear", "guess", "theorize", "theorise"}
# Verbs whose negation describes the harm rather than denying a claim.
ACCESS_VERBS = {
    "log", "access", "connect", "use", "make", "receive", "reach", "load", "check", "pay", "call", "send",
    "complete", "book", "withdraw", "work", "function", "respond", "get", "see", "view", "open", "sign", "buy",
    "place", "process", "start", "stream", "resolve", "find", "restore", "recover", "return", "come", "go",
}  # fmt: skip
# "did not say how many", "declined to name": silence about a detail, not a denial of the claim.
SILENT_VERBS = {"say", "name", "comment", "respond", "disclose", "specify", "elaborate", "confirm", "give", "provide",
                "reply", "answer", "return", "identify", "detail", "share", "explain"}  # fmt: skip
HEDGE_PATTERN = re.compile(
    r"\b(too (early|soon)|not yet (known|clear)|unclear|(can|could)(not|n't| not) (be )?rule[d]? out|"
    r"investigating|looking into|working to (understand|determine|identify)|trying to (understand|determine)|"
    r"yet to (determine|confirm)|early indications?|appears? to|appeared to|seems? to|seemed to|"
    r"believed to|thought to|possibly|perhaps|probably|potentially|speculat\w+|rumou?r\w*)\b",
    re.IGNORECASE,
)
DENIAL_PATTERN = re.compile(
    r"\b(no (evidence|indication|sign)|coincidence|user error|nothing to do with|unrelated|inaccurate|untrue|"
    r"misleading|false|incorrect|(just|merely|simply|only) an? (routine|normal|regular|standard)|"
    r"not (a|an|the|related|caused|due|linked|connected|involved|the result)|none of)\b",
    re.IGNORECASE,
)
LIMIT_PATTERN = re.compile(
    r"\b(only|just) (one|two|three|a (few|handful|small|fraction|subset|minority|tiny)|\d[\d,.]*%?|some)\b|"
    r"\b(a small (number|group|portion|percentage|subset|fraction)|a handful of|a (tiny |small )?fraction of|"
    r"a limited number|limited to|small subset|relatively few|fewer than|less than|no more than|isolated|"
    r"partial(ly)?|minority of|(\d+(\.\d+)?|one|a) (per ?cent|%) of)\b",
    re.IGNORECASE,
)
MODALS = {"may", "might", "could"}
NORMATIVE = {"should", "must", "will", "shall", "ought", "'ll"}


def _negates_claim(span: Span) -> bool:
    for token in span:
        if token.dep_ == "neg" or token.lower_ in ("never",):
            head = token.head
            if any(c.lower_ in NORMATIVE for c in head.children if c.dep_ == "aux"):
                continue  # "it should never be possible", "will not happen again": a commitment, not a denial
            if token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "yet":
                continue  # "not yet established": an unfinished state, not a denial
            if head.lemma_.lower() in ACCESS_VERBS | SILENT_VERBS and head.pos_ == "VERB":
                continue
            return True
        if token.lower_ in ("no", "none", "nothing", "neither") and token.dep_ in (
            "det",
            "nsubj",
            "nsubjpass",
            "dobj",
        ):
            return True
    return False


def _hedged(span: Span) -> bool:
    if HEDGE_PATTERN.search(span.text):
        return True
    return any(t.lower_ in MODALS and t.dep_ == "aux" and t.head.dep_ in ("ROOT", "ccomp") for t in span)


def stance(content: Span, verb: str | None = None) -> str:
    """The stance of `content` (the reported words), given the verb that reports it."""
    text = content.text
    limited = bool(LIMIT_PATTERN.search(text))
    if verb in DENYING_VERBS:
        return "limits" if limited else "denies"
    denied = _negates_claim(content) or bool(DENIAL_PATTERN.search(text))
    if limited:
        return "limits"
    if denied:
        return "denies"
    if verb in HEDGING_VERBS or _hedged(content):
        return "hedges"
    return "asserts"


def stance_words() -> frozenset[str]:
    """Every stance cue of the lexicon (for explanations and tests)."""
    lex = lexicon()
    return frozenset().union(*(frozenset(map(str.lower, v)) for v in lex.raw["stance_cues"].values()))
