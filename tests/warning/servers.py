"""Local servers the delivery tests talk to: an HTTP webhook receiver (http.server in a thread)
and an SMTP server (aiosmtpd), plain, with STARTTLS and login, or TLS from the start."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

USER, PASSWORD = "analyst", "s3cret-pass"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Webhook:
    """Answers each POST with the next status of ``script`` (then 200) and keeps what came."""

    script: list[int] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)
    url: str = ""


@contextmanager
def webhook_server(script: list[int] | None = None) -> Iterator[Webhook]:
    hook = Webhook(list(script or []))
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                status = hook.script.pop(0) if hook.script else 200
                hook.answered.append(status)
                if status < 300:
                    hook.received.append({"path": self.path, "json": json.loads(body),
                                          "type": self.headers["Content-Type"]})  # fmt: skip
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/techbloc?token=abc"
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def unreachable_url() -> str:
    """A URL on a local port nobody listens on (connection refused)."""
    return f"http://127.0.0.1:{free_port()}/hook"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key (PEM files)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "techbloc test SMTP")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        ), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )  # fmt: skip
    )
    return cert_path, key_path


@dataclass
class Mailbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    tls: list[bool] = field(default_factory=list)


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        raw = envelope.original_content or b""
        self.box.messages.append(message_from_bytes(raw, policy=policy.default))  # type: ignore[arg-type]
        self.box.envelopes.append((str(envelope.mail_from), list(envelope.rcpt_tos)))
        transport = server.transport
        implicit = transport is not None and transport.get_extra_info("ssl_object") is not None
        self.box.tls.append(session.ssl is not None or implicit)
        return "250 OK"


def _authenticator(box: Mailbox) -> Any:
    def check(server: SMTP, session: Session, envelope: Envelope, mechanism: str,
              data: Any) -> AuthResult:  # fmt: skip
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(), PASSWORD.encode())  # fmt: skip
        if ok:
            box.logins.append(USER)
        return AuthResult(success=ok, handled=False)  # not handled: the server answers 535

    return check


@contextmanager
def smtp_server(mode: str = "plain", certs: tuple[Path, Path] | None = None) -> Iterator[Mailbox]:
    """``plain`` (no TLS, no login), ``starttls`` (STARTTLS required, login required) or ``ssl``
    (TLS from the start, login required)."""
    box = Mailbox(free_port())
    kwargs: dict[str, Any] = {}
    if mode != "plain":
        assert certs is not None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(certs[0]), str(certs[1]))
        auth = {"authenticator": _authenticator(box), "auth_required": True}
        if mode == "starttls":
            kwargs = {"tls_context": context, "require_starttls": True, **auth}
        else:
            # TLS from the start: aiosmtpd only counts STARTTLS as TLS for AUTH, hence False
            # (and its warning, which the ssl tests filter out)
            kwargs = {"ssl_context": context, "auth_require_tls": False, **auth}
    controller = Controller(_Handler(box), hostname="127.0.0.1", port=box.port,
                            server_hostname="mail.test", **kwargs)  # fmt: skip
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
