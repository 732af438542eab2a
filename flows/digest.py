"""The digest run: build the digest for a date, send it once, record what happened.

Once per date: the `digests` row says whether the digest for a date was
sent; a run for a date already sent sends nothing. The row is marked
'sending' (attempts + 1) before the mail goes out and 'sent' after, so a
failed send is recorded as 'failed' and the next run for that date tries
again. A file lock keeps two runs from sending the same date at once. If the
process dies between the relay accepting the mail and the row being marked,
the next run sends again: at least once, never silently lost.

Within one run the send is a Prefect task with retries for transient
failures (4xx replies, refused connections); permanent ones (5xx, bad login)
fail at once.
"""

from __future__ import annotations

import datetime as dt
import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from pipelines.store import ensure_schema, session, transaction
from pipelines.store import reporting as store
from reports.digest import LOOKBACK_DAYS, Digest, build_digest
from reports.mail import SendFailed, SmtpSettings, build_message, load_settings, send
from reports.render import render_file


@dataclass
class DigestOutcome:
    day: dt.date
    status: str  # sent | already_sent | failed
    attempts: int
    recipients: list[str] = field(default_factory=list)
    subject: str = ""
    events: int = 0
    html_path: str | None = None
    sent_at: dt.datetime | None = None
    error: str | None = None

    def text(self) -> str:
        to = ", ".join(self.recipients)
        if self.status == "already_sent":
            return f"digest {self.day}: already sent {self.sent_at:%Y-%m-%d %H:%M} to {to}; nothing sent"
        if self.status == "sent":
            return (
                f"digest {self.day}: sent to {to} ({self.events} events, attempt {self.attempts}); "
                f"html: {self.html_path}"
            )
        return f"digest {self.day}: send failed (attempt {self.attempts}), retried on the next run: {self.error}"

    def markdown(self) -> str:
        rows = [
            ("date", self.day.isoformat()),
            ("status", self.status),
            ("attempts", str(self.attempts)),
            ("recipients", ", ".join(self.recipients)),
            ("subject", self.subject),
            ("events", str(self.events)),
            ("html", self.html_path or ""),
            ("sent at", f"{self.sent_at:%Y-%m-%d %H:%M:%S}" if self.sent_at else ""),
            ("error", self.error or ""),
        ]
        body = "\n".join(f"| {k} | {v.replace('|', '/')} |" for k, v in rows if v)
        return f"# Digest {self.day}\n\n| | |\n|---|---|\n{body}\n"


class DigestSendFailed(RuntimeError):
    """The send failed and was recorded as failed; the outcome says what happened."""

    def __init__(self, outcome: DigestOutcome) -> None:
        super().__init__(outcome.text())
        self.outcome = outcome


@contextmanager
def digest_lock(db: Path) -> Iterator[None]:
    """One digest run per database at a time, across processes."""
    with open(f"{db}.digest.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _transient_only(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a refused connection or a 4xx reply; a 5xx or a bad login will not change on retry."""
    try:
        state.result()
    except SendFailed as exc:
        return exc.transient
    except Exception:
        return True
    return False


@task(name="build digest", cache_policy=NO_CACHE)
def build_task(db: str, day: dt.date, since: dt.date | None, lookback_days: int) -> Digest:
    return build_digest(Path(db), day, since=since, lookback_days=lookback_days)


@task(
    name="send digest email",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[5, 30],
    retry_condition_fn=_transient_only,
)
def send_task(message: EmailMessage, settings: SmtpSettings) -> list[str]:
    """The network step: hand the mail to the relay."""
    return send(message, settings)


def _as_date(value: dt.date | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def html_path_for(db: Path, day: dt.date, out: str | None) -> Path:
    """Where the digest's HTML is kept: --out, else a digests/ folder beside the store."""
    return Path(out) if out else db.parent / "digests" / f"digest-{day.isoformat()}.html"


def _finish(outcome: DigestOutcome) -> DigestOutcome:
    create_markdown_artifact(outcome.markdown(), key="digest-summary", description="What the digest run sent")
    return outcome


@flow(name="digest", log_prints=False)
def digest_flow(
    db: str,
    date: dt.date | str | None = None,
    to: list[str] | None = None,
    smtp: SmtpSettings | None = None,
    since: dt.date | str | None = None,
    lookback_days: int = LOOKBACK_DAYS,
    out: str | None = None,
    retries: int = 2,
    retry_delay: float = 5.0,
) -> DigestOutcome:
    """Send the digest for `date` (default today) to `to` unless it was already sent; record the attempt."""
    path, day = Path(db), _as_date(date)
    settings = smtp or load_settings()
    recipients = list(to or settings.recipients)
    if not recipients:
        raise ValueError("no recipients: give --to or set OUTAGEWATCH_SMTP_TO")
    ensure_schema(path)
    with digest_lock(path):
        with session(path, read_only=True) as con:
            state = store.digest_state(con, day)
        if state and state["status"] == "sent":
            return _finish(
                DigestOutcome(
                    day,
                    "already_sent",
                    state["attempts"],
                    list(state["recipients"] or []),
                    state["subject"],
                    state["events"],
                    state["html_path"],
                    state["sent_at"],
                )
            )
        digest = build_task(db, day, _as_date(since) if since else None, lookback_days)
        html_path = html_path_for(path, day, out)
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(render_file(digest), encoding="utf-8")
        message = build_message(digest, settings.sender, recipients)
        with transaction(path) as con:
            attempts = store.record_attempt(
                con,
                day,
                subject=digest.subject,
                recipients=recipients,
                html_path=str(html_path),
                events=digest.event_count,
            )
        outcome = DigestOutcome(day, "sent", attempts, recipients, digest.subject, digest.event_count, str(html_path))
        try:
            send_task.with_options(retries=retries, retry_delay_seconds=retry_delay)(message, settings)
        except Exception as exc:
            outcome.status, outcome.error = "failed", str(exc) or type(exc).__name__
            with transaction(path) as con:
                store.mark_failed(con, day, outcome.error)
            _finish(outcome)
            raise DigestSendFailed(outcome) from exc
        outcome.sent_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with transaction(path) as con:
            store.mark_sent(con, day, outcome.sent_at)
        return _finish(outcome)
