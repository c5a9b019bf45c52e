"""The follow-up rule engine: reads the customer timeline and the sales and visit tables, and creates each
automatic task once per trigger (``(rule, trigger_key)`` is unique, so running again creates nothing).

Two kinds of work, both idempotent:

- **Events** (``run_events``) — from the last timeline event read (``EngineState.event_cursor``): a no-show
  (``appointment.no_show``) gives the 预约未到访 task; a deduction (``deduction.done``) gives the aftercare
  messages and the 术后回访 tasks at the item's nodes; a reversal (``deduction.reversed``) withdraws both. Each
  pass re-reads the last ``OVERLAP`` event ids too, because a transaction may commit after one with a higher id
  (everything it does is keyed, so a second reading changes nothing). A first pass takes the engine's events of
  the last two hours, by time: the history before the engine existed is not replayed.
- **Scans** (``run_scans``) — set-based queries over trigger *dates*: a rule covers the local dates after
  ``scanned_through`` up to today (at most ``LOOKBACK_DAYS`` back; only today the first time), so a pass costs
  what a day brings, not what the database holds, and enabling a rule does not sweep years of history. 到访未支付
  (a visit, the day after, with no payment and no treatment since), 支付后该做治疗 (sessions owned and nothing
  bought or deducted for N days), 睡眠客户 (no visit for N days); then the resource rules (``resources.py``).

Everything runs under a system context (the operator is "系统"); tasks, their timeline events and the bell
notifications for their assignees are written in the pass's transaction.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from yimei.core import context
from yimei.customers.visits import local_date, local_day_start
from yimei.followups import notifications
from yimei.followups.choices import AssigneeMode, RuleKind, TaskStatus
from yimei.followups.models import EngineState, FollowUpRule, FollowUpTask, Notification
from yimei.followups.rules import days_param, ensure_default_rules, render_script

log = logging.getLogger("yimei.followups.engine")

EVENT_TYPES = ("appointment.no_show", "deduction.done", "deduction.reversed")
# How many times a pass reads on to events that arrived while it ran.
CATCH_UP_ROUNDS = 3
EVENT_FIELDS = ("id", "customer_id", "type", "source_type", "source_id", "occurred_at", "summary")
OVERLAP = 200
BATCH = 2000
EVENT_LOOKBACK = timedelta(hours=2)
LOOKBACK_DAYS = 7
CHUNK = 500


@dataclass
class Candidate:
    """One trigger of one rule, before it becomes a task."""

    customer_id: int
    trigger_key: str
    due_on: date
    source_type: str
    source_id: str
    summary: str
    variables: dict[str, Any] = field(default_factory=dict)
    operator_id: int | None = None
    consultant_id: int | None = None
    online_consultant_id: int | None = None
    customer_unit_id: int | None = None
    customer_name: str = ""


def _chunks(values: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def fast_plans() -> None:
    """PostgreSQL compiles a query whose estimated cost is high (JIT): seconds of compiling for a scan that runs
    in milliseconds. The engine's queries are index lookups; off for this transaction."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def system_context() -> context.RequestContext:
    return context.RequestContext(request_id=f"followups-{uuid.uuid4().hex[:12]}", actor="系统")


# --- creating tasks -----------------------------------------------------------------------------------------


class Staff:
    """Active staff (id → unit, name), read once per pass: assignees are resolved without a query per task."""

    def __init__(self) -> None:
        from yimei.accounts.models import User

        self.rows = {pk: (unit, name) for pk, unit, name in
                     User.objects.filter(is_active=True).values_list("pk", "org_unit_id", "name")}

    def active(self, pk: int | None) -> int | None:
        return pk if pk is not None and pk in self.rows else None

    def unit(self, pk: int) -> int | None:
        return self.rows[pk][0]

    def name(self, pk: int | None) -> str:
        return self.rows[pk][1] if pk in self.rows else ""


def _assignee(rule: FollowUpRule, c: Candidate, staff: Staff) -> tuple[int | None, int | None]:
    """(assignee id, pool id) for a candidate: the rule's mode, else its pool, else the customer's unit."""
    mode = rule.assignee_mode
    person = None
    if mode == AssigneeMode.OWNING_CONSULTANT:
        person = staff.active(c.consultant_id) or staff.active(c.online_consultant_id)
    elif mode == AssigneeMode.OPERATOR:
        person = staff.active(c.operator_id) or staff.active(c.consultant_id)
    elif mode == AssigneeMode.ONLINE_CONSULTANT:
        person = staff.active(c.online_consultant_id) or staff.active(c.consultant_id)
    elif mode == AssigneeMode.NAMED:
        person = staff.active(rule.assignee_id)
    if person is not None:
        return person, None
    return None, rule.pool_id or c.customer_unit_id


