"""Enqueue, channel choice, consent and sending hours, cancel — the interface other apps build on."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from yimei.core.errors import BusinessError
from yimei.notify import registry, services
from yimei.notify.choices import Channel, MessageStatus, SmsProvider
from yimei.notify.models import Message, MessageTemplate, NotifySettings

SHANGHAI = ZoneInfo("Asia/Shanghai")
VARS = {"customer_name": "张三", "start": "12月1日 10:00", "items": "光子嫩肤"}


def local(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def configure(**fields) -> NotifySettings:
    config = NotifySettings.current()
    for name, value in fields.items():
        setattr(config, name, value)
    config.save()
    return config


def with_sms() -> NotifySettings:
    return configure(sms_provider=SmsProvider.ALIYUN, aliyun_access_key_id="LTAItest", aliyun_access_key_secret="s",
                     aliyun_sign_name="某某医院")


def with_wechat(**more) -> NotifySettings:
    return configure(wechat_app_id="wx123", wechat_app_secret="secret", **more)


# --- registry -------------------------------------------------------------------------------------


def test_register_kind_checks_the_default_text():
    with pytest.raises(ValueError, match="未知变量"):
        registry.register_kind("test.bad", name="坏", name_en="Bad", variables={"a": "A"}, sms_text="{b}")
    with pytest.raises(ValueError, match="purpose"):
        registry.register_kind("test.bad", name="坏", name_en="Bad", purpose="spam")
    with pytest.raises(ValueError, match="different"):
        registry.register_kind("test.notice", name="另一个", name_en="Other")
    assert registry.get_kind("test.notice").name == "测试通知"
    with pytest.raises(LookupError):
        registry.get_kind("test.none")


def test_placeholders_in_order_of_appearance():
    assert registry.placeholders("{b}和{a}，再{b}") == ["b", "a"]


# --- enqueue --------------------------------------------------------------------------------------


def test_enqueue_without_providers_goes_to_the_console(make_customer):
    customer = make_customer(phone="13912345678")
    message = services.enqueue(kind="test.notice", customer=customer, variables=VARS, source=customer)
    message.refresh_from_db()
    assert message.channel == Channel.CONSOLE
    assert message.status == MessageStatus.PENDING
    assert message.text == "张三您好，您预约了12月1日 10:00的光子嫩肤，请准时到院。"
    assert message.recipient_phone == "13912345678"
    assert message.recipient_phone_last4 == "5678"
    assert message.next_attempt_at == message.scheduled_at
    assert (message.source_type, message.source_id) == ("customers.customer", str(customer.pk))
    assert message.org_unit_id == customer.org_unit_id
    # the phone is encrypted at rest
    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient_phone FROM notify_message WHERE id = %s", [message.pk])
        assert "13912345678" not in cursor.fetchone()[0]


def test_channel_is_wechat_when_bound_and_configured_else_sms(make_customer):
    with_sms()
    with_wechat()
    bound = make_customer(openid="o_bound")
    unbound = make_customer()
    first = services.enqueue(kind="test.notice", customer=bound, variables=VARS)
    second = services.enqueue(kind="test.notice", customer=unbound, variables=VARS)
    assert first.channel == Channel.WECHAT and first.recipient_openid == "o_bound"
    assert first.payload["data"] == {"thing1": {"value": "光子嫩肤"}, "time2": {"value": "12月1日 10:00"},
                                     "thing3": {"value": "张三的预约"}}
    assert second.channel == Channel.SMS and second.recipient_phone
    assert second.payload["params"] == {"customer_name": "张三", "start": "12月1日 10:00", "items": "光子嫩肤"}


def test_channel_order_is_configurable(make_customer):
    with_sms()
    with_wechat(channel_order=["sms", "wechat"])
    message = services.enqueue(kind="test.notice", customer=make_customer(openid="o_x"), variables=VARS)
    assert message.channel == Channel.SMS


def test_disabled_template_falls_through_to_the_next_channel(make_customer):
    with_sms()
    with_wechat()
    MessageTemplate.objects.create(kind="test.notice", channel=Channel.WECHAT, enabled=False)
    message = services.enqueue(kind="test.notice", customer=make_customer(openid="o_x"), variables=VARS)
    assert message.channel == Channel.SMS


def test_wechat_fields_are_cut_to_twenty_characters(make_customer):
    with_wechat()
    message = services.enqueue(kind="test.notice", customer=make_customer(openid="o_x"),
                               variables={**VARS, "items": "光子嫩肤" * 10})
    assert message.payload["data"]["thing1"]["value"] == ("光子嫩肤" * 5)[:20]


def test_no_phone_and_no_wechat_is_skipped_with_a_reason(make_customer):
    message = services.enqueue(kind="test.notice", customer=make_customer(phone=""), variables=VARS)
    assert message.status == MessageStatus.SKIPPED
    assert "没有手机号" in message.status_reason
    assert message.next_attempt_at is None


def test_sms_only_and_customer_without_phone_is_skipped(make_customer):
    with_sms()
    message = services.enqueue(kind="test.notice", customer=make_customer(phone="", openid="o_x"), variables=VARS)
    assert message.status == MessageStatus.SKIPPED
    assert "微信服务号未配置" in message.status_reason and "没有手机号" in message.status_reason


def test_edited_template_is_used(make_customer):
    MessageTemplate.objects.create(kind="test.notice", channel=Channel.CONSOLE, text="{customer_name}：{start}见")
    message = services.enqueue(kind="test.notice", customer=make_customer(), variables=VARS)
    assert message.text == "张三：12月1日 10:00见"


# --- marketing: consent and sending hours ----------------------------------------------------------


def test_marketing_without_consent_is_skipped(make_customer):
    message = services.enqueue(kind="test.promo", customer=make_customer(consent=False), variables=VARS)
    assert message.status == MessageStatus.SKIPPED
    assert message.status_reason == "客户未同意接收营销信息。"


@pytest.mark.parametrize(("at", "expected"), [
    (local(2026, 12, 1, 7, 30), local(2026, 12, 1, 8, 0)),
    (local(2026, 12, 1, 12, 0), local(2026, 12, 1, 12, 0)),
    (local(2026, 12, 1, 20, 0), local(2026, 12, 2, 8, 0)),
    (local(2026, 12, 1, 23, 59), local(2026, 12, 2, 8, 0)),
])
def test_marketing_in_quiet_hours_waits_for_the_morning(make_customer, at, expected):
    message = services.enqueue(kind="test.promo", customer=make_customer(consent=True), variables=VARS,
                               scheduled_at=at)
    assert message.status == MessageStatus.PENDING
    assert message.scheduled_at == expected == message.next_attempt_at


def test_transactional_ignores_consent_and_quiet_hours(make_customer):
    at = local(2026, 12, 1, 22, 0)
    message = services.enqueue(kind="test.notice", customer=make_customer(consent=False), variables=VARS,
                               scheduled_at=at)
    assert message.status == MessageStatus.PENDING and message.scheduled_at == at


def test_sending_hours_are_configurable(make_customer):
    configure(marketing_window_start=datetime.time(9, 0), marketing_window_end=datetime.time(18, 0))
    message = services.enqueue(kind="test.promo", customer=make_customer(consent=True), variables=VARS,
                               scheduled_at=local(2026, 12, 1, 18, 30))
    assert message.scheduled_at == local(2026, 12, 2, 9, 0)


# --- cancel and the message centre's buttons --------------------------------------------------------


def test_cancel_pending_of_a_source_by_kind(make_customer):
    customer, other = make_customer(), make_customer()
    keep = services.enqueue(kind="test.promo", customer=customer, variables=VARS, source=customer)
    drop = services.enqueue(kind="test.notice", customer=customer, variables=VARS, source=customer)
    elsewhere = services.enqueue(kind="test.notice", customer=other, variables=VARS, source=other)
    sent = services.enqueue(kind="test.notice", customer=customer, variables=VARS, source=customer)
    Message.objects.filter(pk=sent.pk).update(status=MessageStatus.SENT, next_attempt_at=None)

    count = services.cancel_pending(source=customer, kinds=["test.notice"], reason="预约已取消")

    assert count == 1
    states = dict(Message.objects.values_list("pk", "status"))
    assert states[drop.pk] == MessageStatus.CANCELLED
    assert states[keep.pk] != MessageStatus.CANCELLED
    assert states[elsewhere.pk] == MessageStatus.PENDING
    assert states[sent.pk] == MessageStatus.SENT
    drop.refresh_from_db()
    assert drop.status_reason == "预约已取消" and drop.next_attempt_at is None and drop.cancelled_at
    assert list(services.messages_for(customer)) == [keep, drop, sent]


def test_retry_only_failed_or_unknown(make_customer):
    message = services.enqueue(kind="test.notice", customer=make_customer(), variables=VARS)
    with pytest.raises(BusinessError):
        services.retry(message)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, next_attempt_at=None, attempts=5,
                                                  last_error="isv.MOBILE_NUMBER_ILLEGAL")
    retried = services.retry(message)
    assert retried.status == MessageStatus.PENDING and retried.attempts == 0
    assert retried.next_attempt_at <= timezone.now()


def test_cancel_by_hand(make_customer):
    message = services.enqueue(kind="test.notice", customer=make_customer(), variables=VARS)
    cancelled = services.cancel(message, reason="客户来电说不用提醒")
    assert cancelled.status == MessageStatus.CANCELLED
    with pytest.raises(BusinessError):
        services.cancel(message, reason="again")
