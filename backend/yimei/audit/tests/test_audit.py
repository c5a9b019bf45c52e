"""Audit: one operation-log row per write (with the IP), change-log rows with masked personal data,
denials logged, and rows that cannot be changed or deleted."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from yimei.audit.models import ChangeLog, LoginLog, OperationLog
from yimei.audit.services import record_operation


@pytest.fixture
def admin(make_staff):
    return make_staff(["accounts.position.view", "accounts.position.add", "accounts.position.change",
                       "accounts.position.delete", "accounts.staff.view", "accounts.staff.add",
                       "accounts.staff.change", "accounts.staff.unmask"], scopes={"accounts": "all"})


WRITES = [
    ("post", "/api/v1/positions/", {"code": "laser", "name": "激光师"}, 201),
    ("patch", "/api/v1/positions/{pk}/", {"name": "高级激光师"}, 200),
    ("delete", "/api/v1/positions/{pk}/", None, 204),
]


@pytest.mark.parametrize(("method", "url", "body", "status"), WRITES)
def test_each_write_adds_exactly_one_operation_row_with_the_ip(method, url, body, status, admin, client_for):
    # given
    from yimei.accounts import services

    position = services.create_position(code="p_audit", name="审计岗位")
    client = client_for(admin)
    before = OperationLog.objects.count()
    # when
    response = getattr(client, method)(url.format(pk=position.pk), body, format="json",
                                       HTTP_X_REQUEST_ID="req-audit-0001")
    # then
    assert response.status_code == status
    rows = list(OperationLog.objects.order_by("id")[before:])
    assert len(rows) == 1
    row = rows[0]
    assert row.ip == "10.1.2.3"
    assert row.operator_id == admin.pk and row.staff_number == admin.staff_number
    assert row.module == "accounts" and row.result == "success"
    assert row.request_id == "req-audit-0001"
    assert response["X-Request-ID"] == "req-audit-0001"


def test_a_refused_write_leaves_one_failure_row_and_no_change(admin, client_for):
    from yimei.accounts import services
    from yimei.accounts.models import Position

    services.create_position(code="dup", name="重复")
    before_ops, before_changes = OperationLog.objects.count(), ChangeLog.objects.count()
    response = client_for(admin).post("/api/v1/positions/", {"code": "dup", "name": "另一个"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["code"]
    assert Position.objects.filter(name="另一个").count() == 0
    assert ChangeLog.objects.count() == before_changes
    rows = list(OperationLog.objects.order_by("id")[before_ops:])
    assert [(r.result, r.status_code) for r in rows] == [("failure", 400)]


def test_change_log_keeps_before_and_after_with_phone_masked(admin, client_for, org):
    client = client_for(admin)
    created = client.post("/api/v1/staff/", {
        "username": "newnurse", "name": "新护士", "staff_number": "N900", "phone": "+86 139 8002 1234",
        "org_unit": org["team_a1"].pk, "password": "Nurse#2026x"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["phone"] == "139****1234"
    staff_id = created.json()["id"]
    client.patch(f"/api/v1/staff/{staff_id}/", {"phone": "13700001111", "name": "新护士甲"}, format="json")

    changes = list(ChangeLog.objects.filter(object_type="accounts.user", object_id=str(staff_id)).order_by("id"))
    create, update = changes[0], changes[-1]
    assert create.action == "create" and create.after["phone"] == "139****1234"
    assert create.after["password"] == "******"
    assert update.action == "update"
    assert update.before == {"name": "新护士", "phone": "139****1234"}
    assert update.after == {"name": "新护士甲", "phone": "137****1111"}
    assert all("13980021234" not in str(c.before) + str(c.after) for c in changes)


def test_phone_is_encrypted_at_rest_and_unmasking_is_logged(admin, client_for, make_staff):
    staff = make_staff(phone="13912345678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_last4 FROM accounts_user WHERE id = %s", [staff.pk])
        stored, last4 = cursor.fetchone()
    assert "13912345678" not in stored and last4 == "5678"

    before = OperationLog.objects.count()
    response = client_for(admin).get(f"/api/v1/staff/{staff.pk}/unmask/")
    assert response.json() == {"phone": "13912345678"}
    row = OperationLog.objects.order_by("id")[before:].get()
    assert row.action == "unmask" and row.object_id == str(staff.pk)


def test_search_by_phone_suffix_and_full_number(admin, client_for, make_staff):
    staff = make_staff(phone="13912345678")
    make_staff(phone="13900000000")
    client = client_for(admin)
    assert [r["id"] for r in client.get("/api/v1/staff/?search=5678").json()["results"]] == [staff.pk]
    assert [r["id"] for r in client.get("/api/v1/staff/?search=13912345678").json()["results"]] == [staff.pk]
    assert [r["id"] for r in client.get("/api/v1/staff/?search=%2B8613912345678").json()["results"]] == [staff.pk]


def test_denied_read_is_logged(make_staff, client_for):
    user = make_staff(["accounts.staff.view"], scopes={"accounts": "all"})
    before = OperationLog.objects.count()
    assert client_for(user).get("/api/v1/audit/operations/").status_code == 403
    row = OperationLog.objects.order_by("id")[before:].get()
    assert row.result == "denied" and row.operator_id == user.pk and row.module == "audit"


def test_orm_refuses_to_change_audit_rows(db):
    row = record_operation(module="t", action="t")
    row.message = "changed"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


@pytest.mark.parametrize("model", [OperationLog, ChangeLog, LoginLog])
def test_database_refuses_update_and_delete_of_audit_rows(model, make_staff):
    # given rows in every audit table
    make_staff()  # writes change-log rows
    record_operation(module="t", action="t")
    from yimei.audit.services import LoginEvent, record_login

    record_login(username="someone", event=LoginEvent.FAILURE)
    table = model._meta.db_table
    assert model.objects.exists()
    # then raw SQL, bypassing the ORM, is refused by the trigger
    statements = [f"UPDATE {table} SET created_at = created_at", f"DELETE FROM {table}"]
    if connection.vendor == "postgresql":
        statements.append(f"TRUNCATE {table}")
    for sql in statements:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql)
    assert model.objects.exists()


def test_audit_api_filters_and_export(make_staff, client_for, admin):
    from io import BytesIO

    from openpyxl import load_workbook

    auditor = make_staff(["audit.log.view", "audit.log.export"], scopes={"audit": "all"})
    client_for(admin).post("/api/v1/positions/", {"code": "exp", "name": "=cmd()"}, format="json")
    client = client_for(auditor)
    listed = client.get(f"/api/v1/audit/operations/?operator={admin.pk}&module=accounts&result=success").json()
    assert listed["count"] == 1 and listed["results"][0]["action"] == "create"
    assert client.get("/api/v1/audit/operations/?ip=10.9.9.9").json()["count"] == 0
    assert client.get("/api/v1/audit/operations/?created_after=2999-01-01T00:00:00Z").json()["count"] == 0
    assert client.get("/api/v1/audit/operations/?created_after=not-a-date").status_code == 400

    response = client.get(f"/api/v1/audit/operations/export/?operator={admin.pk}")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "时间" and len(rows) == 2
    assert rows[1][1] == admin.name
    assert OperationLog.objects.filter(operator=auditor, action="export").count() == 1


def test_auditor_cannot_change_accounts_or_business_data(db, client_for, org):
    from yimei.accounts import services
    from yimei.accounts.builtin import AUDITADMIN
    from yimei.accounts.models import Role, User

    auditor = services.create_staff(username="zhaomin", name="审计", staff_number="AU1", org_unit=org["hospital"],
                                    password="Audit#2026x", must_change_password=False)
    auditor.roles.set([Role.objects.get(code=AUDITADMIN)])
    client = client_for(auditor)
    assert client.get("/api/v1/audit/operations/").status_code == 200
    assert client.post("/api/v1/staff/", {}, format="json").status_code == 403
    assert client.patch(f"/api/v1/staff/{auditor.pk}/", {"name": "x"}, format="json").status_code == 403
    assert client.post("/api/v1/roles/", {}, format="json").status_code == 403
    assert client.post(f"/api/v1/staff/{auditor.pk}/assign-roles/", {"roles": []}, format="json").status_code == 403
    assert User.objects.get(pk=auditor.pk).roles.count() == 1


def _selects(queries) -> int:
    return sum(1 for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT"))


def _rename(unit, name: str, **save) -> int:
    from django.test.utils import CaptureQueriesContext

    unit.name = name
    with CaptureQueriesContext(connection) as queries:
        unit.save(**save)
    return _selects(queries)


def _last_names(unit) -> tuple[str, str]:
    row = ChangeLog.objects.filter(object_type="accounts.orgunit", object_id=str(unit.pk)).latest("id")
    return row.before["name"], row.after["name"]


def _locked(pk: int):
    from yimei.accounts.models import OrgUnit
    from yimei.audit.services import track_locked

    unit = OrgUnit.objects.select_for_update().get(pk=pk)
    track_locked(unit)
    return unit


def test_a_row_locked_in_this_transaction_is_not_read_again_before_its_save(db):
    """``track_locked``: the "before" of a locked row comes from memory for the rest of its transaction; after a
    savepoint rollback (memory may no longer be the row) it is read again."""
    from yimei.accounts.models import OrgUnit

    unit = _locked(OrgUnit.objects.create(name="原名", code="t_locked").pk)
    assert _rename(unit, "改名一") == 0 and _last_names(unit) == ("原名", "改名一")
    assert _rename(unit, "改名二", update_fields=["name", "updated_at"]) == 0
    assert _last_names(unit) == ("改名一", "改名二")
    with pytest.raises(RuntimeError), transaction.atomic():
        _rename(unit, "回滚的名字")
        raise RuntimeError
    assert _rename(unit, "最终") == 1 and _last_names(unit) == ("改名二", "最终")


@pytest.mark.skipif(not __import__("os").environ.get("YIMEI_DATABASE_URL", "").startswith("postgres"),
                    reason="needs real transactions (the audit triggers refuse the flush on SQLite)")
@pytest.mark.django_db(transaction=True)
def test_what_one_transaction_remembered_is_not_trusted_by_the_next(concurrent_db):
    from yimei.accounts.models import OrgUnit

    unit = OrgUnit.objects.create(name="原名", code="t_locked")
    with transaction.atomic():
        unit = _locked(unit.pk)
        assert _rename(unit, "改名一") == 0
    OrgUnit.objects.filter(pk=unit.pk).update(name="别处改的")
    with transaction.atomic():
        assert _rename(unit, "改名二") == 1 and _last_names(unit) == ("别处改的", "改名二")
