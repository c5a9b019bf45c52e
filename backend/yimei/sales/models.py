"""Sales (销售与收银): orders with their lines and applied discounts, payments by mode, the customer's prepaid
assets (cards, stored value, sessions, deposits) as ledgers, deductions with signatures, refunds and staff
performance.

Balances (a card's principal and bonus, an entitlement's sessions and value, a deposit account) change only
through the services, which lock the balance row and append an entry row in the same transaction
(DESIGN rule 4); a database CHECK keeps every balance at or above zero. Names, codes and prices of the
catalogue are copied at sale time; links to the catalogue are ``SET_NULL`` so history survives it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from yimei.core.models import ChangeLoggedModel, RestrictedManager, TimeStampedModel
from yimei.core.money import MoneyField
from yimei.sales.choices import (
    ApprovalMethod,
    ApprovalStatus,
    CardStatus,
    DeductionStatus,
    DiscountKind,
    DiscountStatus,
    DiscountValueType,
    EntitlementStatus,
    LedgerKind,
    LineKind,
    OrderStatus,
    PaymentKind,
    PaymentModeKind,
    PerformanceKind,
    PerformanceRole,
    RefundStatus,
)

STAFF = settings.AUTH_USER_MODEL
ZERO = Decimal("0.00")
CUSTOMER_SCOPE = ("customer__consultant_id", "customer__online_consultant_id")


def _not_negative(*fields: str, name: str, message: str = "余额不能为负数。") -> models.CheckConstraint:
    condition = Q()
    for field in fields:
        condition &= Q(**{f"{field}__gte": 0})
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


# --- configuration ---------------------------------------------------------------------------------


class PaymentMode(ChangeLoggedModel, TimeStampedModel):
    """收款方式: a configurable list (现金, 微信, 支付宝, 银行卡, 储值卡, 定金, 欠款 …); ``kind`` decides how it
    behaves."""

    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=32, unique=True)
    kind = models.CharField("类型", max_length=16, choices=PaymentModeKind.choices)
    needs_reference = models.BooleanField("须填交易流水号", default=False)
    is_active = models.BooleanField("启用", default=True)
    sort = models.PositiveIntegerField("排序", default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = "收款方式"
        verbose_name_plural = verbose_name
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class SalesSettings(ChangeLoggedModel, TimeStampedModel):
    """The department's sales settings (one row): how sales performance is split among the attributed staff
    and up to which amount a refund's requester may approve it themselves."""

    consultant_ratio = models.DecimalField("现场咨询业绩比例", max_digits=5, decimal_places=4, default=Decimal("0.7"))
    online_consultant_ratio = models.DecimalField("网电咨询业绩比例", max_digits=5, decimal_places=4,
                                                  default=Decimal("0.2"))
    doctor_ratio = models.DecimalField("医生业绩比例", max_digits=5, decimal_places=4, default=Decimal("0.1"))
    refund_self_approval_limit_amount = MoneyField(
        "申请人可自批的退款上限（元）", default=ZERO,
        help_text="持有退款审批权限的申请人，退款金额不超过此数时可审批自己的申请；0 表示须由他人审批。")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "销售设置"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=Q(consultant_ratio__gte=0) & Q(online_consultant_ratio__gte=0) & Q(doctor_ratio__gte=0),
                name="sales_settings_ratios_not_negative", violation_error_message="业绩比例不能为负数。"),
            _not_negative("refund_self_approval_limit_amount", name="sales_settings_refund_limit_not_negative",
                          message="金额不能为负数。"),
        ]

    @classmethod
    def current(cls) -> SalesSettings:
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1)


class RoleDiscountLimit(ChangeLoggedModel, TimeStampedModel):
    """The lowest manual discount rate a role may give without a supervisor (0.850 = 85 折). A user with
    several roles has the lowest of their roles' limits; a user with none may not discount by hand."""

    role = models.OneToOneField("accounts.Role", models.CASCADE, related_name="discount_limit", verbose_name="角色")
    min_rate = models.DecimalField("最低折扣率", max_digits=4, decimal_places=3,
                                   help_text="0.850 表示最低可打 85 折；1.000 表示不能手工打折。")

    objects = RestrictedManager()

    class Meta:
        verbose_name = "角色折扣权限"
        verbose_name_plural = verbose_name
        ordering = ["role_id"]
        constraints = [
            models.CheckConstraint(condition=Q(min_rate__gt=0) & Q(min_rate__lte=1), name="discount_limit_range",
                                   violation_error_message="最低折扣率须大于 0 且不超过 1。"),
        ]


