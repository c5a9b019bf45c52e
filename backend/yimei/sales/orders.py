"""Orders (开单): pricing from the catalogue, discounts within the operator's limit or a supervisor's approval,
voiding an unpaid order. Each public function is one transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from yimei.accounts.authz import get_access
from yimei.catalog.choices import CardKind
from yimei.core.errors import BusinessError
from yimei.core.money import ZERO, format_amount
from yimei.customers.timeline import record_event
from yimei.sales.assets import card_snapshot, grant_assets
from yimei.sales.choices import (
    ApprovalMethod,
    ApprovalStatus,
    DiscountKind,
    DiscountStatus,
    DiscountValueType,
    LineKind,
    OrderStatus,
)
from yimei.sales.ledgers import next_number
from yimei.sales.models import DiscountApproval, Order, OrderDiscount, OrderLine, RoleDiscountLimit
from yimei.sales.pricing import Discount, LineInput, PricedOrder, clean_discount, price_order

APPROVE_CODE = "sales.discount.approve"
MAX_QUANTITY = 999


def _error(field: str, message: str, code: str = "invalid") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


# --- discount limits -----------------------------------------------------------------------------------


def discount_limit_of(user: Any) -> Decimal:
    """The lowest manual rate ``user`` may give: the lowest limit of their roles; 1 (none) without a limit."""
    rates = list(RoleDiscountLimit.objects.filter(role__users=user).values_list("min_rate", flat=True))
    return min(rates) if rates else Decimal(1)


def _check_supervisor(username: str, password: str, rate: Decimal) -> Any:
    """A supervisor's password given at the counter: the account must be active, the password right, and the
    supervisor must hold the approve code and a limit that covers ``rate``."""
    from yimei.accounts.models import User

    supervisor = User.objects.filter(username__iexact=(username or "").strip(), is_active=True).first()
    if supervisor is None or not supervisor.check_password(password or ""):
        raise _error("approver_password", "授权主管的账号或密码不正确。", "approval_failed")
    if not get_access(supervisor).has(APPROVE_CODE):
        raise _error("approver_username", f"“{supervisor.name}”没有审批折扣的权限。", "approval_failed")
    limit = discount_limit_of(supervisor)
    if rate < limit:
        raise _error("approver_username", f"折扣 {rate} 超出“{supervisor.name}”的审批权限（最低 {limit}）。",
                     "approval_failed")
    return supervisor


# --- pricing -------------------------------------------------------------------------------------------


def _line_inputs(customer: Any, lines: list[dict[str, Any]]) -> list[LineInput]:
    from yimei.catalog.models import ItemTierPrice

    if not lines:
        raise _error("lines", "订单至少要有一项。", "empty_order")
    if len(lines) > 100:
        raise _error("lines", "一张订单最多 100 项。")
    item_ids = [line["item"].pk for line in lines if line.get("kind") == LineKind.ITEM and line.get("item")]
    tier_prices: dict[int, Decimal] = {}
    if customer.tier_id and item_ids:
        tier_prices = dict(ItemTierPrice.objects.filter(tier_id=customer.tier_id, item_id__in=item_ids)
                           .values_list("item_id", "price_amount"))
    rate = customer.tier.discount_rate if customer.tier_id else Decimal(1)
    inputs = []
    for index, line in enumerate(lines):
        field = f"lines[{index}]"
        kind = line.get("kind")
        quantity = line.get("quantity")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= MAX_QUANTITY:
            raise _error(field, f"第 {index + 1} 项的数量须为 1–{MAX_QUANTITY} 的整数。", "invalid_quantity")
        discount = clean_discount(line.get("discount"), field=field)
        if kind == LineKind.ITEM:
            item = line.get("item")
            if item is None:
                raise _error(field, f"第 {index + 1} 项请选择项目。", "required")
            if not item.is_active:
                raise _error(field, f"项目“{item.name}”已停用，不能开单。", "inactive")
            member = tier_prices.get(item.pk)
            if member is None and rate < 1:
                from yimei.core.money import quantize_amount

                member = quantize_amount(item.price_amount * rate)
            inputs.append(LineInput(kind, item.code, item.name, item.session_unit, quantity, item.price_amount,
                                    member, True, discount, item))
        elif kind == LineKind.PRODUCT:
            product = line.get("product")
            if product is None:
                raise _error(field, f"第 {index + 1} 项请选择商品。", "required")
            if not product.is_active:
                raise _error(field, f"商品“{product.name}”已停用，不能开单。", "inactive")
            inputs.append(LineInput(kind, product.code, product.name, product.unit, quantity, product.price_amount,
                                    None, True, discount, product))
        elif kind == LineKind.CARD:
            card_type = line.get("card_type")
            if card_type is None:
                raise _error(field, f"第 {index + 1} 项请选择卡项。", "required")
            if not card_type.is_active:
                raise _error(field, f"卡项“{card_type.name}”已停用，不能开单。", "inactive")
            if card_type.kind != CardKind.STORED_VALUE and not card_type.card_items.exists():
                raise _error(field, f"卡项“{card_type.name}”没有包含任何项目，不能销售。", "invalid_card")
            if card_type.valid_until and card_type.valid_until < timezone.localdate():
                raise _error(field, f"卡项“{card_type.name}”已过固定到期日，不能销售。", "invalid_card")
            inputs.append(LineInput(kind, card_type.code, card_type.name, "张", quantity, card_type.price_amount,
                                    None, card_type.kind != CardKind.STORED_VALUE, discount, card_type))
        else:
            raise _error(field, f"第 {index + 1} 项的类型须为项目、商品或卡项。")
    return inputs


def quote(*, customer: Any, lines: list[dict[str, Any]], order_discount: dict[str, Any] | None = None) -> PricedOrder:
    """Price an order without saving it (the order page shows this as the consultant types)."""
    return price_order(_line_inputs(customer, lines), order_discount=clean_discount(order_discount,
                                                                                    field="order_discount"))


# --- orders ----------------------------------------------------------------------------------------------


def _check_staff(staff: Any, field: str, label: str) -> None:
    if staff is not None and not staff.is_active:
        raise _error(field, f"{label}“{staff.name}”已停用，不能指定。", "inactive")


def _save_lines(order: Order, priced: PricedOrder, approver: Any) -> None:
    for sort, p in enumerate(priced.lines):
        ref = p.input.ref
        line = OrderLine.objects.create(
            order=order, kind=p.input.kind, item=ref if p.input.kind == LineKind.ITEM else None,
            product=ref if p.input.kind == LineKind.PRODUCT else None,
            card_type=ref if p.input.kind == LineKind.CARD else None,
            card_kind=ref.kind if p.input.kind == LineKind.CARD else "",
            card_snapshot=card_snapshot(ref) if p.input.kind == LineKind.CARD else {},
            code=p.input.code, name=p.input.name, unit=p.input.unit, quantity=p.input.quantity,
            unit_price_amount=p.unit_price, member_unit_price_amount=p.member_unit_price,
            list_amount=p.list_amount, tier_discount_amount=p.tier_discount, line_discount_amount=p.line_discount,
            order_discount_amount=p.order_discount, total_amount=p.total, sort=sort)
        if p.tier_discount:
            OrderDiscount.objects.create(order=order, line=line, kind=DiscountKind.TIER,
                                         value_type=DiscountValueType.PRICE, value=p.member_unit_price,
                                         amount=p.tier_discount, reason="会员价")
        if p.line_discount:
            d = p.input.discount
            OrderDiscount.objects.create(
                order=order, line=line, kind=DiscountKind.MANUAL_LINE,
                value_type=DiscountValueType.RATE if d.rate is not None else DiscountValueType.AMOUNT,
                value=d.rate if d.rate is not None else d.amount, amount=p.line_discount, reason=d.reason,
                approved_by=approver)
    if priced.order_discount_amount:
        d = priced.order_discount
        OrderDiscount.objects.create(
            order=order, kind=DiscountKind.MANUAL_ORDER,
            value_type=DiscountValueType.RATE if d.rate is not None else DiscountValueType.AMOUNT,
            value=d.rate if d.rate is not None else d.amount, amount=priced.order_discount_amount, reason=d.reason,
            approved_by=approver)


def settle_if_covered(order: Order, *, operator: Any) -> bool:
    """Grant the assets once paid plus debt covers the total (called with the order locked)."""
    if order.settled_at is not None or order.discount_status in (DiscountStatus.PENDING, DiscountStatus.REJECTED):
        return False
    if order.paid_amount + order.debt_amount < order.total_amount:
        return False
    order.settled_at = timezone.now()
    if order.paid_amount == order.total_amount:
        order.status = OrderStatus.PAID
    order.save(update_fields=["settled_at", "status", "updated_at"])
    grant_assets(order, operator=operator)
    return True


@transaction.atomic
def create_order(*, customer: Any, lines: list[dict[str, Any]], operator: Any,
                 order_discount: dict[str, Any] | None = None, consultant: Any = ..., online_consultant: Any = ...,
                 doctor: Any = None, visit: Any = None, consultation: Any = None, note: str = "",
                 approver_username: str = "", approver_password: str = "", request_approval: bool = False,
                 approval_reason: str = "", idempotency_key: str | None = None) -> Order:
    """Open an order. Attribution defaults to the customer's consultants. A manual discount below the
    operator's limit needs a supervisor's username and password now, or ``request_approval`` (the order then
    waits, unpayable, until a supervisor decides)."""
    if idempotency_key:
        existing = Order.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if customer.merged_into_id:
        raise _error("customer", f"该档案已合并到档案号 {customer.merged_into_id}，请在合并后的档案中开单。", "merged")
    consultant = customer.consultant if consultant is ... else consultant
    online_consultant = customer.online_consultant if online_consultant is ... else online_consultant
    for staff, field, label in ((consultant, "consultant", "现场咨询"),
                                (online_consultant, "online_consultant", "网电咨询"), (doctor, "doctor", "医生")):
        _check_staff(staff, field, label)
    if visit is not None and visit.customer_id != customer.pk:
        raise _error("visit", "该到访不属于此客户。")
    if consultation is not None and consultation.customer_id != customer.pk:
        raise _error("consultation", "该咨询记录不属于此客户。")
    priced = quote(customer=customer, lines=lines, order_discount=order_discount)
    rate = priced.lowest_manual_rate
    limit = discount_limit_of(operator)
    status, approver, method = DiscountStatus.NONE, None, None
    if rate is not None and rate < limit:
        if approver_username or approver_password:
            approver = _check_supervisor(approver_username, approver_password, rate)
            status, method = DiscountStatus.APPROVED, ApprovalMethod.PASSWORD
        elif request_approval:
            status, method = DiscountStatus.PENDING, ApprovalMethod.REQUEST
        else:
            message = (f"折扣 {rate} 低于您的权限（最低 {limit}）：请主管输入账号密码授权，或提交折扣审批。")
            raise _error("discount", message, "discount_over_limit")
    order = Order.objects.create(
        number=next_number("XS"), customer=customer, visit=visit, consultation=consultation,
        list_amount=priced.list_amount, discount_amount=priced.discount_amount, total_amount=priced.total,
        consultant=consultant, online_consultant=online_consultant, doctor=doctor,
        org_unit_id=customer.org_unit_id or getattr(operator, "org_unit_id", None), created_by=operator,
        note=(note or "")[:500], idempotency_key=idempotency_key or None, discount_status=status,
        discount_rate=rate, discount_approved_by=approver,
        discount_approved_at=timezone.now() if approver else None)
    _save_lines(order, priced, approver)
    if method is not None:
        DiscountApproval.objects.create(
            order=order, method=method, rate=rate, limit_rate=limit, requested_by=operator,
            reason=(approval_reason or "")[:200],
            status=ApprovalStatus.APPROVED if approver else ApprovalStatus.PENDING,
            decided_by=approver, decided_at=timezone.now() if approver else None)
    names = "、".join(f"{p.input.name}×{p.input.quantity}" for p in priced.lines)
    record_event(customer, type="order.created",
                 summary=f"开单 {order.number}：{names}，应收 {format_amount(order.total_amount)}",
                 actor=operator, source=order, data={"total": str(order.total_amount)})
    if order.total_amount == ZERO:
        settle_if_covered(order, operator=operator)
    return order


@transaction.atomic
def void_order(order: Order, *, operator: Any, reason: str) -> Order:
    """Cancel an order nothing has been paid on."""
    reason = (reason or "").strip()
    if not reason:
        raise _error("reason", "请填写作废原因。", "required")
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status == OrderStatus.VOID:
        raise BusinessError("该订单已作废。", code="already_void")
    if order.paid_amount > 0 or order.debt_amount > 0 or order.settled_at is not None:
        raise BusinessError("订单已收款或已结清，不能作废；请走退款。", code="order_paid")
    order.status = OrderStatus.VOID
    order.voided_at, order.voided_by, order.void_reason = timezone.now(), operator, reason[:200]
    order.save(update_fields=["status", "voided_at", "voided_by", "void_reason", "updated_at"])
    DiscountApproval.objects.filter(order=order, status=ApprovalStatus.PENDING).update(
        status=ApprovalStatus.REJECTED, decision_note="订单已作废", decided_at=timezone.now())
    record_event(order.customer_id, type="order.voided", summary=f"作废订单 {order.number}：{reason[:100]}",
                 actor=operator, source=order)
    return order


@transaction.atomic
def approve_discount(approval: DiscountApproval, *, operator: Any, approve: bool, note: str = "") -> DiscountApproval:
    """A supervisor approves or rejects a discount request. Approving needs a limit that covers the rate; a
    requester never decides their own request."""
    order = Order.objects.select_for_update().get(pk=approval.order_id)
    approval = DiscountApproval.objects.select_for_update().get(pk=approval.pk)
    if approval.status != ApprovalStatus.PENDING:
        raise BusinessError("该折扣申请已处理。", code="already_decided")
    if order.status == OrderStatus.VOID:
        raise BusinessError("订单已作废。", code="already_void")
    if approval.requested_by_id == getattr(operator, "pk", None):
        raise BusinessError("不能审批自己提交的折扣申请。", code="self_approval")
    if approve:
        limit = discount_limit_of(operator)
        if approval.rate < limit:
            raise BusinessError(f"折扣 {approval.rate} 超出您的审批权限（最低 {limit}），请由更高权限的主管审批。",
                                code="discount_over_limit")
    now = timezone.now()
    approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    approval.decided_by, approval.decided_at, approval.decision_note = operator, now, (note or "")[:200]
    approval.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    order.discount_status = DiscountStatus.APPROVED if approve else DiscountStatus.REJECTED
    fields = ["discount_status", "updated_at"]
    if approve:
        order.discount_approved_by, order.discount_approved_at = operator, now
        fields += ["discount_approved_by", "discount_approved_at"]
        OrderDiscount.objects.filter(order=order).exclude(kind=DiscountKind.TIER).update(approved_by=operator)
    order.save(update_fields=fields)
    if approve and order.total_amount == ZERO:
        settle_if_covered(order, operator=operator)
    return approval


def manual_rate_of(order: Order) -> Decimal | None:
    return order.discount_rate


__all__ = [
    "Discount",
    "approve_discount",
    "create_order",
    "discount_limit_of",
    "quote",
    "settle_if_covered",
    "void_order",
]
