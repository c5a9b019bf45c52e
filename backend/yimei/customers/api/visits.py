"""Visits and triage API (到访/分诊): ``/api/v1/visits/``, the waiting list, triage, leaving and cancelling."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.accounts.models import User
from yimei.core.api import RestrictedViewSet
from yimei.core.errors import BusinessError, NotFound
from yimei.core.filters import PersonalSearchFilter
from yimei.core.models import restrict
from yimei.core.personal import mask_phone
from yimei.customers import visits as services
from yimei.customers.api.serializers import StaffRefSerializer
from yimei.customers.choices import TriageTarget, VisitKind, VisitStatus
from yimei.customers.models import Customer, Visit

MAX_ID = 2**63 - 1
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


# --- shared pieces (used by the other record APIs of this app too) --------------------------------


class CustomerBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True, label="姓名")
    phone = serializers.SerializerMethodField(label="手机号（已脱敏）")

    def get_phone(self, obj: Customer) -> str:
        return mask_phone(obj.phone)


def staff_field(label: str, **kwargs: Any) -> serializers.PrimaryKeyRelatedField:
    """A staff member chosen by id; an unknown id is a field error in Chinese."""
    return serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), label=label, error_messages={
            "required": f"请选择{label}。", "null": f"请选择{label}。",
            "does_not_exist": f"{label}不存在（员工编号 {{pk_value}}）。", "incorrect_type": f"{label}须为员工编号。",
        }, **kwargs)


def customer_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, label="客户", error_messages={
        "required": "请选择客户。", "null": "请选择客户。", "invalid": "客户须为档案号。",
        "min_value": "客户档案号无效。", "max_value": "客户档案号无效。"})


def reachable_customer(user: Any, pk: int) -> Customer:
    """The customer a request names, if the user may see that file; else 404 (whether or not it exists)."""
    customer = restrict(Customer, user, "customers.customer.view").filter(pk=pk).first()
    if customer is None:
        error = NotFound()
        raise BusinessError(error.message, code=error.code, status_code=error.status_code,
                            fields={"customer": ["客户不存在或您无权查看该客户。"]})
    return customer


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An id in a query string: a whole number in range, else a 400 with a message."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class LocalDateRangeFilterSet(django_filters.FilterSet):
    """Date filters on a datetime column, in the clinic's days (Asia/Shanghai), both ends inclusive."""

    @staticmethod
    def _clamp(day: date) -> date:
        return min(max(day, EARLIEST), LATEST)

    def filter_date_from(self, queryset: QuerySet, name: str, value: date | None) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(**{f"{name}__gte": services.local_day_start(self._clamp(value))})

    def filter_date_to(self, queryset: QuerySet, name: str, value: date | None) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(**{f"{name}__lt": services.local_day_start(self._clamp(value) + timedelta(days=1))})


@extend_schema_field(OpenApiTypes.DATE)
class LocalDateFilter(django_filters.DateFilter):
    """A local date (YYYY-MM-DD) filtered by a method of ``LocalDateRangeFilterSet``."""


def date_from(field: str, label: str) -> django_filters.DateFilter:
    return LocalDateFilter(field_name=field, method="filter_date_from", label=label)


def date_to(field: str, label: str) -> django_filters.DateFilter:
    return LocalDateFilter(field_name=field, method="filter_date_to", label=label)


# --- serializers ----------------------------------------------------------------------------------


class VisitSerializer(serializers.ModelSerializer):
    customer = CustomerBriefSerializer(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    triage_target_display = serializers.CharField(source="get_triage_target_display", read_only=True)
    consultant = StaffRefSerializer(read_only=True, allow_null=True, label="接诊咨询")
    doctor = StaffRefSerializer(read_only=True, allow_null=True, label="医生")
    owning_consultant = StaffRefSerializer(source="customer.consultant", read_only=True, allow_null=True,
                                             label="客户的现场咨询")
    triaged_by = StaffRefSerializer(read_only=True, allow_null=True, label="分诊人")
    registered_by = StaffRefSerializer(read_only=True, allow_null=True, label="登记人")
    waited_minutes = serializers.SerializerMethodField(label="候诊分钟数")

    class Meta:
        model = Visit
        fields = ["id", "customer", "kind", "kind_display", "status", "status_display", "arrived_at",
                  "waited_minutes", "appointment_id", "purpose", "triage_target", "triage_target_display",
                  "consultant", "owning_consultant", "doctor", "triaged_at", "triaged_by", "left_at",
                  "registered_by", "has_deal", "note", "org_unit", "created_at", "updated_at"]
        read_only_fields = fields

    def get_waited_minutes(self, obj: Visit) -> int | None:
        """Minutes from arrival to triage; while still waiting, to now."""
        if obj.triaged_at is None and obj.status != VisitStatus.WAITING:
            return None
        return services.waited_minutes(obj, self.context.get("now"))


class VisitCheckInSerializer(serializers.Serializer):
    customer = customer_field()
    arrived_at = serializers.DateTimeField(required=False, allow_null=True, label="到院时间",
                                           help_text="默认为当前时间")
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", label="到院目的")
    appointment_id = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True,
                                              label="预约编号")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="", label="备注")


class VisitTriageSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=TriageTarget.choices, label="分诊去向")
    consultant = staff_field("接诊咨询", required=False, allow_null=True)
    doctor = staff_field("医生", required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", label="分诊备注")


class VisitLeaveSerializer(serializers.Serializer):
    left_at = serializers.DateTimeField(required=False, allow_null=True, label="离院时间", help_text="默认为当前时间")


class VisitCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, label="取消原因")


class VisitUpdateSerializer(serializers.Serializer):
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, label="到院目的")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, label="备注")


# --- filters --------------------------------------------------------------------------------------


class VisitFilter(LocalDateRangeFilterSet):
    customer = IdFilter(field_name="customer_id", label="客户")
    consultant = IdFilter(field_name="consultant_id", label="接诊咨询")
    doctor = IdFilter(field_name="doctor_id", label="医生")
    status = django_filters.MultipleChoiceFilter(choices=VisitStatus.choices, label="状态")
    kind = django_filters.MultipleChoiceFilter(choices=VisitKind.choices, label="到访类型")
    arrived_from = date_from("arrived_at", "到院日期起")
    arrived_to = date_to("arrived_at", "到院日期止")

    class Meta:
        model = Visit
        fields = ["customer", "consultant", "doctor", "status", "kind", "triage_target", "has_deal"]


# --- views ----------------------------------------------------------------------------------------

VISIT_RELATIONS = ("customer", "customer__consultant", "consultant", "doctor", "triaged_by", "registered_by")


class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """到访登记与分诊. A visit moves 候诊 → 咨询中/治疗中 → 已离院, or is cancelled while waiting."""

    queryset = Visit.objects.select_related(*VISIT_RELATIONS).defer("customer__id_number")
    serializer_class = VisitSerializer
    filterset_class = VisitFilter
    filter_backends = [DjangoFilterBackend, PersonalSearchFilter, OrderingFilter]
    search_fields = ["^customer__name", "^customer__name_pinyin", "^customer__name_initials"]
    phone_search_field = "customer__phone"
    ordering_fields = ["arrived_at", "id", "status", "kind", "triaged_at", "left_at"]
    ordering = ["-arrived_at", "-id"]
    audit_module = "customers"
    permission_codes = {
        "list": "customers.visit.view", "retrieve": "customers.visit.view", "waiting": "customers.visit.view",
        "create": "customers.visit.add", "triage": "customers.visit.triage",
        "partial_update": "customers.visit.change", "leave": "customers.visit.change",
        "cancel": "customers.visit.change",
    }

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "now": timezone.now()}

    def _respond(self, visit: Visit, code: int = status.HTTP_200_OK) -> Response:
        self.ensure_in_scope(visit)
        visit = self.get_queryset().get(pk=visit.pk)
        return Response(self.get_serializer(visit).data, status=code)

    @extend_schema(summary="到访列表",
                   description="按客户、状态、类型、接诊咨询、到院日期筛选；search 按姓名、拼音、手机号。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="到访详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=VisitCheckInSerializer, responses={201: VisitSerializer}, summary="到院登记",
                   description="登记客户到院（散客或预约到院）。到访类型（初诊/复诊/复查）由历史自动判断；"
                               "同一客户同时只能有一条未结束的到访。")
    def create(self, request: Request) -> Response:
        serializer = VisitCheckInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        customer = reachable_customer(request.user, data.pop("customer"))
        self.audit_object = visit = services.check_in(customer, operator=request.user, **data)
        return self._respond(visit, status.HTTP_201_CREATED)

    @extend_schema(request=VisitUpdateSerializer, responses=VisitSerializer, summary="修改到院目的/备注")
    def partial_update(self, request: Request, pk: str) -> Response:
        visit = self.get_object()
        serializer = VisitUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self.audit_object = visit = services.update_visit(visit, operator=request.user, **serializer.validated_data)
        return self._respond(visit)

    @extend_schema(request=VisitTriageSerializer, responses=VisitSerializer, summary="分诊",
                   description="分诊到咨询须选择咨询师（首次分诊时成为客户的现场咨询）；"
                               "分诊到治疗须客户已有现场咨询。未离院前可重新分诊。")
    @action(detail=True, methods=["post"])
    def triage(self, request: Request, pk: str) -> Response:
        visit = self.get_object()
        serializer = VisitTriageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = visit = services.triage(visit, operator=request.user, **serializer.validated_data)
        return self._respond(visit)

    @extend_schema(request=VisitLeaveSerializer, responses=VisitSerializer, summary="离院")
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: str) -> Response:
        visit = self.get_object()
        serializer = VisitLeaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = visit = services.leave(visit, operator=request.user, **serializer.validated_data)
        return self._respond(visit)

    @extend_schema(request=VisitCancelSerializer, responses=VisitSerializer, summary="取消到访",
                   description="只能取消候诊中、尚无咨询和评估记录的到访；客户的到院次数和日期随之回退。")
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        visit = self.get_object()
        serializer = VisitCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = visit = services.cancel(visit, operator=request.user, **serializer.validated_data)
        return self._respond(visit)

    @extend_schema(responses=VisitSerializer(many=True), summary="今日候诊列表", filters=False,
                   description="今天（北京时间）到院且未离院的客户，按到院先后排列；前台页面定时刷新。")
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def waiting(self, request: Request) -> Response:
        rows = services.waiting_list(self.get_queryset())
        serializer = self.get_serializer(rows, many=True)
        return Response(serializer.data)


def register(router: Any) -> None:
    router.register("visits", VisitViewSet, basename="visit")
