"""Bookings (预约): create (for a customer or a new lead), edit, move a line, confirm, cancel, check in, complete,
and the no-show sweep. Each public function is one transaction with keyword-only arguments (DESIGN rule 1).

Lock order, everywhere: the Appointment row → the BookingLock rows (key order) → the day's number counter →
the Customer row (check-in). Creating a booking locks no appointment row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from yimei.appointments import conflicts, reminders
from yimei.appointments.choices import (
    OPEN_STATUSES,
    AppointmentSource,
    AppointmentStatus,
    AppointmentType,
)
from yimei.appointments.conflicts import Slot
from yimei.appointments.models import Appointment, AppointmentLine, AppointmentSettings, Resource
from yimei.core.errors import BusinessError
from yimei.core.models import restrict
from yimei.customers import visits
from yimei.customers.models import Customer
from yimei.customers.services import check_staff_in_scope, clean_phone, create_customer, describe, find_by_phone
from yimei.customers.timeline import record_event
from yimei.customers.visits import clean_text, ensure_open_file, local_date, local_day_start

ADD, CHANGE = "appointments.appointment.add", "appointments.appointment.change"
MAX_LINES = 10
MAX_AHEAD = timedelta(days=366)
# Clocks of the front desk and the server differ a little; a booking a few minutes "in the past" is a booking now.
CLOCK_SKEW = timedelta(minutes=5)
UNSET: Any = object()


def _error(field: str, message: str, code: str = "invalid") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


@dataclass
class Booking:
    """A saved booking and the warnings the clerk confirmed (or notes about the lead's file)."""

    appointment: Appointment
    warnings: list[str] = field(default_factory=list)


def _when(moment: datetime) -> str:
    local = conflicts.local(moment)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def _describe_lines(lines: list[AppointmentLine]) -> str:
    return "、".join(f"{line.item_name or line.title or '咨询'}（{line.staff.name}）"
                    for line in sorted(lines, key=lambda x: (x.start, x.sort)))


def _check_time(label: str, field_name: str, start: Any, end: Any, now: datetime) -> None:
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        raise _error(field_name, f"{label}请填写开始和结束时间。", "required")
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise _error(field_name, f"{label}的时间须带时区。")
    if end <= start:
        raise _error(field_name, f"{label}的结束时间须晚于开始时间。", "end_before_start")
    if end - start > conflicts.MAX_LINE:
        raise _error(field_name, f"{label}的时长不能超过 {int(conflicts.MAX_LINE.total_seconds() // 3600)} 小时。")
    if start < now - CLOCK_SKEW:
        raise _error(field_name, f"{label}的时间（{_when(start)}）已经过去，不能预约过去的时间。", "in_the_past")
    if start > now + MAX_AHEAD:
        raise _error(field_name, f"{label}的时间太远，最多预约一年以内。")


def _check_staff(operator: Any, staff: Any, *, label: str, field_name: str, code: str) -> None:
    if staff is None:
        raise _error(field_name, f"{label}请选择员工。", "required")
    if not staff.is_active:
        raise _error(field_name, f"员工“{staff.name}”已停用，不能预约。", "inactive_staff")
    check_staff_in_scope(operator, staff, field=field_name, code=code)


def _check_resource(resource: Resource | None, *, field_name: str) -> None:
    if resource is not None and not resource.is_active:
        raise _error(field_name, f"{resource.get_kind_display()}“{resource.name}”已停用，不能预约。",
                     "inactive_resource")


def _prepare_lines(*, operator: Any, customer: Customer | None, type: str, lines: list[dict[str, Any]],
                   now: datetime) -> list[tuple[AppointmentLine, Slot]]:
    """Check every line (nothing is saved) and build the rows and the slots they will hold."""
    if not lines:
        raise _error("lines", "请至少添加一项预约。", "required")
    if len(lines) > MAX_LINES:
        raise _error("lines", f"一次最多预约 {MAX_LINES} 项。")
    prepared = []
    for index, raw in enumerate(lines):
        label, field_name = f"第 {index + 1} 项", f"lines[{index}]"
        staff, item, resource = raw.get("staff"), raw.get("item"), raw.get("resource")
        _check_staff(operator, staff, label=label, field_name=field_name, code=ADD)
        start, end = raw.get("start"), raw.get("end")
        _check_time(label, field_name, start, end, now)
        title = clean_text(field_name, raw.get("title"), max_length=100, label=f"{label}的预约内容")
        if item is not None and not item.is_active:
            raise _error(field_name, f"项目“{item.name}”已停用，不能预约。", "inactive_item")
        _check_resource(resource, field_name=field_name)
        recheck_of, recheck_doctor = raw.get("recheck_of"), None
        if recheck_of is not None:
            recheck_doctor, item = _check_recheck(recheck_of, customer=customer, type=type, staff=staff, item=item,
                                                  label=label, field_name=field_name)
        if item is None and not title:
            raise _error(field_name, f"{label}请选择项目或填写预约内容。", "required")
        row = AppointmentLine(item=item, item_name=item.name if item is not None else "", title=title, staff=staff,
                              resource=resource, start=start, end=end, recheck_of=recheck_of,
                              recheck_doctor=recheck_doctor, sort=index)
        prepared.append((row, Slot(staff, resource, start, end, label)))
    conflicts.check_within_booking([slot for _, slot in prepared])
    return prepared


def _check_recheck(deduction: Any, *, customer: Customer | None, type: str, staff: Any, item: Any, label: str,
                   field_name: str) -> tuple[Any, Any]:
    """指定医生复查: the treatment must be this customer's and not reversed; the re-check doctor is the booked staff
    member when they operated it, else its first operator. Returns (recheck doctor, item)."""
    from yimei.sales.choices import DeductionStatus

    if type != AppointmentType.RECHECK:
        raise _error(field_name, f"{label}关联了原治疗，预约类型须为复查。")
    if customer is None or deduction.customer_id != customer.pk:
        raise _error(field_name, f"{label}所选的原治疗不是该客户的。")
    if deduction.status != DeductionStatus.DONE:
        raise _error(field_name, f"{label}所选的原治疗（{deduction.number}）已冲正，不能作为复查依据。")
    operators = [op.staff for op in deduction.operators.select_related("staff").order_by("id")]
    doctor = next((s for s in operators if s.pk == staff.pk), operators[0] if operators else None)
    if item is None and deduction.item_id is not None and deduction.item.is_active:
        item = deduction.item
    return doctor, item


def _customer_for_lead(*, operator: Any, lead: dict[str, Any]) -> tuple[Customer, list[str]]:
    """A new lead (name + phone) becomes a customer; a phone that already has a file books that file when the name
    matches, and is refused with the file named when it does not (never a second file for one phone)."""
    name = clean_text("lead.name", (lead or {}).get("name"), max_length=32, label="客户姓名", required=True)
    try:
        phone = clean_phone((lead or {}).get("phone") or "")
    except BusinessError as error:
        raise _error("lead.phone", error.message, error.code) from None
    existing = find_by_phone(phone)
    if existing is not None:
        reachable = restrict(Customer, operator, "customers.customer.view").filter(pk=existing.pk).exists()
        if existing.name == name and reachable:
            ensure_open_file(existing, doing="预约")
            return existing, [f"手机号已有客户档案：{describe(existing)}，预约记在该档案下，未新建档案。"]
        hint = "请直接选择该客户预约。" if reachable else "该客户不在您的数据权限范围内，请联系其咨询师预约。"
        message = f"该手机号已有客户档案：{describe(existing)}。{hint}"
        raise BusinessError(message, code="duplicate_phone", status_code=409,
                            fields={"lead.phone": [message], "existing_customer": [str(existing.pk)]})
    online = None
    if operator is not None and operator.positions.filter(code="online_consultant").exists():
        online = operator  # a lead an online consultant brings is theirs
    customer = create_customer(operator=operator, name=name, phone=phone, online_consultant=online)
    return customer, []


def _clean_choice(field_name: str, value: str | None, choices: Any, label: str, *, required: bool) -> str:
    value = value or ""
    if not value and not required:
        return ""
    if value not in choices.values:
        raise _error(field_name, f"请选择{label}。", "required" if not value else "invalid")
    return value


# --- create and edit -----------------------------------------------------------------------------------


@transaction.atomic
def create_appointment(*, operator: Any, type: str, lines: list[dict[str, Any]], customer: Customer | None = None,
                       lead: dict[str, Any] | None = None, source: str = "", note: str = "",
                       confirm_warnings: bool = False, now: datetime | None = None) -> Booking:
    """Book one or more lines for a customer (or a new lead). Lines: ``{"item", "title", "staff", "resource",
    "start", "end", "recheck_of"}`` with model instances and aware datetimes."""
    now = now or timezone.now()
    type = _clean_choice("type", type, AppointmentType, "预约类型", required=True)
    source = _clean_choice("source", source, AppointmentSource, "预约来源", required=False)
    note = clean_text("note", note, max_length=500, label="备注")
    if customer is None and not lead:
        raise _error("customer", "请选择客户，或填写新客户的姓名和手机号。", "required")
    if customer is not None and lead:
        raise _error("lead", "请选择已有客户或填写新客户，二选一。")
    if customer is not None:
        ensure_open_file(customer, doing="预约")
    prepared = _prepare_lines(operator=operator, customer=customer, type=type, lines=lines, now=now)
    notes: list[str] = []
    if customer is None:
        customer, notes = _customer_for_lead(operator=operator, lead=lead or {})
    settings = AppointmentSettings.current()
    slots = [slot for _, slot in prepared]
    conflicts.lock(slots)
    warnings = conflicts.check(slots, confirm_warnings=confirm_warnings, settings=settings, operator=operator)

    from yimei.sales.ledgers import next_number

    rows = [row for row, _ in prepared]
    appointment = Appointment.objects.create(
        number=next_number("YY"), customer=customer, type=type, source=source, note=note,
        starts_at=min(r.start for r in rows), ends_at=max(r.end for r in rows),
        org_unit_id=customer.org_unit_id or getattr(operator, "org_unit_id", None), created_by=operator)
    for row in rows:
        row.appointment = appointment
    AppointmentLine.objects.bulk_create(rows)
    record_event(customer, type="appointment.created", actor=operator, source=appointment,
                 summary=f"预约 {reminders.when_text(appointment.starts_at)}：{_describe_lines(rows)}",
                 data={"appointment": appointment.pk, "number": appointment.number, "type": type})
    reminders.on_booked(appointment, rows, operator=operator, settings=settings, now=now)
    return Booking(appointment, notes + warnings)


def _lock(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().select_related("customer").get(pk=appointment.pk)


def _ensure_status(appointment: Appointment, allowed: tuple[str, ...], doing: str) -> None:
    if appointment.status not in allowed:
        raise BusinessError(f"该预约{appointment.get_status_display()}，不能{doing}。", code="appointment_closed")


@transaction.atomic
def update_appointment(appointment: Appointment, *, operator: Any, type: str | None = None,
                       source: str | None = None, note: str | None = None) -> Appointment:
    """Edit the type, source and note (``None`` leaves a field as it is)."""
    appointment = _lock(appointment)
    _ensure_status(appointment, (*OPEN_STATUSES, AppointmentStatus.ARRIVED), "修改")
    fields = []
    if type is not None:
        appointment.type = _clean_choice("type", type, AppointmentType, "预约类型", required=True)
        fields.append("type")
    if source is not None:
        appointment.source = _clean_choice("source", source, AppointmentSource, "预约来源", required=False)
        fields.append("source")
    if note is not None:
        appointment.note = clean_text("note", note, max_length=500, label="备注")
        fields.append("note")
    if fields:
        appointment.save(update_fields=[*fields, "updated_at"])
    return appointment


@transaction.atomic
def move_line(appointment: Appointment, *, operator: Any, line_id: int, start: datetime, end: datetime,
              staff: Any = UNSET, resource: Any = UNSET, confirm_warnings: bool = False,
              now: datetime | None = None) -> Booking:
    """Move (or resize, or hand to another staff member / room) one line, with the same checks as booking; the
    booking's pending reminders follow the new time."""
    now = now or timezone.now()
    appointment = _lock(appointment)
    _ensure_status(appointment, OPEN_STATUSES, "改期")
    lines = list(appointment.lines.select_related("staff", "resource", "item").order_by("sort", "id"))
    line = next((row for row in lines if row.pk == line_id), None)
    if line is None:
        raise _error("line", "该预约没有这一项。", "not_found")
    new_staff = line.staff if staff is UNSET else staff
    new_resource = line.resource if resource is UNSET else resource
    label = f"第 {lines.index(line) + 1} 项"
    if new_staff is None or new_staff.pk != line.staff_id:
        _check_staff(operator, new_staff, label=label, field_name="staff", code=CHANGE)
    if new_resource is not None and new_resource.pk != line.resource_id:
        _check_resource(new_resource, field_name="resource")
    _check_time(label, "start", start, end, now)
    if (start, end, new_staff.pk, getattr(new_resource, "pk", None)) == (line.start, line.end, line.staff_id,
                                                                          line.resource_id):
        return Booking(appointment)
    moved = Slot(new_staff, new_resource, start, end, label)
    others = [Slot(row.staff, row.resource, row.start, row.end, f"第 {i + 1} 项")
              for i, row in enumerate(lines) if row.pk != line.pk]
    conflicts.check_within_booking([moved, *others])
    settings = AppointmentSettings.current()
    conflicts.lock([moved])
    warnings = conflicts.check([moved], confirm_warnings=confirm_warnings, exclude_appointment=appointment.pk,
                               settings=settings, operator=operator)

    before = f"{_when(line.start)}（{line.staff.name}）"
    line.start, line.end, line.staff, line.resource = start, end, new_staff, new_resource
    line.save(update_fields=["start", "end", "staff", "resource"])
    old_start = appointment.starts_at
    appointment.starts_at = min(row.start for row in lines)
    appointment.ends_at = max(row.end for row in lines)
    appointment.save(update_fields=["starts_at", "ends_at", "updated_at"])
    what = line.item_name or line.title or "咨询"
    record_event(appointment.customer, type="appointment.moved", actor=operator, source=appointment,
                 summary=f"预约改期：{what} {before} → {_when(start)}（{new_staff.name}）",
                 data={"appointment": appointment.pk, "line": line.pk})
    reminders.on_moved(appointment, lines, operator=operator, settings=settings,
                       start_changed=appointment.starts_at != old_start, now=now)
    return Booking(appointment, warnings)


# --- status ------------------------------------------------------------------------------------------------


@transaction.atomic
def confirm(appointment: Appointment, *, operator: Any) -> Appointment:
    """待确认 → 已确认 (the customer confirmed by phone). Confirming again changes nothing."""
    appointment = _lock(appointment)
    if appointment.status == AppointmentStatus.CONFIRMED:
        return appointment
    _ensure_status(appointment, (AppointmentStatus.PENDING,), "确认")
    appointment.status = AppointmentStatus.CONFIRMED
    appointment.confirmed_at = timezone.now()
    appointment.save(update_fields=["status", "confirmed_at", "updated_at"])
    return appointment


@transaction.atomic
def cancel(appointment: Appointment, *, operator: Any, reason: str, notify: bool = True) -> Appointment:
    """已取消 with a reason: the lines release their time, pending reminders are withdrawn and (when asked and
    enabled) the customer is told."""
    reason = clean_text("reason", reason, max_length=200, label="取消原因", required=True)
    appointment = _lock(appointment)
    _ensure_status(appointment, OPEN_STATUSES, "取消")
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancelled_at, appointment.cancelled_by, appointment.cancel_reason = timezone.now(), operator, reason
    appointment.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "updated_at"])
    lines = list(appointment.lines.select_related("staff"))
    appointment.lines.update(active=False)
    record_event(appointment.customer, type="appointment.cancelled", actor=operator, source=appointment,
                 summary=f"取消预约 {reminders.when_text(appointment.starts_at)}：{reason}",
                 data={"appointment": appointment.pk, "reason": reason})
    reminders.on_cancelled(appointment, lines, operator=operator, notify_customer=notify,
                           settings=AppointmentSettings.current(), reason=reason)
    return appointment


