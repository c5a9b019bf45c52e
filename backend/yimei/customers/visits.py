"""Visits and triage (到访/分诊): check-in, the waiting list, triage, leaving and cancelling.

Each public function is one transaction with keyword-only arguments (DESIGN rule 1). Functions that change a
customer's figures (visit count, first and last visit dates, the owning consultant) lock the customer row
first and the visit row second, always in that order.

Visit kinds (DOMAIN: the customer journey) are worked out at check-in from the customer's history:
no earlier visit → 初诊; earlier visits but never bought → 复诊; bought before → 复查. ``mark_deal`` (called
by the sales module when a visit produces a paid order) turns a 复查 visit into 再消费.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from yimei.core.errors import BusinessError
from yimei.customers.choices import OPEN_VISIT_STATUSES, TriageTarget, VisitKind, VisitStatus
from yimei.customers.models import Customer, Visit
from yimei.customers.services import _ensure_not_merged, _field_error, assign_owning_consultant, check_staff_in_scope
from yimei.customers.timeline import record_event

# Clocks of the front desk and the server differ a little; an arrival later than this is a typing mistake.
CLOCK_SKEW = timedelta(minutes=5)


# --- local time -----------------------------------------------------------------------------------


def local_date(moment: datetime) -> date:
    """The date in the clinic's time zone (Asia/Shanghai, settings.TIME_ZONE) of an aware datetime."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def local_day_start(day: date) -> datetime:
    """The aware instant at which ``day`` begins in the clinic's time zone."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def _fmt(moment: datetime) -> str:
    return timezone.localtime(moment, timezone.get_default_timezone()).strftime("%m月%d日 %H:%M")


# --- helpers --------------------------------------------------------------------------------------


def clean_text(field: str, value: Any, *, max_length: int, label: str, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _field_error(field, f"{label}须为文字。")
    value = value.strip()
    if required and not value:
        raise _field_error(field, f"请填写{label}。", "required")
    if len(value) > max_length:
        raise _field_error(field, f"{label}不能超过 {max_length} 个字。")
    if "\x00" in value:
        raise _field_error(field, f"{label}含有无效字符。")
    return value


def ensure_open_file(customer: Customer, *, doing: str) -> Customer:
    """A merged or stopped file takes no new records: ``doing`` says what was refused (办理到访 …)."""
    _ensure_not_merged(customer)
    if not customer.is_active:
        raise BusinessError(f"客户“{customer.name}”的档案已停用，不能{doing}。", code="inactive_customer")
    return customer


def not_in_future(field: str, moment: datetime | None, label: str) -> datetime:
    """``moment`` (now when missing), refused when later than now (a few minutes of clock skew allowed)."""
    moment = moment or timezone.now()
    if moment > timezone.now() + CLOCK_SKEW:
        raise _field_error(field, f"{label}不能晚于当前时间。")
    return moment


def _lock_visit(visit: Visit) -> tuple[Customer, Visit]:
    """Lock the visit's customer, then the visit (the one lock order of this module)."""
    customer = Customer.objects.select_for_update().get(pk=visit.customer_id)
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    return customer, visit


def _ensure_open(visit: Visit, doing: str) -> None:
    if visit.status not in OPEN_VISIT_STATUSES:
        raise BusinessError(f"该到访{visit.get_status_display()}，不能{doing}。", code="visit_closed")


def open_visit_of(customer: Customer) -> Visit | None:
    return (Visit.objects.filter(customer=customer, status__in=OPEN_VISIT_STATUSES)
            .order_by("-arrived_at", "-id").first())


def kind_for(customer: Customer) -> str:
    """初诊 / 复诊 / 复查 for the customer's next visit, from their history (cancelled visits do not count)."""
    visits = Visit.objects.filter(customer=customer).exclude(status=VisitStatus.CANCELLED)
    if customer.visit_count == 0 and not visits.exists():
        return VisitKind.FIRST
    if customer.cumulative_spend_amount > Decimal("0") or visits.filter(has_deal=True).exists():
        return VisitKind.RECHECK
    return VisitKind.RETURN


