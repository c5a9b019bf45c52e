"""The sales API: the consultant → cashier → nurse flow, idempotent replays, receipts, signatures, the 360° view,
permissions and data scope (denied requests change nothing)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yimei.customers import services as customers
from yimei.sales import models as m
from yimei.sales.tests.conftest import SIGNATURE, signature_png
from yimei.sales.tests.test_services import counts

D = Decimal


def key() -> dict[str, str]:
    return {"HTTP_IDEMPOTENCY_KEY": uuid.uuid4().hex}


def open_order(client, customer, *lines, **extra):
    body = {"customer": customer.pk, "lines": list(lines), **extra}
    return client.post("/api/v1/orders/", body, format="json", **key())


@pytest.fixture
def combo_paid(client_for, consultant, cashier, customer, catalog, modes):
    order = open_order(client_for(consultant), customer, {"kind": "card", "card_type": catalog["combo"].pk,
                                                          "quantity": 1}).json()
    client_for(cashier).post("/api/v1/payments/", {"kind": "sale", "order": order["id"], "entries": [
        {"mode": modes["cash"].pk, "amount": "4000.00"}]}, format="json", **key())
    return order


def test_consultant_cashier_nurse_flow_and_the_360_view(client_for, consultant, cashier, nurse, director, customer,
                                                        catalog, modes, positions):
    # given a customer with stored value
    staff = client_for(consultant)
    desk = client_for(cashier)
    sv = open_order(staff, customer, {"kind": "card", "card_type": catalog["stored"].pk, "quantity": 1}).json()
    assert desk.post("/api/v1/payments/", {"kind": "sale", "order": sv["id"], "entries": [
        {"mode": modes["bank_card"].pk, "amount": "10000", "reference": "POS-1"}]}, format="json",
        **key()).status_code == 201
    card = desk.get(f"/api/v1/customer-assets/{customer.pk}/").json()["cards"][0]
    # when the consultant opens an order for a combo card
    response = open_order(staff, customer, {"kind": "card", "card_type": catalog["combo"].pk, "quantity": 1})
    assert response.status_code == 201, response.content
    order = response.json()
    assert order["total_amount"] == "4000.00" and order["status"] == "pending"
    assert order["lines"][0]["name"] == "焕肤组合卡"
    # and the cashier takes stored value + WeChat Pay
    response = desk.post("/api/v1/payments/", {"kind": "sale", "order": order["id"], "entries": [
        {"mode": modes["stored_value"].pk, "amount": "3000.00", "card": card["id"]},
        {"mode": modes["wechat"].pk, "amount": "1000.00", "reference": "4200000001"}]}, format="json", **key())
    assert response.status_code == 201, response.content
    payment = response.json()
    assert payment["total_amount"] == "4000.00"
    assert {e["mode_kind"]: e["amount"] for e in payment["entries"]} == {"stored_value": "3000.00",
                                                                        "wechat": "1000.00"}
    receipt = desk.get(f"/api/v1/payments/{payment['id']}/receipt/").json()
    assert receipt["order_number"] == order["number"] and receipt["customer_phone"] == "138****8001"
    pdf = desk.get(f"/api/v1/payments/{payment['id']}/receipt.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF")
    # and a nurse deducts a session with the customer's signature
    floor = client_for(nurse)
    rights = floor.get(f"/api/v1/entitlements/?customer={customer.pk}&usable=true").json()["results"]
    ipl = next(r for r in rights if r["item_code"] == "IPL")
    response = floor.post("/api/v1/deductions/", {
        "customer": customer.pk, "entitlement": ipl["id"], "quantity": 1, "signature": SIGNATURE,
        "operators": [{"staff": nurse.pk, "position": positions["nurse"].pk}]}, format="json", **key())
    assert response.status_code == 201, response.content
    deduction = response.json()
    assert deduction["operators"][0]["fee_amount"] == "30.00"
    image = floor.get(deduction["signature_url"])
    assert image.status_code == 200 and b"".join(image.streaming_content).startswith(b"\x89PNG")
    # then the 360 view shows the order, payment, deduction and remaining sessions
    overview = client_for(director).get(f"/api/v1/customers/{customer.pk}/overview/").json()
    # (SQLite drops the scale of computed decimals: compare as numbers)
    figures = {f["key"]: D(f["value"]) for f in overview["figures"]}
    assert figures["remaining_sessions"] == 4 and figures["debt"] == 0
    assert figures["stored_value"] == D("9500.00") and figures["total_spend"] == D("11000.00")
    tabs = {t["key"]: t["count"] for t in overview["tabs"]}
    assert tabs["orders"] == 2 and tabs["deductions"] == 1 and tabs["assets"] == 2
    types = {e["type"] for e in client_for(director).get(f"/api/v1/customers/{customer.pk}/events/").json()["results"]}
    assert {"order.created", "payment.received", "deduction.done"} <= types


def test_the_overview_costs_the_same_however_much_was_bought(client_for, director, consultant, cashier, customer,
                                                             catalog, modes, combo_paid):
    client = client_for(director)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/customers/{customer.pk}/overview/").status_code == 200
        return len(captured)

    queries()
    before = queries()
    for _ in range(3):
        open_order(client_for(consultant), customer, {"kind": "item", "item": catalog["ipl"].pk, "quantity": 2})
    assert queries() == before


def test_a_replay_returns_the_first_answer_and_writes_nothing(client_for, consultant, customer, catalog):
    client = client_for(consultant)
    body = {"customer": customer.pk, "lines": [{"kind": "item", "item": catalog["ipl"].pk, "quantity": 1}]}
    headers = {"HTTP_IDEMPOTENCY_KEY": "order-replay-0001"}
    first = client.post("/api/v1/orders/", body, format="json", **headers)
    before = counts()
    again = client.post("/api/v1/orders/", body, format="json", **headers)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again["Idempotent-Replay"] == "true" and counts() == before
    # the same key with another body is refused
    other = client.post("/api/v1/orders/", {**body, "note": "改"}, format="json", **headers)
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    assert counts() == before
    bad = client.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="短")
    assert bad.status_code == 400


def test_bad_input_through_the_api_gets_chinese_field_errors(client_for, consultant, cashier, customer, catalog,
                                                             modes, combo_paid):
    desk = client_for(cashier)
    order = open_order(client_for(consultant), customer, {"kind": "item", "item": catalog["ipl"].pk,
                                                          "quantity": 1}).json()
    before = counts()
    for amount in ("-1", "0", "1.234", "abc", ""):
        response = desk.post("/api/v1/payments/", {"kind": "sale", "order": order["id"], "entries": [
            {"mode": modes["cash"].pk, "amount": amount}]}, format="json")
        assert response.status_code == 400, (amount, response.content)
        assert response.json()["message"]
    response = desk.post("/api/v1/payments/", {"kind": "sale", "order": order["id"], "entries": [
        {"mode": modes["alipay"].pk, "amount": "900", "reference": "x"}]}, format="json")
    assert response.status_code == 400 and "超过应收" in response.json()["message"]
    response = open_order(client_for(consultant), customer, {"kind": "item", "item": 999999, "quantity": 1})
    assert response.status_code == 400 and "不存在" in response.json()["message"]
    assert counts() == {**before, "Order": before["Order"], "CustomerEvent": before["CustomerEvent"]}


def test_without_the_permission_nothing_changes(client_for, make_staff, consultant, customer, catalog, modes):
    order = open_order(client_for(consultant), customer, {"kind": "item", "item": catalog["ipl"].pk,
                                                          "quantity": 1}).json()
    before = counts()
    viewer = client_for(make_staff(["sales.order.view"], scopes={"sales": "all"}))
    response = viewer.post("/api/v1/payments/", {"kind": "sale", "order": order["id"], "entries": [
        {"mode": modes["cash"].pk, "amount": "880"}]}, format="json", **key())
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    response = viewer.post(f"/api/v1/orders/{order['id']}/void/", {"reason": "x"}, format="json")
    assert response.status_code == 403
    assert counts() == before
    assert m.Order.objects.get(pk=order["id"]).status == "pending"


def test_own_scope_reaches_only_the_consultants_customers_and_orders(client_for, make_staff, consultant, customer,
                                                                    other_customer, catalog):
    mine = open_order(client_for(consultant), customer, {"kind": "item", "item": catalog["ipl"].pk, "quantity": 1})
    assert mine.status_code == 201
    stranger = make_staff(["sales.order.view", "sales.order.add"], scopes={"sales": "own"})
    client = client_for(stranger)
    assert client.get(f"/api/v1/orders/{mine.json()['id']}/").status_code == 404
    assert client.get("/api/v1/orders/").json()["count"] == 0
    before = counts()
    response = open_order(client, customer, {"kind": "item", "item": catalog["ipl"].pk, "quantity": 1})
    assert response.status_code == 404 and counts() == before


def test_deduction_by_multipart_and_its_reversal(client_for, nurse, director, customer, positions, combo_paid):
    floor = client_for(nurse)
    right = m.Entitlement.objects.filter(customer=customer, item_code="HYD").get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("sign.png", signature_png(), content_type="image/png")
    response = floor.post("/api/v1/deductions/", {
        "customer": customer.pk, "entitlement": right.pk, "quantity": "1", "signature": upload,
        "operators": f'[{{"staff": {nurse.pk}, "position": {positions["nurse"].pk}}}]'}, format="multipart")
    assert response.status_code == 201, response.content
    deduction = response.json()
    # the nurse may not reverse; the director may, once
    assert floor.post(f"/api/v1/deductions/{deduction['id']}/reverse/", {"reason": "误划"},
                      format="json").status_code == 403
    boss = client_for(director)
    assert boss.post(f"/api/v1/deductions/{deduction['id']}/reverse/", {"reason": "误划"},
                     format="json").status_code == 200
    again = boss.post(f"/api/v1/deductions/{deduction['id']}/reverse/", {"reason": "误划"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_reversed"
    right.refresh_from_db()
    assert right.sessions_remaining == 2


def test_refund_request_and_approval_through_the_api(client_for, cashier, director, customer, modes, combo_paid):
    desk = client_for(cashier)
    refundable = desk.get(f"/api/v1/orders/{combo_paid['id']}/refundable/").json()
    card = refundable["lines"][0]["cards"][0]
    assert card["amount"] == "4000.00"
    response = desk.post("/api/v1/refunds/", {
        "order": combo_paid["id"], "reason": "客户出国",
        "lines": [{"line": refundable["lines"][0]["line"]["id"], "quantity": 1, "card": card["card"]}],
        "entries": [{"mode": modes["cash"].pk, "amount": "4000.00"}]}, format="json", **key())
    assert response.status_code == 201, response.content
    refund = response.json()
    assert desk.post(f"/api/v1/refunds/{refund['id']}/approve/", {}, format="json").status_code == 403
    done = client_for(director).post(f"/api/v1/refunds/{refund['id']}/approve/", {}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert m.Order.objects.get(pk=combo_paid["id"]).status == "refunded"
    report = desk.get("/api/v1/day-end/").json()
    cash = next(r for r in report["modes"] if r["mode_kind"] == "cash")
    assert (cash["received_amount"], cash["refunded_amount"], report["cash_expected_amount"]) == \
        ("4000.00", "4000.00", "0.00")


def test_performance_statement_own_or_all(client_for, make_staff, consultant, director, combo_paid):
    me = client_for(make_staff(["sales.performance.view"], scopes={"sales": "all"}))
    assert me.get("/api/v1/performance/statement/").json()["rows"] == []
    rows = client_for(director).get("/api/v1/performance/statement/").json()["rows"]
    assert [(r["staff"]["id"], r["sales_amount"]) for r in rows] == [(consultant.pk, "4000.00")]
    today = timezone.localdate().isoformat()
    bad = client_for(director).get(f"/api/v1/performance/statement/?date_from={today}&date_to=2000-01-01")
    assert bad.status_code == 400


def test_customer_scope_for_assets(client_for, make_staff, customer, combo_paid):
    outsider = client_for(make_staff(["sales.asset.view"], scopes={"sales": "own"}))
    assert outsider.get(f"/api/v1/customer-assets/{customer.pk}/").status_code == 404
    other = customers.create_customer(operator=None, name="无关客户", phone="13800138099")
    assert outsider.get(f"/api/v1/customer-assets/{other.pk}/").status_code == 404


def test_asset_rows_are_written_as_drf_would(client_for, consultant, cashier, customer, catalog, modes):
    """The card and entitlement serializers write their fields out by hand (the summary is read at every
    payment); their output must stay what DRF's field-by-field representation gives, including nulls."""
    from rest_framework import serializers as drf

    from yimei.sales.api import serializers as s
    from yimei.sales.models import CustomerCard, Entitlement

    desk = client_for(cashier)
    for card_type in ("combo", "choice", "stored"):
        order = open_order(client_for(consultant), customer, {"kind": "card", "card_type": catalog[card_type].pk,
                                                              "quantity": 1}).json()
        assert desk.post("/api/v1/payments/", {"kind": "sale", "order": order["id"], "entries": [
            {"mode": modes["cash"].pk, "amount": order["total_amount"]}]}, format="json", **key()).status_code == 201
    order = open_order(client_for(consultant), customer,
                       {"kind": "item", "item": catalog["ipl"].pk, "quantity": 2}).json()
    assert desk.post("/api/v1/payments/", {"kind": "sale", "order": order["id"], "entries": [
        {"mode": modes["cash"].pk, "amount": order["total_amount"]}]}, format="json", **key()).status_code == 201
    CustomerCard.objects.filter(kind="combo").update(expires_on=date(2020, 1, 1))
    cards = list(CustomerCard.objects.filter(customer=customer))
    rights = list(Entitlement.objects.filter(customer=customer).select_related("card"))
    assert {c.kind for c in cards} >= {"combo", "choice", "stored_value"} and any(r.card_id is None for r in rights)
    assert any(c.expires_on is None for c in cards) and any(c.choose_count for c in cards)
    for serializer, rows in ((s.CustomerCardSerializer(), cards), (s.EntitlementSerializer(), rights)):
        for row in rows:
            assert serializer.to_representation(row) == drf.ModelSerializer.to_representation(serializer, row)
