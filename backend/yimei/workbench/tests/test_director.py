"""科室概况: the department's figures of today against yesterday and the same weekday last week, with rows placed
on each of those days, on a day in between (counted nowhere) and in the neighbouring department (not the
director's)."""

from __future__ import annotations

from decimal import Decimal

from yimei.workbench.tests import builders as b
from yimei.workbench.tests.conftest import LAST_WEEK, TODAY, TWO_DAYS_AGO, YESTERDAY, local, read


def trio(figure):
    return figure["value"], figure["yesterday"], figure["last_week"]


def amounts(figure):
    return figure["amount"], figure["yesterday_amount"], figure["last_week_amount"]


def test_department_summary_against_yesterday_and_last_week(staff, customer, clerk, catalog, modes, seller):
    ipl, card, cash, wechat, debt = catalog["ipl"], catalog["card"], modes["cash"], modes["wechat"], modes["debt"]
    doctor, reception = staff.doctor, staff.reception
    people = iter(customer(staff.consultant if n % 2 else staff.consultant2, f"客户{n}") for n in range(1, 40))
    outsider = customer(staff.consultant_b, "皮肤科客户")

    # appointments: today 2 (+1 cancelled), yesterday 1, last week 3, two days ago 1; department B today 1
    for day, clock, status in ((TODAY, "09:00", None), (TODAY, "10:00", "arrived"), (TODAY, "11:00", "cancelled"),
                               (YESTERDAY, "09:00", "completed"), (LAST_WEEK, "09:00", "completed"),
                               (LAST_WEEK, "10:00", "no_show"), (LAST_WEEK, "11:00", "completed"),
                               (TWO_DAYS_AGO, "09:00", "completed")):
        b.appointment(next(people), doctor, start=local(day, clock), operator=clerk, item=ipl, status=status)
    b.appointment(outsider, doctor, start=local(TODAY, "15:00"), operator=clerk, item=ipl)

    # consultations: today 1, yesterday 2, last week 1, two days ago 1; department B today 1
    for day in (TODAY, YESTERDAY, YESTERDAY, LAST_WEEK, TWO_DAYS_AGO):
        b.consultation(next(people), staff.consultant, at=local(day, "10:30"))
    b.consultation(outsider, staff.consultant_b, at=local(TODAY, "10:30"))

    # arrivals: a customer first seen last week is back today; two first visits today, one yesterday, one
    # cancelled today; department B today 1
    regular = next(people)
    b.visit(regular, at=local(LAST_WEEK, "09:00"), operator=reception, status="left")
    b.visit(regular, at=local(TODAY, "09:00"), operator=reception)
    b.visit(next(people), at=local(TODAY, "09:05"), operator=reception)
    b.visit(next(people), at=local(TODAY, "09:10"), operator=reception, status="left")
    b.visit(next(people), at=local(TODAY, "09:15"), operator=reception, status="cancelled")
    b.visit(next(people), at=local(YESTERDAY, "09:00"), operator=reception, status="left")
    b.visit(next(people), at=local(TWO_DAYS_AGO, "09:00"), operator=reception, status="left")
    b.visit(outsider, at=local(TODAY, "09:00"), operator=staff.reception_b)

    # takings: today cash 880 and WeChat 500 (+380 debt, not money in); yesterday 880; last week 1,760;
    # department B today 880
    b.pay(b.order(next(people), ipl, operator=seller), at=local(TODAY, "10:00"), operator=seller,
          entries=[{"mode": cash, "amount": "880"}])
    b.pay(b.order(next(people), ipl, operator=seller), at=local(TODAY, "11:00"), operator=seller,
          entries=[{"mode": wechat, "amount": "500", "reference": "WX1"}, {"mode": debt, "amount": "380"}])
    b.pay(b.order(next(people), ipl, operator=seller), at=local(YESTERDAY, "10:00"), operator=seller,
          entries=[{"mode": cash, "amount": "880"}])
    b.pay(b.order(next(people), ipl, operator=seller, quantity=2), at=local(LAST_WEEK, "10:00"), operator=seller,
          entries=[{"mode": cash, "amount": "1760"}])
    b.pay(b.order(outsider, ipl, operator=seller), at=local(TODAY, "10:00"), operator=seller,
          entries=[{"mode": cash, "amount": "880"}])

    # deductions (800.00 a session): today 2, last week 1; department B today 1 — on cards paid two days ago
    sessions = b.card(next(people), card, operator=seller, modes=modes, at=local(TWO_DAYS_AGO, "10:00"))
    theirs = b.card(outsider, card, operator=seller, modes=modes, at=local(TWO_DAYS_AGO, "10:00"))
    for day in (TODAY, TODAY, LAST_WEEK):
        b.deduction(sessions, at=local(day, "14:00"), operator=staff.nurse, operators=[staff.nurse])
    b.deduction(theirs, at=local(TODAY, "14:00"), operator=staff.nurse, operators=[staff.nurse])

    # follow-ups done: today 1, yesterday 2, two days ago 1; department B today 1
    for closed in (local(TODAY, "09:00"), local(YESTERDAY, "09:00"), local(YESTERDAY, "18:00"),
                   local(TWO_DAYS_AGO, "09:00")):
        b.done_task(next(people), staff.consultant2, closed_at=closed)
    b.done_task(outsider, staff.consultant_b, closed_at=local(TODAY, "09:00"))

    # when the head of department A reads the summary at noon
    panel = read(staff.director, "director")

    # then every figure is the department's, today against yesterday and last week's same day
    assert (panel["yesterday"], panel["last_week"]) == (YESTERDAY, LAST_WEEK)
    assert trio(panel["appointments"]) == (2, 1, 3)
    assert panel["appointments"]["link"] == (f"/appointments/list?date_from={TODAY}&date_to={TODAY}"
                                             "&status=pending%2Cconfirmed%2Carrived%2Ccompleted%2Cno_show")
    assert trio(panel["consultations"]) == (1, 2, 1)
    assert trio(panel["arrivals"]) == (3, 1, 1)
    assert trio(panel["arrivals_new"]) == (2, 1, 1)
    assert trio(panel["arrivals_returning"]) == (1, 0, 0)
    assert trio(panel["takings"]) == (2, 1, 1)
    assert amounts(panel["takings"]) == (Decimal("1380.00"), Decimal("880.00"), Decimal("1760.00"))
    assert panel["takings"]["link"] == f"/sales/day-end?date={TODAY}"
    assert trio(panel["deductions"]) == (2, 0, 1)
    assert amounts(panel["deductions"]) == (Decimal("1600.00"), Decimal("0.00"), Decimal("800.00"))
    assert trio(panel["followups_done"]) == (1, 2, 0)
    assert panel["followups_done"]["link"] == "/followups?tab=done&assignee=all"
    # and counts carry no amount
    assert amounts(panel["appointments"]) == (None, None, None)


