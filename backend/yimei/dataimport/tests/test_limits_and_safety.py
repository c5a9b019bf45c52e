"""Big bad files, limits, all-or-nothing imports, data scopes, the background thread and the shipped templates."""

from __future__ import annotations

import io
import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from yimei.customers import services as customer_services
from yimei.customers.models import Customer, CustomerEvent, CustomerTag
from yimei.dataimport import reader, services
from yimei.dataimport.columns import columns_of
from yimei.dataimport.engine import Handler
from yimei.dataimport.kinds.customers import CustomerHandler
from yimei.dataimport.models import ImportJob
from yimei.dataimport.reports import TEMPLATE_DIR, TEMPLATE_FILES
from yimei.dataimport.tests.conftest import CODE, csv_bytes, upload, xlsx_bytes


def test_fifty_thousand_bad_rows_get_a_clear_report_and_nothing_is_written(importer, client_for):
    client = client_for(importer)
    lines = ["原系统编号,姓名,手机号,身份证号"]
    lines += [f"X{i},客户{i},1{i:05d},{'110105199001010011' if i % 10 == 0 else ''}" for i in range(50_000)]
    started = time.monotonic()
    response = upload(client, "\n".join(lines).encode("gbk"))
    elapsed = time.monotonic() - started
    assert response.status_code == 201
    job = response.json()
    assert job["status"] == "invalid" and job["total_rows"] == 50_000 and job["error_rows"] == 50_000
    assert job["valid_rows"] == 0
    groups = {g["message"]: g["count"] for g in job["summary"]["error_groups"]}
    assert groups == {"手机号格式不正确": 50_000, "身份证号不正确": 5_000}
    assert "50000 行有错误" in job["message"]
    assert elapsed < 30, elapsed  # about 5 s on an idle machine; generous for a loaded CI machine
    response = client.post(f"/api/v1/imports/{job['id']}/run/", {"skip_invalid": True}, format="json")
    assert response.status_code == 400
    assert Customer.objects.count() == 0 and CustomerEvent.objects.count() == 0
    content = client.get(f"/api/v1/imports/{job['id']}/errors/").content
    report = reader.open_table(content)  # the first sheet: 错误明细
    assert report.headers == ["行号", "列", "内容", "错误说明"]
    rows = list(report.rows)
    assert len(rows) == 55_000 and rows[0][1] == ["2", "手机号", "******", "请输入正确的 11 位手机号码。"]
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert next(book["汇总"].iter_rows(values_only=True))[0].startswith("共 50000 行有错误，55000 处错误")


def test_file_and_row_limits(importer, client_for, monkeypatch):
    client = client_for(importer)
    monkeypatch.setattr(reader, "MAX_ROWS", 5)
    rows = [["原系统编号", "姓名", "手机号"]] + [[f"L{i}", "张三", f"1380000{i:04d}"] for i in range(6)]
    job = upload(client, csv_bytes(rows)).json()
    assert job["status"] == "invalid" and "超过 5 行数据的上限" in job["message"]
    assert client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").status_code == 400

    monkeypatch.setattr(services, "MAX_FILE_BYTES", 100)
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 400 and "超过 20 MB" in response.json()["message"]
    assert upload(client, b"   ").json()["message"] == "文件是空的。"
    job = upload(client, csv_bytes(rows[:1])).json()
    assert job["status"] == "invalid" and "没有数据行" in job["message"]


class _FailingHandler(CustomerHandler):
    calls = 0

    def write(self, records):
        super().write(records)
        type(self).calls += 1
        if type(self).calls == 2:
            raise RuntimeError("disk full")


def test_a_failure_half_way_leaves_nothing(importer, client_for, monkeypatch):
    from yimei.dataimport import engine

    monkeypatch.setattr(engine, "CHUNK_ROWS", 10)
    monkeypatch.setattr(services, "handler_for", lambda kind: _FailingHandler)
    client = client_for(importer)
    rows = [["原系统编号", "姓名", "手机号", "标签"]] + [[f"L{i}", "张三", f"1380000{i:04d}", ""] for i in range(35)]
    job = upload(client, csv_bytes(rows)).json()
    assert job["status"] == "validated"
    job = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").json()
    assert job["status"] == "failed" and "未写入任何数据" in job["message"]
    assert _FailingHandler.calls == 2
    assert Customer.objects.count() == 0 and CustomerEvent.objects.count() == 0 and CustomerTag.objects.count() == 0
    # The stored file is kept so that the import can be run again.
    monkeypatch.setattr(services, "handler_for", lambda kind: CustomerHandler)
    job = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").json()
    assert job["status"] == "done" and Customer.objects.count() == 35


def test_rows_that_became_invalid_after_the_dry_run_abort_the_import(importer, client_for):
    client = client_for(importer)
    rows = [["原系统编号", "姓名", "手机号"], ["L1", "张三", "13800000001"], ["L2", "李四", "13800000002"]]
    job = upload(client, csv_bytes(rows)).json()
    assert job["status"] == "validated"
    customer_services.create_customer(operator=importer, name="抢先登记", phone="13800000002")
    job = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").json()
    assert job["status"] == "invalid" and "未写入任何数据" in job["message"]
    assert Customer.objects.count() == 1 and job["error_rows"] == 1


