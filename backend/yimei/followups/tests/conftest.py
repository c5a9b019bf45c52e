"""Fixtures of the follow-up tests: staff of the working roles with their follow-up scopes, customers, a small
catalogue with a care plan, and helpers that sell and deduct through the sales services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from yimei.customers import services as customers

F_WORK = ["followups.task.view", "followups.task.add", "followups.task.change"]
F_ALL = [*F_WORK, "followups.task.assign", "followups.rule.change", "followups.careplan.change",
         "followups.resource.view", "followups.resource.change"]
CUSTOMER = ["customers.customer.view", "customers.customer.add", "customers.customer.change"]
SALES = ["sales.order.view", "sales.order.add", "sales.payment.view", "sales.payment.take", "sales.deduction.view",
         "sales.deduction.add", "sales.deduction.reverse", "sales.asset.view"]


@pytest.fixture
def director(make_staff, org):
    """科室主任: everything in the department and below."""
    return make_staff([*F_ALL, *CUSTOMER, *SALES, "customers.customer.reassign"], unit=org["dept_a"],
                      scopes={"followups": "department_and_below", "customers": "department_and_below",
                              "sales": "department_and_below"}, username="f_director")


@pytest.fixture
def consultant(make_staff, org):
    return make_staff([*F_WORK, *CUSTOMER], unit=org["team_a1"], scopes={"followups": "own", "customers": "own"},
                      username="f_consultant")


@pytest.fixture
def consultant2(make_staff, org):
    return make_staff([*F_WORK, *CUSTOMER], unit=org["team_a2"], scopes={"followups": "own", "customers": "own"},
                      username="f_consultant2")


@pytest.fixture
def nurse(make_staff, org):
    return make_staff([*F_WORK, "customers.customer.view", *SALES], unit=org["team_a2"],
                      scopes={"followups": "own", "customers": "department_and_below",
                              "sales": "department_and_below"}, username="f_nurse")


@pytest.fixture
def outsider(make_staff, org):
    """A consultant of another department."""
    return make_staff([*F_WORK, *CUSTOMER], unit=org["team_b1"], scopes={"followups": "own", "customers": "own"},
                      username="f_outsider")


@pytest.fixture
def customer(consultant):
    return customers.create_customer(operator=consultant, name="林小雨", phone="13800138101", consultant=consultant)


@pytest.fixture
def customer2(consultant2):
    return customers.create_customer(operator=consultant2, name="王大山", phone="13800138102",
                                     consultant=consultant2)


@pytest.fixture
def item(db):
    from yimei.catalog.models import ItemCategory, TreatmentItem

    category = ItemCategory.objects.create(name="光电", kind="energy")
    return TreatmentItem.objects.create(code="F-IPL", name="光子嫩肤", category=category, price_amount=Decimal("880"))


@pytest.fixture
def care_plan(item, director):
    from yimei.followups.care import save_care_plan

    return save_care_plan(item, operator=director, instructions="术后一周内避免日晒，每天涂抹修复霜。",
                          followup_nodes=[1, 7, 30], message_nodes=[7, 30])


@pytest.fixture
def modes(db) -> dict[str, Any]:
    from importlib import import_module

    from django.apps import apps

    from yimei.sales.models import PaymentMode

    if not PaymentMode.objects.exists():
        import_module("yimei.sales.migrations.0002_default_payment_modes").create(apps, None)
    return {m.code: m for m in PaymentMode.objects.all()}


def sell(customer: Any, item: Any, *, operator: Any, modes: dict[str, Any], sessions: int = 3) -> Any:
    """An order of ``sessions`` sessions of ``item``, paid in cash; returns the customer's entitlement."""
    from yimei.sales import services as sales
    from yimei.sales.models import Entitlement

    order = sales.create_order(customer=customer, operator=operator,
                               lines=[{"kind": "item", "item": item, "quantity": sessions}])
    sales.take_payment(order, operator=operator, entries=[{"mode": modes["cash"], "amount": str(order.total_amount)}])
    return Entitlement.objects.get(source_line__order=order)


def deduct(entitlement: Any, *, operator: Any, performed_at: Any = None) -> Any:
    from yimei.sales import services as sales
    from yimei.sales.tests.conftest import SIGNATURE

    return sales.deduct(entitlement, customer=entitlement.customer, quantity=1, operator=operator,
                        signature=SIGNATURE, operators=[{"staff": operator, "position": None}],
                        performed_at=performed_at)
