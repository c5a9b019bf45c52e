#!/usr/bin/env python3
"""Customer file benchmark: search, the 360° overview and filtered lists through the real HTTP API.

    YIMEI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yimei YIMEI_REDIS_URL=redis://... \
        .venv/bin/python bench/customers_bench.py --customers 100000 --customers 1000000

Each size gets its own database (``--database 100k=postgres://...``; by default the database of
YIMEI_DATABASE_URL with ``_100k``, ``_1m`` ... appended, created when missing). Each is prepared by a child
process: migrate, the demo department plus bench staff (one on-site consultant per ~4,000 customers and one
online consultant per ~16,000, at least 24 and 6: a consultant's book stays the size one person can serve
as the clinic grows), the customers (``manage.py generate_customers`` under
``nice``, when the database has none), the request paths of every scenario, the SQL query count of the 360°
overview for a customer with about 5 and about 500 events, and the SQL share and EXPLAIN (ANALYZE,
BUFFERS) of each scenario, measured in-process.

Then one gunicorn per size (2 sync workers, deploy/gunicorn.conf.py) serves its database, the script logs
in to each as a staff member whose customer scope is "all" and as an on-site consultant whose scope is
"own", and times ``--requests`` sequential requests of every scenario, round-robin over scenarios and
sizes: load from other work on the machine then falls on every figure alike, and the ratio of the sizes'
p95 compares like with like.

Tables go to stdout and bench/results/customers-<label>.txt (the larger sizes with the ratio to the
smallest); the plans of the statements behind missed targets are appended. Exit status 1 when a request
failed or a target was missed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
RESULTS = REPO / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
PASSWORD = "Bench@2026-pw"

SEARCH_P95_MS = 50
OVERVIEW_P95_MS = 80
LIST_P95_MS = 150
MAX_RATIO = 1.5
RATIO_SLACK_MS = 5  # below this difference a ratio is noise (a 10 ms figure moving to 16 ms)
KEY_WIDTH = 58  # the scenario column of the result table


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- the database: schema, staff, customers ---------------------------------------------------------------


def setup_django() -> None:
    sys.path.insert(0, str(BACKEND))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def prepare_staff(size: int) -> dict[str, int]:
    """The demo department plus bench staff: one on-site consultant per ~4,000 customers and one online
    consultant per ~16,000 (at least 24 and 6, the demo's included), 6 doctors, 4 receptionists. A consultant
    serves a book of a few thousand customers; a clinic with ten times the customers has about ten times the
    consultants, so "own" scope covers the same share of work at every size. Returns the ids of the two bench
    users."""
    from yimei.accounts import services
    from yimei.accounts.builtin import C_ALL
    from yimei.accounts.demo import seed_demo
    from yimei.accounts.models import OrgUnit, Position, Role, User
    from yimei.core import context
    from yimei.core.scopes import Scope

    with context.request_context(context.RequestContext(request_id="bench", actor="系统")):
        seed_demo()
        units = {u.code: u for u in OrgUnit.objects.all()}
        positions = {p.code: p for p in Position.objects.all()}
        onsite = max(24, round(size / 4_000)) - 2  # the demo has 2 on-site and 1 online consultant
        online = max(6, round(size / 16_000)) - 1
        plan = [("onsite_consultant", ["consult_1", "consult_2"], onsite, "consultant"),
                ("online_consultant", ["online"], online, "online_consultant"),
                ("doctor", ["medical"], 4, "doctor"), ("receptionist", ["front_desk"], 3, "receptionist")]
        roles = {r.code: r for r in Role.objects.all()}
        surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"
        for position, unit_codes, count, role in plan:
            for i in range(count):
                username = f"bench_{position}_{i + 1}"
                if User.objects.filter(username=username).exists():
                    continue
                user = services.create_staff(
                    username=username, name=f"{surnames[i % len(surnames)]}{'一二三四五六七八九十'[i % 10]}{i + 1}",
                    staff_number=f"B{position[:3].upper()}{i + 1:03d}", org_unit=units[unit_codes[i % len(unit_codes)]],
                    positions=[positions[position]], password=PASSWORD, must_change_password=False)
                user.roles.set([roles[role]])
        all_role = Role.objects.filter(code="bench_all").first() or services.create_role(
            code="bench_all", name="压测：全部客户", permissions=list(C_ALL),
            data_scopes=[{"module": "customers", "scope": Scope.ALL, "units": []}])
        everyone = User.objects.filter(username="bench_all").first()
        if everyone is None:
            everyone = services.create_staff(username="bench_all", name="压测全院", staff_number="BALL001",
                                             org_unit=units["aesthetics"], password=PASSWORD,
                                             must_change_password=False)
            everyone.roles.set([all_role])
        consultant = User.objects.get(username="consultant")  # the demo's 张敏: role consultant, scope own
        consultant.set_password(PASSWORD)
        consultant.save(update_fields=["password"])
    return {"all": everyone.pk, "own": consultant.pk}


def generate_customers(args: argparse.Namespace, size: int) -> float:
    command = ["nice", "-n", "10", str(VENV_BIN / "python"), "manage.py", "generate_customers",
               "--customers", str(size), "--events-per-customer", str(args.events_per_customer),
               "--seed", str(args.seed), "--batch", str(args.batch)]
    log("generating: " + " ".join(command[3:]))
    started = time.perf_counter()
    subprocess.run(command, cwd=BACKEND, check=True)
    return time.perf_counter() - started


def ensure_history(*, customers: int, seed: int, events_per_customer: float = 10,
                   lines: int | None = None) -> list[str]:
    """Migrate, then generate what the database lacks: the customers (and the bench staff) when it has none, their
    sales history (``manage.py generate_sales --lines``) when ``lines`` is given and it has no orders. Returns
    what was generated and how long it took, for the report."""
    from django.core.management import call_command
    from django.db import connection

    from yimei.customers.models import Customer

    log("migrating")
    call_command("migrate", "--noinput", verbosity=0)
    generated = []
    if not Customer.objects.exists():
        prepare_staff(customers)
        seconds = generate_customers(argparse.Namespace(events_per_customer=events_per_customer, seed=seed,
                                                        batch=5000), customers)
        generated.append(f"customers generated in {seconds:,.0f} s")
    if lines is not None:
        from yimei.sales.models import Order

        if not Order.objects.exists():
            command = ["nice", "-n", "10", str(VENV_BIN / "python"), "manage.py", "generate_sales",
                       "--lines", str(lines), "--seed", str(seed)]
            log("generating: " + " ".join(command[3:]))
            started = time.perf_counter()
            connection.close()
            subprocess.run(command, cwd=BACKEND, check=True)
            generated.append(f"sales generated in {time.perf_counter() - started:,.0f} s")
    return generated


def use_database(given: str | None) -> str:
    """``--database`` (else YIMEI_DATABASE_URL) as the database, which must be PostgreSQL; the server answers on
    loopback. Returns the URL."""
    if given:
        os.environ["YIMEI_DATABASE_URL"] = given
    if not os.environ.get("YIMEI_DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("Give --database postgres://... or set YIMEI_DATABASE_URL (and YIMEI_REDIS_URL).")
    os.environ.setdefault("YIMEI_ALLOWED_HOSTS", "127.0.0.1,localhost")
    return os.environ["YIMEI_DATABASE_URL"]


def code_version() -> str:
    """The commit measured (``-dirty`` when the work tree has changes)."""
    return subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True,
                          text=True).stdout.strip() or "not committed"


@dataclass
class Timed:
    """A timed HTTP scenario of the sales, appointment and workbench benchmarks: its times, failures, SQL count and
    the plan of its slowest statement when it missed its p95 target."""

    name: str
    target_ms: float | None
    times_ms: list[float] = field(default_factory=list)
    failures: int = 0
    queries: int | None = None
    explain: str = ""

    def p(self, q: float) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0

    @property
    def passed(self) -> bool:
        return not self.failures and (self.target_ms is None or self.p(0.95) <= self.target_ms)


def save_result(stem: str, text: str) -> None:
    """Print a benchmark's table and keep it as bench/results/<stem>.txt."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{stem}.txt"
    out.write_text(text)
    print(text)
    log(f"written to {out.relative_to(REPO)}")


# --- the server -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, workers: int, database_url: str, redis_url: str | None):
        self.port = free_port()
        env = {**os.environ, "YIMEI_WEB_WORKERS": str(workers), "YIMEI_WEB_WORKER_CLASS": "sync",
               "YIMEI_WEB_THREADS": "1", "YIMEI_BIND": f"127.0.0.1:{self.port}", "YIMEI_DATABASE_URL": database_url}
        if redis_url:
            env["YIMEI_REDIS_URL"] = redis_url
        env.pop("YIMEI_DEBUG", None)
        env.pop("YIMEI_DEMO", None)
        log_path = os.environ.get("BENCH_GUNICORN_LOG", "/tmp/yimei-customers-bench-gunicorn.log")
        self.log = open(log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--config", str(REPO / "deploy" / "gunicorn.conf.py")],
            cwd=BACKEND, env=env, stdout=self.log, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                status, _, _ = request("GET", self.port, "/api/v1/ping/")
                if status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not start; see {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def request(method: str, port: int, path: str, *, cookie: str = "", body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, list[str]], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        all_headers = {"Accept": "application/json", **(headers or {})}
        if cookie:
            all_headers["Cookie"] = cookie
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        found: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            found.setdefault(name.lower(), []).append(value)
        return response.status, found, data
    finally:
        connection.close()


def _cookies(headers: dict[str, list[str]]) -> dict[str, str]:
    jar = {}
    for line in headers.get("set-cookie", []):
        name, _, rest = line.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def login(port: int, username: str) -> str:
    """Log in as the browser does (CSRF cookie, then the JSON login); return the Cookie header."""
    status, headers, _ = request("GET", port, "/api/v1/auth/csrf/")
    jar = _cookies(headers)
    body = json.dumps({"username": username, "password": PASSWORD}).encode()
    status, headers, data = request(
        "POST", port, "/api/v1/auth/login/", cookie="; ".join(f"{k}={v}" for k, v in jar.items()), body=body,
        headers={"Content-Type": "application/json", "X-CSRFToken": jar.get("csrftoken", ""),
                 "Referer": f"http://127.0.0.1:{port}/"})
    if status != 200:
        raise SystemExit(f"login as {username} failed: {status} {data[:300]!r}")
    jar.update(_cookies(headers))
    return "; ".join(f"{k}={v}" for k, v in jar.items() if v)


# --- scenarios --------------------------------------------------------------------------------------------


@dataclass
class Scenario:
    group: str  # search | overview | list
    name: str
    user: str  # all | own
    paths: list[str]
    target_ms: float
    times_ms: list[float] = field(default_factory=list)
    failures: int = 0
    counts: list[int] = field(default_factory=list)
    sql_ms: float | None = None  # median SQL time of one request, measured in-process
    explain: str = ""  # the plan of the slowest statement of one request

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in ("group", "name", "user", "paths", "target_ms", "sql_ms", "explain")}

    @property
    def key(self) -> str:
        return f"{self.user}: {self.name}"

    def p(self, q: float) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    @property
    def passed(self) -> bool:
        return not self.failures and self.p(0.95) <= self.target_ms


def _q(path: str, **params: object) -> str:
    return f"{path}?{urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})}"


def build_scenarios(users: dict[str, int], n: int, rng: random.Random) -> list[Scenario]:
    from django.db.models import Count, Q

    from yimei.accounts.models import User
    from yimei.customers.models import Customer, MembershipTier, SourceChannel, Tag

    base = "/api/v1/customers/"
    sources = list(SourceChannel.objects.values_list("pk", flat=True))
    tiers = list(MembershipTier.objects.filter(threshold_amount__gt=0).values_list("pk", flat=True))
    # Tags that a list filter would be used for: on at least 1 % of the files.
    tags = list(Tag.objects.annotate(n=Count("customer_tags")).filter(n__gte=Customer.objects.count() // 100)
                .values_list("pk", flat=True)) or list(Tag.objects.values_list("pk", flat=True))
    onsite = list(User.objects.filter(positions__code="onsite_consultant").values_list("pk", flat=True))
    online = list(User.objects.filter(positions__code="online_consultant").values_list("pk", flat=True))
    today = date.today()

    def day(back_from: int, back_to: int) -> str:
        return (today - timedelta(days=rng.randint(back_to, back_from))).isoformat()

    scenarios: list[Scenario] = []
    for user in ("all", "own"):
        visible = Customer.objects.filter(merged_into__isnull=True)
        if user == "own":
            visible = visible.filter(Q(consultant_id=users["own"]) | Q(online_consultant_id=users["own"]))
        total = visible.count()
        # A random sample of the user's customers (by id ranges, cheap at any size).
        top = visible.order_by("-pk").values_list("pk", flat=True).first() or 0
        picks = set()
        if user == "all":
            while len(picks) < min(n, total):
                picks.add(rng.randint(1, top))
            sample = list(Customer.objects.filter(pk__in=picks).only("pk", "phone", "name"))
        else:
            sample = list(visible.order_by("?").only("pk", "phone", "name")[:n])
        rng.shuffle(sample)
        phones = [c.phone for c in sample]
        last4 = [c.phone[-4:] for c in sample]
        two = [c.name[:2] for c in sample]
        long_ones = list(visible.order_by("-visit_count", "pk").values_list("pk", flat=True)[:n])
        randoms = [c.pk for c in sample]

        def cycle(items: list, count: int = n) -> list:
            return [items[i % len(items)] for i in range(count)] if items else []

        scenarios += [
            Scenario("search", "search: full phone", user, [_q(base, search=p) for p in cycle(phones)],
                     SEARCH_P95_MS),
            Scenario("search", "search: last four digits", user, [_q(base, search=p) for p in cycle(last4)],
                     SEARCH_P95_MS),
            Scenario("search", "search: name 张", user, [_q(base, search="张")] * n, SEARCH_P95_MS),
            Scenario("search", "search: name 张伟", user, [_q(base, search="张伟")] * n, SEARCH_P95_MS),
            Scenario("search", "search: name, 2 chars (random)", user, [_q(base, search=t) for t in cycle(two)],
                     SEARCH_P95_MS),
            Scenario("search", "search: initials zw", user, [_q(base, search="zw")] * n, SEARCH_P95_MS),
            Scenario("search", "search: pinyin zhangwei", user, [_q(base, search="zhangwei")] * n,
                     SEARCH_P95_MS),
            Scenario("overview", "360 overview: longest histories", user,
                     [f"{base}{pk}/overview/" for pk in cycle(long_ones)], OVERVIEW_P95_MS),
            Scenario("overview", "360 overview: random customers", user,
                     [f"{base}{pk}/overview/" for pk in cycle(randoms)], OVERVIEW_P95_MS),
            Scenario("list", "list: page 1, no filter", user, [base] * n, LIST_P95_MS),
            Scenario("list", "list: source, page 3", user,
                     [_q(base, source=rng.choice(sources), page=3) for _ in range(n)], LIST_P95_MS),
            Scenario("list", "list: source+consultant+last visit after", user,
                     [_q(base, source=rng.choice(sources), consultant=users["own"] if user == "own" else
                         rng.choice(onsite), last_visit_after=day(365, 30)) for _ in range(n)],
                     LIST_P95_MS),
            Scenario("list", "list: tier+last visit range, by last visit", user,
                     [_q(base, tier=rng.choice(tiers), last_visit_after=day(400, 200), last_visit_before=day(150, 0),
                         ordering="-last_visit_on") for _ in range(n)], LIST_P95_MS),
            Scenario("list", f"list: tag+marketing consent{', page 2' if user == 'all' else ''}", user,
                     [_q(base, tags=rng.choice(tags), marketing_consent="true", page=2 if user == "all" else None)
                      for _ in range(n)], LIST_P95_MS),
            Scenario("list", "list: created range+online consultant", user,
                     [_q(base, created_after=day(700, 400), created_before=day(350, 0), online_consultant=
                         rng.choice(online)) for _ in range(n)], LIST_P95_MS),
            Scenario("list", "list: first visit range+gender, page 3", user,
                     [_q(base, first_visit_after=day(900, 500), first_visit_before=day(450, 0), gender="female",
                         page=3) for _ in range(n)], LIST_P95_MS),
        ]
        if user == "all":  # an on-site consultant's own customers all have a consultant
            scenarios.append(Scenario("list", "list: no consultant (leads), page 3", user,
                                      [_q(base, no_consultant="true", page=3)] * n, LIST_P95_MS))
        log(f"{user}: {total:,} customers visible; sample {len(sample)}, long histories from "
            f"{Customer.objects.filter(pk__in=long_ones[:1]).values_list('visit_count', flat=True).first()} visits")
    return scenarios


def measure(scenario: Scenario, path: str, port: int, cookie: str) -> None:
    started = time.perf_counter()
    status, _, body = request("GET", port, path, cookie=cookie)
    scenario.times_ms.append((time.perf_counter() - started) * 1000)
    if status != 200:
        scenario.failures += 1
        if scenario.failures == 1:
            log(f"{scenario.key}: {path} -> {status} {body[:200]!r}")
    elif scenario.group != "overview":
        scenario.counts.append(json.loads(body).get("count", 0))


# --- in-process measurements: query counts and EXPLAIN --------------------------------------------------


def _client(user_id: int):
    from django.test import Client

    from yimei.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="127.0.0.1")
    client.force_login(User.objects.get(pk=user_id))
    return client


def overview_query_counts(users: dict[str, int]) -> list[tuple[str, int, int, int]]:
    """(user, customer, events, SQL queries of the request) for a customer with ~5 and one with ~500 events."""
    from django.db import connection
    from django.db.models import Count, Q
    from django.test.utils import CaptureQueriesContext

    from yimei.customers.models import Customer, CustomerEvent

    def events_of(ids: list[int]) -> dict[int, int]:
        return dict(CustomerEvent.objects.filter(customer_id__in=ids).values("customer_id")
                    .annotate(n=Count("id")).values_list("customer_id", "n"))

    out = []
    for user in ("all", "own"):
        client = _client(users[user])
        files = Customer.objects.all()
        if user == "own":
            files = files.filter(Q(consultant_id=users[user]) | Q(online_consultant_id=users[user]))
        few = events_of(list(files.filter(visit_count=1).order_by("pk").values_list("pk", flat=True)[:300]))
        many = events_of(list(files.order_by("-visit_count", "pk").values_list("pk", flat=True)[:100]))
        small = min(few.items(), key=lambda kv: abs(kv[1] - 5)) if few else None
        large = min(many.items(), key=lambda kv: abs(kv[1] - 500)) if many else None
        for picked in (small, large):
            if picked is None:
                continue
            client.get(f"/api/v1/customers/{picked[0]}/overview/")  # warm the per-user caches
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/api/v1/customers/{picked[0]}/overview/")
            assert response.status_code == 200, response.content[:300]
            out.append((user, picked[0], picked[1], len(queries)))
    return out


def sql_time(scenarios: list[Scenario], users: dict[str, int], tries: int = 5) -> None:
    """The database's share of each scenario: median over ``tries`` requests (in-process) of the summed time
    of their SQL statements; and EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of the first one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clients = {user: _client(pk) for user, pk in users.items()}
    for scenario in scenarios:
        client = clients[scenario.user]
        totals = []
        for i, path in enumerate(scenario.paths[:tries]):
            client.get(path)  # warm
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            totals.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            if i == 0 and queries.captured_queries:
                slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                scenario.explain = f"GET {path}\n{slowest['time']} s: {slowest['sql']}\n{plan}\n"
        scenario.sql_ms = statistics.median(totals)


def wait_for_quiet(limit: float, patience: float) -> None:
    """Other work on the machine skews latencies: wait (up to ``patience`` seconds) until the 1-minute load
    average is below ``limit``."""
    deadline = time.time() + patience
    while os.getloadavg()[0] >= limit and time.time() < deadline:
        log(f"load average {os.getloadavg()[0]:.2f} >= {limit}: waiting for a quieter machine")
        time.sleep(20)


# --- report -----------------------------------------------------------------------------------------------


def label_for(customers: int) -> str:
    return f"{customers // 1_000_000}m" if customers % 1_000_000 == 0 else f"{customers // 1000}k"


def previous_p95(label: str) -> dict[str, float]:
    """p95 per scenario of another size's result file (the smaller one, for the ratio)."""
    path = RESULTS / f"customers-{label}.txt"
    if not path.exists():
        return {}
    found = {}
    for line in path.read_text().splitlines():
        if re.match(r"^(all|own): ", line):
            cells = line[KEY_WIDTH:].split()
            found[line[:KEY_WIDTH].strip()] = float(cells[2])
    return found


def report(args: argparse.Namespace, label: str, scenarios: list[Scenario], counts: list[list],
           facts: dict[str, str], baseline: tuple[str, dict[str, float]] | None) -> tuple[str, list[str]]:
    problems = []
    lines = [f"YiMei CRM customer-file benchmark ({label}), {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
             f"code {facts['code']}; gunicorn {args.workers} sync workers on PostgreSQL {facts['pg']} + Redis; "
             f"{os.cpu_count()} CPU cores",
             f"data: {facts['data']}",
             f"{args.requests} sequential requests per scenario after {args.warmup} warm-up rounds, round-robin over "
             f"scenarios and sizes ({facts['sizes']}); times are client-side, loopback, full response",
             f"load average before {facts['load']}, after {facts['load_end']}",
             "rows: median result count; sql ms: median time of the request's SQL statements (in-process)"
             + (f"; vs {baseline[0]}: p95 ratio (a miss above {MAX_RATIO}x and {RATIO_SLACK_MS} ms more)"
                if baseline else ""),
             ""]
    head = (f"{'scenario':<{KEY_WIDTH}}{'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'target':>7} "
            f"{'rows':>9} {'sql ms':>7}")
    if baseline:
        head += f"  {'vs ' + baseline[0]:>8}"
    lines.append(head)
    for group in ("search", "overview", "list"):
        for s in (x for x in scenarios if x.group == group):
            rows = f"{statistics.median(s.counts):,.0f}" if s.counts else "-"
            line = (f"{s.key:<{KEY_WIDTH}}{len(s.times_ms):>4} {s.p(0.5):>8.1f} {s.p(0.95):>8.1f} "
                    f"{max(s.times_ms):>8.1f} {s.target_ms:>7.0f} {rows:>9} "
                    f"{'-' if s.sql_ms is None else f'{s.sql_ms:.1f}':>7}")
            if baseline and s.key in baseline[1]:
                ratio = s.p(0.95) / baseline[1][s.key]
                line += f"  {ratio:>7.2f}x"
                if ratio > MAX_RATIO and s.p(0.95) - baseline[1][s.key] > RATIO_SLACK_MS:
                    problems.append(f"{s.key}: p95 {ratio:.2f}x the {baseline[0]} figure (> {MAX_RATIO}x)")
            lines.append(line + ("" if s.passed else "  MISS"))
            if s.failures:
                problems.append(f"{s.key}: {s.failures} request(s) failed")
            elif not s.passed:
                problems.append(f"{s.key}: p95 {s.p(0.95):.1f} ms > {s.target_ms:.0f} ms")
    lines += ["", "SQL queries of one GET /api/v1/customers/{id}/overview/ (whole request, in-process):"]
    for user, pk, events, n in counts:
        lines.append(f"  {user}: customer {pk} with {events} events: {n} queries")
    by_user: dict[str, set[int]] = {}
    for user, _, _, n in counts:
        by_user.setdefault(user, set()).add(n)
    for user, found in by_user.items():
        if len(found) > 1:
            problems.append(f"{user}: overview query count varies with history: {sorted(found)}")
    lines.append("")
    lines += ["PASS"] if not problems else [f"FAIL: {p}" for p in problems]
    missed = [s for s in scenarios if (not s.passed or s.key in {p.split(": p95")[0] for p in problems}) and s.explain]
    if missed:
        lines += ["", "EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of one request of each scenario above "
                  "that missed (measured in-process before the run):", ""]
        for s in missed:
            lines += [f"{s.key} — {s.explain}"]
    return "\n".join(lines) + "\n", problems


# --- the two phases -----------------------------------------------------------------------------------------


def prepare(args: argparse.Namespace) -> int:
    """Child process: make the database of one size ready and describe its scenarios (JSON to args.prepare)."""
    os.environ.setdefault("YIMEI_ALLOWED_HOSTS", "127.0.0.1,localhost")
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from yimei.customers.models import Customer, CustomerEvent

    size = args.customers[0]
    log(f"{label_for(size)}: migrating")
    call_command("migrate", "--noinput", verbosity=0)
    users = prepare_staff(args.customers[0])
    existing = Customer.objects.count()
    generated = None
    if existing == 0:
        generated = generate_customers(args, size)
    elif existing != size:
        raise SystemExit(f"the database holds {existing:,} customers, not {size:,}: use a fresh database")
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [CustomerEvent._meta.db_table])
        events = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    facts = {"pg": pg, "data": f"{Customer.objects.count():,} customers, ~{events:,} timeline events"
                               + (f" (generated in {generated:,.0f} s)" if generated else "")}
    log(f"{label_for(size)}: scenarios, overview query counts, SQL share and plans")
    scenarios = build_scenarios(users, args.requests, random.Random(args.seed))
    counts = overview_query_counts(users)
    sql_time(scenarios, users)
    Path(args.prepare).write_text(json.dumps({"users": users, "facts": facts, "counts": counts,
                                              "scenarios": [s.to_json() for s in scenarios]}))
    return 0


def database_urls(sizes: list[int], given: list[str]) -> dict[int, str]:
    """The database of each size: ``--database LABEL=URL``, else YIMEI_DATABASE_URL (one size) or its database
    name with ``_<label>`` appended (created when missing)."""
    explicit = dict(item.split("=", 1) for item in given)
    base = os.environ.get("YIMEI_DATABASE_URL", "")
    urls = {}
    for size in sizes:
        label = label_for(size)
        if label in explicit:
            urls[size] = explicit[label]
            continue
        if not base.startswith(("postgres://", "postgresql://")):
            raise SystemExit("Set YIMEI_DATABASE_URL to a PostgreSQL database (and YIMEI_REDIS_URL to Redis), "
                             "or give --database LABEL=URL for each size.")
        if len(sizes) == 1:
            urls[size] = base
            continue
        import psycopg

        parts = urllib.parse.urlsplit(base)
        name = f"{parts.path.lstrip('/')}_{label}"
        urls[size] = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
        with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
            if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
                db.execute(f'CREATE DATABASE "{name}"')
    return urls


def redis_database(offset: int) -> str | None:
    """YIMEI_REDIS_URL with its database number moved by ``offset``."""
    base = os.environ.get("YIMEI_REDIS_URL", "")
    if not base or not offset:
        return base or None
    parts = urllib.parse.urlsplit(base)
    number = int(parts.path.lstrip("/") or 0) + offset
    return urllib.parse.urlunsplit(parts._replace(path=f"/{number}"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, action="append", required=True,
                        help="a size; give it several times to measure sizes together (100000 and 1000000)")
    parser.add_argument("--database", action="append", default=[], metavar="LABEL=URL",
                        help="the database of a size, e.g. 1m=postgres://.../yimei_1m")
    parser.add_argument("--events-per-customer", type=float, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200, help="measured requests per scenario (>= 200)")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quiet-load", type=float, default=2.0,
                        help="wait until the 1-minute load average is below this before measuring")
    parser.add_argument("--quiet-wait", type=float, default=900, help="... but at most this many seconds")
    parser.add_argument("--compare", default=None,
                        help="with one size: the label of an earlier result to show the p95 ratio to")
    parser.add_argument("--only", default="",
                        help="measure only the scenarios whose 'user: name' matches this regular expression")
    parser.add_argument("--prepare", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        return prepare(args)

    sizes = sorted(set(args.customers))
    urls = database_urls(sizes, args.database)
    code = code_version()
    prepared = {}
    for size in sizes:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [sys.executable, __file__, "--customers", str(size), "--prepare", out.name,
                       "--events-per-customer", str(args.events_per_customer), "--seed", str(args.seed),
                       "--batch", str(args.batch), "--requests", str(args.requests)]
            env = {**os.environ, "YIMEI_DATABASE_URL": urls[size]}
            if redis_database(sizes.index(size)):
                env["YIMEI_REDIS_URL"] = redis_database(sizes.index(size))
            subprocess.run(command, env=env, check=True)
            prepared[size] = json.loads(Path(out.name).read_text())
    scenarios = {size: [Scenario(**{**item, "times_ms": [], "counts": []}) for item in prepared[size]["scenarios"]
                        if re.search(args.only, f"{item['user']}: {item['name']}")]
                 for size in sizes}

    wait_for_quiet(args.quiet_load, args.quiet_wait)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    servers: dict[int, Server] = {}
    try:
        cookies = {}
        for i, size in enumerate(sizes):
            # Each size its own Redis database: sessions and per-user cache stamps must not mix.
            servers[size] = Server(args.workers, urls[size], redis_database(i))
            cookies[size] = {user: login(servers[size].port, name)
                             for user, name in (("all", "bench_all"), ("own", "consultant"))}
        work = [(size, s) for size in sizes for s in scenarios[size]]
        log(f"measuring {len(work)} scenarios x {args.requests} requests, round-robin")
        for i in range(args.warmup):
            for size, s in work:
                request("GET", servers[size].port, s.paths[i % len(s.paths)], cookie=cookies[size][s.user])
        for i in range(args.requests):
            for size, s in work:
                measure(s, s.paths[i % len(s.paths)], servers[size].port, cookies[size][s.user])
            if (i + 1) % 20 == 0:
                log(f"round {i + 1}/{args.requests}; load average {os.getloadavg()[0]:.2f}")
    finally:
        for server in servers.values():
            server.stop()
    load_end = " ".join(f"{x:.2f}" for x in os.getloadavg())

    labels = {size: label_for(size) for size in sizes}
    smallest = sizes[0]
    problems_all = []
    for size in sizes:
        facts = {**prepared[size]["facts"], "code": code, "load": load, "load_end": load_end,
                 "sizes": " and ".join(labels[x] for x in sizes)}
        if size != smallest:
            baseline = (labels[smallest], {s.key: s.p(0.95) for s in scenarios[smallest]})
        elif len(sizes) == 1 and args.compare:
            baseline = (args.compare, previous_p95(args.compare)) if previous_p95(args.compare) else None
        else:
            baseline = None
        text, problems = report(args, labels[size], scenarios[size], prepared[size]["counts"], facts, baseline)
        problems_all += problems
        save_result(f"customers-{labels[size]}{'-partial' if args.only else ''}", text)
    return 1 if problems_all else 0


if __name__ == "__main__":
    sys.exit(main())
