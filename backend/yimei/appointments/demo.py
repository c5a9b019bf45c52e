"""The demo department's appointment centre (demo database only): rooms and devices, shifts, weekly templates
applied from two weeks back to four weeks ahead, and bookings of the last week, today and the coming week across
every status — made through the same services the console calls, so conflicts, timeline events and the notices
in the message centre are real.

Bookings that lie before the moment of loading are made "as of" that morning (the services take ``now``) with
notices switched off, so the message centre shows only what a customer would really receive from now on.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from yimei.audit.services import record_operation
from yimei.core import context
from yimei.core.errors import BusinessError

RESOURCES = [("光电治疗室 1", "room"), ("光电治疗室 2", "room"), ("注射室", "room"), ("面诊室", "room"),
             ("手术室", "room"), ("热玛吉设备", "device"), ("超声刀设备", "device"), ("皮秒激光设备", "device")]
SHIFTS = [("全天", time(8, 30), time(17, 30), "#1677ff"), ("早班", time(8, 30), time(12, 30), "#52c41a"),
          ("晚班", time(12, 30), time(20, 30), "#fa8c16")]
# username → {weekday: shift}: doctors and consultants six days a week, each with their own day off.
TEMPLATES = {
    "director": {0: "早班", 2: "全天", 4: "早班"},
    "doctor": dict.fromkeys((0, 1, 3, 4, 5, 6), "全天"),
    "doctor2": {d: "全天" if d != 5 else "晚班" for d in (0, 1, 2, 4, 5, 6)},
    "nurse": dict.fromkeys((0, 1, 2, 3, 4, 5), "全天"),
    "nurse2": dict.fromkeys((1, 2, 3, 4, 5, 6), "晚班"),
    "therapist": dict.fromkeys((0, 2, 3, 4, 5, 6), "全天"),
    "consultant": dict.fromkeys((0, 1, 2, 3, 5, 6), "全天"),
    "consultant2": dict.fromkeys((0, 1, 2, 4, 5, 6), "晚班"),
}
STAFF = ["reception", "online", *TEMPLATES]


def _at(day: Any, clock: str) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


@transaction.atomic
def seed_appointments() -> int:
    """Once (when there are no bookings and no rooms): returns how many demo bookings were made."""
    from yimei.accounts.models import User
    from yimei.appointments import schedules, services
    from yimei.appointments.models import Appointment, AppointmentSettings, Resource, ShiftType
    from yimei.catalog.models import TreatmentItem
    from yimei.customers.choices import OPEN_VISIT_STATUSES
    from yimei.customers.models import Customer
    from yimei.sales.models import Deduction

    if Appointment.objects.exists() or Resource.objects.exists():
        return 0
    staff = {u.username: u for u in User.objects.filter(username__in=STAFF)}
    items = {i.code: i for i in TreatmentItem.objects.filter(is_active=True)}
    if len(staff) < len(STAFF) or not {"IPL-01", "HYDRA-01", "THERM-01", "BTX-100"} <= items.keys():
        return 0
    reception = staff["reception"]
    with context.request_context(context.RequestContext(request_id="seed-demo", actor="系统", user=None)):
        rooms = {name: Resource.objects.create(name=name, kind=kind, sort=n, org_unit=reception.org_unit.parent)
                 for n, (name, kind) in enumerate(RESOURCES)}
        shifts = {name: ShiftType.objects.create(name=name, start_time=start, end_time=end, color=color)
                  for name, start, end, color in SHIFTS}
        for username, week in TEMPLATES.items():
            for weekday, shift in week.items():
                schedules.add_template(operator=None, staff=staff[username], weekday=weekday, shift_type=shifts[shift])
        today = timezone.localdate()
        schedules.apply_templates(operator=None, date_from=today - timedelta(days=14),
                                  date_to=today + timedelta(days=28))
        settings = AppointmentSettings.current()
        settings.clinic_name, settings.clinic_address = "锦江医院医学美容科", "门诊楼 5 楼"
        settings.save()

        busy = set(Customer.objects.filter(visits__status__in=OPEN_VISIT_STATUSES).values_list("pk", flat=True))
        people = [c for c in Customer.objects.filter(merged_into__isnull=True, is_active=True).exclude(phone_hash="")
                  .select_related("consultant").order_by("id")[:80] if c.pk not in busy]
        now = timezone.now()
        made: list[Any] = []

        def book(n: int, day_offset: int, type: str, lines: list[tuple[str, str, str, str, str | None]],
                 source: str = "phone", note: str = "", customer: Any = None) -> Any:
            """lines: (username, start, end, item code or "text:<title>", resource name or None)."""
            day = today + timedelta(days=day_offset)
            rows = []
            for username, start, end, what, resource in lines:
                row = {"staff": staff[username], "start": _at(day, start), "end": _at(day, end),
                       "resource": rooms[resource] if resource else None}
                if what.startswith("text:"):
                    row["title"] = what[5:]
                else:
                    row["item"] = items[what]
                rows.append(row)
            first = min(r["start"] for r in rows)
            live = first > now
            settings.send_confirmation = live
            settings.reminder_offsets = [{"days_before": 1, "at": "10:00"}, {"hours_before": 2}] if live else []
            settings.save(update_fields=["send_confirmation", "reminder_offsets", "updated_at"])
            booking = services.create_appointment(
                operator=reception, customer=customer or people[n % len(people)], type=type, source=source, note=note,
                lines=rows, confirm_warnings=True, now=now if live else _at(day, "07:00") - timedelta(days=1))
            made.append(booking.appointment)
            return booking.appointment

        # the past week: done, missed (the no-show sweep marks them) and cancelled
        for n, (offset, clock) in enumerate([(-6, "10:00"), (-5, "14:00"), (-4, "09:30"), (-3, "15:00"),
                                             (-2, "11:00"), (-1, "16:00"), (-1, "10:30")]):
            end = (datetime.strptime(clock, "%H:%M") + timedelta(minutes=45)).strftime("%H:%M")
            appointment = book(n, offset, "treatment", [("nurse", clock, end, "IPL-01", "光电治疗室 1")])
            if n in (2, 5):
                services.cancel(appointment, operator=reception, reason="客户临时有事，改约", notify=False)
            elif n in (0, 1, 3, 6):
                appointment.status, appointment.arrived_at = "completed", appointment.starts_at
                appointment.completed_at = appointment.ends_at
                appointment.save(update_fields=["status", "arrived_at", "completed_at", "updated_at"])
        # today: morning bookings (some arrived), afternoon and evening ones still to come
        today_plan = [
            (10, "treatment", [("doctor", "09:00", "09:45", "THERM-01", "热玛吉设备")], "wechat"),
            (11, "consultation", [("consultant", "09:30", "10:00", "text:面部年轻化咨询", "面诊室")], "online"),
            (12, "treatment", [("nurse", "10:00", "10:45", "IPL-01", "光电治疗室 1"),
                               ("doctor2", "11:00", "11:30", "HYDRA-01", "注射室")], "phone"),
            (13, "treatment", [("doctor", "14:00", "14:30", "BTX-100", "注射室")], "phone"),
            (14, "consultation", [("consultant2", "15:00", "15:30", "text:初诊咨询：祛斑", "面诊室")], "referral"),
            (15, "treatment", [("therapist", "16:00", "16:45", "IPL-01", "光电治疗室 2")], "phone"),
            (16, "treatment", [("doctor2", "17:00", "18:00", "HIFU-01" if "HIFU-01" in items else "HYDRA-01",
                                "超声刀设备")], "wechat"),
        ]
        for n, type, lines, source in today_plan:
            book(n, 0, type, lines, source=source)
        # the coming week: multi-line bookings, surgery, a re-check with the doctor of the treatment, a lead
        week_plan = [
            (20, 1, "treatment", [("doctor", "10:00", "11:00", "THERM-01", "热玛吉设备"),
                                  ("nurse", "11:00", "11:30", "HYDRA-01", "注射室")]),
            (21, 1, "consultation", [("consultant", "14:00", "14:30", "text:抗衰方案咨询", "面诊室")]),
            (22, 2, "treatment", [("doctor2", "09:30", "10:00", "BTX-100", "注射室")]),
            (23, 2, "surgery", [("director", "09:00", "11:00", "EYE-01" if "EYE-01" in items else "BTX-100",
                                 "手术室")]),
            (24, 3, "treatment", [("therapist", "15:00", "15:45", "IPL-01", "光电治疗室 2")]),
            (25, 4, "treatment", [("doctor", "10:00", "10:45", "PICO-01" if "PICO-01" in items else "IPL-01",
                                  "皮秒激光设备")]),
            (26, 5, "consultation", [("consultant2", "13:00", "13:30", "text:注射填充咨询", "面诊室")]),
            (27, 6, "treatment", [("nurse", "10:00", "10:45", "IPL-01", "光电治疗室 1")]),
        ]
        for n, offset, type, lines in week_plan:
            appointment = book(n, offset, type, lines)
            if n % 2 == 0:
                services.confirm(appointment, operator=reception)
        deduction = (Deduction.objects.filter(status="done").exclude(customer_id__in=busy)
                     .prefetch_related("operators__staff").order_by("-performed_at").first())
        if deduction is not None and deduction.operators.exists():
            operator = deduction.operators.all()[0].staff
            if operator.username in TEMPLATES:
                day = 3
                services.create_appointment(
                    operator=reception, customer=deduction.customer, type="recheck", source="phone",
                    note="术后复查", confirm_warnings=True,
                    lines=[{"staff": operator, "recheck_of": deduction, "start": _at(today + timedelta(days=day),
                            "16:00"), "end": _at(today + timedelta(days=day), "16:30")}])
        services.create_appointment(
            operator=staff["online"], lead={"name": "陈小姐", "phone": "13990001234"}, type="consultation",
            source="online", note="小红书咨询热玛吉，网电预约到院面诊", confirm_warnings=True,
            lines=[{"staff": staff["consultant"], "title": "热玛吉面诊", "resource": rooms["面诊室"],
                    "start": _at(today + timedelta(days=2), "15:00"), "end": _at(today + timedelta(days=2), "15:30")}])
        settings.send_confirmation = True
        settings.reminder_offsets = [{"days_before": 1, "at": "10:00"}, {"hours_before": 2}]
        settings.save(update_fields=["send_confirmation", "reminder_offsets", "updated_at"])
        # the bookings of earlier days nobody checked in become 爽约, as the periodic job would do
        services.mark_no_shows()
        # two of this morning's customers have arrived (the visit joins the waiting list)
        for appointment in made:
            if timezone.localtime(appointment.starts_at).date() == today and appointment.starts_at < now \
                    and appointment.status in ("pending", "confirmed") and sum(
                        1 for a in made if a.status == "arrived") < 2:
                try:
                    with transaction.atomic():
                        services.check_in(appointment, operator=reception)
                        appointment.status = "arrived"
                except BusinessError:  # a demo customer already in the waiting list stays as booked
                    continue
        total = Appointment.objects.count()
        record_operation(module="appointments", action="seed_demo",
                         message=f"载入演示预约：房间设备 {len(rooms)} 个、班次 {len(shifts)} 个、预约 {total} 条")
    return total
