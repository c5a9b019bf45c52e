"""Money: Decimal yuan with two places, rounded in one place (ROUND_HALF_UP), never floats.

Every ``*_amount`` column is a :class:`MoneyField`; arithmetic that can produce more than two places goes
through :func:`quantize_amount`; an amount coming from a user goes through :func:`clean_amount`; an amount
split over several parts goes through :func:`split_proportionally`, whose parts always add up.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import models

from yimei.core.errors import BusinessError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal("999999999999.99")  # max_digits=14, decimal_places=2


def quantize_amount(value: Decimal | int | str) -> Decimal:
    """The one rounding rule: to the cent, half up (0.005 → 0.01)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def clean_amount(value: Any, *, field: str = "amount", label: str = "金额", allow_zero: bool = False) -> Decimal:
    """An amount from outside: a number with at most two decimal places, above zero (or zero when allowed).

    Raises a 400 :class:`BusinessError` naming ``field`` otherwise; floats are refused (0.1 + 0.2 is not money).
    """
    if isinstance(value, (float, bool)):
        message = f"{label}须以字符串或整数给出。"
        raise BusinessError(message, code="invalid_amount", fields={field: [message]})
    try:
        amount = Decimal(str(value).strip()) if value is not None else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        message = f"{label}不是有效的数字。"
        raise BusinessError(message, code="invalid_amount", fields={field: [message]})
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        message = f"{label}最多两位小数。"
        raise BusinessError(message, code="invalid_amount", fields={field: [message]})
    if amount < 0 or (amount == 0 and not allow_zero):
        message = f"{label}不能为负数。" if allow_zero else f"{label}须大于 0。"
        raise BusinessError(message, code="invalid_amount", fields={field: [message]})
    if amount > MAX_AMOUNT:
        raise BusinessError(f"{label}过大。", code="invalid_amount", fields={field: [f"{label}过大。"]})
    return amount.quantize(CENT)


def split_proportionally(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``total`` (≥ 0) split in proportion to ``weights`` (all ≥ 0), in cents that add up to ``total`` exactly.

    Each part is first rounded down; the cents left over go one each to the parts with the largest remainders
    (ties to the later part). So every part lies between the floor and the ceiling of its exact share: never
    negative, and never above its weight when ``total`` ≤ the weights' sum (a discount share never exceeds its
    line). All-zero weights split evenly.
    """
    if not weights:
        return []
    total = quantize_amount(total)
    weights = [Decimal(w) for w in weights]
    base = sum(weights, ZERO)
    if base == 0:
        weights, base = [Decimal(1)] * len(weights), Decimal(len(weights))
    cents = int(total / CENT)
    exact = [Decimal(cents) * w / base for w in weights]
    floors = [int(e) for e in exact]  # exact shares are ≥ 0, so int() rounds down
    left = cents - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (exact[i] - floors[i], i), reverse=True)
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(f) * CENT for f in floors]


def format_amount(amount: Decimal) -> str:
    """¥1,234.50 — for summaries and receipts."""
    return f"¥{quantize_amount(amount):,.2f}"


class MoneyField(models.DecimalField):
    """Yuan with two decimal places (DESIGN.md rule 3)."""

    def __init__(self, verbose_name: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(verbose_name, **kwargs)

    def deconstruct(self) -> tuple[Any, ...]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
