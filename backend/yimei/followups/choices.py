from django.db import models


class Method(models.TextChoices):
    PHONE = "phone", "电话"
    WECHAT = "wechat", "微信"
    SMS = "sms", "短信"
    VISIT = "visit", "到院面谈"


class TaskStatus(models.TextChoices):
    OPEN = "open", "待回访"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"


class Outcome(models.TextChoices):
    REACHED = "reached", "已联系"
    UNREACHABLE = "unreachable", "未接通"
    DECLINED = "declined", "拒绝"
    BOOKED = "booked", "已预约"
    OTHER = "other", "其他"


class RuleKind(models.TextChoices):
    NO_SHOW = "no_show", "预约未到访"
    VISIT_UNPAID = "visit_unpaid", "到访未支付"
    PAID_UNUSED = "paid_unused", "支付后该做治疗"
    POST_TREATMENT = "post_treatment", "治疗后术后回访"
    DORMANT = "dormant", "睡眠客户邀约"


class AssigneeMode(models.TextChoices):
    OWNING_CONSULTANT = "owning_consultant", "客户的现场咨询"
    OPERATOR = "operator", "经办人"
    ONLINE_CONSULTANT = "online_consultant", "客户的网电咨询"
    NAMED = "named", "指定员工"
    POOL = "pool", "分配到小组（公共池）"


class ResourceRuleKind(models.TextChoices):
    VISITED_NO_BUY = "visited_no_buy", "到访未成交"
    NO_FOLLOWUP_AFTER_VISIT = "no_followup_after_visit", "到访后未回访"
    RETURNING_NO_BUY = "returning_no_buy", "老客户再到访未消费"


class ResourceActionKind(models.TextChoices):
    CREATE_TASK = "create_task", "生成回访任务"
    FLAG = "flag", "标记预警"
    RELEASE = "release", "释放客户"


class CareStatus(models.TextChoices):
    SCHEDULED = "scheduled", "已安排"
    CANCELLED = "cancelled", "已取消"


class RunTrigger(models.TextChoices):
    PERIODIC = "periodic", "定时"
    EVENT = "event", "事件"
    MANUAL = "manual", "手动"