@transaction.atomic
def check_in(appointment: Appointment, *, operator: Any, now: datetime | None = None) -> Appointment:
    """到院: registers the visit in the customer file (it joins the waiting list) and marks the booking 已到院.
    Only on the booking's day; a second check-in is refused."""
    now = now or timezone.now()
    appointment = _lock(appointment)
    if appointment.status == AppointmentStatus.ARRIVED:
        arrived = _when(appointment.arrived_at) if appointment.arrived_at else ""
        raise BusinessError(f"该预约已于 {arrived} 登记到院，不能重复登记。", code="already_arrived")
    _ensure_status(appointment, OPEN_STATUSES, "登记到院")
    day = local_date(appointment.starts_at)
    if day != local_date(now):
        raise BusinessError(f"只能在预约当天登记到院（预约日期 {day.month}月{day.day}日）。", code="not_today")
    lines = list(appointment.lines.select_related("staff"))
    purpose = f"预约{appointment.get_type_display()}：" + "、".join(
        dict.fromkeys(line.item_name or line.title or "咨询" for line in lines))
    visit = visits.check_in(appointment.customer, operator=operator, arrived_at=now, purpose=purpose[:200],
                            appointment_id=appointment.pk)
    appointment.status = AppointmentStatus.ARRIVED
    appointment.arrived_at, appointment.visit = now, visit
    appointment.save(update_fields=["status", "arrived_at", "visit", "updated_at"])
    record_event(appointment.customer, type="appointment.arrived", actor=operator, source=appointment,
                 occurred_at=now, summary=f"按预约到院（{appointment.number}）",
                 data={"appointment": appointment.pk, "visit": visit.pk})
    reminders.withdraw(appointment, reason="客户已到院", operator=operator)
    return appointment


