from django.db import models


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"
    UNKNOWN = "unknown", "未知"


class ConsentKind(models.TextChoices):
    MARKETING = "marketing", "接收营销信息"
    CASE_PHOTOS = "case_photos", "照片用于案例"


class ConsentSource(models.TextChoices):
    PAPER = "paper", "纸质签署"
    COUNTER = "counter", "前台口头确认"
    WECHAT = "wechat", "微信服务号"
    H5 = "h5", "H5 页面"
    IMPORT = "import", "历史数据导入"
    SYSTEM = "system", "系统"


class TierBasis(models.TextChoices):
    SPEND = "spend", "累计消费"
    POINTS = "points", "积分"


class VisitKind(models.TextChoices):
    FIRST = "first", "初诊"
    RETURN = "return", "复诊"
    RECHECK = "recheck", "复查"
    REPURCHASE = "repurchase", "再消费"


class VisitStatus(models.TextChoices):
    WAITING = "waiting", "候诊"
    CONSULTING = "consulting", "咨询中"
    TREATING = "treating", "治疗中"
    LEFT = "left", "已离院"
    CANCELLED = "cancelled", "已取消"


OPEN_VISIT_STATUSES = (VisitStatus.WAITING, VisitStatus.CONSULTING, VisitStatus.TREATING)


class TriageTarget(models.TextChoices):
    CONSULTATION = "consultation", "咨询"
    TREATMENT = "treatment", "治疗"


class ConsultationKind(models.TextChoices):
    ONSITE = "onsite", "现场咨询"
    ONLINE = "online", "网络咨询"
    PHONE = "phone", "电话咨询"


class ConsultationOutcome(models.TextChoices):
    PENDING = "pending", "待定"
    DEAL = "deal", "成交"
    NO_DEAL = "no_deal", "未成交"


class NoDealReason(models.TextChoices):
    PRICE = "price", "价格原因"
    EFFECT = "effect", "担心效果"
    SAFETY = "safety", "担心安全/恢复期"
    COMPARING = "comparing", "对比其他机构"
    THINKING = "thinking", "再考虑"
    COMPANION = "companion", "需家人同意"
    NOT_SUITABLE = "not_suitable", "不适合治疗"
    OTHER = "other", "其他"


class FormFieldType(models.TextChoices):
    TEXT = "text", "单行文本"
    TEXTAREA = "textarea", "多行文本"
    NUMBER = "number", "数字"
    DATE = "date", "日期"
    SINGLE = "single", "单选"
    MULTI = "multi", "多选"


class ComplaintCategory(models.TextChoices):
    SERVICE = "service", "服务态度"
    EFFECT = "effect", "治疗效果"
    PRICE = "price", "价格收费"
    WAITING = "waiting", "等待时间"
    ENVIRONMENT = "environment", "环境设施"
    SAFETY = "safety", "安全/不良反应"
    OTHER = "other", "其他"


class ComplaintChannel(models.TextChoices):
    ONSITE = "onsite", "现场"
    PHONE = "phone", "电话"
    WECHAT = "wechat", "微信"
    ONLINE = "online", "网络平台"
    OTHER = "other", "其他"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "待处理"
    PROCESSING = "processing", "处理中"
    RESOLVED = "resolved", "已解决"
    CLOSED = "closed", "已关闭"
