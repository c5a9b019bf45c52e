"""The status flow and the notices: reminders on create, move and cancel (rows in the outbox with the right times
and reasons), check-in registering the visit once, the no-show sweep (idempotent), confirm and complete."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yimei.appointments import services
from yimei.appointments.models import Appointment, AppointmentLine
from yimei.appointments.tests.conftest import at, line
from yimei.audit.models import ChangeLog
from yimei.core.errors import BusinessError
from yimei.customers.models import CustomerEvent, Visit
from yimei.notify.models import Message


def book(operator, customer, *lines, now=None, type="treatment"):
    return services.create_appointment(operator=operator, customer=customer, type=type, lines=list(lines),
                                       confirm_warnings=True, now=now).appointment


def outbox(appointment, **filters):
    return list(Message.objects.filter(source_type="appointments.appointment", source_id=str(appointment.pk),
                                       **filters).order_by("scheduled_at", "id"))


def reminders(appointment, status="pending"):
    return [m.scheduled_at for m in outbox(appointment, kind="appointment.reminder", status=status)]


# --- reminders ------------------------------------------------------------------------------------------------


def test_a_booking_writes_its_confirmation_and_reminders(clerk, doctor, rostered, customer):
    # when 张三 is booked in three days at 15:00 (defaults: the day before at 10:00, and two hours before)
    appointment = book(clerk, customer, line(doctor, at(3, "15:00"), at(3, "16:00")))

    # then the outbox holds a confirmation due now and the two reminders at their times
    confirmed = outbox(appointment, kind="appointment.confirmed")
    assert len(confirmed) == 1 and confirmed[0].status == "pending"
    assert abs(confirmed[0].scheduled_at - timezone.now()) < timedelta(minutes=1)
    assert "张三您好，您已预约" in confirmed[0].text and appointment.number in confirmed[0].text
    assert reminders(appointment) == [at(2, "10:00"), at(3, "13:00")]


def test_reminder_times_already_past_are_left_out(clerk, doctor, rostered, customer):
    appointment = book(clerk, customer, line(doctor, at(1, "13:00"), at(1, "14:00")), now=at(1, "12:00"))
    assert reminders(appointment) == []
    assert len(outbox(appointment, kind="appointment.confirmed")) == 1


def test_the_clinics_offsets_and_switches_apply(clerk, doctor, rostered, customer, rules):
    rules(reminder_offsets=[{"days_before": 2, "at": "18:30"}], send_confirmation=False)
    appointment = book(clerk, customer, line(doctor, at(4, "09:00"), at(4, "10:00")))
    assert outbox(appointment, kind="appointment.confirmed") == []
    assert reminders(appointment) == [at(2, "18:30")]


def test_moving_a_booking_reschedules_its_pending_reminders(clerk, doctor, rostered, customer):
    # given a booking in three days at 15:00 with its two reminders
    appointment = book(clerk, customer, line(doctor, at(3, "15:00"), at(3, "16:00")))
    old = outbox(appointment, kind="appointment.reminder")
    target = appointment.lines.get()

    # when it is moved to five days ahead at 09:00
    services.move_line(appointment, operator=clerk, line_id=target.pk, start=at(5, "09:00"), end=at(5, "10:00"))

    # then the old reminders are cancelled with the reason, and new ones wait for the new time
    for message in old:
        message.refresh_from_db()
        assert message.status == "cancelled" and message.status_reason == "预约已改期，按新时间重新安排"
    assert reminders(appointment) == [at(4, "10:00"), at(5, "07:00")]
    # the customer is told the new time
    confirmations = outbox(appointment, kind="appointment.confirmed")
    assert [m.status for m in confirmations].count("pending") == 1
    assert CustomerEvent.objects.filter(type="appointment.moved", customer=customer).count() == 1
    appointment.refresh_from_db()
    assert (appointment.starts_at, appointment.ends_at) == (at(5, "09:00"), at(5, "10:00"))
    change = ChangeLog.objects.filter(object_type="appointments.appointmentline", object_id=str(target.pk),
                                      action="update").get()
    assert set(change.after) >= {"start", "end"} and change.before["start"] != change.after["start"]


def test_cancelling_withdraws_reminders_and_may_tell_the_customer(clerk, doctor, rostered, customer):
    appointment = book(clerk, customer, line(doctor, at(3, "15:00"), at(3, "16:00")))

    services.cancel(appointment, operator=clerk, reason="客户出差", notify=True)

    withdrawn = outbox(appointment, kind="appointment.reminder")
    assert {(m.status, m.status_reason) for m in withdrawn} == {("cancelled", "预约已取消：客户出差")}
    notice = outbox(appointment, kind="appointment.cancelled")
    assert len(notice) == 1 and notice[0].status == "pending" and "已取消" in notice[0].text
    appointment.refresh_from_db()
    assert (appointment.status, appointment.cancel_reason, appointment.cancelled_by) == ("cancelled", "客户出差",
                                                                                         clerk)
    assert not AppointmentLine.objects.filter(appointment=appointment, active=True).exists()


def test_cancelling_without_notice(clerk, doctor, rostered, customer):
    appointment = book(clerk, customer, line(doctor, at(3, "15:00"), at(3, "16:00")))
    services.cancel(appointment, operator=clerk, reason="重复预约", notify=False)
    assert outbox(appointment, kind="appointment.cancelled") == []


def test_cancelling_needs_a_reason_and_happens_once(clerk, doctor, rostered, customer):
    appointment = book(clerk, customer, line(doctor, at(3, "15:00"), at(3, "16:00")))
    with pytest.raises(BusinessError) as no_reason:
        services.cancel(appointment, operator=clerk, reason="  ")
    assert no_reason.value.message == "请填写取消原因。"
    services.cancel(appointment, operator=clerk, reason="客户出差")
    with pytest.raises(BusinessError) as again:
        services.cancel(appointment, operator=clerk, reason="客户出差")
    assert again.value.code == "appointment_closed"


# --- check-in ---------------------------------------------------------------------------------------------------


def test_check_in_registers_the_visit_once(client_for, clerk, doctor, rostered, customer):
    # given a booking earlier today
    appointment = book(clerk, customer, line(doctor, at(0, "00:30"), at(0, "01:00")), now=at(0, "00:00"))
    client = client_for(clerk)

    # when the clerk checks the customer in
    response = client.post(f"/api/v1/appointments/{appointment.pk}/check-in/")

    # then the visit is registered (waiting list), linked to the booking, which is 已到院
    assert response.status_code == 200, response.content
    visit = Visit.objects.get(customer=customer)
    assert response.json()["visit"] == {"id": visit.pk}
    assert response.json()["appointment"]["status"] == "arrived"
    assert (visit.appointment_id, visit.status) == (appointment.pk, "waiting")
    assert CustomerEvent.objects.filter(type="appointment.arrived", customer=customer).count() == 1
    assert [m.status for m in outbox(appointment, kind="appointment.confirmed")] == ["cancelled"]

    # a second check-in is refused and registers nothing
    again = client.post(f"/api/v1/appointments/{appointment.pk}/check-in/")
    assert again.status_code == 400 and again.json()["code"] == "already_arrived"
    assert Visit.objects.filter(customer=customer).count() == 1

    # then it can be completed
    assert client.post(f"/api/v1/appointments/{appointment.pk}/complete/").json()["status"] == "completed"


def test_cancelling_the_visit_puts_the_booking_back_to_waiting(client_for, clerk, doctor, rostered, customer,
                                                                make_staff):
    # given a confirmed booking earlier today, checked in
    appointment = book(clerk, customer, line(doctor, at(0, "00:30"), at(0, "01:00")), now=at(0, "00:00"))
    services.confirm(appointment, operator=clerk)
    client = client_for(clerk)
    visit_id = client.post(f"/api/v1/appointments/{appointment.pk}/check-in/").json()["visit"]["id"]

    # when the front desk cancels the visit (the wrong customer was checked in)
    desk = make_staff(["customers.visit.view", "customers.visit.change", "customers.customer.view"],
                      scopes={"customers": "all"}, username="t_desk")
    cancelled = client_for(desk).post(f"/api/v1/visits/{visit_id}/cancel/", {"reason": "登记错了客户"}, format="json")
    assert cancelled.status_code == 200, cancelled.content

    # then the booking waits for the customer again, confirmed as before, its time still held, on the timeline
    appointment.refresh_from_db()
    assert (appointment.status, appointment.visit_id, appointment.arrived_at) == ("confirmed", None, None)
    assert appointment.lines.filter(active=True).count() == 1
    event = CustomerEvent.objects.get(type="appointment.arrival_cancelled", customer=customer)
    assert event.actor_id == desk.pk and appointment.number in event.summary
    # and the customer can be checked in again when they do come
    again = client.post(f"/api/v1/appointments/{appointment.pk}/check-in/")
    assert again.status_code == 200, again.content
    assert Visit.objects.filter(customer=customer, status="waiting").count() == 1


def test_check_in_only_on_the_day(clerk, doctor, rostered, customer):
    appointment = book(clerk, customer, line(doctor, at(2, "10:00"), at(2, "11:00")))
    with pytest.raises(BusinessError) as refused:
        services.check_in(appointment, operator=clerk)
    assert refused.value.code == "not_today"
    assert not Visit.objects.exists()


# --- no-shows ------------------------------------------------------------------------------------------------------


def test_the_no_show_sweep_marks_past_days_once(clerk, doctor, rostered, customer, other_customer):
    # given a booking two days ago nobody checked in, one cancelled yesterday, and one later today
    missed = book(clerk, customer, line(doctor, at(-2, "10:00"), at(-2, "11:00")), now=at(-2, "08:00"))
    cancelled = book(clerk, other_customer, line(doctor, at(-1, "10:00"), at(-1, "11:00")), now=at(-1, "08:00"))
    services.cancel(cancelled, operator=clerk, reason="改约")
    later = book(clerk, other_customer, line(doctor, at(0, "23:00"), at(0, "23:30")), now=at(0, "00:00"))

    # when the sweep runs twice
    first, second = services.mark_no_shows(), services.mark_no_shows()

    # then only the missed booking is a no-show, once, its time released and its notices withdrawn
    assert (first, second) == (1, 0)
    statuses = dict(Appointment.objects.values_list("pk", "status"))
    assert statuses == {missed.pk: "no_show", cancelled.pk: "cancelled", later.pk: "pending"}
    assert not missed.lines.filter(active=True).exists()
    assert CustomerEvent.objects.filter(type="appointment.no_show").count() == 1
    assert outbox(missed, status="pending") == []


def test_the_front_desk_marks_a_no_show_once_its_time_has_come(client_for, clerk, doctor, rostered, customer):
    from yimei.audit.models import OperationLog

    # given a booking earlier today and one the day after tomorrow
    missed = book(clerk, customer, line(doctor, at(0, "00:05"), at(0, "00:35")), now=at(0, "00:00"))
    coming = book(clerk, customer, line(doctor, at(2, "10:00"), at(2, "11:00")))
    client = client_for(clerk)

    # when the clerk marks the first as missed
    response = client.post(f"/api/v1/appointments/{missed.pk}/no-show/")

    # then it is 爽约, its time released, its reminders withdrawn, on the timeline with the clerk, audited
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "no_show"
    assert not missed.lines.filter(active=True).exists()
    event = CustomerEvent.objects.get(type="appointment.no_show", customer=customer)
    assert event.actor_id == clerk.pk and missed.number in event.summary
    assert outbox(missed, status="pending") == []
    assert {m.status_reason for m in outbox(missed, status="cancelled")} == {"前台标记爽约"}
    assert OperationLog.objects.filter(action="no_show", object_id=str(missed.pk)).exists()

    # and it can't be marked again, nor a booking whose time hasn't come (nothing changes)
    again = client.post(f"/api/v1/appointments/{missed.pk}/no-show/")
    assert again.status_code == 400 and again.json()["code"] == "appointment_closed"
    early = client.post(f"/api/v1/appointments/{coming.pk}/no-show/")
    assert early.status_code == 400 and early.json()["code"] == "not_started"
    assert "还没到" in early.json()["message"]
    coming.refresh_from_db()
    assert coming.status == "pending" and coming.lines.filter(active=True).count() == 1
    assert CustomerEvent.objects.filter(type="appointment.no_show").count() == 1


def test_the_no_show_job_is_registered():
    from yimei.core.periodic import get_job

    job = get_job("appointments.mark_no_shows")
    assert job.func is services.mark_no_shows and job.every_seconds == 600


# --- confirm, edit ----------------------------------------------------------------------------------------------------


def test_confirm_then_edit_then_closed_bookings_stay_closed(client_for, clerk, doctor, rostered, customer):
    appointment = book(clerk, customer, line(doctor, at(3, "15:00"), at(3, "16:00")))
    client = client_for(clerk)
    url = f"/api/v1/appointments/{appointment.pk}/"
    assert client.post(f"{url}confirm/").json()["status"] == "confirmed"
    assert client.post(f"{url}confirm/").json()["status"] == "confirmed"
    edited = client.patch(url, {"note": "客户要求女医生", "source": "wechat"}, format="json")
    assert edited.status_code == 200 and edited.json()["note"] == "客户要求女医生"
    client.post(f"{url}cancel/", {"reason": "客户出差"}, format="json")
    refused = client.patch(url, {"note": "x"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "appointment_closed"
    moved = client.post(f"{url}move/", {"line": appointment.lines.get().pk, "start": at(4, "10:00").isoformat(),
                                        "end": at(4, "11:00").isoformat()}, format="json")
    assert moved.status_code == 400 and moved.json()["message"] == "该预约已取消，不能改期。"
