"""The operator picker of the deduction page: staff with their positions' ids, inside the user's reach."""

from __future__ import annotations


def test_operator_options_list_positions_with_ids_within_reach(client_for, make_staff, org, positions):
    # given a nurse whose deductions reach department A only, a doctor there and a doctor in department B
    nurse = make_staff(["sales.deduction.add"], scopes={"sales": "department_and_below"}, unit=org["dept_a"])
    nurse.positions.add(positions["nurse"])
    doctor = make_staff(unit=org["team_a1"])
    doctor.positions.add(positions["doctor"])
    far_doctor = make_staff(unit=org["team_b1"])
    far_doctor.positions.add(positions["doctor"])

    # when she asks for the doctors
    response = client_for(nurse).get("/api/v1/deductions/operator-options/?position=t_doctor")

    # then she gets the doctor of her department with the position's id, code and name
    assert response.status_code == 200
    rows = response.json()
    assert [row["id"] for row in rows] == [doctor.pk]
    assert rows[0]["positions"] == [{"id": positions["doctor"].pk, "code": "t_doctor", "name": "医生"}]


def test_operator_options_need_the_deduct_permission(client_for, make_staff):
    viewer = make_staff(["sales.deduction.view"], scopes={"sales": "all"})
    assert client_for(viewer).get("/api/v1/deductions/operator-options/").status_code == 403
