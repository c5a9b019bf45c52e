"""The demo loader's part of the message centre: templates once, due console messages shown, the examples."""

from __future__ import annotations

from yimei.notify import registry, services
from yimei.notify.choices import MessageStatus
from yimei.notify.demo import seed_messages
from yimei.notify.models import Message, MessageTemplate


def test_seed_messages_once(make_customer):
    first, second = make_customer(), make_customer()
    due = services.enqueue(kind="test.notice", customer=first, variables={"customer_name": "张三"})

    shown = seed_messages()

    assert shown == 1
    due.refresh_from_db()
    assert due.status == MessageStatus.SENT and due.channel == "console"
    assert MessageTemplate.objects.count() == 2 * len(registry.kinds())
    assert MessageTemplate.objects.filter(channel="sms").exclude(template_id__startswith="SMS_").count() == 0
    examples = {m.status for m in Message.objects.filter(customer__in=[first, second]).exclude(pk=due.pk)}
    assert examples == {MessageStatus.FAILED, MessageStatus.UNKNOWN}
    assert seed_messages() == 0
