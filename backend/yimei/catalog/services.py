"""Business rules of the catalogue. Each public function is one transaction (DESIGN rule 1).

Categories form a tree without cycles; an item is written as one document with its member prices,
consumables and operation fees; card types follow the rules of their kind; anything another record uses is
deactivated, never deleted; pinyin and initials are filled on save for search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from yimei.accounts.models import Position
from yimei.catalog import images as image_rules
from yimei.catalog.choices import ArticleKind, CardKind, CardRefundRule, ItemKind, ProductKind
from yimei.catalog.models import (
    Article,
    CardType,
    CardTypeItem,
    Case,
    CasePicture,
    CatalogImage,
    ItemCategory,
    ItemConsumable,
    ItemTierPrice,
    OperationFee,
    Product,
    TreatmentItem,
)
from yimei.catalog.richtext import MAX_HTML_LENGTH, sanitize_html
from yimei.core.errors import BusinessError, Protected
from yimei.core.money import clean_amount
from yimei.customers.identity import initials_of, pinyin_of
from yimei.customers.models import Customer, MembershipTier

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
MAX_CARD_ITEMS = 50
MAX_CASE_PICTURES = 20
MAX_ROWS = 50  # member prices, consumables or operation fees of one item


def _field_error(field: str, message: str, code: str = "invalid") -> BusinessError:
    return BusinessError(message, code=code, fields={field: [message]})


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = str(value if value is not None else "").strip()
    if required and not text:
        raise _field_error(field, f"请填写{label}。", "required")
    if len(text) > max_length:
        raise _field_error(field, f"{label}不能超过 {max_length} 个字。")
    return text


def _code(value: Any, *, label: str) -> str:
    code = _text(value, field="code", label=label, max_length=32)
    if not _CODE.match(code):
        raise _field_error("code", f"{label}只能包含字母、数字、短横线和下划线，以字母或数字开头。")
    return code


def _check_unique_code(model: type[models.Model], code: str, *, exclude: int | None, label: str) -> None:
    rows = model._default_manager.filter(code__iexact=code)
    if exclude:
        rows = rows.exclude(pk=exclude)
    existing = rows.first()
    if existing is not None:
        raise _field_error("code", f"{label}“{code}”已被“{existing}”使用。", "duplicate_code")


def _whole(value: Any, *, field: str, label: str, minimum: int = 0, maximum: int = 1_000_000) -> int:
    if isinstance(value, bool) or value is None:
        raise _field_error(field, f"{label}须为整数。")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise _field_error(field, f"{label}须为整数。") from None
    if number < minimum or number > maximum:
        raise _field_error(field, f"{label}须在 {minimum}–{maximum} 之间。")
    return number


def _save(obj: models.Model, *, field: str = "code", message: str = "编码已存在。") -> None:
    """Save; losing a race on a unique constraint is the same field error as the check before it."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise _field_error(field, message, "duplicate") from None


# Relations a catalogue row owns (deleted with it); any other row pointing at it is a use that blocks deletion.
_OWNED = {
    TreatmentItem: {"tier_prices", "consumables", "operation_fees", "articles", "cases"},
    CardType: {"card_items"},
}


def _uses(obj: models.Model) -> list[str]:
    """What refers to ``obj`` besides the rows it owns: order lines, cards, consumables … (any later module)."""
    owned = _OWNED.get(type(obj), set())
    found = []
    for relation in obj._meta.related_objects:
        if relation.get_accessor_name() in owned or relation.many_to_many:
            continue
        if relation.related_model._default_manager.filter(**{relation.field.name: obj}).exists():
            found.append(str(relation.related_model._meta.verbose_name))
    return found


def _delete(obj: models.Model, *, label: str) -> None:
    uses = _uses(obj)
    if uses:
        raise Protected(f"{label}“{obj}”已被{'、'.join(dict.fromkeys(uses))}使用，不能删除；可以停用。")
    try:
        with transaction.atomic():
            obj.delete()
    except models.ProtectedError:
        raise Protected(f"{label}“{obj}”已被使用，不能删除；可以停用。") from None


