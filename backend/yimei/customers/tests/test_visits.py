"""Visits and triage: kinds from history, one open visit, triage rules, scope, cancelling, the waiting list."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yimei.audit.models import OperationLog
from yimei.core.errors import BusinessError
from yimei.customers import records, services, visits
from yimei.customers.choices import VisitKind, VisitStatus
from yimei.customers.models import Customer, CustomerEvent, Visit

ALL = {"customers": "all"}
VISIT_CODES = ["customers.customer.view", "customers.visit.view", "customers.visit.add", "customers.visit.triage",
               "customers.visit.change"]
_phones = itertools.count(13700000001)


@pytest.fixture
def reception(make_staff, org):
    return make_staff(VISIT_CODES, unit=org["team_a1"], scopes=ALL)


@pytest.fixture
def consultants(make_staff, org):
    return {"a1": make_staff(unit=org["team_a1"]), "a2": make_staff(unit=org["team_a2"]),
            "b1": make_staff(unit=org["team_b1"])}


@pytest.fixture
def new_customer(reception):
    def make(name: str = "王芳", **fields) -> Customer:
        return services.create_customer(operator=reception, name=name, phone=str(next(_phones)), **fields)

    return make


def events(customer: Customer, type: str) -> list[CustomerEvent]:
    return list(CustomerEvent.objects.filter(customer=customer, type=type).order_by("id"))


# --- kinds and figures ------------------------------------------------------------------------------


def test_kind_is_worked_out_from_history(reception, new_customer):
    customer = new_customer()
    first = visits.check_in(customer, operator=reception)
    assert first.kind == VisitKind.FIRST
    visits.leave(first, operator=reception)

    second = visits.check_in(customer, operator=reception)
    assert second.kind == VisitKind.RETURN  # came back, never bought
    visits.mark_deal(second, operator=reception)
    second.refresh_from_db()
    assert second.has_deal and second.kind == VisitKind.RETURN  # a deal does not rewrite a 复诊
    visits.leave(second, operator=reception)

    third = visits.check_in(customer, operator=reception)
    assert third.kind == VisitKind.RECHECK  # bought before
    visits.mark_deal(third, operator=reception)
    third.refresh_from_db()
    assert third.kind == VisitKind.REPURCHASE and third.has_deal

    customer.refresh_from_db()
    today = visits.local_date(timezone.now())
    assert customer.visit_count == 3 and customer.first_visit_on == today and customer.last_visit_on == today
    assert len(events(customer, "visit.arrived")) == 3


def test_spend_from_elsewhere_makes_a_recheck(reception, new_customer):
    customer = new_customer()
    visits.leave(visits.check_in(customer, operator=reception), operator=reception)
    services.add_spend(customer, amount=Decimal("1980.00"))
    assert visits.check_in(customer, operator=reception).kind == VisitKind.RECHECK


def test_visit_dates_are_local_dates(reception, new_customer):
    customer = new_customer()
    # 2026-03-01 17:30 UTC is 2026-03-02 01:30 in Shanghai.
    arrived = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)
    visit = visits.check_in(customer, operator=reception, arrived_at=arrived)
    customer.refresh_from_db()
    assert str(customer.first_visit_on) == "2026-03-02" == str(customer.last_visit_on)
    assert visit.org_unit_id == customer.org_unit_id


def test_only_one_open_visit_per_customer(reception, new_customer, client_for):
    customer = new_customer(name="李娜")
    visits.check_in(customer, operator=reception)
    client = client_for(reception)
    before = (Visit.objects.count(), CustomerEvent.objects.count())
    response = client.post("/api/v1/visits/", {"customer": customer.pk}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "visit_open" and "李娜" in body["message"] and "未结束" in body["message"]
    assert (Visit.objects.count(), CustomerEvent.objects.count()) == before
    customer.refresh_from_db()
    assert customer.visit_count == 1
    assert OperationLog.objects.filter(module="customers", action="create", result="failure").exists()


def test_merged_or_stopped_files_cannot_check_in(reception, new_customer):
    source, target = new_customer(), new_customer()
    services.merge_customers(source=source, target=target, operator=reception)
    with pytest.raises(BusinessError, match="已合并"):
        visits.check_in(source, operator=reception)
    stopped = new_customer()
    Customer.objects.filter(pk=stopped.pk).update(is_active=False)
    with pytest.raises(BusinessError, match="停用"):
        visits.check_in(stopped, operator=reception)


def test_an_appointment_checks_in_once_and_future_arrivals_are_refused(reception, new_customer):
    visits.check_in(new_customer(), operator=reception, appointment_id=77)
    with pytest.raises(BusinessError) as error:
        visits.check_in(new_customer(), operator=reception, appointment_id=77)
    assert error.value.fields == {"appointment_id": [error.value.message]}
    with pytest.raises(BusinessError) as error:
        visits.check_in(new_customer(), operator=reception, arrived_at=timezone.now() + timedelta(hours=1))
    assert "arrived_at" in error.value.fields


# --- triage -----------------------------------------------------------------------------------------


def test_first_consultation_triage_assigns_the_owner_only_once(reception, consultants, new_customer):
    customer = new_customer()
    visit = visits.check_in(customer, operator=reception)
    visits.triage(visit, operator=reception, target="consultation", consultant=consultants["a1"])
    customer.refresh_from_db()
    visit.refresh_from_db()
    assert customer.consultant == consultants["a1"] and customer.org_unit_id == consultants["a1"].org_unit_id
    assert visit.status == VisitStatus.CONSULTING and visit.triaged_by == reception and visit.triaged_at
    assert visit.org_unit_id == consultants["a1"].org_unit_id

    # Re-triage while open: the visit moves, the owner stays.
    visits.triage(visit, operator=reception, target="consultation", consultant=consultants["a2"], note="换人")
    customer.refresh_from_db()
    visit.refresh_from_db()
    assert visit.consultant == consultants["a2"] and customer.consultant == consultants["a1"]
    triaged = events(customer, "visit.triaged")
    assert len(triaged) == 2 and triaged[0].data["owner_assigned"] and not triaged[1].data["owner_assigned"]
    assert "重新分诊" in triaged[1].summary and "换人" in triaged[1].summary
    assert len(events(customer, "customer.reassigned")) == 1

    # A later visit: consultation triage to someone else does not change the owner either.
    visits.leave(visit, operator=reception)
    later = visits.check_in(customer, operator=reception)
    visits.triage(later, operator=reception, target="consultation", consultant=consultants["a2"])
    customer.refresh_from_db()
    assert customer.consultant == consultants["a1"]


def test_treatment_triage_needs_an_owning_consultant(reception, consultants, new_customer, client_for):
    customer = new_customer()
    visit = visits.check_in(customer, operator=reception)
    response = client_for(reception).post(f"/api/v1/visits/{visit.pk}/triage/", {"target": "treatment"},
                                          format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "no_owning_consultant" and "现场咨询" in response.json()["message"]
    visit.refresh_from_db()
    assert visit.status == VisitStatus.WAITING and not events(customer, "visit.triaged")

    services.update_customer(customer, operator=reception, consultant=consultants["a1"])
    response = client_for(reception).post(f"/api/v1/visits/{visit.pk}/triage/", {"target": "treatment"},
                                          format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "treating" and data["status_display"] == "治疗中"
    assert data["consultant"] == {"id": consultants["a1"].pk, "name": consultants["a1"].name}


def test_triage_input_errors(reception, consultants, new_customer, client_for):
    visit = visits.check_in(new_customer(), operator=reception)
    client = client_for(reception)
    url = f"/api/v1/visits/{visit.pk}/triage/"
    body = client.post(url, {"target": "consultation"}, format="json").json()
    assert body["code"] == "required" and body["fields"] == {"consultant": ["分诊到咨询须选择接诊咨询师。"]}
    body = client.post(url, {"target": "consultation", "consultant": 987654}, format="json").json()
    assert body["code"] == "invalid" and "不存在" in body["fields"]["consultant"][0]
    body = client.post(url, {"target": "nowhere"}, format="json").json()
    assert "target" in body["fields"]
    consultants["a2"].is_active = False
    consultants["a2"].save()
    body = client.post(url, {"target": "consultation", "consultant": consultants["a2"].pk}, format="json").json()
    assert "停用" in body["fields"]["consultant"][0]
    visit.refresh_from_db()
    assert visit.status == VisitStatus.WAITING

    visits.leave(visit, operator=reception)
    body = client.post(url, {"target": "consultation", "consultant": consultants["a1"].pk}, format="json").json()
    assert body["code"] == "visit_closed"


# --- scope ------------------------------------------------------------------------------------------


def test_team_scope_cannot_triage_to_a_consultant_outside_it(make_staff, org, consultants, new_customer,
                                                            client_for, reception):
    desk = make_staff(VISIT_CODES, unit=org["team_a1"], scopes={"customers": "team"})
    customer = new_customer()  # registered by reception (team a1): inside the desk's team
    visit = visits.check_in(customer, operator=desk)
    client = client_for(desk)
    response = client.post(f"/api/v1/visits/{visit.pk}/triage/",
                           {"target": "consultation", "consultant": consultants["b1"].pk}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "out_of_scope" and "consultant" in response.json()["fields"]
    customer.refresh_from_db()
    assert customer.consultant is None
    response = client.post(f"/api/v1/visits/{visit.pk}/triage/",
                           {"target": "consultation", "consultant": consultants["a1"].pk}, format="json")
    assert response.status_code == 200, response.content


def test_a_consultant_with_own_scope_sees_only_their_visits(make_staff, org, reception, new_customer, client_for):
    mine = make_staff(VISIT_CODES, unit=org["team_a1"], scopes={"customers": "own"})
    other = make_staff(unit=org["team_a1"])
    seen, unseen = new_customer(name="甲"), new_customer(name="乙")
    v1 = visits.check_in(seen, operator=reception)
    v2 = visits.check_in(unseen, operator=reception)
    visits.triage(v1, operator=reception, target="consultation", consultant=mine)
    visits.triage(v2, operator=reception, target="consultation", consultant=other)
    client = client_for(mine)
    assert [row["id"] for row in client.get("/api/v1/visits/").json()["results"]] == [v1.pk]
    assert [row["id"] for row in client.get("/api/v1/visits/waiting/").json()] == [v1.pk]
    assert client.get(f"/api/v1/visits/{v2.pk}/").status_code == 404
    response = client.post(f"/api/v1/visits/{v2.pk}/leave/", {}, format="json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    # Own scope may triage only to themselves.
    response = client.post(f"/api/v1/visits/{v1.pk}/triage/", {"target": "consultation", "consultant": other.pk},
                           format="json")
    assert response.status_code == 400 and response.json()["code"] == "out_of_scope"


def test_check_in_needs_a_customer_the_user_can_see(make_staff, org, reception, new_customer, client_for):
    desk = make_staff(VISIT_CODES, unit=org["team_b1"], scopes={"customers": "team"})
    hidden = new_customer()  # registered in team a1
    client = client_for(desk)
    for customer_id in (hidden.pk, 99999999):
        response = client.post("/api/v1/visits/", {"customer": customer_id}, format="json")
        assert response.status_code == 404
        body = response.json()
        assert body["code"] == "not_found" and body["message"] == "记录不存在或您无权查看。"
        assert "customer" in body["fields"]
    assert not Visit.objects.exists()
    body = client.post("/api/v1/visits/", {"customer": "abc"}, format="json").json()
    assert body["code"] == "invalid" and "customer" in body["fields"]


# --- leaving, cancelling, editing -------------------------------------------------------------------


def test_leave(reception, new_customer, client_for):
    customer = new_customer()
    visit = visits.check_in(customer, operator=reception, arrived_at=timezone.now() - timedelta(minutes=90))
    client = client_for(reception)
    too_early = (visit.arrived_at - timedelta(minutes=1)).isoformat()
    body = client.post(f"/api/v1/visits/{visit.pk}/leave/", {"left_at": too_early}, format="json").json()
    assert "left_at" in body["fields"]
    response = client.post(f"/api/v1/visits/{visit.pk}/leave/", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "left"
    assert "在院 90 分钟" in events(customer, "visit.left")[0].summary
    assert client.post(f"/api/v1/visits/{visit.pk}/leave/", {}, format="json").json()["code"] == "visit_closed"
    # The customer can check in again.
    assert client.post("/api/v1/visits/", {"customer": customer.pk}, format="json").status_code == 201


def test_cancel_reverses_the_figures(reception, consultants, new_customer, client_for):
    customer = new_customer()
    earlier = visits.check_in(customer, operator=reception, arrived_at=timezone.now() - timedelta(days=10))
    visits.leave(earlier, operator=reception)
    visit = visits.check_in(customer, operator=reception)
    customer.refresh_from_db()
    assert customer.visit_count == 2 and customer.last_visit_on == visits.local_date(timezone.now())
    client = client_for(reception)
    body = client.post(f"/api/v1/visits/{visit.pk}/cancel/", {}, format="json").json()
    assert body["fields"] == {"reason": ["该字段是必填项。"]}
    response = client.post(f"/api/v1/visits/{visit.pk}/cancel/", {"reason": "登记错客户"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled" and "登记错客户" in response.json()["note"]
    customer.refresh_from_db()
    assert customer.visit_count == 1
    assert customer.first_visit_on == customer.last_visit_on == visits.local_date(earlier.arrived_at)
    assert events(customer, "visit.cancelled")[0].summary == "取消到访：登记错客户"
    # A cancelled visit does not count as history.
    other = new_customer()
    only = visits.check_in(other, operator=reception)
    visits.cancel(only, operator=reception, reason="误登记")
    other.refresh_from_db()
    assert other.visit_count == 0 and other.first_visit_on is None and other.last_visit_on is None
    assert visits.check_in(other, operator=reception).kind == VisitKind.FIRST


def test_only_a_waiting_visit_without_records_can_be_cancelled(reception, consultants, new_customer):
    customer = new_customer()
    visit = visits.check_in(customer, operator=reception)
    records.record_consultation(customer, operator=None, consultant=consultants["a1"], visit=visit,
                                content="咨询光子嫩肤")
    with pytest.raises(BusinessError, match="咨询或评估记录"):
        visits.cancel(visit, operator=reception, reason="测试")
    other = visits.check_in(new_customer(), operator=reception)
    visits.triage(other, operator=reception, target="consultation", consultant=consultants["a1"])
    with pytest.raises(BusinessError, match="只有候诊中"):
        visits.cancel(other, operator=reception, reason="测试")


def test_edit_purpose_and_note(reception, new_customer, client_for):
    customer = new_customer()
    visit = visits.check_in(customer, operator=reception, purpose="咨询")
    response = client_for(reception).patch(f"/api/v1/visits/{visit.pk}/", {"purpose": "复查水光针"}, format="json")
    assert response.status_code == 200 and response.json()["purpose"] == "复查水光针"
    assert events(customer, "visit.updated")[0].summary == "修改到访：到院目的"
    body = client_for(reception).patch(f"/api/v1/visits/{visit.pk}/", {"note": "x" * 501}, format="json").json()
    assert body["code"] == "invalid" and "note" in body["fields"]


# --- lists ------------------------------------------------------------------------------------------


def test_waiting_list_is_today_open_visits_in_arrival_order(reception, consultants, new_customer, client_for):
    now = timezone.now()
    today_start = visits.local_day_start(visits.local_date(now))
    yesterday = visits.check_in(new_customer(), operator=reception, arrived_at=today_start - timedelta(hours=1))
    first = visits.check_in(new_customer(name="先到"), operator=reception, arrived_at=max(today_start, now - timedelta(
        minutes=30)))
    second = visits.check_in(new_customer(name="后到"), operator=reception)
    gone = visits.check_in(new_customer(), operator=reception)
    visits.leave(gone, operator=reception)
    visits.triage(second, operator=reception, target="consultation", consultant=consultants["a1"])

    rows = client_for(reception).get("/api/v1/visits/waiting/").json()
    assert [row["id"] for row in rows] == [first.pk, second.pk]
    assert yesterday.pk not in [row["id"] for row in rows]
    head = rows[0]
    assert head["customer"]["name"] == "先到" and "****" in head["customer"]["phone"]
    assert head["kind"] == "first" and head["kind_display"] == "初诊" and head["status_display"] == "候诊"
    assert head["waited_minutes"] >= 0 and head["consultant"] is None
    assert rows[1]["consultant"]["id"] == consultants["a1"].pk
    assert rows[1]["owning_consultant"]["id"] == consultants["a1"].pk


def test_waiting_list_query_count_does_not_grow(reception, consultants, new_customer, client_for):
    client = client_for(reception)

    def add(n: int) -> None:
        for i in range(n):
            visit = visits.check_in(new_customer(), operator=reception)
            if i % 2:
                visits.triage(visit, operator=reception, target="consultation", consultant=consultants["a1"])

    add(1)
    client.get("/api/v1/visits/waiting/")  # warm the per-user caches
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/visits/waiting/").json()) == 1
    add(9)
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get("/api/v1/visits/waiting/").json()) == 10
    assert len(ten) == len(one)
    with CaptureQueriesContext(connection) as page:
        assert client.get("/api/v1/visits/").json()["count"] == 10
    assert len(page) <= len(one) + 1  # the page adds only its count query


def test_list_filters_and_ordering(reception, consultants, new_customer, client_for):
    a, b = new_customer(name="赵敏"), new_customer(name="钱多")
    old = visits.check_in(a, operator=reception, arrived_at=timezone.now() - timedelta(days=3))
    visits.leave(old, operator=reception)
    new = visits.check_in(a, operator=reception)
    visits.triage(new, operator=reception, target="consultation", consultant=consultants["a1"])
    other = visits.check_in(b, operator=reception)
    client = client_for(reception)

    def ids(**params):
        response = client.get("/api/v1/visits/", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(customer=a.pk) == [new.pk, old.pk]
    assert ids(status="waiting") == [other.pk]
    assert set(ids(status=["waiting", "consulting"])) == {other.pk, new.pk}
    assert ids(kind="return") == [new.pk]
    assert ids(consultant=consultants["a1"].pk) == [new.pk]
    day = visits.local_date(old.arrived_at)
    assert ids(arrived_from=str(day), arrived_to=str(day)) == [old.pk]
    assert set(ids(arrived_from=str(day + timedelta(days=1)))) == {new.pk, other.pk}
    assert ids(ordering="arrived_at")[0] == old.pk
    assert ids(search="钱") == [other.pk]
    assert ids(search=b.phone[-4:]) == [other.pk]
    assert client.get("/api/v1/visits/", {"customer": "x"}).status_code == 400
    assert client.get("/api/v1/visits/", {"arrived_to": "9999-12-31"}).status_code == 200


def test_a_visit_nobody_closed_yesterday_ends_when_the_customer_comes_again(reception, new_customer):
    from datetime import timedelta

    from django.utils import timezone

    customer = new_customer(name="周倩")
    forgotten = visits.check_in(customer, operator=reception, arrived_at=timezone.now() - timedelta(days=1))
    today = visits.check_in(customer, operator=reception)
    forgotten.refresh_from_db()
    assert forgotten.status == "left" and "自动结束" in forgotten.note
    assert timezone.localtime(forgotten.left_at).date() == timezone.localtime(forgotten.arrived_at).date()
    assert today.status == "waiting"
    assert events(customer, "visit.left")[0].data["automatic"] is True
