"""Item pipelines: validation, boilerplate cleaning, canonical URLs and stable doc ids."""

from __future__ import annotations

from datetime import datetime

from pipelines.canonical import CanonicalUrlPipeline
from pipelines.clean import clean_text, is_clutter
from pipelines.validate import problems
from spiders.items import ArticleItem
from spiders.urls import canonicalize, doc_id_for, resolve_canonical


def item(url: str, text: str = "body " * 30, hint: str | None = None) -> ArticleItem:
    return ArticleItem(url=url, source_id="s", fetched_at=datetime(2026, 1, 1), text=text, canonical_hint=hint)


def test_tracking_parameters_and_fragments_go() -> None:
    url = "HTTPS://News.Example.com:443/a/b?utm_source=x&id=7&fbclid=abc&ref=home#comments"
    assert canonicalize(url) == "https://news.example.com/a/b?id=7"


def test_rel_canonical_on_the_same_host_wins_and_other_hosts_are_ignored() -> None:
    page = "https://aggregator.example/news/123?utm_medium=feed"
    assert resolve_canonical(page, "/news/amazon-outage") == "https://aggregator.example/news/amazon-outage"
    assert resolve_canonical(page, "https://evil.example/claims-to-be-this") == "https://aggregator.example/news/123"


def test_doc_id_is_stable_for_a_canonical_url() -> None:
    first = CanonicalUrlPipeline().process_item(item("https://a.example/x?utm_campaign=1"))
    second = CanonicalUrlPipeline().process_item(item("https://a.example/x#top"))
    assert first.doc_id == second.doc_id == doc_id_for("https://a.example/x")


def test_boilerplate_lines_go_and_the_story_stays() -> None:
    text = "\n".join(
        [
            "Amazon experienced four outages in a week.",
            "(Spanish engineer unexpectedly took over 7,000 DJI floor-cleaning robots)",
            "View Original",
            "Disclaimer: The information on this page may come from third parties.",
            "Comment",
            "0/400",
            "No comments",
            "Share this article",
            "The spokesperson said only one incident involved AI tools.",
        ]
    )
    cleaned = clean_text(text)
    assert cleaned.splitlines()[0] == "Amazon experienced four outages in a week."
    assert cleaned.splitlines()[-1] == "The spokesperson said only one incident involved AI tools."
    assert len([line for line in cleaned.splitlines() if line]) == 2


def test_a_sentence_in_brackets_inside_a_paragraph_is_not_clutter() -> None:
    assert not is_clutter("The outage (which began on Tuesday) lasted six hours, the company said.")


def test_validation_names_each_problem() -> None:
    assert problems(item("ftp://x.example/a")) == ["URL is not http(s): ftp://x.example/a"]
    assert problems(item("https://x.example/a", text="   ")) == ["no body text"]
    assert problems(item("https://x.example/a")) == []
