"""The store's controlled vocabularies (DESIGN.md), in one place.

Analysts' saved queries and outside checks compare against these exact
lower-case words, so every module imports them from here instead of spelling
them again.
"""

from __future__ import annotations

EVENT_KINDS: tuple[str, ...] = (
    "outage",
    "degradation",
    "security_incident",
    "data_loss",
    "ai_coding_incident",
)
ATTRIBUTIONS: tuple[str, ...] = (
    "internal_document",
    "spokesperson",
    "executive",
    "media_report",
    "anonymous_source",
    "regulator_filing",
    "status_page",
    "postmortem",
    "social_media",
    "researcher",
)
TOPICS: tuple[str, ...] = (
    "ai_involvement",
    "cause",
    "scope",
    "duration",
    "impact",
    "remediation",
)
STANCES: tuple[str, ...] = ("asserts", "denies", "limits", "hedges")
CONFLICT_STATUSES: tuple[str, ...] = ("open", "superseded", "retracted")
