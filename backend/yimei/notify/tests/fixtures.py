"""One object per notify resource for the shared permission-matrix and fuzz tests (``core/tests`` ``objects``)."""

from __future__ import annotations

from typing import Any


def notify_objects(staff: Any) -> dict[str, int]:
    from yimei.customers import services as customers
    from yimei.notify import registry, services
    from yimei.notify.models import MessageTemplate

    registry.register_kind("notify.matrix", name="权限测试消息", name_en="Matrix test", variables={"name": "姓名"},
                           sms_text="{name}您好")
    customer = customers.create_customer(operator=staff, name="消息测试客户", phone="13900000199")
    message = services.enqueue(kind="notify.matrix", customer=customer, variables={"name": "消息测试客户"},
                               source=customer, operator=staff)
    template = MessageTemplate.objects.create(kind="notify.matrix", channel="sms", text="{name}您好",
                                              template_id="SMS_1")
    return {"messages": message.pk, "message-templates": template.pk}