class NumberSequence(models.Model):
    """Per-day counters for human numbers (XS20261126-0001): the row is locked while a number is taken."""

    prefix = models.CharField(max_length=8)
    day = models.DateField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "day"], name="number_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}{self.day:%Y%m%d}:{self.value}"


class IdempotencyRecord(models.Model):
    """A write request identified by its ``Idempotency-Key`` header and the answer it got: a replay of the
    key returns that answer and writes nothing. Claimed (inserted) before the work, in the same transaction,
    so a concurrent replay waits on the unique key and then reads the first answer."""

    key = models.CharField("幂等键", max_length=64, unique=True)
    user = models.ForeignKey(STAFF, models.CASCADE, related_name="+")
    endpoint = models.CharField("接口", max_length=100)
    request_hash = models.CharField("请求摘要", max_length=64)
    status_code = models.PositiveSmallIntegerField("状态码", null=True)
    response_body = models.JSONField("应答", null=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "幂等请求"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.key


# --- orders ----------------------------------------------------------------------------------------


# Amounts have two places, so on PostgreSQL "within half a cent" is exact equality; SQLite evaluates CHECKs in
# floating point (298.00 − 5.96 − 43.81 ≠ 248.23 there), and the half cent absorbs that.
HALF_CENT = Decimal("0.005")
_LINE_NET = F("list_amount") - F("tier_discount_amount") - F("line_discount_amount") - F("order_discount_amount")


class Order(ChangeLoggedModel, TimeStampedModel):
    """开单: what the customer buys, priced and attributed; paid by one or more payments."""

    number = models.CharField("单号", max_length=24, unique=True)
    customer = models.ForeignKey("customers.Customer", models.PROTECT, related_name="orders", verbose_name="客户")
    visit = models.ForeignKey("customers.Visit", models.SET_NULL, null=True, blank=True, related_name="orders",
                              verbose_name="到访")
    consultation = models.ForeignKey("customers.Consultation", models.SET_NULL, null=True, blank=True,
                                     related_name="orders", verbose_name="咨询")
    status = models.CharField("状态", max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    list_amount = MoneyField("原价合计（元）", default=ZERO)
    discount_amount = MoneyField("优惠合计（元）", default=ZERO)
    total_amount = MoneyField("应收（元）", default=ZERO)
    paid_amount = MoneyField("已收（元）", default=ZERO, help_text="收到的款项，含储值与定金抵扣，不含欠款。")
    debt_amount = MoneyField("欠款（元）", default=ZERO)
    refunded_amount = MoneyField("已退（元）", default=ZERO)
    consultant = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="现场咨询")
    online_consultant = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                          verbose_name="网电咨询")
    doctor = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="医生")
    org_unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="归属单元")
    created_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="开单人")
    note = models.CharField("备注", max_length=500, blank=True, default="")
    idempotency_key = models.CharField("幂等键", max_length=64, null=True, blank=True, unique=True)
    discount_status = models.CharField("折扣审批", max_length=16, choices=DiscountStatus.choices,
                                       default=DiscountStatus.NONE)
    discount_rate = models.DecimalField("最低手工折扣率", max_digits=7, decimal_places=4, null=True, blank=True)
    discount_approved_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                             verbose_name="折扣批准人")
    discount_approved_at = models.DateTimeField("折扣批准时间", null=True, blank=True)
    settled_at = models.DateTimeField("结清时间", null=True, blank=True,
                                      help_text="已收加欠款达到应收、资产已发放的时间。")
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="作废人")
    void_reason = models.CharField("作废原因", max_length=200, blank=True, default="")

    objects = RestrictedManager()
    scope_owner_field = ("consultant_id", "online_consultant_id", "created_by_id")
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "订单"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-created_at"], name="order_by_customer"),
            models.Index(fields=["status", "-created_at"], name="order_by_status"),
            models.Index(fields=["-created_at", "-id"], name="order_by_time"),
            models.Index(fields=["customer"], name="order_debts", condition=Q(debt_amount__gt=0)),
            # Orders still to collect, the oldest first (the cashier's workbench).
            models.Index(fields=["created_at", "id"], name="order_to_collect",
                         condition=Q(status__in=(OrderStatus.PENDING, OrderStatus.PARTIALLY_PAID),
                                     settled_at__isnull=True)),
            # The cashier's counts and sums of the orders still open, read from the index alone (PostgreSQL).
            models.Index(fields=["status"], name="order_open_totals",
                         include=["id", "org_unit", "settled_at", "total_amount", "paid_amount", "debt_amount"],
                         condition=Q(status__in=(OrderStatus.PENDING, OrderStatus.PARTIALLY_PAID))),
            # 成交 of a consultant (workbench, performance): settled orders by on-site or online consultant.
            models.Index(fields=["consultant", "settled_at"], name="order_by_consultant",
                         condition=Q(settled_at__isnull=False)),
            models.Index(fields=["online_consultant", "settled_at"], name="order_by_online_consultant",
                         condition=Q(settled_at__isnull=False)),
        ]
        constraints = [
            _not_negative("list_amount", "discount_amount", "total_amount", "paid_amount", "debt_amount",
                          "refunded_amount", name="order_amounts_not_negative", message="金额不能为负数。"),
            models.CheckConstraint(condition=Q(paid_amount__lte=F("total_amount") - F("debt_amount") + HALF_CENT),
                                   name="order_not_overpaid", violation_error_message="收款不能超过应收。"),
            models.CheckConstraint(condition=Q(refunded_amount__lte=F("paid_amount")),
                                   name="order_refund_within_paid", violation_error_message="退款不能超过已收。"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def outstanding_amount(self) -> Decimal:
        """What is still to be paid or recorded as debt."""
        return self.total_amount - self.paid_amount - self.debt_amount


class OrderLine(models.Model):
    """A line of an order: an item (sessions), a product (pieces) or a card. Copies the catalogue at sale time;
    its amounts always add up: list − tier discount − line discount − share of the order discount = total."""

    order = models.ForeignKey(Order, models.CASCADE, related_name="lines", verbose_name="订单")
    kind = models.CharField("类型", max_length=8, choices=LineKind.choices)
    item = models.ForeignKey("catalog.TreatmentItem", models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="项目")
    product = models.ForeignKey("catalog.Product", models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name="商品")
    card_type = models.ForeignKey("catalog.CardType", models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name="卡项")
    card_kind = models.CharField("卡类型", max_length=16, blank=True, default="")
    code = models.CharField("编码", max_length=32)
    name = models.CharField("名称", max_length=64)
    unit = models.CharField("单位", max_length=8)
    quantity = models.PositiveIntegerField("数量")
    unit_price_amount = MoneyField("单价（元）")
    member_unit_price_amount = MoneyField("会员单价（元）")
    list_amount = MoneyField("原价金额（元）")
    tier_discount_amount = MoneyField("会员优惠（元）", default=ZERO)
    line_discount_amount = MoneyField("单项折扣（元）", default=ZERO)
    order_discount_amount = MoneyField("分摊整单折扣（元）", default=ZERO)
    total_amount = MoneyField("金额（元）")
    refunded_quantity = models.PositiveIntegerField("已退数量", default=0)
    refunded_amount = MoneyField("已退金额（元）", default=ZERO)
    # A card's contents copied at sale (kind, balances, validity, items and sessions), so the assets granted at
    # settlement do not depend on later catalogue changes.
    card_snapshot = models.JSONField("卡项内容（购买时复制）", default=dict, blank=True, encoder=DjangoJSONEncoder)
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "订单明细"
        verbose_name_plural = verbose_name
        ordering = ["order_id", "sort", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_positive",
                                   violation_error_message="数量须至少为 1。"),
            _not_negative("total_amount", "refunded_amount", "tier_discount_amount", "line_discount_amount",
                          "order_discount_amount", name="order_line_amounts_not_negative",
                          message="金额不能为负数。"),
            models.CheckConstraint(condition=Q(refunded_quantity__lte=F("quantity")),
                                   name="order_line_refund_quantity", violation_error_message="退货数量超过购买数量。"),
            models.CheckConstraint(condition=Q(refunded_amount__lte=F("total_amount")),
                                   name="order_line_refund_amount", violation_error_message="退款超过明细金额。"),
            models.CheckConstraint(
                condition=Q(total_amount__gte=_LINE_NET - HALF_CENT, total_amount__lte=_LINE_NET + HALF_CENT),
                name="order_line_adds_up", violation_error_message="明细金额与折扣不一致。"),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"


class OrderDiscount(models.Model):
    """An applied discount (as in Saleor): member price, a line's manual discount, or the order's manual
    discount (split over the lines). ``value`` is the rate, amount or member price given; ``amount`` what
    it took off."""

    order = models.ForeignKey(Order, models.CASCADE, related_name="discounts", verbose_name="订单")
    line = models.ForeignKey(OrderLine, models.CASCADE, null=True, blank=True, related_name="discounts",
                             verbose_name="明细")
    kind = models.CharField("类型", max_length=16, choices=DiscountKind.choices)
    value_type = models.CharField("方式", max_length=8, choices=DiscountValueType.choices)
    value = models.DecimalField("折扣率/金额", max_digits=14, decimal_places=4)
    amount = MoneyField("优惠金额（元）")
    reason = models.CharField("原因", max_length=200, blank=True, default="")
    approved_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="批准人")

    class Meta:
        verbose_name = "订单优惠"
        verbose_name_plural = verbose_name
        ordering = ["order_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} −{self.amount}"


class DiscountApproval(TimeStampedModel):
    """A manual discount beyond the requester's limit, waiting for (or decided by) a supervisor. The order
    cannot be paid while it waits."""

    order = models.ForeignKey(Order, models.CASCADE, related_name="approvals", verbose_name="订单")
    method = models.CharField("方式", max_length=16, choices=ApprovalMethod.choices)
    status = models.CharField("状态", max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING)
    rate = models.DecimalField("最低折扣率", max_digits=7, decimal_places=4)
    limit_rate = models.DecimalField("申请人权限折扣率", max_digits=4, decimal_places=3)
    requested_by = models.ForeignKey(STAFF, models.PROTECT, related_name="+", verbose_name="申请人")
    reason = models.CharField("申请说明", max_length=200, blank=True, default="")
    decided_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="审批人")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True, default="")

    objects = RestrictedManager()
    scope_owner_field = ("requested_by_id", "order__consultant_id")
    scope_unit_field = "order__org_unit_id"

    class Meta:
        verbose_name = "折扣审批"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="approval_by_status")]


