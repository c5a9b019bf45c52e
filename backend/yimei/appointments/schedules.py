"""Staff schedules (排班): setting days in bulk, weekly templates, and applying templates over a date range with
China's public holidays off and make-up working days (调休) worked. Each public function is one transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from yimei.appointments import holidays
from yimei.appointments.choices import ScheduleKind
from yimei.appointments.models import ScheduleEntry, ScheduleTemplate, ShiftType
from yimei.core.errors import BusinessError
from yimei.customers.services import check_staff_in_scope

CHANGE = "appointments.schedule.change"
MAX_BULK_DAYS = 62
MAX_BULK_STAFF = 100
MAX_APPLY_DAYS = 92


def _error(field: str, message: str, code: str = "invalid") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


def _check_staff(operator: Any, staff: Iterable[Any]) -> list[Any]:
    rows = list({s.pk: s for s in staff}.values())
    for person in rows:
        check_staff_in_scope(operator, person, field="staff", code=CHANGE)
    return rows


@transaction.atomic
def set_days(*, operator: Any, staff: list[Any], dates: list[date], kind: str, shift_type: ShiftType | None = None,
             start: time | None = None, end: time | None = None, note: str = "") -> list[ScheduleEntry]:
    """Replace the chosen staff's schedule on the chosen days with one entry each (work, off or leave)."""
    if not staff:
        raise _error("staff", "请选择员工。", "required")
    if not dates:
        raise _error("dates", "请选择日期。", "required")
    dates = sorted(set(dates))
    if len(dates) > MAX_BULK_DAYS:
        raise _error("dates", f"一次最多排 {MAX_BULK_DAYS} 天。")
    if len(staff) > MAX_BULK_STAFF:
        raise _error("staff", f"一次最多排 {MAX_BULK_STAFF} 位员工。")
    if kind not in ScheduleKind.values:
        raise _error("kind", "请选择上班、休息或请假。")
    if kind == ScheduleKind.WORK:
        start = start or (shift_type.start_time if shift_type else None)
        end = end or (shift_type.end_time if shift_type else None)
        if start is None or end is None:
            raise _error("shift_type", "上班须选择班次，或填写开始和结束时间。", "required")
        if end <= start:
            raise _error("end", "结束时间须晚于开始时间。")
    else:
        shift_type, start, end = None, None, None
    people = _check_staff(operator, staff)
    ScheduleEntry.objects.filter(staff__in=people, date__in=dates).delete()
    entries = [ScheduleEntry(staff=person, date=day, kind=kind, shift_type=shift_type, start_time=start,
                             end_time=end, note=(note or "").strip()[:100], created_by=operator)
               for person in people for day in dates]
    # One by one, so the change log has a row per entry (bulk_create skips the signals it listens to).
    for entry in entries:
        entry.save()
    return entries


@transaction.atomic
def delete_entry(entry: ScheduleEntry, *, operator: Any) -> None:
    check_staff_in_scope(operator, entry.staff, field="staff", code=CHANGE)
    entry.delete()


@transaction.atomic
def add_template(*, operator: Any, staff: Any, weekday: int, shift_type: ShiftType) -> ScheduleTemplate:
    check_staff_in_scope(operator, staff, field="staff", code=CHANGE)
    if not 0 <= weekday <= 6:
        raise _error("weekday", "星期须为 0（周一）到 6（周日）。")
    try:
        with transaction.atomic():
            return ScheduleTemplate.objects.create(staff=staff, weekday=weekday, shift_type=shift_type)
    except IntegrityError:
        raise _error("shift_type", f"{staff.name}在这一天已有班次“{shift_type.name}”。", "duplicate") from None


@dataclass
class ApplyResult:
    created: int = 0
    kept_days: int = 0  # staff-days that already had entries and were left as they were
    skipped_holidays: list[date] = field(default_factory=list)
    make_up_days: list[date] = field(default_factory=list)
    unknown_years: list[int] = field(default_factory=list)


def _template_weekday(day: holidays.Day) -> int:
    """Which weekday's template a day follows: its own, except that a make-up Saturday works like a Friday and a
    make-up Sunday like a Monday (the working days next to it)."""
    if day.kind == holidays.MAKE_UP:
        return 4 if day.date.weekday() == 5 else 0
    return day.date.weekday()


@transaction.atomic
def apply_templates(*, operator: Any, date_from: date, date_to: date, staff: list[Any] | None = None
                    ) -> ApplyResult:
    """Write the weekly templates onto the days from ``date_from`` to ``date_to``: public holidays off, make-up
    working days worked (a weekend staff template still applies on a make-up weekend day), days that already
    have entries kept as they are (hand-made changes and leave survive a re-apply)."""
    if date_to < date_from:
        raise _error("date_to", "结束日期不能早于开始日期。")
    if (date_to - date_from).days + 1 > MAX_APPLY_DAYS:
        raise _error("date_to", f"一次最多应用 {MAX_APPLY_DAYS} 天。")
    templates = ScheduleTemplate.objects.select_related("staff", "shift_type").filter(staff__is_active=True)
    if staff is not None:
        if not staff:
            raise _error("staff", "请选择员工。", "required")
        templates = templates.filter(staff__in=_check_staff(operator, staff))
    by_staff: dict[int, dict[int, list[ShiftType]]] = defaultdict(lambda: defaultdict(list))
    people: dict[int, Any] = {}
    for template in templates:
        people[template.staff_id] = template.staff
        by_staff[template.staff_id][template.weekday].append(template.shift_type)
    for person in people.values():
        check_staff_in_scope(operator, person, field="staff", code=CHANGE)

    result = ApplyResult()
    days = [holidays.day_of(date_from + timedelta(days=n)) for n in range((date_to - date_from).days + 1)]
    result.skipped_holidays = [d.date for d in days if d.kind == holidays.HOLIDAY]
    result.make_up_days = [d.date for d in days if d.kind == holidays.MAKE_UP]
    result.unknown_years = sorted({d.date.year for d in days if d.kind == holidays.UNKNOWN})
    existing = set(ScheduleEntry.objects.filter(staff_id__in=list(people), date__gte=date_from, date__lte=date_to)
                   .values_list("staff_id", "date").distinct())
    for day in days:
        if day.kind == holidays.HOLIDAY:
            continue
        for staff_id, weeks in by_staff.items():
            shifts = weeks.get(day.date.weekday()) if day.kind == holidays.MAKE_UP else None
            shifts = shifts or weeks.get(_template_weekday(day))
            if not shifts:
                continue
            if (staff_id, day.date) in existing:
                result.kept_days += 1
                continue
            for shift in shifts:
                ScheduleEntry(staff=people[staff_id], date=day.date, kind=ScheduleKind.WORK, shift_type=shift,
                              start_time=shift.start_time, end_time=shift.end_time,
                              note=f"调休上班（{day.name}）" if day.kind == holidays.MAKE_UP else "",
                              created_by=operator).save()
                result.created += 1
    return result
