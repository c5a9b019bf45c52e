"""Conflicts of booking lines: with other bookings (the same staff member, room or device at the same time) and
with the staff's schedule. The settings decide whether each kind blocks (409 ``conflict``) or warns (409
``needs_confirmation`` until the clerk confirms).

Two clerks booking the same slot at the same moment: before checking, every booking and move locks one
``BookingLock`` row per (staff member / room / device, local day) it touches — inserted if missing and locked in
one statement, in key order, so two transactions never wait on each other in a cycle. The second clerk's check
runs only after the first one committed, and sees the slot taken. (docs/decisions/0010-appointments.md)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from yimei.appointments.choices import Mode, ScheduleKind
from yimei.appointments.models import AppointmentLine, AppointmentSettings, BookingLock, Resource, ScheduleEntry
from yimei.core.errors import BusinessError

# A line is at most this long, so "lines overlapping [a, b)" is also "lines starting after a − MAX_LINE": an index
# range, not a scan of the staff member's whole history.
MAX_LINE = timedelta(hours=12)


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def hm(moment: datetime) -> str:
    return local(moment).strftime("%H:%M")


def span(start: datetime, end: datetime) -> str:
    return f"{hm(start)}–{hm(end)}"


def day_label(day: date) -> str:
    return f"{day.month}月{day.day}日"


@dataclass
class Slot:
    """A line as it will be after the booking or move."""

    staff: Any
    resource: Resource | None
    start: datetime
    end: datetime
    label: str = ""  # "第 1 项" — how messages name the line

    def days(self) -> list[date]:
        first, last = local(self.start).date(), local(self.end - timedelta(microseconds=1)).date()
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def lock(slots: Iterable[Slot]) -> None:
    """Insert-or-lock the (staff/resource, day) rows of ``slots`` in one statement, in key order."""
    keys: set[tuple[str, date]] = set()
    for slot in slots:
        for day in slot.days():
            keys.add((f"staff:{slot.staff.pk}", day))
            if slot.resource is not None:
                keys.add((f"resource:{slot.resource.pk}", day))
    if not keys:
        return
    now = timezone.now()
    # INSERT … ON CONFLICT (key, day) DO UPDATE: a new row is held by this transaction until it ends, an existing
    # one is locked as by SELECT … FOR UPDATE; rows are taken in the order given.
    BookingLock.objects.bulk_create([BookingLock(key=key, day=day, touched_at=now) for key, day in sorted(keys)],
                                    update_conflicts=True, unique_fields=["key", "day"], update_fields=["touched_at"])


def check_within_booking(slots: list[Slot]) -> None:
    """Lines of one booking must not hold the same staff member, room or device twice at the same time."""
    for i, a in enumerate(slots):
        for b in slots[i + 1:]:
            if not (a.start < b.end and b.start < a.end):
                continue
            if a.staff.pk == b.staff.pk:
                raise BusinessError(f"{a.label}与{b.label}是同一位员工（{a.staff.name}），时间重叠："
                                    f"{span(a.start, a.end)} 与 {span(b.start, b.end)}。",
                                    code="overlapping_lines", fields={"lines": ["同一员工的时间重叠。"]})
            if a.resource is not None and b.resource is not None and a.resource.pk == b.resource.pk:
                raise BusinessError(f"{a.label}与{b.label}使用同一{a.resource.get_kind_display()}"
                                    f"（{a.resource.name}），时间重叠。",
                                    code="overlapping_lines", fields={"lines": ["同一房间/设备的时间重叠。"]})


def booking_conflicts(slots: list[Slot], *, exclude_appointment: int | None = None, operator: Any = None
                      ) -> list[str]:
    """Other bookings' lines holding the same staff member, room or device at the same time (one query; one more
    when there are some, to name the customer only of bookings ``operator`` may see)."""
    condition = Q(pk__in=[])
    for slot in slots:
        window = Q(start__lt=slot.end, end__gt=slot.start, start__gt=slot.start - MAX_LINE)
        condition |= Q(staff_id=slot.staff.pk) & window
        if slot.resource is not None:
            condition |= Q(resource_id=slot.resource.pk) & window
    rows = (AppointmentLine.objects.filter(active=True).filter(condition)
            .select_related("appointment", "appointment__customer", "staff", "resource")
            .defer("appointment__customer__id_number").order_by("start", "id"))
    if exclude_appointment is not None:
        rows = rows.exclude(appointment_id=exclude_appointment)
    found: list[str] = []
    rows = list(rows)
    visible = {row.appointment_id for row in rows}
    if rows and operator is not None:
        from yimei.appointments.models import Appointment
        from yimei.core.models import restrict

        visible = set(restrict(Appointment, operator, "appointments.appointment.view")
                      .filter(pk__in=visible).values_list("pk", flat=True))
    for slot in slots:
        for row in rows:
            if not (row.start < slot.end and slot.start < row.end):
                continue
            who = (f"{row.appointment.customer.name}，{row.appointment.number}" if row.appointment_id in visible
                   else row.appointment.number)
            if row.staff_id == slot.staff.pk:
                text = f"{slot.staff.name} {span(row.start, row.end)} 已有预约（{who}）。"
            elif slot.resource is not None and row.resource_id == slot.resource.pk:
                text = f"{slot.resource.name} {span(row.start, row.end)} 已被预约（{who}）。"
            else:
                continue
            if text not in found:
                found.append(text)
    return found


def _merge(intervals: list[tuple[time, time]]) -> list[tuple[time, time]]:
    merged: list[tuple[time, time]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def schedule_problems(slots: list[Slot]) -> list[str]:
    """Lines outside the staff member's working hours that day (one query for every staff member and day)."""
    staff_ids = {slot.staff.pk for slot in slots}
    days = {day for slot in slots for day in slot.days()}
    entries: dict[tuple[int, date], list[ScheduleEntry]] = defaultdict(list)
    for entry in ScheduleEntry.objects.filter(staff_id__in=staff_ids, date__in=days).order_by("start_time"):
        entries[(entry.staff_id, entry.date)].append(entry)
    problems: list[str] = []
    for slot in slots:
        start, end = local(slot.start), local(slot.end)
        name = slot.staff.name
        if start.date() != (end - timedelta(microseconds=1)).date():
            problems.append(f"{name} {day_label(start.date())} {span(slot.start, slot.end)} 跨越午夜，不在排班时间内。")
            continue
        day = entries.get((slot.staff.pk, start.date()), [])
        absent = [e for e in day if e.kind != ScheduleKind.WORK]
        if absent:
            reason = absent[0].get_kind_display() + (f"（{absent[0].note}）" if absent[0].note else "")
            problems.append(f"{name} {day_label(start.date())} {reason}，不在排班时间内。")
            continue
        hours = _merge([(e.start_time, e.end_time) for e in day])
        if not hours:
            problems.append(f"{name} {day_label(start.date())} 没有排班。")
            continue
        until = time(23, 59, 59) if end.time() == time(0) else end.time()
        if not any(a <= start.time() and until <= b for a, b in hours):
            shown = "、".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in hours)
            problems.append(f"{name} {span(slot.start, slot.end)} 不在排班时间内（当日排班 {shown}）。")
    return problems


