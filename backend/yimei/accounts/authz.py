"""What a staff member may do (function permissions) and reach (data scopes), computed from their roles.

Per-user entries (the user row, their Access, their ``/me`` payload) are cached under a *stamp*: a global
token that every change of roles, permissions, scopes, assignments, staff or the organisation tree renews
after commit, and a per-user token that every save of that user's row renews (password, status, last
login). Entries live in this process (no round trip, no unpickling) and in the shared cache (for the other
workers); both are used only while their stamp is current. The session engine reads both tokens in the same
round trip as the session, so an authenticated request costs one small cache read.
"""

from __future__ import annotations

import uuid
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
Stamp = tuple[str, str]

# (kind, user id) → (stamp, value); bounded by the number of staff, cleared when it grows past that.
_local: dict[tuple[str, str], tuple[Stamp, Any]] = {}
_LOCAL_MAX = 10_000


def entry_key(kind: str, user_id: Any) -> str:
    return f"authz:{kind}:{user_id}"


def user_version_key(user_id: Any) -> str:
    return f"authz:uver:{user_id}"


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


def _renew(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, timeout=None)


def bump_access_version() -> None:
    """Invalidate every user's cached entries once the current transaction commits."""
    transaction.on_commit(lambda: _renew(VERSION_KEY))


def bump_user_version(user_id: Any) -> None:
    """Invalidate one user's cached entries now and again once the transaction commits."""
    _renew(user_version_key(user_id))
    transaction.on_commit(lambda: _renew(user_version_key(user_id)))


def _token(key: str, found: dict[str, Any] | None) -> str:
    token = (found or {}).get(key) or cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)  # first use, or the cache was emptied
        token = cache.get(key)
    return str(token)


def stamp_keys(user_id: Any) -> list[str]:
    return [VERSION_KEY, user_version_key(user_id)]


def current_stamp(user_id: Any, found: dict[str, Any] | None = None) -> Stamp:
    return _token(VERSION_KEY, found), _token(user_version_key(user_id), found)


def cached_entry(kind: str, user_id: Any, stamp: Stamp, compute: Callable[[], T | None]) -> T | None:
    """The ``kind`` entry of ``user_id`` under ``stamp``: from this process, the shared cache, or computed."""
    local_key = (kind, str(user_id))
    local = _local.get(local_key)
    if local is not None and local[0] == stamp:
        return local[1]
    shared = cache.get(entry_key(kind, user_id))
    if shared is not None and shared[0] == stamp:
        value = shared[1]
    else:
        value = compute()
        if value is None:
            return None
        cache.set(entry_key(kind, user_id), (stamp, value), timeout=ENTRY_TTL)
    if len(_local) >= _LOCAL_MAX:
        _local.clear()
    _local[local_key] = (stamp, value)
    return value


def cached_for_user(user: Any, kind: str, compute: Callable[[], T]) -> T:
    """The user's ``kind`` entry, memoised on the request's user (which may be a lazy proxy: no ``__dict__``)."""
    memo_name = f"_yimei_{kind}"
    memo = getattr(user, memo_name, None)
    if memo is not None:
        return memo
    stamp = getattr(user, "_yimei_stamp", None) or current_stamp(user.pk)
    value = cached_entry(kind, user.pk, stamp, compute)
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
