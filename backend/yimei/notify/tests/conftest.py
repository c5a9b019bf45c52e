"""Fixtures of the notify tests: message kinds of our own, customers with and without phone/WeChat, provider
settings pointing at the local fake server."""

from __future__ import annotations

from typing import Any

import pytest

from yimei.customers.models import Customer
from yimei.notify import registry

TEST_KINDS = {
    "test.notice": {"name": "测试通知", "name_en": "Test notice", "purpose": "transactional",
                        "variables": {"customer_name": "客户姓名", "start": "时间", "items": "项目"},
                        "sms_text": "{customer_name}您好，您预约了{start}的{items}，请准时到院。",
                        "wechat_fields": {"thing1": "items", "time2": "start", "thing3": "{customer_name}的预约"}},
    "test.promo": {"name": "测试营销", "name_en": "Test promotion", "purpose": "marketing",
                       "variables": {"customer_name": "客户姓名"},
                       "sms_text": "{customer_name}您好，本月光电项目八折。拒收请回复R"},
}


@pytest.fixture(autouse=True)
def test_kinds():
    for code, spec in TEST_KINDS.items():
        registry.register_kind(code, **spec)
    yield
    for code in TEST_KINDS:
        registry.unregister_kind(code)


_phones = iter(range(10_000_000, 99_999_999))


@pytest.fixture
def make_customer(db, org) -> Any:
    def make(*, phone: str | None = None, openid: str = "", consent: bool = False, **extra: Any) -> Customer:
        number = phone if phone is not None else f"139{next(_phones):08d}"
        customer = Customer(name=extra.pop("name", "张三"), phone=number, wechat_openid=openid,
                            marketing_consent=consent, org_unit=extra.pop("org_unit", org["dept_a"]), **extra)
        customer.save()
        return customer

    return make


@pytest.fixture(scope="session")
def fake_server():
    from yimei.notify.fakes import FakeProviders

    with FakeProviders() as fake:
        yield fake


@pytest.fixture
def fake(fake_server, settings):
    """The fake providers, emptied, with the settings' provider URLs pointing at them (short timeouts)."""
    fake_server.control(action="reset")
    settings.NOTIFY_ALIYUN_SMS_URL = fake_server.aliyun_url
    settings.NOTIFY_TENCENT_SMS_URL = fake_server.tencent_url
    settings.NOTIFY_WECHAT_API_URL = fake_server.url
    settings.NOTIFY_HTTP_TIMEOUT_SECONDS = 1.0
    return fake_server


def configure(**fields: Any):
    from yimei.notify.models import NotifySettings

    config = NotifySettings.current()
    for name, value in fields.items():
        setattr(config, name, value)
    config.save()
    return config


def use_aliyun(**more: Any):
    from yimei.notify.fakes import ALIYUN_KEYS

    key_id, secret = next(iter(ALIYUN_KEYS.items()))
    return configure(**{"sms_provider": "aliyun", "aliyun_access_key_id": key_id, "aliyun_access_key_secret": secret,
                        "aliyun_sign_name": "某某医院", **more})


def use_tencent(**more: Any):
    from yimei.notify.fakes import TENCENT_KEYS, TENCENT_SDK_APP_ID

    secret_id, secret_key = next(iter(TENCENT_KEYS.items()))
    return configure(**{"sms_provider": "tencent", "tencent_secret_id": secret_id, "tencent_secret_key": secret_key,
                        "tencent_sdk_app_id": TENCENT_SDK_APP_ID, "tencent_sign_name": "某某医院", **more})


def use_wechat(**more: Any):
    from yimei.notify.fakes import WECHAT_APPS

    app_id, secret = next(iter(WECHAT_APPS.items()))
    return configure(**{"wechat_app_id": app_id, "wechat_app_secret": secret, **more})


def sms_templates(code: str = "SMS_100001") -> None:
    """Provider template ids for the test kinds (Aliyun codes look like SMS_…, Tencent ids are digits)."""
    from yimei.notify.models import MessageTemplate

    for kind, spec in TEST_KINDS.items():
        MessageTemplate.objects.update_or_create(kind=kind, channel="sms",
                                                 defaults={"text": spec["sms_text"], "template_id": code})
        MessageTemplate.objects.update_or_create(kind=kind, channel="wechat", defaults={
            "text": spec["sms_text"], "template_id": "TPL_fake_0001",
            "field_map": spec.get("wechat_fields") or {"thing1": "customer_name"}})
