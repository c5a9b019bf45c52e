"""Aftercare (术后注意事项): each treatment item's care plan, and what happens after a deduction of that item —
the instructions at once (WeChat template message linking to an H5 page with the full text; SMS with the link
when the customer is not bound), then a care message at each message node, all through the outbox and all
withdrawn when the deduction is reversed. The engine calls ``schedule_care``/``cancel_care`` from the timeline.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, time, timedelta
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
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


def schedule_care(deduction: Any, *, now: datetime | None = None) -> CareDelivery | None:
    """The aftercare of a deduction, once: the instructions now and the node messages later. Inside the caller's
    transaction; None when the item has no active plan, the deduction was reversed, or it was done before."""
    from yimei.customers.models import Customer

    now = now or timezone.now()
    if deduction.status != "done" or deduction.item_id is None:
        return None
    plan = CarePlan.objects.filter(item_id=deduction.item_id, is_active=True).first()
    if plan is None or not (plan.instructions or plan.message_nodes):
        return None
    if CareDelivery.objects.filter(deduction_id=deduction.pk).exists():
        return None
    customer = Customer.objects.get(pk=deduction.customer_id)
    try:
        with transaction.atomic():
            delivery = CareDelivery.objects.create(
                deduction_id=deduction.pk, customer=customer, item_name=deduction.item_name,
                instructions=plan.instructions, rich=plan.rich, token=secrets.token_urlsafe(16))
    except IntegrityError:  # another runner got there first
        return None
    link = care_link(delivery.token)
    treated_on = timezone.localdate(deduction.performed_at)
    variables = {"customer_name": customer.name, "item_name": deduction.item_name,
                 "treated_on": f"{treated_on:%Y-%m-%d}", "link": link}
    if plan.instructions:
        _enqueue(messages.INSTRUCTIONS, customer=customer, deduction=deduction, variables=variables, link=link)
    today = timezone.localdate(now)
    for day in plan.message_nodes:
        node_date = treated_on + timedelta(days=day)
        if node_date < today:
            continue  # a node already past (a deduction entered late) is not sent days afterwards
        at = timezone.make_aware(datetime.combine(node_date, CARE_MESSAGE_TIME))
        _enqueue(messages.NODE, customer=customer, deduction=deduction, variables={**variables, "days": str(day)},
                 link=link, scheduled_at=max(at, now))
    return delivery


def cancel_care(deduction: Any, *, reason: str) -> int:
    """A reversed deduction: its aftercare link closes and the messages not yet sent are withdrawn."""
    from yimei.notify import services as notify

    CareDelivery.objects.filter(deduction_id=deduction.pk, status=CareStatus.SCHEDULED).update(
        status=CareStatus.CANCELLED, cancelled_at=timezone.now(), cancel_reason=reason[:200],
        updated_at=timezone.now())
    return notify.cancel_pending(source=deduction, kinds=messages.KINDS, reason=reason)
