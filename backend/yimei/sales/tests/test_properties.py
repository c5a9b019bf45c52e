"""Properties (hypothesis): the discount split always adds up and never exceeds a line; and a state machine over
top-up, spend, refund, deduct, reverse and replay in which every balance equals the sum of its ledger, never goes
negative, and every order's lines add up to its total."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from yimei.core.errors import BusinessError
from yimei.core.money import ZERO, split_proportionally
from yimei.customers import services as customers
from yimei.sales import models as m
from yimei.sales import services
from yimei.sales.pricing import Discount, LineInput, price_order
from yimei.sales.tests.conftest import SIGNATURE
from yimei.sales.tests.test_services import counts

D = Decimal
cents = st.integers(min_value=0, max_value=10_000_00).map(lambda c: D(c) / 100)


# --- the split -------------------------------------------------------------------------------------------


@given(total=cents, weights=st.lists(cents, min_size=1, max_size=12))
def test_split_proportionally_adds_up_and_stays_within_each_weight(total, weights):
    total = min(total, sum(weights, ZERO)) if sum(weights, ZERO) else total
    parts = split_proportionally(total, weights)
    assert sum(parts, ZERO) == total
    assert all(p >= 0 for p in parts)
    if sum(weights, ZERO):
        assert all(p <= w for p, w in zip(parts, weights, strict=True))


@given(prices=st.lists(st.tuples(cents, st.integers(1, 20)), min_size=1, max_size=8),
       line_rates=st.lists(st.one_of(st.none(), st.integers(1, 10000).map(lambda r: D(r) / 10000)), max_size=8),
       order_rate=st.one_of(st.none(), st.integers(1, 10000).map(lambda r: D(r) / 10000)),
       order_amount=st.one_of(st.none(), cents))
def test_order_lines_always_add_up_to_the_total(prices, line_rates, order_rate, order_amount):
    lines = [LineInput("item", f"I{n}", f"项目{n}", "次", qty, price,
                       discount=Discount(rate=line_rates[n]) if n < len(line_rates) and line_rates[n] else Discount())
             for n, (price, qty) in enumerate(prices)]
    discount = Discount(rate=order_rate) if order_rate else Discount()
    try:
        if order_amount is not None and not order_rate:
            discount = Discount(amount=order_amount)
        priced = price_order(lines, order_discount=discount)
    except BusinessError:
        return  # a discount larger than what it applies to, or nothing to discount
    assert sum((p.total for p in priced.lines), ZERO) == priced.total
    for p in priced.lines:
        assert p.total == p.list_amount - p.tier_discount - p.line_discount - p.order_discount
        assert 0 <= p.order_discount <= p.after_line and p.total >= 0
    assert sum((p.order_discount for p in priced.lines), ZERO) == priced.order_discount_amount


# --- the ledgers --------------------------------------------------------------------------------------------

_phones = itertools.count(13700000000)
_keys = itertools.count(1)


class LedgerMachine(RuleBasedStateMachine):
    env: dict = {}

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        e = self.env
        self.customer = customers.create_customer(operator=e["consultant"], name="性质测试", phone=str(next(_phones)),
                                                  consultant=e["consultant"])
        self.cards: list[m.CustomerCard] = []
        self.rights: list[m.Entitlement] = []
        self.deductions: list[m.Deduction] = []
        self.product_orders: list[m.Order] = []
        self.last_payment: tuple | None = None

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _pay(self, order, entries):
        key = f"prop-{next(_keys)}"
        payment = services.take_payment(order, entries=entries, operator=self.env["cashier"], idempotency_key=key)
        self.last_payment = (order, entries, key, payment.pk)
        return payment

    def _order(self, *lines):
        return services.create_order(customer=self.customer, operator=self.env["consultant"], lines=list(lines))

    def _refused(self, call):
        before = counts()
        try:
            with transaction.atomic():
                call()
        except BusinessError:
            assert counts() == before
            return True
        return False

    @rule()
    def top_up(self):
        order = self._order({"kind": "card", "card_type": self.env["catalog"]["stored"], "quantity": 1})
        self._pay(order, [{"mode": self.env["modes"]["cash"], "amount": "10000"}])
        self.cards.append(m.CustomerCard.objects.get(order_line__order=order))

    @rule(quantity=st.integers(1, 4), card=st.booleans())
    def buy_sessions(self, quantity, card):
        catalog = self.env["catalog"]
        line = {"kind": "card", "card_type": catalog["count"], "quantity": 1} if card else \
            {"kind": "item", "item": catalog["ipl"], "quantity": quantity}
        order = self._order(line)
        self._pay(order, [{"mode": self.env["modes"]["wechat"], "amount": str(order.total_amount), "reference": "w"}])
        self.rights += list(m.Entitlement.objects.filter(source_line__order=order))

    @precondition(lambda self: self.cards)
    @rule(data=st.data(), pieces=st.integers(1, 30), share=st.integers(0, 100))
    def spend(self, data, pieces, share):
        card = data.draw(st.sampled_from(self.cards))
        order = self._order({"kind": "product", "product": self.env["catalog"]["cream"], "quantity": pieces})
        from_card = (order.total_amount * share / 100).quantize(D("0.01"))
        modes = self.env["modes"]
        entries = [{"mode": modes["stored_value"], "amount": str(from_card), "card": card}] if from_card else []
        if order.total_amount - from_card:
            entries.append({"mode": modes["cash"], "amount": str(order.total_amount - from_card)})
        if not self._refused(lambda: self._pay(order, entries)):
            self.product_orders.append(order)

    @precondition(lambda self: self.product_orders)
    @rule(data=st.data())
    def refund(self, data):
        order = data.draw(st.sampled_from(self.product_orders))
        order.refresh_from_db()
        line = order.lines.get()
        left = line.quantity - line.refunded_quantity
        if not left:
            return
        quantity = data.draw(st.integers(1, left))
        amount = line.total_amount - line.refunded_amount if quantity == left else \
            ((line.total_amount - line.refunded_amount) * quantity / left).quantize(D("0.01"))
        entries, rest = [], amount
        for slot in services.refundable(order)["modes"]:
            take = min(rest, slot["amount"])
            if take > 0:
                mode = m.PaymentMode.objects.get(pk=slot["mode"])
                card = m.CustomerCard.objects.get(pk=slot["card"]) if slot["card"] else None
                entries.append({"mode": mode, "amount": str(take), "card": card})
                rest -= take

        def run():
            refund = services.request_refund(order, lines=[{"line": line, "quantity": quantity}], entries=entries,
                                             reason="性质测试", operator=self.env["cashier"])
            services.approve_refund(refund, operator=self.env["director"])

        self._refused(run)

    @precondition(lambda self: self.rights)
    @rule(data=st.data(), quantity=st.integers(1, 4))
    def deduct(self, data, quantity):
        right = data.draw(st.sampled_from(self.rights))
        e = self.env
        holder = {}

        def run():
            holder["d"] = services.deduct(right, customer=self.customer, quantity=quantity, operator=e["nurse"],
                                          signature=SIGNATURE,
                                          operators=[{"staff": e["nurse"], "position": e["positions"]["nurse"]}])

        if not self._refused(run):
            self.deductions.append(holder["d"])

    @precondition(lambda self: self.deductions)
    @rule(data=st.data())
    def reverse(self, data):
        deduction = data.draw(st.sampled_from(self.deductions))
        self._refused(lambda: services.reverse_deduction(deduction, reason="性质测试", operator=self.env["director"]))

    @precondition(lambda self: self.last_payment is not None)
    @rule()
    def replay(self):
        order, entries, key, pk = self.last_payment
        before = counts()
        again = services.take_payment(order, entries=entries, operator=self.env["cashier"], idempotency_key=key)
        assert again.pk == pk and counts() == before

    @invariant()
    def balances_equal_their_ledgers(self):
        for card in m.CustomerCard.objects.filter(customer=self.customer):
            sums = m.StoredValueEntry.objects.filter(card=card).aggregate(p=Sum("principal_delta_amount"),
                                                                         b=Sum("bonus_delta_amount"))
            assert (sums["p"] or 0, sums["b"] or 0) == (card.principal_balance_amount, card.bonus_balance_amount)
            assert card.principal_balance_amount >= 0 and card.bonus_balance_amount >= 0
        for right in m.Entitlement.objects.filter(customer=self.customer):
            sums = m.EntitlementEntry.objects.filter(entitlement=right).aggregate(s=Sum("sessions_delta"),
                                                                                 v=Sum("value_delta_amount"))
            assert (sums["s"] or 0, sums["v"] or 0) == (right.sessions_remaining, right.value_remaining_amount)
            assert right.sessions_remaining >= 0 and right.value_remaining_amount >= 0
        for account in m.DepositAccount.objects.filter(customer=self.customer):
            assert account.entries.aggregate(s=Sum("delta_amount"))["s"] == account.balance_amount >= 0

    @invariant()
    def orders_add_up(self):
        for order in m.Order.objects.filter(customer=self.customer):
            lines = order.lines.aggregate(t=Sum("total_amount"))["t"] or 0
            assert lines == order.total_amount
            assert 0 <= order.paid_amount <= order.total_amount - order.debt_amount
            assert order.refunded_amount <= order.paid_amount


# Usually ~10 s; one CI run on SQLite under xdist took more than the default 300 s while still making progress
# (not blocked) and hypothesis then reported the interrupted example as flaky. Kept deterministic and given room
# until the slow case is found.
@pytest.mark.timeout(900)
@pytest.mark.django_db
def test_ledgers_state_machine(consultant, cashier, director, nurse, positions, catalog, modes):
    LedgerMachine.env = {"consultant": consultant, "cashier": cashier, "director": director, "nurse": nurse,
                         "positions": positions, "catalog": catalog, "modes": modes}
    run_state_machine_as_test(LedgerMachine, settings=settings(
        max_examples=25, stateful_step_count=12, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]))
