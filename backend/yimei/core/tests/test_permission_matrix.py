"""Every API endpoint × (anonymous, staff without the permission, staff with it), generated from the URLconf.

A new endpoint without a permission code fails here: the permission class refuses actions it cannot map,
and this test reads the code of every (route, method) from the view itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from yimei.accounts import services
from yimei.accounts.choices import UnitKind
from yimei.audit.services import record_operation
from yimei.core.access import module_of
from yimei.core.permissions import AUTHENTICATED, PUBLIC, required_code

# Endpoints anyone may call, and why.
PUBLIC_PATHS = {
    "/api/v1/ping/",  # liveness probe, answers a constant
}
NON_API_PREFIXES = ("/api/schema/", "/api/docs/")


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


def test_every_api_endpoint_declares_a_permission():
    missing = [str(e) for e in ENDPOINTS if str(e.path) not in PUBLIC_PATHS and not code_of(e)]
    assert missing == []
    assert len(ENDPOINTS) > 30


@pytest.fixture
def objects(org, make_staff, make_role):
    """One object per resource, deletable, so every detail route has something to act on."""
    leaf = services.create_org_unit(name="空小组", code="t_leaf", kind=UnitKind.TEAM, parent=org["dept_a"])
    position = services.create_position(code="t_pos", name="测试岗位")
    role = make_role(["accounts.staff.view"])
    staff = make_staff()
    operation = record_operation(module="accounts", action="test")
    return {"org-units": leaf.pk, "positions": position.pk, "roles": role.pk, "staff": staff.pk,
            "audit/operations": operation.pk, "audit/changes": _first_change(), "audit/logins": _login_row(staff)}


def _first_change() -> int:
    from yimei.audit.models import ChangeLog

    return ChangeLog.objects.order_by("id").values_list("pk", flat=True).first()


def _login_row(staff) -> int:
    from yimei.audit.services import LoginEvent, record_login

    return record_login(username=staff.username, event=LoginEvent.LOGIN, user=staff).pk


def _url(endpoint: Endpoint, objects: dict[str, int]) -> str:
    if "{pk}" not in endpoint.path:
        return endpoint.path
    resource = endpoint.path.removeprefix("/api/v1/").split("/{pk}")[0]
    return endpoint.path.replace("{pk}", str(objects[resource]))


def _call(client, endpoint: Endpoint, url: str):
    return getattr(client, endpoint.method.lower())(url, data={}, format="json")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_is_refused(endpoint, objects, anon):
    response = _call(anon, endpoint, _url(endpoint, objects))
    code = code_of(endpoint)
    if endpoint.path in PUBLIC_PATHS or code == PUBLIC:
        assert response.status_code < 500
    else:
        assert response.status_code == 401, response.content
        assert response.json()["code"] in {"not_authenticated", "session_expired"}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_staff_without_the_permission_is_refused(endpoint, objects, make_staff, client_for):
    code = code_of(endpoint)
    other = next(c for c in ("accounts.staff.view", "audit.log.view") if c != code)
    user = make_staff([other], scopes={module_of(other): "all"})
    response = _call(client_for(user), endpoint, _url(endpoint, objects))
    if endpoint.path in PUBLIC_PATHS or code in (PUBLIC, AUTHENTICATED):
        assert response.status_code not in (401, 403), response.content  # open to every logged-in user
    else:
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_staff_with_the_permission_gets_through(endpoint, objects, make_staff, client_for):
    code = code_of(endpoint)
    if endpoint.path in PUBLIC_PATHS or code == PUBLIC:
        user = None
    elif code == AUTHENTICATED:
        user = make_staff()
    else:
        user = make_staff([code], scopes={module_of(code): "all"})
    response = _call(client_for(user), endpoint, _url(endpoint, objects))
    # Past the permission gate: a read answers 2xx; a write with an empty body may answer 400 for its input.
    assert response.status_code not in (401, 403), response.content
    assert response.status_code < 500
    if endpoint.method == "GET":
        assert 200 <= response.status_code < 300