# --- check-in -------------------------------------------------------------------------------------


@transaction.atomic
def check_in(customer: Customer, *, operator: Any, arrived_at: datetime | None = None, purpose: str = "",
             appointment_id: int | None = None, note: str = "") -> Visit:
    """Register an arrival (到院登记): a walk-in, or a booking when ``appointment_id`` is given."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    ensure_open_file(customer, doing="办理到访")
    arrived_at = arrived_at or timezone.now()
    not_in_future("arrived_at", arrived_at, "到院时间")
    purpose = clean_text("purpose", purpose, max_length=200, label="到院目的")
    note = clean_text("note", note, max_length=500, label="备注")
    current = open_visit_of(customer)
    if current is not None and local_date(current.arrived_at) < local_date(arrived_at):
        # Nobody marked the last visit as left (a busy evening): it ended that day; today's arrival goes on.
        _close_forgotten(current, operator=operator)
        current = None
    if current is not None:
        raise BusinessError(
            f"客户“{customer.name}”已有未结束的到访（{_fmt(current.arrived_at)} 到院，"
            f"{current.get_status_display()}），请先办理离院或取消该到访后再登记。",
            code="visit_open")
    if appointment_id is not None:
        if appointment_id <= 0:
            raise _field_error("appointment_id", "预约编号无效。")
        booked = Visit.objects.filter(appointment_id=appointment_id).exclude(status=VisitStatus.CANCELLED).first()
        if booked is not None:
            raise _field_error("appointment_id", f"该预约已于 {_fmt(booked.arrived_at)} 登记到院，不能重复登记。",
                               "duplicate_appointment")

    visit = Visit.objects.create(
        customer=customer, kind=kind_for(customer), status=VisitStatus.WAITING, arrived_at=arrived_at,
        appointment_id=appointment_id, purpose=purpose, note=note, registered_by=operator,
        org_unit_id=customer.org_unit_id or getattr(operator, "org_unit_id", None),
    )
    day = local_date(arrived_at)
    customer.visit_count += 1
    customer.first_visit_on = min(customer.first_visit_on, day) if customer.first_visit_on else day
    customer.last_visit_on = max(customer.last_visit_on, day) if customer.last_visit_on else day
    customer.save(update_fields=["visit_count", "first_visit_on", "last_visit_on", "updated_at"])

    summary = f"到院（{visit.get_kind_display()}）" + (f"：{purpose}" if purpose else "")
    record_event(customer, type="visit.arrived", summary=summary, actor=operator, source=visit,
                 occurred_at=arrived_at,
                 data={"visit": visit.pk, "kind": visit.kind, "appointment_id": appointment_id})
    return visit


def _close_forgotten(visit: Visit, *, operator: Any) -> None:
    day_end = timezone.make_aware(datetime.combine(local_date(visit.arrived_at), time(23, 59, 59)))
    visit.status = VisitStatus.LEFT
    visit.left_at = day_end
    visit.note = (visit.note + "；" if visit.note else "") + "未登记离院，再次到院时自动结束"
    visit.note = visit.note[:500]
    visit.save(update_fields=["status", "left_at", "note", "updated_at"])
    record_event(visit.customer_id, type="visit.left", summary="离院（未登记离院，再次到院时自动结束）",
                 actor=operator, source=visit, occurred_at=day_end, data={"visit": visit.pk, "automatic": True})


@transaction.atomic
def mark_deal(visit: Visit, *, operator: Any) -> Visit:
    """The visit produced a paid order (成交); a 复查 visit becomes 再消费. Called by the sales module."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status == VisitStatus.CANCELLED:
        raise BusinessError("该到访已取消，不能记为成交。", code="visit_closed")
    if visit.has_deal:
        return visit
    visit.has_deal = True
    fields = ["has_deal", "updated_at"]
    if visit.kind == VisitKind.RECHECK:
        visit.kind = VisitKind.REPURCHASE
        fields.append("kind")
    visit.save(update_fields=fields)
    return visit


