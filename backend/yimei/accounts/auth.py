"""Logging in and out, and the lockout after repeated failures (keyed on username and client address).

Failures are counted from the login log itself, so the lockout survives restarts, is shared by every
worker, and is exactly what the audit administrator sees.
"""

from __future__ import annotations

import math
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from yimei.accounts.middleware import SESSION_SEEN, SESSION_STARTED
from yimei.accounts.models import User
from yimei.audit.models import LoginLog
from yimei.audit.services import LoginEvent, record_login
from yimei.core import context
from yimei.core.errors import BusinessError


class AccountLocked(BusinessError):
    status_code = 429
    code = "account_locked"


def _failure_times(username: str, ip: str | None, now: datetime) -> list[datetime]:
    """The latest failures of ``username`` from ``ip`` inside the lockout window, since the last reset."""
    window_start = now - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    resets = LoginLog.objects.filter(username=username, created_at__gte=window_start).filter(
        Q(event=LoginEvent.LOGIN, ip=ip) | Q(event=LoginEvent.UNLOCK)
    )
    last_reset = resets.order_by("-created_at").values_list("created_at", flat=True).first()
    since = max(window_start, last_reset) if last_reset else window_start
    return list(
        LoginLog.objects.filter(username=username, ip=ip, event=LoginEvent.FAILURE, created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: settings.LOGIN_MAX_FAILURES]
    )


def lock_remaining_seconds(username: str, ip: str | None) -> int:
    if not username:
        return 0
    now = timezone.now()
    failures = _failure_times(username, ip, now)
    if len(failures) < settings.LOGIN_MAX_FAILURES:
        return 0
    unlock_at = failures[-1] + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    return max(0, math.ceil((unlock_at - now).total_seconds()))


def _locked_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试，或联系安全管理员解锁。"


def login(request: HttpRequest, *, username: str, password: str) -> User:
    username = (username or "").strip().lower()
    ip = context.current().ip or None
    remaining = lock_remaining_seconds(username, ip)
    if remaining:
        record_login(username=username, event=LoginEvent.LOCKED, reason="锁定期间尝试登录")
        raise AccountLocked(_locked_message(remaining))

    user = User.objects.filter(username__iexact=username).first() if username else None
    if user is None:
        make_password(password)  # same work as a real check, so timing doesn't reveal which usernames exist
        valid = False
    else:
        valid = user.check_password(password)
    if valid and user is not None and not user.is_active:
        record_login(username=username, event=LoginEvent.FAILURE, user=user, reason="账号已停用")
        raise BusinessError("该账号已停用，请联系系统管理员。", code="account_disabled")
    if not valid or user is None:
        record_login(username=username, event=LoginEvent.FAILURE, user=user, reason="用户名或密码错误")
        remaining = lock_remaining_seconds(username, ip)
        if remaining:
            raise AccountLocked(_locked_message(remaining))
        left = settings.LOGIN_MAX_FAILURES - len(_failure_times(username, ip, timezone.now()))
        raise BusinessError(f"用户名或密码错误，还可尝试 {left} 次。", code="invalid_credentials")

    auth.login(request, user, backend="yimei.accounts.backends.CachedModelBackend")  # rotates the session id
    now = int(time.time())
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now
    context.current().user = user
    record_login(username=username, event=LoginEvent.LOGIN, user=user)
    return user


def logout(request: HttpRequest) -> None:
    user = request.user
    if user.is_authenticated:
        record_login(username=user.username.lower(), event=LoginEvent.LOGOUT, user=user)
    auth.logout(request)


def unlock(staff: User) -> None:
    record_login(username=staff.username.lower(), event=LoginEvent.UNLOCK, user=staff,
                 reason=f"由 {getattr(context.current_user(), 'name', '')} 解除锁定")


def locked_pairs(condition: Q) -> set[tuple[str, str | None]]:
    """(username, ip) pairs locked now, among the login-log rows matching ``condition``."""
    now = timezone.now()
    window_start = now - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    rows = (
        LoginLog.objects.filter(condition, created_at__gte=window_start,
                                event__in=[LoginEvent.FAILURE, LoginEvent.LOGIN, LoginEvent.UNLOCK])
        .order_by("created_at")
        .values_list("username", "ip", "event")
    )
    counts: dict[tuple[str, str | None], int] = {}
    for username, ip, event in rows:
        if event == LoginEvent.UNLOCK:
            for key in [k for k in counts if k[0] == username]:
                counts[key] = 0
        elif event == LoginEvent.LOGIN:
            counts[(username, ip)] = 0
        else:
            counts[(username, ip)] = counts.get((username, ip), 0) + 1
    return {key for key, count in counts.items() if count >= settings.LOGIN_MAX_FAILURES}
