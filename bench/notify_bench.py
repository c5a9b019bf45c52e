#!/usr/bin/env python3
"""Outbox benchmark: the dispatcher sends 10,000 due SMS messages to the fake Aliyun (or Tencent) server.

    YIMEI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yimei .venv/bin/python bench/notify_bench.py
    .venv/bin/python bench/notify_bench.py --database postgres://… --messages 10000 --processes 2

The database (``--database URL``, else YIMEI_DATABASE_URL) is migrated; the bench's own messages from a previous
run are removed; N messages are written due now (each to its own phone number, rendered and encrypted as
``notify.services.enqueue`` does — one is enqueued through it and the rest copied from it in bulk, which is not
timed). The fake provider server runs as its own process (``python -m yimei.notify.fakes``), checking every
request's signature. Then ``--processes`` dispatcher processes (``dispatch_due`` with ``--threads`` sending
threads each) are started at once and timed until every message is settled.

Printed and written to bench/results/notify-<N>.txt: elapsed seconds, messages per second, the statuses, and
the check that the fake received every message exactly once (by the OutId = message id it was sent with).
Exit status 1 when a message was not sent exactly once or the time exceeds the target (60 s for 10,000).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
RESULTS = REPO / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
TARGET_SECONDS_PER_10K = 60.0
KIND = "bench.notice"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fake_get(port: int, path: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as reply:
        return json.loads(reply.read())


def fake_control(port: int, **command: object) -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/_fake/control", data=json.dumps(command).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass


def start_fake(port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "yimei.notify.fakes", "--port", str(port)], cwd=BACKEND,
                               stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while True:
        try:
            fake_get(port, "/_fake/stats")
            return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("the fake provider server did not start") from None
            time.sleep(0.1)


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(BACKEND))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def configure(provider: str) -> None:
    from yimei.notify import fakes
    from yimei.notify.models import MessageTemplate, NotifySettings

    config = NotifySettings.current()
    if provider == "aliyun":
        key_id, secret = next(iter(fakes.ALIYUN_KEYS.items()))
        config.sms_provider, config.aliyun_access_key_id, config.aliyun_access_key_secret = "aliyun", key_id, secret
        config.aliyun_sign_name = "基准测试医院"
        template_id = "SMS_900001"
    else:
        secret_id, secret_key = next(iter(fakes.TENCENT_KEYS.items()))
        config.sms_provider, config.tencent_secret_id, config.tencent_secret_key = "tencent", secret_id, secret_key
        config.tencent_sdk_app_id, config.tencent_sign_name = fakes.TENCENT_SDK_APP_ID, "基准测试医院"
        template_id = "900001"
    config.channel_order = ["sms"]
    config.save()
    MessageTemplate.objects.update_or_create(kind=KIND, channel="sms", defaults={
        "text": "{customer_name}您好，您预约了{start}的{items}，请准时到院。", "template_id": template_id})


def write_messages(count: int) -> list[int]:
    """Remove the bench's earlier messages; write ``count`` due ones (one through enqueue, the rest copied)."""
    from django.db import transaction
    from django.utils import timezone

    from yimei.core import crypto
    from yimei.customers.models import Customer
    from yimei.notify import registry, services
    from yimei.notify.models import Message, MessageAttempt

    registry.register_kind(KIND, name="基准测试通知", name_en="Bench notice",
                           variables={"customer_name": "客户姓名", "start": "时间", "items": "项目"},
                           sms_text="{customer_name}您好，您预约了{start}的{items}，请准时到院。")
    MessageAttempt.objects.filter(message__kind=KIND).delete()
    Message.objects.filter(kind=KIND).delete()
    customer = Customer.objects.filter(phone_hash=crypto.blind_index("13600000000")).first()
    if customer is None:
        customer = Customer(name="基准客户", phone="13600000000")
        customer.save()
    with transaction.atomic():
        first = services.enqueue(kind=KIND, customer=customer, variables={
            "customer_name": "基准客户", "start": "12月1日 10:00", "items": "光子嫩肤"})
    assert first.channel == "sms" and first.status == "pending", (first.channel, first.status_reason)
    now = timezone.now()
    rows = []
    for n in range(1, count):
        phone = f"135{n:08d}"
        rows.append(Message(
            kind=KIND, purpose=first.purpose, channel="sms", recipient_phone=phone,
            recipient_phone_hash=crypto.blind_index(phone), recipient_phone_last4=phone[-4:], text=first.text,
            payload=first.payload, variables=first.variables, scheduled_at=now, next_attempt_at=now,
            status="pending"))
    for start in range(0, len(rows), 2000):
        Message.objects.bulk_create(rows[start:start + 2000])
    return list(Message.objects.filter(kind=KIND).values_list("pk", flat=True))


