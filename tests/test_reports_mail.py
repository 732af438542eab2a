"""The digest email: built as related(alternative(text, html), png), sent to a real SMTP server on 127.0.0.1.

The server is aiosmtpd; messages are parsed back with the standard library
and their parts, chart and content checked. STARTTLS and login run against
a certificate made for the test.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from reports.chart import PNG_SIGNATURE
from reports.digest import build_digest
from reports.mail import SendFailed, SmtpSettings, build_message, load_settings, send
from tests.test_reports_digest import HOSTILE_TITLE, hostile_store

PASSWORD = "digest-test-login"  # noqa: S105 - a login made up for the test server

# -- a real SMTP server on loopback, shared with tests/test_flows_digest.py ------------------------------


class Inbox:
    """An aiosmtpd handler that keeps what it accepts, or answers 451 while told to fail."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.fail_next = 0  # this many DATA commands answered "451 try later"
        self.failing = False  # every DATA answered "451 try later"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.failing or self.fail_next > 0:
            self.fail_next -= 1
            return "451 4.3.0 try later"
        self.envelopes.append(envelope)
        return "250 2.0.0 OK"

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(e.original_content or e.content, policy=email.policy.default)  # type: ignore[misc]
            for e in self.envelopes
        ]


class LoopbackController(Controller):
    """aiosmtpd's Controller on a free port of 127.0.0.1 (port 0: the one the OS picked is read back)."""

    def __init__(self, handler: Any, port: int = 0, **kwargs: Any) -> None:
        super().__init__(handler, hostname="127.0.0.1", port=port, **kwargs)

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, LoopbackController]]:
    handler = Inbox()
    controller = LoopbackController(handler)
    controller.start()
    yield handler, controller
    controller.stop(no_assert=True)


def plain_settings(controller: LoopbackController, **extra: Any) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=controller.port, sender="digest@outagewatch.test", **extra)


# -- what a received digest must look like ---------------------------------------------------------------


