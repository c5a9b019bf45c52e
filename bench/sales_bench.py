#!/usr/bin/env python3
"""Sales benchmark: checkout, a customer's assets and the performance statement through the real HTTP API.

    YIMEI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yimei YIMEI_REDIS_URL=redis://... \
        .venv/bin/python bench/sales_bench.py --customers 1000000 --lines 5000000

The database (``--database URL``, else YIMEI_DATABASE_URL) is prepared first: migrate, the demo department
plus the bench staff of the customer benchmark, the customers (``manage.py generate_customers``, only when
the database has none) and their sales history (``manage.py generate_sales --lines``, only when it has no
orders), both under ``nice``. A database prepared before (for instance a copy of the customer benchmark's
``yimei_1m``) is used as it is.

Then gunicorn (2 sync workers, deploy/gunicorn.conf.py) serves it, the script logs in as the director and
measures, sequentially, after warm-up:

* checkout: ``POST /api/v1/orders/`` with 3 lines (a treatment item, a retail product, a session card) for a
  random customer, then two ``POST /api/v1/payments/`` (part by WeChat Pay with a transaction reference, the
  rest in cash, which settles the order and grants the card): the whole checkout and each request;
* assets summary: ``GET /api/v1/customer-assets/{id}/`` for the customers with the most orders and for
  random customers, with the SQL query count of one request for a customer with one order and for the one
  with the most (measured in-process: it must not grow with history);
* performance statement: ``GET /api/v1/performance/statement/`` for last month and the 20 staff with the most
  entries in it.

The table goes to stdout and bench/results/sales-<size>.txt, with EXPLAIN (ANALYZE, BUFFERS) of the slowest
statement of each scenario that missed. Exit status 1 when a request failed or a target was missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import customers_bench as cb

REPO, BACKEND, RESULTS, VENV_BIN = cb.REPO, cb.BACKEND, cb.RESULTS, cb.VENV_BIN
CHECKOUT_P95_MS = 150
ASSETS_P95_MS = 50
STATEMENT_MS = 1000
STATEMENT_STAFF = 20
KEY_WIDTH = 46
log = cb.log


@dataclass
class Scenario(cb.Timed):
    target_max: bool = False  # the target holds for the slowest request too, not only p95

    @property
    def passed(self) -> bool:
        return super().passed and (self.target_ms is None or not self.target_max
                                   or max(self.times_ms) <= self.target_ms)


# --- preparation (in this process, before the server starts) ----------------------------------------------


def prepare(args: argparse.Namespace) -> dict:
    cb.setup_django()
    from django.db import connection

    from yimei.accounts.models import User
    from yimei.customers.models import Customer
    from yimei.sales.models import OrderLine

    generated = cb.ensure_history(customers=args.customers, seed=args.seed, lines=args.lines)
    customers = Customer.objects.count()
    director = User.objects.get(username="director")
    director.set_password(cb.PASSWORD)
    director.save(update_fields=["password"])
    with connection.cursor() as cursor:
        counts = {}
        for table in ("sales_order", "sales_payment", "sales_customercard", "sales_entitlement", "sales_deduction",
                      "sales_performanceentry"):
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            counts[table.removeprefix("sales_")] = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    lines = OrderLine.objects.count()
    data = (f"{customers:,} customers, {lines:,} order lines, ~{counts['order']:,} orders, ~{counts['payment']:,} "
            f"payments, ~{counts['customercard']:,} cards, ~{counts['entitlement']:,} entitlements, "
            f"~{counts['deduction']:,} deductions, ~{counts['performanceentry']:,} performance entries"
            + (f" ({'; '.join(generated)})" if generated else ""))
    return {"director": director.pk, "pg": pg, "data": data, **plan(args, director.pk)}


def plan(args: argparse.Namespace, director: int) -> dict:
    """What the scenarios ask for: customers, catalogue rows, modes, staff and the month."""
    from django.db.models import Count, Max

    from yimei.catalog.models import CardType, Product, TreatmentItem
    from yimei.customers.models import Customer
    from yimei.sales.models import Order, PaymentMode, PerformanceEntry
    from yimei.sales.selectors import local_range

    rng = random.Random(args.seed)
    top = Customer.objects.aggregate(m=Max("pk"))["m"]
    picks: set[int] = set()
    while len(picks) < args.requests * 2:
        picks.add(rng.randint(1, top))
    randoms = list(Customer.objects.filter(pk__in=picks, merged_into__isnull=True).values_list("pk", flat=True))
    rng.shuffle(randoms)
    heavy = list(Order.objects.values("customer_id").annotate(n=Count("id")).order_by("-n", "customer_id")
                 .values_list("customer_id", "n")[:50])
    one_order = (Order.objects.values("customer_id").annotate(n=Count("id")).filter(n=1)
                 .order_by("customer_id").values_list("customer_id", flat=True).first())
    today = date.today()
    month_end = today.replace(day=1) - timedelta(days=1)
    month_start = month_end.replace(day=1)
    start, end = local_range(month_start, month_end)
    staff = list(PerformanceEntry.objects.filter(occurred_at__gte=start, occurred_at__lt=end).values("staff_id")
                 .annotate(n=Count("id")).order_by("-n", "staff_id").values_list("staff_id", flat=True)
                 [:STATEMENT_STAFF])
    modes = {m.kind: m.pk for m in PaymentMode.objects.filter(is_active=True).order_by("-sort", "-pk")}
    items = list(TreatmentItem.objects.filter(is_active=True, price_amount__gt=0).values_list("pk", flat=True))
    products = list(Product.objects.filter(is_active=True, price_amount__gt=0).values_list("pk", flat=True))
    cards = list(CardType.objects.filter(is_active=True).exclude(kind="stored_value").values_list("pk", flat=True))
    if not (items and products and cards and heavy and len(staff) == STATEMENT_STAFF):
        raise SystemExit("the database has no catalogue, orders or performance for last month: generate sales first")
    statement = (f"/api/v1/performance/statement/?date_from={month_start.isoformat()}&date_to={month_end.isoformat()}"
                 f"&staff={','.join(map(str, staff))}")
    return {"randoms": randoms, "heavy": heavy, "one_order": one_order, "statement": statement,
            "month": f"{month_start:%Y-%m}", "modes": modes, "items": items, "products": products, "cards": cards}


def in_process(prepared: dict, scenarios: dict[str, Scenario]) -> list[str]:
    """SQL query counts of the assets summary (one order vs the most) and of the statement; EXPLAIN (ANALYZE,
    BUFFERS) of the slowest statement of one request of each GET scenario."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = cb._client(prepared["director"])
    heavy_id, heavy_orders = prepared["heavy"][0]
    notes = []
    paths = {"assets: most history": f"/api/v1/customer-assets/{heavy_id}/",
             "assets: random customers": f"/api/v1/customer-assets/{prepared['randoms'][0]}/",
             "statement: 1 month, 20 staff": prepared["statement"]}
    counts = {}
    for label, path in [("one order", f"/api/v1/customer-assets/{prepared['one_order']}/"),
                        (f"{heavy_orders} orders", paths["assets: most history"])]:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, response.content[:300]
        counts[label] = len(queries)
        notes.append(f"  GET /api/v1/customer-assets/{{id}}/ for a customer with {label}: {len(queries)} queries")
    for name, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, response.content[:300]
        scenarios[name].queries = len(queries)
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            explain = "\n".join(row[0] for row in cursor.fetchall())
        scenarios[name].explain = f"GET {path}\n{slowest['time']} s: {slowest['sql']}\n{explain}\n"
    if len(set(counts.values())) > 1:
        notes.append(f"FAIL: the assets summary's query count grows with history: {counts}")
    return notes


