"""The analyst commands, `query`, `timeline` and `export`, added to the `outagewatch` app by `register`.

All three open the store read-only, so they run while a scheduled run is
writing: the connection waits its turn for the file's lock instead of failing.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TextIO

import duckdb
import typer

import flows.env  # noqa: F401 - project-local tool state before DuckDB loads
from pipelines.store import DEFAULT_DB, StoreUnavailable
from reports import query as q
from reports.export import export_store, summary
from reports.timeline import UnknownCompany, company_timeline, render

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file of the store (opened read-only).")]


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


def fail(message: str, code: int = 2) -> NoReturn:
    """A one-line reason on stderr, and a non-zero exit (as flows.cli.fail)."""
    typer.echo(f"outagewatch: {message}", err=True)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add query, timeline and export to the main app."""
    # SQL often starts with a "--" comment, which must reach the command as SQL, not as an option.
    app.command(name="query", context_settings={"ignore_unknown_options": True})(query)
    app.command(name="timeline")(timeline)
    app.command(name="export")(export)


def query(
    sql: Annotated[str | None, typer.Argument(help="One read-only SQL statement.", show_default=False)] = None,
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file (required for parquet).")] = None,
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, help="Return at most this many rows.")] = 1000,
    timeout: Annotated[float, typer.Option("--timeout", min=0.001, help="Stop the query after SECONDS.")] = 30.0,
    allow_external_access: Annotated[
        bool, typer.Option("--allow-external-access", help="Let the query read local files (read_csv, ...).")
    ] = False,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the SQL from this file.")] = None,
) -> None:
    """Run one read-only SQL statement, time- and row-limited; print a table or write CSV, JSON, Parquet."""
    text = _sql_text(sql, file)
    if fmt is Format.parquet and out is None:
        fail("--format parquet writes a file: give --out FILE")
    limits = q.Limits(max_rows=max_rows, timeout=timeout, allow_external_access=allow_external_access)
    try:
        result = q.run_query(db, text, limits)
        _write(result, fmt, out)
    except q.QueryRefused as exc:
        fail(f"refused: {exc}")
    except (q.QueryTimeout, q.QueryFailed, StoreUnavailable) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")


def _sql_text(sql: str | None, file: Path | None) -> str:
    if (sql is None) == (file is None):
        fail("give the SQL as an argument or with --file, not both or neither")
    if file is None:
        return str(sql)
    try:
        return file.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"cannot read {file}: {exc}")


def _write(result: q.QueryResult, fmt: Format, out: Path | None) -> None:
    """Table and footer to stdout (or --out); CSV and JSON to stdout or --out; notes on stderr."""
    if fmt is Format.parquet and out is not None:
        q.write_parquet(result, out)
    elif out is None:
        _to_stream(result, fmt, sys.stdout)
        if fmt is not Format.table and result.truncated:
            typer.echo(f"outagewatch: {q.footer(result)}", err=True)
        return
    else:
        with out.open("w", encoding="utf-8", newline="") as stream:
            _to_stream(result, fmt, stream)
    typer.echo(f"wrote {out} {q.footer(result)}")


def _to_stream(result: q.QueryResult, fmt: Format, stream: TextIO) -> None:
    if fmt is Format.table:
        stream.write(q.render_table(result))
    elif fmt is Format.csv:
        q.write_csv(result, stream)
    else:
        q.write_json(result, stream)


def timeline(
    company: Annotated[str, typer.Argument(help="A company, alias or product name (AWS, Facebook...).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """A company's events (and its subsidiaries'), each with its claims and conflicts in date order."""
    try:
        typer.echo(render(company_timeline(db, company)), nl=False)
    except (UnknownCompany, StoreUnavailable) as exc:
        fail(str(exc))


def export(
    out_dir: Annotated[Path, typer.Argument(metavar="DIR", help="Folder for the Parquet files.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write every table and the timeline view as Parquet files, one per table, for notebooks and BI tools."""
    try:
        exported = export_store(db, out_dir)
    except StoreUnavailable as exc:
        fail(str(exc))
    except (OSError, duckdb.Error) as exc:
        fail(f"cannot write to {out_dir}: {exc}")
    typer.echo(summary(exported, out_dir), nl=False)
