"""Per-request context (request id, client IP, user) readable by services and signal receivers.

Set by ``RequestContextMiddleware``; background jobs set it with ``request_context(...)``.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RequestContext:
    request_id: str = ""
    ip: str = ""
    user_agent: str = ""
    method: str = ""
    path: str = ""
    user: Any = None
    # Who acts when no user does (a management command, a scheduled job): shown as the operator.
    actor: str = ""
    # Set by views so the operation log knows what the request acted on.
    extra: dict[str, Any] = field(default_factory=dict)


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("yimei_request", default=None)


def current() -> RequestContext:
    ctx = _current.get()
    return ctx if ctx is not None else RequestContext()


def current_user() -> Any:
    ctx = _current.get()
    if ctx is None or ctx.user is None or not getattr(ctx.user, "is_authenticated", False):
        return None
    return ctx.user


@contextmanager
def request_context(ctx: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
