"""The staff notification bell: one row per message to one staff member. Written by the follow-up services and
the engine (new automatic tasks, tasks given to someone, overdue tasks each morning, customers released);
read and marked read by their owner only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from yimei.followups.models import FollowUpTask, Notification

TASKS_LINK = "/followups"


def notify(user: Any, *, kind: str, title: str, body: str = "", link: str = "", dedupe_key: str = "") -> None:
    """Put a line in ``user``'s bell (nothing for no user or a disabled account)."""
    if user is None or not getattr(user, "is_active", True):
        return
    Notification.objects.bulk_create([Notification(user_id=getattr(user, "pk", user), kind=kind, title=title[:100],
                                                   body=body[:500], link=link[:200], dedupe_key=dedupe_key[:100])],
                                     ignore_conflicts=bool(dedupe_key))


def notify_many(rows: Iterable[Notification]) -> None:
    Notification.objects.bulk_create(list(rows), ignore_conflicts=True, batch_size=1000)


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@transaction.atomic
def mark_read(notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def remind_overdue(today: date | None = None) -> int:
    """Each morning: one line per staff member with open tasks that are overdue or due today (once a day)."""
    from django.db.models import Count, Q

    from yimei.accounts.models import User

    today = today or timezone.localdate()
    active = User.objects.filter(is_active=True).values("pk")
    rows = (FollowUpTask.objects.filter(status="open", due_on__lte=today, assignee_id__in=active)
            .values("assignee_id")
            .annotate(overdue=Count("pk", filter=Q(due_on__lt=today)), due=Count("pk", filter=Q(due_on=today))))
    lines = []
    for row in rows:
        parts = ([f"逾期 {row['overdue']} 条"] if row["overdue"] else []) + \
                ([f"今日到期 {row['due']} 条"] if row["due"] else [])
        kind, title = ("followup_overdue", "回访任务已逾期") if row["overdue"] else ("followup_due", "今日回访提醒")
        lines.append(Notification(user_id=row["assignee_id"], kind=kind, title=title,
                                  body=f"您有回访任务：{'，'.join(parts)}。", link=TASKS_LINK,
                                  dedupe_key=f"daily:{today.isoformat()}"))
    notify_many(lines)
    return len(lines)
