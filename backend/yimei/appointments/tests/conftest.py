"""Fixtures of the appointment tests: a front-desk clerk, two doctors with schedules, a catalogue item, rooms and
devices, a customer, and helpers for local times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from yimei.appointments.models import AppointmentSettings, Resource, ScheduleEntry, ShiftType
from yimei.catalog.models import ItemCategory, TreatmentItem
from yimei.customers import services as customers

ALL_APPOINTMENTS = [
    "appointments.appointment.view", "appointments.appointment.add", "appointments.appointment.change",
    "appointments.appointment.cancel", "appointments.appointment.checkin", "appointments.schedule.view",
    "appointments.schedule.change", "appointments.resource.change", "appointments.settings.change",
]
CUSTOMER_CODES = ["customers.customer.view", "customers.customer.add", "customers.visit.view"]


def day(offset: int) -> date:
    return timezone.localdate() + timedelta(days=offset)


def at(offset: int, clock: str) -> datetime:
    """The aware instant of local time ``clock`` ("10:00") ``offset`` days from today."""
    hour, minute = map(int, clock.split(":"))
    return datetime.combine(day(offset), time(hour, minute), tzinfo=timezone.get_default_timezone())


def iso(offset: int, clock: str) -> str:
    return at(offset, clock).isoformat()


@pytest.fixture
def clerk(make_staff):
    return make_staff([*ALL_APPOINTMENTS, *CUSTOMER_CODES], scopes={"appointments": "all", "customers": "all"},
                      username="t_clerk")


def _named(user: Any, name: str) -> Any:
    user.name = name
    user.save(update_fields=["name"])
    return user


@pytest.fixture
def doctor(make_staff, org):
    return _named(make_staff(unit=org["team_a2"], username="t_doc_a"), "刘医生")


@pytest.fixture
def doctor2(make_staff, org):
    return _named(make_staff(unit=org["team_a2"], username="t_doc_b"), "周医生")


@pytest.fixture
def shift(db):
    return ShiftType.objects.create(name="全天", start_time=time(8, 30), end_time=time(20, 0))


@pytest.fixture
def rostered(doctor, doctor2, shift):
    """Both doctors work 08:30–20:00 today and on the next seven days."""
    for person in (doctor, doctor2):
        for offset in range(8):
            ScheduleEntry.objects.create(staff=person, date=day(offset), kind="work", shift_type=shift,
                                         start_time=shift.start_time, end_time=shift.end_time)


@pytest.fixture
def items(db) -> dict[str, TreatmentItem]:
    energy = ItemCategory.objects.create(name="光电", kind="energy")
    return {
        "ipl": TreatmentItem.objects.create(code="A-IPL", name="光子嫩肤", category=energy,
                                            price_amount=Decimal("880")),
        "hydra": TreatmentItem.objects.create(code="A-HYD", name="水光针", category=energy,
                                              price_amount=Decimal("1280")),
        "old": TreatmentItem.objects.create(code="A-OLD", name="停用项目", category=energy, price_amount=Decimal("1"),
                                            is_active=False),
    }


@pytest.fixture
def room(db):
    return Resource.objects.create(kind="room", name="光电治疗室 1")


@pytest.fixture
def thermage(db):
    return Resource.objects.create(kind="device", name="热玛吉设备")


@pytest.fixture
def customer(clerk):
    return customers.create_customer(operator=clerk, name="张三", phone="13800138011")


@pytest.fixture
def other_customer(clerk):
    return customers.create_customer(operator=clerk, name="李四", phone="13800138012")


@pytest.fixture
def rules(db):
    """Set the department's booking rules: ``rules(conflict_mode="warn", schedule_mode="off", …)``."""

    def set_rules(**values: Any) -> AppointmentSettings:
        row = AppointmentSettings.current()
        for key, value in values.items():
            setattr(row, key, value)
        row.save()
        return row

    return set_rules


def line(staff: Any, start: datetime, end: datetime, **extra: Any) -> dict[str, Any]:
    return {"staff": staff, "start": start, "end": end, "title": extra.pop("title", "" if "item" in extra else "咨询"),
            **extra}


def api_line(staff: Any, offset: int, start: str, end: str, **extra: Any) -> dict[str, Any]:
    data = {"staff": staff.pk, "start": iso(offset, start), "end": iso(offset, end), **extra}
    if "item" not in data and "title" not in data:
        data["title"] = "咨询"
    return data
