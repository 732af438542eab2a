"""The runs: crawl (feeds given, or every source of sources.yaml), process what is new, say what happened."""

from __future__ import annotations

from datetime import date

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from flows.crawl import CRAWL_FLOWS, crawl_feeds
from flows.process import process_flow
from flows.sources import KINDS
from flows.summary import RunSummary


def _process_into(summary: RunSummary, db: str) -> None:
    for result in process_flow(db):
        summary.add_process(result)


@flow(name="run", log_prints=False)
def run_flow(db: str, feeds: list[str]) -> RunSummary:
    """Crawl `feeds` (and every article they link) into `db`, then extract events, claims and conflicts."""
    summary = RunSummary(feeds=len(feeds))
    if feeds:
        summary.add_crawl(crawl_feeds(db, feeds))
    _process_into(summary, db)
    create_markdown_artifact(summary.markdown(), key="run-summary", description="What this run read, stored and found")
    return summary


@flow(name="run-sources", log_prints=False)
def sources_flow(db: str, sources_file: str = "sources.yaml", kinds: list[str] | None = None) -> RunSummary:
    """Every kind of source in sources.yaml, each its own crawl flow; a kind that fails leaves the rest running."""
    summary = RunSummary()
    for kind in kinds or list(KINDS):
        try:
            part = CRAWL_FLOWS[kind](db, sources_file)
        except Exception as exc:  # a broken kind is reported; the others still run
            summary.errors.append(f"crawl of {kind} sources failed: {exc}")
            continue
        summary.merge(part)
    _process_into(summary, db)
    create_markdown_artifact(
        summary.markdown(), key="run-sources-summary", description="All sources: read, stored, found"
    )
    return summary


@flow(name="daily", log_prints=False)
def daily_flow(
    db: str, sources_file: str = "sources.yaml", digest_date: date | None = None, to: list[str] | None = None
) -> RunSummary:
    """The day's work: every source, processing, then the risk digest (sent once per date when recipients are set)."""
    summary = sources_flow(db, sources_file)
    from flows.digest import digest_flow

    try:
        digest_flow(db, digest_date, to or [])
    except Exception as exc:  # the crawl's work is stored; a failed digest is retried on the next run
        summary.errors.append(f"digest failed: {exc}")
    return summary
