"""Sales settings API: payment modes, per-role discount limits, performance split and the refund self-approval
limit."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.core.api import RestrictedViewSet, YimeiAPIView
from yimei.core.errors import BusinessError
from yimei.sales.api import serializers as s
from yimei.sales.models import PaymentMode, RoleDiscountLimit, SalesSettings

VIEW, MANAGE = "sales.settings.view", "sales.settings.manage"


def _save(serializer: Any, *, message: str) -> Any:
    try:
        with transaction.atomic():
            return serializer.save()
    except IntegrityError:
        raise BusinessError(message, code="duplicate") from None


class PaymentModeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """收款方式. Kept, never deleted (payments point at them): disable instead."""

    queryset = PaymentMode.objects.all()
    serializer_class = s.PaymentModeSerializer
    pagination_class = None
    filter_backends: list = []
    audit_module = "sales"
    permission_codes = {"list": "sales.payment.view", "retrieve": "sales.payment.view", "create": MANAGE,
                        "partial_update": MANAGE}

    @extend_schema(summary="收款方式列表",
                   description="收银台用 is_active=true 的方式；kind 决定行为（现金可找零、储值卡、定金、欠款）。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="收款方式详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=s.PaymentModeSerializer, responses={201: s.PaymentModeSerializer}, summary="新增收款方式")
    def create(self, request: Request) -> Response:
        serializer = s.PaymentModeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = mode = _save(serializer, message="编码或名称已存在。")
        return Response(s.PaymentModeSerializer(mode).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PaymentModeSerializer, responses=s.PaymentModeSerializer, summary="修改收款方式",
                   description="类型（kind）创建后不能修改。")
    def partial_update(self, request: Request, pk: str) -> Response:
        mode = self.get_object()
        serializer = s.PaymentModeSerializer(mode, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "kind" in serializer.validated_data and serializer.validated_data["kind"] != mode.kind:
            raise BusinessError("收款方式的类型创建后不能修改。", code="invalid", fields={"kind": ["类型不能修改。"]})
        self.audit_object = mode = _save(serializer, message="编码或名称已存在。")
        return Response(s.PaymentModeSerializer(mode).data)


class DiscountLimitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """角色折扣权限: the lowest manual rate per role."""

    queryset = RoleDiscountLimit.objects.select_related("role")
    serializer_class = s.DiscountLimitSerializer
    pagination_class = None
    filter_backends: list = []
    audit_module = "sales"
    permission_codes = {"list": VIEW, "retrieve": VIEW, "create": MANAGE, "partial_update": MANAGE,
                        "destroy": MANAGE}

    @extend_schema(summary="角色折扣权限列表", description="没有设置的角色不能手工打折；一人多角色取最低折扣率。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="角色折扣权限详情")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=s.DiscountLimitSerializer, responses={201: s.DiscountLimitSerializer},
                   summary="设置角色折扣权限")
    def create(self, request: Request) -> Response:
        serializer = s.DiscountLimitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.audit_object = row = _save(serializer, message="该角色已设置折扣权限。")
        return Response(s.DiscountLimitSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.DiscountLimitSerializer, responses=s.DiscountLimitSerializer, summary="修改角色折扣权限")
    def partial_update(self, request: Request, pk: str) -> Response:
        row = self.get_object()
        serializer = s.DiscountLimitSerializer(row, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self.audit_object = row = _save(serializer, message="该角色已设置折扣权限。")
        return Response(s.DiscountLimitSerializer(row).data)

    @extend_schema(summary="删除角色折扣权限")
    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = row = self.get_object()
        row.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class SalesSettingsView(YimeiAPIView):
    """销售设置: the performance split and the refund self-approval limit (one row)."""

    permission_codes = {"get": VIEW, "patch": MANAGE}
    audit_module = "sales"

    @extend_schema(responses=s.SalesSettingsSerializer, summary="销售设置")
    def get(self, request: Request) -> Response:
        return Response(s.SalesSettingsSerializer(SalesSettings.current()).data)

    @extend_schema(request=s.SalesSettingsSerializer, responses=s.SalesSettingsSerializer, summary="修改销售设置",
                   description="业绩比例：现场咨询、网电咨询、医生各自的份额；订单未指定某人时其份额按比例分给其他人。")
    def patch(self, request: Request) -> Response:
        current = SalesSettings.objects.select_for_update().filter(pk=1).first() or SalesSettings(pk=1)
        serializer = s.SalesSettingsSerializer(current, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self.audit_object = row = serializer.save()
        return Response(s.SalesSettingsSerializer(row).data)


def register(router: Any) -> None:
    router.register("payment-modes", PaymentModeViewSet, basename="payment-mode")
    router.register("discount-limits", DiscountLimitViewSet, basename="discount-limit")
