#!/usr/bin/env python3
"""Follow-up rule engine benchmark: one full engine pass on PostgreSQL (target ≤ 60 s at 1,000,000 customers).

    .venv/bin/python bench/followups_bench.py --database postgres://postgres@127.0.0.1:5432/yimei_1m

The database (``--database URL``, else YIMEI_DATABASE_URL) is migrated; when it has no customers they are
generated (``--customers``, ``manage.py generate_customers``) and when it has no orders their sales history
(``--lines``, ``manage.py generate_sales``), as in bench/sales_bench.py. A database prepared before (the 1m
database of the customer and sales benchmarks) is used as it is and left as it was: the whole measurement runs
in one transaction that is rolled back at the end (``--keep`` commits it).

Inside it the script switches on the five rules (the defaults: paid-unused 30 days, dormant 180 days), gives the
20 most deducted items a care plan (follow-ups at days 1, 7, 30; messages at 7 and 30), adds three resource
rules (visited without buying → release to a pool, no follow-up within 7 days of a visit → task, an old customer
back without buying → flag), forgets the engine's state (cursor and scan dates), and times:

* the engine's first full pass (``run_engine`` in its parts), its heaviest natural form: the engine's events of the
  last two hours (no-shows; deductions with their aftercare messages and post-treatment tasks; reversals), then
  each scan over its first window (today) — each part and the total against the target;
* the same pass again (the steady state: nothing new, nothing created twice);
* the next day's pass (each scan covers one more date);
* a day of timeline in one go, as after an outage of the scheduler (information; in operation each no-show,
  deduction and reversal is read right after its transaction commits).

The sales generator writes deductions without their timeline events; the script adds the ``deduction.done``
events of the last day's deductions first (in the same rolled-back transaction), so the passes do a real day's
aftercare work: messages and post-treatment tasks for each deduction of an item with a care plan.

Result: stdout and bench/results/followups-<size>.txt, with the slowest SQL statements of the pass and
EXPLAIN (ANALYZE, BUFFERS) of the slowest reads. Exit status 1 when the target is missed or a re-run created
anything.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import customers_bench as cb

REPO, BACKEND, RESULTS, VENV_BIN = cb.REPO, cb.BACKEND, cb.RESULTS, cb.VENV_BIN
TARGET_S = 60.0
log = cb.log


def prepare(args: argparse.Namespace) -> dict:
    """Migrate; generate customers and sales only into an empty database."""
    cb.setup_django()
    from django.db import connection

    from yimei.customers.models import Customer

    generated = cb.ensure_history(customers=args.customers, seed=args.seed, events_per_customer=10, lines=args.lines)
    counts = {}
    with connection.cursor() as cursor:
        for table in ("customers_customer", "customers_customerevent", "customers_visit", "sales_entitlement",
                      "sales_deduction", "sales_order"):
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            counts[table.split("_", 1)[1]] = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    customers = Customer.objects.count()
    data = (f"{customers:,} customers, ~{counts['customerevent']:,} timeline events, ~{counts['visit']:,} visits, "
            f"~{counts['order']:,} orders, ~{counts['entitlement']:,} entitlements, ~{counts['deduction']:,} "
            f"deductions" + (f" ({'; '.join(generated)})" if generated else ""))
    return {"customers": customers, "pg": pg, "data": data}


def configure() -> list[str]:
    """Switch the rules on, give the most used items a care plan, add resource rules; forget the engine's state."""
    from django.db.models import Count

    from yimei.accounts.models import OrgUnit
    from yimei.catalog.models import TreatmentItem
    from yimei.customers.models import CustomerEvent
    from yimei.followups.care import save_care_plan
    from yimei.followups.models import CarePlan, EngineState, FollowUpRule, ResourceRule
    from yimei.followups.rules import ensure_default_rules
    from yimei.sales.models import Deduction

    ensure_default_rules()
    FollowUpRule.objects.update(enabled=True)
    items = list(Deduction.objects.filter(item__isnull=False).values("item_id").annotate(n=Count("pk"))
                 .order_by("-n").values_list("item_id", flat=True)[:20])
    for item in TreatmentItem.objects.filter(pk__in=items).exclude(pk__in=CarePlan.objects.values("pk")):
        save_care_plan(item, operator=None, instructions="术后 24 小时内勿沾水，一周内严格防晒，按时涂抹修复产品。",
                       followup_nodes=[1, 7, 30], message_nodes=[7, 30])
    pool = OrgUnit.objects.filter(kind="team").order_by("pk").first()
    made = [
        ResourceRule.objects.create(name="压测：到访未成交释放", kind="visited_no_buy", days=30, action="release",
                                    release_to_pool=pool),
        ResourceRule.objects.create(name="压测：到访后未回访", kind="no_followup_after_visit", days=7,
                                    action="create_task"),
        ResourceRule.objects.create(name="压测：老客回店未消费", kind="returning_no_buy", days=14, action="flag"),
    ]
    synthesized = add_deduction_events()
    EngineState.objects.update_or_create(pk=1, defaults={"event_cursor": None})
    FollowUpRule.objects.update(scanned_through=None)
    ResourceRule.objects.update(scanned_through=None)
    events = CustomerEvent.objects.count()
    return [f"setup: the five follow-up rules on; care plans for {len(items)} items (follow-ups at days 1, 7, 30; "
            f"messages at 7, 30); resource rules {', '.join(r.name for r in made)}; {events:,} timeline events "
            f"({synthesized:,} of them deduction.done events added for the last day's deductions, which the sales "
            f"generator writes without their timeline)"]


