"""URL identity: one canonical form per article, so reposted links and tracking tags map to one document."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "_hs", "vero_", "oly_")
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mkt_tok",
        "ref", "ref_src", "ref_url", "referrer", "source", "src", "cmpid", "cmp", "ncid", "ocid",
        "sr_share", "taid", "at_medium", "at_campaign", "share", "s_cid", "cid", "soc_src", "soc_trk",
        "smid", "partner", "guccounter", "guce_referrer", "guce_referrer_sig", "__twitter_impression",
    }
)  # fmt: skip
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonicalize(url: str) -> str:
    """Lower-case scheme and host, default port, fragment and tracking parameters removed, query sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def resolve_canonical(page_url: str, hint: str | None) -> str:
    """The page's own rel=canonical when it stays on the same site, else the fetched URL.

    A canonical link to another host is ignored: a hostile or broken page
    could otherwise claim to be some other outlet's article.
    """
    if hint:
        candidate = urljoin(page_url, hint.strip())
        if urlsplit(candidate).scheme in ("http", "https") and same_host(candidate, page_url):
            return canonicalize(candidate)
    return canonicalize(page_url)


def same_host(a: str, b: str) -> bool:
    """Whether two URLs name the same host (ports may differ behind a proxy)."""
    return (urlsplit(a).hostname or "").lower() == (urlsplit(b).hostname or "").lower()


def origin(url: str) -> str:
    """`host:port` of a URL, the unit the address guard allows."""
    parts = urlsplit(url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower(), 0)
    return f"{(parts.hostname or '').lower()}:{port}"


def doc_id_for(canonical_url: str) -> str:
    """A stable id for a canonical URL: the same article always gets the same doc_id."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]
