"""收银: orders waiting for money — unpaid, part paid, settled with debt — with the oldest first, and today's
takings by payment mode (the day end's figures, read the same way)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from yimei.core.models import restrict
from yimei.core.money import ZERO, quantize_amount
from yimei.sales import selectors as sales
from yimei.sales.choices import OrderStatus
from yimei.sales.models import Order, Payment
from yimei.workbench import links
from yimei.workbench.selectors.common import LIST_ROWS, Reader, amount_figure, customer_brief

PAYMENTS = "sales.payment.view"
DAY_END = "sales.dayend.view"
MONEY = DecimalField(max_digits=14, decimal_places=2)
# The view has something to show when the user holds one of these groups of codes (its figures' codes).
OPENED_BY = ((PAYMENTS,),)
OUTSTANDING = ExpressionWrapper(F("total_amount") - F("paid_amount") - F("debt_amount"), output_field=MONEY)


def cashier(reader: Reader) -> dict[str, Any]:
    if not reader.has(PAYMENTS):
        return {"orders": None, "takings": None}
    return {"orders": open_orders(reader), "takings": takings(reader)}


def open_orders(reader: Reader) -> dict[str, Any]:
    """待收款 (nothing paid yet), 部分收款 (some paid, the rest still to collect) and 欠款 (settled, the rest
    recorded as debt): counts and what is left to collect, and the oldest orders still to collect."""
    orders = restrict(Order, reader.user, PAYMENTS).filter(
        status__in=(OrderStatus.PENDING, OrderStatus.PARTIALLY_PAID))
    unpaid = Q(status=OrderStatus.PENDING)
    part_paid = Q(status=OrderStatus.PARTIALLY_PAID, settled_at__isnull=True)
    debt = Q(debt_amount__gt=0)
    found = orders.order_by().aggregate(
        unpaid=Count("pk", filter=unpaid),
        unpaid_amount=Coalesce(Sum(OUTSTANDING, filter=unpaid), Value(ZERO), output_field=MONEY),
        part_paid=Count("pk", filter=part_paid),
        part_paid_amount=Coalesce(Sum(OUTSTANDING, filter=part_paid), Value(ZERO), output_field=MONEY),
        debts=Count("pk", filter=debt),
        debts_amount=Coalesce(Sum("debt_amount", filter=debt), Value(ZERO), output_field=MONEY))
    rows = (orders.filter(settled_at__isnull=True).select_related("customer", "consultant")
            .only("pk", "number", "status", "created_at", "total_amount", "paid_amount", "debt_amount",
                  "discount_status", "customer__name", "customer__phone", "consultant__name")
            .order_by("created_at", "id")[:LIST_ROWS])
    return {
        "unpaid": amount_figure(found["unpaid"], found["unpaid_amount"], links.cashier_orders(OrderStatus.PENDING)),
        "part_paid": amount_figure(found["part_paid"], found["part_paid_amount"],
                                   links.cashier_orders(OrderStatus.PARTIALLY_PAID, has_debt=False)),
        "debts": amount_figure(found["debts"], found["debts_amount"], links.debts()),
        "rows": [{
            "id": o.pk, "number": o.number, "status": o.status, "status_display": o.get_status_display(),
            "discount_status": o.discount_status, "created_at": o.created_at, "customer": customer_brief(o.customer),
            "consultant": o.consultant.name if o.consultant_id else "",
            "total_amount": o.total_amount, "paid_amount": o.paid_amount,
            "outstanding_amount": quantize_amount(o.outstanding_amount), "link": links.cashier_order(o.pk),
        } for o in rows],
    }


def takings(reader: Reader) -> dict[str, Any]:
    """Today's money by payment mode, received and refunded, from the payments in the user's scope (the day end's
    own reading, two queries)."""
    clock = reader.clock
    report = sales.day_end(restrict(Payment, reader.user, PAYMENTS), day=clock.today)
    return {
        "modes": [{
            "mode": m["mode_id"], "name": m["mode_name"], "kind": m["mode_kind"],
            "received_amount": quantize_amount(m["received_amount"]),
            "refunded_amount": quantize_amount(m["refunded_amount"]), "net_amount": quantize_amount(m["net_amount"]),
            "count": m["received_count"],
        } for m in report["modes"]],
        "received_amount": quantize_amount(report["received_amount"]),
        "refunded_amount": quantize_amount(report["refunded_amount"]),
        "net_amount": quantize_amount(report["net_amount"]),
        "payment_count": report["payment_count"],
        "link": links.day_end(clock.today) if reader.has(DAY_END) else links.cashier_orders(OrderStatus.PAID),
    }
