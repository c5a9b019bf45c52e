"""The message kinds of follow-ups: aftercare instructions right after a treatment, care messages at the nodes
of the item's care plan. Both are notices about the customer's own treatment (transactional)."""

from yimei.notify.registry import register_kind

INSTRUCTIONS = "care.instructions"
NODE = "care.node"
KINDS = (INSTRUCTIONS, NODE)

register_kind(
    INSTRUCTIONS, name="术后注意事项", name_en="Aftercare instructions", purpose="transactional",
    variables={"customer_name": "客户姓名", "item_name": "项目", "treated_on": "治疗日期", "link": "注意事项链接"},
    sms_text="{customer_name}您好，您于{treated_on}做了{item_name}，术后注意事项请查看：{link}",
    wechat_fields={"thing1": "item_name", "time2": "treated_on", "thing3": "术后注意事项，请点击查看"},
)
register_kind(
    NODE, name="术后关怀", name_en="Aftercare check-in", purpose="transactional",
    variables={"customer_name": "客户姓名", "item_name": "项目", "treated_on": "治疗日期", "days": "术后天数",
               "link": "注意事项链接"},
    sms_text="{customer_name}您好，您做{item_name}已{days}天，恢复得怎么样？如有不适请及时联系我们。注意事项：{link}",
    wechat_fields={"thing1": "item_name", "time2": "treated_on", "thing3": "术后第{days}天关怀"},
)
