"""Every API endpoint × (anonymous, staff without the permission, staff with it), generated from the URLconf.

A new endpoint without a permission code fails here: the permission class refuses actions it cannot map,
and this test reads the code of every (route, method) from the view itself.
"""

from __future__ import annotations

import pytest

from yimei.core.access import module_of
from yimei.core.permissions import AUTHENTICATED, PUBLIC
from yimei.core.tests.endpoints import ENDPOINTS, PUBLIC_PATHS, call, code_of, url_for


def test_every_api_endpoint_declares_a_permission():
    missing = [str(e) for e in ENDPOINTS if str(e.path) not in PUBLIC_PATHS and not code_of(e)]
    assert missing == []
    assert len(ENDPOINTS) > 30


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_is_refused(endpoint, objects, anon):
    response = call(anon, endpoint, url_for(endpoint, objects))
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
    response = call(client_for(user), endpoint, url_for(endpoint, objects))
    if endpoint.path in PUBLIC_PATHS or code in (PUBLIC, AUTHENTICATED):
        assert response.status_code not in (401, 403), response.content  # open to every logged-in user
    else:
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_staff_with_the_permission_gets_through(endpoint, objects, staff_holding, client_for):
    user = None if endpoint.path in PUBLIC_PATHS else staff_holding(code_of(endpoint))
    response = call(client_for(user), endpoint, url_for(endpoint, objects))
    # Past the permission gate: a read answers 2xx; a write with an empty body may answer 400 for its input.
    assert response.status_code not in (401, 403), response.content
    assert response.status_code < 500
    if endpoint.method == "GET":
        assert 200 <= response.status_code < 300
