"""Deductions API (划扣): list, detail, deduct with the customer's signature, reverse, the signature image."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.catalog.models import TreatmentItem
from yimei.core.api import RestrictedViewSet
from yimei.core.errors import NotFound
from yimei.core.pagination import CappedCountPagination
from yimei.core.parsers import CleanJSONParser
from yimei.customers.api.visits import IdFilter, LocalDateRangeFilterSet, date_from, date_to
from yimei.customers.models import Visit
from yimei.sales import deductions as services
from yimei.sales.api import serializers as s
from yimei.sales.api.common import by_id, reachable, reachable_customer
from yimei.sales.choices import DeductionStatus
from yimei.sales.idempotency import PARAMETER as IDEMPOTENCY
from yimei.sales.idempotency import idempotent, request_key
from yimei.sales.models import Deduction, DeductionOperator, Entitlement

EXAMPLE = OpenApiExample("护士划扣一次光子嫩肤", request_only=True, value={
    "customer": 1, "entitlement": 7, "quantity": 1,
    "operators": [{"staff": 7, "position": 3}], "signature": "data:image/png;base64,iVBORw0KGgo…"})


class DeductionFilter(LocalDateRangeFilterSet):
    customer = IdFilter(field_name="customer_id", label="客户")
    entitlement = IdFilter(field_name="entitlement_id", label="剩余次数")
    operator = IdFilter(field_name="operators__staff_id", label="操作人", distinct=True)
    status = django_filters.MultipleChoiceFilter(choices=DeductionStatus.choices, label="状态")
    performed_from = date_from("performed_at", "治疗日期起")
    performed_to = date_to("performed_at", "治疗日期止")

    class Meta:
        model = Deduction
        fields: list[str] = []


class DeductionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """划扣记录. Never deleted: a reversal keeps the record with its reason."""

    queryset = (Deduction.objects.select_related("customer", "card", "created_by", "reversed_by")
                .defer("customer__id_number")
                .prefetch_related(Prefetch("operators", queryset=DeductionOperator.objects.select_related("staff")),
                                  "consumables"))
    serializer_class = s.DeductionSerializer
    filterset_class = DeductionFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["performed_at", "id"]
    ordering = ["-performed_at", "-id"]
    pagination_class = CappedCountPagination
    parser_classes = [CleanJSONParser, MultiPartParser, FormParser]
    audit_module = "sales"
    permission_codes = {"list": "sales.deduction.view", "retrieve": "sales.deduction.view",
                        "signature": "sales.deduction.view", "create": "sales.deduction.add",
                        "reverse": "sales.deduction.reverse", "operator_options": "sales.deduction.add"}

    @extend_schema(summary="划扣记录", description="按客户、剩余次数、操作人、状态、治疗日期筛选。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="划扣详情", description="含操作人（岗位、操作费、业绩）与耗材。")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    def _respond(self, deduction: Deduction, code: int = status.HTTP_200_OK) -> Response:
        self.ensure_in_scope(deduction)
        return Response(s.DeductionSerializer(self.get_queryset().get(pk=deduction.pk)).data, status=code)

    @extend_schema(request={"application/json": s.DeductionCreateSerializer,
                            "multipart/form-data": s.DeductionCreateSerializer},
                   responses={201: s.DeductionSerializer}, summary="划扣（客户签名确认）",
                   parameters=[IDEMPOTENCY], examples=[EXAMPLE],
                   description="从客户的剩余次数中划扣；N选M卡须选择项目（在可选列表内、不超过单项上限、"
                               "遵守是否可重复）。已过期、已退或不属于该客户的不能划扣，不能超过剩余次数。"
                               "操作费按项目的岗位操作费 × 次数；划扣业绩按剩余价值 × 次数 ÷ 剩余次数计算，"
                               "按占比分给操作人；耗材按项目用量记录，待库存模块出库。"
                               "签名为 PNG（signature_pad 导出的 data URL，或 multipart 文件），≤512 KB。")
    def create(self, request: Request) -> Response:
        def run() -> Response:
            data = request.data
            if hasattr(data, "getlist"):  # multipart: operators come as a JSON string
                data = _form_data(data)
            serializer = s.DeductionCreateSerializer(data=data)
            serializer.is_valid(raise_exception=True)
            values = dict(serializer.validated_data)
            code = self.permission_code()
            customer = reachable_customer(request.user, values.pop("customer"), code)
            entitlement = reachable(Entitlement, request.user, code, values.pop("entitlement"), field="entitlement",
                                    label="剩余次数")
            values["item"] = by_id(TreatmentItem, values.get("item"), field="item", label="项目")
            values["visit"] = by_id(Visit.objects.filter(customer=customer), values.get("visit"), field="visit",
                                    label="到访")
            self.audit_object = deduction = services.deduct(entitlement, customer=customer, operator=request.user,
                                                            idempotency_key=request_key(request), **values)
            return self._respond(deduction, status.HTTP_201_CREATED)

        return idempotent(request, "deductions.create", run)

    @extend_schema(request=s.ReasonSerializer, responses=s.DeductionSerializer, summary="冲正划扣",
                   description="须填写原因；退回次数与价值，写入负的业绩与操作费，未出库的耗材取消。不能重复冲正。")
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str) -> Response:
        deduction = self.get_object()
        serializer = s.ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = deduction = services.reverse_deduction(deduction, operator=request.user,
                                                                   **serializer.validated_data)
        return self._respond(deduction)

    @extend_schema(responses=s.OperatorOptionSerializer(many=True), summary="可选的操作人（含岗位编号）",
                   filters=False, parameters=[OpenApiParameter("position", str,
                                                               description="岗位编码，逗号分隔，如 doctor,nurse")],
                   description="在职员工及其岗位（编号、编码、名称），限本人划扣数据权限范围；划扣时按岗位选择操作人，"
                               "岗位决定操作费。")
    @action(detail=False, methods=["get"], url_path="operator-options", filter_backends=[], pagination_class=None)
    def operator_options(self, request: Request) -> Response:
        from yimei.customers.selectors import staff_options

        codes = [p for p in request.query_params.get("position", "").split(",") if p][:10]
        rows = staff_options(request.user, self.permission_code(), codes)
        return Response(s.OperatorOptionSerializer(rows, many=True).data)

    @extend_schema(responses={(200, "image/png"): OpenApiTypes.BINARY}, summary="客户签名图片", filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def signature(self, request: Request, pk: str) -> HttpResponse:
        deduction = self.get_object()
        if not deduction.signature or not default_storage.exists(deduction.signature.name):
            raise NotFound("签名图片不存在。")
        response = FileResponse(default_storage.open(deduction.signature.name, "rb"), content_type="image/png")
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _form_data(data: Any) -> dict[str, Any]:
    import json

    values: dict[str, Any] = {key: data.get(key) for key in data}
    raw = values.get("operators")
    if isinstance(raw, str):
        try:
            values["operators"] = json.loads(raw)
        except ValueError:
            values["operators"] = raw
    return values


def register(router: Any) -> None:
    router.register("deductions", DeductionViewSet, basename="deduction")
