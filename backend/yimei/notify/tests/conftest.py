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
