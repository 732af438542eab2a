"""The sample corpus as a set of outlets' websites on 127.0.0.1: article pages dressed as each outlet
dresses them (navigation, share bars, related links, disclaimers, comment boxes), and one RSS feed
per outlet. The demo and the tests crawl it with the real spiders.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from flows.localsite import LocalSite, Page
from nlp.gold import GoldArticle, GoldCorpus, load_corpus

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# Document and claim ids hash the URL, and ties between equals (which copy of a statement stands for it, which
# denial pairs first) fall by id: the same port each run gives the same store and the same scores.
CORPUS_PORT = 18470
e = html.escape


def _iso(article: GoldArticle) -> str:
    return (
        article.published.astimezone(UTC).isoformat()
        if article.published.tzinfo
        else article.published.isoformat() + "Z"
    )


def page_path(article: GoldArticle) -> str:
    return f"/{article.site}{article.path}"


def _head(article: GoldArticle, base: str) -> str:
    meta = [
        f"<title>{e(article.title)} | {e(article.outlet)}</title>",
        f'<meta property="og:site_name" content="{e(article.outlet)}">',
        f'<meta property="og:title" content="{e(article.title)}">',
        f'<link rel="canonical" href="{e(base + page_path(article))}">',
    ]
    if article.date_in_page:
        meta.append(f'<meta property="article:published_time" content="{_iso(article)}">')
    return '<meta charset="utf-8">' + "".join(meta)


def _paragraphs(article: GoldArticle, teaser_links: bool = True) -> str:
    paras = [f"<p>{e(p)}</p>" for p in article.paragraphs]
    for i, teaser in enumerate(article.teasers):  # teasers sit inside the body, as aggregators place them
        at = min(len(paras), 3 + i * 4)
        link = f'<a href="/{article.site}/teaser-{i}">{e(teaser)}</a>' if teaser_links else e(teaser)
        paras.insert(at, f"<p>({link})</p>")
    return "\n".join(paras)


def _byline(article: GoldArticle) -> str:
    date = f' <time datetime="{_iso(article)}">{article.published:%d %B %Y}</time>' if article.date_in_page else ""
    author = f'<span class="author">By {e(article.author)}</span>' if article.author else ""
    return f'<div class="byline">{author}{date}</div>'


NAV = (
    '<header><nav><a href="/">Home</a> <a href="/tech">Tech</a> <a href="/business">Business</a> '
    '<a href="/security">Security</a> <a href="/newsletter">Newsletter</a></nav></header>'
)
SHARE = '<div class="share"><a href="#">Share on X</a> <a href="#">Share on LinkedIn</a> <a href="#">Email</a></div>'
FOOTER = (
    '<footer><p>© 2026 {outlet}. All rights reserved.</p><p><a href="/privacy">Privacy</a> · '
    '<a href="/terms">Terms</a> · <a href="/contact">Contact</a></p>'
    '<div class="cookie">We use cookies to improve your experience. <button>Accept</button></div></footer>'
)


def _related(article: GoldArticle) -> str:
    items = "".join(
        f'<li><a href="/{article.site}/related-{i}">More from {e(article.outlet)} #{i}</a></li>' for i in range(1, 4)
    )
    return f'<aside class="related"><h3>Related stories</h3><ul>{items}</ul></aside>'


def render(article: GoldArticle, base: str) -> Page:
    """The article as its outlet's web page (or, for template `plain`, its raw text)."""
    if article.template == "plain":
        return Page(article.body.encode("utf-8"), "text/plain; charset=utf-8")
    footer = FOOTER.format(outlet=e(article.outlet))
    boiler = "".join(f"<p>{e(b)}</p>" for b in article.boilerplate)
    title = f"<h1>{e(article.title)}</h1>"
    if article.template == "aggregator":
        body = (
            f"{NAV}<main><article>{title}{_byline(article)}{_paragraphs(article)}"
            f'<p><a href="/{article.site}/original">View original</a></p>'
            f'<div class="disclaimer">{boiler}</div></article>'
            '<section class="comments"><h3>Comment</h3><p>0/400</p><p>No comments yet</p></section>'
            f"{_related(article)}</main>{footer}"
        )
    elif article.template == "status":
        updates = "".join(f'<div class="update"><p>{e(p)}</p></div>' for p in article.paragraphs)
        body = (
            f'<header><a href="/">{e(article.outlet)} Status</a> <a href="/subscribe">Subscribe to updates</a></header>'
            f'<main><div class="incident">{title}{updates}</div>{boiler}</main>'
            f'<footer><a href="/history">Incident history</a> Powered by Statuspage</footer>'
        )
    elif article.template in ("blog", "press"):
        body = (
            f'<header><nav><a href="/">{e(article.outlet)}</a> <a href="/blog">Blog</a> <a href="/careers">Careers</a>'
            f"</nav></header><main><article>{title}{_byline(article)}{_paragraphs(article)}</article>"
            f"{boiler}</main>{footer}"
        )
    elif article.template == "forum":
        replies = "".join(f'<div class="reply"><p>{e(b)}</p></div>' for b in article.boilerplate)
        body = (
            f'<header><a href="/">{e(article.outlet)} community</a></header><main><div class="post">{title}'
            f'{_byline(article)}{_paragraphs(article, teaser_links=False)}</div><section class="replies">{replies}'
            f"</section></main>"
        )
    else:  # news, wire
        article_html = f"<article>{title}{_byline(article)}{SHARE}{_paragraphs(article)}{boiler}</article>"
        body = f"{NAV}<main>{article_html}{_related(article)}</main>{footer}"
    page = f"<!doctype html><html lang='en'><head>{_head(article, base)}</head><body>{body}</body></html>"
    return Page(page.encode("utf-8"))


def feed_xml(site: str, outlet: str, articles: list[GoldArticle], base: str) -> str:
    """An RSS 2.0 feed of one outlet's articles, newest first."""
    items = []
    for art in sorted(articles, key=lambda a: a.published, reverse=True):
        link = base + page_path(art)
        summary = art.paragraphs[0][:280] if art.paragraphs else art.body[:280]
        items.append(
            f"<item><title>{e(art.title)}</title><link>{e(link)}</link><guid>{e(link)}</guid>"
            f"<pubDate>{format_datetime(_aware(art.published))}</pubDate><description>{e(summary)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{e(outlet)}</title><link>{e(base)}/{site}/</link><description>{e(outlet)} news</description>"
        + "".join(items)
        + "</channel></rss>"
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def publish(site: LocalSite, corpus: GoldCorpus, split: str | None = None) -> list[str]:
    """Put the corpus (or one split) on a started LocalSite; return the feed URLs, one per outlet."""
    base = site.url("").rstrip("/")
    by_site: dict[str, list[GoldArticle]] = {}
    for art in corpus.split(split):
        by_site.setdefault(art.site, []).append(art)
        site.add(page_path(art), render(art, base))
    site.add_text("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
    feeds = []
    for name, articles in sorted(by_site.items()):
        path = f"/{name}/feed.xml"
        site.add_text(path, feed_xml(name, articles[0].outlet, articles, base), "application/rss+xml; charset=utf-8")
        feeds.append(site.url(path))
    return feeds


def serve_corpus(root: Path = CORPUS, split: str | None = None) -> tuple[LocalSite, list[str], GoldCorpus]:
    """Start a server with the corpus on loopback: on `CORPUS_PORT` when it is free, so that two runs of one
    corpus give the same store, else on any free port."""
    corpus = load_corpus(root)
    site = LocalSite().start(CORPUS_PORT)
    return site, publish(site, corpus, split), corpus
