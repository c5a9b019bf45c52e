"""Fixtures shared by every app's tests: API clients, staff with chosen permissions and scopes."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterable

import pytest
from rest_framework.test import APIClient

from yimei.accounts import services
from yimei.accounts.choices import UnitKind
from yimei.accounts.models import OrgUnit, Role, User

PASSWORD = "Test@2026pw"
_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """A fresh cache namespace per test: parallel workers and tests never see each other's entries."""
    caches = {name: dict(conf) for name, conf in settings.CACHES.items()}
    for conf in caches.values():
        conf["KEY_PREFIX"] = f"t{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches
    # Fast hashing in tests; the Argon2 configuration itself is tested in test_auth.py.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files (catalogue pictures, signatures …) go to a throwaway folder, never to var/media."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


@pytest.fixture
def org(db) -> dict[str, OrgUnit]:
    """hospital → department A (teams A1, A2) and department B (team B1)."""
    hospital = services.create_org_unit(name="测试医院", code="t_hospital", kind=UnitKind.HOSPITAL)
    dept_a = services.create_org_unit(name="医学美容科", code="t_dept_a", kind=UnitKind.DEPARTMENT, parent=hospital)
    team_a1 = services.create_org_unit(name="咨询一组", code="t_team_a1", kind=UnitKind.TEAM, parent=dept_a)
    team_a2 = services.create_org_unit(name="咨询二组", code="t_team_a2", kind=UnitKind.TEAM, parent=dept_a)
    sub_a = services.create_org_unit(name="激光中心", code="t_sub_a", kind=UnitKind.DEPARTMENT, parent=dept_a)
    dept_b = services.create_org_unit(name="皮肤科", code="t_dept_b", kind=UnitKind.DEPARTMENT, parent=hospital)
    team_b1 = services.create_org_unit(name="皮肤一组", code="t_team_b1", kind=UnitKind.TEAM, parent=dept_b)
    return {"hospital": hospital, "dept_a": dept_a, "team_a1": team_a1, "team_a2": team_a2, "sub_a": sub_a,
            "dept_b": dept_b, "team_b1": team_b1}


@pytest.fixture
def make_role(db) -> Callable[..., Role]:
    def make(codes: Iterable[str], scopes: dict[str, str] | None = None,
             units: dict[str, list[int]] | None = None) -> Role:
        n = next(_counter)
        data_scopes = [{"module": m, "scope": s, "units": (units or {}).get(m, [])} for m, s in (scopes or {}).items()]
        return services.create_role(code=f"role_{n}", name=f"测试角色{n}", permissions=list(codes),
                                    data_scopes=data_scopes)

    return make


@pytest.fixture
def make_staff(db, org, make_role) -> Callable[..., User]:
    def make(codes: Iterable[str] = (), *, unit: OrgUnit | None = None, scopes: dict[str, str] | None = None,
             units: dict[str, list[int]] | None = None, roles: Iterable[Role] = (), username: str | None = None,
             **extra) -> User:
        n = next(_counter)
        user = services.create_staff(
            username=username or f"user{n}", name=f"员工{n}", staff_number=f"T{n:05d}",
            org_unit=unit or org["team_a1"], password=PASSWORD, must_change_password=False, **extra,
        )
        assigned = list(roles)
        if codes:
            assigned.append(make_role(codes, scopes, units))
        if assigned:
            user.roles.set(assigned)
        return user

    return make


@pytest.fixture
def client_for() -> Callable[[User | None], APIClient]:
    def make(user: User | None) -> APIClient:
        client = APIClient(REMOTE_ADDR="10.1.2.3")
        if user is not None:
            client.force_login(user)
            session = client.session
            import time

            from yimei.accounts.middleware import SESSION_SEEN, SESSION_STARTED

            session[SESSION_STARTED] = session[SESSION_SEEN] = int(time.time())
            session.save()
        return client

    return make


@pytest.fixture
def anon(client_for) -> APIClient:
    return client_for(None)


@pytest.fixture
def concurrent_db():
    """For ``django_db(transaction=True)`` tests of parallel writers on PostgreSQL.

    Such tests end with a flush (TRUNCATE), which the append-only audit triggers refuse. The flush alone runs
    with triggers off (``session_replication_role = replica``) on the test connection, and they come back on
    as soon as it is done (the flush emits ``post_migrate``), so no other test runs without them.
    """
    from django.db import connection
    from django.db.models.signals import post_migrate

    if connection.vendor != "postgresql":
        pytest.skip("parallel writers are exercised on PostgreSQL")
    yield
    uid = "yimei-concurrent-db-reset"

    def restore(**kwargs) -> None:
        with connection.cursor() as cursor:
            cursor.execute("RESET session_replication_role")
        post_migrate.disconnect(dispatch_uid=uid)

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    post_migrate.connect(restore, weak=False, dispatch_uid=uid)
