"""Consultations, assessment forms and assessments, complaints: rules, scope, errors, events."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yimei.core.errors import BusinessError
from yimei.customers import records, services, visits
from yimei.customers.choices import ComplaintStatus
from yimei.customers.models import Assessment, AssessmentForm, Complaint, Consultation, Customer, CustomerEvent

ALL = {"customers": "all"}
CONSULT = ["customers.customer.view", "customers.consultation.view", "customers.consultation.add",
           "customers.consultation.change"]
ASSESS = ["customers.customer.view", "customers.assessment.view", "customers.assessment.add",
          "customers.assessment.change"]
COMPLAIN = ["customers.customer.view", "customers.complaint.view", "customers.complaint.add",
            "customers.complaint.handle"]
_phones = itertools.count(13600000001)

SKIN_FORM = [
    {"key": "skin_type", "label": "皮肤类型", "type": "single", "options": ["干性", "油性", "混合性"],
     "required": True},
    {"key": "problems", "label": "皮肤问题", "type": "multi", "options": ["色斑", "痘痘", "毛孔粗大", "敏感"]},
    {"key": "age_look", "label": "视觉年龄", "type": "number"},
    {"key": "last_treatment", "label": "上次治疗日期", "type": "date"},
    {"key": "remark", "label": "备注", "type": "textarea"},
]


@pytest.fixture
def admin(make_staff, org):
    """Holds every code of the customer file with scope all."""
    return make_staff([*CONSULT, *ASSESS, *COMPLAIN, "customers.visit.view", "customers.visit.add",
                       "customers.settings.view", "customers.settings.manage"], unit=org["team_a1"], scopes=ALL)


@pytest.fixture
def new_customer(admin):
    def make(name: str = "陈静") -> Customer:
        return services.create_customer(operator=admin, name=name, phone=str(next(_phones)))

    return make


def counts() -> tuple[int, ...]:
    return (Consultation.objects.count(), Assessment.objects.count(), Complaint.objects.count(),
            AssessmentForm.objects.count(), CustomerEvent.objects.count())


# --- consultations ----------------------------------------------------------------------------------


def test_record_consultation_writes_the_record_and_an_event(admin, make_staff, org, new_customer, client_for):
    consultant = make_staff(unit=org["team_a2"])
    customer = new_customer()
    visit = visits.check_in(customer, operator=admin)
    response = client_for(admin).post("/api/v1/consultations/", {
        "customer": customer.pk, "visit": visit.pk, "consultant": consultant.pk, "content": "想改善肤色和色斑",
        "interested_items": ["光子嫩肤", " 皮秒 ", "光子嫩肤", ""], "outcome": "no_deal", "no_deal_reason": "price",
        "next_step": "发送活动价", "next_contact_on": str(visits.local_date(timezone.now()) + timedelta(days=3)),
    }, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["interested_items"] == ["光子嫩肤", "皮秒"]
    assert data["outcome_display"] == "未成交" and data["no_deal_reason_display"] == "价格原因"
    assert data["consultant"] == {"id": consultant.pk, "name": consultant.name}
    assert data["customer"]["phone"] == f"{customer.phone[:3]}****{customer.phone[-4:]}"
    event = CustomerEvent.objects.get(customer=customer, type="consultation.recorded")
    assert "光子嫩肤、皮秒" in event.summary and "未成交（价格原因）" in event.summary
    assert event.source_id == str(data["id"])
    visit.refresh_from_db()
    assert not visit.has_deal  # a deal is a paid order: the sales module's business


def test_consultation_rules(admin, make_staff, org, new_customer):
    consultant = make_staff(unit=org["team_a1"])
    customer, stranger = new_customer(), new_customer(name="路人")
    base = {"operator": admin, "consultant": consultant, "content": "咨询"}
    cases = [
        ({"outcome": "no_deal"}, "no_deal_reason"),
        ({"outcome": "no_deal", "no_deal_reason": "other"}, "no_deal_note"),
        ({"outcome": "no_deal", "no_deal_reason": "bogus"}, "no_deal_reason"),
        ({"visit": visits.check_in(stranger, operator=admin)}, "visit"),
        ({"content": "", "interested_items": []}, "content"),
        ({"kind": "telepathy"}, "kind"),
        ({"consulted_at": timezone.now() + timedelta(days=1)}, "consulted_at"),
        ({"next_contact_on": visits.local_date(timezone.now()) - timedelta(days=1)}, "next_contact_on"),
        ({"interested_items": ["x" * 51]}, "interested_items"),
    ]
    before = counts()
    for extra, field in cases:
        with pytest.raises(BusinessError) as error:
            records.record_consultation(customer, **{**base, **extra})
        assert field in error.value.fields, (extra, error.value.fields)
    assert counts() == before
    deal = records.record_consultation(customer, **base, outcome="deal", no_deal_reason="price", no_deal_note="x")
    assert deal.no_deal_reason == "" and deal.no_deal_note == ""  # cleared when there was a deal


def test_consultation_update(admin, make_staff, org, new_customer, client_for):
    consultant = make_staff(unit=org["team_a1"])
    customer = new_customer()
    consultation = records.record_consultation(customer, operator=admin, consultant=consultant, content="初次咨询")
    client = client_for(admin)
    url = f"/api/v1/consultations/{consultation.pk}/"
    body = client.patch(url, {"outcome": "no_deal"}, format="json").json()
    assert body["fields"] == {"no_deal_reason": ["未成交须选择原因。"]}
    consultation.refresh_from_db()
    assert consultation.outcome == "pending"
    response = client.patch(url, {"outcome": "no_deal", "no_deal_reason": "thinking"}, format="json")
    assert response.status_code == 200 and response.json()["outcome"] == "no_deal"
    assert response.json()["content"] == "初次咨询"  # untouched fields stay
    event = CustomerEvent.objects.get(customer=customer, type="consultation.updated")
    assert "结果" in event.summary and "未成交原因" in event.summary
    assert client.patch(url, {"consultant": 424242}, format="json").json()["fields"]["consultant"]


def test_a_consultant_with_own_scope_sees_only_their_consultations(make_staff, org, admin, new_customer,
                                                                   client_for):
    me = make_staff(CONSULT, unit=org["team_a1"], scopes={"customers": "own"})
    colleague = make_staff(unit=org["team_a1"])
    customer = new_customer()
    services.update_customer(customer, operator=admin, consultant=me)
    mine = records.record_consultation(customer, operator=admin, consultant=me, content="我的")
    theirs = records.record_consultation(customer, operator=admin, consultant=colleague, content="同事的")
    client = client_for(me)
    assert [row["id"] for row in client.get("/api/v1/consultations/").json()["results"]] == [mine.pk]
    assert client.get(f"/api/v1/consultations/{theirs.pk}/").status_code == 404
    assert client.patch(f"/api/v1/consultations/{theirs.pk}/", {"content": "改"}, format="json").status_code == 404
    # They may record for themselves, not for a colleague.
    response = client.post("/api/v1/consultations/", {"customer": customer.pk, "consultant": colleague.pk,
                                                      "content": "代写"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "out_of_scope"
    response = client.post("/api/v1/consultations/", {"customer": customer.pk, "consultant": me.pk,
                                                      "content": "本人"}, format="json")
    assert response.status_code == 201, response.content


def test_consultation_list_filters_and_query_count(admin, make_staff, org, new_customer, client_for):
    consultant = make_staff(unit=org["team_a1"])
    client = client_for(admin)

    def add(n: int) -> None:
        for _ in range(n):
            records.record_consultation(new_customer(), operator=admin, consultant=consultant, content="咨询",
                                        outcome="deal")

    add(1)
    client.get("/api/v1/consultations/")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/consultations/")
    add(9)
    with CaptureQueriesContext(connection) as ten:
        assert client.get("/api/v1/consultations/").json()["count"] == 10
    assert len(one) == len(ten)
    today = str(visits.local_date(timezone.now()))
    assert client.get("/api/v1/consultations/", {"outcome": "deal", "consulted_from": today}).json()["count"] == 10
    assert client.get("/api/v1/consultations/", {"outcome": "no_deal"}).json()["count"] == 0
    assert client.get("/api/v1/consultations/", {"consultant": consultant.pk}).json()["count"] == 10


# --- assessment forms -------------------------------------------------------------------------------


def test_form_definition_is_validated_per_item():
    with pytest.raises(BusinessError) as error:
        records.clean_form_fields([
            {"key": "Skin Type", "label": "皮肤类型", "type": "single", "options": ["干"]},
            {"key": "a", "label": "", "type": "single"},
            {"key": "a", "label": "重复", "type": "text", "options": ["x"]},
            {"key": "b", "label": "选项重复", "type": "multi", "options": ["x", "x"]},
            {"key": "c", "label": "类型", "type": "slider", "required": "yes", "colour": "red"},
            "not a field",
        ])
    fields = error.value.fields
    assert set(fields) == {"fields.0.key", "fields.1.label", "fields.1.options", "fields.2.key", "fields.2.options",
                           "fields.3.options", "fields.4.type", "fields.4.required", "fields.4", "fields.5"}
    assert fields["fields.2.key"] == ["第 3 个字段：标识“a”与前面的字段重复。"]
    assert error.value.message == "评估表字段定义有 10 处错误，请检查标红的项目。"
    with pytest.raises(BusinessError) as error:  # PostgreSQL's jsonb refuses NUL: it never gets that far
        records.clean_form_fields([{"key": "a", "label": "甲\x00", "type": "single", "options": ["\x00"]}])
    assert set(error.value.fields) == {"fields.0.label", "fields.0.options"}
    for bad in (None, [], {"key": "a"}):
        with pytest.raises(BusinessError):
            records.clean_form_fields(bad)
    cleaned = records.clean_form_fields([{"key": "a1", "label": " 甲 ", "type": "single", "options": [" x ", "y"]}])
    assert cleaned == [{"key": "a1", "label": "甲", "type": "single", "required": False, "options": ["x", "y"]}]


def test_form_api(admin, make_staff, org, new_customer, client_for):
    client = client_for(admin)
    response = client.post("/api/v1/assessment-forms/", {"name": "皮肤评估", "fields": SKIN_FORM}, format="json")
    assert response.status_code == 201, response.content
    form_id = response.json()["id"]
    assert response.json()["used_count"] == 0 and response.json()["fields"][0]["options"] == ["干性", "油性", "混合性"]
    body = client.post("/api/v1/assessment-forms/", {"name": "皮肤评估", "fields": SKIN_FORM}, format="json").json()
    assert body["fields"] == {"name": ["已有名为“皮肤评估”的评估表。"]}
    bad = [{"key": "x", "label": "x", "type": "multi"}]
    body = client.post("/api/v1/assessment-forms/", {"name": "坏表", "fields": bad}, format="json").json()
    assert body["code"] == "invalid"
    assert body["fields"] == {"fields.0.options": ["第 1 个字段：单选、多选字段须至少有一个选项。"]}

    # A doctor with "own" scope still sees the department's forms, and cannot change them.
    doctor = make_staff(ASSESS, unit=org["team_a2"], scopes={"customers": "own"})
    doctor_client = client_for(doctor)
    assert [f["id"] for f in doctor_client.get("/api/v1/assessment-forms/").json()] == [form_id]
    assert doctor_client.patch(f"/api/v1/assessment-forms/{form_id}/", {"name": "改"}, format="json").status_code == 403

    records.record_assessment(new_customer(), operator=admin, doctor=doctor, form=AssessmentForm.objects.get(
        pk=form_id), answers={"skin_type": "干性"})
    response = client.delete(f"/api/v1/assessment-forms/{form_id}/")
    assert response.status_code == 400 and response.json()["code"] == "protected"
    assert "1 条评估记录" in response.json()["message"] and "停用" in response.json()["message"]
    response = client.patch(f"/api/v1/assessment-forms/{form_id}/", {"is_active": False}, format="json")
    assert response.status_code == 200 and response.json()["used_count"] == 1
    unused = records.create_assessment_form(operator=admin, name="空表", fields=SKIN_FORM[:1])
    assert client.delete(f"/api/v1/assessment-forms/{unused.pk}/").status_code == 204


# --- assessments ------------------------------------------------------------------------------------


@pytest.fixture
def skin_form(admin):
    return records.create_assessment_form(operator=admin, name="皮肤评估", fields=SKIN_FORM)


def test_answers_are_checked_against_the_form(admin, skin_form, new_customer, client_for):
    customer = new_customer()
    client = client_for(admin)
    before = counts()
    response = client.post("/api/v1/assessments/", {
        "customer": customer.pk, "doctor": admin.pk, "form": skin_form.pk,
        "answers": {"problems": ["色斑", "皱纹"], "age_look": "三十", "last_treatment": "2026/05/01", "mood": "好",
                    "remark": 123},
    }, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body) == {"code", "message", "fields"}
    assert body["fields"] == {
        "answers.skin_type": ["请填写“皮肤类型”。"],
        "answers.problems": ["“皮肤问题”含不可选的项：皱纹。"],
        "answers.age_look": ["“视觉年龄”须为数字。"],
        "answers.last_treatment": ["“上次治疗日期”须为日期，格式如 2026-05-01。"],
        "answers.mood": ["评估表“皮肤评估”中没有“mood”这一项。"],
        "answers.remark": ["“备注”须为文字。"],
    }
    assert counts() == before

    response = client.post("/api/v1/assessments/", {
        "customer": customer.pk, "doctor": admin.pk, "form": skin_form.pk, "conclusion": "色斑为主",
        "answers": {"skin_type": "混合性", "problems": ["敏感", "色斑"], "age_look": "37.5",
                    "last_treatment": "2026-05-01", "remark": ""},
    }, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["answers"] == {"skin_type": "混合性", "problems": ["色斑", "敏感"], "age_look": 37.5,
                               "last_treatment": "2026-05-01"}
    assert data["form_name"] == "皮肤评估" and data["doctor"]["id"] == admin.pk
    event = CustomerEvent.objects.get(customer=customer, type="assessment.recorded")
    assert "皮肤评估" in event.summary and "色斑为主" in event.summary


def test_assessment_rules(admin, skin_form, new_customer):
    customer = new_customer()
    with pytest.raises(BusinessError) as error:
        records.record_assessment(customer, operator=admin, doctor=admin, answers={"skin_type": "干性"})
    assert "answers" in error.value.fields  # answers need a form
    with pytest.raises(BusinessError) as error:
        records.record_assessment(customer, operator=admin, doctor=admin)
    assert "conclusion" in error.value.fields
    with pytest.raises(BusinessError) as error:
        records.record_assessment(customer, operator=admin, doctor=admin, form=skin_form, answers=["干性"])
    assert "answers" in error.value.fields
    assessment = records.record_assessment(customer, operator=admin, doctor=admin, form=skin_form,
                                           answers={"skin_type": "干性"})
    records.update_assessment_form(skin_form, operator=admin, is_active=False)
    with pytest.raises(BusinessError, match="已停用"):
        records.record_assessment(customer, operator=admin, doctor=admin, form=skin_form,
                                  answers={"skin_type": "干性"})
    # An assessment already on a stopped form can still be edited.
    records.update_assessment(assessment, operator=admin, answers={"skin_type": "油性"}, plan="皮秒 3 次")
    assessment.refresh_from_db()
    assert assessment.answers == {"skin_type": "油性"} and assessment.plan == "皮秒 3 次"
    assert CustomerEvent.objects.filter(customer=customer, type="assessment.updated").count() == 1


def test_a_doctor_with_own_scope_sees_only_their_assessments(make_staff, org, admin, new_customer, client_for):
    doctor = make_staff(ASSESS, unit=org["team_a1"], scopes={"customers": "own"})
    colleague = make_staff(unit=org["team_a1"])
    customer = new_customer()
    services.update_customer(customer, operator=admin, consultant=doctor)
    mine = records.record_assessment(customer, operator=admin, doctor=doctor, conclusion="a")
    records.record_assessment(customer, operator=admin, doctor=colleague, conclusion="b")
    client = client_for(doctor)
    assert [row["id"] for row in client.get("/api/v1/assessments/").json()["results"]] == [mine.pk]
    response = client.post("/api/v1/assessments/", {"customer": customer.pk, "doctor": colleague.pk,
                                                    "conclusion": "c"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "out_of_scope"


# --- complaints -------------------------------------------------------------------------------------


def test_complaint_moves_through_its_statuses(admin, make_staff, org, new_customer, client_for):
    handler = make_staff(unit=org["team_a2"])
    customer = new_customer()
    client = client_for(admin)
    response = client.post("/api/v1/complaints/", {"customer": customer.pk, "category": "waiting", "channel": "phone",
                                                   "content": "等了一个小时", "handler": handler.pk}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "open" and data["category_display"] == "等待时间" and data["handler"]["id"] == handler.pk
    url = f"/api/v1/complaints/{data['id']}/handle/"

    def handle(**body):
        return client.post(url, body, format="json")

    assert handle(status="resolved", resolution="致歉").json()["code"] == "invalid_transition"
    assert handle(status="processing").json()["status"] == "processing"
    body = handle(status="resolved").json()
    assert body["code"] == "required" and body["fields"] == {"resolution": ["标记为已解决须填写处理结果。"]}
    resolved = handle(status="resolved", resolution="致歉并赠送一次皮肤清洁").json()
    assert resolved["status"] == "resolved" and resolved["resolved_at"]
    assert handle(status="processing").json()["code"] == "invalid_transition"
    assert handle(status="closed").json()["status_display"] == "已关闭"
    body = handle(status="closed", resolution="再改").json()
    assert body["code"] == "complaint_closed" and "已关闭" in body["message"]
    complaint = Complaint.objects.get(pk=data["id"])
    assert complaint.status == ComplaintStatus.CLOSED and complaint.resolution == "致歉并赠送一次皮肤清洁"
    summaries = list(CustomerEvent.objects.filter(customer=customer, type__startswith="complaint.")
                     .order_by("id").values_list("type", "summary"))
    assert [t for t, _ in summaries] == ["complaint.received", *["complaint.updated"] * 3]
    assert "待处理 → 处理中" in summaries[1][1] and "已解决 → 已关闭" in summaries[3][1]


def test_complaint_input_errors_write_nothing(admin, make_staff, org, new_customer, client_for):
    desk = make_staff(COMPLAIN, unit=org["team_a1"], scopes={"customers": "team"})
    outsider = make_staff(unit=org["team_b1"])
    customer = new_customer()
    client = client_for(desk)
    before = counts()
    for body, field in [
        ({"customer": customer.pk, "category": "service", "content": "x", "handler": outsider.pk}, "handler"),
        ({"customer": customer.pk, "category": "mood", "content": "x"}, "category"),
        ({"customer": customer.pk, "category": "service", "content": "  "}, "content"),
        ({"customer": customer.pk, "category": "service", "content": "x", "handler": "abc"}, "handler"),
        ({"category": "service", "content": "x"}, "customer"),
    ]:
        response = client.post("/api/v1/complaints/", body, format="json")
        assert response.status_code == 400, (body, response.content)
        error = response.json()
        assert error["message"] and field in error["fields"], error
    assert counts() == before
    response = client.post("/api/v1/complaints/", {"customer": 10**12, "category": "service", "content": "x"},
                           format="json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_complaint_scope(make_staff, org, admin, new_customer, client_for):
    handler = make_staff(COMPLAIN, unit=org["team_b1"], scopes={"customers": "own"})
    customer = new_customer()
    assigned = records.receive_complaint(customer, operator=admin, category="effect", channel="onsite",
                                         content="效果不明显", handler=handler)
    records.receive_complaint(customer, operator=admin, category="price", channel="onsite", content="太贵")
    client = client_for(handler)
    assert [row["id"] for row in client.get("/api/v1/complaints/").json()["results"]] == [assigned.pk]
    response = client.post(f"/api/v1/complaints/{assigned.pk}/handle/", {"status": "processing"}, format="json")
    assert response.status_code == 200, response.content
