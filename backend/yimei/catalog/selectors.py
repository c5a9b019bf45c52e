"""Reads of the catalogue: lists with what each row shows, item documents, member prices and the handbook —
each in a fixed number of queries, however many articles, cases or pictures an item has."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from yimei.catalog.choices import ArticleKind
from yimei.catalog.models import (
    Article,
    CardType,
    CardTypeItem,
    Case,
    CasePicture,
    ItemCategory,
    ItemConsumable,
    ItemTierPrice,
    OperationFee,
    TreatmentItem,
)
from yimei.core.money import quantize_amount
from yimei.customers.models import MembershipTier


def search_condition(term: str, *, pinyin: bool = True) -> Q | None:
    """``term`` as a condition on name, pinyin, initials or code (光子, guangzi, gzn, IPL-01)."""
    term = term.replace("\x00", "").strip()[:64]
    if not term:
        return None
    lowered = term.lower().replace(" ", "")
    condition = Q(name__icontains=term) | Q(code__istartswith=term)
    if pinyin and lowered.isascii() and lowered.isalnum():
        condition |= Q(name_pinyin__startswith=lowered) | Q(name_initials__startswith=lowered)
    return condition


def item_list(queryset: QuerySet[TreatmentItem]) -> QuerySet[TreatmentItem]:
    return queryset.select_related("category", "category__parent").annotate(
        article_count=Count("articles", distinct=True),
        case_count=Count("cases", distinct=True),
    )


def item_document(queryset: QuerySet[TreatmentItem]) -> QuerySet[TreatmentItem]:
    """An item with its member prices, consumables and fees: four queries for any item."""
    return queryset.select_related("category", "category__parent").prefetch_related(
        Prefetch("tier_prices", queryset=ItemTierPrice.objects.select_related("tier").order_by("tier__sort",
                                                                                               "tier_id")),
        Prefetch("consumables", queryset=ItemConsumable.objects.select_related("product").order_by("id")),
        Prefetch("operation_fees", queryset=OperationFee.objects.select_related("position").order_by(
            "position__sort", "position_id")),
    )


def card_type_list(queryset: QuerySet[CardType]) -> QuerySet[CardType]:
    return queryset.prefetch_related(
        Prefetch("card_items", queryset=CardTypeItem.objects.select_related("item").order_by("sort", "id")))


@dataclass(frozen=True)
class MemberPrice:
    tier_id: int
    tier_name: str
    price_amount: Decimal
    # "price": an explicit member price; "discount": the tier's discount rate applied to the list price.
    source: str
    discount_rate: Decimal


def member_prices(item: TreatmentItem, tiers: list[MembershipTier]) -> list[MemberPrice]:
    """What each active tier pays for one session: its member price, else the list price at its discount."""
    explicit = {row.tier_id: row.price_amount for row in item.tier_prices.all()}
    result = []
    for tier in tiers:
        if tier.pk in explicit:
            result.append(MemberPrice(tier.pk, tier.name, explicit[tier.pk], "price", tier.discount_rate))
        else:
            result.append(MemberPrice(tier.pk, tier.name, quantize_amount(item.price_amount * tier.discount_rate),
                                      "discount", tier.discount_rate))
    return result


def active_tiers() -> list[MembershipTier]:
    return list(MembershipTier.objects.filter(is_active=True).order_by("sort", "id"))


def category_path(category: ItemCategory) -> list[str]:
    """光电 › 皮秒 — the two levels the handbook shows (the parent is selected with the category)."""
    names = [category.name]
    if category.parent is not None:
        names.insert(0, category.parent.name)
    return names


ARTICLE_ORDER = {kind: n for n, kind in enumerate(ArticleKind.values)}


def handbook_index(items: QuerySet[TreatmentItem]) -> dict[str, Any]:
    """Every active category and item with how many articles and shown cases each has: two queries."""
    categories = list(ItemCategory.objects.filter(is_active=True).order_by("sort", "id"))
    items = list(
        items.filter(is_active=True, category__is_active=True)
        .annotate(article_count=Count("articles", distinct=True),
                  case_count=Count("cases", filter=_shown_case_condition("cases__"), distinct=True))
        .order_by("sort", "id")
    )
    return {"categories": categories, "items": items}


def _shown_case_condition(prefix: str = "") -> Q:
    """A case is shown when published and, if it is a customer's, while that customer's photo consent stands."""
    return Q(**{f"{prefix}is_published": True}) & (
        Q(**{f"{prefix}customer__isnull": True}) | Q(**{f"{prefix}customer__photo_consent": True}))


def handbook_item(items: QuerySet[TreatmentItem], pk: int) -> dict[str, Any] | None:
    """One item for the consulting room: price and member prices, articles by kind, shown cases with their
    pictures. Six queries whatever the item holds."""
    item = (items.filter(pk=pk, is_active=True).select_related("category", "category__parent")
            .prefetch_related(
                Prefetch("tier_prices", queryset=ItemTierPrice.objects.all()),
                Prefetch("articles", queryset=Article.objects.order_by("sort", "id")),
                Prefetch("cases", queryset=Case.objects.filter(_shown_case_condition()).order_by("sort", "id")
                         .prefetch_related(Prefetch("pictures", queryset=CasePicture.objects.select_related("image")
                                                    .order_by("sort", "id"))),
                         to_attr="shown_cases"),
            ).first())
    if item is None:
        return None
    articles = sorted(item.articles.all(), key=lambda a: (ARTICLE_ORDER.get(a.kind, 99), a.sort, a.pk))
    return {
        "item": item,
        "category_path": category_path(item.category),
        "member_prices": member_prices(item, active_tiers()),
        "articles": articles,
        "cases": item.shown_cases,
    }
