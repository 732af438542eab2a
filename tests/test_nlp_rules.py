"""Extraction rules on short articles, through the real store, spaCy and sentence-transformers models.

Each article is written for the case it checks, in the shape real coverage takes; the whole corpus is
scored by the eval gate, these pin the behaviours one by one so a regression names its cause.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import duckdb
import pytest

from flows.process import process_pending
from nlp.claims import ClaimDraft
from nlp.companies import reference_index
from nlp.conflicts import facets, find_conflicts
from nlp.dates import resolve, resolve_in_story
from nlp.extract import _as_annotated, _names_in, _unknown_orgs, extract_document, outlet_owner
from nlp.models import base_pipeline, embed
from nlp.parse import parse
from nlp.records import ClaimDraftRecord, ClaimRecord, DocExtraction, Document
from nlp.stance import stance
from nlp.topics import topic_scores
from pipelines.store import ensure_schema, transaction
from pipelines.store.documents import write_articles
from spiders.items import ArticleItem


def _article(doc_id: str, title: str, text: str, at: dt.datetime, outlet: str = "The Wire") -> ArticleItem:
    return ArticleItem(
        url=f"http://127.0.0.1/{doc_id}",
        source_id="test",
        fetched_at=at,
        text=text,
        title=title,
        outlet=outlet,
        published_at=at,
        canonical_url=f"http://127.0.0.1/{doc_id}",
        doc_id=doc_id,
    )


def _process(db: Path, *articles: ArticleItem) -> duckdb.DuckDBPyConnection:
    ensure_schema(db)
    with transaction(db) as con:
        write_articles(con, articles)
    process_pending(db)
    return duckdb.connect(str(db), read_only=True)


def _claims(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = ["claim_id", "doc_id", "attribution", "speaker", "stance", "quote", "stated_at"]
    rows = con.execute(f"SELECT {', '.join(cols)} FROM claims ORDER BY quote").fetchall()
    return [dict(zip(cols, row, strict=True)) for row in rows]


def _conflicting(con: duckdb.DuckDBPyConnection, first: str, second: str) -> bool:
    """Whether a conflict pairs a claim quoting `first` with one quoting `second`."""
    rows = con.execute(
        """SELECT a.quote, b.quote FROM conflicts k
           JOIN claims a ON a.claim_id = k.claim_a JOIN claims b ON b.claim_id = k.claim_b"""
    ).fetchall()
    return any({first in x or first in y, second in x or second in y} == {True} and (first in x) != (first in y)
               for x, y in rows)  # fmt: skip


def test_dates_counted_from_another_event_are_not_resolved_against_the_report() -> None:
    published = dt.date(2023, 3, 7)
    assert resolve("three years earlier", published) is None
    assert resolve("a day later", published) is None
    found = resolve("three years ago", published)
    assert found is not None
    assert found.day.year == 2020
    assert found.precision == "year"


def test_a_company_that_changed_its_account_is_in_conflict_with_itself(tmp_path: Path) -> None:
    text = (
        "The hackers who stole LastPass customers' encrypted password vaults got in through an engineer's home "
        "computer, the company said in a breach update.\n\n"
        "The company said in August that it had seen no evidence that customer data had been accessed, before "
        "saying in December that customer data had been copied by the attacker."
    )
    con = _process(
        tmp_path / "s.duckdb",
        _article("lp", "LastPass breach traced to engineer's computer", text, dt.datetime(2023, 3, 7, 16)),
    )
    claims = {c["quote"]: c for c in _claims(con)}
    denial = next(c for q, c in claims.items() if q.startswith("that it had seen no evidence"))
    admission = next(c for q, c in claims.items() if "customer data had been copied" in q)
    assert "before saying" not in denial["quote"]  # two statements, not one
    assert (denial["stance"], admission["stance"]) == ("denies", "asserts")
    assert denial["stated_at"].strftime("%Y-%m") == "2022-08"
    assert admission["stated_at"].strftime("%Y-%m") == "2022-12"
    assert _conflicting(con, "no evidence that customer data", "customer data had been copied")


def test_an_outside_firm_keeps_the_observer_role_through_the_article(tmp_path: Path) -> None:
    text = (
        "Okta said hackers broke into its customer support system and stole files belonging to customers.\n\n"
        "BeyondTrust said it detected an attacker on 2 October trying to use a session cookie taken from Okta's "
        "support system. Okta did not confirm the breach to it until 19 October, more than two weeks later, the "
        "company said. BeyondTrust added that none of its own customers had been affected."
    )
    con = _process(
        tmp_path / "s.duckdb", _article("okta", "Okta support system breached", text, dt.datetime(2023, 10, 21))
    )
    claims = _claims(con)
    late = next(c for c in claims if "did not confirm the breach" in c["quote"])
    own = next(c for c in claims if "none of its own customers" in c["quote"])
    assert (late["attribution"], late["speaker"]) == ("researcher", "BeyondTrust")
    assert own["attribution"] == "researcher"


def test_status_page_entries_speak_in_their_own_voice(tmp_path: Path) -> None:
    text = (
        "18 Dec 2020 12:30 PST — INCIDENT REPORT. The root cause was a problem in our automated quota management "
        "system, which reduced the capacity of the identity service and caused sign-in errors globally.\n\n"
        "14 Dec 2020 04:45 PST — MONITORING. A mitigation is in place and error rates have returned to normal "
        "levels.\n\n"
        "14 Dec 2020 04:05 PST — INVESTIGATING. We are investigating elevated error rates for users signing in "
        "to Google services."
    )
    article = _article(
        "status", "Google Cloud: authentication errors outage", text, dt.datetime(2020, 12, 18, 20), "Google"
    )
    claims = _claims(_process(tmp_path / "s.duckdb", article))
    voice = {c["quote"][:30]: c["attribution"] for c in claims}
    report = next(a for q, a in voice.items() if q.startswith("The root cause"))
    update = next(a for q, a in voice.items() if q.startswith("A mitigation is in place"))
    assert (report, update) == ("postmortem", "status_page")
    assert not any(q.startswith("14 Dec") for q in voice)  # the entry's header is not part of what it says


CONFLICTS_AN_ARTICLE_SETS_UP = {
    "a union blaming the company is not the company speaking": (
        "BA IT failure grounds flights",
        "British Airways cancelled all flights from Heathrow after a global IT failure on Saturday.\n\n"
        "The GMB union blamed the outage on BA's decision to outsource IT work to India. A BA spokesperson said "
        "the outage had nothing to do with outsourcing.",
        dt.datetime(2017, 5, 28),
        ("outsource IT work", "nothing to do with outsourcing"),
    ),
    "an outside rebuttal of the company's statement": (
        "LastPass vault data stolen",
        "LastPass said an attacker copied a backup of customer vault data in a security breach last week.\n\n"
        "Customers who follow its default settings, the company said, need take no action on their passwords. "
        "Security researchers said the statement leaves out the customers most at risk from the stolen vaults.",
        dt.datetime(2022, 12, 28),
        ("need take no action", "leaves out the customers"),
    ),
    "a regulator ruling out the cause the company names": (
        "Southwest cancels thousands more flights",
        "Southwest Airlines cancelled more than 2,500 flights on Tuesday as its meltdown went on.\n\n"
        "In a statement, Southwest blamed the severe winter weather that swept across the country last week. "
        "Transportation Secretary Pete Buttigieg said the situation had gone beyond anything that could be put "
        "down to the weather.",
        dt.datetime(2022, 12, 27, 21),
        ("blamed the severe winter weather", "beyond anything that could be put down"),
    ),
    "a company limiting who was hit against a regulator saying most were": (
        "TSB IT meltdown locks customers out",
        "TSB customers were locked out of online banking for days after a botched IT migration on Sunday.\n\n"
        "Chief executive Paul Pester said the bank was running smoothly for the vast majority of its customers. "
        "The Financial Conduct Authority said a significant proportion of its 5.2 million customers were hit by "
        "the failure.",
        dt.datetime(2018, 4, 26),
        ("vast majority of its customers", "significant proportion"),
    ),
}


@pytest.mark.parametrize("case", sorted(CONFLICTS_AN_ARTICLE_SETS_UP))
def test_a_conflict_the_article_sets_up_is_found(case: str, tmp_path: Path) -> None:
    title, text, at, (first, second) = CONFLICTS_AN_ARTICLE_SETS_UP[case]
    con = _process(tmp_path / "s.duckdb", _article("doc", title, text, at))
    assert _conflicting(con, first, second)


def test_a_breach_disclosed_months_later_joins_its_event(tmp_path: Path) -> None:
    first = (
        "LastPass said an unauthorised party gained access to its development environment through a "
        "compromised developer account and took portions of source code in a security breach.\n\n"
        "The company said it had seen no evidence that the incident involved access to customer data."
    )
    later = (
        "LastPass now says the hackers who breached its development environment used what they stole to copy "
        "a backup of customer vault data, a far worse outcome than the company first described.\n\n"
        "Security researchers urged users to change their master passwords after the breach disclosure."
    )
    con = _process(
        tmp_path / "s.duckdb",
        _article("aug", "LastPass developer account compromised", first, dt.datetime(2022, 8, 25, 20)),
        _article("dec", "LastPass breach: customer vaults copied", later, dt.datetime(2022, 12, 28, 12)),
    )
    events = con.execute("SELECT event_id, kind FROM events WHERE company = 'LastPass'").fetchall()
    assert len(events) == 1, events
    linked = con.execute("SELECT count(DISTINCT doc_id) FROM event_documents").fetchone()
    assert linked is not None
    assert linked[0] == 2


# -- one document at a time, straight through extraction ------------------------------------------------------


def _extract(title: str, text: str, at: dt.datetime, outlet: str = "The Wire") -> DocExtraction:
    document = Document(doc_id="d", url="http://127.0.0.1/d", title=title, text=text, published_at=at,
                        fetched_at=at, outlet=outlet)  # fmt: skip
    return extract_document(document, reference_index())


def _said(extraction: DocExtraction, words: str) -> ClaimDraftRecord:
    return next(c for c in extraction.claims if words in c.quote)


def test_what_a_speaker_lists_after_a_colon_is_one_claim_per_clause() -> None:
    found = _extract(
        "T-Mobile outage blamed on fiber failure",
        "T-Mobile customers could not make calls for 12 hours on Monday.\n\nOvernight, Neville Ray, the company's "
        "president of technology, gave a fuller explanation in a blog post: a leased fiber circuit from a "
        "third-party provider had failed, the redundancy meant to absorb such a failure had not worked, and the "
        "resulting overload turned into a traffic storm across the core network.",
        dt.datetime(2020, 6, 16, 9),
    )
    clauses = [c for c in found.claims if c.speaker == "Neville Ray"]
    assert [c.quote.split()[:3] for c in clauses] == [["a", "leased", "fiber"], ["the", "redundancy", "meant"],
                                                      ["the", "resulting", "overload"]]  # fmt: skip
    assert {c.attribution for c in clauses} == {"executive"}


def test_a_speaker_between_commas_speaks_the_words_before_it() -> None:
    found = _extract(
        "Cloudflare outage post-mortem",
        "Cloudflare's network failed for 27 minutes on July 2.\n\nWAF rules skip the careful staged rollout that "
        "ordinary code goes through, the post-mortem explains, because they are treated as urgent responses.",
        dt.datetime(2019, 7, 13),
    )
    claim = _said(found, "WAF rules skip")
    assert claim.attribution == "postmortem"
    assert "explains" not in claim.quote


def test_a_person_keeps_their_role_and_his_account_is_his() -> None:
    found = _extract(
        "Gemini CLI wiped a user's files",
        "Anuraag Gupta described the episode in a detailed write-up about Google's Gemini CLI, which deleted "
        "his files.\n\nGupta asked the agent to rename a folder. According to his account, the command "
        "Gemini issued to create the new directory failed, but the model treated it as having succeeded.",
        dt.datetime(2025, 7, 25),
    )
    claim = _said(found, "the command Gemini issued")
    assert (claim.attribution, claim.speaker) == ("social_media", "Gupta")


def test_a_user_claiming_to_be_inside_the_company_is_an_anonymous_source() -> None:
    found = _extract(
        "Facebook, Instagram and WhatsApp go dark",
        "Facebook went offline for six hours on Monday.\n\nA Reddit user who said they were on Facebook's "
        "recovery team posted during the outage that a BGP change had been pushed that cut the company off.",
        dt.datetime(2021, 10, 5),
    )
    assert _said(found, "a BGP change had been pushed").attribution == "anonymous_source"


def test_a_date_that_dates_the_incident_beats_the_date_of_the_statement() -> None:
    found = _extract(
        "LastPass says hackers stole source code",
        "LastPass said on Thursday that an intruder had broken into part of its development environment and "
        "made off with some of its source code.\n\nIn a blog post, chief executive Karim Toubba said LastPass had "
        "detected unusual activity in portions of the development environment two weeks ago.",
        dt.datetime(2022, 8, 25, 20),
    )
    [event] = [e for e in found.events if e.role == "report"]
    assert event.kind == "security_incident"
    assert (event.started, event.date_precision) == (dt.date(2022, 8, 11), "week")


def test_stance_reads_scope_words_and_late_confirmations() -> None:
    found = _extract(
        "T-Mobile outage",
        "T-Mobile customers could not make calls for 12 hours on Monday.\n\nData services were largely still "
        "working, T-Mobile said. BeyondTrust said Okta did not confirm the breach until 19 October.",
        dt.datetime(2020, 6, 16),
    )
    assert _said(found, "largely still working").stance == "limits"
    assert _said(found, "did not confirm the breach until").stance == "asserts"


def test_holidays_resolve_to_the_latest_one_before_the_report() -> None:
    published = dt.date(2022, 12, 29)
    found = {
        text: resolve(text, at)
        for text, at in (("before Christmas", published), ("over the Thanksgiving weekend", dt.date(2023, 1, 10)),
                         ("on Easter 2019", published))
    }  # fmt: skip
    assert {text: (d.day, d.precision) if d else None for text, d in found.items()} == {
        "before Christmas": (dt.date(2022, 12, 22), "week"),
        "over the Thanksgiving weekend": (dt.date(2022, 11, 24), "week"),
        "on Easter 2019": (dt.date(2019, 4, 21), "day"),
    }


def test_an_undated_report_is_not_a_follow_up_of_an_incident_set_apart_from_it() -> None:
    found = _extract(
        "Pilots blame Southwest's crew-scheduling technology for the meltdown",
        "Southwest Airlines cancelled thousands of flights as the storm swept the country before Christmas, "
        "and the pilots' union said the real problem was outdated scheduling software.\n\n"
        "It is not the first time. In October 2021 it cancelled about 2,000 flights over a weekend.",
        dt.datetime(2022, 12, 29, 13),
    )
    [report] = [e for e in found.events if e.role == "report"]
    assert report.started == dt.date(2022, 12, 22)
    assert any(e.role == "mention" and e.started.year == 2021 for e in found.events)


def test_a_day_inside_a_coarser_date_of_the_same_sentence_fixes_the_start() -> None:
    found = _extract(
        "Southwest fined over its holiday meltdown",
        "Southwest Airlines agreed to a $140 million penalty over its holiday meltdown, the Department of "
        "Transportation said.\n\nBetween Dec. 21 and Dec. 30, 2022, over the Christmas holiday, Southwest "
        "cancelled nearly 17,000 flights after its crew-scheduling system failed.",
        dt.datetime(2023, 12, 18, 22),
    )
    [report] = [e for e in found.events if e.role == "report"]
    assert (report.started, report.date_precision) == (dt.date(2022, 12, 21), "day")


def test_harm_stated_with_a_negation_is_not_a_denial() -> None:
    found = _extract(
        "Facebook, Instagram and WhatsApp down in global outage",
        "Facebook, Instagram and WhatsApp went down for six hours on Monday in a global outage that locked out "
        "billions of users.\n\nFacebook said in a blog post that its engineers could not reach the data centres "
        "through their usual remote tools. The company said there was no malicious activity behind the outage.",
        dt.datetime(2021, 10, 5),
    )
    assert _said(found, "could not reach the data centres").stance == "asserts"
    assert _said(found, "no malicious activity").stance == "denies"


def test_a_paragraph_that_turns_to_an_earlier_incident_stays_with_it() -> None:
    found = _extract(
        "Okta shares fall after support system breach",
        "Shares of Okta closed down more than 11% on Friday after the company said hackers had broken into its "
        "customer support system.\n\nFor investors, the episode revived memories of March 2022, when the Lapsus$ "
        "extortion group posted screenshots of an Okta support contractor's computer. Okta said at the time that "
        "up to 366 customers might have been affected.",
        dt.datetime(2023, 10, 20, 21),
    )
    recalled = next(i for i, e in enumerate(found.events) if e.role == "mention")
    assert found.events[recalled].started.year == 2022
    assert _said(found, "up to 366 customers").event == recalled


def test_a_user_introduced_as_one_speaks_by_his_account_and_his_conclusion() -> None:
    found = _extract(
        "Gemini CLI deletes user's files",
        "Anuraag Gupta, a product manager testing Google's Gemini CLI, said the agent destroyed his files in an "
        "incident last week.\n\nBy his account, the agent tried to create a folder, the command failed, and the "
        "model assumed it had worked. Gupta's own conclusion is the same: the model never verified its "
        "operations, it just assumed each step had worked.",
        dt.datetime(2025, 7, 25),
    )
    told = {c.quote: (c.attribution, c.speaker) for c in found.claims}
    assert _said(found, "destroyed his files").attribution == "social_media"
    assert told[_said(found, "the command failed").quote] == ("social_media", "Anuraag Gupta")
    assert told["the model never verified its operations"] == ("social_media", "Gupta")


def test_a_that_clause_the_parser_hangs_deep_is_the_speakers_second_statement() -> None:
    found = _extract(
        "BA IT failure grounds flights",
        "British Airways cancelled all flights from Heathrow after a global IT failure on Saturday.\n\n"
        "In a video posted on Twitter, chief executive Alex Cruz said the airline believed the root cause was a "
        "problem with the power supply and that it had found no evidence of a cyberattack.",
        dt.datetime(2017, 5, 28),
    )
    second = _said(found, "found no evidence of a cyberattack")
    assert (second.attribution, second.stance) == ("executive", "denies")
    assert "power supply" not in second.quote


def test_a_date_the_incident_is_given_beats_the_date_it_was_disclosed(tmp_path: Path) -> None:
    later = _article(
        "later",
        "LastPass says attacker copied customer vault backups",
        "LastPass said an attacker had copied a backup of its customers' password vaults in a security breach.\n\n"
        "When it first disclosed the intrusion on August 25, the company said it had seen no evidence that "
        "customer data had been accessed.",
        dt.datetime(2022, 12, 23, 14),
    )
    first = _article(
        "first",
        "LastPass says hackers stole source code",
        "LastPass said on Thursday that an intruder had broken into part of its development environment and made "
        "off with some of its source code.\n\nIn a blog post, chief executive Karim Toubba said LastPass had "
        "detected unusual activity in portions of the development environment two weeks ago.",
        dt.datetime(2022, 8, 25, 20),
    )
    con = _process(tmp_path / "s.duckdb", later, first)
    rows = con.execute("SELECT started_at, date_basis FROM events WHERE company = 'LastPass'").fetchall()
    assert [(r[0].date(), r[1]) for r in rows] == [(dt.date(2022, 8, 11), "text")]


def test_a_rebuttal_answers_the_statement_however_many_outlets_carry_it(tmp_path: Path) -> None:
    bulletin = _article(
        "bulletin",
        "Security bulletin: Amazon Q Developer extension for VS Code",
        "AWS is aware that a hacker inserted a wiper prompt into an official release of the Amazon Q Developer "
        "extension for VS Code last week.\n\nWe have confirmed that no customer resources were impacted.",
        dt.datetime(2025, 7, 23, 18),
        outlet="AWS",
    )
    analysis = _article(
        "analysis",
        "No customer resources impacted? Researchers doubt AWS's account of the Amazon Q wiper",
        "A hacker slipped a data-wiping prompt into a public release of the Amazon Q Developer extension last "
        "week, AWS said.\n\nAWS's account of the episode rests on one sentence: no customer resources were "
        "impacted. Security researchers who have pulled the tainted release apart say that sentence claims more "
        "than AWS can actually know.",
        dt.datetime(2025, 7, 30, 9),
    )
    con = _process(tmp_path / "s.duckdb", bulletin, analysis)
    assert _conflicting(con, "no customer resources were impacted", "claims more than AWS")


def test_who_a_speaker_is_can_be_in_their_own_aside() -> None:
    found = _extract(
        "Atlassian outage enters second week",
        "Atlassian said on Tuesday that an outage that began last week had affected about 400 customers.\n\n"
        "Gergely Orosz, who writes The Pragmatic Engineer newsletter, estimated that anywhere from 50,000 to "
        "400,000 individual users had lost access. Customers who spoke to Orosz, none of them on the record, said "
        "the company's statements gave the impression that they were getting support when they were not. The "
        "person who deleted the sites, who was not named, said they had run a script from an unremarkable GitHub "
        "account. Security researchers said the sites had been deleted quietly, with no advisory or changelog note "
        "telling customers what happened.",
        dt.datetime(2022, 4, 12),
    )
    assert _said(found, "400,000 individual users").attribution == "media_report"
    assert _said(found, "gave the impression").attribution == "anonymous_source"
    assert _said(found, "GitHub account").attribution == "anonymous_source"
    assert _said(found, "deleted quietly").speaker == "Security researchers"


def test_speakers_the_parser_hides_in_a_clause_or_an_adjective_still_speak() -> None:
    found = _extract(
        "Fastly outage takes down major websites",
        "Fastly suffered a global outage on Tuesday that took down dozens of major websites for about an hour.\n\n"
        "On Twitter, where #InternetOutage was soon trending, some users were quick to blame a cyberattack. "
        "Security researchers who went looking for the cause said the outage had been triggered by a "
        "configuration change.",
        dt.datetime(2021, 6, 8, 18),
    )
    assert (_said(found, "blame a cyberattack").attribution, _said(found, "blame a cyberattack").speaker) == (
        "social_media",
        "some users",
    )
    assert _said(found, "configuration change").speaker == "Security researchers"


def test_a_denial_for_part_of_a_group_limits_who_was_hit() -> None:
    found = _extract(
        "Okta breach reached support files",
        "Hackers broke into Okta's customer support system last month, the company said.\n\n"
        "Chief security officer David Bradbury said customers who had not heard from the company had no impact "
        "on their Okta environment. Okta said no customer data was accessed beyond the support system.",
        dt.datetime(2023, 10, 21),
    )
    assert _said(found, "had not heard from the company").stance == "limits"
    assert _said(found, "no customer data was accessed").stance == "denies"


def test_on_an_executives_page_the_company_in_the_third_person_is_the_company_speaking() -> None:
    found = _extract(
        "Southwest Airlines shares message from CEO Bob Jordan",
        "DALLAS — Southwest Airlines today shared the following message from President and CEO Bob Jordan about "
        "the flight cancellations.\n\nThe extreme winter weather that hit much of the country last week set this "
        "off, and we are deeply sorry for the cancellations.\n\nSouthwest is operating a reduced schedule of "
        "roughly one third of its usual flights over the next several days.",
        dt.datetime(2022, 12, 27, 23),
        outlet="Southwest Airlines",
    )
    assert _said(found, "set this off").attribution == "executive"
    assert _said(found, "reduced schedule").attribution == "spokesperson"


def test_a_companys_own_page_is_known_by_its_outlets_name_and_its_wording() -> None:
    companies = reference_index()
    expected = {"The Cloudflare Blog": "Cloudflare", "Engineering at Meta": "Meta", "GitHub Status": "GitHub",
                "TechWire Daily": None}  # fmt: skip
    assert {name: outlet_owner(name, companies) for name in expected} == expected
    found = _extract(
        "Elevated error rates for Git operations",
        "We are investigating reports of elevated error rates for Git operations on GitHub.com.\n\n"
        "We have identified the cause as a faulty configuration change and are rolling it back.\n\n"
        "This incident has been resolved. Git operations are working normally.",
        dt.datetime(2025, 3, 12, 16),
        outlet="GitHub Status",
    )
    assert {c.attribution for c in found.claims} == {"status_page"}


def test_coordinated_verbs_share_a_speaker_and_a_report_speaks_through_any_verb() -> None:
    found = _extract(
        "BA IT failure grounds flights",
        "British Airways cancelled all flights from Heathrow after a global IT failure on Saturday.\n\n"
        "BA ran a reduced schedule on Sunday and said it expected to operate almost all of its flights on Monday. "
        "The post-mortem commits to bringing data-centre power changes under staged rollouts and to testing the "
        "backup supply every quarter. The review was published in November.",
        dt.datetime(2017, 5, 28),
    )
    assert _said(found, "expected to operate almost all").speaker == "BA"
    assert _said(found, "commits to bringing").attribution == "postmortem"
    assert not any("published in November" in c.quote for c in found.claims)


def test_a_roundup_reports_the_incident_another_company_tells_of_itself() -> None:
    found = _extract(
        "What Okta and MGM taught identity teams last autumn",
        "Okta said hackers had broken into its customer support system, exposing files of 134 customers.\n\n"
        "On 11 September, MGM Resorts said it had identified a cybersecurity issue affecting some of its systems "
        "and began shutting things down. For roughly ten days guests reported dead digital room keys after the "
        "ransomware attack. Okta said it had seen no sign of an intrusion at other customers.",
        dt.datetime(2023, 11, 20),
    )
    assert {(e.company, e.role) for e in found.events} >= {("Okta", "report"), ("MGM Resorts", "mention")}
    [mgm] = [e for e in found.events if e.company == "MGM Resorts"]
    assert mgm.started == dt.date(2023, 9, 11)


def test_since_dates_a_state_not_the_incident_unless_it_hangs_on_the_incident_word() -> None:
    found = _extract(
        "LastPass breach traced to keylogger on engineer's home computer; Plex says patch was available since 2020",
        "The hackers who stole LastPass customers' password vaults got in by planting a keylogger on an "
        "engineer's home computer, the company said last week.\n\nThe company said the second phase of the attack "
        "ran from August 12 to October 26 last year.",
        dt.datetime(2023, 3, 7, 16),
    )
    assert all(e.started.year != 2020 for e in found.events)
    down = _extract(
        "TSB app down since Monday",
        "TSB customers have been locked out of the mobile app, which has been down since Monday.",
        dt.datetime(2023, 3, 8, 12),
    )
    assert [e.started for e in down.events if e.role == "report"] == [dt.date(2023, 3, 6)]


def test_a_company_speaking_about_the_incident_is_not_other_business() -> None:
    found = _extract(
        "TSB's IT meltdown: what went wrong",
        "TSB customers were locked out of online banking for days after a botched IT migration in April.\n\n"
        "IBM, called in within days, wrote in a preliminary paper that performance testing had not provided the "
        "evidence of capacity it would expect.",
        dt.datetime(2018, 6, 1),
    )
    assert _said(found, "performance testing had not provided").speaker == "IBM"


def _claim(claim_id: str, attribution: str, speaker: str, stance: str, quote: str, topic: str,
           at: dt.datetime) -> ClaimRecord:  # fmt: skip
    """A stored claim of one event, for the conflict finder alone."""
    return ClaimRecord(claim_id=claim_id, event_id="ev", doc_id=f"doc_{claim_id}", attribution=attribution,
                       speaker=speaker, topic=topic, stance=stance, quote=quote, published_at=at,
                       confidence=0.8)  # fmt: skip


def _conflicting_pairs(claims: list[ClaimRecord], now: dt.datetime) -> set[frozenset[str]]:
    vectors = dict(zip([c.claim_id for c in claims], embed([c.quote for c in claims]), strict=True))
    return {frozenset((k.claim_a, k.claim_b)) for k in find_conflicts("ev", claims, vectors, now)}


def test_an_outside_firm_saying_it_was_not_hit_denies_nothing_about_the_incident() -> None:
    at = dt.datetime(2023, 10, 21)
    claims = [
        _claim("okta", "spokesperson", "Okta", "asserts", "the attacker had obtained files and personal data of "
               "customers", "impact", at),
        _claim("onepw", "researcher", "1Password", "denies", "no 1Password user data had been accessed", "impact", at),
        _claim("bt", "researcher", "BeyondTrust", "denies", "none of its own customers' data had been accessed",
               "impact", at),
        _claim("firm", "researcher", "Mandiant", "denies", "no customer data had been accessed by the attacker",
               "impact", at),
    ]  # fmt: skip
    pairs = _conflicting_pairs(claims, at)
    assert frozenset(("okta", "onepw")) not in pairs
    assert frozenset(("okta", "bt")) not in pairs
    assert frozenset(("okta", "firm")) in pairs  # an outside denial of the incident itself still conflicts


def test_a_denial_of_one_cause_does_not_answer_another() -> None:
    claims = [
        _claim("config", "spokesperson", "Facebook", "asserts", "Facebook itself said little until late on Monday, "
               "when it said in a blog post that configuration changes on the backbone routers that coordinate "
               "traffic between its data centres had caused the problem, with a cascading effect that brought its "
               "services to a halt.", "cause", dt.datetime(2021, 10, 5, 1)),
        _claim("crowd", "social_media", "some users", "asserts", "that attackers had seized its systems or were "
               "wiping its data", "cause", dt.datetime(2021, 10, 6, 9)),
        _claim("denial", "executive", "vice president of infrastructure", "denies", "The company was explicit: there "
               "was no malicious activity behind the outage, it said, and it had no evidence that user data was "
               "compromised.", "cause", dt.datetime(2021, 10, 11, 9)),
    ]  # fmt: skip
    pairs = _conflicting_pairs(claims, dt.datetime(2021, 10, 12))
    assert frozenset(("crowd", "denial")) in pairs
    assert frozenset(("config", "denial")) not in pairs  # "no malicious activity" agrees with a configuration change
    # Facets are words, not letters: "services" has no ice in it, a firewall no fire, a download no load.
    assert facets("its services came to a halt behind a firewall after a download") == set()


def test_a_report_that_rules_out_the_same_cause_agrees_with_the_denial() -> None:
    """ "The report makes no mention of the cyberattack" is filed as an assertion about the cause, but it rules out
    what the denial rules out: no disagreement. The crowd that insisted on an attack still disagrees."""
    at = dt.datetime(2020, 6, 16)
    claims = [
        _claim("denial", "spokesperson", "a T-Mobile spokesperson", "denies", "there was no indication the outage "
               "had been caused by an attack", "cause", at),
        _claim("report", "regulator_filing", "The report", "asserts", "The report makes no mention of the "
               "cyberattack that social media users insisted was under way on the day", "cause",
               dt.datetime(2020, 10, 22)),
        _claim("crowd", "social_media", "social media users", "asserts", "the United States was under a large "
               "cyberattack, with posts sharing maps of supposed attack traffic", "cause", at),
    ]  # fmt: skip
    pairs = _conflicting_pairs(claims, dt.datetime(2020, 10, 23))
    assert frozenset(("denial", "report")) not in pairs
    assert frozenset(("crowd", "denial")) in pairs


def test_a_day_told_in_a_story_counts_on_from_the_story_not_back_from_the_report() -> None:
    found = _extract(
        "Big-bang cutovers, and the banks that learned the hard way",
        "Earlier this month the regulator fined TSB's former chief information officer for his part in the bank's "
        "platform migration. Five years on, the case is still worth a few minutes of every team's time.\n\n"
        "A quick recap. Over the weekend of 20-22 April 2018, TSB moved the records of its customers onto a new "
        "platform. When the systems came back on the Sunday evening, internet and mobile banking fell over. The "
        "next day TSB said it was working to restore access.\n\n"
        "TSB's own review later blamed the testing. TSB was not the only bank to learn this lesson.",
        dt.datetime(2023, 4, 25, 7),
    )
    [report] = [e for e in found.events if e.role == "report"]
    assert (report.company, report.started, report.date_precision) == ("TSB", dt.date(2018, 4, 22), "day")


def test_an_earlier_incident_told_day_by_day_stays_apart_from_the_report() -> None:
    found = _extract(
        "A week on: what Facebook's backbone blackout teaches",
        "It has been a week since Facebook, Instagram and WhatsApp went down for about six hours.\n\n"
        "This is not the first time one change has taken Facebook's apps offline. On March 13, 2019, Facebook, "
        "Instagram and WhatsApp went down for around 14 hours. The next day Facebook said the cause "
        "had been a server configuration change, while the outage was still spreading.",
        dt.datetime(2021, 10, 11, 9),
    )
    [report] = [e for e in found.events if e.role == "report"]
    assert report.started.year == 2021
    assert any(e.role == "mention" and e.started == dt.date(2019, 3, 13) for e in found.events)


def test_one_statement_answered_in_many_outlets_words_is_one_disagreement() -> None:
    at = dt.datetime(2021, 10, 6)
    crowd = _claim("crowd", "social_media", "some users", "asserts", "posts claiming that hackers had breached the "
                   "company and were wiping its data spread quickly", "cause", at)  # fmt: skip
    answers = [
        ("own", "postmortem", "Facebook", "We want to be clear that there was no malicious activity behind this "
         "outage.", dt.datetime(2021, 10, 5)),
        ("beside", "executive", "Santosh Janardhan", "there was no malicious activity behind the outage, the "
         "company said", at),
        ("retold", "spokesperson", "Facebook", "it said there had been no malicious activity behind the outage", at),
        ("again", "spokesperson", "Facebook", "the company repeated that no malicious activity was behind it", at),
    ]  # fmt: skip
    claims = [crowd] + [_claim(i, att, who, "denies", quote, "cause", when) for i, att, who, quote, when in answers]
    claims[2] = dataclasses.replace(claims[2], doc_id=crowd.doc_id)  # the crowd's article carries this answer
    pairs = _conflicting_pairs(claims, at)
    assert pairs == {frozenset(("crowd", "own")), frozenset(("crowd", "beside"))}


def test_two_clauses_that_take_different_stances_are_two_claims() -> None:
    found = _extract(
        "More details about the October 4 outage",
        "Facebook, Instagram and WhatsApp went down for six hours on Monday. Its root cause was a faulty "
        "configuration change on our side, and we have no evidence that user data was compromised. Engineers "
        "could not reach the data centres, and the backbone stayed down for hours.",
        dt.datetime(2021, 10, 5, 9),
        outlet="Engineering at Meta",
    )
    assert (
        _said(found, "faulty configuration change").quote
        == "Its root cause was a faulty configuration change on our side"
    )
    assert _said(found, "faulty configuration change").stance == "asserts"
    assert _said(found, "no evidence that user data").stance == "denies"
    assert _said(found, "the backbone stayed down").quote.startswith(
        "Engineers could not reach"
    )  # one stance, one claim


def test_a_speaker_set_against_another_with_while_speaks_for_itself() -> None:
    found = _extract(
        "Southwest fined over its holiday meltdown",
        "Southwest Airlines cancelled nearly 17,000 flights in December 2022.\n\n"
        "The airline has blamed the winter storm for setting off the disruption, while its pilots' union argued "
        "that outdated crew-scheduling technology had turned a bad storm into a catastrophe. The statement said no "
        "further action was needed, though Southwest suggested passengers keep their receipts as a precaution.",
        dt.datetime(2023, 12, 18, 22),
    )
    airline = _said(found, "blamed the winter storm")
    union = _said(found, "turned a bad storm into a catastrophe")
    assert airline.quote == "The airline has blamed the winter storm for setting off the disruption"
    assert "union" in union.speaker
    assert union.speaker != airline.speaker
    assert _said(found, "keep their receipts").stance == "asserts"  # advice, not a guess


def test_an_ai_tool_named_as_the_actor_does_not_make_a_claim_about_ai_involvement() -> None:
    found = _extract(
        "Replit's AI agent deletes a production database",
        "An AI coding agent on Replit deleted the production database behind an app a founder was building, "
        "he said on Friday.\n\nReplit's chief executive said the company had separated development and production "
        "databases so the agent cannot reach live data. SaaStr founder Jason Lemkin said the changes that broke "
        "the app were AI-generated code that nobody had reviewed.",
        dt.datetime(2025, 7, 21, 9),
    )
    assert _said(found, "so the agent cannot reach live data").topic != "ai_involvement"
    assert _said(found, "were AI-generated code").topic == "ai_involvement"
    nlp = base_pipeline()
    actor = topic_scores(nlp("the agent deleted the production database")[:])["ai_involvement"]
    involved = topic_scores(nlp("AI-assisted changes were linked to the incidents")[:])["ai_involvement"]
    assert actor < involved


def test_the_everyday_words_of_outages_and_attacks_are_incident_words() -> None:
    ddos = _extract(
        "Game servers knocked out",
        "Blizzard's Battle.net was hit by a DDoS attack on Sunday, the company said, and players could not log in.",
        dt.datetime(2024, 3, 4, 9),
    )
    assert [e.kind for e in ddos.events if e.role == "report"] == ["outage"]  # a flood takes it down, gets nothing
    unresponsive = _extract(
        "GitHub stops responding for thousands",
        "GitHub became unresponsive for many users on Monday morning, with pushes timing out and pages returning "
        "502 errors, the company said on its status page.",
        dt.datetime(2024, 2, 26, 18),
    )
    assert [e.company for e in unresponsive.events if e.role == "report"] == ["GitHub"]


def test_another_companys_incident_dated_far_away_is_recalled_though_the_parse_does_not_place_it() -> None:
    found = _extract(
        "TSB's IT meltdown: what went wrong",
        "TSB customers were locked out of online banking for days after a botched IT migration on 22 April.\n\n"
        "TSB was not the first British bank to learn this lesson. In June 2012 a botched upgrade to the software "
        "that applies overnight updates to accounts at RBS, NatWest and Ulster Bank left customers unable to see "
        "accurate balances or move money.",
        dt.datetime(2018, 6, 1),
    )
    assert [(e.company, e.role, e.started.year) for e in found.events] == [
        ("TSB", "report", 2018),
        ("NatWest", "mention", 2012),
    ]


def test_a_denial_that_names_what_it_answers_only_as_that_theory_answers_the_statement_before_it(
    tmp_path: Path,
) -> None:
    text = (
        "T-Mobile's network went down for 12 hours on June 15, the FCC said in its report on Thursday.\n\n"
        "The report makes no mention of the cyberattack that social media users insisted was under way on the day; "
        "security researchers dismissed that theory within hours."
    )
    con = _process(tmp_path / "s.duckdb", _article("tmo", "FCC faults T-Mobile over outage", text,
                                                   dt.datetime(2020, 10, 22, 16)))  # fmt: skip
    claims = _claims(con)
    assert any(c["quote"].startswith("security researchers dismissed") for c in claims)  # its own sentence
    assert _conflicting(con, "social media users insisted", "dismissed that theory")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("on the 19th", (dt.date(2024, 7, 19), "day")),
        ("on the 28th", (dt.date(2024, 6, 28), "day")),  # the latest 28th on or before the report
        ("at the start of the month", (dt.date(2024, 7, 3), "month")),
        ("on 19/7/2024", (dt.date(2024, 7, 19), "day")),
        ("on 7/19", (dt.date(2024, 7, 19), "day")),
        ("on 3/4", None),  # March or April: the text does not say
        ("24/7", None),
    ],
)
def test_bare_days_and_numeric_dates_resolve_only_when_unambiguous(
    words: str, expected: tuple[dt.date, str] | None
) -> None:
    found = resolve(words, dt.date(2024, 7, 26))
    assert (None if found is None else (found.day, found.precision)) == expected


def test_the_day_before_counts_back_from_the_story() -> None:
    found = resolve_in_story("the day before", dt.date(2018, 4, 22))
    assert found is not None
    assert (found.day, found.in_story) == (dt.date(2018, 4, 21), True)


SOURCES_OF_ONE_STORY = [
    ("spokesperson", "A CrowdStrike spokesperson told Reuters the faulty update had been rolled back."),
    ("spokesperson", "In a statement to The Verge, CrowdStrike said the defect affected only Windows hosts."),
    ("social_media", "Users on Bluesky said their machines were stuck in a boot loop."),
    ("social_media", "In a Reddit thread, administrators said they had to fix each machine by hand."),
    ("regulator_filing", "In an 8-K filing with the SEC, CrowdStrike said the incident could hurt revenue."),
    ("internal_document", "An internal memo seen by Bloomberg said engineers had skipped a validation step."),
    ("anonymous_source", "Two people familiar with the matter said the update had not been tested on all systems."),
    ("internal_document", "In a message to staff, the company said the content update had a logic error."),
    ("postmortem", "CrowdStrike's preliminary post-incident review said a bug in its content validator let it pass."),
    ("researcher", "Security researcher Kevin Beaumont said the driver read memory it should not have."),
    ("media_report", "The Wall Street Journal reported that airlines lost millions of dollars."),
    ("regulator_filing", "The Transportation Department said it was opening an investigation into Delta's recovery."),
    ("executive", "Delta chief executive Ed Bastian told CNBC the outage cost the airline $500 million."),
]


SOURCES_OF_ANOTHER_STORY = [
    ("internal_document", "According to a briefing note seen by the FT, engineers had skipped a review step."),
    ("anonymous_source", "The change had been rushed, according to people familiar with the matter."),
    ("spokesperson", "The company said in a blog post that the outage was caused by a configuration error."),
    ("executive", "In a post on X, AWS chief executive Matt Garman said the company was sorry for the disruption."),
    ("social_media", "In a post on X, one developer said his deployments had failed for hours."),
    ("status_page", "The AWS Health Dashboard said the issue had been resolved by 3 p.m."),
    ("regulator_filing", "The UK's Competition and Markets Authority said it was examining the outage."),
    ("researcher", "Downdetector said it received more than 6.5 million reports."),
]


def _attributions_kept(title: str, lead: str, sources: list[tuple[str, str]], at: dt.datetime) -> None:
    """One article quoting each source in a paragraph of its own: each keeps the attribution it is listed with."""
    found = _extract(title, lead + "\n\n" + "\n\n".join(sentence for _, sentence in sources), at)
    got = {text: [c.attribution for c in found.claims if c.quote in text] for _, text in sources}
    assert all(want in got[sentence] for want, sentence in sources), got


def test_a_public_body_the_tables_do_not_list_is_a_regulator_by_its_name() -> None:
    _attributions_kept(
        "AWS outage knocks out thousands of sites",
        "Amazon Web Services suffered a major outage on Monday that took down thousands of websites.",
        SOURCES_OF_ANOTHER_STORY,
        dt.datetime(2025, 10, 21, 9),
    )


def test_each_kind_of_source_in_one_story_keeps_its_attribution() -> None:
    """One article quoting every kind of source, as coverage of a big outage does: a customer's chief executive
    talking to the press is an executive even where users' posts are quoted too, and the company's message to its
    own staff is internal."""
    _attributions_kept(
        "CrowdStrike outage grounds flights",
        "CrowdStrike's faulty Falcon update crashed millions of Windows computers on Friday, grounding flights "
        "worldwide.",
        SOURCES_OF_ONE_STORY,
        dt.datetime(2024, 7, 22, 9),
    )


@pytest.mark.parametrize(
    ("want", "words"),
    [
        ("limits", "only one incident involved AI tools"),
        ("denies", "none of the incidents involved AI-generated code"),
        ("denies", "the outage was not caused by a cyberattack"),
        ("denies", "the timing was a coincidence"),
        ("denies", "the deletion was the result of user error"),
        ("limits", "fewer than 1% of users were affected"),
        ("denies", "there is no evidence that customer data was accessed"),
        ("hedges", "the company is investigating whether customer data was accessed"),
        ("hedges", "it is too early to say what caused the outage"),
        ("denies", "engineers have ruled out a cyberattack"),
        ("hedges", "investigators have not ruled out a cyberattack"),
        ("hedges", "one could not be ruled out"),
        ("denies", "at no point was customer data at risk"),
        ("hedges", "it is possible that the attackers accessed backups"),
        ("asserts", "customers could not log in for six hours"),
        ("limits", "the vast majority of services were running normally"),
        # A company saying its own network is fine while others are down denies being hit; the same words after a
        # recovery report the recovery.
        ("denies", "Our network is operating normally"),
        ("denies", "its markets were trading normally"),
        ("asserts", "This incident has been resolved and services are operating normally"),
        ("asserts", "Within 49 minutes, 95% of the network was running normally again"),
        # Ruling out without the word "evidence".
        ("denies", "there was no information to suggest the outage was a cyber security incident"),
        ("denies", "AT&T has no reason to think that this was a cybersecurity incident"),
        ("denies", "solar activity was highly unlikely to have caused the outages"),
        ("denies", "Nor do we have any indication that we were the source of the credentials"),
        ("denies", "the company did not believe card details had been taken"),
        ("denies", "a sickout by its members was not to blame"),
        ("denies", "the attacker never had access to any of our systems"),
        ("denies", "the outage did not have a meaningful impact on deliveries"),
        ("denies", "We are confident that our other systems have not been affected by this issue"),
        # Who was hit, narrowed.
        ("limits", "Only users who signed up before February 2024 were affected"),
        ("limits", "Some of our customers are experiencing wireless service interruptions"),
        ("limits", "the attacker could view files belonging to certain Okta customers"),
        ("limits", "the threat actor accessed a very small percentage of user accounts"),
        ("limits", "pharmacy claims are flowing at close to normal levels"),
        ("limits", "The network interruption is specific to Change Healthcare"),
        ("limits", "customer passwords remained safely encrypted"),
        ("asserts", "some customers could not check out for six hours"),
        ("asserts", "No further action is needed for the other repositories"),
        # Not knowing yet.
        ("hedges", "the company was still trying to establish why the server had been left without it"),
        ("hedges", "it could not yet estimate the cost of the class actions"),
        ("hedges", "it had not determined that the incident was likely to have a material effect"),
        ("hedges", "We do not have an ETA for full recovery"),
        ("hedges", "the final number could be higher"),
        ("hedges", "the company's investigation was at an early stage"),
        ("hedges", "it was aware of a potential data breach and was making inquiries"),
        # Wire phrasings from articles written apart from the corpus.
        ("hedges", "contact details such as names and email addresses may have been taken"),
        ("asserts", "we are rotating all relevant credentials and certificates that may have been affected"),
        ("hedges", "the government was not yet in a position to say whether a foreign state was behind the attack"),
        ("hedges", "the bank had yet to establish why its backup systems failed to take over"),
        ("denies", "the incident had not had a material impact on its operations"),
        ("denies", "Ascension has not paid a ransom"),
        ("limits", "Only flights departing from Seattle and Portland were held on the ground"),
        ("limits", "The incident affected a single customer project"),
        ("asserts", "only that it was focused on the investigation and the recovery"),
        ("limits", "the defect affected only devices with a specific logging configuration"),
        ("denies", "it does not expect the incident to have a material impact on its financial results"),
        ("denies", "its own systems had operated normally throughout"),
        ("limits", "only about 9% of attempted payments in the UK failed at the peak"),
        ("hedges", "it was assessing whether the incident amounted to a personal data breach"),
    ],
)
def test_stance_reads_the_negations_scope_words_and_hedges_of_news(want: str, words: str) -> None:
    assert stance(base_pipeline()(words)[:]) == want


NO_INCIDENT = [
    ("Cloudflare launches new tools to help customers avoid downtime", "Cloudflare on Tuesday launched a set of "
     "tools meant to help customers prevent outages and recover faster from failures."),
    ("Why every SRE team needs a runbook", "Outages happen. When they do, the teams that recover fastest have "
     "practised. Here are five habits that reduce downtime, drawn from interviews with engineers at Google."),
    ("Microsoft to invest $10bn in UK data centres", "Microsoft said it would invest $10 billion in British data "
     "centres over four years, adding capacity to reduce the risk of service disruptions as demand for AI grows."),
    ("How Slack engineers test for failure", "Slack's engineers deliberately break parts of its infrastructure every "
     "week to make sure the service survives a data centre outage, the company wrote in a blog post."),
    ("AI coding agents are getting more autonomy", "Tools such as GitHub Copilot and Replit's agent can now run "
     "commands on their own. Critics warn an agent could one day delete a production database."),
    ("Datadog adds a secrets checker to its CI product", "Datadog's new check runs on every pull request. "
     "Datadog's examples include blocking a merge, flagging a slow test and scanning for leaked credentials."),
    ("Supabase ships row-level security defaults", "Supabase now turns on row-level security for new tables and "
     "alerts owners when data is exposed to anonymous users. An open table, one engineer said, is a breach waiting "
     "to happen."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text"), NO_INCIDENT)
def test_incident_words_in_no_particular_incident_found_no_event(title: str, text: str) -> None:
    assert _extract(title, text, dt.datetime(2025, 3, 4, 9)).events == []


def test_an_outage_a_safeguard_failed_to_prevent_is_still_an_outage() -> None:
    found = _extract(
        "GitHub down for hours",
        "A safeguard failed to prevent the outage that hit GitHub on Tuesday, the company said. GitHub was down "
        "for three hours.",
        dt.datetime(2025, 3, 5, 9),
    )
    assert [(e.company, e.role) for e in found.events] == [("GitHub", "report")]


def test_reports_of_one_outage_over_ten_days_are_one_event_and_the_next_outage_is_another(tmp_path: Path) -> None:
    """Status-page wording, news on the day, a follow-up dated "last Tuesday" and the company's own report ten days
    on are one event; the same company down again three weeks later, "after the March 4 database failure", is a
    new one; another service down the same day is its own, by its own name even where a sentence opens with it."""
    at = dt.datetime
    con = _process(
        tmp_path / "s.duckdb",
        _article("a1", "GitHub down: developers unable to push code", "GitHub suffered a major outage on Tuesday, "
                 "leaving developers unable to push code for about three hours, the company said on its status page.",
                 at(2025, 3, 4, 18)),
        _article("a2", "GitHub outage disrupts developers worldwide", "Developers around the world were unable to "
                 "use GitHub for several hours on Tuesday. The site blamed a database failure.", at(2025, 3, 4, 21),
                 "Tech Daily"),
        _article("a3", "What caused last Tuesday's GitHub outage", "GitHub said a faulty configuration change to its "
                 "primary database cluster caused last Tuesday's three-hour outage.", at(2025, 3, 7, 9), "Dev News"),
        _article("a4", "March 4 incident report", "On March 4, 2025, between 14:05 and 17:10 UTC, GitHub.com was "
                 "unavailable for most users. We deployed a configuration change to our database cluster that removed "
                 "a replica from rotation.", at(2025, 3, 14, 16), "The GitHub Blog"),
        _article("a5", "GitHub goes down again", "GitHub was down again on Wednesday for about an hour, its second "
                 "outage this month after the March 4 database failure. The company blamed a network problem.",
                 at(2025, 3, 26, 15)),
        _article("a6", "Slack outage leaves workers offline", "Slack went down on Tuesday for roughly two hours, "
                 "leaving millions of workers unable to send messages, the Salesforce-owned company said.",
                 at(2025, 3, 4, 20), "Tech Daily"),
    )  # fmt: skip
    rows = con.execute(
        """SELECT e.company, e.started_at::DATE, list(ed.doc_id ORDER BY ed.doc_id) FROM events e
           JOIN event_documents ed USING (event_id) GROUP BY ALL ORDER BY 2, 1"""
    ).fetchall()
    assert rows == [
        ("GitHub", dt.date(2025, 3, 4), ["a1", "a2", "a3", "a4"]),
        ("Slack", dt.date(2025, 3, 4), ["a6"]),
        ("GitHub", dt.date(2025, 3, 26), ["a5"]),
    ]


def test_a_companys_own_account_reposted_where_the_outlet_is_not_its_name_still_speaks_as_the_company() -> None:
    text = (
        "On November 18, 2025, starting at 11:20 UTC, Cloudflare's network began experiencing significant failures "
        "to deliver core network traffic. Users trying to reach our customers' sites saw error pages.\n\n"
        "The issue was not caused by a cyber attack. Instead, it was triggered by a change to one of our database "
        "systems' permissions.\n\n"
        "We are hardening ingestion of configuration files. We are enabling more global kill switches for features."
    )
    document = Document(doc_id="d", url="http://127.0.0.1/repost", title="Cloudflare outage on November 18, 2025",
                        text=text, published_at=dt.datetime(2025, 11, 18, 23), fetched_at=dt.datetime(2025, 11, 18, 23),
                        outlet=None)  # fmt: skip
    found = extract_document(document, reference_index())
    assert len(found.claims) >= 4
    assert {c.speaker for c in found.claims} == {"Cloudflare"}
    assert {c.attribution for c in found.claims} <= {"postmortem", "spokesperson"}
    assert _said(found, "not caused by a cyber attack").stance == "denies"
    news = _extract(
        "Cloudflare blames database change for outage",
        "Cloudflare said a change to a database's permissions caused the outage on Tuesday. \u201cWe are sorry,\u201d "
        "its chief executive wrote. \u201cOur network failed our customers.\u201d",
        dt.datetime(2025, 11, 19, 9),
    )
    assert "postmortem" not in {c.attribution for c in news.claims}  # a news report quoting the company
    assert len(news.claims) >= 1


def test_a_product_named_as_the_ground_an_incident_fell_on_does_not_make_its_maker_the_incident_company() -> None:
    found = _extract(
        "Faulty Kaspersky update crashes Windows computers at banks",
        "A faulty update from Kaspersky crashed Windows computers at banks and shops on Tuesday. Tills running "
        "Windows showed blue screens for hours. The update caused Windows systems to crash in a boot loop, and "
        "Windows machines had to be fixed by hand. Kaspersky said it had pulled the update.",
        dt.datetime(2025, 3, 5, 9),
    )
    assert [(e.company, e.role) for e in found.events] == [("Kaspersky", "report")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The company said it expects costs of $3 million from the breach in the quarter ending December 31.",
        "The company is due to report quarterly results on December 12, its first since the breach.",
        "Its chief executive will testify about the breach before a Senate committee on December 9.",
    ],
)
def test_a_date_that_closes_an_accounting_period_or_is_still_to_come_does_not_date_the_incident(
    sentence: str,
) -> None:
    found = _extract(
        "Monzo discloses breach",
        f"Monzo disclosed a breach of its customer database on Monday. {sentence}",
        dt.datetime(2025, 12, 3, 9),
    )
    assert [e.started.isoformat() if e.started else None for e in found.events] == ["2025-12-01"]


def test_a_wire_dateline_is_not_the_speaker_and_a_purpose_clause_is_not_a_filing() -> None:
    found = _extract(
        "Monzo says customer images were exposed",
        "Monzo says customer images were exposed\n\n"
        "LONDON, July 26 (GNS) - Monzo, the British digital bank, said on Friday that someone had gained "
        "unauthorized access to one of its systems and reached images that customers submitted to prove who they "
        "were.",
        dt.datetime(2025, 7, 26, 9),
    )
    claim = _said(found, "gained unauthorized access")
    assert (claim.attribution, claim.speaker) == ("spokesperson", "Monzo")


def test_a_filing_reposted_on_a_companys_investor_pages_speaks_as_a_filing() -> None:
    found = _extract(
        "Form 8-K — Item 8.01 Other Events: update on cybersecurity incident",
        "Monzo Bank Ltd (the “Company”) is filing this Current Report to provide updated information about "
        "the cybersecurity incident it disclosed on October 2. The Company determined that a threat actor had "
        "accessed a small number of customer accounts. The Company believes the threat actor activity is contained.",
        dt.datetime(2025, 10, 20, 9),
        outlet="Monzo",
    )
    assert len(found.claims) >= 2
    assert {c.attribution for c in found.claims} == {"regulator_filing"}


def test_an_earlier_incident_told_in_a_when_clause_on_its_date_is_recalled_as_its_own_event() -> None:
    found = _extract(
        "Google Cloud outage knocks apps offline",
        "A Google Cloud outage on Thursday knocked Spotify and Discord offline for several hours. The disruption "
        "was Google's most widespread since June 2019, when congestion on its network slowed YouTube and Gmail "
        "for about four hours.",
        dt.datetime(2025, 6, 13, 9),
    )
    assert sorted((e.company, e.role, e.started.year if e.started else None) for e in found.events) == [
        ("Google", "mention", 2019),
        ("Google", "report", 2025),
    ]


def test_the_previous_month_counts_from_the_date_its_sentence_gives() -> None:
    found = _extract(
        "Cloud outages have a pattern",
        "Cloudflare went down for an hour on Tuesday after a bad configuration file spread to its network. "
        "In June 2021, Fastly said, a customer's configuration change set off a bug introduced in a software "
        "deployment the previous month, and large parts of the web went dark.",
        dt.datetime(2025, 7, 10, 9),
    )
    fastly = next(e for e in found.events if e.company == "Fastly")
    assert fastly.started is not None
    assert (fastly.started.year, fastly.started.month) == (2021, 6)


def test_a_response_time_is_not_a_length_of_the_outage_to_set_against_another() -> None:
    at = dt.datetime(2025, 6, 14)
    claims = [
        _claim("triage", "postmortem", "Google", "asserts", "Within 10 minutes, the root cause was identified and a "
               "fix was ready", "duration", at),
        _claim("report", "postmortem", "Google", "asserts", "the outage lasted about 90 minutes in most regions",
               "duration", dt.datetime(2025, 6, 13)),
        _claim("users", "social_media", "customers", "asserts", "their services were down for 40 minutes",
               "duration", at),
    ]  # fmt: skip
    pairs = _conflicting_pairs(claims, at)
    assert frozenset(("triage", "users")) not in pairs
    assert frozenset(("report", "users")) in pairs


def test_the_companys_blog_post_is_not_a_crowd_of_posts() -> None:
    found = _extract(
        "Cloudflare outage: posts blamed an attack, the company blames a supplier",
        "Cloudflare's Workers KV service went down for two hours on Thursday. Posts on X blamed a cyberattack, and "
        "users posted screenshots of error pages. Cloudflare published a blog post on Thursday evening. The blog "
        "post says the outage was caused by a failure at a third-party storage provider.",
        dt.datetime(2025, 6, 13, 9),
    )
    assert _said(found, "third-party storage provider").attribution != "social_media"


def test_a_companys_lawyer_and_a_repeated_statement_speak_for_the_company() -> None:
    found = _extract(
        "Monzo outage: lawyers answer customers",
        "Monzo's app went down for a day on Monday. Jane Carter, a lawyer for Monzo, wrote to customers' lawyers on "
        "Friday. Carter wrote that any liability on Monzo's part was capped by its terms. A Monzo spokesperson said "
        "the bank was reviewing the matter. The spokesperson repeated that no customer data had been lost. "
        "Therefore, the letter went on, the outage was not the result of any failure by Monzo to maintain its "
        "systems.",
        dt.datetime(2025, 3, 8, 9),
    )
    for words in ("liability on Monzo's part", "no customer data had been lost", "not the result of any failure"):
        assert _said(found, words).attribution == "spokesperson", words


def test_a_company_naming_itself_on_its_own_status_page_speaks_as_the_status_page() -> None:
    found = _extract(
        "Monzo status: app unavailable",
        "Update — Mar 1, 2025 11:40 GMT — Monzo can confirm we are experiencing a cyber security issue. We are "
        "working closely with law enforcement.\n\nInvestigating — Mar 1, 2025 08:50 GMT — Monzo is experiencing "
        "connectivity issues. We are working to restore service as quickly as possible.",
        dt.datetime(2025, 3, 1, 12),
        outlet="Monzo",
    )
    assert _said(found, "experiencing a cyber security issue").attribution == "status_page"


def test_a_speaker_described_by_where_they_post_is_social_media() -> None:
    found = _extract(
        "CrowdStrike outage: fix must be applied by hand",
        "A faulty CrowdStrike update crashed Windows computers worldwide on Friday. IT staff posting on Reddit and X "
        "said the fix could not be pushed remotely to computers that would not boot.",
        dt.datetime(2024, 7, 19, 15),
    )
    assert _said(found, "could not be pushed remotely").attribution == "social_media"


def test_story_by_story_cross_validation_scores_stories_left_out_of_training() -> None:
    from nlp.train import cross_validate

    cause = [
        "the outage was caused by a bad configuration change",
        "a faulty update triggered the crash",
        "engineers traced the failure to a power fault",
        "the root cause was a bug in the router software",
    ]
    duration = ["the outage lasted about six hours", "services were back online after three hours",
                "the disruption went on for two days", "systems were restored within 90 minutes"]  # fmt: skip
    quotes = cause + duration
    topics = ["cause"] * 4 + ["duration"] * 4
    stories = ["a", "b", "c", "d", "a", "b", "c", "d"]
    accuracy = cross_validate(quotes, topics, stories, embed(quotes))
    assert accuracy >= 0.75


def test_undated_sentences_about_a_recalled_incident_join_its_dated_event() -> None:
    found = _extract(
        "Monzo faces lawsuits over leaked ID photos",
        "Monzo was hit with lawsuits on Wednesday over a data breach last month that exposed customers' ID photos. "
        "The case invites comparison with the hack of Ashley Madison, the affair website, which was breached in "
        "July 2015. The hackers published records of millions of Ashley Madison users. Ashley Madison's users "
        "were exposed for what they did; Monzo's customers were exposed for trying to stay safe.",
        dt.datetime(2025, 8, 14, 9),
    )
    recalled = [e for e in found.events if e.company == "Avid Life Media"]
    assert [(e.role, e.started.year if e.started else None) for e in recalled] == [("mention", 2015)]


def test_a_name_that_is_also_a_word_counts_where_an_appositive_says_it_is_a_business() -> None:
    found = _extract(
        "Dating-safety app exposes ID photos",
        "Tea, a women-only app where users swap warnings about men they have dated, said on Friday that someone "
        "had gained unauthorized access to one of its systems and reached 72,000 images. The breach exposed "
        "selfies and photo IDs that users had submitted for verification.",
        dt.datetime(2025, 7, 26, 9),
    )
    assert [e.company for e in found.events] == ["Tea Dating Advice"]
    assert _said(found, "gained unauthorized access").attribution == "spokesperson"


def test_an_official_introduced_by_a_public_office_speaks_for_the_regulator_whatever_their_rank() -> None:
    found = _extract(
        "Watchdog criticises Monzo over payments outage",
        "Monzo customers could not make payments for two days in March, an outage the bank blamed on a "
        "faulty software release.\n\nJoanna Pike, chief executive of the Financial Conduct Authority, said the "
        "bank had tested the release too little. Monzo's chief executive appeared before the Treasury Committee, "
        "where its chairman, Alan Hardy, pressed him on the delays. Hardy said customers had waited hours on hold."
        "\n\nCommittee chair Alan Hardy told him that some customers still could not see their balances.",
        dt.datetime(2024, 4, 12, 9),
    )
    assert _said(found, "tested the release too little").attribution == "regulator_filing"
    assert _said(found, "waited hours on hold").attribution == "regulator_filing"
    assert _said(found, "could not see their balances").attribution == "regulator_filing"


def test_a_company_speaking_in_a_filing_goes_on_in_the_filing_until_another_occasion() -> None:
    found = _extract(
        "Hackers breach Ascension billing unit",
        "In a filing with the Securities and Exchange Commission on Tuesday, Ascension said an intruder had "
        "gained access to its billing network on Sunday. Upon finding the intruder, the company said, it shut "
        "down the affected systems. It said it was working with law enforcement.\n\nIn April, when it first "
        "spoke about the attack, the company said no patient data had been taken. In a regulatory filing on "
        "May 2, it blamed a criminal group. A week later it said the group had taken patient records.",
        dt.datetime(2024, 5, 20, 9),
    )
    assert _said(found, "it shut").attribution == "regulator_filing"
    assert _said(found, "working with law enforcement").attribution == "regulator_filing"
    assert _said(found, "no patient data had been taken").attribution == "spokesperson"
    assert _said(found, "blamed a criminal group").attribution == "regulator_filing"
    assert _said(found, "had taken patient records").attribution == "spokesperson"


def test_a_product_or_brand_that_only_holds_the_incident_does_not_make_its_maker_the_incident_company() -> None:
    app = _extract(
        "Was Discord's leak vibe-coded?",
        "Within hours of Discord's user photos turning up on a forum last Friday, posts blamed the leak on AI "
        "coding tools.\n\nSecurity researchers who looked at the exposed files said they sat in a Firebase storage "
        "bucket configured to let anyone read them. The breach exposed 72,000 images, including selfies and photo "
        "IDs.\n\n“It is a mistake people made in 2016,” said an engineer "
        "who audits apps built on Google's platform. The checklist is the same as Google has published for years.",
        dt.datetime(2025, 7, 31, 9),
    )
    assert [e.company for e in app.events] == ["Discord"]
    recalled = _extract(
        "Ascension hack began with a stolen password",
        "Ascension said on Wednesday that the ransomware attack that disrupted its hospitals in May began when "
        "an employee downloaded a malicious file. Hackers used stolen credentials to get into a Citrix "
        "remote-access portal that lacked multi-factor authentication.\n\nOn April 21, 2010, a faulty update "
        "from McAfee wrongly flagged a core system file as malicious, sending corporate PCs running Windows XP "
        "into endless reboot cycles.",
        dt.datetime(2024, 6, 12, 9),
    )
    assert sorted(e.company for e in recalled.events) == ["Ascension", "McAfee"]


def test_last_year_and_a_day_of_that_year_in_one_story_recall_one_incident() -> None:
    found = _extract(
        "Password manager breach traced to engineer's home computer",
        "LastPass said on Monday that its review of the breach was complete.\n\nThe hackers who stole "
        "LastPass customers' encrypted vaults last year got the keys they needed from an engineer's home "
        "computer. The company said the second phase of the breach, in which the hackers stole backups, ran from "
        "August 12 to October 26 last year.",
        dt.datetime(2023, 3, 2, 9),
    )
    past = [e for e in found.events if e.role == "mention"]
    assert [(e.company, e.started.isoformat() if e.started else None) for e in past] == [("LastPass", "2022-08-12")]


@pytest.mark.parametrize(
    ("words", "want"),
    [
        ("in November last year", (dt.date(2020, 11, 15), "month")),
        ("on March 3 last year", (dt.date(2020, 3, 3), "day")),
        ("in February this year", (dt.date(2021, 2, 15), "month")),
    ],
)
def test_a_month_beside_last_year_or_this_year_takes_the_year_the_words_name(
    words: str, want: tuple[dt.date, str]
) -> None:
    found = resolve(words, dt.date(2021, 12, 7))
    assert found is not None
    assert (found.day, found.precision) == want


def test_an_attack_that_floods_a_service_is_an_outage_and_a_product_against_it_is_no_incident() -> None:
    attack = _extract(
        "Outlook hit by second day of outages as hacker group claims attacks",
        "Microsoft's Outlook email service suffered fresh disruptions on Tuesday, a day after an outage of more "
        "than two hours. A group calling itself Storm Crew said it had taken Outlook down with a distributed "
        "denial-of-service (DDoS) attack.\n\nMicrosoft later said a DDoS attack had caused the outages.",
        dt.datetime(2023, 6, 6, 21),
    )
    assert [(e.company, e.kind) for e in attack.events] == [("Microsoft", "outage")]
    market = _extract(
        "Application-layer DDoS is where the growth is",
        "Spending on web application firewalls and DDoS mitigation services will rise 14% this year, a research "
        "firm estimates.\n\nMicrosoft's Azure DDoS Protection is sold in a per-network tier and a cheaper "
        "per-IP-address tier.",
        dt.datetime(2023, 9, 14, 13),
    )
    assert market.events == []


def test_an_earlier_incident_is_dated_by_its_own_words_and_not_the_first_sets_it_apart() -> None:
    found = _extract(
        "AT&T outage blocked 92 million calls, FCC finds",
        "AT&T's wireless network went dark before dawn on Feb. 22, the FCC said on Monday.\n\nIt is not the "
        "first time an AT&T failure has cut off emergency calls. In 2018 the company paid $5.25 million to settle "
        "an investigation into a March 2017 outage that blocked 911 calls for five hours.\n\nIt was not the first "
        "widespread disruption of AT&T's network this year. On January 9, customers in Texas were cut off from "
        "voice and data services for several hours.",
        dt.datetime(2024, 7, 29, 13),
    )
    past = sorted((e.started.isoformat() if e.started else "", e.company) for e in found.events if e.role == "mention")
    assert past == [("2017-03-15", "AT&T"), ("2024-01-09", "AT&T")]


def test_government_voices_groups_that_sign_their_posts_and_status_accounts_keep_their_attribution() -> None:
    found = _extract(
        "Verizon outage leaves phones in SOS mode",
        "Verizon's wireless network went down across the US on Thursday. Verizon said on its Verizon Status "
        "account on X that it was investigating reports of service interruptions.\n\nWhite House national "
        "security spokesperson Jane Doyle told reporters the FBI was looking into the outage. “We have no reason "
        "to think this was a cyberattack,” Doyle said. NOAA's Space Weather Prediction Center said a solar flare "
        "was highly unlikely to have caused the outage.\n\nA group calling itself Anonymous Levant said on its "
        "Telegram channel that it had taken the network down. The group said the attack was a warning.",
        dt.datetime(2024, 2, 22, 19),
    )
    assert _said(found, "investigating reports of service interruptions").attribution == "status_page"
    assert _said(found, "no reason to think").attribution == "regulator_filing"
    assert _said(found, "highly unlikely").attribution == "regulator_filing"
    assert _said(found, "taken the network down").attribution == "social_media"
    assert _said(found, "the attack was a warning").attribution == "social_media"


def test_a_companys_response_to_an_attack_on_its_own_site_is_its_post_mortem() -> None:
    document = Document(
        doc_id="d", url="http://127.0.0.1/msrc/response", title="Microsoft Response to Layer 7 (DDoS) Attacks",
        text="Beginning in early June, Microsoft detected surges of traffic against some of our services that "
        "temporarily affected their availability. We have seen no evidence that customer data has been accessed.",
        published_at=dt.datetime(2023, 6, 16, 23), fetched_at=dt.datetime(2023, 6, 16, 23), outlet="Microsoft",
    )  # fmt: skip
    found = extract_document(document, reference_index())
    assert {c.attribution for c in found.claims} == {"postmortem"}


def test_a_sentence_set_at_the_time_of_an_earlier_statement_does_not_speak_in_the_paragraphs_post_mortem() -> None:
    found = _extract(
        "Outlook outages were an attack, Microsoft says",
        "Outlook on the web went down repeatedly in early June. In its post-incident review, Microsoft said "
        "customers had been affected for five hours. At the time, Microsoft described the cause only as a spike "
        "in network traffic.",
        dt.datetime(2023, 6, 19, 14),
    )
    assert _said(found, "affected for five hours").attribution == "postmortem"
    assert _said(found, "spike in network traffic").attribution == "spokesperson"


def test_a_denial_answers_the_cause_it_rules_out_and_the_crowds_guess_at_it() -> None:
    at = dt.datetime(2024, 2, 23)
    claims = [
        _claim("analyst", "researcher", "Ravi Deshpande", "asserts", "This was almost certainly a software update "
               "pushed into the core that went wrong", "cause", at),
        _claim("sources", "anonymous_source", "people familiar with the matter", "denies", "no software update was "
               "involved", "cause", at),
        _claim("crowd", "social_media", "users on X", "hedges", "the network had been hit by a cyberattack",
               "cause", at),
        _claim("company", "spokesperson", "AT&T", "denies", "it was not a cyber attack", "cause", at),
        _claim("fix", "spokesperson", "AT&T", "asserts", "an incorrect process used as we were expanding our "
               "network caused the outage, pointing away from any attack", "cause", at),
    ]  # fmt: skip
    pairs = _conflicting_pairs(claims, at)
    assert frozenset(("analyst", "sources")) in pairs
    assert frozenset(("crowd", "company")) in pairs
    assert frozenset(("fix", "sources")) not in pairs  # the update is what the sources rule out, not a process


@pytest.mark.parametrize(
    "words",
    ["this was not a cybersecurity incident", "the disruptions came from a DDoS campaign",
     "This was not the result of an attack or other security event"],
)  # fmt: skip
def test_words_of_attacks_and_security_incidents_are_about_the_cause(words: str) -> None:
    scores = topic_scores(base_pipeline()(words)[:])
    assert max(scores, key=lambda t: scores[t]) == "cause"


def test_a_technical_issue_and_an_attack_are_different_causes_and_a_writers_remark_is_not_a_denial() -> None:
    at = dt.datetime(2023, 6, 7)
    claims = [
        _claim("company", "spokesperson", "Microsoft", "asserts", "the disruptions were caused by a technical issue",
               "cause", at),
        _claim("group", "social_media", "a group calling itself Storm Crew", "asserts", "the outage was caused by "
               "its DDoS attack", "cause", at),
    ]  # fmt: skip
    assert frozenset(("company", "group")) in _conflicting_pairs(claims, at)
    found = _extract(
        "AT&T outage sparks hacking rumours",
        "AT&T's wireless network went down on Thursday. One widely shared post on X claimed that state hackers had "
        "taken down AT&T's network as a test run, offering no evidence.",
        dt.datetime(2024, 2, 23, 9),
    )
    assert _said(found, "state hackers").stance == "asserts"


def test_an_incident_word_dated_a_week_before_the_reported_one_is_another_incident() -> None:
    found = _extract(
        "Second AWS outage in eight days rattles retailers",
        "Amazon Web Services suffered its second disruption in eight days on Wednesday, when a network problem "
        "knocked Slack and other apps offline for about an hour.\n\nRetailers are still counting the cost of the "
        "Dec. 7 outage, which began mid-morning on the East Coast and lasted seven hours.",
        dt.datetime(2021, 12, 15, 22),
    )
    starts = sorted((e.role, e.started.isoformat() if e.started else "") for e in found.events)
    assert starts == [("mention", "2021-12-07"), ("report", "2021-12-15")]
    campaign = _extract(
        "Microsoft says June outages were an attack",
        "Microsoft said on Friday that the outages that hit Outlook, OneDrive and its Azure portal in early June "
        "were caused by an attack. Outlook on the web went down for more than two hours on June 5. OneDrive was "
        "disrupted on June 8, and the next day customers were locked out of the Azure portal.",
        dt.datetime(2023, 6, 16, 9),
    )
    assert len(campaign.events) == 1


def test_an_incident_of_another_kind_dated_months_after_the_reported_one_is_another_incident() -> None:
    found = _extract(
        "FCC report faults AT&T over February outage",
        "AT&T's wireless network went down on February 22 for about 12 hours, the FCC said in a report on Monday."
        "\n\nThe carrier has other trouble with regulators this summer. Earlier this month AT&T disclosed that "
        "hackers had downloaded records of calls and texts made by nearly all of its wireless customers from a "
        "third-party cloud platform in April, a breach the FCC is also investigating.",
        dt.datetime(2024, 7, 22, 15),
    )
    events = sorted((e.role, e.kind, e.started.isoformat() if e.started else "") for e in found.events)
    assert events == [("mention", "security_incident", "2024-04-15"), ("report", "outage", "2024-02-22")]
    # A later chapter of the same incident (a fuller count months on) stays with it.
    chapter = _extract(
        "Ransomware attack on Change Healthcare exposed data on 100 million people",
        "The February ransomware attack on Change Healthcare exposed the data of about 100 million people, "
        "according to a filing with federal regulators.\n\nIn May, the company said the hackers had used stolen "
        "credentials to get into a remote-access portal. In August the breach count was raised again.",
        dt.datetime(2024, 10, 25, 16),
    )
    assert [e.role for e in chapter.events] == ["report"]


def test_another_firm_posting_on_x_speaks_as_a_user_and_the_stricken_company_as_itself() -> None:
    found = _extract(
        "Google Cloud outage knocks apps offline",
        "A Google Cloud outage on Thursday knocked Spotify, Discord and other apps offline for hours.\n\nSpotify "
        "said in a post on X that it was aware some users were having trouble with the app. Google said in a post "
        "on X that it had identified the cause and was working on a fix.",
        dt.datetime(2025, 6, 13, 9),
    )
    assert _said(found, "some users were having trouble").attribution == "social_media"
    assert _said(found, "identified the cause").attribution == "spokesperson"


def test_unauthorised_parties_signing_in_is_a_security_incident_recalled_as_its_own_event() -> None:
    found = _extract(
        "23andMe says hackers stole data of 6.9 million users in breach",
        "23andMe said on Friday that hackers who broke into about 14,000 accounts in October had reached the "
        "data of 6.9 million people. The breach began with passwords reused from other sites.\n\nCompanies "
        "holding far less sensitive data have been through the same thing. In January, PayPal began "
        "notifying nearly 35,000 customers that unauthorized parties had signed in to their accounts with valid "
        "usernames and passwords between December 6 and December 8, 2022.",
        dt.datetime(2023, 12, 5, 10),
    )
    assert {(e.company, e.role) for e in found.events} == {("23andMe", "report"), ("PayPal", "mention")}
    paypal = next(e for e in found.events if e.company == "PayPal")
    assert paypal.started == dt.date(2022, 12, 6)  # the sign-ins, not the notices of them "In January"


def test_a_ranges_first_day_takes_the_year_written_after_its_last() -> None:
    published = dt.date(2023, 12, 5)
    for text, day in (
        ("between December 6 and December 8, 2022", dt.date(2022, 12, 6)),
        ("from 28 September to 17 October 2021", dt.date(2021, 9, 28)),
        ("between Dec. 21 and Dec. 30, 2022", dt.date(2022, 12, 21)),
    ):
        found = resolve(text, published)
        assert found is not None, text
        assert (found.day, found.precision) == (day, "day"), text


def test_the_topic_model_reads_a_reported_clause_as_annotators_cut_it() -> None:
    quotes = ["that customer data had been copied by the attacker", "customer data had been copied by the attacker"]
    drafts = [cast(ClaimDraft, SimpleNamespace(quote=q)) for q in quotes]
    vectors = _as_annotated(drafts, embed(quotes))
    assert float(vectors[0] @ vectors[1]) > 0.999


def test_members_of_the_public_speak_and_the_platform_they_wrote_on_is_not_what_they_speak_about() -> None:
    found = _extract(
        "Amazon Web Services outage strands delivery drivers",
        "An Amazon Web Services outage on Tuesday took down apps across the US east region.\n\nSeveral drivers "
        "wrote on Reddit that they had spent hours waiting in parking lots, unable to load their routes. "
        "Pharmacists said they were asking patients to pay for their medicines out of pocket.\n\nThe client opens "
        "a connection to the server and then fails to acknowledge the response.",
        dt.datetime(2021, 12, 8, 9),
    )
    drivers = _said(found, "spent hours waiting")
    assert (drivers.speaker, drivers.attribution) == ("Several drivers", "social_media")
    assert _said(found, "out of pocket").speaker == "Pharmacists"
    assert not any("opens a connection" in c.quote for c in found.claims)  # a client is software as often as not


def test_another_firms_spokesperson_speaks_for_that_firm_not_as_an_observer() -> None:
    found = _extract(
        "Google Cloud outage knocks apps offline",
        "A Google Cloud outage on Thursday knocked Spotify, Discord and other apps offline for hours.\n\n"
        "\u201cA limited number of services at Cloudflare use Google Cloud and were impacted,\u201d a Cloudflare "
        "spokesperson said. BeyondTrust said the outage had also slowed its monitoring of Google Cloud customers.",
        dt.datetime(2025, 6, 13, 9),
    )
    assert _said(found, "limited number of services").attribution == "spokesperson"
    assert _said(found, "slowed its monitoring").attribution == "researcher"  # a firm with no title observes


def test_a_firm_whose_own_products_the_incident_hit_speaks_for_itself_not_as_an_observer() -> None:
    """Microsoft on CrowdStrike's update: a party to the incident, through its Windows machines, for the rest of
    the article; a security vendor that only watched it stays an observer."""
    found = _extract(
        "CrowdStrike update crashes Windows PCs worldwide",
        "A faulty CrowdStrike update crashed computers around the world on Friday, grounding flights.\n\n"
        "The CrowdStrike update affected about 8.5 million Windows devices, Microsoft said on Saturday. Microsoft "
        "said it had "
        "deployed hundreds of engineers to work with customers.\n\nSophos said the outage had been quickly "
        "exploited by phishing gangs posing as CrowdStrike support.",
        dt.datetime(2024, 7, 21, 9),
    )
    said = {words: _said(found, words).attribution for words in ("8.5 million", "engineers", "phishing")}
    assert said == {"8.5 million": "spokesperson", "engineers": "spokesperson", "phishing": "researcher"}


def test_news_reports_speak_as_the_media_and_reports_on_social_media_as_posts() -> None:
    found = _extract(
        "CrowdStrike update crashes Windows PCs worldwide",
        "A faulty CrowdStrike update crashed millions of Windows computers on Friday, grounding flights.\n\n"
        "Media reports said that airlines in the US had grounded all flights. Reports on social media claimed "
        "the update had never been tested.",
        dt.datetime(2024, 7, 20, 9),
    )
    assert _said(found, "grounded all flights").attribution == "media_report"
    assert _said(found, "never been tested").attribution == "social_media"


def test_a_company_the_tagger_takes_for_a_plural_noun_still_speaks() -> None:
    found = _extract(
        "Barclays app outage leaves customers unable to pay",
        "Barclays customers were unable to use the bank's app or make payments for several hours on Friday.\n\n"
        "Barclays confirmed that the problem was caused by an internal technical issue.",
        dt.datetime(2025, 2, 1, 9),
    )
    claim = _said(found, "internal technical issue")
    assert (claim.speaker, claim.attribution) == ("Barclays", "spokesperson")


@pytest.mark.parametrize(
    ("opening", "attribution", "carried"),
    [
        ("In an incident report published on Friday, Fastly said", "postmortem", True),
        ("A Fastly spokesperson said", "spokesperson", False),
    ],
)
def test_a_published_report_goes_on_speaking_for_its_paragraph_a_press_statement_does_not(
    opening: str, attribution: str, carried: bool
) -> None:
    """The detail after "In an incident report, X said …" is the report's account, even where it names no incident
    word; after a spokesperson's line the writer may be telling the story in their own words."""
    found = _extract(
        "Fastly explains its global outage",
        "Fastly's network went down for about an hour on Tuesday.\n\n"
        f"{opening} that a customer's valid configuration change had set off a bug in its software. "
        "When the setting reached every region on June 8, 85% of the network began returning 503 responses.",
        dt.datetime(2021, 6, 11),
    )
    assert _said(found, "valid configuration change").attribution == attribution
    detail = [c for c in found.claims if c.quote.startswith("When the setting reached")]
    assert [(c.attribution, c.speaker) for c in detail] == ([("postmortem", "Fastly")] if carried else [])


