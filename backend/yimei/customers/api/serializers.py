"""Serializers of the customer file. Phone and ID numbers are always masked here; ``unmask`` is separate."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yimei.accounts.models import User
from yimei.core.personal import mask_id_number, mask_phone
from yimei.customers.choices import ConsentKind, ConsentSource, Gender, TierBasis
from yimei.customers.models import (
    Customer,
    CustomerConsent,
    CustomerEvent,
    MembershipTier,
    SourceChannel,
    Tag,
    TagCategory,
)
from yimei.customers.timeline import event_type


class StaffRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TagRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    color = serializers.CharField()
    category = serializers.IntegerField(source="category_id")


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def age_on(birthday: date | None, today: date | None = None) -> int | None:
    if birthday is None:
        return None
    today = today or timezone.localdate()
    return today.year - birthday.year - ((today.month, today.day) < (birthday.month, birthday.day))


class CustomerListSerializer(serializers.ModelSerializer):
    phone = serializers.SerializerMethodField(label="手机号（已脱敏）")
    age = serializers.SerializerMethodField(label="年龄")
    gender_display = serializers.CharField(source="get_gender_display", read_only=True)
    source = serializers.SerializerMethodField()
    consultant = serializers.SerializerMethodField()
    online_consultant = serializers.SerializerMethodField()
    tier = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = ["id", "name", "gender", "gender_display", "age", "phone", "source", "consultant",
                  "online_consultant", "tier", "tags", "card_number", "first_visit_on", "last_visit_on",
                  "visit_count", "marketing_consent", "photo_consent", "created_at"]
        read_only_fields = fields

    def get_phone(self, obj: Customer) -> str:
        return mask_phone(obj.phone)

    def get_age(self, obj: Customer) -> int | None:
        return age_on(obj.birthday)

    @extend_schema_field(NamedRefSerializer(allow_null=True))
    def get_source(self, obj: Customer) -> dict | None:
        return _ref(obj.source)

    @extend_schema_field(StaffRefSerializer(allow_null=True))
    def get_consultant(self, obj: Customer) -> dict | None:
        return _ref(obj.consultant)

    @extend_schema_field(StaffRefSerializer(allow_null=True))
    def get_online_consultant(self, obj: Customer) -> dict | None:
        return _ref(obj.online_consultant)

    @extend_schema_field(NamedRefSerializer(allow_null=True))
    def get_tier(self, obj: Customer) -> dict | None:
        return _ref(obj.tier)

    @extend_schema_field(TagRefSerializer(many=True))
    def get_tags(self, obj: Customer) -> list[dict]:
        return [{"id": ct.tag.pk, "name": ct.tag.name, "color": ct.tag.color, "category": ct.tag.category_id}
                for ct in obj.customer_tags.all()]


class CustomerDetailSerializer(CustomerListSerializer):
    id_number = serializers.SerializerMethodField(label="身份证号（已脱敏）")
    referrer_customer = serializers.SerializerMethodField()
    referrer_staff = serializers.SerializerMethodField()
    created_by = serializers.SerializerMethodField()
    org_unit = serializers.SerializerMethodField()
    wechat_bound = serializers.SerializerMethodField(label="已绑定微信")

    class Meta(CustomerListSerializer.Meta):
        fields = [*CustomerListSerializer.Meta.fields, "birthday", "lunar_birth_month", "lunar_birth_day",
                  "lunar_birth_leap", "id_number", "wechat_bound", "wechat_bound_at", "referrer_customer",
                  "referrer_staff", "allergies", "contraindications", "notes", "marketing_consent_at",
                  "photo_consent_at", "legacy_id", "cumulative_spend_amount", "points", "created_by", "org_unit",
                  "merged_into", "is_active", "updated_at"]
        read_only_fields = fields

    def get_id_number(self, obj: Customer) -> str:
        return mask_id_number(obj.id_number)

    def get_wechat_bound(self, obj: Customer) -> bool:
        return bool(obj.wechat_openid or obj.wechat_unionid)

    @extend_schema_field(NamedRefSerializer(allow_null=True))
    def get_referrer_customer(self, obj: Customer) -> dict | None:
        return _ref(obj.referrer_customer)

    @extend_schema_field(StaffRefSerializer(allow_null=True))
    def get_referrer_staff(self, obj: Customer) -> dict | None:
        return _ref(obj.referrer_staff)

    @extend_schema_field(StaffRefSerializer(allow_null=True))
    def get_created_by(self, obj: Customer) -> dict | None:
        return _ref(obj.created_by)

    @extend_schema_field(NamedRefSerializer(allow_null=True))
    def get_org_unit(self, obj: Customer) -> dict | None:
        return _ref(obj.org_unit)


_active_staff = User.objects.filter(is_active=True)


class CustomerWriteSerializer(serializers.Serializer):
    """What a receptionist fills in. Phone/ID rules and duplicates are checked by the service."""

    name = serializers.CharField(max_length=32, label="姓名",
                                 error_messages={"blank": "请填写姓名。", "required": "请填写姓名。"})
    phone = serializers.CharField(max_length=20, label="手机号",
                                  error_messages={"blank": "请填写手机号。", "required": "请填写手机号。"})
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.UNKNOWN, label="性别")
    birthday = serializers.DateField(required=False, allow_null=True, label="生日（公历）")
    lunar_birth_month = serializers.IntegerField(min_value=1, max_value=12, required=False, allow_null=True)
    lunar_birth_day = serializers.IntegerField(min_value=1, max_value=30, required=False, allow_null=True)
    lunar_birth_leap = serializers.BooleanField(required=False, default=False)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="", label="身份证号")
    source = serializers.PrimaryKeyRelatedField(queryset=SourceChannel.objects.filter(is_active=True),
                                                required=False, allow_null=True, label="来源渠道")
    referrer_customer = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.filter(merged_into__isnull=True), required=False, allow_null=True,
        label="推荐客户")
    referrer_staff = serializers.PrimaryKeyRelatedField(queryset=_active_staff, required=False, allow_null=True,
                                                        label="推荐员工")
    consultant = serializers.PrimaryKeyRelatedField(queryset=_active_staff, required=False, allow_null=True,
                                                    label="现场咨询")
    online_consultant = serializers.PrimaryKeyRelatedField(queryset=_active_staff, required=False,
                                                           allow_null=True, label="网电咨询")
    tags = serializers.PrimaryKeyRelatedField(queryset=Tag.objects.all(), many=True, required=False,
                                              label="标签")
    allergies = serializers.CharField(required=False, allow_blank=True, max_length=500, label="过敏史")
    contraindications = serializers.CharField(required=False, allow_blank=True, max_length=500, label="禁忌症")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, label="备注")
    marketing_consent = serializers.BooleanField(required=False, label="同意接收营销信息")
    photo_consent = serializers.BooleanField(required=False, label="同意照片用于案例")
    consent_source = serializers.ChoiceField(choices=ConsentSource.choices, required=False,
                                             default=ConsentSource.COUNTER, label="同意来源")
    card_number = serializers.RegexField(r"^[A-Za-z0-9-]*$", max_length=32, required=False, allow_blank=True,
                                         label="会员卡号",
                                         error_messages={"invalid": "会员卡号只能包含字母、数字和短横线。"})
    legacy_id = serializers.CharField(max_length=64, required=False, allow_blank=True, label="原系统编号")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("lunar_birth_month") is None) != (attrs.get("lunar_birth_day") is None) and \
                not self.partial:
            raise serializers.ValidationError({"lunar_birth_day": ["农历生日须同时填写月和日。"]})
        birthday = attrs.get("birthday")
        if birthday and birthday > timezone.localdate():
            raise serializers.ValidationError({"birthday": ["生日不能晚于今天。"]})
        return attrs


class StaffOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    staff_number = serializers.CharField()
    org_unit_name = serializers.CharField(source="org_unit.name")
    positions = serializers.SerializerMethodField()

    def get_positions(self, obj: User) -> list[str]:
        return [p.code for p in obj.positions.all()]


class UnmaskedSerializer(serializers.Serializer):
    phone = serializers.CharField()
    id_number = serializers.CharField()


class ConsentSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ConsentKind.choices, label="同意事项")
    source = serializers.ChoiceField(choices=ConsentSource.choices, label="来源")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = CustomerConsent
        fields = ["id", "kind", "kind_display", "granted", "source", "source_display", "note", "recorded_at",
                  "recorded_by"]
        read_only_fields = ["id", "recorded_at", "recorded_by"]

    @extend_schema_field(StaffRefSerializer(allow_null=True))
    def get_recorded_by(self, obj: CustomerConsent) -> dict | None:
        return _ref(obj.recorded_by)


class EventSerializer(serializers.ModelSerializer):
    type_display = serializers.SerializerMethodField()
    type_display_en = serializers.SerializerMethodField()

    class Meta:
        model = CustomerEvent
        fields = ["id", "type", "type_display", "type_display_en", "occurred_at", "actor_name", "source_type",
                  "source_id", "summary"]
        read_only_fields = fields

    def get_type_display(self, obj: CustomerEvent) -> str:
        t = event_type(obj.type)
        return t.name if t else obj.type

    def get_type_display_en(self, obj: CustomerEvent) -> str:
        t = event_type(obj.type)
        return t.name_en if t else obj.type


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    kind = serializers.ChoiceField(choices=["number", "amount", "date"])
    value = serializers.CharField(allow_null=True)


class TabSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    count = serializers.IntegerField(allow_null=True)


class OverviewSerializer(serializers.Serializer):
    customer = CustomerDetailSerializer()
    figures = FigureSerializer(many=True)
    tabs = TabSerializer(many=True)
    recent_events = EventSerializer(many=True)


class IdsSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=2000,
                                label="客户编号", error_messages={"min_length": "请至少选择一位客户。",
                                                              "max_length": "一次最多处理 2000 位客户。"})


class BulkTagSerializer(IdsSerializer):
    add = serializers.PrimaryKeyRelatedField(queryset=Tag.objects.all(), many=True, required=False, label="添加标签")
    remove = serializers.PrimaryKeyRelatedField(queryset=Tag.objects.all(), many=True, required=False,
                                                label="移除标签")


class ReassignSerializer(IdsSerializer):
    consultant = serializers.PrimaryKeyRelatedField(queryset=_active_staff, required=False, allow_null=True,
                                                    label="现场咨询")
    online_consultant = serializers.PrimaryKeyRelatedField(queryset=_active_staff, required=False,
                                                           allow_null=True, label="网电咨询")


class MergeSerializer(serializers.Serializer):
    source = serializers.IntegerField(min_value=1, label="被合并的档案号")


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


# --- settings --------------------------------------------------------------------------------------


class SourceChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourceChannel
        fields = ["id", "name", "sort", "is_active"]
        extra_kwargs = {"name": {"validators": []}}


class TagCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = TagCategory
        fields = ["id", "name", "sort"]
        extra_kwargs = {"name": {"validators": []}}


class TagSerializer(serializers.ModelSerializer):
    category = serializers.PrimaryKeyRelatedField(queryset=TagCategory.objects.all(), label="分类")
    category_name = serializers.CharField(source="category.name", read_only=True)
    color = serializers.RegexField(r"^(#[0-9a-fA-F]{6}|[a-z]{0,16})$", required=False, allow_blank=True,
                                   error_messages={"invalid": "颜色须为 #RRGGBB 或颜色名称。"})

    class Meta:
        model = Tag
        fields = ["id", "category", "category_name", "name", "color", "sort", "is_active"]
        validators: list[Any] = []


class MembershipTierSerializer(serializers.ModelSerializer):
    basis = serializers.ChoiceField(choices=TierBasis.choices, label="依据")
    basis_display = serializers.CharField(source="get_basis_display", read_only=True)
    threshold_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    discount_rate = serializers.DecimalField(max_digits=4, decimal_places=3, required=False,
                                             error_messages={"invalid": "折扣率须为 0–1 之间的小数。"})

    class Meta:
        model = MembershipTier
        fields = ["id", "name", "basis", "basis_display", "threshold_amount", "threshold_points", "discount_rate",
                  "benefits", "sort", "is_active"]
        extra_kwargs = {"name": {"validators": []}}

    def validate_discount_rate(self, value):
        if value <= 0 or value > 1:
            raise serializers.ValidationError("折扣率须大于 0 且不超过 1（0.95 表示 95 折）。")
        return value
