"""Reference data the kinds look up in memory: staff by staff number, customers by legacy id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from yimei.accounts.authz import get_access
from yimei.core.models import restrict
from yimei.customers.models import Customer
from yimei.dataimport.engine import Record
from yimei.dataimport.parsing import code_text

IMPORT_CODE = "customers.customer.import"


@dataclass(frozen=True)
class StaffRef:
    id: int
    name: str
    number: str
    org_unit_id: int | None
    is_active: bool


class StaffDirectory:
    """Every staff member by staff number (a department has hundreds: one query)."""

    def __init__(self, operator: Any):
        rows = get_user_model()._default_manager.values_list("id", "name", "staff_number", "org_unit_id",
                                                             "is_active")
        self.by_number = {r[2]: StaffRef(*r) for r in rows}
        self.by_upper = {k.upper(): v for k, v in self.by_number.items()}
        self.by_id = {v.id: v for v in self.by_number.values()}
        self.operator = operator
        self.reach = get_access(operator).reach(IMPORT_CODE) if operator is not None else None

    def find(self, record: Record, key: str, *, active: bool, in_scope: bool = False) -> StaffRef | None:
        """The staff member named by the cell, or None (an error is recorded when the cell names nobody)."""
        if not record.has(key):
            return None
        number = code_text(record.values[key])
        staff = self.by_number.get(number) or self.by_upper.get(number.upper())
        if staff is None:
            record.fail(key, f"工号“{number}”的员工不存在。", "员工工号不存在")
            return None
        if active and not staff.is_active:
            record.fail(key, f"员工“{staff.name}”（{staff.number}）已停用，不能指定为客户的咨询师。", "员工已停用")
            return None
        if in_scope and not self.reaches(staff):
            record.fail(key, f"员工“{staff.name}”（{staff.number}）不在您的数据权限范围内，不能指定。",
                        "员工不在您的数据权限范围内")
            return None
        return staff

    def reaches(self, staff: StaffRef) -> bool:
        if self.operator is None:
            return True
        reach = self.reach
        if reach is None:
            return False
        return reach.all or (reach.own and staff.id == self.operator.pk) or staff.org_unit_id in reach.unit_ids


class CustomerLookup:
    """Customers by legacy id, restricted to the importer's data scope, following merges to the file kept."""

    def __init__(self, operator: Any):
        self.operator = operator
        reach = get_access(operator).reach(IMPORT_CODE) if operator is not None else None
        self.everything = operator is None or (reach is not None and reach.all)

    def in_scope(self, ids: set[int]) -> set[int]:
        if self.everything or not ids:
            return set(ids)
        return set(restrict(Customer, self.operator, IMPORT_CODE).filter(pk__in=ids).values_list("pk", flat=True))

    def by_legacy(self, legacy_ids: set[str]) -> dict[str, dict[str, Any]]:
        """legacy id → {"id", "org_unit_id", "in_scope"} of the customer file that is kept (after merges)."""
        if not legacy_ids:
            return {}
        rows = {r["legacy_id"]: r for r in Customer.objects.filter(legacy_id__in=legacy_ids)
                                                  # Says what the partial unique index covers, so it is used.
                                                  .exclude(legacy_id="")
                .values("id", "legacy_id", "merged_into_id", "org_unit_id")}
        # Merged files point at the file they went into (possibly through several merges).
        pending = {r["merged_into_id"] for r in rows.values() if r["merged_into_id"]}
        kept: dict[int, dict[str, Any]] = {}
        for _ in range(10):
            if not pending:
                break
            found = {r["id"]: r for r in Customer.objects.filter(pk__in=pending)
                     .values("id", "merged_into_id", "org_unit_id")}
            kept.update(found)
            pending = {r["merged_into_id"] for r in found.values() if r["merged_into_id"] and
                       r["merged_into_id"] not in kept}
        result: dict[str, dict[str, Any]] = {}
        for legacy, row in rows.items():
            current = row
            for _ in range(10):
                if not current.get("merged_into_id"):
                    break
                current = kept.get(current["merged_into_id"], current)
            result[legacy] = {"id": current["id"], "org_unit_id": current["org_unit_id"]}
        allowed = self.in_scope({r["id"] for r in result.values()})
        for row in result.values():
            row["in_scope"] = row["id"] in allowed
        return result
