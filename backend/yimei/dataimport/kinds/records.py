"""Importing the history of visits (到访) and consultations (咨询) of customers already imported.

Rows are keyed on their legacy id through ``LegacyKey``; the customer is found by its legacy id (inside the
importer's data scope, following merges). Staff named by staff number must exist but may have left: this
is history. Each new row gets its timeline event at the time it happened; a visits import then recomputes
the first/last visit dates and visit counts of the customers it touched.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Max, Min
from django.utils import timezone

from yimei.audit.services import snapshot
from yimei.customers.choices import (
    ConsultationKind,
    ConsultationOutcome,
    NoDealReason,
    VisitKind,
    VisitStatus,
)
from yimei.customers.models import Consultation, Customer, CustomerEvent, Visit
from yimei.dataimport import parsing
from yimei.dataimport.bulkwrite import RowWriter
from yimei.dataimport.choices import ImportKind
from yimei.dataimport.engine import BATCH_SIZE, Handler, Record
from yimei.dataimport.kinds.common import CustomerLookup, StaffDirectory
from yimei.dataimport.models import LegacyKey

# Leeway for clocks: a time a few minutes ahead of the server is not "in the future".
FUTURE_LEEWAY = timedelta(minutes=10)


class HistoryHandler(Handler):
    """What visits and consultations share: legacy keys, the customer lookup, in-file duplicates."""

    model: type = Visit
    compare: tuple[str, ...] = ()

    def prepare(self) -> None:
        self.staff = StaffDirectory(self.ctx.operator)
        self.customers = CustomerLookup(self.ctx.operator)
        self.seen: dict[str, int] = {}
        self.touched_customers: set[int] = set()

    def _keys(self, records: list[Record]) -> None:
        """Fill ``r.target`` from the legacy keys, the customer from its legacy id; check in-file duplicates."""
        legacy_ids = {r.data["legacy_id"] for r in records if r.data.get("legacy_id")}
        keys = dict(LegacyKey.objects.filter(kind=self.kind, legacy_id__in=legacy_ids)
                    .values_list("legacy_id", "object_id"))
        existing = self.model._default_manager.in_bulk(list(keys.values()))
        customers = self.customers.by_legacy({r.data["customer_legacy_id"] for r in records
                                              if r.data.get("customer_legacy_id")})
        self.stale_keys = {legacy for legacy, pk in keys.items() if pk not in existing}
        for r in records:
            d = r.data
            legacy = d.get("legacy_id")
            if legacy:
                first = self.seen.setdefault(legacy, r.row)
                if first != r.row:
                    r.fail("legacy_id", f"原系统编号与第 {first} 行重复。", "原系统编号在文件中重复")
            customer_legacy = d.get("customer_legacy_id")
            if customer_legacy:
                customer = customers.get(customer_legacy)
                if customer is None:
                    r.fail("customer_legacy_id", f"客户原系统编号“{customer_legacy}”不存在，请先导入客户档案。",
                           "客户不存在")
                elif not customer["in_scope"]:
                    r.fail("customer_legacy_id", f"客户原系统编号“{customer_legacy}”对应的客户不在您的数据权限范围内。",
                           "客户不在您的数据权限范围内")
                else:
                    d["customer_id"] = customer["id"]
                    d["customer_unit"] = customer["org_unit_id"]
            if legacy and legacy in keys and keys[legacy] in existing:
                r.target = existing[keys[legacy]]

    def _decide(self, records: list[Record]) -> None:
        for r in records:
            if r.errors:
                continue
            if r.target is None:
                r.action = "create"
                continue
            changes = {}
            for key in self.compare:
                if key in r.data and r.data[key] not in (None, "") and getattr(r.target, key) != r.data[key]:
                    changes[key] = r.data[key]
            r.changes = changes
            r.action = "update" if changes else "unchanged"

    def _when(self, r: Record, key: str, label: str, *, required: bool) -> Any:
        value = self.required(r, key, parsing.parse_datetime, label) if required else \
            self.field(r, key, parsing.parse_datetime)
        if value is not None and value > self.ctx.now + FUTURE_LEEWAY:
            r.fail(key, f"{label}不能晚于现在。")
            return None
        return value

    def _save_keys(self, records: list[Record], ids: list[int]) -> None:
        stale = [r.data["legacy_id"] for r in records if r.data["legacy_id"] in self.stale_keys]
        if stale:  # the row a key pointed at was deleted since: the new row takes the key over
            LegacyKey.objects.filter(kind=self.kind, legacy_id__in=stale).delete()
        LegacyKey.objects.bulk_create([
            LegacyKey(kind=self.kind, legacy_id=r.data["legacy_id"], object_id=pk, job_id=self.ctx.job.pk)
            for r, pk in zip(records, ids, strict=True)
        ], batch_size=BATCH_SIZE)

    def _write_updates(self, records: list[Record]) -> None:
        before = {r.target.pk: snapshot(r.target) for r in records}
        fields: set[str] = set()
        for r in records:
            self.touched_customers.add(r.target.customer_id)
            for key, value in r.changes.items():
                setattr(r.target, key, value)
                fields.add(key)
            r.target.updated_at = self.ctx.now
            self.touched_customers.add(r.target.customer_id)
        objects = [r.target for r in records]
        self.model._default_manager.bulk_update(objects, sorted({*fields, "updated_at"}), batch_size=500)
        self.log_updated(objects, before)

    def _events(self, rows: list[dict[str, Any]], *, type: str, when: str, summary: Any,
                records: list[Record]) -> None:
        """A timeline event per new row, at the time it happened."""
        label = self.model._meta.label_lower
        RowWriter(CustomerEvent).insert(({
            "customer_id": row["customer_id"], "type": type, "occurred_at": row[when],
            "actor_id": self.ctx.operator_id, "actor_name": self.ctx.operator_name, "source_type": label,
            "source_id": str(row["id"]), "summary": summary(row, r)[:255],
            "data": {"job": self.ctx.job.pk, "imported": True},
        } for row, r in zip(rows, records, strict=True)), now=self.ctx.now)

    def _unit(self, d: dict[str, Any], *keys: str) -> int | None:
        for key in keys:
            staff = d.get(key)
            if staff is not None and staff.org_unit_id:
                return staff.org_unit_id
        return d.get("customer_unit") or getattr(self.ctx.operator, "org_unit_id", None)


class VisitHandler(HistoryHandler):
    kind = ImportKind.VISITS
    model = Visit
    compare = ("customer_id", "arrived_at", "kind", "consultant_id", "doctor_id", "purpose", "has_deal", "left_at",
               "note")

    def prepare(self) -> None:
        super().prepare()
        self.derived_kind_ids: set[int] = set()

    def check(self, records: list[Record]) -> None:
        kinds = list(VisitKind.choices)
        for r in records:
            d = r.data
            d["legacy_id"] = self.required(r, "legacy_id", lambda v: parsing.limited(parsing.code_text(v), 64),
                                           "原系统编号")
            d["customer_legacy_id"] = self.required(r, "customer_legacy_id", lambda v: parsing.limited(v, 64),
                                                    "客户原系统编号")
            d["arrived_at"] = self._when(r, "arrived_at", "到院时间", required=True)
            if r.has("kind"):
                d["kind"] = self.field(r, "kind", lambda v: parsing.choice(v, kinds))
            for key in ("consultant", "doctor"):
                staff = self.staff.find(r, key, active=False)
                if staff is not None:
                    d[key], d[f"{key}_id"] = staff, staff.id
            if r.has("purpose"):
                d["purpose"] = self.field(r, "purpose", lambda v: parsing.limited(v, 200))
            if r.has("has_deal"):
                d["has_deal"] = self.field(r, "has_deal", parsing.boolean)
            if r.has("left_at"):
                d["left_at"] = self._when(r, "left_at", "离院时间", required=False)
                if d["left_at"] and d.get("arrived_at") and d["left_at"] < d["arrived_at"]:
                    r.fail("left_at", "离院时间早于到院时间。")
            if r.has("note"):
                d["note"] = self.field(r, "note", lambda v: parsing.limited(v, 500))
        self._keys(records)
        self._decide(records)

    def write(self, records: list[Record]) -> None:
        creates = [r for r in records if r.action == "create"]
        if creates:
            writer = RowWriter(Visit, with_pk=True)
            rows = []
            for r, pk in zip(creates, writer.allocate_ids(len(creates)), strict=True):
                d = r.data
                rows.append({
                    "id": pk, "customer_id": d["customer_id"], "kind": d.get("kind") or VisitKind.RETURN,
                    "status": VisitStatus.LEFT, "arrived_at": d["arrived_at"], "consultant_id": d.get("consultant_id"),
                    "doctor_id": d.get("doctor_id"), "purpose": d.get("purpose") or "",
                    "has_deal": bool(d.get("has_deal")), "left_at": d.get("left_at"), "note": d.get("note") or "",
                    "org_unit_id": self._unit(d, "consultant", "doctor"),
                })
                if not d.get("kind"):
                    self.derived_kind_ids.add(pk)
                self.touched_customers.add(d["customer_id"])
            writer.insert(rows, now=self.ctx.now)
            self._save_keys(creates, [row["id"] for row in rows])
            self._events(rows, type="visit.arrived", when="arrived_at", summary=lambda row, r: (
                f"到院（历史导入）：{VisitKind(row['kind']).label if r.data.get('kind') else '到访'}"
                + (f"，{row['purpose']}" if row["purpose"] else "")), records=creates)
            self.log_created(Visit, rows, lambda row: f"{row['customer_id']} {row['arrived_at']:%Y-%m-%d}")
        updates = [r for r in records if r.action == "update"]
        if updates:
            self._write_updates(updates)

    def finish(self) -> None:
        """Visit types left blank (first visit or return) and the customers' visit figures."""
        ids = sorted(self.touched_customers)
        firsts: list[int] = []
        figures: list[Customer] = []
        for start in range(0, len(ids), BATCH_SIZE):
            part = ids[start:start + BATCH_SIZE]
            visits = Visit.objects.filter(customer_id__in=part).exclude(status=VisitStatus.CANCELLED)
            if self.derived_kind_ids:
                seen: set[int] = set()
                for customer_id, visit_id in visits.order_by("customer_id", "arrived_at", "id") \
                        .values_list("customer_id", "id"):
                    if customer_id not in seen:
                        seen.add(customer_id)
                        if visit_id in self.derived_kind_ids:
                            firsts.append(visit_id)
            for row in visits.order_by().values("customer_id").annotate(n=Count("id"), first=Min("arrived_at"),
                                                                         last=Max("arrived_at")):
                figures.append(Customer(pk=row["customer_id"], visit_count=row["n"],
                                        first_visit_on=timezone.localdate(row["first"]),
                                        last_visit_on=timezone.localdate(row["last"])))
        for start in range(0, len(firsts), BATCH_SIZE):
            Visit.objects.filter(pk__in=firsts[start:start + BATCH_SIZE]).update(kind=VisitKind.FIRST)
        Customer.objects.bulk_update(figures, ["visit_count", "first_visit_on", "last_visit_on"], batch_size=500)


