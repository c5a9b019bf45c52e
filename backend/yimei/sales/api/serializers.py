"""Serializers of the sales API. Amounts are strings in yuan with two decimals ("1280.00"), never floats; input
amounts are strings too and are checked by the services (``core.money.clean_amount``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from yimei.accounts.models import Position, User
from yimei.core.personal import mask_phone
from yimei.sales.choices import LineKind, PaymentKind
from yimei.sales.models import (
    CustomerCard,
    Deduction,
    DeductionConsumable,
    DeductionOperator,
    DepositEntry,
    DiscountApproval,
    Entitlement,
    EntitlementEntry,
    Order,
    OrderDiscount,
    OrderLine,
    Payment,
    PaymentEntry,
    PaymentMode,
    PerformanceEntry,
    Refund,
    RefundEntry,
    RefundLine,
    RoleDiscountLimit,
    SalesSettings,
    StoredValueEntry,
)

MAX_ID = 2**63 - 1
AMOUNT_HELP = "金额（元），字符串，最多两位小数，如 \"1280.00\""


def amount_input(label: str, *, required: bool = True, help_text: str = "", **kwargs: Any) -> serializers.CharField:
    text = f"{AMOUNT_HELP}；{help_text}" if help_text else AMOUNT_HELP
    return serializers.CharField(max_length=24, required=required, label=label, help_text=text,
                                 allow_blank=not required, trim_whitespace=True, **kwargs)


def id_input(label: str, *, required: bool = True, allow_null: bool = False,
             help_text: str = "") -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, required=required, allow_null=allow_null,
                                    label=label, help_text=help_text, error_messages={
                                        "required": f"请选择{label}。", "null": f"请选择{label}。",
                                        "invalid": f"{label}须为编号。", "min_value": f"{label}编号无效。",
                                        "max_value": f"{label}编号无效。"})


def staff_input(label: str, **kwargs: Any) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), label=label, error_messages={
        "required": f"请选择{label}。", "null": f"请选择{label}。",
        "does_not_exist": f"{label}不存在（员工编号 {{pk_value}}）。", "incorrect_type": f"{label}须为员工编号。"},
        **kwargs)


def _money(value: Decimal | None) -> str | None:
    return _decimal(value, 2)


def _decimal(value: Decimal | None, places: int) -> str | None:
    """What ``serializers.DecimalField(decimal_places=places)`` writes."""
    return None if value is None else str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN))


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _datetime(value: datetime | None) -> str | None:
    """What ``serializers.DateTimeField`` writes: local time, ISO 8601."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# --- references ---------------------------------------------------------------------------------------------


class SalesRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SalesNumberRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()


class SalesCustomerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    phone = serializers.SerializerMethodField(label="手机号（已脱敏）")

    def get_phone(self, obj: Any) -> str:
        return mask_phone(obj.phone)


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


# --- settings ------------------------------------------------------------------------------------------------


class PaymentModeSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PaymentMode
        fields = ["id", "code", "name", "kind", "kind_display", "needs_reference", "is_active", "sort"]


class SalesSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = SalesSettings
        fields = ["consultant_ratio", "online_consultant_ratio", "doctor_ratio", "refund_self_approval_limit_amount",
                  "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {
            "consultant_ratio": {
                "help_text": "销售业绩分给现场咨询的比例，如 \"0.7\"；未指定的人的份额按比例分给其他人。"},
            "online_consultant_ratio": {"help_text": "分给网电咨询的比例。"},
            "doctor_ratio": {"help_text": "分给医生的比例。"},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for key in ("consultant_ratio", "online_consultant_ratio", "doctor_ratio"):
            value = attrs.get(key)
            if value is not None and not 0 <= value <= 1:
                raise serializers.ValidationError({key: "比例须在 0 到 1 之间。"})
        limit = attrs.get("refund_self_approval_limit_amount")
        if limit is not None and limit < 0:
            raise serializers.ValidationError({"refund_self_approval_limit_amount": "金额不能为负数。"})
        return attrs


class DiscountLimitSerializer(serializers.ModelSerializer):
    role_name = serializers.CharField(source="role.name", read_only=True)

    class Meta:
        model = RoleDiscountLimit
        fields = ["id", "role", "role_name", "min_rate", "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"role": {"error_messages": {"does_not_exist": "角色不存在。",
                                                    "unique": "该角色已设置折扣权限。"}}}

    def validate_min_rate(self, value: Any) -> Any:
        if not 0 < value <= 1:
            raise serializers.ValidationError("最低折扣率须大于 0 且不超过 1。")
        return value


