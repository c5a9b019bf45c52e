import argparse
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yimei.core import context
from yimei.customers.generator import generate


class Command(BaseCommand):
    help = ("Generate realistic customers with visits, consultations and timeline events (benchmarks, demo). "
            "Reproducible: the same --seed and --now on the same database give the same data.")

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, required=True, help="how many customer files")
        parser.add_argument("--events-per-customer", type=float, default=10,
                            help="average timeline events per customer (default 10)")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--batch", type=int, default=5000, help="customers per transaction (default 5000)")
        parser.add_argument("--years", type=float, default=3.0, help="how far back history goes (default 3)")
        parser.add_argument("--today-visits", type=int, default=None,
                            help="visits today on the waiting list (default min(30, customers/10))")
        parser.add_argument("--now", default=None,
                            help="the generator's 'now' as ISO date-time (default: the current time)")
        parser.add_argument("--workers", type=int, default=None,
                            help="processes building customers while this one writes (default: one per CPU core "
                                 "from 20,000 customers on; 0 builds here)")
        parser.add_argument("--bulk", action=argparse.BooleanOptionalAction, default=None,
                            help="PostgreSQL: drop non-unique indexes while loading and build them at the end, "
                                 "skip foreign-key triggers as superuser (default: for 100,000 customers and more "
                                 "into a table at most as large)")
        parser.add_argument("--no-analyze", action="store_true", help="skip VACUUM ANALYZE at the end")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        if options["customers"] < 1:
            raise CommandError("--customers must be at least 1")
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        now = None
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError:
                raise CommandError("--now must be an ISO date-time, e.g. 2026-11-26T10:00:00+08:00") from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        with context.request_context(context.RequestContext(request_id="generate-customers", actor="系统")):
            summary = generate(
                customers=options["customers"], events_per_customer=options["events_per_customer"],
                seed=options["seed"], batch=options["batch"], now=now, years=options["years"],
                today_visits=options["today_visits"], using=options["database"], analyze=not options["no_analyze"],
                workers=options["workers"], bulk=options["bulk"], progress=lambda line: self.stdout.write(line),
            )
        self.stdout.write(summary.line())
        phases = ", ".join(f"{name} {seconds:,.1f} s" for name, seconds in summary.phases.items())
        self.stdout.write(f"{summary.workers} worker process(es); {phases}; "
                          f"customer ids {summary.first_customer_id}..{summary.last_customer_id}")
