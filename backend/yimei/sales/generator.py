"""Realistic sales history for the customers already in the database, for the benchmarks (``bench/``).

``generate_sales(lines=5_000_000, seed=42)`` gives the customers who came to the clinic orders over the last
two years (about ``lines`` order lines in all) priced from the catalogue (the demo catalogue is loaded when
there is none), with what the services would have written:

* orders with their lines and applied discounts (member prices, some manual line discounts, the deeper ones
  approved by the director): mostly paid, some settled with debt (half of it repaid later), some refunded,
  some voided, a few recent ones still waiting for payment;
* payments with entries by mode (WeChat Pay, Alipay, bank card with references, cash with change, stored
  value split into principal and bonus), some orders paid in two payments;
* the assets of settled orders: customer cards (count, combo, N-choose-M, stored value) and entitlements,
  each balance starting with its ledger entry; stored value spent by later orders; sessions deducted over
  the following months with their operators (doctor and nurse, or a nurse or therapist alone), operation
  fees and consumption performance; refunds with their lines, entries, refund payment and reversed
  entitlements;
* sales performance of every collected payment split by the configured ratios (negative for refunds);
* per-day number counters (``NumberSequence``) so the services go on numbering after the generated history;
* optionally the timeline events (``order.created``, ``payment.received``, ``deduction.done``,
  ``refund.done``; default only below 1,000,000 lines: the event table is the largest one).

Every balance equals the sum of its ledger entries, every line adds up, every CHECK holds (tested). Amounts
are computed in integer cents. The same seed, ``now`` and starting database give the same data. Not
generated: deposits, deduction reversals, consumables, refunds of cards, visits linked to orders and
updates of the customers' cumulative spend (the customer generator already set spend and tiers).

Written with ``COPY`` on PostgreSQL (the ``_Writer`` of the customer generator) or batched ``INSERT``
elsewhere; a bulk run (PostgreSQL, default when the sales tables are empty and the run is large) drops the
sales tables' non-unique indexes while loading and builds them at the end, and skips the foreign-key
triggers as a superuser.
"""

from __future__ import annotations

import base64
import json
import math
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connections, transaction
from django.db.models import Max
from django.utils import timezone

from yimei.customers.generator import (
    TableSpec,
    _create_indexes,
    _drop_secondary_indexes,
    _dt,
    _local_date,
    _reset_sequences,
    _Weighted,
    _Writer,
)

_DAY = 86400.0
_LOCAL = 8 * 3600
SIGNATURE_NAME = "sales/signatures/generated/signature.png"

# How many lines an order has (weights for 1..5 lines) and what a line is.
LINES_PER_ORDER = (45, 25, 17, 8, 5)
LINE_KINDS = (("item", 60), ("product", 12), ("card", 28))
ITEM_WEIGHTS = {"IPL-01": 16, "HYDRA-01": 14, "PICO-01": 9, "BTX-100": 9, "HA-1ML": 8, "BUBBLE-01": 10,
                "PEEL-01": 8, "COOL-01": 5, "LED-01": 5, "HIFU-01": 4, "THERM-01": 3, "EYE-01": 2, "NOSE-01": 1,
                "LIPO-01": 1}
CARD_WEIGHTS = {"CARD-IPL5": 25, "CARD-GLOW": 20, "CARD-SKIN63": 20, "SV-10000": 15, "SV-5000": 20}
MONEY_MODES = (("wechat", 35), ("alipay", 20), ("bank_card", 15), ("cash", 30))
MANUAL_RATES = (("0.95", 40), ("0.90", 35), ("0.85", 15), ("0.80", 10))
REFUND_REASONS = ("客户改变主意", "身体原因无法治疗", "重复购买", "对方案不满意")
VOID_REASONS = ("客户未付款离开", "开错项目，重新开单", "客户改约下次")


def _m(cents: int) -> str:
    """Cents as the decimal text of an amount (COPY and Django both take it)."""
    if cents < 0:
        return f"-{-cents // 100}.{-cents % 100:02d}"
    return f"{cents // 100}.{cents % 100:02d}"