def create_tasks(rule: FollowUpRule, candidates: list[Candidate], *, staff: Staff) -> list[FollowUpTask]:
    """Insert the tasks of ``candidates`` that do not exist yet; returns those created (with their events and
    the assignees' notifications written)."""
    if not candidates:
        return []
    by_key = {c.trigger_key: c for c in candidates}
    keys = list(by_key)
    existing: set[str] = set()
    for part in _chunks(keys):
        existing.update(FollowUpTask.objects.filter(rule=rule, trigger_key__in=part).values_list("trigger_key",
                                                                                                 flat=True))
    new = [by_key[k] for k in keys if k not in existing]
    if not new:
        return []
    rows = []
    for c in new:
        person, pool = _assignee(rule, c, staff)
        variables = {"customer_name": c.customer_name, "consultant_name": staff.name(c.consultant_id),
                     **c.variables}
        rows.append(FollowUpTask(
            customer_id=c.customer_id, assignee_id=person, pool_id=pool, due_on=c.due_on, method=rule.method,
            purpose=(rule.purpose or rule.name)[:100], script=render_script(rule.script_template, variables),
            rule=rule, trigger_key=c.trigger_key, source_type=c.source_type, source_id=c.source_id,
            source_summary=c.summary[:255], org_unit_id=staff.unit(person) if person is not None else pool))
    FollowUpTask.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    created: list[FollowUpTask] = []
    for part in _chunks([c.trigger_key for c in new]):
        created.extend(FollowUpTask.objects.filter(rule=rule, trigger_key__in=part, status=TaskStatus.OPEN)
                       .only("pk", "customer_id", "assignee_id", "pool_id", "due_on", "purpose", "trigger_key"))
    _after_create(rule, created, staff)
    _audit_created(rule, rows, created)
    return created


def _audit_created(rule: FollowUpRule, rows: list[FollowUpTask], created: list[FollowUpTask]) -> None:
    """The change log of the tasks inserted in bulk (each as inserted), and one operation-log row per rule."""
    from yimei.audit.services import record_created, record_operation

    if not created:
        return
    ids = {t.trigger_key: t.pk for t in created}
    inserted = [row for row in rows if row.trigger_key in ids]
    for row in inserted:
        row.pk = ids[row.trigger_key]
    record_created(inserted)
    record_operation(module="followups", action="auto_create", obj=rule,
                     message=f"自动规则“{rule.name}”生成回访任务 {len(created)} 条")


def _after_create(rule: FollowUpRule, tasks: list[FollowUpTask], staff: Staff) -> None:
    from yimei.customers.models import CustomerEvent

    now = timezone.now()
    CustomerEvent.objects.bulk_create([
        CustomerEvent(customer_id=t.customer_id, type="followup.created", occurred_at=now,
                      source_type="followups.followuptask", source_id=str(t.pk), actor_name="系统",
                      data={"rule": rule.kind},
                      summary=f"自动回访（{rule.name}）：{t.purpose}（{t.due_on:%Y-%m-%d}，"
                              f"{staff.name(t.assignee_id) or '公共池'}）"[:255])
        for t in tasks], batch_size=1000)
    per_person = Counter(t.assignee_id for t in tasks if t.assignee_id)
    notifications.notify_many(
        Notification(user_id=pk, kind="followup_auto", title="新的自动回访任务",
                     body=f"规则“{rule.name}”为您生成了 {n} 条回访任务。", link=notifications.TASKS_LINK)
        for pk, n in per_person.items())


# --- events ---------------------------------------------------------------------------------------------------


def _recent_events(now: datetime, end: int) -> Iterator[list[dict[str, Any]]]:
    """A first pass's events: those of the engine's kinds of the last two hours, by time (the type index),
    whatever their ids — imported or generated history is not in id order."""
    from yimei.customers.models import CustomerEvent

    rows = list(CustomerEvent.objects.filter(type__in=EVENT_TYPES, occurred_at__gte=now - EVENT_LOOKBACK, id__lte=end)
                .order_by("id").values(*EVENT_FIELDS))
    yield from _chunks(rows, BATCH)


