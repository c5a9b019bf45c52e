"""Session policy: idle timeout and absolute lifetime of a staff session; the user joins the request context."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse

from yimei.core.context import current
from yimei.core.errors import error_body

SESSION_STARTED = "yimei_started"
SESSION_SEEN = "yimei_seen"
# Touch the session at most this often, so a busy page doesn't write the session store on every request.
_TOUCH_EVERY = 60


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and SESSION_STARTED in request.session:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED, now)
            seen = request.session.get(SESSION_SEEN, now)
            if now - seen > settings.SESSION_IDLE_TIMEOUT_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                from yimei.audit.services import LoginEvent, record_login

                current().user = None
                record_login(username=user.username, event=LoginEvent.TIMEOUT, user=user,
                             reason="空闲超时" if now - seen > settings.SESSION_IDLE_TIMEOUT_SECONDS else "会话到期")
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse(error_body("session_expired", "登录已超时，请重新登录。"), status=401)
            elif now - seen >= _TOUCH_EVERY:
                request.session[SESSION_SEEN] = now
        if request.user.is_authenticated:
            current().user = request.user
        return self.get_response(request)


class PrefetchUserMiddleware:
    """Reads the signed user-id hint so the session and the user's cached entries come in one round trip.

    Sits between the session and the authentication middleware. A missing, stale or forged hint only
    costs the ordinary second read: the session decides who is logged in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from yimei.accounts.backends import UID_COOKIE, UID_SALT, user_cache_keys

        user_id = request.get_signed_cookie(UID_COOKIE, default=None, salt=UID_SALT)
        if user_id and user_id.isdigit() and hasattr(request.session, "prefetch"):
            request.session.prefetch = (user_id, user_cache_keys(user_id))
        return self.get_response(request)