def _apply(obj: models.Model, values: Mapping[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


# --- categories -----------------------------------------------------------------------------------


def category_parents() -> dict[int, int | None]:
    return dict(ItemCategory.objects.values_list("pk", "parent_id"))


def descendant_ids(category_id: int, parents: Mapping[int, int | None] | None = None) -> list[int]:
    """The category and every category below it (the tree is small: one query, walked in memory)."""
    parents = category_parents() if parents is None else parents
    children: dict[int | None, list[int]] = {}
    for pk, parent in parents.items():
        children.setdefault(parent, []).append(pk)
    found, todo = [], [category_id]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _check_category_fields(data: dict[str, Any], *, category: ItemCategory | None) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if "name" in data:
        clean["name"] = _text(data["name"], field="name", label="分类名称", max_length=32)
    if "kind" in data:
        if data["kind"] not in ItemKind.values:
            raise _field_error("kind", "未知的项目类别。")
        clean["kind"] = data["kind"]
    if "sort" in data:
        clean["sort"] = _whole(data["sort"], field="sort", label="排序")
    if "is_active" in data:
        clean["is_active"] = bool(data["is_active"])
    if "parent" in data:
        parent = data["parent"]
        if parent is not None and category is not None:
            # Walk up from the new parent: meeting the category itself would close a loop.
            parents = category_parents()
            current: int | None = parent.pk
            while current is not None:
                if current == category.pk:
                    raise _field_error("parent", "不能把分类移到它自己或它的下级分类下面。", "cycle")
                current = parents.get(current)
        if parent is not None and not parent.is_active and (category is None or parent.pk != category.parent_id):
            raise _field_error("parent", f"上级分类“{parent.name}”已停用。")
        clean["parent"] = parent
    return clean


def _unique_category_name(category: ItemCategory) -> None:
    rows = ItemCategory.objects.filter(parent=category.parent, name=category.name).exclude(pk=category.pk or 0)
    if rows.exists():
        where = f"“{category.parent.name}”下" if category.parent else "一级分类中"
        raise _field_error("name", f"{where}已有名为“{category.name}”的分类。", "duplicate_name")


def _propagate_kind(category: ItemCategory) -> None:
    """Sub-categories take the kind of their top-level category (光电 › 皮秒 is 光电)."""
    ids = descendant_ids(category.pk)
    ItemCategory.objects.filter(pk__in=[i for i in ids if i != category.pk]).exclude(kind=category.kind).update(
        kind=category.kind)


@transaction.atomic
def create_category(*, operator: Any, name: str, parent: ItemCategory | None = None, kind: str = ItemKind.OTHER,
                    sort: int = 0, is_active: bool = True) -> ItemCategory:
    data = _check_category_fields({"name": name, "parent": parent, "kind": kind, "sort": sort,
                                   "is_active": is_active}, category=None)
    if parent is not None:
        data["kind"] = parent.kind
    category = ItemCategory(**data)
    _unique_category_name(category)
    _save(category, field="name", message="已有同名的分类。")
    return category


@transaction.atomic
def update_category(category: ItemCategory, *, operator: Any, **changes: Any) -> ItemCategory:
    category = ItemCategory.objects.select_for_update().get(pk=category.pk)
    data = _check_category_fields(changes, category=category)
    parent = data.get("parent", category.parent)
    if parent is not None:
        data["kind"] = parent.kind
    _apply(category, data)
    _unique_category_name(category)
    _save(category, field="name", message="已有同名的分类。")
    _propagate_kind(category)
    return category


@transaction.atomic
def delete_category(category: ItemCategory, *, operator: Any) -> None:
    if category.children.exists():
        raise Protected(f"分类“{category}”下还有下级分类，不能删除；可以停用。")
    if category.items.exists():
        raise Protected(f"分类“{category}”下还有服务项目，不能删除；可以停用。")
    _delete(category, label="分类")


# --- treatment items ------------------------------------------------------------------------------


def _rows(value: Any, *, field: str, label: str) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(row, Mapping) for row in value):
        raise _field_error(field, f"{label}格式不正确。")
    if len(value) > MAX_ROWS:
        raise _field_error(field, f"{label}最多 {MAX_ROWS} 行。")
    return list(value)


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def _lookup(model: type[models.Model], rows: list[Mapping[str, Any]], key: str) -> dict[Any, models.Model]:
    ids = [_pk(row.get(key)) for row in rows]
    ids = [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]
    return model._default_manager.in_bulk(ids)


def _tier_prices(value: Any) -> list[tuple[MembershipTier, Decimal]]:
    rows = _rows(value, field="tier_prices", label="会员价")
    tiers = _lookup(MembershipTier, rows, "tier")
    result, seen = [], set()
    for n, row in enumerate(rows, start=1):
        tier = tiers.get(_pk(row.get("tier")))
        if tier is None:
            raise _field_error("tier_prices", f"会员价第 {n} 行：请选择会员等级。")
        if tier.pk in seen:
            raise _field_error("tier_prices", f"会员价第 {n} 行：“{tier.name}”重复设置。", "duplicate")
        seen.add(tier.pk)
        price = clean_amount(row.get("price_amount"), field="tier_prices", label=f"会员价第 {n} 行（{tier.name}）",
                             allow_zero=True)
        result.append((tier, price))
    return result


def _quantity(value: Any, *, label: str) -> Decimal:
    message = f"{label}：用量须大于 0，最多三位小数。"
    if isinstance(value, float | bool) or value is None:
        raise _field_error("consumables", message)
    try:
        quantity = Decimal(str(value).strip())
    except InvalidOperation:
        raise _field_error("consumables", message) from None
    if not quantity.is_finite() or quantity <= 0 or quantity != quantity.quantize(Decimal("0.001")) \
            or quantity >= Decimal("10000000"):
        raise _field_error("consumables", message)
    return quantity.quantize(Decimal("0.001"))


def _consumables(value: Any) -> list[tuple[Product, Decimal]]:
    rows = _rows(value, field="consumables", label="耗材")
    products = _lookup(Product, rows, "product")
    result, seen = [], set()
    for n, row in enumerate(rows, start=1):
        product = products.get(_pk(row.get("product")))
        if product is None:
            raise _field_error("consumables", f"耗材第 {n} 行：请选择商品。")
        if product.pk in seen:
            raise _field_error("consumables", f"耗材第 {n} 行：“{product.name}”重复。", "duplicate")
        seen.add(product.pk)
        if product.kind == ProductKind.RETAIL:
            raise _field_error("consumables", f"耗材第 {n} 行：“{product.name}”是零售商品，不是耗材。")
        if not product.is_active:
            raise _field_error("consumables", f"耗材第 {n} 行：“{product.name}”已停用。")
        result.append((product, _quantity(row.get("quantity"), label=f"耗材第 {n} 行（{product.name}）")))
    return result


def _operation_fees(value: Any) -> list[tuple[Position, Decimal]]:
    rows = _rows(value, field="operation_fees", label="操作费")
    positions = _lookup(Position, rows, "position")
    result, seen = [], set()
    for n, row in enumerate(rows, start=1):
        position = positions.get(_pk(row.get("position")))
        if position is None:
            raise _field_error("operation_fees", f"操作费第 {n} 行：请选择岗位。")
        if position.pk in seen:
            raise _field_error("operation_fees", f"操作费第 {n} 行：“{position.name}”重复设置。", "duplicate")
        seen.add(position.pk)
        fee = clean_amount(row.get("fee_amount"), field="operation_fees",
                           label=f"操作费第 {n} 行（{position.name}）", allow_zero=True)
        result.append((position, fee))
    return result


ITEM_FIELDS = ("code", "name", "category", "price_amount", "session_unit", "duration_minutes", "requires_doctor",
               "description", "sort", "is_active")


def _check_item_fields(data: Mapping[str, Any], *, item: TreatmentItem | None) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if "code" in data:
        clean["code"] = _code(data["code"], label="项目编码")
        _check_unique_code(TreatmentItem, clean["code"], exclude=item.pk if item else None, label="项目编码")
    if "name" in data:
        clean["name"] = _text(data["name"], field="name", label="项目名称", max_length=64)
    if "category" in data:
        category = data["category"]
        if not isinstance(category, ItemCategory):
            raise _field_error("category", "请选择分类。", "required")
        if not category.is_active and (item is None or category.pk != item.category_id):
            raise _field_error("category", f"分类“{category.name}”已停用。")
        clean["category"] = category
    if "price_amount" in data:
        clean["price_amount"] = clean_amount(data["price_amount"], field="price_amount", label="标准价",
                                             allow_zero=True)
    if "session_unit" in data:
        clean["session_unit"] = _text(data["session_unit"], field="session_unit", label="单位", max_length=8)
    if "duration_minutes" in data:
        clean["duration_minutes"] = _whole(data["duration_minutes"], field="duration_minutes", label="时长（分钟）",
                                           minimum=1, maximum=24 * 60)
    if "requires_doctor" in data:
        clean["requires_doctor"] = bool(data["requires_doctor"])
    if "description" in data:
        clean["description"] = _text(data["description"], field="description", label="简介", max_length=2000,
                                     required=False)
    if "sort" in data:
        clean["sort"] = _whole(data["sort"], field="sort", label="排序")
    if "is_active" in data:
        clean["is_active"] = bool(data["is_active"])
    return clean


def _set_item_rows(item: TreatmentItem, *, tier_prices: list | None, consumables: list | None,
                   operation_fees: list | None) -> None:
    """Replace the item's member prices, consumables and fees by the given lists (None leaves one alone);
    rows that stay are updated in place, so the change log shows what really changed."""
    if tier_prices is not None:
        _replace(item.tier_prices, ItemTierPrice, "tier", {t.pk: {"price_amount": p} for t, p in tier_prices}, item)
    if consumables is not None:
        _replace(item.consumables, ItemConsumable, "product", {p.pk: {"quantity": q} for p, q in consumables}, item)
    if operation_fees is not None:
        _replace(item.operation_fees, OperationFee, "position", {p.pk: {"fee_amount": f} for p, f in operation_fees},
                 item)


def _replace(manager: Any, model: type[models.Model], key: str, wanted: dict[int, dict[str, Any]],
             owner: models.Model) -> None:
    existing = {getattr(row, f"{key}_id"): row for row in manager.all()}
    for key_id, row in existing.items():
        if key_id not in wanted:
            row.delete()
    for key_id, values in wanted.items():
        row = existing.get(key_id)
        if row is None:
            model._default_manager.create(**{manager.field.name: owner, f"{key}_id": key_id, **values})
        elif _apply(row, values):
            row.save()


def _fill_pinyin(obj: TreatmentItem | Product) -> None:
    obj.name_pinyin = pinyin_of(obj.name)
    obj.name_initials = initials_of(obj.name)


@transaction.atomic
def create_item(*, operator: Any, code: str, name: str, category: ItemCategory, price_amount: Any,
                tier_prices: Iterable[Mapping[str, Any]] | None = None,
                consumables: Iterable[Mapping[str, Any]] | None = None,
                operation_fees: Iterable[Mapping[str, Any]] | None = None, **fields: Any) -> TreatmentItem:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise BusinessError(f"未知的字段：{'、'.join(sorted(unknown))}。")
    data = _check_item_fields({**fields, "code": code, "name": name, "category": category,
                               "price_amount": price_amount}, item=None)
    rows = {"tier_prices": _tier_prices(tier_prices), "consumables": _consumables(consumables),
            "operation_fees": _operation_fees(operation_fees)}
    item = TreatmentItem(**data)
    _fill_pinyin(item)
    _save(item, message=f"项目编码“{item.code}”已存在。")
    _set_item_rows(item, **rows)
    return item


@transaction.atomic
def update_item(item: TreatmentItem, *, operator: Any, **changes: Any) -> TreatmentItem:
    """Change an item and, when given, replace its member prices, consumables and fees — one document."""
    item = TreatmentItem.objects.select_for_update().get(pk=item.pk)
    nested = {key: changes.pop(key) for key in ("tier_prices", "consumables", "operation_fees") if key in changes}
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise BusinessError(f"未知的字段：{'、'.join(sorted(unknown))}。")
    data = _check_item_fields(changes, item=item)
    rows = {
        "tier_prices": _tier_prices(nested["tier_prices"]) if "tier_prices" in nested else None,
        "consumables": _consumables(nested["consumables"]) if "consumables" in nested else None,
        "operation_fees": _operation_fees(nested["operation_fees"]) if "operation_fees" in nested else None,
    }
    if _apply(item, data):
        _fill_pinyin(item)
        _save(item, message=f"项目编码“{item.code}”已存在。")
    _set_item_rows(item, **rows)
    return item


@transaction.atomic
def delete_item(item: TreatmentItem, *, operator: Any) -> None:
    """Only an item nothing refers to (no card, order or deduction) may go; the others are deactivated."""
    _delete(item, label="项目")


# --- products -------------------------------------------------------------------------------------


PRODUCT_FIELDS = ("code", "name", "kind", "spec", "unit", "pack_unit", "pieces_per_pack", "price_amount",
                  "manufacturer", "approval_number", "is_active")


def _check_product_fields(data: Mapping[str, Any], *, product: Product | None) -> dict[str, Any]:
    unknown = set(data) - set(PRODUCT_FIELDS)
    if unknown:
        raise BusinessError(f"未知的字段：{'、'.join(sorted(unknown))}。")
    clean: dict[str, Any] = {}
    if "code" in data:
        clean["code"] = _code(data["code"], label="商品编码")
        _check_unique_code(Product, clean["code"], exclude=product.pk if product else None, label="商品编码")
    if "name" in data:
        clean["name"] = _text(data["name"], field="name", label="商品名称", max_length=64)
    if "kind" in data:
        if data["kind"] not in ProductKind.values:
            raise _field_error("kind", "未知的商品类型。")
        clean["kind"] = data["kind"]
    for field, label, length in (("spec", "规格", 64), ("manufacturer", "生产厂家", 64),
                                 ("approval_number", "批准文号/注册证号", 64)):
        if field in data:
            clean[field] = _text(data[field], field=field, label=label, max_length=length, required=False)
    for field, label in (("unit", "单位"), ("pack_unit", "包装单位")):
        if field in data:
            clean[field] = _text(data[field], field=field, label=label, max_length=8)
    if "pieces_per_pack" in data:
        clean["pieces_per_pack"] = _whole(data["pieces_per_pack"], field="pieces_per_pack", label="每包装数量",
                                          minimum=1, maximum=100_000)
    if "price_amount" in data:
        clean["price_amount"] = clean_amount(data["price_amount"], field="price_amount", label="零售价",
                                             allow_zero=True)
    if "is_active" in data:
        clean["is_active"] = bool(data["is_active"])
    return clean


@transaction.atomic
def create_product(*, operator: Any, code: str, name: str, **fields: Any) -> Product:
    data = _check_product_fields({**fields, "code": code, "name": name}, product=None)
    product = Product(**data)
    _fill_pinyin(product)
    _save(product, message=f"商品编码“{product.code}”已存在。")
    return product


@transaction.atomic
def update_product(product: Product, *, operator: Any, **changes: Any) -> Product:
    product = Product.objects.select_for_update().get(pk=product.pk)
    data = _check_product_fields(changes, product=product)
    if data.get("kind") == ProductKind.RETAIL and product.kind != ProductKind.RETAIL and product.used_by.exists():
        raise _field_error("kind", "该商品已作为项目耗材使用，不能改为仅零售；请先从项目耗材中移除。")
    if _apply(product, data):
        _fill_pinyin(product)
        _save(product, message=f"商品编码“{product.code}”已存在。")
    return product


@transaction.atomic
def delete_product(product: Product, *, operator: Any) -> None:
    _delete(product, label="商品")


# --- card types -----------------------------------------------------------------------------------


CARD_FIELDS = ("code", "name", "kind", "price_amount", "choose_count", "allow_repeat", "principal_amount",
               "bonus_amount", "validity_days", "valid_until", "refund_rule", "description", "sort", "is_active")
REFUND_RULES = {
    CardKind.COUNT: (CardRefundRule.UNUSED, CardRefundRule.NOT_REFUNDABLE),
    CardKind.COMBO: (CardRefundRule.UNUSED, CardRefundRule.NOT_REFUNDABLE),
    CardKind.CHOICE: (CardRefundRule.UNUSED, CardRefundRule.NOT_REFUNDABLE),
    CardKind.STORED_VALUE: (CardRefundRule.PRINCIPAL_ONLY, CardRefundRule.NOT_REFUNDABLE),
}


def _card_items(value: Any) -> list[tuple[TreatmentItem, int | None]]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(row, Mapping) for row in value):
        raise _field_error("card_items", "卡项内容格式不正确。")
    if len(value) > MAX_CARD_ITEMS:
        raise _field_error("card_items", f"一张卡最多包含 {MAX_CARD_ITEMS} 个项目。")
    rows = list(value)
    items = _lookup(TreatmentItem, rows, "item")
    result, seen = [], set()
    for n, row in enumerate(rows, start=1):
        item = items.get(_pk(row.get("item")))
        if item is None:
            raise _field_error("card_items", f"第 {n} 个项目：请选择项目。")
        if item.pk in seen:
            raise _field_error("card_items", f"第 {n} 个项目：“{item.name}”重复。", "duplicate")
        seen.add(item.pk)
        sessions = row.get("sessions")
        if sessions is not None:
            sessions = _whole(sessions, field="card_items", label=f"“{item.name}”的次数", minimum=1, maximum=1000)
        result.append((item, sessions))
    return result


