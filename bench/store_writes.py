"""Store write throughput: documents written in batches (Arrow) through the item pipeline's path."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import flows.env  # noqa: F401
from bench.common import report, timed
from pipelines.store import ensure_schema, transaction
from pipelines.store.documents import write_articles
from spiders.items import ArticleItem
from spiders.urls import doc_id_for


def main(n: int = 20_000, batch: int = 50) -> dict[str, object]:
    text = "The outage lasted about six hours, the company said. " * 60
    items = []
    for i in range(n):
        url = f"https://news.example/{i}"
        items.append(ArticleItem(url=url, source_id="b", fetched_at=datetime(2026, 1, 1), text=f"{i} {text}",
                                 canonical_url=url, doc_id=doc_id_for(url), title=f"t{i}"))  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "w.duckdb"
        ensure_schema(db)
        with timed() as t:
            for start in range(0, n, batch):
                with transaction(db) as con:
                    write_articles(con, items[start : start + batch])
    return report("store_writes", {"documents": n, "batch": batch, "seconds": round(t["seconds"], 2),
                                   "documents_per_second": round(n / t["seconds"])})  # fmt: skip


if __name__ == "__main__":
    main()
