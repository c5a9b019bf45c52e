"""Running a job's work: in a background thread of the web process (``YIMEI_TASKS_ASYNC``, the default) once
the request's transaction has committed, or inline (tests).

The thread runs under the request's context (operator, request id, IP) so its audit rows name who started
it, and closes its database connections when it ends.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import connections, transaction

from yimei.core import context

log = logging.getLogger(__name__)

# Threads started by this process, newest last (tests and shutdown can wait for them).
threads: list[threading.Thread] = []


def _run(task: Callable[[int], Any], job_id: int, ctx: context.RequestContext) -> None:
    try:
        with context.request_context(ctx):
            task(job_id)
    except Exception:
        log.exception("import task %s(%s) failed", getattr(task, "__name__", task), job_id)
    finally:
        connections.close_all()


def dispatch(task: Callable[[int], Any], job_id: int) -> None:
    if not getattr(settings, "YIMEI_TASKS_ASYNC", True):
        task(job_id)
        return
    ctx = replace(context.current(), extra={})

    def start() -> None:
        thread = threading.Thread(target=_run, args=(task, job_id, ctx), name=f"import-{job_id}", daemon=True)
        threads[:] = [t for t in threads if t.is_alive()]
        threads.append(thread)
        thread.start()

    transaction.on_commit(start)