def test_it_is_the_company_the_sentence_before_was_about_not_the_last_speaker() -> None:
    found = _extract(
        "Google Cloud outage takes down apps",
        "Google Cloud went down for three hours on Thursday, taking Spotify and Discord with it. Google said on "
        "its status page that a quota policy change had caused the outage.\n\n"
        "Cloudflare, whose storage service relies on Google Cloud, published its own account on Thursday "
        "evening. In a blog post, it said the outage had taken out part of the central storage behind "
        "Workers KV for 2 hours and 28 minutes.",
        dt.datetime(2025, 6, 13),
    )
    assert _said(found, "central storage behind Workers KV").speaker == "Cloudflare"
    assert _said(found, "quota policy change").speaker == "Google"


def test_figures_spelled_out_as_news_style_writes_them_are_set_against_digits() -> None:
    """ "A seven-hour outage, not a two-hour one" answers "back within about two hours"; "up to five minutes of data"
    agrees with "at most five minutes"; "its roughly five million customers" is the whole base, not those hit."""
    at = dt.datetime(2025, 6, 20)
    claims = [
        _claim("report", "postmortem", "Google", "asserts", "switching off the faulty check brought most regions "
               "back within about two hours", "duration", at),
        _claim("cto", "anonymous_source", "a chief technology officer", "denies", "From our side it was a "
               "seven-hour outage, not a two-hour one", "duration", at),
        _claim("blog", "executive", "chief technology officer", "asserts", "some have reported losing up to five "
               "minutes of data from just before the incident", "impact", at),
        _claim("review", "researcher", "Redmark Research", "limits", "customers lost at most 5 minutes of data "
               "written before the deletion", "impact", at),
        _claim("base", "executive", "chief executive", "limits", "for the vast majority of its roughly five million "
               "customers, payments were working normally", "scope", at),
        _claim("fraud", "media_report", "The Wire", "asserts", "about 1,300 customers had lost money to fraudsters",
               "scope", at),
    ]  # fmt: skip
    pairs = _conflicting_pairs(claims, at)
    assert frozenset(("report", "cto")) in pairs
    assert frozenset(("blog", "review")) not in pairs
    assert frozenset(("base", "fraud")) not in pairs


