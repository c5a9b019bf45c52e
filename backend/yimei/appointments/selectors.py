"""Reads of appointments with their joins: the calendar (a fixed number of queries whatever the day holds), the
re-check options of a customer, staff a user may see in the calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from yimei.accounts.authz import get_access
from yimei.accounts.models import OrgUnit, User
from yimei.appointments.choices import OPEN_STATUSES, AppointmentStatus, AppointmentType, ScheduleKind
from yimei.appointments.conflicts import MAX_LINE
from yimei.appointments.models import AppointmentLine, Resource, ScheduleEntry, ScheduleTemplate
from yimei.core.models import restrict
from yimei.core.personal import mask_phone
from yimei.customers.visits import local_date, local_day_start

VIEW, CHANGE = "appointments.appointment.view", "appointments.appointment.change"
MAX_CALENDAR_DAYS = 7
MAX_STAFF_COLUMNS = 200


def iso(moment: datetime) -> str:
    return timezone.localtime(moment, timezone.get_default_timezone()).isoformat()


def staff_in_reach(user: Any, code: str) -> QuerySet:
    """Staff ``user`` may see or book with ``code``: the units of its data scope (and themselves for "own")."""
    reach = get_access(user).reach(code)
    rows = User.objects.all()
    if reach is None:
        return rows.none()
    if reach.all:
        return rows
    condition = Q(org_unit_id__in=sorted(reach.unit_ids))
    if reach.own:
        condition |= Q(pk=user.pk)
    return rows.filter(condition)


def lines_between(user: Any, start: datetime, end: datetime) -> QuerySet:
    """Lines overlapping [start, end) that ``user`` may see."""
    return (restrict(AppointmentLine, user, VIEW)
            .filter(start__lt=end, end__gt=start, start__gt=start - MAX_LINE)
            .order_by("start", "id"))


# The calendar reads plain tuples, not model instances: a day of 800 lines with their booking, customer, staff
# and room would be 4,000 objects to build (most of the request's time).
EVENT_FIELDS = ("id", "start", "end", "item_name", "title", "staff_id", "staff__name", "resource_id", "resource__name",
                "appointment_id", "appointment__number", "appointment__type", "appointment__status",
                "appointment__customer_id", "appointment__customer__name", "appointment__customer__phone")
TYPE_LABELS = dict(AppointmentType.choices)
STATUS_LABELS = dict(AppointmentStatus.choices)


def calendar(user: Any, *, day: date, days: int = 1, group: str = "staff", org_unit: OrgUnit | None = None,
             staff_ids: list[int] | None = None, item: int | None = None, statuses: list[str] | None = None,
             now: datetime | None = None) -> dict[str, Any]:
    """The day or week view: columns (staff, or rooms and devices), events (one per line) and the staff's working
    hours. Three queries (lines, columns, schedules), however many bookings the days hold."""
    now = now or timezone.now()
    days = max(1, min(days, MAX_CALENDAR_DAYS))
    start, end = local_day_start(day), local_day_start(day + timedelta(days=days))
    lines = lines_between(user, start, end)
    if statuses:
        lines = lines.filter(appointment__status__in=statuses)
    else:
        lines = lines.exclude(appointment__status=AppointmentStatus.CANCELLED)
    if item:
        lines = lines.filter(item_id=item)
    if staff_ids:
        lines = lines.filter(staff_id__in=staff_ids)
    if org_unit is not None:
        unit_filter = (Q(staff__org_unit__path__startswith=org_unit.path) if group == "staff"
                       else Q(resource__org_unit__path__startswith=org_unit.path))
        lines = lines.filter(unit_filter)
    if group == "resource":
        lines = lines.filter(resource__isnull=False)
    rows = list(lines.values_list(*EVENT_FIELDS))
    can_change = get_access(user).has(CHANGE)
    zone = timezone.get_default_timezone()

    events = []
    for (pk, begins, ends, item_name, title, staff_id, staff_name, resource_id, resource_name, appointment_id,
         number, type_, status, customer_id, customer_name, phone) in rows:
        events.append({
            "id": pk, "appointment": appointment_id, "number": number,
            "customer": {"id": customer_id, "name": customer_name, "phone": mask_phone(phone)},
            "type": type_, "type_display": TYPE_LABELS.get(type_, type_),
            "status": status, "status_display": STATUS_LABELS.get(status, status),
            "start": begins.astimezone(zone).isoformat(), "end": ends.astimezone(zone).isoformat(),
            "resource_ids": [f"staff-{staff_id}", f"resource-{resource_id}"] if resource_id else [f"staff-{staff_id}"],
            "staff": {"id": staff_id, "name": staff_name},
            "resource": {"id": resource_id, "name": resource_name} if resource_id else None,
            "item_name": item_name, "title": title,
            "editable": can_change and status in OPEN_STATUSES and ends > now,
        })
    staff_on_lines = {row[5] for row in rows}

    schedules: list[dict[str, Any]] = []
    if group == "resource":
        found = restrict(Resource, user, VIEW).filter(Q(is_active=True) | Q(pk__in={row[7] for row in rows}))
        if org_unit is not None:
            found = found.filter(org_unit__path__startswith=org_unit.path)
        resources = [{"id": f"resource-{r.pk}", "title": r.name, "kind": r.kind, "org_unit": r.org_unit_id}
                     for r in found.order_by("-kind", "sort", "id")]
    else:
        people = staff_in_reach(user, VIEW)
        if staff_ids:
            people = people.filter(pk__in=staff_ids)
        else:
            scheduled = ScheduleEntry.objects.filter(staff_id=OuterRef("pk"), date__gte=day,
                                                     date__lt=day + timedelta(days=days), kind=ScheduleKind.WORK)
            templated = ScheduleTemplate.objects.filter(staff_id=OuterRef("pk"))
            people = people.filter((Exists(scheduled) | Exists(templated)) & Q(is_active=True)
                                   | Q(pk__in=staff_on_lines))
        if org_unit is not None:
            people = people.filter(org_unit__path__startswith=org_unit.path)
        columns = list(people.order_by("org_unit__path", "name", "id").values_list("id", "name", "org_unit_id")
                       [:MAX_STAFF_COLUMNS])
        resources = [{"id": f"staff-{pk}", "title": name, "kind": "staff", "org_unit": unit}
                     for pk, name, unit in columns]
        entries = (restrict(ScheduleEntry, user, VIEW)
                   .filter(staff_id__in=[c[0] for c in columns], date__gte=day, date__lt=day + timedelta(days=days))
                   .order_by("date", "staff_id", "start_time")
                   .values_list("staff_id", "date", "kind", "start_time", "end_time"))
        for staff_id, on, kind, start_time, end_time in entries:
            if kind == ScheduleKind.WORK:
                begins = datetime.combine(on, start_time, tzinfo=zone)
                ends = datetime.combine(on, end_time, tzinfo=zone)
            else:
                begins, ends = local_day_start(on), local_day_start(on + timedelta(days=1))
            schedules.append({"resource_id": f"staff-{staff_id}", "start": iso(begins), "end": iso(ends),
                              "kind": kind})
    return {"resources": resources, "events": events, "schedules": schedules}


def recheck_options(customer: Any, *, limit: int = 50) -> list[dict[str, Any]]:
    """The customer's past treatments (not reversed), newest first, with the staff who operated them: a re-check
    can name one of them (指定医生复查)."""
    from yimei.sales.choices import DeductionStatus
    from yimei.sales.models import Deduction, DeductionOperator

    rows = (Deduction.objects.filter(customer=customer, status=DeductionStatus.DONE)
            .only("id", "number", "item_id", "item_name", "performed_at")
            .prefetch_related(Prefetch("operators", queryset=DeductionOperator.objects.select_related("staff")
                                       .only("id", "deduction_id", "staff__id", "staff__name", "position_name")))
            .order_by("-performed_at", "-id")[:limit])
    return [{"deduction": row.pk, "number": row.number, "item": row.item_id, "item_name": row.item_name,
             "date": local_date(row.performed_at),
             "doctors": [{"id": op.staff.pk, "name": op.staff.name, "position": op.position_name}
                         for op in row.operators.all()]}
            for row in rows]
