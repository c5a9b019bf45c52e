"""The catalogue (服务项目与商品): categories, treatment items with member prices, consumables and operation fees
per operator position, products with pack units, card types, and each item's knowledge base and cases.

Reference data: it belongs to nobody, so ``restrict()`` opens it by the permission code alone. Orders copy
names, codes and prices at sale time and link here with ``SET_NULL``; history survives catalogue changes.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from yimei.catalog.choices import ArticleKind, CardKind, CardRefundRule, ItemKind, ProductKind
from yimei.core.models import ChangeLoggedModel, RestrictedManager, TimeStampedModel
from yimei.core.money import MoneyField

STAFF = settings.AUTH_USER_MODEL
ZERO = Decimal("0.00")


class ItemCategory(ChangeLoggedModel, TimeStampedModel):
    """项目分类: a tree (光电 › 光子嫩肤 …); ``kind`` of a top-level category is inherited by its children."""

    name = models.CharField("名称", max_length=32)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name="上级分类")
    kind = models.CharField("类别", max_length=16, choices=ItemKind.choices, default=ItemKind.OTHER)
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "项目分类"
        verbose_name_plural = verbose_name
        ordering = ["sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="item_category_unique_name",
                                    violation_error_message="同一上级分类下已有同名分类。"),
            models.UniqueConstraint(fields=["name"], condition=Q(parent__isnull=True),
                                    name="item_category_unique_root_name",
                                    violation_error_message="已有同名的一级分类。"),
        ]

    def __str__(self) -> str:
        return self.name


class TreatmentItem(ChangeLoggedModel, TimeStampedModel):
    """服务项目: 光子嫩肤, 热玛吉, 玻尿酸 1ml … sold by the session (``session_unit``)."""

    code = models.CharField("项目编码", max_length=32, unique=True)
    name = models.CharField("项目名称", max_length=64)
    name_pinyin = models.CharField("拼音", max_length=256, blank=True, default="", editable=False)
    name_initials = models.CharField("拼音首字母", max_length=64, blank=True, default="", editable=False)
    category = models.ForeignKey(ItemCategory, models.PROTECT, related_name="items", verbose_name="分类")
    price_amount = MoneyField("标准价（元）")
    session_unit = models.CharField("单位", max_length=8, default="次")
    duration_minutes = models.PositiveIntegerField("时长（分钟）", default=30)
    requires_doctor = models.BooleanField("需医生操作", default=False)
    description = models.TextField("简介", blank=True, default="")
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "服务项目"
        verbose_name_plural = verbose_name
        ordering = ["sort", "id"]
        indexes = [
            models.Index(fields=["name_pinyin"], name="item_pinyin_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["name_initials"], name="item_initials_prefix", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(price_amount__gte=0), name="item_price_not_negative",
                                   violation_error_message="价格不能为负数。"),
        ]

    def __str__(self) -> str:
        return self.name


class ItemTierPrice(ChangeLoggedModel, TimeStampedModel):
    """会员价: the price of an item for a membership tier (else the tier's discount rate applies)."""

    item = models.ForeignKey(TreatmentItem, models.CASCADE, related_name="tier_prices", verbose_name="项目")
    tier = models.ForeignKey("customers.MembershipTier", models.CASCADE, related_name="item_prices",
                             verbose_name="会员等级")
    price_amount = MoneyField("会员价（元）")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "会员价"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["item", "tier"], name="item_tier_price_unique",
                                    violation_error_message="该等级已设置会员价。"),
            models.CheckConstraint(condition=Q(price_amount__gte=0), name="item_tier_price_not_negative",
                                   violation_error_message="价格不能为负数。"),
        ]