def _check_card(card: CardType, items: list[tuple[TreatmentItem, int | None]], *, new_items: set[int]) -> None:
    """The rules of each kind of card, on the card as it will be saved."""
    kind = card.kind
    inactive = [item.name for item, _ in items if item.pk in new_items and not item.is_active]
    if inactive:
        raise _field_error("card_items", f"项目“{inactive[0]}”已停用，不能加入卡项。")
    if kind == CardKind.COUNT:
        if len(items) != 1 or items[0][1] is None:
            raise _field_error("card_items", "次卡须包含且只包含一个项目，并填写次数。")
    elif kind == CardKind.COMBO:
        if len(items) < 2:
            raise _field_error("card_items", "组合卡须包含至少两个项目。")
        missing = [item.name for item, sessions in items if sessions is None]
        if missing:
            raise _field_error("card_items", f"组合卡每个项目都须填写次数（“{missing[0]}”未填写）。")
    elif kind == CardKind.CHOICE:
        if len(items) < 2:
            raise _field_error("card_items", "N选M卡须列出至少两个可选项目。")
        m = card.choose_count
        if m is None or m < 1:
            raise _field_error("choose_count", "N选M卡须设置可选次数 M（至少 1）。")
        caps = [sessions for _, sessions in items]
        if all(cap is not None for cap in caps) and m > sum(caps):
            raise _field_error("choose_count", f"可选次数 M（{m}）超过了各项目次数上限之和（{sum(caps)}）。")
        if not card.allow_repeat and m > len(items):
            raise _field_error("choose_count",
                               f"不可重复选同一项目时，可选次数 M（{m}）不能超过可选项目数 N（{len(items)}）。")
    elif kind == CardKind.STORED_VALUE:
        if items:
            raise _field_error("card_items", "储值卡不包含项目。")
        if card.principal_amount <= 0:
            raise _field_error("principal_amount", "储值卡的本金须大于 0。")
    if kind != CardKind.CHOICE:
        card.choose_count = None
        card.allow_repeat = True
    if kind != CardKind.STORED_VALUE:
        card.principal_amount = card.bonus_amount = Decimal("0.00")
    if card.refund_rule not in REFUND_RULES[kind]:
        choices = "、".join(CardRefundRule(rule).label for rule in REFUND_RULES[kind])
        raise _field_error("refund_rule", f"{CardKind(kind).label}的退款规则只能是：{choices}。")
    if card.validity_days is not None and card.valid_until is not None:
        raise _field_error("validity_days", "有效天数与固定到期日只能设置其一。")


