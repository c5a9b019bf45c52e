"""Consultations (咨询), doctors' assessments on department-defined forms (面诊评估) and complaints (投诉).

Each public function is one transaction with keyword-only arguments (DESIGN rule 1) and writes one event to
the customer's timeline. Bad input raises ``BusinessError`` with per-field Chinese messages; nothing is saved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from yimei.core.errors import BusinessError, Protected
from yimei.customers.choices import (
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    ConsultationKind,
    ConsultationOutcome,
    FormFieldType,
    NoDealReason,
    VisitStatus,
)
from yimei.customers.models import Assessment, AssessmentForm, Complaint, Consultation, Customer, Visit
from yimei.customers.services import _field_error, check_staff_in_scope
from yimei.customers.timeline import record_event
from yimei.customers.visits import clean_text, ensure_open_file, local_date, not_in_future

UNCHANGED: Any = ...


# --- shared checks --------------------------------------------------------------------------------


def _errors(errors: dict[str, list[str]], *, what: str) -> BusinessError:
    messages = [m for ms in errors.values() for m in ms]
    message = messages[0] if len(messages) == 1 else f"{what}有 {len(messages)} 处错误，请检查标红的项目。"
    return BusinessError(message, code="invalid", fields=errors)


def _choice(field: str, value: Any, choices: type, label: str) -> str:
    if value not in choices.values:
        options = "、".join(str(c.label) for c in choices)
        raise _field_error(field, f"请选择{label}（{options}）。", "invalid" if value else "required")
    return value


def _check_visit(customer: Customer | int, visit: Visit | None) -> None:
    if visit is None:
        return
    customer_id = getattr(customer, "pk", customer)
    if visit.customer_id != customer_id:
        raise _field_error("visit", "所选到访不属于该客户。")
    if visit.status == VisitStatus.CANCELLED:
        raise _field_error("visit", "所选到访已取消，不能关联。")


def _staff(field: str, staff: Any, *, operator: Any, code: str, label: str) -> None:
    if staff is None:
        raise _field_error(field, f"请选择{label}。", "required")
    check_staff_in_scope(operator, staff, field=field, code=code)


# --- consultations --------------------------------------------------------------------------------


def _clean_items(items: Any) -> list[str]:
    if items is None:
        return []
    if isinstance(items, str) or not isinstance(items, Iterable):
        raise _field_error("interested_items", "意向项目须为列表。")
    cleaned: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise _field_error("interested_items", "意向项目须为文字。")
        item = item.strip()
        if "\x00" in item:
            raise _field_error("interested_items", "意向项目含有无效字符。")
        if len(item) > 50:
            raise _field_error("interested_items", f"意向项目“{item[:10]}…”超过 50 个字。")
        if item and item not in cleaned:
            cleaned.append(item)
    if len(cleaned) > 30:
        raise _field_error("interested_items", "意向项目最多 30 个。")
    return cleaned


def _validate_consultation(c: Consultation) -> None:
    """Check a consultation's fields as they are about to be saved (after creating or editing)."""
    _choice("kind", c.kind, ConsultationKind, "咨询方式")
    _choice("outcome", c.outcome, ConsultationOutcome, "咨询结果")
    c.content = clean_text("content", c.content, max_length=5000, label="咨询内容")
    c.interested_items = _clean_items(c.interested_items)
    c.no_deal_note = clean_text("no_deal_note", c.no_deal_note, max_length=200, label="未成交说明")
    c.next_step = clean_text("next_step", c.next_step, max_length=200, label="下一步")
    if not c.content and not c.interested_items:
        raise _field_error("content", "请填写咨询内容或意向项目。", "required")
    if c.outcome == ConsultationOutcome.NO_DEAL:
        if not c.no_deal_reason:
            raise _field_error("no_deal_reason", "未成交须选择原因。", "required")
        _choice("no_deal_reason", c.no_deal_reason, NoDealReason, "未成交原因")
        if c.no_deal_reason == NoDealReason.OTHER and not c.no_deal_note:
            raise _field_error("no_deal_note", "未成交原因为“其他”时请填写说明。", "required")
    else:
        c.no_deal_reason, c.no_deal_note = "", ""
    if c.next_contact_on is not None:
        if not isinstance(c.next_contact_on, date) or isinstance(c.next_contact_on, datetime):
            raise _field_error("next_contact_on", "下次联系日期格式无效。")
        if c.next_contact_on < local_date(c.consulted_at):
            raise _field_error("next_contact_on", "下次联系日期不能早于咨询日期。")


