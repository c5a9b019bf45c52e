"""What a staff member may do (function permissions) and reach (data scopes), computed from their roles.

The result is cached per user under a version number that every change of roles, permissions, scopes,
assignments or the organisation tree bumps, so ``/me`` and every permission check cost one cache read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import transaction

from yimei.core.access import module_of
from yimei.core.scopes import Reach, Scope

_VERSION_KEY = "authz:version"


@dataclass(frozen=True)
class Access:
    permissions: frozenset[str]
    # permission code → what it reaches (union over the roles that hold the code)
    reaches: dict[str, Reach] = field(default_factory=dict)
    # module → scopes as the roles define them, for /me and the console
    scopes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def has(self, code: str) -> bool:
        return code in self.permissions

    def reach(self, code: str) -> Reach | None:
        return self.reaches.get(code)


def bump_access_version() -> None:
    """Invalidate every cached Access once the current transaction commits."""

    def bump() -> None:
        try:
            cache.incr(_VERSION_KEY)
        except ValueError:
            cache.set(_VERSION_KEY, 2, timeout=None)

    transaction.on_commit(bump)


def _version() -> int:
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, 1, timeout=None)
        version = cache.get(_VERSION_KEY) or 1
    return int(version)


def get_access(user: Any) -> Access:
    memo = getattr(user, "_yimei_access", None)
    if memo is not None:
        return memo
    key = f"authz:{_version()}:{user.pk}"
    access = cache.get(key)
    if access is None:
        access = compute_access(user)
        cache.set(key, access, timeout=3600)
    user._yimei_access = access
    return access


def _units_for(scope: str, user: Any, chosen: list[int]) -> frozenset[int]:
    from yimei.accounts.models import OrgUnit
    from yimei.accounts.selectors import department_of

    if scope == Scope.TEAM:
        return frozenset({user.org_unit_id})
    if scope == Scope.CUSTOM:
        return frozenset(chosen)
    department = department_of(user.org_unit_id)
    if department is None:
        return frozenset({user.org_unit_id})
    if scope == Scope.DEPARTMENT:
        ids = OrgUnit.objects.filter(parent=department, kind="team").values_list("id", flat=True)
        return frozenset({department.id, *ids})
    # department and below: the whole subtree
    return frozenset(OrgUnit.objects.filter(path__startswith=department.path).values_list("id", flat=True))


def _reach_of(scope: str, user: Any, chosen: list[int]) -> Reach:
    if scope == Scope.ALL:
        return Reach(all=True)
    if scope == Scope.OWN:
        return Reach(own=True)
    return Reach(unit_ids=_units_for(scope, user, chosen))


def compute_access(user: Any) -> Access:
    from yimei.accounts.models import Role

    if not user.is_active:
        return Access(permissions=frozenset())
    roles = (
        Role.objects.filter(users=user)
        .prefetch_related("permissions", "data_scopes__units")
        .order_by("id")
    )
    reaches: dict[str, Reach] = {}
    scopes: dict[str, dict[str, Any]] = {}
    for role in roles:
        role_scopes = {ds.module: ds for ds in role.data_scopes.all()}
        for permission in role.permissions.all():
            module = module_of(permission.code)
            data_scope = role_scopes.get(module)
            scope = data_scope.scope if data_scope else Scope.OWN
            chosen = [u.id for u in data_scope.units.all()] if data_scope else []
            reach = _reach_of(scope, user, chosen)
            previous = reaches.get(permission.code)
            reaches[permission.code] = previous.union(reach) if previous else reach
            entry = scopes.setdefault(module, {"scopes": [], "units": []})
            if scope not in entry["scopes"]:
                entry["scopes"].append(scope)
            entry["units"] = sorted({*entry["units"], *chosen})
    return Access(permissions=frozenset(reaches), reaches=reaches, scopes=scopes)
