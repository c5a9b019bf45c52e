"""咨询: my customers in the clinic today, my follow-ups (due today, overdue, done today) and my deals today and
this month. "My" is the user as the customer's on-site or online consultant, the task's assignee, the order's
consultant or online consultant — always inside the user's scope of that module."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from yimei.core.models import restrict
from yimei.core.money import ZERO
from yimei.customers.choices import OPEN_VISIT_STATUSES
from yimei.customers.models import Customer, Visit
from yimei.followups.choices import TaskStatus
from yimei.followups.models import FollowUpTask
from yimei.sales.models import Order
from yimei.workbench import links
from yimei.workbench.selectors.common import (
    LIST_ROWS,
    Reader,
    amount_figure,
    count,
    customer_brief,
    local_start,
)
from yimei.workbench.selectors.reception import visit_row

CUSTOMERS = "customers.customer.view"
VISITS = "customers.visit.view"
TASKS = "followups.task.view"
ORDERS = "sales.order.view"
PERFORMANCE = "sales.performance.view"
MONEY = DecimalField(max_digits=14, decimal_places=2)
# The view has something to show when the user holds one of these groups of codes (its figures' codes).
OPENED_BY = ((CUSTOMERS, VISITS), (TASKS,), (ORDERS,))


def consultant(reader: Reader) -> dict[str, Any]:
    return {
        "here_today": here_today(reader) if reader.has(CUSTOMERS, VISITS) else None,
        "followups": my_followups(reader) if reader.has(TASKS) else None,
        "deals": my_deals(reader) if reader.has(ORDERS) else None,
    }


def here_today(reader: Reader) -> dict[str, Any]:
    """Open visits today of the customers whose file is mine — whether or not the visit has been triaged to me
    yet (the customer file's scope decides, as in the 360° view)."""
    clock, user = reader.clock, reader.user
    mine = restrict(Customer, user, CUSTOMERS).filter(Q(consultant_id=user.pk) | Q(online_consultant_id=user.pk))
    visits = Visit.objects.filter(clock.today_q("arrived_at"), status__in=OPEN_VISIT_STATUSES,
                                  customer_id__in=mine.values("pk"))
    total = visits.order_by().count()
    rows = (visits.select_related("customer", "consultant", "doctor")
            .only("pk", "status", "kind", "arrived_at", "triage_target", "customer__name", "customer__phone",
                  "consultant__name", "doctor__name")
            .order_by("arrived_at", "id")[:LIST_ROWS])
    return {"total": count(total, links.waiting_list()),
            "rows": [visit_row(v, clock, link=links.customer(v.customer_id)) for v in rows]}


def my_followups(reader: Reader) -> dict[str, Any]:
    """My open tasks due today and overdue (the oldest first), and the ones I closed today, in two queries."""
    clock, user = reader.clock, reader.user
    today = clock.today
    mine = restrict(FollowUpTask, user, TASKS).filter(assignee_id=user.pk)
    due = Q(status=TaskStatus.OPEN, due_on__lte=today)
    done = Q(status=TaskStatus.DONE, closed_at__gte=local_start(today))
    found = mine.filter(due | done).order_by().aggregate(
        due_today=Count("pk", filter=Q(status=TaskStatus.OPEN, due_on=today)),
        overdue=Count("pk", filter=Q(status=TaskStatus.OPEN, due_on__lt=today)),
        done_today=Count("pk", filter=done))
    rows = (mine.filter(due).select_related("customer", "rule")
            .only("pk", "due_on", "due_at", "method", "purpose", "status", "customer__name", "customer__phone",
                  "rule__name", "source_summary")
            .order_by("due_on", "due_at", "id")[:LIST_ROWS])
    return {
        "due_today": count(found["due_today"], links.followups("today")),
        "overdue": count(found["overdue"], links.followups("overdue")),
        "done_today": count(found["done_today"], links.followups("done")),
        "rows": [{
            "id": t.pk, "customer": customer_brief(t.customer), "due_on": t.due_on, "due_at": t.due_at,
            "method": t.method, "method_display": t.get_method_display(), "purpose": t.purpose,
            "is_overdue": t.due_on < today, "overdue_days": max(0, (today - t.due_on).days),
            "rule": t.rule.name if t.rule_id else "", "source": t.source_summary,
            "link": links.followups("overdue" if t.due_on < today else "today"),
        } for t in rows],
    }


def my_deals(reader: Reader) -> dict[str, Any]:
    """成交: my orders settled (paid, or paid and the rest recorded as debt) today and this month, with their
    totals, in one query over the month."""
    clock, user = reader.clock, reader.user
    month = restrict(Order, user, ORDERS).filter(
        Q(consultant_id=user.pk) | Q(online_consultant_id=user.pk),
        settled_at__gte=local_start(clock.month_start), settled_at__lt=local_start(clock.today + timedelta(days=1)))
    today = Q(settled_at__gte=local_start(clock.today))
    found = month.order_by().aggregate(
        today=Count("pk", filter=today), month=Count("pk"),
        today_amount=Coalesce(Sum("total_amount", filter=today), Value(ZERO), output_field=MONEY),
        month_amount=Coalesce(Sum("total_amount"), Value(ZERO), output_field=MONEY))
    statement = reader.has(PERFORMANCE)
    return {
        "today": amount_figure(found["today"], found["today_amount"],
                               links.performance(clock.today, clock.today) if statement else None),
        "month": amount_figure(found["month"], found["month_amount"],
                               links.performance(clock.month_start, clock.today) if statement else None),
    }
