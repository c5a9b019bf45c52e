from rest_framework import authentication
from rest_framework.permissions import SAFE_METHODS


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, answering 401 (not 403) when nobody is logged in.

    CSRF is checked for unsafe methods only, exactly as Django's CSRF middleware would; skipping the
    check object for reads saves its cost on every GET.
    """

    def authenticate_header(self, request) -> str:
        return 'Session realm="yimei"'

    def enforce_csrf(self, request) -> None:
        if request.method not in SAFE_METHODS:
            super().enforce_csrf(request)
