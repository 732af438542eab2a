"""The `digest` and `trends` commands, added to the `outagewatch` app by `register(app)`.

Heavy imports (Prefect, Altair, scipy) happen inside the commands so the
rest of the CLI starts fast. Errors are one line on stderr and exit 2.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from pipelines.store import DEFAULT_DB, StoreUnavailable, ensure_schema

KINDS = ("outage", "degradation", "security_incident", "data_loss", "ai_coding_incident")
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file of the store.")]


def _fail(message: str) -> None:
    typer.echo(f"outagewatch: {message}", err=True)
    raise typer.Exit(2)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"{option} wants a date as YYYY-MM-DD, not {value!r}")
    return None  # unreachable: _fail raises


def _open(db: Path) -> None:
    """An existing store, migrated; a missing file is a mistake here, not a new store."""
    if not db.exists():
        _fail(f"no database at {db}")
    try:
        ensure_schema(db)
    except (StoreUnavailable, OSError) as exc:
        _fail(f"cannot open the database {db}: {exc}")


def digest(
    db: DbOption = DEFAULT_DB,
    date: Annotated[str | None, typer.Option(help="Digest date YYYY-MM-DD (default today).")] = None,
    since: Annotated[str | None, typer.Option(help="Cover events first reported from this date on.")] = None,
    lookback: Annotated[int, typer.Option(help="Days covered when no earlier digest was sent.")] = 7,
    out: Annotated[Path | None, typer.Option(help="Write the HTML here (chart embedded).")] = None,
    to: Annotated[list[str] | None, typer.Option("--to", help="Recipient (repeatable); none: render only.")] = None,
    smtp_host: Annotated[str | None, typer.Option(help="SMTP relay host (or OUTAGEWATCH_SMTP_HOST).")] = None,
    smtp_port: Annotated[int | None, typer.Option(help="SMTP port (25; 587 with STARTTLS).")] = None,
    smtp_user: Annotated[str | None, typer.Option(help="SMTP login; password from OUTAGEWATCH_SMTP_PASSWORD.")] = None,
    starttls: Annotated[bool | None, typer.Option("--starttls/--no-starttls", help="Upgrade with STARTTLS.")] = None,
    smtp_from: Annotated[str | None, typer.Option(help="Sender address (or OUTAGEWATCH_SMTP_FROM).")] = None,
    smtp_config: Annotated[Path | None, typer.Option(help="YAML file of SMTP settings (lowest precedence).")] = None,
    preview: Annotated[bool, typer.Option(help="Render every event in the store as one digest; never sends.")] = False,
) -> None:
    """Build the daily risk digest; with recipients, email it once per date (a failed send is retried)."""
    _open(db)
    day, start = _date(date, "--date") or dt.date.today(), _date(since, "--since")
    from reports.mail import load_settings

    flags = {
        "host": smtp_host,
        "port": smtp_port,
        "user": smtp_user,
        "starttls": starttls,
        "sender": smtp_from,
    }
    try:
        settings = load_settings(flags, config=smtp_config)
    except (OSError, ValueError) as exc:
        _fail(f"SMTP settings: {exc}")
    recipients = list(to or settings.recipients)
    if preview or not recipients:
        _render_only(db, day, start, lookback, out, preview)
        return
    if not settings.host:
        _fail("no SMTP host: give --smtp-host or set OUTAGEWATCH_SMTP_HOST")
    from flows.digest import DigestSendFailed, digest_flow

    try:
        outcome = digest_flow(
            str(db),
            date=day,
            to=recipients,
            smtp=settings,
            since=start,
            lookback_days=lookback,
            out=str(out) if out else None,
        )
    except DigestSendFailed as exc:
        _fail(str(exc))
    typer.echo(outcome.text())


def _render_only(db: Path, day: dt.date, since: dt.date | None, lookback: int, out: Path | None, preview: bool) -> None:
    from reports.digest import build_digest, latest_report_day, preview_digest
    from reports.render import render_file

    built = preview_digest(db) if preview else build_digest(db, day, since=since, lookback_days=lookback)
    path = out or db.parent / "digests" / f"{'preview' if preview else 'digest'}-{built.day.isoformat()}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_file(built), encoding="utf-8")
    typer.echo(f"{built.subject}\nwindow: {built.window_from} to {built.day} ({built.window_basis})")
    latest = latest_report_day(db)
    if not built.event_count and latest and latest < built.window_from:
        typer.echo(f"the store's latest report is from {latest}: try --date {latest}, or --preview for everything")
    typer.echo(f"html: {path} ({'preview, ' if preview else ''}not sent{'' if preview else ': no recipients'})")


def trends(
    db: DbOption = DEFAULT_DB,
    by: Annotated[str, typer.Option(help="Period: week, month, quarter or year.")] = "month",
    kind: Annotated[str | None, typer.Option(help=f"Only this kind: {', '.join(KINDS)}.")] = None,
    company: Annotated[list[str] | None, typer.Option(help="Only this company, alias or parent (repeatable).")] = None,
    since: Annotated[
        str | None, typer.Option(help="Print periods from this date on (baselines still use all).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Count what was known by this date.")] = None,
    chart: Annotated[Path | None, typer.Option(help="Also draw the counts as a PNG chart here.")] = None,
    ai: Annotated[bool, typer.Option("--ai", help="Who named AI as a cause, and what the company said.")] = False,
) -> None:
    """Incidents per company and period, periods that stand out flagged; --ai splits who blamed AI."""
    from reports.trends import PERIODS, format_ai, format_trends, load_ai_split, load_trends, period_start

    if by not in PERIODS:
        _fail(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    if kind is not None and kind not in KINDS:
        _fail(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    _open(db)
    start, end = _date(since, "--since"), _date(until, "--until")
    table = load_trends(db, by=by, kind=kind, companies=company, until=end)
    if ai:
        rows = load_ai_split(db, by=by, kind=kind, companies=company, until=end)
        typer.echo(format_ai([r for r in rows if start is None or r.period >= period_start(start, by)], by))
    else:
        typer.echo(format_trends(table, since=start))
    if chart:
        from reports.chart import incidents_chart

        chart.parent.mkdir(parents=True, exist_ok=True)
        chart.write_bytes(incidents_chart(table, start=period_start(start, by) if start else None))
        typer.echo(f"chart: {chart}")


def register(app: typer.Typer) -> None:
    """Add `digest` and `trends` to the outagewatch command."""
    app.command()(digest)
    app.command()(trends)
