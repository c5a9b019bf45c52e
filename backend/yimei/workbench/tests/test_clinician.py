"""医护 view: my booked treatments today, the deductions I operated, the customers waiting to be deducted, and my
deductions without a signature."""

from __future__ import annotations

from yimei.sales.models import Deduction
from yimei.workbench.tests import builders as b
from yimei.workbench.tests.conftest import TODAY, YESTERDAY, local, read


def test_my_treatments_today(staff, customer, clerk, catalog):
    ipl = catalog["ipl"]
    c = {name: customer(staff.consultant, name) for name in ("甲", "乙", "丙", "丁")}
    # given my bookings today (one cancelled), my booking yesterday, and a colleague's booking today
    first = b.appointment(c["甲"], staff.doctor, start=local(TODAY, "09:00"), operator=clerk, item=ipl,
                          status="arrived")
    second = b.appointment(c["乙"], staff.doctor, start=local(TODAY, "14:00"), operator=clerk, item=ipl)
    b.appointment(c["丙"], staff.doctor, start=local(TODAY, "11:00"), operator=clerk, item=ipl, status="cancelled")
    b.appointment(c["丁"], staff.doctor, start=local(YESTERDAY, "09:00"), operator=clerk, item=ipl)
    b.appointment(c["丁"], staff.nurse, start=local(TODAY, "10:00"), operator=clerk, item=ipl)

    # when I (the doctor) read my workbench
    panel = read(staff.doctor, "clinician")["treatments"]

    # then my two treatments today are listed in time order, each opening its booking
    assert panel["total"] == {"value": 2, "link": f"/appointments?date={TODAY}"}
    assert [r["appointment"] for r in panel["rows"]] == [first.pk, second.pk]
    assert panel["rows"][0]["subject"] == "光子嫩肤" and panel["rows"][0]["status"] == "arrived"
    assert panel["rows"][1]["link"] == f"/appointments?date={TODAY}&appointment={second.pk}"
    # and the nurse has hers
    assert read(staff.nurse, "clinician")["treatments"]["total"]["value"] == 1


def test_deductions_pending_and_unsigned(staff, customer, catalog, modes, seller):
    card = catalog["card"]
    reception, nurse, doctor = staff.reception, staff.nurse, staff.doctor

    def with_card(name, owner=staff.consultant):
        person = customer(owner, name)
        return person, b.card(person, card, operator=seller, modes=modes, at=local(YESTERDAY, "10:00"))

    # given customers in for treatment today: one with sessions left and nothing deducted yet, one already
    # deducted on this visit, one without sessions, one only waiting (not triaged to treatment)
    waiting_for_me, sessions1 = with_card("待划扣")
    done_today, sessions2 = with_card("已划扣")
    no_sessions = customer(staff.consultant, "无次数")
    not_triaged, _ = with_card("候诊中")
    in_b, _ = with_card("皮肤科客户", owner=staff.consultant_b)
    pending_visit = b.to_treatment(b.visit(waiting_for_me, at=local(TODAY, "09:00"), operator=reception),
                                   operator=reception)
    done_visit = b.to_treatment(b.visit(done_today, at=local(TODAY, "09:10"), operator=reception),
                                operator=reception)
    b.to_treatment(b.visit(no_sessions, at=local(TODAY, "09:20"), operator=reception), operator=reception)
    b.visit(not_triaged, at=local(TODAY, "09:30"), operator=reception)
    b.to_treatment(b.visit(in_b, at=local(TODAY, "09:40"), operator=staff.reception_b),
                   operator=staff.reception_b)
    # and deductions: today by the nurse with the doctor, today by the nurse alone, yesterday by the nurse
    b.deduction(sessions2, at=local(TODAY, "10:00"), operator=nurse, operators=[nurse, doctor], visit=done_visit)
    alone = b.deduction(sessions2, at=local(TODAY, "11:00"), operator=nurse, operators=[nurse], quantity=2)
    b.deduction(sessions1, at=local(YESTERDAY, "16:00"), operator=nurse, operators=[nurse])
    # one of them recorded without a signature (paper history)
    Deduction.objects.filter(pk=alone.pk).update(signature="")

    # when the nurse reads her workbench
    panel = read(nurse, "clinician")

    # then her deductions today count both of hers (3 sessions), the doctor's only the shared one
    assert panel["deductions"] == {"value": 2, "sessions": 3, "link": f"/treatment/today?date={TODAY}"}
    assert read(doctor, "clinician")["deductions"]["value"] == 1
    # and the customer waiting to be deducted is listed, opening the deduction page for that visit
    pending = panel["pending_deductions"]
    assert pending["total"]["value"] == 1
    assert [r["customer"]["name"] for r in pending["rows"]] == ["待划扣"]
    assert pending["rows"][0]["link"] == f"/treatment/deduct?customer={waiting_for_me.pk}&visit={pending_visit.pk}"
    # and the unsigned one is counted for her, not for the doctor who was not on it
    assert panel["unsigned"]["value"] == 1
    assert read(doctor, "clinician")["unsigned"]["value"] == 0