def _check_card_fields(data: Mapping[str, Any], *, card: CardType | None) -> dict[str, Any]:
    unknown = set(data) - set(CARD_FIELDS)
    if unknown:
        raise BusinessError(f"未知的字段：{'、'.join(sorted(unknown))}。")
    clean: dict[str, Any] = {}
    if "code" in data:
        clean["code"] = _code(data["code"], label="卡项编码")
        _check_unique_code(CardType, clean["code"], exclude=card.pk if card else None, label="卡项编码")
    if "name" in data:
        clean["name"] = _text(data["name"], field="name", label="卡项名称", max_length=64)
    if "kind" in data:
        if data["kind"] not in CardKind.values:
            raise _field_error("kind", "请选择卡类型。", "required")
        clean["kind"] = data["kind"]
    if "price_amount" in data:
        clean["price_amount"] = clean_amount(data["price_amount"], field="price_amount", label="售价",
                                             allow_zero=True)
    for field, label in (("principal_amount", "本金"), ("bonus_amount", "赠送金")):
        if field in data:
            value = data[field]
            clean[field] = Decimal("0.00") if value in (None, "") else clean_amount(
                value, field=field, label=label, allow_zero=True)
    if "choose_count" in data:
        value = data["choose_count"]
        clean["choose_count"] = None if value in (None, "") else _whole(
            value, field="choose_count", label="可选次数 M", minimum=1, maximum=1000)
    if "allow_repeat" in data:
        clean["allow_repeat"] = bool(data["allow_repeat"])
    if "validity_days" in data:
        value = data["validity_days"]
        clean["validity_days"] = None if value in (None, "") else _whole(
            value, field="validity_days", label="有效天数", minimum=1, maximum=36500)
    if "valid_until" in data:
        value = data["valid_until"]
        if value in (None, ""):
            clean["valid_until"] = None
        else:
            if not isinstance(value, date):
                raise _field_error("valid_until", "固定到期日须为日期。")
            if value < timezone.localdate() and (card is None or value != card.valid_until):
                raise _field_error("valid_until", "固定到期日不能早于今天。")
            clean["valid_until"] = value
    if "refund_rule" in data:
        if data["refund_rule"] not in CardRefundRule.values:
            raise _field_error("refund_rule", "未知的退款规则。")
        clean["refund_rule"] = data["refund_rule"]
    if "description" in data:
        clean["description"] = _text(data["description"], field="description", label="说明", max_length=2000,
                                     required=False)
    if "sort" in data:
        clean["sort"] = _whole(data["sort"], field="sort", label="排序")
    if "is_active" in data:
        clean["is_active"] = bool(data["is_active"])
    return clean


