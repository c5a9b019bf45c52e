"""Base models and the restricted queryset: the one path every user-reachable query goes through."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user: Any, code: str) -> RestrictedQuerySet:
        """Rows ``user`` may reach with permission ``code``: none without the code, else its data scope.

        A model says how rows belong to people and units with ``scope_owner_field`` (the staff member
        who owns the row; a tuple when several people own it, e.g. a customer's on-site and online
        consultant) and ``scope_unit_field`` (the org unit the row belongs to).
        """
        from yimei.accounts.authz import get_access

        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        reach = get_access(user).reach(code)
        if reach is None:
            return self.none()
        owner_field = getattr(self.model, "scope_owner_field", None)
        unit_field = getattr(self.model, "scope_unit_field", None)
        # Reference data (positions, tags, tiers …) belongs to nobody: the function code alone opens it.
        if reach.all or (owner_field is None and unit_field is None):
            return self
        condition = Q(pk__in=[])
        if reach.own and owner_field:
            for name in (owner_field,) if isinstance(owner_field, str) else owner_field:
                condition |= Q(**{name: user.pk})
        if reach.unit_ids and unit_field:
            condition |= Q(**{f"{unit_field}__in": sorted(reach.unit_ids)})
        return self.filter(condition)


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    pass


def restrict(queryset: models.QuerySet | type[models.Model], user: Any, code: str) -> models.QuerySet:
    """``restrict(Model or queryset, user, "module.thing.action")`` — the function form of the same path."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    return RestrictedQuerySet.restrict(queryset, user, code)  # type: ignore[arg-type]


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class ChangeLoggedModel(models.Model):
    """Saves and deletes of subclasses are written to the change log by one generic receiver."""

    # Field names left out of the change log (hashes, derived columns).
    changelog_exclude: tuple[str, ...] = ()

    class Meta:
        abstract = True
