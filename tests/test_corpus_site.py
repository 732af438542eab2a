"""The sample corpus's local server: the same URLs run after run, so two runs give the same store."""

from __future__ import annotations

import urllib.request

from flows.corpus_site import CORPUS, serve_corpus


def _fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1 only
        return response.status


def test_the_corpus_is_served_at_the_same_urls_each_run_and_beside_another_run() -> None:
    first, feeds, _ = serve_corpus(CORPUS, split="seen")
    base = first.url("/")
    try:
        # A second server while the first still holds the port: another port, and it serves as well.
        beside, beside_feeds, _ = serve_corpus(CORPUS, split="seen")
        try:
            assert beside.url("/") != base
            assert _fetch(beside_feeds[0]) == 200
        finally:
            beside.stop()
    finally:
        first.stop()
    again, again_feeds, _ = serve_corpus(CORPUS, split="seen")
    try:
        assert again.url("/") == base
        assert again_feeds == feeds  # so document and claim ids, which hash the URL, are the same too
        assert _fetch(again_feeds[0]) == 200
    finally:
        again.stop()
