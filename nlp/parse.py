"""One pass of spaCy over a document, and what every later step needs to know about each sentence.

Paragraphs are parsed separately (nlp.pipe), so a sentence never spans two
paragraphs and quotes are tracked per paragraph, the way journalists write
them: a quote may run over several sentences, and its speaker may be named
before, after, or in the previous paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from spacy.tokens import Doc, Span, Token

from nlp.companies import CompanyIndex, Mention
from nlp.dates import HOLIDAY_RE, PRECISION_RANK, ResolvedDate, resolve, resolve_in_story
from nlp.lexicon import lexicon
from nlp.models import base_pipeline

QUOTE_SPANS = re.compile(r"“[^“”]*”?|\"[^\"]*\"?")
MAX_PARAGRAPH_CHARS = 5000


PERIOD_ENDS = {"ending", "ended", "ends"}
# A wire story's dateline, "NEW YORK, July 26 (Reuters) - ": where and when it was filed, not who speaks.
DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'/-]+(?:, [A-Z][A-Za-z. ]+)*(?:, [A-Z][a-z]{2,8}\.? \d{1,2})? \([^()]{1,30}\) ?[-–—]+ ?"
)
PERIODS = {"quarter", "year", "period", "half", "month", "week"}
SCHEDULED = {"due", "scheduled", "slated", "set", "expected", "planned"}
PHASE_VERBS = {"begin", "start", "continue"}  # "began notifying": the date is the telling's
SINCE_WHEN = re.compile(r"^[\w ]{0,20}, when\b")
YEAR = re.compile(r"\b(19|20)\d\d\b")
COUNTS_FROM_ANOTHER = re.compile(r"\bthe (previous|preceding|following|next) (day|week|month|year)\b", re.I)


@dataclass
class Sentence:
    """A sentence, its place in the document, and the facts found in it."""

    index: int
    para: int  # -1 for the title
    span: Span
    companies: list[Mention]
    dates: list[ResolvedDate]
    date_positions: list[int]  # token index of each date, parallel to `dates`
    triggers: dict[str, list[str]]  # incident kind -> trigger phrases found
    trigger_positions: list[int]  # token index of each trigger
    quoted: bool  # mostly inside quotation marks
    quote_text: str | None  # the quoted words, when the sentence quotes someone

    @property
    def text(self) -> str:
        return self.span.text.strip()

    @property
    def lower(self) -> str:
        return self.span.text.lower()

    def company_names(self) -> set[str]:
        return {m.company for m in self.companies}

    def incident_date(self, statements: bool = True) -> ResolvedDate | None:
        """The date written closest to an incident word ("the outage on June 8", not "a bug shipped May 12")."""
        found = self.incident_date_and_distance(statements)
        return found[0] if found else None

    def incident_date_and_distance(self, statements: bool = True) -> tuple[ResolvedDate, int] | None:
        """That date, with how many tokens separate it from the nearest incident word; without the dates of
        statements ("LastPass said on Thursday", "in a blog post last week") when `statements` is false."""
        dated = self.happening_dates(statements)
        own = [(d, p) for d, p in dated if not self._dates_an_earlier_incident(p)]
        dated = own or dated
        if not dated:
            return None
        if not self.trigger_positions:
            best, distance = dated[0][0], 99
        else:
            best, distance = min(
                ((d, min(abs(p - t) for t in self.trigger_positions)) for d, p in dated), key=lambda dd: dd[1]
            )
        # "Between Dec. 21 and Dec. 30, over the Christmas holiday": a finer date inside the nearest one fixes it.
        finer = [d for d, _ in dated if PRECISION_RANK[d.precision] < PRECISION_RANK[best.precision]
                 and abs((d.day - best.day).days) <= best.tolerance_days]  # fmt: skip
        return (min(finer, key=lambda d: (PRECISION_RANK[d.precision], d.day)) if finer else best), distance

    def happening_dates(self, statements: bool = True) -> list[tuple[ResolvedDate, int]]:
        """The dates (with positions) that date something that happened: not a state ("available since 2020"),
        an accounting period or something still to come, nor, when `statements` is false, a statement."""
        return [(d, p) for d, p in zip(self.dates, self.date_positions, strict=True)
                if (statements or self.statement_dated(p) is None) and not self._state_since(d, p)
                and not self._dates_no_happening(p)]  # fmt: skip

    def _dates_no_happening(self, position: int) -> bool:
        """ "in the quarter ending December 31", "is due to report results on August 28", "will testify on May 1":
        a date that closes an accounting period or names something still to come dates nothing that happened."""
        doc = self.span.doc
        window = range(max(1, position - 1), min(len(doc), position + 3))
        if any(doc[i].lower_ in PERIOD_ENDS and doc[i - 1].lemma_.lower() in PERIODS for i in window):
            return True
        for a in doc[position].ancestors:
            if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in a.children):
                return True
            if _backdrop(a):
                return True
            if a.lower_ in SCHEDULED and any(c.dep_ == "xcomp" for c in a.children):
                return True
        return False

    def _dates_an_earlier_incident(self, position: int) -> bool:
        """ "Down again on Wednesday, its second outage after the March 4 database failure": a date on an incident
        word that "after" or "following" sets before this one dates that earlier incident."""
        token = self.span.doc[position]
        noun = token.head if token.dep_ in ("compound", "nmod", "npadvmod", "amod", "nummod") else token
        triggers = set(self.trigger_positions)
        if noun.i not in triggers and not any(c.i in triggers for c in noun.children):
            return False
        return noun.dep_ == "pobj" and noun.head.lower_ in ("after", "following", "since", "than", "like")

    def _state_since(self, found: ResolvedDate, position: int) -> bool:
        """ "A patch was available since 2020": "since" dates a state; it dates the incident only when it hangs on
        the incident word ("down since Monday")."""
        if not found.text.lower().lstrip(" ,").startswith("since"):
            return False
        after = self.span.doc[position : position + 6].text
        if SINCE_WHEN.search(after):
            return False  # "its worst since June 2019, when congestion slowed YouTube": the date of that incident
        return not any(abs(position - t) <= 3 for t in self.trigger_positions)

    def statement_dated(self, position: int) -> Token | None:
        """The reporting verb or statement noun the date at this token hangs on ("said in August", "a blog post
        last Wednesday"), directly or through a preposition; None for the date of anything else."""
        token = self.span.doc[position]
        head = token.head.head if token.head.dep_ == "prep" else token.head
        if token.dep_ not in ("pobj", "npadvmod") or head.i == token.i:
            return None
        lemma = head.lemma_.lower()
        if lemma in PHASE_VERBS:  # "In January, PayPal began notifying customers that …"
            told = next((c for c in head.children if c.dep_ == "xcomp"), None)
            head, lemma = (told, told.lemma_.lower()) if told is not None else (head, lemma)
        if head.pos_ in ("VERB", "AUX"):
            return head if lemma in lexicon().words("reporting_verbs") or lemma == "publish" else None
        return head if lemma in STATEMENT_NOUNS else None


STATEMENT_NOUNS = {"post", "statement", "interview", "update", "announcement", "filing", "hearing", "letter",
                   "memo", "email", "tweet", "briefing", "testimony", "summary", "summaries"}  # fmt: skip


@dataclass
class ParsedDoc:
    """A document's sentences (title first) and its reference date."""

    doc_id: str
    title: str
    reference: datetime
    sentences: list[Sentence]
    paragraphs: list[Doc] = field(repr=False, default_factory=list)

    def body(self) -> list[Sentence]:
        return [s for s in self.sentences if s.para >= 0]

    def paragraph(self, para: int) -> list[Sentence]:
        return [s for s in self.sentences if s.para == para]


def phrase_head(token: Token) -> Token:
    """The noun a chain of modifiers leads to ("a Firebase storage bucket": the bucket), which says what the
    modifier names."""
    head = token
    while head.dep_ in ("compound", "amod", "nmod") and head.head is not head:
        head = head.head
    return head


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs as stored (blank-line separated), very long ones cut at sentence-ish breaks."""
    out = []
    for para in (p.strip() for p in re.split(r"\n\s*\n|\n", text)):
        while len(para) > MAX_PARAGRAPH_CHARS:
            cut = para.rfind(". ", 0, MAX_PARAGRAPH_CHARS)
            cut = cut + 1 if cut > 0 else MAX_PARAGRAPH_CHARS
            out.append(para[:cut].strip())
            para = para[cut:].strip()
        if para:
            out.append(para)
    return out


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (curly or straight), an unclosed quote running to the end."""
    return [(m.start(), m.end()) for m in QUOTE_SPANS.finditer(text) if m.end() - m.start() > 2]


def _quote_share(span: Span, ranges: list[tuple[int, int]]) -> tuple[float, str | None]:
    start, end = span.start_char, span.end_char
    inside = 0
    pieces = []
    for a, b in ranges:
        lo, hi = max(a, start), min(b, end)
        if hi > lo:
            inside += hi - lo
            pieces.append(span.doc.text[lo:hi].strip('“”" ,'))
    total = max(1, len(span.text.strip()))
    words = " ".join(p for p in pieces if len(p.split()) >= 3)
    return inside / total, (words or None)


def _triggers(span: Span) -> tuple[dict[str, list[str]], list[int]]:
    found: dict[str, list[str]] = {}
    positions = []
    for kind, match in lexicon().find("incident_triggers", span):
        found.setdefault(kind, []).append(match.text.lower())
        positions.append(match.root.i)
    return found, positions


def _dates(span: Span, reference: datetime, story: date | None = None) -> tuple[list[ResolvedDate], list[int]]:
    """The dates a sentence names; `story` is the day its paragraph has already dated its story by, if any."""
    out: list[ResolvedDate] = []
    positions: list[int] = []
    for ent in span.ents:
        holiday = ent.label_ == "EVENT" and HOLIDAY_RE.search(ent.text.lower().replace("\u2019", "'"))
        if (ent.label_ == "DATE" or holiday) and not _inside_name(ent):
            # "last week's outage": the entity may omit the preposition that carries the meaning.
            context = span.doc[max(ent.start - 1, 0) : ent.end].text
            wider = span.doc[max(ent.start - 2, span.start) : ent.end]  # "on the following Tuesday"
            in_story = resolve_in_story(wider.text, story) if story else None
            resolved = in_story or resolve(context, reference) or resolve(ent.text, reference)
            if (
                resolved is not None
                and COUNTS_FROM_ANOTHER.search(context)
                and (dated := next((d for d in out if YEAR.search(d.text)), None)) is not None
            ):
                # "In June 2021 … a bug introduced in a deployment the previous month": May 2021, not last month.
                resolved = resolve(context, dated.day) or resolved
            if resolved is not None:
                out.append(resolved)
                positions.append(ent.root.i)
    return _drop_weekday_of_absolute(out, positions)


WEEKDAY = re.compile(r"\b((mon|tues|wednes|thurs|fri|satur|sun)day|weekend)\b", re.I)


def _drop_weekday_of_absolute(dates: list[ResolvedDate], positions: list[int]) -> tuple[list[ResolvedDate], list[int]]:
    """ "Tuesday, 5 April 2022", "the weekend of 20-22 April 2018": the weekday names the absolute date beside it,
    not another day."""
    absolute = [p for d, p in zip(dates, positions, strict=True) if d.precision == "day" and re.search(r"\d", d.text)]
    kept = [
        (d, p)
        for d, p in zip(dates, positions, strict=True)
        if not (WEEKDAY.search(d.text) and not re.search(r"\d", d.text) and any(abs(p - a) <= 6 for a in absolute))
    ]
    return [d for d, _ in kept], [p for _, p in kept]


def _story_day(dates: list[ResolvedDate]) -> date | None:
    """The day a sentence dates its story by: an absolute date written out ("20-22 April 2018")."""
    return next((d.day for d in reversed(dates) if d.precision == "day" and re.search(r"\d", d.text)), None)


def _inside_name(ent: Span) -> bool:
    """A date-like phrase that is part of a title or a name: "This Week in Stores Tech"."""
    first = ent[0]
    if first.i > ent.sent.start and first.text[:1].isupper() and first.lower_ in ("this", "next", "last", "one"):
        return True
    before = ent.doc[first.i - 1] if first.i > 0 else None
    return before is not None and before.text in ("“", '"', "‘")


def parse(doc_id: str, title: str, text: str, reference: datetime, companies: CompanyIndex) -> ParsedDoc:
    """Parse title and body; every later stage reads this structure instead of re-parsing."""
    nlp = base_pipeline()
    paragraphs = split_paragraphs(text)
    # The dateline opens the story's first paragraph, which a page's text may put after its headline.
    opening = next((i for i, para in enumerate(paragraphs[:3]) if DATELINE.match(para)), None)
    if opening is not None:
        paragraphs[opening] = DATELINE.sub("", paragraphs[opening], count=1)
    docs = list(nlp.pipe([title or "", *paragraphs], batch_size=32))
    # Companies the document names unambiguously somewhere ("Tea Dating Advice", or "Tea's users", "Tea said",
    # where grammar only a company takes confirms the short name) confirm their short, ambiguous names everywhere.
    confirmed = frozenset(m.company for d in docs for m in companies.mentions(d))
    sentences: list[Sentence] = []
    for para_index, pdoc in enumerate(docs, start=-1):
        ranges = quoted_ranges(pdoc.text)
        story: date | None = None
        for sent in pdoc.sents:
            if not sent.text.strip():
                continue
            share, quote = _quote_share(sent, ranges)
            dates, date_positions = _dates(sent, reference, story)
            story = _story_day(dates) or story
            triggers, trigger_positions = _triggers(sent)
            sentences.append(
                Sentence(
                    index=len(sentences),
                    para=para_index,
                    span=sent,
                    companies=companies.mentions(sent, confirmed),
                    dates=dates,
                    date_positions=date_positions,
                    triggers=triggers,
                    trigger_positions=trigger_positions,
                    quoted=share >= 0.5,
                    quote_text=quote,
                )
            )
    return ParsedDoc(doc_id=doc_id, title=title or "", reference=reference, sentences=sentences, paragraphs=docs)


def _backdrop(token: Token) -> bool:
    """ "The breach comes as Live Nation fights a lawsuit filed last week", "came amid a dispute that began in
    March": what the incident comes as or amid is its backdrop, and a date inside it dates that, not the incident."""
    if token.head.lemma_ != "come" or token.head is token:
        return False
    if token.dep_ == "prep" and token.lower_ in ("amid", "amidst"):
        return True
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("as", "while") for c in token.children)
