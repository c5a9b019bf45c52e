"""Exactly once on PostgreSQL: two dispatchers side by side, and a worker process killed in the middle of a send.

These run with real connections (``transaction=True``): each dispatcher thread has its own connection, and the
killed worker is a separate Python process working on the same test database over loopback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from yimei.notify import dispatch, services
from yimei.notify.choices import AttemptOutcome, MessageStatus
from yimei.notify.models import Message, MessageAttempt
from yimei.notify.tests.conftest import sms_templates, use_aliyun, use_tencent, use_wechat

VARS = {"customer_name": "张三", "start": "12月1日 10:00", "items": "光子嫩肤"}
BACKEND = Path(__file__).resolve().parents[3]

pytestmark = [
    pytest.mark.skipif(not os.environ.get("YIMEI_DATABASE_URL", "").startswith("postgres"),
                       reason="parallel writers are exercised on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_two_dispatchers_send_every_message_once(concurrent_db, fake, make_customer):
    use_aliyun()
    sms_templates()
    customers = [make_customer() for _ in range(20)]
    messages = [services.enqueue(kind="test.notice", customer=customers[n % 20], variables=VARS)
                for n in range(300)]
    barrier = threading.Barrier(2)
    handled: Counter = Counter()

    def run(name: str) -> None:
        try:
            barrier.wait()
            handled[name] = dispatch.dispatch_due(worker=name, threads=4)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f"dispatcher-{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(handled.values()) == 300
    assert min(handled.values()) > 0, handled  # both took part
    sent = Counter(m["out_id"] for m in fake.messages("aliyun"))
    assert sorted(int(k) for k in sent) == sorted(m.pk for m in messages)
    assert set(sent.values()) == {1}
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 300
    workers = Counter(MessageAttempt.objects.values_list("worker", flat=True))
    assert set(workers) == {"dispatcher-0", "dispatcher-1"} and sum(workers.values()) == 300


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _start_victim(fake) -> subprocess.Popen:
    env = {**os.environ, "YIMEI_DATABASE_URL": _database_url(), "YIMEI_DATA_KEY": settings.DATA_KEY,
           "YIMEI_NOTIFY_ALIYUN_SMS_URL": fake.aliyun_url, "YIMEI_NOTIFY_TENCENT_SMS_URL": fake.tencent_url,
           "YIMEI_NOTIFY_WECHAT_API_URL": fake.url, "YIMEI_NOTIFY_HTTP_TIMEOUT_SECONDS": "60",
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = ("import django; django.setup(); from yimei.notify.dispatch import dispatch_due; "
            "dispatch_due(worker='victim', threads=1)")
    return subprocess.Popen([sys.executable, "-c", code], cwd=BACKEND, env=env)  # noqa: S603 — our own code


def _kill_once_accepted(victim: subprocess.Popen, fake, count: int = 1) -> None:
    deadline = time.monotonic() + 60
    while len(fake.messages()) < count:
        assert victim.poll() is None, "the worker ended before the provider had the message"
        assert time.monotonic() < deadline, "the provider never received the message"
        time.sleep(0.05)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=10)


@pytest.mark.parametrize("use", [use_aliyun, use_tencent])
def test_sms_worker_killed_mid_send_each_message_delivered_once(concurrent_db, fake, make_customer, use):
    # given three due SMS and a provider that takes the first one but is slow to answer
    use()
    sms_templates("2001" if use is use_tencent else "SMS_100001")
    customer = make_customer()
    messages = [services.enqueue(kind="test.notice", customer=customer, variables=VARS) for _ in range(3)]
    provider = "tencent" if use is use_tencent else "aliyun"
    fake.control(action="delay", provider=provider, seconds=60)

    # when the worker is killed while waiting for the provider's answer
    victim = _start_victim(fake)
    _kill_once_accepted(victim, fake)
    in_flight = list(Message.objects.filter(status=MessageStatus.SENDING))
    assert in_flight, "the killed worker held claimed messages"
    # then, once the lease has run out, recovery settles the held rows and the dispatcher finishes the job
    Message.objects.filter(status=MessageStatus.SENDING).update(leased_until=_past())
    assert dispatch.recover_expired() == len(in_flight)
    dispatch.dispatch_due(threads=2)

    statuses = set(Message.objects.values_list("status", flat=True))
    assert statuses == {MessageStatus.SENT}
    first = messages[0]
    outcomes = list(MessageAttempt.objects.filter(message=first).values_list("outcome", flat=True).order_by("id"))
    # the message the provider already had was found by the query, not sent again
    assert outcomes == [AttemptOutcome.INTERRUPTED, AttemptOutcome.RECOVERED]
    key = "session_context" if provider == "tencent" else "out_id"
    received = Counter(m[key] for m in fake.messages(provider))
    assert sorted(int(k) for k in received) == sorted(m.pk for m in messages)
    assert set(received.values()) == {1}


def test_wechat_worker_killed_mid_send_becomes_unknown(concurrent_db, fake, make_customer):
    use_wechat()
    sms_templates()
    message = services.enqueue(kind="test.notice", customer=make_customer(openid="o_follower_9"), variables=VARS)
    fake.control(action="delay", provider="wechat", seconds=60)
    victim = _start_victim(fake)
    _kill_once_accepted(victim, fake)
    Message.objects.filter(status=MessageStatus.SENDING).update(leased_until=_past())

    assert dispatch.recover_expired() == 1
    assert dispatch.dispatch_due() == 0
    message.refresh_from_db()
    assert message.status == MessageStatus.UNKNOWN
    assert len(fake.messages("wechat")) == 1  # delivered once; nobody sent it again


def _past():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(seconds=1)
