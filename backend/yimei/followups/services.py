"""Business rules of follow-up tasks (回访任务). Each public function is one transaction (DESIGN rule 1).

A task belongs to its assignee (or, unassigned, to a pool: an org unit) and to that person's unit, which is what
data scopes read. Rules for the automatic tasks are in ``rules.py`` and ``engine.py``; aftercare in ``care.py``;
resource rules in ``resources.py``.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from yimei.core.errors import BusinessError
from yimei.customers.timeline import record_event
from yimei.followups import notifications
from yimei.followups.choices import AssigneeMode, Method, Outcome, TaskStatus
from yimei.followups.models import FollowUpAssignment, FollowUpTask
from yimei.followups.rules import check_pool

ADD = "followups.task.add"
ASSIGN = "followups.task.assign"
MAX_BULK = 1000
MAX_TEXT = 2000


def _error(field: str, message: str, code: str = "invalid") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


def _staff_name(staff: Any) -> str:
    return getattr(staff, "name", "") or "未分配"


def who(task: FollowUpTask) -> str:
    if task.assignee_id:
        return task.assignee.name
    if task.pool_id:
        return f"{task.pool.name}（公共池）"
    return "未分配"


def _check_assignee(operator: Any, assignee: Any, pool: Any, *, code: str) -> None:
    from yimei.customers.services import check_staff_in_scope

    if assignee is not None and pool is not None:
        raise _error("assignee", "请选择回访人或公共池中的一个。")
    if assignee is not None:
        check_staff_in_scope(operator, assignee, field="assignee", code=code)
    check_pool(operator, pool, field="pool", code=code)


def _check_text(field: str, value: Any, label: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        raise _error(field, f"{label}须为文字。")
    if required and not value:
        raise _error(field, f"请填写{label}。", "required")
    if len(value) > limit:
        raise _error(field, f"{label}最多 {limit} 字。")
    return value


def _check_due(due_on: Any, *, field: str = "due_on", today: date | None = None) -> date:
    if not isinstance(due_on, date):
        raise _error(field, "请选择回访日期。", "required")
    today = today or timezone.localdate()
    if due_on < today:
        raise _error(field, f"回访日期不能早于今天（{today:%Y-%m-%d}）。")
    if (due_on - today).days > 3650:
        raise _error(field, "回访日期不能超过十年之后。")
    return due_on


def _check_method(method: Any, field: str = "method") -> str:
    if method not in Method.values:
        raise _error(field, "请选择回访方式（电话、微信、短信或到院面谈）。")
    return method


def _ensure_open(task: FollowUpTask, doing: str) -> None:
    if task.status != TaskStatus.OPEN:
        raise BusinessError(f"该回访任务{task.get_status_display()}，不能{doing}。", code="task_closed")


def _ensure_customer(customer: Any) -> None:
    if customer.merged_into_id:
        raise _error("customer", f"该档案已合并到档案号 {customer.merged_into_id}，请在合并后的档案中操作。",
                     "merged")


def _lock(task: FollowUpTask) -> FollowUpTask:
    return (FollowUpTask.objects.select_for_update(of=("self",))
            .select_related("assignee", "pool", "customer").get(pk=task.pk))


def _notify_assignee(task: FollowUpTask, *, operator: Any, title: str) -> None:
    if task.assignee_id and task.assignee_id != getattr(operator, "pk", None):
        notifications.notify(task.assignee, kind="followup_assigned", title=title,
                             body=f"{task.customer.name}：{task.purpose}（{task.due_on:%Y-%m-%d}）",
                             link=f"{notifications.TASKS_LINK}?task={task.pk}")


# --- one task ---------------------------------------------------------------------------------------------


@transaction.atomic
def create_task(*, customer: Any, operator: Any, due_on: date, method: str, purpose: str, script: str = "",
                assignee: Any = None, pool: Any = None, due_at: time | None = None, code: str = ADD,
                previous_task: FollowUpTask | None = None, source: Any = None) -> FollowUpTask:
    """Plan a follow-up. Without an assignee or pool the task is the operator's own."""
    _ensure_customer(customer)
    if assignee is None and pool is None:
        assignee = operator
    _check_assignee(operator, assignee, pool, code=code)
    return _new_task(customer=customer, operator=operator, due_on=due_on, method=method, purpose=purpose,
                     script=script, assignee=assignee, pool=pool, due_at=due_at, previous_task=previous_task,
                     source=source)


