"""Writing audit rows. Every other module records through these functions only."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from yimei.audit.choices import ChangeAction, LoginEvent, Result
from yimei.audit.models import ChangeLog, LoginLog, OperationLog
from yimei.core import context
from yimei.core.personal import EncryptedTextField
from yimei.core.txcache import same_transaction, transaction_token

__all__ = ["ChangeAction", "LoginEvent", "Result", "record_change", "record_created", "record_login",
           "record_operation", "snapshot"]


def _ip(value: str) -> str | None:
    return value or None


def _operator_fields(user: Any) -> dict[str, Any]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"operator": None, "operator_name": context.current().actor, "operator_unit_id": None}
    return {"operator": user, "operator_name": user.name or user.username, "operator_unit_id": user.org_unit_id}


def record_operation(
    *,
    module: str,
    action: str,
    result: str = Result.SUCCESS,
    obj: models.Model | None = None,
    object_id: str = "",
    message: str = "",
    status_code: int | None = None,
    user: Any = None,
) -> OperationLog:
    ctx = context.current()
    user = user if user is not None else ctx.user
    operator = _operator_fields(user)
    return OperationLog.objects.create(
        **operator,
        staff_number=getattr(operator["operator"], "staff_number", "") or "",
        module=module[:32],
        action=action[:64],
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else object_id[:64],
        object_repr=str(obj)[:200] if obj is not None else "",
        result=result,
        status_code=status_code,
        message=message[:500],
        ip=_ip(ctx.ip),
        user_agent=ctx.user_agent,
        method=ctx.method,
        path=ctx.path,
        request_id=ctx.request_id,
    )


def record_login(*, username: str, event: str, user: Any = None, reason: str = "") -> LoginLog:
    ctx = context.current()
    return LoginLog.objects.create(
        user=user,
        username=username[:150],
        event=event,
        ip=_ip(ctx.ip),
        user_agent=ctx.user_agent,
        reason=reason[:200],
        user_unit_id=getattr(user, "org_unit_id", None),
    )


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return "<binary>"
    return value


def remember_state(instance: models.Model, state: dict[str, Any] | None) -> None:
    """Note that ``instance`` in memory is its row for the rest of the current transaction (``state`` is its
    snapshot), or forget it (``None``)."""
    outer = transaction_token()
    if state is None or outer is None:
        instance.__dict__.pop("_changelog_known", None)
    else:
        instance.__dict__["_changelog_known"] = (outer, state)


def known_state(instance: models.Model) -> dict[str, Any] | None:
    """The snapshot remembered for ``instance`` in the current transaction, if any."""
    known = instance.__dict__.get("_changelog_known")
    if known is None or not same_transaction(known[0]):
        return None
    return known[1]


def track_locked(*instances: models.Model) -> None:
    """Call right after loading rows with ``select_for_update``: they can't change under this transaction, so
    the change log takes their "before" from memory instead of reading each row again before its save."""
    for instance in instances:
        state = snapshot(instance)
        instance.__dict__["_changelog_before"] = state
        remember_state(instance, state)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's fields as JSON, personal data masked and secrets left out."""
    exclude = set(getattr(instance, "changelog_exclude", ()))
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or field.attname in exclude:
            continue
        value = field.value_from_object(instance)
        if field.name == "password":
            value = "******" if value else ""
        elif isinstance(field, EncryptedTextField):
            value = field.masked(value)
        data[field.attname] = _json_value(value)
    return data


def record_change(
    *,
    instance: models.Model,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> ChangeLog | None:
    if action == ChangeAction.UPDATE and before is not None and after is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        if not changed:
            return None
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after[k] for k in sorted(changed)}
    ctx = context.current()
    operator = _operator_fields(ctx.user)
    return ChangeLog.objects.create(
        **operator,
        request_id=ctx.request_id,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        before=before,
        after=after,
    )


def record_created(instances: Iterable[models.Model], *, batch_size: int = 1000) -> int:
    """Change-log rows for rows inserted in bulk (``bulk_create`` sends no signals): one "create" row each, with
    the instance's snapshot as "after". The instances must have their primary keys. Returns how many."""
    ctx = context.current()
    operator = _operator_fields(ctx.user)
    rows = [ChangeLog(**operator, request_id=ctx.request_id, action=ChangeAction.CREATE,
                      object_type=instance._meta.label_lower, object_id=str(instance.pk),
                      object_repr=str(instance)[:200], before=None, after=snapshot(instance))
            for instance in instances]
    ChangeLog.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)
