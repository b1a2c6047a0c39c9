"""E-mail delivery over SMTP (smtplib): one message per notice, plain text with an HTML part.

Security: ``starttls`` (default, port 587: plain connection upgraded with STARTTLS, refused if the
server does not offer it), ``ssl`` (port 465: TLS from the start) or ``plain`` (port 25: no
encryption, for a relay on the same host or network). The login, when there is one, comes from
environment variables (``TECHBLOC_SMTP_USER`` / ``TECHBLOC_SMTP_PASSWORD`` unless the settings name
others), never from the command line. Certificates are checked against the system's CAs, or a CA
file of your own (``ca_file``).

Connection errors, time-outs and 4xx replies are retried with backoff; 5xx replies (a refused
recipient, a failed login) are not.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from techbloc.warning.delivery import (
    DEFAULT_TIMEOUT_SECONDS,
    Attempt,
    Delivery,
    RetryPolicy,
)
from techbloc.warning.notice import Notice

SECURITY_MODES = ("starttls", "ssl", "plain")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "plain": 25}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    security: str = "starttls"
    username: str | None = None
    password: str | None = None
    ca_file: str | None = None
    timeout: float = DEFAULT_TIMEOUT_SECONDS

    def __repr__(self) -> str:  # never print the password
        return (
            f"SmtpSettings(host={self.host!r}, port={self.port}, security={self.security!r}, "
            f"sender={self.sender!r}, recipients={self.recipients!r}, "
            f"login={'yes' if self.username else 'no'})"
        )


class EmailChannel:
    channel = "email"

    def __init__(self, settings: SmtpSettings, retry: RetryPolicy | None = None) -> None:
        self.settings = settings
        self.target = f"smtp://{settings.host}:{settings.port} → {', '.join(settings.recipients)}"
        self.retry = retry or RetryPolicy()

    def message(self, notice: Notice) -> EmailMessage:
        s = self.settings
        msg = EmailMessage()
        msg["Subject"] = notice.subject()
        msg["From"] = s.sender
        msg["To"] = ", ".join(s.recipients)
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = make_msgid(domain=s.sender.rpartition("@")[2] or None)
        msg["X-Techbloc-Alert"] = f"{notice.alert['alert_id']} {notice.level.label}"
        msg.set_content(notice.text())
        msg.add_alternative(notice.html(), subtype="html")
        return msg

    def send(self, notice: Notice) -> Delivery:
        msg = self.message(notice)
        return self.retry.run(lambda: self._send_once(msg))

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.ca_file)

    def _send_once(self, msg: EmailMessage) -> Attempt:
        s = self.settings
        try:
            if s.security == "ssl":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=self._context()
                )
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            with client:
                client.ehlo()
                if s.security == "starttls":
                    client.starttls(context=self._context())
                    client.ehlo()
                if s.username:
                    client.login(s.username, s.password or "")
                refused = client.send_message(msg)
            if refused:
                return Attempt(False, None, f"recipients refused: {sorted(refused)}", False)
            return Attempt(True, 250)
        except smtplib.SMTPNotSupportedError as exc:
            return Attempt(False, None, f"{self.target}: {exc}", False)
        except smtplib.SMTPResponseException as exc:
            text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) \
                else str(exc.smtp_error)  # fmt: skip
            transient = 400 <= exc.smtp_code < 500
            return Attempt(False, exc.smtp_code, f"SMTP {exc.smtp_code} {text}", transient)
        except smtplib.SMTPRecipientsRefused as exc:
            return Attempt(False, None, f"recipients refused: {sorted(exc.recipients)}", False)
        except ssl.SSLError as exc:
            return Attempt(False, None, f"TLS with {s.host}:{s.port} failed: {exc}", False)
        except (smtplib.SMTPException, OSError) as exc:
            return Attempt(False, None, f"cannot reach {s.host}:{s.port}: {exc}")