def test_a_quote_placed_before_said_is_never_its_own_speaker() -> None:
    """ "“Everything about this crew points to Moscow,” said …": the parser may take the quote's first words for
    the subject of "said"; the person named after the verb speaks."""
    found = _extract(
        "Hacktivists claim Microsoft outage",
        "Outlook on the web was down for two hours on Monday, and a group calling itself Storm Crew claimed the "
        "attack.\n\n"
        "“Everything about this crew points to Minsk rather than Khartoum,” said Maria Lindqvist, a "
        "principal analyst at the threat-intelligence firm Northgate Labs.",
        dt.datetime(2023, 6, 6),
    )
    claim = _said(found, "points to Minsk")
    assert claim.speaker == "Maria Lindqvist"
    assert claim.attribution == "researcher"


def test_a_lawyer_speaks_not_the_firm_named_after_them_and_a_list_of_firms_keeps_its_commas() -> None:
    found = _extract(
        "Okta breach: customers say they warned the company",
        "Okta said on Friday that an intruder had used a stolen credential to reach its customer support "
        "system.\n\n"
        "Zscaler, Datadog and 1Password all said they had spotted the intruder in their own Okta "
        "environments before Okta confirmed the breach.\n\n"
        "In a letter to Dana Whitfield, the lawyer MGM hired, Okta's outside counsel, Daniel Reyes of Barlow "
        "Whitcombe & Finch, said the claims had no basis in the facts of the intrusion.",
        dt.datetime(2023, 10, 23),
    )
    assert _said(found, "spotted the intruder").speaker == "Zscaler, Datadog and 1Password"
    lawyer = _said(found, "no basis in the facts")
    assert lawyer.speaker.startswith("Daniel Reyes")
    assert lawyer.attribution == "spokesperson"


