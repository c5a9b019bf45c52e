"""Orders API (开单): list, detail, price preview, create, void; discount approvals; the debt list."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.accounts.authz import get_access
from yimei.catalog.models import CardType, Product, TreatmentItem
from yimei.core.api import RestrictedViewSet
from yimei.core.errors import OutOfScope
from yimei.core.filters import PersonalSearchFilter
from yimei.core.pagination import CappedCountPagination
from yimei.customers.api.visits import IdFilter, LocalDateRangeFilterSet, date_from, date_to
from yimei.customers.models import Consultation, Visit
from yimei.sales import orders as services
from yimei.sales import refunds
from yimei.sales.api import serializers as s
from yimei.sales.api.common import by_id, reachable_customer
from yimei.sales.choices import DiscountStatus, LineKind, OrderStatus
from yimei.sales.idempotency import PARAMETER as IDEMPOTENCY
from yimei.sales.idempotency import idempotent, request_key
from yimei.sales.models import DiscountApproval, Order, OrderDiscount, Payment

ORDER_EXAMPLE = OpenApiExample("组合卡 + 项目，整单 95 折", request_only=True, value={
    "customer": 1, "lines": [
        {"kind": "card", "card_type": 3, "quantity": 1},
        {"kind": "item", "item": 5, "quantity": 2, "discount": {"rate": "0.9", "reason": "老客回购"}},
    ], "order_discount": {"rate": "0.95"}, "consultant": 9, "doctor": 5, "note": ""})


class OrderFilter(LocalDateRangeFilterSet):
    customer = IdFilter(field_name="customer_id", label="客户")
    consultant = IdFilter(field_name="consultant_id", label="现场咨询")
    status = django_filters.MultipleChoiceFilter(choices=OrderStatus.choices, label="状态")
    discount_status = django_filters.ChoiceFilter(choices=DiscountStatus.choices, label="折扣审批")
    has_debt = django_filters.BooleanFilter(method="filter_debt", label="有欠款")
    number = django_filters.CharFilter(field_name="number", lookup_expr="startswith", label="单号前缀")
    created_from = date_from("created_at", "开单日期起")
    created_to = date_to("created_at", "开单日期止")

    class Meta:
        model = Order
        fields: list[str] = []

    def filter_debt(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(debt_amount__gt=0) if value else queryset.filter(debt_amount=0)


def _lines(data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Line inputs with their catalogue rows (an unknown id is a field error)."""
    lines = []
    for index, row in enumerate(data):
        field = f"lines[{index}]"
        line = {"kind": row["kind"], "quantity": row["quantity"], "discount": row.get("discount")}
        model, key, label = {LineKind.ITEM: (TreatmentItem, "item", "项目"),
                             LineKind.PRODUCT: (Product, "product", "商品"),
                             LineKind.CARD: (CardType, "card_type", "卡项")}[row["kind"]]
        line[key] = by_id(model, row.get(key), field=field, label=label)
        lines.append(line)
    return lines


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """订单. 待收款 → 部分收款 → 已收款 → 部分退款/已退款; an unpaid order can be voided (已作废)."""

    queryset = Order.objects.select_related("customer", "consultant", "online_consultant", "doctor", "created_by",
                                            "voided_by").defer("customer__id_number")
    serializer_class = s.OrderListSerializer
    filterset_class = OrderFilter
    filter_backends = [DjangoFilterBackend, PersonalSearchFilter, OrderingFilter]
    search_fields = ["^number", "^customer__name", "^customer__name_pinyin"]
    phone_search_field = "customer__phone"
    ordering_fields = ["created_at", "total_amount", "debt_amount", "id"]
    ordering = ["-created_at", "-id"]
    pagination_class = CappedCountPagination
    audit_module = "sales"
    permission_codes = {
        "list": "sales.order.view", "retrieve": "sales.order.view", "create": "sales.order.add",
        "quote": "sales.order.add", "my_discount_limit": "sales.order.add", "void": "sales.order.void",
        "debts": "sales.payment.view", "refundable": "sales.refund.request",
    }

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if self.action in ("retrieve", "create", "void"):
            queryset = queryset.prefetch_related(
                "lines", Prefetch("discounts", queryset=OrderDiscount.objects.select_related("approved_by")),
                Prefetch("payments", queryset=Payment.objects.prefetch_related("entries").order_by("created_at")),
                Prefetch("approvals", queryset=DiscountApproval.objects.select_related("requested_by", "decided_by")))
        return queryset

    def _detail(self, order: Order, code: int = status.HTTP_200_OK) -> Response:
        """The order as written, read back through the user's scope: outside it, everything rolls back."""
        found = self.get_queryset().filter(pk=order.pk).first()
        if found is None:
            raise OutOfScope()
        return Response(s.OrderDetailSerializer(found).data, status=code)

    @extend_schema(summary="订单列表",
                   description="按客户、状态、咨询师、开单日期、是否欠款筛选；search 按单号、客户姓名/拼音、手机号。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="订单详情", responses=s.OrderDetailSerializer,
                   description="含明细、优惠、收款记录与折扣审批。")
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.OrderDetailSerializer(self.get_object()).data)

    def _validated(self, serializer_class: type, request: Request) -> tuple[Any, dict[str, Any]]:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        customer = reachable_customer(request.user, data.pop("customer"), self.permission_code())
        data["lines"] = _lines(data["lines"])
        return customer, data

    @extend_schema(request=s.OrderQuoteSerializer, responses=s.QuoteSerializer, summary="试算价格（不保存）",
                   examples=[ORDER_EXAMPLE],
                   description="按会员价、单项折扣与整单折扣计算每一项金额；整单折扣按金额比例分摊到各项（合计精确）。"
                               "同时给出最低手工折扣率与本人权限，页面据此提示是否需要主管授权。")
    @action(detail=False, methods=["post"], filter_backends=[])
    def quote(self, request: Request) -> Response:
        customer, data = self._validated(s.OrderQuoteSerializer, request)
        priced = services.quote(customer=customer, lines=data["lines"], order_discount=data.get("order_discount"))
        limit = services.discount_limit_of(request.user)
        rate = priced.lowest_manual_rate
        return Response(s.QuoteSerializer({
            "lines": [{"kind": p.input.kind, "code": p.input.code, "name": p.input.name, "unit": p.input.unit,
                       "quantity": p.input.quantity, "unit_price_amount": p.unit_price,
                       "member_unit_price_amount": p.member_unit_price, "list_amount": p.list_amount,
                       "tier_discount_amount": p.tier_discount, "line_discount_amount": p.line_discount,
                       "order_discount_amount": p.order_discount, "total_amount": p.total} for p in priced.lines],
            "list_amount": priced.list_amount, "discount_amount": priced.discount_amount, "total_amount": priced.total,
            "lowest_manual_rate": rate, "my_limit_rate": limit, "needs_approval": rate is not None and rate < limit,
        }).data)

    @extend_schema(responses=s.DiscountLimitMineSerializer, summary="本人的手工折扣权限")
    @action(detail=False, methods=["get"], url_path="my-discount-limit", filter_backends=[], pagination_class=None)
    def my_discount_limit(self, request: Request) -> Response:
        return Response({"min_rate": services.discount_limit_of(request.user),
                         "can_approve": get_access(request.user).has(services.APPROVE_CODE)})

    @extend_schema(request=s.OrderCreateSerializer, responses={201: s.OrderDetailSerializer}, summary="开单",
                   parameters=[IDEMPOTENCY], examples=[ORDER_EXAMPLE],
                   description="价格从项目库复制；会员价自动应用（仅项目）；手工折扣低于本人权限时，"
                               "须主管现场输入账号密码（approver_username/approver_password），"
                               "或 request_approval=true 提交审批（审批通过前不能收款）。"
                               "业绩归属默认为客户的现场咨询与网电咨询。应收为 0 的订单立即结清并发放资产。")
    def create(self, request: Request) -> Response:
        def run() -> Response:
            customer, data = self._validated(s.OrderCreateSerializer, request)
            for key in ("consultant", "online_consultant"):
                if key not in data:
                    data[key] = ...
            data["visit"] = by_id(Visit.objects.filter(customer=customer), data.get("visit"), field="visit",
                                  label="到访")
            data["consultation"] = by_id(Consultation.objects.filter(customer=customer), data.get("consultation"),
                                         field="consultation", label="咨询记录")
            self.audit_object = order = services.create_order(customer=customer, operator=request.user,
                                                              idempotency_key=request_key(request), **data)
            return self._detail(order, status.HTTP_201_CREATED)

        return idempotent(request, "orders.create", run)

    @extend_schema(request=s.ReasonSerializer, responses=s.OrderDetailSerializer, summary="作废订单",
                   description="只能作废尚未收款的订单；待审批的折扣申请随之关闭。")
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str) -> Response:
        order = self.get_object()
        serializer = s.ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = order = services.void_order(order, operator=request.user, **serializer.validated_data)
        return self._detail(order)

    @extend_schema(responses=s.OrderListSerializer(many=True), summary="欠款列表",
                   description="有欠款的订单，最早的在前；还款用 POST /payments/（kind=repayment）。")
    @action(detail=False, methods=["get"])
    def debts(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset()).filter(debt_amount__gt=0).order_by("created_at", "id")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.OrderListSerializer(page, many=True).data)

    @extend_schema(responses=s.RefundableSerializer, summary="可退明细与方式",
                   description="每一项还能退的数量与金额（卡项列出可退的卡），以及每种收款方式最多可退的金额。")
    @action(detail=True, methods=["get"], filter_backends=[])
    def refundable(self, request: Request, pk: str) -> Response:
        order = self.get_object()
        return Response(s.RefundableSerializer(refunds.refundable(order)).data)


class DiscountApprovalFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=DiscountApproval._meta.get_field("status").choices,
                                                 label="状态")

    class Meta:
        model = DiscountApproval
        fields: list[str] = []


class DiscountApprovalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """折扣审批: requests for a discount beyond the requester's limit."""

    queryset = DiscountApproval.objects.select_related("order", "order__customer", "order__consultant",
                                                       "order__online_consultant", "order__doctor",
                                                       "order__created_by", "requested_by", "decided_by")
    serializer_class = s.DiscountApprovalSerializer
    filterset_class = DiscountApprovalFilter
    filter_backends = [DjangoFilterBackend]
    audit_module = "sales"
    permission_codes = {"list": services.APPROVE_CODE, "retrieve": services.APPROVE_CODE,
                        "approve": services.APPROVE_CODE, "reject": services.APPROVE_CODE}

    @extend_schema(summary="折扣审批列表", description="status=pending 为待审批。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="折扣审批详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    def _decide(self, request: Request, approve: bool) -> Response:
        approval = self.get_object()
        serializer = s.DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = approval = services.approve_discount(approval, operator=request.user, approve=approve,
                                                                 **serializer.validated_data)
        return Response(s.DiscountApprovalSerializer(self.get_queryset().get(pk=approval.pk)).data)

    @extend_schema(request=s.DecisionSerializer, responses=s.DiscountApprovalSerializer, summary="批准折扣",
                   description="审批人的折扣权限须覆盖申请的折扣率；不能审批自己的申请。批准后订单可以收款。")
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._decide(request, True)

    @extend_schema(request=s.DecisionSerializer, responses=s.DiscountApprovalSerializer, summary="驳回折扣",
                   description="驳回后订单不能收款，请作废后按权限内的折扣重新开单。")
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        return self._decide(request, False)


def register(router: Any) -> None:
    router.register("orders", OrderViewSet, basename="order")
    router.register("discount-approvals", DiscountApprovalViewSet, basename="discount-approval")
