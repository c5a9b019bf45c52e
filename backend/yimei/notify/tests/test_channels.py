"""The provider clients against the fake servers over loopback: signatures checked by the fake, the real
error codes, WeChat's token cache and refresh."""

from __future__ import annotations

import socket

import pytest
from django.core.cache import cache

from yimei.notify import services
from yimei.notify.channels import Outcome, aliyun, tencent, wechat
from yimei.notify.models import NotifySettings
from yimei.notify.tests.conftest import sms_templates, use_aliyun, use_tencent, use_wechat

VARS = {"customer_name": "张三", "start": "12月1日 10:00", "items": "光子嫩肤"}


def message_for(customer, **kw):
    return services.enqueue(kind="test.notice", customer=customer, variables=kw.pop("variables", VARS), **kw)


# --- Aliyun ---------------------------------------------------------------------------------------


def test_aliyun_send_is_accepted_with_the_out_id(fake, make_customer):
    config = use_aliyun()
    sms_templates()
    message = message_for(make_customer(phone="13912345678"))
    result = aliyun.AliyunSms().send(message, config)
    assert result.outcome == Outcome.SENT, result
    assert result.provider_message_id.endswith("^0")
    [got] = fake.messages("aliyun")
    assert got["phone"] == "13912345678" and got["out_id"] == str(message.pk)
    assert got["template"] == "SMS_100001" and got["sign_name"] == "某某医院"
    assert got["params"] == {"customer_name": "张三", "start": "12月1日 10:00", "items": "光子嫩肤"}


def test_aliyun_wrong_secret_is_refused_by_the_fake(fake, make_customer):
    config = use_aliyun(aliyun_access_key_secret="not-the-secret")
    sms_templates()
    result = aliyun.AliyunSms().send(message_for(make_customer()), config)
    assert result.outcome == Outcome.FAILED
    assert result.provider_code == "SignatureDoesNotMatch"
    assert "签名不匹配" in result.provider_message
    assert fake.messages() == []


def test_aliyun_unknown_key_id(fake, make_customer):
    config = use_aliyun(aliyun_access_key_id="LTAInobody")
    sms_templates()
    result = aliyun.AliyunSms().send(message_for(make_customer()), config)
    assert (result.outcome, result.provider_code) == (Outcome.FAILED, "InvalidAccessKeyId.NotFound")


def test_aliyun_illegal_number_is_permanent(fake, make_customer):
    config = use_aliyun()
    sms_templates()
    result = aliyun.AliyunSms().send(message_for(make_customer(phone="12345")), config)
    assert (result.outcome, result.provider_code) == (Outcome.FAILED, "isv.MOBILE_NUMBER_ILLEGAL")
    assert "手机号码格式错误" in result.error_text


def test_aliyun_flow_control_is_retryable(fake, make_customer):
    config = use_aliyun()
    sms_templates()
    fake.control(action="fail", provider="aliyun", code="isv.BUSINESS_LIMIT_CONTROL", message="触发号码天级流控")
    result = aliyun.AliyunSms().send(message_for(make_customer()), config)
    assert (result.outcome, result.provider_code) == (Outcome.RETRY, "isv.BUSINESS_LIMIT_CONTROL")


def test_aliyun_without_template_code_fails_with_a_clear_reason(fake, make_customer):
    config = use_aliyun()
    result = aliyun.AliyunSms().send(message_for(make_customer()), config)
    assert result.outcome == Outcome.FAILED and "模板" in result.provider_message
    assert fake.messages() == []


def test_aliyun_lookup_finds_the_message_by_out_id(fake, make_customer):
    config = use_aliyun()
    sms_templates()
    customer = make_customer(phone="13911112222")
    first, second = message_for(customer), message_for(customer)
    assert aliyun.AliyunSms().send(first, config).outcome == Outcome.SENT
    found = aliyun.AliyunSms().lookup(first, config)
    assert found is not None and found.outcome == Outcome.SENT
    assert aliyun.AliyunSms().lookup(second, config) is None


# --- Tencent --------------------------------------------------------------------------------------


def test_tencent_send_is_accepted_with_the_session_context(fake, make_customer):
    config = use_tencent()
    sms_templates("2001")
    message = message_for(make_customer(phone="13912345678"))
    result = tencent.TencentSms().send(message, config)
    assert result.outcome == Outcome.SENT, result
    [got] = fake.messages("tencent")
    assert got["phone"] == "13912345678" and got["session_context"] == str(message.pk)
    # positional parameters, in the order the template text uses them
    assert got["params"] == ["张三", "12月1日 10:00", "光子嫩肤"]
    assert result.provider_message_id == got["serial_no"]


def test_tencent_wrong_key_is_refused_by_the_fake(fake, make_customer):
    config = use_tencent(tencent_secret_key="wrong")
    sms_templates("2001")
    result = tencent.TencentSms().send(message_for(make_customer()), config)
    assert (result.outcome, result.provider_code) == (Outcome.FAILED, "AuthFailure.SignatureFailure")
    assert fake.messages() == []


