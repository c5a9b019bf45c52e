"""What a staff member may do (function permissions) and reach (data scopes), computed from their roles.

Per-user entries (the user row, their Access, their ``/me`` payload) are cached as ``(version, value)``
under one global version number that every change of roles, permissions, scopes, assignments, staff or
the organisation tree bumps after commit. The authentication backend reads the version and all three
entries in one round trip, so an authenticated request costs the session read and that one read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

from yimei.core.access import module_of
from yimei.core.scopes import Reach, Scope

VERSION_KEY = "authz:version"
ENTRY_TTL = 3600
T = TypeVar("T")


def entry_key(kind: str, user_id: Any) -> str:
    return f"authz:{kind}:{user_id}"


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
    """Invalidate every cached per-user entry once the current transaction commits."""

    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, timeout=None)

    transaction.on_commit(bump)


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return int(version)


def cached_for_user(user: Any, kind: str, compute: Callable[[], T]) -> T:
    """The user's ``kind`` entry: from the request memo, the prefetched cache entry, the cache, or computed.

    ``user`` may be the request's lazy proxy, so attributes are read and set through it (not ``__dict__``).
    """
    memo_name = f"_yimei_{kind}"
    memo = getattr(user, memo_name, None)
    if memo is not None:
        return memo
    version = getattr(user, "_yimei_version", None) or current_version()
    key = entry_key(kind, user.pk)
    entry = getattr(user, f"_yimei_prefetched_{kind}", None) or cache.get(key)
    if entry is not None and entry[0] == version:
        value = entry[1]
    else:
        value = compute()
        cache.set(key, (version, value), timeout=ENTRY_TTL)
    setattr(user, memo_name, value)
    return value


def get_access(user: Any) -> Access:
    return cached_for_user(user, "access", lambda: compute_access(user))


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
