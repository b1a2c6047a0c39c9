"""Webhook and e-mail delivery against local servers: success, retries with backoff, failures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from techbloc.warning.delivery import RetryPolicy
from techbloc.warning.notice import Notice
from techbloc.warning.smtp_mail import EmailChannel, SmtpSettings
from techbloc.warning.webhook import WebhookChannel
from tests.warning.servers import (
    PASSWORD,
    USER,
    self_signed,
    smtp_server,
    unreachable_url,
    webhook_server,
)


def sample_alert() -> dict[str, Any]:
    return {
        "alert_id": "0123456789abcdef", "level": "red", "state": "new",
        "detector": "rule:entity-listing-surge", "scope_type": "domain",
        "scope_key": "semiconductors", "period_start": "2025-01-01", "period_end": "2025-01-31",
        "statistic": "listings_30d", "value": 12.0, "threshold": 5.0,
        "title_en": "Entity listings in semiconductors surge",
        "title_zh": "半导体领域实体清单激增", "first_seen": "2025-01-31",
        "last_seen": "2025-01-31", "occurrences": 1,
        "evidence": [
            {"kind": "measure", "id": "us-2022-10-07", "date": "2022-10-07",
             "label": "Advanced computing rule <AC/S>", "url": "https://example.org/rule?a=1&b=2"},
            {"kind": "listing", "id": "us-bis-entity-list:x", "date": None, "label": None,
             "url": None},
        ],
        "history": [], "notifications": [],
    }  # fmt: skip


NOTICE = Notice(sample_alert(), "raised", "domain semiconductors")


def policy(waits: list[float], attempts: int = 3) -> RetryPolicy:
    return RetryPolicy(attempts, 1.0, sleep=waits.append)  # no real waiting in the tests


def test_webhook_posts_the_alert_as_json() -> None:
    with webhook_server() as hook:
        channel = WebhookChannel(hook.url, timeout=5, retry=policy([]))
        delivery = channel.send(NOTICE)
    assert delivery.ok and len(delivery.attempts) == 1 and delivery.attempts[0].status_code == 200
    [got] = hook.received
    assert got["path"] == "/hooks/techbloc?token=abc"
    assert got["type"] == "application/json; charset=utf-8"
    body = got["json"]
    assert (body["event"], body["level"], body["level_zh"]) == ("techbloc.alert.raised", "red",
                                                                 "红")  # fmt: skip
    assert body["alert"]["alert_id"] == "0123456789abcdef"
    assert body["alert"]["evidence"][0]["url"] == "https://example.org/rule?a=1&b=2"
    assert "RED / 红色预警" in body["subject"] and body["matched_by"] == "domain semiconductors"
    assert "token" not in channel.target and "/hooks" not in channel.target  # no secrets kept


@pytest.mark.parametrize(
    ("script", "ok", "answered", "waits", "error"),
    [
        ([500], True, [500, 200], [1.0], None),                      # fails, then succeeds
        ([503, 429], True, [503, 429, 200], [1.0, 2.0], None),       # backoff doubles
        ([500, 500, 500], False, [500, 500, 500], [1.0, 2.0], "HTTP 500"),
        ([400], False, [400], [], "HTTP 400"),                        # not retried: our request
        ([404, 200], False, [404], [], "HTTP 404"),
    ],
)  # fmt: skip
def test_webhook_retries_with_backoff(
    script: list[int], ok: bool, answered: list[int], waits: list[float], error: str | None
) -> None:
    slept: list[float] = []
    with webhook_server(script) as hook:
        delivery = WebhookChannel(hook.url, timeout=5, retry=policy(slept)).send(NOTICE)
    assert delivery.ok is ok
    assert hook.answered == answered and slept == waits
    assert (delivery.error or "").startswith(error or "")
    assert len(hook.received) == (1 if ok else 0)


def test_an_unreachable_webhook_is_retried_and_reported() -> None:
    slept: list[float] = []
    delivery = WebhookChannel(unreachable_url(), timeout=2, retry=policy(slept)).send(NOTICE)
    assert not delivery.ok and len(delivery.attempts) == 3 and slept == [1.0, 2.0]
    assert delivery.error and delivery.error.startswith("cannot reach http://127.0.0.1:")


def test_notice_bodies_are_bilingual_with_links() -> None:
    text, html = NOTICE.text(), NOTICE.html()
    assert NOTICE.subject() == (
        "[techbloc] RED / 红色预警 — new alert / 新预警: Entity listings in semiconductors surge "
        "/ 半导体领域实体清单激增"
    )
    assert "Statistic / 统计量: listings_30d = 12 (threshold / 阈值 5)" in text
    assert "  https://example.org/rule?a=1&b=2" in text and "[listing] us-bis-entity-list:x" in text
    assert "<a href='https://example.org/rule?a=1&amp;b=2'>" in html
    assert "Advanced computing rule &lt;AC/S&gt;" in html and "#cf222e" in html


def _settings(port: int, security: str, **extra: Any) -> SmtpSettings:
    return SmtpSettings("127.0.0.1", port, "techbloc@example.org", ("analyst@example.org",
                        "desk@example.org"), security, timeout=5, **extra)  # fmt: skip


def test_email_plain_text_and_html() -> None:
    with smtp_server("plain") as box:
        delivery = EmailChannel(_settings(box.port, "plain"), policy([])).send(NOTICE)
    assert delivery.ok
    [msg] = box.messages
    assert msg["Subject"] == NOTICE.subject()
    assert box.envelopes == [("techbloc@example.org", ["analyst@example.org",
                                                       "desk@example.org"])]  # fmt: skip
    assert msg["X-Techbloc-Alert"] == "0123456789abcdef red"
    plain = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert plain is not None and "Level / 级别: red / 红" in plain.get_content()
    assert html is not None and "https://example.org/rule?a=1&amp;b=2" in html.get_content()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_email_over_tls_with_login(tmp_path: Path, mode: str) -> None:
    certs = self_signed(tmp_path)
    with smtp_server(mode, certs) as box:
        settings = _settings(box.port, mode, username=USER, password=PASSWORD,
                             ca_file=str(certs[0]))  # fmt: skip
        delivery = EmailChannel(settings, policy([])).send(NOTICE)
    assert delivery.ok, delivery.error
    assert box.logins == [USER] and box.tls == [True] and len(box.messages) == 1


@pytest.mark.parametrize(
    ("mode", "extra", "error"),
    [
        ("starttls", {"username": USER, "password": "wrong"}, "SMTP 535"),   # bad login
        ("starttls", {"username": USER, "password": PASSWORD, "trust": False},
         "TLS with 127.0.0.1"),                                              # unknown certificate
        ("plain", {"security": "starttls"}, "STARTTLS extension not supported"),
    ],
)  # fmt: skip
def test_email_failures_that_retrying_cannot_fix_are_not_retried(
    tmp_path: Path, mode: str, extra: dict[str, Any], error: str
) -> None:
    certs = self_signed(tmp_path)
    security = extra.pop("security", mode)
    trust = extra.pop("trust", True)
    slept: list[float] = []
    with smtp_server(mode, certs if mode != "plain" else None) as box:
        settings = _settings(box.port, security, ca_file=str(certs[0]) if trust else None,
                             **extra)  # fmt: skip
        delivery = EmailChannel(settings, policy(slept)).send(NOTICE)
    assert not delivery.ok and len(delivery.attempts) == 1 and slept == []
    assert error in (delivery.error or ""), delivery.error
    assert box.messages == []


def test_an_unreachable_smtp_server_is_retried() -> None:
    slept: list[float] = []
    port = int(unreachable_url().rsplit(":", 1)[1].split("/")[0])
    delivery = EmailChannel(_settings(port, "plain"), policy(slept, 2)).send(NOTICE)
    assert not delivery.ok and len(delivery.attempts) == 2 and slept == [1.0]
    assert "cannot reach 127.0.0.1" in (delivery.error or "")


def test_smtp_settings_never_show_the_password() -> None:
    settings = _settings(25, "starttls", username=USER, password=PASSWORD)
    assert PASSWORD not in repr(settings) and "login=yes" in repr(settings)
