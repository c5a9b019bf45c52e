"""Random JSON at every write endpoint: never a 500, always the one error shape, nothing half-written."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yimei.core.tests.endpoints import ENDPOINTS, PUBLIC_PATHS, code_of, url_for

FIELDS = ["username", "name", "code", "kind", "parent", "org_unit", "positions", "roles", "permissions",
          "data_scopes", "password", "new_password", "old_password", "phone", "staff_number", "sort",
          "is_active", "description", "units", "module", "scope"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40), st.sampled_from(["", "0", "-1", "99999999999", "all", "custom", "team", "\u0000",
                                           "accounts", "accounts.staff.view", "13800138000", "Aa#12345678"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from([*FIELDS, "module", "scope", "units"]), inner, max_size=4), max_leaves=12)
bodies = st.one_of(st.dictionaries(st.sampled_from(FIELDS), values, max_size=8), values)

WRITES = [e for e in ENDPOINTS if e.method in ("POST", "PUT", "PATCH") and e.path not in PUBLIC_PATHS]


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_random_bodies_never_cause_a_server_error(endpoint, objects, staff_holding, client_for):
    client = client_for(staff_holding(code_of(endpoint)))
    url = url_for(endpoint, objects)

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(body=bodies)
    def check(body):
        response = getattr(client, endpoint.method.lower())(url, body, format="json")
        assert response.status_code < 500, (body, response.content)
        if response.status_code >= 400:
            error = response.json()
            assert set(error) <= {"code", "message", "fields"} and error["message"], error

    check()


READS = [e for e in ENDPOINTS if e.method == "GET" and "{pk}" not in e.path and e.path not in PUBLIC_PATHS]
QUERIES = ["page=0", "page=abc", "page=99999", "page_size=-5", "page_size=100000", "ordering=password",
           "ordering=-nonexistent", "search=%00", "search=" + "x" * 5000, "org_unit=abc", "is_active=maybe",
           "created_after=2026-13-45", "operator=1e9", "ip=999.1.1.1", "role=-1", "position=[1]"]


@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_odd_query_parameters_never_cause_a_server_error(endpoint, staff_holding, client_for):
    client = client_for(staff_holding(code_of(endpoint)))
    for query in QUERIES:
        response = client.get(f"{endpoint.path}?{query}")
        assert response.status_code < 500, (query, response.content[:300])
        if response.status_code >= 400:
            assert response.json()["message"], query