def test_the_letter_later_speaks_in_the_voice_it_was_first_quoted_in() -> None:
    """ "breach notification letters it has filed with the attorney general" and then "The letters say …": the
    letters are the filing, not an unknown speaker."""
    found = _extract(
        "Dropbox missed five months of account break-ins",
        "Dropbox suffered a data breach: hackers broke into customers' accounts with stolen passwords for five "
        "months last year and the company did not notice, according to breach notification letters it filed with "
        "the attorney general of Maine.\n\n"
        "The letters say the attacker began using credentials taken from other websites in late April and kept "
        "going through September.",
        dt.datetime(2024, 1, 25),
    )
    letters = _said(found, "credentials taken from other websites")
    assert letters.attribution == "regulator_filing"
    assert letters.speaker == _said(found, "stolen passwords").speaker


def test_a_newspaper_the_table_does_not_list_carries_and_a_journalist_reports() -> None:
    """ "according to the Seattle Courier": a masthead is the press, so the executive it quotes keeps the claim
    and the paper is its carrier; "the security journalist … reported" is a media report."""
    found = _extract(
        "Southwest meltdown strands travellers",
        "Southwest Airlines cancelled thousands of flights over the holidays after its crew scheduling system "
        "failed.\n\n"
        "Chief operating officer Andrew Watterson told employees in an internal call, according to the Seattle "
        "Courier, that the tools used to match crews with aircraft could not keep up with the disruption.\n\n"
        "The security journalist Dana Holt reported that the scheduling software had not been upgraded since 2004.",
        dt.datetime(2022, 12, 29),
    )
    relayed = _said(found, "could not keep up")
    assert (relayed.attribution, relayed.carrier) == ("executive", "Seattle Courier")
    journalist = _said(found, "not been upgraded since 2004")
    assert (journalist.attribution, journalist.speaker) == ("media_report", "The security journalist Dana Holt")