def _join(texts: list[str]) -> str:
    return texts[0] if len(texts) == 1 else f"共 {len(texts)} 处：" + "".join(texts)


def check(slots: list[Slot], *, confirm_warnings: bool, exclude_appointment: int | None = None,
          settings: AppointmentSettings | None = None, operator: Any = None) -> list[str]:
    """Apply the department's rules to ``slots`` (already locked). Raises 409 ``conflict`` for what blocks and
    409 ``needs_confirmation`` for warnings not yet confirmed; returns the confirmed warnings."""
    settings = settings or AppointmentSettings.current()
    booked = booking_conflicts(slots, exclude_appointment=exclude_appointment, operator=operator)
    outside = schedule_problems(slots) if settings.schedule_mode != Mode.OFF else []
    blocking = (booked if settings.conflict_mode == Mode.BLOCK else []) + (
        outside if settings.schedule_mode == Mode.BLOCK else [])
    warnings = (booked if settings.conflict_mode == Mode.WARN else []) + (
        outside if settings.schedule_mode == Mode.WARN else [])
    if blocking:
        raise BusinessError(_join(blocking), code="conflict", status_code=409, fields={"conflicts": blocking})
    if warnings and not confirm_warnings:
        raise BusinessError(_join(warnings) + "确认仍要保存吗？", code="needs_confirmation", status_code=409,
                            fields={"warnings": warnings})
    return warnings
