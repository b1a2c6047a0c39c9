"""Webhook delivery: the notice's JSON POSTed to a URL (urllib; no extra dependency).

A 2xx answer is a delivery. Network errors, time-outs, 429 and 5xx are retried with backoff; any
other 4xx is not (the request itself is wrong). The target recorded in the store is the URL's
scheme, host and port with a hash of the whole URL, so tokens in the path or query never land in
the store or in reports.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from techbloc import __version__
from techbloc.errors import InvalidArgument
from techbloc.warning.delivery import (
    DEFAULT_TIMEOUT_SECONDS,
    Attempt,
    Delivery,
    RetryPolicy,
)
from techbloc.warning.notice import Notice


def webhook_target(url: str) -> str:
    """A stable, secret-free name for a webhook URL: 'https://host:port #1a2b3c4d5e'."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidArgument(
            f"webhook URL '{_redacted(url)}' is not an http(s) URL",
            hint="e.g. --webhook https://example.org/hooks/techbloc",
        )
    port = f":{parts.port}" if parts.port else ""
    digest = hashlib.sha256(url.encode()).hexdigest()[:10]
    return f"{parts.scheme}://{parts.hostname}{port} #{digest}"


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}/…" if parts.scheme else "…"


class WebhookChannel:
    channel = "webhook"

    def __init__(
        self,
        url: str,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.target = webhook_target(url)
        self._url = url
        self.timeout = timeout
        self.retry = retry or RetryPolicy()

    def send(self, notice: Notice) -> Delivery:
        body = json.dumps(notice.payload(), ensure_ascii=False, default=str).encode("utf-8")
        return self.retry.run(lambda: self._post(body))

    def _post(self, body: bytes) -> Attempt:
        request = urllib.request.Request(
            self._url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": f"techbloc/{__version__}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - http(s) only, checked in webhook_target
                response.read()
                return Attempt(True, response.status)
        except urllib.error.HTTPError as exc:
            retryable = exc.code == 429 or exc.code >= 500
            return Attempt(False, exc.code, f"HTTP {exc.code} {exc.reason}", retryable)
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            return Attempt(False, None, f"cannot reach {self.target}: {reason}")
        except OSError as exc:
            return Attempt(False, None, f"cannot reach {self.target}: {exc}")


__all__ = ["Delivery", "WebhookChannel", "webhook_target"]
