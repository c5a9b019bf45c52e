"""Performance API (业绩): a per-staff statement for a date range and the detail list. Without
``sales.performance.view_all`` a user sees only their own figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.accounts.authz import get_access
from yimei.core.api import RestrictedViewSet
from yimei.core.errors import BusinessError
from yimei.core.models import restrict
from yimei.customers.api.visits import IdFilter, LocalDateRangeFilterSet, date_from, date_to
from yimei.sales import selectors
from yimei.sales.api import serializers as s
from yimei.sales.choices import PerformanceKind
from yimei.sales.models import PerformanceEntry

VIEW, VIEW_ALL = "sales.performance.view", "sales.performance.view_all"
MAX_DAYS = 366


def performance_rows(user: Any) -> QuerySet:
    """Everyone's rows (within the data scope) with view_all, else the user's own."""
    if get_access(user).has(VIEW_ALL):
        return restrict(PerformanceEntry, user, VIEW_ALL)
    return restrict(PerformanceEntry, user, VIEW).filter(staff_id=user.pk)


class PerformanceFilter(LocalDateRangeFilterSet):
    staff = IdFilter(field_name="staff_id", label="员工")
    customer = IdFilter(field_name="customer_id", label="客户")
    kind = django_filters.MultipleChoiceFilter(choices=PerformanceKind.choices, label="类型")
    date_from = date_from("occurred_at", "日期起")
    date_to = date_to("occurred_at", "日期止")

    class Meta:
        model = PerformanceEntry
        fields: list[str] = []


class StatementQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(label="日期起", help_text="本地日期（北京时间），默认本月 1 日")
    date_to = serializers.DateField(label="日期止", help_text="本地日期，含当天，默认今天")
    staff = serializers.CharField(required=False, allow_blank=True, help_text="员工编号，逗号分隔")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": "结束日期不能早于开始日期。"})
        if attrs["date_to"] - attrs["date_from"] > timedelta(days=MAX_DAYS):
            raise serializers.ValidationError({"date_to": f"一次最多查询 {MAX_DAYS} 天。"})
        raw = attrs.get("staff") or ""
        try:
            attrs["staff_ids"] = [int(x) for x in raw.split(",") if x.strip()][:200]
        except ValueError:
            raise serializers.ValidationError({"staff": "员工须为编号，逗号分隔。"}) from None
        return attrs


class PerformanceViewSet(mixins.ListModelMixin, RestrictedViewSet):
    """``/performance/``: the detail rows; ``/performance/statement/``: totals per staff member."""

    queryset = PerformanceEntry.objects.select_related("staff")
    serializer_class = s.PerformanceEntrySerializer
    filterset_class = PerformanceFilter
    filter_backends = [DjangoFilterBackend]
    audit_module = "sales"
    permission_codes = {"list": VIEW, "statement": VIEW}

    def get_queryset(self) -> QuerySet:
        return performance_rows(self.request.user).select_related("staff").order_by("-occurred_at", "-id")

    @extend_schema(summary="业绩明细",
                   description="每一笔业绩（退款、冲正为负数）。无“查看全部员工业绩”权限时只含本人。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=s.StatementSerializer, summary="业绩汇总（按员工）", filters=False,
                   parameters=[OpenApiParameter("date_from", OpenApiTypes.DATE,
                                                description="本地日期起，默认本月 1 日"),
                               OpenApiParameter("date_to", OpenApiTypes.DATE, description="本地日期止（含），默认今天"),
                               OpenApiParameter("staff", str, description="员工编号，逗号分隔")],
                   description="销售业绩（实收现金、微信、支付宝、银行卡等，按配置比例分给现场咨询/网电咨询/医生；"
                               "储值与定金抵扣不重复计入）、划扣业绩与操作费，按北京时间日期汇总。")
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def statement(self, request: Request) -> Response:
        today = timezone.localdate()
        params = {"date_from": request.query_params.get("date_from") or today.replace(day=1).isoformat(),
                  "date_to": request.query_params.get("date_to") or today.isoformat(),
                  "staff": request.query_params.get("staff", "")}
        query = StatementQuerySerializer(data=params)
        if not query.is_valid():
            raise BusinessError("查询条件有误。", fields={k: [str(m) for m in v] for k, v in query.errors.items()})
        data = query.validated_data
        rows = selectors.performance_statement(self.get_queryset(), date_from=data["date_from"],
                                               date_to=data["date_to"], staff_ids=data["staff_ids"])
        return Response(s.StatementSerializer({"date_from": data["date_from"], "date_to": data["date_to"],
                                               "rows": rows}).data)


def register(router: Any) -> None:
    router.register("performance", PerformanceViewSet, basename="performance")
