"""Sales rows for the cross-cutting API tests (permission matrix, fuzzing): one per resource with a detail route.

``yimei/core/tests/conftest.py`` should merge ``sales_objects(staff)`` into its ``objects`` fixture, as it does
for the catalogue; ``test_cross_cutting.py`` here runs those generic tests over the sales endpoints meanwhile.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def sales_objects(staff: Any) -> dict[str, int]:
    from yimei.catalog.models import CardType, CardTypeItem, ItemCategory, TreatmentItem
    from yimei.customers import services as customers
    from yimei.sales import services
    from yimei.sales.models import PaymentMode, RoleDiscountLimit
    from yimei.sales.tests.conftest import SIGNATURE

    category = ItemCategory.objects.create(name="销售测试分类")
    item = TreatmentItem.objects.create(code="S-I1", name="销售测试项目", category=category,
                                        price_amount=Decimal("100"))
    card_type = CardType.objects.create(code="S-C1", name="销售测试次卡", kind="count", price_amount=Decimal("500"))
    CardTypeItem.objects.create(card_type=card_type, item=item, sessions=5)
    modes = {m.code: m for m in PaymentMode.objects.all()}
    customer = customers.create_customer(operator=staff, name="销售测试客户", phone="13900000077")
    order = services.create_order(customer=customer, operator=staff,
                                  lines=[{"kind": "card", "card_type": card_type, "quantity": 1}])
    payment = services.take_payment(order, operator=staff, entries=[{"mode": modes["cash"], "amount": "500"}])
    entitlement = order.lines.get().entitlements.get()
    deduction = services.deduct(entitlement, customer=customer, quantity=1, operator=staff, signature=SIGNATURE,
                                operators=[{"staff": staff, "position": None}])
    refund = services.request_refund(order, lines=[{"line": order.lines.get(), "quantity": 1,
                                                    "card": entitlement.card}],
                                     entries=[{"mode": modes["cash"], "amount": "400"}], reason="测试",
                                     operator=staff)
    pending = services.create_order(customer=customer, operator=staff, request_approval=True,
                                    lines=[{"kind": "item", "item": item, "quantity": 1, "discount": {"rate": "0.5"}}])
    limit = RoleDiscountLimit.objects.create(role=_role(), min_rate=Decimal("0.9"))
    return {"orders": order.pk, "discount-approvals": pending.approvals.get().pk, "payments": payment.pk,
            "refunds": refund.pk, "customer-assets": customer.pk, "customer-cards": entitlement.card_id,
            "entitlements": entitlement.pk, "deductions": deduction.pk, "payment-modes": modes["other"].pk
            if "other" in modes else modes["cash"].pk, "discount-limits": limit.pk}


def _role() -> Any:
    from yimei.accounts import services

    return services.create_role(code="s_limit_role", name="销售测试角色", permissions=[], data_scopes=[])
