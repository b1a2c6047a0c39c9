"""Watch settings from options, config file and environment; intervals; the schedule loop."""

from __future__ import annotations

import datetime as dt
import signal
import threading
from pathlib import Path

import pytest

from techbloc.errors import InvalidArgument
from techbloc.warning.schedule import GracefulStop, run_every
from techbloc.warning.smtp_mail import EmailChannel
from techbloc.warning.watch_settings import DeliveryOptions, parse_interval, watch_config
from techbloc.warning.webhook import WebhookChannel

ENV = {
    "TECHBLOC_SMTP_HOST": "smtp.example.org", "TECHBLOC_SMTP_FROM": "tb@example.org",
    "TECHBLOC_SMTP_TO": "a@example.org, b@example.org", "TECHBLOC_SMTP_USER": "me",
    "TECHBLOC_SMTP_PASSWORD": "pw", "TECHBLOC_WEBHOOK_URL": "https://hooks.example.org/x/y",
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("6h", 21600), ("30m", 1800), ("1d", 86400), ("90s", 90), ("1h30m", 5400), ("0.5h", 1800)],
)
def test_intervals(text: str, seconds: float) -> None:
    assert parse_interval(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["", "6", "six hours", "6h and more", "0s", "-1h"])
def test_bad_intervals(text: str) -> None:
    with pytest.raises(InvalidArgument):
        parse_interval(text)


def test_settings_from_the_environment() -> None:
    config = watch_config(DeliveryOptions(), env=ENV)
    hook, mail = config.channels
    assert isinstance(hook, WebhookChannel) and isinstance(mail, EmailChannel)
    assert hook.target.startswith("https://hooks.example.org #") and "/x/y" not in hook.target
    s = mail.settings
    assert (s.host, s.port, s.security, s.recipients) == (
        "smtp.example.org", 587, "starttls", ("a@example.org", "b@example.org"))  # fmt: skip
    assert (s.username, s.password) == ("me", "pw")


def test_options_win_over_file_and_file_over_environment(tmp_path: Path) -> None:
    watchlist = tmp_path / "lists" / "w.yaml"
    config = tmp_path / "watch.yaml"
    config.write_text(
        "email: {host: file.example.org, port: 2525, security: ssl, from: f@example.org, "
        "to: [t@example.org], username_env: MY_USER, password_env: MY_PW}\n"
        "watchlist: lists/w.yaml\nevery: 30m\nquiet_days: 10\n",
        encoding="utf-8",
    )
    env = {**ENV, "MY_USER": "file-user", "MY_PW": "file-pw"}
    got = watch_config(DeliveryOptions(smtp_port=465), config, env)
    mail = next(c for c in got.channels if isinstance(c, EmailChannel)).settings
    assert (mail.host, mail.port, mail.security, mail.sender) == (
        "file.example.org", 465, "ssl", "f@example.org")  # fmt: skip
    assert (mail.username, mail.password) == ("file-user", "file-pw")
    assert got.watchlist == watchlist and got.every == dt.timedelta(minutes=30)
    assert got.quiet_days == 10


@pytest.mark.parametrize(
    ("file", "options", "env", "message"),
    [
        ("email: {host: h, password: x}", {}, {}, "login is read from environment variables"),
        ("webhook: {url: u, secret: x}", {}, {}, "webhook: secret: unknown field"),
        ("colour: red", {}, {}, "colour: unknown field"),
        (None, {"smtp_host": "h"}, {}, "needs a sender and at least one recipient"),
        (None, {"smtp_from": "a@b.c"}, {}, "--smtp-from given without --smtp-host"),
        (None, {"smtp_host": "h", "smtp_from": "nobody", "smtp_to": ["x@y.z"]}, {},
         "not an e-mail address: nobody"),
        (None, {"smtp_host": "h", "smtp_from": "a@b.c", "smtp_to": ["x@y.z"],
                "smtp_security": "tls13"}, {}, "unknown SMTP security 'tls13'"),
        (None, {"smtp_host": "h", "smtp_from": "a@b.c", "smtp_to": ["x@y.z"],
                "smtp_security": "plain"}, {"TECHBLOC_SMTP_USER": "u"},
         "refusing to send an SMTP login without encryption"),
        (None, {"smtp_host": "h", "smtp_from": "a@b.c", "smtp_to": ["x@y.z"]},
         {"TECHBLOC_SMTP_PASSWORD": "p"}, "$TECHBLOC_SMTP_PASSWORD is set but"),
        (None, {"webhook": "ftp://example.org/x"}, {}, "is not an http(s) URL"),
    ],
)  # fmt: skip
def test_setting_errors_are_clear(
    tmp_path: Path, file: str | None, options: dict[str, object], env: dict[str, str],
    message: str,
) -> None:  # fmt: skip
    config = None
    if file is not None:
        config = tmp_path / "watch.yaml"
        config.write_text(file, encoding="utf-8")
    with pytest.raises(InvalidArgument) as info:
        watch_config(DeliveryOptions(**options), config, env)  # type: ignore[arg-type]
    assert message in info.value.message


def test_run_every_stops_when_asked() -> None:
    stop = threading.Event()
    runs: list[int] = []
    waits: list[dt.datetime] = []

    def once() -> None:
        runs.append(1)
        if len(runs) == 3:
            stop.set()

    assert run_every(once, dt.timedelta(seconds=0), stop, on_wait=waits.append) == 3
    assert len(waits) == 2  # no wait announced after the last run


def test_first_signal_asks_to_stop_the_second_interrupts() -> None:
    asked: list[bool] = []
    before = signal.getsignal(signal.SIGINT)  # Python's, or Spark's if a session ran here
    with GracefulStop(lambda: asked.append(True)) as stop:
        signal.raise_signal(signal.SIGINT)
        assert stop.requested.is_set() and asked == [True]
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is before  # restored


def test_a_stop_while_waiting_ends_the_wait_at_once() -> None:
    stop = threading.Event()
    timer = threading.Timer(0.05, stop.set)
    timer.start()
    runs = run_every(lambda: None, dt.timedelta(hours=6), stop)
    timer.join()
    assert runs == 1


def test_the_example_config_loads() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "watch.yaml"
    config = watch_config(DeliveryOptions(), example, env={})
    assert [c.channel for c in config.channels] == ["webhook", "email"]
    assert config.watchlist == example.parent / "watchlist.yaml" and config.watchlist.is_file()
    assert config.every == dt.timedelta(hours=6) and config.quiet_days == 30
