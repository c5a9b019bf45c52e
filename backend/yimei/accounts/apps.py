from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class AccountsConfig(AppConfig):
    name = "yimei.accounts"
    label = "accounts"
    verbose_name = "组织与员工"

    def ready(self) -> None:
        from yimei.accounts.services import sync_permissions_and_builtin_roles

        post_migrate.connect(_after_migrate, sender=self)
        post_save.connect(_forget_cached_user, sender=self.get_model("User"))
        self._sync = sync_permissions_and_builtin_roles


def _after_migrate(sender: AccountsConfig, **kwargs) -> None:
    sender._sync(using=kwargs.get("using", "default"))


def _forget_cached_user(sender, instance, **kwargs) -> None:
    # Cache upkeep, not business logic: a changed password, status or name must not be served stale.
    from yimei.accounts.backends import forget_user

    forget_user(instance.pk)
