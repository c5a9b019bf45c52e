"""Schedules: days set in bulk, weekly templates applied with China's public holidays off and make-up working
days (调休) worked, years the holiday data does not know, scope; shift types; rooms and devices; settings."""

from __future__ import annotations

from datetime import date, time

import pytest

from yimei.appointments import schedules
from yimei.appointments.models import AppointmentSettings, ScheduleEntry, ScheduleTemplate, ShiftType
from yimei.appointments.tests.conftest import day
from yimei.core.errors import BusinessError


@pytest.fixture
def morning(db):
    return ShiftType.objects.create(name="早班", start_time=time(8, 30), end_time=time(12, 0))


@pytest.fixture
def evening(db):
    return ShiftType.objects.create(name="晚班", start_time=time(13, 30), end_time=time(20, 0))


def test_bulk_replaces_the_chosen_days(client_for, clerk, doctor, doctor2, morning):
    client = client_for(clerk)
    ScheduleEntry.objects.create(staff=doctor, date=day(1), kind="work", start_time=time(9), end_time=time(10))
    response = client.post("/api/v1/schedules/bulk/", {
        "staff": [doctor.pk, doctor2.pk], "dates": [str(day(1)), str(day(2))], "kind": "work",
        "shift_type": morning.pk}, format="json")
    assert response.status_code == 200, response.content
    assert len(response.json()) == 4
    assert ScheduleEntry.objects.filter(staff=doctor, date=day(1)).get().start_time == time(8, 30)

    leave = client.post("/api/v1/schedules/bulk/", {"staff": [doctor.pk], "dates": [str(day(2))], "kind": "leave",
                                                    "note": "年假"}, format="json")
    assert leave.json()[0]["start"] is None and leave.json()[0]["kind_display"] == "请假"

    listed = client.get(f"/api/v1/schedules/?date_from={day(1)}&date_to={day(2)}&staff={doctor.pk}").json()
    assert [(row["date"], row["kind"], row["start"], row["end"]) for row in listed] == [
        (str(day(1)), "work", "08:30", "12:00"), (str(day(2)), "leave", None, None)]


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "work"}, "shift_type"),
    ({"kind": "work", "start": "12:00", "end": "09:00"}, "end"),
    ({"kind": "nap"}, "kind"),
])
def test_bulk_bad_input(client_for, clerk, doctor, body, field):
    response = client_for(clerk).post("/api/v1/schedules/bulk/", {"staff": [doctor.pk], "dates": [str(day(1))],
                                                                  **body}, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not ScheduleEntry.objects.exists()


def test_schedules_of_staff_outside_the_scope_cannot_be_set(make_staff, org, client_for, morning):
    keeper = make_staff(["appointments.schedule.change", "appointments.schedule.view"],
                        scopes={"appointments": "team"})
    outsider = make_staff(unit=org["team_b1"])
    response = client_for(keeper).post("/api/v1/schedules/bulk/", {
        "staff": [outsider.pk], "dates": [str(day(1))], "kind": "work", "shift_type": morning.pk}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "out_of_scope"
    assert not ScheduleEntry.objects.exists()


def test_templates_skip_public_holidays_and_work_make_up_days(clerk, doctor, doctor2, morning, evening):
    # given 刘医生 works Monday–Friday mornings, 周医生 Saturday evenings
    for weekday in range(5):
        schedules.add_template(operator=clerk, staff=doctor, weekday=weekday, shift_type=morning)
    schedules.add_template(operator=clerk, staff=doctor2, weekday=5, shift_type=evening)

    # when applied over Spring Festival 2026 (holidays 15–23 Feb; Saturday 14 Feb and Saturday 28 Feb are worked)
    result = schedules.apply_templates(operator=clerk, date_from=date(2026, 2, 9), date_to=date(2026, 3, 1))

    worked = set(ScheduleEntry.objects.filter(staff=doctor).values_list("date", flat=True))
    # then no one is rostered on the holidays, 刘医生 works the make-up Saturdays like a Friday…
    assert date(2026, 2, 16) in result.skipped_holidays and date(2026, 2, 20) in result.skipped_holidays
    assert {date(2026, 2, 14), date(2026, 2, 28)} <= set(result.make_up_days)
    assert not worked & set(result.skipped_holidays)
    assert {date(2026, 2, 13), date(2026, 2, 14), date(2026, 2, 27), date(2026, 2, 28)} <= worked
    assert date(2026, 2, 21) not in worked  # a Saturday inside the holiday
    make_up = ScheduleEntry.objects.get(staff=doctor, date=date(2026, 2, 14))
    assert make_up.note == "调休上班（春节）" and make_up.start_time == time(8, 30)
    # …and 周医生 keeps her own Saturday shift on a make-up Saturday
    assert ScheduleEntry.objects.get(staff=doctor2, date=date(2026, 2, 14)).shift_type == evening
    assert result.unknown_years == []


def test_applying_again_keeps_days_already_set(clerk, doctor, morning):
    schedules.add_template(operator=clerk, staff=doctor, weekday=0, shift_type=morning)
    ScheduleEntry.objects.create(staff=doctor, date=date(2026, 3, 2), kind="leave")
    result = schedules.apply_templates(operator=clerk, date_from=date(2026, 3, 2), date_to=date(2026, 3, 15))
    assert (result.created, result.kept_days) == (1, 1)
    assert ScheduleEntry.objects.get(staff=doctor, date=date(2026, 3, 2)).kind == "leave"
    assert schedules.apply_templates(operator=clerk, date_from=date(2026, 3, 2), date_to=date(2026, 3, 15)).created == 0


def test_years_without_holiday_data_are_reported_and_go_by_weekday(client_for, clerk, doctor, morning):
    schedules.add_template(operator=clerk, staff=doctor, weekday=4, shift_type=morning)  # Fridays
    response = client_for(clerk).post("/api/v1/schedule-templates/apply/", {
        "date_from": "2026-12-28", "date_to": "2027-01-03"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["unknown_years"] == [2027]
    # 1 January 2027 is a Friday: the package does not know it is New Year's Day, so it goes by the weekday
    assert ScheduleEntry.objects.filter(staff=doctor, date=date(2027, 1, 1)).exists()


def test_template_duplicates_and_protected_shifts(client_for, clerk, doctor, morning):
    client = client_for(clerk)
    body = {"staff": doctor.pk, "weekday": 2, "shift_type": morning.pk}
    assert client.post("/api/v1/schedule-templates/", body, format="json").status_code == 201
    again = client.post("/api/v1/schedule-templates/", body, format="json")
    assert again.status_code == 400 and again.json()["code"] == "duplicate"
    refused = client.delete(f"/api/v1/shift-types/{morning.pk}/")
    assert refused.status_code == 400 and "排班模板" in refused.json()["message"]
    assert ScheduleTemplate.objects.count() == 1


def test_apply_range_limits(clerk):
    with pytest.raises(BusinessError):
        schedules.apply_templates(operator=clerk, date_from=date(2026, 3, 2), date_to=date(2026, 3, 1))
    with pytest.raises(BusinessError):
        schedules.apply_templates(operator=clerk, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))


def test_shift_times_and_resources(client_for, clerk):
    client = client_for(clerk)
    bad = client.post("/api/v1/shift-types/", {"name": "夜班", "start_time": "20:00", "end_time": "08:00"},
                      format="json")
    assert bad.status_code == 400 and bad.json()["fields"]["end_time"] == ["结束时间须晚于开始时间。"]
    made = client.post("/api/v1/appointment-resources/", {"kind": "device", "name": "热玛吉设备"}, format="json")
    assert made.status_code == 201 and made.json()["kind_display"] == "设备"
    twice = client.post("/api/v1/appointment-resources/", {"kind": "room", "name": "热玛吉设备"}, format="json")
    assert twice.status_code == 400
    off = client.patch(f"/api/v1/appointment-resources/{made.json()['id']}/", {"is_active": False}, format="json")
    assert off.json()["is_active"] is False
    assert client.get("/api/v1/appointment-resources/?is_active=true").json() == []


def test_settings_validate_reminder_offsets(client_for, clerk):
    client = client_for(clerk)
    ok = client.patch("/api/v1/appointment-settings/", {
        "conflict_mode": "warn", "reminder_offsets": [{"days_before": 1, "at": "09:30"}, {"hours_before": 3}],
        "clinic_name": "医学美容科"}, format="json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["reminder_offsets"] == [{"days_before": 1, "at": "09:30"}, {"hours_before": 3}]
    assert AppointmentSettings.current().conflict_mode == "warn"
    for bad in ([{"days_before": 1}], [{"hours_before": 2, "days_before": 1, "at": "10:00"}], [{"hours_before": 0}],
                [{"minutes": 5}], "soon"):
        response = client.patch("/api/v1/appointment-settings/", {"reminder_offsets": bad}, format="json")
        assert response.status_code == 400, bad
    assert client.patch("/api/v1/appointment-settings/", {"conflict_mode": "off"}, format="json").status_code == 400
    assert AppointmentSettings.current().reminder_offsets == [{"days_before": 1, "at": "09:30"}, {"hours_before": 3}]
