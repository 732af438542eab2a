"""Refuse requests to private, loopback and link-local addresses unless their origin is allowed.

A feed can link anywhere, including the crawler's own network. The hosts
named on the command line (or served by the demo) are the only exception,
with their own host and port; everything else that resolves inside is dropped
with a reason. The check runs before each request, redirects included.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from spiders.urls import origin

log = logging.getLogger(__name__)


class RefusedAddress(IgnoreRequest):
    """The request's host resolves to an address the crawler must not reach."""


def is_internal(ip: str) -> bool:
    """Private, loopback, link-local, reserved, multicast or unspecified: not the public internet."""
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return bool(
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_reserved
        or addr.is_multicast
        or addr.is_unspecified
    )


def resolve(host: str) -> list[str]:
    """Every address a host name resolves to (a literal IP resolves to itself)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


def refusal(url: str, allowed: frozenset[str]) -> str | None:
    """Why a URL must not be fetched, or None when it may be."""
    if origin(url) in allowed:
        return None
    host = urlsplit(url).hostname
    if not host:
        return "no host in URL"
    try:
        addresses = resolve(host)
    except OSError as exc:
        return f"cannot resolve {host}: {exc}"
    internal = [ip for ip in addresses if is_internal(ip)]
    if internal:
        return f"refused internal address {internal[0]} for {host}"
    return None


class AddressGuardMiddleware:
    """Downloader middleware applying `refusal` to every request, robots.txt included."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.allowed = frozenset(crawler.settings.getlist("OUTAGEWATCH_ALLOWED_ORIGINS"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> Any:
        reason = refusal(request.url, self.allowed)
        if reason:
            log.warning("skipped %s: %s", request.url, reason)
            raise RefusedAddress(reason)
        return None
