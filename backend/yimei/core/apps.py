from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yimei.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from yimei.core import access, schema  # noqa: F401  (schema registers OpenAPI extensions)

        access.autodiscover()
