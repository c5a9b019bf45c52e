from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "yimei.accounts"
    label = "accounts"
    verbose_name = "组织与员工"

    def ready(self) -> None:
        from yimei.accounts.services import sync_permissions_and_builtin_roles

        post_migrate.connect(_after_migrate, sender=self)
        self._sync = sync_permissions_and_builtin_roles


def _after_migrate(sender: AccountsConfig, **kwargs) -> None:
    sender._sync(using=kwargs.get("using", "default"))
