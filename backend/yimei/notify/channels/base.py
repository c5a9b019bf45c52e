"""What every channel gives the dispatcher, and the small HTTP client they share.

A channel's ``send`` returns a ``SendResult`` whose ``outcome`` says what the dispatcher does next:

- ``sent``       the provider took the message (its id in ``provider_message_id``);
- ``retry``      the provider (or the network) refused it for now — busy, rate limit, 5xx, no connection:
                 nothing was delivered, try again after a backoff;
- ``failed``     a permanent refusal (illegal number, not following, template or credential errors): a person
                 has to fix something and press 重试;
- ``ambiguous``  the request went out but no answer came back (read timeout, connection dropped): the provider
                 may or may not have it. SMS channels can ask the provider (``lookup``) before sending again;
                 WeChat cannot, so the message becomes "unknown" for a person to decide.

``lookup`` answers "did the provider already get this message?" by the id we sent with it (Aliyun OutId,
Tencent SessionContext = our message id): a ``SendResult`` with outcome ``sent`` when found, ``None`` when
certainly not, and a ``retry`` result when the question itself failed.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings


class Outcome:
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    AMBIGUOUS = "ambiguous"


@dataclass
class SendResult:
    outcome: str
    provider_code: str = ""
    provider_message: str = ""
    provider_message_id: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def error_text(self) -> str:
        text = f"{self.provider_code}：{self.provider_message}" if self.provider_code else self.provider_message
        return text[:500]


class Channel:
    """Base of the channels. ``config`` is the NotifySettings row, read once per batch by the dispatcher."""

    name = ""
    can_lookup = False

    def send(self, message: Any, config: Any) -> SendResult:
        raise NotImplementedError

    def lookup(self, message: Any, config: Any) -> SendResult | None:
        raise NotImplementedError


# --- HTTP -----------------------------------------------------------------------------------------


class TransportError(Exception):
    """The exchange did not complete. ``delivered_maybe`` is True when the request had been sent in full."""

    def __init__(self, message: str, *, delivered_maybe: bool):
        super().__init__(message)
        self.delivered_maybe = delivered_maybe


@dataclass
class HttpReply:
    status: int
    body: bytes

    def json(self) -> dict[str, Any]:
        try:
            data = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


# A kept-alive connection idle for longer than this is not reused: servers close idle connections, and a
# request written into a connection the server has just closed is exactly the ambiguity we avoid.
_MAX_IDLE_SECONDS = 15.0
_local = threading.local()


def _connection(scheme: str, netloc: str, timeout: float) -> http.client.HTTPConnection:
    pool: dict[tuple[str, str], tuple[http.client.HTTPConnection, float]] = _local.__dict__.setdefault("pool", {})
    key = (scheme, netloc)
    found = pool.pop(key, None)
    if found is not None:
        conn, last_used = found
        if time.monotonic() - last_used < _MAX_IDLE_SECONDS:
            conn.timeout = timeout
            if conn.sock is not None:
                conn.sock.settimeout(timeout)
            return conn
        conn.close()
    cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    return cls(netloc, timeout=timeout)


def _keep(scheme: str, netloc: str, conn: http.client.HTTPConnection) -> None:
    _local.__dict__.setdefault("pool", {})[(scheme, netloc)] = (conn, time.monotonic())


def close_connections() -> None:
    for conn, _ in _local.__dict__.pop("pool", {}).values():
        conn.close()


def http_request(method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None,
                 timeout: float | None = None) -> HttpReply:
    """One HTTP exchange over a kept-alive connection of this thread. Raises TransportError."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    timeout = timeout if timeout is not None else settings.NOTIFY_HTTP_TIMEOUT_SECONDS
    conn = _connection(parts.scheme, parts.netloc, timeout)
    sent = False
    try:
        if conn.sock is None:
            conn.connect()
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn.request(method, path, body=body, headers=headers or {})
        sent = True
        response = conn.getresponse()
        data = response.read()
    except TimeoutError as exc:
        conn.close()
        raise TransportError(f"请求超时（{timeout:g} 秒）", delivered_maybe=sent) from exc
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        raise TransportError(f"网络错误：{type(exc).__name__} {exc}".strip(), delivered_maybe=sent) from exc
    if response.will_close:
        conn.close()
    else:
        _keep(parts.scheme, parts.netloc, conn)
    return HttpReply(response.status, data)


def transport_result(error: TransportError) -> SendResult:
    outcome = Outcome.AMBIGUOUS if error.delivered_maybe else Outcome.RETRY
    return SendResult(outcome, provider_code="transport", provider_message=str(error))
