"""收银 view: orders still to collect (unpaid, part paid, with debt), the oldest first, and today's takings by
mode — of the cashier's department only."""

from __future__ import annotations

from decimal import Decimal

from yimei.sales.models import Order
from yimei.workbench.tests import builders as b
from yimei.workbench.tests.conftest import TODAY, YESTERDAY, local, read


def test_orders_to_collect_and_takings_by_mode(staff, customer, catalog, modes, seller):
    ipl, cash, wechat, debt = catalog["ipl"], modes["cash"], modes["wechat"], modes["debt"]
    person = customer(staff.consultant, "林小雨")
    # given an unpaid order (oldest), one part paid, one settled with debt, one paid, one voided — in department A
    unpaid = b.order(person, ipl, operator=seller)
    part = b.order(person, ipl, operator=seller)
    b.pay(part, at=local(TODAY, "09:00"), operator=seller, entries=[{"mode": cash, "amount": "300"}])
    owed = b.order(person, ipl, operator=seller)
    b.pay(owed, at=local(TODAY, "09:30"), operator=seller,
          entries=[{"mode": wechat, "amount": "500", "reference": "WX1"}, {"mode": debt, "amount": "380"}])
    paid = b.order(person, ipl, operator=seller, quantity=2)
    b.pay(paid, at=local(TODAY, "10:00"), operator=seller, entries=[{"mode": cash, "amount": "2000"}])
    b.pay(b.order(person, ipl, operator=seller), at=local(YESTERDAY, "15:00"), operator=seller,
          entries=[{"mode": cash, "amount": "880"}])
    for position, row in enumerate((unpaid, part, owed, paid)):
        Order.objects.filter(pk=row.pk).update(created_at=local(YESTERDAY, f"0{position + 1}:00"))
    # and an unpaid order and a payment in department B
    other = customer(staff.consultant_b, "皮肤科客户")
    b.order(other, ipl, operator=seller)
    b.pay(b.order(other, ipl, operator=seller), at=local(TODAY, "09:00"), operator=seller,
          entries=[{"mode": cash, "amount": "880"}])

    # when department A's cashier reads the workbench
    panel = read(staff.cashier, "cashier")

    # then orders still to collect are counted with what is left on them, each figure linking to its list
    orders = panel["orders"]
    assert orders["unpaid"] == {"value": 1, "amount": Decimal("880.00"),
                                "link": "/sales/cashier?tab=all&status=pending"}
    assert orders["part_paid"] == {"value": 1, "amount": Decimal("580.00"),
                                   "link": "/sales/cashier?tab=all&status=partially_paid&has_debt=false"}
    assert orders["debts"] == {"value": 1, "amount": Decimal("380.00"), "link": "/sales/debts"}
    # and the rows are those with money still to take, the oldest first, each opening the order at the cashier
    assert [r["id"] for r in orders["rows"]] == [unpaid.pk, part.pk]
    assert orders["rows"][1]["outstanding_amount"] == Decimal("580.00")
    assert orders["rows"][0]["link"] == f"/sales/cashier?order={unpaid.pk}"

    # and today's takings per mode are department A's (B's cash and yesterday's payment left out)
    takings = panel["takings"]
    by_kind = {m["kind"]: m for m in takings["modes"]}
    assert by_kind["cash"]["received_amount"] == Decimal("2060.00")  # 300 + 1,760 (the change went back)
    assert by_kind["wechat"]["received_amount"] == Decimal("500.00")
    assert by_kind["debt"]["received_amount"] == Decimal("380.00")
    assert takings["received_amount"] == Decimal("2560.00")  # debt is not money in
    assert takings["payment_count"] == 3
    assert takings["link"] == f"/sales/day-end?date={TODAY}"
