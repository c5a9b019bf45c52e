"""Notices to the customer about a booking, written to the notify outbox in the booking's own transaction
(DESIGN rule 8): a confirmation when booked, reminders at the configured offsets before the first line, a
cancellation notice. Moving a booking withdraws its pending reminders and writes new ones."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from yimei.appointments import messages
from yimei.appointments.models import Appointment, AppointmentLine, AppointmentSettings
from yimei.notify import services as notify

WEEKDAYS = "一二三四五六日"


def when_text(moment: datetime) -> str:
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return f"{local.month}月{local.day}日（周{WEEKDAYS[local.weekday()]}）{local:%H:%M}"


def variables(appointment: Appointment, lines: list[AppointmentLine], settings: AppointmentSettings
              ) -> dict[str, str]:
    active = sorted(lines, key=lambda line: (line.start, line.sort))
    items = "、".join(dict.fromkeys(line.item_name or line.title or "咨询" for line in active)) or "咨询"
    staff = "、".join(dict.fromkeys(line.staff.name for line in active))
    return {"customer_name": appointment.customer.name, "start": when_text(appointment.starts_at),
            "items": items, "staff": staff, "clinic": settings.clinic_name, "address": settings.clinic_address,
            "number": appointment.number}


def reminder_times(start: datetime, offsets: list[dict[str, Any]], *, now: datetime) -> list[datetime]:
    """When the reminders of a booking starting at ``start`` go out: each offset is either ``{"days_before": n,
    "at": "HH:MM"}`` (local time, n days before the booking's date) or ``{"hours_before": n}``. Times already past
    (or not before the start) are left out; equal times count once."""
    zone = timezone.get_default_timezone()
    local_start = timezone.localtime(start, zone)
    found: set[datetime] = set()
    for offset in offsets or []:
        if "days_before" in offset:
            hour, minute = (int(part) for part in str(offset.get("at") or "10:00").split(":"))
            day = local_start.date() - timedelta(days=int(offset["days_before"]))
            moment = datetime.combine(day, time(hour, minute), tzinfo=zone)
        elif "hours_before" in offset:
            moment = start - timedelta(hours=float(offset["hours_before"]))
        elif "minutes_before" in offset:
            moment = start - timedelta(minutes=int(offset["minutes_before"]))
        else:
            continue
        if now < moment < start:
            found.add(moment)
    return sorted(found)


def _enqueue(kind: str, appointment: Appointment, values: dict[str, str], *, at: datetime | None,
             operator: Any) -> None:
    notify.enqueue(kind=kind, customer=appointment.customer, variables=values, scheduled_at=at,
                   source=appointment, operator=operator)


def on_booked(appointment: Appointment, lines: list[AppointmentLine], *, operator: Any,
              settings: AppointmentSettings, now: datetime | None = None) -> None:
    now = now or timezone.now()
    values = variables(appointment, lines, settings)
    if settings.send_confirmation:
        _enqueue(messages.CONFIRMED, appointment, values, at=None, operator=operator)
    for moment in reminder_times(appointment.starts_at, settings.reminder_offsets, now=now):
        _enqueue(messages.REMINDER, appointment, values, at=moment, operator=operator)


def on_moved(appointment: Appointment, lines: list[AppointmentLine], *, operator: Any,
             settings: AppointmentSettings, start_changed: bool, now: datetime | None = None) -> None:
    """Withdraw the pending reminders (and an unsent confirmation) and write them again for the new time; when the
    booking's first start changed, the customer is told the new time with a new confirmation."""
    now = now or timezone.now()
    notify.cancel_pending(source=appointment, kinds=[messages.REMINDER, messages.CONFIRMED],
                          reason="预约已改期，按新时间重新安排", operator=operator)
    values = variables(appointment, lines, settings)
    if settings.send_confirmation and start_changed:
        _enqueue(messages.CONFIRMED, appointment, values, at=None, operator=operator)
    for moment in reminder_times(appointment.starts_at, settings.reminder_offsets, now=now):
        _enqueue(messages.REMINDER, appointment, values, at=moment, operator=operator)


def on_cancelled(appointment: Appointment, lines: list[AppointmentLine], *, operator: Any, notify_customer: bool,
                 settings: AppointmentSettings, reason: str) -> None:
    notify.cancel_pending(source=appointment, kinds=[messages.REMINDER, messages.CONFIRMED],
                          reason=f"预约已取消：{reason}", operator=operator)
    if notify_customer and settings.send_cancellation:
        _enqueue(messages.CANCELLED, appointment, variables(appointment, lines, settings), at=None,
                 operator=operator)


def withdraw(appointment: Appointment, *, reason: str, operator: Any = None) -> int:
    """The customer arrived or missed the booking: reminders not yet sent are no longer wanted."""
    return notify.cancel_pending(source=appointment, kinds=[messages.REMINDER, messages.CONFIRMED], reason=reason,
                                 operator=operator)


def messages_of(appointment: Appointment) -> list[Any]:
    return list(notify.messages_for(appointment))