def _lock_state(*, wait: bool) -> EngineState | None:
    EngineState.objects.get_or_create(pk=1)
    rows = EngineState.objects.select_for_update(skip_locked=not wait).filter(pk=1)
    return rows.first()


def run_events(*, now: datetime | None = None, wait: bool = True) -> Counter:
    """Read the timeline from the cursor and act on no-shows, deductions and reversals. With ``wait=False`` a
    pass already running elsewhere is left to do the work (the wake-up after a commit)."""
    from yimei.customers.models import CustomerEvent

    now = now or timezone.now()
    counts: Counter = Counter()
    with context.request_context(system_context()), transaction.atomic():
        state = _lock_state(wait=wait)
        if state is None:
            return counts
        fast_plans()
        rules = {r.kind: r for r in ensure_default_rules()}
        end = CustomerEvent.objects.aggregate(m=Max("id"))["m"] or 0
        staff = Staff()
        if state.event_cursor is None:  # the first pass: the last hours' events, not the whole history
            for batch in _recent_events(now, end):
                _process(batch, rules, staff, counts, now)
            state.event_cursor = end
            state.save(update_fields=["event_cursor", "updated_at"])
            return counts
        last = max(state.event_cursor - OVERLAP, 0)
        # Events committed while this pass runs had their wake-up skip it (the lock is held): read on to the newest
        # id a few times, so they are answered now rather than at the next periodic pass.
        for _ in range(CATCH_UP_ROUNDS):
            while last < end:
                batch = list(CustomerEvent.objects.filter(id__gt=last, id__lte=end, type__in=EVENT_TYPES)
                             .order_by("id").values(*EVENT_FIELDS)[:BATCH])
                if not batch:
                    break
                _process(batch, rules, staff, counts, now)
                last = batch[-1]["id"]
            newest = CustomerEvent.objects.aggregate(m=Max("id"))["m"] or 0
            if newest <= end:
                break
            last, end = end, newest
        if end > state.event_cursor:
            state.event_cursor = end
            state.save(update_fields=["event_cursor", "updated_at"])
    return counts


def _ids(batch: list[dict[str, Any]], type_: str, source_type: str) -> list[int]:
    return [int(e["source_id"]) for e in batch
            if e["type"] == type_ and e["source_type"] == source_type and e["source_id"].isdigit()]