def test_the_press_citing_someone_carries_their_claim() -> None:
    """ "Bloomberg reported, citing people familiar with the matter, that …": the people are the source and
    Bloomberg the carrier; the citing words are not part of the claim. Citing public data changes nothing."""
    found = _extract(
        "Facebook outage",
        "Facebook, Instagram and WhatsApp went down for six hours on Monday.\n\n"
        "A New York Times reporter, citing a Facebook employee, said the problem had also hit the company's "
        "internal systems, leaving some staff unable to get into buildings.\n\n"
        "Bloomberg reported on Tuesday, citing people familiar with the matter, that the outage had been caused by "
        "a routine maintenance command.\n\n"
        "The company lost advertising revenue during the outage, Reuters reported, citing an internal memo.\n\n"
        "The outage was the longest since 2008, Reuters reported, citing data from Downdetector.",
        dt.datetime(2021, 10, 5),
    )
    employee = _said(found, "internal systems")
    assert (employee.attribution, employee.speaker, employee.carrier) == (
        "anonymous_source",
        "a Facebook employee",
        "The New York Times",
    )
    people = _said(found, "routine maintenance command")
    assert (people.attribution, people.carrier) == ("anonymous_source", "Bloomberg")
    assert "citing" not in people.quote
    memo = _said(found, "advertising revenue")
    assert (memo.attribution, memo.carrier) == ("internal_document", "Reuters")
    assert _said(found, "longest since 2008").attribution == "media_report"


