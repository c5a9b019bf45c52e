"""The calendar (a constant number of queries), the list with its filters and search, the export, the 360° tab."""

from __future__ import annotations

import io
import itertools
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from yimei.appointments import services
from yimei.appointments.models import ScheduleEntry
from yimei.appointments.tests.conftest import at, day, line
from yimei.customers import services as customers

_phones = itertools.count(1)


def fill(clerk, doctors, per_doctor, *, offset=1):
    """``per_doctor`` half-hour bookings from 09:00 for each doctor, each for its own customer."""
    for doctor in doctors:
        ScheduleEntry.objects.create(staff=doctor, date=day(offset), kind="work", start_time=at(0, "08:00").time(),
                                     end_time=at(0, "21:00").time())
        for k in range(per_doctor):
            n = next(_phones)
            customer = customers.create_customer(operator=clerk, name=f"客户{n}", phone=f"1370000{n:04d}")
            start = at(offset, "09:00") + timedelta(minutes=30 * k)
            services.create_appointment(operator=clerk, customer=customer, type="treatment",
                                        lines=[line(doctor, start, start + timedelta(minutes=30))])


def calendar_queries(client, date) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/appointments/calendar/?date={date}")
    assert response.status_code == 200, response.content
    return len(captured), response.json()


def test_the_calendar_costs_the_same_queries_for_a_quiet_and_a_busy_day(client_for, clerk, make_staff, org):
    client = client_for(clerk)
    client.get("/api/v1/appointments/calendar/")  # warm the session and access caches
    quiet_doctors = [make_staff(unit=org["team_a2"]) for _ in range(2)]
    fill(clerk, quiet_doctors, 2, offset=1)
    busy_doctors = [make_staff(unit=org["team_a2"]) for _ in range(6)]
    fill(clerk, busy_doctors, 5, offset=2)

    quiet, quiet_body = calendar_queries(client, day(1))
    busy, busy_body = calendar_queries(client, day(2))

    assert (len(quiet_body["events"]), len(busy_body["events"])) == (4, 30)
    assert len(busy_body["resources"]) == 6 and len(busy_body["schedules"]) == 6
    assert quiet == busy


def test_calendar_by_rooms_and_filters(client_for, clerk, doctor, doctor2, rostered, room, thermage, customer, items):
    services.create_appointment(operator=clerk, customer=customer, type="treatment", lines=[
        line(doctor, at(1, "10:00"), at(1, "11:00"), item=items["ipl"], resource=room),
        line(doctor2, at(1, "11:00"), at(1, "12:00"), item=items["hydra"])])
    client = client_for(clerk)
    rooms = client.get(f"/api/v1/appointments/calendar/?date={day(1)}&group=resource").json()
    assert [r["title"] for r in rooms["resources"]] == ["光电治疗室 1", "热玛吉设备"]
    assert [e["resource_ids"] for e in rooms["events"]] == [[f"staff-{doctor.pk}", f"resource-{room.pk}"]]
    by_item = client.get(f"/api/v1/appointments/calendar/?date={day(1)}&item={items['hydra'].pk}").json()
    assert [e["item_name"] for e in by_item["events"]] == ["水光针"]
    week = client.get(f"/api/v1/appointments/calendar/?date={day(0)}&days=7&staff={doctor2.pk}").json()
    assert [r["id"] for r in week["resources"]] == [f"staff-{doctor2.pk}"]
    assert week["events"][0]["editable"] is True and week["events"][0]["customer"]["phone"] == "138****8011"
    for bad in ("days=9", "group=rooms", "date=2026-13-01", "status=lost", "staff=a,b"):
        response = client.get(f"/api/v1/appointments/calendar/?{bad}")
        assert response.status_code == 400 and response.json()["message"], bad


def test_list_search_filters_and_export(client_for, clerk, doctor, doctor2, rostered, customer, other_customer,
                                        items):
    first = services.create_appointment(operator=clerk, customer=customer, type="treatment", lines=[
        line(doctor, at(1, "10:00"), at(1, "11:00"), item=items["ipl"])]).appointment
    services.create_appointment(operator=clerk, customer=other_customer, type="consultation", lines=[
        line(doctor2, at(2, "10:00"), at(2, "11:00"))])
    client = client_for(clerk)

    def numbers(query: str) -> list[str]:
        return [row["number"] for row in client.get(f"/api/v1/appointments/?{query}").json()["results"]]

    assert len(numbers("")) == 2
    assert numbers("search=8011") == [first.number]
    assert numbers("search=张") == [first.number]
    assert numbers(f"staff={doctor.pk}") == [first.number]
    assert numbers(f"item={items['ipl'].pk}") == [first.number]
    assert numbers(f"date_from={day(1)}&date_to={day(1)}") == [first.number]
    assert numbers("type=consultation") != [first.number]

    response = client.get(f"/api/v1/appointments/export/?staff={doctor.pk}")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("预约号", "客户", "手机号")
    assert rows[1][:3] == (first.number, "张三", "138****8011") and rows[1][6] == "光子嫩肤"
    assert len(rows) == 2


def test_the_360_view_has_the_appointments_tab(client_for, clerk, doctor, rostered, customer):
    services.create_appointment(operator=clerk, customer=customer, type="treatment",
                                lines=[line(doctor, at(1, "10:00"), at(1, "11:00"))])
    from yimei.customers.tabs import tabs

    assert "appointments" in [t.key for t in tabs()]
    overview = client_for(clerk).get(f"/api/v1/customers/{customer.pk}/overview/")
    assert overview.status_code == 200, overview.content
    tab = next(t for t in overview.json()["tabs"] if t["key"] == "appointments")
    assert (tab["title"], tab["count"]) == ("预约", 1)
