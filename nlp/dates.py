"""Dates in news text, resolved against the article's publication date.

News rarely writes "8 June 2021"; it writes "on Tuesday", "last week",
"earlier this month", "in December". Each expression resolves to a day and a
precision (day, week, month, year), and always to the past of the reference
date, since a report describes what already happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ]
    )
    for m in names
}  # fmt: skip
WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3, "several": 3,
}  # fmt: skip
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
FIXED_HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26),
    "new year's eve": (12, 31), "new year's day": (1, 1), "new year": (1, 1), "valentine's day": (2, 14),
    "halloween": (10, 31), "independence day": (7, 4), "fourth of july": (7, 4),
}  # fmt: skip
MOVABLE_HOLIDAYS = ("thanksgiving", "black friday", "cyber monday", "good friday", "easter monday", "easter",
                    "memorial day", "labor day")  # fmt: skip
HOLIDAY_RE = re.compile(
    r"\b(?:(before|ahead of|in the run-up to|after|following|over|during|around)\s+)?(?:the\s+)?("
    + "|".join(re.escape(h) for h in sorted([*FIXED_HOLIDAYS, *MOVABLE_HOLIDAYS], key=len, reverse=True))
    + r")(?:\s+(weekend|week|holidays?|period|break|rush))?(?:\s+((?:19|20)\d\d))?\b"
)
DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"


PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True)
class ResolvedDate:
    """A day, and how precisely the text fixed it: day, week, month or year."""

    day: date
    precision: str
    text: str
    in_story: bool = False  # counted from a date earlier in the paragraph ("the next day"), not from the report

    @property
    def tolerance_days(self) -> int:
        return {"day": 1, "week": 4, "month": 16, "year": 183}[self.precision]


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


AHEAD_DAYS = 45  # a day this close after the report is a deadline ("not before June 30"), not last year's


def _past_year(month: int, day: int, ref: date, ahead: int = 0) -> int:
    """The year that puts month/day on or before the reference date (news looks back), unless the day falls
    within `ahead` days after it: then it is this year's, still to come."""
    candidate = _safe(ref.year, month, min(day, 28))
    if candidate is None or candidate <= ref + timedelta(days=1):
        return ref.year
    return ref.year if candidate <= ref + timedelta(days=ahead) else ref.year - 1


def _numeric(t: str, ref: date, text: str) -> ResolvedDate | None:
    """ "7/19" or "19/7/2024": month and day told apart only when one of them cannot be a month; "24/7" is a
    phrase, not a date."""
    m = re.search(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b", t)
    if m is None or m[0] == "24/7":
        return None
    first, second = int(m[1]), int(m[2])
    if first <= 12 < second:
        month, day = first, second  # US order
    elif second <= 12 < first:
        month, day = second, first
    else:
        return None
    year = (int(m[3]) + (2000 if len(m[3]) == 2 else 0)) if m[3] else _past_year(month, day, ref)
    d = _safe(year, month, day)
    return ResolvedDate(d, "day", text) if d else None


def _absolute(text: str, ref: date) -> ResolvedDate | None:
    t = text.lower().replace(",", " ").replace(".", " ")
    t = " ".join(t.split())
    if m := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t):
        d = _safe(int(m[1]), int(m[2]), int(m[3]))
        return ResolvedDate(d, "day", text) if d else None
    # 8 june 2021 | june 8 2021 | june 8 | 8 june
    for pattern, order in (
        (rf"\b{DAY_RE} (?:of )?({MONTH_RE})(?: (\d{{4}}))?\b", "dm"),
        (rf"\b({MONTH_RE}) {DAY_RE}(?: (\d{{4}}))?\b", "md"),
    ):
        if m := re.search(pattern, t):
            day_s, month_s = (m[1], m[2]) if order == "dm" else (m[2], m[1])
            month, day = MONTHS[month_s], int(day_s)
            year = (
                int(m[3])
                if m[3]
                else _named_year(t, ref) or _range_year(t, m.end()) or _past_year(month, day, ref, AHEAD_DAYS)
            )
            d = _safe(year, month, day)
            return ResolvedDate(d, "day", text) if d else None
    if found := _numeric(t, ref, text):
        return found
    if m := re.search(r"\bthe (\d{1,2})(?:st|nd|rd|th)\b", t):
        day = int(m[1])  # "on the 19th": the latest 19th on or before the report
        month_start = ref.replace(day=1) if day <= ref.day else (ref.replace(day=1) - timedelta(days=1)).replace(day=1)
        d = _safe(month_start.year, month_start.month, day)
        return ResolvedDate(d, "day", text) if d else None
    if m := re.search(rf"\b(?:(early|mid|late|end of) )?({MONTH_RE})(?: (\d{{4}}))?\b", t):
        if m[2] == "may" and not m[3] and not re.search(r"\b(in|last|early|mid|late|since|of) may\b", t):
            return None  # "may" the modal verb
        month = MONTHS[m[2]]
        year = int(m[3]) if m[3] else _named_year(t, ref) or _past_year(month, 1, ref)
        day = PART_OF_MONTH.get(m[1] or "", 15)
        d = _safe(year, month, day)
        return ResolvedDate(d, "month", text) if d else None
    if m := re.search(r"\b(19\d\d|20\d\d)\b", t):
        return ResolvedDate(date(int(m[1]), 7, 1), "year", text)
    return None