def test_late_last_month_is_late_in_the_month_and_a_source_at_the_end_of_a_sentence_drops_its_full_stop() -> None:
    published = dt.datetime(2024, 1, 25)
    assert [resolve(t, published).day for t in ("late last month", "early last month", "last month")] == [  # type: ignore[union-attr]
        dt.date(2023, 12, 25),
        dt.date(2023, 12, 5),
        dt.date(2023, 12, 15),
    ]
    found = _extract(
        "Azure outage",
        "Microsoft's Azure cloud went down for five hours on Wednesday.\n\n"
        "The change had been pushed without the usual review, according to two people familiar with the matter.",
        dt.datetime(2024, 7, 20),
    )
    assert _said(found, "without the usual review").speaker == "two people familiar with the matter"


def test_sources_speaking_on_condition_of_anonymity_and_one_of_them() -> None:
    found = _extract(
        "Azure outage",
        "Microsoft's Azure cloud went down for about five hours on Wednesday, knocking out Outlook and Teams.\n\n"
        "Two engineers who work on Azure, speaking on condition of anonymity, said the change had skipped the usual "
        "staged rollout. One of them said managers had pushed for speed after a series of delays.",
        dt.datetime(2024, 7, 20),
    )
    assert _said(found, "skipped the usual staged rollout").attribution == "anonymous_source"
    one = _said(found, "pushed for speed")
    assert (one.attribution, one.speaker) == ("anonymous_source", "Two engineers")


def test_adding_a_thing_is_not_a_second_speaker_and_takes_no_clause_away() -> None:
    """ "said … that the agent had been given write access and that it was adding a confirmation step": "adding"
    with an object builds something; the company said both things."""
    found = _extract(
        "Cursor agent wipes database",
        "An AI coding agent on Cursor deleted a startup's production database on Friday, wiping records for 4,000 "
        "customers.\n\n"
        "Cursor said in a statement that the agent had been given write access by the user and that it was adding "
        "a confirmation step for destructive commands.",
        dt.datetime(2025, 8, 4),
    )
    step = _said(found, "adding a confirmation step")
    assert (step.attribution, step.speaker) == ("spokesperson", "Cursor")
    assert "write access" not in step.quote


def test_a_monitor_relaying_user_reports_is_the_source_and_pushing_back_denies() -> None:
    """ "According to Downdetector, 20,000 users reported problems": the tracker's data, not the users' posts;
    "pushed back on suggestions that …" is a denial."""
    found = _extract(
        "Ticketmaster breach",
        "Ticketmaster suffered a data breach in May that exposed the data of millions of customers, and its site "
        "went down for hours.\n\n"
        "According to Downdetector, more than 20,000 users reported problems at the peak of the outage.\n\n"
        "The company pushed back on suggestions that the outage was caused by the breach.",
        dt.datetime(2024, 6, 3),
    )
    assert _said(found, "20,000 users").attribution == "researcher"
    pushed = _said(found, "pushed back on suggestions")
    assert (pushed.attribution, pushed.stance) == ("spokesperson", "denies")


def test_a_crowd_blaming_another_firm_by_name_or_a_group_claiming_the_attack_names_another_cause() -> None:
    at = dt.datetime(2025, 6, 12, 20)
    claims = [
        _claim("google", "postmortem", "Google", "asserts", "Without appropriate error handling, a null pointer "
               "caused the binary to crash.", "cause", at),
        _claim("crowd", "social_media", "many users on X and Reddit", "asserts", "many users on X and Reddit blamed "
               "Cloudflare for the wider disruption", "cause", at),
        _claim("self", "social_media", "some posts", "asserts", "some posts blamed Google for the disruption",
               "cause", at),
        _claim("group", "social_media", "A group", "asserts", "that it had taken the service down with a "
               "distributed denial-of-service attack", "cause", at),
    ]  # fmt: skip
    pairs = _conflicting_pairs(claims, at)
    assert frozenset(("google", "crowd")) in pairs
    assert frozenset(("google", "group")) in pairs
    assert frozenset(("google", "self")) not in pairs  # blaming the company by name names no other cause


def test_people_briefed_on_the_matter_are_anonymous_and_a_job_title_is_not_a_newspaper() -> None:
    at = dt.datetime(2025, 3, 4)
    found = _extract(
        "Telstra says hackers stole customer records",
        "Telstra, Australia's biggest telecoms company, said on Tuesday that hackers had stolen customer records "
        "after breaking into systems run by one of its contractors over the weekend.\n\n"
        "Two people briefed on the matter said the contractor had not switched on multi-factor authentication.\n\n"
        "Telstra's chief information security officer said the company had notified the regulator.",
        at,
    )
    briefed = _said(found, "had not switched on multi-factor")
    assert (briefed.attribution, briefed.speaker) == ("anonymous_source", "Two people")
    officer = _said(found, "notified the regulator")
    assert officer.attribution == "executive"
    assert "The Information" not in officer.speaker


def test_a_company_whose_name_is_a_common_word_speaks_and_a_country_is_not_an_airline() -> None:
    at = dt.datetime(2024, 5, 14)
    found = _extract(
        "Ascension diverts ambulances after ransomware attack",
        "Ascension, one of the largest private hospital operators in the United States, said on Monday that a "
        "ransomware attack had forced several of its hospitals to divert ambulances.\n\n"
        "Ascension said it had detected unusual activity on its network on Wednesday.",
        at,
    )
    assert [e.company for e in found.events] == ["Ascension"]
    spoke = _said(found, "detected unusual activity")
    assert (spoke.attribution, spoke.speaker) == ("spokesperson", "Ascension")


def test_leaked_papers_crowds_on_their_platforms_and_experts_quoted_first_keep_their_sources() -> None:
    at = dt.datetime(2025, 3, 4)
    found = _extract(
        "Lloyds customers locked out of mobile banking",
        "Millions of customers of Lloyds Banking Group were unable to log in to mobile banking or make payments "
        "on Friday, the last working day of the month.\n\n"
        "According to an internal incident log seen by the Financial Times, engineers rolled back the update "
        "shortly after the outage began.\n\n"
        "The outage was caused by a faulty update, Reuters reported, citing an internal incident report.\n\n"
        "Angry customers took to social media to say their salaries had not arrived.\n\n"
        "Users on the Lloyds subreddit said the app had logged them out repeatedly during the outage.\n\n"
        '"It is too early to say how many customers were affected," said Mark Bellamy, a partner at incident '
        "response firm CyberCX.\n\n"
        "Chief executive Charlie Nunn told MPs on the Treasury Committee that the bank had yet to establish why "
        "its backup systems failed.",
        at,
    )
    assert _said(found, "engineers rolled back").attribution == "internal_document"
    cited = _said(found, "caused by a faulty update")
    assert (cited.attribution, cited.carrier) == ("internal_document", "Reuters")
    assert _said(found, "salaries had not arrived").attribution == "social_media"
    assert _said(found, "logged them out").attribution == "social_media"
    expert = _said(found, "too early to say")
    assert (expert.attribution, expert.speaker, expert.stance) == ("researcher", "Mark Bellamy", "hedges")
    chief = _said(found, "backup systems failed")
    assert (chief.attribution, chief.stance) == ("executive", "hedges")


