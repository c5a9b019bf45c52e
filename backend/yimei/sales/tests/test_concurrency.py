"""Parallel writers on PostgreSQL (threads with their own connections): balances are locked rows, so parallel
deductions and spends serialise and never overdraw."""

from __future__ import annotations

import os
import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connections
from django.db.models import Sum

from yimei.core.errors import BusinessError
from yimei.sales import models as m
from yimei.sales import services
from yimei.sales.tests.conftest import SIGNATURE, line

requires_postgresql = pytest.mark.skipif(not os.environ.get("YIMEI_DATABASE_URL", "").startswith("postgres"),
                                         reason="parallel writers are exercised on PostgreSQL")


def in_parallel(count: int, work) -> Counter:
    barrier = threading.Barrier(count)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def run(n: int) -> None:
        try:
            barrier.wait()
            work(n)
            result = "ok"
        except BusinessError as error:
            result = error.code
        finally:
            connections.close_all()
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_deductions_on_a_ten_session_card(concurrent_db, customer, consultant, cashier, nurse,
                                                          positions, catalog, modes):
    # given a paid 10-session card
    order = services.create_order(customer=customer, operator=consultant, lines=[line("card", catalog["count"])])
    services.take_payment(order, entries=[{"mode": modes["cash"], "amount": "6000"}], operator=cashier)
    right = m.Entitlement.objects.get(customer=customer)

    # when 20 nurses deduct one session each at the same moment
    def deduct(n: int) -> None:
        services.deduct(right, customer=customer, quantity=1, operator=nurse, signature=SIGNATURE,
                        operators=[{"staff": nurse, "position": positions["nurse"]}], idempotency_key=f"par-{n:04d}")

    outcomes = in_parallel(20, deduct)

    # then exactly ten succeed and ten are told there is nothing left
    assert outcomes == Counter({"ok": 10, "insufficient_sessions": 10})
    right.refresh_from_db()
    assert (right.sessions_remaining, right.value_remaining_amount) == (0, Decimal("0.00"))
    assert m.Deduction.objects.filter(entitlement=right).count() == 10
    assert m.EntitlementEntry.objects.filter(entitlement=right).aggregate(s=Sum("sessions_delta"))["s"] == 0


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_stored_value_spends_never_overdraw(concurrent_db, customer, consultant, cashier, catalog,
                                                            modes):
    # given a card holding 12,500 (10,000 principal + 2,500 bonus) and twenty orders of 1,000 each
    order = services.create_order(customer=customer, operator=consultant, lines=[line("card", catalog["stored"])])
    services.take_payment(order, entries=[{"mode": modes["cash"], "amount": "10000"}], operator=cashier)
    card = m.CustomerCard.objects.get(customer=customer)
    orders = [services.create_order(customer=customer, operator=consultant,
                                    lines=[line("product", catalog["cream"], 5)]) for _ in range(20)]
    assert orders[0].total_amount == Decimal("990.00")

    # when the twenty are paid from the card at once
    def spend(n: int) -> None:
        services.take_payment(orders[n], entries=[{"mode": modes["stored_value"], "amount": "990", "card": card}],
                              operator=cashier)

    outcomes = in_parallel(20, spend)

    # then twelve are paid (11,880) and eight are refused; the balance equals its ledger and is not negative
    assert outcomes == Counter({"ok": 12, "insufficient_balance": 8})
    card.refresh_from_db()
    assert card.balance_amount == Decimal("620.00")
    assert card.principal_balance_amount >= 0 and card.bonus_balance_amount >= 0
    sums = m.StoredValueEntry.objects.filter(card=card).aggregate(p=Sum("principal_delta_amount"),
                                                                 b=Sum("bonus_delta_amount"))
    assert (sums["p"], sums["b"]) == (card.principal_balance_amount, card.bonus_balance_amount)
    assert m.Order.objects.filter(status="paid", lines__product=catalog["cream"]).count() == 12


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_replays_of_one_key_make_one_payment(concurrent_db, customer, consultant, cashier, catalog, modes,
                                                      client_for):
    order = services.create_order(customer=customer, operator=consultant, lines=[line("item", catalog["ipl"])])
    body = {"kind": "sale", "order": order.pk, "entries": [{"mode": modes["cash"].pk, "amount": "880"}]}
    answers: list = []

    def pay(n: int) -> None:
        response = client_for(cashier).post("/api/v1/payments/", body, format="json",
                                            HTTP_IDEMPOTENCY_KEY="parallel-replay-1")
        answers.append((response.status_code, response.json().get("id")))

    in_parallel(6, pay)
    assert m.Payment.objects.filter(order=order).count() == 1
    assert set(answers) == {(201, m.Payment.objects.get(order=order).pk)}
