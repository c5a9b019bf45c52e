"""Customer assets API (客户资产): the summary for the 360° view and the cashier, cards, entitlements and their
ledgers."""

from __future__ import annotations

from typing import Any

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.core.api import RestrictedViewSet
from yimei.core.pagination import PageNumberPagination
from yimei.customers.api.visits import IdFilter
from yimei.customers.models import Customer
from yimei.sales import selectors
from yimei.sales.api import serializers as s
from yimei.sales.choices import CardStatus, EntitlementStatus
from yimei.sales.models import CustomerCard, DepositEntry, Entitlement, EntitlementEntry, StoredValueEntry

VIEW = "sales.asset.view"


class CustomerAssetsViewSet(mixins.RetrieveModelMixin, RestrictedViewSet):
    """``/customer-assets/{customer id}/``: what a customer owns."""

    queryset = Customer.objects.all()
    serializer_class = s.AssetsSerializer
    audit_module = "sales"
    permission_codes = {"retrieve": VIEW, "deposit_entries": VIEW}

    @extend_schema(summary="客户资产汇总", responses=s.AssetsSerializer,
                   description="卡（含已用完、已退）、可用的剩余次数、储值余额（本金/赠送）、定金余额与欠款；"
                               "路径参数为客户档案号。")
    def retrieve(self, request: Request, pk: str) -> Response:
        customer = self.get_object()
        data = selectors.customer_assets(customer.pk)
        return Response(s.AssetsSerializer({"customer": customer, **data}, context={"today": data["today"]}).data)

    @extend_schema(summary="定金流水", responses=s.DepositEntrySerializer(many=True))
    @action(detail=True, methods=["get"], url_path="deposit-entries", pagination_class=PageNumberPagination,
            filter_backends=[])
    def deposit_entries(self, request: Request, pk: str) -> Response:
        customer = self.get_object()
        rows = DepositEntry.objects.filter(account__customer=customer).order_by("-id")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.DepositEntrySerializer(page, many=True).data)


class CardFilter(django_filters.FilterSet):
    customer = IdFilter(field_name="customer_id", label="客户")
    status = django_filters.MultipleChoiceFilter(choices=CardStatus.choices, label="状态")
    kind = django_filters.CharFilter(field_name="kind", label="卡类型")

    class Meta:
        model = CustomerCard
        fields: list[str] = []


class CustomerCardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """客户卡 and their stored-value ledger."""

    queryset = CustomerCard.objects.all()
    serializer_class = s.CustomerCardSerializer
    filterset_class = CardFilter
    filter_backends = [DjangoFilterBackend]
    audit_module = "sales"
    permission_codes = {"list": VIEW, "retrieve": VIEW, "entries": VIEW}

    @extend_schema(summary="客户卡列表", description="按客户、状态、卡类型筛选。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="客户卡详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(summary="储值流水", responses=s.StoredValueEntrySerializer(many=True),
                   description="本金与赠送金的每一次变动；余额等于流水之和。")
    @action(detail=True, methods=["get"], pagination_class=PageNumberPagination, filter_backends=[])
    def entries(self, request: Request, pk: str) -> Response:
        card = self.get_object()
        page = self.paginate_queryset(StoredValueEntry.objects.filter(card=card).order_by("-id"))
        return self.get_paginated_response(s.StoredValueEntrySerializer(page, many=True).data)


class EntitlementFilter(django_filters.FilterSet):
    customer = IdFilter(field_name="customer_id", label="客户")
    status = django_filters.MultipleChoiceFilter(choices=EntitlementStatus.choices, label="状态")
    usable = django_filters.BooleanFilter(method="filter_usable", label="可划扣（有剩余、未退）")

    class Meta:
        model = Entitlement
        fields: list[str] = []

    def filter_usable(self, queryset, name, value):
        if value is None:
            return queryset
        usable = {"status": EntitlementStatus.ACTIVE, "sessions_remaining__gt": 0}
        return queryset.filter(**usable) if value else queryset.exclude(**usable)


class EntitlementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """剩余次数 and their ledger."""

    queryset = Entitlement.objects.select_related("card")
    serializer_class = s.EntitlementSerializer
    filterset_class = EntitlementFilter
    filter_backends = [DjangoFilterBackend]
    audit_module = "sales"
    permission_codes = {"list": VIEW, "retrieve": VIEW, "entries": VIEW}

    @extend_schema(summary="剩余次数列表", description="按客户筛选；usable=true 只列可划扣的。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="剩余次数详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(summary="次数流水", responses=s.EntitlementEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=PageNumberPagination, filter_backends=[])
    def entries(self, request: Request, pk: str) -> Response:
        entitlement = self.get_object()
        page = self.paginate_queryset(EntitlementEntry.objects.filter(entitlement=entitlement).order_by("-id"))
        return self.get_paginated_response(s.EntitlementEntrySerializer(page, many=True).data)


def register(router: Any) -> None:
    router.register("customer-assets", CustomerAssetsViewSet, basename="customer-assets")
    router.register("customer-cards", CustomerCardViewSet, basename="customer-card")
    router.register("entitlements", EntitlementViewSet, basename="entitlement")
