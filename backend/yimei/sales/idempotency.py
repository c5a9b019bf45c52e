"""Idempotent write requests: the ``Idempotency-Key`` header makes a retried request a no-op that answers
what the first one answered (same status, same body).

The key is claimed (a row inserted) before the work, inside the request's transaction. A replay that
arrives after the first request committed finds the row and gets its answer; one that races it waits on
the unique key (PostgreSQL) or the write lock (SQLite) and then finds it. A request that fails (4xx) rolls
back with its claim, so a corrected retry with the same key runs. The same key sent with a different body,
by another user or to another endpoint is refused.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from yimei.core.errors import BusinessError
from yimei.sales.models import IdempotencyRecord

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")

PARAMETER = OpenApiParameter(
    HEADER, str, location=OpenApiParameter.HEADER, required=False,
    description="幂等键（建议每次操作生成一个 UUID）。同一键重复提交时返回第一次的结果，不会重复写入。",
)


def _digest(data: Any) -> str:
    def default(value: Any) -> Any:
        if isinstance(value, UploadedFile):
            return f"file:{value.name}:{value.size}"
        return str(value)

    if hasattr(data, "lists"):  # a QueryDict from a form post: keep every value
        data = dict(data.lists())
    text = json.dumps(data, sort_keys=True, default=default, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def request_key(request: Any) -> str | None:
    raw = (request.headers.get(HEADER) or "").strip()
    if not raw:
        return None
    if not _KEY.match(raw):
        raise BusinessError("幂等键格式不正确：须为 8–64 位字母、数字或 - _ . :。", code="invalid_idempotency_key")
    return raw


def _replay(record: IdempotencyRecord, *, user: Any, endpoint: str, digest: str) -> Response:
    if record.user_id != user.pk or record.endpoint != endpoint or record.request_hash != digest:
        raise BusinessError("该幂等键已用于另一笔不同的请求，请为新的操作生成新的幂等键。",
                            code="idempotency_key_reused", status_code=409)
    response = Response(record.response_body, status=record.status_code)
    response["Idempotent-Replay"] = "true"
    return response


def idempotent(request: Any, endpoint: str, run: Callable[[], Response]) -> Response:
    """Run ``run`` once per idempotency key; a replay answers the stored response. Call inside the request's
    transaction (the audited views run every write in one)."""
    key = request_key(request)
    if key is None:
        return run()
    digest = _digest(request.data)
    record = _claim(key, user=request.user, endpoint=endpoint, digest=digest)
    if record is None:
        # The key was used before, or by a concurrent request that committed first: answer what it answered.
        found = IdempotencyRecord.objects.filter(key=key).first()
        if found is None or found.status_code is None:
            raise BusinessError("同一请求正在处理中，请稍后刷新查看结果。", code="in_progress", status_code=409)
        return _replay(found, user=request.user, endpoint=endpoint, digest=digest)
    response = run()
    if response.status_code < 400:
        record.status_code = response.status_code
        record.response_body = response.data
        record.save(update_fields=["status_code", "response_body"])
    return response


def _claim(key: str, *, user: Any, endpoint: str, digest: str) -> IdempotencyRecord | None:
    """Insert the key's row in one statement, or nothing when the key exists. On PostgreSQL a concurrent
    insert of the same key makes this wait until that transaction ends: after its commit, nothing is
    inserted; after its rollback, this one claims the key."""
    record = IdempotencyRecord(key=key, user=user, endpoint=endpoint, request_hash=digest,
                               created_at=timezone.now())
    quote = connection.ops.quote_name
    table, column = quote(IdempotencyRecord._meta.db_table), quote("key")
    with connection.cursor() as cursor:
        sql = (f"INSERT INTO {table} ({column}, user_id, endpoint, request_hash, created_at) "  # noqa: S608
               f"VALUES (%s, %s, %s, %s, %s) ON CONFLICT ({column}) DO NOTHING RETURNING id")
        cursor.execute(sql, [key, user.pk, endpoint, digest,
                             connection.ops.adapt_datetimefield_value(record.created_at)])
        row = cursor.fetchone()
    if row is None:
        return None
    record.pk = row[0]
    record._state.adding = False
    return record
