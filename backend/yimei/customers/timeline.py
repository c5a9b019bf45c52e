"""The customer timeline (DESIGN rule 5): one function every module calls, and a registry of event types.

An event type names the permission that opens it: the timeline shows a user only the events of modules
they may see (a nurse without the sales tab does not read order amounts in the timeline either).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models

from yimei.core import context


@dataclass(frozen=True)
class EventType:
    code: str
    name: str
    name_en: str
    permission: str  # the code that lets a user see events of this type


_types: dict[str, EventType] = {}


def register_event_type(code: str, name: str, name_en: str, *, permission: str) -> EventType:
    event_type = EventType(code, name, name_en, permission)
    _types[code] = event_type
    return event_type


def event_types() -> list[EventType]:
    return list(_types.values())


def event_type(code: str) -> EventType | None:
    return _types.get(code)


def visible_types(codes: frozenset[str] | set[str]) -> list[str]:
    """Event types whose permission is among ``codes``."""
    return [t.code for t in _types.values() if t.permission in codes]


def record_event(customer: Any, *, type: str, summary: str, actor: Any = None, source: models.Model | None = None,
                 occurred_at: datetime | None = None, data: dict | None = None):
    """Append an event to ``customer``'s timeline. ``actor`` defaults to the user of the current request."""
    from yimei.customers.models import CustomerEvent

    if type not in _types:
        raise ValueError(f"unregistered customer event type {type!r}")
    if actor is None:
        actor = context.current().user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    kwargs: dict[str, Any] = {}
    if occurred_at is not None:
        kwargs["occurred_at"] = occurred_at
    return CustomerEvent.objects.create(
        customer_id=getattr(customer, "pk", customer),
        type=type,
        actor=actor,
        actor_name=getattr(actor, "name", "") if actor else "",
        source_type=source._meta.label_lower if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
        summary=summary[:255],
        data=data or {},
        **kwargs,
    )
