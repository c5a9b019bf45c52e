"""Which views a user gets: the built-in roles' views, the union for several roles, ``?view=`` limited to the
views the user holds, and a view whose every figure is closed to the user left out."""

from __future__ import annotations

from yimei.workbench.tests.conftest import TODAY

VIEWS = ("reception", "consultant", "clinician", "cashier", "director")


def codes(answer):
    return [v["code"] for v in answer["views"]]


def test_each_builtin_role_gets_its_view(staff, api):
    # given the department's staff, each with one built-in role
    expected = {"reception": ["reception"], "consultant": ["consultant"], "doctor": ["clinician"],
                "nurse": ["clinician"], "cashier": ["cashier"], "director": ["director"]}
    for person, views in expected.items():
        # when they open the workbench
        answer = api(getattr(staff, person))
        # then they get their view, and only its panel is filled in
        assert codes(answer) == views, person
        assert answer["date"] == TODAY.isoformat()
        assert [v for v in VIEWS if answer[v] is not None] == views, person


def test_several_roles_give_the_union_and_view_picks_one(builtin, org, api, client_for):
    # given a consultant who also works the till
    both = builtin("consultant", "cashier", unit=org["team_a1"])

    # when they open the workbench, then both views come, in the console's order
    answer = api(both)
    assert codes(answer) == ["consultant", "cashier"]
    assert answer["consultant"] is not None and answer["cashier"] is not None

    # when they ask for one view, then only that one is read (the list of views stays whole)
    answer = api(both, view="cashier")
    assert codes(answer) == ["consultant", "cashier"]
    assert answer["cashier"] is not None and answer["consultant"] is None

    # when they ask for a view their roles do not open, then it is refused, in Chinese
    response = client_for(both).get("/api/v1/workbench/", {"view": "director"})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "workbench.director.view" in response.json()["message"]

    # and an unknown view is a 400 naming the choices
    response = client_for(both).get("/api/v1/workbench/", {"view": "boss"})
    assert response.status_code == 400
    assert response.json()["message"] == "没有这个工作台视图。"
    assert "reception" in response.json()["fields"]["view"][0]


def test_staff_without_a_working_role_have_an_empty_workbench(make_staff, api, anon):
    # given a system administrator's kind of account: no working role
    admin = make_staff(["accounts.staff.view"], scopes={"accounts": "all"})
    answer = api(admin)
    assert answer["views"] == []
    assert all(answer[v] is None for v in VIEWS)
    # and nobody reads it without logging in
    assert anon.get("/api/v1/workbench/").status_code == 401


def test_a_view_without_its_module_is_left_out(make_staff, api, client_for):
    # given a role that opens the cashier's workbench but holds no sales permission
    user = make_staff(["workbench.cashier.view", "customers.customer.view"], scopes={"customers": "all"})
    # then there is no cashier panel (it would have no figure the user may open)
    answer = api(user)
    assert answer["views"] == [] and answer["cashier"] is None
    assert client_for(user).get("/api/v1/workbench/", {"view": "cashier"}).status_code == 403

    # given the same with the payments page: the panel is there
    user = make_staff(["workbench.cashier.view", "sales.payment.view"], scopes={"sales": "all"})
    answer = api(user)
    assert codes(answer) == ["cashier"] and answer["cashier"]["orders"] is not None


def test_a_figure_whose_module_is_closed_is_null(make_staff, api):
    # given a consultant's workbench for someone who may read follow-ups but not orders or customer files
    user = make_staff(["workbench.consultant.view", "followups.task.view"], scopes={"followups": "own"})
    panel = api(user)["consultant"]
    # then the follow-up figures are there and the others are null, not zero
    assert panel["followups"] is not None
    assert panel["here_today"] is None and panel["deals"] is None
