"""core.txcache: a value is kept for the rest of its transaction, and no longer."""

from __future__ import annotations

import pytest
from django.db import transaction

from yimei.core import txcache


def counter():
    calls = []

    def load() -> int:
        calls.append(1)
        return len(calls)

    return load, calls


def test_kept_for_the_transaction_and_dropped_after_a_savepoint_rollback_or_forget(db):
    load, calls = counter()
    assert txcache.cached("k", load) == 1 and txcache.cached("k", load) == 1 and len(calls) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        raise RuntimeError
    assert txcache.cached("k", load) == 2  # a savepoint rollback may have undone what was read
    txcache.forget()
    assert txcache.cached("k", load) == 3 and len(calls) == 3


def test_nothing_is_kept_outside_a_transaction():
    load, _calls = counter()
    assert [txcache.cached("k", load) for _ in range(3)] == [1, 2, 3]


def test_notify_settings_are_read_once_per_transaction_and_again_after_a_change(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yimei.notify.models import NotifySettings

    def read() -> NotifySettings:
        return txcache.cached("notify.settings", NotifySettings.current)

    with CaptureQueriesContext(connection) as queries:
        first, second = read(), read()
    assert first is second and len(queries) == 1
    first.max_attempts = 7
    first.save()
    assert read() is not first and read().max_attempts == 7