# --- orders --------------------------------------------------------------------------------------------------


class DiscountInputSerializer(serializers.Serializer):
    rate = serializers.CharField(max_length=12, required=False, allow_blank=True, allow_null=True, label="折扣率",
                                 help_text="如 \"0.85\" 表示 85 折；与 amount 二选一")
    amount = amount_input("减免金额", required=False, allow_null=True)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", label="原因")


class OrderLineInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LineKind.choices, label="类型")
    item = id_input("项目", required=False, allow_null=True, help_text="kind=item 时必填")
    product = id_input("商品", required=False, allow_null=True, help_text="kind=product 时必填")
    card_type = id_input("卡项", required=False, allow_null=True, help_text="kind=card 时必填")
    quantity = serializers.IntegerField(min_value=1, max_value=999, label="数量",
                                        help_text="项目为次数，商品为件数，卡项为张数")
    discount = DiscountInputSerializer(required=False, allow_null=True, label="单项折扣")


class OrderQuoteSerializer(serializers.Serializer):
    customer = id_input("客户")
    lines = OrderLineInputSerializer(many=True, allow_empty=False, label="明细", max_length=100)
    order_discount = DiscountInputSerializer(required=False, allow_null=True, label="整单折扣")


class OrderCreateSerializer(OrderQuoteSerializer):
    consultant = staff_input("现场咨询", required=False, allow_null=True,
                             help_text="不传则为客户的现场咨询；传 null 表示无")
    online_consultant = staff_input("网电咨询", required=False, allow_null=True,
                                    help_text="不传则为客户的网电咨询；传 null 表示无")
    doctor = staff_input("医生", required=False, allow_null=True)
    visit = id_input("到访", required=False, allow_null=True)
    consultation = id_input("咨询", required=False, allow_null=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="", label="备注")
    approver_username = serializers.CharField(max_length=32, required=False, allow_blank=True, default="",
                                              label="授权主管账号",
                                              help_text="折扣超出本人权限时，主管现场输入账号与密码")
    approver_password = serializers.CharField(max_length=128, required=False, allow_blank=True, default="",
                                              label="授权主管密码", style={"input_type": "password"},
                                              write_only=True)
    request_approval = serializers.BooleanField(required=False, default=False, label="提交折扣审批",
                                                help_text="折扣超出本人权限且无主管在场时，提交审批；审批通过前不能收款")
    approval_reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                            label="申请说明")


class QuoteLineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    member_unit_price_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    list_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    tier_discount_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    line_discount_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    order_discount_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    total_amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class QuoteSerializer(serializers.Serializer):
    lines = QuoteLineSerializer(many=True)
    list_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    discount_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    total_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    lowest_manual_rate = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True,
                                                  help_text="各明细手工折扣后的最低折扣率（无手工折扣为 null）")
    my_limit_rate = serializers.DecimalField(max_digits=4, decimal_places=3, help_text="本人可给的最低折扣率")
    needs_approval = serializers.BooleanField(help_text="是否需要主管授权或审批")


class DiscountLimitMineSerializer(serializers.Serializer):
    min_rate = serializers.DecimalField(max_digits=4, decimal_places=3)
    can_approve = serializers.BooleanField()


class OrderLineSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = OrderLine
        fields = ["id", "kind", "kind_display", "item", "product", "card_type", "card_kind", "code", "name", "unit",
                  "quantity", "unit_price_amount", "member_unit_price_amount", "list_amount", "tier_discount_amount",
                  "line_discount_amount", "order_discount_amount", "total_amount", "refunded_quantity",
                  "refunded_amount"]
        read_only_fields = fields


class OrderDiscountSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = OrderDiscount
        fields = ["id", "line", "kind", "kind_display", "value_type", "value", "amount", "reason", "approved_by"]
        read_only_fields = fields

    @extend_schema_field(SalesRefSerializer(allow_null=True))
    def get_approved_by(self, obj: OrderDiscount) -> dict | None:
        return _ref(obj.approved_by)


class OrderListSerializer(serializers.ModelSerializer):
    customer = SalesCustomerRefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    discount_status_display = serializers.CharField(source="get_discount_status_display", read_only=True)
    outstanding_amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True,
                                                  help_text="尚待收款或记欠的金额")
    consultant = serializers.SerializerMethodField()
    online_consultant = serializers.SerializerMethodField()
    doctor = serializers.SerializerMethodField()
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ["id", "number", "customer", "status", "status_display", "list_amount", "discount_amount",
                  "total_amount", "paid_amount", "debt_amount", "refunded_amount", "outstanding_amount",
                  "discount_status", "discount_status_display", "discount_rate", "consultant", "online_consultant",
                  "doctor", "created_by", "note", "settled_at", "created_at"]
        read_only_fields = fields

    @extend_schema_field(SalesRefSerializer(allow_null=True))
    def get_consultant(self, obj: Order) -> dict | None:
        return _ref(obj.consultant)

    @extend_schema_field(SalesRefSerializer(allow_null=True))
    def get_online_consultant(self, obj: Order) -> dict | None:
        return _ref(obj.online_consultant)

    @extend_schema_field(SalesRefSerializer(allow_null=True))
    def get_doctor(self, obj: Order) -> dict | None:
        return _ref(obj.doctor)

    @extend_schema_field(SalesRefSerializer(allow_null=True))
    def get_created_by(self, obj: Order) -> dict | None:
        return _ref(obj.created_by)


class PaymentBriefSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    modes = serializers.SerializerMethodField(help_text="如 “微信支付 ¥500.00、现金 ¥80.00”")

    class Meta:
        model = Payment
        fields = ["id", "number", "kind", "kind_display", "total_amount", "change_amount", "modes", "created_at"]
        read_only_fields = fields

    def get_modes(self, obj: Payment) -> str:
        return "、".join(f"{e.mode_name} ¥{e.amount}" for e in obj.entries.all())


class DiscountApprovalBriefSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    requested_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = DiscountApproval
        fields = ["id", "method", "status", "status_display", "rate", "limit_rate", "requested_by", "reason",
                  "decided_by", "decided_at", "decision_note", "created_at"]
        read_only_fields = fields

    @extend_schema_field(SalesRefSerializer())
    def get_requested_by(self, obj: DiscountApproval) -> dict | None:
        return _ref(obj.requested_by)

    @extend_schema_field(SalesRefSerializer(allow_null=True))
    def get_decided_by(self, obj: DiscountApproval) -> dict | None:
        return _ref(obj.decided_by)


class OrderDetailSerializer(OrderListSerializer):
    lines = OrderLineSerializer(many=True, read_only=True)
    discounts = OrderDiscountSerializer(many=True, read_only=True)
    payments = PaymentBriefSerializer(many=True, read_only=True)
    approvals = DiscountApprovalBriefSerializer(many=True, read_only=True)
    voided_by = serializers.SerializerMethodField()

    class Meta(OrderListSerializer.Meta):
        fields = [*OrderListSerializer.Meta.fields, "visit", "consultation", "lines", "discounts", "payments",
                  "approvals", "voided_at", "voided_by", "void_reason", "discount_approved_at"]
        read_only_fields = fields

    @extend_schema_field(SalesRefSerializer(allow_null=True))
    def get_voided_by(self, obj: Order) -> dict | None:
        return _ref(obj.voided_by)


