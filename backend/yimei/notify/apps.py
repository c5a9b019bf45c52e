from django.apps import AppConfig


class NotifyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "yimei.notify"
    verbose_name = "消息通知"

    def ready(self) -> None:
        # The dispatcher's periodic jobs register themselves on import.
        from yimei.notify import jobs  # noqa: F401
