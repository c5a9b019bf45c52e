"""The five automatic follow-up rules: their defaults, the checks on a change, the script templates and who a task
is given to. Each public function that writes is one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from yimei.core.errors import BusinessError
from yimei.followups.choices import AssigneeMode, Method, RuleKind
from yimei.followups.models import MAX_DAYS, FollowUpRule
from yimei.notify.registry import check_text
from yimei.notify.services import render_text

# Variables a script template may use; each rule fills those it knows, the others render empty.
VARIABLES = {
    "customer_name": "客户姓名",
    "consultant_name": "现场咨询",
    "item_name": "项目",
    "visit_date": "到院日期",
    "appointment_time": "预约时间",
    "treated_on": "治疗日期",
    "days": "天数",
}


@dataclass(frozen=True)
class RuleDefault:
    kind: str
    delay_days: int
    params: dict[str, Any]
    purpose: str
    script: str
    assignee_mode: str = AssigneeMode.OWNING_CONSULTANT


DEFAULTS = {d.kind: d for d in (
    RuleDefault(RuleKind.NO_SHOW, 0, {}, "预约未到院回访",
                "{customer_name}您好，您预约了{appointment_time}到院，没见到您，想问问是否需要重新安排时间？",
                AssigneeMode.OPERATOR),
    RuleDefault(RuleKind.VISIT_UNPAID, 1, {}, "到院未成交回访",
                "{customer_name}您好，感谢您{visit_date}到院咨询，对方案还有什么顾虑吗？"),
    RuleDefault(RuleKind.PAID_UNUSED, 0, {"days": 30}, "提醒到院治疗",
                "{customer_name}您好，您的{item_name}还有剩余次数，已有{days}天未来治疗，帮您预约时间吗？"),
    RuleDefault(RuleKind.POST_TREATMENT, 1, {}, "术后回访",
                "{customer_name}您好，您{treated_on}做了{item_name}，今天是术后第{days}天，恢复得怎么样？",
                AssigneeMode.OPERATOR),
    RuleDefault(RuleKind.DORMANT, 0, {"days": 180}, "睡眠客户邀约",
                "{customer_name}您好，已经{days}天没见到您了，近期有新的项目和活动，欢迎回来看看。"),
)}

# Kinds whose params carry a number of days, with its label and default.
DAY_PARAMS = {RuleKind.PAID_UNUSED: ("支付后未治疗天数", 30), RuleKind.DORMANT: ("未到院天数", 180)}


def _error(field: str, message: str, code: str = "invalid") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


def ensure_default_rules() -> list[FollowUpRule]:
    """The five rules, created (disabled) where missing. The migration seeds them; this keeps them present on
    databases that were emptied and filled again (tests that flush, a restored dump)."""
    rules = {r.kind: r for r in FollowUpRule.objects.all()}
    missing = [kind for kind in RuleKind.values if kind not in rules]
    for kind in missing:
        default = DEFAULTS[kind]
        try:
            with transaction.atomic():
                rules[kind] = FollowUpRule.objects.create(
                    kind=kind, name=RuleKind(kind).label, enabled=False, delay_days=default.delay_days,
                    params=dict(default.params), assignee_mode=default.assignee_mode, method=Method.PHONE,
                    purpose=default.purpose, script_template=default.script)
        except IntegrityError:  # created at the same moment by another process
            rules[kind] = FollowUpRule.objects.get(kind=kind)
    return [rules[kind] for kind in RuleKind.values]


def days_param(rule: FollowUpRule) -> int:
    """The N of "unused for N days" / "no visit for N days"."""
    _label, default = DAY_PARAMS.get(rule.kind, ("", 0))
    value = (rule.params or {}).get("days", default)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default


def check_template(text: str, *, field: str = "script_template") -> str:
    text = (text or "").strip()
    if len(text) > 1000:
        raise _error(field, "话术模板最多 1000 字。")
    problems = check_text(text, VARIABLES)
    if problems:
        raise _error(field, problems[0])
    return text


def render_script(template: str, variables: dict[str, Any]) -> str:
    return render_text(template or "", {k: "" if v is None else str(v) for k, v in variables.items()})


def _check_assignee(operator: Any, staff: Any, code: str) -> None:
    from yimei.customers.services import check_staff_in_scope

    check_staff_in_scope(operator, staff, field="assignee", code=code)


def check_pool(operator: Any, unit: Any, *, field: str, code: str) -> None:
    """A pool (org unit) chosen by ``operator``: active and inside what they reach with ``code``."""
    from yimei.accounts.authz import get_access

    if unit is None:
        return
    if not unit.is_active:
        raise _error(field, f"小组“{unit.name}”已停用，不能选择。")
    if operator is None:
        return
    reach = get_access(operator).reach(code)
    if reach is None or not (reach.all or unit.pk in reach.unit_ids):
        raise _error(field, f"小组“{unit.name}”不在您的数据权限范围内，不能选择。", "out_of_scope")


@transaction.atomic
def update_rule(rule: FollowUpRule, *, operator: Any, code: str = "followups.rule.change",
                **changes: Any) -> FollowUpRule:
    """Change a rule's switch, delay, parameters, assignee, method, purpose or script template.

    Nothing is saved unless every change is valid (a negative delay, an unknown template variable, a disabled
    or out-of-scope assignee are field errors)."""
    rule = FollowUpRule.objects.select_for_update().get(pk=rule.pk)
    if "delay_days" in changes:
        delay = changes["delay_days"]
        if not isinstance(delay, int) or isinstance(delay, bool):
            raise _error("delay_days", "延迟天数须为整数。")
        if delay < 0:
            raise _error("delay_days", "延迟天数不能为负数。")
        if delay > MAX_DAYS:
            raise _error("delay_days", f"延迟天数不能超过 {MAX_DAYS} 天。")
    if "params" in changes:
        changes["params"] = clean_params(rule.kind, changes["params"])
    if "script_template" in changes:
        changes["script_template"] = check_template(changes["script_template"])
    if "purpose" in changes:
        changes["purpose"] = (changes["purpose"] or "").strip()
    mode = changes.get("assignee_mode", rule.assignee_mode)
    assignee = changes.get("assignee", rule.assignee)
    pool = changes.get("pool", rule.pool)
    if "assignee" in changes and changes["assignee"] is not None and changes["assignee"] != rule.assignee:
        _check_assignee(operator, changes["assignee"], code)
    if "pool" in changes and changes["pool"] != rule.pool:
        check_pool(operator, changes["pool"], field="pool", code=code)
    if mode == AssigneeMode.NAMED and assignee is None:
        raise _error("assignee", "回访人为“指定员工”时请选择员工。", "required")
    if mode == AssigneeMode.NAMED and not assignee.is_active:
        raise _error("assignee", f"员工“{assignee.name}”已停用，不能指定。")
    if mode == AssigneeMode.POOL and pool is None:
        raise _error("pool", "回访人为“公共池”时请选择小组。", "required")
    if mode == AssigneeMode.POOL and not pool.is_active:
        raise _error("pool", f"小组“{pool.name}”已停用，不能选择。")
    changed = False
    for field in ("enabled", "delay_days", "params", "assignee_mode", "assignee", "pool", "method", "purpose",
                  "script_template", "name"):
        if field in changes and changes[field] != getattr(rule, field):
            setattr(rule, field, changes[field])
            changed = True
    if changed:
        rule.updated_by = operator if getattr(operator, "is_authenticated", False) else None
        rule.save()
    return rule


def clean_params(kind: str, params: Any) -> dict[str, Any]:
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise _error("params", "参数格式不正确。")
    if kind not in DAY_PARAMS:
        return {}
    label, default = DAY_PARAMS[kind]
    days = params.get("days", default)
    if not isinstance(days, int) or isinstance(days, bool):
        raise _error("params", f"{label}须为整数。")
    if days < 1 or days > MAX_DAYS:
        raise _error("params", f"{label}须在 1–{MAX_DAYS} 之间。")
    return {"days": days}
