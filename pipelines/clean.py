"""Strip the clutter that pages wrap around an article: disclaimers, comment boxes, teasers, share bars.

Works on text lines, so it also cleans pages served as plain text or with
markup too poor for trafilatura to tell the clutter from the story.
"""

from __future__ import annotations

import re
from typing import Any

from spiders.items import ArticleItem

BOILERPLATE_LINES = [
    r"view (the )?original( article| post)?\.?",
    r"read (the )?(original|full) (article|story|post)( here| on .*)?\.?",
    r"disclaimer\b.*",
    r"comments?( \(\d+\))?",
    r"\d+\s*/\s*\d+",
    r"no comments( yet)?\.?",
    r"(be the first to )?(leave|add|post|write) a comment.*",
    r"share (this|on|via)\b.*",
    r"(advertisement|sponsored( content)?|promoted)",
    r"(sign up|subscribe)( now| today)?( to| for) .*",
    r"follow us on .*",
    r"(related|recommended|more|trending)( (articles|stories|reading|news))?\s*:?",
    r"(read more|see also|also read)\s*:.*",
    r"(copyright|©)\s.*|all rights reserved\.?",
    r"(tags?|topics?|filed under)\s*:.*",
    r"(photo|image|picture)( credit)?\s*:.*",
    r"click here\b.*",
    r"this (article|story) (first|originally) appeared (on|in) .*",
]
BOILERPLATE = re.compile(r"^(" + "|".join(BOILERPLATE_LINES) + r")$", re.IGNORECASE)
# A whole line in brackets, headline-like: a teaser for another story ("(Engineer takes over 7,000 robots)").
TEASER = re.compile(r"^[(\[【（][^()\[\]]{10,300}[)\]】）]$")
TEASER_MAX_WORDS = 35


def is_clutter(line: str) -> bool:
    """Whether a line of extracted text is page furniture rather than the story."""
    stripped = line.strip()
    if not stripped:
        return False
    if BOILERPLATE.match(stripped):
        return True
    return bool(TEASER.match(stripped)) and len(stripped.split()) <= TEASER_MAX_WORDS


def clean_text(text: str) -> str:
    """The article's paragraphs, clutter removed, one blank line between paragraphs."""
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    kept = [p for p in paragraphs if p and not is_clutter(p)]
    return "\n\n".join(kept)


class CleanTextPipeline:
    """Second in line: every stored text has been through `clean_text`."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            item.text = clean_text(item.text)
            if item.title:
                item.title = " ".join(item.title.split())
        return item
