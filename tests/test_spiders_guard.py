"""The address guard's decisions, computed without sending a packet anywhere."""

from __future__ import annotations

import pytest

from spiders.middlewares.address_guard import is_internal, refusal


@pytest.mark.parametrize(
    "ip",
    ["127.0.0.1", "127.8.9.10", "10.0.0.5", "172.16.4.4", "192.168.1.1", "169.254.169.254", "0.0.0.0", "::1",  # noqa: S104
     "fc00::1", "fe80::1", "::ffff:10.1.2.3", "224.0.0.1"],
)  # fmt: skip
def test_internal_addresses(ip: str) -> None:
    assert is_internal(ip)


@pytest.mark.parametrize("ip", ["8.8.8.8", "151.101.1.67", "2606:4700::1111"])
def test_public_addresses(ip: str) -> None:
    assert not is_internal(ip)


def test_literal_private_urls_are_refused_unless_their_origin_is_allowed() -> None:
    assert refusal("http://10.0.0.1/feed.xml", frozenset()) is not None
    assert refusal("http://169.254.169.254/latest/meta-data", frozenset()) is not None
    assert refusal("http://127.0.0.1:8080/feed.xml", frozenset({"127.0.0.1:8080"})) is None
    # The same host on another port is another origin: still refused.
    assert refusal("http://127.0.0.1:9090/admin", frozenset({"127.0.0.1:8080"})) is not None


def test_localhost_name_resolves_to_loopback_and_is_refused() -> None:
    assert "refused internal address" in (refusal("http://localhost:1/x", frozenset()) or "")
