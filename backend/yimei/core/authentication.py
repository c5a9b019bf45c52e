from rest_framework import authentication


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, answering 401 (not 403) when nobody is logged in."""

    def authenticate_header(self, request) -> str:
        return 'Session realm="yimei"'
