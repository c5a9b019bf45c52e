#!/usr/bin/env python3
"""Appointment benchmark: the calendar's day view and booking, through the real HTTP API.

    YIMEI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yimei YIMEI_REDIS_URL=redis://... \
        .venv/bin/python bench/appointments_bench.py

The database (``--database URL``, else YIMEI_DATABASE_URL) is prepared first, once: migrate, the demo department
plus bench staff of the customer benchmark, ``--customers`` customers (``manage.py generate_customers``, only when
the database has none), ``--staff`` bench doctors and nurses (40) with working hours 08:00–20:00 on every day from
``--history`` days back to 30 days ahead, and ``--per-staff`` (20) half-hour bookings per staff member and day from
08:00 to 18:00 on each of those days (past days completed, missed or cancelled; coming days pending or confirmed;
some with a room or a device) — written in bulk, as a clinic's history would be.

Then gunicorn (2 sync workers, deploy/gunicorn.conf.py) serves it, the script logs in as the director (appointment
scope: the department and below) and measures, sequentially, after warm-up:

* calendar, day view: ``GET /api/v1/appointments/calendar/?date=…`` for the coming days, each with the 40 staff
  columns, 800 events and their working hours (target p95 ≤ 80 ms); the week view is measured too (no target);
* booking: ``POST /api/v1/appointments/`` of two lines with two staff members (one with a room) in the free
  18:00–20:00 of those days, for a random customer (target p95 ≤ 100 ms);

with the SQL query count of the day view for a quiet day (2 staff) and for a full one (must be equal), and EXPLAIN
(ANALYZE, BUFFERS) of the slowest statement of a scenario that missed. The table goes to stdout and
bench/results/appointments-<staff>x<per-staff>.txt. Exit status 1 when a request failed or a target was missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import customers_bench as cb

REPO, BACKEND, RESULTS, VENV_BIN = cb.REPO, cb.BACKEND, cb.RESULTS, cb.VENV_BIN
CALENDAR_P95_MS = 80
BOOKING_P95_MS = 100
AHEAD_DAYS = 30
KEY_WIDTH = 50
log = cb.log


Scenario = cb.Timed


# --- preparation ------------------------------------------------------------------------------------------------


def bench_staff(count: int) -> list[int]:
    """``count`` bench doctors and nurses in the medical and nursing teams (created once)."""
    from yimei.accounts import services
    from yimei.accounts.models import OrgUnit, Position, Role, User
    from yimei.core import context

    units = {u.code: u for u in OrgUnit.objects.all()}
    positions = {p.code: p for p in Position.objects.all()}
    roles = {r.code: r for r in Role.objects.all()}
    surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"
    ids = []
    with context.request_context(context.RequestContext(request_id="bench", actor="系统")):
        for i in range(count):
            kind = "doctor" if i % 2 == 0 else "nurse"
            username = f"bench_appt_{i + 1:02d}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = services.create_staff(
                    username=username, name=f"{surnames[i % len(surnames)]}{'医' if kind == 'doctor' else '护'}{i + 1}",
                    staff_number=f"BAPT{i + 1:03d}", org_unit=units["medical" if kind == "doctor" else "nursing"],
                    positions=[positions[kind]], password=cb.PASSWORD, must_change_password=False)
                user.roles.set([roles[kind]])
            ids.append(user.pk)
    return ids


def generate_bookings(staff: list[int], *, per_staff: int, first: date, last: date, seed: int) -> int:
    """Working hours and ``per_staff`` half-hour bookings from 08:00 per staff member and day, in bulk."""
    from django.db import transaction
    from django.utils import timezone

    from yimei.accounts.models import User
    from yimei.appointments.models import Appointment, AppointmentLine, Resource, ScheduleEntry
    from yimei.customers.models import Customer

    rng = random.Random(seed)
    zone = timezone.get_default_timezone()
    rooms = [Resource.objects.get_or_create(name=name, defaults={"kind": kind})[0] for name, kind in (
        ("光电治疗室 1", "room"), ("光电治疗室 2", "room"), ("注射室", "room"), ("手术室", "room"),
        ("热玛吉设备", "device"), ("超声刀设备", "device"))]
    customer_ids = list(Customer.objects.filter(merged_into__isnull=True).values_list("pk", flat=True)[:200_000])
    unit = User.objects.get(username="reception").org_unit_id
    creator = User.objects.get(username="reception").pk
    today = timezone.localdate()
    titles = ["光子嫩肤", "水光针", "热玛吉", "超声刀", "皮秒", "肉毒素", "玻尿酸", "面诊咨询", "术后复查"]
    made = 0
    day = first
    while day <= last:
        with transaction.atomic():
            ScheduleEntry.objects.bulk_create([
                ScheduleEntry(staff_id=pk, date=day, kind="work", start_time=datetime.min.time().replace(hour=8),
                              end_time=datetime.min.time().replace(hour=20)) for pk in staff])
            appointments, lines = [], []
            for s_index, pk in enumerate(staff):
                for k in range(per_staff):
                    start = datetime.combine(day, datetime.min.time(), tzinfo=zone) + timedelta(hours=8,
                                                                                                minutes=30 * k)
                    end = start + timedelta(minutes=30)
                    if day < today:
                        status = rng.choices(["completed", "no_show", "cancelled"], [85, 7, 8])[0]
                    else:
                        status = rng.choices(["pending", "confirmed", "cancelled"], [45, 50, 5])[0]
                    appointments.append(Appointment(
                        number=f"YG{day:%Y%m%d}-{s_index:02d}{k:02d}", customer_id=rng.choice(customer_ids),
                        type=rng.choice(["consultation", "treatment", "treatment", "recheck"]), source="phone",
                        status=status, starts_at=start, ends_at=end, org_unit_id=unit, created_by_id=creator,
                        cancel_reason="客户改约" if status == "cancelled" else ""))
                    # A room or device where it does not double-book: each is used by one staff member per day.
                    resource = rooms[s_index].pk if s_index < len(rooms) else None
                    lines.append((start, end, pk, resource, rng.choice(titles), status))
            Appointment.objects.bulk_create(appointments, batch_size=2000)
            AppointmentLine.objects.bulk_create([
                AppointmentLine(appointment=a, staff_id=pk, resource_id=resource, start=start, end=end,
                                item_name=title, active=status not in ("cancelled", "no_show"))
                for a, (start, end, pk, resource, title, status) in zip(appointments, lines, strict=True)],
                batch_size=2000)
            made += len(appointments)
        day += timedelta(days=1)
    return made


def prepare(args: argparse.Namespace) -> dict:
    cb.setup_django()
    from django.db import connection
    from django.utils import timezone

    from yimei.accounts.models import User
    from yimei.appointments.models import Appointment, AppointmentLine, AppointmentSettings
    from yimei.customers.models import Customer

    generated = cb.ensure_history(customers=args.customers, seed=args.seed, events_per_customer=5)
    staff = bench_staff(args.staff)
    today = timezone.localdate()
    if not Appointment.objects.filter(number__startswith="YG").exists():
        started = time.perf_counter()
        made = generate_bookings(staff, per_staff=args.per_staff, first=today - timedelta(days=args.history),
                                 last=today + timedelta(days=AHEAD_DAYS), seed=args.seed)
        generated.append(f"{made:,} bookings generated in {time.perf_counter() - started:,.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    AppointmentSettings.objects.update_or_create(pk=1, defaults={"conflict_mode": "block", "schedule_mode": "warn"})
    director = User.objects.get(username="director")
    director.set_password(cb.PASSWORD)
    director.save(update_fields=["password"])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    data = (f"{Customer.objects.count():,} customers, {Appointment.objects.count():,} bookings, "
            f"{AppointmentLine.objects.count():,} lines; {args.staff} staff × {args.per_staff} bookings a day from "
            f"{args.history} days back to {AHEAD_DAYS} ahead" + (f" ({'; '.join(generated)})" if generated else ""))
    customers = list(Customer.objects.filter(merged_into__isnull=True).values_list("pk", flat=True)[:5000])
    return {"director": director.pk, "pg": pg, "data": data, "staff": staff, "customers": customers,
            "today": today}


def calendar_path(day: date, days: int = 1) -> str:
    return f"/api/v1/appointments/calendar/?date={day.isoformat()}&days={days}"


def in_process(prepared: dict, scenarios: dict[str, Scenario]) -> list[str]:
    """SQL query count of the day view for 2 staff and for all of them (must be equal); EXPLAIN (ANALYZE, BUFFERS)
    of the slowest statement of a day view and a week view."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = cb._client(prepared["director"])
    day = prepared["today"] + timedelta(days=1)
    notes, counts = [], {}
    for label, path in [("2 staff", calendar_path(day) + f"&staff={prepared['staff'][0]},{prepared['staff'][1]}"),
                        (f"{len(prepared['staff'])} staff", calendar_path(day))]:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, response.content[:300]
        events = len(response.json()["events"])
        counts[label] = len(queries)
        notes.append(f"  GET calendar (day view) for {label}, {events} events: {len(queries)} queries")
    if len(set(counts.values())) > 1:
        notes.append(f"FAIL: the calendar's query count grows with the day: {counts}")
    for name, path in (("calendar: day view", calendar_path(day)), ("calendar: week view", calendar_path(day, 7))):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        scenarios[name].queries = len(queries)
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        scenarios[name].explain = f"GET {path}\n{slowest['time']} s: {slowest['sql']}\n{plan}\n"
    return notes


