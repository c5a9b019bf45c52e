"""Data scopes (数据权限): which rows of a module a role may reach, as in RuoYi."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Scope(models.TextChoices):
    OWN = "own", "本人"
    TEAM = "team", "本小组"
    DEPARTMENT = "department", "本科室"
    DEPARTMENT_AND_BELOW = "department_and_below", "本科室及以下"
    ALL = "all", "全部"
    CUSTOM = "custom", "指定部门"


SCOPE_LABELS_EN = {
    Scope.OWN: "Own records",
    Scope.TEAM: "My team",
    Scope.DEPARTMENT: "My department",
    Scope.DEPARTMENT_AND_BELOW: "My department and below",
    Scope.ALL: "All",
    Scope.CUSTOM: "Chosen units",
}


@dataclass(frozen=True)
class Reach:
    """What one permission code lets the user reach: everything, their own rows, rows of some units."""

    all: bool = False
    own: bool = False
    unit_ids: frozenset[int] = frozenset()

    def union(self, other: Reach) -> Reach:
        return Reach(
            all=self.all or other.all,
            own=self.own or other.own,
            unit_ids=self.unit_ids | other.unit_ids,
        )

    def as_json(self) -> dict:
        return {"all": self.all, "own": self.own, "unit_ids": sorted(self.unit_ids)}