# --- triage ---------------------------------------------------------------------------------------


@transaction.atomic
def triage(visit: Visit, *, operator: Any, target: str, consultant: Any = None, doctor: Any = None,
           note: str = "") -> Visit:
    """分诊: send the customer to a consultant or straight to treatment. Allowed again while the visit is open.

    The first consultation triage makes the consultant the customer's owner (DOMAIN rule); treatment needs the
    customer to have an owning on-site consultant already. The visit then belongs to the receiving consultant's
    unit, so the consultant's team sees it.
    """
    customer, visit = _lock_visit(visit)
    ensure_open_file(customer, doing="办理到访")
    _ensure_open(visit, "分诊")
    if target not in TriageTarget.values:
        raise _field_error("target", "请选择分诊去向：咨询或治疗。", "required" if not target else "invalid")
    note = clean_text("note", note, max_length=200, label="分诊备注")
    code = "customers.visit.triage"
    if target == TriageTarget.CONSULTATION:
        if consultant is None:
            raise _field_error("consultant", "分诊到咨询须选择接诊咨询师。", "required")
        check_staff_in_scope(operator, consultant, field="consultant", code=code)
    else:
        if not customer.consultant_id:
            raise BusinessError(
                f"客户“{customer.name}”还没有现场咨询师，不能直接分诊到治疗；请先分诊到咨询，由咨询师接诊。",
                code="no_owning_consultant", fields={"target": ["客户还没有现场咨询师，请先分诊到咨询。"]})
        if consultant is not None:
            check_staff_in_scope(operator, consultant, field="consultant", code=code)
    if doctor is not None:
        check_staff_in_scope(operator, doctor, field="doctor", code=code)

    owner_assigned = False
    if target == TriageTarget.CONSULTATION:
        owner_assigned = assign_owning_consultant(customer, consultant, operator=operator)
        visit.consultant = consultant
        visit.org_unit_id = consultant.org_unit_id
    elif consultant is not None:
        visit.consultant = consultant
    elif visit.consultant_id is None:
        visit.consultant_id = customer.consultant_id
    visit.doctor = doctor if doctor is not None else visit.doctor
    retriaged = visit.triaged_at is not None
    visit.triage_target = target
    visit.status = VisitStatus.CONSULTING if target == TriageTarget.CONSULTATION else VisitStatus.TREATING
    visit.triaged_at = timezone.now()
    visit.triaged_by = operator
    visit.save(update_fields=["consultant", "doctor", "org_unit", "triage_target", "status", "triaged_at",
                              "triaged_by", "updated_at"])

    parts = [f"{'重新' if retriaged else ''}分诊到{TriageTarget(target).label}"]
    if visit.consultant_id:
        parts.append(f"咨询：{visit.consultant.name}")
    if visit.doctor_id:
        parts.append(f"医生：{visit.doctor.name}")
    if note:
        parts.append(f"备注：{note}")
    record_event(customer, type="visit.triaged", summary="；".join(parts), actor=operator, source=visit,
                 data={"visit": visit.pk, "target": target, "consultant": visit.consultant_id,
                       "doctor": visit.doctor_id, "owner_assigned": owner_assigned, "note": note})
    return visit


# --- leaving, cancelling, editing ------------------------------------------------------------------


