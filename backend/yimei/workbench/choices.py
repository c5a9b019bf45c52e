from django.db import models


class View(models.TextChoices):
    """The workbench's views, one per way of working (a person with several roles may see several)."""

    RECEPTION = "reception", "前台"
    CONSULTANT = "consultant", "咨询"
    CLINICIAN = "clinician", "医护"
    CASHIER = "cashier", "收银"
    DIRECTOR = "director", "科室概况"


def view_code(view: str) -> str:
    """The permission code that opens ``view``."""
    return f"workbench.{view}.view"
