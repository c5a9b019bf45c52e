"""The workbench costs a fixed number of SQL queries, whatever the day holds."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from yimei.workbench.selectors import common
from yimei.workbench.tests import builders as b
from yimei.workbench.tests.conftest import LAST_WEEK, TODAY, YESTERDAY, local

ALL_ROLES = ("receptionist", "consultant", "doctor", "cashier", "director")


def populate(n, *, me, staff, customer, clerk, catalog, modes, seller, start):
    """``n`` of everything each view counts or lists, "mine" where the view reads mine, from ``start`` on."""
    ipl, cash = catalog["ipl"], modes["cash"]
    for i in range(start, start + n):
        person = customer(me, f"客户{i}")
        visit = b.visit(person, at=local(TODAY, f"08:{i:02d}"), operator=staff.reception)
        b.to_treatment(visit, operator=staff.reception)
        b.appointment(person, me, start=local(TODAY, f"{9 + i // 2:02d}:{30 * (i % 2):02d}"),
                      operator=clerk, item=ipl)
        b.appointment(person, me, start=local(YESTERDAY, f"{9 + i // 2:02d}:{30 * (i % 2):02d}"),
                      operator=clerk, item=ipl, status="completed")
        b.consultation(person, me, at=local(LAST_WEEK, "10:00"))
        sessions = b.card(person, catalog["card"], operator=seller, modes=modes, at=local(TODAY, "08:00"))
        b.deduction(sessions, at=local(TODAY, "08:30"), operator=me, operators=[me])
        b.order(person, ipl, operator=seller)
        b.pay(b.order(person, ipl, operator=seller), at=local(TODAY, "09:00"), operator=seller,
              entries=[{"mode": cash, "amount": "300"}])
        b.task(person, me, due_on=YESTERDAY)
        b.task(person, me, due_on=TODAY)
        b.done_task(person, me, closed_at=local(TODAY, "08:00"))


def test_query_count_does_not_grow_with_the_day(builtin, org, staff, customer, clerk, catalog, modes, seller,
                                                client_for, monkeypatch):
    # given the earlier days' figures read every time (not from the cache: the worst case, and the figures below
    # are those of the rows just made)
    monkeypatch.setattr(common, "PAST_DAYS_TTL", 0)
    # and someone who holds every view, one of each row, and then many of each
    everyone = builtin(*ALL_ROLES, unit=org["team_a1"])
    client = client_for(everyone)
    kwargs = {"me": everyone, "staff": staff, "customer": customer, "clerk": clerk, "catalog": catalog, "modes": modes,
              "seller": seller}
    populate(1, start=0, **kwargs)
    assert client.get("/api/v1/workbench/").status_code == 200  # the session and access caches are warm now

    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/workbench/")
        assert response.status_code == 200
        return len(queries), response.json()

    few, answer = measure()
    assert answer["reception"]["appointments"]["total"]["value"] == 1
    populate(12, start=1, **kwargs)
    many, answer = measure()

    # then the query count is the same, and the lists are capped while the figures count everything
    assert answer["reception"]["appointments"]["total"]["value"] == 13
    assert len(answer["reception"]["appointments"]["upcoming"]) <= 10
    assert answer["consultant"]["followups"]["overdue"]["value"] == 13
    assert len(answer["consultant"]["followups"]["rows"]) == 10
    assert answer["cashier"]["orders"]["unpaid"]["value"] == 13
    assert answer["clinician"]["treatments"]["total"]["value"] == 13
    assert answer["consultant"]["here_today"]["total"]["value"] == 13
    assert answer["director"]["appointments"]["yesterday"] == 13
    assert many == few, (few, many)
    assert few <= 34
