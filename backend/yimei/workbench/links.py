"""The console routes behind the workbench's figures: each figure links to the list it counts.

Routes and their query strings follow the pages (``frontend/src/staff/routes.tsx``): the appointment list filters by
local date and status, the calendar opens a booking with ``?appointment=``, the follow-up list has its tabs in
``?tab=``, the cashier opens an order with ``?order=`` and filters 全部订单 by ``status`` and ``has_debt``, the
customer list filters by first and last visit dates, today's treatments and the day end by ``date``, the
performance statement by ``date_from``/``date_to``.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode


def _route(path: str, **params: object) -> str:
    query = urlencode({k: str(v) for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def appointment_list(day: date, *, status: str | None = None, staff: int | None = None) -> str:
    return _route("/appointments/list", date_from=day.isoformat(), date_to=day.isoformat(), status=status,
                  staff=staff)


def booked_appointments(day: date) -> str:
    """The day's bookings that were not cancelled (what the workbench counts as booked)."""
    from yimei.appointments.choices import AppointmentStatus

    return appointment_list(day, status=",".join(
        status for status in AppointmentStatus.values if status != AppointmentStatus.CANCELLED))


def appointment(day: date, appointment_id: int) -> str:
    return _route("/appointments", date=day.isoformat(), appointment=appointment_id)


def calendar(day: date) -> str:
    return _route("/appointments", date=day.isoformat())


def customer(customer_id: int, *, tab: str | None = None) -> str:
    return _route(f"/customers/{customer_id}", tab=tab)


def visited_customers(day: date, *, first_visit: bool = False) -> str:
    """Customers whose last (or first) visit was ``day``: for today, those who came today (or came for the first
    time today)."""
    if first_visit:
        return _route("/customers/list", first_visit_after=day.isoformat(), first_visit_before=day.isoformat())
    return _route("/customers/list", last_visit_after=day.isoformat(), last_visit_before=day.isoformat())


def waiting_list() -> str:
    return "/reception/waiting"


def followups(tab: str, *, everyone: bool = False) -> str:
    return _route("/followups", tab=None if tab == "today" else tab, assignee="all" if everyone else None)


def cashier_order(order_id: int) -> str:
    return _route("/sales/cashier", order=order_id)


def cashier_orders(status: str, *, has_debt: bool | None = None) -> str:
    return _route("/sales/cashier", tab="all", status=status,
                  has_debt=None if has_debt is None else str(has_debt).lower())


def debts() -> str:
    return "/sales/debts"


def day_end(day: date) -> str:
    return _route("/sales/day-end", date=day.isoformat())


def treatments(day: date) -> str:
    return _route("/treatment/today", date=day.isoformat())


def deduct(customer_id: int, visit_id: int) -> str:
    return _route("/treatment/deduct", customer=customer_id, visit=visit_id)


def performance(date_from: date, date_to: date) -> str:
    return _route("/performance", date_from=date_from.isoformat(), date_to=date_to.isoformat())
