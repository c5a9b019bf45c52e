"""The demo seed gives a few customers a real sales history, once."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from yimei.accounts.demo import seed_demo, seed_demo_customers
from yimei.sales import demo
from yimei.sales.models import CustomerCard, Deduction, Entitlement, EntitlementEntry, Order, StoredValueEntry


@pytest.mark.django_db
def test_demo_sales_are_seeded_once_with_consistent_ledgers(settings, tmp_path, monkeypatch):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    monkeypatch.setattr("yimei.accounts.demo.DEMO_CUSTOMERS", 40)
    seed_demo()
    seed_demo_customers()
    orders = Order.objects.count()
    assert orders >= demo.DEMO_CUSTOMERS
    assert Order.objects.filter(debt_amount__gt=0).exists()
    assert Deduction.objects.count() >= demo.DEMO_CUSTOMERS
    assert CustomerCard.objects.filter(kind="stored_value").exists()
    for entitlement in Entitlement.objects.all():
        assert EntitlementEntry.objects.filter(entitlement=entitlement).aggregate(
            s=Sum("sessions_delta"))["s"] == entitlement.sessions_remaining
    for card in CustomerCard.objects.filter(kind="stored_value"):
        sums = StoredValueEntry.objects.filter(card=card).aggregate(p=Sum("principal_delta_amount"))
        assert sums["p"] == card.principal_balance_amount
    # again: nothing more
    assert demo.seed_sales() == 0
    seed_demo_customers()
    assert Order.objects.count() == orders