# --- customer assets (ledgers) -----------------------------------------------------------------------


class CustomerCard(TimeStampedModel):
    """A card the customer bought (one per card sold). Count, combo and N-choose-M cards hold entitlements;
    a stored-value card holds principal and bonus balances, spent in the ratio copied at sale."""

    customer = models.ForeignKey("customers.Customer", models.PROTECT, related_name="cards", verbose_name="客户")
    card_type = models.ForeignKey("catalog.CardType", models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name="卡项")
    order_line = models.ForeignKey(OrderLine, models.PROTECT, related_name="cards", verbose_name="购买明细")
    kind = models.CharField("卡类型", max_length=16)
    code = models.CharField("卡项编码", max_length=32)
    name = models.CharField("卡名", max_length=64)
    status = models.CharField("状态", max_length=16, choices=CardStatus.choices, default=CardStatus.ACTIVE)
    expires_on = models.DateField("到期日", null=True, blank=True, help_text="本地日期；当天仍可使用。")
    refund_rule = models.CharField("退款规则", max_length=16)
    price_amount = MoneyField("售价（元）", default=ZERO)
    principal_balance_amount = MoneyField("本金余额（元）", default=ZERO)
    bonus_balance_amount = MoneyField("赠送金余额（元）", default=ZERO)
    principal_share = models.DecimalField("本金占比", max_digits=7, decimal_places=6, default=Decimal(1),
                                          help_text="每消费 1 元，从本金扣除的部分；其余从赠送金扣除。")
    choose_count = models.PositiveIntegerField("可选次数 M", null=True, blank=True)
    allow_repeat = models.BooleanField("可重复选同一项目", default=True)
    choice_items = models.JSONField("可选项目", default=list, blank=True,
                                    help_text='N选M卡的可选项目（购买时复制）：[{"item", "code", "name", "cap"}]')

    objects = RestrictedManager()
    scope_owner_field = CUSTOMER_SCOPE
    scope_unit_field = "customer__org_unit_id"

    class Meta:
        verbose_name = "客户卡"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "status"], name="card_by_customer")]
        constraints = [
            _not_negative("principal_balance_amount", "bonus_balance_amount", name="card_balances_not_negative",
                          message="储值余额不足。"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def balance_amount(self) -> Decimal:
        return self.principal_balance_amount + self.bonus_balance_amount

    def is_expired(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on < today


class Entitlement(TimeStampedModel):
    """Sessions of an item the customer owns (from sessions bought or a card). For an N-choose-M card one
    entitlement holds the M sessions with no fixed item; the item is chosen at each deduction.

    ``value_remaining_amount`` is what the remaining sessions are worth: a deduction of q of r remaining
    sessions is worth value × q / r (rounded), the last session takes what is left."""

    customer = models.ForeignKey("customers.Customer", models.PROTECT, related_name="entitlements",
                                 verbose_name="客户")
    item = models.ForeignKey("catalog.TreatmentItem", models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="项目")
    item_code = models.CharField("项目编码", max_length=32, blank=True, default="")
    item_name = models.CharField("项目名称", max_length=64)
    unit = models.CharField("单位", max_length=8, default="次")
    source_line = models.ForeignKey(OrderLine, models.PROTECT, related_name="entitlements",
                                    verbose_name="购买明细")
    card = models.ForeignKey(CustomerCard, models.PROTECT, null=True, blank=True, related_name="entitlements",
                             verbose_name="所属卡")
    status = models.CharField("状态", max_length=16, choices=EntitlementStatus.choices,
                              default=EntitlementStatus.ACTIVE)
    sessions_total = models.PositiveIntegerField("总次数")
    sessions_remaining = models.PositiveIntegerField("剩余次数")
    value_remaining_amount = MoneyField("剩余价值（元）")
    expires_on = models.DateField("到期日", null=True, blank=True)

    objects = RestrictedManager()
    scope_owner_field = CUSTOMER_SCOPE
    scope_unit_field = "customer__org_unit_id"

    class Meta:
        verbose_name = "剩余次数"
        verbose_name_plural = verbose_name
        ordering = ["customer_id", "id"]
        indexes = [models.Index(fields=["customer", "status"], name="entitlement_by_customer")]
        constraints = [
            _not_negative("sessions_remaining", "value_remaining_amount", name="entitlement_not_negative",
                          message="剩余次数不足。"),
            models.CheckConstraint(condition=Q(sessions_remaining__lte=F("sessions_total")),
                                   name="entitlement_within_total", violation_error_message="剩余次数超过总次数。"),
        ]

    def __str__(self) -> str:
        return f"{self.item_name} 剩 {self.sessions_remaining}"

    @property
    def is_choice(self) -> bool:
        return self.card_id is not None and self.item_id is None and not self.item_code


class EntitlementEntry(models.Model):
    """A change of an entitlement (append-only): sessions and value granted, deducted, reversed, refunded."""

    entitlement = models.ForeignKey(Entitlement, models.PROTECT, related_name="entries", verbose_name="剩余次数")
    kind = models.CharField("类型", max_length=16, choices=LedgerKind.choices)
    sessions_delta = models.IntegerField("次数变动")
    value_delta_amount = MoneyField("价值变动（元）")
    sessions_after = models.PositiveIntegerField("变动后次数")
    value_after_amount = MoneyField("变动后价值（元）")
    deduction = models.ForeignKey("Deduction", models.PROTECT, null=True, blank=True, related_name="+")
    refund = models.ForeignKey("Refund", models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("时间", default=timezone.now)
    created_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "次数流水"
        verbose_name_plural = verbose_name
        ordering = ["entitlement_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sessions_delta:+d}"


class StoredValueEntry(models.Model):
    """A change of a stored-value card's balances (append-only)."""

    card = models.ForeignKey(CustomerCard, models.PROTECT, related_name="value_entries", verbose_name="储值卡")
    kind = models.CharField("类型", max_length=16, choices=LedgerKind.choices)
    principal_delta_amount = MoneyField("本金变动（元）")
    bonus_delta_amount = MoneyField("赠送金变动（元）")
    principal_after_amount = MoneyField("变动后本金（元）")
    bonus_after_amount = MoneyField("变动后赠送金（元）")
    payment = models.ForeignKey("Payment", models.PROTECT, null=True, blank=True, related_name="+")
    refund = models.ForeignKey("Refund", models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("时间", default=timezone.now)
    created_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "储值流水"
        verbose_name_plural = verbose_name
        ordering = ["card_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.principal_delta_amount}/{self.bonus_delta_amount}"


class DepositAccount(TimeStampedModel):
    """定金: money a customer paid before an order, applied later as a payment mode."""

    customer = models.OneToOneField("customers.Customer", models.PROTECT, related_name="deposit_account",
                                    verbose_name="客户")
    balance_amount = MoneyField("余额（元）", default=ZERO)

    objects = RestrictedManager()
    scope_owner_field = CUSTOMER_SCOPE
    scope_unit_field = "customer__org_unit_id"

    class Meta:
        verbose_name = "定金账户"
        verbose_name_plural = verbose_name
        constraints = [_not_negative("balance_amount", name="deposit_not_negative", message="定金余额不足。")]


class DepositEntry(models.Model):
    account = models.ForeignKey(DepositAccount, models.PROTECT, related_name="entries", verbose_name="定金账户")
    kind = models.CharField("类型", max_length=16, choices=LedgerKind.choices)
    delta_amount = MoneyField("变动（元）")
    balance_after_amount = MoneyField("变动后余额（元）")
    payment = models.ForeignKey("Payment", models.PROTECT, null=True, blank=True, related_name="+")
    refund = models.ForeignKey("Refund", models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("时间", default=timezone.now)
    created_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "定金流水"
        verbose_name_plural = verbose_name
        ordering = ["account_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.delta_amount}"


# --- payments and refunds ------------------------------------------------------------------------------


class Payment(ChangeLoggedModel, TimeStampedModel):
    """收款单 (or 退款单 when ``kind`` is refund): one or more entries by mode. ``total_amount`` is what was
    applied (cash change excluded); ``change_amount`` the cash given back."""

    number = models.CharField("单号", max_length=24, unique=True)
    kind = models.CharField("类型", max_length=16, choices=PaymentKind.choices)
    order = models.ForeignKey(Order, models.PROTECT, null=True, blank=True, related_name="payments",
                              verbose_name="订单")
    customer = models.ForeignKey("customers.Customer", models.PROTECT, related_name="payments", verbose_name="客户")
    refund = models.OneToOneField("Refund", models.PROTECT, null=True, blank=True, related_name="payment",
                                  verbose_name="退款申请")
    total_amount = MoneyField("金额（元）")
    change_amount = MoneyField("找零（元）", default=ZERO)
    cashier = models.ForeignKey(STAFF, models.PROTECT, related_name="+", verbose_name="收银员")
    org_unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="归属单元")
    note = models.CharField("备注", max_length=200, blank=True, default="")
    idempotency_key = models.CharField("幂等键", max_length=64, null=True, blank=True, unique=True)

    objects = RestrictedManager()
    scope_owner_field = ("cashier_id", "order__consultant_id", "order__online_consultant_id")
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "收款单"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-created_at"], name="payment_by_customer"),
            models.Index(fields=["-created_at"], name="payment_by_time"),
            models.Index(fields=["cashier", "-created_at"], name="payment_by_cashier"),
        ]
        constraints = [
            _not_negative("total_amount", "change_amount", name="payment_amounts_not_negative",
                          message="金额不能为负数。"),
        ]

    def __str__(self) -> str:
        return self.number


class PaymentEntry(models.Model):
    """One mode of a payment. For stored value: the card and how much came from principal and bonus; for a
    deposit: the account; for WeChat Pay/Alipay/bank card: the transaction reference (recorded only)."""

    payment = models.ForeignKey(Payment, models.CASCADE, related_name="entries", verbose_name="收款单")
    mode = models.ForeignKey(PaymentMode, models.PROTECT, related_name="+", verbose_name="收款方式")
    mode_kind = models.CharField("方式类型", max_length=16, choices=PaymentModeKind.choices)
    mode_name = models.CharField("方式名称", max_length=32)
    amount = MoneyField("金额（元）")
    tendered_amount = MoneyField("实收现金（元）", null=True, blank=True)
    reference = models.CharField("交易流水号", max_length=64, blank=True, default="")
    card = models.ForeignKey(CustomerCard, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="储值卡")
    principal_amount = MoneyField("本金部分（元）", default=ZERO)
    bonus_amount = MoneyField("赠送金部分（元）", default=ZERO)
    deposit_account = models.ForeignKey(DepositAccount, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "收款明细"
        verbose_name_plural = verbose_name
        ordering = ["payment_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_entry_amount_positive",
                                   violation_error_message="金额须大于 0。"),
        ]

    def __str__(self) -> str:
        return f"{self.mode_name} {self.amount}"


class Refund(ChangeLoggedModel, TimeStampedModel):
    """退款申请: lines and modes asked for, approved (and then executed) or rejected."""

    number = models.CharField("单号", max_length=24, unique=True)
    order = models.ForeignKey(Order, models.PROTECT, related_name="refunds", verbose_name="订单")
    customer = models.ForeignKey("customers.Customer", models.PROTECT, related_name="refunds", verbose_name="客户")
    status = models.CharField("状态", max_length=16, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    amount = MoneyField("退款金额（元）")
    reason = models.CharField("退款原因", max_length=200)
    requested_by = models.ForeignKey(STAFF, models.PROTECT, related_name="+", verbose_name="申请人")
    decided_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="审批人")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True, default="")
    org_unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+")
    idempotency_key = models.CharField("幂等键", max_length=64, null=True, blank=True, unique=True)

    objects = RestrictedManager()
    scope_owner_field = ("requested_by_id", "order__consultant_id", "order__online_consultant_id")
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "退款"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="refund_by_status")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive",
                                              violation_error_message="退款金额须大于 0。")]

    def __str__(self) -> str:
        return self.number


class RefundLine(models.Model):
    refund = models.ForeignKey(Refund, models.CASCADE, related_name="lines")
    line = models.ForeignKey(OrderLine, models.PROTECT, related_name="refund_lines", verbose_name="订单明细")
    card = models.ForeignKey(CustomerCard, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="退的卡")
    quantity = models.PositiveIntegerField("数量")
    amount = MoneyField("金额（元）")

    class Meta:
        ordering = ["refund_id", "id"]

    def __str__(self) -> str:
        return f"{self.line_id} × {self.quantity}"


class RefundEntry(models.Model):
    """How a refund goes back: by mode (to the stored-value card or deposit account it came from)."""

    refund = models.ForeignKey(Refund, models.CASCADE, related_name="entries")
    mode = models.ForeignKey(PaymentMode, models.PROTECT, related_name="+", verbose_name="退款方式")
    amount = MoneyField("金额（元）")
    card = models.ForeignKey(CustomerCard, models.PROTECT, null=True, blank=True, related_name="+")
    reference = models.CharField("交易流水号", max_length=64, blank=True, default="")

    class Meta:
        ordering = ["refund_id", "id"]

    def __str__(self) -> str:
        return f"{self.mode_id} {self.amount}"


# --- deductions ------------------------------------------------------------------------------------------


class Deduction(ChangeLoggedModel, TimeStampedModel):
    """划扣: sessions taken from an entitlement at treatment time, with the operators, the consumables and the
    customer's signature. Never deleted; a reversal is a logged, reversing entry."""

    number = models.CharField("单号", max_length=24, unique=True)
    customer = models.ForeignKey("customers.Customer", models.PROTECT, related_name="deductions",
                                 verbose_name="客户")
    entitlement = models.ForeignKey(Entitlement, models.PROTECT, related_name="deductions", verbose_name="剩余次数")
    card = models.ForeignKey(CustomerCard, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="所属卡")
    item = models.ForeignKey("catalog.TreatmentItem", models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="项目")
    item_code = models.CharField("项目编码", max_length=32, blank=True, default="")
    item_name = models.CharField("项目名称", max_length=64)
    quantity = models.PositiveIntegerField("次数")
    value_amount = MoneyField("划扣价值（元）")
    performed_at = models.DateTimeField("治疗时间", default=timezone.now)
    visit = models.ForeignKey("customers.Visit", models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name="到访")
    signature = models.FileField("客户签名", upload_to="sales/signatures/%Y/%m/", max_length=255)
    signature_size = models.PositiveIntegerField("签名大小（字节）", default=0)
    status = models.CharField("状态", max_length=16, choices=DeductionStatus.choices, default=DeductionStatus.DONE)
    reversal_reason = models.CharField("冲正原因", max_length=200, blank=True, default="")
    reversed_by = models.ForeignKey(STAFF, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="冲正人")
    reversed_at = models.DateTimeField("冲正时间", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True, default="")
    idempotency_key = models.CharField("幂等键", max_length=64, null=True, blank=True, unique=True)
    org_unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(STAFF, models.PROTECT, related_name="+", verbose_name="登记人")

    objects = RestrictedManager()
    scope_owner_field = ("created_by_id",)
    scope_unit_field = "org_unit_id"
    changelog_exclude = ("signature",)

    class Meta:
        verbose_name = "划扣"
        verbose_name_plural = verbose_name
        ordering = ["-performed_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-performed_at"], name="deduction_by_customer"),
            models.Index(fields=["-performed_at"], name="deduction_by_time"),
            models.Index(fields=["entitlement", "item"], name="deduction_by_entitlement"),
            # Done deductions still without the customer's signature (the workbench of doctors and nurses).
            models.Index(fields=["performed_at"], name="deduction_unsigned",
                         condition=Q(status=DeductionStatus.DONE, signature="")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="deduction_quantity_positive",
                                   violation_error_message="次数须至少为 1。"),
            _not_negative("value_amount", name="deduction_value_not_negative", message="金额不能为负数。"),
        ]

    def __str__(self) -> str:
        return self.number


class DeductionOperator(models.Model):
    """An operator of a deduction: position, operation fee (OperationFee × sessions) and their share of the
    consumption performance."""

    deduction = models.ForeignKey(Deduction, models.CASCADE, related_name="operators")
    staff = models.ForeignKey(STAFF, models.PROTECT, related_name="+", verbose_name="操作人")
    position = models.ForeignKey("accounts.Position", models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name="岗位")
    position_name = models.CharField("岗位名称", max_length=32, blank=True, default="")
    share = models.DecimalField("业绩占比", max_digits=5, decimal_places=4)
    performance_amount = MoneyField("划扣业绩（元）")
    fee_amount = MoneyField("操作费（元）")

    class Meta:
        ordering = ["deduction_id", "id"]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.position_name}"