PART_OF_MONTH = {"early": 5, "mid": 15, "late": 25, "end of": 28, "the end of": 28}


def _range_year(t: str, end: int) -> int | None:
    """ "between december 6 and december 8 2022", "from 28 september to 17 october 2023": a range's first day takes
    the year written after its last."""
    m = re.match(
        r"\s*(?:and|to|through|until|till|-|–)\s*(?:[a-z]+\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:[a-z]+\s+)?"
        r"(19\d\d|20\d\d)\b",
        t[end:],
    )
    return int(m[1]) if m else None


def _named_year(t: str, ref: date) -> int | None:
    """ "in November last year", "on March 3 this year": the year the words name beside a month."""
    if re.search(r"\b(of )?(last|the previous) year\b", t):
        return ref.year - 1
    if re.search(r"\b(of )?this year\b", t):
        return ref.year
    return None


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    n = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * n) // 451
    month, day = divmod(h + n - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of a month; n = -1 for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _holiday_in(name: str, year: int) -> date:
    if name in FIXED_HOLIDAYS:
        month, day = FIXED_HOLIDAYS[name]
        return date(year, month, day)
    thanksgiving = _nth_weekday(year, 11, 3, 4)
    easter = _easter(year)
    return {
        "thanksgiving": thanksgiving,
        "black friday": thanksgiving + timedelta(days=1),
        "cyber monday": thanksgiving + timedelta(days=4),
        "easter": easter,
        "good friday": easter - timedelta(days=2),
        "easter monday": easter + timedelta(days=1),
        "memorial day": _nth_weekday(year, 5, 0, -1),
        "labor day": _nth_weekday(year, 9, 0, 1),
    }[name]


def _holiday(text: str, ref: date) -> ResolvedDate | None:
    """ "Before Christmas", "over the Thanksgiving weekend", "on Black Friday": the latest such holiday up to
    the report (or the year given). Before or after a holiday means the days around it, so a week's precision."""
    m = HOLIDAY_RE.search(" ".join(text.lower().replace("’", "'").split()))
    if m is None:
        return None
    relation, name, span, year = m[1], m[2], m[3], m[4]
    shift = {"before": -3, "ahead of": -3, "in the run-up to": -3, "after": 3, "following": 3}.get(relation or "", 0)
    holiday = _holiday_in(name, int(year) if year else ref.year)
    day = holiday + timedelta(days=shift)
    if not year and day > ref + timedelta(days=1):
        # "Before Christmas" written on 23 December is this year's; "after Christmas" on the 26th is up to today.
        day = ref if holiday <= ref + timedelta(days=1) else _holiday_in(name, ref.year - 1) + timedelta(days=shift)
    wide = shift != 0 or span or relation in ("over", "during", "around")
    return ResolvedDate(day, "week" if wide else "day", text)


def _count(word: str) -> int | None:
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _relative(text: str, ref: date) -> ResolvedDate | None:
    t = " ".join(text.lower().replace(",", " ").split())
    if re.search(r"\b(today|this morning|this afternoon|this evening|tonight|earlier today|hours ago)\b", t):
        return ResolvedDate(ref, "day", text)
    if re.search(r"\b(yesterday|last night|overnight)\b", t):
        return ResolvedDate(ref - timedelta(days=1), "day", text)
    if m := re.search(r"\b(?:(last|this|past|previous|on) )?(" + "|".join(WEEKDAYS) + r")\b", t):
        back = (ref.weekday() - WEEKDAYS[m[2]]) % 7
        if m[1] in ("last", "previous") and back == 0:
            back = 7
        return ResolvedDate(ref - timedelta(days=back), "day", text)
    if m := re.search(
        r"\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|a couple of) "
        r"(day|week|month|year)s? (ago|earlier|before|on|later|after)\b",
        t,
    ):
        if m[3] != "ago":
            return None  # "three years earlier", "a day later": counted from another event, not from the report
        n = _count(m[1]) or 1
        unit = {"day": 1, "week": 7, "month": 30, "year": 365}[m[2]]
        precision = {"day": "day", "week": "week", "month": "month", "year": "year"}[m[2]]
        return ResolvedDate(ref - timedelta(days=n * unit), precision, text)
    if re.search(r"\b(last|previous) week\b", t) and not re.search(
        r"\b(the|within|over|in) (the )?(last|previous) week", t
    ):
        return ResolvedDate(ref - timedelta(days=ref.weekday() + 4), "week", text)  # the middle of last week
    if re.search(r"\b(the )?(past|last|previous) (week|seven days)\b|\bwithin a week\b", t):
        return ResolvedDate(ref - timedelta(days=7), "week", text)
    if re.search(r"\b(over )?the (past |last )?weekend\b", t):
        back = (ref.weekday() - 5) % 7 or 7
        return ResolvedDate(ref - timedelta(days=back), "day", text)
    if re.search(r"\b(earlier )?this week\b", t):
        return ResolvedDate(ref - timedelta(days=min(ref.weekday(), 3)), "week", text)
    if re.search(r"\b(earlier )?this month\b", t):
        return ResolvedDate(ref - timedelta(days=max(ref.day // 2, 0)), "month", text)
    if m := re.search(r"\b(start|beginning|end) of (the|this) month\b", t):
        return ResolvedDate(ref.replace(day=3 if m[1] != "end" else min(28, ref.day)), "month", text)
    if m := re.search(r"\b(?:(early|mid|late|the end of) )?(?:last month|the previous month)\b", t):
        first = ref.replace(day=1) - timedelta(days=1)
        return ResolvedDate(first.replace(day=PART_OF_MONTH.get(m[1] or "", 15)), "month", text)
    if m := re.search(r"\b(last|this|past) (spring|summer|autumn|fall|winter)\b", t):
        month = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10, "winter": 1}[m[2]]
        year = ref.year if (m[1] != "last" and month <= ref.month) else ref.year - 1
        if m[1] == "last" and month < ref.month and ref.month - month > 6:
            year = ref.year
        return ResolvedDate(date(year, month, 15), "month", text)
    if re.search(r"\blast year\b|\bthe previous year\b", t):
        return ResolvedDate(date(ref.year - 1, 7, 1), "year", text)
    if re.search(r"\bthis year\b|\bearlier this year\b", t):
        return ResolvedDate(date(ref.year, max(ref.month // 2, 1), 1), "year", text)
    return None


ANAPHORIC = re.compile(
    r"\bthe (day) before\b|"
    r"\b(?:the|that|the following|following|the next|next|the previous)\s+(" + "|".join(WEEKDAYS) + r"|day|morning)\b",
    re.I,
)


def resolve_in_story(text: str, anchor: date) -> ResolvedDate | None:
    """ "On the Sunday evening", "the next day", "that Monday", "the day before", after a paragraph has dated its
    story ("over the weekend of 20-22 April 2018"): the day counts from the story's date, not back from the
    report's."""
    m = ANAPHORIC.search(" ".join(text.replace(",", " ").split()))
    if m is None:
        return None
    word = (m[1] or m[2]).lower()
    if m[1] or re.search(r"\bprevious\b", m[0], re.I):
        return ResolvedDate(anchor - timedelta(days=1), "day", text, True) if word == "day" else None
    if word in WEEKDAYS:
        return ResolvedDate(anchor + timedelta(days=(WEEKDAYS[word] - anchor.weekday()) % 7), "day", text, True)
    if re.search(r"\b(following|next)\b", m[0], re.I):
        return ResolvedDate(anchor + timedelta(days=1), "day", text, True)
    return None


def resolve(text: str, reference: datetime | date) -> ResolvedDate | None:
    """Resolve one date expression against the publication date; None when it names no day."""
    ref = reference.date() if isinstance(reference, datetime) else reference
    found = _holiday(text, ref) or _absolute(text, ref) or _relative(text, ref)
    if found is None:
        return None
    if found.day > ref + timedelta(days=1):
        if found.precision == "day":
            return None
        found = ResolvedDate(ref, found.precision, found.text)  # "earlier this month": no later than the report
    return found