DISPATCHER = """
import django, sys, time
django.setup()
from yimei.notify.dispatch import dispatch_due
started = time.monotonic()
handled = dispatch_due(worker=sys.argv[1], threads=int(sys.argv[2]))
sys.stdout.write(f"{handled} {time.monotonic() - started:.3f}")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("YIMEI_DATABASE_URL", ""))
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=1, help="dispatcher processes started at once")
    parser.add_argument("--threads", type=int, default=int(os.environ.get("YIMEI_NOTIFY_DISPATCH_THREADS", 8)),
                        help="sending threads per dispatcher")
    parser.add_argument("--provider", choices=["aliyun", "tencent"], default="aliyun")
    args = parser.parse_args()
    if not args.database.startswith("postgres"):
        raise SystemExit("give a PostgreSQL database: --database postgres://… (or YIMEI_DATABASE_URL)")

    port = free_port()
    fake = start_fake(port)
    env = {"YIMEI_DATABASE_URL": args.database, "YIMEI_NOTIFY_ALIYUN_SMS_URL": f"http://127.0.0.1:{port}/aliyun/",
           "YIMEI_NOTIFY_TENCENT_SMS_URL": f"http://127.0.0.1:{port}/tencent/",
           "YIMEI_NOTIFY_WECHAT_API_URL": f"http://127.0.0.1:{port}"}
    try:
        setup_django(env)
        from django.core.management import call_command
        from django.db import connections

        from yimei.notify.models import Message

        log("migrating")
        call_command("migrate", verbosity=0, interactive=False)
        configure(args.provider)
        log(f"writing {args.messages} due messages")
        started = time.monotonic()
        ids = write_messages(args.messages)
        log(f"written in {time.monotonic() - started:.1f} s; dispatching with {args.processes} process(es) × "
            f"{args.threads} threads to the fake {args.provider} server")
        connections.close_all()
        fake_control(port, action="reset")

        child_env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "config.settings"}
        started = time.monotonic()
        workers = [subprocess.Popen([sys.executable, "-c", DISPATCHER, f"bench-{n}", str(args.threads)],
                                    cwd=BACKEND, env=child_env, stdout=subprocess.PIPE, text=True)
                   for n in range(args.processes)]
        outputs = [(w.communicate()[0] or "0 0").split() for w in workers]
        elapsed = time.monotonic() - started
        handled = [int(out[0]) for out in outputs]
        dispatching = max(float(out[1]) for out in outputs)
        failed_workers = [w.returncode for w in workers if w.returncode]

        statuses = Counter(Message.objects.filter(kind="bench.notice").values_list("status", flat=True))
        received = fake_get(port, f"/_fake/log?provider={args.provider}")["messages"]
        key = "out_id" if args.provider == "aliyun" else "session_context"
        per_message = Counter(m[key] for m in received)
        missing = len(set(map(str, ids)) - set(per_message))
        doubled = sum(1 for c in per_message.values() if c > 1)
        target = TARGET_SECONDS_PER_10K * args.messages / 10_000
        exactly_once = missing == 0 and doubled == 0 and len(per_message) == len(ids)
        ok = exactly_once and elapsed <= target and not failed_workers and statuses.get("sent", 0) == len(ids)

        lines = [
            f"Outbox dispatcher → fake {args.provider} SMS server over loopback (signatures checked), PostgreSQL",
            f"messages               {len(ids)}",
            f"dispatchers            {args.processes} process(es) × {args.threads} sending threads",
            f"handled per process    {handled}",
            f"elapsed                {elapsed:.1f} s   (target ≤ {target:.0f} s; from starting the dispatcher "
            f"process(es) until all are done)",
            f"of which dispatching   {dispatching:.1f} s   (without Python and Django start-up)",
            f"throughput             {len(ids) / elapsed:.0f} messages/s",
            f"statuses               {dict(statuses)}",
            f"fake received          {len(received)} requests for {len(per_message)} messages; "
            f"missing {missing}, more than once {doubled}",
            f"exactly once           {'yes' if exactly_once else 'NO'}",
            f"result                 {'ok' if ok else 'MISSED'}",
        ]
        text = "\n".join(lines)
        print(text)
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"notify-{args.messages}.txt").write_text(text + "\n")
        return 0 if ok else 1
    finally:
        fake.terminate()
        fake.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
