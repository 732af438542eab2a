"""The digest as HTML (for mail clients) and plain text (saying the same).

Everything shown comes from crawled pages, so every value is escaped:
autoescape is on for every template but the plain-text one (text/plain is
never interpreted), undefined names fail loudly (StrictUndefined), and links
are kept only for http(s) URLs, so a `javascript:` URL in a page stays text.
CSS is inlined with css_inline because many mail clients drop <style>; the
only image is the chart, referenced as `cid:` in mail and embedded as a
data: URI in a file.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import css_inline
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from reports.digest import Digest

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment() -> Environment:
    """The templates' environment: escaping on (except for plain text), undefined names an error."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(
            enabled_extensions=("html.j2", "html"), disabled_extensions=("txt.j2",), default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(when=when, href=href, label=label, hours=hours, clip=clip, quoted=quoted)
    return env


def when(value: datetime | date | None) -> str:
    """A date, with the time of day when one is known."""
    if value is None:
        return "date unknown"
    if isinstance(value, datetime) and (value.hour or value.minute):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d")


def href(url: str | None) -> str | None:
    """The URL if it is a web address; anything else (javascript:, data:, file:) is not linked."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def label(value: str | None) -> str:
    return (value or "").replace("_", " ")


def hours(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.0f} h" if value >= 1 else f"{value * 60:.0f} min"


def clip(text: str | None, limit: int = 400) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


QUOTE_MARKS = '"“”«»'


def quoted(text: str | None, limit: int = 400) -> str:
    """The statement in quotation marks, unless it already carries its own (a quote inside a sentence)."""
    text = clip(text, limit)
    return text if any(mark in text for mark in QUOTE_MARKS) else f"“{text}”"


def chart_cid(digest: Digest) -> str:
    """The chart's Content-ID (without angle brackets), unique per digest date."""
    return f"trend-{digest.day.strftime('%Y%m%d')}@outagewatch"


def render_html(digest: Digest, image_src: str) -> str:
    """The HTML part, CSS inlined into style attributes; `image_src` is a cid: or data: URI."""
    page = environment().get_template("digest.html.j2").render(digest=digest, image_src=image_src)
    return css_inline.inline(page)


def render_text(digest: Digest) -> str:
    return environment().get_template("digest.txt.j2").render(digest=digest)


def render_mail(digest: Digest) -> tuple[str, str, str]:
    """(html, text, content-id) for a mail whose HTML shows the chart as an inline part."""
    cid = chart_cid(digest)
    return render_html(digest, f"cid:{cid}"), render_text(digest), cid


def render_file(digest: Digest) -> str:
    """Self-contained HTML for a file or browser: the chart embedded as a data: URI."""
    data = base64.b64encode(digest.chart_png).decode("ascii")
    return render_html(digest, f"data:image/png;base64,{data}")