def _cents(amount: Decimal) -> int:
    return int((Decimal(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _round_div(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up (both ≥ 0)."""
    return (2 * numerator + denominator) // (2 * denominator)


def _adds_up_in_float(line: dict) -> bool:
    """SQLite evaluates the line CHECK (total = list − tier − line discount) in floating point: leave out the
    few combinations of amounts it would reject (PostgreSQL's numeric would take them)."""
    return (float(_m(line["list"])) - float(_m(line["tier"])) - float(_m(line["manual"])) - 0.0
            == float(_m(line["total"])))


def split_cents(total: int, weights: list[int]) -> list[int]:
    """``core.money.split_proportionally`` in cents: floors, then the left-over cents to the largest
    remainders (ties to the later part)."""
    base = sum(weights)
    if base == 0:
        weights, base = [1] * len(weights), len(weights)
    parts = [total * w // base for w in weights]
    left = total - sum(parts)
    if left:
        ranked = sorted(range(len(weights)), key=lambda i: (total * weights[i] % base, i), reverse=True)
        for i in ranked[:left]:
            parts[i] += 1
    return parts


# --- tables ---------------------------------------------------------------------------------------------------


def _specs() -> dict[str, TableSpec]:
    from yimei.customers.models import CustomerEvent
    from yimei.sales import models as m

    stamp = ("created_at", "updated_at")
    return {
        "order": TableSpec(m.Order, ("id", *stamp, "number", "customer_id", "visit_id", "consultation_id", "status",
                                     "list_amount", "discount_amount", "total_amount", "paid_amount", "debt_amount",
                                     "refunded_amount", "consultant_id", "online_consultant_id", "doctor_id",
                                     "org_unit_id", "created_by_id", "note", "idempotency_key", "discount_status",
                                     "discount_rate", "discount_approved_by_id", "discount_approved_at", "settled_at",
                                     "voided_at", "voided_by_id", "void_reason")),
        "line": TableSpec(m.OrderLine, ("id", "order_id", "kind", "item_id", "product_id", "card_type_id",
                                        "card_kind", "code", "name", "unit", "quantity", "unit_price_amount",
                                        "member_unit_price_amount", "list_amount", "tier_discount_amount",
                                        "line_discount_amount", "order_discount_amount", "total_amount",
                                        "refunded_quantity", "refunded_amount", "card_snapshot", "sort")),
        "discount": TableSpec(m.OrderDiscount, ("order_id", "line_id", "kind", "value_type", "value", "amount",
                                                "reason", "approved_by_id")),
        "card": TableSpec(m.CustomerCard, ("id", *stamp, "customer_id", "card_type_id", "order_line_id", "kind",
                                           "code", "name", "status", "expires_on", "refund_rule", "price_amount",
                                           "principal_balance_amount", "bonus_balance_amount", "principal_share",
                                           "choose_count", "allow_repeat", "choice_items")),
        "entitlement": TableSpec(m.Entitlement, ("id", *stamp, "customer_id", "item_id", "item_code", "item_name",
                                                 "unit", "source_line_id", "card_id", "status", "sessions_total",
                                                 "sessions_remaining", "value_remaining_amount", "expires_on")),
        "refund": TableSpec(m.Refund, ("id", *stamp, "number", "order_id", "customer_id", "status", "amount",
                                       "reason", "requested_by_id", "decided_by_id", "decided_at", "decision_note",
                                       "org_unit_id", "idempotency_key")),
        "refund_line": TableSpec(m.RefundLine, ("refund_id", "line_id", "card_id", "quantity", "amount")),
        "refund_entry": TableSpec(m.RefundEntry, ("refund_id", "mode_id", "amount", "card_id", "reference")),
        "payment": TableSpec(m.Payment, ("id", *stamp, "number", "kind", "order_id", "customer_id", "refund_id",
                                         "total_amount", "change_amount", "cashier_id", "org_unit_id", "note",
                                         "idempotency_key")),
        "payment_entry": TableSpec(m.PaymentEntry, ("payment_id", "mode_id", "mode_kind", "mode_name", "amount",
                                                    "tendered_amount", "reference", "card_id", "principal_amount",
                                                    "bonus_amount", "deposit_account_id")),
        "value_entry": TableSpec(m.StoredValueEntry, ("card_id", "kind", "principal_delta_amount",
                                                      "bonus_delta_amount", "principal_after_amount",
                                                      "bonus_after_amount", "payment_id", "refund_id", "created_at",
                                                      "created_by_id")),
        "deduction": TableSpec(m.Deduction, ("id", *stamp, "number", "customer_id", "entitlement_id", "card_id",
                                             "item_id", "item_code", "item_name", "quantity", "value_amount",
                                             "performed_at", "visit_id", "signature", "signature_size", "status",
                                             "reversal_reason", "reversed_by_id", "reversed_at", "note",
                                             "idempotency_key", "org_unit_id", "created_by_id")),
        "operator": TableSpec(m.DeductionOperator, ("deduction_id", "staff_id", "position_id", "position_name",
                                                    "share", "performance_amount", "fee_amount")),
        "entitlement_entry": TableSpec(m.EntitlementEntry, ("entitlement_id", "kind", "sessions_delta",
                                                            "value_delta_amount", "sessions_after",
                                                            "value_after_amount", "deduction_id", "refund_id",
                                                            "created_at", "created_by_id")),
        "performance": TableSpec(m.PerformanceEntry, ("staff_id", "org_unit_id", "kind", "role", "position_name",
                                                      "ratio", "amount", "occurred_at", "customer_id", "order_id",
                                                      "payment_id", "deduction_id", "refund_id", "summary")),
        "event": TableSpec(CustomerEvent, ("customer_id", "type", "occurred_at", "actor_id", "actor_name",
                                           "source_type", "source_id", "summary", "data")),
    }


# Parents before children (foreign keys are deferred on PostgreSQL and SQLite, but stay tidy).
WRITE_ORDER = ("order", "line", "discount", "card", "entitlement", "refund", "refund_line", "refund_entry", "payment",
               "payment_entry", "value_entry", "deduction", "operator", "entitlement_entry", "performance", "event")
_WITH_IDS = ("order", "line", "card", "entitlement", "refund", "payment", "deduction")
SALES_TABLES = tuple(name for name in WRITE_ORDER if name != "event")


# --- what the generator draws from the database ---------------------------------------------------------------


@dataclass
class Item:
    id: int
    code: str
    name: str
    unit: str
    price: int  # cents
    requires_doctor: bool
    weight: float


@dataclass
class CardSpec:
    id: int
    code: str
    name: str
    kind: str
    price: int
    principal: int
    bonus: int
    share: Decimal
    validity_days: int | None
    choose_count: int | None
    allow_repeat: bool
    refund_rule: str
    items: list[tuple[Item, int | None]]
    snapshot: str = ""


@dataclass
class Reference:
    items: list[Item]
    products: list[tuple[int, str, str, str, int]]  # (id, code, name, unit, price cents)
    cards: list[CardSpec]
    member_price: dict[tuple[int, int], int]  # (tier id, item id) -> member unit price in cents
    fees: dict[tuple[int, int], int]  # (item id, position id) -> operation fee per session in cents
    modes: dict[str, tuple[int, str, bool]]  # kind -> (id, name, needs reference)
    ratios: tuple[Decimal, Decimal, Decimal]  # consultant, online consultant, doctor
    unit_of: dict[int, int | None]  # staff id -> org unit id
    name_of: dict[int, str]
    positions: dict[str, tuple[int, str]]  # code -> (id, name)
    doctors: list[int]
    nurses: list[int]
    therapists: list[int]
    cashiers: list[int]
    onsite: list[int]
    director: int | None


def ensure_catalogue() -> None:
    """The demo catalogue when there is none (items, products, cards, member prices, operation fees)."""
    from yimei.catalog.demo import seed_catalog
    from yimei.catalog.models import TreatmentItem

    if not TreatmentItem.objects.exists():
        seed_catalog()


def ensure_signature() -> None:
    """One drawn signature file that every generated deduction points at (private default storage)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from yimei.sales.demo import demo_signature

    if not default_storage.exists(SIGNATURE_NAME):
        data = base64.b64decode(demo_signature(1).split(",", 1)[1])
        default_storage.save(SIGNATURE_NAME, ContentFile(data))


def load_reference(using: str = "default") -> Reference:
    from yimei.accounts.models import Position, User
    from yimei.catalog.models import CardType, ItemTierPrice, OperationFee, Product, TreatmentItem
    from yimei.customers.models import MembershipTier
    from yimei.sales.assets import card_snapshot
    from yimei.sales.models import PaymentMode, SalesSettings

    items = [Item(i.pk, i.code, i.name, i.session_unit, _cents(i.price_amount), i.requires_doctor,
                  ITEM_WEIGHTS.get(i.code, 2))
             for i in TreatmentItem.objects.using(using).filter(is_active=True, price_amount__gt=0).order_by("pk")]
    by_id = {i.id: i for i in items}
    products = [(p.pk, p.code, p.name, p.unit, _cents(p.price_amount))
                for p in Product.objects.using(using).filter(is_active=True, price_amount__gt=0).order_by("pk")]
    cards = []
    for c in (CardType.objects.using(using).filter(is_active=True, valid_until__isnull=True)
              .prefetch_related("card_items__item").order_by("pk")):
        contents = [(by_id[ci.item_id], ci.sessions) for ci in c.card_items.all() if ci.item_id in by_id]
        if c.kind != "stored_value" and not contents:
            continue
        cards.append(CardSpec(c.pk, c.code, c.name, c.kind, _cents(c.price_amount), _cents(c.principal_amount),
                              _cents(c.bonus_amount), c.principal_share.quantize(Decimal("0.000001")),
                              c.validity_days, c.choose_count, c.allow_repeat, c.refund_rule, contents,
                              _json_text(card_snapshot(c))))
    member: dict[tuple[int, int], int] = {}
    explicit = {(t, i): _cents(p) for t, i, p in ItemTierPrice.objects.using(using)
                .values_list("tier_id", "item_id", "price_amount")}
    for tier_id, rate in MembershipTier.objects.using(using).values_list("pk", "discount_rate"):
        for item in items:
            price = explicit.get((tier_id, item.id))
            if price is None and rate < 1:
                price = int((Decimal(item.price) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            if price is not None and price < item.price:
                member[(tier_id, item.id)] = price
    fees = {(i, p): _cents(f) for i, p, f in OperationFee.objects.using(using)
            .values_list("item_id", "position_id", "fee_amount")}
    modes = {}
    for mode in PaymentMode.objects.using(using).filter(is_active=True).order_by("sort", "pk"):
        modes.setdefault(mode.kind, (mode.pk, mode.name, mode.needs_reference))
    config = SalesSettings.current()
    staff = list(User.objects.using(using).filter(is_active=True).order_by("pk").values_list("pk", "org_unit_id",
                                                                                            "name"))
    active = {pk for pk, _, _ in staff}

    def holding(code: str) -> list[int]:
        ids = (User.positions.through.objects.using(using).filter(position__code=code, user__is_active=True)
               .values_list("user_id", flat=True))
        return sorted(set(ids) & active)

    everyone = sorted(active)
    nurses = holding("nurse") or everyone
    director = holding("director")
    return Reference(
        items=items, products=products, cards=cards, member_price=member, fees=fees, modes=modes,
        ratios=(config.consultant_ratio, config.online_consultant_ratio, config.doctor_ratio),
        unit_of={pk: unit for pk, unit, _ in staff}, name_of={pk: name for pk, _, name in staff},
        positions={p.code: (p.pk, p.name) for p in Position.objects.using(using).all()},
        doctors=holding("doctor") or everyone, nurses=nurses, therapists=holding("therapist") or nurses,
        cashiers=holding("cashier") or everyone, onsite=holding("onsite_consultant") or everyone,
        director=director[0] if director else None)


def _json_text(data: Any) -> str:
    from django.core.serializers.json import DjangoJSONEncoder

    return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)


@dataclass
class Customer:
    id: int
    consultant_id: int | None
    online_consultant_id: int | None
    org_unit_id: int | None
    tier_id: int | None
    start: float  # first moment of the sales window for this customer (epoch seconds)
    end: float  # last


def load_customers(using: str, *, window_start: float, now: float) -> list[Customer]:
    """Customers who came to the clinic during the window (the buyers), by id."""
    from yimei.customers.models import Customer as CustomerModel

    rows = (CustomerModel.objects.using(using).filter(merged_into__isnull=True, is_active=True, visit_count__gt=0)
            .order_by("pk").values_list("pk", "consultant_id", "online_consultant_id", "org_unit_id", "tier_id",
                                        "created_at", "first_visit_on", "last_visit_on")
            .iterator(chunk_size=20_000))
    found = []
    for pk, consultant, online, unit, tier, created, first, last in rows:
        begin = max(window_start, created.timestamp())
        if first is not None:
            begin = max(begin, _day_start(first))
        end = now if last is None else min(now, _day_start(last) + 20.5 * 3600)
        if end - begin >= 3600:
            found.append(Customer(pk, consultant, online, unit, tier, begin, end))
    return found


def _day_start(day: date) -> float:
    return (day.toordinal() - 719163) * _DAY - _LOCAL


def _clinic_ts(ts: float, rng: random.Random) -> float:
    day = (ts + _LOCAL) // _DAY * _DAY - _LOCAL
    return day + (9.5 + rng.random() * 10.5) * 3600


# --- generation -----------------------------------------------------------------------------------------------


@dataclass
class SalesSummary:
    counts: dict[str, int] = field(default_factory=dict)
    customers: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def line(self) -> str:
        rate = self.rows / self.seconds if self.seconds else 0
        c = self.counts
        return (f"{self.customers:,} customers: {c.get('order', 0):,} orders, {c.get('line', 0):,} lines, "
                f"{c.get('payment', 0):,} payments, {c.get('card', 0):,} cards, {c.get('entitlement', 0):,} "
                f"entitlements, {c.get('deduction', 0):,} deductions, {c.get('performance', 0):,} performance "
                f"entries, {c.get('event', 0):,} events: {self.rows:,} rows in {self.seconds:,.1f} s "
                f"({rate:,.0f} rows/s)")


class _Ids:
    def __init__(self, first: dict[str, int]):
        self.next = dict(first)

    def take(self, name: str) -> int:
        value = self.next[name]
        self.next[name] = value + 1
        return value


class SalesGenerator:
    """Builds the rows of one customer's sales history at a time (``customer_rows``), in id order."""

    def __init__(self, ref: Reference, *, seed: int, now: float, mean_orders: float, heavy_every: int,
                 first_ids: dict[str, int], numbers: dict[tuple[str, int], int], events: bool):
        self.ref = ref
        self.rng = random.Random(seed)  # noqa: S311 (test data, reproducible)
        self.now = now
        self.today = _local_date(now)
        self.mean_orders = mean_orders
        self.heavy_every = heavy_every
        self.ids = _Ids(first_ids)
        self.numbers = numbers
        self.events = events
        self.rows: dict[str, list[tuple]] = {name: [] for name in WRITE_ORDER}
        self.lines_done = 0
        self.n_lines = _Weighted(range(1, len(LINES_PER_ORDER) + 1), LINES_PER_ORDER)
        self.line_kind = _Weighted([k for k, _ in LINE_KINDS], [w for _, w in LINE_KINDS])
        self.item = _Weighted(ref.items, [i.weight for i in ref.items])
        self.card = _Weighted(ref.cards, [CARD_WEIGHTS.get(c.code, 5) for c in ref.cards]) if ref.cards else None
        money = [(k, w) for k, w in MONEY_MODES if k in ref.modes]
        self.money_mode = _Weighted([k for k, _ in money], [w for _, w in money])
        self.manual_rate = _Weighted([Decimal(r) for r, _ in MANUAL_RATES], [w for _, w in MANUAL_RATES])
        total = sum(ref.ratios)
        self.ratios = ref.ratios
        self.ratio_total = total

    # -- helpers ----------------------------------------------------------------------------------------

    def number(self, prefix: str, ts: float) -> str:
        day = _local_date(ts)
        key = (prefix, day.toordinal())
        value = self.numbers.get(key, 0) + 1
        self.numbers[key] = value
        return f"{prefix}{day:%Y%m%d}-{value:04d}"

    def reference(self, kind: str) -> str:
        rng = self.rng
        if kind == "wechat":
            return f"4200{rng.randrange(10**24):024d}"
        if kind == "alipay":
            return f"2026{rng.randrange(10**24):024d}"
        return f"POS{rng.randrange(10**12):012d}"

    def event(self, customer_id: int, type_: str, ts: float, actor: int | None, source: str, source_id: int,
              summary: str, data: dict[str, Any]) -> None:
        if self.events:
            self.rows["event"].append((customer_id, type_, _dt(ts), actor, self.ref.name_of.get(actor, ""),
                                       source, str(source_id), summary[:255], json.dumps(data, ensure_ascii=False)))

    def credit_sales(self, amount: int, sign: int, *, c: Customer, people: list[tuple[int, str, Decimal]],
                     ts: float, order_id: int | None, payment_id: int, refund_id: int | None, summary: str) -> None:
        if amount <= 0 or not people:
            return
        total = sum(r for _, _, r in people)
        shares = [(r / total) if total else Decimal(1) / len(people) for _, _, r in people]
        parts = split_cents(amount, [int(s * 1_000_000) for s in shares])
        when = _dt(ts)
        for (staff, role, _), share, part in zip(people, shares, parts, strict=True):
            if part:
                self.rows["performance"].append((
                    staff, self.ref.unit_of.get(staff), "sales", role, "", share.quantize(Decimal("0.0001")),
                    _m(part * sign), when, c.id, order_id, payment_id, None, refund_id, summary[:120]))

    # -- one customer ---------------------------------------------------------------------------------------

    def order_count(self) -> int:
        rng = self.rng
        if self.heavy_every and rng.randrange(self.heavy_every) == 0:
            return rng.randint(80, 250)
        p = 1 / (self.mean_orders + 1)
        return int(math.log(1 - rng.random()) / math.log(1 - p))

    def customer_rows(self, c: Customer) -> None:
        rng = self.rng
        count = self.order_count()
        if not count:
            return
        times = sorted(_clinic_ts(c.start + rng.random() * (c.end - c.start), rng) for _ in range(count))
        state = {"cards": []}  # stored-value cards: [card row list, principal, bonus, share, expires ordinal]
        for ts in times:
            if ts >= self.now:
                ts = self.now - 60
            self.order(c, ts, state)
        for card in state["cards"]:
            row = card["row"]
            row[13], row[14] = _m(card["principal"]), _m(card["bonus"])
            self.rows["card"].append(tuple(row))

    def order(self, c: Customer, ts: float, state: dict) -> None:
        ref, rng, rows = self.ref, self.rng, self.rows
        order_id = self.ids.take("order")
        first_payment = self.ids.next["payment"]
        number = self.number("XS", ts)
        lines = []
        doctor = None
        lowest_rate: Decimal | None = None
        for sort in range(self.n_lines.pick(rng)):
            kind = self.line_kind.pick(rng)
            if (kind == "card" and self.card is None) or (kind == "product" and not ref.products):
                kind = "item"
            line = {"id": self.ids.take("line"), "kind": kind, "sort": sort, "tier": 0, "manual": 0, "rate": None,
                    "member": None}
            if kind == "item":
                item = self.item.pick(rng)
                quantity = 1 if rng.random() < 0.7 else rng.choice((2, 3, 3, 5))
                if item.unit != "次":
                    quantity = rng.choice((1, 1, 2))
                line.update(item=item, quantity=quantity, unit_price=item.price, code=item.code, name=item.name,
                            unit=item.unit)
                member = ref.member_price.get((c.tier_id, item.id)) if c.tier_id else None
                if member is not None:
                    line["member"] = member
                    line["tier"] = (item.price - member) * quantity
                if item.requires_doctor and doctor is None:
                    doctor = rng.choice(ref.doctors)
            elif kind == "product":
                pid, code, name, unit, price = rng.choice(ref.products)
                line.update(product=pid, quantity=rng.choice((1, 1, 1, 2, 3)), unit_price=price, code=code,
                            name=name, unit=unit)
            else:
                card = self.card.pick(rng)
                line.update(card=card, quantity=1, unit_price=card.price, code=card.code, name=card.name, unit="张")
            line["list"] = line["unit_price"] * line["quantity"]
            discountable = not (kind == "card" and line["card"].kind == "stored_value")
            if discountable and rng.random() < 0.12:
                rate = self.manual_rate.pick(rng)
                after = line["list"] - line["tier"]
                # Counters round the discounted price to the yuan.
                line["manual"] = after - _round_div(after * int(rate * 100), 10_000) * 100
                if line["manual"] > 0:
                    line["rate"] = rate
                else:
                    line["manual"] = 0
            line["total"] = line["list"] - line["tier"] - line["manual"]
            if not _adds_up_in_float(line):
                line["total"] += line["manual"]
                line["manual"], line["rate"] = 0, None
                if not _adds_up_in_float(line):
                    line["total"] += line["tier"]
                    line["tier"], line["member"] = 0, None
            if line["rate"] is not None:
                lowest_rate = line["rate"] if lowest_rate is None else min(lowest_rate, line["rate"])
            lines.append(line)
        list_amount = sum(x["list"] for x in lines)
        total = sum(x["total"] for x in lines)
        approved = lowest_rate is not None and lowest_rate < Decimal("0.9") and ref.director is not None
        if lowest_rate is not None and lowest_rate < Decimal("0.9") and not approved:
            for line in lines:  # nobody to approve: keep the discounts within a consultant's limit
                if line["rate"] is not None and line["rate"] < Decimal("0.9"):
                    line["total"] += line["manual"]
                    line["manual"], line["rate"] = 0, None
            total = sum(x["total"] for x in lines)
            lowest_rate = min((x["rate"] for x in lines if x["rate"] is not None), default=None)
        consultant = c.consultant_id
        seller = consultant or rng.choice(ref.onsite)
        cashier = rng.choice(ref.cashiers)
        people = [(staff, role, ratio) for staff, role, ratio in (
            (consultant, "consultant", self.ratios[0]), (c.online_consultant_id, "online_consultant", self.ratios[1]),
            (doctor, "doctor", self.ratios[2])) if staff is not None]
        org_unit = c.org_unit_id or ref.unit_of.get(seller)

        # What happens to it.
        r = rng.random()
        age = self.now - ts
        has_card = any(x["kind"] == "card" for x in lines)
        sells_value = any(x["kind"] == "card" and x["card"].kind == "stored_value" for x in lines)
        if r < 0.03 or (r < 0.045 and age > 14 * _DAY):
            fate = "void"
        elif r < 0.045:
            fate = "pending"
        elif r < 0.10 and total >= 20000:
            fate = "debt"
        elif r < 0.13 and not has_card and age > 30 * _DAY:
            fate = "refund"
        else:
            fate = "paid"
        if total == 0:
            fate = "paid"
        status = {"void": "void", "pending": "pending", "debt": "partially_paid"}.get(fate, "paid")
        paid = debt = refunded = 0
        settled_at = voided_at = None
        summary = f"订单 {number}"
        self.event(c.id, "order.created", ts, seller, "sales.order", order_id,
                   f"开单 {number}：{'、'.join(x['name'] for x in lines)[:150]}，应收 {_m(total)}",
                   {"order": number, "total": _m(total)})
        pay_ts = ts + rng.uniform(120, 1800)
        if fate in ("paid", "refund", "debt") and total > 0:
            parts = [total]
            if fate == "debt":
                first = max(100, _round_div(total * rng.randint(20, 70), 100) // 100 * 100)
                parts = [min(first, total - 100)]
            elif rng.random() < 0.1 and total >= 2000:
                first = _round_div(total * rng.randint(20, 60), 100)
                parts = [first, total - first]
            t = pay_ts
            for k, part in enumerate(parts):
                final = k == len(parts) - 1
                owed = total - paid - part if fate == "debt" else 0
                entries = self.payment_entries(part, state, t, allow_stored=fate != "refund" and not sells_value)
                payment_id = self.write_payment("sale", c, order_id, part, entries, cashier, org_unit, t, owed)
                paid += part
                debt += owed
                self.credit_sales(sum(e["amount"] for e in entries if e["kind"] not in ("stored_value", "debt")), 1,
                                  c=c, people=people, ts=t, order_id=order_id, payment_id=payment_id, refund_id=None,
                                  summary=summary)
                if final:
                    settled_at = t
                t += rng.uniform(300, 3 * _DAY) if not final else 0
            if fate == "debt" and rng.random() < 0.5:
                repay_ts = settled_at + rng.uniform(3, 60) * _DAY
                if repay_ts < self.now:
                    entries = self.payment_entries(debt, state, repay_ts, allow_stored=False)
                    payment_id = self.write_payment("repayment", c, order_id, debt, entries, cashier, org_unit,
                                                    repay_ts, 0)
                    self.credit_sales(debt, 1, c=c, people=people, ts=repay_ts, order_id=order_id,
                                      payment_id=payment_id, refund_id=None, summary=summary)
                    paid, debt, status = paid + debt, 0, "paid"
        elif total == 0:
            settled_at = ts
        if fate == "void":
            voided_at = ts + rng.uniform(600, 7200)
            self.event(c.id, "order.voided", voided_at, seller, "sales.order", order_id, f"作废订单 {number}",
                       {"order": number})

        # Lines, discounts and assets.
        grants: list[tuple[dict, int]] = []  # (line, entitlement id) of items bought by the session
        for line in lines:
            card = line.get("card")
            refunded_line = fate == "refund"
            rows["line"].append((
                line["id"], order_id, line["kind"], line.get("item").id if line.get("item") else None,
                line.get("product"), card.id if card else None, card.kind if card else "", line["code"],
                line["name"], line["unit"], line["quantity"], _m(line["unit_price"]),
                _m(line["member"] if line["member"] is not None else line["unit_price"]), _m(line["list"]),
                _m(line["tier"]), _m(line["manual"]), "0.00", _m(line["total"]),
                line["quantity"] if refunded_line else 0, _m(line["total"] if refunded_line else 0),
                card.snapshot if card else "{}", line["sort"]))
            if line["tier"]:
                rows["discount"].append((order_id, line["id"], "tier", "price", _m(line["member"]), _m(line["tier"]),
                                         "会员价", None))
            if line["manual"]:
                rows["discount"].append((order_id, line["id"], "manual_line", "rate", line["rate"], _m(line["manual"]),
                                         "老客回购" if rng.random() < 0.5 else "活动价",
                                         ref.director if approved and line["rate"] < Decimal("0.9") else None))
            if settled_at is None:
                continue
            if line["kind"] == "item":
                eid = self.grant_sessions(c, line, settled_at, cashier, refunded=refunded_line)
                grants.append((line, eid))
            elif line["kind"] == "card":
                self.grant_card(c, line, settled_at, cashier, state)
        if fate == "refund" and settled_at is not None:
            refunded = paid
            status = "refunded"
            self.refund(c, order_id, number, lines, grants, paid, settled_at, seller, cashier, org_unit, people,
                        first_payment=first_payment)
        rows["order"].append((
            order_id, _dt(ts), _dt(max(ts, settled_at or ts, voided_at or ts)), number, c.id, None, None, status,
            _m(list_amount), _m(list_amount - total), _m(total), _m(paid), _m(debt), _m(refunded), consultant,
            c.online_consultant_id, doctor, org_unit, seller, "", None, "approved" if approved else "none",
            lowest_rate, ref.director if approved else None, _dt(ts + 60) if approved else None,
            _dt(settled_at) if settled_at is not None else None, _dt(voided_at) if voided_at else None,
            seller if voided_at else None, rng.choice(VOID_REASONS) if voided_at else ""))
        self.lines_done += len(lines)

    def payment_entries(self, amount: int, state: dict, ts: float, *, allow_stored: bool) -> list[dict]:
        """How ``amount`` is paid: stored value first sometimes, then one or two money modes."""
        rng, entries, left = self.rng, [], amount
        day = _local_date(ts).toordinal()
        if allow_stored and "stored_value" in self.ref.modes and rng.random() < 0.6:
            for card in state["cards"]:
                balance = card["principal"] + card["bonus"]
                if balance <= 0 or card["created"] > ts or (card["expires"] is not None and card["expires"] < day):
                    continue
                use = min(balance, left)
                bonus = _round_div(use * int((1 - card["share"]) * 1_000_000), 1_000_000)
                bonus = min(bonus, card["bonus"])
                principal = use - bonus
                if principal > card["principal"]:
                    principal = card["principal"]
                    bonus = use - principal
                card["principal"] -= principal
                card["bonus"] -= bonus
                entries.append({"kind": "stored_value", "amount": use, "card": card, "principal": principal,
                                "bonus": bonus})
                left -= use
                break
        if left > 0:
            kind = self.money_mode.pick(rng)
            if left >= 5000 and rng.random() < 0.2:
                first = _round_div(left * rng.randint(30, 70), 100) // 100 * 100 or left // 2
                other = "cash" if kind != "cash" else "wechat"
                entries.append({"kind": kind, "amount": first})
                entries.append({"kind": other, "amount": left - first})
            else:
                entries.append({"kind": kind, "amount": left})
        return entries

    def write_payment(self, kind: str, c: Customer, order_id: int, total: int, entries: list[dict], cashier: int,
                      org_unit: int | None, ts: float, owed: int, refund_id: int | None = None) -> int:
        ref, rows, rng = self.ref, self.rows, self.rng
        payment_id = self.ids.take("payment")
        prefix = "TK" if kind == "refund" else "SK"
        number = self.number(prefix, ts)
        change = 0
        when = _dt(ts)
        all_entries = entries + ([{"kind": "debt", "amount": owed}] if owed else [])
        for entry in all_entries:
            mode_id, mode_name, needs_reference = ref.modes[entry["kind"]]
            tendered = None
            if entry["kind"] == "cash" and kind != "refund" and not owed:
                tendered = (entry["amount"] + 9999) // 10000 * 10000 if rng.random() < 0.5 else entry["amount"]
                change += tendered - entry["amount"]
            card = entry.get("card")
            rows["payment_entry"].append((
                payment_id, mode_id, entry["kind"], mode_name, _m(entry["amount"]),
                _m(tendered) if tendered is not None else None,
                self.reference(entry["kind"]) if needs_reference and kind != "refund" else "",
                card["id"] if card else None, _m(entry.get("principal", 0)), _m(entry.get("bonus", 0)), None))
            if card is not None:
                rows["value_entry"].append((
                    card["id"], "spend", _m(-entry["principal"]), _m(-entry["bonus"]), _m(card["principal"]),
                    _m(card["bonus"]), payment_id, None, when, cashier))
        rows["payment"].append((payment_id, when, when, number, kind, order_id, c.id, refund_id, _m(total), _m(change),
                                cashier, org_unit, "", None))
        modes = "、".join(f"{ref.modes[e['kind']][1]} {_m(e['amount'])}" for e in all_entries)
        if kind != "refund":
            self.event(c.id, "payment.received", ts, cashier, "sales.payment", payment_id,
                       f"{'还款' if kind == 'repayment' else '收款'} {_m(total)}（{modes}）",
                       {"total": _m(total), "debt": _m(owed)})
        return payment_id

    def entitlement(self, c: Customer, line: dict, ts: float, operator: int, *, sessions: int, value: int,
                    item: Item | None, name: str, unit: str, card_id: int | None, expires: date | None,
                    refunded: bool = False, choices: list[Item] | None = None, allow_repeat: bool = True) -> int:
        rng, rows = self.rng, self.rows
        eid = self.ids.take("entitlement")
        when = _dt(ts)
        rows["entitlement_entry"].append((eid, "grant", sessions, _m(value), sessions, _m(value), None, None, when,
                                          operator))
        remaining, left = sessions, value
        status = "active"
        if refunded:
            return eid  # the refund writes the rest (see ``refund``)
        t = last = ts
        chosen: list[Item] = []
        expires_ts = _day_start(expires) + _DAY if expires else math.inf
        while remaining > 0 and rng.random() < 0.82:
            t += rng.uniform(18, 45) * _DAY
            if t >= self.now - 3600 or t >= expires_ts:
                break
            if choices is not None:
                options = [i for i in choices if allow_repeat or i not in chosen]
                if not options:
                    break
                done_item = rng.choice(options)
                chosen.append(done_item)
            else:
                done_item = item
            t = last = _clinic_ts(t, rng)
            quantity = 1
            value_taken = left if quantity >= remaining else _round_div(left * quantity, remaining)
            remaining -= quantity
            left -= value_taken
            did = self.deduction(c, eid, card_id, done_item, name, quantity, value_taken, t)
            rows["entitlement_entry"].append((eid, "deduct", -quantity, _m(-value_taken), remaining, _m(left), did,
                                              None, _dt(t), self.last_deduction_operator))
        if remaining == 0:
            status = "used_up"
        self.pending_entitlements.append((
            eid, when, _dt(last), c.id, item.id if item else None, item.code if item else "",
            item.name if item else name, unit, line["id"], card_id, status, sessions, remaining, _m(left), expires))
        self.remaining[card_id] = self.remaining.get(card_id, 0) + remaining
        return eid

    def deduction(self, c: Customer, eid: int, card_id: int | None, item: Item | None, name: str, quantity: int,
                  value: int, ts: float) -> int:
        ref, rng, rows = self.ref, self.rng, self.rows
        did = self.ids.take("deduction")
        number = self.number("HK", ts)
        if item is not None and item.requires_doctor:
            team = [(rng.choice(ref.doctors), "doctor"), (rng.choice(ref.nurses), "nurse")]
        else:
            team = [(rng.choice(ref.nurses if rng.random() < 0.6 else ref.therapists), None)]
            team = [(team[0][0], "nurse" if team[0][0] in ref.nurses else "therapist")]
        shares = [Decimal(1) / len(team)] * len(team)
        parts = split_cents(value, [1] * len(team))
        when = _dt(ts)
        summary = f"{item.name if item else name} × {quantity}"
        for (staff, position_code), share, part in zip(team, shares, parts, strict=True):
            position_id, position_name = ref.positions.get(position_code, (None, ""))
            fee = ref.fees.get((item.id, position_id), 0) * quantity if item and position_id else 0
            rows["operator"].append((did, staff, position_id, position_name, share.quantize(Decimal("0.0001")),
                                     _m(part), _m(fee)))
            unit = ref.unit_of.get(staff)
            if part:
                rows["performance"].append((staff, unit, "consumption", "operator", position_name,
                                            share.quantize(Decimal("0.0001")), _m(part), when, c.id, None, None, did,
                                            None, summary))
            if fee:
                rows["performance"].append((staff, unit, "operation_fee", "operator", position_name, Decimal(1),
                                            _m(fee), when, c.id, None, None, did, None, summary))
        operator = team[-1][0]
        self.last_deduction_operator = operator
        rows["deduction"].append((
            did, when, when, number, c.id, eid, card_id, item.id if item else None, item.code if item else "",
            item.name if item else name, quantity, _m(value), when, None, SIGNATURE_NAME, self.signature_size,
            "done", "", None, None, "", None, c.org_unit_id or ref.unit_of.get(operator), operator))
        self.event(c.id, "deduction.done", ts, operator, "sales.deduction", did,
                   f"划扣 {summary}（{number}）", {"number": number, "quantity": quantity, "value": _m(value)})
        return did

    def grant_sessions(self, c: Customer, line: dict, ts: float, operator: int, *, refunded: bool) -> int:
        item = line["item"]
        return self.entitlement(c, line, ts, operator, sessions=line["quantity"], value=line["total"], item=item,
                                name=item.name, unit=item.unit, card_id=None, expires=None, refunded=refunded)

    def grant_card(self, c: Customer, line: dict, ts: float, operator: int, state: dict) -> None:
        card: CardSpec = line["card"]
        card_id = self.ids.take("card")
        granted_on = _local_date(ts)
        expires = date.fromordinal(granted_on.toordinal() + card.validity_days) if card.validity_days else None
        value = line["total"]
        when = _dt(ts)
        choice_items = ""
        if card.kind == "choice":
            choice_items = _json_text([{"item": i.id, "code": i.code, "name": i.name, "unit": i.unit, "cap": n}
                                       for i, n in card.items])
        row = [card_id, when, when, c.id, card.id, line["id"], card.kind, card.code, card.name, "active",
               expires, card.refund_rule, _m(value), None, None, card.share, card.choose_count, card.allow_repeat,
               choice_items or "[]"]
        if card.kind == "stored_value":
            self.rows["value_entry"].append((card_id, "top_up", _m(card.principal), _m(card.bonus),
                                             _m(card.principal), _m(card.bonus), None, None, when, operator))
            state["cards"].append({"id": card_id, "row": row, "principal": card.principal, "bonus": card.bonus,
                                   "share": card.share, "created": ts,
                                   "expires": expires.toordinal() if expires else None})
            return
        self.remaining[card_id] = 0
        if card.kind == "choice":
            self.entitlement(c, line, ts, operator, sessions=card.choose_count or 1, value=value, item=None,
                             name=card.name, unit="次", card_id=card_id, expires=expires,
                             choices=[i for i, _ in card.items], allow_repeat=card.allow_repeat)
        else:
            values = split_cents(value, [i.price * (n or 1) for i, n in card.items])
            for (item, sessions), item_value in zip(card.items, values, strict=True):
                self.entitlement(c, line, ts, operator, sessions=sessions or 1, value=item_value, item=item,
                                 name=item.name, unit=item.unit, card_id=card_id, expires=expires)
        row[9] = "active" if self.remaining[card_id] else "used_up"
        row[13] = row[14] = "0.00"
        self.rows["card"].append(tuple(row))

    def refund(self, c: Customer, order_id: int, number: str, lines: list[dict], grants: list[tuple[dict, int]],
               amount: int, settled_at: float, requester: int, cashier: int, org_unit: int | None,
               people: list[tuple[int, str, Decimal]], *, first_payment: int) -> None:
        ref, rng, rows = self.ref, self.rng, self.rows
        ts = min(settled_at + rng.uniform(1, 20) * _DAY, self.now - 3600)
        decided = ts + rng.uniform(600, 86400)
        decided = min(decided, self.now - 60)
        refund_id = self.ids.take("refund")
        rows["refund"].append((refund_id, _dt(ts), _dt(decided), self.number("TK", ts), order_id, c.id, "done",
                               _m(amount), rng.choice(REFUND_REASONS), requester, ref.director or cashier,
                               _dt(decided), "", org_unit, None))
        for line in lines:
            rows["refund_line"].append((refund_id, line["id"], None, line["quantity"], _m(line["total"])))
        # Back by the modes it was paid with (the order's payments are the last ones written).
        paid_by: dict[str, int] = {}
        for entry in rows["payment_entry"][::-1]:
            if entry[2] == "debt":
                continue
            if entry[0] < first_payment:
                break
            paid_by[entry[2]] = paid_by.get(entry[2], 0) + _cents(Decimal(entry[4]))
        entries = [{"kind": k, "amount": v} for k, v in sorted(paid_by.items()) if v]
        for entry in entries:
            rows["refund_entry"].append((refund_id, ref.modes[entry["kind"]][0], _m(entry["amount"]), None, ""))
        payment_id = self.write_payment("refund", c, order_id, amount, entries, cashier, org_unit, decided, 0,
                                        refund_id=refund_id)
        self.credit_sales(amount, -1, c=c, people=people, ts=decided, order_id=order_id, payment_id=payment_id,
                          refund_id=refund_id, summary=f"退款，订单 {number}")
        when = _dt(decided)
        for line, eid in grants:
            rows["entitlement_entry"].append((eid, "refund", -line["quantity"], _m(-line["total"]), 0, "0.00", None,
                                              refund_id, when, cashier))
            item = line["item"]
            self.pending_entitlements.append((
                eid, _dt(settled_at), when, c.id, item.id, item.code, item.name, item.unit, line["id"], None,
                "refunded", line["quantity"], 0, "0.00", None))
        self.event(c.id, "refund.done", decided, cashier, "sales.refund", refund_id,
                   f"退款 {_m(amount)}，订单 {number}", {"order": number, "amount": _m(amount)})

    # -- batches ----------------------------------------------------------------------------------------------

    pending_entitlements: list[tuple]
    remaining: dict[int | None, int]
    last_deduction_operator: int | None = None
    signature_size: int = 0

    def build(self, customers: Iterable[Customer]) -> dict[str, list[tuple]]:
        """The rows of ``customers`` (in id order); entitlements are written once their ledger is known."""
        self.rows = {name: [] for name in WRITE_ORDER}
        self.pending_entitlements = []
        for c in customers:
            self.remaining = {}
            self.customer_rows(c)
        self.rows["entitlement"] = self.pending_entitlements
        return self.rows


def _next_ids(using: str) -> dict[str, int]:
    from yimei.sales import models as m

    models_ = {"order": m.Order, "line": m.OrderLine, "card": m.CustomerCard, "entitlement": m.Entitlement,
               "refund": m.Refund, "payment": m.Payment, "deduction": m.Deduction}
    return {name: (model.objects.using(using).aggregate(x=Max("pk"))["x"] or 0) + 1 for name, model in models_.items()}


def generate_sales(*, lines: int = 5_000_000, seed: int = 42, now: datetime | None = None, years: float = 2.0,
                   using: str = "default", batch: int = 20_000, analyze: bool = True, bulk: bool | None = None,
                   events: bool | None = None, progress: Callable[[str], None] | None = None) -> SalesSummary:
    """Write about ``lines`` order lines of sales history for the customers on file; returns what was written.

    ``batch`` customers go in one transaction. ``bulk`` (PostgreSQL; default: when there are no orders yet and
    ``lines`` is 100,000 or more) drops the sales tables' non-unique indexes during the load and builds them at
    the end, and skips foreign-key triggers as a superuser. ``events`` (default: below 1,000,000 lines) also
    writes the timeline events."""
    from django.core.files.storage import default_storage

    from yimei.customers.models import CustomerEvent
    from yimei.sales import models as m

    started = time.perf_counter()
    connection = connections[using]
    now_dt = now or timezone.now()
    now_ts = now_dt.timestamp()
    ensure_catalogue()
    ensure_signature()
    ref = load_reference(using)
    if not ref.items or not ref.modes or any(k not in ref.modes for k in ("cash", "debt")):
        raise ValueError("the catalogue has no priced items or the payment modes are missing")
    t0 = time.perf_counter()
    customers = load_customers(using, window_start=now_ts - years * 365.25 * _DAY, now=now_ts)
    phases = {"reading customers": time.perf_counter() - t0}
    summary = SalesSummary(customers=len(customers), phases=phases)
    if not customers:
        summary.seconds = time.perf_counter() - started
        return summary
    # Orders per buying customer so that the lines come to about ``lines``: a geometric count (many one-off
    # buyers, some regulars) plus one heavy customer in ``heavy_every`` with 80–250 orders.
    lines_per_order = sum(n * w for n, w in enumerate(LINES_PER_ORDER, 1)) / sum(LINES_PER_ORDER)
    heavy_every = 5_000 if len(customers) >= 5_000 else 0
    heavy_orders = 165 * len(customers) / heavy_every if heavy_every else 0
    mean_orders = max(0.05, (lines / lines_per_order - heavy_orders) / len(customers))
    numbers = {(prefix, day.toordinal()): value for prefix, day, value in
               m.NumberSequence.objects.using(using).values_list("prefix", "day", "value")}
    generator = SalesGenerator(ref, seed=seed, now=now_ts, mean_orders=mean_orders, heavy_every=heavy_every,
                               first_ids=_next_ids(using), numbers=numbers,
                               events=lines < 1_000_000 if events is None else events)
    try:
        generator.signature_size = default_storage.size(SIGNATURE_NAME)
    except (OSError, NotImplementedError):
        generator.signature_size = 0
    specs = _specs()
    writer = _Writer(using)
    outer_atomic = connection.in_atomic_block
    if bulk is None:
        bulk = lines >= 100_000 and not m.Order.objects.using(using).exists()
    bulk = bool(bulk) and writer.postgres and not outer_atomic
    skip_triggers = False
    dropped: list[str] = []
    if bulk:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            skip_triggers = bool(cursor.fetchone()[0])
        dropped = _drop_secondary_indexes(using, [specs[name].table for name in SALES_TABLES])
    counts = dict.fromkeys(WRITE_ORDER, 0)
    build_seconds = write_seconds = 0.0
    try:
        for start in range(0, len(customers), batch):
            t0 = time.perf_counter()
            rows = generator.build(customers[start:start + batch])
            t1 = time.perf_counter()
            build_seconds += t1 - t0
            with transaction.atomic(using=using):
                if writer.postgres:
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL synchronous_commit = off")
                        if skip_triggers:
                            cursor.execute("SET LOCAL session_replication_role = replica")
                for name in WRITE_ORDER:
                    writer.write(specs[name], rows[name])
                    counts[name] += len(rows[name])
            write_seconds += time.perf_counter() - t1
            if progress is not None:
                elapsed = time.perf_counter() - started
                total_rows = sum(counts.values())
                progress(f"{min(start + batch, len(customers)):>10,}/{len(customers):,} customers  "
                         f"{counts['line']:>10,} lines  {total_rows:>12,} rows  {total_rows / elapsed:>9,.0f} rows/s  "
                         f"({elapsed:,.0f} s: building {build_seconds:,.0f} s, writing {write_seconds:,.0f} s)")
    finally:
        if dropped:
            t0 = time.perf_counter()
            if progress is not None:
                progress(f"building {len(dropped)} indexes again")
            _create_indexes(using, dropped)
            phases["indexes"] = time.perf_counter() - t0
    sequences = [m.NumberSequence(prefix=prefix, day=date.fromordinal(day), value=value)
                 for (prefix, day), value in generator.numbers.items()]
    m.NumberSequence.objects.using(using).bulk_create(sequences, batch_size=1000, update_conflicts=True,
                                                      unique_fields=["prefix", "day"], update_fields=["value"])
    _reset_sequences(using, (m.Order, m.OrderLine, m.CustomerCard, m.Entitlement, m.Refund, m.Payment, m.Deduction))
    phases.update({"building": build_seconds, "writing": write_seconds})
    if analyze:
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            tables = [specs[name].table for name in SALES_TABLES]
            if generator.events:
                tables.append(CustomerEvent._meta.db_table)
            for table in tables:
                name = connection.ops.quote_name(table)
                if writer.postgres and not outer_atomic:
                    cursor.execute(f"VACUUM (ANALYZE) {name}")
                else:
                    cursor.execute(f"ANALYZE {name}")
        phases["analyze"] = time.perf_counter() - t0
    summary.counts = {k: v for k, v in counts.items() if v}
    summary.seconds = time.perf_counter() - started
    return summary