def arrival_cancelled(visit_id: int, *, operator: Any = None) -> Appointment | None:
    """The visit a check-in registered was cancelled (registered by mistake, or the customer left before being
    seen): its booking goes back to waiting for the customer — 已确认 if it was confirmed, else 待确认 — with its
    time still held; the no-show sweep takes it after its day if nobody comes. Runs inside the cancelling
    transaction."""
    appointment = (Appointment.objects.select_for_update().filter(visit_id=visit_id, status=AppointmentStatus.ARRIVED)
                   .first())
    if appointment is None:
        return None
    appointment.status = AppointmentStatus.CONFIRMED if appointment.confirmed_at else AppointmentStatus.PENDING
    appointment.arrived_at, appointment.visit = None, None
    appointment.save(update_fields=["status", "arrived_at", "visit", "updated_at"])
    record_event(appointment.customer_id, type="appointment.arrival_cancelled", actor=operator, source=appointment,
                 summary=f"到院登记已取消，预约（{appointment.number}）恢复为{appointment.get_status_display()}",
                 data={"appointment": appointment.pk, "visit": visit_id})
    return appointment


@transaction.atomic
def complete(appointment: Appointment, *, operator: Any) -> Appointment:
    """已到院 → 已完成."""
    appointment = _lock(appointment)
    _ensure_status(appointment, (AppointmentStatus.ARRIVED,), "标记完成")
    appointment.status = AppointmentStatus.COMPLETED
    appointment.completed_at = timezone.now()
    appointment.save(update_fields=["status", "completed_at", "updated_at"])
    return appointment