class DiscountApprovalSerializer(DiscountApprovalBriefSerializer):
    order = OrderListSerializer(read_only=True)

    class Meta(DiscountApprovalBriefSerializer.Meta):
        fields = [*DiscountApprovalBriefSerializer.Meta.fields, "order"]
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, label="原因", error_messages={
        "required": "请填写原因。", "blank": "请填写原因。"})


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", label="审批意见")


# --- payments ------------------------------------------------------------------------------------------------


class PaymentEntryInputSerializer(serializers.Serializer):
    mode = serializers.PrimaryKeyRelatedField(queryset=PaymentMode.objects.all(), label="收款方式", error_messages={
        "required": "请选择收款方式。", "does_not_exist": "收款方式不存在。", "incorrect_type": "收款方式须为编号。"})
    amount = amount_input("金额", help_text="现金可大于应收（差额找零）；其他方式不能超过应收")
    reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                      label="交易流水号", help_text="微信/支付宝/银行卡的交易单号（仅记录）")
    card = id_input("储值卡", required=False, allow_null=True, help_text="储值卡付款时选择客户的卡")


class PaymentCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k, v) for k, v in PaymentKind.choices if k != PaymentKind.REFUND],
                                   label="类型", help_text="sale 订单收款；repayment 还欠款；deposit 收定金")
    order = id_input("订单", required=False, allow_null=True, help_text="sale、repayment 必填")
    customer = id_input("客户", required=False, allow_null=True, help_text="deposit 必填")
    entries = PaymentEntryInputSerializer(many=True, allow_empty=False, label="收款方式", max_length=10)
    consultant = staff_input("现场咨询", required=False, allow_null=True,
                             help_text="定金的业绩归属；不传为客户的现场咨询")
    online_consultant = staff_input("网电咨询", required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", label="备注")


class PaymentEntrySerializer(serializers.ModelSerializer):
    card = serializers.SerializerMethodField()

    class Meta:
        model = PaymentEntry
        fields = ["id", "mode", "mode_kind", "mode_name", "amount", "tendered_amount", "reference", "card",
                  "principal_amount", "bonus_amount"]
        read_only_fields = fields

    @extend_schema_field(SalesRefSerializer(allow_null=True))
    def get_card(self, obj: PaymentEntry) -> dict | None:
        return _ref(obj.card)


class PaymentSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    customer = SalesCustomerRefSerializer(read_only=True)
    order = serializers.SerializerMethodField()
    cashier = serializers.SerializerMethodField()
    entries = PaymentEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Payment
        fields = ["id", "number", "kind", "kind_display", "order", "customer", "refund", "total_amount",
                  "change_amount", "cashier", "note", "entries", "created_at"]
        read_only_fields = fields

    @extend_schema_field(SalesNumberRefSerializer(allow_null=True))
    def get_order(self, obj: Payment) -> dict | None:
        return {"id": obj.order_id, "number": obj.order.number} if obj.order_id else None

    @extend_schema_field(SalesRefSerializer())
    def get_cashier(self, obj: Payment) -> dict | None:
        return _ref(obj.cashier)


class ReceiptLineSerializer(serializers.Serializer):
    name = serializers.CharField()
    quantity = serializers.IntegerField()
    unit = serializers.CharField()
    unit_price_amount = serializers.CharField()
    total_amount = serializers.CharField()


class ReceiptEntrySerializer(serializers.Serializer):
    mode = serializers.CharField()
    amount = serializers.CharField()
    tendered_amount = serializers.CharField(allow_null=True)
    reference = serializers.CharField()


class ReceiptSerializer(serializers.Serializer):
    hospital = serializers.CharField()
    title = serializers.CharField()
    number = serializers.CharField()
    kind = serializers.CharField()
    order_number = serializers.CharField(allow_null=True)
    customer_name = serializers.CharField()
    customer_phone = serializers.CharField(help_text="已脱敏")
    lines = ReceiptLineSerializer(many=True)
    order_total_amount = serializers.CharField(allow_null=True)
    total_amount = serializers.CharField()
    change_amount = serializers.CharField()
    debt_amount = serializers.CharField(allow_null=True, help_text="订单尚欠金额")
    entries = ReceiptEntrySerializer(many=True)
    cashier = serializers.CharField()
    printed_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField()


# --- refunds ---------------------------------------------------------------------------------------------------


class RefundLineInputSerializer(serializers.Serializer):
    line = id_input("订单明细")
    quantity = serializers.IntegerField(min_value=1, max_value=999, label="数量", help_text="卡按张退，每项 1")
    amount = amount_input("退款金额", required=False, allow_null=True, help_text="不填则为可退金额")
    card = id_input("卡", required=False, allow_null=True, help_text="退卡时选择要退的那张卡")


class RefundEntryInputSerializer(serializers.Serializer):
    mode = serializers.PrimaryKeyRelatedField(queryset=PaymentMode.objects.all(), label="退款方式", error_messages={
        "required": "请选择退款方式。", "does_not_exist": "退款方式不存在。", "incorrect_type": "退款方式须为编号。"})
    amount = amount_input("金额")
    card = id_input("储值卡", required=False, allow_null=True, help_text="退回储值卡时选择原付款的卡")
    reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                      label="交易流水号")


