"""Deductions (划扣): sessions taken from an entitlement at treatment time, confirmed by the customer's signature,
with operators (operation fees, consumption performance) and consumables for the inventory module. A
reversal is a logged, reversing entry. Each public function is one transaction."""

from __future__ import annotations

import base64
import binascii
import io
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from yimei.core.errors import BusinessError
from yimei.core.money import ZERO, split_proportionally
from yimei.customers.timeline import record_event
from yimei.sales.choices import DeductionStatus, EntitlementStatus, LedgerKind
from yimei.sales.ledgers import (
    deduction_value,
    lock_cards,
    lock_entitlements,
    move_entitlement,
    next_number,
    refresh_card_status,
)
from yimei.sales.models import (
    CustomerCard,
    Deduction,
    DeductionConsumable,
    DeductionOperator,
    Entitlement,
)
from yimei.sales.performance import credit_deduction

SIGNATURE_MAX_BYTES = 512 * 1024
SIGNATURE_MAX_SIDE = 4000
MAX_OPERATORS = 6


def _error(field: str, message: str, code: str = "invalid") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


# --- signature ----------------------------------------------------------------------------------------------


def read_signature(value: Any) -> bytes:
    """The PNG bytes of a signature posted as a data URL (``data:image/png;base64,...``) or an uploaded file."""
    if value is None or value == "":
        raise _error("signature", "请让客户签名确认。", "signature_required")
    if hasattr(value, "read"):
        if getattr(value, "size", 0) > SIGNATURE_MAX_BYTES:
            raise _error("signature", "签名图片过大（最大 512 KB）。", "signature_too_large")
        return value.read()
    if not isinstance(value, str):
        raise _error("signature", "签名格式不正确。", "invalid_signature")
    head, _, data = value.partition(",")
    if not head.startswith("data:image/png;base64") or not data:
        raise _error("signature", "签名须为 PNG 图片（data:image/png;base64,…）。", "invalid_signature")
    if len(data) > SIGNATURE_MAX_BYTES * 4 // 3 + 4:
        raise _error("signature", "签名图片过大（最大 512 KB）。", "signature_too_large")
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise _error("signature", "签名数据已损坏，请重新签名。", "invalid_signature") from None


def check_signature(content: bytes) -> tuple[int, int]:
    """A real PNG, of sensible size, with something drawn on it. Returns (width, height)."""
    from PIL import Image, UnidentifiedImageError

    if len(content) > SIGNATURE_MAX_BYTES:
        raise _error("signature", "签名图片过大（最大 512 KB）。", "signature_too_large")
    if not content.startswith(b"\x89PNG\r\n\x1a\n"):
        raise _error("signature", "签名须为 PNG 图片。", "invalid_signature")
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format != "PNG":
                raise _error("signature", "签名须为 PNG 图片。", "invalid_signature")
            width, height = image.size
            if not (20 <= width <= SIGNATURE_MAX_SIDE and 20 <= height <= SIGNATURE_MAX_SIDE):
                raise _error("signature", "签名图片尺寸不正确。", "invalid_signature")
            image.load()
            drawn = image.convert("RGBA")
            alpha_box = drawn.getchannel("A").getbbox()
            # signature_pad draws dark strokes on a transparent (or white) background.
            ink_box = drawn.convert("L").point(lambda v: 255 if v < 200 else 0).getbbox()
            if alpha_box is None or ink_box is None:
                raise _error("signature", "签名为空，请让客户签名。", "signature_empty")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _error("signature", "签名图片无法读取，请重新签名。", "invalid_signature") from None
    return width, height


# --- deduct ----------------------------------------------------------------------------------------------


