"""The sales tabs and key figures of the customer 360° view, and the sales event types of the timeline.

Figures are correlated subqueries on the customer row, so the overview stays one query however many orders,
cards and deductions a customer has.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, Expression, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from yimei.customers.tabs import Figure, Tab, register_figure, register_tab, related_count
from yimei.customers.timeline import register_event_type

MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum(model_path: str, expression: Expression | str, *, extra: Q | None = None, money: bool = True):
    def build() -> Expression:
        from django.apps import apps

        model = apps.get_model(model_path)
        rows = model._default_manager.filter(customer_id=OuterRef("pk"))
        if extra is not None:
            rows = rows.filter(extra)
        summed = rows.order_by().values("customer_id").annotate(total=Sum(expression)).values("total")
        field = MONEY if money else IntegerField()
        zero = Value(Decimal("0.00") if money else 0, output_field=field)
        return Coalesce(Subquery(summed, output_field=field), zero, output_field=field)

    return build


register_tab(Tab("orders", "消费", "Orders", "sales.order.view", 40, related_count("sales.Order")))
register_tab(Tab("deductions", "执行", "Treatments", "sales.deduction.view", 50, related_count("sales.Deduction")))
register_tab(Tab("assets", "资产", "Assets", "sales.asset.view", 45,
                 related_count("sales.Entitlement", extra=Q(status="active", sessions_remaining__gt=0))))

register_figure(Figure("total_spend", "累计消费", "Total spend", "sales.order.view", 5,
                       lambda: F("cumulative_spend_amount"), kind="amount"))
register_figure(Figure("stored_value", "储值余额", "Stored value", "sales.asset.view", 6,
                       _sum("sales.CustomerCard", F("principal_balance_amount") + F("bonus_balance_amount"),
                            extra=Q(kind="stored_value", status="active")), kind="amount"))
register_figure(Figure("remaining_sessions", "剩余次数", "Sessions left", "sales.asset.view", 7,
                       _sum("sales.Entitlement", "sessions_remaining", extra=Q(status="active"), money=False)))
register_figure(Figure("debt", "欠款", "Debt", "sales.order.view", 8,
                       _sum("sales.Order", "debt_amount", extra=Q(debt_amount__gt=0)), kind="amount"))

for code, name, name_en, permission in [
    ("order.created", "开单", "Order", "sales.order.view"),
    ("order.voided", "作废订单", "Order voided", "sales.order.view"),
    ("payment.received", "收款", "Payment", "sales.payment.view"),
    ("deposit.received", "收定金", "Deposit", "sales.payment.view"),
    ("refund.done", "退款", "Refund", "sales.refund.view"),
    ("deduction.done", "划扣", "Treatment", "sales.deduction.view"),
    ("deduction.reversed", "冲正划扣", "Treatment reversed", "sales.deduction.view"),
]:
    register_event_type(code, name, name_en, permission=permission)