def _consultation_summary(c: Consultation) -> str:
    parts = [f"{c.get_kind_display()}（{c.consultant.name}）"]
    if c.interested_items:
        parts.append(f"意向：{'、'.join(c.interested_items)}")
    result = c.get_outcome_display()
    if c.outcome == ConsultationOutcome.NO_DEAL:
        result += f"（{c.get_no_deal_reason_display()}）"
    parts.append(f"结果：{result}")
    return "；".join(parts)


@transaction.atomic
def record_consultation(customer: Customer, *, operator: Any, consultant: Any, visit: Visit | None = None,
                        kind: str = ConsultationKind.ONSITE, consulted_at: datetime | None = None,
                        content: str = "", interested_items: Iterable[str] = (),
                        outcome: str = ConsultationOutcome.PENDING, no_deal_reason: str = "",
                        no_deal_note: str = "", next_step: str = "",
                        next_contact_on: date | None = None) -> Consultation:
    """咨询记录. A deal outcome records the consultant's result only; orders are the sales module's."""
    customer = ensure_open_file(customer, doing="登记新记录")
    _staff("consultant", consultant, operator=operator, code="customers.consultation.add", label="咨询师")
    _check_visit(customer, visit)
    consultation = Consultation(
        customer=customer, visit=visit, consultant=consultant, kind=kind,
        consulted_at=not_in_future("consulted_at", consulted_at, "咨询时间"), content=content,
        interested_items=interested_items, outcome=outcome, no_deal_reason=no_deal_reason or "",
        no_deal_note=no_deal_note, next_step=next_step, next_contact_on=next_contact_on,
        org_unit_id=consultant.org_unit_id,
    )
    _validate_consultation(consultation)
    consultation.save()
    record_event(customer, type="consultation.recorded", summary=_consultation_summary(consultation),
                 actor=operator, source=consultation, occurred_at=consultation.consulted_at,
                 data={"consultation": consultation.pk, "visit": consultation.visit_id,
                       "consultant": consultant.pk, "outcome": consultation.outcome,
                       "no_deal_reason": consultation.no_deal_reason, "items": consultation.interested_items})
    return consultation


CONSULTATION_FIELDS = ("visit", "consultant", "kind", "consulted_at", "content", "interested_items", "outcome",
                       "no_deal_reason", "no_deal_note", "next_step", "next_contact_on")


@transaction.atomic
def update_consultation(consultation: Consultation, *, operator: Any, **changes: Any) -> Consultation:
    """Edit a consultation; only the fields given change. Fields: ``CONSULTATION_FIELDS``."""
    unknown = set(changes) - set(CONSULTATION_FIELDS)
    if unknown:
        raise BusinessError(f"不能修改：{'、'.join(sorted(unknown))}。", code="invalid")
    consultation = (Consultation.objects.select_for_update(of=("self",)).select_related("consultant")
                    .get(pk=consultation.pk))
    before = {f: getattr(consultation, f) for f in CONSULTATION_FIELDS}
    if "consultant" in changes and changes["consultant"] != consultation.consultant:
        _staff("consultant", changes["consultant"], operator=operator, code="customers.consultation.change",
               label="咨询师")
        consultation.org_unit_id = changes["consultant"].org_unit_id
    if "visit" in changes:
        _check_visit(consultation.customer_id, changes["visit"])
    if "consulted_at" in changes:
        changes["consulted_at"] = not_in_future("consulted_at", changes["consulted_at"], "咨询时间")
    for field, value in changes.items():
        if value is None and field == "interested_items":
            value = []
        elif value is None and field not in ("visit", "next_contact_on", "consultant", "consulted_at"):
            value = ""
        setattr(consultation, field, value)
    _validate_consultation(consultation)
    changed = [f for f in CONSULTATION_FIELDS if getattr(consultation, f) != before[f]]
    if not changed:
        return consultation
    consultation.save()
    labels = "、".join(str(Consultation._meta.get_field(f).verbose_name) for f in changed)
    record_event(consultation.customer_id, type="consultation.updated", summary=f"修改咨询记录：{labels}",
                 actor=operator, source=consultation,
                 data={"consultation": consultation.pk, "changed": changed, "outcome": consultation.outcome})
    return consultation


# --- assessment forms -----------------------------------------------------------------------------

