"""The sales generator of the benchmarks writes history the services could have written: every balance equals
its ledger, lines add up to their orders, payments to what was paid, the constraints hold, and the services
go on numbering and selling after it."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone

from yimei.accounts.demo import seed_demo
from yimei.customers.generator import generate
from yimei.sales import models as m
from yimei.sales.generator import generate_sales, split_cents

ZERO = Decimal("0.00")
NOW = timezone.make_aware(datetime(2026, 11, 26, 18, 0))


def _cents(value):
    """An aggregate to the cent (SQLite sums decimals in floating point)."""
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _sum(rows, key=lambda r: r):
    return sum((key(r) for r in rows), ZERO)


@pytest.fixture
def generated(db):
    seed_demo()
    generate(customers=150, events_per_customer=8, seed=7, now=NOW, workers=0)
    return generate_sales(lines=400, seed=3, now=NOW, events=True)


def test_split_cents_matches_core_split():
    from yimei.core.money import split_proportionally

    for total, weights in ((5, [3, 3, 3, 1]), (100, [1, 1, 1]), (12345, [7, 0, 2]), (1, [0, 0])):
        expected = split_proportionally(Decimal(total) / 100, [Decimal(w) for w in weights])
        assert [Decimal(p) / 100 for p in split_cents(total, weights)] == expected


@pytest.mark.django_db
def test_generated_sales_are_consistent(generated):
    summary = generated
    lines = m.OrderLine.objects.count()
    assert 200 <= lines <= 800, summary.line()
    assert summary.counts["line"] == lines
    statuses = set(m.Order.objects.values_list("status", flat=True))
    assert {"paid", "void"} <= statuses
    assert m.Order.objects.filter(debt_amount__gt=0).exists()
    assert m.Refund.objects.exists()
    assert m.Deduction.objects.exists() and m.DeductionOperator.objects.exists()
    assert set(m.CustomerCard.objects.values_list("kind", flat=True)) >= {"count", "stored_value"}
    assert m.PaymentEntry.objects.filter(mode_kind="stored_value").exists()
    assert m.PerformanceEntry.objects.filter(kind="consumption").exists()
    assert m.PerformanceEntry.objects.filter(amount__lt=0).exists()  # refunds

    # Lines add up to their orders; payments to what was paid.
    by_order = defaultdict(list)
    for line in m.OrderLine.objects.all():
        assert line.total_amount == (line.list_amount - line.tier_discount_amount - line.line_discount_amount
                                     - line.order_discount_amount)
        by_order[line.order_id].append(line)
    paid = defaultdict(lambda: ZERO)
    debt = defaultdict(lambda: ZERO)
    for payment in m.Payment.objects.prefetch_related("entries"):
        entries = list(payment.entries.all())
        assert entries
        money = _sum(entries, lambda e: e.amount if e.mode_kind != "debt" else ZERO)
        assert money == payment.total_amount, payment.number
        for e in entries:
            if e.mode_kind == "stored_value":
                assert e.card_id and e.principal_amount + e.bonus_amount == e.amount
            if e.mode.needs_reference and payment.kind != "refund":
                assert e.reference
        if payment.kind in ("sale", "repayment"):
            paid[payment.order_id] += payment.total_amount
            debt[payment.order_id] += _sum(entries, lambda e: e.amount if e.mode_kind == "debt" else ZERO)
            if payment.kind == "repayment":
                debt[payment.order_id] -= payment.total_amount
    for order in m.Order.objects.all():
        order_lines = by_order[order.pk]
        assert order_lines, order.number
        assert order.total_amount == _sum(order_lines, lambda x: x.total_amount)
        assert order.list_amount == _sum(order_lines, lambda x: x.list_amount)
        assert order.list_amount - order.discount_amount == order.total_amount
        assert order.paid_amount == paid[order.pk], order.number
        assert order.debt_amount == debt[order.pk], order.number
        if order.status == "paid":
            assert order.paid_amount == order.total_amount and order.settled_at is not None
        if order.status in ("void", "pending"):
            assert order.paid_amount == 0 and order.settled_at is None
            assert not m.Entitlement.objects.filter(source_line__order=order).exists()
        if order.status == "refunded":
            refund = m.Refund.objects.get(order=order)
            assert refund.amount == order.refunded_amount == order.paid_amount
            assert _sum(refund.entries.all(), lambda e: e.amount) == refund.amount
            assert refund.payment.total_amount == refund.amount
        if order.settled_at is None:
            assert not m.CustomerCard.objects.filter(order_line__order=order).exists()

    # Every balance equals its ledger.
    for card in m.CustomerCard.objects.annotate(p=Sum("value_entries__principal_delta_amount"),
                                                b=Sum("value_entries__bonus_delta_amount")):
        if card.kind == "stored_value":
            balances = (card.principal_balance_amount, card.bonus_balance_amount)
            assert (_cents(card.p), _cents(card.b)) == balances, card.pk
            last = card.value_entries.order_by("-id").first()
            assert (last.principal_after_amount, last.bonus_after_amount) == (_cents(card.p), _cents(card.b))
        else:
            assert card.p is None and card.principal_balance_amount == 0
            left = card.entitlements.aggregate(s=Sum("sessions_remaining"))["s"]
            assert card.status == ("active" if left else "used_up")
    deductions = dict(m.Deduction.objects.values("entitlement_id").annotate(n=Count("id"))
                      .values_list("entitlement_id", "n"))
    for entitlement in m.Entitlement.objects.annotate(s=Sum("entries__sessions_delta"),
                                                      v=Sum("entries__value_delta_amount")):
        assert entitlement.s == entitlement.sessions_remaining, entitlement.pk
        assert _cents(entitlement.v) == entitlement.value_remaining_amount, entitlement.pk
        if entitlement.status == "refunded":
            assert entitlement.sessions_remaining == 0 and entitlement.pk not in deductions
        else:
            assert entitlement.sessions_total - entitlement.sessions_remaining == deductions.get(entitlement.pk, 0)
        last = entitlement.entries.order_by("-id").first()
        assert (last.sessions_after, last.value_after_amount) == (entitlement.s, _cents(entitlement.v))
        if entitlement.status == "used_up":
            assert entitlement.value_remaining_amount == 0

    # Deductions: the operators share the value; performance matches.
    for deduction in m.Deduction.objects.prefetch_related("operators"):
        operators = list(deduction.operators.all())
        assert operators and _sum(operators, lambda o: o.performance_amount) == deduction.value_amount
        assert _cents(m.PerformanceEntry.objects.filter(deduction=deduction, kind="consumption").aggregate(
            s=Sum("amount"))["s"]) == (deduction.value_amount or None)
    # Sales performance: the money collected, split among the attributed staff.
    for payment in m.Payment.objects.filter(kind__in=["sale", "repayment"]).prefetch_related("entries"):
        collected = _sum(payment.entries.all(),
                         lambda e: e.amount if e.mode_kind not in ("stored_value", "debt", "deposit") else ZERO)
        credited = _cents(m.PerformanceEntry.objects.filter(payment=payment).aggregate(s=Sum("amount"))["s"]) or ZERO
        order = payment.order
        if order.consultant_id or order.online_consultant_id or order.doctor_id:
            assert credited == collected, payment.number
    # Foreign keys hold for the rows as written (the CHECKs were checked on insert).
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert not cursor.fetchall()
    assert m.Entitlement.objects.filter(sessions_remaining__gt=0, status="active").exists()
    assert summary.counts.get("event", 0) > 0


@pytest.mark.django_db
def test_generation_is_reproducible_and_the_services_continue(generated):
    from yimei.accounts.models import User
    from yimei.catalog.models import TreatmentItem
    from yimei.customers.models import Customer
    from yimei.sales import services

    numbers = sorted(m.Order.objects.values_list("number", flat=True))
    totals = m.Order.objects.aggregate(t=Sum("total_amount"), p=Sum("paid_amount"))
    sequence = m.NumberSequence.objects.get(prefix="XS", day=timezone.localdate(NOW))
    assert sequence.value == sum(1 for n in numbers if n.startswith(f"XS{timezone.localdate(NOW):%Y%m%d}"))
    # A new order (numbered today) does not collide with the generated ones.
    director = User.objects.get(username="director")
    customer = Customer.objects.filter(consultant__isnull=False).first()
    order = services.create_order(customer=customer, operator=director,
                                  lines=[{"kind": "item", "item": TreatmentItem.objects.first(), "quantity": 1}])
    assert order.number not in numbers
    # The same seed on the same starting point gives the same orders.
    m.PerformanceEntry.objects.all().delete()
    for model in (m.EntitlementEntry, m.DeductionOperator, m.Deduction, m.StoredValueEntry, m.PaymentEntry,
                  m.RefundEntry, m.RefundLine):
        model.objects.all().delete()
    m.Payment.objects.all().delete()
    m.Refund.objects.all().delete()
    m.Entitlement.objects.all().delete()
    m.CustomerCard.objects.all().delete()
    m.Order.objects.all().delete()
    m.NumberSequence.objects.all().delete()
    generate_sales(lines=400, seed=3, now=NOW, events=False)
    assert sorted(m.Order.objects.values_list("number", flat=True)) == numbers
    assert m.Order.objects.aggregate(t=Sum("total_amount"), p=Sum("paid_amount")) == totals
