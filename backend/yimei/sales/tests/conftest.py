"""Fixtures of the sales tests: a small catalogue, staff of each working role, a customer, payment modes,
signatures; private storage in a temporary folder."""

from __future__ import annotations

import base64
import io
from decimal import Decimal
from typing import Any

import pytest
from PIL import Image, ImageDraw

from yimei.accounts import services as accounts
from yimei.catalog.models import (
    CardType,
    CardTypeItem,
    ItemCategory,
    ItemConsumable,
    OperationFee,
    Product,
    TreatmentItem,
)
from yimei.customers import services as customers
from yimei.sales.models import PaymentMode

ALL_SALES = [
    "sales.order.view", "sales.order.add", "sales.order.void", "sales.discount.approve", "sales.payment.view",
    "sales.payment.take", "sales.refund.view", "sales.refund.request", "sales.refund.approve", "sales.asset.view",
    "sales.deduction.view", "sales.deduction.add", "sales.deduction.reverse", "sales.performance.view",
    "sales.performance.view_all", "sales.dayend.view", "sales.settings.view", "sales.settings.manage",
]
SCOPE_ALL = {"sales": "all", "customers": "all"}


def signature_png(size: tuple[int, int] = (300, 120), *, blank: bool = False) -> bytes:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(image).line([(10, 60), (120, 20), (200, 100), (290, 40)], fill=(0, 0, 0, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def data_url(content: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(content).decode()


SIGNATURE = data_url(signature_png())


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


@pytest.fixture
def positions(db) -> dict[str, Any]:
    return {code: accounts.create_position(code=f"t_{code}", name=name)
            for code, name in (("doctor", "医生"), ("nurse", "护士"))}


@pytest.fixture
def catalog(db, positions) -> dict[str, Any]:
    energy = ItemCategory.objects.create(name="光电", kind="energy")
    injection = ItemCategory.objects.create(name="注射", kind="injection")
    gel = Product.objects.create(code="P-GEL", name="冷凝胶", kind="consumable", unit="支", price_amount=Decimal("0"))
    cream = Product.objects.create(code="P-CREAM", name="修复霜", kind="retail", unit="支", price_amount=Decimal("198"))
    ipl = TreatmentItem.objects.create(code="IPL", name="光子嫩肤", category=energy, price_amount=Decimal("880"))
    hydra = TreatmentItem.objects.create(code="HYD", name="水光针", category=injection, price_amount=Decimal("1280"))
    peel = TreatmentItem.objects.create(code="PEEL", name="果酸焕肤", category=energy, price_amount=Decimal("480"))
    ItemConsumable.objects.create(item=ipl, product=gel, quantity=Decimal("0.5"))
    OperationFee.objects.create(item=ipl, position=positions["nurse"], fee_amount=Decimal("30"))
    OperationFee.objects.create(item=ipl, position=positions["doctor"], fee_amount=Decimal("50"))
    count = CardType.objects.create(code="C-IPL10", name="光子 10 次卡", kind="count", price_amount=Decimal("6000"),
                                    validity_days=365)
    CardTypeItem.objects.create(card_type=count, item=ipl, sessions=10)
    combo = CardType.objects.create(code="C-COMBO", name="焕肤组合卡", kind="combo", price_amount=Decimal("4000"))
    CardTypeItem.objects.create(card_type=combo, item=ipl, sessions=3, sort=0)
    CardTypeItem.objects.create(card_type=combo, item=hydra, sessions=2, sort=1)
    choice = CardType.objects.create(code="C-CHOICE", name="三选二卡", kind="choice", price_amount=Decimal("1500"),
                                     choose_count=3, allow_repeat=True)
    CardTypeItem.objects.create(card_type=choice, item=ipl, sessions=2)
    CardTypeItem.objects.create(card_type=choice, item=hydra, sessions=1)
    CardTypeItem.objects.create(card_type=choice, item=peel, sessions=None)
    stored = CardType.objects.create(code="C-SV10K", name="储值 1 万", kind="stored_value",
                                     price_amount=Decimal("10000"), principal_amount=Decimal("10000"),
                                     bonus_amount=Decimal("2500"), refund_rule="principal_only")
    return {"ipl": ipl, "hydra": hydra, "peel": peel, "gel": gel, "cream": cream, "count": count, "combo": combo,
            "choice": choice, "stored": stored}


@pytest.fixture
def modes(db) -> dict[str, PaymentMode]:
    """The default payment modes (a transactional test's flush removes what the data migration made)."""
    from importlib import import_module

    from django.apps import apps

    if not PaymentMode.objects.exists():
        import_module("yimei.sales.migrations.0002_default_payment_modes").create(apps, None)
    return {m.code: m for m in PaymentMode.objects.all()}


@pytest.fixture
def director(make_staff, positions):
    user = make_staff([*ALL_SALES, "customers.customer.view"], scopes=SCOPE_ALL, username="t_director")
    user.positions.add(positions["doctor"])
    return user


@pytest.fixture
def consultant(make_staff):
    return make_staff(["sales.order.view", "sales.order.add", "customers.customer.view"],
                      scopes={"sales": "own", "customers": "own"}, username="t_consultant")


@pytest.fixture
def cashier(make_staff):
    return make_staff(["sales.order.view", "sales.payment.view", "sales.payment.take", "sales.refund.view",
                       "sales.refund.request", "sales.asset.view", "sales.dayend.view"],
                      scopes=SCOPE_ALL, username="t_cashier")


@pytest.fixture
def nurse(make_staff, positions):
    user = make_staff(["sales.deduction.view", "sales.deduction.add", "sales.asset.view",
                       "sales.performance.view"], scopes=SCOPE_ALL, username="t_nurse")
    user.positions.add(positions["nurse"])
    return user


@pytest.fixture
def customer(consultant):
    return customers.create_customer(operator=consultant, name="林小雨", phone="13800138001", consultant=consultant)


@pytest.fixture
def other_customer(consultant):
    return customers.create_customer(operator=consultant, name="王大山", phone="13800138002")


def line(kind: str, obj: Any, quantity: int = 1, **discount: Any) -> dict[str, Any]:
    key = {"item": "item", "product": "product", "card": "card_type"}[kind]
    return {"kind": kind, key: obj, "quantity": quantity, "discount": discount or None}


def entry(mode: PaymentMode, amount: str, **extra: Any) -> dict[str, Any]:
    data = {"mode": mode, "amount": amount, **extra}
    if mode.needs_reference and "reference" not in extra:
        data["reference"] = "T" + amount.replace(".", "")
    return data
