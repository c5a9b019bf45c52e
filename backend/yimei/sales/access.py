"""Permission codes and the data-scope module of sales (销售与收银)."""

from yimei.core.access import button, menu, page, register_module, register_permissions

register_module("sales", "销售与收银", "Sales")

register_permissions(
    menu(
        "sales", "收银", "Sales",
        page(
            "sales.order.view", "订单", "Orders",
            button("sales.order.add", "开单", "New order"),
            button("sales.order.void", "作废订单", "Void order"),
            button("sales.discount.approve", "审批折扣", "Approve discounts"),
        ),
        page(
            "sales.payment.view", "收款", "Payments",
            button("sales.payment.take", "收款/收定金/还款", "Take payments"),
        ),
        page(
            "sales.refund.view", "退款", "Refunds",
            button("sales.refund.request", "申请退款", "Request refund"),
            button("sales.refund.approve", "审批退款", "Approve refunds"),
        ),
        page("sales.asset.view", "客户资产", "Customer assets"),
        page(
            "sales.deduction.view", "划扣", "Deductions",
            button("sales.deduction.add", "划扣", "Deduct"),
            button("sales.deduction.reverse", "冲正划扣", "Reverse deduction"),
        ),
        page(
            "sales.performance.view", "我的业绩", "My performance",
            button("sales.performance.view_all", "查看全部员工业绩", "All staff performance"),
        ),
        page("sales.dayend.view", "日结", "Day end"),
        page(
            "sales.settings.view", "收银设置", "Sales settings",
            button("sales.settings.manage", "维护收款方式、折扣权限与业绩比例",
                   "Manage modes, discount limits, splits"),
        ),
    ),
)