def _set_card_items(card: CardType, items: list[tuple[TreatmentItem, int | None]]) -> None:
    existing = {row.item_id: row for row in card.card_items.all()}
    wanted = {item.pk for item, _ in items}
    for item_id, row in existing.items():
        if item_id not in wanted:
            row.delete()
    for sort, (item, sessions) in enumerate(items):
        row = existing.get(item.pk)
        if row is None:
            CardTypeItem.objects.create(card_type=card, item=item, sessions=sessions, sort=sort)
        elif _apply(row, {"sessions": sessions, "sort": sort}):
            row.save()


@transaction.atomic
def create_card_type(*, operator: Any, code: str, name: str, kind: str, price_amount: Any,
                     card_items: Iterable[Mapping[str, Any]] | None = None, **fields: Any) -> CardType:
    data = _check_card_fields({**fields, "code": code, "name": name, "kind": kind, "price_amount": price_amount},
                              card=None)
    items = _card_items(card_items)
    if "refund_rule" not in data:
        data["refund_rule"] = REFUND_RULES[data["kind"]][0]
    card = CardType(**data)
    _check_card(card, items, new_items={item.pk for item, _ in items})
    _save(card, message=f"卡项编码“{card.code}”已存在。")
    _set_card_items(card, items)
    return card


@transaction.atomic
def update_card_type(card: CardType, *, operator: Any, **changes: Any) -> CardType:
    card = CardType.objects.select_for_update().get(pk=card.pk)
    given_items = "card_items" in changes
    raw_items = changes.pop("card_items", None)
    data = _check_card_fields(changes, card=card)
    if data.get("kind", card.kind) != card.kind:
        uses = _uses(card)
        if uses:
            raise _field_error("kind", f"该卡项已被{'、'.join(dict.fromkeys(uses))}使用，不能更改卡类型；"
                                       "可以停用后新建。")
        if "refund_rule" not in data:
            data["refund_rule"] = REFUND_RULES[data["kind"]][0]
    current = [(row.item, row.sessions) for row in card.card_items.select_related("item")]
    items = _card_items(raw_items) if given_items else current
    _apply(card, data)
    before = {row[0].pk for row in current}
    _check_card(card, items, new_items={item.pk for item, _ in items} - before)
    _save(card, message=f"卡项编码“{card.code}”已存在。")
    if given_items or card.kind == CardKind.STORED_VALUE:
        _set_card_items(card, items)
    return card