class RefundCreateSerializer(serializers.Serializer):
    order = id_input("订单")
    lines = RefundLineInputSerializer(many=True, allow_empty=False, label="退的明细", max_length=100)
    entries = RefundEntryInputSerializer(many=True, allow_empty=False, label="退款方式", max_length=10)
    reason = serializers.CharField(max_length=200, label="退款原因",
                                   error_messages={"required": "请填写退款原因。", "blank": "请填写退款原因。"})


class RefundLineSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="line.name", read_only=True)

    class Meta:
        model = RefundLine
        fields = ["id", "line", "name", "card", "quantity", "amount"]
        read_only_fields = fields


class RefundEntrySerializer(serializers.ModelSerializer):
    mode_name = serializers.CharField(source="mode.name", read_only=True)

    class Meta:
        model = RefundEntry
        fields = ["id", "mode", "mode_name", "amount", "card", "reference"]
        read_only_fields = fields


class RefundSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    customer = SalesCustomerRefSerializer(read_only=True)
    order = serializers.SerializerMethodField()
    requested_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()
    lines = RefundLineSerializer(many=True, read_only=True)
    entries = RefundEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Refund
        fields = ["id", "number", "order", "customer", "status", "status_display", "amount", "reason",
                  "requested_by", "decided_by", "decided_at", "decision_note", "lines", "entries", "created_at"]
        read_only_fields = fields

    @extend_schema_field(SalesNumberRefSerializer())
    def get_order(self, obj: Refund) -> dict:
        return {"id": obj.order_id, "number": obj.order.number}

    @extend_schema_field(SalesRefSerializer())
    def get_requested_by(self, obj: Refund) -> dict | None:
        return _ref(obj.requested_by)

    @extend_schema_field(SalesRefSerializer(allow_null=True))
    def get_decided_by(self, obj: Refund) -> dict | None:
        return _ref(obj.decided_by)


class RefundableCardSerializer(serializers.Serializer):
    card = serializers.IntegerField()
    name = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class RefundableLineSerializer(serializers.Serializer):
    line = OrderLineSerializer()
    quantity = serializers.IntegerField(help_text="还能退的数量")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="还能退的金额")
    cards = RefundableCardSerializer(many=True, help_text="卡项明细：可退的卡")


