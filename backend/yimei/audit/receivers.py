"""The one generic receiver that feeds the change log from saves, deletes and many-to-many changes."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from yimei.audit.services import ChangeAction, known_state, record_change, remember_state, snapshot
from yimei.core.models import ChangeLoggedModel

# Saves that only touch these columns are bookkeeping, not changes a person made.
_BOOKKEEPING_ONLY = {frozenset({"last_login"})}


def _tracked(instance: Any) -> bool:
    return isinstance(instance, ChangeLoggedModel)


@receiver(pre_save)
def _remember_before(sender: type[models.Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _tracked(instance) or instance._state.adding or instance.pk is None:
        return
    known = known_state(instance)
    if known is not None:  # locked or written by this transaction: memory is the row, no need to read it
        instance._changelog_before = known
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._changelog_before = snapshot(previous) if previous is not None else None


@receiver(post_save)
def _record_save(sender: type[models.Model], instance: Any, created: bool, raw: bool = False,
                 update_fields: Any = None, **kwargs: Any) -> None:
    if raw or not _tracked(instance):
        return
    if update_fields and frozenset(update_fields) in _BOOKKEEPING_ONLY:
        return
    after = snapshot(instance)
    if created:
        record_change(instance=instance, action=ChangeAction.CREATE, before=None, after=after)
    else:
        record_change(instance=instance, action=ChangeAction.UPDATE,
                      before=getattr(instance, "_changelog_before", None) or {}, after=after)
    # The row now holds what memory holds (every column was written, or the row was already known), and this
    # transaction keeps it locked: the next save in the same transaction needn't read it back.
    exact = created or update_fields is None or known_state(instance) is not None
    instance._changelog_before = after
    remember_state(instance, after if exact else None)


@receiver(post_delete)
def _record_delete(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    if _tracked(instance):
        record_change(instance=instance, action=ChangeAction.DELETE, before=snapshot(instance), after=None)


@receiver(m2m_changed)
def _record_m2m(sender: Any, instance: Any, action: str, reverse: bool, model: Any, **kwargs: Any) -> None:
    if reverse or not _tracked(instance) or action not in {"pre_add", "pre_remove", "pre_clear",
                                                           "post_add", "post_remove", "post_clear"}:
        return
    field_name = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), None
    )
    if field_name is None:
        return
    values = sorted(str(pk) for pk in getattr(instance, field_name).values_list("pk", flat=True))
    if action.startswith("pre_"):
        instance.__dict__.setdefault("_changelog_m2m", {})[field_name] = values
        return
    before = instance.__dict__.get("_changelog_m2m", {}).pop(field_name, [])
    record_change(instance=instance, action=ChangeAction.UPDATE, before={field_name: before},
                  after={field_name: values})
