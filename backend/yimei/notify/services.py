"""Putting messages into the outbox and taking them out again — inside the caller's transaction, so a
message exists exactly when the business change that caused it was saved (DESIGN rule 8).

``enqueue`` picks the channel, renders the text now (what the customer will read is fixed at that moment and
shown in the message centre), stores the recipient encrypted, and leaves the row ``pending`` for the
dispatcher — or ``skipped`` with a reason a person can read. ``cancel_pending`` withdraws what has not gone
out yet (a cancelled appointment's reminders). ``retry``/``cancel`` are the message centre's buttons.
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from yimei.core import txcache
from yimei.core.errors import BusinessError
from yimei.notify import registry
from yimei.notify.choices import CANCELLABLE_STATUSES, RETRYABLE_STATUSES, Channel, MessageStatus
from yimei.notify.models import Message, MessageTemplate, NotifySettings

WECHAT_FIELD_LIMIT = 20  # characters per template field since 2023


# --- templates ------------------------------------------------------------------------------------


def default_template(kind: registry.MessageKind, channel: str) -> MessageTemplate:
    """The registered default of ``kind`` on ``channel`` as an unsaved template row."""
    return MessageTemplate(kind=kind.code, channel=channel, text=kind.sms_text,
                           field_map=dict(kind.wechat_fields) if channel == Channel.WECHAT else {}, enabled=True)


def templates_for(kind: registry.MessageKind) -> dict[str, MessageTemplate]:
    """channel → the template in force (the clinic's row, else the default)."""
    saved = {t.channel: t for t in MessageTemplate.objects.filter(kind=kind.code)}
    return {channel: saved.get(channel) or default_template(kind, channel) for channel in Channel.values}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def render_text(text: str, variables: dict[str, str]) -> str:
    """``text`` with its {variables} filled in; a variable the caller did not give renders empty."""
    try:
        return string.Formatter().vformat(text, (), _Blank(variables))
    except (ValueError, IndexError, KeyError, AttributeError):
        return text


def render_wechat_data(field_map: dict[str, str], variables: dict[str, str]) -> dict[str, dict[str, str]]:
    data = {}
    for key, source in field_map.items():
        value = variables.get(source, "") if source in variables else render_text(source, variables)
        data[key] = {"value": value[:WECHAT_FIELD_LIMIT]}
    return data


# --- channel choice -------------------------------------------------------------------------------


def choose_channel(customer: Any, config: NotifySettings,
                   templates: dict[str, MessageTemplate]) -> tuple[str | None, str]:
    """(channel, "") for the first usable channel in the configured order, else (None, why not).

    WeChat is usable when the customer follows the service account (has an openid) and WeChat is configured;
    SMS when the customer has a phone number and an SMS provider is configured. With no provider configured
    at all (the embedded default) messages go to the console channel.
    """
    phone = getattr(customer, "phone", "") if customer is not None else ""
    openid = getattr(customer, "wechat_openid", "") if customer is not None else ""
    if not phone and not openid:
        return None, "客户没有手机号，也未绑定微信，无法发送。"
    if not config.sms_configured and not config.wechat_configured:
        if not templates[Channel.CONSOLE].enabled:
            return None, "该消息类型的控制台模板已停用。"
        return Channel.CONSOLE, ""
    reasons = []
    for channel in config.channel_order or [Channel.WECHAT, Channel.SMS]:
        if channel == Channel.WECHAT:
            if not config.wechat_configured:
                reasons.append("微信服务号未配置")
            elif not openid:
                reasons.append("客户未绑定微信")
            elif not templates[Channel.WECHAT].enabled:
                reasons.append("微信模板已停用")
            else:
                return Channel.WECHAT, ""
        elif channel == Channel.SMS:
            if not config.sms_configured:
                reasons.append("短信服务商未配置")
            elif not phone:
                reasons.append("客户没有手机号")
            elif not templates[Channel.SMS].enabled:
                reasons.append("短信模板已停用")
            else:
                return Channel.SMS, ""
    return None, "没有可用的发送渠道：" + "；".join(reasons) + "。"


def next_allowed_time(at: datetime.datetime, config: NotifySettings) -> datetime.datetime:
    """``at``, or the next moment inside the marketing sending hours (local time) when it falls outside them."""
    local = timezone.localtime(at)
    start, end = config.marketing_window_start, config.marketing_window_end
    if start <= local.time() < end:
        return at
    day = local.date() if local.time() < start else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, start), local.tzinfo)


# --- enqueue and cancel ---------------------------------------------------------------------------


def source_key(source: models.Model) -> tuple[str, str]:
    return source._meta.label_lower, str(source.pk)


