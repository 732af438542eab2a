"""The entries of a status page: which voice each speaks in, and the header to strip from its text.

Status pages list timestamped updates ("Resolved — Mar 12, 2025 16:05 UTC — …" on Statuspage,
"14 Dec 2020 04:05 PST — INVESTIGATING. …" on Google's dashboard), and many add the incident report
as one more entry. An update speaks as the status page; the report and the paragraphs under it speak
as a post-mortem, until the next update.
"""

from __future__ import annotations

import re

STATUS_WORDS = r"investigating|identified|monitoring|resolved|update|completed|scheduled|in progress|verifying"
REPORT_WORDS = r"postmortem|post-mortem|post-incident report|incident report|root cause|analysis"
LABEL = rf"(?P<label>{REPORT_WORDS}|{STATUS_WORDS})"
CLOCK = r"\d{1,2}:\d{2}(?:\s*(?:utc|gmt|[a-z]{2,4}))?"
DASH = r"\s*[—–-]\s*"
# "Resolved — Mar 12, 2025 16:05 UTC — " or "14 Dec 2020 04:05 PST — INVESTIGATING. "
LABEL_FIRST = re.compile(rf"^{LABEL}{DASH}[^—–]{{0,40}}?{CLOCK}{DASH}", re.I)
CLOCK_FIRST = re.compile(rf"^[^—–]{{0,40}}?{CLOCK}{DASH}{LABEL}\b[.:]?\s*", re.I)
REPORT_HEADING = re.compile(rf"^({REPORT_WORDS})\b", re.I)


def _header(text: str) -> re.Match[str] | None:
    return LABEL_FIRST.match(text) or CLOCK_FIRST.match(text)


def entry_voice(text: str) -> str | None:
    """ "status_page" for an update, "postmortem" for the incident report, None for text inside an entry."""
    found = _header(text)
    if found is not None:
        return "postmortem" if re.fullmatch(REPORT_WORDS, found["label"], re.I) else "status_page"
    return "postmortem" if REPORT_HEADING.match(text) else None


def is_update(text: str) -> bool:
    """A timestamped update line (not the report heading): two make a page a status page."""
    return _header(text) is not None


def strip_entry_header(text: str) -> str:
    """ "Resolved — Mar 12, 2025 16:05 UTC — The fix is deployed." -> "The fix is deployed."; a header alone
    says nothing ("")."""
    found = _header(text)
    return text[found.end() :].strip() if found else text
