"""Order pricing (pure: no database): list price, member price, manual line and order discounts, and the split
of the order discount over the lines so that the lines always add up to the order total.

Rules (docs/decisions/0007-sales.md):
- The member tier lowers treatment items only: the item's tier price when one is set (never above the list
  price), else the tier's discount rate. Products and cards are sold at list price.
- A manual line discount is a rate (0.9 = 9 折) or an amount off the line after the member price.
- A manual order discount is a rate or an amount off the sum of the discountable lines, split over them in
  proportion to their amounts with ``core.money.split_proportionally`` (cents by largest remainder), so the
  parts add up and no line's share is negative or larger than the line.
- Stored-value cards are never discounted (a discount would mint money): no line discount, no share.
- The manual rate of a line is its total over its amount after the member price; the lowest over the lines
  is what the operator's discount limit is checked against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from yimei.core.errors import BusinessError
from yimei.core.money import ZERO, clean_amount, quantize_amount, split_proportionally

RATE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Discount:
    """A manual discount as given: a rate in (0, 1] or an amount > 0."""

    rate: Decimal | None = None
    amount: Decimal | None = None
    reason: str = ""

    @property
    def given(self) -> bool:
        return self.rate is not None or self.amount is not None


@dataclass(frozen=True)
class LineInput:
    kind: str
    code: str
    name: str
    unit: str
    quantity: int
    unit_price: Decimal
    member_unit_price: Decimal | None = None  # for items: the tier's price (already resolved), else None
    discountable: bool = True
    discount: Discount = field(default_factory=Discount)
    ref: Any = None  # the catalogue object, carried through


@dataclass
class PricedLine:
    input: LineInput
    unit_price: Decimal
    member_unit_price: Decimal
    list_amount: Decimal
    tier_discount: Decimal
    line_discount: Decimal
    order_discount: Decimal = ZERO
    total: Decimal = ZERO

    @property
    def after_tier(self) -> Decimal:
        return self.list_amount - self.tier_discount

    @property
    def after_line(self) -> Decimal:
        return self.after_tier - self.line_discount

    @property
    def manual_rate(self) -> Decimal | None:
        """Total over the amount after the member price (None when nothing was taken off by hand)."""
        if self.line_discount == 0 and self.order_discount == 0:
            return None
        if self.after_tier == 0:
            return None
        return (self.total / self.after_tier).quantize(RATE_PLACES)


@dataclass
class PricedOrder:
    lines: list[PricedLine]
    order_discount: Discount
    order_discount_amount: Decimal

    @property
    def list_amount(self) -> Decimal:
        return sum((line.list_amount for line in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), ZERO)

    @property
    def discount_amount(self) -> Decimal:
        return self.list_amount - self.total

    @property
    def lowest_manual_rate(self) -> Decimal | None:
        rates = [r for r in (line.manual_rate for line in self.lines) if r is not None]
        return min(rates) if rates else None


def clean_rate(value: Any, *, field: str, label: str = "折扣率") -> Decimal:
    """A discount rate from outside: more than 0 and at most 1, at most four decimal places (0.85 = 85 折)."""
    if isinstance(value, float | bool):
        raise BusinessError(f"{label}须以字符串给出，如 \"0.85\"。", code="invalid_rate",
                            fields={field: [f"{label}须以字符串给出。"]})
    try:
        rate = Decimal(str(value).strip())
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite():
        raise BusinessError(f"{label}不是有效的数字。", code="invalid_rate",
                            fields={field: [f"{label}不是有效的数字。"]})
    if rate != rate.quantize(RATE_PLACES):
        raise BusinessError(f"{label}最多四位小数。", code="invalid_rate", fields={field: [f"{label}最多四位小数。"]})
    if not (0 < rate <= 1):
        message = f"{label}须大于 0 且不超过 1（如 0.85 表示 85 折）。"
        raise BusinessError(message, code="invalid_rate", fields={field: [message]})
    return rate


def clean_discount(data: dict[str, Any] | None, *, field: str) -> Discount:
    if not data:
        return Discount()
    rate, amount = data.get("rate"), data.get("amount")
    if rate not in (None, "") and amount not in (None, ""):
        message = "折扣率与减免金额只能填写一项。"
        raise BusinessError(message, code="invalid_discount", fields={field: [message]})
    reason = str(data.get("reason") or "")[:200]
    if rate not in (None, ""):
        return Discount(rate=clean_rate(rate, field=field), reason=reason)
    if amount not in (None, ""):
        return Discount(amount=clean_amount(amount, field=field, label="减免金额"), reason=reason)
    return Discount()


def price_order(lines: list[LineInput], *, order_discount: Discount | None = None) -> PricedOrder:
    """Price the lines; raises ``BusinessError`` for a discount larger than what it applies to."""
    order_discount = order_discount or Discount()
    if not lines:
        raise BusinessError("订单至少要有一项。", code="empty_order", fields={"lines": ["订单至少要有一项。"]})
    priced: list[PricedLine] = []
    for index, line in enumerate(lines):
        list_amount = quantize_amount(line.unit_price * line.quantity)
        member_unit = line.unit_price
        if line.member_unit_price is not None:
            member_unit = min(line.member_unit_price, line.unit_price)
        tier_discount = list_amount - quantize_amount(member_unit * line.quantity)
        after_tier = list_amount - tier_discount
        discount = line.discount
        line_discount = ZERO
        if discount.given:
            if not line.discountable:
                message = f"“{line.name}”不能打折（储值卡按面值出售）。"
                raise BusinessError(message, code="not_discountable", fields={f"lines[{index}]": [message]})
            if discount.rate is not None:
                line_discount = after_tier - quantize_amount(after_tier * discount.rate)
            else:
                assert discount.amount is not None
                if discount.amount > after_tier:
                    message = f"“{line.name}”的减免金额超过其金额 {after_tier}。"
                    raise BusinessError(message, code="discount_too_large", fields={f"lines[{index}]": [message]})
                line_discount = discount.amount
        priced.append(PricedLine(line, line.unit_price, member_unit, list_amount, tier_discount, line_discount))

    base_lines = [p for p in priced if p.input.discountable]
    base = sum((p.after_line for p in base_lines), ZERO)
    order_amount = ZERO
    if order_discount.given:
        if not base_lines or base == 0:
            message = "没有可打折的项目，不能设置整单折扣。"
            raise BusinessError(message, code="not_discountable", fields={"order_discount": [message]})
        if order_discount.rate is not None:
            order_amount = base - quantize_amount(base * order_discount.rate)
        else:
            assert order_discount.amount is not None
            if order_discount.amount > base:
                message = f"整单减免金额超过可打折金额 {base}。"
                raise BusinessError(message, code="discount_too_large", fields={"order_discount": [message]})
            order_amount = order_discount.amount
        shares = split_proportionally(order_amount, [p.after_line for p in base_lines])
        for p, share in zip(base_lines, shares, strict=True):
            p.order_discount = share
    for p in priced:
        p.total = p.after_line - p.order_discount
    return PricedOrder(priced, order_discount, order_amount)
