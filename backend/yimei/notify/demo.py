"""The demo clinic's message centre: templates with sample provider ids, the demo bookings' due notices shown on
the console channel, and one failed SMS and one WeChat message of unknown fate to show what those look like."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from yimei.audit.services import record_operation
from yimei.core import context
from yimei.notify import registry, services
from yimei.notify.choices import AttemptOutcome, Channel, MessageStatus
from yimei.notify.models import Message, MessageAttempt, MessageTemplate, NotifySettings

SAMPLE_VALUES = {"start": "明天 10:00", "items": "光子嫩肤", "clinic": "锦江医院医学美容科", "address": "门诊楼 5 楼",
                 "number": "YY20261201-3", "item_name": "光子嫩肤", "treated_on": "12月1日", "days": "3",
                 "link": "http://127.0.0.1:8000/h5/care/demo"}


def seed_messages() -> int:
    """Once (when no template is saved): returns how many messages the dispatcher showed on the console."""
    if MessageTemplate.objects.exists():
        return 0
    with context.request_context(context.RequestContext(request_id="seed-demo", actor="系统", user=None)):
        with transaction.atomic():
            for n, kind in enumerate(registry.kinds(), start=1):
                MessageTemplate.objects.create(kind=kind.code, channel=Channel.SMS, text=kind.sms_text,
                                               template_id=f"SMS_46{n:04d}")
                MessageTemplate.objects.create(kind=kind.code, channel=Channel.WECHAT, text=kind.sms_text,
                                               template_id=f"demo-wx-template-{n:02d}", field_map=kind.wechat_fields)
            config = NotifySettings.current()
            config.channel_order = [Channel.WECHAT, Channel.SMS]
            config.save()
            _examples()
        from yimei.notify.dispatch import dispatch_due

        shown = dispatch_due()
        record_operation(module="notify", action="seed_demo",
                         message=f"载入演示消息模板；控制台显示到期消息 {shown} 条")
    return shown


def _examples() -> None:
    from yimei.customers.models import Customer

    kind = next((k for k in registry.kinds() if k.code == "appointment.reminder"), None) or next(
        iter(registry.kinds()), None)
    customers = list(Customer.objects.filter(merged_into__isnull=True, is_active=True).exclude(phone="")
                     .order_by("id")[:2])
    if kind is None or len(customers) < 2:
        return
    now = timezone.now()
    for customer, channel in zip(customers, (Channel.SMS, Channel.WECHAT), strict=True):
        values = {name: SAMPLE_VALUES.get(name, "") for name in kind.variables}
        values["customer_name"] = customer.name
        sent_at = now - datetime.timedelta(hours=3)
        message = Message(kind=kind.code, purpose=kind.purpose, customer=customer, org_unit_id=customer.org_unit_id,
                          channel=channel, variables=values, text=services.render_text(kind.sms_text, values),
                          scheduled_at=sent_at, attempts=1, source_type="customers.customer",
                          source_id=str(customer.pk))
        if channel == Channel.SMS:
            message.recipient_phone = customer.phone
            message.payload = {"template_id": "SMS_460002", "params": {
                name: values.get(name, "") for name in registry.placeholders(kind.sms_text)}}
            message.status = MessageStatus.FAILED
            message.last_error = "isv.MOBILE_NUMBER_ILLEGAL：手机号码格式错误（invalid mobile number）"
            message.provider_reply = {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "invalid mobile number",
                                      "RequestId": "DEMO-4F2A-9C1E"}
            outcome, code, text = AttemptOutcome.FAILED, "isv.MOBILE_NUMBER_ILLEGAL", "手机号码格式错误"
        else:
            message.recipient_openid = f"o_demo_{customer.pk:06d}"
            message.payload = {"template_id": "demo-wx-template-02",
                               "data": services.render_wechat_data(kind.wechat_fields, values)}
            message.status = MessageStatus.UNKNOWN
            message.status_reason = "发送进程中断，无法向微信核实客户是否已收到；请核实后决定是否重试。"
            outcome, code, text = AttemptOutcome.INTERRUPTED, "", "发送进程中断，微信无法核实，待人工处理"
        message.save()
        MessageAttempt.objects.create(message=message, number=1, channel=channel, started_at=sent_at,
                                      finished_at=sent_at + datetime.timedelta(seconds=1), outcome=outcome,
                                      provider_code=code, provider_message=text, raw_reply=message.provider_reply,
                                      worker="demo")