def test_union_officials_customers_and_engineers_keep_their_voices_and_company_actions_are_not_ai_in_general() -> None:
    at = dt.datetime(2025, 3, 4)
    found = _extract(
        "Faulty Fortinet update sends firewalls into reboot loops",
        "A faulty FortiOS update from Fortinet sent thousands of firewalls into reboot loops on Monday, cutting "
        "schools, hospitals and shops off the internet.\n\n"
        "Dana Whitlock, who represents network engineers for the Information Technology Workers Association, said "
        "engineers had worked through the night to restore the firewalls.\n\n"
        '"Our schools lost internet access for most of the day," said Patricia Hale, chief information officer at '
        "Dunmore County Schools.\n\n"
        "Two Fortinet engineers, who spoke on condition that they not be named, said the update had been rushed out "
        "to meet a quarterly deadline.\n\n"
        "Administrators on Reddit's r/fortinet forum said rolling back the firmware required physical console "
        "access.\n\n"
        "Fortinet chief technology officer Michael Xie said in an interview that the company would pause "
        "AI-generated changes to its release pipeline while it reviews its safeguards.",
        at,
    )
    assert _said(found, "worked through the night").attribution == "spokesperson"
    assert _said(found, "lost internet access").attribution == "executive"
    assert _said(found, "rushed out").attribution == "anonymous_source"
    assert _said(found, "physical console").attribution == "social_media"
    assert _said(found, "would pause").attribution == "executive"


def test_a_company_telling_its_own_breach_in_the_title_is_the_story_and_sources_by_their_descriptions() -> None:
    at = dt.datetime(2025, 3, 4)
    found = _extract(
        "PayPal says hackers accessed 35,000 accounts in credential-stuffing attack",
        "PayPal is notifying roughly 35,000 users that attackers logged into their accounts between December 6 and "
        "December 8, 2024, using usernames and passwords stolen from other websites.\n\n"
        "Researchers at Recorded Future said the forum listing recycled data from a 2022 leak and was unrelated to "
        "the December intrusion.\n\n"
        "According to a person with direct knowledge of the investigation, the attackers tried more than two "
        "million stolen passwords.\n\n"
        "According to four current and former PayPal engineers, the login page had no rate limit.\n\n"
        "A message posted in an internal engineering channel and seen by The Verge had warned that the login page "
        "could be abused.\n\n"
        "The New York attorney general's office said it was investigating whether PayPal's login protections "
        "complied with the state's data security law.\n\n"
        "Doug Madory, director of internet analysis at Kentik, said traffic to PayPal's login servers rose tenfold "
        "during the attack.",
        at,
    )
    assert [e.company for e in found.events] == ["PayPal"]
    assert _said(found, "recycled data").attribution == "researcher"
    assert _said(found, "two million").attribution == "anonymous_source"
    assert _said(found, "no rate limit").attribution == "anonymous_source"
    assert _said(found, "could be abused").attribution == "internal_document"
    office = _said(found, "login protections")
    assert (office.attribution, office.stance) == ("regulator_filing", "hedges")
    assert _said(found, "rose tenfold").attribution == "researcher"


def test_papers_and_data_as_subjects_the_passive_and_names_the_tagger_does_not_know_keep_their_sources() -> None:
    at = dt.datetime(2025, 5, 14)
    found = _extract(
        "Zendesk outage leaves support desks offline for six hours",
        "Zendesk's customer-support platform was down for six hours on Tuesday, leaving thousands of companies "
        "unable to answer customer tickets.\n\n"
        "An internal incident ticket reviewed by Business Insider lists a certificate rotation script as the root "
        "cause and rates the outage severity one.\n\n"
        "A root-cause report released by Zendesk on Thursday concluded that the script had renewed certificates "
        "for only half of the load balancers.\n\n"
        "Figures from Downdetector showed more than 9,000 reports of problems at the peak on Tuesday afternoon.\n\n"
        "The failure of the certificate rotation was confirmed by a Zendesk spokeswoman on Wednesday evening.\n\n"
        "Priya Castellano, Zendesk's chief technology officer, wrote on LinkedIn that the rotation job had "
        "never been tested against the new load balancers.\n\n"
        "Monitoring service Catchpoint said error rates had begun climbing at 13:05 UTC.\n\n"
        "One Zendesk customer wrote on X that her team had answered tickets by phone all afternoon.",
        at,
    )
    assert _said(found, "certificate rotation script").attribution == "internal_document"
    assert _said(found, "half of the load balancers").attribution == "postmortem"
    assert _said(found, "9,000 reports").attribution == "researcher"
    assert _said(found, "failure of the certificate rotation").attribution == "spokesperson"
    assert _said(found, "never been tested").attribution == "executive"
    assert _said(found, "error rates").attribution == "researcher"
    assert _said(found, "by phone").attribution == "social_media"


@pytest.mark.parametrize(
    ("want", "words"),
    [
        ("hedges", "the bank could not yet say when card payments would be restored"),
        ("hedges", "it was still reviewing whether the script had been changed before the outage"),
        ("hedges", "it was difficult to say at this stage how many tickets had been lost"),
        ("denies", "the outage stemmed from an expired certificate, not from an attack on its network"),
        ("limits", "the attackers took names and email addresses but not passwords"),
        ("limits", "that only customers in Europe were affected"),
        ("asserts", "the migration caused 83 percent of queued jobs to fail"),
        ("limits", "the breach touched 0.4 percent of accounts"),
        ("denies", "the disruption would not have a material impact on its financial results"),
        ("limits", "payments failed at 300 stores, and the rest of its locations were unaffected"),
    ],
)
def test_stance_of_undetermined_answers_alternative_causes_and_partial_losses(want: str, words: str) -> None:
    assert stance(base_pipeline()(words)[:]) == want


def test_people_keep_their_voices_whatever_platform_they_post_on_and_bodies_by_their_descriptions() -> None:
    at = dt.datetime(2025, 6, 3)
    found = _extract(
        "Fastly outage takes down news sites worldwide",
        "A Fastly outage took down news sites and online shops around the world for about an hour on Tuesday.\n\n"
        "Chief executive Todd Nightingale weighed in on Twitter shortly after service came back, writing that a "
        "customer's valid configuration change had triggered a latent bug.\n\n"
        "Traffic-tracking service Paessler said requests to Fastly's edge fell by about three quarters within "
        "minutes.\n\n"
        "The Transport Salaried Staffs' Association, which represents airport IT staff, said its members had "
        "been sent home once check-in systems failed.\n\n"
        "A person close to the investigation told Nikkei that the bug had been introduced in a May software "
        "release.",
        at,
    )
    assert _said(found, "latent bug").attribution == "executive"
    assert _said(found, "three quarters").attribution == "researcher"
    assert _said(found, "sent home").attribution == "spokesperson"
    assert _said(found, "May software release").attribution == "anonymous_source"


def test_a_story_the_text_dates_months_apart_changes_even_in_one_article_and_harm_is_filed_under_scope() -> None:
    at = dt.datetime(2023, 3, 1)
    august = _claim("aug", "postmortem", "LastPass", "denies", "that it had seen no evidence that customer data had "
                    "been accessed", "scope", at)  # fmt: skip
    december = _claim("dec", "postmortem", "LastPass", "asserts", "that a backup of customer vaults had been copied",
                      "scope", at)  # fmt: skip
    same_article = [
        dataclasses.replace(august, doc_id="wire", stated_at=dt.date(2022, 8, 25)),
        dataclasses.replace(december, doc_id="wire", stated_at=dt.date(2022, 12, 22)),
    ]
    assert frozenset(("aug", "dec")) in _conflicting_pairs(same_article, at)
    undated = [dataclasses.replace(c, doc_id="blog") for c in (august, december)]
    assert frozenset(("aug", "dec")) not in _conflicting_pairs(undated, at)  # a post-mortem recapping itself
    claims = [
        _claim("few", "executive", "Pester", "limits", "that most customers were now able to bank normally", "scope",
               at),
        _claim("many", "regulator_filing", "Committee chair Nicky Morgan", "asserts", "that digital banking was "
               "still unavailable for many customers", "impact", at),
    ]  # fmt: skip
    vectors = dict(zip([c.claim_id for c in claims], embed([c.quote for c in claims]), strict=True))
    assert [k.topic for k in find_conflicts("ev", claims, vectors, at)] == ["scope"]


def test_statements_dated_by_their_own_verb_are_not_the_report_and_an_unnamed_expert_is_a_researcher() -> None:
    at = dt.datetime(2023, 3, 7)
    found = _extract(
        "LastPass post-mortem traces breach to engineer's home computer",
        "LastPass said in a post-mortem published last week that hackers planted a keylogger on the home computer "
        "of one of its senior engineers.\n\n"
        "The company said in August that it had seen no evidence that customer data had been accessed, before "
        "saying in December that a backup of customer vaults had been copied.\n\n"
        "“Four engineers held the keys to everything,” said a security researcher who asked not to be named "
        "because she advises password managers.",
        at,
    )
    assert _said(found, "no evidence that customer data").attribution == "spokesperson"
    assert _said(found, "backup of customer vaults").attribution == "spokesperson"
    assert _said(found, "keys to everything").attribution == "researcher"


def test_a_spokesperson_for_a_department_or_a_government_speaks_for_the_regulator() -> None:
    found = _extract(
        "American Airlines grounds flights nationwide after IT outage",
        "American Airlines halted all departures for three hours on Tuesday after an IT outage.\n\n"
        "The Transportation Department is reviewing whether the airline met its refund obligations, a "
        "department spokesman said.\n\n"
        "A government spokesperson said the outage had not been caused by a cyberattack.",
        dt.datetime(2025, 12, 3),
    )
    assert _said(found, "refund obligations").attribution == "regulator_filing"
    assert _said(found, "cyberattack").attribution == "regulator_filing"


def test_a_source_named_at_the_end_speaks_and_the_firm_it_works_for_is_not_the_topic() -> None:
    found = _extract(
        "Citrix says hackers breached its support systems",
        "Citrix said on Friday that hackers had breached the systems it uses to handle customer support cases.\n\n"
        "Citrix brought in outside incident responders on Saturday morning, Bloomberg reported.\n\n"
        "The intrusion may be the work of a group that hit two US banks in 2023, researchers at Sophos said.\n\n"
        "The stolen session tokens may have gone unnoticed because they were rotated only weekly, said Tom Hale, "
        "an analyst at Ferrule Labs.\n\n"
        "Kentik data showed traffic to Citrix's support portal falling to almost nothing by Saturday evening.\n\n"
        "Posts on Reddit, one of them shared thousands of times, claimed that the attackers had stolen source code."
        "\n\nA hacking group claimed in a Telegram post that it had stolen customer files from Citrix.\n\n"
        "Administrators at several Citrix customers said in posts on Reddit that they had been told to reset "
        "every password.\n\n"
        "The review said only 40 customers had had files taken.",
        dt.datetime(2025, 2, 10),
    )
    assert _said(found, "incident responders").attribution == "media_report"
    assert _said(found, "two US banks").attribution == "researcher"
    assert _said(found, "rotated only weekly").attribution == "researcher"
    assert _said(found, "support portal").attribution == "researcher"
    assert _said(found, "source code").attribution == "social_media"
    assert _said(found, "customer files").attribution == "social_media"
    assert _said(found, "reset every password").attribution == "social_media"
    assert _said(found, "40 customers").attribution == "postmortem"


@pytest.mark.parametrize(
    ("want", "words"),
    [
        ("denies", "We have not paid the criminals and will not negotiate with them"),
        ("denies", "the company did not pay the ransom"),
        ("asserts", "customers could not pay for their groceries"),
        ("denies", "the failure was the result of a customer misconfiguration rather than a flaw in the product"),
        ("denies", "no change of any kind had been deployed to the customer's servers"),
        ("asserts", "the agent removed a rate limit while fixing an unrelated test"),
        ("asserts", "engineers had known for months that the job could overload the database"),
        ("hedges", "he warned that some systems could take days to come back"),
    ],
)
def test_stance_of_ransoms_not_paid_flaws_ruled_out_and_risks_already_known(want: str, words: str) -> None:
    assert stance(base_pipeline()(words)[:]) == want


@pytest.mark.parametrize(
    ("title", "lead", "company"),
    [
        ("Kaiser Permanente hit by ransomware", "Kaiser Permanente said on Monday that a ransomware attack had "
         "knocked its hospitals' records systems offline.", "Kaiser Permanente"),
        ("Humana says hackers stole member data", "Humana said hackers stole the personal data of 2 million "
         "members in a breach discovered last week.", "Humana"),
        ("Deutsche Telekom mobile outage", "Deutsche Telekom's mobile network suffered a nationwide outage on "
         "Tuesday that left millions of customers unable to make calls.", "Deutsche Telekom"),
        ("Adyen payments outage", "Adyen suffered an outage on Friday that left merchants unable to take card "
         "payments for three hours.", "Adyen"),
    ],
)  # fmt: skip
def test_companies_far_from_tech_news_have_their_incidents_found(title: str, lead: str, company: str) -> None:
    found = _extract(title, lead, dt.datetime(2025, 9, 16))
    assert [e.company for e in found.events if e.role == "report"] == [company]


def test_names_the_tagger_runs_together_are_listed_one_by_one_but_a_body_named_with_and_stays_whole() -> None:
    companies = reference_index()
    assert _names_in("Facebook, Instagram", companies) == ["Facebook", "Instagram"]
    assert _names_in("Jira and Confluence", companies) == ["Jira", "Confluence"]
    assert _names_in("the Securities and Exchange Commission", companies) == ["the Securities and Exchange Commission"]


def test_a_past_incident_named_by_its_year_is_recalled_and_the_undated_current_one_stays_current() -> None:
    found = _extract(
        "Telstra customers report slow mobile data across Sydney",
        "Telstra says it is working to fix a network fault that has left mobile customers in western Sydney with "
        "slow data speeds and dropped calls.\n\n"
        "The problems are a sore point for Telstra, whose nationwide outage on March 1, 2022, cut off mobile "
        "service for millions of customers.\n\n"
        "Qantas had its own bad day: on August 14, 2023, a check-in system failure took its kiosks offline "
        "at Sydney Airport for hours.",
        dt.datetime(2025, 5, 22, 9),
    )
    [report] = [e for e in found.events if e.role == "report"]
    assert (report.company, report.started.year) == ("Telstra", 2025)
    recalled = {(e.company, e.started) for e in found.events if e.role == "mention"}
    assert ("Telstra", dt.date(2022, 3, 1)) in recalled


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Commvault unveils vault for faster ransomware recovery",
         "Commvault on Tuesday launched a backup vault that helps companies recover from ransomware in minutes, with "
         "ransomware recovery drills built in."),
        ("Digital Realty raises forecast on AI demand",
         "Digital Realty raised its revenue forecast on Wednesday. Executives said the cost of downtime for a large "
         "bank now runs into millions of dollars an hour."),
        ("Lufthansa wins court case against ticket reseller",
         "Lufthansa won a court case on Monday against a ticket reseller that the judge said had breached the terms "
         "of use of its website."),
        ("Planned maintenance: NatWest app unavailable early Sunday",
         "Some of our services will be unavailable between 1am and 5am on Sunday while we upgrade our systems. "
         "This is planned work, timed to keep disruption to a minimum."),
    ],
)  # fmt: skip
def test_incident_words_for_defences_prices_broken_terms_and_planned_work_make_no_event(title: str, text: str) -> None:
    assert _extract(title, text, dt.datetime(2025, 10, 9, 12)).events == []


