"""``manage.py run_scheduler``: the embedded default's periodic-job runner (``make run`` starts it next to
gunicorn). One loop in one process runs every job of the periodic-job registry (``yimei/core/periodic.py``) when
it is due: the outbox dispatcher every 10 s, lease recovery, and what other apps registered. In production Celery
beat and a worker do this instead (deploy/systemd/yimei-celery-*.service)."""

from __future__ import annotations

import logging
import signal
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from yimei.core.periodic import Scheduler, jobs

logger = logging.getLogger("yimei.periodic")


class Command(BaseCommand):
    help = "Run the periodic jobs (outbox dispatcher, recovery, no-show sweep …) in one loop until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="run the jobs that are due now, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        scheduler = Scheduler(jobs())
        names = ", ".join(f"{job.name} ({job.describe()})" for job in scheduler.jobs)
        self.stdout.write(f"scheduler: {len(scheduler.jobs)} jobs: {names}")
        while not stop.is_set():
            close_old_connections()
            started = time.monotonic()
            ran = scheduler.run_due()
            if ran:
                logger.info("ran %s in %.2f s", ", ".join(ran), time.monotonic() - started)
            if options["once"]:
                break
            stop.wait(scheduler.seconds_to_next())
        close_old_connections()
        self.stdout.write("scheduler: stopped")
