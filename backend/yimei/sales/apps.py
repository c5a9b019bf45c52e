from django.apps import AppConfig


class SalesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "yimei.sales"
    verbose_name = "销售与收银"

    def ready(self) -> None:
        # The 360° tabs, figures, timeline event types and merge handlers of this app register themselves on import.
        from yimei.sales import merge, tabs  # noqa: F401
