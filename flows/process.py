"""Processing: documents not yet processed go through extraction, then the merge, then back to the store.

Extraction is fanned out in chunks (never a task per document: Prefect's
per-task overhead would dominate) on whatever task runner the flow has: a
thread by default, a Dask cluster when one is configured. The merge runs
here, between two short store sessions, under a file lock so two processing
runs never interleave.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.task_runners import ThreadPoolTaskRunner

from nlp.companies import CompanyIndex, from_rows
from nlp.extract import extract_batch
from nlp.process import StoreState, merge
from nlp.records import DocExtraction, Document, ProcessResult
from pipelines.store import StoreWriteFailed, ensure_schema, session, transaction
from pipelines.store.extraction import (
    claims_for_docs,
    claims_for_events,
    company_rows,
    links_for_docs,
    load_events,
    load_fingerprints,
    pending_documents,
    write_result,
)

log = logging.getLogger(__name__)
BATCH = int(os.environ.get("OUTAGEWATCH_PROCESS_BATCH", "200"))
CHUNK = int(os.environ.get("OUTAGEWATCH_EXTRACT_CHUNK", "25"))


@lru_cache(maxsize=4)
def _index(digest: str, rows_json: str) -> CompanyIndex:
    return CompanyIndex.build(from_rows(json.loads(rows_json)))


def company_index(rows: list[dict[str, Any]]) -> CompanyIndex:
    """The matcher for the store's companies, built once per process (and per Dask worker)."""
    rows_json = json.dumps(rows, sort_keys=True, default=str)
    return _index(hashlib.sha256(rows_json.encode()).hexdigest(), rows_json)


@task(name="extract chunk")
def extract_chunk(documents: list[Document], rows: list[dict[str, Any]]) -> list[DocExtraction]:
    """Events and claims of a chunk of documents; pure, so it may run on any worker."""
    return extract_batch(documents, company_index(rows))


@contextmanager
def processing_lock(db: Path) -> Iterator[None]:
    """One processing run per database at a time, across processes."""
    lock_path = Path(f"{db}.process.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class ProcessingStopped(StoreWriteFailed):
    """The store refused a batch's results; the batches before it landed, and the rest stays pending."""

    def __init__(self, message: str, done: list[ProcessResult]) -> None:
        super().__init__(message)
        self.done = done


Extractor = Callable[[list[Document], list[dict[str, Any]]], list[DocExtraction]]


def extract_here(documents: list[Document], rows: list[dict[str, Any]]) -> list[DocExtraction]:
    """Extraction in this process, no task runner (scripts, tests, benchmarks)."""
    return extract_batch(documents, company_index(rows))


def extract_on_runner(documents: list[Document], rows: list[dict[str, Any]]) -> list[DocExtraction]:
    """Extraction as chunked tasks on the flow's task runner (threads, or Dask workers)."""
    chunks = [documents[i : i + CHUNK] for i in range(0, len(documents), CHUNK)]
    futures = [extract_chunk.submit(chunk, rows) for chunk in chunks]
    return [ex for future in futures for ex in future.result()]


def _state(db: Path, docs: list[Document]) -> StoreState:
    ids = [d.doc_id for d in docs]
    with session(db) as con:
        return StoreState(
            events=load_events(con),
            fingerprints=load_fingerprints(con),
            doc_links=links_for_docs(con, ids),
            doc_claims=claims_for_docs(con, ids),
        )


def _load_claims(db: Path):  # type: ignore[no-untyped-def]
    def load(event_ids: set[str], except_docs: set[str]):  # type: ignore[no-untyped-def]
        with session(db) as con:
            return claims_for_events(con, event_ids, except_docs)

    return load


def process_pending(db: Path, batch: int = BATCH, extract: Extractor = extract_here) -> list[ProcessResult]:
    """Process every pending document, a batch at a time; each batch lands in one transaction."""
    ensure_schema(db)
    results: list[ProcessResult] = []
    with processing_lock(db):
        while True:
            with session(db) as con:
                docs = pending_documents(con, batch)
                rows = company_rows(con)
            if not docs:
                break
            extractions = extract(docs, rows)
            state = _state(db, docs)
            result = merge(extractions, {d.doc_id: d for d in docs}, state, company_index(rows), _load_claims(db))
            try:
                with transaction(db) as con:
                    write_result(con, result)
            except StoreWriteFailed as exc:
                raise ProcessingStopped(f"{exc}; {len(docs)} documents stay pending", results) from exc
            results.append(result)
            log.info("processed %d documents: %d new events", len(docs), result.new_events)
    return results


@flow(name="process", task_runner=ThreadPoolTaskRunner(max_workers=1))  # type: ignore[arg-type]
def process_flow(db: str) -> list[ProcessResult]:
    """Process what the crawls stored. Run it with a Dask task runner to fan extraction out."""
    return process_pending(Path(db), extract=extract_on_runner)
