"""Celery tasks of the outbox. Beat runs them through ``yimei.run_periodic`` (the periodic-job registry); these
names exist for sending one off by hand: ``celery -A config call notify.dispatch_due``."""

from __future__ import annotations

from celery import shared_task

from yimei.notify import jobs


@shared_task(name="notify.dispatch_due", ignore_result=True)
def dispatch_due() -> int:
    return jobs.dispatch_due_messages()


@shared_task(name="notify.recover_expired", ignore_result=True)
def recover_expired() -> int:
    return jobs.recover_expired_leases()