@transaction.atomic
def delete_card_type(card: CardType, *, operator: Any) -> None:
    _delete(card, label="卡项")


# --- knowledge base: images, articles, cases ------------------------------------------------------


@transaction.atomic
def store_image(*, operator: Any, upload: Any) -> CatalogImage:
    """Check, clean and store an uploaded picture; the stored file is private (see ``images``)."""
    clean = image_rules.clean_image(upload)
    image = CatalogImage(content_type=clean.content_type, size=len(clean.content), width=clean.width,
                         height=clean.height, uploaded_by=operator if getattr(operator, "pk", None) else None)
    image.file.save(image_rules.stored_name(clean.extension), image_rules.as_file(clean), save=False)
    try:
        image.save()
    except Exception:
        image.file.storage.delete(image.file.name)
        raise
    return image


def _article_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if "kind" in data:
        if data["kind"] not in ArticleKind.values:
            raise _field_error("kind", "请选择文章类型。", "required")
        clean["kind"] = data["kind"]
    if "title" in data:
        clean["title"] = _text(data["title"], field="title", label="标题", max_length=128)
    if "body_html" in data:
        raw = str(data["body_html"] or "")
        if len(raw) > MAX_HTML_LENGTH:
            raise _field_error("body_html", "正文过长，请拆分为多篇文章。")
        clean["body_html"] = sanitize_html(raw)
    if "sort" in data:
        clean["sort"] = _whole(data["sort"], field="sort", label="排序")
    return clean


