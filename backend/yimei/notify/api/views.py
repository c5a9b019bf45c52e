"""The message centre API: the outbox (list, detail with attempts, retry, cancel), message templates, channel
settings."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from yimei.core.api import RestrictedViewSet, YimeiAPIView
from yimei.core.errors import BusinessError
from yimei.core.filters import PersonalSearchFilter
from yimei.core.pagination import CappedCountPagination
from yimei.customers.api.visits import IdFilter, LocalDateRangeFilterSet, date_from, date_to
from yimei.notify import registry, services
from yimei.notify.api import serializers as s
from yimei.notify.choices import Channel, MessageStatus
from yimei.notify.models import Message, MessageAttempt, MessageTemplate, NotifySettings

VIEW, RETRY = "notify.message.view", "notify.message.retry"
TEMPLATE, SETTINGS = "notify.template.change", "notify.settings.change"


class MessageFilter(LocalDateRangeFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=MessageStatus.choices, label="状态")
    channel = django_filters.MultipleChoiceFilter(choices=Channel.choices, label="渠道")
    kind = django_filters.CharFilter(field_name="kind", label="消息类型")
    customer = IdFilter(field_name="customer_id", label="客户")
    source_type = django_filters.CharFilter(field_name="source_type", label="来源类型，如 appointments.appointment")
    source_id = django_filters.CharFilter(field_name="source_id", label="来源 ID")
    date_from = date_from("scheduled_at", "计划发送日期（起）")
    date_to = date_to("scheduled_at", "计划发送日期（止）")

    class Meta:
        model = Message
        fields: list[str] = []


class MessageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """消息中心: every message the system decided to send, as the customer would read it."""

    queryset = Message.objects.select_related("customer")
    serializer_class = s.MessageSerializer
    filterset_class = MessageFilter
    filter_backends = [DjangoFilterBackend, PersonalSearchFilter, OrderingFilter]
    search_fields = ["^customer__name", "^customer__name_pinyin", "text"]
    phone_search_field = "recipient_phone"
    ordering_fields = ["scheduled_at", "sent_at", "created_at", "id"]
    ordering = ["-scheduled_at", "-id"]
    pagination_class = CappedCountPagination
    audit_module = "notify"
    permission_codes = {"list": VIEW, "retrieve": VIEW, "retry": RETRY, "cancel": RETRY}

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            queryset = queryset.select_related("created_by").prefetch_related(
                Prefetch("attempt_rows", queryset=MessageAttempt.objects.order_by("id")))
        return queryset

    @extend_schema(summary="消息列表",
                   description="status/channel 可多选；search 按客户姓名、拼音、内容，4 位数字按尾号，11 位按手机号。")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="消息详情", responses=s.MessageDetailSerializer,
                   description="含发送参数、每次尝试与服务商的原始答复。")
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.MessageDetailSerializer(self.get_object()).data)

    @extend_schema(request=None, responses=s.MessageDetailSerializer, summary="重试",
                   description="发送失败或状态不明的消息立即重新进入发送队列（重新计算尝试次数）。")
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str) -> Response:
        self.audit_object = message = services.retry(self.get_object(), operator=request.user)
        return Response(s.MessageDetailSerializer(self._reload(message)).data)

    @extend_schema(request=s.MessageCancelSerializer, responses=s.MessageDetailSerializer, summary="取消",
                   description="待发送、发送失败或状态不明的消息不再发送。")
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        message = self.get_object()
        data = s.MessageCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.audit_object = message = services.cancel(message, reason=data.validated_data["reason"],
                                                      operator=request.user)
        self.audit_message = data.validated_data["reason"]
        return Response(s.MessageDetailSerializer(self._reload(message)).data)

    def _reload(self, message: Message) -> Message:
        return self.get_queryset().get(pk=message.pk)


class MessageTemplateViewSet(mixins.RetrieveModelMixin, RestrictedViewSet):
    """消息模板: each registered kind on each channel, the clinic's text where saved, the default otherwise."""

    queryset = MessageTemplate.objects.select_related("updated_by")
    serializer_class = s.MessageTemplateSerializer
    pagination_class = None
    filter_backends: list = []
    audit_module = "notify"
    permission_codes = {"list": VIEW, "retrieve": VIEW, "create": TEMPLATE, "partial_update": TEMPLATE,
                        "destroy": TEMPLATE}

    @extend_schema(summary="消息模板列表", responses=s.MessageTemplateSerializer(many=True),
                   description="每种消息类型 × 渠道（短信、微信、控制台）一行；id 为 null 表示仍用系统默认内容。")
    def list(self, request: Request) -> Response:
        rows = {(t.kind, t.channel): t for t in self.get_queryset()}
        data = [s.template_data(kind, channel, rows.get((kind.code, channel)))
                for kind in registry.kinds() for channel in Channel.values]
        return Response(s.MessageTemplateSerializer(data, many=True).data)

    @extend_schema(summary="消息模板详情")
    def retrieve(self, request: Request, pk: str) -> Response:
        row = self.get_object()
        return Response(s.MessageTemplateSerializer(self._data(row)).data)

    @extend_schema(request=s.MessageTemplateSerializer, responses={200: s.MessageTemplateSerializer},
                   summary="保存消息模板",
                   description="按 kind + channel 保存（已有则修改）；变量只能用该消息类型登记的变量。")
    def create(self, request: Request) -> Response:
        serializer = s.MessageTemplateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        row = MessageTemplate.objects.select_for_update().filter(kind=data["kind"], channel=data["channel"]).first()
        if row is None:
            kind = registry.get_kind(data["kind"])
            row = services.default_template(kind, data["channel"])
        self.audit_object = row = self._save(row, data)
        return Response(s.MessageTemplateSerializer(self._data(row)).data)

    @extend_schema(request=s.MessageTemplateSerializer, responses=s.MessageTemplateSerializer, summary="修改消息模板")
    def partial_update(self, request: Request, pk: str) -> Response:
        row = self.get_object()
        serializer = s.MessageTemplateSerializer(row, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("kind", row.kind) != row.kind or data.get("channel", row.channel) != row.channel:
            raise BusinessError("模板的消息类型和渠道不能修改。", code="invalid")
        self.audit_object = row = self._save(row, data)
        return Response(s.MessageTemplateSerializer(self._data(row)).data)

    @extend_schema(summary="恢复默认模板", description="删除保存的模板，之后使用系统默认内容。")
    def destroy(self, request: Request, pk: str) -> Response:
        self.audit_object = row = self.get_object()
        row.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _save(self, row: MessageTemplate, data: dict[str, Any]) -> MessageTemplate:
        for field in ("text", "template_id", "field_map", "enabled"):
            if field in data:
                setattr(row, field, data[field])
        row.updated_by = self.request.user
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            raise BusinessError("该消息类型在此渠道已有模板，请刷新后再改。", code="duplicate") from None
        return row

    @staticmethod
    def _data(row: MessageTemplate) -> dict[str, Any]:
        try:
            kind = registry.get_kind(row.kind)
        except LookupError:
            kind = registry.MessageKind(row.kind, row.kind, row.kind, "transactional")
        return s.template_data(kind, row.channel, row)


class NotifySettingsView(YimeiAPIView):
    """渠道设置: channel order, SMS provider, WeChat service account, marketing hours, retry policy (one row)."""

    permission_codes = {"get": SETTINGS, "patch": SETTINGS}
    audit_module = "notify"

    @extend_schema(responses=s.NotifySettingsSerializer, summary="消息渠道设置",
                   description="密钥只写不读：*_set 表示是否已设置。")
    def get(self, request: Request) -> Response:
        return Response(s.NotifySettingsSerializer(NotifySettings.current()).data)

    @extend_schema(request=s.NotifySettingsSerializer, responses=s.NotifySettingsSerializer,
                   summary="修改消息渠道设置", description="密钥字段留空或不传表示不修改。")
    def patch(self, request: Request) -> Response:
        current = NotifySettings.objects.select_for_update().filter(pk=1).first() or NotifySettings.current()
        serializer = s.NotifySettingsSerializer(current, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        self.audit_object = row = serializer.save()
        return Response(s.NotifySettingsSerializer(row).data)


def register(router: Any) -> None:
    router.register("messages", MessageViewSet, basename="message")
    router.register("message-templates", MessageTemplateViewSet, basename="message-template")
