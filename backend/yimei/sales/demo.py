"""The demo department's sales (demo database only): discount limits per role, and a dozen demo customers with
orders, mixed payments, cards, stored value, deductions with signatures, a deposit and a debt — made through
the same services the console calls, so every ledger, performance row and timeline event is real."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.db import transaction
from PIL import Image, ImageDraw

from yimei.audit.services import record_operation
from yimei.core import context

DEMO_LIMITS = {"consultant": "0.90", "online_consultant": "0.95", "cashier": "0.95", "director": "0.70"}
DEMO_CUSTOMERS = 12


def demo_signature(seed: int) -> str:
    """A drawn signature (a few strokes) as a PNG data URL, as signature_pad would send it."""
    import base64

    image = Image.new("RGBA", (360, 140), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    x = 20
    for n in range(4):
        y = 40 + (seed * 7 + n * 23) % 60
        draw.line([(x, y), (x + 30, y + 30 - (n % 2) * 50), (x + 60, y + 10)], fill=(20, 20, 40, 255), width=4)
        x += 80
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _entry(modes: dict[str, Any], code: str, amount: Decimal | str, **extra: Any) -> dict[str, Any]:
    data = {"mode": modes[code], "amount": str(amount), **extra}
    if modes[code].needs_reference:
        data.setdefault("reference", f"DEMO{abs(hash((code, str(amount)))) % 10**12:012d}")
    return data


@transaction.atomic
def seed_sales() -> int:
    """Once (when there are no orders): returns how many demo customers got a sales history."""
    from yimei.accounts.models import Role, User
    from yimei.catalog.models import CardType, Product, TreatmentItem
    from yimei.customers.models import Customer
    from yimei.sales import services
    from yimei.sales.models import Entitlement, Order, PaymentMode, RoleDiscountLimit

    if Order.objects.exists() or not TreatmentItem.objects.exists():
        return 0
    staff = {u.username: u for u in User.objects.filter(username__in=[
        "director", "consultant", "consultant2", "cashier", "nurse", "nurse2", "doctor", "therapist"])}
    if len(staff) < 8:
        return 0
    for code, rate in DEMO_LIMITS.items():
        role = Role.objects.filter(code=code).first()
        if role is not None:
            RoleDiscountLimit.objects.get_or_create(role=role, defaults={"min_rate": Decimal(rate)})
    modes = {m.code: m for m in PaymentMode.objects.all()}
    cards = {c.code: c for c in CardType.objects.all()}
    items = {i.code: i for i in TreatmentItem.objects.all()}
    products = {p.code: p for p in Product.objects.all()}
    needed = {"CARD-GLOW", "CARD-IPL5", "CARD-SKIN63", "SV-10000"} - cards.keys()
    if needed or "IPL-01" not in items or "HYDRA-01" not in items:
        return 0
    nurse_position = staff["nurse"].positions.filter(code="nurse").first()
    doctor_position = staff["doctor"].positions.filter(code="doctor").first()
    customers = list(Customer.objects.filter(merged_into__isnull=True, consultant__isnull=False)
                     .select_related("consultant", "tier").order_by("id")[:DEMO_CUSTOMERS])
    cashier = staff["cashier"]
    with context.request_context(context.RequestContext(request_id="seed-demo", actor="系统")):
        for n, customer in enumerate(customers):
            seller = customer.consultant
            plan = n % 4
            if plan == 0:  # a combo card paid by WeChat and cash, two sessions done
                order = services.create_order(customer=customer, operator=seller, doctor=staff["doctor"],
                                              lines=[{"kind": "card", "card_type": cards["CARD-GLOW"], "quantity": 1}])
                services.take_payment(order, operator=cashier, entries=[
                    _entry(modes, "wechat", Decimal("3000")),
                    _entry(modes, "cash", order.total_amount - Decimal("3000") + Decimal("20"))])
                for entitlement in Entitlement.objects.filter(customer=customer).order_by("id")[:2]:
                    services.deduct(entitlement, customer=customer, quantity=1, operator=staff["nurse"],
                                    signature=demo_signature(n),
                                    operators=[{"staff": staff["nurse"], "position": nurse_position}])
            elif plan == 1:  # stored value, then an item paid from it and by Alipay
                order = services.create_order(customer=customer, operator=seller,
                                              lines=[{"kind": "card", "card_type": cards["SV-10000"], "quantity": 1}])
                services.take_payment(order, operator=cashier, entries=[_entry(modes, "bank_card", order.total_amount)])
                card = order.lines.get().cards.get()
                spend = services.create_order(customer=customer, operator=seller, doctor=staff["doctor"], lines=[
                    {"kind": "item", "item": items["IPL-01"], "quantity": 2},
                    *([{"kind": "product", "product": products["SPF50"], "quantity": 1}] if "SPF50" in products
                      else [])])
                services.take_payment(spend, operator=cashier, entries=[
                    _entry(modes, "stored_value", Decimal("2000"), card=card),
                    _entry(modes, "alipay", spend.total_amount - Decimal("2000"))])
                right = Entitlement.objects.filter(customer=customer, source_line__order=spend).first()
                services.deduct(right, customer=customer, quantity=1, operator=staff["doctor"],
                                signature=demo_signature(n),
                                operators=[{"staff": staff["doctor"], "position": doctor_position},
                                           {"staff": staff["nurse"], "position": nurse_position}])
            elif plan == 2:  # a count card with part paid and the rest owed; a deposit for next time
                order = services.create_order(customer=customer, operator=seller,
                                              lines=[{"kind": "card", "card_type": cards["CARD-IPL5"], "quantity": 1}])
                services.take_payment(order, operator=cashier, entries=[
                    _entry(modes, "wechat", Decimal("2000")), _entry(modes, "debt", order.total_amount - 2000)])
                services.take_deposit(customer, operator=cashier, entries=[_entry(modes, "cash", Decimal("500"))])
                right = Entitlement.objects.filter(customer=customer).first()
                services.deduct(right, customer=customer, quantity=1, operator=staff["nurse"],
                                signature=demo_signature(n),
                                operators=[{"staff": staff["nurse"], "position": nurse_position}])
            else:  # an N-choose-M card with one choice made, and an order still waiting for payment
                choice_card = {"kind": "card", "card_type": cards["CARD-SKIN63"], "quantity": 1}
                order = services.create_order(customer=customer, operator=seller, lines=[choice_card])
                services.take_payment(order, operator=cashier, entries=[_entry(modes, "cash", order.total_amount)])
                right = Entitlement.objects.filter(customer=customer).first()
                choice = next((items[c] for c in ("BUBBLE-01", "PEEL-01", "IPL-01") if c in items), None)
                if choice is not None:
                    services.deduct(right, customer=customer, quantity=1, item=choice, operator=staff["nurse"],
                                    signature=demo_signature(n),
                                    operators=[{"staff": staff["nurse"], "position": nurse_position}])
                services.create_order(customer=customer, operator=seller, note="客户考虑中，下次到院再付",
                                      lines=[{"kind": "item", "item": items["HYDRA-01"], "quantity": 1}])
        record_operation(module="sales", action="seed_demo",
                         message=f"载入演示销售：{len(customers)} 位客户的订单、收款、卡项、储值、划扣、定金与欠款")
    return len(customers)