@transaction.atomic
def create_article(*, operator: Any, item: TreatmentItem, kind: str, title: str, body_html: str = "",
                   sort: int = 0) -> Article:
    data = _article_fields({"kind": kind, "title": title, "body_html": body_html, "sort": sort})
    return Article.objects.create(item=item, updated_by=_staff(operator), **data)


@transaction.atomic
def update_article(article: Article, *, operator: Any, **changes: Any) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    unknown = set(changes) - {"kind", "title", "body_html", "sort"}
    if unknown:
        raise BusinessError(f"未知的字段：{'、'.join(sorted(unknown))}。")
    if _apply(article, _article_fields(changes)):
        article.updated_by = _staff(operator)
        article.save()
    return article


@transaction.atomic
def delete_article(article: Article, *, operator: Any) -> None:
    article.delete()


def _staff(operator: Any) -> Any:
    return operator if getattr(operator, "pk", None) else None


def _check_case_customer(customer: Customer | None) -> None:
    """A case built on a customer's pictures needs that customer's consent to use photos in cases."""
    if customer is None:
        return
    # As recorded now, not as the caller's copy of the file says (consent is given and withdrawn at the desk).
    merged_into, consent = Customer.objects.filter(pk=customer.pk).values_list("merged_into_id",
                                                                               "photo_consent").get()
    if merged_into:
        raise _field_error("customer", f"客户档案已合并到档案号 {merged_into}，请选择合并后的档案。")
    if not consent:
        raise _field_error("customer", f"客户“{customer.name}”（档案号 {customer.pk}）未同意照片用于案例，"
                                       "不能关联。请先在客户档案中记录其同意。", "no_photo_consent")