def add_deduction_events() -> int:
    """The ``deduction.done`` events of the last day's deductions that have none, as the deduction service writes
    them (the sales generator writes deductions without their timeline), so the pass reads a real day's aftercare
    work. Bulk-inserted: the on-commit wake-up stays out of the measurement."""
    from datetime import timedelta

    from django.utils import timezone

    from yimei.customers.models import CustomerEvent
    from yimei.sales.models import Deduction

    now = timezone.now()
    since = now - timedelta(days=1)
    have = set(CustomerEvent.objects.filter(type="deduction.done", occurred_at__gte=since - timedelta(hours=1))
               .values_list("source_id", flat=True))
    rows = [CustomerEvent(customer_id=d.customer_id, type="deduction.done", occurred_at=d.performed_at,
                          actor_name="压测", source_type="sales.deduction", source_id=str(d.pk),
                          summary=f"划扣 {d.item_name} ×{d.quantity}（{d.number}）", data={})
            for d in Deduction.objects.filter(performed_at__gte=since, performed_at__lte=now, status="done")
            .only("pk", "customer_id", "performed_at", "item_name", "quantity", "number").order_by("performed_at")
            if str(d.pk) not in have]
    CustomerEvent.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def timed(label: str, func, results: list[tuple[str, float, dict]]) -> dict:
    log(label)
    started = time.perf_counter()
    counts = dict(func())
    results.append((label, time.perf_counter() - started, counts))
    return counts


def one_pass(today, results: list[tuple[str, float, dict]]) -> None:
    """``run_engine`` in its parts: the timeline since the cursor, each scan, the resource rules."""
    from yimei.followups import engine
    from yimei.followups.choices import RuleKind

    timed("timeline since the cursor", engine.run_events, results)
    for kind in engine.SCAN_KINDS:
        timed(f"scan: {RuleKind(kind).label}",
              lambda kind=kind: engine.run_scans(today=today, kinds=[kind], resources=False), results)
    timed("scan: resource rules", lambda: engine.run_scans(today=today, kinds=[], resources=True), results)


def measure(args: argparse.Namespace) -> dict:
    from datetime import timedelta

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from yimei.customers.models import CustomerEvent
    from yimei.followups import engine
    from yimei.followups.models import CareDelivery, EngineState, FollowUpTask
    from yimei.notify.models import Message

    today = timezone.localdate()
    out: dict = {"first": [], "daily": [], "again": [], "catchup": [], "notes": []}
    with transaction.atomic():
        out["notes"] += configure()
        before = (FollowUpTask.objects.count(), Message.objects.count(), CareDelivery.objects.count())
        last = CustomerEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        with CaptureQueriesContext(connection) as captured:
            one_pass(today, out["first"])
        out["slow"] = sorted(((float(q["time"]), q["sql"]) for q in captured.captured_queries), reverse=True)[:6]
        cursor = EngineState.objects.get(pk=1).event_cursor or last
        first_events = CustomerEvent.objects.filter(type__in=engine.EVENT_TYPES, id__lte=last,
                                                    occurred_at__gte=timezone.now() - engine.EVENT_LOOKBACK)
        out["notes"].append(
            f"first pass: the engine's events of the last two hours ({first_events.count():,}, of which "
            f"{first_events.filter(type='deduction.done').count():,} deductions) and the first day of each scan; it "
            f"created {FollowUpTask.objects.count() - before[0]:,} tasks, {CareDelivery.objects.count() - before[2]:,}"
            f" aftercare deliveries and {Message.objects.count() - before[1]:,} messages (cursor now {cursor:,})")
        timed("the whole pass again (run_engine)", lambda: engine.run_engine(), out["again"])
        # The next day: every scan covers one more date; the timeline since the last pass (nothing new here).
        tomorrow = today + timedelta(days=1)
        timed("timeline since the cursor", engine.run_events, out["daily"])
        from yimei.followups.choices import RuleKind

        for kind in engine.SCAN_KINDS:
            timed(f"scan: {RuleKind(kind).label}",
                  lambda kind=kind: engine.run_scans(today=tomorrow, kinds=[kind], resources=False), out["daily"])
        timed("scan: resource rules", lambda: engine.run_scans(today=tomorrow, kinds=[], resources=True),
              out["daily"])
        # After an outage the cursor is a day behind: the day's events in one go (in operation each is read
        # within seconds of its commit). Those of the last two hours were read above and are skipped.
        hours, engine.EVENT_LOOKBACK = engine.EVENT_LOOKBACK, timedelta(days=1)
        EngineState.objects.update(event_cursor=None)
        day = CustomerEvent.objects.filter(type__in=engine.EVENT_TYPES,
                                           occurred_at__gte=timezone.now() - timedelta(days=1))
        out["notes"].append(f"catch-up: {day.count():,} events of the engine's kinds in the last day, of which "
                            f"{day.filter(type='deduction.done').count():,} deductions")
        timed("a day of events in one go (catch-up)", engine.run_events, out["catchup"])
        engine.EVENT_LOOKBACK = hours
        out["notes"] += explain(out["slow"])
        if not args.keep:
            transaction.set_rollback(True)
    return out


