"""Serializers of the message centre. Recipients are always masked; provider secrets are write-only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yimei.core.personal import mask_phone
from yimei.notify import registry
from yimei.notify.choices import Channel
from yimei.notify.models import Message, MessageAttempt, MessageTemplate, NotifySettings

SECRET_FIELDS = ("aliyun_access_key_secret", "tencent_secret_key", "wechat_app_secret")


def kind_name(code: str) -> str:
    try:
        return registry.get_kind(code).name
    except LookupError:
        return code


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def masked_recipient(message: Message) -> str:
    if message.recipient_openid and not message.recipient_phone:
        openid = message.recipient_openid
        return f"{openid[:4]}…{openid[-4:]}" if len(openid) > 10 else "****"
    return mask_phone(message.recipient_phone)


class MessageSerializer(serializers.ModelSerializer):
    kind_name = serializers.SerializerMethodField(help_text="消息类型名称")
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    purpose_display = serializers.CharField(source="get_purpose_display", read_only=True)
    customer = serializers.SerializerMethodField()
    recipient = serializers.SerializerMethodField(help_text="接收人（手机号已脱敏，或 openid 缩写）")
    auto_retry = serializers.SerializerMethodField(help_text="失败后已安排自动重试")

    class Meta:
        model = Message
        fields = ["id", "kind", "kind_name", "purpose", "purpose_display", "customer", "channel", "channel_display",
                  "recipient", "text", "status", "status_display", "status_reason", "attempts", "next_attempt_at",
                  "auto_retry", "last_error", "scheduled_at", "sent_at", "created_at", "source_type", "source_id",
                  "provider_message_id"]
        read_only_fields = fields

    def get_kind_name(self, obj: Message) -> str:
        return kind_name(obj.kind)

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_customer(self, obj: Message) -> dict[str, Any] | None:
        if obj.customer_id is None:
            return None
        return {"id": obj.customer_id, "name": obj.customer.name if obj.customer else ""}

    def get_recipient(self, obj: Message) -> str:
        return masked_recipient(obj)

    def get_auto_retry(self, obj: Message) -> bool:
        return obj.status == "failed" and obj.next_attempt_at is not None


class MessageAttemptSerializer(serializers.ModelSerializer):
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)

    class Meta:
        model = MessageAttempt
        fields = ["id", "number", "channel", "channel_display", "started_at", "finished_at", "outcome",
                  "outcome_display", "provider_code", "provider_message", "raw_reply", "worker"]
        read_only_fields = fields


class MessageDetailSerializer(MessageSerializer):
    attempt_rows = MessageAttemptSerializer(many=True, read_only=True)
    created_by = serializers.SerializerMethodField()

    class Meta(MessageSerializer.Meta):
        fields = [*MessageSerializer.Meta.fields, "payload", "variables", "provider_reply", "doubt_since",
                  "cancelled_at", "created_by", "attempt_rows"]
        read_only_fields = fields

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_created_by(self, obj: Message) -> dict[str, Any] | None:
        user = obj.created_by
        return {"id": user.pk, "name": user.name or user.username} if user else None


class MessageCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, label="取消原因", error_messages={
        "required": "请填写取消原因。", "blank": "请填写取消原因。"})


# --- templates ------------------------------------------------------------------------------------


class MessageTemplateSerializer(serializers.Serializer):
    """One kind on one channel: the clinic's template when saved, else the registered default."""

    id = serializers.IntegerField(allow_null=True, read_only=True, help_text="未保存过（使用默认内容）时为 null")
    kind = serializers.CharField(max_length=64, label="消息类型")
    kind_name = serializers.CharField(read_only=True)
    kind_name_en = serializers.CharField(read_only=True)
    purpose = serializers.CharField(read_only=True)
    channel = serializers.ChoiceField(choices=Channel.choices, label="渠道")
    text = serializers.CharField(allow_blank=True, required=False, max_length=500, label="内容")
    template_id = serializers.CharField(allow_blank=True, required=False, max_length=128, label="服务商模板 ID")
    field_map = serializers.DictField(child=serializers.CharField(max_length=100), required=False,
                                      label="微信模板字段")
    enabled = serializers.BooleanField(required=False, label="启用")
    is_default = serializers.BooleanField(read_only=True)
    variables = serializers.DictField(child=serializers.CharField(), read_only=True, help_text="变量名 → 含义")
    default_text = serializers.CharField(read_only=True)
    default_field_map = serializers.DictField(child=serializers.CharField(), read_only=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_by = serializers.CharField(read_only=True, allow_null=True)

    def validate_kind(self, value: str) -> str:
        try:
            registry.get_kind(value)
        except LookupError:
            raise serializers.ValidationError("未知的消息类型。") from None
        return value

    def validate_field_map(self, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if not key or len(key) > 32 or not key.replace("_", "").isalnum():
                raise serializers.ValidationError(f"微信模板字段名“{key}”无效，应形如 thing1、time2。")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = registry.get_kind(attrs.get("kind") or getattr(self.instance, "kind", ""))
        errors: dict[str, list[str]] = {}
        if "text" in attrs:
            problems = registry.check_text(attrs["text"], kind.variables)
            if problems:
                errors["text"] = problems
        for key, source in (attrs.get("field_map") or {}).items():
            if source not in kind.variables:
                problems = registry.check_text(source, kind.variables)
                if problems:
                    errors.setdefault("field_map", []).extend(f"{key}：{p}" for p in problems)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def template_data(kind: registry.MessageKind, channel: str, row: MessageTemplate | None) -> dict[str, Any]:
    default_fields = dict(kind.wechat_fields) if channel == Channel.WECHAT else {}
    return {
        "id": row.pk if row else None, "kind": kind.code, "kind_name": kind.name, "kind_name_en": kind.name_en,
        "purpose": kind.purpose, "channel": channel,
        "text": row.text if row else kind.sms_text,
        "template_id": row.template_id if row else "",
        "field_map": (row.field_map if row else default_fields) if channel == Channel.WECHAT else {},
        "enabled": row.enabled if row else True, "is_default": row is None, "variables": kind.variables,
        "default_text": kind.sms_text, "default_field_map": default_fields,
        "updated_at": row.updated_at if row else None,
        "updated_by": (row.updated_by.name or row.updated_by.username) if row and row.updated_by else None,
    }


# --- settings -------------------------------------------------------------------------------------


class NotifySettingsSerializer(serializers.ModelSerializer):
    aliyun_access_key_secret = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                                     max_length=200, help_text="只写；留空表示不修改")
    tencent_secret_key = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=200,
                                               help_text="只写；留空表示不修改")
    wechat_app_secret = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=200,
                                              help_text="只写；留空表示不修改")
    aliyun_access_key_secret_set = serializers.SerializerMethodField()
    tencent_secret_key_set = serializers.SerializerMethodField()
    wechat_app_secret_set = serializers.SerializerMethodField()
    sms_configured = serializers.BooleanField(read_only=True)
    wechat_configured = serializers.BooleanField(read_only=True)
    channel_order = serializers.ListField(child=serializers.ChoiceField(choices=[Channel.WECHAT, Channel.SMS]),
                                          max_length=2, required=False, label="渠道顺序")
    marketing_window_start = serializers.TimeField(format="%H:%M", required=False, label="营销最早发送时间")
    marketing_window_end = serializers.TimeField(format="%H:%M", required=False, label="营销最晚发送时间")

    class Meta:
        model = NotifySettings
        fields = ["channel_order", "sms_provider", "aliyun_access_key_id", "aliyun_access_key_secret",
                  "aliyun_access_key_secret_set", "aliyun_sign_name", "tencent_secret_id", "tencent_secret_key",
                  "tencent_secret_key_set", "tencent_sdk_app_id", "tencent_sign_name", "tencent_region",
                  "wechat_app_id", "wechat_app_secret", "wechat_app_secret_set", "marketing_window_start",
                  "marketing_window_end", "max_attempts", "backoff_seconds", "sms_configured", "wechat_configured",
                  "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {
            "max_attempts": {"min_value": 1, "max_value": 20},
            "backoff_seconds": {"min_value": 5, "max_value": 3600},
        }

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_aliyun_access_key_secret_set(self, obj: NotifySettings) -> bool:
        return bool(obj.aliyun_access_key_secret)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_tencent_secret_key_set(self, obj: NotifySettings) -> bool:
        return bool(obj.tencent_secret_key)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_wechat_app_secret_set(self, obj: NotifySettings) -> bool:
        return bool(obj.wechat_app_secret)

    def validate_channel_order(self, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise serializers.ValidationError("渠道顺序中不能重复。")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for name in SECRET_FIELDS:
            if name in attrs and not attrs[name]:
                attrs.pop(name)  # blank: keep the stored secret
        start = attrs.get("marketing_window_start", getattr(self.instance, "marketing_window_start", None))
        end = attrs.get("marketing_window_end", getattr(self.instance, "marketing_window_end", None))
        if start and end and start >= end:
            raise serializers.ValidationError({"marketing_window_end": ["最晚发送时间须晚于最早发送时间。"]})
        return attrs
