from django.db import models


class UnitKind(models.TextChoices):
    HOSPITAL = "hospital", "医院"
    DEPARTMENT = "department", "科室"
    TEAM = "team", "小组"