def _new_task(*, customer: Any, operator: Any, due_on: date, method: str, purpose: str, script: str, assignee: Any,
              pool: Any, due_at: time | None = None, previous_task: FollowUpTask | None = None,
              source: Any = None) -> FollowUpTask:
    task = FollowUpTask(
        customer=customer, assignee=assignee, pool=pool if assignee is None else None,
        due_on=_check_due(due_on), due_at=due_at, method=_check_method(method),
        purpose=_check_text("purpose", purpose, "回访目的", required=True, limit=100),
        script=_check_text("script", script, "话术"), previous_task=previous_task,
        created_by=operator if getattr(operator, "is_authenticated", False) else None,
        org_unit_id=assignee.org_unit_id if assignee is not None else pool.pk,
    )
    if source is not None:
        task.source_type, task.source_id = source._meta.label_lower, str(source.pk)
        task.source_summary = str(source)[:255]
    task.save()
    record_event(customer, type="followup.created", actor=operator, source=task,
                 summary=f"回访计划：{task.purpose}（{task.due_on:%Y-%m-%d}，{who(task)}）")
    _notify_assignee(task, operator=operator, title="新的回访任务")
    return task


@transaction.atomic
def update_task(task: FollowUpTask, *, operator: Any, **changes: Any) -> FollowUpTask:
    """Change the plan of an open task: date, time, method, purpose, script (reassignment is ``reassign_task``)."""
    task = _lock(task)
    _ensure_open(task, "修改")
    if "due_on" in changes and changes["due_on"] != task.due_on:
        _check_due(changes["due_on"])
    if "method" in changes:
        _check_method(changes["method"])
    if "purpose" in changes:
        changes["purpose"] = _check_text("purpose", changes["purpose"], "回访目的", required=True, limit=100)
    if "script" in changes:
        changes["script"] = _check_text("script", changes["script"], "话术")
    fields = [f for f in ("due_on", "due_at", "method", "purpose", "script")
              if f in changes and changes[f] != getattr(task, f)]
    for field in fields:
        setattr(task, field, changes[field])
    if fields:
        task.save(update_fields=[*fields, "updated_at"])
    return task


@transaction.atomic
def record_result(task: FollowUpTask, *, operator: Any, result_content: str, outcome: str,
                  satisfaction: int | None = None, next_plan: str = "", next_due_on: date | None = None,
                  next_method: str | None = None) -> FollowUpTask:
    """登记回访结果: closes the task; with ``next_due_on`` the next follow-up is planned for the same person."""
    task = _lock(task)
    _ensure_open(task, "再登记结果")
    content = _check_text("result_content", result_content, "回访内容", required=True)
    if outcome not in Outcome.values:
        raise _error("outcome", "请选择回访结果。", "required")
    if satisfaction is not None and (isinstance(satisfaction, bool) or not isinstance(satisfaction, int)
                                     or not 1 <= satisfaction <= 5):
        raise _error("satisfaction", "满意度须为 1–5 分。")
    plan = _check_text("next_plan", next_plan, "下次计划")
    if next_due_on is not None:
        _check_due(next_due_on, field="next_due_on")
        if next_method is not None:
            _check_method(next_method, "next_method")
    elif next_method is not None:
        raise _error("next_due_on", "安排下次回访请选择日期。", "required")
    now = timezone.now()
    task.status, task.result_content, task.outcome, task.satisfaction = TaskStatus.DONE, content, outcome, satisfaction
    task.next_plan, task.closed_at, task.closed_by = plan, now, operator
    task.save(update_fields=["status", "result_content", "outcome", "satisfaction", "next_plan", "closed_at",
                             "closed_by", "updated_at"])
    record_event(task.customer, type="followup.done", actor=operator, source=task,
                 summary=f"回访（{Outcome(outcome).label}）：{content[:120]}",
                 data={"outcome": outcome, "satisfaction": satisfaction})
    if next_due_on is not None:
        # The next plan stays with the task's assignee (or pool); the person recording may not reach it otherwise.
        assignee = task.assignee if task.assignee_id and task.assignee.is_active else None
        pool = task.pool if assignee is None and task.pool_id else None
        if assignee is None and pool is None:
            assignee = operator
        _new_task(customer=task.customer, operator=operator, due_on=next_due_on, method=next_method or task.method,
                  purpose=(plan or task.purpose)[:100], script="", assignee=assignee, pool=pool, previous_task=task)
    return task


