"""The customer file: validation, duplicates, encryption, masking, scope, search, tabs, bulk work, merge."""

from __future__ import annotations

import os
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from yimei.audit.models import OperationLog
from yimei.customers import services
from yimei.customers.identity import check_character, initials_of, parse_id_number, pinyin_of
from yimei.customers.models import (
    Consultation,
    Customer,
    CustomerEvent,
    CustomerTag,
    MembershipTier,
    SourceChannel,
    Tag,
    TagCategory,
    Visit,
)

ALL = {"customers": "all"}
requires_postgresql = pytest.mark.skipif(not os.environ.get("YIMEI_DATABASE_URL", "").startswith("postgres"),
                                         reason="parallel writers are exercised on PostgreSQL")
FILE = ["customers.customer.view", "customers.customer.add", "customers.customer.change"]


def valid_id(prefix17: str) -> str:
    return prefix17 + check_character(prefix17)


ID_MALE = valid_id("51010719900307001")  # 1990-03-07, sequence 001 (odd → male)


@pytest.fixture
def clerk(make_staff):
    return make_staff(FILE, scopes=ALL)


@pytest.fixture
def tags(db):
    category = TagCategory.objects.create(name="皮肤问题")
    return [Tag.objects.create(category=category, name=name) for name in ("色斑", "痘痘", "敏感")]


def create(client, **data):
    body = {"name": "张三", "phone": "13800138000", **data}
    return client.post("/api/v1/customers/", body, format="json")


# --- identifiers ------------------------------------------------------------------------------------


def test_id_number_rules():
    info = parse_id_number("11010519491231002x")
    assert info.number == "11010519491231002X" and info.gender == "female" and str(info.birthday) == "1949-12-31"
    assert parse_id_number(ID_MALE).gender == "male"
    for bad, message in [("110105194912310021", "校验位"), ("1101051949123100", "18 位"),
                         (valid_id("11010519491332002"), "出生日期")]:
        with pytest.raises(ValueError, match=message):
            parse_id_number(bad)


def test_pinyin_and_initials():
    assert pinyin_of("张三") == "zhangsan" and initials_of("张三") == "zs"
    assert pinyin_of("Lily Wang") == "lilywang"


# --- create and validate --------------------------------------------------------------------------


def test_create_normalises_phone_and_fills_identity(clerk, client_for, tags):
    response = create(client_for(clerk), phone="+86 138-0013-8000", id_number=ID_MALE.lower(),
                      tags=[tags[0].pk], marketing_consent=True)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["phone"] == "138****8000" and data["id_number"].startswith("510") and "*" in data["id_number"]
    customer = Customer.objects.get(pk=data["id"])
    assert customer.phone == "13800138000" and customer.gender == "male" and str(customer.birthday) == "1990-03-07"
    assert customer.name_initials == "zs" and customer.marketing_consent and customer.marketing_consent_at
    assert customer.consents.get().source == "counter"
    assert CustomerEvent.objects.filter(customer=customer, type="customer.created").exists()
    assert OperationLog.objects.filter(module="customers", action="create", result="success").count() == 1