class Product(ChangeLoggedModel, TimeStampedModel):
    """商品: retail goods and consumables; stock is counted in ``unit`` (支), bought in ``pack_unit`` (盒)."""

    code = models.CharField("商品编码", max_length=32, unique=True)
    name = models.CharField("商品名称", max_length=64)
    name_pinyin = models.CharField("拼音", max_length=256, blank=True, default="", editable=False)
    name_initials = models.CharField("拼音首字母", max_length=64, blank=True, default="", editable=False)
    kind = models.CharField("类型", max_length=16, choices=ProductKind.choices, default=ProductKind.RETAIL)
    spec = models.CharField("规格", max_length=64, blank=True, default="")
    unit = models.CharField("单位", max_length=8, default="支")
    pack_unit = models.CharField("包装单位", max_length=8, default="盒")
    pieces_per_pack = models.PositiveIntegerField("每包装数量", default=1)
    price_amount = MoneyField("零售价（元）", default=ZERO)
    manufacturer = models.CharField("生产厂家", max_length=64, blank=True, default="")
    approval_number = models.CharField("批准文号/注册证号", max_length=64, blank=True, default="")
    is_active = models.BooleanField("启用", default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "商品"
        verbose_name_plural = verbose_name
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(price_amount__gte=0), name="product_price_not_negative",
                                   violation_error_message="价格不能为负数。"),
            models.CheckConstraint(condition=Q(pieces_per_pack__gte=1), name="product_pieces_per_pack_positive",
                                   violation_error_message="每包装数量至少为 1。"),
        ]

    def __str__(self) -> str:
        return self.name


class ItemConsumable(ChangeLoggedModel, TimeStampedModel):
    """物料消耗: what one session of an item uses, in the product's ``unit``; posted by inventory later."""

    item = models.ForeignKey(TreatmentItem, models.CASCADE, related_name="consumables", verbose_name="项目")
    product = models.ForeignKey(Product, models.PROTECT, related_name="used_by", verbose_name="商品")
    quantity = models.DecimalField("每次用量", max_digits=10, decimal_places=3)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "项目耗材"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["item", "product"], name="item_consumable_unique",
                                    violation_error_message="该耗材已在列表中。"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="item_consumable_quantity_positive",
                                   violation_error_message="用量须大于 0。"),
        ]


class OperationFee(ChangeLoggedModel, TimeStampedModel):
    """操作费单价: what an operator in ``position`` earns for one session of ``item`` (labour costing)."""

    item = models.ForeignKey(TreatmentItem, models.CASCADE, related_name="operation_fees", verbose_name="项目")
    position = models.ForeignKey("accounts.Position", models.PROTECT, related_name="operation_fees",
                                 verbose_name="操作岗位")
    fee_amount = MoneyField("操作费单价（元）")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "操作费"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="operation_fee_unique",
                                    violation_error_message="该岗位已设置操作费。"),
            models.CheckConstraint(condition=Q(fee_amount__gte=0), name="operation_fee_not_negative",
                                   violation_error_message="操作费不能为负数。"),
        ]