FIELD_KEY = re.compile(r"^[a-z0-9_]{1,32}$")
FIELD_ATTRS = ("key", "label", "type", "options", "required", "help")
CHOICE_TYPES = (FormFieldType.SINGLE, FormFieldType.MULTI)
MAX_FORM_FIELDS = 100
MAX_OPTIONS = 50


def clean_form_fields(raw: Any) -> list[dict[str, Any]]:
    """Validate a form definition: a list of ``{key, label, type, options?, required?, help?}``.

    Keys are a-z, 0-9 and _, unique; single and multi choice fields have a non-empty list of unique options.
    Errors come per item and attribute (``fields.2.options``), all at once.
    """
    if not isinstance(raw, list):
        raise _field_error("fields", "字段定义须为列表。")
    if not raw:
        raise _field_error("fields", "评估表至少需要一个字段。", "required")
    if len(raw) > MAX_FORM_FIELDS:
        raise _field_error("fields", f"评估表最多 {MAX_FORM_FIELDS} 个字段。")
    errors: dict[str, list[str]] = {}
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()

    for i, item in enumerate(raw):
        path, no = f"fields.{i}", f"第 {i + 1} 个字段"

        def error(attr: str, message: str, path: str = path, no: str = no) -> None:
            errors.setdefault(f"{path}.{attr}" if attr else path, []).append(f"{no}：{message}")

        if not isinstance(item, dict):
            error("", "定义无效，须包含标识、名称和类型。")
            continue
        unknown = sorted(str(k)[:20] for k in item if k not in FIELD_ATTRS)
        if unknown:
            error("", f"含未知属性 {'、'.join(unknown)}。")
        key = item.get("key")
        if not isinstance(key, str) or not FIELD_KEY.match(key):
            error("key", "标识只能由小写字母、数字和下划线组成，1–32 位。")
        elif key in seen:
            error("key", f"标识“{key}”与前面的字段重复。")
        else:
            seen.add(key)
        label = item.get("label")
        label = label.strip() if isinstance(label, str) else ""
        if not label:
            error("label", "请填写名称。")
        elif len(label) > 64 or "\x00" in label:
            error("label", "名称须为不超过 64 个字的文字。")
        kind = item.get("type")
        if kind not in FormFieldType.values:
            error("type", f"类型无效，可选：{'、'.join(str(c.label) for c in FormFieldType)}。")
        options = item.get("options")
        clean_options: list[str] = []
        if kind in CHOICE_TYPES:
            if not isinstance(options, list) or not options:
                error("options", "单选、多选字段须至少有一个选项。")
            elif len(options) > MAX_OPTIONS:
                error("options", f"选项最多 {MAX_OPTIONS} 个。")
            else:
                clean_options = [o.strip() if isinstance(o, str) else "" for o in options]
                if not all(clean_options):
                    error("options", "选项须为非空文字。")
                elif any(len(o) > 50 or "\x00" in o for o in clean_options):
                    error("options", "每个选项须为不超过 50 个字的文字。")
                elif len(set(clean_options)) != len(clean_options):
                    error("options", "选项不能重复。")
        elif options not in (None, [], ""):
            error("options", "只有单选、多选字段可以设置选项。")
        required = item.get("required", False)
        if not isinstance(required, bool):
            error("required", "“必填”须为是或否。")
        help_text = item.get("help", "")
        if not isinstance(help_text, str) or len(help_text) > 200 or "\x00" in help_text:
            error("help", "说明须为不超过 200 字的文字。")
        field: dict[str, Any] = {"key": key, "label": label, "type": kind, "required": required is True}
        if kind in CHOICE_TYPES:
            field["options"] = clean_options
        if isinstance(help_text, str) and help_text.strip():
            field["help"] = help_text.strip()
        cleaned.append(field)
    if errors:
        raise _errors(errors, what="评估表字段定义")
    return cleaned


def _form_name(name: Any, *, exclude: int | None = None) -> str:
    name = clean_text("name", name, max_length=64, label="评估表名称", required=True)
    if AssessmentForm.objects.filter(name=name).exclude(pk=exclude or 0).exists():
        raise _field_error("name", f"已有名为“{name}”的评估表。", "duplicate_name")
    return name


@transaction.atomic
def create_assessment_form(*, operator: Any, name: str, fields: Any, description: str = "", sort: int = 0,
                           is_active: bool = True) -> AssessmentForm:
    return AssessmentForm.objects.create(
        name=_form_name(name), fields=clean_form_fields(fields),
        description=clean_text("description", description, max_length=200, label="说明"), sort=sort,
        is_active=is_active)


