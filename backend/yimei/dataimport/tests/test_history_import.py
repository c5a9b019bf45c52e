"""Importing visits, consultations and tags: keyed on legacy ids, events in the timeline, idempotent."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from yimei.customers.models import Consultation, Customer, CustomerEvent, Tag, TagCategory, Visit
from yimei.dataimport.models import LegacyKey
from yimei.dataimport.tests.conftest import csv_bytes, upload, xlsx_bytes


@pytest.fixture
def imported_customers(importer, consultants, client_for):
    rows = [["原系统编号", "姓名", "手机号"], ["C1", "张三", "13800000001"], ["C2", "李四", "13800000002"]]
    client = client_for(importer)
    job = upload(client, csv_bytes(rows)).json()
    client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json")
    return {c.legacy_id: c for c in Customer.objects.all()}


VISIT_HEADERS = ["原系统编号", "客户原系统编号", "到院时间", "到访类型", "接诊咨询(工号)", "医生(工号)", "到院目的",
                 "是否成交",
                 "离院时间", "备注"]


def test_visits_import_figures_events_and_idempotence(importer, consultants, client_for, imported_customers):
    client = client_for(importer)
    left = consultants["left"].staff_number  # history may name staff who have left
    rows = [
        VISIT_HEADERS,
        ["V1", "C1", "2022-01-05 10:00", "", consultants["active"].staff_number, "", "咨询光子", "否", "", ""],
        ["V2", "C1", "2023-06-01 14:30", "", left, "", "", "是", "2023-06-01 16:00", "复查"],
        ["V3", "C2", date(2023, 2, 1), "复查", "", "", "", "", "", ""],
    ]
    job = upload(client, xlsx_bytes(rows), name="到访.xlsx", kind="visits").json()
    assert job["status"] == "validated", job
    job = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").json()
    assert job["status"] == "done" and job["created_count"] == 3, job
    first, second = Visit.objects.filter(customer=imported_customers["C1"]).order_by("arrived_at")
    assert first.kind == "first" and second.kind == "return"  # blank types worked out from history
    assert second.status == "left" and second.has_deal and second.consultant == consultants["left"]
    assert Visit.objects.get(customer=imported_customers["C2"]).kind == "recheck"
    c1 = Customer.objects.get(legacy_id="C1")
    assert (c1.visit_count, c1.first_visit_on, c1.last_visit_on) == (2, date(2022, 1, 5), date(2023, 6, 1))
    events = CustomerEvent.objects.filter(customer=c1, type="visit.arrived").order_by("occurred_at")
    assert [timezone.localtime(e.occurred_at).date() for e in events] == [date(2022, 1, 5), date(2023, 6, 1)]
    assert LegacyKey.objects.filter(kind="visits").count() == 3

    before = (Visit.objects.count(), CustomerEvent.objects.count(), list(Visit.objects.values().order_by("pk")))
    job = upload(client, xlsx_bytes(rows), name="到访.xlsx", kind="visits").json()
    assert job["summary"]["unchanged"] == 3
    job = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").json()
    assert job["unchanged_count"] == 3
    assert before == (Visit.objects.count(), CustomerEvent.objects.count(), list(Visit.objects.values().order_by("pk")))


def test_visit_errors(importer, consultants, client_for, imported_customers):
    client = client_for(importer)
    rows = [
        VISIT_HEADERS,
        ["V1", "NOPE", "2022-01-05 10:00", "", "", "", "", "", "", ""],
        ["V2", "C1", "2099-01-01 10:00", "", "", "", "", "", "", ""],
        ["V3", "C1", "昨天", "初次", "X999", "", "", "也许", "", ""],
        ["V3", "C1", "2022-01-05 10:00", "", "", "", "", "", "2022-01-05 09:00", ""],
    ]
    job = upload(client, csv_bytes(rows), kind="visits").json()
    assert job["status"] == "invalid" and job["error_rows"] == 4
    groups = {(g["column"], g["message"]) for g in job["summary"]["error_groups"]}
    assert ("客户原系统编号", "客户不存在") in groups
    assert ("到院时间", "到院时间不能晚于现在。") in groups
    assert ("接诊咨询(工号)", "员工工号不存在") in groups
    assert ("原系统编号", "原系统编号在文件中重复") in groups
    assert ("离院时间", "离院时间早于到院时间。") in groups
    assert Visit.objects.count() == 0


def test_consultations_import(importer, consultants, client_for, imported_customers):
    client = client_for(importer)
    visits = [VISIT_HEADERS, ["V1", "C1", "2022-01-05 10:00", "初诊", "", "", "", "", "", ""]]
    job = upload(client, csv_bytes(visits), kind="visits").json()
    client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json")
    number = consultants["active"].staff_number
    rows = [
        ["原系统编号", "客户原系统编号", "咨询时间", "咨询师(工号)", "咨询方式", "咨询内容", "意向项目", "咨询结果",
         "未成交原因",
         "下次联系日期", "到访原系统编号"],
        ["Z1", "C1", "2022-01-05 10:30", number, "现场", "面部色斑", "光子嫩肤;水光针", "未成交", "价格原因",
         "2022-01-12",
         "V1"],
        ["Z2", "C2", "2022-02-01", number, "电话咨询", "", "", "成交", "", "", ""],
    ]
    job = upload(client, csv_bytes(rows), kind="consultations").json()
    assert job["status"] == "validated", job
    job = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").json()
    assert job["created_count"] == 2
    z1 = Consultation.objects.get(customer__legacy_id="C1")
    assert z1.interested_items == ["光子嫩肤", "水光针"] and z1.outcome == "no_deal" and z1.no_deal_reason == "price"
    assert z1.visit.customer_id == z1.customer_id and z1.next_contact_on == date(2022, 1, 12)
    assert z1.org_unit_id == consultants["active"].org_unit_id
    assert CustomerEvent.objects.filter(type="consultation.recorded").count() == 2

    bad = [rows[0], ["Z3", "C2", "2022-02-01", "", "", "", "", "", "", "", "V1"]]
    job = upload(client, csv_bytes(bad), kind="consultations").json()
    messages = " ".join(g["message"] for g in job["summary"]["error_groups"])
    assert "必填项为空" in messages and "到访记录属于另一位客户" in messages

    # Re-running changes nothing; a changed row updates.
    rows[2][5] = "补充内容"
    job = upload(client, csv_bytes(rows), kind="consultations").json()
    job = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").json()
    assert (job["created_count"], job["updated_count"], job["unchanged_count"]) == (0, 1, 1)
    assert Consultation.objects.get(customer__legacy_id="C2").content == "补充内容"


def test_visits_of_merged_customers_go_to_the_file_kept(importer, consultants, client_for, imported_customers):
    from yimei.customers.services import merge_customers

    merge_customers(source=imported_customers["C2"], target=imported_customers["C1"], operator=importer)
    client = client_for(importer)
    job = upload(client, csv_bytes([VISIT_HEADERS, ["V9", "C2", "2022-01-05 10:00", "", "", "", "", "", "", ""]]),
                 kind="visits").json()
    client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json")
    assert Visit.objects.get().customer_id == imported_customers["C1"].pk


def test_tags_import(importer, client_for):
    client = client_for(importer)
    skin = TagCategory.objects.create(name="皮肤类型")
    Tag.objects.create(category=skin, name="敏感肌")
    rows = [["分类", "标签", "颜色"], ["皮肤类型", "敏感肌", "red"], ["皮肤类型", "油性", ""],
            ["消费偏好", "价格敏感", ""], ["消费偏好", "价格敏感", ""]]
    job = upload(client, csv_bytes(rows), kind="tags").json()
    assert job["status"] == "invalid" and job["error_rows"] == 1
    job = client.post(f"/api/v1/imports/{job['id']}/run/", {"skip_invalid": True}, format="json").json()
    assert (job["created_count"], job["updated_count"]) == (2, 1)
    assert Tag.objects.get(name="敏感肌").color == "red"
    assert set(Tag.objects.values_list("category__name", "name")) == {
        ("皮肤类型", "敏感肌"), ("皮肤类型", "油性"), ("消费偏好", "价格敏感")}
    job = upload(client, csv_bytes(rows[:4]), kind="tags").json()
    assert job["summary"]["unchanged"] == 3
