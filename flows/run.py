"""The runs: crawl (feeds given, or every source of sources.yaml), process what is new, say what happened."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, date, datetime

from prefect import flow
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from flows.crawl import CRAWL_FLOWS, crawl_feeds
from flows.process import ProcessingStopped, process_flow
from flows.sources import KINDS
from flows.summary import RunSummary
from pipelines.store import StoreWriteFailed, transaction
from pipelines.store.runs import record_run

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _process_into(summary: RunSummary, db: str) -> None:
    try:
        results = process_flow(db)
    except ProcessingStopped as exc:  # each batch lands whole or not at all: the batches before it are stored
        summary.store_error = str(exc)
        summary.errors.append(f"processing stopped: {exc}")
        results = exc.done
    for result in results:
        summary.add_process(result)


def _finish(db: str, name: str, started: datetime, summary: RunSummary, description: str) -> None:
    """The summary as a Prefect artifact, and in the store's `runs` and `skips` tables."""
    create_markdown_artifact(summary.markdown(), key=f"{name}-summary", description=description)
    run_id = str(flow_run.id or uuid.uuid4())
    try:
        with transaction(db) as con:
            record_run(con, run_id, name, started, _now(), summary.status, summary.as_json(), summary.skip_log)
    except StoreWriteFailed as exc:  # the summary on stdout and the run's own error say it already
        log.warning("this run's summary is not in the store: %s", exc)


@flow(name="run", log_prints=False)
def run_flow(db: str, feeds: list[str]) -> RunSummary:
    """Crawl `feeds` (and every article they link) into `db`, then extract events, claims and conflicts."""
    started, summary = _now(), RunSummary(feeds=len(feeds))
    if feeds:
        summary.add_crawl(crawl_feeds(db, feeds))
    _process_into(summary, db)
    _finish(db, "run", started, summary, "What this run read, stored and found")
    return summary


@flow(name="run-sources", log_prints=False)
def sources_flow(db: str, sources_file: str = "sources.yaml", kinds: list[str] | None = None) -> RunSummary:
    """Every kind of source in sources.yaml, each its own crawl flow; a kind that fails leaves the rest running."""
    started, summary = _now(), RunSummary()
    for kind in kinds or list(KINDS):
        try:
            part = CRAWL_FLOWS[kind](db, sources_file)
        except Exception as exc:  # a broken kind is reported; the others still run
            summary.errors.append(f"crawl of {kind} sources failed: {exc}")
            continue
        summary.merge(part)
    _process_into(summary, db)
    _finish(db, "run-sources", started, summary, "All sources: read, stored, found")
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