FORM_FIELDS = ("name", "description", "fields", "sort", "is_active")


@transaction.atomic
def update_assessment_form(form: AssessmentForm, *, operator: Any, **changes: Any) -> AssessmentForm:
    """Edit a form. Assessments already recorded keep their answers as they were filled in."""
    unknown = set(changes) - set(FORM_FIELDS)
    if unknown:
        raise BusinessError(f"不能修改：{'、'.join(sorted(unknown))}。", code="invalid")
    form = AssessmentForm.objects.select_for_update().get(pk=form.pk)
    if "name" in changes:
        form.name = _form_name(changes["name"], exclude=form.pk)
    if "description" in changes:
        form.description = clean_text("description", changes["description"], max_length=200, label="说明")
    if "fields" in changes:
        form.fields = clean_form_fields(changes["fields"])
    for attr in ("sort", "is_active"):
        if attr in changes:
            setattr(form, attr, changes[attr])
    form.save()
    return form


@transaction.atomic
def delete_assessment_form(form: AssessmentForm, *, operator: Any) -> None:
    used = Assessment.objects.filter(form=form).count()
    if used:
        raise Protected(f"评估表“{form.name}”已有 {used} 条评估记录使用，不能删除；不再使用请停用。")
    form.delete()


# --- assessments ----------------------------------------------------------------------------------


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, list) and not value)


def _clean_answer(spec: dict[str, Any], value: Any) -> Any:
    """One answer checked against its field definition; raises ValueError with what is wrong."""
    kind = spec.get("type")
    options = spec.get("options") or []
    if kind in (FormFieldType.TEXT, FormFieldType.TEXTAREA):
        limit = 500 if kind == FormFieldType.TEXT else 5000
        if not isinstance(value, str) or "\x00" in value:
            raise ValueError("须为文字。")
        if len(value.strip()) > limit:
            raise ValueError(f"不能超过 {limit} 个字。")
        return value.strip()
    if kind == FormFieldType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError("须为数字。")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError("须为数字。") from None
        if not number.is_finite() or abs(number) >= Decimal("1e12"):
            raise ValueError("须为有效的数字。")
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == FormFieldType.DATE:
        try:
            if not isinstance(value, str) or len(value.strip()) != 10:
                raise ValueError
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise ValueError("须为日期，格式如 2026-05-01。") from None
    if kind == FormFieldType.SINGLE:
        if not isinstance(value, str) or value not in options:
            raise ValueError(f"须从选项中选择（{'、'.join(options)}）。")
        return value
    if kind == FormFieldType.MULTI:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("须为选项列表。")
        wrong = [v for v in value if v not in options]
        if wrong:
            raise ValueError(f"含不可选的项：{'、'.join(w[:20] for w in wrong[:5])}。")
        return [o for o in options if o in value]  # the form's order, each once
    raise ValueError("的字段定义无效，请联系管理员检查评估表。")


def clean_answers(form: AssessmentForm | None, answers: Any) -> dict[str, Any]:
    """Answers checked against ``form``: required ones present, types right, options from the list, no unknown
    keys. Errors per field as ``answers.<key>``."""
    if answers in (None, ""):
        answers = {}
    if not isinstance(answers, dict):
        raise _field_error("answers", "评估内容格式无效。")
    if form is None:
        if answers:
            raise _field_error("answers", "未选择评估表，不能填写表单内容。")
        return {}
    specs = {f["key"]: f for f in form.fields if isinstance(f, dict) and isinstance(f.get("key"), str)}
    errors: dict[str, list[str]] = {}
    for key in answers:
        if key not in specs:
            errors[f"answers.{str(key)[:40]}"] = [f"评估表“{form.name}”中没有“{str(key)[:40]}”这一项。"]
    cleaned: dict[str, Any] = {}
    for key, spec in specs.items():
        label = spec.get("label") or key
        value = answers.get(key)
        if _empty(value):
            if spec.get("required"):
                errors[f"answers.{key}"] = [f"请填写“{label}”。"]
            continue
        try:
            cleaned[key] = _clean_answer(spec, value)
        except ValueError as error:
            errors[f"answers.{key}"] = [f"“{label}”{error}"]
    if errors:
        raise _errors(errors, what="评估内容")
    return cleaned


