from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "yimei.audit"
    label = "audit"
    verbose_name = "安全审计"

    def ready(self) -> None:
        from yimei.audit import receivers  # noqa: F401  (connects the change-log receiver)
