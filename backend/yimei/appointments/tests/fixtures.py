"""Appointment rows for the cross-cutting API tests (permission matrix, fuzzing): one per resource with a detail
route. ``yimei/core/tests/conftest.py`` merges ``appointments_objects(staff)`` into its ``objects`` fixture."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.utils import timezone


def appointments_objects(staff: Any) -> dict[str, int]:
    from yimei.appointments import schedules, services
    from yimei.appointments.models import Resource, ShiftType
    from yimei.customers import services as customers

    room = Resource.objects.create(kind="room", name="测试治疗室")
    shift = ShiftType.objects.create(name="测试班次", start_time=time(8, 30), end_time=time(17, 30))
    template = schedules.add_template(operator=None, staff=staff, weekday=0, shift_type=shift)
    today = timezone.localdate()
    entry = schedules.set_days(operator=None, staff=[staff], dates=[today + timedelta(days=1)], kind="work",
                               shift_type=shift)[0]
    customer = customers.create_customer(operator=None, name="预约测试客户", phone="13900000088")
    start = timezone.now() + timedelta(days=1)
    booking = services.create_appointment(
        operator=None, customer=customer, type="treatment", confirm_warnings=True,
        lines=[{"title": "测试", "staff": staff, "resource": room, "start": start, "end": start + timedelta(hours=1)}])
    return {"appointments": booking.appointment.pk, "appointment-resources": room.pk, "shift-types": shift.pk,
            "schedules": entry.pk, "schedule-templates": template.pk}
