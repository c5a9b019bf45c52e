from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS


class CsrfFailed(exceptions.PermissionDenied):
    yimei_code = "csrf_failed"
    default_detail = "页面已过期或来源不可信，请刷新页面后重试。"


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, answering 401 (not 403) when nobody is logged in.

    CSRF is checked for unsafe methods only, exactly as Django's CSRF middleware would; skipping the
    check object for reads saves its cost on every GET.
    """

    def authenticate_header(self, request) -> str:
        return 'Session realm="yimei"'

    def enforce_csrf(self, request) -> None:
        if request.method not in SAFE_METHODS:
            try:
                super().enforce_csrf(request)
            except exceptions.PermissionDenied as exc:
                raise CsrfFailed() from exc