def _process(batch: list[dict[str, Any]], rules: dict[str, FollowUpRule], staff: Staff, counts: Counter,
             now: datetime) -> None:
    from yimei.customers.models import Customer
    from yimei.sales.models import Deduction

    customer_ids = {e["customer_id"] for e in batch}
    customers = {c["pk"]: c for c in Customer.objects.filter(pk__in=customer_ids).values(
        "pk", "name", "consultant_id", "online_consultant_id", "org_unit_id", "merged_into_id")}

    def candidate(customer_id: int, **kwargs: Any) -> Candidate | None:
        row = customers.get(customer_id)
        if row is None or row["merged_into_id"]:
            return None
        return Candidate(customer_id=customer_id, consultant_id=row["consultant_id"],
                         online_consultant_id=row["online_consultant_id"], customer_unit_id=row["org_unit_id"],
                         customer_name=row["name"], **kwargs)

    # 预约未到访
    rule = rules[RuleKind.NO_SHOW]
    no_show_ids = _ids(batch, "appointment.no_show", "appointments.appointment")
    if rule.enabled and no_show_ids and apps.is_installed("yimei.appointments"):
        appointment_model = apps.get_model("appointments", "Appointment")
        found = []
        for row in appointment_model.objects.filter(pk__in=no_show_ids, status="no_show").values(
                "pk", "customer_id", "number", "starts_at", "created_by_id"):
            day, start = local_date(row["starts_at"]), timezone.localtime(row["starts_at"])
            c = candidate(row["customer_id"], trigger_key=f"appointment:{row['pk']}",
                          # from the day it was marked: the sweep's next morning, or today at the front desk
                          due_on=max(day, local_date(now)) + timedelta(days=rule.delay_days),
                          source_type="appointments.appointment", source_id=str(row["pk"]),
                          summary=f"爽约：{start:%Y-%m-%d %H:%M} 的预约（{row['number']}）",
                          operator_id=row["created_by_id"],
                          variables={"appointment_time": f"{start:%m月%d日 %H:%M}",
                                     "visit_date": f"{day:%Y-%m-%d}"})
            if c is not None:
                found.append(c)
        counts[RuleKind.NO_SHOW] += len(create_tasks(rule, found, staff=staff))

    # 划扣: aftercare messages and 术后回访; 冲正: withdraw both
    done_ids = _ids(batch, "deduction.done", "sales.deduction")
    reversed_ids = _ids(batch, "deduction.reversed", "sales.deduction")
    if done_ids:
        from yimei.followups.models import CareDelivery, CarePlan

        deductions = list(Deduction.objects.filter(pk__in=done_ids, status="done").order_by("pk"))
        plans = {p.item_id: p for p in CarePlan.objects.filter(
            item_id__in={d.item_id for d in deductions if d.item_id}, is_active=True)}
        delivered = set(CareDelivery.objects.filter(deduction_id__in=[d.pk for d in deductions])
                        .values_list("deduction_id", flat=True))
        counts["care"] += _schedule_care([d for d in deductions if d.pk not in delivered and d.item_id in plans],
                                         plans, now)
        rule = rules[RuleKind.POST_TREATMENT]
        if rule.enabled:
            found = []
            for deduction in deductions:
                for n, due in _post_treatment_nodes(deduction, plans.get(deduction.item_id), rule, now):
                    treated = local_date(deduction.performed_at)
                    c = candidate(deduction.customer_id, trigger_key=f"deduction:{deduction.pk}:day:{n}", due_on=due,
                                  source_type="sales.deduction", source_id=str(deduction.pk),
                                  summary=f"划扣 {deduction.number}：{deduction.item_name}，术后第 {n} 天",
                                  operator_id=deduction.created_by_id,
                                  variables={"item_name": deduction.item_name, "treated_on": f"{treated:%Y-%m-%d}",
                                             "days": n})
                    if c is not None:
                        found.append(c)
            counts[RuleKind.POST_TREATMENT] += len(create_tasks(rule, found, staff=staff))
    if reversed_ids:
        counts["cancelled"] += _reverse(reversed_ids, rules[RuleKind.POST_TREATMENT])


def _post_treatment_nodes(deduction: Any, plan: Any, rule: FollowUpRule, now: datetime) -> list[tuple[int, date]]:
    """(day, due date) of each follow-up node of the deducted item's care plan (the rule's delay when the item
    has none); nodes already past when the deduction is read (entered late) are left out."""
    nodes = plan.followup_nodes if plan is not None and plan.followup_nodes else [rule.delay_days]
    treated = local_date(deduction.performed_at)
    today = local_date(now)
    return [(n, treated + timedelta(days=n)) for n in nodes if treated + timedelta(days=n) >= today]


def _schedule_care(deductions: list[Any], plans: dict[int, Any], now: datetime) -> int:
    """Aftercare for a batch in one go; should one row fail, one at a time, so that it does not hold back the
    others (it is logged and the rest goes on)."""
    from yimei.customers.models import Customer
    from yimei.followups.care import schedule_many

    customers = Customer.objects.in_bulk({d.customer_id for d in deductions})
    try:
        with transaction.atomic():
            return len(schedule_many(deductions, plans, now=now, customers=customers))
    except Exception:
        log.exception("aftercare of deductions %s failed; trying one at a time", [d.pk for d in deductions][:20])
    done = 0
    for deduction in deductions:
        try:
            with transaction.atomic():
                done += len(schedule_many([deduction], plans, now=now, customers=customers))
        except Exception:
            log.exception("aftercare of deduction %s failed", deduction.pk)
    return done


def _reverse(deduction_ids: list[int], rule: FollowUpRule) -> int:
    from yimei.followups.care import cancel_care
    from yimei.followups.services import cancel_open_tasks
    from yimei.sales.models import Deduction

    cancelled = 0
    for deduction in Deduction.objects.filter(pk__in=deduction_ids, status="reversed").order_by("pk"):
        cancel_care(deduction, reason=f"划扣 {deduction.number} 已冲正")
        cancelled += cancel_open_tasks(
            FollowUpTask.objects.filter(rule=rule, source_type="sales.deduction", source_id=str(deduction.pk)),
            reason=f"划扣 {deduction.number} 已冲正")
    return cancelled


# --- scans ----------------------------------------------------------------------------------------------------


