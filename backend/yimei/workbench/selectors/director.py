"""科室概况 (head of department): today's figures of the department against yesterday and the same weekday last
week — appointments, consultations, arrivals (new and returning), the cashier's takings, deductions, follow-ups
done. Per figure one query of today's rows, and one of the two earlier days kept in the cache for ten minutes
(``common.per_day``); each module's rows through ``restrict()`` with its own code, so "the department" is the
director's data scope there.
"""

from __future__ import annotations

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
from yimei.sales.models import Deduction, Payment
from yimei.workbench import links
from yimei.workbench.selectors.common import DAY_KEYS, Reader, figure_from, per_day, scope_key, trend

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
    return trend(rows, "starts_at", reader.clock, link=links.booked_appointments(reader.clock.today),
                 cache_key=f"appointments:{scope_key(reader.user, APPOINTMENTS)}")


def consultations(reader: Reader) -> dict[str, Any]:
    clock = reader.clock
    rows = restrict(Consultation, reader.user, CONSULTATIONS)
    link = links.visited_customers(clock.today) if reader.has(CUSTOMERS) else links.waiting_list()
    return trend(rows, "consulted_at", clock, link=link,
                 cache_key=f"consultations:{scope_key(reader.user, CONSULTATIONS)}")


def arrivals_compared(reader: Reader) -> dict[str, dict[str, Any]]:
    """Visits of the day (cancelled ones left out), first visits (初诊) and returning customers, in one query."""
    clock = reader.clock
    visits = restrict(Visit, reader.user, VISITS).exclude(status=VisitStatus.CANCELLED)
    first = Q(kind=VisitKind.FIRST)

    def build(key: str, on_day: Q) -> dict[str, Any]:
        return {f"n_{key}": Count("pk", filter=on_day), f"new_n_{key}": Count("pk", filter=on_day & first)}

    found = per_day(visits, "arrived_at", clock, build, cache_key=f"arrivals:{scope_key(reader.user, VISITS)}")
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
    """收款: the day's payments (refunds left out) and the money that came in net of refunds (cash, WeChat, Alipay,
    bank card, other — stored value, deposits and debt are not money in), as the day end counts it: the payments
    from their time index, then the sums over their entries (counting payments through the join would need a
    DISTINCT per day)."""
    clock, scope = reader.clock, scope_key(reader.user, PAYMENTS)
    payments = restrict(Payment, reader.user, PAYMENTS)
    refund = Q(kind=PaymentKind.REFUND)

    def count(key: str, on_day: Q) -> dict[str, Any]:
        return {f"n_{key}": Count("pk", filter=on_day & ~refund)}

    def money(key: str, on_day: Q) -> dict[str, Any]:
        return {f"sum_{key}": Coalesce(Sum("entries__amount", filter=on_day & ~refund), Value(ZERO), output_field=MONEY)
                - Coalesce(Sum("entries__amount", filter=on_day & refund), Value(ZERO), output_field=MONEY)}

    found = per_day(payments, "created_at", clock, count, cache_key=f"payments:{scope}")
    found.update(per_day(payments.filter(entries__mode_kind__in=MONEY_IN_KINDS), "created_at", clock, money,
                         cache_key=f"takings:{scope}"))
    link = links.day_end(clock.today) if reader.has(DAY_END) else links.cashier_orders("paid")
    return figure_from(found, link=link, with_amount=True)


def deductions(reader: Reader) -> dict[str, Any]:
    """划扣: deductions done (reversed ones left out) and the value they consumed."""
    rows = restrict(Deduction, reader.user, DEDUCTIONS).filter(status=DeductionStatus.DONE)
    return trend(rows, "performed_at", reader.clock, link=links.treatments(reader.clock.today),
                 amount="value_amount", cache_key=f"deductions:{scope_key(reader.user, DEDUCTIONS)}")


def followups_done(reader: Reader) -> dict[str, Any]:
    """回访: tasks completed (a result recorded) on the day, by anyone in the department."""
    rows = restrict(FollowUpTask, reader.user, TASKS).filter(status=TaskStatus.DONE)
    return trend(rows, "closed_at", reader.clock, link=links.followups("done", everyone=True),
                 cache_key=f"followups:{scope_key(reader.user, TASKS)}")
