"""科室概况 (head of department): today's figures of the department against yesterday and the same weekday last
week — appointments, consultations, arrivals (new and returning), the cashier's takings, deductions, follow-ups
done. One query per figure over the three days; each module's rows through ``restrict()`` with its own code, so
"the department" is the director's data scope there.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from yimei.appointments.choices import AppointmentStatus
from yimei.appointments.models import Appointment
from yimei.core.models import restrict
from yimei.core.money import ZERO
from yimei.customers.choices import VisitKind, VisitStatus
from yimei.customers.models import Consultation, Visit
from yimei.followups.choices import TaskStatus
from yimei.followups.models import FollowUpTask
from yimei.sales.choices import MONEY_IN_KINDS, DeductionStatus, PaymentKind
from yimei.sales.models import Deduction, Payment, PaymentEntry
from yimei.workbench import links
from yimei.workbench.selectors.common import DAY_KEYS, Reader, compared_days, figure_from, local_start, trend

APPOINTMENTS = "appointments.appointment.view"
CONSULTATIONS = "customers.consultation.view"
VISITS = "customers.visit.view"
CUSTOMERS = "customers.customer.view"
PAYMENTS = "sales.payment.view"
DAY_END = "sales.dayend.view"
DEDUCTIONS = "sales.deduction.view"
TASKS = "followups.task.view"
MONEY = DecimalField(max_digits=14, decimal_places=2)
# The view has something to show when the user holds one of these groups of codes (its figures' codes).
OPENED_BY = ((APPOINTMENTS,), (CONSULTATIONS,), (VISITS,), (PAYMENTS,), (DEDUCTIONS,), (TASKS,))
# A consultation is recorded when it happens or later (its time is never in the future), so the ones of the
# compared days were all created since the earliest of them: that bound lets the created_at index find them
# (consulted_at has no index of its own). The margin covers the clock skew the form allows.
RECORDING_MARGIN = timedelta(hours=1)


def director(reader: Reader) -> dict[str, Any]:
    arrivals = arrivals_compared(reader) if reader.has(VISITS) else None
    return {
        "yesterday": reader.clock.yesterday,
        "last_week": reader.clock.last_week,
        "appointments": appointments(reader) if reader.has(APPOINTMENTS) else None,
        "consultations": consultations(reader) if reader.has(CONSULTATIONS) else None,
        "arrivals": arrivals["total"] if arrivals else None,
        "arrivals_new": arrivals["new"] if arrivals else None,
        "arrivals_returning": arrivals["returning"] if arrivals else None,
        "takings": takings(reader) if reader.has(PAYMENTS) else None,
        "deductions": deductions(reader) if reader.has(DEDUCTIONS) else None,
        "followups_done": followups_done(reader) if reader.has(TASKS) else None,
    }


def appointments(reader: Reader) -> dict[str, Any]:
    """Bookings of the day (cancelled ones left out; missed ones count: they were booked)."""
    rows = restrict(Appointment, reader.user, APPOINTMENTS).exclude(status=AppointmentStatus.CANCELLED)
    return trend(rows, "starts_at", reader.clock, link=links.appointment_list(reader.clock.today))


def consultations(reader: Reader) -> dict[str, Any]:
    clock = reader.clock
    rows = restrict(Consultation, reader.user, CONSULTATIONS).filter(
        created_at__gte=local_start(clock.last_week) - RECORDING_MARGIN)
    link = links.visited_customers(clock.today) if reader.has(CUSTOMERS) else links.waiting_list()
    return trend(rows, "consulted_at", clock, link=link)


def arrivals_compared(reader: Reader) -> dict[str, dict[str, Any]]:
    """Visits of the day (cancelled ones left out), first visits (初诊) and returning customers, in one query."""
    clock = reader.clock
    visits = restrict(Visit, reader.user, VISITS).exclude(status=VisitStatus.CANCELLED).filter(
        clock.compared("arrived_at"))
    first = Q(kind=VisitKind.FIRST)
    aggregates: dict[str, Any] = {}
    for key, day in compared_days(clock).items():
        on_day = clock.day("arrived_at", day)
        aggregates[f"n_{key}"] = Count("pk", filter=on_day)
        aggregates[f"new_n_{key}"] = Count("pk", filter=on_day & first)
    found = visits.order_by().aggregate(**aggregates)
    for key in DAY_KEYS:
        found[f"returning_n_{key}"] = found[f"n_{key}"] - found[f"new_n_{key}"]
    files = reader.has(CUSTOMERS)
    visited = links.visited_customers(clock.today) if files else links.waiting_list()
    first_visits = links.visited_customers(clock.today, first_visit=True) if files else links.waiting_list()
    return {
        "total": figure_from(found, link=visited, with_amount=False),
        "new": figure_from(found, link=first_visits, with_amount=False, prefix="new_"),
        "returning": figure_from(found, link=visited, with_amount=False, prefix="returning_"),
    }


def takings(reader: Reader) -> dict[str, Any]:
    """收款: payments of the day (count) and the money that came in net of refunds (cash, WeChat, Alipay, bank
    card, other — stored value, deposits and debt are not money in), as the day end counts it."""
    clock = reader.clock
    payments = restrict(Payment, reader.user, PAYMENTS).filter(clock.compared("created_at"))
    entries = PaymentEntry.objects.filter(payment__in=payments.values("pk"), mode_kind__in=MONEY_IN_KINDS)
    refund = Q(payment__kind=PaymentKind.REFUND)
    aggregates: dict[str, Any] = {}
    for key, day in compared_days(clock).items():
        on_day = clock.day("payment__created_at", day)
        aggregates[f"n_{key}"] = Count("payment_id", filter=on_day & ~refund, distinct=True)
        aggregates[f"sum_{key}"] = (
            Coalesce(Sum("amount", filter=on_day & ~refund), Value(ZERO), output_field=MONEY)
            - Coalesce(Sum("amount", filter=on_day & refund), Value(ZERO), output_field=MONEY))
    found = entries.order_by().aggregate(**aggregates)
    link = links.day_end(clock.today) if reader.has(DAY_END) else links.cashier_orders("paid")
    return figure_from(found, link=link, with_amount=True)


def deductions(reader: Reader) -> dict[str, Any]:
    """划扣: deductions done (reversed ones left out) and the value they consumed."""
    rows = restrict(Deduction, reader.user, DEDUCTIONS).filter(status=DeductionStatus.DONE)
    return trend(rows, "performed_at", reader.clock, link=links.treatments(reader.clock.today),
                 amount="value_amount")


def followups_done(reader: Reader) -> dict[str, Any]:
    """回访: tasks completed (a result recorded) on the day, by anyone in the department."""
    rows = restrict(FollowUpTask, reader.user, TASKS).filter(status=TaskStatus.DONE)
    return trend(rows, "closed_at", reader.clock, link=links.followups("done", everyone=True))
