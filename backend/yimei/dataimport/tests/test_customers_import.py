"""Importing customer files: encodings and formats, dry run, errors, idempotence, updates, masking."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from yimei.audit.models import ChangeLog
from yimei.core import crypto
from yimei.customers import services as customer_services
from yimei.customers.identity import check_character
from yimei.customers.models import Customer, CustomerEvent, CustomerTag, SourceChannel, Tag, TagCategory
from yimei.dataimport.columns import columns_of
from yimei.dataimport.models import ImportJob
from yimei.dataimport.tests.conftest import CUSTOMER_HEADERS, csv_bytes, upload, xlsx_bytes


def id_number(birthday: date, sequence: int) -> str:
    first = f"110105{birthday:%Y%m%d}{sequence:03d}"
    return first + check_character(first)


def customer_rows(consultants, count: int = 3) -> list[list]:
    rows = [CUSTOMER_HEADERS]
    for i in range(count):
        birthday = date(1985 + i, 3, 8)
        rows.append([f"OLD{i:04d}", ["张晓梅", "李娜", "王芳", "赵敏"][i % 4] + (str(i) if i > 3 else ""),
                     f"1390000{i:04d}", "女", birthday.isoformat(), id_number(birthday, 2 * i + 2), "美团",
                     consultants["active"].staff_number, consultants["online"].staff_number, f"VIP{i:04d}", "",
                     "青霉素" if i == 0 else "", f"备注{i}", "2019-03-08 10:20"])
    return rows


def report_rows(client, job_id: int) -> list[tuple]:
    response = client.get(f"/api/v1/imports/{job_id}/errors/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return list(book["错误明细"].iter_rows(min_row=2, values_only=True))


@pytest.fixture
def tags(db):
    skin = TagCategory.objects.create(name="皮肤类型")
    value = TagCategory.objects.create(name="价值")
    return {"敏感肌": Tag.objects.create(category=skin, name="敏感肌"),
            "VIP": Tag.objects.create(category=value, name="VIP")}


def test_utf8_csv_dry_run_then_import(importer, consultants, client_for, tags):
    client = client_for(importer)
    rows = customer_rows(consultants)
    rows[1][10] = "敏感肌;VIP"
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 201, response.json()
    job = response.json()
    assert job["status"] == "validated", job
    assert job["encoding"] == "UTF-8" and job["file_format"] == "csv"
    assert job["total_rows"] == 3 and job["error_rows"] == 0
    assert job["summary"]["would_create"] == 3
    # The dry run wrote nothing.
    assert Customer.objects.count() == 0 and CustomerEvent.objects.count() == 0

    response = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json")
    assert response.status_code == 200, response.json()
    job = response.json()
    assert job["status"] == "done" and job["created_count"] == 3 and job["progress"] == 100
    customer = Customer.objects.get(legacy_id="OLD0000")
    assert customer.name == "张晓梅" and customer.name_pinyin == "zhangxiaomei" and customer.name_initials == "zxm"
    assert customer.phone == "13900000000" and customer.phone_hash == crypto.blind_index("13900000000")
    assert customer.phone_last4 == "0000" and customer.id_number_last4 == customer.id_number[-4:]
    assert customer.id_number_hash == crypto.blind_index(customer.id_number)
    assert customer.gender == "female" and customer.birthday == date(1985, 3, 8)
    assert customer.source.name == "美团" and customer.consultant == consultants["active"]
    assert customer.online_consultant == consultants["online"]
    assert customer.org_unit_id == consultants["active"].org_unit_id
    assert customer.allergies == "青霉素" and customer.card_number == "VIP0000"
    assert customer.created_by == importer
    assert customer.created_at.astimezone().strftime("%Y-%m-%d") == "2019-03-08"
    assert set(customer.tags.values_list("name", flat=True)) == {"敏感肌", "VIP"}
    event = CustomerEvent.objects.get(customer=customer)
    assert event.type == "customer.imported" and event.actor == importer
    # The raw column holds no plain phone; the change log masks it.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM customers_customer WHERE id = %s", [customer.pk])
        assert "13900000000" not in cursor.fetchone()[0]
    log = ChangeLog.objects.get(object_type="customers.customer", object_id=str(customer.pk))
    assert log.after["phone"] == "139****0000" and log.operator == importer
    # The uploaded file (personal data) is not kept after the import.
    assert ImportJob.objects.get(pk=job["id"]).stored_file == ""


def test_gbk_csv_is_read(importer, consultants, client_for):
    client = client_for(importer)
    response = upload(client, csv_bytes(customer_rows(consultants), encoding="gbk"), name="老系统导出.csv")
    job = response.json()
    assert job["status"] == "validated", job
    assert job["encoding"] == "GBK/GB18030"
    client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json")
    assert set(Customer.objects.values_list("name", flat=True)) == {"张晓梅", "李娜", "王芳"}


def test_utf8_bom_csv_and_semicolon_or_tab_delimiters(importer, consultants, client_for):
    client = client_for(importer)
    content = b"\xef\xbb\xbf" + csv_bytes(customer_rows(consultants), delimiter="\t")
    job = upload(client, content, name="export.txt").json()
    assert job["status"] == "validated", job
    assert job["encoding"] == "UTF-8（带 BOM）"
    assert job["summary"]["mapping"]["legacy_id"] == "原系统编号"  # the BOM is not part of the first header


def test_mixed_utf8_and_gbk_lines(importer, consultants, client_for):
    rows = customer_rows(consultants)
    head = csv_bytes(rows[:2])
    tail = csv_bytes(rows[2:], encoding="gbk")
    job = upload(client_for(importer), head + tail).json()
    assert job["status"] == "validated", job
    assert job["encoding"] == "UTF-8 与 GBK 混合"
    assert job["total_rows"] == 3


def test_xlsx_with_dates_numbers_and_sparse_cells(importer, consultants, client_for):
    rows = customer_rows(consultants)
    rows[1][4] = date(1985, 3, 8)  # a real Excel date
    rows[1][2] = 13900000000  # phone stored as a number
    rows[2][12] = None  # an empty cell
    job = upload(client_for(importer), xlsx_bytes(rows), name="客户.xlsx").json()
    assert job["status"] == "validated", job
    assert job["file_format"] == "xlsx"


def test_html_table_saved_as_xls(importer, consultants, client_for):
    rows = customer_rows(consultants, 2)
    html = "<html><body><table>" + "".join(
        "<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in rows) + "</table></body></html>"
    job = upload(client_for(importer), html.encode("gbk"), name="客户资料.xls").json()
    assert job["status"] == "validated", job
    assert job["file_format"] == "html" and job["total_rows"] == 2


def test_old_xls_and_garbage_are_refused_clearly(importer, client_for):
    client = client_for(importer)
    response = upload(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, name="old.xls")
    assert response.status_code == 400
    assert "另存为" in response.json()["message"]
    response = upload(client, b"PK\x03\x04garbage", name="broken.xlsx")
    assert response.status_code == 400 and "无法读取" in response.json()["message"]
    assert ImportJob.objects.count() == 0


def test_wrong_columns_get_a_clear_chinese_error(importer, client_for):
    client = client_for(importer)
    response = upload(client, csv_bytes([["客户", "电话号码", "地址"], ["张三", "13800138000", "北京"]]))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "wrong_columns"
    assert "文件缺少必填列：原系统编号、姓名、手机号" in body["message"]
    assert "“客户”、“电话号码”、“地址”" in body["message"]
    assert ImportJob.objects.count() == 0

    # Mapping the columns explicitly makes the same file acceptable (as far as columns go).
    response = upload(client, csv_bytes([["编号X", "客户", "电话号码"], ["A1", "张三", "13800138000"]]),
                      mapping={"legacy_id": "编号X", "name": "客户", "phone": "电话号码"})
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "validated"

    # A mapping naming a column the file does not have.
    response = upload(client, csv_bytes([["原系统编号", "姓名", "手机号"], ["A2", "李四", "13800138001"]]),
                      mapping={"phone": "手机"})
    assert response.status_code == 400 and "“手机”（手机号）" in response.json()["message"]


def test_bad_rows_are_reported_and_nothing_is_written(importer, consultants, client_for):
    client = client_for(importer)
    existing = customer_services.create_customer(operator=importer, name="老客户", phone="13700000001")
    rows = customer_rows(consultants, 4)
    birthday = date(1990, 1, 1)
    good_id = id_number(birthday, 12)
    rows += [
        ["B1", "坏手机", "12345", "", "", "", "", "", "", "", "", "", "", ""],
        ["B2", "坏校验位", "13911110002", "", "", good_id[:-1] + ("0" if good_id[-1] != "0" else "1"), "", "", "", "",
         "", "", "", ""],
        ["B3", "生日不符", "13911110003", "", "1990-01-02", good_id, "", "", "", "", "", "", "", ""],
        ["B4", "文件内重复", "13900000001", "", "", "", "", "", "", "", "", "", "", ""],
        ["B5", "库内重复", "+86 137 0000 0001", "", "", "", "", "", "", "", "", "", "", ""],
        ["B6", "工号不存在", "13911110006", "", "", "", "", "NOBODY", "", "", "", "", "", ""],
        ["B7", "已离职", "13911110007", "", "", "", "", consultants["left"].staff_number, "", "", "", "", "", ""],
        ["B8", "来源未知", "13911110008", "", "", "", "大众点评", "", "", "", "", "", "", ""],
        ["B9", "标签未知", "13911110009", "", "", "", "", "", "", "", "不存在的标签", "", "", ""],
        ["", "", "13911110010", "男", "1990-13-01", "", "", "", "", "", "", "", "", ""],
    ]
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 201
    job = response.json()
    assert job["status"] == "invalid"
    assert job["total_rows"] == 14 and job["error_rows"] == 10 and job["valid_rows"] == 4
    assert "10 行有错误" in job["message"]
    report = report_rows(client, job["id"])
    by_row: dict[int, list[tuple]] = {}
    for row in report:
        by_row.setdefault(row[0], []).append(row)
    messages = {row: " ".join(r[3] for r in lines) for row, lines in by_row.items()}
    assert "11 位手机号" in messages[6]
    assert "校验位" in messages[7]
    assert "生日与身份证号不一致" in messages[8]
    assert "与第 3 行重复" in messages[9]
    assert "该手机号已有客户档案：老客户（137****0001" in messages[10] and f"档案号 {existing.pk}" in messages[10]
    assert "工号“NOBODY”的员工不存在" in messages[11]
    assert "已停用" in messages[12]
    assert "来源渠道“大众点评”不存在" in messages[13]
    assert "标签不存在：不存在的标签" in messages[14]
    assert "请填写原系统编号" in messages[15] and "请填写姓名" in messages[15] and "日期" in messages[15]
    # Phones in the report are masked, including the invalid ones.
    phone_cells = [r[2] for r in report if r[1] == "手机号"]
    assert "137****0001" in phone_cells and all("****" in v or len(v) < 7 for v in phone_cells)
    assert not any("13700000001" in str(cell) for row in report for cell in row)
    groups = {g["message"]: g for g in job["summary"]["error_groups"]}
    assert groups["手机号已属于其他客户"]["rows"] == [10]

    # It cannot be imported as it is; nothing was written.
    response = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "has_errors"
    assert Customer.objects.count() == 1

    # Skipping the invalid rows imports the four good ones and nothing of the bad ones.
    response = client.post(f"/api/v1/imports/{job['id']}/run/", {"skip_invalid": True}, format="json")
    assert response.status_code == 200
    job = response.json()
    assert job["status"] == "done" and job["created_count"] == 4 and job["skipped_count"] == 10
    assert Customer.objects.count() == 5
    assert not Customer.objects.filter(legacy_id__startswith="B").exists()


def test_rerunning_the_same_file_changes_nothing_and_changes_update(importer, consultants, client_for, tags):
    client = client_for(importer)
    rows = customer_rows(consultants)
    rows[1][10] = "VIP"
    content = csv_bytes(rows)
    job = upload(client, content).json()
    client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json")
    snapshot = list(Customer.objects.order_by("pk").values())
    counts = (Customer.objects.count(), CustomerEvent.objects.count(), CustomerTag.objects.count(),
              ChangeLog.objects.filter(object_type="customers.customer").count())

    job = upload(client, content).json()
    assert job["status"] == "validated" and job["summary"]["unchanged"] == 3 and job["summary"]["would_create"] == 0
    job = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").json()
    assert job["status"] == "done" and job["unchanged_count"] == 3 and job["created_count"] == 0
    assert list(Customer.objects.order_by("pk").values()) == snapshot
    assert counts == (Customer.objects.count(), CustomerEvent.objects.count(), CustomerTag.objects.count(),
                      ChangeLog.objects.filter(object_type="customers.customer").count())

    # A corrected file updates what differs; blank cells clear nothing; tags are only added.
    rows[1][2] = "13911112222"
    rows[1][12] = "已更新的备注"
    rows[1][11] = ""
    rows[1][10] = "敏感肌"
    job = upload(client, csv_bytes(rows)).json()
    assert job["summary"]["would_update"] == 1 and job["summary"]["unchanged"] == 2
    job = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").json()
    assert job["updated_count"] == 1
    customer = Customer.objects.get(legacy_id="OLD0000")
    assert customer.phone == "13911112222" and customer.phone_hash == crypto.blind_index("13911112222")
    assert customer.phone_last4 == "2222" and customer.notes == "已更新的备注" and customer.allergies == "青霉素"
    assert set(customer.tags.values_list("name", flat=True)) == {"VIP", "敏感肌"}
    event = CustomerEvent.objects.filter(customer=customer).order_by("-id").first()
    assert event.summary.startswith("导入更新档案") and "手机号" in event.summary
    log = ChangeLog.objects.filter(object_type="customers.customer", object_id=str(customer.pk)).order_by("-id")[0]
    assert log.action == "update" and log.before["phone"] == "139****0000" and log.after["phone"] == "139****2222"


def test_create_missing_sources_and_tags(importer, consultants, client_for):
    client = client_for(importer)
    rows = customer_rows(consultants, 2)
    rows[1][6] = "大众点评"
    rows[1][10] = "新客;偏好/周末"
    job = upload(client, csv_bytes(rows), create_missing="true").json()
    assert job["status"] == "validated", job
    assert job["summary"]["missing_sources"] == ["大众点评"]
    assert job["summary"]["missing_tags"] == ["偏好/周末", "新客"]
    assert not SourceChannel.objects.filter(name="大众点评").exists()  # the dry run creates nothing
    job = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").json()
    assert job["status"] == "done", job
    customer = Customer.objects.get(legacy_id="OLD0000")
    assert customer.source.name == "大众点评"
    assert {(t.category.name, t.name) for t in customer.tags.all()} == {("导入标签", "新客"), ("偏好", "周末")}


def test_saved_template_mapping(importer, consultants, client_for):
    client = client_for(importer)
    response = client.post("/api/v1/import-templates/", {"name": "旧HIS", "kind": "customers",
                                                            "mapping": {"legacy_id": "会员ID", "phone": "电话"}},
                           format="json")
    assert response.status_code == 201, response.json()
    template = response.json()["id"]
    content = csv_bytes([["会员ID", "姓名", "电话"], ["H1", "周杰", "13800000001"]])
    job = upload(client, content, template=str(template)).json()
    assert job["status"] == "validated", job
    assert job["mapping"] == {"legacy_id": "会员ID", "phone": "电话"}
    assert job["summary"]["mapping"] == {"legacy_id": "会员ID", "name": "姓名", "phone": "电话"}
    response = client.post("/api/v1/import-templates/", {"name": "坏", "kind": "customers",
                                                            "mapping": {"nonsense": "x"}}, format="json")
    assert response.status_code == 400 and "未知字段" in str(response.json())


def test_inspect_columns_and_template_download(importer, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(importer)
    content = csv_bytes([["客户编号", "客户姓名", "联系电话", "其他"]], encoding="gbk")
    response = client.post("/api/v1/imports/inspect/", {"file": SimpleUploadedFile("a.csv", content),
                                                        "kind": "customers"}, format="multipart")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["headers"] == ["客户编号", "客户姓名", "联系电话", "其他"]
    assert body["mapping"]["legacy_id"] == "客户编号" and body["mapping"]["phone"] == "联系电话"
    assert body["missing_required"] == []

    columns = client.get("/api/v1/imports/columns/?kind=visits").json()
    assert [c["key"] for c in columns if c["required"]] == ["legacy_id", "customer_legacy_id", "arrived_at"]

    response = client.get("/api/v1/imports/template/?kind=customers")
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["数据", "说明", "示例"]
    assert [c.value for c in book["数据"][1]] == [c.label for c in columns_of("customers")]
    assert set(CUSTOMER_HEADERS) <= {c.label for c in columns_of("customers")}
    assert client.get("/api/v1/imports/template/?kind=nope").status_code == 400
