from django.db import models


class PaymentModeKind(models.TextChoices):
    CASH = "cash", "现金"
    WECHAT = "wechat", "微信支付"
    ALIPAY = "alipay", "支付宝"
    BANK_CARD = "bank_card", "银行卡"
    STORED_VALUE = "stored_value", "储值卡"
    DEPOSIT = "deposit", "定金"
    DEBT = "debt", "欠款"
    OTHER = "other", "其他"


# Money that comes in from outside (the till, a terminal, an account): "cash collected" for sales performance.
MONEY_IN_KINDS = (PaymentModeKind.CASH, PaymentModeKind.WECHAT, PaymentModeKind.ALIPAY, PaymentModeKind.BANK_CARD,
                  PaymentModeKind.OTHER)
# Balances the customer already owns: spending them moves a ledger, not money.
BALANCE_KINDS = (PaymentModeKind.STORED_VALUE, PaymentModeKind.DEPOSIT)


class OrderStatus(models.TextChoices):
    PENDING = "pending", "待收款"
    PARTIALLY_PAID = "partially_paid", "部分收款"
    PAID = "paid", "已收款"
    PARTIALLY_REFUNDED = "partially_refunded", "部分退款"
    REFUNDED = "refunded", "已退款"
    VOID = "void", "已作废"


class DiscountStatus(models.TextChoices):
    NONE = "none", "无需审批"
    APPROVED = "approved", "已批准"
    PENDING = "pending", "待审批"
    REJECTED = "rejected", "已驳回"


class LineKind(models.TextChoices):
    ITEM = "item", "项目"
    PRODUCT = "product", "商品"
    CARD = "card", "卡项"


class DiscountKind(models.TextChoices):
    TIER = "tier", "会员价"
    MANUAL_LINE = "manual_line", "单项折扣"
    MANUAL_ORDER = "manual_order", "整单折扣"


class DiscountValueType(models.TextChoices):
    RATE = "rate", "折扣率"
    AMOUNT = "amount", "减免金额"
    PRICE = "price", "会员价"


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已驳回"


class ApprovalMethod(models.TextChoices):
    PASSWORD = "password", "主管现场授权"
    REQUEST = "request", "审批申请"


class PaymentKind(models.TextChoices):
    SALE = "sale", "收款"
    DEPOSIT = "deposit", "收定金"
    REPAYMENT = "repayment", "还款"
    REFUND = "refund", "退款"


class CardStatus(models.TextChoices):
    ACTIVE = "active", "使用中"
    USED_UP = "used_up", "已用完"
    EXPIRED = "expired", "已过期"
    REFUNDED = "refunded", "已退卡"


class EntitlementStatus(models.TextChoices):
    ACTIVE = "active", "可用"
    USED_UP = "used_up", "已用完"
    REFUNDED = "refunded", "已退"


class LedgerKind(models.TextChoices):
    GRANT = "grant", "购买"
    TOP_UP = "top_up", "充值"
    SPEND = "spend", "消费"
    DEDUCT = "deduct", "划扣"
    REVERSAL = "reversal", "冲正"
    REFUND = "refund", "退款"
    REFUND_RETURN = "refund_return", "退款退回"
    MERGE_OUT = "merge_out", "档案合并转出"
    MERGE_IN = "merge_in", "档案合并转入"


class DeductionStatus(models.TextChoices):
    DONE = "done", "已划扣"
    REVERSED = "reversed", "已冲正"


class RefundStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    DONE = "done", "已退款"
    REJECTED = "rejected", "已驳回"


class PerformanceKind(models.TextChoices):
    SALES = "sales", "销售业绩"
    CONSUMPTION = "consumption", "划扣业绩"
    OPERATION_FEE = "operation_fee", "操作费"


class PerformanceRole(models.TextChoices):
    CONSULTANT = "consultant", "现场咨询"
    ONLINE_CONSULTANT = "online_consultant", "网电咨询"
    DOCTOR = "doctor", "医生"
    OPERATOR = "operator", "操作人"
