"""医护 (doctors and nurses): my treatments today — the booking lines where I am the staff member, and the
deductions I operated — the customers in the clinic for treatment who still have sessions to deduct, and recent
deductions of mine without the customer's signature."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum

from yimei.appointments.choices import RELEASED_STATUSES
from yimei.appointments.models import AppointmentLine
from yimei.core.models import restrict
from yimei.customers.choices import OPEN_VISIT_STATUSES, TriageTarget, VisitStatus
from yimei.customers.models import Visit
from yimei.sales.choices import DeductionStatus, EntitlementStatus
from yimei.sales.models import Deduction, DeductionOperator, Entitlement
from yimei.workbench import links
from yimei.workbench.selectors.common import LIST_ROWS, Reader, count, customer_brief, local_start
from yimei.workbench.selectors.reception import visit_row

APPOINTMENTS = "appointments.appointment.view"
VISITS = "customers.visit.view"
DEDUCTIONS = "sales.deduction.view"
DEDUCT = "sales.deduction.add"
# How far back "deductions without a signature" looks: the ones still worth chasing with the customer.
UNSIGNED_DAYS = 30
# The view has something to show when the user holds one of these groups of codes (its figures' codes).
OPENED_BY = ((APPOINTMENTS,), (DEDUCTIONS,), (DEDUCT, VISITS))


def clinician(reader: Reader) -> dict[str, Any]:
    return {
        "treatments": my_treatments(reader) if reader.has(APPOINTMENTS) else None,
        "deductions": my_deductions(reader) if reader.has(DEDUCTIONS) else None,
        "pending_deductions": pending_deductions(reader) if reader.has(DEDUCT, VISITS) else None,
        "unsigned": unsigned(reader) if reader.has(DEDUCTIONS) else None,
    }


def my_treatments(reader: Reader) -> dict[str, Any]:
    """Booking lines of today where I am the staff member (cancelled and missed bookings left out), in time order."""
    clock, user = reader.clock, reader.user
    lines = (restrict(AppointmentLine, user, APPOINTMENTS)
             .filter(clock.today_q("start"), staff_id=user.pk)
             .exclude(appointment__status__in=RELEASED_STATUSES))
    total = lines.order_by().count()
    rows = (lines.select_related("appointment", "appointment__customer", "resource")
            .only("pk", "start", "end", "item_name", "title", "appointment__id", "appointment__number",
                  "appointment__type", "appointment__status", "appointment__customer__name",
                  "appointment__customer__phone", "resource__name")
            .order_by("start", "id")[:LIST_ROWS])
    return {
        "total": count(total, links.calendar(clock.today)),
        "rows": [{
            "id": line.pk, "appointment": line.appointment_id, "number": line.appointment.number,
            "start": line.start, "end": line.end, "subject": line.item_name or line.title,
            "type": line.appointment.type, "type_display": line.appointment.get_type_display(),
            "status": line.appointment.status, "status_display": line.appointment.get_status_display(),
            "customer": customer_brief(line.appointment.customer),
            "resource": line.resource.name if line.resource_id else "",
            "link": links.appointment(clock.today, line.appointment_id),
        } for line in rows],
    }


def my_deductions(reader: Reader) -> dict[str, Any]:
    """Deductions done today in which I was an operator: how many, and how many sessions."""
    clock, user = reader.clock, reader.user
    found = (restrict(Deduction, user, DEDUCTIONS)
             .filter(clock.today_q("performed_at"), status=DeductionStatus.DONE)
             .filter(Exists(DeductionOperator.objects.filter(deduction_id=OuterRef("pk"), staff_id=user.pk)))
             .order_by().aggregate(n=Count("pk"), sessions=Sum("quantity")))
    return {**count(found["n"], links.treatments(clock.today)), "sessions": found["sessions"] or 0}


def pending_deductions(reader: Reader) -> dict[str, Any]:
    """待划扣: customers in the clinic today for treatment (triaged to treatment, or being treated) who own
    sessions they can use and have no deduction on this visit yet."""
    clock, user = reader.clock, reader.user
    sessions = restrict(Entitlement, user, DEDUCT).filter(
        customer_id=OuterRef("customer_id"), status=EntitlementStatus.ACTIVE, sessions_remaining__gt=0)
    deducted = Deduction.objects.filter(visit_id=OuterRef("pk"), status=DeductionStatus.DONE)
    visits = (restrict(Visit, user, VISITS)
              .filter(clock.today_q("arrived_at"), status__in=OPEN_VISIT_STATUSES)
              .filter(Q(triage_target=TriageTarget.TREATMENT) | Q(status=VisitStatus.TREATING))
              .filter(Exists(sessions)).exclude(Exists(deducted)))
    total = visits.order_by().count()
    rows = (visits.select_related("customer", "consultant", "doctor")
            .only("pk", "customer_id", "status", "kind", "arrived_at", "triage_target", "customer__name",
                  "customer__phone", "consultant__name", "doctor__name")
            .order_by("arrived_at", "id")[:LIST_ROWS])
    return {"total": count(total, links.treatments(clock.today)),
            "rows": [visit_row(v, clock, link=links.deduct(v.customer_id, v.pk)) for v in rows]}


def unsigned(reader: Reader) -> dict[str, Any]:
    """Deductions of the last 30 days that I registered or operated and that have no signature on file (history
    imported from paper, say): the customer should still sign."""
    clock, user = reader.clock, reader.user
    since = local_start(clock.today - timedelta(days=UNSIGNED_DAYS - 1))
    mine = Q(created_by_id=user.pk) | Exists(DeductionOperator.objects.filter(deduction_id=OuterRef("pk"),
                                                                              staff_id=user.pk))
    n = (restrict(Deduction, user, DEDUCTIONS)
         .filter(performed_at__gte=since, status=DeductionStatus.DONE)
         .filter(signature="").filter(mine).order_by().count())
    return count(n, links.treatments(clock.today))
