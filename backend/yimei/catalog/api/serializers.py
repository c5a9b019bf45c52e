"""Serializers of the catalogue. Amounts are strings; writes pass them on raw so that the services check them
with ``clean_amount`` (a float or a third decimal is refused, not rounded)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yimei.catalog.choices import ArticleKind, CardKind, CardRefundRule, ItemKind, ProductKind
from yimei.catalog.models import (
    Article,
    CardType,
    Case,
    CatalogImage,
    ItemCategory,
    Product,
    TreatmentItem,
)
from yimei.catalog.richtext import image_url
from yimei.catalog.selectors import category_path

AMOUNT_SCHEMA = {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "example": "1280.00"}


@extend_schema_field(AMOUNT_SCHEMA)
class AmountField(serializers.Field):
    """A yuan amount in, as given (checked by the service); out as a string with two decimals."""

    default_error_messages = {"invalid": "金额须为数字或字符串，如 \"1280.00\"。"}

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, list | dict):
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> str:
        return f"{value:.2f}"


@extend_schema_field({"type": "string", "pattern": r"^\d+(\.\d{1,3})?$", "example": "1.000"})
class QuantityField(AmountField):
    default_error_messages = {"invalid": "用量须为数字或字符串，如 \"0.5\"。"}

    def to_representation(self, value: Any) -> str:
        return f"{value:.3f}"


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _id_field(label: str, **kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(label=label, min_value=1, error_messages={
        "invalid": f"{label}须为编号。", "min_value": f"{label}须为编号。", "max_string_length": f"{label}须为编号。"},
        **kwargs)


# --- categories -----------------------------------------------------------------------------------


class CategorySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    item_count = serializers.IntegerField(read_only=True, label="项目数")

    class Meta:
        model = ItemCategory
        fields = ["id", "name", "parent", "kind", "kind_display", "sort", "is_active", "item_count"]
        read_only_fields = fields


class CategoryWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=32, label="分类名称")
    parent = serializers.PrimaryKeyRelatedField(
        queryset=ItemCategory.objects.all(), required=False, allow_null=True, label="上级分类",
        error_messages={"does_not_exist": "所选上级分类不存在。", "incorrect_type": "上级分类须为编号。"})
    kind = serializers.ChoiceField(choices=ItemKind.choices, required=False, label="类别",
                                   help_text="只对一级分类有效；下级分类随上级")
    sort = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, label="排序")
    is_active = serializers.BooleanField(required=False, label="启用")


# --- treatment items ------------------------------------------------------------------------------


class ItemListSerializer(serializers.ModelSerializer):
    category = serializers.SerializerMethodField()
    category_path = serializers.SerializerMethodField(label="分类路径")
    kind = serializers.CharField(source="category.kind", read_only=True, label="类别")
    price_amount = AmountField(read_only=True, label="标准价（元）")
    article_count = serializers.IntegerField(read_only=True, label="知识库文章数")
    case_count = serializers.IntegerField(read_only=True, label="案例数")

    class Meta:
        model = TreatmentItem
        fields = ["id", "code", "name", "category", "category_path", "kind", "price_amount", "session_unit",
                  "duration_minutes", "requires_doctor", "sort", "is_active", "article_count", "case_count"]
        read_only_fields = fields

    @extend_schema_field(RefSerializer)
    def get_category(self, obj: TreatmentItem) -> dict[str, Any] | None:
        return _ref(obj.category)

    def get_category_path(self, obj: TreatmentItem) -> list[str]:
        return category_path(obj.category)


class TierPriceSerializer(serializers.Serializer):
    tier = serializers.IntegerField(source="tier_id", label="会员等级")
    tier_name = serializers.CharField(source="tier.name", read_only=True)
    price_amount = AmountField(label="会员价（元）")


class ConsumableSerializer(serializers.Serializer):
    product = serializers.IntegerField(source="product_id", label="商品")
    product_name = serializers.CharField(source="product.name", read_only=True)
    product_code = serializers.CharField(source="product.code", read_only=True)
    unit = serializers.CharField(source="product.unit", read_only=True)
    quantity = QuantityField(label="每次用量")


class OperationFeeSerializer(serializers.Serializer):
    position = serializers.IntegerField(source="position_id", label="岗位")
    position_name = serializers.CharField(source="position.name", read_only=True)
    fee_amount = AmountField(label="操作费单价（元）")


class ItemDetailSerializer(ItemListSerializer):
    tier_prices = TierPriceSerializer(many=True, read_only=True, label="会员价")
    consumables = ConsumableSerializer(many=True, read_only=True, label="每次耗材")
    operation_fees = OperationFeeSerializer(many=True, read_only=True, label="操作费")
    article_count = None
    case_count = None

    class Meta:
        model = TreatmentItem
        fields = ["id", "code", "name", "category", "category_path", "kind", "price_amount", "session_unit",
                  "duration_minutes", "requires_doctor", "description", "sort", "is_active", "tier_prices",
                  "consumables", "operation_fees", "created_at", "updated_at"]
        read_only_fields = fields


class TierPriceInputSerializer(serializers.Serializer):
    tier = _id_field("会员等级")
    price_amount = AmountField(label="会员价（元）")


class ConsumableInputSerializer(serializers.Serializer):
    product = _id_field("商品")
    quantity = QuantityField(label="每次用量", help_text="按商品的单位，最多三位小数")


class OperationFeeInputSerializer(serializers.Serializer):
    position = _id_field("岗位")
    fee_amount = AmountField(label="操作费单价（元）")


class ItemWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32, label="项目编码")
    name = serializers.CharField(max_length=64, label="项目名称")
    category = serializers.PrimaryKeyRelatedField(
        queryset=ItemCategory.objects.all(), label="分类",
        error_messages={"does_not_exist": "所选分类不存在。", "incorrect_type": "分类须为编号。",
                        "required": "请选择分类。", "null": "请选择分类。"})
    price_amount = AmountField(label="标准价（元）")
    session_unit = serializers.CharField(max_length=8, required=False, label="单位")
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440, required=False, label="时长（分钟）")
    requires_doctor = serializers.BooleanField(required=False, label="需医生操作")
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, label="简介")
    sort = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, label="排序")
    is_active = serializers.BooleanField(required=False, label="启用")
    tier_prices = TierPriceInputSerializer(many=True, required=False, label="会员价",
                                           help_text="给出时整体替换；未列出的等级按等级折扣")
    consumables = ConsumableInputSerializer(many=True, required=False, label="每次耗材", help_text="给出时整体替换")
    operation_fees = OperationFeeInputSerializer(many=True, required=False, label="操作费",
                                                 help_text="给出时整体替换")


class OptionTierSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    discount_rate = serializers.DecimalField(max_digits=4, decimal_places=3)


class OptionProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    spec = serializers.CharField()


class OptionPositionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class ItemEditorOptionsSerializer(serializers.Serializer):
    tiers = OptionTierSerializer(many=True)
    products = OptionProductSerializer(many=True, help_text="可作耗材的在用商品")
    positions = OptionPositionSerializer(many=True)


# --- products -------------------------------------------------------------------------------------


class ProductSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    price_amount = AmountField(read_only=True, label="零售价（元）")

    class Meta:
        model = Product
        fields = ["id", "code", "name", "kind", "kind_display", "spec", "unit", "pack_unit", "pieces_per_pack",
                  "price_amount", "manufacturer", "approval_number", "is_active", "created_at", "updated_at"]
        read_only_fields = fields


class ProductWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32, label="商品编码")
    name = serializers.CharField(max_length=64, label="商品名称")
    kind = serializers.ChoiceField(choices=ProductKind.choices, required=False, label="类型")
    spec = serializers.CharField(max_length=64, required=False, allow_blank=True, label="规格")
    unit = serializers.CharField(max_length=8, required=False, label="单位")
    pack_unit = serializers.CharField(max_length=8, required=False, label="包装单位")
    pieces_per_pack = serializers.IntegerField(min_value=1, max_value=100_000, required=False, label="每包装数量")
    price_amount = AmountField(required=False, label="零售价（元）")
    manufacturer = serializers.CharField(max_length=64, required=False, allow_blank=True, label="生产厂家")
    approval_number = serializers.CharField(max_length=64, required=False, allow_blank=True,
                                            label="批准文号/注册证号")
    is_active = serializers.BooleanField(required=False, label="启用")


# --- card types -----------------------------------------------------------------------------------


class CardItemSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item_id", label="项目")
    item_name = serializers.CharField(source="item.name", read_only=True)
    item_code = serializers.CharField(source="item.code", read_only=True)
    session_unit = serializers.CharField(source="item.session_unit", read_only=True)
    sessions = serializers.IntegerField(allow_null=True, label="次数",
                                        help_text="次卡、组合卡：次数；N选M卡：该项目最多可选次数，空为不限")


class CardTypeSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    refund_rule_display = serializers.CharField(source="get_refund_rule_display", read_only=True)
    price_amount = AmountField(read_only=True, label="售价（元）")
    principal_amount = AmountField(read_only=True, label="本金（元）")
    bonus_amount = AmountField(read_only=True, label="赠送金（元）")
    principal_share = serializers.SerializerMethodField(label="本金消耗比例",
                                                        help_text="储值卡每消费 1 元中本金所占比例（其余为赠送金）")
    card_items = CardItemSerializer(many=True, read_only=True, label="卡项内容")

    class Meta:
        model = CardType
        fields = ["id", "code", "name", "kind", "kind_display", "price_amount", "choose_count", "allow_repeat",
                  "principal_amount", "bonus_amount", "principal_share", "validity_days", "valid_until",
                  "refund_rule", "refund_rule_display", "description", "sort", "is_active", "card_items",
                  "created_at", "updated_at"]
        read_only_fields = fields

    def get_principal_share(self, obj: CardType) -> str:
        return f"{obj.principal_share:.4f}"


class CardItemInputSerializer(serializers.Serializer):
    item = _id_field("项目")
    sessions = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True, label="次数")


class CardTypeWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32, label="卡项编码")
    name = serializers.CharField(max_length=64, label="卡项名称")
    kind = serializers.ChoiceField(choices=CardKind.choices, label="卡类型")
    price_amount = AmountField(label="售价（元）")
    choose_count = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True,
                                            label="可选次数 M")
    allow_repeat = serializers.BooleanField(required=False, label="可重复选同一项目")
    principal_amount = AmountField(required=False, allow_null=True, label="本金（元）")
    bonus_amount = AmountField(required=False, allow_null=True, label="赠送金（元）")
    validity_days = serializers.IntegerField(min_value=1, max_value=36500, required=False, allow_null=True,
                                             label="有效天数")
    valid_until = serializers.DateField(required=False, allow_null=True, label="固定到期日")
    refund_rule = serializers.ChoiceField(choices=CardRefundRule.choices, required=False, label="退款规则")
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, label="说明")
    sort = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, label="排序")
    is_active = serializers.BooleanField(required=False, label="启用")
    card_items = CardItemInputSerializer(many=True, required=False, label="卡项内容", help_text="给出时整体替换")


# --- knowledge base -------------------------------------------------------------------------------


class ImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(label="地址（需登录并有项目手册权限）")

    class Meta:
        model = CatalogImage
        fields = ["id", "url", "content_type", "size", "width", "height", "created_at"]
        read_only_fields = fields

    def get_url(self, obj: CatalogImage) -> str:
        return image_url(obj.pk)


class ImageUploadSerializer(serializers.Serializer):
    file = serializers.FileField(label="图片", help_text="JPEG、PNG 或 WebP，不超过 10 MB",
                                 error_messages={"required": "请选择图片文件。", "invalid": "请以文件上传图片。",
                                                 "empty": "文件是空的。", "no_name": "请以文件上传图片。"})


class ArticleSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    updated_by = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "item", "kind", "kind_display", "title", "body_html", "sort", "updated_by", "created_at",
                  "updated_at"]
        read_only_fields = fields

    @extend_schema_field(RefSerializer(allow_null=True))
    def get_updated_by(self, obj: Article) -> dict[str, Any] | None:
        return _ref(obj.updated_by)


class ArticleUpdateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ArticleKind.choices, label="类型")
    title = serializers.CharField(max_length=128, label="标题")
    body_html = serializers.CharField(max_length=200_000, required=False, allow_blank=True, trim_whitespace=False,
                                      label="正文（HTML，服务器端清理）")
    sort = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, label="排序")


class ArticleCreateSerializer(ArticleUpdateSerializer):
    item = serializers.PrimaryKeyRelatedField(
        queryset=TreatmentItem.objects.all(), label="项目",
        error_messages={"does_not_exist": "所选项目不存在。", "incorrect_type": "项目须为编号。"})


class CasePictureSerializer(serializers.Serializer):
    image = serializers.IntegerField(source="image_id", label="图片")
    url = serializers.SerializerMethodField()
    caption = serializers.CharField(label="说明")
    width = serializers.IntegerField(source="image.width", read_only=True)
    height = serializers.IntegerField(source="image.height", read_only=True)

    def get_url(self, obj: Any) -> str:
        return image_url(obj.image_id)


class CaseSerializer(serializers.ModelSerializer):
    customer = serializers.SerializerMethodField(label="案例客户")
    pictures = CasePictureSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = ["id", "item", "name", "description", "customer", "sort", "is_published", "pictures",
                  "created_at", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(RefSerializer(allow_null=True))
    def get_customer(self, obj: Case) -> dict[str, Any] | None:
        return _ref(obj.customer)


class CasePictureInputSerializer(serializers.Serializer):
    image = _id_field("图片")
    caption = serializers.CharField(max_length=64, required=False, allow_blank=True, label="说明",
                                    help_text="如：术前、术后 1 个月")


class CaseUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64, label="案例名称")
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, label="描述")
    customer = _id_field("案例客户", required=False, allow_null=True,
                         help_text="照片来自本院客户时关联其档案；须已同意照片用于案例")
    sort = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, label="排序")
    is_published = serializers.BooleanField(required=False, label="展示")
    pictures = CasePictureInputSerializer(many=True, required=False, label="图片（按顺序）")


class CaseCreateSerializer(CaseUpdateSerializer):
    item = serializers.PrimaryKeyRelatedField(
        queryset=TreatmentItem.objects.all(), label="项目",
        error_messages={"does_not_exist": "所选项目不存在。", "incorrect_type": "项目须为编号。"})


# --- handbook -------------------------------------------------------------------------------------


class HandbookCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    kind = serializers.CharField()


class HandbookItemBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.IntegerField(source="category_id")
    price_amount = AmountField()
    session_unit = serializers.CharField()
    requires_doctor = serializers.BooleanField()
    article_count = serializers.IntegerField()
    case_count = serializers.IntegerField()


class HandbookIndexSerializer(serializers.Serializer):
    categories = HandbookCategorySerializer(many=True)
    items = HandbookItemBriefSerializer(many=True)


class MemberPriceSerializer(serializers.Serializer):
    tier = serializers.IntegerField(source="tier_id")
    tier_name = serializers.CharField()
    price_amount = AmountField()
    source = serializers.ChoiceField(choices=[("price", "会员价"), ("discount", "等级折扣")])
    discount_rate = serializers.DecimalField(max_digits=4, decimal_places=3)


class HandbookArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ArticleKind.choices)
    kind_display = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    body_html = serializers.CharField()


class HandbookCaseSerializer(serializers.Serializer):
    """A case as the consulting room sees it: never the customer behind it."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    pictures = CasePictureSerializer(many=True)


class HandbookItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.id")
    code = serializers.CharField(source="item.code")
    name = serializers.CharField(source="item.name")
    category = serializers.IntegerField(source="item.category_id")
    category_path = serializers.ListField(child=serializers.CharField())
    price_amount = AmountField(source="item.price_amount")
    session_unit = serializers.CharField(source="item.session_unit")
    duration_minutes = serializers.IntegerField(source="item.duration_minutes")
    requires_doctor = serializers.BooleanField(source="item.requires_doctor")
    description = serializers.CharField(source="item.description")
    member_prices = MemberPriceSerializer(many=True)
    articles = HandbookArticleSerializer(many=True)
    cases = HandbookCaseSerializer(many=True)
