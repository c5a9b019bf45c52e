from django.apps import AppConfig


class CustomersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "yimei.customers"
    verbose_name = "客户档案"

    def ready(self) -> None:
        # Tabs and event types of this app register themselves on import.
        from yimei.customers import tabs  # noqa: F401
