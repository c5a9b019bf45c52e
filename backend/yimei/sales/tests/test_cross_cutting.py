"""The generic API tests of ``yimei/core/tests`` (every endpoint × anonymous / without / with the permission, and
random bodies at every write) run here over the sales endpoints, with sales rows for the detail routes."""

from __future__ import annotations

import inspect

import pytest

from yimei.core.tests import conftest as core
from yimei.core.tests import test_fuzz_inputs as fuzz
from yimei.core.tests import test_permission_matrix as matrix
from yimei.core.tests.conftest import staff_holding  # noqa: F401  (fixture)
from yimei.core.tests.endpoints import ENDPOINTS
from yimei.sales.tests.fixtures import sales_objects

SALES = [e for e in ENDPOINTS if e.view.__module__.startswith("yimei.sales.")]
SALES_WRITES = [e for e in fuzz.WRITES if e in SALES]


@pytest.fixture
def objects(org, make_staff, make_role, settings, tmp_path):
    build = core.objects._get_wrapped_function()
    available = {"org": org, "make_staff": make_staff, "make_role": make_role, "settings": settings,
                 "tmp_path": tmp_path}
    found = build(**{name: available[name] for name in inspect.signature(build).parameters})
    return {**found, **sales_objects(make_staff())}


def test_sales_endpoints_are_enumerated():
    assert len(SALES) > 30 and len(SALES_WRITES) > 10


@pytest.mark.parametrize("endpoint", SALES, ids=str)
def test_anonymous_is_refused(endpoint, objects, anon):
    matrix.test_anonymous_is_refused(endpoint, objects, anon)


@pytest.mark.parametrize("endpoint", SALES, ids=str)
def test_staff_without_the_permission_is_refused(endpoint, objects, make_staff, client_for):
    matrix.test_staff_without_the_permission_is_refused(endpoint, objects, make_staff, client_for)


@pytest.mark.parametrize("endpoint", SALES, ids=str)
def test_staff_with_the_permission_gets_through(endpoint, objects, staff_holding, client_for):  # noqa: F811
    matrix.test_staff_with_the_permission_gets_through(endpoint, objects, staff_holding, client_for)


@pytest.mark.parametrize("endpoint", SALES_WRITES, ids=str)
def test_random_bodies_never_cause_a_server_error(endpoint, objects, staff_holding, client_for):  # noqa: F811
    fuzz.test_random_bodies_never_cause_a_server_error(endpoint, objects, staff_holding, client_for)


@pytest.mark.parametrize("endpoint", [e for e in fuzz.READS if e in SALES], ids=str)
def test_odd_query_parameters_never_cause_a_server_error(endpoint, staff_holding, client_for):  # noqa: F811
    fuzz.test_odd_query_parameters_never_cause_a_server_error(endpoint, staff_holding, client_for)