@transaction.atomic
def reassign_task(task: FollowUpTask, *, operator: Any, reason: str, assignee: Any = None,
                  pool: Any = None) -> FollowUpTask:
    """改派: give an open task to another person or to a pool, with a reason; the history keeps every move."""
    task = _lock(task)
    _ensure_open(task, "改派")
    reason = _check_text("reason", reason, "改派原因", required=True, limit=200)
    if assignee is None and pool is None:
        raise _error("assignee", "请选择新的回访人或公共池。", "required")
    _check_assignee(operator, assignee, pool, code=ASSIGN)
    if (assignee is not None and assignee.pk == task.assignee_id) or (pool is not None and pool.pk == task.pool_id
                                                                      and task.assignee_id is None):
        raise _error("assignee", "新的回访人与当前相同。")
    FollowUpAssignment.objects.create(task=task, from_assignee=task.assignee, from_pool=task.pool,
                                      to_assignee=assignee, to_pool=pool if assignee is None else None,
                                      reason=reason, assigned_by=operator)
    task.assignee, task.pool = assignee, (pool if assignee is None else None)
    task.org_unit_id = assignee.org_unit_id if assignee is not None else pool.pk
    task.save(update_fields=["assignee", "pool", "org_unit", "updated_at"])
    _notify_assignee(task, operator=operator, title="回访任务改派给您")
    return task


@transaction.atomic
def cancel_task(task: FollowUpTask, *, operator: Any, reason: str) -> FollowUpTask:
    task = _lock(task)
    _ensure_open(task, "取消")
    reason = _check_text("reason", reason, "取消原因", required=True, limit=200)
    _close_cancelled([task], operator=operator, reason=reason)
    return task


def _close_cancelled(tasks: list[FollowUpTask], *, operator: Any, reason: str) -> None:
    now = timezone.now()
    for task in tasks:
        task.status, task.cancel_reason, task.closed_at, task.closed_by = TaskStatus.CANCELLED, reason[:200], now, \
            operator if getattr(operator, "is_authenticated", False) else None
        task.save(update_fields=["status", "cancel_reason", "closed_at", "closed_by", "updated_at"])
        record_event(task.customer_id, type="followup.cancelled", actor=operator, source=task,
                     summary=f"取消回访：{task.purpose}（{reason[:100]}）")


def cancel_open_tasks(tasks: QuerySet[FollowUpTask], *, reason: str, operator: Any = None) -> int:
    """Cancel the open tasks among ``tasks`` (the engine: a reversed deduction's post-treatment follow-ups)."""
    rows = list(tasks.filter(status=TaskStatus.OPEN).select_for_update(of=("self",)).order_by("pk"))
    _close_cancelled(rows, operator=operator, reason=reason)
    return len(rows)


# --- many at once ------------------------------------------------------------------------------------------