def _pictures(value: Any) -> list[tuple[CatalogImage, str]]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(row, Mapping) for row in value):
        raise _field_error("pictures", "图片格式不正确。")
    rows = list(value)
    if len(rows) > MAX_CASE_PICTURES:
        raise _field_error("pictures", f"一个案例最多 {MAX_CASE_PICTURES} 张图片。")
    images = _lookup(CatalogImage, rows, "image")
    result, seen = [], set()
    for n, row in enumerate(rows, start=1):
        image = images.get(_pk(row.get("image")))
        if image is None:
            raise _field_error("pictures", f"第 {n} 张图片不存在，请重新上传。")
        if image.pk in seen:
            raise _field_error("pictures", f"第 {n} 张图片重复。", "duplicate")
        seen.add(image.pk)
        caption = _text(row.get("caption"), field="pictures", label=f"第 {n} 张图片的说明", max_length=64,
                        required=False)
        result.append((image, caption))
    return result


def _case_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if "name" in data:
        clean["name"] = _text(data["name"], field="name", label="案例名称", max_length=64)
    if "description" in data:
        clean["description"] = _text(data["description"], field="description", label="描述", max_length=2000,
                                     required=False)
    if "customer" in data:
        _check_case_customer(data["customer"])
        clean["customer"] = data["customer"]
    if "sort" in data:
        clean["sort"] = _whole(data["sort"], field="sort", label="排序")
    if "is_published" in data:
        clean["is_published"] = bool(data["is_published"])
    return clean


def _set_pictures(case: Case, pictures: list[tuple[CatalogImage, str]]) -> None:
    case.pictures.all().delete()
    CasePicture.objects.bulk_create([CasePicture(case=case, image=image, caption=caption, sort=sort)
                                     for sort, (image, caption) in enumerate(pictures)])


@transaction.atomic
def create_case(*, operator: Any, item: TreatmentItem, name: str, pictures: Iterable[Mapping[str, Any]] = (),
                **fields: Any) -> Case:
    unknown = set(fields) - {"description", "customer", "sort", "is_published"}
    if unknown:
        raise BusinessError(f"未知的字段：{'、'.join(sorted(unknown))}。")
    data = _case_fields({**fields, "name": name})
    rows = _pictures(list(pictures))
    if not rows:
        raise _field_error("pictures", "请至少上传一张图片。", "required")
    case = Case.objects.create(item=item, **data)
    _set_pictures(case, rows)
    return case


@transaction.atomic
def update_case(case: Case, *, operator: Any, **changes: Any) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    pictures = changes.pop("pictures", None)
    unknown = set(changes) - {"name", "description", "customer", "sort", "is_published"}
    if unknown:
        raise BusinessError(f"未知的字段：{'、'.join(sorted(unknown))}。")
    data = _case_fields(changes)
    if "customer" not in data and case.customer_id and data.get("is_published", case.is_published):
        # Consent may have been withdrawn since the case was made: it may be hidden or unlinked, not shown.
        _check_case_customer(case.customer)
    rows = _pictures(pictures) if pictures is not None else None
    if rows is not None and not rows:
        raise _field_error("pictures", "请至少保留一张图片。", "required")
    if _apply(case, data):
        case.save()
    if rows is not None:
        _set_pictures(case, rows)
    return case


@transaction.atomic
def delete_case(case: Case, *, operator: Any) -> None:
    case.delete()
