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

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet

from yimei.core.errors import BusinessError, Protected
from yimei.customers.timeline import record_event
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
    """Scan every enabled resource rule once (each in its own transaction, its row locked)."""
    from yimei.followups.engine import window

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
            for customer in _candidates(rule, *span).iterator(chunk_size=500):
                key = f"{rule.kind}:customer:{customer.pk}:last_visit:{customer.last_visit_on.isoformat()}"
                if ResourceAction.objects.filter(rule=rule, trigger_key=key).exists():
                    continue
                try:
                    with transaction.atomic():
                        act(rule, customer, key=key, today=today, staff=staff)
                except IntegrityError:
                    continue  # done by another runner at the same moment
                counts[f"resource:{rule.pk}"] += 1
            rule.scanned_through = today
            rule.save(update_fields=["scanned_through", "updated_at"])
    return counts


def act(rule: ResourceRule, customer: Any, *, key: str, today: date, staff: Any) -> ResourceAction:
    """Do what ``rule`` says to ``customer`` and record it (one trigger, one row: the unique key settles races)."""
    reason = _reason(rule, customer)
    action = ResourceAction.objects.create(rule=rule, customer=customer, action=rule.action, trigger_key=key,
                                           reason=reason[:300], from_consultant=customer.consultant,
                                           org_unit_id=customer.org_unit_id)
    if rule.action == ResourceActionKind.CREATE_TASK:
        action.task = _task_for(rule, customer, action, today=today, staff=staff)
        action.save(update_fields=["task"])
    elif rule.action == ResourceActionKind.FLAG:
        _flag(rule, customer, action, reason)
    else:
        _release(rule, customer, action, reason)
    return action


def _task_for(rule: ResourceRule, customer: Any, action: ResourceAction, *, today: date, staff: Any) -> FollowUpTask:
    person = staff.active(customer.consultant_id)
    pool = None if person is not None else (rule.release_to_pool_id or customer.org_unit_id)
    task = FollowUpTask.objects.create(
        customer=customer, assignee_id=person, pool_id=pool, due_on=today, method="phone",
        purpose=rule.name[:100], source_type=action._meta.label_lower, source_id=str(action.pk),
        source_summary=action.reason[:255], org_unit_id=staff.unit(person) if person is not None else pool)
    record_event(customer, type="followup.created", source=task, actor=None,
                 summary=f"客户资源规则“{rule.name}”生成回访（{today:%Y-%m-%d}）")
    if person is not None:
        notifications.notify(customer.consultant, kind="resource_task", title="客户资源提醒",
                             body=f"{customer.name}：{action.reason}",
                             link=f"{notifications.TASKS_LINK}?task={task.pk}")
    return task


def _flag(rule: ResourceRule, customer: Any, action: ResourceAction, reason: str) -> None:
    from yimei.customers.models import Customer
    from yimei.customers.services import bulk_tag

    record_event(customer, type="customer.flagged", summary=f"资源预警：{reason}"[:255], source=action, actor=None)
    if rule.flag_tag is not None and rule.flag_tag.is_active:
        bulk_tag(Customer.objects.filter(pk=customer.pk), add=[rule.flag_tag], operator=None)
    notifications.notify(customer.consultant, kind="resource_flag", title="客户资源预警",
                         body=f"{customer.name}：{reason}", link=CUSTOMER_LINK.format(id=customer.pk))


def _release(rule: ResourceRule, customer: Any, action: ResourceAction, reason: str) -> None:
    """Take the customer from the owning consultant: to the named consultant, or (none, or disabled) into the
    pool's unit with no on-site consultant."""
    from yimei.audit.services import record_operation
    from yimei.customers.models import Customer
    from yimei.customers.services import reassign

    old = customer.consultant
    target = rule.release_to if rule.release_to is not None and rule.release_to.is_active else None
    pool = rule.release_to_pool if target is None else None
    reassign(Customer.objects.filter(pk=customer.pk), operator=None, consultant=target)
    if pool is not None:
        moved = Customer.objects.get(pk=customer.pk)
        moved.org_unit = pool
        moved.save(update_fields=["org_unit", "updated_at"])
    action.to_consultant, action.to_pool = target, pool
    action.save(update_fields=["to_consultant", "to_pool"])
    where = target.name if target is not None else (f"{pool.name}（公共池）" if pool is not None else "无现场咨询")
    summary = f"释放客户：{getattr(old, 'name', '无')} → {where}。原因：{reason}"
    record_event(customer, type="customer.released", summary=summary[:255], source=action, actor=None,
                 data={"rule": rule.pk, "from": getattr(old, "pk", None), "to": getattr(target, "pk", None),
                       "pool": getattr(pool, "pk", None)})
    record_operation(module="followups", action="release", obj=customer, message=summary[:500])
    link = CUSTOMER_LINK.format(id=customer.pk)
    notifications.notify(old, kind="resource_release", title="客户已释放",
                         body=f"{customer.name} 已从您名下释放到 {where}。原因：{reason}", link=link)
    if target is not None:
        notifications.notify(target, kind="resource_assigned", title="新分配的客户",
                             body=f"{customer.name} 已由规则“{rule.name}”分配给您。原因：{reason}", link=link)
