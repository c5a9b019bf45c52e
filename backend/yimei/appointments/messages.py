"""The message kinds of appointments (预约通知), all transactional: the customer gets them whatever their
marketing consent. Default texts; the clinic edits them in the message templates page."""

from yimei.notify import registry

VARIABLES = {"customer_name": "客户姓名", "start": "预约时间", "items": "项目", "staff": "医生/治疗师",
             "clinic": "科室", "address": "地址", "number": "预约号"}

CONFIRMED = "appointment.confirmed"
REMINDER = "appointment.reminder"
CANCELLED = "appointment.cancelled"

registry.register_kind(
    CONFIRMED, name="预约成功", name_en="Appointment booked", purpose="transactional", variables=VARIABLES,
    sms_text="{customer_name}您好，您已预约{start}的{items}，预约号{number}。{clinic}{address}",
    wechat_fields={"thing1": "items", "time2": "start", "thing3": "customer_name", "character_string4": "number"},
)
registry.register_kind(
    REMINDER, name="预约提醒", name_en="Appointment reminder", purpose="transactional", variables=VARIABLES,
    sms_text="{customer_name}您好，您预约了{start}的{items}，请准时到院。{clinic}{address}",
    wechat_fields={"thing1": "items", "time2": "start", "thing3": "customer_name"},
)
registry.register_kind(
    CANCELLED, name="预约取消", name_en="Appointment cancelled", purpose="transactional", variables=VARIABLES,
    sms_text="{customer_name}您好，您{start}的{items}预约已取消，如需重新预约请联系我们。{clinic}",
    wechat_fields={"thing1": "items", "time2": "start", "thing3": "customer_name"},
)