def window(scanned_through: date | None, today: date) -> tuple[date, date] | None:
    """The trigger dates a scan covers: (since, until] — the dates after the last scan, at most LOOKBACK_DAYS back
    (a scheduler that was down for a few days catches up); today only the first time (a rule just switched on
    starts from today, it does not act on a week of customers at once)."""
    if scanned_through is None:
        since = today - timedelta(days=1)
    else:
        since = max(scanned_through, today - timedelta(days=LOOKBACK_DAYS))
    if since >= today:
        return None
    return since, today


def _scan_candidates(kind: str, rule: FollowUpRule, since: date, today: date) -> list[Candidate]:
    if kind == RuleKind.VISIT_UNPAID:
        return list(_visit_unpaid(rule, since, today))
    if kind == RuleKind.PAID_UNUSED:
        return list(_paid_unused(rule, since, today))
    return list(_dormant(rule, since, today))


def _visit_unpaid(rule: FollowUpRule, since: date, today: date) -> Iterator[Candidate]:
    """Visits of the days [since, today − 1] (a day is judged once it is over) that are not cancelled, made no
    deal, and were followed by no payment and no treatment."""
    from yimei.customers.models import Visit
    from yimei.sales.models import Deduction, Payment

    paid = Payment.objects.filter(customer_id=OuterRef("customer_id"), kind__in=("sale", "deposit"),
                                  created_at__gte=OuterRef("arrived_at"))
    treated = Deduction.objects.filter(customer_id=OuterRef("customer_id"), status="done",
                                       performed_at__gte=OuterRef("arrived_at"))
    rows = (Visit.objects.filter(arrived_at__gte=local_day_start(since), arrived_at__lt=local_day_start(today),
                                 has_deal=False, customer__merged_into__isnull=True)
            .exclude(status="cancelled").filter(~Exists(paid), ~Exists(treated))
            .values("id", "arrived_at", "consultant_id", "customer_id", "customer__name",
                    "customer__consultant_id", "customer__online_consultant_id", "customer__org_unit_id"))
    for row in rows.iterator(chunk_size=2000):
        day = local_date(row["arrived_at"])
        yield Candidate(
            customer_id=row["customer_id"], trigger_key=f"visit:{row['id']}",
            due_on=max(day + timedelta(days=rule.delay_days), today), source_type="customers.visit",
            source_id=str(row["id"]), summary=f"{day:%Y-%m-%d} 到院未成交",
            variables={"visit_date": f"{day:%Y-%m-%d}"}, operator_id=row["consultant_id"],
            consultant_id=row["customer__consultant_id"], online_consultant_id=row["customer__online_consultant_id"],
            customer_unit_id=row["customer__org_unit_id"], customer_name=row["customer__name"])


def _paid_unused(rule: FollowUpRule, since: date, today: date) -> Iterator[Candidate]:
    """Customers holding usable sessions whose last purchase or treatment was N days ago (the trigger date is
    that day + N)."""
    from yimei.sales.models import Deduction, Entitlement

    n = days_param(rule)
    low, high = local_day_start(since - timedelta(days=n - 1)), local_day_start(today - timedelta(days=n - 1))
    # Whose last activity can fall in the window: customers with a treatment or a purchase in it (time ranges on
    # the deductions' time index and the entitlements), a few per day — then their exact last activity.
    active = set(Deduction.objects.filter(performed_at__gte=low, performed_at__lt=high, status="done")
                 .order_by().values_list("customer_id", flat=True).distinct())
    active |= set(Entitlement.objects.filter(created_at__gte=low, created_at__lt=high, status="active",
                                             sessions_remaining__gt=0)
                  .order_by().values_list("customer_id", flat=True).distinct())
    usable = (Entitlement.objects.filter(customer_id=OuterRef("pk"), status="active", sessions_remaining__gt=0)
              .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today)))
    newest = usable.order_by("-created_at", "-id")
    used = (Deduction.objects.filter(customer_id=OuterRef("pk"), status="done")
            .order_by("-performed_at", "-id").values("performed_at")[:1])
    for part in _chunks(sorted(active), 2000):
        yield from _paid_unused_rows(rule, n, today, low, high, part, usable, newest, used)


