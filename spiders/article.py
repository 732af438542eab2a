"""Taking an article out of a fetched page: body text, title, outlet, date, canonical link.

trafilatura does the heavy lifting. Before it runs, paragraphs that are
nothing but a link (teasers for other stories placed inside the body) are
cut from the tree: trafilatura keeps them, and they would otherwise pass as
part of the story.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import lxml.html
import trafilatura
import trafilatura.settings
from htmldate import find_date

from spiders.dates import parse_iso

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
TEASER_MAX_WORDS = 40
DATE_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "date",
    "pubdate",
    "publishdate",
    "DC.date.issued",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
)


@dataclass
class Page:
    """What the extractor found; `text` is empty when the page has no article body."""

    text: str
    title: str | None = None
    outlet: str | None = None
    published: object = None  # datetime | None, from the page's own metadata
    canonical: str | None = None
    author: str | None = None


class NotAnArticle(ValueError):
    """The response is not a page we can read as an article (binary, unknown type)."""


def looks_binary(body: bytes) -> bool:
    """NUL bytes or mostly control bytes in the first 2 KiB: an image, archive or PDF."""
    head = body[:2048]
    if not head:
        return False
    if b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"PK\x03\x04", b"\xff\xd8\xff")):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.1


def media_type(content_type: str | None) -> str:
    """The bare media type of a Content-Type header, lower-cased."""
    return (content_type or "").split(";")[0].strip().lower()


def extract(body: bytes, text: str, url: str, content_type: str | None) -> Page:
    """Read a response as an article; raise NotAnArticle for what cannot be one."""
    kind = media_type(content_type)
    if looks_binary(body):
        raise NotAnArticle(f"binary content ({kind or 'unknown type'})")
    if kind in TEXT_TYPES:
        return from_plain_text(text)
    if kind and kind not in HTML_TYPES and not kind.endswith("+xml") and kind != "application/xml":
        raise NotAnArticle(f"not a web page ({kind})")
    return from_html(text, url)


def from_plain_text(text: str) -> Page:
    """A page served as plain text: its first line is the title, the rest the body."""
    lines = [line.strip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        return Page(text="")
    title, rest = lines[0], lines[1:]
    paragraphs = [line for line in rest if line]
    return Page(text="\n\n".join(paragraphs), title=title)


def _meta(tree: lxml.html.HtmlElement, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            found = tree.xpath(f"//meta[@{attr}=$n]/@content", n=name)
            if found and found[0].strip():
                return str(found[0]).strip()
    return None


def _jsonld_date(tree: lxml.html.HtmlElement) -> str | None:
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and item.get("datePublished"):
                return str(item["datePublished"])
    return None


def page_date(tree: lxml.html.HtmlElement) -> object:
    """The publication date the page states in metadata; never a date from the article's text."""
    stated = _meta(tree, *DATE_META) or _jsonld_date(tree)
    if not stated:
        times = tree.xpath("//article//time/@datetime | //header//time/@datetime")
        stated = str(times[0]) if times else None
    parsed = parse_iso(stated)
    if parsed is not None:
        return parsed
    found = find_date(tree, extensive_search=False, original_date=True)
    return parse_iso(found) if found else None


def drop_link_teasers(tree: lxml.html.HtmlElement) -> int:
    """Remove short paragraphs whose text is almost all link text; return how many."""
    dropped = 0
    for node in tree.xpath("//body//p | //body//li[not(ancestor::nav)]"):
        words = node.text_content().split()
        if not words or len(words) > TEASER_MAX_WORDS:
            continue
        linked = sum(len(a.text_content().split()) for a in node.iter("a"))
        if linked / len(words) >= 0.8:
            node.drop_tree()
            dropped += 1
    return dropped


def from_html(html: str, url: str) -> Page:
    """Extract an HTML page's article body and metadata."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return Page(text="")
    outlet = _meta(tree, "og:site_name", "application-name", "publisher")
    canonical = next(iter(tree.xpath("//link[@rel='canonical']/@href")), None) or _meta(tree, "og:url")
    published = page_date(tree)
    drop_link_teasers(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if not isinstance(doc, trafilatura.settings.Document):
        return Page(text="", outlet=outlet, published=published, canonical=canonical)
    body = (doc.text or "").strip()
    title = doc.title or _meta(tree, "og:title") or (tree.findtext(".//title") or "").strip() or None
    return Page(
        text=body,
        title=title,
        outlet=outlet or doc.sitename,
        published=published,
        canonical=str(canonical) if canonical else None,
        author=(doc.author or _meta(tree, "author") or None),
    )
