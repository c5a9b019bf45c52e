"""The dispatcher against the fake providers: retries and backoff, permanent errors and manual retry, lease
takeover, recovery after a worker died (provider asked before any resend; WeChat → unknown)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from yimei.notify import dispatch, services
from yimei.notify.channels import aliyun
from yimei.notify.choices import AttemptOutcome, MessageStatus
from yimei.notify.models import Message, MessageAttempt, NotifySettings
from yimei.notify.tests.conftest import configure, sms_templates, use_aliyun, use_tencent, use_wechat

VARS = {"customer_name": "张三", "start": "12月1日 10:00", "items": "光子嫩肤"}


def enqueue(customer, **kw):
    return services.enqueue(kind="test.notice", customer=customer, variables=VARS, **kw)


def make_due(*messages: Message) -> None:
    Message.objects.filter(pk__in=[m.pk for m in messages]).update(next_attempt_at=timezone.now())


def expire_lease(message: Message) -> None:
    Message.objects.filter(pk=message.pk).update(leased_until=timezone.now() - datetime.timedelta(seconds=1))


def outcomes(message: Message) -> list[str]:
    return list(MessageAttempt.objects.filter(message=message).order_by("id").values_list("outcome", flat=True))


def test_console_messages_are_sent_at_once(make_customer):
    message = enqueue(make_customer())
    assert dispatch.dispatch_due() == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.sent_at
    assert message.provider_message_id == f"console-{message.pk}"
    assert message.lease_token == "" and message.leased_until is None
    assert outcomes(message) == [AttemptOutcome.SENT]
    assert dispatch.dispatch_due() == 0


def test_future_cancelled_and_skipped_messages_are_not_sent(make_customer):
    later = enqueue(make_customer(), scheduled_at=timezone.now() + datetime.timedelta(hours=1))
    cancelled = enqueue(make_customer())
    services.cancel(cancelled, reason="不需要")
    skipped = enqueue(make_customer(phone=""))
    assert dispatch.dispatch_due() == 0
    assert {m.status for m in Message.objects.filter(pk__in=[later.pk, cancelled.pk, skipped.pk])} == {
        MessageStatus.PENDING, MessageStatus.CANCELLED, MessageStatus.SKIPPED}


def test_retryable_errors_back_off_exponentially_then_succeed(fake, make_customer):
    use_aliyun(backoff_seconds=60)
    sms_templates()
    message = enqueue(make_customer())
    fake.control(action="fail", provider="aliyun", code="isv.BUSINESS_LIMIT_CONTROL", message="触发分钟级流控",
                 times=2)

    before = timezone.now()
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.attempts == 1
    assert "流控" in message.last_error
    assert 59 <= (message.next_attempt_at - before).total_seconds() <= 61
    assert dispatch.dispatch_due() == 0  # not due yet

    make_due(message)
    before = timezone.now()
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert 119 <= (message.next_attempt_at - before).total_seconds() <= 121

    make_due(message)
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 3 and message.last_error == ""
    assert outcomes(message) == [AttemptOutcome.RETRY, AttemptOutcome.RETRY, AttemptOutcome.SENT]
    assert len(fake.messages("aliyun")) == 1


def test_retryable_errors_stop_after_max_attempts(fake, make_customer):
    use_tencent(max_attempts=2)
    sms_templates("2001")
    message = enqueue(make_customer())
    fake.control(action="fail", provider="tencent", code="InternalError.Timeout", times=5)
    dispatch.dispatch_due()
    make_due(message)
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.next_attempt_at is None
    assert message.last_error.startswith("已尝试 2 次仍未成功：InternalError.Timeout")
    assert outcomes(message) == [AttemptOutcome.RETRY, AttemptOutcome.FAILED]


def test_permanent_error_keeps_the_reason_and_a_manual_retry_sends(fake, make_customer):
    use_aliyun()
    sms_templates()
    message = enqueue(make_customer())
    fake.control(action="fail", provider="aliyun", code="isv.SMS_TEMPLATE_ILLEGAL", message="模板不合法")
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.next_attempt_at is None
    assert message.last_error.startswith("isv.SMS_TEMPLATE_ILLEGAL：短信模板不存在或未审核通过")
    assert message.provider_reply["Code"] == "isv.SMS_TEMPLATE_ILLEGAL"
    assert dispatch.dispatch_due() == 0

    services.retry(message)
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert outcomes(message) == [AttemptOutcome.FAILED, AttemptOutcome.SENT]
    assert len(fake.messages("aliyun")) == 1


def test_missing_template_id_fails_then_retry_takes_the_filled_in_one(fake, make_customer):
    use_aliyun()
    message = enqueue(make_customer())
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and "模板" in message.last_error
    sms_templates("SMS_200002")
    services.retry(message)
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert fake.messages("aliyun")[0]["template"] == "SMS_200002"


def test_channel_removed_after_enqueue_fails_with_a_reason(fake, make_customer):
    use_aliyun()
    sms_templates()
    message = enqueue(make_customer())
    configure(sms_provider="none")
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and "未配置" in message.last_error


def test_a_worker_whose_lease_was_taken_over_cannot_record(fake, make_customer):
    use_aliyun()
    sms_templates()
    message = enqueue(make_customer())
    token, [claimed] = dispatch.claim_due(limit=10, worker="slow")
    expire_lease(claimed)
    assert dispatch.recover_expired(worker="recovery") == 1
    # the slow worker comes back with a result
    report = dispatch.Report(aliyun.SendResult("sent", provider_message_id="late"), timezone.now(), timezone.now())
    assert dispatch.record(claimed, token, report, NotifySettings.current(), "slow") == ""
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING and message.provider_message_id == ""
    assert outcomes(message) == [AttemptOutcome.INTERRUPTED, AttemptOutcome.STALE]


def test_claimed_rows_are_not_claimed_again(make_customer):
    enqueue(make_customer())
    _token, first = dispatch.claim_due(limit=10)
    _token, second = dispatch.claim_due(limit=10)
    assert len(first) == 1 and second == []


def test_recovery_finds_an_sms_the_provider_already_has_and_does_not_resend(fake, make_customer):
    use_aliyun()
    sms_templates()
    message = enqueue(make_customer())
    # a worker claims and sends, then dies before recording
    _token, [claimed] = dispatch.claim_due(limit=10, worker="victim")
    assert aliyun.AliyunSms().send(claimed, NotifySettings.current()).outcome == "sent"
    expire_lease(claimed)

    assert dispatch.recover_expired() == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING and message.doubt_since is not None
    dispatch.dispatch_due()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.doubt_since is None
    assert outcomes(message) == [AttemptOutcome.INTERRUPTED, AttemptOutcome.RECOVERED]
    assert len(fake.messages("aliyun")) == 1


@pytest.mark.parametrize("use", [use_aliyun, use_tencent])
def test_recovery_resends_an_sms_the_provider_never_got(fake, make_customer, use):
    use()
    sms_templates("2001" if use is use_tencent else "SMS_100001")
    message = enqueue(make_customer())
    dispatch.claim_due(limit=10, worker="victim")  # dies right after the claim
    expire_lease(message)
    dispatch.recover_expired()
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert outcomes(message) == [AttemptOutcome.INTERRUPTED, AttemptOutcome.SENT]
    assert len(fake.messages()) == 1


def test_recovery_makes_an_interrupted_wechat_message_unknown(fake, make_customer):
    use_wechat()
    sms_templates()
    message = enqueue(make_customer(openid="o_follower_2"))
    dispatch.claim_due(limit=10, worker="victim")
    expire_lease(message)
    dispatch.recover_expired()
    assert dispatch.dispatch_due() == 0
    message.refresh_from_db()
    assert message.status == MessageStatus.UNKNOWN and "无法向微信核实" in message.status_reason
    # a person decides to send it again
    services.retry(message)
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(fake.messages("wechat")) == 1


def test_recovery_leaves_live_leases_alone(make_customer):
    enqueue(make_customer())
    dispatch.claim_due(limit=10)
    assert dispatch.recover_expired() == 0


def test_sms_timeout_is_checked_with_the_provider_before_the_next_try(fake, make_customer, settings):
    use_aliyun()
    sms_templates()
    settings.NOTIFY_HTTP_TIMEOUT_SECONDS = 0.5
    fake.control(action="delay", provider="aliyun", seconds=1.5)
    message = enqueue(make_customer())
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.doubt_since is not None
    assert "超时" in message.last_error

    make_due(message)
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert outcomes(message) == [AttemptOutcome.AMBIGUOUS, AttemptOutcome.RECOVERED]
    assert len(fake.messages("aliyun")) == 1


def test_wechat_without_an_answer_becomes_unknown(fake, make_customer):
    use_wechat()
    sms_templates()
    message = enqueue(make_customer(openid="o_follower_3"))
    fake.control(action="hang_up", provider="wechat")
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.UNKNOWN and message.next_attempt_at is None
    assert len(fake.messages("wechat")) == 1


def test_many_messages_through_the_pool(fake, make_customer):
    use_aliyun()
    sms_templates()
    customer = make_customer()
    messages = [enqueue(customer) for _ in range(40)]
    assert dispatch.dispatch_due(threads=4) == 40
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 40
    assert sorted(int(m["out_id"]) for m in fake.messages("aliyun")) == sorted(m.pk for m in messages)


def test_limit_caps_one_run(make_customer):
    customer = make_customer()
    for _ in range(5):
        enqueue(customer)
    assert dispatch.dispatch_due(limit=3, threads=2) == 3
    assert Message.objects.filter(status=MessageStatus.PENDING).count() == 2