# --- measuring ---------------------------------------------------------------------------------------------------


class Session:
    def __init__(self, port: int, cookie: str):
        self.port = port
        self.cookie = cookie
        self.csrf = dict(part.split("=", 1) for part in cookie.split("; ")).get("csrftoken", "")

    def post(self, path: str, body: dict) -> tuple[int, dict, float]:
        started = time.perf_counter()
        status, _, data = cb.request("POST", self.port, path, cookie=self.cookie, body=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf,
                                              "Referer": f"http://127.0.0.1:{self.port}/",
                                              "Idempotency-Key": uuid.uuid4().hex})
        elapsed = (time.perf_counter() - started) * 1000
        try:
            parsed = json.loads(data)
        except ValueError:
            parsed = {"raw": data[:300].decode(errors="replace")}
        return status, parsed, elapsed

    def get(self, path: str) -> tuple[int, float, bytes]:
        started = time.perf_counter()
        status, _, data = cb.request("GET", self.port, path, cookie=self.cookie)
        return status, (time.perf_counter() - started) * 1000, data


def free_slots(prepared: dict, days: int) -> list[dict]:
    """Two-line bookings in the free 18:00–20:00 of the coming days: staff 2k from h:00 and staff 2k+1 from h:30,
    for h in 18 and 19."""
    from django.utils import timezone

    zone = timezone.get_default_timezone()
    bodies = []
    staff = prepared["staff"]
    for offset in range(1, days + 1):
        day = prepared["today"] + timedelta(days=offset)
        for hour in (18, 19):
            for pair in range(len(staff) // 2):
                at = datetime.combine(day, datetime.min.time(), tzinfo=zone) + timedelta(hours=hour)
                first, second = staff[2 * pair], staff[2 * pair + 1]
                bodies.append({"type": "treatment", "source": "phone", "lines": [
                    {"title": "光子嫩肤", "staff": first, "start": at.isoformat(),
                     "end": (at + timedelta(minutes=30)).isoformat()},
                    {"title": "水光针", "staff": second, "start": (at + timedelta(minutes=30)).isoformat(),
                     "end": (at + timedelta(minutes=60)).isoformat()}]})
    return bodies


def report(args: argparse.Namespace, prepared: dict, scenarios: dict[str, Scenario], notes: list[str],
           facts: dict[str, str]) -> tuple[str, list[str]]:
    problems = [n.removeprefix("FAIL: ") for n in notes if n.startswith("FAIL")]
    lines = [f"YiMei CRM appointment benchmark ({facts['label']}), {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
             f"code {facts['code']}; gunicorn {args.workers} sync workers on PostgreSQL {prepared['pg']}"
             f"{' + Redis' if os.environ.get('YIMEI_REDIS_URL') else ''}; {os.cpu_count()} CPU cores",
             f"data: {prepared['data']}",
             f"sequential requests as the director after {args.warmup} warm-up rounds; times are client-side, "
             f"loopback, full response; day views of the coming days (all staff columns); bookings of two lines "
             f"with two staff members in free evening slots",
             f"load average before {facts['load']}, after {facts['load_end']}",
             "sql: SQL queries of one request (in-process)", ""]
    lines.append(f"{'scenario':<{KEY_WIDTH}}{'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'target':>10} "
                 f"{'sql':>5}")
    for s in scenarios.values():
        target = "-" if s.target_ms is None else f"p95 {s.target_ms:.0f}"
        line = (f"{s.name:<{KEY_WIDTH}}{len(s.times_ms):>4} {s.p(0.5):>8.1f} {s.p(0.95):>8.1f} "
                f"{max(s.times_ms, default=0):>8.1f} {target:>10} {'-' if s.queries is None else s.queries:>5}")
        lines.append(line + ("" if s.passed else "  MISS"))
        if s.failures:
            problems.append(f"{s.name}: {s.failures} request(s) failed")
        elif not s.passed:
            problems.append(f"{s.name}: p95 {s.p(0.95):.1f} ms > {s.target_ms:.0f} ms")
    lines += ["", "SQL queries of the calendar's day view (whole request, in-process):"]
    lines += [n for n in notes if not n.startswith("FAIL")]
    lines += ["", *(["PASS"] if not problems else [f"FAIL: {p}" for p in problems])]
    missed = [s for s in scenarios.values() if not s.passed and s.explain]
    if missed:
        lines += ["", "EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of one request of each scenario above "
                  "that missed (measured in-process before the run):", ""]
        lines += [f"{s.name} — {s.explain}" for s in missed]
    return "\n".join(lines) + "\n", problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=None, help="the database URL (default: YIMEI_DATABASE_URL)")
    parser.add_argument("--customers", type=int, default=20_000, help="customers to generate when there are none")
    parser.add_argument("--staff", type=int, default=40)
    parser.add_argument("--per-staff", type=int, default=20, help="bookings per staff member and day (≤ 20)")
    parser.add_argument("--history", type=int, default=90, help="days of past bookings")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--requests", type=int, default=200, help="day views and bookings measured")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quiet-load", type=float, default=2.0,
                        help="wait until the 1-minute load average is below this before measuring")
    parser.add_argument("--quiet-wait", type=float, default=600, help="... but at most this many seconds")
    args = parser.parse_args()
    args.per_staff = min(args.per_staff, 20)
    url = cb.use_database(args.database)
    code = cb.code_version()
    prepared = prepare(args)
    scenarios = {name: Scenario(name, target) for name, target in (
        ("calendar: day view", CALENDAR_P95_MS), ("calendar: week view", None),
        ("booking: POST appointments/ (2 lines)", BOOKING_P95_MS))}
    notes = in_process(prepared, scenarios)
    from django.db import connections

    connections.close_all()
    rng = random.Random(args.seed + 1)
    slots = free_slots(prepared, AHEAD_DAYS - 1)
    rng.shuffle(slots)
    needed = args.requests + args.warmup
    if len(slots) < needed:
        raise SystemExit(f"only {len(slots)} free evening slots for {needed} bookings: use fewer --requests")

    cb.wait_for_quiet(args.quiet_load, args.quiet_wait)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    server = cb.Server(args.workers, url, os.environ.get("YIMEI_REDIS_URL"))
    days = [prepared["today"] + timedelta(days=n) for n in range(1, 8)]
    events = 0
    try:
        session = Session(server.port, cb.login(server.port, "director"))
        log(f"warming up ({args.warmup} rounds)")
        for i in range(args.warmup):
            session.get(calendar_path(days[i % len(days)]))
            session.post("/api/v1/appointments/", {**slots.pop(), "customer": rng.choice(prepared["customers"])})
        log(f"measuring: {args.requests} day views and bookings, {args.requests // 10} week views")
        for i in range(args.requests):
            status, ms, body = session.get(calendar_path(days[i % len(days)]))
            scenario = scenarios["calendar: day view"]
            scenario.times_ms.append(ms)
            if status != 200:
                scenario.failures += 1
            elif i == 0:
                events = len(json.loads(body)["events"])
            if i % 10 == 0:
                status, ms, _ = session.get(calendar_path(days[0], 7))
                scenarios["calendar: week view"].times_ms.append(ms)
                scenarios["calendar: week view"].failures += status != 200
            status, answer, ms = session.post("/api/v1/appointments/", {**slots.pop(),
                                                                       "customer": rng.choice(prepared["customers"])})
            booking = scenarios["booking: POST appointments/ (2 lines)"]
            booking.times_ms.append(ms)
            if status != 201:
                booking.failures += 1
                if booking.failures <= 3:
                    log(f"booking -> {status} {json.dumps(answer, ensure_ascii=False)[:300]}")
            if (i + 1) % 50 == 0:
                log(f"round {i + 1}/{args.requests}; load average {os.getloadavg()[0]:.2f}")
    finally:
        server.stop()
    notes.append(f"  a day view answered {events} events")
    load_end = " ".join(f"{x:.2f}" for x in os.getloadavg())
    label = f"{args.staff}x{args.per_staff}"
    text, problems = report(args, prepared, scenarios, notes,
                            {"code": code, "load": load, "load_end": load_end, "label": label})
    cb.save_result(f"appointments-{label}", text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
