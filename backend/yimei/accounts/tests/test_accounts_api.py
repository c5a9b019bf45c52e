"""Organisation, staff and roles through the API: the happy paths and every kind of bad input."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yimei.accounts.models import OrgUnit, Position, Role, RoleDataScope, User
from yimei.audit.models import OperationLog

ALL_ACCOUNTS = [
    "accounts.orgunit.view", "accounts.orgunit.add", "accounts.orgunit.change", "accounts.orgunit.delete",
    "accounts.position.view", "accounts.position.add", "accounts.staff.view", "accounts.staff.add",
    "accounts.staff.change", "accounts.staff.disable", "accounts.staff.reset_password",
    "accounts.staff.assign_roles", "accounts.role.view", "accounts.role.add", "accounts.role.change",
    "accounts.role.delete",
]


@pytest.fixture
def admin(make_staff):
    return make_staff(ALL_ACCOUNTS, scopes={"accounts": "all"})


@pytest.fixture
def api(admin, client_for):
    return client_for(admin)


def _unchanged(model, before: int) -> bool:
    return model.objects.count() == before


def test_duplicate_username_is_refused_with_a_field_error(api, org, make_staff):
    existing = make_staff()
    before = User.objects.count()
    response = api.post("/api/v1/staff/", {"username": existing.username.upper(), "name": "重名",
                                           "staff_number": "X1", "org_unit": org["team_a1"].pk,
                                           "password": "Strong#Pass1"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "duplicate" and "已存在" in body["fields"]["username"][0]
    assert _unchanged(User, before)


def test_weak_password_on_create_is_refused(api, org):
    before = User.objects.count()
    response = api.post("/api/v1/staff/", {"username": "weak", "name": "弱", "staff_number": "W1",
                                           "org_unit": org["team_a1"].pk, "password": "abc"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "weak_password"
    assert "password" in response.json()["fields"]
    assert _unchanged(User, before)


def test_bad_phone_and_missing_fields(api, org):
    response = api.post("/api/v1/staff/", {"username": "phoneuser", "name": "甲", "staff_number": "P1",
                                           "org_unit": org["team_a1"].pk, "phone": "12345",
                                           "password": "Strong#Pass1"}, format="json")
    assert response.status_code == 400 and response.json()["fields"]["phone"], response.json()
    response = api.post("/api/v1/staff/", {}, format="json")
    assert response.status_code == 400
    assert {"username", "name", "staff_number", "org_unit", "password"} <= set(response.json()["fields"])


def test_staff_list_has_a_constant_number_of_queries(api, make_staff, org):
    for _ in range(3):
        make_staff(unit=org["team_a2"])
    api.get("/api/v1/staff/")  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/staff/")
    for _ in range(10):
        make_staff(unit=org["team_b1"])
    with CaptureQueriesContext(connection) as many:
        response = api.get("/api/v1/staff/")
    assert response.json()["count"] >= 14
    assert len(many) == len(few)


def test_role_with_unknown_permission_is_refused(api):
    before = Role.objects.count()
    response = api.post("/api/v1/roles/", {"code": "bad", "name": "坏角色",
                                           "permissions": ["accounts.staff.view", "sales.fly"]}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_permission" and "sales.fly" in response.json()["message"]
    assert _unchanged(Role, before)


def test_role_scope_naming_a_deleted_unit_is_refused(api, org, admin):
    unit = api.post("/api/v1/org-units/", {"name": "临时组", "code": "tmp", "kind": "team",
                                           "parent": org["dept_a"].pk}, format="json").json()
    assert api.delete(f"/api/v1/org-units/{unit['id']}/").status_code == 204
    before = Role.objects.count()
    response = api.post("/api/v1/roles/", {
        "code": "scoped", "name": "指定部门角色", "permissions": ["accounts.staff.view"],
        "data_scopes": [{"module": "accounts", "scope": "custom", "units": [unit["id"]]}]}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "unknown_unit"
    assert _unchanged(Role, before)


def test_role_scope_for_an_unknown_module_or_empty_custom_is_refused(api):
    for scopes in ([{"module": "nowhere", "scope": "all"}], [{"module": "accounts", "scope": "custom", "units": []}],
                   [{"module": "accounts", "scope": "all"}, {"module": "accounts", "scope": "own"}],
                   [{"module": "accounts", "scope": "galaxy"}]):
        response = api.post("/api/v1/roles/", {"code": "r1", "name": "r1", "data_scopes": scopes}, format="json")
        assert response.status_code == 400, scopes
    assert not Role.objects.filter(code="r1").exists()


def test_a_partial_update_with_an_empty_scope_item_is_refused_not_a_server_error(api):
    # given a role
    role = api.post("/api/v1/roles/", {"code": "r2", "name": "r2", "data_scopes": [
        {"module": "accounts", "scope": "all"}]}, format="json").json()

    # when a PATCH sends a scope item without its keys (a partial update does not require them)
    response = api.patch(f"/api/v1/roles/{role['id']}/", {"data_scopes": [{}]}, format="json")

    # then it is a clear 400 and the role keeps its scope
    assert response.status_code == 400, response.content
    assert "data_scopes" in response.json()["fields"]
    assert api.get(f"/api/v1/roles/{role['id']}/").json()["data_scopes"] == [{"module": "accounts", "scope": "all",
                                                                               "units": []}]


def test_role_round_trip_adds_parent_codes(api, org):
    response = api.post("/api/v1/roles/", {
        "code": "team_lead", "name": "组长", "permissions": ["accounts.staff.add"],
        "data_scopes": [{"module": "accounts", "scope": "custom", "units": [org["team_a1"].pk]}]}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["permissions"] == ["accounts.staff.add", "accounts.staff.view", "system"]
    assert body["data_scopes"] == [{"module": "accounts", "scope": "custom", "units": [org["team_a1"].pk]}]
    assert body["user_count"] == 0


def test_unit_named_by_a_scope_cannot_be_deleted(api, org, make_role):
    make_role(["accounts.staff.view"], {"accounts": "custom"}, {"accounts": [org["team_b1"].pk]})
    response = api.delete(f"/api/v1/org-units/{org['team_b1'].pk}/")
    assert response.status_code == 400 and response.json()["code"] == "protected"
    assert OrgUnit.objects.filter(pk=org["team_b1"].pk).exists()


def test_unit_with_staff_or_children_cannot_be_deleted(api, org, make_staff):
    make_staff(unit=org["team_a2"])
    assert api.delete(f"/api/v1/org-units/{org['team_a2'].pk}/").json()["code"] == "protected"
    assert api.delete(f"/api/v1/org-units/{org['dept_b'].pk}/").json()["code"] == "protected"


def test_unit_cannot_move_under_its_own_subtree(api, org):
    response = api.patch(f"/api/v1/org-units/{org['dept_a'].pk}/", {"parent": org["team_a1"].pk}, format="json")
    assert response.status_code == 400 and "parent" in response.json()["fields"]
    org["dept_a"].refresh_from_db()
    assert org["dept_a"].parent_id == org["hospital"].pk


def test_moving_a_unit_moves_its_subtree_paths(api, org):
    response = api.patch(f"/api/v1/org-units/{org['sub_a'].pk}/", {"parent": org["dept_b"].pk}, format="json")
    assert response.status_code == 200
    child = api.post("/api/v1/org-units/", {"name": "子组", "code": "sub_child", "kind": "team",
                                            "parent": org["sub_a"].pk}, format="json").json()
    assert child["path"].startswith(OrgUnit.objects.get(pk=org["dept_b"].pk).path)


def test_builtin_role_cannot_be_deleted_and_role_in_use_neither(api, make_role, make_staff):
    builtin = Role.objects.get(code="sysadmin")
    assert api.delete(f"/api/v1/roles/{builtin.pk}/").json()["code"] == "protected"
    used = make_role(["accounts.staff.view"])
    make_staff(roles=[used])
    assert api.delete(f"/api/v1/roles/{used.pk}/").json()["code"] == "protected"


def test_separated_admin_roles_cannot_be_combined(api, make_staff):
    target = make_staff()
    roles = list(Role.objects.filter(code__in=["sysadmin", "auditadmin"]).values_list("pk", flat=True))
    response = api.post(f"/api/v1/staff/{target.pk}/assign-roles/", {"roles": roles}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "separation_of_duties"
    assert target.roles.count() == 0


def test_nobody_assigns_their_own_roles(api, admin):
    response = api.post(f"/api/v1/staff/{admin.pk}/assign-roles/",
                        {"roles": [Role.objects.get(code="sysadmin").pk]}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "self_assign"


def test_assigning_roles_changes_what_the_user_can_do(api, make_staff, client_for,
                                                      django_capture_on_commit_callbacks):
    target = make_staff()
    client = client_for(target)
    assert client.get("/api/v1/staff/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/staff/{target.pk}/assign-roles/",
                            {"roles": [Role.objects.get(code="director").pk]}, format="json")
    assert response.status_code == 200 and response.json()["role_names"] == ["科室主任"]
    assert client.get("/api/v1/staff/").status_code == 200


def test_cannot_disable_yourself(api, admin):
    assert api.post(f"/api/v1/staff/{admin.pk}/disable/").json()["code"] == "self_disable"


def test_disable_and_reset_password(api, make_staff):
    target = make_staff()
    assert api.post(f"/api/v1/staff/{target.pk}/disable/").json()["is_active"] is False
    response = api.post(f"/api/v1/staff/{target.pk}/reset-password/", {"new_password": "Reset#Pass2026"},
                        format="json")
    assert response.status_code == 200 and response.json()["must_change_password"] is True


def test_malformed_json_and_wrong_types_never_500(api, org):
    for url in ("/api/v1/staff/", "/api/v1/roles/", "/api/v1/org-units/", "/api/v1/positions/"):
        assert api.post(url, "{oops", content_type="application/json").status_code == 400
        assert api.post(url, "[1,2]", content_type="application/json").status_code == 400
        assert api.post(url, {"name": ["x"], "code": {"a": 1}, "org_unit": "abc", "permissions": "x",
                              "data_scopes": 5, "kind": "planet", "parent": 99999}, format="json").status_code == 400


def test_unknown_ids_give_404_in_the_error_shape(api):
    response = api.get("/api/v1/staff/999999/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_permission_catalog_lists_modules_scopes_and_the_tree(api):
    body = api.get("/api/v1/permissions/").json()
    assert {m["code"] for m in body["modules"]} >= {"accounts", "audit"}
    assert [s["value"] for s in body["scopes"]] == ["own", "team", "department", "department_and_below", "all",
                                                    "custom"]
    system = next(n for n in body["tree"] if n["code"] == "system")
    assert "accounts.staff.view" in [c["code"] for c in system["children"]]


def test_me_costs_a_few_queries_and_is_cached(make_staff, client_for):
    user = make_staff(["accounts.staff.view"], scopes={"accounts": "team"})
    client = client_for(user)
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/me/")
    assert response.json()["permissions"] == ["accounts.staff.view", "system"]
    # the session row (cached_db falls back to the database in tests without Redis) and the user
    assert len(queries) <= 2


def test_seed_demo_is_idempotent_and_refuses_outside_demo_mode(db, settings):
    from django.core.management.base import CommandError

    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    settings.DEMO_MODE = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert User.objects.filter(username__in=["admin", "director", "reception", "consultant", "consultant2",
                                             "online", "doctor", "doctor2", "nurse", "cashier", "stock",
                                             "security", "auditor"]).count() == 13
    assert User.objects.count() >= 15
    assert all(u.roles.exists() for u in User.objects.all())


def test_init_admin_creates_three_separated_admins_with_one_time_passwords(db, capsys):
    call_command("init_admin", hospital="锦江医院")
    admins = {u.username: u for u in User.objects.all()}
    assert set(admins) == {"sysadmin", "secadmin", "auditadmin"}
    assert all(u.must_change_password for u in admins.values())
    assert {u.roles.get().code for u in admins.values()} == {"sysadmin", "secadmin", "auditadmin"}
    assert "Demo@2026" not in capsys.readouterr().out
    assert OperationLog.objects.get(action="init_admin").operator_name == "系统"


def test_builtin_roles_exist_after_migrate(db):
    assert set(Role.objects.filter(is_builtin=True).values_list("code", flat=True)) >= {
        "sysadmin", "secadmin", "auditadmin", "director", "receptionist", "consultant", "online_consultant",
        "doctor", "nurse", "cashier", "stock_keeper"}
    assert RoleDataScope.objects.get(role__code="auditadmin", module="audit").scope == "all"


def test_positions_crud_is_audited(api):
    before = OperationLog.objects.count()
    created = api.post("/api/v1/positions/", {"code": "anesthetist", "name": "麻醉师"}, format="json")
    assert created.status_code == 201
    assert Position.objects.filter(code="anesthetist").exists()
    assert OperationLog.objects.count() == before + 1


def test_api_token_authenticates_scripts_and_is_audited(make_staff):
    from io import StringIO

    from rest_framework.test import APIClient

    user = make_staff(["accounts.position.view", "accounts.position.add"], scopes={"accounts": "all"})
    out = StringIO()
    call_command("issue_api_token", user.username, stdout=out)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}", REMOTE_ADDR="10.7.7.7")
    assert client.get("/api/v1/positions/").status_code == 200
    assert client.post("/api/v1/positions/", {"code": "script", "name": "脚本岗位"}, format="json").status_code == 201
    row = OperationLog.objects.filter(action="create", module="accounts").latest("id")
    assert row.operator_id == user.pk and row.ip == "10.7.7.7"
    assert OperationLog.objects.filter(action="issue_api_token", object_id=str(user.pk)).count() == 1
    assert APIClient(HTTP_AUTHORIZATION="Token nope").get("/api/v1/positions/").status_code == 401