class RefundableModeSerializer(serializers.Serializer):
    mode = serializers.IntegerField()
    card = serializers.IntegerField(allow_null=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="该方式最多可退")


class RefundableSerializer(serializers.Serializer):
    lines = RefundableLineSerializer(many=True)
    modes = RefundableModeSerializer(many=True)
    paid_amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="订单已收减已退")


# --- assets ---------------------------------------------------------------------------------------------------


class CustomerCardSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    balance_amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    is_expired = serializers.SerializerMethodField()
    order_line = serializers.IntegerField(source="order_line_id", read_only=True)

    class Meta:
        model = CustomerCard
        fields = ["id", "customer", "card_type", "order_line", "kind", "code", "name", "status", "status_display",
                  "expires_on", "is_expired", "refund_rule", "price_amount", "principal_balance_amount",
                  "bonus_balance_amount", "balance_amount", "principal_share", "choose_count", "allow_repeat",
                  "choice_items", "created_at"]
        read_only_fields = fields

    def get_is_expired(self, obj: CustomerCard) -> bool:
        return obj.is_expired(self.context.get("today"))

    def to_representation(self, instance: CustomerCard) -> dict[str, Any]:
        """The fields above written out: a customer's summary lists a hundred cards at every payment, and
        DRF's per-field lookup costs more than the query. ``test_assets`` checks it equals DRF's own output."""
        c = instance
        return {"id": c.pk, "customer": c.customer_id, "card_type": c.card_type_id, "order_line": c.order_line_id,
                "kind": c.kind, "code": c.code, "name": c.name, "status": c.status,
                "status_display": c.get_status_display(), "expires_on": _date(c.expires_on),
                "is_expired": c.is_expired(self.context.get("today")), "refund_rule": c.refund_rule,
                "price_amount": _money(c.price_amount), "principal_balance_amount": _money(c.principal_balance_amount),
                "bonus_balance_amount": _money(c.bonus_balance_amount), "balance_amount": _money(c.balance_amount),
                "principal_share": _decimal(c.principal_share, 6), "choose_count": c.choose_count,
                "allow_repeat": c.allow_repeat, "choice_items": c.choice_items, "created_at": _datetime(c.created_at)}


class EntitlementSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    card_name = serializers.CharField(source="card.name", read_only=True, allow_null=True, default=None)
    is_choice = serializers.BooleanField(read_only=True, help_text="N选M卡：划扣时选择项目")
    choice_items = serializers.SerializerMethodField(help_text="N选M卡的可选项目与上限")
    is_expired = serializers.SerializerMethodField()

    class Meta:
        model = Entitlement
        fields = ["id", "customer", "item", "item_code", "item_name", "unit", "card", "card_name", "status",
                  "status_display", "sessions_total", "sessions_remaining", "value_remaining_amount", "expires_on",
                  "is_expired", "is_choice", "choice_items", "source_line", "created_at"]
        read_only_fields = fields

    def get_choice_items(self, obj: Entitlement) -> list[dict[str, Any]]:
        return obj.card.choice_items if obj.is_choice and obj.card is not None else []

    def get_is_expired(self, obj: Entitlement) -> bool:
        today = self.context.get("today") or timezone.localdate()
        return obj.expires_on is not None and obj.expires_on < today

    def to_representation(self, instance: Entitlement) -> dict[str, Any]:
        """Written out like ``CustomerCardSerializer.to_representation``, for the same reason."""
        e = instance
        return {"id": e.pk, "customer": e.customer_id, "item": e.item_id, "item_code": e.item_code,
                "item_name": e.item_name, "unit": e.unit, "card": e.card_id,
                "card_name": e.card.name if e.card_id is not None else None, "status": e.status,
                "status_display": e.get_status_display(), "sessions_total": e.sessions_total,
                "sessions_remaining": e.sessions_remaining, "value_remaining_amount": _money(e.value_remaining_amount),
                "expires_on": _date(e.expires_on), "is_expired": self.get_is_expired(e), "is_choice": e.is_choice,
                "choice_items": self.get_choice_items(e), "source_line": e.source_line_id,
                "created_at": _datetime(e.created_at)}


class DebtSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    debt_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    total_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    created_at = serializers.DateTimeField()


class AssetsSerializer(serializers.Serializer):
    customer = SalesCustomerRefSerializer()
    cards = CustomerCardSerializer(many=True, help_text="在用的卡（已用完、已退、已过期的见 customer-cards/）")
    closed_cards_count = serializers.IntegerField(help_text="已用完、已退或已过期的卡的数量")
    entitlements = EntitlementSerializer(many=True, help_text="可用的剩余次数（未用完、未退）")
    stored_value_amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="可用储值（本金+赠送）")
    principal_balance_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    bonus_balance_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    remaining_sessions = serializers.IntegerField(help_text="未过期的剩余次数合计")
    deposit_amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="定金余额")
    debt_amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="欠款合计")
    debts = DebtSerializer(many=True)


class StoredValueEntrySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = StoredValueEntry
        fields = ["id", "card", "kind", "kind_display", "principal_delta_amount", "bonus_delta_amount",
                  "principal_after_amount", "bonus_after_amount", "payment", "refund", "created_at"]
        read_only_fields = fields


class EntitlementEntrySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = EntitlementEntry
        fields = ["id", "entitlement", "kind", "kind_display", "sessions_delta", "value_delta_amount",
                  "sessions_after", "value_after_amount", "deduction", "refund", "created_at"]
        read_only_fields = fields


class DepositEntrySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = DepositEntry
        fields = ["id", "kind", "kind_display", "delta_amount", "balance_after_amount", "payment", "refund",
                  "created_at"]
        read_only_fields = fields


# --- deductions ----------------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class SignatureField(serializers.Field):
    """A PNG signature: a data URL string in JSON (``data:image/png;base64,…``) or a file in multipart."""

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "read") or isinstance(data, str):
            return data
        raise serializers.ValidationError("签名须为 PNG 图片的 data URL 或文件。")

    def to_representation(self, value: Any) -> Any:
        return None


class DeductionOperatorInputSerializer(serializers.Serializer):
    staff = staff_input("操作人")
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all(), required=False, allow_null=True,
                                                  label="岗位", help_text="决定操作费单价（如医生、护士）",
                                                  error_messages={"does_not_exist": "岗位不存在。",
                                                                  "incorrect_type": "岗位须为编号。"})
    share = serializers.DecimalField(max_digits=5, decimal_places=4, required=False, allow_null=True,
                                     min_value=0, max_value=1, label="业绩占比",
                                     help_text="划扣业绩的占比；都不填则平均分配，填则合计须为 1")


class PositionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class OperatorOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    staff_number = serializers.CharField()
    positions = PositionRefSerializer(many=True, source="positions.all")


class DeductionCreateSerializer(serializers.Serializer):
    customer = id_input("客户")
    entitlement = id_input("剩余次数", help_text="客户资产中的一条剩余次数")
    item = id_input("项目", required=False, allow_null=True, help_text="N选M卡必填：本次做的项目")
    quantity = serializers.IntegerField(min_value=1, max_value=999, label="次数", default=1)
    operators = DeductionOperatorInputSerializer(many=True, allow_empty=False, label="操作人", max_length=6)
    signature = SignatureField(label="客户签名", help_text="PNG：data:image/png;base64,… 或 multipart 文件，≤512 KB")
    visit = id_input("到访", required=False, allow_null=True)
    performed_at = serializers.DateTimeField(required=False, allow_null=True, label="治疗时间", help_text="默认现在")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", label="备注")


