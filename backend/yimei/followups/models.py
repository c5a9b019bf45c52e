"""Follow-ups (回访): tasks with their results and reassignment history, the automatic rules that create them,
the aftercare plan of each treatment item with the care messages sent after a deduction, the
resource-optimisation rules (客户资源优化) with the log of what they did, and the staff's notification bell.

The rule engine (``engine.py``) keeps its place in the customer timeline in ``EngineState`` and creates each
task once per trigger: ``(rule, trigger_key)`` is unique, so a re-run inserts nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from yimei.core.models import ChangeLoggedModel, RestrictedManager, TimeStampedModel
from yimei.followups.choices import (
    AssigneeMode,
    CareStatus,
    Method,
    Outcome,
    ResourceActionKind,
    ResourceRuleKind,
    RuleKind,
    TaskStatus,
)

STAFF = settings.AUTH_USER_MODEL
MAX_DAYS = 3650


class FollowUpRule(ChangeLoggedModel, TimeStampedModel):
    """One of the five automatic rules (one row per kind): switch, delay, assignee and script template."""

    kind = models.CharField("规则", max_length=24, choices=RuleKind.choices, unique=True)
    name = models.CharField("名称", max_length=32)
    enabled = models.BooleanField("启用", default=False)
    delay_days = models.IntegerField("延迟天数", default=1,
                                     help_text="触发后第几天回访（0 表示当天）；术后回访按项目护理方案的节点。")
    params = models.JSONField("参数", default=dict, blank=True,
                              help_text='如 {"days": 30}（支付后未治疗天数）、{"days": 180}（睡眠天数）。')
    assignee_mode = models.CharField("回访人", max_length=24, choices=AssigneeMode.choices,
                                     default=AssigneeMode.OWNING_CONSULTANT)
    assignee = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="指定员工")
    pool = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="公共池（小组）",
                             help_text="回访人为公共池时分配到此小组；其他方式找不到回访人时也放入此小组。")
    method = models.CharField("回访方式", max_length=16, choices=Method.choices, default=Method.PHONE)
    purpose = models.CharField("回访目的", max_length=100, blank=True, default="")
    script_template = models.TextField("话术模板", blank=True, default="")
    # Periodic scans cover trigger dates up to this local date (inclusive); None: never scanned.
    scanned_through = models.DateField("已扫描至", null=True, blank=True)
    updated_by = models.ForeignKey(STAFF, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="修改人")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "自动回访规则"
        verbose_name_plural = verbose_name
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(delay_days__gte=0) & Q(delay_days__lte=MAX_DAYS),
                                   name="followup_rule_delay_range",
                                   violation_error_message="延迟天数须在 0–3650 之间。"),
        ]

    def __str__(self) -> str:
        return self.name


class FollowUpTask(ChangeLoggedModel, TimeStampedModel):
    """A follow-up (回访) of one customer: who, when, how and why; then the result and the next plan."""

    customer = models.ForeignKey("customers.Customer", models.PROTECT, related_name="followup_tasks",
                                 verbose_name="客户")
    assignee = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="followup_tasks",
                                 verbose_name="回访人")
    pool = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="公共池（小组）")
    due_on = models.DateField("回访日期")
    due_at = models.TimeField("回访时间", null=True, blank=True)
    method = models.CharField("回访方式", max_length=16, choices=Method.choices, default=Method.PHONE)
    purpose = models.CharField("回访目的", max_length=100)
    script = models.TextField("话术", blank=True, default="")
    status = models.CharField("状态", max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    result_content = models.TextField("回访内容", blank=True, default="")
    outcome = models.CharField("回访结果", max_length=16, choices=Outcome.choices, blank=True, default="")
    satisfaction = models.PositiveSmallIntegerField("满意度", null=True, blank=True)
    next_plan = models.TextField("下次计划", blank=True, default="")
    previous_task = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="next_tasks",
                                      verbose_name="上一次回访")
    rule = models.ForeignKey(FollowUpRule, models.PROTECT, null=True, blank=True, related_name="tasks",
                             verbose_name="自动规则")
    trigger_key = models.CharField("触发标识", max_length=100, blank=True, default="",
                                   help_text="同一规则同一触发只生成一条任务。")
    source_type = models.CharField("来源对象类型", max_length=64, blank=True, default="")
    source_id = models.CharField("来源对象编号", max_length=64, blank=True, default="")
    source_summary = models.CharField("来源说明", max_length=255, blank=True, default="")
    created_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="创建人")
    org_unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="归属单元")
    closed_at = models.DateTimeField("完成/取消时间", null=True, blank=True)
    closed_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="完成/取消人")
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True, default="")

    objects = RestrictedManager()
    scope_owner_field = ("assignee_id",)
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "回访任务"
        verbose_name_plural = verbose_name
        ordering = ["due_on", "due_at", "id"]
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"], name="followup_by_assignee"),
            models.Index(fields=["org_unit", "status", "due_on"], name="followup_by_unit"),
            models.Index(fields=["customer", "-due_on"], name="followup_by_customer"),
            models.Index(fields=["status", "due_on"], name="followup_by_status"),
            models.Index(fields=["source_type", "source_id"], name="followup_by_source"),
            models.Index(fields=["closed_at"], name="followup_by_closing", condition=Q(status=TaskStatus.DONE)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["rule", "trigger_key"], name="followup_unique_trigger",
                                    condition=Q(rule__isnull=False),
                                    violation_error_message="该触发已生成过回访任务。"),
            models.CheckConstraint(condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                                   name="followup_satisfaction_range", violation_error_message="满意度须为 1–5。"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose}（{self.due_on}）"


class FollowUpAssignment(models.Model):
    """A reassignment of a task (append-only history): from whom to whom, why, by whom."""

    task = models.ForeignKey(FollowUpTask, models.CASCADE, related_name="assignments", verbose_name="回访任务")
    from_assignee = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+")
    from_pool = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+")
    to_assignee = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+")
    to_pool = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.CharField("原因", max_length=200)
    assigned_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+")
    assigned_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "回访改派记录"
        verbose_name_plural = verbose_name
        ordering = ["task", "id"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.reason}"


class CarePlan(ChangeLoggedModel, TimeStampedModel):
    """术后护理方案 of one treatment item: aftercare instructions sent right after a deduction, the follow-up
    nodes (days after treatment) that create post-treatment tasks and the message nodes that send care
    messages."""

    item = models.OneToOneField("catalog.TreatmentItem", models.CASCADE, primary_key=True, related_name="care_plan",
                                verbose_name="项目")
    instructions = models.TextField("术后注意事项", blank=True, default="",
                                    help_text="纯文本，或经过清理的富文本（HTML）。")
    rich = models.BooleanField("富文本", default=False)
    followup_nodes = models.JSONField("回访节点（天）", default=list, blank=True)
    message_nodes = models.JSONField("关怀消息节点（天）", default=list, blank=True)
    is_active = models.BooleanField("启用", default=True)
    updated_by = models.ForeignKey(STAFF, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="修改人")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "术后护理方案"
        verbose_name_plural = verbose_name
        ordering = ["item_id"]

    def __str__(self) -> str:
        return f"护理方案 {self.item_id}"


class CareDelivery(TimeStampedModel):
    """The aftercare of one deduction: a copy of the instructions read through the H5 link (an unguessable
    token, no personal data) and the care messages scheduled for it; cancelled when the deduction is reversed."""

    deduction = models.OneToOneField("sales.Deduction", models.PROTECT, related_name="care_delivery",
                                     verbose_name="划扣")
    customer = models.ForeignKey("customers.Customer", models.PROTECT, related_name="+", verbose_name="客户")
    item_name = models.CharField("项目名称", max_length=64)
    instructions = models.TextField("术后注意事项", blank=True, default="")
    rich = models.BooleanField("富文本", default=False)
    token = models.CharField("链接令牌", max_length=43, unique=True)
    status = models.CharField("状态", max_length=16, choices=CareStatus.choices, default=CareStatus.SCHEDULED)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True, default="")

    objects = RestrictedManager()
    scope_owner_field = ("customer__consultant_id", "customer__online_consultant_id")
    scope_unit_field = "customer__org_unit_id"

    class Meta:
        verbose_name = "术后关怀"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.item_name}（划扣 {self.deduction_id}）"


class ResourceRule(ChangeLoggedModel, TimeStampedModel):
    """A resource-optimisation rule (客户资源优化): when a customer's situation has lasted ``days`` days, create a
    follow-up, flag the customer or release them from the owning consultant to a pool or another consultant."""

    name = models.CharField("名称", max_length=32)
    kind = models.CharField("条件", max_length=32, choices=ResourceRuleKind.choices)
    days = models.PositiveIntegerField("天数", default=30)
    action = models.CharField("动作", max_length=16, choices=ResourceActionKind.choices,
                              default=ResourceActionKind.CREATE_TASK)
    release_to = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="释放给员工")
    release_to_pool = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
                                        verbose_name="释放到小组（公共池）")
    flag_tag = models.ForeignKey("customers.Tag", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="预警标签")
    enabled = models.BooleanField("启用", default=True)
    scanned_through = models.DateField("已扫描至", null=True, blank=True)
    updated_by = models.ForeignKey(STAFF, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="修改人")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "客户资源规则"
        verbose_name_plural = verbose_name
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=1) & Q(days__lte=MAX_DAYS), name="resource_rule_days_range",
                                   violation_error_message="天数须在 1–3650 之间。"),
        ]

    def __str__(self) -> str:
        return self.name


class ResourceAction(models.Model):
    """What a resource rule did to a customer and why (append-only): the page "规则执行记录" lists these."""

    rule = models.ForeignKey(ResourceRule, models.PROTECT, related_name="actions", verbose_name="规则")
    customer = models.ForeignKey("customers.Customer", models.PROTECT, related_name="resource_actions",
                                 verbose_name="客户")
    action = models.CharField("动作", max_length=16, choices=ResourceActionKind.choices)
    trigger_key = models.CharField("触发标识", max_length=100)
    reason = models.CharField("原因", max_length=300)
    from_consultant = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                        verbose_name="原现场咨询")
    to_consultant = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                      verbose_name="新现场咨询")
    to_pool = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="释放到小组")
    task = models.ForeignKey(FollowUpTask, models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="回访任务")
    org_unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="归属单元")
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    objects = RestrictedManager()
    scope_owner_field = ("from_consultant_id", "to_consultant_id")
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "客户资源规则执行记录"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-created_at"], name="resource_action_customer"),
            models.Index(fields=["rule", "-created_at"], name="resource_action_rule"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["rule", "trigger_key"], name="resource_action_unique_trigger",
                                    violation_error_message="该规则已对此触发执行过。"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}：{self.reason}"


class Notification(models.Model):
    """A line in a staff member's notification bell (new automatic tasks, overdue tasks, releases)."""

    user = models.ForeignKey(STAFF, models.CASCADE, related_name="notifications", verbose_name="员工")
    kind = models.CharField("类型", max_length=32)
    title = models.CharField("标题", max_length=100)
    body = models.CharField("内容", max_length=500, blank=True, default="")
    link = models.CharField("链接", max_length=200, blank=True, default="")
    # Notifications that must exist once (the daily overdue reminder) carry a key unique per user.
    dedupe_key = models.CharField("去重标识", max_length=100, blank=True, default="")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    objects = RestrictedManager()
    scope_owner_field = "user_id"

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_by_user"),
            models.Index(fields=["user"], name="notification_unread", condition=Q(read_at__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notification_unique_key",
                                    condition=~Q(dedupe_key="")),
        ]

    def __str__(self) -> str:
        return self.title


class EngineState(models.Model):
    """The rule engine's place in the customer timeline (one row): the last event id it has read."""

    event_cursor = models.BigIntegerField("已处理事件编号", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "回访引擎状态"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"cursor {self.event_cursor}"
