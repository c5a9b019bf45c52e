"""What every panel of the workbench shares: the clinic's day and its neighbours, the user's codes, and the
figure shapes (a count with its link; a count compared with yesterday and the same weekday last week)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from yimei.accounts.authz import get_access
from yimei.core.money import ZERO, quantize_amount
from yimei.core.personal import mask_phone

MONEY = DecimalField(max_digits=14, decimal_places=2)
# Rows a list of the workbench shows; its figure counts them all and links to the full list.
LIST_ROWS = 10


def local_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


@dataclass(frozen=True)
class Clock:
    """Now, and the local days the workbench compares: today, yesterday and the same weekday last week."""

    now: datetime
    today: date

    @classmethod
    def at(cls, now: datetime | None = None) -> Clock:
        now = now or timezone.now()
        return cls(now=now, today=timezone.localtime(now, timezone.get_default_timezone()).date())

    @property
    def yesterday(self) -> date:
        return self.today - timedelta(days=1)

    @property
    def last_week(self) -> date:
        return self.today - timedelta(days=7)

    @property
    def month_start(self) -> date:
        return self.today.replace(day=1)

    def day(self, field_name: str, day: date) -> Q:
        """``field_name`` (a datetime column) falls on local ``day``: a range on the column, which its index serves."""
        return Q(**{f"{field_name}__gte": local_start(day), f"{field_name}__lt": local_start(day + timedelta(days=1))})

    def today_q(self, field_name: str) -> Q:
        return self.day(field_name, self.today)


@dataclass
class Reader:
    """The user the workbench is read for, their codes, and the clock."""

    user: Any
    clock: Clock
    _access: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._access = get_access(self.user)

    def has(self, *codes: str) -> bool:
        return all(self._access.has(code) for code in codes)


def customer_brief(customer: Any) -> dict[str, Any]:
    """A customer as the workbench lists them: the phone is always masked (unmasking is a logged act of the file)."""
    return {"id": customer.pk, "name": customer.name, "phone": mask_phone(customer.phone)}


def staff_brief(staff: Any) -> dict[str, Any] | None:
    return {"id": staff.pk, "name": staff.name} if staff is not None else None


def count(value: int, link: str | None) -> dict[str, Any]:
    return {"value": value, "link": link}


def amount_figure(value: int, amount: Decimal | None, link: str | None) -> dict[str, Any]:
    return {"value": value, "amount": quantize_amount(amount or ZERO), "link": link}


DAY_KEYS = ("value", "yesterday", "last_week")
# Yesterday's and last week's figures hardly change once the day is over (a late correction shows within this
# many seconds), so they are read once per scope and kept in the shared cache: each request reads today's rows only.
PAST_DAYS_TTL = 600


def compared_days(clock: Clock) -> dict[str, date]:
    return {"value": clock.today, "yesterday": clock.yesterday, "last_week": clock.last_week}


def scope_key(user: Any, code: str) -> str:
    """What ``restrict(…, user, code)`` reaches, as a short key: users with the same reach share cached figures."""
    reach = get_access(user).reach(code)
    if reach is None:
        return "none"
    if reach.all:
        return "all"
    text = f"own={user.pk if reach.own else ''};units={','.join(map(str, sorted(reach.unit_ids)))}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


Build = Callable[[str, Q], dict[str, Any]]


def per_day(queryset: QuerySet, field_name: str, clock: Clock, build: Build, *, cache_key: str) -> dict[str, Any]:
    """Aggregates of today, yesterday and the same weekday last week: ``build(day_key, on_day)`` names them for one
    day. Today's are read now; the two earlier days' in one query, cached for ``PAST_DAYS_TTL`` under
    ``cache_key`` (which must say what was read and for which scope). ``field_name`` should have an index."""
    today = clock.today_q(field_name)
    found = queryset.filter(today).order_by().aggregate(
        **build("value", today))

    def earlier() -> dict[str, Any]:
        days = {key: clock.day(field_name, day) for key, day in compared_days(clock).items() if key != "value"}
        aggregates = {name: aggregate for key, on_day in days.items() for name, aggregate in build(key, on_day).items()}
        rows = queryset.filter(days["yesterday"] | days["last_week"])
        return rows.order_by().aggregate(**aggregates)

    key = f"workbench:past:{cache_key}:{clock.yesterday.isoformat()}"
    return {**found, **cache.get_or_set(key, earlier, PAST_DAYS_TTL)}


def trend(queryset: QuerySet, field_name: str, clock: Clock, *, link: str | None, cache_key: str,
          amount: Any = None) -> dict[str, Any]:
    """A figure for today with yesterday's and last week's same weekday (see ``per_day``): the day's count and, with
    ``amount`` (a field or an expression), the day's sum."""

    def build(key: str, on_day: Q) -> dict[str, Any]:
        aggregates: dict[str, Any] = {f"n_{key}": Count("pk", filter=on_day)}
        if amount is not None:
            aggregates[f"sum_{key}"] = Coalesce(Sum(amount, filter=on_day), Value(ZERO), output_field=MONEY)
        return aggregates

    found = per_day(queryset, field_name, clock, build, cache_key=cache_key)
    return figure_from(found, link=link, with_amount=amount is not None)


def figure_from(found: dict[str, Any], *, link: str | None, with_amount: bool, prefix: str = "") -> dict[str, Any]:
    """A trend figure from aggregates named ``{prefix}n_<day>`` (and ``{prefix}sum_<day>``), day being ``value``
    (today), ``yesterday`` or ``last_week``."""
    result: dict[str, Any] = {key: found[f"{prefix}n_{key}"] or 0 for key in DAY_KEYS}
    for key in DAY_KEYS:
        name = "amount" if key == "value" else f"{key}_amount"
        result[name] = quantize_amount(found[f"{prefix}sum_{key}"] or ZERO) if with_amount else None
    result["link"] = link
    return result