# --- measuring ------------------------------------------------------------------------------------------


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

    def get(self, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        status, _, _ = cb.request("GET", self.port, path, cookie=self.cookie)
        return status, (time.perf_counter() - started) * 1000


def checkout(session: Session, prepared: dict, rng: random.Random, scenarios: dict[str, Scenario] | None) -> None:
    """One checkout: the order, then WeChat Pay for part of it and cash for the rest."""
    customer = rng.choice(prepared["randoms"])
    body = {"customer": customer, "lines": [
        {"kind": "item", "item": rng.choice(prepared["items"]), "quantity": rng.choice((1, 1, 2))},
        {"kind": "product", "product": rng.choice(prepared["products"]), "quantity": 1},
        {"kind": "card", "card_type": rng.choice(prepared["cards"]), "quantity": 1}]}
    steps = []
    status, order, ms = session.post("/api/v1/orders/", body)
    steps.append(("checkout: POST orders/ (3 lines)", status, ms, order))
    if status == 201:
        total = int(order["total_amount"].replace(".", ""))
        wechat = total * rng.randint(30, 70) // 100
        status, paid, ms = session.post("/api/v1/payments/", {"kind": "sale", "order": order["id"], "entries": [
            {"mode": prepared["modes"]["wechat"], "amount": f"{wechat // 100}.{wechat % 100:02d}",
             "reference": f"4200{rng.randrange(10**24):024d}"}]})
        steps.append(("checkout: POST payments/ (WeChat Pay)", status, ms, paid))
        if status == 201:
            rest = total - wechat
            status, paid, ms = session.post("/api/v1/payments/", {"kind": "sale", "order": order["id"], "entries": [
                {"mode": prepared["modes"]["cash"], "amount": f"{rest // 100}.{rest % 100:02d}"}]})
            steps.append(("checkout: POST payments/ (cash, settles)", status, ms, paid))
    if scenarios is None:
        return
    whole = scenarios["checkout: order + 2 payments"]
    ok = len(steps) == 3 and all(s[1] == 201 for s in steps)
    whole.times_ms.append(sum(s[2] for s in steps))
    if not ok:
        whole.failures += 1
        name, status, _, data = steps[-1]
        if whole.failures <= 3:
            log(f"{name} -> {status} {json.dumps(data, ensure_ascii=False)[:300]}")
    for name, status, ms, _ in steps:
        scenarios[name].times_ms.append(ms)
        if status != 201:
            scenarios[name].failures += 1


def measure_get(session: Session, scenario: Scenario, path: str) -> None:
    status, ms = session.get(path)
    scenario.times_ms.append(ms)
    if status != 200:
        scenario.failures += 1
        if scenario.failures == 1:
            log(f"{scenario.name}: {path} -> {status}")


def report(args: argparse.Namespace, prepared: dict, scenarios: dict[str, Scenario], notes: list[str],
           facts: dict[str, str]) -> tuple[str, list[str]]:
    problems = [n.removeprefix("FAIL: ") for n in notes if n.startswith("FAIL")]
    lines = [f"YiMei CRM sales benchmark ({facts['label']}), {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
             f"code {facts['code']}; gunicorn {args.workers} sync workers on PostgreSQL {prepared['pg']} + Redis; "
             f"{os.cpu_count()} CPU cores",
             f"data: {prepared['data']}",
             f"sequential requests as the director after {args.warmup} warm-up rounds; times are client-side, "
             f"loopback, full response; statement: {prepared['month']}, the {STATEMENT_STAFF} staff with the most "
             f"entries",
             f"load average before {facts['load']}, after {facts['load_end']}",
             "sql: SQL queries of one request (in-process)", ""]
    lines.append(f"{'scenario':<{KEY_WIDTH}}{'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'target':>10} "
                 f"{'sql':>5}")
    for s in scenarios.values():
        target = "-" if s.target_ms is None else f"{'max ' if s.target_max else 'p95 '}{s.target_ms:.0f}"
        line = (f"{s.name:<{KEY_WIDTH}}{len(s.times_ms):>4} {s.p(0.5):>8.1f} {s.p(0.95):>8.1f} "
                f"{max(s.times_ms, default=0):>8.1f} {target:>10} {'-' if s.queries is None else s.queries:>5}")
        lines.append(line + ("" if s.passed else "  MISS"))
        if s.failures:
            problems.append(f"{s.name}: {s.failures} request(s) failed")
        elif not s.passed:
            problems.append(f"{s.name}: p95 {s.p(0.95):.1f} ms, max {max(s.times_ms):.1f} ms > {s.target_ms:.0f} ms")
    lines += ["", "SQL queries of the assets summary (whole request, in-process):"]
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
    parser.add_argument("--customers", type=int, default=1_000_000,
                        help="customers to generate when the database has none")
    parser.add_argument("--lines", type=int, default=5_000_000, help="order lines to generate when there are no orders")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--requests", type=int, default=200, help="checkouts and assets requests (>= 200)")
    parser.add_argument("--statements", type=int, default=20, help="statement requests")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quiet-load", type=float, default=2.0,
                        help="wait until the 1-minute load average is below this before measuring")
    parser.add_argument("--quiet-wait", type=float, default=900, help="... but at most this many seconds")
    args = parser.parse_args()
    url = cb.use_database(args.database)
    code = cb.code_version()
    prepared = prepare(args)
    scenarios = {name: Scenario(name, target) for name, target in (
        ("checkout: order + 2 payments", CHECKOUT_P95_MS), ("checkout: POST orders/ (3 lines)", None),
        ("checkout: POST payments/ (WeChat Pay)", None), ("checkout: POST payments/ (cash, settles)", None),
        ("assets: most history", ASSETS_P95_MS), ("assets: random customers", ASSETS_P95_MS),
        ("statement: 1 month, 20 staff", STATEMENT_MS))}
    scenarios["statement: 1 month, 20 staff"].target_max = True
    notes = in_process(prepared, scenarios)
    from django.db import connections

    connections.close_all()

    cb.wait_for_quiet(args.quiet_load, args.quiet_wait)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    server = cb.Server(args.workers, url, os.environ.get("YIMEI_REDIS_URL"))
    rng = random.Random(args.seed + 1)
    heavy = [pk for pk, _ in prepared["heavy"]]
    try:
        session = Session(server.port, cb.login(server.port, "director"))
        log(f"warming up ({args.warmup} rounds)")
        for i in range(args.warmup):
            checkout(session, prepared, rng, None)
            session.get(f"/api/v1/customer-assets/{heavy[i % len(heavy)]}/")
            session.get(f"/api/v1/customer-assets/{prepared['randoms'][-1 - i]}/")
        session.get(prepared["statement"])
        log(f"measuring: {args.requests} checkouts and assets requests of each kind, {args.statements} statements")
        every = max(1, args.requests // args.statements)
        for i in range(args.requests):
            checkout(session, prepared, rng, scenarios)
            measure_get(session, scenarios["assets: most history"], f"/api/v1/customer-assets/{heavy[i % len(heavy)]}/")
            measure_get(session, scenarios["assets: random customers"],
                        f"/api/v1/customer-assets/{prepared['randoms'][i % len(prepared['randoms'])]}/")
            if i % every == 0 and len(scenarios["statement: 1 month, 20 staff"].times_ms) < args.statements:
                measure_get(session, scenarios["statement: 1 month, 20 staff"], prepared["statement"])
            if (i + 1) % 50 == 0:
                log(f"round {i + 1}/{args.requests}; load average {os.getloadavg()[0]:.2f}")
    finally:
        server.stop()
    load_end = " ".join(f"{x:.2f}" for x in os.getloadavg())
    customers = int(prepared["data"].split(" ", 1)[0].replace(",", ""))
    label = cb.label_for(customers) if customers >= 1000 else str(customers)
    text, problems = report(args, prepared, scenarios, notes,
                            {"code": code, "load": load, "load_end": load_end, "label": label})
    cb.save_result(f"sales-{label}", text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
