"""Customer resource optimisation (客户资源优化): rules that notice customers an owning consultant is not moving
forward — visited without buying, no follow-up after a visit, an old customer visiting again without buying —
and after N days create a follow-up, flag the customer, or release them to a pool or another consultant
(防止资源不合理占用). Every action is a ``ResourceAction`` row saying what was done and why, once per trigger;
a release changes the owner through ``customers.services`` (change log, timeline), is written to the
operation log and notifies the old and the new owner.

The scan works like the engine's: trigger date = last visit + N days, over the dates since the last scan.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from yimei.core.errors import BusinessError, Protected
from yimei.followups import notifications
from yimei.followups.choices import ResourceActionKind, ResourceRuleKind, TaskStatus
from yimei.followups.models import MAX_DAYS, FollowUpTask, ResourceAction, ResourceRule
from yimei.followups.rules import check_pool

CHANGE = "followups.resource.change"
CUSTOMER_LINK = "/customers/{id}"


def _error(field: str, message: str, code: str = "invalid") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


# --- the rules ---------------------------------------------------------------------------------------------------


@transaction.atomic
def save_resource_rule(rule: ResourceRule | None, *, operator: Any, **data: Any) -> ResourceRule:
    """Create (``rule`` None) or change a resource rule; every field is checked before anything is saved."""
    from yimei.customers.services import check_staff_in_scope

    creating = rule is None
    rule = ResourceRule() if rule is None else ResourceRule.objects.select_for_update().get(pk=rule.pk)
    values = {f: data.get(f, getattr(rule, f)) for f in ("name", "kind", "days", "action", "release_to",
                                                         "release_to_pool", "flag_tag", "enabled")}
    name = (values["name"] or "").strip() if isinstance(values["name"], str) else ""
    if not name:
        raise _error("name", "请填写规则名称。", "required")
    if len(name) > 32:
        raise _error("name", "规则名称最多 32 字。")
    if values["kind"] not in ResourceRuleKind.values:
        raise _error("kind", "请选择触发条件。", "required")
    days = values["days"]
    if isinstance(days, bool) or not isinstance(days, int):
        raise _error("days", "天数须为整数。")
    if days < 1 or days > MAX_DAYS:
        raise _error("days", f"天数须在 1–{MAX_DAYS} 之间。")
    if values["action"] not in ResourceActionKind.values:
        raise _error("action", "请选择动作。", "required")
    staff, pool = values["release_to"], values["release_to_pool"]
    if values["action"] == ResourceActionKind.RELEASE:
        if staff is None and pool is None:
            raise _error("release_to_pool", "释放客户须选择释放到的小组（公共池）或员工。", "required")
        if staff is not None and pool is not None:
            raise _error("release_to", "释放到小组或员工，只能选一个。")
    else:
        staff = None
        if values["action"] == ResourceActionKind.FLAG:
            pool = None
    if staff is not None and (creating or staff != rule.release_to):
        check_staff_in_scope(operator, staff, field="release_to", code=CHANGE)
    if pool is not None and (creating or pool != rule.release_to_pool):
        check_pool(operator, pool, field="release_to_pool", code=CHANGE)
    tag = values["flag_tag"] if values["action"] == ResourceActionKind.FLAG else None
    if tag is not None and not tag.is_active and (creating or tag != rule.flag_tag):
        raise _error("flag_tag", f"标签“{tag.name}”已停用。")
    if not creating and values["kind"] != rule.kind and rule.actions.exists():
        raise _error("kind", "规则已有执行记录，不能修改触发条件；请停用后新建规则。", "protected")
    rule.name, rule.kind, rule.days, rule.action = name, values["kind"], days, values["action"]
    rule.release_to, rule.release_to_pool, rule.flag_tag = staff, pool, tag
    rule.enabled = bool(values["enabled"])
    rule.updated_by = operator if getattr(operator, "is_authenticated", False) else None
    rule.save()
    return rule


@transaction.atomic
def delete_resource_rule(rule: ResourceRule) -> None:
    if rule.actions.exists():
        raise Protected("该规则已有执行记录，不能删除；如不再使用请停用。")
    rule.delete()


# --- the scan ---------------------------------------------------------------------------------------------------


def _candidates(rule: ResourceRule, since: date, today: date) -> QuerySet:
    from yimei.customers.models import Customer, Visit
    from yimei.sales.models import Payment

    n = rule.days
    rows = Customer.objects.filter(merged_into__isnull=True, is_active=True, consultant__isnull=False,
                                   last_visit_on__gt=since - timedelta(days=n),
                                   last_visit_on__lte=today - timedelta(days=n))
    if rule.kind == ResourceRuleKind.VISITED_NO_BUY:
        rows = rows.filter(cumulative_spend_amount=0).exclude(
            Exists(Visit.objects.filter(customer_id=OuterRef("pk"), has_deal=True)))
    elif rule.kind == ResourceRuleKind.NO_FOLLOWUP_AFTER_VISIT:
        rows = rows.exclude(Exists(FollowUpTask.objects.filter(
            customer_id=OuterRef("pk"), status=TaskStatus.DONE, closed_at__date__gte=OuterRef("last_visit_on"))))
    else:  # an old customer came back and bought nothing
        rows = rows.filter(cumulative_spend_amount__gt=0, visit_count__gte=2).exclude(
            Exists(Visit.objects.filter(customer_id=OuterRef("pk"), has_deal=True,
                                        arrived_at__date__gte=OuterRef("last_visit_on")))).exclude(
            Exists(Payment.objects.filter(customer_id=OuterRef("pk"), kind__in=("sale", "deposit"),
                                          created_at__date__gte=OuterRef("last_visit_on"))))
    return rows.select_related("consultant").order_by("pk")


def _reason(rule: ResourceRule, customer: Any) -> str:
    who = customer.consultant.name if customer.consultant_id else "无"
    what = {
        ResourceRuleKind.VISITED_NO_BUY: f"{customer.last_visit_on:%Y-%m-%d} 到院后 {rule.days} 天未成交",
        ResourceRuleKind.NO_FOLLOWUP_AFTER_VISIT: f"{customer.last_visit_on:%Y-%m-%d} 到院后 {rule.days} 天无回访记录",
        ResourceRuleKind.RETURNING_NO_BUY: f"老客户 {customer.last_visit_on:%Y-%m-%d} 再次到院，{rule.days} 天未消费",
    }[rule.kind]
    return f"{what}（现场咨询：{who}，规则“{rule.name}”）"


def run_resource_rules(*, today: date, staff: Any) -> Counter:
    """Scan every enabled resource rule once (each in its own transaction, its row locked). What a rule does is
    written in bulk: a rule may find thousands of customers on a day at a million files."""
    from yimei.followups.engine import fast_plans, window

    counts: Counter = Counter()
    for pk in ResourceRule.objects.filter(enabled=True).order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            rule = (ResourceRule.objects.select_for_update(skip_locked=True, of=("self",)).filter(pk=pk, enabled=True)
                    .select_related("release_to", "release_to_pool", "flag_tag").first())
            if rule is None:
                continue
            span = window(rule.scanned_through, today)
            if span is None:
                continue
            fast_plans()
            found = {_key(rule, c): c for c in _candidates(rule, *span).iterator(chunk_size=2000)}
            done: set[str] = set()
            for part in _chunks(list(found)):
                done.update(ResourceAction.objects.filter(rule=rule, trigger_key__in=part)
                            .values_list("trigger_key", flat=True))
            new = {key: customer for key, customer in found.items() if key not in done}
            if new:
                counts[f"resource:{rule.pk}"] += _act_in_bulk(rule, new, today=today, staff=staff)
            rule.scanned_through = today
            rule.save(update_fields=["scanned_through", "updated_at"])
    return counts


def _key(rule: ResourceRule, customer: Any) -> str:
    return f"{rule.kind}:customer:{customer.pk}:last_visit:{customer.last_visit_on.isoformat()}"


def _chunks(values: list[Any], size: int = 500) -> Any:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _act_in_bulk(rule: ResourceRule, found: dict[str, Any], *, today: date, staff: Any) -> int:
    """Follow-ups, flags or releases for many customers: the action rows, then the tasks, events, tags or owner
    changes and one bell line per consultant."""
    from django.utils import timezone

    from yimei.audit.services import record_created, record_operation
    from yimei.customers.models import Customer, CustomerEvent
    from yimei.customers.services import bulk_tag

    ResourceAction.objects.bulk_create([
        ResourceAction(rule=rule, customer=c, action=rule.action, trigger_key=key, reason=_reason(rule, c)[:300],
                       from_consultant_id=c.consultant_id, org_unit_id=c.org_unit_id)
        for key, c in found.items()], ignore_conflicts=True, batch_size=1000)
    actions: list[ResourceAction] = []
    for part in _chunks(list(found)):
        actions.extend(ResourceAction.objects.filter(rule=rule, trigger_key__in=part, task__isnull=True))
    if rule.action == ResourceActionKind.RELEASE:
        return _release(rule, actions, found)
    now = timezone.now()
    events, per_person = [], Counter()
    if rule.action == ResourceActionKind.CREATE_TASK:
        tasks = []
        for action in actions:
            customer = found[action.trigger_key]
            person = staff.active(customer.consultant_id)
            pool = None if person is not None else (rule.release_to_pool_id or customer.org_unit_id)
            tasks.append(FollowUpTask(
                customer_id=customer.pk, assignee_id=person, pool_id=pool, due_on=today, method="phone",
                purpose=rule.name[:100], source_type=ResourceAction._meta.label_lower, source_id=str(action.pk),
                source_summary=action.reason[:255], org_unit_id=staff.unit(person) if person is not None else pool))
            if person is not None:
                per_person[person] += 1
        FollowUpTask.objects.bulk_create(tasks, batch_size=1000)
        by_source = dict(FollowUpTask.objects.filter(
            source_type=ResourceAction._meta.label_lower, source_id__in=[str(a.pk) for a in actions])
            .values_list("source_id", "pk"))
        for task in tasks:
            task.pk = by_source[task.source_id]
        record_created(tasks)
        record_operation(module="followups", action="auto_create", obj=rule,
                         message=f"客户资源规则“{rule.name}”生成回访任务 {len(tasks)} 条")
        for action in actions:
            action.task_id = by_source.get(str(action.pk))
        ResourceAction.objects.bulk_update(actions, ["task"], batch_size=1000)
        events = [CustomerEvent(customer_id=a.customer_id, type="followup.created", occurred_at=now,
                                source_type="followups.followuptask", source_id=str(a.task_id), actor_name="系统",
                                summary=f"客户资源规则“{rule.name}”生成回访（{today:%Y-%m-%d}）"[:255])
                  for a in actions]
        title, kind, body = "客户资源提醒", "resource_task", "规则“{name}”为您生成了 {n} 条回访任务。"
    else:
        events = [CustomerEvent(customer_id=a.customer_id, type="customer.flagged", occurred_at=now,
                                source_type=ResourceAction._meta.label_lower, source_id=str(a.pk), actor_name="系统",
                                summary=f"资源预警：{a.reason}"[:255]) for a in actions]
        if rule.flag_tag is not None and rule.flag_tag.is_active and actions:
            bulk_tag(Customer.objects.filter(pk__in=[a.customer_id for a in actions]), add=[rule.flag_tag],
                     operator=None)
        per_person.update(a.from_consultant_id for a in actions if staff.active(a.from_consultant_id))
        if actions:
            record_operation(module="followups", action="flag", obj=rule,
                             message=f"客户资源规则“{rule.name}”标记客户 {len(actions)} 位")
        title, kind, body = "客户资源预警", "resource_flag", "规则“{name}”标记了您的 {n} 位客户，请及时跟进。"
    CustomerEvent.objects.bulk_create(events, batch_size=1000)
    notifications.notify_many(
        notifications.Notification(user_id=pk, kind=kind, title=title, body=body.format(name=rule.name, n=n),
                                   link=notifications.TASKS_LINK if kind == "resource_task" else "")
        for pk, n in per_person.items())
    return len(actions)


def _release(rule: ResourceRule, actions: list[ResourceAction], found: dict[str, Any]) -> int:
    """Take the customers from their owning consultant through ``customers.services.reassign`` (change log and
    ``customer.reassigned`` per customer): to the named consultant, or — none, or disabled — to no on-site
    consultant with the file moved to the pool's unit. Then the ``customer.released`` events, one operation-log
    row for the run, and the old and new owners told."""
    from django.utils import timezone

    from yimei.audit.services import record_operation, track_locked
    from yimei.customers.models import Customer, CustomerEvent
    from yimei.customers.services import reassign

    if not actions:
        return 0
    target = rule.release_to if rule.release_to is not None and rule.release_to.is_active else None
    pool = rule.release_to_pool if target is None else None
    ids = sorted(a.customer_id for a in actions)
    reassign(Customer.objects.filter(pk__in=ids), operator=None, consultant=target)
    if pool is not None:
        moved = list(Customer.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        track_locked(*moved)
        for customer in moved:
            customer.org_unit = pool
            customer.save(update_fields=["org_unit", "updated_at"])
    for action in actions:
        action.to_consultant, action.to_pool = target, pool
    ResourceAction.objects.bulk_update(actions, ["to_consultant", "to_pool"], batch_size=1000)
    where = target.name if target is not None else (f"{pool.name}（公共池）" if pool is not None else "无现场咨询")
    now = timezone.now()
    names = dict(Customer.objects.filter(pk__in=ids).values_list("pk", "name"))
    CustomerEvent.objects.bulk_create([
        CustomerEvent(customer_id=a.customer_id, type="customer.released", occurred_at=now, actor_name="系统",
                      source_type=ResourceAction._meta.label_lower, source_id=str(a.pk),
                      summary=f"释放客户：{found[a.trigger_key].consultant.name} → {where}。原因：{a.reason}"[:255],
                      data={"rule": rule.pk, "from": a.from_consultant_id, "to": getattr(target, "pk", None),
                            "pool": getattr(pool, "pk", None)})
        for a in actions], batch_size=1000)
    shown = "、".join(str(pk) for pk in ids[:50]) + (" 等" if len(ids) > 50 else "")
    record_operation(module="followups", action="release", obj=rule,
                     message=f"规则“{rule.name}”释放客户 {len(ids)} 位到 {where}（档案号 {shown}）")
    lines = []
    for consultant_id, n in Counter(a.from_consultant_id for a in actions).items():
        mine = [names[a.customer_id] for a in actions if a.from_consultant_id == consultant_id][:5]
        lines.append(notifications.Notification(
            user_id=consultant_id, kind="resource_release", title="客户已释放",
            body=f"规则“{rule.name}”把 {n} 位客户（{'、'.join(mine)}{' 等' if n > 5 else ''}）从您名下释放到{where}。",
            link=CUSTOMER_LINK.format(id=actions[0].customer_id) if n == 1 else "/customers"))
    if target is not None:
        lines.append(notifications.Notification(
            user_id=target.pk, kind="resource_assigned", title="新分配的客户",
            body=f"规则“{rule.name}”把 {len(ids)} 位客户分配给您。", link="/customers"))
    notifications.notify_many(lines)
    return len(actions)
