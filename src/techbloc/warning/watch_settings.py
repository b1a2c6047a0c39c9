"""Settings of `techbloc watch`: command-line options, else a config file, else the environment.

Config file (YAML, ``--config FILE``; example: examples/watch.yaml)::

    webhook: {url: https://example.org/hooks/techbloc, timeout: 10, retries: 3}
    email:
      host: smtp.example.org
      port: 587
      security: starttls            # starttls | ssl | plain
      from: techbloc@example.org
      to: [analyst@example.org]
      username_env: TECHBLOC_SMTP_USER       # the variables holding the login (these are the
      password_env: TECHBLOC_SMTP_PASSWORD   # defaults); a password in the file is refused
      ca_file: /etc/ssl/private-ca.pem
    watchlist: watchlist.yaml       # relative to the config file
    every: 6h
    quiet_days: 30

Environment: TECHBLOC_WEBHOOK_URL, TECHBLOC_SMTP_HOST, TECHBLOC_SMTP_PORT, TECHBLOC_SMTP_SECURITY,
TECHBLOC_SMTP_FROM, TECHBLOC_SMTP_TO (comma-separated), TECHBLOC_SMTP_USER,
TECHBLOC_SMTP_PASSWORD, TECHBLOC_SMTP_CA_FILE.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from techbloc.errors import InvalidArgument
from techbloc.kb.yaml_io import read_yaml
from techbloc.warning.delivery import (
    DEFAULT_BACKOFF_SECONDS,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT_SECONDS,
    Channel,
    RetryPolicy,
)
from techbloc.warning.smtp_mail import DEFAULT_PORTS, SECURITY_MODES, EmailChannel, SmtpSettings
from techbloc.warning.webhook import WebhookChannel, webhook_target

USER_ENV, PASSWORD_ENV = "TECHBLOC_SMTP_USER", "TECHBLOC_SMTP_PASSWORD"
CONFIG_KEYS = ("webhook", "email", "watchlist", "every", "quiet_days", "retries", "timeout")
WEBHOOK_KEYS = ("url", "timeout", "retries")
EMAIL_KEYS = ("host", "port", "security", "from", "to", "username_env", "password_env",
              "ca_file", "timeout", "retries")  # fmt: skip


@dataclass
class DeliveryOptions:
    """What the command line gave (None: not given)."""

    webhook: str | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_security: str | None = None
    smtp_from: str | None = None
    smtp_to: list[str] = field(default_factory=list)
    smtp_ca_file: str | None = None
    timeout: float | None = None
    retries: int | None = None
    backoff_seconds: float = DEFAULT_BACKOFF_SECONDS


@dataclass
class WatchConfig:
    """The settings a watch runs with, wherever each came from."""

    channels: list[Channel] = field(default_factory=list)
    watchlist: Path | None = None
    every: dt.timedelta | None = None
    quiet_days: int | None = None


def parse_interval(text: str) -> dt.timedelta:
    """'6h', '30m', '1d', '90s', '1h30m' → a duration of at least one second."""
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([smhd])", text.strip().lower())
    joined = "".join(f"{n}{u}" for n, u in parts)
    if not parts or joined != re.sub(r"\s+", "", text.strip().lower()):
        raise InvalidArgument(f"invalid interval '{text}'", hint="write e.g. 6h, 30m, 1d or 1h30m")
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    seconds = sum(float(n) * unit[u] for n, u in parts)
    if seconds < 1:
        raise InvalidArgument(f"interval '{text}' is shorter than a second")
    return dt.timedelta(seconds=seconds)


def read_config(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InvalidArgument(f"no watch config file at {path}")
    try:
        data = read_yaml(path)
    except yaml.YAMLError as exc:
        raise InvalidArgument(f"{path}: not valid YAML: {exc}") from None
    data = data or {}
    if not isinstance(data, dict):
        raise InvalidArgument(f"{path}: a mapping of {', '.join(CONFIG_KEYS)} is expected")
    problems = [f"{k}: unknown field" for k in data if k not in CONFIG_KEYS]
    for section, keys in (("webhook", WEBHOOK_KEYS), ("email", EMAIL_KEYS)):
        value = data.get(section)
        if value is None:
            continue
        if section == "webhook" and isinstance(value, str):
            data[section] = {"url": value}
            continue
        if not isinstance(value, dict):
            problems.append(f"{section}: a mapping is expected")
            continue
        for key in value:
            if key in ("password", "username", "user"):
                problems.append(
                    f"{section}: {key}: the login is read from environment variables only "
                    f"(name them with username_env / password_env; default {USER_ENV}, "
                    f"{PASSWORD_ENV})"
                )
            elif key not in keys:
                problems.append(f"{section}: {key}: unknown field ({', '.join(keys)})")
    if problems:
        raise InvalidArgument(
            f"the watch config {path} has {len(problems)} problem(s):\n"
            + "\n".join(f"  {path}: {p}" for p in problems),
            hint="see examples/watch.yaml",
        )
    return data


def watch_config(
    options: DeliveryOptions,
    config_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    watchlist: Path | None = None,
    every: str | None = None,
    quiet_days: int | None = None,
) -> WatchConfig:
    """Channels and schedule from the options, else the config file, else the environment."""
    env = os.environ if env is None else env
    file = read_config(config_file) if config_file else {}
    base = config_file.parent if config_file else Path.cwd()
    hook = file.get("webhook") or {}
    mail = file.get("email") or {}
    retries = _first(options.retries, file.get("retries"), default=DEFAULT_RETRIES)
    timeout = _first(options.timeout, file.get("timeout"), default=DEFAULT_TIMEOUT_SECONDS)
    channels: list[Channel] = []
    url = _first(options.webhook, hook.get("url"), env.get("TECHBLOC_WEBHOOK_URL"))
    if url:
        policy = RetryPolicy(int(_first(hook.get("retries"), default=retries)),
                             options.backoff_seconds)  # fmt: skip
        hook_timeout = float(_first(options.timeout, hook.get("timeout"), default=timeout))
        channels.append(WebhookChannel(str(url), hook_timeout, policy))
    smtp = _smtp_settings(options, mail, env, base, timeout)
    if smtp:
        policy = RetryPolicy(int(_first(mail.get("retries"), default=retries)),
                             options.backoff_seconds)  # fmt: skip
        channels.append(EmailChannel(smtp, policy))
    targets = [c.target for c in channels]
    if len(set(targets)) < len(targets):
        raise InvalidArgument("the same delivery target is configured twice")
    listed = watchlist or (_path(base, file["watchlist"]) if file.get("watchlist") else None)
    interval = every or file.get("every")
    return WatchConfig(
        channels, listed, parse_interval(str(interval)) if interval else None,
        _int(_first(quiet_days, file.get("quiet_days")), "quiet_days"),
    )  # fmt: skip


def _smtp_settings(
    options: DeliveryOptions,
    mail: dict[str, Any],
    env: Mapping[str, str],
    base: Path,
    timeout: float,
) -> SmtpSettings | None:
    host = _first(options.smtp_host, mail.get("host"), env.get("TECHBLOC_SMTP_HOST"))
    if not host:
        given = [o for o, v in (("--smtp-from", options.smtp_from), ("--smtp-to", options.smtp_to),
                                ("--smtp-port", options.smtp_port)) if v]  # fmt: skip
        if given:
            raise InvalidArgument(f"{', '.join(given)} given without --smtp-host")
        return None
    security = str(
        _first(
            options.smtp_security,
            mail.get("security"),
            env.get("TECHBLOC_SMTP_SECURITY"),
            default="starttls",
        )  # fmt: skip
    ).lower()
    if security not in SECURITY_MODES:
        raise InvalidArgument(
            f"unknown SMTP security '{security}'",
            hint=f"choose one of: {', '.join(SECURITY_MODES)}",
        )
    given_port = _first(options.smtp_port, mail.get("port"), env.get("TECHBLOC_SMTP_PORT"))
    port = _int(given_port, "SMTP port") or DEFAULT_PORTS[security]
    sender = _first(options.smtp_from, mail.get("from"), env.get("TECHBLOC_SMTP_FROM"))
    to = options.smtp_to or mail.get("to") or env.get("TECHBLOC_SMTP_TO") or []
    recipients = tuple(
        r.strip() for r in (to.split(",") if isinstance(to, str) else [str(x) for x in to])
        if r.strip()
    )  # fmt: skip
    if not sender or not recipients:
        raise InvalidArgument(
            f"e-mail to {host} needs a sender and at least one recipient",
            hint="--smtp-from ADDRESS --smtp-to ADDRESS (or email.from / email.to in --config, "
            "or TECHBLOC_SMTP_FROM / TECHBLOC_SMTP_TO)",
        )
    bad = [a for a in (str(sender), *recipients) if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", a)]
    if bad:
        raise InvalidArgument(f"not an e-mail address: {', '.join(bad)}")
    user_var = str(mail.get("username_env") or USER_ENV)
    password_var = str(mail.get("password_env") or PASSWORD_ENV)
    username, password = env.get(user_var), env.get(password_var)
    if password and not username:
        raise InvalidArgument(f"${password_var} is set but ${user_var} is not")
    if username and security == "plain":
        raise InvalidArgument(
            "refusing to send an SMTP login without encryption",
            hint="use --smtp-security starttls or ssl, or unset the login variables",
        )
    ca = _first(options.smtp_ca_file, mail.get("ca_file"), env.get("TECHBLOC_SMTP_CA_FILE"))
    ca_file = str(_path(base, str(ca))) if ca and not options.smtp_ca_file else ca
    if ca_file and not Path(str(ca_file)).is_file():
        raise InvalidArgument(f"no CA file at {ca_file}")
    return SmtpSettings(
        str(host), port, str(sender), recipients, security, username, password,
        str(ca_file) if ca_file else None,
        float(_first(options.timeout, mail.get("timeout"), default=timeout)),
    )  # fmt: skip


def _first(*values: Any, default: Any = None) -> Any:
    return next((v for v in values if v not in (None, "", [])), default)


def _int(value: Any, what: str) -> int | None:
    if value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidArgument(f"{what}: '{value}' is not a whole number") from None
    if number < 0:
        raise InvalidArgument(f"{what}: {number} cannot be negative")
    return number


def _path(base: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


__all__ = ["DeliveryOptions", "WatchConfig", "parse_interval", "watch_config", "webhook_target"]
