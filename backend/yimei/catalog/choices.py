from django.db import models


class ItemKind(models.TextChoices):
    ENERGY = "energy", "光电"
    INJECTION = "injection", "注射"
    SURGERY = "surgery", "手术"
    SKIN = "skin", "皮肤管理"
    OTHER = "other", "其他"


class ProductKind(models.TextChoices):
    RETAIL = "retail", "零售"
    CONSUMABLE = "consumable", "耗材"
    BOTH = "both", "零售兼耗材"


class CardKind(models.TextChoices):
    COUNT = "count", "次卡"
    COMBO = "combo", "组合卡"
    CHOICE = "choice", "N选M卡"
    STORED_VALUE = "stored_value", "储值卡"


class CardRefundRule(models.TextChoices):
    NOT_REFUNDABLE = "not_refundable", "不可退"
    UNUSED = "unused", "按未使用部分退"  # count/combo/choice: the unused sessions' value
    PRINCIPAL_ONLY = "principal_only", "仅退本金余额"  # stored value: principal balance, bonus forfeited


class ArticleKind(models.TextChoices):
    INDICATIONS = "indications", "适应症"
    CONTRAINDICATIONS = "contraindications", "禁忌症"
    PROCESS = "process", "治疗流程"
    AFTERCARE = "aftercare", "术后护理"
    FAQ = "faq", "常见问题"
    OTHER = "other", "其他"
