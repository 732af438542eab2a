"""`outagewatch demo`: the bundled corpus served on 127.0.0.1, crawled, processed, scored, previewed."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from flows.corpus_site import serve_corpus
from pipelines.store import StoreWriteFailed, ensure_schema


def run_demo(db: Path, out: Path, corpus_root: Path) -> None:
    """Crawl the corpus from a local server into a fresh store, process it, write the outputs."""
    from flows.run import run_flow

    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    for stale in (db, Path(f"{db}.wal")):
        stale.unlink(missing_ok=True)
    ensure_schema(db)
    site, feeds, corpus = serve_corpus(corpus_root)
    try:
        typer.echo(f"serving {len(corpus.articles)} sample articles from {len(feeds)} outlets at {site.url('/')}")
        summary = run_flow(str(db), feeds)
    finally:
        site.stop()
    typer.echo(summary.text())
    if summary.store_error:
        raise StoreWriteFailed(summary.store_error)
    outputs = write_outputs(db, out, corpus_root)
    typer.echo("")
    typer.echo(f"demo finished in {time.monotonic() - started:.0f}s. Outputs:")
    typer.echo(f"  store           {db}")
    for name, path in outputs.items():
        typer.echo(f"  {name:15s} {path}")
    example = "SELECT company, kind, started_at FROM events"
    typer.echo(f'  try             outagewatch query --db {db} "{example}"')


def write_outputs(db: Path, out: Path, corpus_root: Path) -> dict[str, Path]:
    """The demo's artefacts beside the store: the scores against gold, and the digest preview."""
    from nlp.evaluate import evaluate_store, format_scores
    from nlp.gold import SPLITS

    outputs = {}
    scores = out / "eval.txt"
    scores.write_text("\n\n".join(format_scores(evaluate_store(db, corpus_root, split)) for split in SPLITS))
    outputs["eval scores"] = scores
    try:
        from reports.digest import write_preview

        outputs["digest preview"] = write_preview(db, out / "digest.html")
    except ImportError:
        pass
    return outputs
