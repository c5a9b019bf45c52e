"""Follow-up tasks API (回访任务): list with filters, plan one, change the plan, record the result, reassign,
cancel, bulk creation for a group of customers, and the current user's counts."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.accounts.models import OrgUnit, User
from yimei.core.api import RestrictedViewSet
from yimei.core.errors import BusinessError, OutOfScope
from yimei.core.models import restrict
from yimei.core.pagination import CappedCountPagination
from yimei.customers.api.visits import IdFilter
from yimei.customers.models import Customer
from yimei.customers.selectors import search_condition
from yimei.customers.visits import local_day_start
from yimei.followups import services
from yimei.followups.api import serializers as s
from yimei.followups.choices import Method, RuleKind, TaskStatus
from yimei.followups.models import FollowUpAssignment, FollowUpTask

VIEW = "followups.task.view"
CUSTOMER_VIEW = "customers.customer.view"

EXAMPLE = OpenApiExample("一周后电话回访", request_only=True, value={
    "customer": 12, "due_on": "2026-12-08", "method": "phone", "purpose": "术后恢复情况", "script": ""})


def by_id(model: type, pk: int | None, *, field: str, label: str) -> Any:
    if pk is None:
        return None
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise BusinessError(f"{label}不存在。", code="not_found", fields={field: [f"{label}不存在（编号 {pk}）。"]})
    return row


def reachable_customer(user: Any, pk: int) -> Customer:
    customer = restrict(Customer, user, CUSTOMER_VIEW).filter(pk=pk).first()
    if customer is None:
        raise BusinessError("客户不存在或您无权查看该客户。", code="not_found", status_code=404,
                            fields={"customer": ["客户不存在或您无权查看该客户。"]})
    return customer


class TaskFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=TaskStatus.choices, label="状态")
    assignee = django_filters.CharFilter(method="filter_assignee", label="回访人：me 或员工编号")
    pool = IdFilter(field_name="pool_id", label="公共池（小组）")
    customer = IdFilter(field_name="customer_id", label="客户")
    due_from = django_filters.DateFilter(field_name="due_on", lookup_expr="gte", label="回访日期起")
    due_to = django_filters.DateFilter(field_name="due_on", lookup_expr="lte", label="回访日期止")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="已逾期（待回访且回访日期已过）")
    rule = IdFilter(field_name="rule_id", label="自动规则")
    rule_kind = django_filters.ChoiceFilter(field_name="rule__kind", choices=RuleKind.choices, label="自动规则类型")
    method = django_filters.MultipleChoiceFilter(choices=Method.choices, label="回访方式")
    closed_from = django_filters.DateFilter(method="filter_closed", label="完成日期起")
    closed_to = django_filters.DateFilter(method="filter_closed", label="完成日期止")
    search = django_filters.CharFilter(method="filter_search", label="客户姓名、拼音/首字母、手机号或尾号")

    class Meta:
        model = FollowUpTask
        fields: list[str] = []

    def filter_assignee(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = (value or "").strip()
        if not value:
            return queryset
        if value == "me":
            return queryset.filter(assignee_id=self.request.user.pk)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value.isdigit() and 0 < int(value) < 2**63:
            return queryset.filter(assignee_id=int(value))
        raise serializers.ValidationError({"assignee": ["回访人须为 me、none 或员工编号。"]})

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = Q(status=TaskStatus.OPEN, due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_closed(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        from datetime import timedelta

        if not value:
            return queryset
        if name == "closed_from":
            return queryset.filter(closed_at__gte=local_day_start(value))
        return queryset.filter(closed_at__lt=local_day_start(value + timedelta(days=1)))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        term = (value or "").replace("\x00", "")[:64]
        if not term.strip():
            return queryset
        condition = search_condition(term)
        if condition is None:
            return queryset.none()
        return queryset.filter(customer__in=Customer.objects.filter(condition).values("pk"))


class FollowUpTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """回访任务. 待回访 → 已完成（登记结果）或 已取消; open tasks can be changed and reassigned."""

    queryset = (FollowUpTask.objects.select_related("customer", "assignee", "pool", "rule", "created_by", "closed_by")
                .defer("customer__id_number"))
    serializer_class = s.FollowUpTaskSerializer
    filterset_class = TaskFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["due_on", "created_at", "closed_at", "id"]
    ordering = ["due_on", "due_at", "id"]
    pagination_class = CappedCountPagination
    audit_module = "followups"
    permission_codes = {
        "list": VIEW, "retrieve": VIEW, "summary": VIEW,
        "create": "followups.task.add", "bulk": "followups.task.add",
        "partial_update": "followups.task.change", "result": "followups.task.change",
        "cancel": "followups.task.change", "reassign": "followups.task.assign",
    }

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if self.action != "list":
            queryset = queryset.prefetch_related(
                Prefetch("assignments", queryset=FollowUpAssignment.objects.select_related(
                    "from_assignee", "from_pool", "to_assignee", "to_pool", "assigned_by").order_by("id")),
                "next_tasks")
        return queryset

    def _detail(self, task: FollowUpTask, code: int = status.HTTP_200_OK) -> Response:
        """The task as written, read back through the user's scope: outside it, everything rolls back."""
        self.ensure_in_scope(task)
        return Response(s.FollowUpTaskDetailSerializer(self.get_queryset().get(pk=task.pk)).data, status=code)

    @extend_schema(summary="回访任务列表",
                   description="按状态、回访人（assignee=me 为我的任务）、客户、回访日期、是否逾期、自动规则、方式"
                               "筛选；search 按客户姓名、拼音、手机号或尾号。默认按回访日期排列；已完成的可用 "
                               "ordering=-closed_at。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="回访任务详情", responses=s.FollowUpTaskDetailSerializer,
                   description="含改派记录与下次回访。")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(s.FollowUpTaskDetailSerializer(self.get_object()).data)

    @extend_schema(request=s.FollowUpTaskCreateSerializer, responses={201: s.FollowUpTaskDetailSerializer},
                   summary="新建回访计划",
                   examples=[EXAMPLE],
                   description="回访人与公共池二选一，都不填则为本人；回访人须在职且在您的数据权限范围内；"
                               "回访日期不能早于今天。")
    def create(self, request: Request) -> Response:
        serializer = s.FollowUpTaskCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        customer = reachable_customer(request.user, data.pop("customer"))
        data["assignee"] = by_id(User, data.get("assignee"), field="assignee", label="回访人")
        data["pool"] = by_id(OrgUnit, data.get("pool"), field="pool", label="小组")
        self.audit_object = task = services.create_task(customer=customer, operator=request.user, **data)
        return self._detail(task, status.HTTP_201_CREATED)

    @extend_schema(request=s.FollowUpTaskUpdateSerializer, responses=s.FollowUpTaskDetailSerializer,
                   summary="修改回访计划",
                   description="只能修改待回访的任务：日期、时间、方式、目的、话术。改派请用 reassign。")
    def partial_update(self, request: Request, pk: str) -> Response:
        task = self.get_object()
        serializer = s.FollowUpTaskUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = task = services.update_task(task, operator=request.user, **serializer.validated_data)
        return self._detail(task)

    @extend_schema(request=s.FollowUpResultSerializer, responses=s.FollowUpTaskDetailSerializer, summary="登记回访结果",
                   description="登记后任务完成；填写下次回访日期时为同一回访人安排下一次回访。已完成或已取消的任务不能再登记。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def result(self, request: Request, pk: str) -> Response:
        task = self.get_object()
        serializer = s.FollowUpResultSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = task = services.record_result(task, operator=request.user, **serializer.validated_data)
        return self._detail(task)

    @extend_schema(request=s.FollowUpReassignSerializer, responses=s.FollowUpTaskDetailSerializer,
                   summary="改派回访任务",
                   description="改派给另一位员工或公共池（二选一），须填写原因；改派记录保留。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def reassign(self, request: Request, pk: str) -> Response:
        task = self.get_object()
        serializer = s.FollowUpReassignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assignee = by_id(User, data.get("assignee"), field="assignee", label="回访人")
        pool = by_id(OrgUnit, data.get("pool"), field="pool", label="小组")
        self.audit_object = task = services.reassign_task(task, operator=request.user, reason=data["reason"],
                                                          assignee=assignee, pool=pool)
        return self._detail(task)

    @extend_schema(request=s.FollowUpReasonSerializer, responses=s.FollowUpTaskDetailSerializer, summary="取消回访任务")
    @action(detail=True, methods=["post"], filter_backends=[])
    def cancel(self, request: Request, pk: str) -> Response:
        task = self.get_object()
        serializer = s.FollowUpReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = task = services.cancel_task(task, operator=request.user, **serializer.validated_data)
        return self._detail(task)

    @extend_schema(request=s.FollowUpBulkSerializer, responses=s.FollowUpBulkResultSerializer, summary="批量创建回访",
                   description="为选中的客户（customers，或与客户列表相同的筛选条件 customer_filter）各建一条回访，"
                               "最多 1000 位。"
                               "回访人：客户的现场咨询/网电咨询、本人、指定员工或公共池；没有对应咨询师、"
                               "当天已有待回访任务的客户跳过并按原因计数。")
    @action(detail=False, methods=["post"], filter_backends=[])
    def bulk(self, request: Request) -> Response:
        serializer = s.FollowUpBulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        customers = self._bulk_customers(data.pop("customers", None), data.pop("customer_filter", None))
        data["assignee"] = by_id(User, data.get("assignee"), field="assignee", label="回访人")
        data["pool"] = by_id(OrgUnit, data.get("pool"), field="pool", label="小组")
        result = services.bulk_create_tasks(customers, operator=request.user, **data)
        ids = result.pop("task_ids")
        if restrict(FollowUpTask, request.user, self.permission_code()).filter(pk__in=ids).count() != len(ids):
            raise OutOfScope("部分回访任务将不在您的数据权限范围内，操作未保存。")
        self.audit_message = f"批量创建回访 {result['created']} 条，跳过 {result['skipped']} 位客户"
        return Response(result)

    def _bulk_customers(self, ids: list[int] | None, filters: dict[str, Any] | None) -> QuerySet:
        from yimei.customers.filters import CustomerFilter

        rows = restrict(Customer, self.request.user, CUSTOMER_VIEW)
        if ids:
            found = set(rows.filter(pk__in=ids).values_list("pk", flat=True))
            missing = sorted(set(ids) - found)
            if missing:
                shown = "、".join(map(str, missing[:10])) + (" 等" if len(missing) > 10 else "")
                raise BusinessError(f"有 {len(missing)} 位客户不存在或不在您的数据权限范围内（档案号 {shown}）。",
                                    code="not_found", fields={"customers": ["部分客户无法处理。"]})
            return rows.filter(pk__in=ids)
        if filters is None:
            raise BusinessError("请选择客户或筛选条件。", code="required", fields={"customers": ["请选择客户。"]})
        query = QueryDict(mutable=True)
        for key, value in filters.items():
            values = value if isinstance(value, list) else [value]
            query.setlist(str(key), ["" if v is None else str(v) for v in values[:50]])
        term = query.get("search", "").replace("\x00", "")[:64]
        if term.strip():
            condition = search_condition(term)
            rows = rows.filter(condition) if condition is not None else rows.none()
        filterset = CustomerFilter(data=query, queryset=rows, request=self.request)
        if not filterset.is_valid():
            raise serializers.ValidationError({"customer_filter": [str(m) for errors in filterset.errors.values()
                                                                   for m in errors]})
        return filterset.qs

    @extend_schema(responses=s.FollowUpSummarySerializer, summary="我的回访概况", filters=False,
                   description="当前用户的回访任务：今日到期、已逾期（待回访）与今日完成的条数。")
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def summary(self, request: Request) -> Response:
        today = timezone.localdate()
        mine = self.get_queryset().filter(assignee_id=request.user.pk)
        return Response({
            "due_today": mine.filter(status=TaskStatus.OPEN, due_on=today).count(),
            "overdue": mine.filter(status=TaskStatus.OPEN, due_on__lt=today).count(),
            "done_today": mine.filter(status=TaskStatus.DONE, closed_at__gte=local_day_start(today)).count(),
        })


def register(router: Any) -> None:
    router.register("followups", FollowUpTaskViewSet, basename="followup")