def _validate_assessment(a: Assessment, *, new_form: bool) -> None:
    """Check an assessment as it is about to be saved; a stopped form can no longer be chosen (``new_form``)."""
    if a.form is not None and not a.form.is_active and new_form:
        raise _field_error("form", f"评估表“{a.form.name}”已停用，请选择其他评估表。")
    a.answers = clean_answers(a.form, a.answers)
    a.conclusion = clean_text("conclusion", a.conclusion, max_length=5000, label="评估结论")
    a.plan = clean_text("plan", a.plan, max_length=5000, label="治疗建议")
    if not a.answers and not a.conclusion and not a.plan:
        raise _field_error("conclusion", "请填写评估内容、评估结论或治疗建议。", "required")


def _assessment_summary(a: Assessment) -> str:
    parts = [f"医生评估（{a.doctor.name}）"]
    if a.form is not None:
        parts.append(a.form.name)
    if a.conclusion:
        parts.append(f"结论：{a.conclusion[:80]}")
    return "；".join(parts)


@transaction.atomic
def record_assessment(customer: Customer, *, operator: Any, doctor: Any, form: AssessmentForm | None = None,
                      visit: Visit | None = None, answers: Any = None, conclusion: str = "", plan: str = "",
                      assessed_at: datetime | None = None) -> Assessment:
    """医生面诊评估, free text or on a department-defined form."""
    customer = ensure_open_file(customer, doing="登记新记录")
    _staff("doctor", doctor, operator=operator, code="customers.assessment.add", label="医生")
    _check_visit(customer, visit)
    if form is not None:
        form = AssessmentForm.objects.get(pk=form.pk)  # as it is now (it may have been stopped meanwhile)
    assessment = Assessment(customer=customer, doctor=doctor, form=form, visit=visit, answers=answers,
                            conclusion=conclusion, plan=plan,
                            assessed_at=not_in_future("assessed_at", assessed_at, "评估时间"),
                            org_unit_id=doctor.org_unit_id)
    _validate_assessment(assessment, new_form=True)
    assessment.save()
    record_event(customer, type="assessment.recorded", summary=_assessment_summary(assessment), actor=operator,
                 source=assessment, occurred_at=assessment.assessed_at,
                 data={"assessment": assessment.pk, "visit": assessment.visit_id, "doctor": doctor.pk,
                       "form": assessment.form_id})
    return assessment


ASSESSMENT_FIELDS = ("doctor", "form", "visit", "answers", "conclusion", "plan", "assessed_at")


@transaction.atomic
def update_assessment(assessment: Assessment, *, operator: Any, **changes: Any) -> Assessment:
    """Edit an assessment; only the fields given change. Changing the form re-checks the answers against it."""
    unknown = set(changes) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise BusinessError(f"不能修改：{'、'.join(sorted(unknown))}。", code="invalid")
    assessment = (Assessment.objects.select_for_update(of=("self",)).select_related("doctor", "form")
                  .get(pk=assessment.pk))
    before = {f: getattr(assessment, f) for f in ASSESSMENT_FIELDS}
    if "doctor" in changes and changes["doctor"] != assessment.doctor:
        _staff("doctor", changes["doctor"], operator=operator, code="customers.assessment.change", label="医生")
        assessment.org_unit_id = changes["doctor"].org_unit_id
    if "visit" in changes:
        _check_visit(assessment.customer_id, changes["visit"])
    if "assessed_at" in changes:
        changes["assessed_at"] = not_in_future("assessed_at", changes["assessed_at"], "评估时间")
    if changes.get("form") is not None:
        changes["form"] = AssessmentForm.objects.get(pk=changes["form"].pk)
    for field, value in changes.items():
        setattr(assessment, field, value)
    _validate_assessment(assessment, new_form=assessment.form_id != getattr(before["form"], "pk", None))
    changed = [f for f in ASSESSMENT_FIELDS if getattr(assessment, f) != before[f]]
    if not changed:
        return assessment
    assessment.save()
    labels = "、".join(str(Assessment._meta.get_field(f).verbose_name) for f in changed)
    record_event(assessment.customer_id, type="assessment.updated", summary=f"修改医生评估：{labels}",
                 actor=operator, source=assessment, data={"assessment": assessment.pk, "changed": changed})
    return assessment


# --- complaints -----------------------------------------------------------------------------------

