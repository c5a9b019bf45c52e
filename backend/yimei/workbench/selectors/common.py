"""What every panel of the workbench shares: the clinic's day and its neighbours, the user's codes, and the
figure shapes (a count with its link; a count compared with yesterday and the same weekday last week)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

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

    def compared(self, field_name: str) -> Q:
        """The three compared days in two ranges: last week's day, and yesterday through today."""
        return self.day(field_name, self.last_week) | Q(**{
            f"{field_name}__gte": local_start(self.yesterday),
            f"{field_name}__lt": local_start(self.today + timedelta(days=1))})


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


def compared_days(clock: Clock) -> dict[str, date]:
    return {"value": clock.today, "yesterday": clock.yesterday, "last_week": clock.last_week}


def trend(queryset: QuerySet, field_name: str, clock: Clock, *, link: str | None,
          amount: Any = None) -> dict[str, Any]:
    """A figure for today with yesterday's and last week's same weekday, in one query over the three days.

    ``amount`` (a field or an expression) adds the day's sum beside the day's count."""
    aggregates: dict[str, Any] = {}
    for key, day in compared_days(clock).items():
        aggregates[f"n_{key}"] = Count("pk", filter=clock.day(field_name, day))
        if amount is not None:
            aggregates[f"sum_{key}"] = Coalesce(Sum(amount, filter=clock.day(field_name, day)), Value(ZERO),
                                                output_field=MONEY)
    found = queryset.filter(clock.compared(field_name)).order_by().aggregate(**aggregates)
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
