"""The cashier (收银台): payments of orders in several modes, debt and its repayment, deposits. Each public
function is one transaction.

A payment lists entries by mode. Cash may exceed what is due (the difference is the change); other modes
may not. Stored value is taken from the named card in its principal/bonus ratio; a deposit from the
customer's deposit account; "debt" leaves the remainder owed (it must be exactly the remainder). An order is
settled — its assets granted — once paid plus debt covers the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from yimei.audit.services import track_locked
from yimei.core.errors import BusinessError
from yimei.core.money import ZERO, clean_amount, format_amount
from yimei.customers.services import add_spend
from yimei.customers.timeline import record_event
from yimei.sales.choices import (
    BALANCE_KINDS,
    MONEY_IN_KINDS,
    CardStatus,
    DiscountStatus,
    LedgerKind,
    OrderStatus,
    PaymentKind,
    PaymentModeKind,
)
from yimei.sales.ledgers import (
    lock_cards,
    lock_deposit_account,
    move_deposit,
    move_stored_value,
    next_number,
    split_spend,
)
from yimei.sales.models import Order, Payment, PaymentEntry
from yimei.sales.orders import settle_if_covered
from yimei.sales.performance import credit_sales


def _error(message: str, code: str = "invalid", field: str = "entries") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


@dataclass
class EntryPlan:
    mode: Any
    amount: Decimal  # applied
    reference: str = ""
    card: Any = None
    tendered: Decimal | None = None
    principal: Decimal = ZERO
    bonus: Decimal = ZERO
    account: Any = None

    @property
    def kind(self) -> str:
        return self.mode.kind


def _plan(entries: list[dict[str, Any]], *, due: Decimal | None, allowed: tuple[str, ...], customer_id: int,
          ) -> tuple[list[EntryPlan], Decimal]:
    """Check the entries and work out what each applies and the change; ``due=None`` means no cap (deposits)."""
    if not entries:
        raise _error("请至少选择一种收款方式。", "required")
    if len(entries) > 10:
        raise _error("一次最多 10 种收款方式。")
    plans: list[EntryPlan] = []
    seen: set[tuple[int, int | None]] = set()
    for index, entry in enumerate(entries):
        mode = entry["mode"]
        label = f"第 {index + 1} 项（{mode.name}）"
        amount = clean_amount(entry.get("amount"), field="entries", label=f"{label}金额")
        if not mode.is_active:
            raise _error(f"{label}：收款方式已停用。", "inactive")
        if mode.kind not in allowed:
            raise _error(f"{label}：此处不能使用{mode.get_kind_display()}。", "mode_not_allowed")
        card = entry.get("card")
        key = (mode.pk, getattr(card, "pk", None))
        if key in seen:
            raise _error(f"{label}：同一收款方式重复，请合并金额。", "duplicate_mode")
        seen.add(key)
        reference = (entry.get("reference") or "").strip()[:64]
        if mode.needs_reference and not reference:
            raise _error(f"{label}：请填写交易流水号。", "reference_required")
        if mode.kind == PaymentModeKind.STORED_VALUE:
            if card is None:
                raise _error(f"{label}：请选择储值卡。", "card_required")
            if card.customer_id != customer_id:
                raise _error(f"{label}：该储值卡不属于此客户。", "wrong_customer")
        elif card is not None:
            raise _error(f"{label}：只有储值卡付款需要选择卡。")
        plans.append(EntryPlan(mode=mode, amount=amount, reference=reference, card=card))
    if due is None:
        return plans, ZERO
    cash = [p for p in plans if p.kind == PaymentModeKind.CASH]
    debt = sum((p.amount for p in plans if p.kind == PaymentModeKind.DEBT), ZERO)
    other = sum((p.amount for p in plans if p.kind not in (PaymentModeKind.CASH, PaymentModeKind.DEBT)), ZERO)
    cash_given = sum((p.amount for p in cash), ZERO)
    if other + debt > due:
        raise _error(f"付款金额 {format_amount(other + debt)} 超过应收 {format_amount(due)}；只有现金可以多收并找零。",
                     "overpaid")
    change = ZERO
    if cash:
        needed = due - other - debt
        if needed <= 0:
            raise _error("其他方式已足额，无需再收现金。", "overpaid")
        applied = min(cash_given, needed)
        change = cash_given - applied
        # Several cash modes are merged into the first (a till has one drawer).
        cash[0].tendered, cash[0].amount = cash_given, applied
        for extra in cash[1:]:
            plans.remove(extra)
    if debt:
        if change:
            raise _error("有欠款时不能找零。", "invalid_debt")
        paid = sum((p.amount for p in plans if p.kind != PaymentModeKind.DEBT), ZERO)
        if paid + debt != due:
            raise _error(f"欠款须等于剩余应收 {format_amount(due - paid)}。", "invalid_debt")
    return plans, change


def _apply_balances(plans: list[EntryPlan], *, customer_id: int) -> None:
    """Lock and check the stored-value cards (by primary key) and the deposit account the plans spend."""
    from django.utils import timezone

    cards = lock_cards(p.card.pk for p in plans if p.card is not None)
    today = timezone.localdate()
    for plan in plans:
        if plan.kind == PaymentModeKind.STORED_VALUE:
            card = plan.card = cards[plan.card.pk]
            if card.kind != "stored_value":
                raise _error(f"“{card.name}”不是储值卡。", "invalid_card")
            if card.status != CardStatus.ACTIVE:
                raise _error(f"储值卡“{card.name}”{card.get_status_display()}，不能使用。", "card_inactive")
            if card.is_expired(today):
                raise _error(f"储值卡“{card.name}”已于 {card.expires_on} 过期，不能使用。", "card_expired")
            plan.principal, plan.bonus = split_spend(card, plan.amount)
    if any(p.kind == PaymentModeKind.DEPOSIT for p in plans):
        account = lock_deposit_account(customer_id)
        need = sum((p.amount for p in plans if p.kind == PaymentModeKind.DEPOSIT), ZERO)
        if need > account.balance_amount:
            raise _error(f"定金余额不足：可用 {account.balance_amount} 元，需 {need} 元。", "insufficient_balance")
        for plan in plans:
            if plan.kind == PaymentModeKind.DEPOSIT:
                plan.account = account


def _write(payment: Payment, plans: list[EntryPlan], *, operator: Any) -> None:
    for plan in plans:
        PaymentEntry.objects.create(
            payment=payment, mode=plan.mode, mode_kind=plan.kind, mode_name=plan.mode.name, amount=plan.amount,
            tendered_amount=plan.tendered, reference=plan.reference, card=plan.card,
            principal_amount=plan.principal, bonus_amount=plan.bonus, deposit_account=plan.account)
        if plan.kind == PaymentModeKind.STORED_VALUE:
            move_stored_value(plan.card, principal=-plan.principal, bonus=-plan.bonus, kind=LedgerKind.SPEND,
                              operator=operator, payment=payment)
        elif plan.kind == PaymentModeKind.DEPOSIT:
            move_deposit(plan.account, amount=-plan.amount, kind=LedgerKind.SPEND, operator=operator, payment=payment)


def _modes_text(plans: list[EntryPlan]) -> str:
    return "、".join(f"{p.mode.name} {format_amount(p.amount)}" for p in plans)


def collected(plans: list[EntryPlan]) -> Decimal:
    """Money that came in from outside: the sales-performance base."""
    return sum((p.amount for p in plans if p.kind in MONEY_IN_KINDS), ZERO)


def spent(plans: list[EntryPlan]) -> Decimal:
    """What counts toward the customer's cumulative spend: everything but stored value (counted when the card
    was bought) and debt (counted when repaid)."""
    return sum((p.amount for p in plans if p.kind not in (PaymentModeKind.STORED_VALUE, PaymentModeKind.DEBT)), ZERO)


def _replayed(key: str | None, **match: Any) -> Payment | None:
    if not key:
        return None
    found = Payment.objects.filter(idempotency_key=key).first()
    if found is not None and any(getattr(found, f"{k}_id") != v for k, v in match.items()):
        raise BusinessError("该幂等键已用于另一笔收款。", code="idempotency_key_reused", status_code=409)
    return found


@transaction.atomic
def take_payment(order: Order, *, entries: list[dict[str, Any]], operator: Any, note: str = "",
                 idempotency_key: str | None = None) -> Payment:
    """收款: pay an order in one or more modes; settles it (grants the assets) when covered."""
    found = _replayed(idempotency_key, order=order.pk)
    if found is not None:
        return found
    order = Order.objects.select_for_update(of=("self",)).select_related(
        "consultant", "online_consultant", "doctor").get(pk=order.pk)
    track_locked(order)
    if order.status == OrderStatus.VOID:
        raise BusinessError("订单已作废，不能收款。", code="already_void")
    if order.discount_status == DiscountStatus.PENDING:
        raise BusinessError("订单的折扣正在等待主管审批，审批通过后才能收款。", code="approval_pending")
    if order.discount_status == DiscountStatus.REJECTED:
        raise BusinessError("订单的折扣审批被驳回，请作废后重新开单。", code="approval_rejected")
    due = order.outstanding_amount
    if due <= 0:
        raise BusinessError("订单已结清，无需再收款。", code="already_paid")
    allowed = (*MONEY_IN_KINDS, *BALANCE_KINDS, PaymentModeKind.DEBT)
    plans, change = _plan(entries, due=due, allowed=allowed, customer_id=order.customer_id)
    _apply_balances(plans, customer_id=order.customer_id)
    total = sum((p.amount for p in plans if p.kind != PaymentModeKind.DEBT), ZERO)
    debt = sum((p.amount for p in plans if p.kind == PaymentModeKind.DEBT), ZERO)
    payment = Payment.objects.create(
        number=next_number("SK"), kind=PaymentKind.SALE, order=order, customer_id=order.customer_id,
        total_amount=total, change_amount=change, cashier=operator, org_unit_id=order.org_unit_id,
        note=(note or "")[:200], idempotency_key=idempotency_key or None)
    _write(payment, plans, operator=operator)
    order.paid_amount += total
    order.debt_amount += debt
    order.status = OrderStatus.PAID if order.paid_amount == order.total_amount else OrderStatus.PARTIALLY_PAID
    order.save(update_fields=["paid_amount", "debt_amount", "status", "updated_at"])
    settle_if_covered(order, operator=operator)
    _after_collection(order, payment, plans, operator=operator)
    summary = f"收款 {format_amount(total)}（{_modes_text(plans)}），订单 {order.number}"
    if change:
        summary += f"，找零 {format_amount(change)}"
    record_event(order.customer_id, type="payment.received", summary=summary, actor=operator, source=payment,
                 data={"order": order.number, "total": str(total), "debt": str(debt)})
    return payment


def _after_collection(order: Order, payment: Payment, plans: list[EntryPlan], *, operator: Any) -> None:
    credit_sales(collected(plans), customer=order.customer_id, consultant=order.consultant,
                 online_consultant=order.online_consultant, doctor=order.doctor, order=order, payment=payment,
                 summary=f"订单 {order.number}")
    spend = spent(plans)
    if spend:
        add_spend(order.customer_id, amount=spend, operator=operator)


@transaction.atomic
def repay_debt(order: Order, *, entries: list[dict[str, Any]], operator: Any, note: str = "",
               idempotency_key: str | None = None) -> Payment:
    """还款: pay (part of) an order's debt."""
    found = _replayed(idempotency_key, order=order.pk)
    if found is not None:
        return found
    order = Order.objects.select_for_update(of=("self",)).select_related(
        "consultant", "online_consultant", "doctor").get(pk=order.pk)
    track_locked(order)
    if order.debt_amount <= 0:
        raise BusinessError("该订单没有欠款。", code="no_debt")
    allowed = (*MONEY_IN_KINDS, *BALANCE_KINDS)
    plans, change = _plan(entries, due=order.debt_amount, allowed=allowed, customer_id=order.customer_id)
    _apply_balances(plans, customer_id=order.customer_id)
    total = sum((p.amount for p in plans), ZERO)
    payment = Payment.objects.create(
        number=next_number("SK"), kind=PaymentKind.REPAYMENT, order=order, customer_id=order.customer_id,
        total_amount=total, change_amount=change, cashier=operator, org_unit_id=order.org_unit_id,
        note=(note or "")[:200], idempotency_key=idempotency_key or None)
    _write(payment, plans, operator=operator)
    order.paid_amount += total
    order.debt_amount -= total
    if order.paid_amount == order.total_amount:
        order.status = OrderStatus.PAID
    order.save(update_fields=["paid_amount", "debt_amount", "status", "updated_at"])
    _after_collection(order, payment, plans, operator=operator)
    left = f"，尚欠 {format_amount(order.debt_amount)}" if order.debt_amount else "，欠款已还清"
    record_event(order.customer_id, type="payment.received",
                 summary=f"还款 {format_amount(total)}（{_modes_text(plans)}），订单 {order.number}{left}",
                 actor=operator, source=payment, data={"order": order.number, "total": str(total)})
    return payment


