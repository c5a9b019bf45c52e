"""The booking API end to end: book two lines for two doctors, see it in the calendar, move, confirm, check in."""

from __future__ import annotations

from yimei.appointments.models import Appointment
from yimei.appointments.tests.conftest import api_line, day


def test_book_two_doctors_then_calendar_move_check_in(client_for, clerk, doctor, doctor2, rostered, items, room,
                                                       customer):
    client = client_for(clerk)
    # given a booking of IPL with doctor A at 10:00 in room 1 and 水光针 with doctor B at 11:00, tomorrow
    response = client.post("/api/v1/appointments/", {
        "customer": customer.pk, "type": "treatment", "source": "phone",
        "lines": [api_line(doctor, 1, "10:00", "11:00", item=items["ipl"].pk, resource=room.pk),
                  api_line(doctor2, 1, "11:00", "11:30", item=items["hydra"].pk)]}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["number"].startswith("YY")
    assert [line["staff"]["name"] for line in body["lines"]] == ["刘医生", "周医生"]
    assert body["customer"]["phone"] == "138****8011"
    kinds = sorted(m["kind"] for m in body["messages"])
    assert "appointment.confirmed" in kinds and "appointment.reminder" in kinds

    # when the calendar of tomorrow is read
    calendar = client.get(f"/api/v1/appointments/calendar/?date={day(1)}").json()
    # then both lines are events in their doctors' columns
    assert {e["resource_ids"][0] for e in calendar["events"]} == {f"staff-{doctor.pk}", f"staff-{doctor2.pk}"}
    assert {r["id"] for r in calendar["resources"]} >= {f"staff-{doctor.pk}", f"staff-{doctor2.pk}"}
    assert calendar["schedules"]

    # a move onto doctor B's 11:00 is refused with a message naming the booking
    first = body["lines"][0]["id"]
    refused = client.post(f"/api/v1/appointments/{body['id']}/move/", {
        "line": first, "staff": doctor2.pk, "start": body["lines"][1]["start"], "end": body["lines"][1]["end"]},
        format="json")
    assert refused.status_code == 400, refused.content
    assert refused.json()["code"] == "overlapping_lines"

    moved = client.post(f"/api/v1/appointments/{body['id']}/move/", {
        "line": first, "start": api_line(doctor, 1, "14:00", "15:00")["start"],
        "end": api_line(doctor, 1, "14:00", "15:00")["end"]}, format="json")
    assert moved.status_code == 200, moved.content
    assert client.post(f"/api/v1/appointments/{body['id']}/confirm/").json()["status"] == "confirmed"
    assert Appointment.objects.get(pk=body["id"]).status == "confirmed"