def _paid_unused_rows(rule: FollowUpRule, n: int, today: date, low: datetime, high: datetime, ids: list[int],
                      usable: Any, newest: Any, used: Any) -> Iterator[Candidate]:
    from yimei.customers.models import Customer

    rows = (Customer.objects.filter(pk__in=ids, merged_into__isnull=True)
            .filter(Exists(usable.filter(created_at__lt=high)))
            .annotate(bought=Subquery(newest.values("created_at")[:1]), used=Subquery(used),
                      item=Subquery(newest.values("item_name")[:1]))
            .annotate(anchor=Greatest(F("bought"), Coalesce(F("used"), F("bought"))))
            .filter(anchor__gte=low, anchor__lt=high)
            .values("id", "name", "consultant_id", "online_consultant_id", "org_unit_id", "anchor", "item"))
    for row in rows.iterator(chunk_size=2000):
        anchor = local_date(row["anchor"])
        yield Candidate(
            customer_id=row["id"], trigger_key=f"customer:{row['id']}:idle_since:{anchor.isoformat()}",
            due_on=max(anchor + timedelta(days=n + rule.delay_days), today), source_type="customers.customer",
            source_id=str(row["id"]), summary=f"自 {anchor:%Y-%m-%d} 起 {n} 天未治疗，仍有剩余次数（{row['item']}）",
            variables={"item_name": row["item"], "days": n}, consultant_id=row["consultant_id"],
            online_consultant_id=row["online_consultant_id"], customer_unit_id=row["org_unit_id"],
            customer_name=row["name"])


def _dormant(rule: FollowUpRule, since: date, today: date) -> Iterator[Candidate]:
    """Customers whose last visit was N days before a date of the window (one task per dormancy)."""
    from yimei.customers.models import Customer

    n = days_param(rule)
    rows = (Customer.objects.filter(merged_into__isnull=True, is_active=True,
                                    last_visit_on__gt=since - timedelta(days=n),
                                    last_visit_on__lte=today - timedelta(days=n))
            .values("id", "name", "consultant_id", "online_consultant_id", "org_unit_id", "last_visit_on"))
    for row in rows.iterator(chunk_size=2000):
        last = row["last_visit_on"]
        yield Candidate(
            customer_id=row["id"], trigger_key=f"customer:{row['id']}:last_visit:{last.isoformat()}",
            due_on=max(last + timedelta(days=n + rule.delay_days), today), source_type="customers.customer",
            source_id=str(row["id"]), summary=f"最近到院 {last:%Y-%m-%d}，已 {n} 天未到院",
            variables={"visit_date": f"{last:%Y-%m-%d}", "days": n}, consultant_id=row["consultant_id"],
            online_consultant_id=row["online_consultant_id"], customer_unit_id=row["org_unit_id"],
            customer_name=row["name"])


SCAN_KINDS = (RuleKind.VISIT_UNPAID, RuleKind.PAID_UNUSED, RuleKind.DORMANT)


def run_scans(*, today: date | None = None, kinds: Iterable[str] = SCAN_KINDS, resources: bool = True) -> Counter:
    """One pass of the date-based rules (``kinds``) and the resource rules. Each rule is scanned in its own
    transaction with its row locked (a second runner skips it)."""
    from yimei.followups.resources import run_resource_rules

    today = today or timezone.localdate()
    counts: Counter = Counter()
    with context.request_context(system_context()):
        ensure_default_rules()
        staff = Staff()
        for kind in kinds:
            with transaction.atomic():
                fast_plans()
                rule = FollowUpRule.objects.select_for_update(skip_locked=True).filter(kind=kind, enabled=True).first()
                if rule is None:
                    continue
                span = window(rule.scanned_through, today)
                if span is None:
                    continue
                counts[kind] += len(create_tasks(rule, _scan_candidates(kind, rule, *span), staff=staff))
                rule.scanned_through = today
                rule.save(update_fields=["scanned_through", "updated_at"])
        if resources:
            counts.update(run_resource_rules(today=today, staff=staff))
    return counts


def run_engine(*, today: date | None = None, now: datetime | None = None) -> dict[str, int]:
    """One full pass: the timeline since the cursor, then every scan. Returns counts by rule (tasks created),
    ``care`` (deductions whose aftercare was scheduled), ``cancelled`` (tasks withdrawn after reversals) and
    ``resource:<id>`` (actions of each resource rule)."""
    counts = run_events(now=now)
    counts.update(run_scans(today=today or (local_date(now) if now else None)))
    return dict(counts)

