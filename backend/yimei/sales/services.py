"""The business operations of sales, one transaction each (DESIGN rule 1). They live in modules by topic;
this is the one place to import them from."""

from yimei.sales.cashier import repay_debt, take_deposit, take_payment
from yimei.sales.deductions import deduct, reverse_deduction
from yimei.sales.orders import approve_discount, create_order, discount_limit_of, quote, void_order
from yimei.sales.refunds import approve_refund, refundable, reject_refund, request_refund
from yimei.sales.selectors import customer_assets, day_end, performance_statement

__all__ = [
    "approve_discount", "approve_refund", "create_order", "customer_assets", "day_end", "deduct",
    "discount_limit_of", "performance_statement", "quote", "refundable", "reject_refund", "repay_debt",
    "request_refund", "reverse_deduction", "take_deposit", "take_payment", "void_order",
]
