"""Fixtures of the workbench tests: a department (A) and its neighbour (B) staffed with the built-in roles, so
the tests read the workbench each real role gets; customers owned by each consultant; a fixed "now" (today at
noon, clinic time) at which the selectors are read, and helpers that put a row on a chosen day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from yimei.accounts.models import Role
from yimei.catalog.models import CardType, CardTypeItem, ItemCategory, TreatmentItem
from yimei.customers import services as customers
from yimei.sales.models import PaymentMode


def local(day: date, clock: str = "10:00") -> datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


TODAY = timezone.localdate()
NOW = local(TODAY, "12:00")
YESTERDAY = TODAY - timedelta(days=1)
LAST_WEEK = TODAY - timedelta(days=7)
TWO_DAYS_AGO = TODAY - timedelta(days=2)


@dataclass
class Staff:
    reception: Any
    consultant: Any
    consultant2: Any
    doctor: Any
    nurse: Any
    cashier: Any
    director: Any
    consultant_b: Any  # in department B
    reception_b: Any


@pytest.fixture
def builtin(make_staff):
    """A member of staff holding built-in role ``code`` (several codes: several roles) in ``unit``."""

    def make(*codes: str, unit: Any, name: str = "") -> Any:
        user = make_staff(roles=[Role.objects.get(code=code) for code in codes], unit=unit)
        if name:
            user.name = name
            user.save(update_fields=["name"])
        return user

    return make


@pytest.fixture
def staff(builtin, org) -> Staff:
    a1, a2, b1 = org["team_a1"], org["team_a2"], org["team_b1"]
    return Staff(
        reception=builtin("receptionist", unit=a1, name="前台小王"),
        consultant=builtin("consultant", unit=a1, name="咨询张"),
        consultant2=builtin("consultant", unit=a2, name="咨询李"),
        doctor=builtin("doctor", unit=a2, name="刘医生"),
        nurse=builtin("nurse", unit=a2, name="护士陈"),
        cashier=builtin("cashier", unit=a1, name="收银周"),
        director=builtin("director", unit=a1, name="主任"),
        consultant_b=builtin("consultant", unit=b1, name="皮肤科咨询"),
        reception_b=builtin("receptionist", unit=b1, name="皮肤科前台"),
    )


_phones = iter(range(13700000000, 13799999999))


@pytest.fixture
def customer(staff):
    """A customer file owned by ``owner`` (its unit is the owner's)."""

    def make(owner: Any, name: str = "客户") -> Any:
        return customers.create_customer(operator=None, name=name, phone=str(next(_phones)), consultant=owner)

    return make


@pytest.fixture
def catalog(db) -> dict[str, Any]:
    category = ItemCategory.objects.create(name="光电", kind="energy")
    ipl = TreatmentItem.objects.create(code="W-IPL", name="光子嫩肤", category=category, price_amount=Decimal("880"))
    card = CardType.objects.create(code="W-C5", name="光子 5 次卡", kind="count", price_amount=Decimal("4000"))
    CardTypeItem.objects.create(card_type=card, item=ipl, sessions=5)
    return {"ipl": ipl, "card": card}


@pytest.fixture
def modes(db) -> dict[str, PaymentMode]:
    from importlib import import_module

    from django.apps import apps

    if not PaymentMode.objects.exists():
        import_module("yimei.sales.migrations.0002_default_payment_modes").create(apps, None)
    return {m.code: m for m in PaymentMode.objects.all()}


@pytest.fixture
def api(client_for):
    """``api(user, view=None)`` → the workbench JSON (asserting 200)."""

    def get(user: Any, view: str | None = None) -> dict[str, Any]:
        response = client_for(user).get("/api/v1/workbench/", {"view": view} if view else {})
        assert response.status_code == 200, response.content
        return response.json()

    return get


@pytest.fixture
def clerk(make_staff):
    """Books for everyone: the bookings of both departments are made by one clerk of the whole hospital."""
    return make_staff(["appointments.appointment.view", "appointments.appointment.add", "customers.customer.view",
                       "customers.customer.add"], scopes={"appointments": "all", "customers": "all"},
                      username="t_clerk")


@pytest.fixture
def seller(make_staff):
    """Opens orders and takes payments anywhere (the rows a test needs; the workbench is read by others)."""
    return make_staff(["sales.order.view", "sales.order.add", "sales.payment.view", "sales.payment.take",
                       "sales.deduction.view", "sales.deduction.add", "customers.customer.view"],
                      scopes={"sales": "all", "customers": "all"}, username="t_seller")


def read(user: Any, view: str, now: datetime = NOW) -> dict[str, Any]:
    """``user``'s panel of ``view`` at ``now`` (today at noon by default), as the selectors build it."""
    from yimei.workbench import selectors

    return selectors.workbench(user, views=[view], now=now)[view]
