"""The ledgers of customer assets (DESIGN rule 4): every balance change goes through these functions, which
write the balance row (already locked by the caller, in primary-key order) and an append-only entry row in
the same transaction. The database CHECKs keep balances at or above zero should a caller forget to check.

Lock order, everywhere: Order → CustomerCard → Entitlement → DepositAccount → Customer (by primary key within
each kind), so two transactions never wait on each other in a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from yimei.audit.services import track_locked
from yimei.core.errors import BusinessError
from yimei.core.money import quantize_amount
from yimei.sales.choices import CardStatus, EntitlementStatus
from yimei.sales.models import (
    CustomerCard,
    DepositAccount,
    DepositEntry,
    Entitlement,
    EntitlementEntry,
    NumberSequence,
    StoredValueEntry,
)


def next_number(prefix: str, *, day: date | None = None) -> str:
    """XS20261126-0001: a per-day counter, its row locked until the caller's transaction ends."""
    day = day or timezone.localdate()
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    with connection.cursor() as cursor:  # one statement: insert the day's row or count on, and lock it
        sql = (f"INSERT INTO {table} (prefix, day, value) VALUES (%s, %s, 1) "  # noqa: S608
               f"ON CONFLICT (prefix, day) DO UPDATE SET value = {table}.value + 1 RETURNING value")
        cursor.execute(sql, [prefix, connection.ops.adapt_datefield_value(day)])
        value = cursor.fetchone()[0]
    return f"{prefix}{day:%Y%m%d}-{value:04d}"


def _actor(operator: Any) -> Any:
    return operator if getattr(operator, "is_authenticated", False) else None


# --- locking ---------------------------------------------------------------------------------------


def lock_cards(ids: Iterable[int]) -> dict[int, CustomerCard]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    cards = {c.pk: c for c in CustomerCard.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    track_locked(*cards.values())
    return cards


def lock_entitlements(ids: Iterable[int]) -> dict[int, Entitlement]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = {e.pk: e for e in Entitlement.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    track_locked(*rows.values())
    return rows


def lock_deposit_account(customer_id: int) -> DepositAccount:
    """The customer's deposit account, created at zero when missing (a race on creation is settled by the
    one-to-one key), locked."""
    DepositAccount.objects.bulk_create([DepositAccount(customer_id=customer_id)], ignore_conflicts=True)
    account = DepositAccount.objects.select_for_update().get(customer_id=customer_id)
    track_locked(account)
    return account


# --- stored value ------------------------------------------------------------------------------------


def split_spend(card: CustomerCard, amount: Decimal) -> tuple[Decimal, Decimal]:
    """How much of ``amount`` comes from principal and bonus: bonus = round(amount × (1 − share)), principal
    the rest. When one side cannot cover its part, the other side covers the shortfall (the ratio paces the
    bonus; it never strands a balance the customer owns). Raises when the card holds less than ``amount``."""
    if amount > card.balance_amount:
        raise BusinessError(f"储值卡“{card.name}”余额不足：可用 {card.balance_amount} 元，需 {amount} 元。",
                            code="insufficient_balance", fields={"entries": ["储值余额不足。"]})
    bonus = quantize_amount(amount * (1 - card.principal_share))
    bonus = min(bonus, card.bonus_balance_amount)
    principal = amount - bonus
    if principal > card.principal_balance_amount:
        principal = card.principal_balance_amount
        bonus = amount - principal
    return principal, bonus


def move_stored_value(card: CustomerCard, *, principal: Decimal, bonus: Decimal, kind: str, operator: Any,
                      payment: Any = None, refund: Any = None) -> StoredValueEntry:
    """Add ``principal`` and ``bonus`` (negative to take) to a locked card and write the entry."""
    new_principal = card.principal_balance_amount + principal
    new_bonus = card.bonus_balance_amount + bonus
    if new_principal < 0 or new_bonus < 0:
        raise BusinessError(f"储值卡“{card.name}”余额不足。", code="insufficient_balance")
    card.principal_balance_amount, card.bonus_balance_amount = new_principal, new_bonus
    card.save(update_fields=["principal_balance_amount", "bonus_balance_amount", "updated_at"])
    return StoredValueEntry.objects.create(
        card=card, kind=kind, principal_delta_amount=principal, bonus_delta_amount=bonus,
        principal_after_amount=new_principal, bonus_after_amount=new_bonus, payment=payment, refund=refund,
        created_by=_actor(operator))


# --- sessions ----------------------------------------------------------------------------------------------


def deduction_value(entitlement: Entitlement, quantity: int) -> Decimal:
    """What ``quantity`` of the remaining sessions is worth: value × q / r, the last sessions take the rest."""
    if quantity >= entitlement.sessions_remaining:
        return entitlement.value_remaining_amount
    return quantize_amount(entitlement.value_remaining_amount * quantity / entitlement.sessions_remaining)


def move_entitlement(entitlement: Entitlement, *, sessions: int, value: Decimal, kind: str, operator: Any,
                     deduction: Any = None, refund: Any = None, status: str | None = None) -> EntitlementEntry:
    """Add ``sessions`` and ``value`` (negative to take) to a locked entitlement and write the entry."""
    new_sessions = entitlement.sessions_remaining + sessions
    new_value = entitlement.value_remaining_amount + value
    if new_sessions < 0 or new_value < 0:
        raise BusinessError(f"“{entitlement.item_name}”剩余次数不足。", code="insufficient_sessions")
    entitlement.sessions_remaining, entitlement.value_remaining_amount = new_sessions, new_value
    if status is not None:
        entitlement.status = status
    elif entitlement.status != EntitlementStatus.REFUNDED:
        entitlement.status = EntitlementStatus.ACTIVE if new_sessions else EntitlementStatus.USED_UP
    entitlement.save(update_fields=["sessions_remaining", "value_remaining_amount", "status", "updated_at"])
    return EntitlementEntry.objects.create(
        entitlement=entitlement, kind=kind, sessions_delta=sessions, value_delta_amount=value,
        sessions_after=new_sessions, value_after_amount=new_value, deduction=deduction, refund=refund,
        created_by=_actor(operator))


def refresh_card_status(card: CustomerCard) -> None:
    """A session card is used up when none of its entitlements has sessions left (and active again after a
    reversal). Stored-value cards stay active at zero: they can be refunded into."""
    if card.status not in (CardStatus.ACTIVE, CardStatus.USED_UP) or card.kind == "stored_value":
        return
    left = Entitlement.objects.filter(card=card, sessions_remaining__gt=0).exists()
    status = CardStatus.ACTIVE if left else CardStatus.USED_UP
    if status != card.status:
        card.status = status
        card.save(update_fields=["status", "updated_at"])


# --- deposits ----------------------------------------------------------------------------------------------


def move_deposit(account: DepositAccount, *, amount: Decimal, kind: str, operator: Any, payment: Any = None,
                 refund: Any = None) -> DepositEntry:
    new_balance = account.balance_amount + amount
    if new_balance < 0:
        raise BusinessError(f"定金余额不足：可用 {account.balance_amount} 元。", code="insufficient_balance",
                            fields={"entries": ["定金余额不足。"]})
    account.balance_amount = new_balance
    account.save(update_fields=["balance_amount", "updated_at"])
    return DepositEntry.objects.create(account=account, kind=kind, delta_amount=amount,
                                       balance_after_amount=new_balance, payment=payment, refund=refund,
                                       created_by=_actor(operator))