def test_jobs_are_seen_by_their_owner_or_a_wider_scope(make_staff, client_for, org):
    own_a = make_staff([CODE], scopes={"customers": "own"}, unit=org["team_a1"])
    own_b = make_staff([CODE], scopes={"customers": "own"}, unit=org["team_a1"])
    head = make_staff([CODE], scopes={"customers": "department_and_below"}, unit=org["dept_a"])
    nobody = make_staff(["customers.customer.view"], scopes={"customers": "all"})
    content = csv_bytes([["原系统编号", "姓名", "手机号"], ["L1", "张三", "13800000001"]])
    job = upload(client_for(own_a), content).json()
    assert client_for(own_a).get(f"/api/v1/imports/{job['id']}/").status_code == 200
    assert client_for(own_b).get(f"/api/v1/imports/{job['id']}/").status_code == 404
    assert client_for(own_b).get(f"/api/v1/imports/{job['id']}/errors/").status_code == 404
    assert client_for(own_b).post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").status_code == 404
    assert client_for(own_b).get("/api/v1/imports/").json()["count"] == 0
    assert client_for(head).get("/api/v1/imports/").json()["count"] == 1
    response = upload(client_for(nobody), content)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_customers_and_consultants_outside_the_importers_scope(make_staff, client_for, org):
    importer = make_staff([CODE], scopes={"customers": "team"}, unit=org["team_a1"])
    colleague = make_staff(unit=org["team_a1"])
    stranger = make_staff(unit=org["team_b1"])
    other = customer_services.create_customer(operator=None, name="外组客户", phone="13800000009",
                                              legacy_id="OUT1", consultant=stranger)
    content = csv_bytes([["原系统编号", "姓名", "手机号", "现场咨询(工号)"],
                         ["OUT1", "外组客户", "13800000009", ""],
                         ["N1", "新客", "13800000010", stranger.staff_number],
                         ["N2", "新客二", "13800000011", colleague.staff_number]])
    job = upload(client_for(importer), content).json()
    groups = {g["message"]: g["rows"] for g in job["summary"]["error_groups"]}
    assert groups == {"客户不在您的数据权限范围内": [2], "员工不在您的数据权限范围内": [3]}
    assert Customer.objects.get(pk=other.pk).name == "外组客户"


def test_work_runs_in_a_thread_once_the_request_commits(settings, importer, django_capture_on_commit_callbacks):
    from yimei.core import context
    from yimei.dataimport import tasks

    settings.YIMEI_TASKS_ASYNC = True
    seen = []

    def task(job_id):
        seen.append((job_id, context.current().user, context.current().request_id, threading.current_thread().name))

    with context.request_context(context.RequestContext(user=importer, request_id="req-1")), \
            django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.dispatch(task, 7)
    assert seen == [] and len(callbacks) == 1
    callbacks[0]()
    tasks.threads[-1].join(timeout=10)
    assert seen == [(7, importer, "req-1", "import-7")]


def test_async_upload_answers_at_once_and_shows_progress(settings, importer, client_for,
                                                          django_capture_on_commit_callbacks):
    settings.YIMEI_TASKS_ASYNC = True
    client = client_for(importer)
    rows = [["原系统编号", "姓名", "手机号"]] + [[f"L{i}", "张三", f"1380000{i:04d}"] for i in range(40)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, csv_bytes(rows))
    assert response.status_code == 201 and response.json()["status"] == "validating" and len(callbacks) == 1
    job_id = response.json()["id"]
    assert ImportJob.objects.get(pk=job_id).summary["estimated_rows"] == 40
    services._report_progress(job_id, 10)
    assert client.get(f"/api/v1/imports/{job_id}/").json()["progress"] == 25
    services.validate_job(job_id)  # what the thread does
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = client.post(f"/api/v1/imports/{job_id}/run/", {}, format="json").json()
    assert job["status"] == "importing" and job["progress"] == 0 and len(callbacks) == 1
    assert client.post(f"/api/v1/imports/{job_id}/run/", {}, format="json").json()["code"] == "busy"
    services._report_progress(job_id, 10)
    job = client.get(f"/api/v1/imports/{job_id}/").json()
    assert job["processed_rows"] == 10 and job["progress"] == 25
    services.run_import(job_id)
    job = client.get(f"/api/v1/imports/{job_id}/").json()
    assert job["status"] == "done" and job["created_count"] == 40 and job["progress"] == 100