class ConsultationHandler(HistoryHandler):
    kind = ImportKind.CONSULTATIONS
    model = Consultation
    compare = ("customer_id", "visit_id", "consultant_id", "kind", "consulted_at", "content", "interested_items",
               "outcome", "no_deal_reason", "no_deal_note", "next_step", "next_contact_on")

    def check(self, records: list[Record]) -> None:
        kinds = list(ConsultationKind.choices)
        kind_words = {"现场": "onsite", "网络": "online", "网电": "online", "线上": "online", "电话": "phone"}
        outcomes = list(ConsultationOutcome.choices)
        outcome_words = {"是": "deal", "否": "no_deal", "已成交": "deal", "未定": "pending"}
        reasons = list(NoDealReason.choices)
        for r in records:
            d = r.data
            d["legacy_id"] = self.required(r, "legacy_id", lambda v: parsing.limited(parsing.code_text(v), 64),
                                           "原系统编号")
            d["customer_legacy_id"] = self.required(r, "customer_legacy_id", lambda v: parsing.limited(v, 64),
                                                    "客户原系统编号")
            d["consulted_at"] = self._when(r, "consulted_at", "咨询时间", required=True)
            if not r.has("consultant"):
                r.fail("consultant", "请填写咨询师工号。", "必填项为空")
            staff = self.staff.find(r, "consultant", active=False)
            if staff is not None:
                d["consultant"], d["consultant_id"] = staff, staff.id
            if r.has("kind"):
                d["kind"] = self.field(r, "kind", lambda v: parsing.choice(v, kinds, extra=kind_words))
            if r.has("content"):
                d["content"] = self.field(r, "content", lambda v: parsing.limited(v, 5000))
            if r.has("interested_items"):
                d["interested_items"] = [item[:64] for item in parsing.split_list(r.values["interested_items"])]
            if r.has("outcome"):
                d["outcome"] = self.field(r, "outcome", lambda v: parsing.choice(v, outcomes, extra=outcome_words))
            if r.has("no_deal_reason"):
                reason = self.field(r, "no_deal_reason", lambda v: parsing.choice(v, reasons))
                # A reason only means something for a consultation without a deal.
                d["no_deal_reason"] = reason if d.get("outcome") == ConsultationOutcome.NO_DEAL else None
            for key in ("no_deal_note", "next_step"):
                if r.has(key):
                    d[key] = self.field(r, key, lambda v: parsing.limited(v, 200))
            if r.has("next_contact_on"):
                d["next_contact_on"] = self.field(r, "next_contact_on", parsing.parse_date)
            if r.has("visit_legacy_id"):
                d["visit_legacy_id"] = parsing.limited(parsing.code_text(r.values["visit_legacy_id"]), 64)
        self._keys(records)
        self._visits(records)
        self._decide(records)

    def _visits(self, records: list[Record]) -> None:
        wanted = {r.data["visit_legacy_id"] for r in records if r.data.get("visit_legacy_id")}
        if not wanted:
            return
        keys = dict(LegacyKey.objects.filter(kind=ImportKind.VISITS, legacy_id__in=wanted)
                    .values_list("legacy_id", "object_id"))
        owners = dict(Visit.objects.filter(pk__in=list(keys.values())).values_list("id", "customer_id"))
        for r in records:
            legacy = r.data.get("visit_legacy_id")
            if not legacy:
                continue
            visit_id = keys.get(legacy)
            if visit_id is None or visit_id not in owners:
                r.fail("visit_legacy_id", f"到访原系统编号“{legacy}”不存在，请先导入到访记录。", "到访记录不存在")
            elif r.data.get("customer_id") and owners[visit_id] != r.data["customer_id"]:
                r.fail("visit_legacy_id", f"到访记录“{legacy}”属于另一位客户。", "到访记录属于另一位客户")
            else:
                r.data["visit_id"] = visit_id

    def write(self, records: list[Record]) -> None:
        creates = [r for r in records if r.action == "create"]
        if creates:
            writer = RowWriter(Consultation, with_pk=True)
            rows = []
            for r, pk in zip(creates, writer.allocate_ids(len(creates)), strict=True):
                d = r.data
                rows.append({
                    "id": pk, "customer_id": d["customer_id"], "visit_id": d.get("visit_id"),
                    "consultant_id": d["consultant_id"], "kind": d.get("kind") or ConsultationKind.ONSITE,
                    "consulted_at": d["consulted_at"], "content": d.get("content") or "",
                    "interested_items": d.get("interested_items") or [],
                    "outcome": d.get("outcome") or ConsultationOutcome.PENDING,
                    "no_deal_reason": d.get("no_deal_reason") or "", "no_deal_note": d.get("no_deal_note") or "",
                    "next_step": d.get("next_step") or "", "next_contact_on": d.get("next_contact_on"),
                    "org_unit_id": self._unit(d, "consultant"),
                })
            writer.insert(rows, now=self.ctx.now)
            self._save_keys(creates, [row["id"] for row in rows])
            self._events(rows, type="consultation.recorded", when="consulted_at", summary=lambda row, r: (
                f"咨询（历史导入）：{ConsultationOutcome(row['outcome']).label}"
                + (f"，意向 {'、'.join(row['interested_items'])}" if row["interested_items"] else "")), records=creates)
            self.log_created(Consultation, rows, lambda row: f"咨询记录 {row['id']}")
        updates = [r for r in records if r.action == "update"]
        if updates:
            self._write_updates(updates)
