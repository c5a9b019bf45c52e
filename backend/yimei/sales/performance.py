"""Performance (业绩) rows, written by the services that earn them.

- Sales performance (销售业绩) is money collected — cash, WeChat Pay, Alipay, bank card, other — at payment
  (a sale, a debt repayment or a deposit), split among the attributed staff by the configured ratios. Paying
  with stored value or a deposit earns nothing: that money was credited when the card or deposit was paid.
  A refund of collected money writes the same split, negative.
- Consumption performance (划扣业绩) is the value deducted, credited to the operators by their shares.
- Operation fees (操作费) are the item's fee for the operator's position × sessions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from yimei.core.money import ZERO, split_proportionally
from yimei.sales.choices import PerformanceKind, PerformanceRole
from yimei.sales.models import PerformanceEntry, SalesSettings


def sales_split(*, consultant: Any, online_consultant: Any, doctor: Any) -> list[tuple[Any, str, Decimal]]:
    """(staff, role, ratio) for the attributed people; a missing person's share goes to the others in
    proportion to theirs. Nobody attributed → no one is credited."""
    config = SalesSettings.current()
    present = [(staff, role, ratio) for staff, role, ratio in (
        (consultant, PerformanceRole.CONSULTANT, config.consultant_ratio),
        (online_consultant, PerformanceRole.ONLINE_CONSULTANT, config.online_consultant_ratio),
        (doctor, PerformanceRole.DOCTOR, config.doctor_ratio),
    ) if staff is not None]
    total = sum((ratio for _, _, ratio in present), Decimal(0))
    if not present:
        return []
    if total == 0:  # every present person configured at 0: share evenly rather than lose the money
        return [(staff, role, Decimal(1) / len(present)) for staff, role, _ in present]
    return [(staff, role, ratio / total) for staff, role, ratio in present]


def credit_sales(amount: Decimal, *, customer: Any, consultant: Any, online_consultant: Any, doctor: Any,
                 order: Any = None, payment: Any = None, refund: Any = None, sign: int = 1,
                 summary: str = "") -> list[PerformanceEntry]:
    """Write the sales performance of ``amount`` collected (``sign=-1`` for money given back)."""
    if amount <= 0:
        return []
    people = sales_split(consultant=consultant, online_consultant=online_consultant, doctor=doctor)
    if not people:
        return []
    parts = split_proportionally(amount, [ratio for _, _, ratio in people])
    now = timezone.now()
    rows = [PerformanceEntry(staff=staff, org_unit_id=staff.org_unit_id, kind=PerformanceKind.SALES, role=role,
                             ratio=ratio.quantize(Decimal("0.0001")), amount=part * sign, occurred_at=now,
                             customer_id=getattr(customer, "pk", customer), order=order, payment=payment,
                             refund=refund, summary=summary[:120])
            for (staff, role, ratio), part in zip(people, parts, strict=True) if part != ZERO]
    return PerformanceEntry.objects.bulk_create(rows)


def credit_deduction(deduction: Any, operators: list[Any], *, sign: int = 1) -> list[PerformanceEntry]:
    """Consumption performance and operation fees of a deduction's operators (negative for a reversal)."""
    now = timezone.now()
    rows = []
    for op in operators:
        common = {"staff_id": op.staff_id, "org_unit_id": op.staff.org_unit_id, "role": PerformanceRole.OPERATOR,
                  "position_name": op.position_name, "occurred_at": now, "customer_id": deduction.customer_id,
                  "deduction": deduction, "summary": f"{deduction.item_name} × {deduction.quantity}"[:120]}
        if op.performance_amount:
            rows.append(PerformanceEntry(kind=PerformanceKind.CONSUMPTION, ratio=op.share,
                                         amount=op.performance_amount * sign, **common))
        if op.fee_amount:
            rows.append(PerformanceEntry(kind=PerformanceKind.OPERATION_FEE, ratio=Decimal(1),
                                         amount=op.fee_amount * sign, **common))
    return PerformanceEntry.objects.bulk_create(rows)