class Tags(HTMLParser):
    """Every start tag with its attributes, to check what a mail client would load or run."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def html_tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def check_digest_message(message: EmailMessage) -> tuple[str, str, bytes]:
    """The structure every digest mail has; returns (html, text, png)."""
    assert message.get_content_type() == "multipart/related"
    related = list(message.iter_parts())
    assert [p.get_content_type() for p in related] == ["multipart/alternative", "image/png"]
    alternative, image = related
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    png = image.get_content()
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 5000
    cid = image["Content-ID"].strip("<>")
    tags = html_tags(html)
    images = [attrs.get("src") or "" for tag, attrs in tags if tag == "img"]
    assert images == [f"cid:{cid}"], images  # the chart, inline; nothing remote
    assert not any(tag in ("script", "iframe", "object", "embed", "link") for tag, _ in tags)
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
    assert "<style" not in html
    assert 'style="' in html
    for tag, attrs in tags:
        if tag == "a":
            assert (attrs.get("href") or "").startswith(("http://", "https://")), attrs
    return html, text, png


def test_message_has_text_html_and_inline_chart(corpus_store: tuple[Path, Any], inbox: Any) -> None:
    handler, controller = inbox
    digest = build_digest(corpus_store[0], dt.date(2026, 3, 11))
    accepted = send(build_message(digest, "digest@outagewatch.test", ["risk@example.org"]), plain_settings(controller))
    assert accepted == ["risk@example.org"]
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["risk@example.org"]
    assert envelope.mail_from == "digest@outagewatch.test"
    [message] = handler.messages()
    html, text, png = check_digest_message(message)
    assert message["Subject"] == digest.subject
    assert "2026-03-11" in message["Subject"]
    assert message["X-Outagewatch-Digest"] == "2026-03-11"
    assert png == digest.chart_png
    for event in digest.new_events:  # both parts say the same
        assert event.company in html
        assert event.company in text
        assert f"{event.independent_sources} independent source" in html
        assert f"{event.independent_sources} independent source" in text
    assert "Amazon" in text
    assert "New events" in html
    assert "NEW EVENTS" in text


def test_hostile_page_values_arrive_as_text(tmp_path: Path, inbox: Any) -> None:
    handler, controller = inbox
    db = hostile_store(tmp_path / "hostile.duckdb")
    digest = build_digest(db, dt.date(2026, 3, 10))
    send(build_message(digest, "digest@outagewatch.test", ["risk@example.org"]), plain_settings(controller))
    [message] = handler.messages()
    html, text, _ = check_digest_message(message)
    assert "<script" not in html.lower()
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "javascript:" not in html  # a javascript: URL is neither linked nor shown
    assert HOSTILE_TITLE in text  # plain text is never interpreted: the words arrive as written


def test_transient_refusal_is_reported_as_transient(inbox: Any) -> None:
    handler, controller = inbox
    handler.failing = True
    message = EmailMessage()
    message["To"] = "risk@example.org"
    message.set_content("x")
    with pytest.raises(SendFailed, match="451") as failure:
        send(message, plain_settings(controller))
    assert failure.value.transient
    assert handler.envelopes == []


# -- STARTTLS and login ----------------------------------------------------------------------------------


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 made now (never shipped), and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "smtp.crt", folder / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


class Authenticator:
    def __init__(self, user: str, password: str) -> None:
        self.user, self.password, self.logins = user.encode(), password.encode(), 0

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            self.user,
            self.password,
        )
        self.logins += ok
        return AuthResult(success=ok, handled=False)


@pytest.fixture
def tls_inbox(tmp_path: Path) -> Iterator[tuple[Inbox, LoopbackController, Authenticator, Path]]:
    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler, auth = Inbox(), Authenticator("digest", PASSWORD)
    controller = LoopbackController(
        handler, tls_context=context, require_starttls=True, authenticator=auth, auth_require_tls=True
    )
    controller.start()
    yield handler, controller, auth, cert
    controller.stop(no_assert=True)


def test_starttls_and_login(corpus_store: tuple[Path, Any], tls_inbox: Any) -> None:
    handler, controller, auth, cert = tls_inbox
    digest = build_digest(corpus_store[0], dt.date(2026, 3, 11))
    settings = plain_settings(controller, starttls=True, user="digest", password=PASSWORD, cafile=str(cert))
    send(build_message(digest, settings.sender, ["risk@example.org"]), settings)
    [message] = handler.messages()
    check_digest_message(message)
    assert auth.logins == 1


def test_wrong_password_fails_for_good(corpus_store: tuple[Path, Any], tls_inbox: Any) -> None:
    handler, controller, _, cert = tls_inbox
    digest = build_digest(corpus_store[0], dt.date(2026, 3, 11))
    settings = plain_settings(controller, starttls=True, user="digest", password=PASSWORD + "-wrong", cafile=str(cert))
    with pytest.raises(SendFailed, match="535") as failure:
        send(build_message(digest, settings.sender, ["risk@example.org"]), settings)
    assert not failure.value.transient
    assert handler.envelopes == []


def test_untrusted_certificate_is_refused(corpus_store: tuple[Path, Any], tls_inbox: Any) -> None:
    handler, controller, _, _ = tls_inbox
    digest = build_digest(corpus_store[0], dt.date(2026, 3, 11))
    settings = plain_settings(controller, starttls=True, user="digest", password=PASSWORD)  # no cafile
    with pytest.raises(SendFailed, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        send(build_message(digest, settings.sender, ["risk@example.org"]), settings)
    assert handler.envelopes == []


# -- settings --------------------------------------------------------------------------------------------


def test_settings_flags_over_environment_over_file(tmp_path: Path) -> None:
    config = tmp_path / "smtp.yaml"
    config.write_text("smtp:\n  host: file.example\n  port: 2525\n  user: fileuser\n  to: [a@x.org]\n  from: f@x.org\n")
    env = {
        "OUTAGEWATCH_SMTP_HOST": "env.example",
        "OUTAGEWATCH_SMTP_PASSWORD": "pw",
        "OUTAGEWATCH_SMTP_TO": "b@x, c@x",
    }
    settings = load_settings({"host": "flag.example", "port": None}, env=env, config=config)
    assert (settings.host, settings.port, settings.user, settings.sender) == (
        "flag.example",
        2525,
        "fileuser",
        "f@x.org",
    )
    assert settings.recipients == ["b@x", "c@x"]
    assert settings.password is not None
    assert settings.password.get_secret_value() == "pw"
    assert "pw" not in repr(settings)
    assert "pw" not in settings.model_dump_json()
    tls = load_settings({}, env={"OUTAGEWATCH_SMTP_HOST": "h", "OUTAGEWATCH_SMTP_STARTTLS": "yes"})
    assert tls.starttls
    assert tls.port == 587
    assert load_settings({}, env={}).host is None
