"""OpenAPI extensions so the schema (and the generated TypeScript client) describe our authentication."""

from drf_spectacular.authentication import SessionScheme


class YimeiSessionScheme(SessionScheme):
    target_class = "yimei.core.authentication.SessionAuthentication"
    name = "cookieAuth"
    priority = 1
