"""Data scopes: own, team, department, department and below, chosen units, all — reads and writes."""

from __future__ import annotations

import pytest

from yimei.accounts.models import OrgUnit, User
from yimei.audit.models import OperationLog
from yimei.core.models import restrict

VIEW = "accounts.staff.view"
CHANGE = "accounts.staff.change"


@pytest.fixture
def people(org, make_staff):
    return {
        "a1": make_staff(unit=org["team_a1"]),
        "a2": make_staff(unit=org["team_a2"]),
        "dept_a": make_staff(unit=org["dept_a"]),
        "sub_a": make_staff(unit=org["sub_a"]),
        "b1": make_staff(unit=org["team_b1"]),
    }


def _visible(user) -> set[int]:
    return set(restrict(User, user, VIEW).values_list("pk", flat=True))


def test_own_scope_sees_only_the_users_own_record(org, people, make_staff):
    # given
    user = make_staff([VIEW], unit=org["team_a1"], scopes={"accounts": "own"})
    # then
    assert _visible(user) == {user.pk}


def test_team_scope_sees_the_team(org, people, make_staff):
    user = make_staff([VIEW], unit=org["team_a1"], scopes={"accounts": "team"})
    assert _visible(user) == {user.pk, people["a1"].pk}


def test_department_scope_sees_the_department_and_its_teams_but_not_sub_departments(org, people, make_staff):
    user = make_staff([VIEW], unit=org["team_a1"], scopes={"accounts": "department"})
    assert _visible(user) == {user.pk, people["a1"].pk, people["a2"].pk, people["dept_a"].pk}


def test_department_and_below_adds_sub_departments(org, people, make_staff):
    user = make_staff([VIEW], unit=org["team_a2"], scopes={"accounts": "department_and_below"})
    assert _visible(user) == {user.pk, people["a1"].pk, people["a2"].pk, people["dept_a"].pk, people["sub_a"].pk}


def test_custom_scope_sees_the_chosen_units(org, people, make_staff):
    user = make_staff([VIEW], unit=org["team_a1"], scopes={"accounts": "custom"},
                      units={"accounts": [org["team_b1"].pk]})
    assert _visible(user) == {people["b1"].pk}


def test_all_scope_sees_everyone(org, people, make_staff):
    user = make_staff([VIEW], scopes={"accounts": "all"})
    assert _visible(user) == set(User.objects.values_list("pk", flat=True))


def test_without_the_permission_nothing_is_visible_whatever_the_scope(org, people, make_staff):
    user = make_staff(["accounts.role.view"], scopes={"accounts": "all"})
    assert _visible(user) == set()


def test_two_roles_add_up(org, people, make_staff, make_role):
    own = make_role([VIEW], {"accounts": "own"})
    team_b = make_role([VIEW], {"accounts": "custom"}, {"accounts": [org["team_b1"].pk]})
    user = make_staff(roles=[own, team_b], unit=org["team_a1"])
    assert _visible(user) == {user.pk, people["b1"].pk}


def test_api_list_and_detail_follow_the_scope(org, people, make_staff, client_for):
    user = make_staff([VIEW], unit=org["team_a1"], scopes={"accounts": "department"})
    client = client_for(user)

    listed = {row["id"] for row in client.get("/api/v1/staff/?page_size=200").json()["results"]}
    assert listed == {user.pk, people["a1"].pk, people["a2"].pk, people["dept_a"].pk}
    assert client.get(f"/api/v1/staff/{people['b1'].pk}/").status_code == 404
    assert client.get(f"/api/v1/staff/{people['a2'].pk}/").status_code == 200


def test_cannot_move_a_record_out_of_scope_and_nothing_changes(org, people, make_staff, client_for):
    # given a department-scoped editor and a colleague in the department
    editor = make_staff([VIEW, CHANGE], unit=org["team_a1"], scopes={"accounts": "department"})
    target = people["a2"]
    before = OperationLog.objects.count()
    # when moving the colleague to another department
    response = client_for(editor).patch(f"/api/v1/staff/{target.pk}/", {"org_unit": org["team_b1"].pk,
                                                                        "name": "改名"}, format="json")
    # then it is refused, nothing changed, and the denial is logged
    assert response.status_code == 403
    assert response.json()["code"] == "out_of_scope"
    target.refresh_from_db()
    assert target.org_unit_id == org["team_a2"].pk
    assert target.name != "改名"
    rows = list(OperationLog.objects.order_by("id")[before:])
    assert len(rows) == 1
    assert rows[0].result == "denied" and rows[0].action == "partial_update" and rows[0].object_id == str(target.pk)


def test_can_move_a_record_inside_scope(org, people, make_staff, client_for):
    editor = make_staff([VIEW, CHANGE], unit=org["team_a1"], scopes={"accounts": "department"})
    response = client_for(editor).patch(f"/api/v1/staff/{people['a2'].pk}/", {"org_unit": org["team_a1"].pk},
                                        format="json")
    assert response.status_code == 200
    assert response.json()["org_unit"] == org["team_a1"].pk


def test_cannot_edit_a_record_outside_scope(org, people, make_staff, client_for):
    editor = make_staff([VIEW, CHANGE], unit=org["team_a1"], scopes={"accounts": "team"})
    response = client_for(editor).patch(f"/api/v1/staff/{people['b1'].pk}/", {"name": "x"}, format="json")
    assert response.status_code == 404
    people["b1"].refresh_from_db()
    assert people["b1"].name != "x"


def test_scope_changes_take_effect_at_once(org, people, make_staff, client_for,
                                           django_capture_on_commit_callbacks):
    from yimei.accounts import services

    user = make_staff([VIEW], unit=org["team_a1"], scopes={"accounts": "own"})
    client = client_for(user)
    assert client.get("/api/v1/staff/").json()["count"] == 1
    role = user.roles.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_role(role, data_scopes=[{"module": "accounts", "scope": "all", "units": []}])
    assert client.get("/api/v1/staff/").json()["count"] == User.objects.count()


def test_unit_admin_with_department_scope_manages_units_inside_only(org, make_staff, client_for):
    codes = ["accounts.orgunit.view", "accounts.orgunit.add", "accounts.orgunit.change"]
    admin = make_staff(codes, unit=org["team_a1"], scopes={"accounts": "department_and_below"})
    client = client_for(admin)
    inside = client.post("/api/v1/org-units/", {"name": "新组", "code": "new_team", "kind": "team",
                                                "parent": org["dept_a"].pk}, format="json")
    assert inside.status_code == 201, inside.content
    outside = client.post("/api/v1/org-units/", {"name": "外组", "code": "out_team", "kind": "team",
                                                 "parent": org["dept_b"].pk}, format="json")
    assert outside.status_code == 403 and outside.json()["code"] == "out_of_scope"
    assert not OrgUnit.objects.filter(code="out_team").exists()
    moved = client.patch(f"/api/v1/org-units/{org['team_a2'].pk}/", {"parent": org["dept_b"].pk}, format="json")
    assert moved.status_code == 403
    assert OrgUnit.objects.get(pk=org["team_a2"].pk).parent_id == org["dept_a"].pk
