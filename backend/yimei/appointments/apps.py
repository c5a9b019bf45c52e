from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "yimei.appointments"
    verbose_name = "预约中心"

    def ready(self) -> None:
        # The 360° tab, timeline event types, message kinds and the no-show job register themselves on import.
        from yimei.appointments import jobs, messages, tabs  # noqa: F401