def test_summary_through_the_api(staff, customer, modes, catalog, seller, api):
    b.pay(b.order(customer(staff.consultant, "林小雨"), catalog["ipl"], operator=seller),
          at=local(TODAY, "00:01"), operator=seller, entries=[{"mode": modes["cash"], "amount": "880"}])
    summary = api(staff.director)["director"]
    assert summary["takings"] == {"value": 1, "yesterday": 0, "last_week": 0, "amount": "880.00",
                                  "yesterday_amount": "0.00", "last_week_amount": "0.00",
                                  "link": f"/sales/day-end?date={TODAY}"}
    assert summary["appointments"]["amount"] is None


def test_earlier_days_come_from_the_cache_of_the_same_scope(builtin, org, staff, customer, api):
    # given yesterday's visits in department A and in department B, each with its head of department
    director_b = builtin("director", unit=org["team_b1"])
    b.visit(customer(staff.consultant, "甲"), at=local(YESTERDAY, "09:00"), operator=staff.reception, status="left")
    b.visit(customer(staff.consultant_b, "乙"), at=local(YESTERDAY, "09:00"), operator=staff.reception_b,
            status="left")
    b.visit(customer(staff.consultant_b, "丙"), at=local(YESTERDAY, "10:00"), operator=staff.reception_b,
            status="left")

    # when both read the summary, then each sees their own department's yesterday (the cache is per scope)
    assert api(staff.director)["director"]["arrivals"]["yesterday"] == 1
    assert api(director_b)["director"]["arrivals"]["yesterday"] == 2

    # when a visit is registered today and one more is back-dated to yesterday
    b.visit(customer(staff.consultant, "丁"), at=local(TODAY, "00:01"), operator=staff.reception)
    b.visit(customer(staff.consultant, "戊"), at=local(YESTERDAY, "11:00"), operator=staff.reception, status="left")

    # then today's figure is read afresh while yesterday's is the one read a moment ago (kept for ten minutes)
    arrivals = api(staff.director)["director"]["arrivals"]
    assert (arrivals["value"], arrivals["yesterday"]) == (1, 1)
