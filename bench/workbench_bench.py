#!/usr/bin/env python3
"""Workbench benchmark: ``GET /api/v1/workbench/`` of each working role through the real HTTP API.

    YIMEI_REDIS_URL=redis://... .venv/bin/python bench/workbench_bench.py --database postgres://postgres@127.0.0.1:5432/yimei

The database (``--database URL``, else YIMEI_DATABASE_URL) is prepared first: migrate, the demo department plus
the customer benchmark's bench staff, the customers (``manage.py generate_customers``, only when it has none) and
their sales history (``manage.py generate_sales``, only when it has no orders), as the sales benchmark does; a
database prepared before (the 1,000,000-customer one) is used as it is. The generators write visits,
consultations, orders, payments and deductions up to today but no bookings or follow-ups, so the compared days
(today, yesterday, the same weekday last week) get a busy department's bookings and follow-ups when they have
fewer (``--bookings-per-day``, ``--followups-per-day``; bulk inserts, only what is missing, numbered ``WB…``).

Then gunicorn (2 sync workers, deploy/gunicorn.conf.py) serves it and the script logs in as the demo director
(科室主任: the department and below), receptionist, on-site consultant (own customers), doctor and cashier, and
times ``--requests`` sequential requests of each one's workbench, round-robin, after ``--warmup`` rounds. Target:
the head of department's workbench p95 ≤ 100 ms. The SQL query count of each (in-process) is reported, with the
director's statements by time and EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of each missed target.

The table goes to stdout and bench/results/workbench-<size>.txt. Exit status 1 when a request failed or the
target was missed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import customers_bench as cb

REPO, BACKEND, RESULTS, VENV_BIN = cb.REPO, cb.BACKEND, cb.RESULTS, cb.VENV_BIN
DIRECTOR_P95_MS = 100
PATH = "/api/v1/workbench/"
# (scenario, demo login, target p95 in ms or None)
USERS = (("director: department summary", "director", DIRECTOR_P95_MS),
         ("reception", "reception", None),
         ("consultant (own customers)", "consultant", None),
         ("doctor", "doctor", None),
         ("cashier", "cashier", None))
KEY_WIDTH = 34
log = cb.log


@dataclass
class Scenario(cb.Timed):
    username: str = ""


# --- preparation (in this process, before the server starts) ----------------------------------------------


def prepare(args: argparse.Namespace) -> dict:
    cb.setup_django()
    from django.db import connection

    from yimei.accounts.models import User
    from yimei.customers.models import Customer

    generated = cb.ensure_history(customers=args.customers, seed=args.seed, events_per_customer=10, lines=args.lines)
    added = add_day_load(args)
    if added:
        generated.append(added)
    users = {}
    for _, username, _ in USERS:
        user = User.objects.get(username=username)
        user.set_password(cb.PASSWORD)
        user.save(update_fields=["password"])
        users[username] = user.pk
    with connection.cursor() as cursor:
        counts = {}
        for table in ("customers_customer", "customers_visit", "customers_consultation", "sales_order",
                      "sales_payment", "sales_deduction", "appointments_appointment", "followups_followuptask"):
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            counts[table.split("_", 1)[1]] = max(0, cursor.fetchone()[0])
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    customers = Customer.objects.count()
    data = (f"{customers:,} customers, ~{counts['visit']:,} visits, ~{counts['consultation']:,} consultations, "
            f"~{counts['order']:,} orders, ~{counts['payment']:,} payments, ~{counts['deduction']:,} deductions, "
            f"~{counts['appointment']:,} bookings, ~{counts['followuptask']:,} follow-up tasks"
            + (f" ({'; '.join(generated)})" if generated else ""))
    return {"users": users, "pg": pg, "data": data, "customers": customers, "days": day_figures()}


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    from django.utils import timezone

    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_default_timezone())


def add_day_load(args: argparse.Namespace) -> str:
    """Bookings and follow-ups of the compared days, up to ``--bookings-per-day`` and ``--followups-per-day`` each
    (the customer and sales generators make none), and some open follow-ups of the demo consultant's customers
    (overdue and due today). Bulk inserts: no notices, no timeline; the workbench reads only these tables."""
    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    from yimei.accounts.models import User
    from yimei.appointments.models import Appointment, AppointmentLine
    from yimei.customers.models import Customer
    from yimei.followups.models import FollowUpTask

    rng = random.Random(args.seed + 7)
    today = timezone.localdate()
    top = Customer.objects.aggregate(m=Max("pk"))["m"] or 0
    staff = User.objects.filter(is_active=True)
    doctors = list(staff.filter(positions__code__in=("doctor", "nurse")).distinct().values_list("pk", flat=True))
    doctors = doctors or list(staff.values_list("pk", flat=True))
    consultants = dict(staff.filter(positions__code="onsite_consultant").values_list("pk", "org_unit_id"))
    if not top or not consultants:
        return ""

    def customers(n: int) -> list[tuple[int, int | None, int | None]]:
        picks = {rng.randint(1, top) for _ in range(n * 2)}
        rows = list(Customer.objects.filter(pk__in=picks, merged_into__isnull=True)
                    .values_list("pk", "org_unit_id", "consultant_id"))
        rng.shuffle(rows)
        return rows[:n]

    made = {"bookings": 0, "followups": 0}
    days = (today, today - timedelta(days=1), today - timedelta(days=7))
    with transaction.atomic():
        for day in days:
            start, end = _local(day, 0), _local(day + timedelta(days=1), 0)
            booked = Appointment.objects.filter(starts_at__gte=start, starts_at__lt=end).count()
            missing = args.bookings_per_day - booked
            statuses = (["pending", "confirmed", "confirmed", "arrived", "completed", "cancelled"] if day == today
                        else ["completed", "completed", "completed", "no_show", "cancelled"])
            bookings, lines = [], []
            numbered = Appointment.objects.filter(number__startswith=f"WB{day:%Y%m%d}-").count()
            for i, (customer, unit, _) in enumerate(customers(max(0, missing)), start=numbered):
                begins = _local(day, 9 + (i * 7) % 11, (i * 13) % 4 * 15)
                status = rng.choice(statuses)
                bookings.append(Appointment(
                    number=f"WB{day:%Y%m%d}-{i + 1:05d}", customer_id=customer, type=rng.choice(
                        ("consultation", "treatment", "treatment", "recheck")), status=status, starts_at=begins,
                    ends_at=begins + timedelta(minutes=30), org_unit_id=unit))
            Appointment.objects.bulk_create(bookings, batch_size=1000)
            for booking in bookings:
                lines.append(AppointmentLine(
                    appointment_id=booking.pk, staff_id=rng.choice(doctors), title="压测预约", start=booking.starts_at,
                    end=booking.ends_at, active=booking.status not in ("cancelled", "no_show")))
            AppointmentLine.objects.bulk_create(lines, batch_size=1000)
            made["bookings"] += len(bookings)

            missing = args.followups_per_day - FollowUpTask.objects.filter(
                status="done", closed_at__gte=start, closed_at__lt=end).count()
            tasks = []
            for customer, _, consultant in customers(max(0, missing)):
                assignee = consultant if consultant in consultants else rng.choice(list(consultants))
                closed = _local(day, 9 + rng.randrange(9), rng.randrange(60))
                tasks.append(FollowUpTask(
                    customer_id=customer, assignee_id=assignee, org_unit_id=consultants[assignee], due_on=day,
                    method="phone", purpose="压测回访", status="done", result_content="已联系", outcome="reached",
                    closed_at=closed, closed_by_id=assignee))
            FollowUpTask.objects.bulk_create(tasks, batch_size=1000)
            made["followups"] += len(tasks)
        consultant = User.objects.get(username="consultant")
        if not FollowUpTask.objects.filter(assignee=consultant, status="open").exists():
            mine = list(Customer.objects.filter(consultant=consultant).values_list("pk", flat=True)[:40])
            FollowUpTask.objects.bulk_create([FollowUpTask(
                customer_id=pk, assignee=consultant, org_unit_id=consultant.org_unit_id,
                due_on=today - timedelta(days=i % 5), method="phone", purpose="压测回访") for i, pk in enumerate(mine)])
            made["followups"] += len(mine)
    if not any(made.values()):
        return ""
    return f"added {made['bookings']:,} bookings and {made['followups']:,} follow-ups on the compared days"


def day_figures() -> str:
    """What the director's workbench summarises today, as a line of the report."""
    from yimei.accounts.models import User
    from yimei.workbench.selectors import workbench

    summary = workbench(User.objects.get(username="director"), views=["director"])["director"]
    return ", ".join(f"{key} {summary[key]['value']:,}/{summary[key]['yesterday']:,}/{summary[key]['last_week']:,}"
                     for key in ("appointments", "consultations", "arrivals", "takings", "deductions",
                                 "followups_done") if summary[key])


