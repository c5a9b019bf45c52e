import argparse
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yimei.core import context
from yimei.sales.generator import generate_sales


class Command(BaseCommand):
    help = ("Generate realistic sales history (orders, payments, cards, entitlements, deductions, refunds, "
            "performance) for the customers already on file (benchmarks). Reproducible: the same --seed and --now "
            "on the same database give the same data.")

    def add_arguments(self, parser):
        parser.add_argument("--lines", type=int, required=True, help="about how many order lines in all")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--years", type=float, default=2.0, help="how far back sales go (default 2)")
        parser.add_argument("--batch", type=int, default=20_000, help="customers per transaction (default 20000)")
        parser.add_argument("--now", default=None,
                            help="the generator's 'now' as ISO date-time (default: the current time)")
        parser.add_argument("--bulk", action=argparse.BooleanOptionalAction, default=None,
                            help="PostgreSQL: drop the sales tables' non-unique indexes while loading and build them "
                                 "at the end, skip foreign-key triggers as superuser (default: when there are no "
                                 "orders yet and --lines is 100,000 or more)")
        parser.add_argument("--events", action=argparse.BooleanOptionalAction, default=None,
                            help="also write the timeline events (default: below 1,000,000 lines)")
        parser.add_argument("--no-analyze", action="store_true", help="skip VACUUM ANALYZE at the end")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        if options["lines"] < 1:
            raise CommandError("--lines must be at least 1")
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
        with context.request_context(context.RequestContext(request_id="generate-sales", actor="系统")):
            summary = generate_sales(
                lines=options["lines"], seed=options["seed"], now=now, years=options["years"],
                batch=options["batch"], using=options["database"], analyze=not options["no_analyze"],
                bulk=options["bulk"], events=options["events"], progress=lambda line: self.stdout.write(line))
        self.stdout.write(summary.line())
        self.stdout.write("; ".join(f"{name} {seconds:,.1f} s" for name, seconds in summary.phases.items()))
