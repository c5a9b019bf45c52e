from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "yimei.followups"
    verbose_name = "回访"

    def ready(self) -> None:
        # The 360° tab, timeline event types, message kinds, periodic jobs and the timeline wake-up register
        # themselves on import.
        from yimei.followups import jobs, messages, tabs  # noqa: F401
