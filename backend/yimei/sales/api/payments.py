"""Cashier API (收银台): payments (sale, repayment, deposit) with receipts, refunds and the day end (日结)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.audit.services import record_operation
from yimei.core.api import RestrictedViewSet, YimeiAPIView
from yimei.core.errors import BusinessError, OutOfScope
from yimei.core.filters import PersonalSearchFilter
from yimei.core.models import restrict
from yimei.core.pagination import CappedCountPagination
from yimei.customers.api.visits import IdFilter, LocalDateRangeFilterSet, date_from, date_to
from yimei.sales import cashier, refunds, selectors
from yimei.sales.api import serializers as s
from yimei.sales.api.common import by_id, reachable, reachable_customer
from yimei.sales.choices import PaymentKind, RefundStatus
from yimei.sales.idempotency import PARAMETER as IDEMPOTENCY
from yimei.sales.idempotency import idempotent, request_key
from yimei.sales.models import CustomerCard, Order, OrderLine, Payment, PaymentEntry, Refund
from yimei.sales.receipts import receipt_data, receipt_pdf

PAYMENT_EXAMPLE = OpenApiExample("储值卡 + 微信支付", request_only=True, value={
    "kind": "sale", "order": 12, "entries": [
        {"mode": 5, "amount": "3000.00", "card": 4},
        {"mode": 2, "amount": "1280.00", "reference": "4200001234202611260001"},
    ]})


class PaymentFilter(LocalDateRangeFilterSet):
    customer = IdFilter(field_name="customer_id", label="客户")
    order = IdFilter(field_name="order_id", label="订单")
    cashier = IdFilter(field_name="cashier_id", label="收银员")
    kind = django_filters.MultipleChoiceFilter(choices=PaymentKind.choices, label="类型")
    created_from = date_from("created_at", "日期起")
    created_to = date_to("created_at", "日期止")

    class Meta:
        model = Payment
        fields: list[str] = []


def _entries(user: Any, customer_id: int, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entry inputs with their cards (which must be the customer's)."""
    result = []
    for row in rows:
        entry = dict(row)
        if row.get("card"):
            entry["card"] = by_id(CustomerCard.objects.filter(customer_id=customer_id), row["card"], field="entries",
                                  label="储值卡")
        result.append(entry)
    return result


class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """收款单 and 退款单 (kind=refund), with receipts."""

    queryset = (Payment.objects.select_related("customer", "order", "cashier").defer("customer__id_number")
                .prefetch_related(Prefetch("entries", queryset=PaymentEntry.objects.select_related("card"))))
    serializer_class = s.PaymentSerializer
    filterset_class = PaymentFilter
    filter_backends = [DjangoFilterBackend, PersonalSearchFilter, OrderingFilter]
    search_fields = ["^number", "^customer__name", "^customer__name_pinyin"]
    phone_search_field = "customer__phone"
    ordering_fields = ["created_at", "total_amount", "id"]
    ordering = ["-created_at", "-id"]
    pagination_class = CappedCountPagination
    audit_module = "sales"
    permission_codes = {"list": "sales.payment.view", "retrieve": "sales.payment.view",
                        "receipt": "sales.payment.view", "receipt_pdf": "sales.payment.view",
                        "create": "sales.payment.take"}

    @extend_schema(summary="收款记录", description="收款、还款、定金与退款单；按客户、订单、收银员、类型、日期筛选。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="收款单详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=s.PaymentCreateSerializer, responses={201: s.PaymentSerializer}, summary="收款",
                   parameters=[IDEMPOTENCY], examples=[PAYMENT_EXAMPLE],
                   description="kind=sale：订单收款，可多种方式组合；现金可多收找零，其他方式不能超过应收；"
                               "储值卡按卡的本金/赠送金比例扣除；定金从客户定金余额抵扣；欠款须等于剩余应收。"
                               "已收加欠款达到应收时订单结清，客户资产（次数、卡、储值）随之发放。\n"
                               "kind=repayment：偿还订单欠款。kind=deposit：收定金（仅现金、微信、支付宝、银行卡等）。")
    def create(self, request: Request) -> Response:
        def run() -> Response:
            serializer = s.PaymentCreateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            code = self.permission_code()
            key = request_key(request)
            kind = data["kind"]
            if kind == PaymentKind.DEPOSIT:
                if not data.get("customer"):
                    raise BusinessError("收定金请选择客户。", code="required", fields={"customer": ["请选择客户。"]})
                customer = reachable_customer(request.user, data["customer"], code)
                attribution = {k: data[k] for k in ("consultant", "online_consultant") if k in data}
                payment = cashier.take_deposit(customer, entries=_entries(request.user, customer.pk, data["entries"]),
                                               operator=request.user, note=data["note"], idempotency_key=key,
                                               **attribution)
            else:
                if not data.get("order"):
                    raise BusinessError("请选择订单。", code="required", fields={"order": ["请选择订单。"]})
                order = reachable(Order, request.user, code, data["order"], field="order", label="订单")
                entries = _entries(request.user, order.customer_id, data["entries"])
                service = cashier.take_payment if kind == PaymentKind.SALE else cashier.repay_debt
                payment = service(order, entries=entries, operator=request.user, note=data["note"],
                                  idempotency_key=key)
            self.audit_object = payment
            written = self.get_queryset().filter(pk=payment.pk).first()  # read back through the user's scope
            if written is None:
                raise OutOfScope()
            return Response(s.PaymentSerializer(written).data, status=status.HTTP_201_CREATED)

        return idempotent(request, "payments.create", run)

    @extend_schema(responses=s.ReceiptSerializer, summary="收据数据（用于打印页面）")
    @action(detail=True, methods=["get"], filter_backends=[])
    def receipt(self, request: Request, pk: str) -> Response:
        return Response(s.ReceiptSerializer(receipt_data(self.get_object())).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, summary="收据 PDF", filters=False)
    def receipt_pdf(self, request: Request, pk: str) -> HttpResponse:
        payment = self.get_object()
        content = receipt_pdf(receipt_data(payment))
        record_operation(module="sales", action="receipt_pdf", obj=payment, message=f"打印收据 {payment.number}",
                         user=request.user)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="receipt-{payment.number}.pdf"'
        return response