def enqueue(*, kind: str, customer: Any, variables: dict[str, Any], scheduled_at: datetime.datetime | None = None,
            source: models.Model | None = None, operator: Any = None) -> Message:
    """Write one message for ``customer`` into the outbox (in the caller's transaction) and return it.

    The row is ``pending`` until the dispatcher sends it at ``scheduled_at`` (now when not given), or
    ``skipped`` with a reason: no phone and no WeChat, no usable channel, or — for marketing — no consent.
    Marketing due outside the sending hours is moved to the next allowed time.
    """
    spec = registry.get_kind(kind)
    # Read once per transaction: a booking queues three messages, an engine pass thousands.
    config = txcache.cached("notify.settings", NotifySettings.current)
    now = timezone.now()
    when = scheduled_at or now
    values = {str(k): "" if v is None else str(v) for k, v in (variables or {}).items()}
    templates = txcache.cached(f"notify.templates.{spec.code}", lambda: templates_for(spec))
    channel, reason = choose_channel(customer, config, templates)
    if spec.is_marketing and customer is not None and not customer.marketing_consent:
        reason = "客户未同意接收营销信息。"
    elif spec.is_marketing:
        when = next_allowed_time(when, config)

    message = Message(
        kind=spec.code, purpose=spec.purpose, customer=customer,
        org_unit_id=getattr(customer, "org_unit_id", None), variables=values, scheduled_at=when,
        created_by=operator if getattr(operator, "is_authenticated", False) else None,
    )
    if source is not None:
        message.source_type, message.source_id = source_key(source)
    if channel is None:  # skipped: record it on the channel it would most likely have taken
        configured = config.sms_configured or config.wechat_configured
        channel = Channel.CONSOLE if not configured else Channel.SMS if getattr(customer, "phone", "") else \
            Channel.WECHAT
    chosen = message.channel = channel
    template = templates[chosen]
    message.text = render_text(template.text or spec.sms_text, values)
    if chosen == Channel.WECHAT:
        message.recipient_openid = getattr(customer, "wechat_openid", "")
        message.payload = {"template_id": template.template_id,
                           "data": render_wechat_data(template.field_map or spec.wechat_fields, values)}
    else:
        message.recipient_phone = getattr(customer, "phone", "") or ""
        if not message.recipient_phone and chosen == Channel.CONSOLE:
            message.recipient_openid = getattr(customer, "wechat_openid", "")
        if chosen == Channel.SMS:
            used = registry.placeholders(template.text or spec.sms_text)
            message.payload = {"template_id": template.template_id,
                               "params": {name: values.get(name, "") for name in used}}
    if reason:
        message.status = MessageStatus.SKIPPED
        message.status_reason = reason[:300]
    else:
        message.status = MessageStatus.PENDING
        message.next_attempt_at = when
    message.save()
    return message


def cancel_pending(*, source: models.Model, kinds: Iterable[str] | None = None, reason: str,
                   operator: Any = None) -> int:
    """Cancel the not-yet-sent messages of ``source`` (of ``kinds`` when given); returns how many.

    Messages being sent at this moment are left alone: they are already on their way.
    """
    source_type, source_id = source_key(source)
    rows = Message.objects.filter(source_type=source_type, source_id=source_id, status__in=CANCELLABLE_STATUSES)
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    return rows.update(status=MessageStatus.CANCELLED, status_reason=(reason or "已取消")[:300],
                       cancelled_at=timezone.now(), next_attempt_at=None, updated_at=timezone.now())


def messages_for(source: models.Model) -> models.QuerySet[Message]:
    source_type, source_id = source_key(source)
    return Message.objects.filter(source_type=source_type, source_id=source_id).order_by("scheduled_at", "id")


# --- the message centre's buttons -----------------------------------------------------------------


@transaction.atomic
def retry(message: Message, *, operator: Any = None) -> Message:
    """A person sends a failed (or unknown) message again: it is due now, with a fresh round of attempts."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status not in RETRYABLE_STATUSES:
        raise BusinessError(f"只有发送失败或状态不明的消息可以重试，这条消息{message.get_status_display()}。",
                            code="invalid_status")
    if message.status == MessageStatus.FAILED and message.next_attempt_at is not None:
        raise BusinessError("这条消息已安排自动重试，无需手动重试。", code="invalid_status")
    now = timezone.now()
    message.status = MessageStatus.PENDING
    message.status_reason = f"{getattr(operator, 'name', '') or '工作人员'}手动重试"[:300]
    message.next_attempt_at = now
    message.attempts = 0
    if message.channel in (Channel.SMS, Channel.WECHAT) and not (message.payload or {}).get("template_id"):
        # The usual fix for "模板未填写" is to fill it in on the templates page: take it from there. The text
        # and parameters stay as rendered when the message was decided.
        try:
            current = templates_for(registry.get_kind(message.kind))[message.channel]
        except LookupError:
            current = None
        if current is not None and current.template_id:
            message.payload = {**(message.payload or {}), "template_id": current.template_id}
    message.save(update_fields=["status", "status_reason", "next_attempt_at", "attempts", "payload", "updated_at"])
    return message


@transaction.atomic
def cancel(message: Message, *, reason: str, operator: Any = None) -> Message:
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status not in CANCELLABLE_STATUSES:
        raise BusinessError(f"这条消息{message.get_status_display()}，不能取消。", code="invalid_status")
    message.status = MessageStatus.CANCELLED
    message.status_reason = (reason or "手动取消")[:300]
    message.cancelled_at = timezone.now()
    message.next_attempt_at = None
    message.save(update_fields=["status", "status_reason", "cancelled_at", "next_attempt_at", "updated_at"])
    return message