def in_process(prepared: dict, scenarios: list[Scenario]) -> list[str]:
    """SQL query count of each workbench (warm caches), the director's statements by time, and EXPLAIN (ANALYZE,
    BUFFERS) of each one's slowest statement (kept for the scenarios that miss their target)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    notes = []
    for scenario in scenarios:
        client = cb._client(prepared["users"][scenario.username])
        client.get(PATH)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(PATH)
        assert response.status_code == 200, response.content[:300]
        scenario.queries = len(queries)
        captured = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        if scenario.username == "director":
            total = sum(float(q["time"]) for q in captured) * 1000
            notes.append(f"director: {len(captured)} statements, {total:.1f} ms of SQL in-process; the slowest:")
            notes += [f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:150]}" for q in captured[:6]]
        if captured:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + captured[0]["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            scenario.explain = f"{captured[0]['time']} s: {captured[0]['sql']}\n{plan}\n"
    return notes


# --- measuring and the report ----------------------------------------------------------------------------------


def measure(scenario: Scenario, port: int, cookie: str) -> None:
    started = time.perf_counter()
    status, _, _ = cb.request("GET", port, PATH, cookie=cookie)
    scenario.times_ms.append((time.perf_counter() - started) * 1000)
    if status != 200:
        scenario.failures += 1
        if scenario.failures == 1:
            log(f"{scenario.name}: {PATH} -> {status}")


def report(args: argparse.Namespace, prepared: dict, scenarios: list[Scenario], notes: list[str],
           facts: dict[str, str]) -> tuple[str, list[str]]:
    problems = []
    lines = [f"YiMei CRM workbench benchmark ({facts['label']}), {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
             f"code {facts['code']}; gunicorn {args.workers} sync workers on PostgreSQL {prepared['pg']} + Redis; "
             f"{os.cpu_count()} CPU cores",
             f"data: {prepared['data']}",
             f"director's figures today/yesterday/last week: {prepared['days']}",
             f"sequential GET {PATH} round-robin over the users after {args.warmup} warm-up rounds; times are "
             "client-side, loopback, full response",
             f"load average before {facts['load']}, after {facts['load_end']}",
             "sql: SQL queries of one request (in-process, warm caches)", ""]
    lines.append(f"{'workbench':<{KEY_WIDTH}}{'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'target':>9} "
                 f"{'sql':>5}")
    for s in scenarios:
        target = "-" if s.target_ms is None else f"p95 {s.target_ms:.0f}"
        line = (f"{s.name:<{KEY_WIDTH}}{len(s.times_ms):>5} {s.p(0.5):>8.1f} {s.p(0.95):>8.1f} "
                f"{max(s.times_ms, default=0):>8.1f} {target:>9} {'-' if s.queries is None else s.queries:>5}")
        lines.append(line + ("" if s.passed else "  MISS"))
        if s.failures:
            problems.append(f"{s.name}: {s.failures} request(s) failed")
        elif not s.passed:
            problems.append(f"{s.name}: p95 {s.p(0.95):.1f} ms > {s.target_ms:.0f} ms")
    lines += ["", *notes, "", *(["PASS"] if not problems else [f"FAIL: {p}" for p in problems])]
    missed = [s for s in scenarios if not s.passed and s.explain]
    if missed:
        lines += ["", "EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of each workbench that missed:", ""]
        lines += [f"{s.name} — {s.explain}" for s in missed]
    return "\n".join(lines) + "\n", problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=None, help="the database URL (default: YIMEI_DATABASE_URL)")
    parser.add_argument("--customers", type=int, default=1_000_000,
                        help="customers to generate when the database has none")
    parser.add_argument("--lines", type=int, default=5_000_000, help="order lines to generate when there are no orders")
    parser.add_argument("--bookings-per-day", type=int, default=600,
                        help="bookings each compared day should have (added when fewer)")
    parser.add_argument("--followups-per-day", type=int, default=300,
                        help="follow-ups done each compared day should have (added when fewer)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--requests", type=int, default=200, help="requests per user")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quiet-load", type=float, default=2.0,
                        help="wait until the 1-minute load average is below this before measuring")
    parser.add_argument("--quiet-wait", type=float, default=900, help="... but at most this many seconds")
    args = parser.parse_args()
    url = cb.use_database(args.database)
    code = cb.code_version()
    prepared = prepare(args)
    scenarios = [Scenario(name, target, username=username) for name, username, target in USERS]
    notes = in_process(prepared, scenarios)
    from django.db import connections

    connections.close_all()

    cb.wait_for_quiet(args.quiet_load, args.quiet_wait)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    server = cb.Server(args.workers, url, os.environ.get("YIMEI_REDIS_URL"))
    try:
        cookies = {s.username: cb.login(server.port, s.username) for s in scenarios}
        log(f"warming up ({args.warmup} rounds)")
        for _ in range(args.warmup):
            for s in scenarios:
                cb.request("GET", server.port, PATH, cookie=cookies[s.username])
        log(f"measuring: {args.requests} requests per user")
        for i in range(args.requests):
            for s in scenarios:
                measure(s, server.port, cookies[s.username])
            if (i + 1) % 50 == 0:
                log(f"round {i + 1}/{args.requests}; load average {os.getloadavg()[0]:.2f}")
    finally:
        server.stop()
    load_end = " ".join(f"{x:.2f}" for x in os.getloadavg())
    customers = prepared["customers"]
    label = cb.label_for(customers) if customers >= 1000 else str(customers)
    text, problems = report(args, prepared, scenarios, notes,
                            {"code": code, "load": load, "load_end": load_end, "label": label})
    cb.save_result(f"workbench-{label}", text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
