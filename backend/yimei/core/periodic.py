"""Periodic jobs: one registry read by two runners.

Apps register jobs from their AppConfig.ready::

    register_periodic("notify.dispatch_due", dispatch_due_messages, every_seconds=10)
    register_periodic("appointments.mark_no_shows", mark_no_shows, at=time(0, 5))

In production Celery beat fires them (``config/celery.py`` builds its schedule from this registry and runs
each job through the one task ``yimei.run_periodic``); in the embedded default ``manage.py run_scheduler``
(started by ``make run``) runs the same functions in one loop. ``at`` is a local (Asia/Shanghai) time of day.
Jobs must be safe to run twice at once (two schedulers, a slow run overlapping the next): they lock or claim
the rows they work on.
"""

from __future__ import annotations

import datetime
import logging
import time as _time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger("yimei.periodic")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: Callable[[], Any]
    every_seconds: int | None = None
    at: datetime.time | None = None

    def describe(self) -> str:
        return f"every {self.every_seconds} s" if self.every_seconds else f"daily at {self.at:%H:%M}"


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(name: str, func: Callable[[], Any], *, every_seconds: int | None = None,
                      at: datetime.time | None = None) -> PeriodicJob:
    """Register ``func`` to run every ``every_seconds`` or daily at local time ``at`` (exactly one of them).
    Registering the same name again replaces the job (a module imported twice in tests)."""
    if (every_seconds is None) == (at is None):
        raise ValueError(f"periodic job {name}: give exactly one of every_seconds or at")
    if every_seconds is not None and every_seconds < 1:
        raise ValueError(f"periodic job {name}: every_seconds must be at least 1")
    job = PeriodicJob(name, func, every_seconds, at)
    _jobs[name] = job
    return job


def unregister_periodic(name: str) -> None:
    _jobs.pop(name, None)


def jobs() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda j: j.name)


def get_job(name: str) -> PeriodicJob:
    return _jobs[name]


def run_job(name: str) -> Any:
    """Run one registered job now (the Celery task and the scheduler loop both come through here)."""
    job = _jobs[name]
    started = _time.monotonic()
    result = job.func()
    logger.info("periodic job %s done in %.2f s: %s", name, _time.monotonic() - started, result)
    return result


@shared_task(name="yimei.run_periodic", ignore_result=True)
def run_periodic_task(name: str) -> Any:
    """The Celery task behind every beat entry (config/celery.py)."""
    return run_job(name)


class Scheduler:
    """The in-process runner: decides which jobs are due and runs them one after another.

    A job that raises is logged and tried again at its next time; the loop itself never stops on a job's
    error. Interval jobs run at start and then every ``every_seconds`` after the previous run began; daily
    jobs run once per local date, as soon as the time of day has passed (also when the process was started
    after it — a no-show sweep missed while the server was down still happens that day).
    """

    def __init__(self, job_list: list[PeriodicJob] | None = None, *, clock: Callable[[], datetime.datetime] | None
                 = None):
        self.jobs = job_list if job_list is not None else jobs()
        self.clock = clock or timezone.now
        self.last_started: dict[str, datetime.datetime] = {}
        self.last_date: dict[str, datetime.date] = {}
        self.failures: dict[str, int] = {}

    def due(self) -> list[PeriodicJob]:
        now = self.clock()
        local = timezone.localtime(now)
        found = []
        for job in self.jobs:
            if job.every_seconds is not None:
                last = self.last_started.get(job.name)
                if last is None or (now - last).total_seconds() >= job.every_seconds:
                    found.append(job)
            elif job.at is not None and self.last_date.get(job.name) != local.date() and local.time() >= job.at:
                found.append(job)
        return found

    def run_due(self) -> list[str]:
        ran = []
        for job in self.due():
            now = self.clock()
            self.last_started[job.name] = now
            self.last_date[job.name] = timezone.localtime(now).date()
            try:
                job.func()
            except Exception:
                self.failures[job.name] = self.failures.get(job.name, 0) + 1
                logger.exception("periodic job %s failed", job.name)
            ran.append(job.name)
        return ran

    def seconds_to_next(self) -> float:
        """How long the loop may sleep before a job could be due (at most 1 s, so a stop is noticed soon)."""
        now = self.clock()
        waits = [1.0]
        for job in self.jobs:
            if job.every_seconds is not None and job.name in self.last_started:
                waits.append(job.every_seconds - (now - self.last_started[job.name]).total_seconds())
        return max(0.05, min(waits))
