"""Aftercare (术后注意事项): each treatment item's care plan, and what happens after a deduction of that item —
the instructions at once (WeChat template message linking to an H5 page with the full text; SMS with the link
when the customer is not bound), then a care message at each message node, all through the outbox and all
withdrawn when the deduction is reversed. The engine calls ``schedule_many``/``cancel_care`` from the timeline.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, time, timedelta
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yimei.core.errors import BusinessError
from yimei.followups import messages
from yimei.followups.choices import CareStatus
from yimei.followups.models import CareDelivery, CarePlan

MAX_NODES = 10
MAX_NODE_DAY = 730
MAX_INSTRUCTIONS = 20_000
# Care messages at a node go out at this local time of the node's day.
CARE_MESSAGE_TIME = time(10, 0)
# The instructions go out "right after the treatment": not for a treatment entered more than this many days late.
INSTRUCTIONS_MAX_AGE_DAYS = 2
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_IMG = re.compile(r"<img[^>]*>")


def _error(field: str, message: str, code: str = "invalid") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


def clean_nodes(value: Any, *, field: str, label: str) -> list[int]:
    """Days after treatment: whole numbers 0–730, strictly increasing (so no repeats), at most ten."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise _error(field, f"{label}须为天数列表，如 [1, 7, 30]。")
    if len(value) > MAX_NODES:
        raise _error(field, f"{label}最多 {MAX_NODES} 个。")
    for day in value:
        if isinstance(day, bool) or not isinstance(day, int):
            raise _error(field, f"{label}须为整数天数，如 [1, 7, 30]。")
        if day < 0 or day > MAX_NODE_DAY:
            raise _error(field, f"{label}须在 0–{MAX_NODE_DAY} 天之间。")
    for before, after in pairwise(value):
        if after == before:
            raise _error(field, f"{label}不能重复（第 {before} 天出现了两次）。")
        if after < before:
            raise _error(field, f"{label}须从小到大排列（第 {after} 天排在了第 {before} 天之后）。")
    return list(value)


def clean_instructions(text: Any) -> tuple[str, bool]:
    """(stored text, rich): HTML is sanitized like the knowledge base; plain text is kept as written."""
    from yimei.catalog.richtext import sanitize_html

    if text is None:
        return "", False
    if not isinstance(text, str):
        raise _error("instructions", "术后注意事项须为文字。")
    text = text.replace("\x00", "").strip()
    if len(text) > MAX_INSTRUCTIONS:
        raise _error("instructions", f"术后注意事项最多 {MAX_INSTRUCTIONS} 字。")
    if _TAG.search(text):
        # Pictures of the knowledge base are served to logged-in staff only: a customer's page cannot show them.
        return _IMG.sub("", sanitize_html(text)), True
    return text, False


@transaction.atomic
def save_care_plan(item: Any, *, operator: Any, instructions: Any = None, followup_nodes: Any = None,
                   message_nodes: Any = None, is_active: bool | None = None, partial: bool = False) -> CarePlan:
    """Create or change the care plan of ``item``. With ``partial`` only the given fields change."""
    plan = CarePlan.objects.select_for_update().filter(item=item).first() or CarePlan(item=item)
    if not partial or instructions is not None:
        plan.instructions, plan.rich = clean_instructions(instructions)
    if not partial or followup_nodes is not None:
        plan.followup_nodes = clean_nodes(followup_nodes, field="followup_nodes", label="回访节点")
    if not partial or message_nodes is not None:
        plan.message_nodes = clean_nodes(message_nodes, field="message_nodes", label="关怀消息节点")
    if is_active is not None:
        plan.is_active = bool(is_active)
    plan.updated_by = operator if getattr(operator, "is_authenticated", False) else None
    plan.save()
    return plan


# --- after a deduction ------------------------------------------------------------------------------------


def care_link(token: str) -> str:
    return f"{settings.PUBLIC_URL.rstrip('/')}/h5/care/{token}"


