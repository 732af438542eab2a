"""The `outagewatch` command. Every subcommand takes --db; the work itself lives in flows/ and reports/."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import flows.env  # noqa: F401 - environment defaults before Prefect and the models load
from pipelines.store import DEFAULT_DB, StoreUnavailable, StoreWriteFailed, ensure_schema

if TYPE_CHECKING:
    from flows.summary import RunSummary

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file of the store.")]


def fail(message: str, code: int = 2) -> None:
    """A one-line reason on stderr, and a non-zero exit."""
    typer.echo(f"outagewatch: {message}", err=True)
    raise typer.Exit(code)


def open_or_fail(db: Path) -> None:
    """Create or migrate the store now, so a bad path fails fast with its reason."""
    try:
        ensure_schema(db)
    except StoreWriteFailed as exc:  # its message names the file and the reason already
        fail(str(exc))
    except (StoreUnavailable, OSError) as exc:
        fail(f"cannot open the database {db}: {exc}")


def logging_setup(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    for noisy in ("scrapy", "twisted", "trafilatura", "htmldate", "filelock", "httpx", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.ERROR)
    logging.getLogger("outagewatch.crawl").setLevel(logging.WARNING)


@app.command()
def run(
    db: DbOption = DEFAULT_DB,
    feed: Annotated[list[str] | None, typer.Option("--feed", help="RSS or Atom feed URL (repeatable).")] = None,
    sources: Annotated[Path, typer.Option(help="Sources file, used when no --feed is given.")] = Path("sources.yaml"),
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Crawl feeds and every article they link, process what is new, print a summary."""
    logging_setup(verbose)
    open_or_fail(db)
    from flows.run import run_flow

    feeds = list(feed or [])
    if feeds:
        _report(run_flow(str(db), feeds))
        return
    from flows.run import sources_flow
    from flows.sources import check

    problems = check(sources) if sources.exists() else [f"{sources} does not exist"]
    if problems:
        fail(f"no --feed given and {sources} cannot be used: {problems[0]}")
    _report(sources_flow(str(db), str(sources)))


def _report(summary: RunSummary) -> None:
    """The summary; then, if the store refused a write, a non-zero exit that says so."""
    typer.echo(summary.text())
    if summary.store_error:
        fail(f"the run stopped short, the next run picks up the rest: {summary.store_error}", 1)


@app.command()
def demo(
    db: DbOption = Path("data/demo/outagewatch.duckdb"),
    out: Annotated[Path, typer.Option(help="Folder for the demo's outputs.")] = Path("data/demo"),
    corpus: Annotated[Path | None, typer.Option(help="Corpus folder (default: the bundled corpus/).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """The whole job on the bundled sample corpus, served on 127.0.0.1: no network needed."""
    logging_setup(verbose)
    from flows.corpus_site import CORPUS
    from flows.demo import run_demo

    try:
        run_demo(db, out, corpus or CORPUS)
    except StoreUnavailable as exc:
        fail(str(exc))


@app.command()
def reprocess(db: DbOption = DEFAULT_DB, verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Drop all events, claims and conflicts and extract them again from the stored documents."""
    logging_setup(verbose)
    open_or_fail(db)
    from flows.process import process_flow
    from flows.summary import RunSummary
    from pipelines.store import transaction
    from pipelines.store.extraction import reset_extraction

    with transaction(db) as con:
        count = reset_extraction(con)
    typer.echo(f"reprocessing {count} documents")
    summary = RunSummary()
    for result in process_flow(str(db)):
        summary.add_process(result)
    typer.echo(summary.text())


@app.command(name="eval")
def evaluate(
    db: DbOption = Path("data/demo/outagewatch.duckdb"),
    gold: Annotated[Path, typer.Option(help="Gold corpus folder (articles/, events/).")] = Path("corpus"),
    split: Annotated[str | None, typer.Option(help="seen, heldout, or all (default).")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores as JSON.")] = None,
) -> None:
    """Score the store against gold annotations: events, clustering, claims, conflicts, duplicates."""
    from nlp.evaluate import evaluate_store, format_scores

    try:
        scores = evaluate_store(db, gold, None if split in (None, "all") else split)
    except StoreUnavailable as exc:
        fail(str(exc))
    typer.echo(format_scores(scores))
    if json_out:
        import json

        json_out.write_text(json.dumps(scores, indent=2))


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    sources: Annotated[Path, typer.Option(help="Sources file with the schedules.")] = Path("sources.yaml"),
    process_every: Annotated[int, typer.Option(help="Seconds between processing runs.")] = 300,
    digest_cron: Annotated[str | None, typer.Option(help="Cron for the daily digest, e.g. '0 7 * * *'.")] = None,
    to: Annotated[list[str] | None, typer.Option("--to", help="Digest recipient (repeatable).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Run every source on its schedule against a Prefect server (started on 127.0.0.1 if none is configured)."""
    logging_setup(verbose)
    open_or_fail(db)
    from flows.serve import serve_forever
    from flows.sources import check

    problems = check(sources) if sources.exists() else [f"{sources} does not exist"]
    if problems:
        fail(f"{sources} cannot be used: {problems[0]}")
    serve_forever(str(db), str(sources), process_every, digest_cron, list(to or []))


sources_app = typer.Typer(help="The sources file.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")


@sources_app.command("check")
def sources_check(path: Annotated[Path, typer.Argument(help="Sources file.")] = Path("sources.yaml")) -> None:
    """List every mistake in a sources file, one per line; exit 1 if there is any."""
    from flows.sources import check, load_sources

    problems = check(path)
    for problem in problems:
        typer.echo(f"{path}: {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo(f"{path}: ok, {len(load_sources(path))} sources")


def _register_outputs() -> None:
    """Commands that live with the outputs they produce (reports/)."""
    from reports.cli_analyst import register as register_analyst

    register_analyst(app)
    try:
        from reports.cli_digest import register as register_digest
    except ImportError:  # the digest commands are optional until their module is installed
        return
    register_digest(app)


_register_outputs()


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except StoreUnavailable as exc:  # a full disk mid-run, say: its reason in one line, not DuckDB's traceback
        typer.echo(f"outagewatch: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