def test_raw_columns_hold_no_plain_phone_or_id(clerk, client_for):
    customer_id = create(client_for(clerk), id_number=ID_MALE).json()["id"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number, phone_last4 FROM customers_customer WHERE id = %s", [customer_id])
        phone, id_number, last4 = cursor.fetchone()
    assert "13800138000" not in phone and ID_MALE not in id_number and last4 == "8000"


@pytest.mark.parametrize(("data", "field", "text"), [
    ({"phone": "12345"}, "phone", "11 位"),
    ({"phone": ""}, "phone", "手机号"),
    ({"name": "  "}, "name", "姓名"),
    ({"id_number": "110105194912310021"}, "id_number", "校验位"),
    ({"id_number": ID_MALE, "birthday": "1991-01-01"}, "birthday", "不一致"),
    ({"id_number": ID_MALE, "gender": "female"}, "gender", "不一致"),
    ({"birthday": "2999-01-01"}, "birthday", "晚于今天"),
    ({"tags": [999999]}, "tags", ""),
    ({"consultant": 999999}, "consultant", ""),
    ({"lunar_birth_month": 13, "lunar_birth_day": 1}, "lunar_birth_month", ""),
    ({"card_number": "=cmd"}, "card_number", "字母"),
])
def test_bad_input_is_a_field_error_and_writes_nothing(clerk, client_for, data, field, text):
    response = create(client_for(clerk), **data)
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["fields"] and text in " ".join(body["fields"][field])
    assert not Customer.objects.exists() and not CustomerEvent.objects.exists()


def test_duplicate_phone_names_the_existing_customer_masked(clerk, client_for):
    client = client_for(clerk)
    first = create(client, name="李四").json()
    response = create(client, name="李四二", phone="8613800138000")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "duplicate_phone"
    assert "李四" in body["message"] and "138****8000" in body["message"] and str(first["id"]) in body["message"]
    assert "13800138000" not in body["message"]
    assert Customer.objects.count() == 1


def test_duplicate_phone_refused_by_the_database_too(clerk):
    services.create_customer(operator=clerk, name="甲", phone="13800138000")
    duplicate = Customer(name="乙", phone="13800138000")
    with pytest.raises(Exception, match=r"(?i)unique|customer_unique_phone"):
        duplicate.save()


def test_consultant_outside_scope_is_refused(make_staff, client_for, org):
    other_team = make_staff(unit=org["team_b1"])
    clerk = make_staff(FILE, scopes={"customers": "department"}, unit=org["dept_a"])
    response = create(client_for(clerk), consultant=other_team.pk)
    assert response.status_code == 400
    assert response.json()["fields"]["consultant"][0].endswith("不在您的数据权限范围内，不能指定。")
    assert not Customer.objects.exists()


def test_update_checks_identity_against_existing_values(clerk, client_for):
    client = client_for(clerk)
    customer_id = create(client, id_number=ID_MALE).json()["id"]
    response = client.patch(f"/api/v1/customers/{customer_id}/", {"birthday": "1980-01-01"}, format="json")
    assert response.status_code == 400 and "birthday" in response.json()["fields"]
    response = client.patch(f"/api/v1/customers/{customer_id}/", {"notes": "怕疼", "name": "张三丰"}, format="json")
    assert response.status_code == 200
    customer = Customer.objects.get(pk=customer_id)
    assert customer.notes == "怕疼" and customer.name_pinyin == "zhangsanfeng"
    assert CustomerEvent.objects.filter(customer=customer, type="customer.updated").count() == 1


# --- masking, unmask, scope -------------------------------------------------------------------------


def test_unmask_needs_the_permission_and_is_logged(clerk, make_staff, client_for):
    customer_id = create(client_for(clerk), id_number=ID_MALE).json()["id"]
    assert client_for(clerk).get(f"/api/v1/customers/{customer_id}/unmask/").status_code == 403
    viewer = make_staff(["customers.customer.view", "customers.customer.unmask"], scopes=ALL)
    response = client_for(viewer).get(f"/api/v1/customers/{customer_id}/unmask/")
    assert response.json() == {"phone": "13800138000", "id_number": ID_MALE}
    log = OperationLog.objects.get(action="unmask", operator=viewer)
    assert log.object_id == str(customer_id) and log.module == "customers"


def test_own_scope_consultant_sees_only_their_customers(make_staff, client_for, org):
    mine_owner = make_staff(["customers.customer.view", "customers.customer.export"],
                            scopes={"customers": "own"})
    other = make_staff(unit=org["team_a2"])
    clerk = make_staff(FILE, scopes=ALL)
    mine = services.create_customer(operator=clerk, name="王芳", phone="13900000001", consultant=mine_owner)
    online = services.create_customer(operator=clerk, name="王芳芳", phone="13900000003", online_consultant=mine_owner)
    theirs = services.create_customer(operator=clerk, name="王芳华", phone="13900000002", consultant=other)
    client = client_for(mine_owner)
    listed = {row["id"] for row in client.get("/api/v1/customers/").json()["results"]}
    assert listed == {mine.pk, online.pk}
    found = {row["id"] for row in client.get("/api/v1/customers/?search=wf").json()["results"]}
    assert found == {mine.pk, online.pk}
    assert client.get("/api/v1/customers/?search=0002").json()["count"] == 0
    assert client.get(f"/api/v1/customers/{theirs.pk}/overview/").status_code == 404
    assert client.get(f"/api/v1/customers/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/customers/{mine.pk}/overview/").status_code == 200
    book = load_workbook(BytesIO(client.get("/api/v1/customers/export/").content))
    names = {row[1] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert names == {"王芳", "王芳芳"}


def test_team_scope_follows_the_owning_consultant(make_staff, client_for, org):
    clerk = make_staff(FILE, scopes=ALL, unit=org["dept_a"])
    team_member = make_staff(unit=org["team_a2"])
    leader = make_staff(["customers.customer.view"], scopes={"customers": "team"}, unit=org["team_a2"])
    customer = services.create_customer(operator=clerk, name="赵六", phone="13900000009")
    assert client_for(leader).get(f"/api/v1/customers/{customer.pk}/").status_code == 404
    services.update_customer(customer, operator=clerk, consultant=team_member)
    assert client_for(leader).get(f"/api/v1/customers/{customer.pk}/").status_code == 200


# --- search and list --------------------------------------------------------------------------------


@pytest.mark.parametrize(("term", "expected"), [
    ("13800138000", {"张伟"}), ("+86 138 0013 8000", {"张伟"}), ("8000", {"张伟"}), ("张", {"张伟", "张三"}),
    ("张伟", {"张伟"}), ("zw", {"张伟"}), ("zhang", {"张伟", "张三"}), ("ZHANGSAN", {"张三"}), ("VIP001", {"张三"}),
    ("李", set()), ("!!", set()),
])
def test_search(clerk, client_for, term, expected):
    services.create_customer(operator=clerk, name="张伟", phone="13800138000")
    services.create_customer(operator=clerk, name="张三", phone="13900139000", card_number="VIP001")
    services.create_customer(operator=clerk, name="王五", phone="13700137000", id_number=ID_MALE)
    rows = client_for(clerk).get("/api/v1/customers/", {"search": term}).json()["results"]
    assert {row["name"] for row in rows} == expected


def test_search_by_id_number(clerk, client_for):
    services.create_customer(operator=clerk, name="王五", phone="13700137000", id_number=ID_MALE)
    rows = client_for(clerk).get("/api/v1/customers/", {"search": ID_MALE}).json()["results"]
    assert [row["name"] for row in rows] == ["王五"]


def test_list_filters_and_constant_queries(clerk, client_for, tags, make_staff):
    source = SourceChannel.objects.get(name="美团")
    consultant = make_staff()
    client = client_for(clerk)
    for n in range(3):
        services.create_customer(operator=clerk, name=f"客户{n}", phone=f"1390000000{n}", source=source,
                                 consultant=consultant, tags=tags[:2], marketing_consent=n == 0)
    services.create_customer(operator=clerk, name="其他", phone="13900000009")
    assert client.get("/api/v1/customers/", {"source": source.pk}).json()["count"] == 3
    assert client.get("/api/v1/customers/", {"tags": f"{tags[1].pk},{tags[2].pk}"}).json()["count"] == 3
    assert client.get("/api/v1/customers/", {"marketing_consent": "true"}).json()["count"] == 1
    query = {"consultant": consultant.pk, "no_consultant": "false"}
    assert client.get("/api/v1/customers/", query).json()["count"] == 3
    assert client.get("/api/v1/customers/", {"no_consultant": "true"}).json()["count"] == 1
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/customers/", {"page_size": 2})
    for n in range(4, 12):
        services.create_customer(operator=clerk, name=f"客户{n}", phone=f"138000000{n:02d}", source=source,
                                 consultant=consultant, tags=tags)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/customers/", {"page_size": 10})
    assert len(response.json()["results"]) == 10
    assert len(many) == len(few)


# --- 360 view -------------------------------------------------------------------------------------


def test_overview_tabs_follow_permissions_and_queries_stay_constant(clerk, make_staff, client_for):
    customer = services.create_customer(operator=clerk, name="孙七", phone="13600136000")
    nurse = make_staff(["customers.customer.view", "customers.visit.view"], scopes=ALL)
    director = make_staff(["customers.customer.view", "customers.visit.view", "customers.consultation.view",
                           "customers.complaint.view", "customers.assessment.view"], scopes=ALL)
    nurse_view = client_for(nurse).get(f"/api/v1/customers/{customer.pk}/overview/").json()
    assert [t["key"] for t in nurse_view["tabs"]] == ["visits", "timeline"]
    assert {f["key"] for f in nurse_view["figures"]} == {"visit_count", "first_visit_on", "last_visit_on"}
    client = client_for(director)
    client.get(f"/api/v1/customers/{customer.pk}/overview/")  # warm the permission cache
    with CaptureQueriesContext(connection) as short:
        data = client.get(f"/api/v1/customers/{customer.pk}/overview/").json()
    assert [t["key"] for t in data["tabs"]] == ["visits", "consultations", "complaints", "assessments", "timeline"]
    for n in range(30):
        services.set_tags(customer, tags=[], operator=clerk)
        Visit.objects.create(customer=customer, kind="return")
        Consultation.objects.create(customer=customer, consultant=clerk)
        services.update_customer(customer, operator=clerk, notes=f"第{n}次")
    with CaptureQueriesContext(connection) as long:
        data = client.get(f"/api/v1/customers/{customer.pk}/overview/").json()
    assert len(long) == len(short)
    assert {t["key"]: t["count"] for t in data["tabs"]}["consultations"] == 30
    assert len(data["recent_events"]) == 10


def test_timeline_hides_events_of_modules_the_user_cannot_see(clerk, make_staff, client_for):
    customer = services.create_customer(operator=clerk, name="周八", phone="13500135000")
    from yimei.customers.timeline import record_event

    record_event(customer, type="consultation.recorded", summary="咨询：热玛吉", actor=clerk)
    viewer = make_staff(["customers.customer.view"], scopes=ALL)
    types = [e["type"] for e in client_for(viewer).get(f"/api/v1/customers/{customer.pk}/events/").json()["results"]]
    assert types == ["customer.created"]
    reader = make_staff(["customers.customer.view", "customers.consultation.view"], scopes=ALL)
    events = client_for(reader).get(f"/api/v1/customers/{customer.pk}/events/").json()["results"]
    assert [e["type"] for e in events] == ["consultation.recorded", "customer.created"]
    assert events[0]["type_display"] == "咨询"


def test_consent_withdrawal_is_recorded(clerk, client_for):
    client = client_for(clerk)
    customer_id = create(client, marketing_consent=True).json()["id"]
    response = client.post(f"/api/v1/customers/{customer_id}/consent/",
                           {"kind": "marketing", "granted": False, "source": "wechat", "note": "回复 R"}, format="json")
    assert response.status_code == 200 and response.json()["marketing_consent"] is False
    history = client.get(f"/api/v1/customers/{customer_id}/consents/").json()
    assert [(c["granted"], c["source"]) for c in history] == [(False, "wechat"), (True, "counter")]


# --- bulk work and merge ----------------------------------------------------------------------------


def test_bulk_tag_and_reassign(make_staff, client_for, tags, org):
    director = make_staff([*FILE, "customers.customer.bulk_tag", "customers.customer.reassign"],
                          scopes={"customers": "department_and_below"}, unit=org["dept_a"])
    consultant = make_staff(unit=org["team_a2"])
    outsider = make_staff(unit=org["team_b1"])
    ids = [services.create_customer(operator=director, name=f"批量{n}", phone=f"1370000000{n}").pk for n in range(3)]
    client = client_for(director)
    response = client.post("/api/v1/customers/bulk-tag/", {"ids": ids, "add": [tags[0].pk]}, format="json")
    assert response.json() == {"count": 3}
    assert client.post("/api/v1/customers/bulk-tag/", {"ids": ids, "add": [tags[0].pk]},
                       format="json").json() == {"count": 0}
    assert CustomerTag.objects.filter(tag=tags[0]).count() == 3
    response = client.post("/api/v1/customers/reassign/", {"ids": ids, "consultant": consultant.pk}, format="json")
    assert response.json() == {"count": 3}
    assert set(Customer.objects.values_list("consultant_id", flat=True)) == {consultant.pk}
    response = client.post("/api/v1/customers/reassign/", {"ids": ids, "consultant": outsider.pk}, format="json")
    assert response.status_code == 400 and "consultant" in response.json()["fields"]
    response = client.post("/api/v1/customers/bulk-tag/", {"ids": [*ids, 999999], "remove": [tags[0].pk]},
                           format="json")
    assert response.status_code == 400 and CustomerTag.objects.filter(tag=tags[0]).count() == 3
    assert OperationLog.objects.filter(action="bulk_tag", result="success").count() == 2


def test_bulk_actions_need_their_permission(clerk, client_for):
    customer = services.create_customer(operator=clerk, name="甲", phone="13700000001")
    assert client_for(clerk).post("/api/v1/customers/reassign/", {"ids": [customer.pk], "consultant": None},
                                  format="json").status_code == 403


def test_merge_moves_every_related_row(make_staff, client_for, tags):
    director = make_staff([*FILE, "customers.customer.merge"], scopes=ALL)
    target = services.create_customer(operator=director, name="钱九", phone="13300133000", tags=tags[:1])
    source = services.create_customer(operator=director, name="钱九", phone="13300133001", tags=tags[:2],
                                      id_number=ID_MALE, card_number="C100")
    referred = services.create_customer(operator=director, name="孙十", phone="13300133002",
                                        referrer_customer=source)
    Visit.objects.create(customer=source, kind="first")
    Consultation.objects.create(customer=source, consultant=director)
    Customer.objects.filter(pk=source.pk).update(cumulative_spend_amount=Decimal("1200.50"), visit_count=1)
    source_events = CustomerEvent.objects.filter(customer=source).count()
    response = client_for(director).post(f"/api/v1/customers/{target.pk}/merge/", {"source": source.pk},
                                         format="json")
    assert response.status_code == 200, response.content
    target.refresh_from_db()
    source.refresh_from_db()
    assert source.merged_into_id == target.pk and not source.is_active
    assert Visit.objects.get().customer_id == target.pk and Consultation.objects.get().customer_id == target.pk
    assert Customer.objects.get(pk=referred.pk).referrer_customer_id == target.pk
    assert set(CustomerTag.objects.filter(customer=target).values_list("tag_id", flat=True)) == {t.pk for t in tags[:2]}
    assert not CustomerTag.objects.filter(customer=source).exists()
    assert target.id_number == ID_MALE and target.card_number == "C100"
    assert target.cumulative_spend_amount == Decimal("1200.50") and target.visit_count == 1
    assert CustomerEvent.objects.filter(customer=target).count() >= source_events + 2
    # The merged file no longer blocks its phone, nor shows in lists.
    assert client_for(director).get("/api/v1/customers/", {"search": "13300133001"}).json()["count"] == 0
    assert services.create_customer(operator=director, name="新", phone="13300133001").pk
    again = client_for(director).post(f"/api/v1/customers/{target.pk}/merge/", {"source": source.pk}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "merged"


def test_merge_refused_without_permission_or_into_itself(clerk, make_staff, client_for):
    customer = services.create_customer(operator=clerk, name="甲", phone="13700000001")
    assert client_for(clerk).post(f"/api/v1/customers/{customer.pk}/merge/", {"source": customer.pk},
                                  format="json").status_code == 403
    director = make_staff([*FILE, "customers.customer.merge"], scopes=ALL)
    response = client_for(director).post(f"/api/v1/customers/{customer.pk}/merge/", {"source": customer.pk},
                                         format="json")
    assert response.status_code == 400 and "自己" in response.json()["message"]


# --- tiers ----------------------------------------------------------------------------------------


def test_tier_follows_spend(clerk):
    silver = MembershipTier.objects.create(name="银卡", threshold_amount=Decimal("5000"), sort=1,
                                           discount_rate=Decimal("0.98"))
    gold = MembershipTier.objects.create(name="金卡", threshold_amount=Decimal("20000"), sort=2,
                                         discount_rate=Decimal("0.95"))
    customer = services.create_customer(operator=clerk, name="吴一", phone="13100131000")
    assert customer.tier is None
    customer = services.add_spend(customer, amount=Decimal("6000"), operator=clerk)
    assert customer.tier == silver
    customer = services.add_spend(customer, amount=Decimal("15000"), operator=clerk)
    assert customer.tier == gold
    customer = services.add_spend(customer, amount=Decimal("-10000"), operator=clerk)
    assert customer.tier == silver
    assert CustomerEvent.objects.filter(customer=customer, type="customer.tier_changed").count() == 3
    with pytest.raises(Exception, match="不能为负数"):
        services.add_spend(customer, amount=Decimal("-99999"), operator=clerk)


def test_reference_lists_need_manage_to_change(clerk, make_staff, client_for):
    reader = make_staff(["customers.settings.view"], scopes={"customers": "own"})
    assert len(client_for(reader).get("/api/v1/source-channels/").json()) >= 7
    assert client_for(reader).post("/api/v1/source-channels/", {"name": "快手"}, format="json").status_code == 403
    manager = make_staff(["customers.settings.view", "customers.settings.manage"], scopes=ALL)
    client = client_for(manager)
    assert client.post("/api/v1/source-channels/", {"name": "快手"}, format="json").status_code == 201
    duplicate = client.post("/api/v1/source-channels/", {"name": "快手"}, format="json")
    assert duplicate.status_code == 400 and duplicate.json()["fields"]["name"] == ["已有同名的来源渠道。"]
    used = SourceChannel.objects.get(name="美团")
    services.create_customer(operator=clerk, name="甲", phone="13700000001", source=used)
    response = client.delete(f"/api/v1/source-channels/{used.pk}/")
    assert response.status_code == 400 and "停用" in response.json()["message"]
    bad_tier = client.post("/api/v1/membership-tiers/", {"name": "钻石", "basis": "spend", "discount_rate": "1.5"},
                           format="json")
    assert bad_tier.status_code == 400 and "discount_rate" in bad_tier.json()["fields"]


def test_saved_filters_and_columns_are_per_user(clerk, make_staff, client_for):
    client = client_for(clerk)
    saved = client.post("/api/v1/saved-filters/", {"page": "customers", "name": "美团新客",
                                                   "params": {"source": "3"}}, format="json")
    assert saved.status_code == 201
    assert len(client.get("/api/v1/saved-filters/?page=customers").json()) == 1
    other = client_for(make_staff())
    assert other.get("/api/v1/saved-filters/?page=customers").json() == []
    assert other.delete(f"/api/v1/saved-filters/{saved.json()['id']}/").status_code == 404
    columns = [{"key": "name", "visible": True}, {"key": "phone", "visible": False}]
    assert client.put("/api/v1/table-preferences/", {"page": "customers", "columns": columns},
                      format="json").status_code == 200
    assert client.get("/api/v1/table-preferences/?page=customers").json()["columns"] == columns
    assert other.get("/api/v1/table-preferences/?page=customers").json()["columns"] == []
    bad = client.put("/api/v1/table-preferences/", {"page": "customers", "columns": [{"key": "a"}, {"key": "a"}]},
                     format="json")
    assert bad.status_code == 400


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_of_one_phone_make_one_file(concurrent_db, make_staff):
    """Two receptionists register the same walk-in at the same moment: one file, one clear error."""
    import threading

    from django.db import close_old_connections

    from yimei.core.errors import BusinessError

    clerk = make_staff(FILE, scopes=ALL)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def register(n: int) -> None:
        try:
            barrier.wait()
            services.create_customer(operator=clerk, name=f"并发{n}", phone="13812345678")
            outcomes.append("created")
        except BusinessError as error:
            outcomes.append(error.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "duplicate_phone", "duplicate_phone", "duplicate_phone"]
    assert Customer.objects.count() == 1


def test_a_tag_disabled_later_may_stay_but_not_be_given(clerk, tags):
    customer = services.create_customer(operator=clerk, name="郑一", phone="13100000001", tags=tags[:1])
    Tag.objects.filter(pk=tags[0].pk).update(is_active=False)
    services.set_tags(customer, tags=[Tag.objects.get(pk=tags[0].pk), tags[1]], operator=clerk)
    assert set(customer.customer_tags.values_list("tag_id", flat=True)) == {tags[0].pk, tags[1].pk}
    other = services.create_customer(operator=clerk, name="郑二", phone="13100000002")
    with pytest.raises(Exception, match="标签已停用"):
        services.set_tags(other, tags=[Tag.objects.get(pk=tags[0].pk)], operator=clerk)


def test_list_counts_stop_at_the_cap(clerk, client_for, monkeypatch):
    from yimei.core import pagination

    monkeypatch.setattr(pagination.CappedPaginator, "cap", 3)
    for n in range(5):
        services.create_customer(operator=clerk, name=f"张{n}", phone=f"1390000000{n}")
    client = client_for(clerk)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/customers/", {"page_size": 2, "search": "zhang"}).json()
    assert (body["count"], body["count_capped"], len(body["results"])) == (3, True, 2)
    count_sql = next(q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"])
    assert "LIMIT 4" in count_sql and "JOIN" not in count_sql
    assert client.get("/api/v1/customers/", {"page_size": 2, "page": 3}).status_code == 404
    body = client.get("/api/v1/customers/", {"search": "张1"}).json()
    assert (body["count"], body["count_capped"]) == (1, False)


def test_created_range_is_local_days(clerk, client_for):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    late = services.create_customer(operator=clerk, name="晚建档", phone="13100000011")
    # 23:30 in Chengdu is still that local day, though it is 15:30 UTC.
    evening = datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    Customer.objects.filter(pk=late.pk).update(created_at=evening)
    client = client_for(clerk)
    query = {"created_after": "2026-03-01", "created_before": "2026-03-01"}
    assert [r["id"] for r in client.get("/api/v1/customers/", query).json()["results"]] == [late.pk]
    assert client.get("/api/v1/customers/", {"created_after": "2026-03-02", "created_before": "2026-03-05"}
                      ).json()["count"] == 0
    assert client.get("/api/v1/customers/", {"created_before": "2026-02-28"}).json()["count"] == 0



def test_a_date_range_without_an_order_lists_by_that_date(clerk, client_for):
    from datetime import date

    for n, day in enumerate([date(2026, 5, 1), date(2026, 7, 1), date(2026, 6, 1)]):
        customer = services.create_customer(operator=clerk, name=f"到院{n}", phone=f"1310000010{n}")
        Customer.objects.filter(pk=customer.pk).update(last_visit_on=day)
    client = client_for(clerk)
    rows = client.get("/api/v1/customers/", {"last_visit_after": "2026-01-01"}).json()["results"]
    assert [r["last_visit_on"] for r in rows] == ["2026-07-01", "2026-06-01", "2026-05-01"]
    rows = client.get("/api/v1/customers/", {"last_visit_after": "2026-01-01", "ordering": "id"}).json()["results"]
    assert [r["name"] for r in rows] == ["到院0", "到院1", "到院2"]