class RefundFilter(LocalDateRangeFilterSet):
    customer = IdFilter(field_name="customer_id", label="客户")
    order = IdFilter(field_name="order_id", label="订单")
    status = django_filters.MultipleChoiceFilter(choices=RefundStatus.choices, label="状态")
    created_from = date_from("created_at", "申请日期起")
    created_to = date_to("created_at", "申请日期止")

    class Meta:
        model = Refund
        fields: list[str] = []


class RefundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """退款: requested (待审批), then approved and executed (已退款) or rejected (已驳回)."""

    queryset = (Refund.objects.select_related("order", "customer", "requested_by", "decided_by")
                .defer("customer__id_number").prefetch_related("lines__line", "entries__mode"))
    serializer_class = s.RefundSerializer
    filterset_class = RefundFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["created_at", "amount", "id"]
    ordering = ["-created_at", "-id"]
    audit_module = "sales"
    permission_codes = {"list": "sales.refund.view", "retrieve": "sales.refund.view",
                        "create": "sales.refund.request", "approve": "sales.refund.approve",
                        "reject": "sales.refund.approve"}

    @extend_schema(summary="退款列表", description="status=pending 为待审批。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="退款详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    def _respond(self, refund: Refund, code: int = status.HTTP_200_OK) -> Response:
        self.ensure_in_scope(refund)
        return Response(s.RefundSerializer(self.get_queryset().get(pk=refund.pk)).data, status=code)

    @extend_schema(request=s.RefundCreateSerializer, responses={201: s.RefundSerializer}, summary="申请退款",
                   parameters=[IDEMPOTENCY],
                   description="按明细与收款方式退款。只退未使用的次数；卡整张退（次卡按未用次数价值，储值卡只退本金余额，"
                               "赠送金作废）；每种方式最多退回该方式实收；退款合计不能超过订单已收。须审批后执行。")
    def create(self, request: Request) -> Response:
        def run() -> Response:
            serializer = s.RefundCreateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            order = reachable(Order, request.user, self.permission_code(), data["order"], field="order", label="订单")
            lines = []
            for row in data["lines"]:
                line = by_id(OrderLine.objects.filter(order=order), row["line"], field="lines", label="订单明细")
                card = by_id(CustomerCard.objects.filter(order_line=line), row.get("card"), field="lines", label="卡")
                lines.append({"line": line, "quantity": row["quantity"], "amount": row.get("amount"), "card": card})
            entries = _entries(request.user, order.customer_id, data["entries"])
            self.audit_object = refund = refunds.request_refund(order, lines=lines, entries=entries,
                                                                reason=data["reason"], operator=request.user,
                                                                idempotency_key=request_key(request))
            return self._respond(refund, status.HTTP_201_CREATED)

        return idempotent(request, "refunds.create", run)

    @extend_schema(request=s.DecisionSerializer, responses=s.RefundSerializer, summary="审批并执行退款",
                   description="执行时重新核对（期间有划扣或其他退款时可能被拒绝）。申请人只能在可自批上限内审批自己的申请。")
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        refund = self.get_object()
        serializer = s.DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = refund = refunds.approve_refund(refund, operator=request.user, **serializer.validated_data)
        return self._respond(refund)

    @extend_schema(request=s.DecisionSerializer, responses=s.RefundSerializer, summary="驳回退款")
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        refund = self.get_object()
        serializer = s.DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = refund = refunds.reject_refund(refund, operator=request.user, **serializer.validated_data)
        return self._respond(refund)


class DayEndQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False, label="日期", help_text="本地日期，默认今天")
    cashier = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1, label="收银员",
                                       help_text="不传为全部收银员")


class DayEndView(YimeiAPIView):
    """日结: a cashier's (or the whole desk's) takings of a day by mode."""

    permission_code = "sales.dayend.view"
    audit_module = "sales"

    @extend_schema(responses=s.DayEndSerializer, summary="日结（按收款方式汇总）",
                   parameters=[OpenApiParameter("date", OpenApiTypes.DATE, description="本地日期，默认今天"),
                               OpenApiParameter("cashier", OpenApiTypes.INT, description="收银员，不传为全部")],
                   description="当天各收款方式的收款、退款、净额与笔数；"
                               "钱箱应有现金 = 现金收款 − 现金退款（找零已扣除）。"
                               "储值、定金抵扣与欠款单列，不计入实收。")
    def get(self, request: Request) -> Response:
        query = DayEndQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("date") or timezone.localdate()
        payments = restrict(Payment, request.user, self.permission_code)
        data = selectors.day_end(payments, day=day, cashier_id=query.validated_data.get("cashier"))
        return Response(s.DayEndSerializer(data).data)


def register(router: Any) -> None:
    router.register("payments", PaymentViewSet, basename="payment")
    router.register("refunds", RefundViewSet, basename="refund")
