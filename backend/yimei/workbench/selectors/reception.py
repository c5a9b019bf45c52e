"""前台: today's appointments by status with the next ones to arrive, today's arrivals (new and returning), and
the waiting list. Appointments are read with the appointments code, visits with the visits code."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from yimei.appointments.choices import OPEN_STATUSES, AppointmentStatus
from yimei.appointments.models import Appointment, AppointmentLine
from yimei.core.models import restrict
from yimei.customers.choices import OPEN_VISIT_STATUSES, VisitKind, VisitStatus
from yimei.customers.models import Visit
from yimei.workbench import links
from yimei.workbench.selectors.common import LIST_ROWS, Reader, count, customer_brief, staff_brief

APPOINTMENTS = "appointments.appointment.view"
VISITS = "customers.visit.view"
CUSTOMERS = "customers.customer.view"
# The view has something to show when the user holds one of these groups of codes (its figures' codes).
OPENED_BY = ((APPOINTMENTS,), (VISITS,))


def reception(reader: Reader) -> dict[str, Any]:
    return {
        "appointments": appointments_today(reader) if reader.has(APPOINTMENTS) else None,
        "arrivals": arrivals_today(reader) if reader.has(VISITS) else None,
        "waiting": waiting(reader) if reader.has(VISITS) else None,
    }


def appointments_today(reader: Reader) -> dict[str, Any]:
    """Bookings starting today by status (every status, zeros included), how many of the open ones are past their
    time (the customer is late), and the open ones in time order with their lines (two queries)."""
    clock = reader.clock
    today = restrict(Appointment, reader.user, APPOINTMENTS).filter(clock.today_q("starts_at"))
    found = today.order_by().aggregate(
        late=Count("pk", filter=Q(status__in=OPEN_STATUSES, starts_at__lt=clock.now)),
        **{status: Count("pk", filter=Q(status=status)) for status in AppointmentStatus.values})
    by_status = [{"status": status, "status_display": label,
                  **count(found[status], links.appointment_list(clock.today, status=status))}
                 for status, label in AppointmentStatus.choices]
    # 待到院: the open bookings in time order — the late ones first (someone should call them), then the next ones —
    # with their lines in one query (a prefetch would be a second one, skipped on a quiet day).
    upcoming = today.filter(status__in=OPEN_STATUSES).order_by("starts_at", "id")
    lines = (AppointmentLine.objects.filter(appointment_id__in=upcoming.values("pk")[:LIST_ROWS])
             .select_related("appointment", "appointment__customer", "staff")
             .only("appointment_id", "item_name", "title", "start", "sort", "staff__name", "appointment__number",
                   "appointment__type", "appointment__status", "appointment__starts_at", "appointment__ends_at",
                   "appointment__customer__name", "appointment__customer__phone")
             .order_by("appointment__starts_at", "appointment_id", "start", "sort", "id"))
    bookings: dict[int, dict[str, Any]] = {}
    for line in lines:
        a = line.appointment
        row = bookings.setdefault(a.pk, {
            "id": a.pk, "number": a.number, "type": a.type, "type_display": a.get_type_display(),
            "status": a.status, "status_display": a.get_status_display(), "starts_at": a.starts_at,
            "ends_at": a.ends_at, "is_late": a.starts_at < clock.now, "customer": customer_brief(a.customer),
            "staff": [], "items": [],
            "link": links.appointment(clock.today, a.pk)})
        if line.staff.name not in row["staff"]:
            row["staff"].append(line.staff.name)
        if line.item_name or line.title:
            row["items"].append(line.item_name or line.title)
    not_cancelled = sum(found[status] for status in AppointmentStatus.values if status != AppointmentStatus.CANCELLED)
    return {
        "total": count(not_cancelled, links.booked_appointments(clock.today)),
        # The list has today's open bookings, the late ones first (it has no "started before now" filter).
        "late": count(found["late"], links.appointment_list(clock.today, status=",".join(OPEN_STATUSES))),
        "by_status": by_status,
        "upcoming": list(bookings.values()),
    }


def arrivals_today(reader: Reader) -> dict[str, Any]:
    """Visits registered today (cancelled ones left out): first visits (初诊) and everyone else."""
    clock = reader.clock
    visits = restrict(Visit, reader.user, VISITS).filter(clock.today_q("arrived_at")).exclude(
        status=VisitStatus.CANCELLED)
    found = visits.order_by().aggregate(total=Count("pk"), new=Count("pk", filter=Q(kind=VisitKind.FIRST)))
    files = reader.has(CUSTOMERS)
    return {
        "total": count(found["total"], links.visited_customers(clock.today) if files else links.waiting_list()),
        "new": count(found["new"], links.visited_customers(clock.today, first_visit=True) if files
                     else links.waiting_list()),
        "returning": count(found["total"] - found["new"],
                           links.visited_customers(clock.today) if files else links.waiting_list()),
    }


def waiting(reader: Reader) -> dict[str, Any]:
    """Today's open visits by status, and the first in the queue (the waiting list's order: arrival)."""
    clock = reader.clock
    open_today = restrict(Visit, reader.user, VISITS).filter(clock.today_q("arrived_at"),
                                                              status__in=OPEN_VISIT_STATUSES)
    found = dict(open_today.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    rows = (open_today.select_related("customer", "consultant", "doctor")
            .only("pk", "customer_id", "status", "kind", "arrived_at", "triage_target", "customer__name",
                  "customer__phone", "consultant__name", "doctor__name")
            .order_by("arrived_at", "id")[:LIST_ROWS])
    link = links.waiting_list()
    files = reader.has(CUSTOMERS)
    return {
        "total": count(sum(found.values()), link),
        "by_status": [{"status": status, "status_display": VisitStatus(status).label,
                       **count(found.get(status, 0), link)} for status in OPEN_VISIT_STATUSES],
        "rows": [visit_row(v, clock, link=links.customer(v.customer_id) if files else link) for v in rows],
    }


def visit_row(visit: Visit, clock: Any, *, link: str) -> dict[str, Any]:
    waited = max(0, int((clock.now - visit.arrived_at).total_seconds() // 60))
    return {
        "id": visit.pk, "customer": customer_brief(visit.customer), "arrived_at": visit.arrived_at,
        "waited_minutes": waited, "status": visit.status, "status_display": visit.get_status_display(),
        "kind": visit.kind, "kind_display": visit.get_kind_display(),
        "triage_target": visit.triage_target, "triage_target_display": visit.get_triage_target_display(),
        "consultant": staff_brief(visit.consultant), "doctor": staff_brief(visit.doctor), "link": link,
    }
