"""The API's endpoints, enumerated from the URLconf, and the permission code each one requires."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from yimei.core.permissions import required_code

# Endpoints anyone may call, and why.
PUBLIC_PATHS: set[str] = set()  # plain Django views callable without a login (none today)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    view: type
    action: str | None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _walk(patterns, prefix: str = ""):
    for entry in patterns:
        text = str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + text)
        elif isinstance(entry, URLPattern):
            yield prefix + text, entry.callback


def api_endpoints() -> list[Endpoint]:
    found = []
    for route, callback in _walk(get_resolver().url_patterns):
        path = "/" + re.sub(r"\(\?P<pk>[^)]*\)", "{pk}", route)
        if not path.startswith("/api/v1/") or "(?P<format>" in route:
            continue
        view = getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None)
        if view is None:
            found.append(Endpoint("GET", path, type(None), None))
            continue
        if actions:
            found.extend(Endpoint(m.upper(), path, view, a) for m, a in actions.items())
        else:
            found.extend(Endpoint(m.upper(), path, view, None) for m in view.http_method_names
                         if hasattr(view, m) and m not in ("options", "head", "trace"))
    return sorted(found, key=str)


ENDPOINTS = api_endpoints()


def code_of(endpoint: Endpoint) -> str | None:
    if endpoint.view is type(None):
        return None  # a plain Django view: only allowed when listed in PUBLIC_PATHS
    view = endpoint.view()
    view.action = endpoint.action

    class _Request:
        method = endpoint.method

    return required_code(view, _Request())




def url_for(endpoint: Endpoint, objects: dict[str, int]) -> str:
    if "{pk}" not in endpoint.path:
        return endpoint.path
    resource = endpoint.path.removeprefix("/api/v1/").split("/{pk}")[0]
    return endpoint.path.replace("{pk}", str(objects[resource]))


def call(client, endpoint: Endpoint, url: str):
    """Call ``endpoint`` with an empty JSON body."""
    return getattr(client, endpoint.method.lower())(url, data={}, format="json")
