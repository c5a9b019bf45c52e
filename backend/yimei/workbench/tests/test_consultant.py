"""咨询 view: a consultant sees their own customers in the clinic, their own follow-ups and their own deals —
never another consultant's."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from yimei.workbench.tests import builders as b
from yimei.workbench.tests.conftest import LAST_WEEK, NOW, TODAY, TWO_DAYS_AGO, YESTERDAY, local, read


def test_my_customers_here_today(staff, customer, clerk):
    # given two of my customers in the clinic today (one not yet triaged), one who came and left, one who came
    # yesterday, and a colleague's customer in the clinic
    mine_waiting = customer(staff.consultant, "林小雨")
    mine_treating = customer(staff.consultant, "王芳")
    mine_left = customer(staff.consultant, "赵敏")
    mine_yesterday = customer(staff.consultant, "钱多")
    theirs = customer(staff.consultant2, "孙丽")
    b.visit(mine_waiting, at=local(TODAY, "09:00"), operator=staff.reception)
    b.to_treatment(b.visit(mine_treating, at=local(TODAY, "08:30"), operator=staff.reception),
                   operator=staff.reception)
    b.visit(mine_left, at=local(TODAY, "08:00"), operator=staff.reception, status="left")
    b.visit(mine_yesterday, at=local(YESTERDAY, "09:00"), operator=staff.reception)
    b.visit(theirs, at=local(TODAY, "09:10"), operator=staff.reception)

    # when I read my workbench
    panel = read(staff.consultant, "consultant")["here_today"]

    # then my two customers still here are listed, in order of arrival, with a link to each file
    assert panel["total"]["value"] == 2
    assert [r["customer"]["name"] for r in panel["rows"]] == ["王芳", "林小雨"]
    assert panel["rows"][1]["link"] == f"/customers/{mine_waiting.pk}"
    assert panel["rows"][1]["customer"]["phone"].count("*") == 4  # masked
    assert panel["rows"][0]["status"] == "treating" and panel["rows"][1]["waited_minutes"] == 180
    # and my colleague sees only theirs
    other = read(staff.consultant2, "consultant")["here_today"]
    assert [r["customer"]["name"] for r in other["rows"]] == ["孙丽"]


def test_my_followups_due_overdue_and_done(staff, customer):
    # given my tasks: overdue by two days, due today, due tomorrow, done today, done yesterday, cancelled
    mine = customer(staff.consultant, "林小雨")
    overdue = b.task(mine, staff.consultant, due_on=TWO_DAYS_AGO)
    today = b.task(mine, staff.consultant, due_on=TODAY)
    b.task(mine, staff.consultant, due_on=TODAY + timedelta(days=1))
    b.done_task(mine, staff.consultant, closed_at=local(TODAY, "09:00"))
    b.done_task(mine, staff.consultant, closed_at=local(YESTERDAY, "17:00"))
    # and a colleague's overdue task for the same customer
    b.task(mine, staff.consultant2, due_on=LAST_WEEK)

    # when I read my workbench
    panel = read(staff.consultant, "consultant")["followups"]

    # then only my tasks count, overdue first, each linking to its tab of the follow-up list
    assert (panel["due_today"]["value"], panel["overdue"]["value"], panel["done_today"]["value"]) == (1, 1, 1)
    assert panel["overdue"]["link"] == "/followups?tab=overdue"
    assert panel["due_today"]["link"] == "/followups"
    assert panel["done_today"]["link"] == "/followups?tab=done"
    assert [r["id"] for r in panel["rows"]] == [overdue.pk, today.pk]
    assert panel["rows"][0]["is_overdue"] and panel["rows"][0]["overdue_days"] == 2
    assert not panel["rows"][1]["is_overdue"]
    # and my colleague's overdue task is theirs
    assert read(staff.consultant2, "consultant")["followups"]["overdue"]["value"] == 1


def test_my_deals_today_and_this_month(staff, customer, catalog, modes, seller):
    ipl, cash = catalog["ipl"], modes["cash"]
    mine, theirs = customer(staff.consultant, "林小雨"), customer(staff.consultant2, "孙丽")
    # given my order paid today, one paid on the 1st of the month (when that is not today), one paid last month,
    # one still unpaid, and my colleague's order paid today
    b.pay(b.order(mine, ipl, operator=seller), at=local(TODAY, "10:00"), operator=seller,
          entries=[{"mode": cash, "amount": "880"}])
    month_start = TODAY.replace(day=1)
    earlier_this_month = month_start < TODAY
    if earlier_this_month:
        b.pay(b.order(mine, ipl, operator=seller, quantity=2), at=local(month_start, "10:00"), operator=seller,
              entries=[{"mode": cash, "amount": "1760"}])
    b.pay(b.order(mine, ipl, operator=seller), at=local(month_start, "10:00") - timedelta(days=1),
          operator=seller, entries=[{"mode": cash, "amount": "880"}])
    b.order(mine, ipl, operator=seller)
    b.pay(b.order(theirs, ipl, operator=seller), at=local(TODAY, "09:00"), operator=seller,
          entries=[{"mode": cash, "amount": "880"}])

    # when I read my workbench
    deals = read(staff.consultant, "consultant")["deals"]

    # then today's and this month's deals are mine only, with their totals and a link to my performance
    assert (deals["today"]["value"], deals["today"]["amount"]) == (1, Decimal("880.00"))
    expected = (2, Decimal("2640.00")) if earlier_this_month else (1, Decimal("880.00"))
    assert (deals["month"]["value"], deals["month"]["amount"]) == expected
    assert deals["today"]["link"] == f"/performance?date_from={TODAY}&date_to={TODAY}"
    assert deals["month"]["link"] == f"/performance?date_from={month_start}&date_to={TODAY}"


def test_consultant_api_answer_is_json_with_amounts_as_strings(staff, customer, catalog, modes, seller, api):
    mine = customer(staff.consultant, "林小雨")
    b.pay(b.order(mine, catalog["ipl"], operator=seller), at=min(NOW, local(TODAY, "00:01")), operator=seller,
          entries=[{"mode": modes["cash"], "amount": "880"}])
    answer = api(staff.consultant)
    assert answer["consultant"]["deals"]["today"] == {
        "value": 1, "amount": "880.00", "link": f"/performance?date_from={TODAY}&date_to={TODAY}"}
