"""Clerks booking at the same moment, on PostgreSQL: real parallel HTTP requests (the Django test client in threads,
each with its own database connection), through the whole request path — audit, transaction, locks, checks."""

from __future__ import annotations

import os
import threading
from collections import Counter

import pytest
from django.db import connections

from yimei.appointments.models import Appointment, AppointmentLine
from yimei.appointments.tests.conftest import api_line
from yimei.customers import services as customers

requires_postgresql = pytest.mark.skipif(not os.environ.get("YIMEI_DATABASE_URL", "").startswith("postgres"),
                                         reason="parallel writers are exercised on PostgreSQL")


def post_in_parallel(clients, bodies) -> list[tuple[int, str]]:
    barrier = threading.Barrier(len(bodies))
    results: list[tuple[int, str]] = [(0, "")] * len(bodies)

    def run(n: int) -> None:
        try:
            barrier.wait()
            response = clients[n].post("/api/v1/appointments/", bodies[n], format="json")
            results[n] = (response.status_code, response.json().get("code", "ok"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def many_customers(clerk, count: int):
    return [customers.create_customer(operator=clerk, name=f"并发客户{n}", phone=f"1360000{n:04d}")
            for n in range(count)]


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_eight_clerks_booking_one_doctors_slot_exactly_one_succeeds(concurrent_db, make_staff, client_for, clerk,
                                                                    doctor, rostered):
    # given eight clerks, each with a different customer, all aiming at 刘医生 tomorrow 10:00–11:00
    from yimei.appointments.tests.conftest import ALL_APPOINTMENTS, CUSTOMER_CODES

    clerks = [clerk] + [make_staff([*ALL_APPOINTMENTS, *CUSTOMER_CODES],
                                   scopes={"appointments": "all", "customers": "all"}) for _ in range(7)]
    people = many_customers(clerk, 8)
    bodies = [{"customer": c.pk, "type": "treatment", "lines": [api_line(doctor, 1, "10:00", "11:00")]}
              for c in people]

    # when they all press 保存 at the same moment
    results = post_in_parallel([client_for(c) for c in clerks], bodies)

    # then exactly one booking is saved and the seven others are told the slot is taken
    assert Counter(results) == Counter({(201, "ok"): 1, (409, "conflict"): 7}), results
    assert Appointment.objects.count() == 1
    assert AppointmentLine.objects.filter(staff=doctor, active=True).count() == 1


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_one_device_two_doctors_exactly_one_succeeds(concurrent_db, client_for, clerk, doctor, doctor2, rostered,
                                                     thermage):
    people = many_customers(clerk, 6)
    bodies = [{"customer": c.pk, "type": "treatment",
               "lines": [api_line(doctor if n % 2 else doctor2, 1, "14:00", "15:00", resource=thermage.pk,
                                  title="热玛吉")]} for n, c in enumerate(people)]
    results = post_in_parallel([client_for(clerk) for _ in bodies], bodies)
    assert Counter(results) == Counter({(201, "ok"): 1, (409, "conflict"): 5}), results
    assert AppointmentLine.objects.filter(resource=thermage, active=True).count() == 1


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_bookings_naming_the_same_doctors_in_opposite_orders_never_deadlock(concurrent_db, client_for, clerk,
                                                                            doctor, doctor2, rostered):
    # given pairs of bookings each holding both doctors, listed in opposite orders, at different hours
    people = many_customers(clerk, 8)
    bodies = []
    for n, customer in enumerate(people):
        first, second = (doctor, doctor2) if n % 2 else (doctor2, doctor)
        hour = 8 + n
        bodies.append({"customer": customer.pk, "type": "treatment", "lines": [
            api_line(first, 1, f"{hour:02d}:30", f"{hour:02d}:45"),
            api_line(second, 1, f"{hour:02d}:45", f"{hour + 1:02d}:00")]})

    results = post_in_parallel([client_for(clerk) for _ in bodies], bodies)

    # then every one of them is saved: the day locks are taken in one order whatever the lines' order
    assert results == [(201, "ok")] * 8
    assert AppointmentLine.objects.count() == 16