@transaction.atomic
def take_deposit(customer: Any, *, entries: list[dict[str, Any]], operator: Any, consultant: Any = ...,
                 online_consultant: Any = ..., note: str = "", idempotency_key: str | None = None) -> Payment:
    """收定金: money taken before an order, kept in the customer's deposit account. Its sales performance is
    credited now (to the customer's consultants unless others are named)."""
    found = _replayed(idempotency_key, customer=customer.pk)
    if found is not None:
        return found
    if customer.merged_into_id:
        raise BusinessError(f"该档案已合并到档案号 {customer.merged_into_id}。", code="merged")
    plans, _ = _plan(entries, due=None, allowed=MONEY_IN_KINDS, customer_id=customer.pk)
    total = sum((p.amount for p in plans), ZERO)
    account = lock_deposit_account(customer.pk)
    payment = Payment.objects.create(
        number=next_number("SK"), kind=PaymentKind.DEPOSIT, customer=customer, total_amount=total,
        cashier=operator, org_unit_id=customer.org_unit_id or getattr(operator, "org_unit_id", None),
        note=(note or "")[:200], idempotency_key=idempotency_key or None)
    _write(payment, plans, operator=operator)
    move_deposit(account, amount=total, kind=LedgerKind.TOP_UP, operator=operator, payment=payment)
    consultant = customer.consultant if consultant is ... else consultant
    online_consultant = customer.online_consultant if online_consultant is ... else online_consultant
    credit_sales(collected(plans), customer=customer, consultant=consultant, online_consultant=online_consultant,
                 doctor=None, payment=payment, summary="定金")
    record_event(customer, type="deposit.received",
                 summary=f"收定金 {format_amount(total)}（{_modes_text(plans)}），"
                         f"定金余额 {format_amount(account.balance_amount)}",
                 actor=operator, source=payment, data={"total": str(total)})
    return payment
