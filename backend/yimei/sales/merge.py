"""Merging two customer files (``customers.services.merge_customers``): most sales rows simply move to the
target; the deposit account is one per customer, so the source's balance moves into the target's account
through the ledger (a "merge out" entry on the source, a "merge in" entry on the target)."""

from __future__ import annotations

from typing import Any

from yimei.customers.models import Customer
from yimei.customers.services import register_merge_handler
from yimei.sales.choices import LedgerKind
from yimei.sales.ledgers import move_deposit
from yimei.sales.models import DepositAccount


@register_merge_handler(DepositAccount)
def merge_deposit_accounts(*, source: Customer, target: Customer, operator: Any) -> int:
    if not DepositAccount.objects.filter(customer=source).exists():
        return 0
    if not DepositAccount.objects.filter(customer=target).exists():
        return DepositAccount.objects.filter(customer=source).update(customer=target)
    # Both have one: lock in primary-key order (the ledger rule), then move the balance.
    accounts = {a.customer_id: a for a in DepositAccount.objects.select_for_update()
                .filter(customer__in=[source.pk, target.pk]).order_by("pk")}
    balance = accounts[source.pk].balance_amount
    if balance:
        move_deposit(accounts[source.pk], amount=-balance, kind=LedgerKind.MERGE_OUT, operator=operator)
        move_deposit(accounts[target.pk], amount=balance, kind=LedgerKind.MERGE_IN, operator=operator)
    return 1
