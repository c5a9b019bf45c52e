from django.db import models


class ImportKind(models.TextChoices):
    CUSTOMERS = "customers", "客户档案"
    VISITS = "visits", "到访记录"
    CONSULTATIONS = "consultations", "咨询记录"
    TAGS = "tags", "标签"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "已上传"
    VALIDATING = "validating", "校验中"
    VALIDATED = "validated", "校验通过"
    INVALID = "invalid", "校验未通过"
    IMPORTING = "importing", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "导入失败"


# A job in one of these states has a thread working on it.
BUSY_STATUSES = (ImportStatus.VALIDATING, ImportStatus.IMPORTING)