@transaction.atomic
def leave(visit: Visit, *, operator: Any, left_at: datetime | None = None) -> Visit:
    """离院: the visit ends."""
    customer, visit = _lock_visit(visit)
    _ensure_open(visit, "办理离院")
    left_at = left_at or timezone.now()
    not_in_future("left_at", left_at, "离院时间")
    if left_at < visit.arrived_at:
        raise _field_error("left_at", f"离院时间不能早于到院时间（{_fmt(visit.arrived_at)}）。")
    visit.status = VisitStatus.LEFT
    visit.left_at = left_at
    visit.save(update_fields=["status", "left_at", "updated_at"])
    minutes = int((left_at - visit.arrived_at).total_seconds() // 60)
    record_event(customer, type="visit.left", summary=f"离院（在院 {minutes} 分钟）", actor=operator, source=visit,
                 occurred_at=left_at, data={"visit": visit.pk, "minutes": minutes})
    return visit


@transaction.atomic
def cancel(visit: Visit, *, operator: Any, reason: str) -> Visit:
    """取消到访 (registered by mistake, or the customer left before being seen): only a waiting visit with no
    consultation or assessment recorded. The customer's visit figures are reversed."""
    reason = clean_text("reason", reason, max_length=200, label="取消原因", required=True)
    customer, visit = _lock_visit(visit)
    if visit.status != VisitStatus.WAITING:
        raise BusinessError(f"只有候诊中的到访可以取消；该到访{visit.get_status_display()}。", code="visit_not_waiting")
    if visit.consultations.exists() or visit.assessments.exists():
        raise BusinessError("该到访已有咨询或评估记录，不能取消；请办理离院。", code="visit_has_records")
    visit.status = VisitStatus.CANCELLED
    visit.note = "；".join(filter(None, [visit.note, f"取消原因：{reason}"]))[:500]
    visit.save(update_fields=["status", "note", "updated_at"])

    day = local_date(visit.arrived_at)
    customer.visit_count = max(customer.visit_count - 1, 0)
    if day in (customer.first_visit_on, customer.last_visit_on):
        rest = (Visit.objects.filter(customer=customer).exclude(status=VisitStatus.CANCELLED)
                .aggregate(first=Min("arrived_at"), last=Max("arrived_at")))
        if customer.first_visit_on == day:
            customer.first_visit_on = local_date(rest["first"]) if rest["first"] else None
        if customer.last_visit_on == day:
            customer.last_visit_on = local_date(rest["last"]) if rest["last"] else None
    customer.save(update_fields=["visit_count", "first_visit_on", "last_visit_on", "updated_at"])
    record_event(customer, type="visit.cancelled", summary=f"取消到访：{reason}", actor=operator, source=visit,
                 data={"visit": visit.pk, "reason": reason})
    return visit


@transaction.atomic
def update_visit(visit: Visit, *, operator: Any, purpose: str | None = None, note: str | None = None) -> Visit:
    """Edit a visit's purpose and note (``None`` leaves a field as it is)."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status == VisitStatus.CANCELLED:
        raise BusinessError("已取消的到访不能修改。", code="visit_closed")
    changed = []
    if purpose is not None:
        purpose = clean_text("purpose", purpose, max_length=200, label="到院目的")
        if purpose != visit.purpose:
            visit.purpose = purpose
            changed.append("到院目的")
    if note is not None:
        note = clean_text("note", note, max_length=500, label="备注")
        if note != visit.note:
            visit.note = note
            changed.append("备注")
    if changed:
        visit.save(update_fields=["purpose", "note", "updated_at"])
        record_event(visit.customer_id, type="visit.updated", summary=f"修改到访：{'、'.join(changed)}",
                     actor=operator, source=visit, data={"visit": visit.pk})
    return visit


# --- the waiting list -----------------------------------------------------------------------------


def waited_minutes(visit: Visit, now: datetime | None = None) -> int:
    """Minutes from arrival until triage (or until now while the customer still waits)."""
    until = visit.triaged_at or now or timezone.now()
    return max(int((until - visit.arrived_at).total_seconds() // 60), 0)


def waiting_list(visits: QuerySet, *, day: date | None = None) -> QuerySet:
    """候诊列表: the day's open visits (clinic time zone), in order of arrival, with the customer and staff
    joined in the same query. ``visits`` is the caller's restricted queryset."""
    day = day or local_date(timezone.now())
    start = local_day_start(day)
    return (visits.filter(status__in=OPEN_VISIT_STATUSES, arrived_at__gte=start,
                          arrived_at__lt=start + timedelta(days=1))
            .select_related("customer", "customer__consultant", "consultant", "doctor")
            .defer("customer__id_number")
            .order_by("arrived_at", "id"))
