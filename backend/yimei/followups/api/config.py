"""Configuration API of follow-ups: the five automatic rules (and running the engine now), the aftercare plans per
treatment item, the resource-optimisation rules and the log of what they did."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import ProtectedError, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.accounts.models import OrgUnit, User
from yimei.core.api import RestrictedViewSet
from yimei.core.errors import BusinessError, Protected
from yimei.core.pagination import CappedCountPagination
from yimei.customers.api.visits import IdFilter, LocalDateRangeFilterSet, date_from, date_to
from yimei.customers.models import Tag
from yimei.followups import care, resources, rules
from yimei.followups.api import serializers as s
from yimei.followups.api.tasks import by_id
from yimei.followups.choices import ResourceActionKind, RuleKind
from yimei.followups.models import CarePlan, FollowUpRule, ResourceAction, ResourceRule

TASK_VIEW = "followups.task.view"


class FollowUpRuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """自动回访规则: one per kind, always present; switched on and configured here."""

    queryset = FollowUpRule.objects.select_related("assignee", "pool", "updated_by")
    serializer_class = s.FollowUpRuleSerializer
    pagination_class = None
    filter_backends: list = []
    audit_module = "followups"
    permission_codes = {"list": TASK_VIEW, "retrieve": TASK_VIEW, "partial_update": "followups.rule.change",
                        "run": "followups.rule.change"}

    @extend_schema(summary="自动回访规则",
                   description="五条规则：预约未到访、到访未支付、支付后该做治疗、治疗后术后回访、睡眠客户邀约。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rules.ensure_default_rules()
        return super().list(request, *args, **kwargs)

    @extend_schema(request=s.FollowUpRuleUpdateSerializer, responses=s.FollowUpRuleSerializer,
                   summary="修改自动回访规则",
                   description="开关、延迟天数（≥0）、参数（如 {\"days\": 30}）、回访人（客户的现场咨询、经办人、"
                               "网电咨询、指定员工或公共池）、方式、目的与话术模板（变量见 variables）。")
    def partial_update(self, request: Request, pk: str) -> Response:
        rule = self.get_object()
        serializer = s.FollowUpRuleUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "assignee" in data:
            data["assignee"] = by_id(User, data["assignee"], field="assignee", label="员工")
        if "pool" in data:
            data["pool"] = by_id(OrgUnit, data["pool"], field="pool", label="小组")
        self.audit_object = rule = rules.update_rule(rule, operator=request.user, **data)
        return Response(s.FollowUpRuleSerializer(self.get_queryset().get(pk=rule.pk)).data)

    @extend_schema(request=None, responses=s.FollowUpRunResultSerializer, summary="立即运行规则引擎",
                   description="处理新的客户事件并执行各规则当天的扫描；同一触发不会重复生成任务。返回各规则新建的任务数。")
    @action(detail=False, methods=["post"])
    def run(self, request: Request) -> Response:
        from yimei.followups.engine import run_engine

        counts = run_engine()
        result = {"rules": {kind: counts.get(kind, 0) for kind in RuleKind.values},
                  "care": counts.get("care", 0), "cancelled": counts.get("cancelled", 0),
                  "resource_rules": {key.split(":", 1)[1]: n for key, n in counts.items()
                                     if key.startswith("resource:")}}
        self.audit_message = f"运行回访规则引擎：{result}"[:500]
        return Response(result)


class CarePlanFilter(django_filters.FilterSet):
    item = IdFilter(field_name="item_id", label="项目")
    search = django_filters.CharFilter(method="filter_search", label="项目名称或拼音")
    is_active = django_filters.BooleanFilter(field_name="is_active")

    class Meta:
        model = CarePlan
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        term = (value or "").replace("\x00", "").strip()[:64]
        if not term:
            return queryset
        from django.db.models import Q

        return queryset.filter(Q(item__name__startswith=term) | Q(item__name_pinyin__startswith=term.lower())
                               | Q(item__code__startswith=term))


class CarePlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """术后护理方案, keyed by the treatment item's id."""

    queryset = CarePlan.objects.select_related("item", "updated_by")
    serializer_class = s.CarePlanSerializer
    filterset_class = CarePlanFilter
    filter_backends = [DjangoFilterBackend]
    audit_module = "followups"
    permission_codes = {"list": TASK_VIEW, "retrieve": TASK_VIEW, "create": "followups.careplan.change",
                        "update": "followups.careplan.change", "partial_update": "followups.careplan.change",
                        "destroy": "followups.careplan.change"}

    def _respond(self, plan: CarePlan, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.CarePlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=code)

    def _values(self, request: Request) -> dict[str, Any]:
        serializer = s.CarePlanWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(summary="术后护理方案列表")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=s.CarePlanWriteSerializer, responses={201: s.CarePlanSerializer},
                   summary="新建术后护理方案",
                   description="项目的术后注意事项（纯文本或富文本，保存前清理）、回访节点与关怀消息节点（术后第几天，"
                               "从小到大、不重复，0–730）。划扣该项目后立即发送注意事项，并按节点发送关怀消息、生成术后回访。")
    def create(self, request: Request) -> Response:
        from yimei.catalog.models import TreatmentItem

        data = self._values(request)
        item = by_id(TreatmentItem, data.pop("item", None), field="item", label="项目")
        if item is None:
            raise BusinessError("请选择项目。", code="required", fields={"item": ["请选择项目。"]})
        if CarePlan.objects.filter(item=item).exists():
            raise BusinessError(f"“{item.name}”已有术后护理方案，请直接修改。", code="duplicate",
                                fields={"item": ["该项目已有护理方案。"]})
        self.audit_object = plan = care.save_care_plan(item, operator=request.user, **data)
        return self._respond(plan, status.HTTP_201_CREATED)

    def _change(self, request: Request, *, partial: bool) -> Response:
        plan = self.get_object()
        data = self._values(request)
        data.pop("item", None)
        self.audit_object = plan = care.save_care_plan(plan.item, operator=request.user, partial=partial, **data)
        return self._respond(plan)

    @extend_schema(request=s.CarePlanWriteSerializer, responses=s.CarePlanSerializer, summary="修改术后护理方案")
    def update(self, request: Request, pk: str) -> Response:
        return self._change(request, partial=False)

    @extend_schema(request=s.CarePlanWriteSerializer, responses=s.CarePlanSerializer,
                   summary="修改术后护理方案（部分）")
    def partial_update(self, request: Request, pk: str) -> Response:
        return self._change(request, partial=True)

    @extend_schema(summary="删除术后护理方案", description="已发出的关怀消息不受影响；之后的划扣不再发送。")
    def destroy(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        self.audit_object = plan
        plan.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResourceRuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """客户资源规则."""

    queryset = ResourceRule.objects.select_related("release_to", "release_to_pool", "flag_tag", "updated_by")
    serializer_class = s.ResourceRuleSerializer
    pagination_class = None
    filter_backends: list = []
    audit_module = "followups"
    permission_codes = {"list": "followups.resource.view", "retrieve": "followups.resource.view",
                        "create": "followups.resource.change", "update": "followups.resource.change",
                        "partial_update": "followups.resource.change", "destroy": "followups.resource.change"}

    def _values(self, request: Request) -> dict[str, Any]:
        serializer = s.ResourceRuleWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        for field, model, label in (("release_to", User, "员工"), ("release_to_pool", OrgUnit, "小组"),
                                    ("flag_tag", Tag, "标签")):
            if field in data:
                data[field] = by_id(model, data[field], field=field, label=label)
        return data

    def _respond(self, rule: ResourceRule, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.ResourceRuleSerializer(self.get_queryset().get(pk=rule.pk)).data, status=code)

    @extend_schema(summary="客户资源规则列表")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=s.ResourceRuleWriteSerializer, responses={201: s.ResourceRuleSerializer},
                   summary="新建客户资源规则",
                   description="条件（到访未成交、到访后未回访、老客户再到访未消费）持续 days 天后：生成回访任务、"
                               "标记预警（可加标签）或把客户从现场咨询名下释放到小组（公共池）或另一位员工。")
    def create(self, request: Request) -> Response:
        self.audit_object = rule = resources.save_resource_rule(None, operator=request.user, **self._values(request))
        return self._respond(rule, status.HTTP_201_CREATED)

    @extend_schema(request=s.ResourceRuleWriteSerializer, responses=s.ResourceRuleSerializer,
                   summary="修改客户资源规则")
    def update(self, request: Request, pk: str) -> Response:
        rule = self.get_object()
        self.audit_object = rule = resources.save_resource_rule(rule, operator=request.user, **self._values(request))
        return self._respond(rule)

    @extend_schema(request=s.ResourceRuleWriteSerializer, responses=s.ResourceRuleSerializer,
                   summary="修改客户资源规则（部分）")
    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk)

    @extend_schema(summary="删除客户资源规则", description="已有执行记录的规则不能删除，请停用。")
    def destroy(self, request: Request, pk: str) -> Response:
        rule = self.get_object()
        self.audit_object = rule
        try:
            resources.delete_resource_rule(rule)
        except ProtectedError:
            raise Protected("该规则已有执行记录，不能删除；如不再使用请停用。") from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResourceActionFilter(LocalDateRangeFilterSet):
    rule = IdFilter(field_name="rule_id", label="规则")
    customer = IdFilter(field_name="customer_id", label="客户")
    action = django_filters.MultipleChoiceFilter(choices=ResourceActionKind.choices, label="动作")
    date_from = date_from("created_at", "日期起")
    date_to = date_to("created_at", "日期止")

    class Meta:
        model = ResourceAction
        fields: list[str] = []


class ResourceActionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """规则执行记录: what the resource rules did to which customer, and why."""

    queryset = ResourceAction.objects.select_related("rule", "customer", "from_consultant", "to_consultant",
                                                     "to_pool").defer("customer__id_number")
    serializer_class = s.ResourceActionSerializer
    filterset_class = ResourceActionFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]
    pagination_class = CappedCountPagination
    audit_module = "followups"
    permission_codes = {"list": "followups.resource.view", "retrieve": "followups.resource.view"}

    @extend_schema(summary="客户资源规则执行记录", description="按规则、动作、客户、日期筛选。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


def register(router: Any) -> None:
    router.register("followup-rules", FollowUpRuleViewSet, basename="followup-rule")
    router.register("care-plans", CarePlanViewSet, basename="care-plan")
    router.register("resource-rules", ResourceRuleViewSet, basename="resource-rule")
    router.register("resource-actions", ResourceActionViewSet, basename="resource-action")
