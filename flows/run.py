"""The run: crawl the feeds, process what is new, say what happened."""

from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from flows.crawl import crawl_feeds
from flows.process import process_flow
from flows.summary import RunSummary


@flow(name="run", log_prints=False)
def run_flow(db: str, feeds: list[str]) -> RunSummary:
    """Crawl `feeds` (and every article they link) into `db`, then extract events, claims and conflicts."""
    summary = RunSummary(feeds=len(feeds))
    if feeds:
        summary.add_crawl(crawl_feeds(db, feeds))
    for result in process_flow(db):
        summary.add_process(result)
    create_markdown_artifact(summary.markdown(), key="run-summary", description="What this run read, stored and found")
    return summary
