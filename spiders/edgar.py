"""SEC EDGAR current filings: 8-K reports of watched companies that carry a watched item (1.05, 8.01).

The current-filings Atom feed lists the latest filings of one form. An entry
is kept when its filer is a company of the companies table (by ticker, via
the SEC's CIK-to-ticker file, or by name); its filing index page gives the
primary document, whose items decide whether the filing is stored. The text
stored is the report's items, cover page and exhibits list left out. The
SEC asks automated clients to send a User-Agent naming them and a contact,
and to stay under ten requests a second: the spider sends the one it is
given, and the crawl's per-domain limits keep the pace.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

import lxml.html
import scrapy
from lxml.etree import ParserError
from scrapy.http import Response
from twisted.python.failure import Failure

from spiders.dates import from_struct, parse_iso
from spiders.feed import FeedSpider, Source, utcnow
from spiders.items import ArticleItem
from spiders.report import failure_reason, note_skip, note_warning
from spiders.status_feed import html_lines
from spiders.urls import canonicalize

TICKERS_URL = "https://www.sec.gov/files/company_tickers.json"
TICKERS_TTL = 24 * 3600.0
ENTRY_TITLE = re.compile(r"^(?P<form>\S+)\s+-\s+(?P<name>.+?)\s+\((?P<cik>\d{4,10})\)\s*(\((?P<role>[^)]*)\))?\s*$")
ITEM_LINE = re.compile(r"^item\s*(\d{1,2}\.\d{2})\b", re.I)
ITEM_ANYWHERE = re.compile(r"\bitem\s*(\d{1,2}\.\d{2})\b", re.I)
SIGNATURES = re.compile(r"^signatures?\b", re.I)
STATE_SUFFIX = re.compile(r"\s*/[a-z]{2,}/?\s*$", re.I)
CORPORATE_WORDS = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "plc", "llc", "lp",
    "holdings", "holding", "group", "the", "nv", "sa", "ag", "se",
}  # fmt: skip
ITEM_NAMES = {
    "1.01": "Entry into a Material Definitive Agreement",
    "1.02": "Termination of a Material Definitive Agreement",
    "1.03": "Bankruptcy or Receivership",
    "1.05": "Material Cybersecurity Incidents",
    "2.01": "Completion of Acquisition or Disposition of Assets",
    "2.02": "Results of Operations and Financial Condition",
    "2.05": "Costs Associated with Exit or Disposal Activities",
    "2.06": "Material Impairments",
    "4.02": "Non-Reliance on Previously Issued Financial Statements",
    "5.02": "Departure of Directors or Certain Officers",
    "7.01": "Regulation FD Disclosure",
    "8.01": "Other Events",
    "9.01": "Financial Statements and Exhibits",
}
LEFT_OUT_ITEMS = ("9.01",)  # the exhibits list: file names, not statements

_tickers_cache: dict[str, tuple[float, dict[int, str]]] = {}


@dataclass(frozen=True)
class FilingSource(Source):
    """An EDGAR feed and what to keep from it."""

    forms: tuple[str, ...] = ("8-K",)
    items: tuple[str, ...] = ("1.05", "8.01")


@dataclass(frozen=True)
class Filing:
    """One kept feed entry, carried from the feed to the index page to the document."""

    index_url: str
    form: str
    filer: str
    cik: int
    company: str
    accepted: datetime | None
    listed_items: tuple[str, ...]
    source: FilingSource


def name_key(name: str) -> str:
    """A filer or company name reduced for matching: "AMAZON COM INC", "Amazon.com, Inc." -> "amazoncom"."""
    words = re.findall(r"[a-z0-9&]+", STATE_SUFFIX.sub("", name.lower()))
    while words and words[-1] in CORPORATE_WORDS:
        words.pop()
    if words and words[0] == "the":
        words.pop(0)
    return "".join(words)


class CompanyMatcher:
    """Filers to companies of the table: by ticker when the CIK's ticker is known, else by name or alias."""

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        self.by_ticker: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        for row in rows:
            company = row["company"]
            if row.get("ticker"):
                self.by_ticker.setdefault(str(row["ticker"]).upper(), company)
            for name in (company, *(row.get("aliases") or ())):
                if key := name_key(str(name)):
                    self.by_name.setdefault(key, company)

    def match(self, name: str, ticker: str | None) -> str | None:
        if ticker and ticker.upper() in self.by_ticker:
            return self.by_ticker[ticker.upper()]
        return self.by_name.get(name_key(name))


