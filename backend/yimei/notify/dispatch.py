"""The dispatcher: sends due messages exactly once, with retries, even when workers die or run side by side.

1. **Claim** (one short transaction): ``SELECT id … WHERE status IN (pending, failed) AND next_attempt_at <=
   now ORDER BY next_attempt_at LIMIT n FOR UPDATE SKIP LOCKED``, then set those rows to ``sending`` with a
   fresh ``lease_token`` and ``leased_until``, and commit. Two dispatchers skip each other's locked rows, so a
   row is claimed by one of them only. On SQLite (the embedded default) there is no FOR UPDATE: the
   transaction takes SQLite's single write lock up front (``transaction_mode=IMMEDIATE`` in settings), which
   serialises claims just the same; the UPDATE re-checks the status.
2. **Send** outside any transaction, in a thread pool (the network is the slow part); no database work there.
3. **Record** each result against the lease token (``UPDATE … WHERE id = … AND lease_token = … AND status =
   'sending'``) together with an append-only ``MessageAttempt``. A worker whose lease was taken over by
   recovery updates nothing; its attempt row is kept with outcome "stale".

Outcomes: sent; retryable (busy, rate limit, 5xx, no connection) → ``failed`` with ``next_attempt_at`` after an
exponential backoff until ``max_attempts``; permanent → ``failed`` without ``next_attempt_at`` (a person
retries); ambiguous (no answer after the request went out) → SMS: retried later but first *asked* of the
provider (``doubt_since``); WeChat: ``unknown``.

**Recovery** (``recover_expired``, periodic): a ``sending`` row whose lease ran out belongs to a worker that
died (or hung) after claiming. Console rows are simply due again; SMS rows are due again *in doubt* — the next
try asks the provider (Aliyun QuerySendDetails by OutId, Tencent PullSmsSendStatusByPhoneNumber by
SessionContext) and only sends when the provider does not have it; WeChat rows become ``unknown`` for a
person, because WeChat cannot be asked. See docs/decisions/0009-message-outbox.md.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import uuid
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from yimei.notify.channels import Outcome, SendResult, channel_for
from yimei.notify.choices import DUE_STATUSES, AttemptOutcome, Channel, MessageStatus
from yimei.notify.models import Message, MessageAttempt, NotifySettings

logger = logging.getLogger("yimei.notify")

MAX_BACKOFF_SECONDS = 3600


def default_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def lease_seconds() -> int:
    """How long a claim holds: the setting, but always room for a lookup and a send at the full timeout (and the
    wait for a free thread) — a lease that ran out while its worker is still sending would invite a second send."""
    return max(settings.NOTIFY_LEASE_SECONDS, int(4 * settings.NOTIFY_HTTP_TIMEOUT_SECONDS) + 30)


def backoff(config: NotifySettings, attempts: int) -> datetime.timedelta:
    seconds = config.backoff_seconds * (2 ** max(0, attempts - 1))
    return datetime.timedelta(seconds=min(seconds, MAX_BACKOFF_SECONDS))


# --- claim ----------------------------------------------------------------------------------------


def claim_due(*, limit: int, worker: str = "") -> tuple[str, list[Message]]:
    """Claim up to ``limit`` due messages for this worker: (lease token, the claimed rows)."""
    token = uuid.uuid4().hex
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(status__in=DUE_STATUSES, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)[:limit]
        )
        if not ids:
            return token, []
        Message.objects.filter(id__in=ids, status__in=DUE_STATUSES).update(
            status=MessageStatus.SENDING, lease_token=token, leased_until=now + datetime.timedelta(
                seconds=lease_seconds()), attempts=F("attempts") + 1, updated_at=now)
    return token, list(Message.objects.filter(lease_token=token, status=MessageStatus.SENDING).order_by("id"))


# --- send (no database here: runs in pool threads) --------------------------------------------------


@dataclass
class Report:
    result: SendResult | None  # None: not sent because the lease was about to run out
    started_at: datetime.datetime
    finished_at: datetime.datetime
    recovered: bool = False


def send_one(message: Message, config: NotifySettings) -> Report:
    started = timezone.now()
    # Do not start a send that might still be running when the lease runs out (recovery would then take the
    # row over while the provider may be receiving it).
    margin = datetime.timedelta(seconds=3 * settings.NOTIFY_HTTP_TIMEOUT_SECONDS + 1)
    if message.leased_until is not None and started + margin > message.leased_until:
        return Report(None, started, timezone.now())
    try:
        channel = channel_for(message, config)
        if channel is None:
            result = SendResult(Outcome.FAILED, provider_code="channel",
                                provider_message=f"{message.get_channel_display()}渠道现在未配置，请在渠道设置中配置后重试。")
            return Report(result, started, timezone.now())
        if message.doubt_since is not None and channel.can_lookup:
            found = channel.lookup(message, config)
            if found is not None:
                return Report(found, started, timezone.now(), recovered=found.outcome == Outcome.SENT)
        return Report(channel.send(message, config), started, timezone.now())
    except Exception as exc:  # a bug in a channel must not take the batch down; the row is retried
        logger.exception("sending message %s failed unexpectedly", message.pk)
        return Report(SendResult(Outcome.RETRY, provider_code="internal", provider_message=f"系统错误：{exc}"[:500]),
                      started, timezone.now())


# --- record ---------------------------------------------------------------------------------------


def _result_fields(message: Message, report: Report, config: NotifySettings, now: datetime.datetime
                   ) -> tuple[dict[str, Any], str]:
    """The row's new fields and the attempt's outcome for one send result."""
    result = report.result
    assert result is not None
    fields: dict[str, Any] = {"lease_token": "", "leased_until": None, "updated_at": now}
    outcome = result.outcome
    attempt_outcome = {Outcome.SENT: AttemptOutcome.SENT, Outcome.FAILED: AttemptOutcome.FAILED,
                       Outcome.RETRY: AttemptOutcome.RETRY, Outcome.AMBIGUOUS: AttemptOutcome.AMBIGUOUS}[outcome]
    if outcome == Outcome.SENT:
        if report.recovered:
            attempt_outcome = AttemptOutcome.RECOVERED
        fields.update(status=MessageStatus.SENT, sent_at=now, provider_message_id=result.provider_message_id[:128],
                      provider_reply=result.raw, last_error="", next_attempt_at=None, doubt_since=None,
                      status_reason="")
    elif outcome == Outcome.AMBIGUOUS and message.channel == Channel.WECHAT:
        fields.update(status=MessageStatus.UNKNOWN, next_attempt_at=None, last_error=result.error_text,
                      provider_reply=result.raw,
                      status_reason="微信未答复（已发出请求），无法确认客户是否收到；请核实后决定是否重试。")
    elif outcome in (Outcome.RETRY, Outcome.AMBIGUOUS) and message.attempts < config.max_attempts:
        fields.update(status=MessageStatus.FAILED, next_attempt_at=now + backoff(config, message.attempts),
                      last_error=result.error_text, provider_reply=result.raw)
        if outcome == Outcome.AMBIGUOUS and message.doubt_since is None:
            fields["doubt_since"] = report.started_at
    else:
        error = result.error_text
        if outcome in (Outcome.RETRY, Outcome.AMBIGUOUS):
            attempt_outcome = AttemptOutcome.FAILED
            error = f"已尝试 {message.attempts} 次仍未成功：{error}"[:500]
            if outcome == Outcome.AMBIGUOUS and message.doubt_since is None:
                fields["doubt_since"] = report.started_at
        fields.update(status=MessageStatus.FAILED, next_attempt_at=None, last_error=error, provider_reply=result.raw)
    return fields, attempt_outcome


def record_many(done: list[tuple[Message, str, Report]], config: NotifySettings, worker: str) -> list[str]:
    """Write the results of claimed messages in one transaction; returns each message's new status, "" where the
    lease had been taken over (that worker's attempt is kept, as "stale", and the row is not touched).

    The rows still holding their lease tokens are locked first, then written; nobody else writes a row while it
    is "sending" under a live lease, so what the claim loaded is still what the row holds."""
    now = timezone.now()
    with transaction.atomic():
        held = set(Message.objects.select_for_update()
                   .filter(pk__in=[m.pk for m, _, _ in done], status=MessageStatus.SENDING,
                           lease_token__in={token for _, token, _ in done})
                   .values_list("pk", "lease_token"))
        statuses: list[str] = []
        attempts: list[MessageAttempt] = []
        changed: list[tuple[int, dict[str, Any]]] = []
        for message, token, report in done:
            mine = (message.pk, token) in held
            result = report.result
            if result is None:  # handed back untouched (the lease was too close to its end to start a send)
                if mine:
                    Message.objects.filter(pk=message.pk).update(
                        status=MessageStatus.PENDING, next_attempt_at=now + datetime.timedelta(seconds=5),
                        attempts=F("attempts") - 1, lease_token="", leased_until=None, updated_at=now)
                statuses.append(MessageStatus.PENDING if mine else "")
                continue
            fields, attempt_outcome = _result_fields(message, report, config, now)
            if mine:
                changed.append((message.pk, fields))
            else:
                logger.warning("message %s: lease %s was taken over before the result (%s) came back", message.pk,
                               token, result.outcome)
            statuses.append(fields["status"] if mine else "")
            attempts.append(MessageAttempt(
                message_id=message.pk, number=message.attempts, channel=message.channel,
                started_at=report.started_at, finished_at=report.finished_at,
                outcome=attempt_outcome if mine else AttemptOutcome.STALE, provider_code=result.provider_code[:64],
                provider_message=result.provider_message[:500], raw_reply=result.raw, worker=worker[:100],
                lease_token=token))
        _write_rows(changed)
        MessageAttempt.objects.bulk_create(attempts)
    return statuses


def _write_rows(rows: list[tuple[int, dict[str, Any]]]) -> None:
    """UPDATE each row by id with its own values: one prepared statement per set of columns, its rows sent with
    executemany (a single pipelined round trip with psycopg 3) — the ORM's bulk_update builds a CASE per row and
    column, far slower in Python at a few hundred rows a second."""
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = {}
    for pk, fields in rows:
        groups.setdefault(tuple(sorted(fields)), []).append((pk, fields))
    meta = Message._meta
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for columns, items in groups.items():
            fields = [meta.get_field(name) for name in columns]
            assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
            # Names come from the model (quoted), values are parameters.
            sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
            cursor.executemany(sql, [[field.get_db_prep_save(values[field.name], connection) for field in fields]
                                     + [pk] for pk, values in items])


def record(message: Message, token: str, report: Report, config: NotifySettings, worker: str) -> str:
    """Write the result of one claimed message; returns its new status ("" when the lease was lost)."""
    return record_many([(message, token, report)], config, worker)[0]


# --- the loop -------------------------------------------------------------------------------------


def dispatch_due(limit: int | None = None, worker: str | None = None, *, threads: int | None = None,
                 chunk: int | None = None) -> int:
    """Send due messages until none is due (or ``limit`` were claimed); returns how many were handled.

    Works in claimed chunks, two at a time: while the threads send one chunk, the previous one is recorded
    (one transaction per chunk) and the next is claimed. A claimed row waits for a thread for at most one chunk's
    worth of sends — far inside its lease.
    """
    worker = worker or default_worker()
    threads = max(1, threads or settings.NOTIFY_DISPATCH_THREADS)
    chunk = max(1, chunk or settings.NOTIFY_DISPATCH_CHUNK or 4 * threads)
    config = NotifySettings.current()
    handled = claimed = 0
    exhausted = False
    chunks: list[list[tuple[Future, Message, str]]] = []
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="notify-send") as pool:
        try:
            while True:
                while not exhausted and len(chunks) < 2 and (limit is None or claimed < limit):
                    want = chunk if limit is None else min(chunk, limit - claimed)
                    token, batch = claim_due(limit=want, worker=worker)
                    claimed += len(batch)
                    exhausted = len(batch) < want
                    if batch:
                        chunks.append([(pool.submit(send_one, message, config), message, token)
                                       for message in batch])
                if not chunks:
                    break
                oldest = chunks.pop(0)
                wait([future for future, _, _ in oldest])
                record_many([(message, token, future.result()) for future, message, token in oldest], config, worker)
                handled += len(oldest)
        finally:
            for left in chunks:  # only after an error while recording
                for future, message, token in left:
                    future.cancel()
                    logger.error("message %s left in flight (lease %s); recovery will settle it", message.pk, token)
    return handled


def recover_expired(*, now: datetime.datetime | None = None, worker: str | None = None, limit: int = 1000) -> int:
    """Take back ``sending`` rows whose lease ran out (their worker died or hung); returns how many."""
    now = now or timezone.now()
    worker = worker or default_worker()
    config = NotifySettings.current()
    recovered = 0
    expired = list(Message.objects.filter(status=MessageStatus.SENDING, leased_until__lt=now)
                   .order_by("leased_until")[:limit])
    for message in expired:
        channel = channel_for(message, config)
        claimed_at = message.updated_at  # the claim was the row's last write
        fields: dict[str, Any] = {"lease_token": "", "leased_until": None, "updated_at": now}
        if message.channel == Channel.CONSOLE:
            # Nothing left the building: showing it again is harmless.
            fields.update(status=MessageStatus.PENDING, next_attempt_at=now)
            note = "发送进程中断，控制台消息重新发送"
        elif channel is not None and channel.can_lookup:
            fields.update(status=MessageStatus.PENDING, next_attempt_at=now,
                          doubt_since=min(filter(None, [message.doubt_since, claimed_at])),
                          status_reason="发送进程中断；重新发送前先向服务商核实是否已收到")
            note = "发送进程中断，重新发送前先向服务商核实"
        else:
            fields.update(status=MessageStatus.UNKNOWN, next_attempt_at=None,
                          status_reason="发送进程中断，无法向微信核实客户是否已收到；请核实后决定是否重试。")
            note = "发送进程中断，微信无法核实，待人工处理"
        with transaction.atomic():
            updated = Message.objects.filter(pk=message.pk, lease_token=message.lease_token,
                                             status=MessageStatus.SENDING, leased_until__lt=now).update(**fields)
            if updated:
                MessageAttempt.objects.create(
                    message_id=message.pk, number=message.attempts, channel=message.channel, started_at=claimed_at,
                    finished_at=now, outcome=AttemptOutcome.INTERRUPTED, provider_message=note,
                    worker=worker[:100], lease_token=message.lease_token)
                recovered += 1
    if recovered:
        logger.warning("recovered %s messages whose worker stopped reporting", recovered)
    return recovered