class DeductionOperatorSerializer(serializers.ModelSerializer):
    staff = serializers.SerializerMethodField()

    class Meta:
        model = DeductionOperator
        fields = ["id", "staff", "position", "position_name", "share", "performance_amount", "fee_amount"]
        read_only_fields = fields

    @extend_schema_field(SalesRefSerializer())
    def get_staff(self, obj: DeductionOperator) -> dict | None:
        return _ref(obj.staff)


class DeductionConsumableSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeductionConsumable
        fields = ["id", "product", "product_code", "product_name", "unit", "quantity", "posted_at", "cancelled_at"]
        read_only_fields = fields


class DeductionSerializer(serializers.ModelSerializer):
    customer = SalesCustomerRefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    created_by = serializers.SerializerMethodField()
    reversed_by = serializers.SerializerMethodField()
    operators = DeductionOperatorSerializer(many=True, read_only=True)
    consumables = DeductionConsumableSerializer(many=True, read_only=True)
    signature_url = serializers.SerializerMethodField(help_text="签名图片（须登录且有划扣查看权限）")
    card_name = serializers.CharField(source="card.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Deduction
        fields = ["id", "number", "customer", "entitlement", "card", "card_name", "item", "item_code", "item_name",
                  "quantity", "value_amount", "performed_at", "visit", "status", "status_display", "operators",
                  "consumables", "signature_url", "reversal_reason", "reversed_by", "reversed_at", "note",
                  "created_by", "created_at"]
        read_only_fields = fields

    def get_signature_url(self, obj: Deduction) -> str:
        return f"/api/v1/deductions/{obj.pk}/signature/"

    @extend_schema_field(SalesRefSerializer())
    def get_created_by(self, obj: Deduction) -> dict | None:
        return _ref(obj.created_by)

    @extend_schema_field(SalesRefSerializer(allow_null=True))
    def get_reversed_by(self, obj: Deduction) -> dict | None:
        return _ref(obj.reversed_by)


# --- performance and day end ------------------------------------------------------------------------------------


class SalesStaffRefSerializer(SalesRefSerializer):
    staff_number = serializers.CharField()


class StatementRowSerializer(serializers.Serializer):
    staff = SalesStaffRefSerializer()
    sales_amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="销售业绩（实收，退款为负）")
    consumption_amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="划扣业绩")
    operation_fee_amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="操作费")
    entries = serializers.IntegerField(help_text="明细条数")


class StatementSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    rows = StatementRowSerializer(many=True)


class PerformanceEntrySerializer(serializers.ModelSerializer):
    staff = serializers.SerializerMethodField()
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = PerformanceEntry
        fields = ["id", "staff", "kind", "kind_display", "role", "role_display", "position_name", "ratio", "amount",
                  "occurred_at", "customer", "order", "payment", "deduction", "refund", "summary"]
        read_only_fields = fields

    @extend_schema_field(SalesRefSerializer())
    def get_staff(self, obj: PerformanceEntry) -> dict | None:
        return _ref(obj.staff)


class DayEndModeSerializer(serializers.Serializer):
    mode_id = serializers.IntegerField()
    mode_name = serializers.CharField()
    mode_kind = serializers.CharField()
    received_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    refunded_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    net_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    received_count = serializers.IntegerField()
    refunded_count = serializers.IntegerField()


class DayEndSerializer(serializers.Serializer):
    date = serializers.DateField()
    cashier = serializers.IntegerField(allow_null=True)
    modes = DayEndModeSerializer(many=True, help_text="各收款方式（含储值、定金抵扣与欠款，仅供核对）")
    received_amount = serializers.DecimalField(max_digits=14, decimal_places=2,
                                               help_text="实收（不含储值、定金抵扣、欠款）")
    refunded_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    net_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    cash_expected_amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="钱箱应有现金")
    change_amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="当日找零合计")
    payment_count = serializers.IntegerField()
    refund_count = serializers.IntegerField()