class CardType(ChangeLoggedModel, TimeStampedModel):
    """卡项: count card (N sessions of one item), combo card (fixed sessions of several items), N-choose-M card
    (``choose_count`` sessions among the listed items, ``allow_repeat`` whether one item may be chosen again),
    stored-value card (``principal_amount`` + ``bonus_amount``; spending takes principal and bonus in that
    proportion). Validity: ``validity_days`` from purchase or a fixed ``valid_until``; neither means no expiry."""

    code = models.CharField("卡项编码", max_length=32, unique=True)
    name = models.CharField("卡项名称", max_length=64)
    kind = models.CharField("卡类型", max_length=16, choices=CardKind.choices)
    price_amount = MoneyField("售价（元）")
    choose_count = models.PositiveIntegerField("可选次数 M", null=True, blank=True)
    allow_repeat = models.BooleanField("可重复选同一项目", default=True)
    principal_amount = MoneyField("本金（元）", default=ZERO)
    bonus_amount = MoneyField("赠送金（元）", default=ZERO)
    validity_days = models.PositiveIntegerField("有效天数", null=True, blank=True)
    valid_until = models.DateField("固定到期日", null=True, blank=True)
    refund_rule = models.CharField("退款规则", max_length=16, choices=CardRefundRule.choices,
                                   default=CardRefundRule.UNUSED)
    description = models.TextField("说明", blank=True, default="")
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "卡项"
        verbose_name_plural = verbose_name
        ordering = ["sort", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(price_amount__gte=0), name="card_type_price_not_negative",
                                   violation_error_message="售价不能为负数。"),
            models.CheckConstraint(condition=Q(principal_amount__gte=0) & Q(bonus_amount__gte=0),
                                   name="card_type_balances_not_negative",
                                   violation_error_message="本金和赠送金不能为负数。"),
            models.CheckConstraint(condition=~Q(kind=CardKind.CHOICE) | Q(choose_count__gte=1),
                                   name="card_type_choice_needs_m",
                                   violation_error_message="N选M卡须设置可选次数 M（至少 1）。"),
            models.CheckConstraint(condition=~Q(kind=CardKind.STORED_VALUE) | Q(principal_amount__gt=0),
                                   name="card_type_stored_value_needs_principal",
                                   violation_error_message="储值卡须设置本金。"),
            models.CheckConstraint(condition=Q(validity_days__isnull=True) | Q(valid_until__isnull=True),
                                   name="card_type_one_validity",
                                   violation_error_message="有效天数与固定到期日只能设置其一。"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def principal_share(self) -> Decimal:
        """Of each yuan spent from a stored-value card, the part taken from principal (the rest from bonus)."""
        total = self.principal_amount + self.bonus_amount
        return self.principal_amount / total if total else Decimal(1)


class CardTypeItem(ChangeLoggedModel, TimeStampedModel):
    """An item of a card type: ``sessions`` of it for count and combo cards; for an N-choose-M card the item is
    one of the N eligible (``sessions`` then caps how often it may be chosen, null for no cap)."""

    card_type = models.ForeignKey(CardType, models.CASCADE, related_name="card_items", verbose_name="卡项")
    item = models.ForeignKey(TreatmentItem, models.PROTECT, related_name="in_cards", verbose_name="项目")
    sessions = models.PositiveIntegerField("次数", null=True, blank=True)
    sort = models.PositiveIntegerField("排序", default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "卡项内容"
        verbose_name_plural = verbose_name
        ordering = ["sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["card_type", "item"], name="card_type_item_unique",
                                    violation_error_message="该项目已在卡项中。"),
            models.CheckConstraint(condition=Q(sessions__isnull=True) | Q(sessions__gte=1),
                                   name="card_type_item_sessions_positive",
                                   violation_error_message="次数须至少为 1。"),
        ]


class CatalogImage(TimeStampedModel):
    """A picture of the knowledge base or of a case: a private file, served only through a permission-checked
    view (never a public URL)."""

    file = models.FileField("文件", upload_to="catalog/%Y/%m/", max_length=255)
    content_type = models.CharField("类型", max_length=32)
    size = models.PositiveIntegerField("大小（字节）")
    width = models.PositiveIntegerField("宽", default=0)
    height = models.PositiveIntegerField("高", default=0)
    uploaded_by = models.ForeignKey(STAFF, models.SET_NULL, null=True, related_name="+", verbose_name="上传人")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "项目图片"
        verbose_name_plural = verbose_name


class Article(ChangeLoggedModel, TimeStampedModel):
    """知识库: an article about an item (indications, contraindications, process, aftercare, FAQ) in sanitized
    rich text; images are :class:`CatalogImage` rows referenced from the HTML."""

    item = models.ForeignKey(TreatmentItem, models.CASCADE, related_name="articles", verbose_name="项目")
    kind = models.CharField("类型", max_length=24, choices=ArticleKind.choices)
    title = models.CharField("标题", max_length=128)
    body_html = models.TextField("正文", blank=True, default="")
    sort = models.PositiveIntegerField("排序", default=0)
    updated_by = models.ForeignKey(STAFF, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="最后编辑人")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "项目知识库"
        verbose_name_plural = verbose_name
        ordering = ["sort", "id"]


class Case(ChangeLoggedModel, TimeStampedModel):
    """案例: a treated case shown while talking to a customer (name, pictures, description). When the
    pictures are of one of our customers, ``customer`` links the file and their photo consent is required."""

    item = models.ForeignKey(TreatmentItem, models.CASCADE, related_name="cases", verbose_name="项目")
    name = models.CharField("案例名称", max_length=64)
    description = models.TextField("描述", blank=True, default="")
    customer = models.ForeignKey("customers.Customer", models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name="案例客户")
    sort = models.PositiveIntegerField("排序", default=0)
    is_published = models.BooleanField("展示", default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "案例"
        verbose_name_plural = verbose_name
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class CasePicture(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="pictures", verbose_name="案例")
    image = models.ForeignKey(CatalogImage, models.PROTECT, related_name="+", verbose_name="图片")
    caption = models.CharField("说明", max_length=64, blank=True, default="")  # 术前 / 术后 1 个月 …
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "案例图片"
        verbose_name_plural = verbose_name
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.caption or f"案例图片 {self.pk}"