@pytest.mark.parametrize(
    ("title", "lead", "company", "kind"),
    [
        ("Venmo payments fail for hours", "Venmo users were unable to send money for several hours on Thursday, "
         "and some saw failed payments pile up in their feeds.", "PayPal", "outage"),
        ("Disney+ viewers hit by buffering during live final", "Disney+ subscribers complained of buffering and "
         "pixelated video during the streamer's live final on Sunday night.", "Disney", "degradation"),
        ("Figma bug discards edits", "On Tuesday a bug in Figma's sync service meant some edits were lost and "
         "could not be recovered, the company said.", "Figma", "data_loss"),
    ],
)  # fmt: skip
def test_incidents_told_by_what_users_could_not_do_or_lost_are_found(
    title: str, lead: str, company: str, kind: str
) -> None:
    [event] = _extract(title, lead, dt.datetime(2025, 10, 17, 13)).events
    assert (event.company, event.kind) == (company, kind)


def test_a_company_named_as_what_an_earlier_attack_hit_is_a_recalled_event() -> None:
    found = _extract(
        "Harrods says hackers accessed customer details",
        "Harrods said on Wednesday that hackers had accessed customer names and addresses in a cyber-attack.\n\n"
        "The disclosure adds to a hard year for British retailers after cyber-attacks on Marks & Spencer in the "
        "spring.",
        dt.datetime(2025, 9, 24, 8),
    )
    assert {(e.company, e.role) for e in found.events} == {("Harrods", "report"), ("Marks & Spencer", "mention")}


def test_a_question_declined_is_a_hedge_and_asides_and_bodies_by_their_kind_keep_their_sources() -> None:
    found = _extract(
        "Lufthansa check-in systems fail at Frankfurt and Munich",
        "Lufthansa's check-in and boarding systems failed at Frankfurt and Munich on Thursday morning, "
        "delaying hundreds of flights.\n\n"
        "A Lufthansa spokeswoman declined to say whether the fault lay with an outside supplier.\n\n"
        "A Lufthansa spokesman declined to comment.\n\n"
        "Chief executive Carsten Spohr, in a message to staff published on Friday, said every passenger would be "
        "rebooked by the weekend.\n\n"
        "The federal transport ministry said it was still assessing whether passengers' rights had been breached.\n\n"
        "Der Spiegel reported that the supplier was a unit of SAP that runs much of the airline's check-in "
        "software.\n\n"
        "Internal incident tickets described by Der Spiegel show the same change had failed a test in March.\n\n"
        "Chief technology officer Grazia Vittadini wrote in a post-incident review that a database failover had "
        "not completed.",
        dt.datetime(2025, 3, 14),
    )
    hedge = _said(found, "outside supplier")
    assert (hedge.attribution, hedge.stance) == ("spokesperson", "hedges")
    assert not any("declined to comment" in c.quote for c in found.claims)
    assert _said(found, "rebooked by the weekend").speaker == "Chief executive Carsten Spohr"
    assert _said(found, "passengers' rights").attribution == "regulator_filing"
    assert _said(found, "unit of SAP").attribution == "media_report"
    assert _said(found, "failed a test in March").attribution == "internal_document"
    assert _said(found, "failover had not completed").attribution == "postmortem"


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Digital Realty raises outlook as customers pay for zero-downtime capacity",
         "Digital Realty raised its outlook on Wednesday as customers paid up for zero-downtime capacity."),
        ("At SREcon, Starling engineers explain game days",
         "Starling Bank engineers said on Thursday that on-call staff are paged with a staged outage every month "
         "to practise chaos engineering."),
        ("Scheduled maintenance: Atlassian Jira upgrade",
         "Jira will be unavailable for two hours on Saturday while we upgrade the database. Please expect downtime "
         "of up to two hours."),
        ("Equinix to build data centre near Milan",
         "Equinix will build a data centre near Milan with generators designed to keep services running through a "
         "power failure. It is hiring incident responders."),
    ],
)  # fmt: skip
def test_downtime_that_is_priced_staged_expected_or_designed_for_makes_no_event(title: str, text: str) -> None:
    assert _extract(title, text, dt.datetime(2025, 10, 29, 12)).events == []


def test_an_agent_running_rm_rf_is_an_ai_coding_incident() -> None:
    [event] = _extract(
        "Windsurf agent ran rm -rf on my home directory",
        "On Sunday the Windsurf agent ran rm -rf on my home directory while cleaning up a build folder, and years "
        "of files were lost.",
        dt.datetime(2025, 10, 20, 9),
    ).events
    assert (event.company, event.kind) == ("Windsurf", "ai_coding_incident")


def test_an_unknown_organisation_is_never_a_person_the_article_names_in_full() -> None:
    parsed = parse(
        "d",
        "AWS outage",
        "Dave Treadwell, a senior vice president at Amazon, said the outage lasted hours.\n\n"
        "Treadwell said the outage was caused by a bug at Fooblast Systems.",
        dt.datetime(2025, 1, 1),
        reference_index(),
    )
    assert _unknown_orgs(parsed, reference_index()) == ["Fooblast Systems"]


def test_a_claim_that_names_a_cause_before_going_silent_still_conflicts_with_another_cause() -> None:
    at = dt.datetime(2023, 6, 6)
    claims = [
        _claim("tech", "spokesperson", "Microsoft", "asserts", "the disruptions were caused by a technical issue that "
               "its engineers were working to resolve, and did not give further details", "cause", at),
        _claim("group", "social_media", "A group", "asserts", "that it had taken Outlook down with a distributed "
               "denial-of-service (DDoS) attack", "cause", at),
        _claim("quiet", "spokesperson", "Microsoft", "asserts", "The company did not say what had caused the failure",
               "cause", at),
    ]  # fmt: skip
    pairs = _conflicting_pairs(claims, at)
    assert frozenset(("tech", "group")) in pairs
    assert not any("quiet" in pair for pair in pairs)  # silence is still no side


def test_one_attack_blamed_on_a_state_and_later_on_criminals_is_a_conflict_but_two_criminal_accounts_agree() -> None:
    claims = [
        _claim("filing", "regulator_filing", "Change Healthcare", "asserts", "a suspected nation-state associated "
               "cyber security threat actor had gained access to some of its systems", "cause",
               dt.datetime(2024, 2, 22)),
        _claim("status", "status_page", "Change Healthcare", "asserts", "we are experiencing a cyber security issue "
               "perpetrated by a cybercrime threat actor who has represented itself to us as ALPHV", "cause",
               dt.datetime(2024, 2, 29)),
        _claim("gang", "researcher", "Recorded Future", "asserts", "the attack was the work of a ransomware gang "
               "that has hit hospitals before", "cause", dt.datetime(2024, 3, 1)),
    ]  # fmt: skip
    pairs = _conflicting_pairs(claims, dt.datetime(2024, 3, 2))
    assert frozenset(("filing", "status")) in pairs
    assert frozenset(("status", "gang")) not in pairs


def test_an_assertion_that_itself_finds_no_evidence_is_not_what_a_denial_answers() -> None:
    at = dt.datetime(2024, 4, 23)
    claims = [
        _claim("press", "spokesperson", "UnitedHealth Group", "asserts", "To date, we have not seen evidence of "
               "exfiltration of materials such as doctors' charts or full medical histories", "scope", at),
        _claim("retold", "media_report", "The Record", "denies", "it had not seen evidence that doctors' charts or "
               "full medical histories were among the data taken", "scope", at + dt.timedelta(days=3)),
    ]  # fmt: skip
    assert not _conflicting_pairs(claims, at + dt.timedelta(days=4))


@pytest.mark.parametrize(
    ("words", "published", "want"),
    [
        ("it did not expect the system to be running again before June 30", dt.date(2024, 6, 25), None),
        ("the attack on June 19", dt.date(2024, 6, 25), dt.date(2024, 6, 19)),
        ("the outage on December 30", dt.date(2024, 6, 25), dt.date(2023, 12, 30)),
        ("the outage on December 30", dt.date(2025, 1, 5), dt.date(2024, 12, 30)),
    ],
)
def test_a_day_just_ahead_of_the_report_is_a_deadline_not_last_years(
    words: str, published: dt.date, want: dt.date | None
) -> None:
    found = resolve(words, published)
    assert (found.day if found else None) == want


def test_a_date_in_the_backdrop_a_breach_comes_amid_does_not_date_the_breach() -> None:
    at = dt.datetime(2024, 5, 31, 20)
    for text in ("The breach comes as Live Nation fights a lawsuit filed last week by the U.S. Justice Department.",
                 "The outage came amid a pay dispute with its union that began in March."):  # fmt: skip
        parsed = parse("d", "Ticketmaster data breach", text, at, reference_index())
        assert [s.incident_date() for s in parsed.sentences if s.para == 0] == [None]


def test_unauthorized_activity_dates_a_breach_by_when_it_began() -> None:
    found = _extract(
        "Ticketmaster emails customers about data breach",
        "Ticketmaster has started emailing customers to tell them their data may have been stolen in the breach its "
        "parent company disclosed in May.\n\n"
        "In the notice, the company said an unauthorized third party had obtained information from a cloud database, "
        "and that the unauthorized activity took place between April 2 and May 18.",
        dt.datetime(2024, 7, 9, 15),
    )
    assert [(e.company, e.started) for e in found.events if e.role == "report"] == [
        ("Ticketmaster", dt.date(2024, 4, 2))
    ]


@pytest.mark.parametrize(
    ("want", "words"),
    [
        ("denies", "We have not identified evidence suggesting that this activity was caused by a vulnerability"),
        ("asserts", "We have identified evidence suggesting that the attackers used stolen credentials"),
    ],
)
def test_stance_of_evidence_not_identified(want: str, words: str) -> None:
    assert stance(base_pipeline()(words)[:]) == want


def test_paying_or_refusing_a_ransom_is_remediation_not_cause() -> None:
    scores = topic_scores(base_pipeline()("the company had not taken part in any ransom negotiations and had not "
                                          "offered to pay the hackers anything")[:])  # fmt: skip
    assert scores["remediation"] > scores["cause"]


def test_a_near_end_forecast_overtaken_days_later_is_a_conflict_but_a_recap_is_not() -> None:
    claims = [
        _claim("day", "status_page", "Change Healthcare", "asserts", "The disruption is expected to last at least "
               "through the day.", "duration", dt.datetime(2024, 2, 21)),
        _claim("weeks", "spokesperson", "UnitedHealth Group", "asserts", "that it would begin testing and "
               "reconnecting the unit's medical claims network on Monday", "duration", dt.datetime(2024, 3, 15)),
        _claim("recap", "postmortem", "Change Healthcare", "asserts", "for some customers, the outage lasted up to "
               "14 days", "duration", dt.datetime(2024, 4, 1)),
        _claim("two", "status_page", "Atlassian", "asserts", "the rebuilding work will take up to two more weeks",
               "duration", dt.datetime(2024, 4, 20)),
        _claim("again", "status_page", "Atlassian", "asserts", "the remaining restoration work will take up to two "
               "more weeks", "duration", dt.datetime(2024, 4, 26)),
    ]  # fmt: skip
    pairs = _conflicting_pairs(claims, dt.datetime(2024, 5, 1))
    assert frozenset(("day", "weeks")) in pairs
    assert not any("recap" in pair for pair in pairs)
    assert frozenset(("two", "again")) not in pairs  # no near end was promised, so none was missed


def test_a_name_inside_a_relative_clause_describes_the_speaker_and_analyst_firms_are_researchers() -> None:
    found = _extract(
        "Ticketmaster hack was part of wider raid on Snowflake accounts",
        "Hackers broke into companies' accounts at the cloud data firm Snowflake, in a campaign linked to the theft "
        "of Ticketmaster's customer records.\n\n"
        "In a report published on Monday, Mandiant, which is owned by Google and was brought in by Snowflake to "
        "investigate, said it had identified about 165 organizations whose Snowflake accounts were exposed.\n\n"
        "Anderson Economic Group, a consulting firm in East Lansing, Michigan, said in a revised estimate that the "
        "breach would cost customers about $1 billion.\n\n"
        "Brightmoor Holdings, a dealer group in Texas, said the breach had cost it two weeks of sales.",
        dt.datetime(2024, 6, 11),
    )
    mandiant = _said(found, "165 organizations")
    assert (mandiant.speaker, mandiant.attribution) == ("Mandiant", "researcher")
    assert _said(found, "about $1 billion").attribution == "researcher"
    assert _said(found, "two weeks of sales").attribution == "spokesperson"


@pytest.mark.parametrize(("author", "want"), [("CDK Global", "spokesperson"), ("Lisa Finney", "executive")])
def test_a_company_blog_signed_with_the_company_name_is_its_statement_and_a_person_signing_is_an_executive(
    author: str, want: str
) -> None:
    at = dt.datetime(2024, 7, 2, 16)
    document = Document(
        doc_id="d", url="http://127.0.0.1/cdknewsroom/update", title="Cyber incident update: dealers are back",
        text="We are pleased to share that our restoration work after the cyber incident is running ahead of "
        "schedule.\n\nWe expect every remaining dealer connection to be live by late Wednesday.",
        published_at=at, fetched_at=at, outlet="CDK Global Newsroom", source_kind="blog", author=author,
    )  # fmt: skip
    found = extract_document(document, reference_index())
    assert {c.attribution for c in found.claims} == {want}


@pytest.mark.parametrize(
    ("lead", "speaker"),
    [
        ("Hackers broke into companies' accounts at the cloud data firm Snowflake, in a campaign linked to the theft "
         "of Ticketmaster's customer records, the security firm Mandiant said on Monday.", "Mandiant"),
        ("Car dealers lost about $1 billion during the CDK Global outage, the consulting firm Anderson Economic Group "
         "said on Monday.", "the consulting firm Anderson Economic Group"),
    ],
)  # fmt: skip
def test_a_firm_named_beside_its_trade_speaks_as_itself_not_as_the_story_company(lead: str, speaker: str) -> None:
    found = _extract("Breach and outage roundup", lead, dt.datetime(2024, 6, 11))
    assert [(c.attribution, c.speaker) for c in found.claims] == [("researcher", speaker)]


def test_the_firm_that_just_spoke_goes_on_speaking_but_not_across_another_speaker() -> None:
    found = _extract(
        "Ticketmaster hack was part of wider raid on Snowflake accounts",
        "Hackers broke into companies' accounts at Snowflake in a campaign linked to the Ticketmaster theft.\n\n"
        "Mandiant said its investigation had not found any evidence of a breach of Snowflake's own environment. "
        "Every incident it had responded to in the campaign, the firm said, traced back to stolen customer "
        "credentials.\n\n"
        "Snowflake said it had hired outside investigators. The firm said it would require multi-factor "
        "authentication.",
        dt.datetime(2024, 6, 11),
    )
    assert _said(found, "Every incident").attribution == "researcher"
    assert _said(found, "multi-factor").attribution == "spokesperson"


def test_service_said_to_be_live_again_while_a_customer_says_it_is_still_unusable_conflicts_on_its_topic() -> None:
    at = dt.datetime(2024, 7, 2, 16)
    claims = [
        _claim("live", "spokesperson", "CDK Global", "asserts", "As of this morning, substantially all dealer "
               "connections are live on our core Dealer Management System", "remediation", at),
        _claim("stuck", "anonymous_source", "A general manager at a dealership", "asserts", "the accounting module "
               "was still unusable on Monday", "remediation", at + dt.timedelta(days=1)),
    ]  # fmt: skip
    found = find_conflicts("ev", claims, dict(zip(["live", "stuck"], embed([c.quote for c in claims]), strict=True)),
                           at + dt.timedelta(days=2))  # fmt: skip
    assert [(k.topic, {k.claim_a, k.claim_b}) for k in found] == [("remediation", {"live", "stuck"})]


@pytest.mark.parametrize(
    "words",
    ["the company was bringing several of its applications back online",
     "it had once again shut down most of its systems as a precaution"],
)  # fmt: skip
def test_bringing_systems_back_or_shutting_them_as_a_precaution_is_remediation(words: str) -> None:
    scores = topic_scores(base_pipeline()(words)[:])
    assert scores["remediation"] >= max(scores["duration"], scores["cause"])