def _check_operators(operators: list[dict[str, Any]], item: Any, quantity: int, value: Decimal
                     ) -> list[DeductionOperator]:
    from yimei.catalog.models import OperationFee

    if not operators:
        raise _error("operators", "请至少选择一位操作人。", "required")
    if len(operators) > MAX_OPERATORS:
        raise _error("operators", f"操作人最多 {MAX_OPERATORS} 位。")
    seen = set()
    shares: list[Decimal] = []
    for index, op in enumerate(operators):
        staff, position = op["staff"], op.get("position")
        if not staff.is_active:
            raise _error("operators", f"操作人“{staff.name}”已停用。", "inactive")
        if (staff.pk, getattr(position, "pk", None)) in seen:
            raise _error("operators", f"操作人“{staff.name}”重复。", "duplicate_operator")
        seen.add((staff.pk, getattr(position, "pk", None)))
        if position is not None and not staff.positions.filter(pk=position.pk).exists():
            raise _error("operators", f"“{staff.name}”不在岗位“{position.name}”上。", "wrong_position")
        share = op.get("share")
        if share is not None:
            share = Decimal(str(share))
            if not share.is_finite() or share < 0 or share > 1:
                raise _error("operators", f"第 {index + 1} 位操作人的业绩占比须在 0 到 1 之间。", "invalid_share")
        shares.append(share)
    if all(s is None for s in shares):
        shares = [Decimal(1) / len(operators)] * len(operators)
    elif any(s is None for s in shares) or sum(shares) != 1:
        raise _error("operators", "各操作人的业绩占比合计须为 1（或都不填，平均分配）。", "invalid_share")
    parts = split_proportionally(value, shares)
    fees = {}
    if item is not None:
        fees = dict(OperationFee.objects.filter(item=item, position_id__in=[
            op["position"].pk for op in operators if op.get("position")]).values_list("position_id", "fee_amount"))
    rows = []
    for op, share, part in zip(operators, shares, parts, strict=True):
        position = op.get("position")
        fee = fees.get(position.pk, ZERO) * quantity if position is not None else ZERO
        rows.append(DeductionOperator(staff=op["staff"], position=position,
                                      position_name=position.name if position else "",
                                      share=share.quantize(Decimal("0.0001")), performance_amount=part,
                                      fee_amount=fee))
    return rows


def _choice_item(entitlement: Entitlement, card: CustomerCard, item: Any, quantity: int) -> dict[str, Any]:
    """For an N-choose-M card: the chosen item must be listed, within its cap and the repeat rule."""
    if item is None:
        raise _error("item", "N选M卡请选择本次做的项目。", "item_required")
    listed = {row["item"]: row for row in card.choice_items}
    row = listed.get(item.pk)
    if row is None:
        names = "、".join(r["name"] for r in card.choice_items)
        raise _error("item", f"“{item.name}”不在此卡的可选项目中（{names}）。", "item_not_eligible")
    done = sum(Deduction.objects.filter(entitlement=entitlement, item_id=item.pk, status=DeductionStatus.DONE)
               .values_list("quantity", flat=True))
    if not card.allow_repeat and (done or quantity > 1):
        raise _error("item", f"此卡每个项目只能选一次，“{item.name}”已选过或本次次数超过 1。", "repeat_not_allowed")
    cap = row.get("cap")
    if cap is not None and done + quantity > cap:
        raise _error("item", f"“{item.name}”在此卡中最多 {cap} 次，已做 {done} 次。", "over_cap")
    return row


