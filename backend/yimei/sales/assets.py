"""Customer assets granted when an order is settled (paid, or paid plus debt covering the total): sessions of
items bought by the session, cards with their entitlements, stored-value balances. Called inside the
settling transaction; every balance starts with a ledger entry."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from yimei.catalog.choices import CardKind
from yimei.core.money import split_proportionally
from yimei.sales.choices import LedgerKind, LineKind
from yimei.sales.ledgers import move_entitlement, move_stored_value
from yimei.sales.models import CustomerCard, Entitlement, Order, OrderLine


def card_snapshot(card_type: Any) -> dict[str, Any]:
    """What a card type holds, copied onto the order line at sale."""
    return {
        "kind": card_type.kind,
        "code": card_type.code,
        "principal_amount": str(card_type.principal_amount),
        "bonus_amount": str(card_type.bonus_amount),
        "principal_share": str(card_type.principal_share.quantize(Decimal("0.000001"))),
        "validity_days": card_type.validity_days,
        "valid_until": card_type.valid_until.isoformat() if card_type.valid_until else None,
        "refund_rule": card_type.refund_rule,
        "choose_count": card_type.choose_count,
        "allow_repeat": card_type.allow_repeat,
        "items": [{"item": ci.item_id, "code": ci.item.code, "name": ci.item.name, "unit": ci.item.session_unit,
                   "sessions": ci.sessions, "price": str(ci.item.price_amount)}
                  for ci in card_type.card_items.select_related("item").order_by("sort", "id")],
    }


def expiry_of(snapshot: dict[str, Any], today: date) -> date | None:
    if snapshot.get("validity_days"):
        return today + timedelta(days=int(snapshot["validity_days"]))
    if snapshot.get("valid_until"):
        return date.fromisoformat(snapshot["valid_until"])
    return None


def grant_assets(order: Order, *, operator: Any) -> None:
    """Give the customer what the settled ``order`` bought."""
    today = timezone.localdate()
    for line in order.lines.all().order_by("sort", "id"):
        if line.kind == LineKind.ITEM:
            _grant_sessions(order, line, operator=operator)
        elif line.kind == LineKind.CARD:
            values = split_proportionally(line.total_amount, [Decimal(1)] * line.quantity)
            for value in values:
                _grant_card(order, line, value, today=today, operator=operator)


def _entitlement(order: Order, line: OrderLine, *, value: Decimal, sessions: int, operator: Any,
                 card: CustomerCard | None = None, item_id: int | None = None, code: str = "", name: str = "",
                 unit: str = "次", expires_on: date | None = None) -> Entitlement:
    entitlement = Entitlement.objects.create(
        customer_id=order.customer_id, item_id=item_id, item_code=code, item_name=name, unit=unit,
        source_line=line, card=card, sessions_total=sessions, sessions_remaining=0,
        value_remaining_amount=Decimal("0.00"), expires_on=expires_on)
    move_entitlement(entitlement, sessions=sessions, value=value, kind=LedgerKind.GRANT, operator=operator)
    return entitlement


def _grant_sessions(order: Order, line: OrderLine, *, operator: Any) -> None:
    _entitlement(order, line, value=line.total_amount, sessions=line.quantity, operator=operator,
                 item_id=line.item_id, code=line.code, name=line.name, unit=line.unit)


def _grant_card(order: Order, line: OrderLine, value: Decimal, *, today: date, operator: Any) -> None:
    snap = line.card_snapshot
    kind = snap["kind"]
    card = CustomerCard.objects.create(
        customer_id=order.customer_id, card_type_id=line.card_type_id, order_line=line, kind=kind,
        code=line.code, name=line.name, expires_on=expiry_of(snap, today), refund_rule=snap["refund_rule"],
        price_amount=value, principal_share=Decimal(snap["principal_share"]),
        choose_count=snap.get("choose_count"), allow_repeat=bool(snap.get("allow_repeat", True)),
        choice_items=[{"item": i["item"], "code": i["code"], "name": i["name"], "unit": i["unit"],
                       "cap": i["sessions"]} for i in snap["items"]] if kind == CardKind.CHOICE else [])
    if kind == CardKind.STORED_VALUE:
        move_stored_value(card, principal=Decimal(snap["principal_amount"]), bonus=Decimal(snap["bonus_amount"]),
                          kind=LedgerKind.TOP_UP, operator=operator)
    elif kind == CardKind.CHOICE:
        _entitlement(order, line, value=value, sessions=int(snap["choose_count"]), operator=operator, card=card,
                     name=line.name, expires_on=card.expires_on)
    else:
        from yimei.catalog.models import TreatmentItem

        items = snap["items"]
        existing = set(TreatmentItem.objects.filter(pk__in=[i["item"] for i in items]).values_list("pk", flat=True))
        values = split_proportionally(value, [Decimal(i["price"]) * int(i["sessions"] or 1) for i in items])
        for item, item_value in zip(items, values, strict=True):
            _entitlement(order, line, value=item_value, sessions=int(item["sessions"] or 1), operator=operator,
                         card=card, item_id=item["item"] if item["item"] in existing else None, code=item["code"],
                         name=item["name"], unit=item["unit"],
                         expires_on=card.expires_on)