def explain(slow: list[tuple[float, str]]) -> list[str]:
    from django.db import connection

    lines = []
    with connection.cursor() as cursor:
        for _seconds, sql in slow[:3]:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines += ["", sql[:600] + (" …" if len(sql) > 600 else ""), *(row[0] for row in cursor.fetchall())]
    return lines


def _table(title: str, rows: list[tuple[str, float, dict]], target: float | None = None) -> list[str]:
    total = sum(seconds for _l, seconds, _c in rows)
    lines = [f"{title:<46}{'seconds':>9}  created"]
    for name, seconds, counts in rows:
        shown = ", ".join(f"{k} {v:,}" for k, v in counts.items() if v) or "-"
        lines.append(f"  {name:<44}{seconds:>9.2f}  {shown}")
    lines.append(f"  {'total':<44}{total:>9.2f}" + (f"  target ≤ {target:.0f} s" if target else ""))
    return lines


def report(args: argparse.Namespace, prepared: dict, out: dict) -> tuple[str, list[str]]:
    first = sum(seconds for _l, seconds, _c in out["first"])
    created_again = {k: v for _l, _s, counts in out["again"] for k, v in counts.items() if v}
    label = cb.label_for(prepared["customers"])
    code = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                          check=False).stdout.strip()
    lines = [f"YiMei CRM follow-up engine benchmark ({label}), {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
             f"code {code}; PostgreSQL {prepared['pg']}; {os.cpu_count()} CPU cores; in-process, one transaction "
             f"{'committed' if args.keep else 'rolled back at the end'}",
             f"data: {prepared['data']}", out["notes"][0], out["notes"][1], ""]
    lines += _table("the engine's first full pass", out["first"], TARGET_S)
    lines += ["", *_table("the same pass again (steady state)", out["again"])]
    lines += ["", *_table("the next day's pass (one more date per scan)", out["daily"])]
    lines += ["", *_table("after an outage: a day of timeline", out["catchup"]), f"  ({out['notes'][2]})"]
    lines += ["", "slowest SQL statements of the first pass:"]
    lines += [f"  {seconds * 1000:>9.1f} ms  {sql[:150]}" for seconds, sql in out["slow"]]
    problems = []
    if first > TARGET_S:
        problems.append(f"the first full pass took {first:.1f} s > {TARGET_S:.0f} s")
    if created_again:
        problems.append(f"the second pass created {created_again}")
    lines += ["", *(["PASS"] if not problems else [f"FAIL: {p}" for p in problems])]
    if out["notes"][3:]:
        lines += ["", "EXPLAIN (ANALYZE, BUFFERS) of the slowest reads of the first pass:", *out["notes"][3:]]
    return "\n".join(lines) + "\n", problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=None, help="the database URL (default: YIMEI_DATABASE_URL)")
    parser.add_argument("--customers", type=int, default=1_000_000, help="customers to generate into an empty database")
    parser.add_argument("--lines", type=int, default=5_000_000, help="order lines to generate when there are no orders")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="commit what the pass created (default: roll back)")
    args = parser.parse_args()
    cb.use_database(args.database)
    prepared = prepare(args)
    text, problems = report(args, prepared, measure(args))
    cb.save_result(f"followups-{cb.label_for(prepared['customers'])}", text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
