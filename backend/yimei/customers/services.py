"""Business rules of the customer file. Each public function is one transaction (DESIGN rule 1).

Visits, consultations, assessments and complaints have their own modules (``visits.py``, ``records.py``);
what they share with the customer file — the owning consultant, visit figures, tiers, the timeline — is here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from yimei.accounts.authz import get_access
from yimei.audit.services import track_locked
from yimei.core import crypto
from yimei.core.errors import BusinessError
from yimei.core.personal import mask_phone, normalize_mobile
from yimei.customers.choices import ConsentKind, ConsentSource, Gender, TierBasis
from yimei.customers.identity import parse_id_number
from yimei.customers.models import (
    Customer,
    CustomerConsent,
    CustomerTag,
    MembershipTier,
    SourceChannel,
    Tag,
)
from yimei.customers.timeline import record_event

# Fields a customer's file may be created or edited with, besides the relations handled below.
PLAIN_FIELDS = (
    "name", "gender", "birthday", "lunar_birth_month", "lunar_birth_day", "lunar_birth_leap", "allergies",
    "contraindications", "notes", "card_number", "legacy_id", "wechat_openid", "wechat_unionid",
)
RELATION_FIELDS = ("source", "referrer_customer", "referrer_staff", "consultant", "online_consultant")


def _field_error(field: str, message: str, code: str = "invalid") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


def describe(customer: Customer) -> str:
    """How a customer is named in messages to staff: name, masked phone and file number."""
    phone = mask_phone(customer.phone)
    return f"{customer.name}（{phone}，档案号 {customer.pk}）" if phone else f"{customer.name}（档案号 {customer.pk}）"


# --- validation -----------------------------------------------------------------------------------


def clean_phone(raw: str, *, required: bool = True) -> str:
    if not (raw or "").strip():
        if required:
            raise _field_error("phone", "请填写手机号。", "required")
        return ""
    try:
        return normalize_mobile(raw)
    except ValueError as error:
        raise _field_error("phone", str(error)) from None


def clean_identity(data: dict[str, Any]) -> dict[str, Any]:
    """Normalise the ID number and check it against the birthday and gender (filling them when missing)."""
    raw = (data.get("id_number") or "").strip()
    if not raw:
        data["id_number"] = ""
        return data
    try:
        info = parse_id_number(raw)
    except ValueError as error:
        raise _field_error("id_number", str(error)) from None
    data["id_number"] = info.number
    birthday: date | None = data.get("birthday")
    if birthday and birthday != info.birthday:
        raise _field_error("birthday", f"生日与身份证号不一致（身份证为 {info.birthday:%Y-%m-%d}）。")
    data["birthday"] = info.birthday
    gender = data.get("gender") or Gender.UNKNOWN
    if gender != Gender.UNKNOWN and gender != info.gender:
        raise _field_error("gender", f"性别与身份证号不一致（身份证为{Gender(info.gender).label}）。")
    data["gender"] = info.gender
    return data


def find_by_phone(phone: str, *, exclude: int | None = None) -> Customer | None:
    rows = Customer.objects.filter(phone_hash=crypto.blind_index(phone), merged_into__isnull=True)
    if exclude:
        rows = rows.exclude(pk=exclude)
    return rows.first()


def _check_unique(customer_id: int | None, data: dict[str, Any]) -> None:
    phone = data.get("phone")
    if phone:
        existing = find_by_phone(phone, exclude=customer_id)
        if existing is not None:
            raise _field_error("phone", f"该手机号已有客户档案：{describe(existing)}。如为同一人，请使用“合并档案”。",
                               "duplicate_phone")
    id_number = data.get("id_number")
    if id_number:
        rows = Customer.objects.filter(id_number_hash=crypto.blind_index(id_number), merged_into__isnull=True)
        existing = rows.exclude(pk=customer_id).first() if customer_id else rows.first()
        if existing is not None:
            raise _field_error("id_number", f"该身份证号已有客户档案：{describe(existing)}。", "duplicate_id_number")
    card = data.get("card_number")
    if card:
        rows = Customer.objects.filter(card_number=card, merged_into__isnull=True).exclude(pk=customer_id or 0)
        if rows.exists():
            raise _field_error("card_number", "该会员卡号已被其他客户使用。", "duplicate_card_number")
    legacy = data.get("legacy_id")
    if legacy and Customer.objects.filter(legacy_id=legacy).exclude(pk=customer_id or 0).exists():
        raise _field_error("legacy_id", "原系统编号已存在。", "duplicate_legacy_id")


def check_staff_in_scope(user: Any, staff: Any, *, field: str, code: str = "customers.customer.view") -> None:
    """A consultant chosen by ``user`` must be active and inside what ``user`` reaches with ``code``."""
    if staff is None or user is None:
        return
    if not staff.is_active:
        raise _field_error(field, f"员工“{staff.name}”已停用，不能指定。")
    reach = get_access(user).reach(code)
    if reach is None:
        raise _field_error(field, "您没有指定该员工的权限。", "out_of_scope")
    if reach.all or (reach.own and staff.pk == user.pk) or staff.org_unit_id in reach.unit_ids:
        return
    raise _field_error(field, f"员工“{staff.name}”不在您的数据权限范围内，不能指定。", "out_of_scope")


def _owning_unit(customer: Customer, operator: Any) -> int | None:
    for staff in (customer.consultant, customer.online_consultant):
        if staff is not None:
            return staff.org_unit_id
    if customer.org_unit_id:
        return customer.org_unit_id
    return getattr(operator, "org_unit_id", None)


def _save(customer: Customer, **kwargs: Any) -> None:
    try:
        with transaction.atomic():
            customer.save(**kwargs)
    except IntegrityError as error:
        # Lost a race with another request that used the same phone/ID/card: same message as the check.
        message = str(error)
        for field, text in (("phone", "该手机号已有客户档案。"), ("id_number", "该身份证号已有客户档案。"),
                            ("card_number", "该会员卡号已被其他客户使用。"), ("legacy_id", "原系统编号已存在。")):
            if f"customer_unique_{field}" in message or field in message:
                raise _field_error(field, text, f"duplicate_{field}") from None
        raise


# --- customers ------------------------------------------------------------------------------------


@transaction.atomic
def create_customer(*, operator: Any, name: str, phone: str, tags: Iterable[Tag] = (),
                    marketing_consent: bool = False, photo_consent: bool = False,
                    consent_source: str = ConsentSource.COUNTER, event_type: str = "customer.created",
                    **fields: Any) -> Customer:
    name = (name or "").strip()
    if not name:
        raise _field_error("name", "请填写姓名。", "required")
    data = {**fields, "name": name, "phone": clean_phone(phone)}
    clean_identity(data)
    _check_unique(None, data)
    for field in ("consultant", "online_consultant"):
        check_staff_in_scope(operator, data.get(field), field=field)
    customer = Customer(**{k: v for k, v in data.items() if k in (*PLAIN_FIELDS, *RELATION_FIELDS, "phone",
                                                                   "id_number")})
    customer.created_by = operator
    customer.org_unit_id = _owning_unit(customer, operator)
    now = timezone.now()
    if marketing_consent:
        customer.marketing_consent, customer.marketing_consent_at = True, now
    if photo_consent:
        customer.photo_consent, customer.photo_consent_at = True, now
    _save(customer)
    for kind, granted in ((ConsentKind.MARKETING, marketing_consent), (ConsentKind.CASE_PHOTOS, photo_consent)):
        if granted:
            CustomerConsent.objects.create(customer=customer, kind=kind, granted=True, source=consent_source,
                                           recorded_by=operator)
    tags = list(tags)
    if tags:
        CustomerTag.objects.bulk_create([CustomerTag(customer=customer, tag=t, created_by=operator) for t in tags])
    source = f"，来源：{customer.source.name}" if customer.source_id else ""
    record_event(customer, type=event_type, summary=f"建立档案{source}", actor=operator, source=customer)
    evaluate_tier(customer)
    return customer


@transaction.atomic
def update_customer(customer: Customer, *, operator: Any, **changes: Any) -> Customer:
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    _ensure_not_merged(customer)
    tags = changes.pop("tags", None)
    consents = {kind: changes.pop(field) for kind, field in ((ConsentKind.MARKETING, "marketing_consent"),
                                                             (ConsentKind.CASE_PHOTOS, "photo_consent"))
                if field in changes}
    consent_source = changes.pop("consent_source", ConsentSource.COUNTER)
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            raise _field_error("name", "请填写姓名。", "required")
    if "phone" in changes:
        changes["phone"] = clean_phone(changes["phone"])
    identity = {"id_number": changes.get("id_number", customer.id_number),
                "birthday": changes.get("birthday", customer.birthday),
                "gender": changes.get("gender", customer.gender)}
    if identity["id_number"] and {"id_number", "birthday", "gender"} & changes.keys():
        clean_identity(identity)
        changes.update({k: v for k, v in identity.items() if k in changes or k in ("birthday", "gender")})
    elif "id_number" in changes:
        changes["id_number"] = ""
    _check_unique(customer.pk, changes)
    for field in ("consultant", "online_consultant"):
        if field in changes and changes[field] != getattr(customer, field):
            check_staff_in_scope(operator, changes[field], field=field)
    reassigned = any(f in changes and changes[f] != getattr(customer, f) for f in ("consultant", "online_consultant"))
    changed = []
    for field in (*PLAIN_FIELDS, *RELATION_FIELDS, "phone", "id_number"):
        if field in changes and changes[field] != getattr(customer, field):
            setattr(customer, field, changes[field])
            changed.append(Customer._meta.get_field(field).verbose_name)
    if reassigned:
        customer.org_unit_id = _owning_unit(customer, operator)
    _save(customer)
    if changed:
        record_event(customer, type="customer.updated", summary=f"修改档案：{'、'.join(map(str, changed))}",
                     actor=operator, source=customer)
    for kind, granted in consents.items():
        _set_consent(customer, kind=kind, granted=bool(granted), source=consent_source, operator=operator)
    if tags is not None:
        set_tags(customer, tags=tags, operator=operator)
    return customer


def _ensure_not_merged(customer: Customer) -> None:
    if customer.merged_into_id:
        raise BusinessError(f"该档案已合并到档案号 {customer.merged_into_id}，请在合并后的档案中操作。",
                            code="merged")


def _set_consent(customer: Customer, *, kind: str, granted: bool, source: str, operator: Any,
                 note: str = "") -> bool:
    flag, at = ("marketing_consent", "marketing_consent_at") if kind == ConsentKind.MARKETING else \
        ("photo_consent", "photo_consent_at")
    if getattr(customer, flag) == granted:
        return False
    setattr(customer, flag, granted)
    setattr(customer, at, timezone.now())
    customer.save(update_fields=[flag, at, "updated_at"])
    CustomerConsent.objects.create(customer=customer, kind=kind, granted=granted, source=source,
                                   recorded_by=operator, note=note)
    verb = "同意" if granted else "撤回"
    record_event(customer, type="customer.consent", summary=f"{verb}：{ConsentKind(kind).label}",
                 actor=operator, data={"kind": kind, "granted": granted, "source": source})
    return True


@transaction.atomic
def set_consent(customer: Customer, *, kind: str, granted: bool, source: str, operator: Any,
                note: str = "") -> Customer:
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    _ensure_not_merged(customer)
    if kind not in ConsentKind.values:
        raise _field_error("kind", "未知的同意事项。")
    if source not in ConsentSource.values:
        raise _field_error("source", "未知的同意来源。")
    _set_consent(customer, kind=kind, granted=granted, source=source, operator=operator, note=note)
    return customer


# --- tags and consultants -------------------------------------------------------------------------


def _check_tags(tags: Iterable[Tag]) -> list[Tag]:
    tags = list(tags)
    inactive = [t.name for t in tags if not t.is_active]
    if inactive:
        raise _field_error("tags", f"标签已停用：{'、'.join(inactive)}。")
    return tags


@transaction.atomic
def set_tags(customer: Customer, *, tags: Iterable[Tag], operator: Any) -> None:
    wanted = {t.pk: t for t in tags}
    current = set(CustomerTag.objects.filter(customer=customer).values_list("tag_id", flat=True))
    # A tag disabled since it was given may stay; only newly given tags must be active.
    added = _check_tags(wanted[pk] for pk in wanted.keys() - current)
    removed = current - wanted.keys()
    if removed:
        CustomerTag.objects.filter(customer=customer, tag_id__in=removed).delete()
    if added:
        CustomerTag.objects.bulk_create([CustomerTag(customer=customer, tag=t, created_by=operator) for t in added])
    if added or removed:
        names = dict(Tag.objects.filter(pk__in=removed).values_list("pk", "name"))
        parts = ([f"添加 {'、'.join(t.name for t in added)}"] if added else []) + \
                ([f"移除 {'、'.join(names.values())}"] if removed else [])
        record_event(customer, type="customer.tagged", summary="标签：" + "；".join(parts), actor=operator)


@transaction.atomic
def bulk_tag(customers: models.QuerySet, *, add: Iterable[Tag] = (), remove: Iterable[Tag] = (),
             operator: Any) -> int:
    """Add and remove tags on many customers at once; returns how many customers changed."""
    add, remove = _check_tags(add), list(remove)
    if not add and not remove:
        raise _field_error("tags", "请选择要添加或移除的标签。", "required")
    ids = list(customers.values_list("pk", flat=True))
    changed: set[int] = set()
    if remove:
        rows = CustomerTag.objects.filter(customer_id__in=ids, tag__in=remove)
        changed.update(rows.values_list("customer_id", flat=True))
        rows.delete()
    for tag in add:
        have = set(CustomerTag.objects.filter(tag=tag, customer_id__in=ids).values_list("customer_id", flat=True))
        new = [pk for pk in ids if pk not in have]
        CustomerTag.objects.bulk_create([CustomerTag(customer_id=pk, tag=tag, created_by=operator) for pk in new],
                                        batch_size=2000)
        changed.update(new)
    summary = "批量标签：" + "；".join(
        ([f"添加 {'、'.join(t.name for t in add)}"] if add else []) +
        ([f"移除 {'、'.join(t.name for t in remove)}"] if remove else []))
    _events_for(changed, type="customer.tagged", summary=summary, operator=operator)
    return len(changed)


@transaction.atomic
def reassign(customers: models.QuerySet, *, operator: Any, consultant: Any = ...,
             online_consultant: Any = ...) -> int:
    """Give many customers a new on-site and/or online consultant (``None`` clears; ``...`` leaves as is)."""
    updates: dict[str, Any] = {}
    for field, staff in (("consultant", consultant), ("online_consultant", online_consultant)):
        if staff is not ...:
            check_staff_in_scope(operator, staff, field=field)
            updates[field] = staff
    if not updates:
        raise BusinessError("请选择要分配的咨询师。", code="required")
    ids = list(customers.values_list("pk", flat=True))
    rows = list(Customer.objects.select_for_update(of=("self",)).filter(pk__in=ids)
                .select_related("consultant", "online_consultant").order_by("pk"))
    changed = []
    for customer in rows:
        _ensure_not_merged(customer)
        before = {f: getattr(customer, f) for f in updates}
        if all(before[f] == updates[f] for f in updates):
            continue
        for field, staff in updates.items():
            setattr(customer, field, staff)
        customer.org_unit_id = _owning_unit(customer, operator)
        customer.save(update_fields=[*updates, "org_unit", "updated_at"])
        parts = [f"{Customer._meta.get_field(f).verbose_name}：{getattr(before[f], 'name', '无')} → "
                 f"{getattr(updates[f], 'name', '无')}" for f in updates if before[f] != updates[f]]
        record_event(customer, type="customer.reassigned", summary="；".join(parts), actor=operator)
        changed.append(customer.pk)
    return len(changed)


def assign_owning_consultant(customer: Customer, consultant: Any, *, operator: Any) -> bool:
    """The first consultation triage makes ``consultant`` the customer's owner (DOMAIN: customer journey).

    Called inside the triage transaction; returns whether the owner changed.
    """
    if customer.consultant_id:
        return False
    customer.consultant = consultant
    customer.org_unit_id = _owning_unit(customer, operator)
    customer.save(update_fields=["consultant", "org_unit", "updated_at"])
    record_event(customer, type="customer.reassigned", summary=f"分诊指定现场咨询：{consultant.name}",
                 actor=operator)
    return True


def _events_for(customer_ids: Iterable[int], *, type: str, summary: str, operator: Any) -> None:
    from yimei.customers.models import CustomerEvent

    now = timezone.now()
    CustomerEvent.objects.bulk_create([
        CustomerEvent(customer_id=pk, type=type, summary=summary[:255], actor=operator, occurred_at=now,
                      actor_name=getattr(operator, "name", "") or "")
        for pk in customer_ids
    ], batch_size=2000)


# --- tiers ----------------------------------------------------------------------------------------


def tier_for(*, spend: Decimal, points: int, tiers: Iterable[MembershipTier] | None = None) -> MembershipTier | None:
    """The highest active tier reached by ``spend`` or ``points`` (pure; tiers ordered by threshold)."""
    if tiers is None:
        tiers = MembershipTier.objects.filter(is_active=True)
    best: tuple[Any, ...] | None = None
    chosen = None
    for tier in tiers:
        if not tier.is_active:
            continue
        if tier.basis == TierBasis.SPEND:
            reached, rank = spend >= tier.threshold_amount, (tier.threshold_amount, tier.sort)
        else:
            reached, rank = points >= tier.threshold_points, (Decimal(tier.threshold_points), tier.sort)
        # Compare tiers by their place in the configured order, then by threshold.
        key = (tier.sort, rank)
        if reached and (best is None or key > best):
            best, chosen = key, tier
    return chosen


def evaluate_tier(customer: Customer, *, operator: Any = None) -> MembershipTier | None:
    """Re-evaluate the customer's tier from cumulative spend and points; called by every module that
    changes them. Only upgrades and downgrades that the thresholds imply are applied; records an event."""
    tier = tier_for(spend=customer.cumulative_spend_amount, points=customer.points)
    if (tier.pk if tier else None) != customer.tier_id:
        old = customer.tier.name if customer.tier_id else "无"
        Customer.objects.filter(pk=customer.pk).update(tier=tier, updated_at=timezone.now())
        customer.tier = tier
        record_event(customer, type="customer.tier_changed", summary=f"会员等级：{old} → {tier.name if tier else '无'}",
                     actor=operator)
    return tier


@transaction.atomic
def add_spend(customer: Customer | int, *, amount: Decimal, operator: Any = None) -> Customer:
    """Add ``amount`` (negative for a refund) to cumulative spend and re-evaluate the tier (for sales)."""
    customer = Customer.objects.select_for_update().get(pk=getattr(customer, "pk", customer))
    track_locked(customer)
    total = customer.cumulative_spend_amount + amount
    if total < 0:
        raise BusinessError("累计消费不能为负数。", code="invalid_amount")
    customer.cumulative_spend_amount = total
    customer.save(update_fields=["cumulative_spend_amount", "updated_at"])
    evaluate_tier(customer, operator=operator)
    return customer


# --- merge ----------------------------------------------------------------------------------------


def _relations_to_customer() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) with a foreign key to Customer, in every installed app (later modules too)."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is Customer:
                found.append((model, field.name))
    return found


# Models whose rows cannot simply be re-pointed at the target (one row per customer: an account with a
# balance) register how to fold the source's row into the target's: ``handler(source=, target=, operator=)``
# returns the number of rows it moved or changed.
_MERGE_HANDLERS: dict[type[models.Model], Callable[..., int]] = {}


def register_merge_handler(model: type[models.Model]) -> Callable[[Callable[..., int]], Callable[..., int]]:
    def register(handler: Callable[..., int]) -> Callable[..., int]:
        _MERGE_HANDLERS[model] = handler
        return handler
    return register


@transaction.atomic
def merge_customers(*, source: Customer, target: Customer, operator: Any) -> Customer:
    """Move everything of ``source`` to ``target`` and close ``source`` (kept, marked as merged).

    Every row of every module that points at the source moves; tags are united; the target keeps its own
    identity fields and takes the source's where it has none.
    """
    if source.pk == target.pk:
        raise BusinessError("不能把档案合并到它自己。", code="invalid")
    first, second = sorted([source.pk, target.pk])
    locked = {c.pk: c for c in Customer.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")}
    source, target = locked[source.pk], locked[target.pk]
    _ensure_not_merged(source)
    _ensure_not_merged(target)
    moved: dict[str, int] = {}
    for model, field in _relations_to_customer():
        if model is CustomerTag:
            have = CustomerTag.objects.filter(customer=target).values_list("tag_id", flat=True)
            CustomerTag.objects.filter(customer=source, tag_id__in=list(have)).delete()
        if model in _MERGE_HANDLERS:
            count = _MERGE_HANDLERS[model](source=source, target=target, operator=operator)
            if count:
                moved[f"{model._meta.label_lower}.{field}"] = count
            continue
        rows = model._default_manager.filter(**{field: source})
        if model is Customer and field == "referrer_customer":
            rows = rows.exclude(pk=target.pk)
        count = rows.update(**{field: target})
        if count:
            moved[f"{model._meta.label_lower}.{field}"] = count
    # Fill the target's gaps from the source.
    for field in ("id_number", "birthday", "lunar_birth_month", "lunar_birth_day", "card_number", "wechat_openid",
                  "wechat_unionid", "source", "consultant", "online_consultant", "referrer_staff", "allergies",
                  "contraindications"):
        if not getattr(target, field) and getattr(source, field):
            setattr(target, field, getattr(source, field))
    if source.notes:
        target.notes = "\n".join(filter(None, [target.notes, f"[合并自档案号 {source.pk}] {source.notes}"]))
    dates = [d for d in (target.first_visit_on, source.first_visit_on) if d]
    target.first_visit_on = min(dates) if dates else None
    dates = [d for d in (target.last_visit_on, source.last_visit_on) if d]
    target.last_visit_on = max(dates) if dates else None
    target.visit_count += source.visit_count
    target.cumulative_spend_amount += source.cumulative_spend_amount
    target.points += source.points
    for flag, at in (("marketing_consent", "marketing_consent_at"), ("photo_consent", "photo_consent_at")):
        # The most recent decision wins.
        if getattr(source, at) and (not getattr(target, at) or getattr(source, at) > getattr(target, at)):
            setattr(target, flag, getattr(source, flag))
            setattr(target, at, getattr(source, at))
    source_card, source_id_number = source.card_number, source.id_number
    source.merged_into = target
    source.is_active = False
    source.card_number = ""
    source.id_number = ""
    source.save()
    if not target.card_number and source_card:
        target.card_number = source_card
    if not target.id_number and source_id_number:
        target.id_number = source_id_number
    target.org_unit_id = _owning_unit(target, operator)
    _save(target)
    evaluate_tier(target, operator=operator)
    record_event(target, type="customer.merged", summary=f"合并档案：{describe(source)} 并入本档案",
                 actor=operator, source=source, data={"moved": moved, "from": source.pk})
    record_event(source, type="customer.merged", summary=f"本档案已合并到档案号 {target.pk}", actor=operator,
                 source=target)
    return target


def default_source_names() -> list[str]:
    return list(SourceChannel.objects.filter(is_active=True).values_list("name", flat=True))


# --- reference lists ------------------------------------------------------------------------------


@transaction.atomic
def save_reference(serializer: Any, *, unique_message: str) -> models.Model:
    """Create or update a source, tag category, tag or tier; a name clash is a field error, not a 500."""
    try:
        with transaction.atomic():
            return serializer.save()
    except IntegrityError:
        raise _field_error("name", unique_message, "duplicate_name") from None
