"""sources.yaml: the shipped list is valid and broad; every kind of mistake gets its own one-line message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from flows.sources import (
    KINDS,
    Schedule,
    SourcesError,
    check,
    feed_urls,
    group_by_kind,
    load_file,
    load_sources,
    spider_for,
)
from spiders.edgar import EdgarSpider, FilingSource
from spiders.feed import FeedSpider
from spiders.status_feed import StatusFeedSpider
from spiders.statuspage import StatuspageSpider

SHIPPED = Path(__file__).resolve().parents[1] / "sources.yaml"
CONTACT = "outagewatch tests admin@example.org"
GOOD = {
    "id": "github-status",
    "kind": "statuspage",
    "url": "https://www.githubstatus.com",
    "company": "GitHub",
    "schedule": "*/5 * * * *",
}
EDGAR_URL = "https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&type=8-K&output=atom"


def write(tmp_path: Path, sources: list, **top: object) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"user_agent_contact": CONTACT, **top, "sources": sources}, allow_unicode=True))
    return path


def test_shipped_sources_load_cover_every_kind_and_are_real_public_urls() -> None:
    assert check(SHIPPED) == []
    sources = load_sources(SHIPPED)
    groups = group_by_kind(sources)
    assert len(sources) >= 30
    assert set(groups) == set(KINDS)
    assert len({s.id for s in sources}) == len(sources)
    assert all(s.url.startswith("https://") or s.url.startswith("http://") for s in sources)
    assert not any(host in s.url for s in sources for host in ("127.0.0.1", "localhost", "example."))
    assert all(s.company for s in groups["statuspage"] + groups["status_feed"])
    [edgar] = groups["edgar"]
    assert {"1.05", "8.01"} <= set(edgar.items)
    assert "8-K" in edgar.forms
    assert "@" in (load_file(SHIPPED).user_agent_contact or "")
    assert {spider_for(k) for k in KINDS} == {FeedSpider, StatuspageSpider, StatusFeedSpider, EdgarSpider}
    assert isinstance(edgar.spider_source(), FilingSource)
    assert feed_urls(SHIPPED) == [s.url for s in sources if s.kind in ("feed", "blog") and s.enabled]


def test_defaults_and_schedules(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            {**GOOD, "schedule": {"every": 900}, "enabled": False},
            {
                "id": "sec-8k",
                "kind": "edgar",
                "url": EDGAR_URL,
                "schedule": "0 9-17 * * mon-fri",
                "items": [1.05, "8.01"],
            },
        ],
    )
    status, edgar = load_sources(path)
    assert status.schedule == Schedule(every=900)
    assert not status.enabled
    assert edgar.schedule == Schedule(cron="0 9-17 * * mon-fri")
    assert edgar.forms == ("8-K",)
    assert edgar.items == ("1.05", "8.01")  # an unquoted 1.05 is read as the item it means
    assert group_by_kind([status, edgar]) == {"edgar": [edgar]}


S = "source #1 (github-status): "
MISTAKES = [
    ({"kind": "statuspag"}, S + "kind: 'statuspag' is not one of feed, statuspage, status_feed, edgar, blog"),
    ({"url": "ftp://www.githubstatus.com"}, S + "url: 'ftp://www.githubstatus.com' must start with http://"),
    (
        {"url": "https://www.githubstatus.com/history"},
        S + "url: 'https://www.githubstatus.com/history' must be",
    ),
    ({"schedule": "*/5 * * *"}, S + "schedule: cron '*/5 * * *' must have 5 fields"),
    ({"schedule": "61 * * * *"}, S + "schedule: cron '61 * * * *': minute field '61' is outside 0-59"),
    ({"schedule": "0 0 * foo *"}, S + "schedule: cron '0 0 * foo *': month field 'foo' is outside 1-12"),
    ({"schedule": {"every": 10}}, S + "schedule: 'every: 10' is more often than once a minute"),
    ({"company": "AWS"}, S + "company: 'AWS' is not a company in nlp/resources/companies.csv (did you mean"),
    ({"company": None}, S + "company: is required for kind statuspage"),
    ({"id": "GitHub Status"}, "source #1 (GitHub Status): id: 'GitHub Status' must be a slug"),
    ({"shedule": "* * * * *"}, S + "shedule: is not a known field"),
    ({"items": ["1.05"]}, S + "items: only applies to kind edgar, not statuspage"),
    ({"enabled": "yes please"}, S + "enabled: must be true or false"),
]


@pytest.mark.parametrize(("change", "message"), MISTAKES)
def test_each_mistake_has_its_own_clear_message(tmp_path: Path, change: dict, message: str) -> None:
    entry = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    problems = check(write(tmp_path, [entry]))
    assert len(problems) == 1, problems
    assert problems[0].startswith(message), problems[0]
    assert "\n" not in problems[0]


def test_file_level_mistakes_are_all_listed_at_once(tmp_path: Path) -> None:
    edgar = {"id": "sec", "kind": "edgar", "url": EDGAR_URL, "schedule": "*/15 * * * *", "items": ["105"]}
    path = write(tmp_path, [GOOD, dict(GOOD), edgar], user_agent_contact="outagewatch", extra=1)
    problems = check(path)
    assert problems == [
        "top level: 'extra' is not a known key (keys: user_agent_contact, sources)",
        "source #2 (github-status): id: duplicates source #1",
        "source #3 (sec): items: '105' is not an 8-K item number like '1.05' (quote it in YAML)",
    ]
    with pytest.raises(SourcesError) as raised:
        load_sources(path)
    assert raised.value.problems == problems
    assert str(raised.value).splitlines()[1:] == problems


def test_missing_contact_unreadable_and_invalid_files(tmp_path: Path) -> None:
    edgar = {"id": "sec", "kind": "edgar", "url": EDGAR_URL, "schedule": "*/15 * * * *"}
    path = write(tmp_path, [edgar], user_agent_contact="outagewatch")
    assert check(path) == [
        "top level: 'user_agent_contact' must name you and give an e-mail address (the SEC requires it)"
    ]
    path.write_text("sources:\n  - id: a\n   kind: feed\n")
    [problem] = check(path)
    assert problem.startswith("line 3: not valid YAML")
    assert check(tmp_path / "missing.yaml")[0].startswith("cannot read")
    path.write_text("sources: []\n")
    assert check(path) == ["top level: 'sources' must be a non-empty list"]
