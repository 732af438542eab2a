"""The digest flow under real Prefect runs, sending to a real SMTP server on 127.0.0.1.

Once per date: a second run for a sent date sends nothing; a failed send is
recorded (status failed, attempts 1) and the next run sends it (attempts 2).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from flows.digest import DigestSendFailed, digest_flow
from reports.cli_digest import register
from tests.test_reports_mail import Inbox, LoopbackController, check_digest_message, inbox, plain_settings

__all__ = ["inbox"]  # the fixture, imported for use here

DAY = dt.date(2026, 3, 11)
TO = ["risk@example.org", "sre@example.org"]


def _row(db: Path, day: dt.date) -> dict[str, Any] | None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute("SELECT * FROM digests WHERE digest_date = ?", [day])
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        return dict(zip(names, row, strict=True)) if row else None
    finally:
        con.close()


def test_sent_once_per_date(prefect_harness: None, corpus_copy: Path, inbox: Any) -> None:
    handler, controller = inbox
    first = digest_flow(str(corpus_copy), DAY, TO, plain_settings(controller), retries=0)
    second = digest_flow(str(corpus_copy), DAY.isoformat(), TO, plain_settings(controller), retries=0)
    assert (first.status, second.status) == ("sent", "already_sent")
    [message] = handler.messages()
    assert handler.envelopes[0].rcpt_tos == TO
    html, text, _ = check_digest_message(message)
    assert "Amazon" in html
    assert "Amazon" in text
    assert DAY.isoformat() in message["Subject"]
    row = _row(corpus_copy, DAY)
    assert row is not None
    assert (row["status"], row["attempts"], row["recipients"]) == ("sent", 1, TO)
    assert row["sent_at"] is not None
    assert row["subject"] == message["Subject"]
    assert row["events"] == first.events
    assert Path(row["html_path"]).exists()
    assert "Amazon" in Path(row["html_path"]).read_text(encoding="utf-8")


def test_failed_send_is_retried_on_the_next_run(prefect_harness: None, corpus_copy: Path, inbox: Any) -> None:
    handler, controller = inbox
    handler.failing = True
    with pytest.raises(DigestSendFailed, match="451") as failure:
        digest_flow(str(corpus_copy), DAY, TO, plain_settings(controller), retries=0)
    assert failure.value.outcome.status == "failed"
    assert handler.envelopes == []
    row = _row(corpus_copy, DAY)
    assert row is not None
    assert (row["status"], row["attempts"]) == ("failed", 1)
    assert "451" in row["error"]
    handler.failing = False
    outcome = digest_flow(str(corpus_copy), DAY, TO, plain_settings(controller), retries=0)
    assert outcome.status == "sent"
    assert outcome.attempts == 2
    assert len(handler.envelopes) == 1
    row = _row(corpus_copy, DAY)
    assert row is not None
    assert (row["status"], row["attempts"], row["error"]) == ("sent", 2, None)


def test_stopped_server_then_restarted(prefect_harness: None, corpus_copy: Path) -> None:
    handler = Inbox()
    first = LoopbackController(handler)
    first.start()
    settings = plain_settings(first)  # the port stays; the server behind it goes away
    first.stop()
    with pytest.raises(DigestSendFailed, match="cannot send"):
        digest_flow(str(corpus_copy), DAY, TO, settings, retries=0)
    row = _row(corpus_copy, DAY)
    assert row is not None
    assert (row["status"], row["attempts"]) == ("failed", 1)
    restarted = LoopbackController(handler, port=settings.port)
    restarted.start()
    try:
        outcome = digest_flow(str(corpus_copy), DAY, TO, settings, retries=0)
    finally:
        restarted.stop()
    assert outcome.status == "sent"
    assert len(handler.envelopes) == 1
    row = _row(corpus_copy, DAY)
    assert row is not None
    assert (row["status"], row["attempts"]) == ("sent", 2)


def test_transient_failure_retried_within_the_run(prefect_harness: None, corpus_copy: Path, inbox: Any) -> None:
    handler, controller = inbox
    handler.fail_next = 1  # the first DATA gets "451 try later", the task's retry goes through
    outcome = digest_flow(str(corpus_copy), DAY, TO, plain_settings(controller), retries=1, retry_delay=0)
    assert outcome.status == "sent"
    assert outcome.attempts == 1
    assert len(handler.envelopes) == 1


def test_next_window_starts_at_the_sent_digest(prefect_harness: None, corpus_copy: Path, inbox: Any) -> None:
    handler, controller = inbox
    digest_flow(str(corpus_copy), dt.date(2025, 7, 25), TO, plain_settings(controller), retries=0)
    digest_flow(str(corpus_copy), dt.date(2025, 7, 31), TO, plain_settings(controller), retries=0)
    first, second = handler.messages()
    first_text = first.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    second_text = second.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    assert "Events first reported 2025-07-19 to 2025-07-25" in first_text
    assert "Replit" in first_text
    assert "Events first reported 2025-07-26 to 2025-07-31: since the digest of 2025-07-25" in second_text
    assert "EVENTS WITH NEW CLAIMS\n======================\n* " in second_text  # Replit and AWS gained statements


def test_artifact_and_no_password_in_prefect(prefect_harness: None, corpus_copy: Path, inbox: Any) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    _, controller = inbox
    settings = plain_settings(controller, password="hunter2-secret")  # noqa: S106 - a test value
    digest_flow(str(corpus_copy), DAY, TO, settings, retries=0)
    with get_client(sync_client=True) as client:
        [artifact] = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["digest-summary"])),
            sort=ArtifactSort.CREATED_DESC,
            limit=1,
        )
        run = client.read_flow_run(artifact.flow_run_id)  # type: ignore[arg-type]
    assert "| status | sent |" in str(artifact.data)
    assert DAY.isoformat() in str(artifact.data)
    assert "hunter2-secret" not in repr(run.parameters)


def test_digest_command(prefect_harness: None, corpus_copy: Path, inbox: Any, tmp_path: Path) -> None:
    handler, controller = inbox
    app = typer.Typer(add_completion=False)
    register(app)
    runner = CliRunner()
    out = tmp_path / "digest.html"
    render = runner.invoke(app, ["digest", "--db", str(corpus_copy), "--date", "2026-03-11", "--out", str(out)])
    assert render.exit_code == 0, render.output
    assert "not sent" in render.output
    assert out.exists()
    assert handler.envelopes == []
    args = ["digest", "--db", str(corpus_copy), "--date", "2026-03-11", "--to", TO[0]]
    smtp = ["--smtp-host", "127.0.0.1", "--smtp-port", str(controller.port)]
    sent = runner.invoke(app, [*args, *smtp])
    assert sent.exit_code == 0, sent.output
    assert "sent to risk@example.org" in sent.output
    assert len(handler.envelopes) == 1
    again = runner.invoke(app, [*args, *smtp])
    assert again.exit_code == 0
    assert "already sent" in again.output
    assert len(handler.envelopes) == 1
    later = ["digest", "--db", str(corpus_copy), "--date", "2026-03-12", "--to", TO[0]]
    no_host = runner.invoke(app, later, env={"OUTAGEWATCH_SMTP_HOST": ""})
    assert no_host.exit_code == 2
    assert "no SMTP host" in no_host.output
    bad_date = runner.invoke(app, ["digest", "--db", str(corpus_copy), "--date", "11/03/2026"])
    assert bad_date.exit_code == 2
    assert "YYYY-MM-DD" in bad_date.output
