"""Celery for production: ``celery -A config worker`` and ``celery -A config beat`` (see deploy/systemd).

The beat schedule is not written here: it is built from the periodic-job registry (``yimei/core/periodic.py``)
that the apps fill when Django starts, so Celery beat and the embedded scheduler (``manage.py run_scheduler``)
always run the same jobs. Every job runs through the one task ``yimei.run_periodic`` with the job's name.
"""

from __future__ import annotations

import datetime
import os
from typing import Any

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("yimei")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def beat_schedule() -> dict[str, dict[str, Any]]:
    from yimei.core.periodic import jobs

    schedule: dict[str, dict[str, Any]] = {}
    for job in jobs():
        if job.every_seconds is not None:
            when: Any = datetime.timedelta(seconds=job.every_seconds)
            # A run that could not start before the next one is due is dropped, not queued up behind it.
            options = {"expires": job.every_seconds}
        else:
            when = crontab(hour=job.at.hour, minute=job.at.minute)  # in CELERY_TIMEZONE (Asia/Shanghai)
            options = {"expires": 3600}
        schedule[job.name] = {"task": "yimei.run_periodic", "schedule": when, "args": (job.name,),
                              "options": options}
    return schedule


@app.on_after_finalize.connect
def _install_beat_schedule(sender: Celery, **kwargs: Any) -> None:
    import django

    django.setup()  # the apps register their jobs in AppConfig.ready
    sender.conf.beat_schedule = beat_schedule()