def _miss(row: Appointment, *, reason: str, operator: Any = None) -> None:
    """爽约 for a locked booking still 待确认/已确认: its lines release their time, pending reminders are withdrawn,
    and the timeline's ``appointment.no_show`` (which the follow-up engine answers with the 预约未到访 task)."""
    row.status = AppointmentStatus.NO_SHOW
    row.save(update_fields=["status", "updated_at"])
    row.lines.update(active=False)
    record_event(row.customer_id, type="appointment.no_show", source=row, actor=operator,
                 summary=f"爽约：{reminders.when_text(row.starts_at)} 的预约未到院（{row.number}）",
                 data={"appointment": row.pk})
    reminders.withdraw(row, reason=reason, operator=operator)


@transaction.atomic
def mark_no_show(appointment: Appointment, *, operator: Any, now: datetime | None = None) -> Appointment:
    """爽约 marked by the front desk: the customer said they won't come, or the time has passed without them —
    once the booking's time has begun (the nightly sweep marks what is left)."""
    now = now or timezone.now()
    appointment = _lock(appointment)
    _ensure_status(appointment, OPEN_STATUSES, "标记爽约")
    if appointment.starts_at > now:
        raise BusinessError(f"预约时间（{_when(appointment.starts_at)}）还没到，不能标记爽约；客户不来请取消预约。",
                            code="not_started")
    _miss(appointment, reason="前台标记爽约", operator=operator)
    return appointment


def mark_no_shows(now: datetime | None = None, *, batch: int = 500) -> int:
    """爽约: bookings of earlier days that are still 待确认/已确认. Each in its own short transaction, skipping rows
    another worker holds, so two runners at once mark each booking once. Returns how many were marked."""
    now = now or timezone.now()
    cutoff = local_day_start(local_date(now))
    marked = 0
    while True:
        ids = list(Appointment.objects.filter(status__in=OPEN_STATUSES, starts_at__lt=cutoff)
                   .order_by("starts_at", "id").values_list("pk", flat=True)[:batch])
        progressed = 0
        for pk in ids:
            with transaction.atomic():
                row = (Appointment.objects.select_for_update(skip_locked=True)
                       .filter(pk=pk, status__in=OPEN_STATUSES).first())
                if row is None:
                    continue
                _miss(row, reason="预约日已过，客户未到院（爽约）")
                progressed += 1
        marked += progressed
        if len(ids) < batch or progressed == 0:
            return marked
