"""Reads of the organisation used by several modules."""

from __future__ import annotations

from yimei.accounts.choices import UnitKind
from yimei.accounts.models import OrgUnit


def ancestors_ids(unit: OrgUnit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def department_of(unit_id: int | None) -> OrgUnit | None:
    """The nearest unit of kind department at or above ``unit_id``."""
    if unit_id is None:
        return None
    unit = OrgUnit.objects.filter(pk=unit_id).only("id", "path", "kind").first()
    if unit is None:
        return None
    chain = {u.id: u for u in OrgUnit.objects.filter(pk__in=ancestors_ids(unit)).only("id", "path", "kind")}
    for ancestor_id in reversed(ancestors_ids(unit)):
        ancestor = chain.get(ancestor_id)
        if ancestor is not None and ancestor.kind == UnitKind.DEPARTMENT:
            return ancestor
    return None


_SCOPE_RANK = ["own", "team", "department", "custom", "department_and_below", "all"]


def me_payload(user) -> dict:
    """``GET /api/v1/me/``: the user, roles, permission codes and data scopes (cached per access version)."""
    from django.conf import settings

    from yimei.accounts.authz import cached_for_user, get_access

    def compute() -> dict:
        access = get_access(user)
        unit = user.org_unit
        return {
            "id": user.pk,
            "username": user.username,
            "name": user.name,
            "staff_number": user.staff_number,
            "org_unit": {"id": unit.pk, "name": unit.name},
            "positions": [{"id": p.pk, "code": p.code, "name": p.name} for p in user.positions.all()],
            "roles": [{"id": r.pk, "code": r.code, "name": r.name} for r in user.roles.all()],
            "permissions": sorted(access.permissions),
            "data_scopes": {
                module: {
                    "scope": max(entry["scopes"], key=_SCOPE_RANK.index),
                    "scopes": entry["scopes"],
                    "units": entry["units"],
                }
                for module, entry in sorted(access.scopes.items())
            },
            "idle_timeout_seconds": settings.SESSION_IDLE_TIMEOUT_SECONDS,
        }

    # must_change_password is not cached: it changes by itself when the password ages.
    return {**cached_for_user(user, "me", compute), "must_change_password": user.password_change_required,
            "language": settings.LANGUAGE_CODE}