@transaction.atomic
def deduct(entitlement: Entitlement, *, customer: Any, quantity: int, operators: list[dict[str, Any]],
           signature: Any, operator: Any, item: Any = None, visit: Any = None, performed_at: datetime | None = None,
           note: str = "", idempotency_key: str | None = None) -> Deduction:
    """划扣 ``quantity`` sessions. ``customer`` is who is being treated: the entitlement must be theirs."""
    if idempotency_key:
        found = Deduction.objects.filter(idempotency_key=idempotency_key).first()
        if found is not None:
            return found
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise _error("quantity", "划扣次数须为正整数。", "invalid_quantity")
    if entitlement.customer_id != customer.pk:
        raise _error("entitlement", "该剩余次数不属于此客户，不能划扣。", "wrong_customer")
    if visit is not None and visit.customer_id != customer.pk:
        raise _error("visit", "该到访不属于此客户。")
    now = timezone.now()
    if performed_at is not None and performed_at > now + timedelta(minutes=5):
        raise _error("performed_at", "治疗时间不能晚于现在。")
    content = read_signature(signature)
    check_signature(content)
    # Lock order: the card, then the entitlement.
    card = lock_cards([entitlement.card_id]).get(entitlement.card_id) if entitlement.card_id else None
    entitlement = lock_entitlements([entitlement.pk])[entitlement.pk]
    today = timezone.localdate()
    if entitlement.status == EntitlementStatus.REFUNDED or (card is not None and card.status == "refunded"):
        raise _error("entitlement", "该项目已退，不能划扣。", "refunded")
    if entitlement.expires_on is not None and entitlement.expires_on < today:
        raise _error("entitlement", f"“{entitlement.item_name}”已于 {entitlement.expires_on} 过期，不能划扣。",
                     "expired")
    if quantity > entitlement.sessions_remaining:
        raise _error("quantity", f"“{entitlement.item_name}”只剩 {entitlement.sessions_remaining} 次，"
                                 f"不能划扣 {quantity} 次。", "insufficient_sessions")
    if entitlement.is_choice:
        row = _choice_item(entitlement, card, item, quantity)
        item_id, code, name = item.pk, row.get("code", item.code), item.name
    else:
        if item is not None and item.pk != entitlement.item_id:
            raise _error("item", f"此剩余次数只能做“{entitlement.item_name}”。", "item_not_eligible")
        item_id, code, name = entitlement.item_id, entitlement.item_code, entitlement.item_name
    value = deduction_value(entitlement, quantity)
    from yimei.catalog.models import ItemConsumable, TreatmentItem

    catalog_item = TreatmentItem.objects.filter(pk=item_id).first() if item_id else None
    operator_rows = _check_operators(operators, catalog_item, quantity, value)
    deduction = Deduction(
        number=next_number("HK"), customer=customer, entitlement=entitlement, card=card, item=catalog_item,
        item_code=code, item_name=name, quantity=quantity, value_amount=value, performed_at=performed_at or now,
        visit=visit, signature_size=len(content), note=(note or "")[:200],
        idempotency_key=idempotency_key or None,
        org_unit_id=customer.org_unit_id or getattr(operator, "org_unit_id", None), created_by=operator)
    deduction.signature.save(f"{uuid.uuid4().hex}.png", ContentFile(content), save=False)
    deduction.save()
    for row in operator_rows:
        row.deduction = deduction
    DeductionOperator.objects.bulk_create(operator_rows)
    if catalog_item is not None:
        DeductionConsumable.objects.bulk_create([
            DeductionConsumable(deduction=deduction, product=c.product, product_code=c.product.code,
                                product_name=c.product.name, unit=c.product.unit, quantity=c.quantity * quantity)
            for c in ItemConsumable.objects.filter(item=catalog_item).select_related("product")])
    move_entitlement(entitlement, sessions=-quantity, value=-value, kind=LedgerKind.DEDUCT, operator=operator,
                     deduction=deduction)
    if card is not None:
        refresh_card_status(card)
    credit_deduction(deduction, operator_rows)
    names = "、".join(r.staff.name for r in operator_rows)
    record_event(customer, type="deduction.done",
                 summary=f"划扣 {name} × {quantity}，剩余 {entitlement.sessions_remaining} 次，操作人 {names}",
                 actor=operator, source=deduction, occurred_at=deduction.performed_at,
                 data={"quantity": quantity, "remaining": entitlement.sessions_remaining})
    return deduction


@transaction.atomic
def reverse_deduction(deduction: Deduction, *, reason: str, operator: Any) -> Deduction:
    """冲正: give the sessions and their value back, write negative performance, cancel unposted consumables."""
    reason = (reason or "").strip()
    if not reason:
        raise _error("reason", "请填写冲正原因。", "required")
    entitlement = Entitlement.objects.get(pk=deduction.entitlement_id)
    card = lock_cards([entitlement.card_id]).get(entitlement.card_id) if entitlement.card_id else None
    entitlement = lock_entitlements([entitlement.pk])[entitlement.pk]
    deduction = Deduction.objects.select_for_update().get(pk=deduction.pk)
    if deduction.status != DeductionStatus.DONE:
        raise BusinessError("该划扣已冲正，不能重复冲正。", code="already_reversed")
    if entitlement.status == EntitlementStatus.REFUNDED:
        raise BusinessError("该项目已退款，不能冲正划扣。", code="refunded")
    now = timezone.now()
    deduction.status, deduction.reversal_reason = DeductionStatus.REVERSED, reason[:200]
    deduction.reversed_by, deduction.reversed_at = operator, now
    deduction.save(update_fields=["status", "reversal_reason", "reversed_by", "reversed_at", "updated_at"])
    move_entitlement(entitlement, sessions=deduction.quantity, value=deduction.value_amount,
                     kind=LedgerKind.REVERSAL, operator=operator, deduction=deduction)
    if card is not None:
        refresh_card_status(card)
    DeductionConsumable.objects.filter(deduction=deduction, posted_at__isnull=True).update(cancelled_at=now)
    credit_deduction(deduction, list(deduction.operators.select_related("staff")), sign=-1)
    record_event(deduction.customer_id, type="deduction.reversed",
                 summary=f"冲正划扣 {deduction.number}（{deduction.item_name} × {deduction.quantity}）：{reason[:100]}",
                 actor=operator, source=deduction)
    return deduction