def _enqueue(kind: str, *, customer: Any, deduction: Any, variables: dict[str, str], link: str,
             scheduled_at: datetime | None = None) -> Any:
    from yimei.notify import services as notify

    message = notify.enqueue(kind=kind, customer=customer, variables=variables, scheduled_at=scheduled_at,
                             source=deduction)
    if message.channel == "wechat":
        # The template message opens the H5 page with the full text.
        message.payload = {**message.payload, "url": link}
        message.save(update_fields=["payload", "updated_at"])
    return message


def _due(deduction: Any, plan: CarePlan | None, today: Any) -> tuple[bool, list[int]] | None:
    """(send the instructions?, message nodes still to come) for a deduction, or None when nothing is left."""
    if deduction.status != "done" or deduction.item_id is None or plan is None:
        return None
    if not (plan.instructions or plan.message_nodes):
        return None
    treated_on = timezone.localdate(deduction.performed_at)
    send_instructions = bool(plan.instructions) and (today - treated_on).days <= INSTRUCTIONS_MAX_AGE_DAYS
    nodes = [day for day in plan.message_nodes if treated_on + timedelta(days=day) >= today]
    if not send_instructions and not nodes:
        return None  # a treatment entered long afterwards: nothing left to send
    return send_instructions, nodes


def schedule_care(deduction: Any, *, now: datetime | None = None) -> CareDelivery | None:
    """The aftercare of one deduction, once (inside the caller's transaction); None when there is nothing to send:
    no active plan for the item, the deduction reversed, done before, or too old for anything still to come."""
    if CareDelivery.objects.filter(deduction_id=deduction.pk).exists():
        return None
    plan = CarePlan.objects.filter(item_id=deduction.item_id, is_active=True).first() if deduction.item_id else None
    found = schedule_many([deduction], {deduction.item_id: plan} if plan else {}, now=now)
    return found[0] if found else None


def schedule_many(deductions: list[Any], plans: dict[int, CarePlan], *, now: datetime | None = None,
                  customers: dict[int, Any] | None = None) -> list[CareDelivery]:
    """The aftercare of deductions not scheduled before (the caller checked): one ``CareDelivery`` each (unique
    per deduction: a second runner's insert fails and its transaction rolls back), the instructions now and the
    node messages at 10:00 of their days, through the outbox with the deduction as the source."""
    from yimei.customers.models import Customer

    now = now or timezone.now()
    today = timezone.localdate(now)
    due = {d.pk: _due(d, plans.get(d.item_id), today) for d in deductions}
    todo = [d for d in deductions if due[d.pk] is not None]
    if not todo:
        return []
    if customers is None:
        customers = Customer.objects.in_bulk({d.customer_id for d in todo})
    deliveries = CareDelivery.objects.bulk_create([
        CareDelivery(deduction_id=d.pk, customer_id=d.customer_id, item_name=d.item_name,
                     instructions=plans[d.item_id].instructions, rich=plans[d.item_id].rich,
                     token=secrets.token_urlsafe(16)) for d in todo])
    for deduction, delivery in zip(todo, deliveries, strict=True):
        customer = customers[deduction.customer_id]
        send_instructions, nodes = due[deduction.pk]
        treated_on = timezone.localdate(deduction.performed_at)
        link = care_link(delivery.token)
        variables = {"customer_name": customer.name, "item_name": deduction.item_name,
                     "treated_on": f"{treated_on:%Y-%m-%d}", "link": link}
        if send_instructions:
            _enqueue(messages.INSTRUCTIONS, customer=customer, deduction=deduction, variables=variables, link=link)
        for day in nodes:
            at = timezone.make_aware(datetime.combine(treated_on + timedelta(days=day), CARE_MESSAGE_TIME))
            _enqueue(messages.NODE, customer=customer, deduction=deduction,
                     variables={**variables, "days": str(day)}, link=link, scheduled_at=max(at, now))
    return deliveries


def cancel_care(deduction: Any, *, reason: str) -> int:
    """A reversed deduction: its aftercare link closes and the messages not yet sent are withdrawn."""
    from yimei.notify import services as notify

    CareDelivery.objects.filter(deduction_id=deduction.pk, status=CareStatus.SCHEDULED).update(
        status=CareStatus.CANCELLED, cancelled_at=timezone.now(), cancel_reason=reason[:200],
        updated_at=timezone.now())
    return notify.cancel_pending(source=deduction, kinds=messages.KINDS, reason=reason)