def listed_items(text: str) -> tuple[str, ...]:
    """Item numbers an entry summary or index page lists ("Item 1.05: Material Cybersecurity Incidents")."""
    return tuple(dict.fromkeys(ITEM_ANYWHERE.findall(text)))


def report_sections(lines: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """The report's item sections (from the first item heading to the signatures, exhibits list left out)."""
    body: list[str] = []
    found: list[str] = []
    current: str | None = None
    for line in lines:
        if SIGNATURES.match(line) and found:
            break
        if heading := ITEM_LINE.match(line):
            current = heading[1]
            found.append(current)
        if current is not None and current not in LEFT_OUT_ITEMS:
            body.append(line)
    return body, tuple(dict.fromkeys(found))


def visible_lines(body: bytes) -> list[str]:
    """The document's text lines, hidden inline-XBRL facts (display:none) removed; bytes keep its encoding."""
    try:
        root = lxml.html.fromstring(body)
    except (ParserError, ValueError):
        return html_lines(body.decode("utf-8", errors="replace"))
    for hidden in root.xpath("//*[contains(translate(@style, ' ', ''), 'display:none')]"):
        hidden.drop_tree()
    return html_lines(lxml.html.tostring(root, encoding="unicode"))


def primary_document(index: lxml.html.HtmlElement, form: str) -> str | None:
    """The href of the filing's main document: the index table's row whose type is the form itself."""
    for row in index.xpath("//table[contains(@class, 'tableFile')]//tr[td]"):
        cells = row.xpath("./td")
        hrefs = row.xpath(".//a/@href")
        if len(cells) >= 4 and hrefs and cells[3].text_content().strip().upper() == form.upper():
            return str(hrefs[0]).replace("/ix?doc=", "", 1)
    return None


def index_info(index: lxml.html.HtmlElement, head: str) -> str | None:
    """The value beside a heading in the index page's form header ("Filing Date", "Accepted", "Items")."""
    for label in index.xpath("//div[@class='infoHead']"):
        if label.text_content().strip().lower() == head.lower():
            value = label.getnext()
            return value.text_content() if value is not None else None
    return None


def report_title(company: str, form: str, items: Iterable[str]) -> str:
    """The report's title as analysts read it: Okta 8-K: Item 1.05 Material Cybersecurity Incidents."""
    named = "; ".join(f"Item {i} {ITEM_NAMES.get(i, '')}".strip() for i in items)
    return f"{company} {form}: {named}"


class EdgarSpider(FeedSpider):
    """Reads EDGAR current-filings feeds; the flow passes the companies rows: spiders never read the store."""

    name = "edgar"

    def __init__(
        self,
        sources: list[Source],
        feed_state: dict[str, dict[str, Any]] | None = None,
        known: dict[str, datetime] | None = None,
        companies: list[dict[str, Any]] | None = None,
        user_agent: str | None = None,
        tickers_url: str | None = TICKERS_URL,
        **kwargs: Any,
    ) -> None:
        super().__init__(sources, feed_state, known, **kwargs)
        self.matcher = CompanyMatcher(companies or [])
        self.contact_agent = user_agent
        self.tickers_url = tickers_url
        self.tickers: dict[int, str] = {}

    def headers(self) -> dict[str, str]:
        return {"User-Agent": self.contact_agent} if self.contact_agent else {}

    def feed_request(self, source: Source) -> scrapy.Request:
        request = super().feed_request(source)
        request.headers.update(self.headers())
        return request

    async def start(self) -> AsyncIterator[Any]:
        cached = _tickers_cache.get(self.tickers_url or "")
        if self.tickers_url and not (cached and time.monotonic() - cached[0] < TICKERS_TTL):
            yield scrapy.Request(
                self.tickers_url,
                callback=self.parse_tickers,
                errback=self.tickers_failed,
                headers=self.headers(),
                dont_filter=True,
            )
            return
        self.tickers = cached[1] if cached else {}
        for source in self.sources:
            yield self.feed_request(source)

    def parse_tickers(self, response: Response) -> Iterator[Any]:
        """The SEC's CIK-to-ticker file ({"0": {"cik_str": 320193, "ticker": "AAPL", ...}}), kept a day."""
        try:
            data = json.loads(response.body)
            self.tickers = {int(row["cik_str"]): str(row["ticker"]) for row in data.values()}
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            note_warning(self.crawler, response.url, "unreadable ticker file", str(exc)[:200])
        else:
            _tickers_cache[response.url] = (time.monotonic(), self.tickers)
        for source in self.sources:
            yield self.feed_request(source)

    def tickers_failed(self, failure: Failure) -> Iterator[Any]:
        reason, _ = failure_reason(failure)
        url = failure.request.url  # type: ignore[attr-defined]
        note_warning(self.crawler, url, f"ticker file {reason}", "matching filers by name only")
        for source in self.sources:
            yield self.feed_request(source)

    def follow_entry(self, raw: Any, source: Source, outlet: str | None, feed_url: str) -> Iterator[Any]:
        filing = self.filing_of(raw, source, feed_url)
        if filing is None:
            return
        if canonicalize(filing.index_url) in self.known:
            self.crawler.stats.inc_value("outagewatch/skipped/already stored")
            return
        watched = filing.source.items
        if filing.listed_items and not set(filing.listed_items) & set(watched):
            note_skip(self.crawler, filing.index_url, "no watched item", f"items {', '.join(filing.listed_items)}")
            return
        yield scrapy.Request(
            filing.index_url,
            callback=self.parse_index,
            errback=self.page_failed,
            headers=self.headers(),
            cb_kwargs={"filing": filing},
        )

    def filing_of(self, raw: Any, source: Source, feed_url: str) -> Filing | None:
        """The entry as a filing of a watched company and form, or None with the reason noted."""
        link = urljoin(feed_url, str(raw.get("link") or "").strip())
        title = " ".join(str(raw.get("title") or "").split())
        parsed = ENTRY_TITLE.match(title)
        if not parsed:
            note_skip(self.crawler, link or feed_url, "unreadable filing entry", title[:120])
            return None
        terms = [t.get("term") for t in raw.get("tags") or [] if t.get("term")]
        form = terms[0] if terms else parsed["form"]
        filing_source = (
            source if isinstance(source, FilingSource) else FilingSource(url=source.url, source_id=source.source_id)
        )
        if form not in filing_source.forms:
            note_skip(self.crawler, link, "not a watched form", form)
            return None
        cik = int(parsed["cik"])
        company = self.matcher.match(parsed["name"], self.tickers.get(cik))
        if company is None:
            note_skip(self.crawler, link, "not a watched company", f"{parsed['name']} (CIK {cik})")
            return None
        accepted = from_struct(raw["updated_parsed"] if "updated_parsed" in raw else raw.get("published_parsed"))
        items = listed_items("\n".join(html_lines(str(raw.get("summary") or ""))))
        return Filing(link, form, parsed["name"], cik, company, accepted, items, filing_source)

    def parse_index(self, response: Response, filing: Filing) -> Iterator[Any]:
        try:
            index = lxml.html.fromstring(response.body)
        except (ParserError, ValueError) as exc:
            note_skip(self.crawler, response.url, "unreadable filing index", str(exc)[:200])
            return
        href = primary_document(index, filing.form)
        if href is None:
            note_skip(self.crawler, response.url, "no primary document", f"no {filing.form} row in the index")
            return
        if filing.accepted is None:
            date = parse_iso((index_info(index, "Accepted") or index_info(index, "Filing Date") or "").strip())
            filing = replace(filing, accepted=date)
        if not filing.listed_items:
            filing = replace(filing, listed_items=listed_items(index_info(index, "Items") or ""))
        yield scrapy.Request(
            urljoin(response.url, href),
            callback=self.parse_document,
            errback=self.page_failed,
            headers=self.headers(),
            cb_kwargs={"filing": filing},
        )

    def parse_document(self, response: Response, filing: Filing) -> Iterator[ArticleItem]:
        body, found = report_sections(visible_lines(response.body))
        found = found or filing.listed_items
        watched = [item for item in filing.source.items if item in found]
        if not watched:
            note_skip(self.crawler, response.url, "no watched item", f"items {', '.join(found) or 'none found'}")
            return
        if len(" ".join(body).split()) < 20:
            note_skip(self.crawler, response.url, "no body", f"{len(' '.join(body).split())} words in the items")
            return
        yield ArticleItem(
            url=response.url,
            source_id=filing.source.source_id,
            fetched_at=utcnow(),
            text="\n".join(body),
            title=report_title(filing.company, filing.form, watched),
            outlet="SEC EDGAR",
            published_at=filing.accepted,
            date_source="record" if filing.accepted else "none",
            canonical_hint=filing.index_url,
            source_kind="filing",
            company_hint=filing.company,
        )
