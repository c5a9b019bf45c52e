"""Reads of the customer file: search, list, the 360° overview and the timeline."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from yimei.accounts.authz import get_access
from yimei.core import crypto
from yimei.core.money import quantize_amount
from yimei.core.personal import normalize_mobile
from yimei.customers import tabs as registry
from yimei.customers.identity import parse_id_number
from yimei.customers.models import Customer, CustomerEvent, CustomerTag
from yimei.customers.timeline import visible_types

_LETTERS = re.compile(r"^[a-z]+$")
_CARD = re.compile(r"^[A-Za-z0-9-]{3,32}$")


def search_condition(term: str) -> Q | None:
    """What ``term`` means, as one indexed condition (None: nothing can match).

    Four digits → the last four of the phone; a full mobile number → the phone's blind index; an ID number →
    its blind index; other digits or a code → card number or old-system number; Latin letters → pinyin or
    initials prefix (zhangsan, zs); anything else → name prefix. Every branch is an index lookup, so search
    stays fast at millions of customers.
    """
    term = term.strip()
    if not term:
        return None
    compact = term.replace(" ", "").replace("-", "")
    if compact.isdigit() and len(compact) == 4:
        return Q(phone_last4=compact) | Q(card_number=compact)
    if compact.lstrip("+").isdigit() and len(compact) >= 11:
        try:
            return Q(phone_hash=crypto.blind_index(normalize_mobile(compact)))
        except ValueError:
            pass
    if len(compact) == 18:
        try:
            return Q(id_number_hash=crypto.blind_index(parse_id_number(compact).number))
        except ValueError:
            pass
    lowered = compact.lower()
    if _LETTERS.match(lowered):
        return Q(name_pinyin__startswith=lowered) | Q(name_initials__startswith=lowered)
    if _CARD.match(compact):
        return Q(card_number=compact) | Q(legacy_id=compact)
    return Q(name__startswith=term)


def customer_list(queryset: QuerySet[Customer]) -> QuerySet[Customer]:
    """The rows of a list page with what each row shows, in a constant number of queries."""
    return (queryset.filter(merged_into__isnull=True)
            .select_related("source", "consultant", "online_consultant", "tier")
            .prefetch_related(Prefetch("customer_tags", queryset=CustomerTag.objects.select_related("tag"))))


def customer_detail(queryset: QuerySet[Customer]) -> QuerySet[Customer]:
    return (queryset.select_related("source", "consultant", "online_consultant", "tier", "referrer_customer",
                                    "referrer_staff", "created_by", "org_unit")
            .prefetch_related(Prefetch("customer_tags", queryset=CustomerTag.objects.select_related("tag"))))


def visible_tabs(user: Any) -> list[registry.Tab]:
    access = get_access(user)
    return [t for t in registry.tabs() if access.has(t.permission)]


def visible_figures(user: Any) -> list[registry.Figure]:
    access = get_access(user)
    return [f for f in registry.figures() if access.has(f.permission)]


def overview(queryset: QuerySet[Customer], pk: Any, user: Any, *, recent: int = 10) -> dict[str, Any] | None:
    """The 360° view: the file, the key figures and the tab counts in one query, the tags in a second and the
    latest events in a third — the same three queries however long the customer's history is."""
    tabs = visible_tabs(user)
    figures = visible_figures(user)
    annotations = {f"tab__{t.key}": t.count() for t in tabs if t.count is not None}
    annotations.update({f"figure__{f.key}": f.value() for f in figures})
    customer = customer_detail(queryset).annotate(**annotations).filter(pk=pk).first()
    if customer is None:
        return None
    types = visible_types(get_access(user).permissions)
    events = list(CustomerEvent.objects.filter(customer_id=customer.pk, type__in=types)
                  .order_by("-occurred_at", "-id")[:recent])
    return {
        "customer": customer,
        "figures": [{"key": f.key, "title": f.title, "title_en": f.title_en, "kind": f.kind,
                     "value": _figure_value(f, getattr(customer, f"figure__{f.key}"))} for f in figures],
        "tabs": [{"key": t.key, "title": t.title, "title_en": t.title_en,
                  "count": getattr(customer, f"tab__{t.key}", None)} for t in tabs],
        "recent_events": events,
    }


def _figure_value(figure: registry.Figure, value: Any) -> Any:
    """Amounts as two-place strings on every database (SQLite's SUM loses the scale: 0 instead of 0.00)."""
    if figure.kind == "amount" and value is not None:
        return str(quantize_amount(value))
    return value


def timeline(customer: Customer, user: Any) -> QuerySet[CustomerEvent]:
    types = visible_types(get_access(user).permissions)
    return CustomerEvent.objects.filter(customer_id=customer.pk, type__in=types).order_by("-occurred_at", "-id")


def staff_options(user: Any, code: str, positions: list[str]) -> QuerySet:
    """Active staff ``user`` may assign customers to (inside the reach of ``code``), optionally by position."""
    from yimei.accounts.models import User

    reach = get_access(user).reach(code)
    rows = User.objects.filter(is_active=True).select_related("org_unit").prefetch_related("positions")
    if reach is None:
        return rows.none()
    if not reach.all:
        rows = rows.filter(Q(org_unit_id__in=sorted(reach.unit_ids)) | (Q(pk=user.pk) if reach.own else Q(pk__in=[])))
    if positions:
        rows = rows.filter(positions__code__in=positions).distinct()
    return rows.order_by("org_unit__path", "name", "id")[:500]
