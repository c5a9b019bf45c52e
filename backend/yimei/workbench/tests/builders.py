"""Rows for the workbench tests, made through the services the console uses, then put on the day a test needs
(``.update()`` of the time columns: the services refuse future times, and "today at 10:00" may still be ahead
when the tests run early in the morning)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from yimei.appointments import services as appointments
from yimei.appointments.models import Appointment, AppointmentLine
from yimei.customers import records, visits
from yimei.customers.models import Consultation, Visit
from yimei.followups import services as followups
from yimei.followups.models import FollowUpTask
from yimei.sales import services as sales
from yimei.sales.models import Deduction, Order, Payment
from yimei.sales.tests.conftest import SIGNATURE


def _past(moment: datetime) -> datetime:
    return min(moment, timezone.now())


def visit(customer: Any, *, at: datetime, operator: Any = None, status: str | None = None) -> Visit:
    row = visits.check_in(customer, operator=operator, arrived_at=_past(at))
    Visit.objects.filter(pk=row.pk).update(arrived_at=at, **({"status": status} if status else {}))
    row.refresh_from_db()
    return row


def to_treatment(row: Visit, *, operator: Any) -> Visit:
    return visits.triage(row, operator=operator, target="treatment")


def appointment(customer: Any, staff: Any, *, start: datetime, operator: Any, item: Any = None, minutes: int = 30,
                status: str | None = None, type: str = "treatment") -> Appointment:
    booking = appointments.create_appointment(
        operator=operator, type=type, customer=customer, confirm_warnings=True, now=start - timedelta(hours=1),
        lines=[{"item": item, "title": "" if item else "面诊", "staff": staff, "start": start,
                "end": start + timedelta(minutes=minutes)}])
    if status:
        Appointment.objects.filter(pk=booking.appointment.pk).update(status=status)
        if status in ("cancelled", "no_show"):
            AppointmentLine.objects.filter(appointment=booking.appointment).update(active=False)
    return Appointment.objects.get(pk=booking.appointment.pk)


def consultation(customer: Any, consultant: Any, *, at: datetime) -> Consultation:
    row = records.record_consultation(customer, operator=None, consultant=consultant, consulted_at=_past(at),
                                      content="咨询")
    Consultation.objects.filter(pk=row.pk).update(consulted_at=at)
    return row


def order(customer: Any, item: Any, *, operator: Any, quantity: int = 1) -> Order:
    return sales.create_order(customer=customer, operator=operator,
                              lines=[{"kind": "item", "item": item, "quantity": quantity}])


def pay(row: Order, *, at: datetime, operator: Any, entries: list[dict[str, Any]]) -> Payment:
    payment = sales.take_payment(row, operator=operator, entries=entries)
    Payment.objects.filter(pk=payment.pk).update(created_at=at)
    Order.objects.filter(pk=row.pk, settled_at__isnull=False).update(settled_at=at)
    return payment


def card(customer: Any, card_type: Any, *, operator: Any, modes: dict[str, Any], at: datetime) -> Any:
    """A session card bought and paid in cash on ``at``: its entitlement."""
    row = sales.create_order(customer=customer, operator=operator,
                             lines=[{"kind": "card", "card_type": card_type, "quantity": 1}])
    pay(row, at=at, operator=operator, entries=[{"mode": modes["cash"], "amount": str(row.total_amount)}])
    return row.lines.get().entitlements.get()


def deduction(entitlement: Any, *, at: datetime, operator: Any, operators: list[Any], visit: Any = None,
              quantity: int = 1) -> Deduction:
    row = sales.deduct(entitlement, customer=entitlement.customer, quantity=quantity, operator=operator,
                       signature=SIGNATURE, visit=visit, performed_at=_past(at),
                       operators=[{"staff": s, "position": None} for s in operators])
    Deduction.objects.filter(pk=row.pk).update(performed_at=at)
    return row


def task(customer: Any, assignee: Any, *, due_on: date) -> FollowUpTask:
    row = followups.create_task(customer=customer, operator=assignee, due_on=timezone.localdate(), method="phone",
                                purpose="术后回访")
    FollowUpTask.objects.filter(pk=row.pk).update(due_on=due_on)
    row.refresh_from_db()
    return row


def done_task(customer: Any, assignee: Any, *, closed_at: datetime) -> FollowUpTask:
    row = followups.create_task(customer=customer, operator=assignee, due_on=timezone.localdate(), method="phone",
                                purpose="术后回访")
    followups.record_result(row, operator=assignee, result_content="恢复良好", outcome="reached")
    FollowUpTask.objects.filter(pk=row.pk).update(closed_at=closed_at)
    return row
