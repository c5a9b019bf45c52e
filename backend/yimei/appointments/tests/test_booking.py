"""Booking rules: conflicts with other bookings (block and warn), the schedule rule, bad input in Chinese with
nothing saved, leads becoming customer files, 指定医生复查, scopes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yimei.appointments import services
from yimei.appointments.models import Appointment, AppointmentLine, ScheduleEntry
from yimei.appointments.tests.conftest import api_line, at, day, line
from yimei.core.errors import BusinessError
from yimei.customers.models import Customer, CustomerEvent

URL = "/api/v1/appointments/"


def book(operator, customer, *lines, type="treatment", confirm=False):
    return services.create_appointment(operator=operator, customer=customer, type=type, lines=list(lines),
                                       confirm_warnings=confirm)


def counts():
    return Appointment.objects.count(), AppointmentLine.objects.count(), Customer.objects.count()


# --- conflicts with other bookings ------------------------------------------------------------------------


def test_a_doctor_booked_twice_is_refused_with_the_booking_named(clerk, doctor, rostered, customer, other_customer):
    # given 张三 with 刘医生 tomorrow 10:00–11:00
    first = book(clerk, customer, line(doctor, at(1, "10:00"), at(1, "11:00"))).appointment
    before = counts()

    # when 李四 is booked with 刘医生 10:30–11:30
    with pytest.raises(BusinessError) as refused:
        book(clerk, other_customer, line(doctor, at(1, "10:30"), at(1, "11:30")))

    # then 409 conflict names the doctor, the time taken, the customer and the booking number; nothing was saved
    assert refused.value.code == "conflict" and refused.value.status_code == 409
    assert refused.value.message == f"刘医生 10:00–11:00 已有预约（张三，{first.number}）。"
    assert counts() == before


def test_a_conflict_names_the_customer_only_to_a_clerk_who_may_see_the_booking(make_staff, org, clerk, doctor,
                                                                                rostered, customer, other_customer):
    # given 张三's booking (a file of team A1) and a clerk of team A2 who sees her team's bookings only
    first = book(clerk, customer, line(doctor, at(1, "10:00"), at(1, "11:00"))).appointment
    narrow = make_staff(["appointments.appointment.add", "appointments.appointment.view"],
                        scopes={"appointments": "team"}, unit=org["team_a2"])
    # when she books 刘医生 at the same time, the answer names the booking but not the customer
    with pytest.raises(BusinessError) as refused:
        book(narrow, other_customer, line(doctor, at(1, "10:30"), at(1, "11:30")))
    assert refused.value.message == f"刘医生 10:00–11:00 已有预约（{first.number}）。"


def test_back_to_back_bookings_do_not_conflict(clerk, doctor, rostered, customer, other_customer):
    book(clerk, customer, line(doctor, at(1, "10:00"), at(1, "11:00")))
    assert book(clerk, other_customer, line(doctor, at(1, "11:00"), at(1, "12:00"))).warnings == []


def test_a_room_or_device_booked_twice_is_refused(clerk, doctor, doctor2, rostered, room, thermage, customer,
                                                  other_customer):
    book(clerk, customer, line(doctor, at(1, "10:00"), at(1, "11:00"), resource=thermage))
    with pytest.raises(BusinessError) as refused:
        book(clerk, other_customer, line(doctor2, at(1, "10:30"), at(1, "11:00"), resource=thermage))
    assert refused.value.code == "conflict"
    assert refused.value.message.startswith("热玛吉设备 10:00–11:00 已被预约（张三，")
    # another device at the same time is free
    book(clerk, other_customer, line(doctor2, at(1, "10:30"), at(1, "11:00"), resource=room))


def test_a_cancelled_booking_frees_its_time(clerk, doctor, rostered, customer, other_customer):
    first = book(clerk, customer, line(doctor, at(1, "10:00"), at(1, "11:00"))).appointment
    services.cancel(first, operator=clerk, reason="客户改约")
    book(clerk, other_customer, line(doctor, at(1, "10:00"), at(1, "11:00")))


def test_warn_mode_asks_for_confirmation_then_saves(clerk, doctor, rostered, customer, other_customer, rules):
    # given conflicts only warn
    rules(conflict_mode="warn")
    book(clerk, customer, line(doctor, at(1, "10:00"), at(1, "11:00")))
    before = counts()

    # when the clerk books over it without confirming, she is asked to confirm and nothing is saved
    with pytest.raises(BusinessError) as asked:
        book(clerk, other_customer, line(doctor, at(1, "10:30"), at(1, "11:30")))
    assert asked.value.code == "needs_confirmation" and asked.value.status_code == 409
    assert asked.value.fields["warnings"][0].startswith("刘医生 10:00–11:00 已有预约（张三，")
    assert counts() == before

    # then with confirm_warnings the booking is saved and carries the warning
    booking = book(clerk, other_customer, line(doctor, at(1, "10:30"), at(1, "11:30")), confirm=True)
    assert booking.warnings == asked.value.fields["warnings"]


def test_warn_mode_through_the_api_is_409_then_201(client_for, clerk, doctor, rostered, customer, other_customer,
                                                   rules):
    rules(conflict_mode="warn")
    client = client_for(clerk)
    body = {"customer": customer.pk, "type": "treatment", "lines": [api_line(doctor, 1, "10:00", "11:00")]}
    assert client.post(URL, body, format="json").status_code == 201
    body["customer"] = other_customer.pk
    asked = client.post(URL, body, format="json")
    assert asked.status_code == 409 and asked.json()["code"] == "needs_confirmation"
    assert asked.json()["fields"]["warnings"]
    saved = client.post(URL, {**body, "confirm_warnings": True}, format="json")
    assert saved.status_code == 201 and saved.json()["warnings"] == asked.json()["fields"]["warnings"]


# --- the schedule rule --------------------------------------------------------------------------------------


def test_outside_the_schedule_warns_by_default_and_blocks_when_set(clerk, doctor, shift, customer, rules):
    ScheduleEntry.objects.create(staff=doctor, date=day(1), kind="work", start_time=shift.start_time,
                                 end_time=shift.end_time.replace(hour=12))
    late = line(doctor, at(1, "13:00"), at(1, "14:00"))
    with pytest.raises(BusinessError) as asked:
        book(clerk, customer, late)
    assert asked.value.code == "needs_confirmation"
    assert asked.value.fields["warnings"] == ["刘医生 13:00–14:00 不在排班时间内（当日排班 08:30–12:00）。"]

    rules(schedule_mode="block")
    with pytest.raises(BusinessError) as blocked:
        book(clerk, customer, late, confirm=True)
    assert blocked.value.code == "conflict"

    rules(schedule_mode="off")
    assert book(clerk, customer, late).warnings == []


def test_split_shifts_that_touch_cover_a_booking_across_them(clerk, doctor, customer, rules):
    rules(schedule_mode="block")
    for start, end in (("08:30", "12:00"), ("12:00", "17:30")):
        ScheduleEntry.objects.create(staff=doctor, date=day(1), kind="work",
                                     start_time=at(1, start).time(), end_time=at(1, end).time())
    book(clerk, customer, line(doctor, at(1, "11:30"), at(1, "12:30")))


def test_leave_and_no_schedule_are_named(clerk, doctor, doctor2, customer, rules):
    rules(schedule_mode="block")
    ScheduleEntry.objects.create(staff=doctor, date=day(1), kind="leave", note="年假")
    with pytest.raises(BusinessError) as on_leave:
        book(clerk, customer, line(doctor, at(1, "10:00"), at(1, "11:00")))
    assert on_leave.value.message == f"刘医生 {day(1).month}月{day(1).day}日 请假（年假），不在排班时间内。"
    with pytest.raises(BusinessError) as unscheduled:
        book(clerk, customer, line(doctor2, at(1, "10:00"), at(1, "11:00")))
    assert unscheduled.value.message == f"周医生 {day(1).month}月{day(1).day}日 没有排班。"


# --- bad input ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("change", "code", "message"), [
    (lambda data, ctx: data["lines"][0].update(end=data["lines"][0]["start"]), "end_before_start",
     "第 1 项的结束时间须晚于开始时间。"),
    (lambda data, ctx: data["lines"][0].pop("staff"), "invalid", "请选择员工。"),
    (lambda data, ctx: data["lines"][0].update(start=(timezone.now() - timedelta(hours=2)).isoformat(),
                                               end=(timezone.now() - timedelta(hours=1)).isoformat()),
     "in_the_past", None),
    (lambda data, ctx: data["lines"][0].update(item=ctx["items"]["old"].pk), "inactive_item",
     "项目“停用项目”已停用，不能预约。"),
    (lambda data, ctx: data["lines"][0].update(item=999999), "not_found", "项目不存在。"),
    (lambda data, ctx: data["lines"].append(api_line(ctx["doctor"], 1, "10:30", "11:30")), "overlapping_lines",
     None),
    (lambda data, ctx: data.update(lines=[]), "invalid", "请至少添加一项预约。"),
    (lambda data, ctx: data.update(type="massage"), "invalid", "请选择预约类型：咨询、治疗、复查或手术。"),
])
def test_bad_input_is_refused_in_chinese_and_saves_nothing(client_for, clerk, doctor, rostered, items, customer,
                                                           change, code, message):
    data = {"customer": customer.pk, "type": "treatment", "lines": [api_line(doctor, 1, "10:00", "11:00")]}
    change(data, {"items": items, "doctor": doctor})
    before = counts()
    events = CustomerEvent.objects.count()

    response = client_for(clerk).post(URL, data, format="json")

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == code
    if message:
        assert body["message"] == message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    assert counts() == before and CustomerEvent.objects.count() == events


def test_overlapping_lines_for_one_doctor_in_one_booking_name_both(clerk, doctor, rostered, customer):
    with pytest.raises(BusinessError) as refused:
        book(clerk, customer, line(doctor, at(1, "10:00"), at(1, "11:00")),
             line(doctor, at(1, "10:30"), at(1, "11:00")))
    assert refused.value.message == "第 1 项与第 2 项是同一位员工（刘医生），时间重叠：10:00–11:00 与 10:30–11:00。"


def test_a_staff_member_outside_the_clerks_scope_cannot_be_booked(make_staff, org, client_for, doctor, rostered,
                                                                  customer):
    # given a clerk whose appointment scope is her own team (A1), and a dermatologist in department B
    clerk = make_staff(["appointments.appointment.add", "appointments.appointment.view", "customers.customer.view"],
                       scopes={"appointments": "team", "customers": "all"})
    outsider = make_staff(unit=org["team_b1"])
    body = {"customer": customer.pk, "type": "treatment", "lines": [api_line(outsider, 1, "10:00", "11:00")]}

    response = client_for(clerk).post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "out_of_scope"
    assert "不在您的数据权限范围内" in response.json()["message"]
    assert not Appointment.objects.exists()


def test_a_consultant_books_only_their_own_customers(make_staff, client_for, doctor, rostered, customer):
    consultant = make_staff(["appointments.appointment.add", "appointments.appointment.view",
                             "customers.customer.view"], scopes={"appointments": "all", "customers": "own"})
    response = client_for(consultant).post(URL, {
        "customer": customer.pk, "type": "treatment", "lines": [api_line(doctor, 1, "10:00", "11:00")]},
        format="json")
    assert response.status_code == 404
    assert not Appointment.objects.exists()


def test_a_stopped_staff_member_cannot_be_booked(clerk, doctor, rostered, customer):
    doctor.is_active = False
    doctor.save(update_fields=["is_active"])
    with pytest.raises(BusinessError) as refused:
        book(clerk, customer, line(doctor, at(1, "10:00"), at(1, "11:00")))
    assert refused.value.code == "inactive_staff"


# --- leads -----------------------------------------------------------------------------------------------------


def test_a_lead_becomes_a_customer_file(client_for, clerk, doctor, rostered):
    response = client_for(clerk).post(URL, {
        "lead": {"name": "王小姐", "phone": "+86 139-0000-1234"}, "type": "consultation", "source": "online",
        "lines": [api_line(doctor, 1, "14:00", "14:30", title="面部年轻化咨询")]}, format="json")
    assert response.status_code == 201, response.content
    customer = Customer.objects.get(name="王小姐")
    assert customer.phone == "13900001234"
    assert response.json()["customer"] == {"id": customer.pk, "name": "王小姐", "phone": "139****1234"}
    assert set(CustomerEvent.objects.filter(customer=customer).values_list("type", flat=True)) >= {
        "customer.created", "appointment.created"}


def test_a_leads_phone_with_a_file_books_that_file_or_points_to_it(client_for, clerk, doctor, rostered, customer):
    client = client_for(clerk)
    # same name: booked on the existing file, no second file, and the clerk is told
    same = client.post(URL, {"lead": {"name": "张三", "phone": "13800138011"}, "type": "consultation",
                             "lines": [api_line(doctor, 1, "09:00", "09:30")]}, format="json")
    assert same.status_code == 201, same.content
    assert same.json()["customer"]["id"] == customer.pk
    assert "预约记在该档案下" in same.json()["warnings"][0]
    # another name: refused, pointing to the file
    files = Customer.objects.count()
    other = client.post(URL, {"lead": {"name": "张珊", "phone": "13800138011"}, "type": "consultation",
                              "lines": [api_line(doctor, 1, "10:00", "10:30")]}, format="json")
    assert other.status_code == 409
    assert other.json()["code"] == "duplicate_phone"
    assert other.json()["fields"]["existing_customer"] == [str(customer.pk)]
    assert "张三" in other.json()["message"] and Customer.objects.count() == files


def test_a_lead_with_bad_lines_leaves_no_customer_behind(client_for, clerk, doctor, rostered, customer):
    client_for(clerk).post(URL, {"customer": customer.pk, "type": "treatment",
                                 "lines": [api_line(doctor, 1, "10:00", "11:00")]}, format="json")
    files = Customer.objects.count()
    response = client_for(clerk).post(URL, {"lead": {"name": "赵六", "phone": "13700000001"}, "type": "treatment",
                                            "lines": [api_line(doctor, 1, "10:00", "11:00")]}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert Customer.objects.count() == files


def test_booking_a_lead_needs_the_customer_file_permission(make_staff, client_for, doctor, rostered):
    clerk = make_staff(["appointments.appointment.add", "customers.customer.view"],
                       scopes={"appointments": "all", "customers": "all"})
    response = client_for(clerk).post(URL, {"lead": {"name": "赵六", "phone": "13700000001"}, "type": "consultation",
                                            "lines": [api_line(doctor, 1, "10:00", "11:00")]}, format="json")
    assert response.status_code == 403
    assert not Customer.objects.filter(name="赵六").exists()


# --- re-checks ------------------------------------------------------------------------------------------------


@pytest.fixture
def treated(clerk, customer, doctor, doctor2, items):
    """张三 bought a session of IPL and was treated by 刘医生 and 周医生."""
    from yimei.sales import services as sales
    from yimei.sales.models import PaymentMode
    from yimei.sales.tests.conftest import SIGNATURE

    cash = PaymentMode.objects.get(code="cash")
    order = sales.create_order(customer=customer, operator=clerk,
                               lines=[{"kind": "item", "item": items["ipl"], "quantity": 1}])
    sales.take_payment(order, operator=clerk, entries=[{"mode": cash, "amount": "880"}])
    right = order.lines.get().entitlements.get()
    return sales.deduct(right, customer=customer, quantity=1, operator=clerk, signature=SIGNATURE,
                        operators=[{"staff": doctor, "position": None}, {"staff": doctor2, "position": None}])


def test_a_recheck_names_the_doctor_of_the_treatment(client_for, clerk, doctor2, rostered, customer, treated):
    client = client_for(clerk)
    options = client.get(f"{URL}recheck-options/?customer={customer.pk}").json()
    assert options[0]["deduction"] == treated.pk and options[0]["item_name"] == "光子嫩肤"
    assert [d["name"] for d in options[0]["doctors"]] == ["刘医生", "周医生"]

    response = client.post(URL, {"customer": customer.pk, "type": "recheck", "lines": [
        {"staff": doctor2.pk, "recheck_of": treated.pk, "start": api_line(doctor2, 2, "10:00", "10:30")["start"],
         "end": api_line(doctor2, 2, "10:00", "10:30")["end"]}]}, format="json")

    assert response.status_code == 201, response.content
    booked = response.json()["lines"][0]
    assert booked["recheck_of"] == treated.pk
    assert booked["recheck_doctor"] == {"id": doctor2.pk, "name": "周医生"}
    assert booked["item_name"] == "光子嫩肤"


def test_a_recheck_of_someone_elses_treatment_is_refused(clerk, doctor, rostered, other_customer, treated):
    with pytest.raises(BusinessError) as refused:
        book(clerk, other_customer, line(doctor, at(1, "10:00"), at(1, "10:30"), recheck_of=treated), type="recheck")
    assert refused.value.message == "第 1 项所选的原治疗不是该客户的。"