@transaction.atomic
def bulk_create_tasks(customers: QuerySet, *, operator: Any, assignee_mode: str, due_on: date, method: str,
                      purpose: str, script: str = "", assignee: Any = None, pool: Any = None) -> dict[str, Any]:
    """批量创建回访 for the chosen customers (at most 1,000). Each gets one task, given to the named person, the
    pool, the operator or the customer's consultant; customers without such a person, or who already have an
    open task that day, are skipped and counted by reason."""
    _check_due(due_on)
    _check_method(method)
    purpose = _check_text("purpose", purpose, "回访目的", required=True, limit=100)
    script = _check_text("script", script, "话术")
    rows = list(customers.filter(merged_into__isnull=True)
                .select_related("consultant", "online_consultant").order_by("pk")[:MAX_BULK + 1])
    if not rows:
        raise _error("customers", "请选择客户。", "required")
    if len(rows) > MAX_BULK:
        raise _error("customers", f"一次最多为 {MAX_BULK} 位客户创建回访，请缩小范围。", "too_many")
    if assignee_mode == AssigneeMode.NAMED:
        if assignee is None:
            raise _error("assignee", "请选择回访人。", "required")
        _check_assignee(operator, assignee, None, code=ASSIGN)
    elif assignee_mode == AssigneeMode.POOL:
        if pool is None:
            raise _error("pool", "请选择公共池（小组）。", "required")
        _check_assignee(operator, None, pool, code=ASSIGN)
    elif assignee_mode == AssigneeMode.OPERATOR:
        assignee = operator
    elif assignee_mode not in (AssigneeMode.OWNING_CONSULTANT, AssigneeMode.ONLINE_CONSULTANT):
        raise _error("assignee_mode", "请选择回访人的分配方式。", "required")
    busy = set(FollowUpTask.objects.filter(customer_id__in=[c.pk for c in rows], status=TaskStatus.OPEN,
                                           due_on=due_on).values_list("customer_id", flat=True))
    reasons: dict[str, int] = {}
    allowed: dict[int, bool] = {}
    created: list[FollowUpTask] = []

    def skip(reason: str) -> None:
        reasons[reason] = reasons.get(reason, 0) + 1

    for customer in rows:
        if customer.pk in busy:
            skip("当天已有待回访任务")
            continue
        person, unit = assignee, pool
        if assignee_mode == AssigneeMode.OWNING_CONSULTANT:
            person = customer.consultant
        elif assignee_mode == AssigneeMode.ONLINE_CONSULTANT:
            person = customer.online_consultant
        if person is None and unit is None:
            skip("客户没有对应的咨询师")
            continue
        if person is not None and person.pk not in allowed:
            try:
                _check_assignee(operator, person, None, code=ASSIGN)
                allowed[person.pk] = True
            except BusinessError:
                allowed[person.pk] = False
        if person is not None and not allowed[person.pk]:
            skip("咨询师已停用或不在您的数据权限范围内")
            continue
        created.append(FollowUpTask(
            customer=customer, assignee=person, pool=unit if person is None else None, due_on=due_on, method=method,
            purpose=purpose, script=script, created_by=operator,
            org_unit_id=person.org_unit_id if person is not None else unit.pk))
    for task in created:
        task.save()
    from yimei.customers.models import CustomerEvent

    now = timezone.now()
    CustomerEvent.objects.bulk_create([
        CustomerEvent(customer_id=t.customer_id, type="followup.created", occurred_at=now, actor=operator,
                      actor_name=getattr(operator, "name", "") or "", source_type=t._meta.label_lower,
                      source_id=str(t.pk), summary=f"回访计划：{t.purpose}（{t.due_on:%Y-%m-%d}，{who(t)}）"[:255])
        for t in created], batch_size=1000)
    per_person: dict[int, int] = {}
    for task in created:
        if task.assignee_id and task.assignee_id != operator.pk:
            per_person[task.assignee_id] = per_person.get(task.assignee_id, 0) + 1
    notifications.notify_many(
        notifications.Notification(user_id=pk, kind="followup_assigned", title="新的回访任务",
                                   body=f"{_staff_name(operator)}为您安排了 {n} 条回访：{purpose}"
                                        f"（{due_on:%Y-%m-%d}）", link=notifications.TASKS_LINK)
        for pk, n in per_person.items())
    return {"created": len(created), "skipped": sum(reasons.values()), "skipped_reasons": reasons,
            "task_ids": [t.pk for t in created]}