def test_tencent_per_number_status_codes(fake, make_customer):
    config = use_tencent()
    sms_templates("2001")
    bad = tencent.TencentSms().send(message_for(make_customer(phone="10000")), config)
    assert (bad.outcome, bad.provider_code) == (Outcome.FAILED, "InvalidParameterValue.IncorrectPhoneNumber")
    fake.control(action="fail", provider="tencent", code="LimitExceeded.PhoneNumberThirtySecondLimit",
                 scope="number")
    limited = tencent.TencentSms().send(message_for(make_customer()), config)
    assert limited.outcome == Outcome.RETRY
    fake.control(action="fail", provider="tencent", code="InternalError.Timeout")
    busy = tencent.TencentSms().send(message_for(make_customer()), config)
    assert (busy.outcome, busy.provider_code) == (Outcome.RETRY, "InternalError.Timeout")
    assert fake.messages() == []


def test_tencent_unapproved_template(fake, make_customer):
    config = use_tencent()
    sms_templates("SMS_not_a_tencent_id")
    result = tencent.TencentSms().send(message_for(make_customer()), config)
    assert (result.outcome, result.provider_code) == (Outcome.FAILED, "FailedOperation.TemplateIncorrectOrUnapproved")


def test_tencent_lookup_by_session_context(fake, make_customer):
    config = use_tencent()
    sms_templates("2001")
    customer = make_customer()
    first, second = message_for(customer), message_for(customer)
    tencent.TencentSms().send(first, config)
    assert tencent.TencentSms().lookup(first, config).outcome == Outcome.SENT
    assert tencent.TencentSms().lookup(second, config) is None


# --- WeChat ---------------------------------------------------------------------------------------


def wechat_message(make_customer, openid="o_follower_1", **kw):
    use_wechat()
    sms_templates()
    return message_for(make_customer(openid=openid), **kw)


def test_wechat_template_message_with_a_cached_token(fake, make_customer):
    message = wechat_message(make_customer)
    config = NotifySettings.current()
    channel = wechat.WechatTemplate()
    assert channel.send(message, config).outcome == Outcome.SENT
    assert channel.send(message_for(message.customer), config).outcome == Outcome.SENT
    assert fake.state.stats["wechat./cgi-bin/stable_token"] == 1  # the second send used the cached token
    [first, _] = fake.messages("wechat")
    assert first["openid"] == "o_follower_1" and first["template"] == "TPL_fake_0001"
    assert first["data"] == {"thing1": {"value": "光子嫩肤"}, "time2": {"value": "12月1日 10:00"},
                             "thing3": {"value": "张三的预约"}}


@pytest.mark.parametrize(("action", "code"), [("invalidate_tokens", 40001), ("expire_tokens", 42001)])
def test_wechat_refreshes_the_token_once_and_sends(fake, make_customer, action, code):
    message = wechat_message(make_customer)
    config = NotifySettings.current()
    channel = wechat.WechatTemplate()
    assert channel.send(message, config).outcome == Outcome.SENT
    old = cache.get(wechat._cache_key(config))
    fake.control(action=action)
    result = channel.send(message_for(message.customer), config)
    assert result.outcome == Outcome.SENT, result
    assert cache.get(wechat._cache_key(config)) != old
    assert fake.state.stats["wechat./cgi-bin/message/template/send"] == 3  # ok, refused with {code}, ok
    assert len(fake.messages("wechat")) == 2


def test_wechat_not_following_is_permanent(fake, make_customer):
    message = wechat_message(make_customer, openid="unfollowed_o_1")
    result = wechat.WechatTemplate().send(message, NotifySettings.current())
    assert (result.outcome, result.provider_code) == (Outcome.FAILED, "43004")
    assert "未关注" in result.provider_message


@pytest.mark.parametrize(("code", "outcome"), [(-1, Outcome.RETRY), (45009, Outcome.RETRY),
                                               (40037, Outcome.FAILED)])
def test_wechat_error_codes(fake, make_customer, code, outcome):
    message = wechat_message(make_customer)
    fake.control(action="fail", provider="wechat", code=code, message="err")
    assert wechat.WechatTemplate().send(message, NotifySettings.current()).outcome == outcome


def test_wechat_wrong_secret(fake, make_customer):
    message = wechat_message(make_customer)
    config = use_wechat(wechat_app_secret="wrong")
    result = wechat.WechatTemplate().send(message, config)
    assert (result.outcome, result.provider_code) == (Outcome.FAILED, "40125")
    assert "AppSecret" in result.provider_message


def test_wechat_no_answer_is_ambiguous(fake, make_customer):
    message = wechat_message(make_customer)
    fake.control(action="hang_up", provider="wechat")
    result = wechat.WechatTemplate().send(message, NotifySettings.current())
    assert result.outcome == Outcome.AMBIGUOUS
    assert len(fake.messages("wechat")) == 1  # the fake did take it


def test_timeout_after_sending_is_ambiguous_and_connection_refused_is_not(fake, make_customer, settings):
    config = use_aliyun()
    sms_templates()
    fake.control(action="delay", provider="aliyun", seconds=2)
    settings.NOTIFY_HTTP_TIMEOUT_SECONDS = 0.5
    result = aliyun.AliyunSms().send(message_for(make_customer()), config)
    assert result.outcome == Outcome.AMBIGUOUS and "超时" in result.provider_message

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.NOTIFY_ALIYUN_SMS_URL = f"http://127.0.0.1:{port}/aliyun/"
    refused = aliyun.AliyunSms().send(message_for(make_customer()), config)
    assert refused.outcome == Outcome.RETRY and refused.provider_code == "transport"