def test_an_interrupted_job_is_marked_and_can_be_run_again(importer, client_for):
    client = client_for(importer)
    job = upload(client, csv_bytes([["原系统编号", "姓名", "手机号"], ["L1", "张三", "13800000001"]])).json()
    ImportJob.objects.filter(pk=job["id"]).update(status="importing")
    cache.delete(services._progress_key(job["id"]))
    ImportJob.objects.filter(pk=job["id"]).update(updated_at=ImportJob.objects.get(pk=job["id"]).updated_at
                                                  - timedelta(hours=1))
    job = client.get(f"/api/v1/imports/{job['id']}/").json()
    assert job["status"] == "failed" and "中断" in job["message"]
    assert client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").json()["status"] == "done"


def test_deleting_a_job_removes_its_files(importer, client_for):
    from django.core.files.storage import default_storage

    client = client_for(importer)
    job = upload(client, csv_bytes([["原系统编号", "姓名", "手机号"], ["L1", "张三", "1"]])).json()
    stored = ImportJob.objects.get(pk=job["id"])
    assert default_storage.exists(stored.stored_file) and default_storage.exists(stored.error_report)
    assert stored.stored_file.startswith("imports/")
    assert client.delete(f"/api/v1/imports/{job['id']}/").status_code == 204
    assert not default_storage.exists(stored.stored_file) and not default_storage.exists(stored.error_report)


def test_the_shipped_templates_match_the_columns_and_read_back():
    for kind, name in TEMPLATE_FILES.items():
        path = TEMPLATE_DIR / name
        assert path.exists(), f"run: manage.py import_templates ({path})"
        table = reader.open_table(path.read_bytes())
        assert table.headers == [c.label for c in columns_of(kind)]
        assert list(table.rows) == []  # the data sheet is empty; notes and sample sheets are not read
        book = load_workbook(path)
        assert book["数据"]["A1"].comment is not None


def test_handler_base_requires_kinds_to_implement():
    with pytest.raises(NotImplementedError):
        Handler(None).check([])


def test_reader_details():
    assert reader.column_letter(0) == "A" and reader.column_letter(27) == "AB"
    content = xlsx_bytes([["原系统编号", "手机号"], ["A1", 13800138000], [None, None], ["A2", 1.5]])
    table = reader.open_table(content)
    assert table.estimated_rows == 3
    assert list(table.rows) == [(2, ["A1", "13800138000"]), (4, ["A2", "1.5"])]
    # ="0123" protected values from old exports, NUL bytes, quoted newlines.
    table = reader.open_table(b'a,b\r\n="0123","x\x00y"\r\n"multi\nline",2\r\n')
    assert list(table.rows) == [(2, ["0123", "xy"]), (3, ["multi\nline", "2"])]


def test_utf16_text_from_excel():
    content = "原系统编号\t姓名\t手机号\r\nA1\t张三\t13800138000\r\n".encode("utf-16")
    table = reader.open_table(content)
    assert table.encoding == "UTF-16" and table.headers == ["原系统编号", "姓名", "手机号"]
    assert list(table.rows) == [(2, ["A1", "张三", "13800138000"])]


def test_the_documentation_lists_every_column():
    from django.conf import settings

    doc = (settings.REPO_DIR / "docs" / "import-template.md").read_text()
    for kind in TEMPLATE_FILES:
        for column in columns_of(kind):
            assert f"| {column.label} | `{column.key}` |" in doc, (kind, column.label)


def test_xlsx_as_excel_writes_it_shared_strings_and_date_styles():
    from datetime import date, datetime

    from openpyxl import Workbook

    book = Workbook()  # not write-only: shared strings and styles, as Excel and WPS write them
    sheet = book.active
    sheet.append(["原系统编号", "姓名", "生日", "建档时间"])
    sheet.append(["A1", "张三", date(1990, 5, 20), datetime(2019, 3, 8, 10, 20)])
    sheet.append(["A2", "张三", 33013, "2019-03-08"])
    sheet["C3"].number_format = "yyyy\"年\"m\"月\"d\"日\""
    buffer = io.BytesIO()
    book.save(buffer)
    rows = list(reader.open_table(buffer.getvalue()).rows)
    assert rows[0] == (2, ["A1", "张三", date(1990, 5, 20), datetime(2019, 3, 8, 10, 20)])
    assert rows[1] == (3, ["A2", "张三", date(1990, 5, 20), "2019-03-08"])


def test_a_unique_value_taken_by_a_concurrent_import_fails_the_job_cleanly(importer, client_for, monkeypatch):
    """Between the checks of a chunk and its insert another import takes a phone: the database refuses it."""
    client = client_for(importer)
    job = upload(client, csv_bytes([["原系统编号", "姓名", "手机号"], ["L1", "张三", "13800000001"]])).json()
    original = CustomerHandler._write_creates

    def racing(self, records):
        customer_services.create_customer(operator=None, name="并发登记", phone="13800000001")
        original(self, records)

    monkeypatch.setattr(CustomerHandler, "_write_creates", racing)
    job = client.post(f"/api/v1/imports/{job['id']}/run/", {}, format="json").json()
    assert job["status"] == "failed" and "冲突" in job["message"]
    assert not Customer.objects.filter(legacy_id="L1").exists()
    assert not Customer.objects.filter(name="并发登记").exists()  # rolled back with the import
