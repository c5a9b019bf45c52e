"""Serializers of the follow-ups API. Output shapes follow the issue-6 contract (the console is built on them);
input serializers only parse and bound values — the rules are checked by the services, in Chinese."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yimei.customers.api.serializers import NamedRefSerializer, StaffRefSerializer
from yimei.customers.api.visits import CustomerBriefSerializer
from yimei.followups.choices import AssigneeMode, Method, Outcome, ResourceActionKind, ResourceRuleKind
from yimei.followups.models import (
    CarePlan,
    FollowUpAssignment,
    FollowUpRule,
    FollowUpTask,
    Notification,
    ResourceAction,
    ResourceRule,
)
from yimei.followups.rules import VARIABLES

MAX_ID = 2**63 - 1


def id_input(label: str, *, required: bool = False, allow_null: bool = True) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, required=required, allow_null=allow_null,
                                    label=label, error_messages={
                                        "required": f"请选择{label}。", "null": f"请选择{label}。",
                                        "invalid": f"{label}须为编号。", "min_value": f"{label}编号无效。",
                                        "max_value": f"{label}编号无效。"})


def text_input(label: str, max_length: int, *, required: bool = False) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=required, allow_blank=not required, label=label,
                                 error_messages={"required": f"请填写{label}。", "blank": f"请填写{label}。",
                                                 "max_length": f"{label}最多 {max_length} 字。",
                                                 "invalid": f"{label}须为文字。", "null": f"请填写{label}。"})


def choice_input(choices: Any, label: str, *, required: bool = True, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, required=required, label=label, error_messages={
        "required": f"请选择{label}。", "invalid_choice": f"{label}“{{input}}”不在可选范围内。",
        "null": f"请选择{label}。"}, **kwargs)


def date_input(label: str, *, required: bool = True, allow_null: bool = False) -> serializers.DateField:
    return serializers.DateField(required=required, allow_null=allow_null, label=label, error_messages={
        "required": f"请选择{label}。", "null": f"请选择{label}。", "invalid": f"{label}格式应为 YYYY-MM-DD。",
        "datetime": f"{label}格式应为 YYYY-MM-DD。"})


# --- tasks ------------------------------------------------------------------------------------------------------


class FollowUpRuleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()


class FollowUpSourceSerializer(serializers.Serializer):
    type = serializers.CharField(
        help_text="来源对象类型，如 appointments.appointment、sales.deduction、customers.visit")
    id = serializers.CharField()
    summary = serializers.CharField()


class FollowUpAssignmentSerializer(serializers.ModelSerializer):
    from_assignee = StaffRefSerializer(read_only=True, allow_null=True)
    from_pool = NamedRefSerializer(read_only=True, allow_null=True)
    to_assignee = StaffRefSerializer(read_only=True, allow_null=True)
    to_pool = NamedRefSerializer(read_only=True, allow_null=True)
    assigned_by = StaffRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = FollowUpAssignment
        fields = ["id", "from_assignee", "from_pool", "to_assignee", "to_pool", "reason", "assigned_by",
                  "assigned_at"]
        read_only_fields = fields


class FollowUpTaskSerializer(serializers.ModelSerializer):
    customer = CustomerBriefSerializer(read_only=True)
    assignee = StaffRefSerializer(read_only=True, allow_null=True, label="回访人")
    pool = NamedRefSerializer(read_only=True, allow_null=True, label="公共池（小组）")
    method_display = serializers.CharField(source="get_method_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    is_overdue = serializers.SerializerMethodField(label="已逾期")
    rule = FollowUpRuleRefSerializer(read_only=True, allow_null=True, label="生成它的自动规则")
    source = serializers.SerializerMethodField(label="触发它的事件或对象")
    created_by = StaffRefSerializer(read_only=True, allow_null=True)
    closed_by = StaffRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = FollowUpTask
        fields = ["id", "customer", "assignee", "pool", "due_on", "due_at", "method", "method_display", "purpose",
                  "script", "status", "status_display", "is_overdue", "result_content", "outcome", "outcome_display",
                  "satisfaction", "next_plan", "rule", "source", "created_by", "created_at", "closed_at",
                  "closed_by", "cancel_reason", "previous_task"]
        read_only_fields = fields

    def _today(self) -> date:
        if "today" not in self.context:
            self.context["today"] = timezone.localdate()
        return self.context["today"]

    def get_is_overdue(self, obj: FollowUpTask) -> bool:
        return obj.status == "open" and obj.due_on < self._today()

    @extend_schema_field(FollowUpSourceSerializer(allow_null=True))
    def get_source(self, obj: FollowUpTask) -> dict[str, Any] | None:
        if not obj.source_type:
            return None
        return {"type": obj.source_type, "id": obj.source_id, "summary": obj.source_summary}


class FollowUpTaskDetailSerializer(FollowUpTaskSerializer):
    assignments = FollowUpAssignmentSerializer(many=True, read_only=True, label="改派记录")
    next_tasks = serializers.PrimaryKeyRelatedField(many=True, read_only=True, label="由本次结果安排的下次回访")

    class Meta(FollowUpTaskSerializer.Meta):
        fields = [*FollowUpTaskSerializer.Meta.fields, "assignments", "next_tasks"]
        read_only_fields = fields


class FollowUpTaskCreateSerializer(serializers.Serializer):
    customer = id_input("客户", required=True, allow_null=False)
    assignee = id_input("回访人")
    pool = id_input("公共池（小组）")
    due_on = date_input("回访日期")
    due_at = serializers.TimeField(required=False, allow_null=True, label="回访时间",
                                   error_messages={"invalid": "回访时间格式应为 HH:MM。"})
    method = choice_input(Method.choices, "回访方式")
    purpose = text_input("回访目的", 100, required=True)
    script = text_input("话术", 2000)


class FollowUpTaskUpdateSerializer(serializers.Serializer):
    due_on = date_input("回访日期", required=False)
    due_at = serializers.TimeField(required=False, allow_null=True, label="回访时间",
                                   error_messages={"invalid": "回访时间格式应为 HH:MM。"})
    method = choice_input(Method.choices, "回访方式", required=False)
    purpose = text_input("回访目的", 100)
    script = text_input("话术", 2000)


class FollowUpResultSerializer(serializers.Serializer):
    result_content = text_input("回访内容", 2000, required=True)
    outcome = choice_input(Outcome.choices, "回访结果")
    satisfaction = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True, label="满意度",
                                            error_messages={"invalid": "满意度须为 1–5 分。",
                                                            "min_value": "满意度须为 1–5 分。",
                                                            "max_value": "满意度须为 1–5 分。"})
    next_plan = text_input("下次计划", 2000)
    next_due_on = date_input("下次回访日期", required=False, allow_null=True)
    next_method = choice_input(Method.choices, "下次回访方式", required=False, allow_null=True)


class FollowUpReassignSerializer(serializers.Serializer):
    assignee = id_input("新的回访人")
    pool = id_input("公共池（小组）")
    reason = text_input("改派原因", 200, required=True)


class FollowUpReasonSerializer(serializers.Serializer):
    reason = text_input("原因", 200, required=True)


class FollowUpBulkSerializer(serializers.Serializer):
    customers = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False,
                                      max_length=1000, label="客户", error_messages={
                                          "max_length": "一次最多选择 1000 位客户。",
                                          "not_a_list": "客户须为档案号列表。"})
    customer_filter = serializers.DictField(required=False, label="客户筛选条件",
                                            help_text="与客户列表相同的筛选参数（search、consultant、tags、"
                                                      "last_visit_before …），代替 customers。")
    assignee_mode = choice_input(AssigneeMode.choices, "回访人的分配方式")
    assignee = id_input("回访人")
    pool = id_input("公共池（小组）")
    due_on = date_input("回访日期")
    method = choice_input(Method.choices, "回访方式")
    purpose = text_input("回访目的", 100, required=True)
    script = text_input("话术", 2000)


class FollowUpBulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    skipped = serializers.IntegerField()
    skipped_reasons = serializers.DictField(child=serializers.IntegerField(), help_text="原因 → 人数")


class FollowUpSummarySerializer(serializers.Serializer):
    due_today = serializers.IntegerField(label="今日到期")
    overdue = serializers.IntegerField(label="已逾期")
    done_today = serializers.IntegerField(label="今日完成")


# --- rules ------------------------------------------------------------------------------------------------------


class FollowUpRuleSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    assignee_mode_display = serializers.CharField(source="get_assignee_mode_display", read_only=True)
    method_display = serializers.CharField(source="get_method_display", read_only=True)
    assignee = StaffRefSerializer(read_only=True, allow_null=True)
    pool = NamedRefSerializer(read_only=True, allow_null=True)
    updated_by = StaffRefSerializer(read_only=True, allow_null=True)
    variables = serializers.SerializerMethodField(help_text="话术模板可用的变量 → 说明")

    class Meta:
        model = FollowUpRule
        fields = ["id", "kind", "kind_display", "name", "enabled", "delay_days", "params", "assignee_mode",
                  "assignee_mode_display", "assignee", "pool", "method", "method_display", "purpose",
                  "script_template", "variables", "scanned_through", "updated_at", "updated_by"]
        read_only_fields = fields

    def get_variables(self, obj: FollowUpRule) -> dict[str, str]:
        return dict(VARIABLES)


class FollowUpRuleUpdateSerializer(serializers.Serializer):
    name = text_input("名称", 32)
    enabled = serializers.BooleanField(required=False, label="启用")
    delay_days = serializers.IntegerField(required=False, min_value=0, max_value=3650, label="延迟天数",
                                          error_messages={"min_value": "延迟天数不能为负数。",
                                                          "max_value": "延迟天数不能超过 3650 天。",
                                                          "invalid": "延迟天数须为整数。"})
    params = serializers.DictField(required=False, label="参数", help_text='如 {"days": 30}')
    assignee_mode = choice_input(AssigneeMode.choices, "回访人", required=False)
    assignee = id_input("指定员工")
    pool = id_input("公共池（小组）")
    method = choice_input(Method.choices, "回访方式", required=False)
    purpose = text_input("回访目的", 100)
    script_template = text_input("话术模板", 1000)


class FollowUpRunResultSerializer(serializers.Serializer):
    rules = serializers.DictField(child=serializers.IntegerField(), help_text="规则类型 → 新建任务数")
    care = serializers.IntegerField(help_text="安排了术后关怀消息的划扣数")
    cancelled = serializers.IntegerField(help_text="因冲正取消的回访任务数")
    resource_rules = serializers.DictField(child=serializers.IntegerField(), help_text="资源规则编号 → 执行次数")


# --- care plans -------------------------------------------------------------------------------------------------


class CarePlanSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    item_code = serializers.CharField(source="item.code", read_only=True)
    updated_by = StaffRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = CarePlan
        fields = ["item", "item_name", "item_code", "instructions", "rich", "followup_nodes", "message_nodes",
                  "is_active", "updated_at", "updated_by"]
        read_only_fields = fields


def nodes_input(label: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.JSONField(), required=False, max_length=50, label=label,
                                 help_text="术后第几天，从小到大，如 [1, 7, 30]",
                                 error_messages={"not_a_list": f"{label}须为天数列表，如 [1, 7, 30]。"})


class CarePlanWriteSerializer(serializers.Serializer):
    item = id_input("项目")
    instructions = serializers.CharField(required=False, allow_blank=True, max_length=20000, label="术后注意事项",
                                         trim_whitespace=False,
                                         error_messages={"max_length": "术后注意事项最多 20000 字。",
                                                         "invalid": "术后注意事项须为文字。"})
    followup_nodes = nodes_input("回访节点")
    message_nodes = nodes_input("关怀消息节点")
    is_active = serializers.BooleanField(required=False, label="启用")


# --- resource rules ---------------------------------------------------------------------------------------------


class ResourceRuleSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    release_to = StaffRefSerializer(read_only=True, allow_null=True)
    release_to_pool = NamedRefSerializer(read_only=True, allow_null=True)
    flag_tag = NamedRefSerializer(read_only=True, allow_null=True)
    updated_by = StaffRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ResourceRule
        fields = ["id", "name", "kind", "kind_display", "days", "action", "action_display", "release_to",
                  "release_to_pool", "flag_tag", "enabled", "scanned_through", "created_at", "updated_at",
                  "updated_by"]
        read_only_fields = fields


class ResourceRuleWriteSerializer(serializers.Serializer):
    name = text_input("规则名称", 32)
    kind = choice_input(ResourceRuleKind.choices, "触发条件", required=False)
    days = serializers.IntegerField(required=False, min_value=1, max_value=3650, label="天数", error_messages={
        "min_value": "天数须至少为 1。", "max_value": "天数不能超过 3650。", "invalid": "天数须为整数。"})
    action = choice_input(ResourceActionKind.choices, "动作", required=False)
    release_to = id_input("释放给员工")
    release_to_pool = id_input("释放到小组")
    flag_tag = id_input("预警标签")
    enabled = serializers.BooleanField(required=False, label="启用")


class ResourceActionSerializer(serializers.ModelSerializer):
    rule = FollowUpRuleRefSerializer(read_only=True)
    customer = CustomerBriefSerializer(read_only=True)
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    from_consultant = StaffRefSerializer(read_only=True, allow_null=True)
    to_consultant = StaffRefSerializer(read_only=True, allow_null=True)
    to_pool = NamedRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ResourceAction
        fields = ["id", "rule", "customer", "action", "action_display", "reason", "from_consultant", "to_consultant",
                  "to_pool", "task", "created_at"]
        read_only_fields = fields


# --- notifications ----------------------------------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "is_read", "read_at", "created_at"]
        read_only_fields = fields

    def get_is_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()
