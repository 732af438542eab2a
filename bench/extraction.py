"""Extraction throughput: the whole sample corpus through spaCy, the rules and the sentence model.

`python -m bench.extraction` : documents and words per second for extraction alone (models already
loaded), and for the full processing step (extraction, merge, store) from a crawled store.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import flows.env  # noqa: F401
from bench.common import report, timed
from flows.corpus_site import serve_corpus
from flows.process import company_index, process_pending
from nlp.extract import extract_batch
from nlp.models import base_pipeline, sentence_model
from pipelines.store import session
from pipelines.store.extraction import company_rows, pending_documents
from tests.conftest import crawl_into


def main() -> dict[str, object]:
    with timed() as load:
        base_pipeline()
        sentence_model()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.duckdb"
        site, feeds, _ = serve_corpus()
        try:
            crawl_into(db, feeds)
        finally:
            site.stop()
        copy = Path(tmp) / "copy.duckdb"
        shutil.copy(db, copy)
        with session(db) as con:
            docs = pending_documents(con)
            index = company_index(company_rows(con))
        words = sum(len(d.text.split()) for d in docs)
        with timed() as extract:
            extract_batch(docs, index)
        with timed() as full:
            process_pending(copy)
    return report("extraction", {
        "documents": len(docs), "words": words, "model_load_seconds": round(load["seconds"], 2),
        "extract_seconds": round(extract["seconds"], 2),
        "documents_per_second": round(len(docs) / extract["seconds"], 2),
        "words_per_second": round(words / extract["seconds"]),
        "process_seconds_incl_merge_and_store": round(full["seconds"], 2),
    })  # fmt: skip


if __name__ == "__main__":
    main()
