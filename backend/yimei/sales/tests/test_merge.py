"""Merging customer files moves their sales rows; the one-per-customer deposit account is folded by ledger."""

from __future__ import annotations

from decimal import Decimal

from yimei.customers import services as customers
from yimei.sales import services
from yimei.sales.choices import LedgerKind
from yimei.sales.models import DepositAccount, DepositEntry
from yimei.sales.tests.conftest import entry


def _balance(customer) -> Decimal:
    return DepositAccount.objects.get(customer=customer).balance_amount


def test_merging_two_deposit_accounts_moves_the_balance_through_the_ledger(
        customer, other_customer, cashier, director, modes):
    # given both files hold a deposit
    services.take_deposit(customer, entries=[entry(modes["cash"], "300")], operator=cashier)
    services.take_deposit(other_customer, entries=[entry(modes["wechat"], "200.50", reference="T1")],
                          operator=cashier)

    # when the second file is merged into the first
    customers.merge_customers(source=other_customer, target=customer, operator=director)

    # then the target holds both amounts, the source none, and each balance equals its ledger sum
    assert _balance(customer) == Decimal("500.50")
    assert _balance(other_customer) == Decimal("0.00")
    for account in DepositAccount.objects.all():
        assert sum(e.delta_amount for e in account.entries.all()) == account.balance_amount
    kinds = set(DepositEntry.objects.values_list("kind", flat=True))
    assert {LedgerKind.MERGE_OUT, LedgerKind.MERGE_IN} <= kinds


def test_merging_moves_the_deposit_account_when_the_target_has_none(customer, other_customer, cashier, director,
                                                                    modes):
    # given only the source holds a deposit
    services.take_deposit(other_customer, entries=[entry(modes["cash"], "80")], operator=cashier)

    # when merged
    customers.merge_customers(source=other_customer, target=customer, operator=director)

    # then the account itself now belongs to the target, with its history
    account = DepositAccount.objects.get(customer=customer)
    assert account.balance_amount == Decimal("80.00")
    assert account.entries.count() == 1
    assert not DepositAccount.objects.filter(customer=other_customer).exists()
