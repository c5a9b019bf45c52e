"""The demo seed gives the department rooms, shifts, schedules and a week of bookings in every status, once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from yimei.accounts.demo import seed_demo, seed_demo_customers
from yimei.appointments import demo
from yimei.appointments.models import Appointment, Resource, ScheduleEntry, ShiftType
from yimei.notify.models import Message


@pytest.mark.django_db
def test_demo_appointments_are_seeded_once(monkeypatch):
    monkeypatch.setattr("yimei.accounts.demo.DEMO_CUSTOMERS", 60)
    seed_demo()
    seed_demo_customers()

    count = Appointment.objects.count()
    assert count >= 20
    assert set(Resource.objects.values_list("name", flat=True)) >= {"光电治疗室 1", "热玛吉设备"}
    assert ShiftType.objects.count() == 3 and ScheduleEntry.objects.exists()
    today = timezone.localdate()
    statuses = set(Appointment.objects.values_list("status", flat=True))
    assert {"completed", "cancelled", "no_show", "pending", "confirmed"} <= statuses
    assert Appointment.objects.filter(starts_at__date__gte=today).count() >= 10
    assert Appointment.objects.filter(lines__recheck_of__isnull=False).exists()
    assert Appointment.objects.filter(lines__resource__isnull=False).filter(lines__sort=1).exists()  # two lines
    # notices only for bookings still to come: nothing "reminds" a customer of yesterday
    past = Appointment.objects.filter(starts_at__lt=timezone.now()).values_list("pk", flat=True)
    assert not Message.objects.filter(source_type="appointments.appointment",
                                      source_id__in=[str(pk) for pk in past], status="pending").exists()
    # again: nothing more
    assert demo.seed_appointments() == 0
    seed_demo_customers()
    assert Appointment.objects.count() == count
