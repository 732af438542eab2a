"""The digest as an email, and sending it over SMTP.

The message is multipart/related holding multipart/alternative (text, then
HTML) and the chart PNG with a Content-ID, which the HTML shows as `cid:`:
the layout mail clients expect for an inline image, with no remote image to
fetch. Settings come from command-line flags, else the environment
(OUTAGEWATCH_SMTP_HOST, _PORT, _USER, _PASSWORD, _STARTTLS, _FROM, _TO,
_CAFILE), else an optional YAML file (OUTAGEWATCH_SMTP_CONFIG or --smtp-config).
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage, MIMEPart
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, SecretStr

from reports.digest import Digest
from reports.render import render_mail

ENV_PREFIX = "OUTAGEWATCH_SMTP_"
TRUE = {"1", "true", "yes", "on"}


class SmtpSettings(BaseModel):
    """Where and how to send. The password is a SecretStr, so it never shows in logs or Prefect's records."""

    host: str | None = None
    port: int = 25
    user: str | None = None
    password: SecretStr | None = None
    starttls: bool = False
    sender: str = "outagewatch@localhost"
    recipients: list[str] = Field(default_factory=list)
    cafile: str | None = None  # a CA bundle to trust for STARTTLS (a private relay's own certificate)
    timeout: float = 30.0


def _split(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value or []]


def _from_mapping(values: Mapping[str, Any], keys: Mapping[str, str]) -> dict[str, Any]:
    """Settings from a mapping (environment or config file), only the keys present."""
    out: dict[str, Any] = {}
    for field, key in keys.items():
        value = values.get(key)
        if value is None or value == "":
            continue
        if field == "starttls":
            out[field] = value if isinstance(value, bool) else str(value).strip().lower() in TRUE
        elif field == "recipients":
            out[field] = _split(value)
        else:
            out[field] = value
    return out


FIELDS = ("host", "port", "user", "password", "starttls", "sender", "recipients", "cafile")
ENV_KEYS = {f: ENV_PREFIX + {"sender": "FROM", "recipients": "TO"}.get(f, f.upper()) for f in FIELDS}
FILE_KEYS = {f: {"sender": "from", "recipients": "to"}.get(f, f) for f in FIELDS}


def load_settings(
    flags: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None, config: Path | None = None
) -> SmtpSettings:
    """Flags win over the environment, which wins over the config file; STARTTLS defaults to port 587."""
    env = os.environ if env is None else env
    merged: dict[str, Any] = {}
    path = config or (Path(env[ENV_PREFIX + "CONFIG"]) if env.get(ENV_PREFIX + "CONFIG") else None)
    if path is not None:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping of SMTP settings")
        merged.update(_from_mapping(data.get("smtp", data), FILE_KEYS))
    merged.update(_from_mapping(env, ENV_KEYS))
    merged.update({k: v for k, v in (flags or {}).items() if v not in (None, [], "")})
    if merged.get("starttls") and "port" not in merged:
        merged["port"] = 587
    return SmtpSettings(**merged)


def build_message(digest: Digest, sender: str, recipients: list[str]) -> EmailMessage:
    """The digest's email: related(alternative(text, html), chart.png)."""
    html, text, cid = render_mail(digest)
    alternative = MIMEPart()
    alternative.set_content(text, subtype="plain", charset="utf-8")
    alternative.add_alternative(html, subtype="html", charset="utf-8")
    message = EmailMessage()
    message["Subject"] = digest.subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid("digest", domain="outagewatch")
    message["X-Outagewatch-Digest"] = digest.day.isoformat()
    message.set_type("multipart/related")
    message.set_param("type", "multipart/alternative")
    chart = MIMEPart()
    chart.set_content(
        digest.chart_png,
        maintype="image",
        subtype="png",
        disposition="inline",
        filename=f"trend-{digest.day.isoformat()}.png",
        cid=f"<{cid}>",
    )
    message.set_payload([alternative, chart])
    return message


class SendFailed(RuntimeError):
    """The relay refused or could not be reached; `transient` says whether trying again may help."""

    def __init__(self, message: str, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


def send(message: EmailMessage, settings: SmtpSettings) -> list[str]:
    """Hand the message to the relay (STARTTLS and login when configured); return the accepted recipients."""
    if not settings.host:
        raise SendFailed("no SMTP host: give --smtp-host or set OUTAGEWATCH_SMTP_HOST", transient=False)
    recipients = _split(message["To"])
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
            smtp.ehlo()
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context(cafile=settings.cafile))
                smtp.ehlo()
            if settings.user:
                smtp.login(settings.user, settings.password.get_secret_value() if settings.password else "")
            refused = smtp.send_message(message, from_addr=settings.sender, to_addrs=recipients)
    except smtplib.SMTPResponseException as exc:
        reason = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        raise SendFailed(f"SMTP {exc.smtp_code} {reason}", transient=400 <= exc.smtp_code < 500) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise SendFailed(f"every recipient was refused: {', '.join(exc.recipients)}", transient=False) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise SendFailed(f"cannot send through {settings.host}:{settings.port}: {exc}", transient=True) from exc
    return [r for r in recipients if r not in refused]
