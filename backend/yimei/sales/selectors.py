"""Reads of sales: a customer's assets, the performance statement and the cashier's day end. Each takes a
queryset that already went through ``restrict()`` (or a customer the caller may see)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from yimei.core.money import ZERO, quantize_amount
from yimei.sales.choices import CardStatus, EntitlementStatus, PaymentKind, PaymentModeKind, PerformanceKind
from yimei.sales.models import CustomerCard, DepositAccount, Entitlement, Order, PaymentEntry, PerformanceEntry

MONEY = DecimalField(max_digits=14, decimal_places=2)


def local_day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def local_range(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """[start of ``date_from``, start of the day after ``date_to``) in the clinic's time zone."""
    return local_day_start(date_from), local_day_start(date_to + timedelta(days=1))


# --- customer assets -----------------------------------------------------------------------------------------


def customer_assets(customer_id: int, *, today: date | None = None) -> dict[str, Any]:
    """资产 summary in five queries: the active cards, how many are closed, usable entitlements, the deposit
    account, debts. Closed cards (used up, refunded, expired) are history, listed by ``customer-cards/``; a
    long-standing customer has a hundred of them, and the summary is read at every payment and deduction."""
    today = today or timezone.localdate()
    cards = list(CustomerCard.objects.filter(customer_id=customer_id, status=CardStatus.ACTIVE)
                 .order_by("-created_at", "-id")[:200])
    closed_cards = CustomerCard.objects.filter(customer_id=customer_id).exclude(status=CardStatus.ACTIVE).count()
    entitlements = list(Entitlement.objects.filter(customer_id=customer_id, status=EntitlementStatus.ACTIVE,
                                                   sessions_remaining__gt=0)
                        .select_related("card").order_by("expires_on", "id")[:500])
    deposit = DepositAccount.objects.filter(customer_id=customer_id).values_list("balance_amount", flat=True).first()
    debts = list(Order.objects.filter(customer_id=customer_id, debt_amount__gt=0)
                 .values("id", "number", "debt_amount", "total_amount", "created_at").order_by("created_at")[:100])
    usable_cards = [c for c in cards if c.kind == "stored_value" and c.status == "active" and not c.is_expired(today)]
    return {
        "cards": cards,
        "closed_cards_count": closed_cards,
        "entitlements": entitlements,
        "principal_balance_amount": sum((c.principal_balance_amount for c in usable_cards), ZERO),
        "bonus_balance_amount": sum((c.bonus_balance_amount for c in usable_cards), ZERO),
        "stored_value_amount": sum((c.balance_amount for c in usable_cards), ZERO),
        "remaining_sessions": sum(e.sessions_remaining for e in entitlements
                                  if e.expires_on is None or e.expires_on >= today),
        "deposit_amount": deposit or ZERO,
        "debt_amount": sum((d["debt_amount"] for d in debts), ZERO),
        "debts": debts,
        "today": today,
    }


# --- performance -----------------------------------------------------------------------------------------------


def performance_statement(queryset: QuerySet[PerformanceEntry], *, date_from: date, date_to: date,
                          staff_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Per staff member: sales, consumption and operation-fee totals over local dates [from, to].

    Summed per (staff, kind) without joining the staff, which the covering index ``performance_by_staff``
    answers from the index alone; the names come in a second query (a busy month of 20 staff is a million
    rows: the join and the per-kind CASE cost more than the scan)."""
    from yimei.accounts.models import User

    start, end = local_range(date_from, date_to)
    rows = queryset.filter(occurred_at__gte=start, occurred_at__lt=end)
    if staff_ids:
        rows = rows.filter(staff_id__in=staff_ids)
    fields = {PerformanceKind.SALES: "sales_amount", PerformanceKind.CONSUMPTION: "consumption_amount",
              PerformanceKind.OPERATION_FEE: "operation_fee_amount"}
    totals: dict[int, dict[str, Any]] = {}
    for staff_id, kind, amount, count in (rows.order_by().values("staff_id", "kind")
                                          .annotate(total=Sum("amount"), n=Count("id"))
                                          .values_list("staff_id", "kind", "total", "n")):
        found = totals.setdefault(staff_id, {**dict.fromkeys(fields.values(), ZERO), "entries": 0})
        if kind in fields:
            found[fields[kind]] += quantize_amount(amount)
        found["entries"] += count
    names = {pk: (name, number) for pk, name, number in User.objects.filter(pk__in=list(totals))
             .values_list("pk", "name", "staff_number")}
    result = [{"staff": {"id": pk, "name": names.get(pk, ("", ""))[0], "staff_number": names.get(pk, ("", ""))[1]},
               **figures} for pk, figures in totals.items()]
    result.sort(key=lambda r: (-r["sales_amount"], r["staff"]["id"]))
    return result


# --- day end ----------------------------------------------------------------------------------------------


def day_end(payments: QuerySet, *, day: date, cashier_id: int | None = None) -> dict[str, Any]:
    """日结: per mode, what was received and refunded on ``day`` (local) by one cashier or the whole desk, and
    the cash expected in the drawer (cash received − cash refunded; change is already netted out)."""
    start, end = local_range(day, day)
    payments = payments.filter(created_at__gte=start, created_at__lt=end)
    if cashier_id:
        payments = payments.filter(cashier_id=cashier_id)
    refund = Q(payment__kind=PaymentKind.REFUND)
    rows = (PaymentEntry.objects.filter(payment__in=payments.values("pk")).order_by()
            .values("mode_id", "mode_name", "mode_kind")
            .annotate(received_amount=Coalesce(Sum("amount", filter=~refund), Value(ZERO), output_field=MONEY),
                      refunded_amount=Coalesce(Sum("amount", filter=refund), Value(ZERO), output_field=MONEY),
                      received_count=Count("id", filter=~refund), refunded_count=Count("id", filter=refund))
            .order_by("mode_id"))
    modes = [{**r, "net_amount": r["received_amount"] - r["refunded_amount"]} for r in rows]
    counts = payments.order_by().aggregate(
        payments=Count("id", filter=~Q(kind=PaymentKind.REFUND)),
        refunds=Count("id", filter=Q(kind=PaymentKind.REFUND)),
        change=Coalesce(Sum("change_amount"), Value(ZERO), output_field=MONEY))
    money = [m for m in modes if m["mode_kind"] not in (PaymentModeKind.STORED_VALUE, PaymentModeKind.DEPOSIT,
                                                          PaymentModeKind.DEBT)]
    return {
        "date": day,
        "cashier": cashier_id,
        "modes": modes,
        "received_amount": sum((m["received_amount"] for m in money), ZERO),
        "refunded_amount": sum((m["refunded_amount"] for m in money), ZERO),
        "net_amount": sum((m["net_amount"] for m in money), ZERO),
        "cash_expected_amount": sum((m["net_amount"] for m in modes if m["mode_kind"] == PaymentModeKind.CASH), ZERO),
        "change_amount": counts["change"],
        "payment_count": counts["payments"],
        "refund_count": counts["refunds"],
    }
