"""前台 view: today's bookings by status and the next ones, arrivals (new and returning) and the waiting list —
of the receptionist's department only."""

from __future__ import annotations

from yimei.workbench.tests import builders as b
from yimei.workbench.tests.conftest import LAST_WEEK, TODAY, YESTERDAY, local, read


def test_todays_appointments_by_status_and_the_next_ones(staff, customer, clerk, catalog):
    ipl, doctor = catalog["ipl"], staff.doctor
    # given today's bookings in department A (some already past at noon) and one in department B
    c = {name: customer(staff.consultant, name) for name in ("甲", "乙", "丙", "丁", "戊", "己")}
    late1 = b.appointment(c["甲"], doctor, start=local(TODAY, "09:00"), operator=clerk, item=ipl, status="confirmed")
    late2 = b.appointment(c["乙"], doctor, start=local(TODAY, "10:00"), operator=clerk, item=ipl)
    b.appointment(c["丙"], doctor, start=local(TODAY, "11:00"), operator=clerk, item=ipl, status="cancelled")
    later = b.appointment(c["丁"], doctor, start=local(TODAY, "14:00"), operator=clerk, item=ipl)
    latest = b.appointment(c["戊"], staff.nurse, start=local(TODAY, "15:00"), operator=clerk, status="confirmed",
                           type="consultation")
    b.appointment(c["己"], doctor, start=local(YESTERDAY, "14:00"), operator=clerk, item=ipl, status="no_show")
    b.appointment(customer(staff.consultant_b, "皮肤科客户"), staff.doctor, start=local(TODAY, "13:00"),
                  operator=clerk, item=ipl, status="confirmed")

    # when the receptionist of department A reads the workbench at noon
    panel = read(staff.reception, "reception")["appointments"]

    # then each status counts today's bookings of department A, with a link to that list
    counts = {row["status"]: row["value"] for row in panel["by_status"]}
    assert counts == {"pending": 2, "confirmed": 2, "arrived": 0, "completed": 0, "cancelled": 1, "no_show": 0}
    confirmed = next(row for row in panel["by_status"] if row["status"] == "confirmed")
    assert confirmed["link"] == f"/appointments/list?date_from={TODAY}&date_to={TODAY}&status=confirmed"
    assert panel["total"]["value"] == 4  # cancelled ones left out
    assert panel["total"]["link"].endswith("&status=pending%2Cconfirmed%2Carrived%2Ccompleted%2Cno_show")
    # and the two open ones whose time has passed are late
    assert panel["late"] == {"value": 2, "link": (f"/appointments/list?date_from={TODAY}&date_to={TODAY}"
                                                  "&status=pending%2Cconfirmed")}
    # and 待到院 lists the open ones in time order, the late ones flagged, each opening the booking on the calendar
    assert [row["id"] for row in panel["upcoming"]] == [late1.pk, late2.pk, later.pk, latest.pk]
    assert [row["is_late"] for row in panel["upcoming"]] == [True, True, False, False]
    assert panel["upcoming"][2]["staff"] == ["刘医生"] and panel["upcoming"][2]["items"] == ["光子嫩肤"]
    assert panel["upcoming"][3]["items"] == ["面诊"]
    assert panel["upcoming"][2]["link"] == f"/appointments?date={TODAY}&appointment={later.pk}"


def test_arrivals_and_waiting_list_of_the_department(staff, customer):
    reception = staff.reception
    # given first visits, a returning customer (came last week), a visit that left, a cancelled one
    first1, first2 = customer(staff.consultant, "首诊一"), customer(staff.consultant2, "首诊二")
    returning, gone, cancelled = (customer(staff.consultant, n) for n in ("老客户", "已离院", "取消"))
    b.visit(returning, at=local(LAST_WEEK, "10:00"), operator=reception, status="left")
    b.visit(first1, at=local(TODAY, "09:00"), operator=reception)
    b.to_treatment(b.visit(returning, at=local(TODAY, "09:30"), operator=reception), operator=reception)
    b.visit(first2, at=local(TODAY, "10:00"), operator=reception)
    b.visit(gone, at=local(TODAY, "08:00"), operator=reception, status="left")
    b.visit(cancelled, at=local(TODAY, "08:10"), operator=reception, status="cancelled")
    # and a customer of department B in that department's waiting room
    b.visit(customer(staff.consultant_b, "皮肤科客户"), at=local(TODAY, "09:00"), operator=staff.reception_b)

    # when department A's receptionist reads the workbench
    panel = read(reception, "reception")

    # then arrivals are today's visits of the department, cancelled ones left out
    arrivals = panel["arrivals"]
    assert (arrivals["total"]["value"], arrivals["new"]["value"], arrivals["returning"]["value"]) == (4, 3, 1)
    assert arrivals["new"]["link"] == f"/customers/list?first_visit_after={TODAY}&first_visit_before={TODAY}"
    # and the waiting list is who is still here, in order of arrival
    waiting = panel["waiting"]
    assert waiting["total"] == {"value": 3, "link": "/reception/waiting"}
    assert {r["status"]: r["value"] for r in waiting["by_status"]} == {"waiting": 2, "consulting": 0, "treating": 1}
    assert [r["customer"]["name"] for r in waiting["rows"]] == ["首诊一", "老客户", "首诊二"]
    assert waiting["rows"][1]["kind"] == "return" and waiting["rows"][1]["triage_target"] == "treatment"
    assert waiting["rows"][1]["link"] == f"/customers/{returning.pk}"

    # and department B's receptionist sees their own waiting room only
    other = read(staff.reception_b, "reception")
    assert [r["customer"]["name"] for r in other["waiting"]["rows"]] == ["皮肤科客户"]
    assert other["arrivals"]["total"]["value"] == 1