class DeductionConsumable(models.Model):
    """物料消耗 of a deduction (ItemConsumable × sessions); the inventory module posts it (``posted_at``)."""

    deduction = models.ForeignKey(Deduction, models.CASCADE, related_name="consumables")
    product = models.ForeignKey("catalog.Product", models.SET_NULL, null=True, blank=True, related_name="+")
    product_code = models.CharField("商品编码", max_length=32)
    product_name = models.CharField("商品名称", max_length=64)
    unit = models.CharField("单位", max_length=8)
    quantity = models.DecimalField("用量", max_digits=12, decimal_places=3)
    posted_at = models.DateTimeField("出库时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("冲正取消时间", null=True, blank=True,
                                        help_text="划扣冲正后不再出库（已出库的由库存模块退回）。")

    class Meta:
        ordering = ["deduction_id", "id"]
        indexes = [models.Index(fields=["posted_at"], name="consumable_to_post",
                                condition=Q(posted_at__isnull=True, cancelled_at__isnull=True))]

    def __str__(self) -> str:
        return f"{self.product_name} {self.quantity}"


# --- performance ----------------------------------------------------------------------------------------


class PerformanceEntry(models.Model):
    """业绩: one staff member's credit (negative for refunds and reversals). Sales performance at payment,
    consumption performance and operation fees at deduction."""

    staff = models.ForeignKey(STAFF, models.PROTECT, related_name="+", verbose_name="员工")
    org_unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField("类型", max_length=16, choices=PerformanceKind.choices)
    role = models.CharField("角色", max_length=20, choices=PerformanceRole.choices)
    position_name = models.CharField("岗位", max_length=32, blank=True, default="")
    ratio = models.DecimalField("比例", max_digits=5, decimal_places=4)
    amount = MoneyField("金额（元）")
    occurred_at = models.DateTimeField("发生时间", default=timezone.now)
    customer = models.ForeignKey("customers.Customer", models.PROTECT, related_name="+", verbose_name="客户")
    order = models.ForeignKey(Order, models.PROTECT, null=True, blank=True, related_name="+")
    payment = models.ForeignKey(Payment, models.PROTECT, null=True, blank=True, related_name="+")
    deduction = models.ForeignKey(Deduction, models.PROTECT, null=True, blank=True, related_name="+")
    refund = models.ForeignKey(Refund, models.PROTECT, null=True, blank=True, related_name="+")
    summary = models.CharField("说明", max_length=120, blank=True, default="")

    objects = RestrictedManager()
    scope_owner_field = "staff_id"
    scope_unit_field = "org_unit_id"

    class Meta:
        verbose_name = "业绩"
        verbose_name_plural = verbose_name
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # Covering: the statement sums a month of its staff's rows from the index alone.
            models.Index(fields=["staff", "occurred_at"], name="performance_by_staff",
                         include=["kind", "amount", "org_unit"]),
            models.Index(fields=["occurred_at"], name="performance_by_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


