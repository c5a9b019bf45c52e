"""Refunds (退款): requested by line and by mode with a reason, executed when approved.

- Only a settled order without outstanding debt can be refunded (repay the debt first), and never more than
  was paid on it; each mode gets back at most what it paid (net of earlier refunds); debt is not a mode.
- Sessions bought by the session: only unused sessions, worth value × q / r of the entitlement.
- A card is refunded whole, per its refund rule: session cards for the value of their unused sessions;
  stored-value cards for their principal balance only (the bonus is forfeited); "not refundable" cards not at
  all. Its entitlements and balances go to zero through ledger entries and it is marked refunded.
- Products: by quantity, in proportion to the line.
- Money returned to a stored-value card goes back to principal and bonus in the proportion they paid.
- Approval needs ``sales.refund.approve``; the requester may approve their own refund only when it is not
  above the configured self-approval limit (0 by default: never).

The request is checked when made and checked again, under locks, when approved (state may have moved).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from yimei.catalog.choices import CardKind, CardRefundRule
from yimei.core.errors import BusinessError
from yimei.core.money import ZERO, clean_amount, format_amount, quantize_amount, split_proportionally
from yimei.customers.models import Customer
from yimei.customers.services import add_spend
from yimei.customers.timeline import record_event
from yimei.sales.choices import (
    MONEY_IN_KINDS,
    CardStatus,
    EntitlementStatus,
    LedgerKind,
    LineKind,
    OrderStatus,
    PaymentKind,
    PaymentModeKind,
    RefundStatus,
)
from yimei.sales.ledgers import (
    deduction_value,
    lock_cards,
    lock_deposit_account,
    lock_entitlements,
    move_deposit,
    move_entitlement,
    move_stored_value,
    next_number,
)
from yimei.sales.models import (
    CustomerCard,
    Entitlement,
    Order,
    OrderLine,
    Payment,
    PaymentEntry,
    Refund,
    RefundEntry,
    RefundLine,
    SalesSettings,
)
from yimei.sales.performance import credit_sales

REFUNDABLE_STATUSES = (OrderStatus.PAID, OrderStatus.PARTIALLY_PAID, OrderStatus.PARTIALLY_REFUNDED)


def _error(message: str, code: str = "invalid", field: str = "lines") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


@dataclass
class LinePlan:
    line: OrderLine
    quantity: int
    amount: Decimal
    card: CustomerCard | None = None
    entitlement: Entitlement | None = None


@dataclass
class EntryPlan:
    mode: Any
    amount: Decimal
    card: CustomerCard | None = None
    reference: str = ""
    principal: Decimal = ZERO
    bonus: Decimal = ZERO


@dataclass
class RefundPlan:
    lines: list[LinePlan] = field(default_factory=list)
    entries: list[EntryPlan] = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        return sum((p.amount for p in self.lines), ZERO)


def _paid_by_mode(order: Order) -> dict[tuple[int, int | None], dict[str, Decimal]]:
    """(mode, card) → amount, principal and bonus paid on the order, net of earlier refunds."""
    net: dict[tuple[int, int | None], dict[str, Decimal]] = {}
    rows = PaymentEntry.objects.filter(payment__order=order).exclude(mode_kind=PaymentModeKind.DEBT).values_list(
        "payment__kind", "mode_id", "card_id", "amount", "principal_amount", "bonus_amount")
    for kind, mode_id, card_id, amount, principal, bonus in rows:
        sign = -1 if kind == PaymentKind.REFUND else 1
        slot = net.setdefault((mode_id, card_id), {"amount": ZERO, "principal": ZERO, "bonus": ZERO})
        slot["amount"] += sign * amount
        slot["principal"] += sign * principal
        slot["bonus"] += sign * bonus
    return net


def _plan(order: Order, *, lines: list[dict[str, Any]], entries: list[dict[str, Any]],
          cards: dict[int, CustomerCard] | None = None,
          entitlements: dict[int, Entitlement] | None = None) -> RefundPlan:
    """Check a refund against the order as it is now; with ``cards``/``entitlements`` (locked rows) use those."""
    if order.status not in REFUNDABLE_STATUSES or order.settled_at is None:
        raise BusinessError(f"订单{order.get_status_display()}，不能退款（只有已结清的订单可以退款）。",
                            code="not_refundable")
    if order.debt_amount > 0:
        raise BusinessError(f"订单尚欠 {format_amount(order.debt_amount)}，请先还清欠款再退款。", code="has_debt")
    if not lines:
        raise _error("请选择要退的明细。", "required")
    plan = RefundPlan()
    seen: set[tuple[int, int | None]] = set()
    for index, spec in enumerate(lines):
        line, quantity = spec["line"], spec.get("quantity")
        label = f"第 {index + 1} 项（{line.name}）"
        if line.order_id != order.pk:
            raise _error(f"{label}不属于此订单。", "wrong_order")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise _error(f"{label}：退的数量须为正整数。", "invalid_quantity")
        card = spec.get("card")
        key = (line.pk, getattr(card, "pk", None))
        if key in seen:
            raise _error(f"{label}重复。", "duplicate_line")
        seen.add(key)
        left_quantity = line.quantity - line.refunded_quantity
        left_amount = line.total_amount - line.refunded_amount
        entitlement = None
        if line.kind == LineKind.CARD:
            if card is None:
                raise _error(f"{label}：请选择要退的卡。", "card_required")
            card = cards[card.pk] if cards and card.pk in cards else CustomerCard.objects.get(pk=card.pk)
            if card.order_line_id != line.pk:
                raise _error(f"{label}：所选的卡不是这一项买的。", "wrong_card")
            if card.status == CardStatus.REFUNDED:
                raise _error(f"{label}：该卡已退。", "already_refunded")
            if quantity != 1:
                raise _error(f"{label}：卡按张退，每项退一张。", "invalid_quantity")
            if card.refund_rule == CardRefundRule.NOT_REFUNDABLE:
                raise _error(f"{label}：该卡项不可退。", "not_refundable")
            if card.kind == CardKind.STORED_VALUE:
                most = card.principal_balance_amount  # bonus forfeited
            else:
                owned = Entitlement.objects.filter(card=card).values_list("pk", "value_remaining_amount")
                most = sum(((entitlements or {}).get(pk).value_remaining_amount if (entitlements or {}).get(pk)
                            else value for pk, value in owned), ZERO)
            most = min(most, left_amount)
        elif line.kind == LineKind.ITEM:
            entitlement = line.entitlements.first()
            if entitlement is None:
                raise _error(f"{label}：找不到对应的剩余次数。", "not_refundable")
            entitlement = (entitlements or {}).get(entitlement.pk, entitlement)
            if quantity > entitlement.sessions_remaining:
                raise _error(f"{label}：已使用的次数不能退，剩余 {entitlement.sessions_remaining} 次。",
                             "sessions_used")
            if quantity > left_quantity:
                raise _error(f"{label}：最多还能退 {left_quantity} 次。", "invalid_quantity")
            most = min(deduction_value(entitlement, quantity), left_amount)
        else:
            if quantity > left_quantity:
                raise _error(f"{label}：最多还能退 {left_quantity} 件。", "invalid_quantity")
            most = left_amount if quantity == left_quantity else quantize_amount(left_amount * quantity / left_quantity)
        amount = spec.get("amount")
        if amount in (None, ""):
            amount = most
        else:
            amount = clean_amount(amount, field="lines", label=f"{label}退款金额")
            if amount > most:
                raise _error(f"{label}：退款金额超过可退金额 {format_amount(most)}。", "over_refundable")
        plan.lines.append(LinePlan(line=line, quantity=quantity, amount=amount, card=card, entitlement=entitlement))
    total = plan.amount
    if total <= 0:
        raise _error("可退金额为 0，无需退款。", "nothing_to_refund")
    if total > order.paid_amount - order.refunded_amount:
        raise _error(f"退款金额超过订单已收 {format_amount(order.paid_amount - order.refunded_amount)}。", "over_paid")
    plan.entries = _plan_entries(order, entries, total, plan, cards or {})
    return plan


def _plan_entries(order: Order, entries: list[dict[str, Any]], total: Decimal, plan: RefundPlan,
                  cards: dict[int, CustomerCard]) -> list[EntryPlan]:
    if not entries:
        raise _error("请选择退款方式。", "required", "entries")
    paid = _paid_by_mode(order)
    refunded_cards = {p.card.pk for p in plan.lines if p.card is not None}
    result: list[EntryPlan] = []
    seen: set[tuple[int, int | None]] = set()
    today = timezone.localdate()
    for index, entry in enumerate(entries):
        mode = entry["mode"]
        label = f"第 {index + 1} 种退款方式（{mode.name}）"
        amount = clean_amount(entry.get("amount"), field="entries", label=f"{label}金额")
        card = entry.get("card")
        if mode.kind == PaymentModeKind.DEBT:
            raise _error(f"{label}：欠款不能作为退款方式。", "mode_not_allowed", "entries")
        if mode.kind == PaymentModeKind.STORED_VALUE:
            if card is None:
                raise _error(f"{label}：请选择退回的储值卡。", "card_required", "entries")
            card = cards[card.pk] if card.pk in cards else CustomerCard.objects.get(pk=card.pk)
            if card.pk in refunded_cards:
                raise _error(f"{label}：不能退回到正在退的卡。", "invalid_card", "entries")
            if card.status != CardStatus.ACTIVE or card.is_expired(today):
                raise _error(f"{label}：储值卡“{card.name}”已失效，请选择其他退款方式。", "card_inactive", "entries")
        elif card is not None:
            raise _error(f"{label}：只有退回储值卡需要选择卡。", "invalid", "entries")
        key = (mode.pk, getattr(card, "pk", None))
        if key in seen:
            raise _error(f"{label}重复。", "duplicate_mode", "entries")
        seen.add(key)
        slot = paid.get(key, {"amount": ZERO, "principal": ZERO, "bonus": ZERO})
        if amount > slot["amount"]:
            raise _error(f"{label}：该方式在此订单最多可退 {format_amount(max(slot['amount'], ZERO))}。",
                         "over_paid", "entries")
        principal = bonus = ZERO
        if card is not None:
            principal, bonus = split_proportionally(amount, [max(slot["principal"], ZERO), max(slot["bonus"], ZERO)])
        result.append(EntryPlan(mode=mode, amount=amount, card=card, reference=(entry.get("reference") or "")[:64],
                                principal=principal, bonus=bonus))
    given = sum((e.amount for e in result), ZERO)
    if given != total:
        raise _error(f"退款方式合计 {format_amount(given)} 须等于退款金额 {format_amount(total)}。", "mismatch",
                     "entries")
    return result


@transaction.atomic
def request_refund(order: Order, *, lines: list[dict[str, Any]], entries: list[dict[str, Any]], reason: str,
                   operator: Any, idempotency_key: str | None = None) -> Refund:
    """申请退款: checked now, executed on approval."""
    if idempotency_key:
        found = Refund.objects.filter(idempotency_key=idempotency_key).first()
        if found is not None:
            return found
    reason = (reason or "").strip()
    if not reason:
        raise _error("请填写退款原因。", "required", "reason")
    order = Order.objects.select_for_update().get(pk=order.pk)
    plan = _plan(order, lines=lines, entries=entries)
    refund = Refund.objects.create(number=next_number("TK"), order=order, customer_id=order.customer_id,
                                   amount=plan.amount, reason=reason[:200], requested_by=operator,
                                   org_unit_id=order.org_unit_id, idempotency_key=idempotency_key or None)
    RefundLine.objects.bulk_create([RefundLine(refund=refund, line=p.line, card=p.card, quantity=p.quantity,
                                               amount=p.amount) for p in plan.lines])
    RefundEntry.objects.bulk_create([RefundEntry(refund=refund, mode=e.mode, amount=e.amount, card=e.card,
                                                 reference=e.reference) for e in plan.entries])
    return refund


@transaction.atomic
def reject_refund(refund: Refund, *, operator: Any, note: str = "") -> Refund:
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    if refund.status != RefundStatus.PENDING:
        raise BusinessError("该退款申请已处理。", code="already_decided")
    refund.status, refund.decided_by, refund.decided_at = RefundStatus.REJECTED, operator, timezone.now()
    refund.decision_note = (note or "")[:200]
    refund.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    return refund


@transaction.atomic
def approve_refund(refund: Refund, *, operator: Any, note: str = "") -> Refund:
    """审批并执行退款: locks the order, the cards and the entitlements, checks again, moves the ledgers, writes
    the refund payment (by mode), negative sales performance and lower cumulative spend."""
    order = Order.objects.select_for_update(of=("self",)).select_related(
        "consultant", "online_consultant", "doctor").get(pk=refund.order_id)
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    if refund.status != RefundStatus.PENDING:
        raise BusinessError("该退款申请已处理。", code="already_decided")
    if refund.requested_by_id == getattr(operator, "pk", None):
        limit = SalesSettings.current().refund_self_approval_limit_amount
        if limit <= 0 or refund.amount > limit:
            raise BusinessError(f"不能审批自己申请的退款（可自批上限 {format_amount(limit)}），请由其他审批人处理。",
                                code="self_approval")
    specs = [{"line": r.line, "quantity": r.quantity, "amount": r.amount, "card": r.card}
             for r in refund.lines.select_related("line", "card")]
    entry_specs = [{"mode": e.mode, "amount": e.amount, "card": e.card, "reference": e.reference}
                   for e in refund.entries.select_related("mode", "card")]
    card_ids = [s["card"].pk for s in specs if s["card"]] + [s["card"].pk for s in entry_specs if s["card"]]
    cards = lock_cards(card_ids)
    entitlement_ids = list(Entitlement.objects.filter(card_id__in=[s["card"].pk for s in specs if s["card"]])
                           .values_list("pk", flat=True))
    entitlement_ids += list(Entitlement.objects.filter(source_line__in=[s["line"] for s in specs],
                                                       card__isnull=True).values_list("pk", flat=True))
    entitlements = lock_entitlements(entitlement_ids)
    plan = _plan(order, lines=specs, entries=entry_specs, cards=cards, entitlements=entitlements)
    if plan.amount != refund.amount:
        raise BusinessError("订单情况已变化，可退金额与申请不符，请驳回后重新申请。", code="stale_refund")
    _execute_lines(plan, refund=refund, operator=operator, entitlements=entitlements)
    payment = _execute_entries(order, plan, refund=refund, operator=operator)
    order.refunded_amount += plan.amount
    fully = order.refunded_amount == order.paid_amount
    order.status = OrderStatus.REFUNDED if fully else OrderStatus.PARTIALLY_REFUNDED
    order.save(update_fields=["refunded_amount", "status", "updated_at"])
    refund.status, refund.decided_by, refund.decided_at = RefundStatus.DONE, operator, timezone.now()
    refund.decision_note = (note or "")[:200]
    refund.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    money_out = sum((e.amount for e in plan.entries if e.mode.kind in MONEY_IN_KINDS), ZERO)
    credit_sales(money_out, customer=order.customer_id, consultant=order.consultant,
                 online_consultant=order.online_consultant, doctor=order.doctor, order=order, payment=payment,
                 refund=refund, sign=-1, summary=f"退款 {refund.number}")
    spend = sum((e.amount for e in plan.entries if e.mode.kind != PaymentModeKind.STORED_VALUE), ZERO)
    if spend:
        customer = Customer.objects.get(pk=order.customer_id)
        spend = min(spend, customer.cumulative_spend_amount)
        if spend:
            add_spend(customer, amount=-spend, operator=operator)
    names = "、".join(f"{p.line.name}×{p.quantity}" for p in plan.lines)
    modes = "、".join(f"{e.mode.name} {format_amount(e.amount)}" for e in plan.entries)
    record_event(order.customer_id, type="refund.done",
                 summary=f"退款 {format_amount(plan.amount)}（{modes}）：{names}，订单 {order.number}",
                 actor=operator, source=refund, data={"order": order.number, "amount": str(plan.amount)})
    return refund


def _execute_lines(plan: RefundPlan, *, refund: Refund, operator: Any, entitlements: dict[int, Entitlement]) -> None:
    for p in plan.lines:
        if p.card is not None:
            card = p.card
            if card.kind == CardKind.STORED_VALUE:
                if card.principal_balance_amount or card.bonus_balance_amount:
                    move_stored_value(card, principal=-card.principal_balance_amount,
                                      bonus=-card.bonus_balance_amount, kind=LedgerKind.REFUND, operator=operator,
                                      refund=refund)
            else:
                for entitlement in (e for e in entitlements.values() if e.card_id == card.pk):
                    if entitlement.sessions_remaining or entitlement.value_remaining_amount:
                        move_entitlement(entitlement, sessions=-entitlement.sessions_remaining,
                                         value=-entitlement.value_remaining_amount, kind=LedgerKind.REFUND,
                                         operator=operator, refund=refund, status=EntitlementStatus.REFUNDED)
                    else:
                        entitlement.status = EntitlementStatus.REFUNDED
                        entitlement.save(update_fields=["status", "updated_at"])
            card.status = CardStatus.REFUNDED
            card.save(update_fields=["status", "updated_at"])
        elif p.entitlement is not None:
            entitlement = entitlements[p.entitlement.pk]
            value = deduction_value(entitlement, p.quantity)
            left = entitlement.sessions_remaining - p.quantity
            move_entitlement(entitlement, sessions=-p.quantity, value=-value, kind=LedgerKind.REFUND,
                             operator=operator, refund=refund,
                             status=EntitlementStatus.REFUNDED if left == 0 else None)
        line = OrderLine.objects.get(pk=p.line.pk)
        line.refunded_quantity += p.quantity
        line.refunded_amount += p.amount
        line.save(update_fields=["refunded_quantity", "refunded_amount"])


def _execute_entries(order: Order, plan: RefundPlan, *, refund: Refund, operator: Any) -> Payment:
    payment = Payment.objects.create(number=next_number("TK"), kind=PaymentKind.REFUND, order=order,
                                     customer_id=order.customer_id, refund=refund, total_amount=plan.amount,
                                     cashier=operator, org_unit_id=order.org_unit_id, note=refund.reason[:200])
    account = None
    for e in plan.entries:
        if e.mode.kind == PaymentModeKind.DEPOSIT and account is None:
            account = lock_deposit_account(order.customer_id)
        PaymentEntry.objects.create(payment=payment, mode=e.mode, mode_kind=e.mode.kind, mode_name=e.mode.name,
                                    amount=e.amount, reference=e.reference, card=e.card, principal_amount=e.principal,
                                    bonus_amount=e.bonus,
                                    deposit_account=account if e.mode.kind == PaymentModeKind.DEPOSIT else None)
        if e.card is not None:
            move_stored_value(e.card, principal=e.principal, bonus=e.bonus, kind=LedgerKind.REFUND_RETURN,
                              operator=operator, payment=payment, refund=refund)
        elif e.mode.kind == PaymentModeKind.DEPOSIT:
            move_deposit(account, amount=e.amount, kind=LedgerKind.REFUND_RETURN, operator=operator, payment=payment,
                         refund=refund)
    return payment


def refundable(order: Order) -> dict[str, Any]:
    """What can be refunded now, per line (and card) and per mode — for the refund form."""
    lines = []
    for line in order.lines.all().order_by("sort", "id"):
        left_quantity = line.quantity - line.refunded_quantity
        left_amount = line.total_amount - line.refunded_amount
        row: dict[str, Any] = {"line": line, "quantity": 0, "amount": ZERO, "cards": []}
        if line.kind == LineKind.ITEM:
            entitlement = line.entitlements.first()
            if entitlement is not None:
                row["quantity"] = min(entitlement.sessions_remaining, left_quantity)
                row["amount"] = min(entitlement.value_remaining_amount, left_amount)
        elif line.kind == LineKind.PRODUCT:
            row["quantity"], row["amount"] = left_quantity, left_amount
        else:
            for card in line.cards.exclude(status=CardStatus.REFUNDED).order_by("pk"):
                if card.refund_rule == CardRefundRule.NOT_REFUNDABLE:
                    value = ZERO
                elif card.kind == CardKind.STORED_VALUE:
                    value = card.principal_balance_amount
                else:
                    value = sum(card.entitlements.values_list("value_remaining_amount", flat=True), ZERO)
                row["cards"].append({"card": card.pk, "name": card.name, "amount": min(value, left_amount)})
            row["quantity"] = len(row["cards"])
            row["amount"] = min(sum((c["amount"] for c in row["cards"]), ZERO), left_amount)
        lines.append(row)
    modes = [{"mode": mode_id, "card": card_id, "amount": slot["amount"]}
             for (mode_id, card_id), slot in _paid_by_mode(order).items() if slot["amount"] > 0]
    return {"lines": lines, "modes": modes, "paid_amount": order.paid_amount - order.refunded_amount}
