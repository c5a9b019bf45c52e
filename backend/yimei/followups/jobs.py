"""When the engine runs: a short periodic pass over the timeline and the scans (the scans do their date's work
once and are then no-ops until the next day), the morning reminder of due and overdue tasks, and a wake-up
right after a transaction that wrote a no-show, a deduction or a reversal commits — so the aftercare
instructions leave within seconds of the treatment, not at the next periodic pass.

The wake-up only schedules a pass; what happens is decided in ``engine.py``. It runs after commit in the
committing thread with ``wait=False`` (when a pass is already running it leaves the events to that one and the
next periodic pass), and never lets an engine error reach the request that caused it.
"""

from __future__ import annotations

import logging
from datetime import time

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save

from yimei.core.periodic import register_periodic

log = logging.getLogger("yimei.followups.jobs")


def run_engine_pass() -> dict[str, int]:
    from yimei.followups.engine import run_engine

    return run_engine()


def remind_overdue() -> int:
    from yimei.followups.notifications import remind_overdue as remind

    return remind()


def _events_pass() -> None:
    from yimei.followups.engine import run_events

    try:
        run_events(wait=False)
    except Exception:
        log.exception("follow-up engine pass after commit failed; the periodic pass will retry")


def wake_on_event(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    from yimei.followups.engine import EVENT_TYPES

    if created and not raw and instance.type in EVENT_TYPES and getattr(settings, "FOLLOWUPS_RUN_ON_COMMIT", True):
        connection = transaction.get_connection()
        # One pass per transaction, however many deductions it wrote.
        if not any(entry[1] is _events_pass for entry in getattr(connection, "run_on_commit", ())):
            transaction.on_commit(_events_pass)


register_periodic("followups.engine", run_engine_pass, every_seconds=getattr(settings, "FOLLOWUPS_ENGINE_EVERY_SECONDS",
                                                                             120))
register_periodic("followups.remind_overdue", remind_overdue, at=time(8, 0))
post_save.connect(wake_on_event, sender="customers.CustomerEvent", dispatch_uid="followups.wake_on_event")