# Where a complaint may go from each status (staying put updates the handler or the progress text).
COMPLAINT_FLOW: dict[str, tuple[str, ...]] = {
    ComplaintStatus.OPEN: (ComplaintStatus.OPEN, ComplaintStatus.PROCESSING),
    ComplaintStatus.PROCESSING: (ComplaintStatus.PROCESSING, ComplaintStatus.RESOLVED),
    ComplaintStatus.RESOLVED: (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED),
    ComplaintStatus.CLOSED: (),
}


@transaction.atomic
def receive_complaint(customer: Customer, *, operator: Any, category: str, channel: str, content: str,
                      visit: Visit | None = None, handler: Any = None,
                      received_at: datetime | None = None) -> Complaint:
    """登记投诉. The complaint belongs to the customer's unit (else the registering staff's)."""
    customer = ensure_open_file(customer, doing="登记新记录")
    category = _choice("category", category, ComplaintCategory, "投诉类别")
    channel = _choice("channel", channel, ComplaintChannel, "投诉渠道")
    content = clean_text("content", content, max_length=5000, label="投诉内容", required=True)
    _check_visit(customer, visit)
    if handler is not None:
        check_staff_in_scope(operator, handler, field="handler", code="customers.complaint.add")
    complaint = Complaint.objects.create(
        customer=customer, visit=visit, category=category, channel=channel, content=content,
        received_at=not_in_future("received_at", received_at, "受理时间"), handler=handler,
        status=ComplaintStatus.OPEN, created_by=operator,
        org_unit_id=customer.org_unit_id or getattr(operator, "org_unit_id", None))
    summary = f"投诉（{complaint.get_category_display()}，{complaint.get_channel_display()}）：{content[:60]}"
    if handler is not None:
        summary += f"；处理人：{handler.name}"
    record_event(customer, type="complaint.received", summary=summary, actor=operator, source=complaint,
                 occurred_at=complaint.received_at,
                 data={"complaint": complaint.pk, "category": category, "handler": complaint.handler_id})
    return complaint


@transaction.atomic
def handle_complaint(complaint: Complaint, *, operator: Any, status: str, resolution: str | None = None,
                     handler: Any = UNCHANGED) -> Complaint:
    """处理投诉: open → processing → resolved → closed. Resolving needs the resolution text; closed is final.
    ``resolution=None`` and ``handler=UNCHANGED`` leave those as they are."""
    complaint = Complaint.objects.select_for_update(of=("self",)).select_related("handler").get(pk=complaint.pk)
    status = _choice("status", status, ComplaintStatus, "处理状态")
    old_status, old_resolution = complaint.status, complaint.resolution
    if old_status == ComplaintStatus.CLOSED:
        raise BusinessError("该投诉已关闭，不能再处理。", code="complaint_closed")
    if status not in COMPLAINT_FLOW[old_status]:
        allowed = "、".join(str(ComplaintStatus(s).label) for s in COMPLAINT_FLOW[old_status] if s != old_status)
        raise _field_error("status", f"投诉当前为“{complaint.get_status_display()}”，只能改为“{allowed}”。",
                           "invalid_transition")
    if resolution is not None:
        complaint.resolution = clean_text("resolution", resolution, max_length=5000, label="处理结果")
    if status == ComplaintStatus.RESOLVED and not complaint.resolution:
        raise _field_error("resolution", "标记为已解决须填写处理结果。", "required")
    old_handler = complaint.handler
    if handler is not UNCHANGED and handler != old_handler:
        if handler is not None:
            check_staff_in_scope(operator, handler, field="handler", code="customers.complaint.handle")
        complaint.handler = handler
    if status == ComplaintStatus.RESOLVED and old_status != ComplaintStatus.RESOLVED:
        complaint.resolved_at = timezone.now()
    complaint.status = status
    parts = []
    if status != old_status:
        parts.append(f"{ComplaintStatus(old_status).label} → {complaint.get_status_display()}")
    if complaint.handler != old_handler:
        parts.append(f"处理人：{getattr(complaint.handler, 'name', '无')}")
    if complaint.resolution != old_resolution:
        parts.append(f"处理结果：{complaint.resolution[:60]}")
    if not parts:
        return complaint
    complaint.save()
    record_event(complaint.customer_id, type="complaint.updated", summary="投诉处理：" + "；".join(parts),
                 actor=operator, source=complaint,
                 data={"complaint": complaint.pk, "from": old_status, "to": status,
                       "handler": complaint.handler_id})
    return complaint
