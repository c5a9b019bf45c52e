"""The message outbox (DESIGN rule 8): every SMS, WeChat template message or console notice is a ``Message`` row
first, written in the same transaction as the business change that caused it; the dispatcher sends due rows
and appends one ``MessageAttempt`` per try. ``MessageTemplate`` rows override the defaults that apps register
in ``registry``; ``NotifySettings`` (one row) holds the channel order, the provider credentials (encrypted)
and the retry policy.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from yimei.core import txcache
from yimei.core.models import ChangeLoggedModel, RestrictedManager, TimeStampedModel
from yimei.core.personal import EncryptedTextField, PersonalDataModel
from yimei.notify.choices import DUE_STATUSES, AttemptOutcome, Channel, MessageStatus, Purpose, SmsProvider

STAFF = settings.AUTH_USER_MODEL


class SecretField(EncryptedTextField):
    """A provider secret: encrypted at rest like personal data, shown as ``******`` in the change log."""

    def __init__(self, *args, **kwargs):
        kwargs["mask"] = "phone"
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("mask", None)
        return name, path, args, kwargs

    def masked(self, value: str | None) -> str:
        return "******" if value else ""


class MessageTemplate(ChangeLoggedModel, TimeStampedModel):
    """The text of one message kind on one channel, as the clinic edited it. Without a row the kind's registered
    default applies (see ``registry``)."""

    kind = models.CharField("消息类型", max_length=64)
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    text = models.TextField("内容", blank=True, default="",
                            help_text="短信与控制台的文字，变量写作 {customer_name}；须与服务商审核通过的模板一致。")
    template_id = models.CharField("服务商模板 ID", max_length=128, blank=True, default="",
                                   help_text="阿里云 TemplateCode（SMS_…）、腾讯云 TemplateId 或微信 template_id。")
    field_map = models.JSONField("微信模板字段", default=dict, blank=True,
                                 help_text='微信模板字段 → 变量，如 {"thing1": "items", "time2": "start"}。')
    enabled = models.BooleanField("启用", default=True)
    updated_by = models.ForeignKey(STAFF, verbose_name="修改人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "消息模板"
        verbose_name_plural = verbose_name
        ordering = ["kind", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "channel"], name="notify_template_unique_kind_channel",
                                    violation_error_message="该消息类型在此渠道已有模板。"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.get_channel_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        txcache.forget()  # ``enqueue`` keeps the templates for the transaction

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        result = super().delete(*args, **kwargs)
        txcache.forget()
        return result


class NotifySettings(ChangeLoggedModel, TimeStampedModel):
    """How messages leave (one row): channel order, providers and their credentials, sending hours for
    marketing, retry policy. Secrets are write-only through the API and encrypted at rest."""

    channel_order = models.JSONField("渠道顺序", default=list, blank=True,
                                     help_text='按顺序选第一个可用的渠道，如 ["wechat", "sms"]。')
    sms_provider = models.CharField("短信服务商", max_length=16, choices=SmsProvider.choices,
                                    default=SmsProvider.NONE)
    aliyun_access_key_id = models.CharField("阿里云 AccessKey ID", max_length=128, blank=True, default="")
    aliyun_access_key_secret = SecretField("阿里云 AccessKey Secret")
    aliyun_sign_name = models.CharField("阿里云短信签名", max_length=64, blank=True, default="")
    tencent_secret_id = models.CharField("腾讯云 SecretId", max_length=128, blank=True, default="")
    tencent_secret_key = SecretField("腾讯云 SecretKey")
    tencent_sdk_app_id = models.CharField("腾讯云 SmsSdkAppId", max_length=32, blank=True, default="")
    tencent_sign_name = models.CharField("腾讯云短信签名", max_length=64, blank=True, default="")
    tencent_region = models.CharField("腾讯云地域", max_length=32, blank=True, default="ap-guangzhou")
    wechat_app_id = models.CharField("微信服务号 AppID", max_length=64, blank=True, default="")
    wechat_app_secret = SecretField("微信服务号 AppSecret")
    marketing_window_start = models.TimeField("营销消息最早发送时间", default=datetime.time(8, 0))
    marketing_window_end = models.TimeField("营销消息最晚发送时间", default=datetime.time(20, 0))
    max_attempts = models.PositiveSmallIntegerField("最多尝试次数", default=5)
    backoff_seconds = models.PositiveIntegerField("首次重试间隔（秒）", default=60,
                                                  help_text="之后每次翻倍，最长一小时。")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "消息渠道设置"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(condition=Q(max_attempts__gte=1) & Q(max_attempts__lte=20),
                                   name="notify_settings_attempts_range",
                                   violation_error_message="最多尝试次数须在 1–20 之间。"),
            models.CheckConstraint(condition=Q(marketing_window_start__lt=models.F("marketing_window_end")),
                                   name="notify_settings_window_order",
                                   violation_error_message="营销消息的最早发送时间须早于最晚发送时间。"),
        ]

    def __str__(self) -> str:
        return "消息渠道设置"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        txcache.forget()  # ``enqueue`` keeps the settings for the transaction

    @classmethod
    def current(cls) -> NotifySettings:
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1, channel_order=["wechat", "sms"])

    @property
    def sms_configured(self) -> bool:
        if self.sms_provider == SmsProvider.ALIYUN:
            return bool(self.aliyun_access_key_id and self.aliyun_access_key_secret and self.aliyun_sign_name)
        if self.sms_provider == SmsProvider.TENCENT:
            return bool(self.tencent_secret_id and self.tencent_secret_key and self.tencent_sdk_app_id
                        and self.tencent_sign_name)
        return False

    @property
    def wechat_configured(self) -> bool:
        return bool(self.wechat_app_id and self.wechat_app_secret)


class Message(PersonalDataModel, TimeStampedModel):
    """One message to one customer on one channel, from the moment it is decided until the provider took it."""

    kind = models.CharField("消息类型", max_length=64, db_index=True)
    purpose = models.CharField("用途", max_length=16, choices=Purpose.choices, default=Purpose.TRANSACTIONAL)
    customer = models.ForeignKey("customers.Customer", verbose_name="客户", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="messages")
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name="归属单元", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    recipient_phone = EncryptedTextField("接收手机号", mask="phone")
    recipient_phone_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    recipient_phone_last4 = models.CharField(max_length=4, blank=True, default="", editable=False)
    recipient_openid = models.CharField("接收 openid", max_length=64, blank=True, default="")
    text = models.TextField("内容", blank=True, default="")
    payload = models.JSONField("发送参数", default=dict, blank=True,
                               help_text="短信：模板 ID 与参数；微信：template_id 与 data。")
    variables = models.JSONField("变量", default=dict, blank=True)
    scheduled_at = models.DateTimeField("计划发送时间", db_index=True)
    status = models.CharField("状态", max_length=16, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    status_reason = models.CharField("原因", max_length=300, blank=True, default="",
                                     help_text="未发送、取消或状态不明的原因。")
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次发送时间", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=500, blank=True, default="")
    provider_message_id = models.CharField("服务商消息 ID", max_length=128, blank=True, default="",
                                           help_text="阿里云 BizId、腾讯云 SerialNo、微信 msgid。")
    provider_reply = models.JSONField("服务商答复", default=dict, blank=True)
    source_type = models.CharField("来源类型", max_length=100, blank=True, default="")
    source_id = models.CharField("来源 ID", max_length=64, blank=True, default="")
    lease_token = models.CharField("租约", max_length=64, blank=True, default="")
    leased_until = models.DateTimeField("租约到期", null=True, blank=True)
    # Set when a try may have reached the provider without us hearing back (a timeout, a worker that died):
    # before sending again the dispatcher asks the provider whether it has the message (SMS), so it is never
    # sent twice.
    doubt_since = models.DateTimeField("发送结果待核实（起）", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    created_by = models.ForeignKey(STAFF, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = RestrictedManager()
    indexed_personal_fields = ("recipient_phone",)
    scope_owner_field = ("customer__consultant_id", "customer__online_consultant_id")
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = verbose_name
        ordering = ["-scheduled_at", "-id"]
        indexes = [
            # The dispatcher's due query: WHERE status IN (pending, failed) AND next_attempt_at <= now.
            models.Index(fields=["next_attempt_at"], name="notify_message_due",
                         condition=Q(status__in=DUE_STATUSES) & Q(next_attempt_at__isnull=False)),
            # Recovery: rows in flight whose lease ran out.
            models.Index(fields=["leased_until"], name="notify_message_in_flight",
                         condition=Q(status=MessageStatus.SENDING)),
            models.Index(fields=["source_type", "source_id"], name="notify_message_source"),
            models.Index(fields=["customer", "-scheduled_at"], name="notify_message_customer"),
            models.Index(fields=["status", "-scheduled_at"], name="notify_message_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status=MessageStatus.SENDING) | Q(leased_until__isnull=False),
                                   name="notify_message_sending_has_lease",
                                   violation_error_message="发送中的消息须有租约。"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_display} ({self.get_status_display()})"

    @property
    def recipient_display(self) -> str:
        if self.recipient_openid:
            return f"openid …{self.recipient_openid[-6:]}"
        if self.recipient_phone_last4:
            return f"***{self.recipient_phone_last4}"
        return ""


class MessageAttempt(models.Model):
    """One try of sending a message (append-only): what was asked, what the provider said, which worker."""

    message = models.ForeignKey(Message, verbose_name="消息", on_delete=models.CASCADE, related_name="attempt_rows")
    number = models.PositiveSmallIntegerField("第几次")
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    outcome = models.CharField("结果", max_length=16, choices=AttemptOutcome.choices)
    provider_code = models.CharField("服务商代码", max_length=64, blank=True, default="")
    provider_message = models.CharField("服务商说明", max_length=500, blank=True, default="")
    raw_reply = models.JSONField("服务商原始答复", default=dict, blank=True)
    worker = models.CharField("发送进程", max_length=100, blank=True, default="")
    lease_token = models.CharField("租约", max_length=64, blank=True, default="")

    objects = RestrictedManager()
    scope_owner_field = ("message__customer__consultant_id", "message__customer__online_consultant_id")
    scope_unit_field = "message__org_unit_id"

    class Meta:
        verbose_name = "发送记录"
        verbose_name_plural = verbose_name
        ordering = ["message", "id"]
        indexes = [models.Index(fields=["message", "id"], name="notify_attempt_by_message")]

    def __str__(self) -> str:
        return f"#{self.number} {self.get_outcome_display()}"
