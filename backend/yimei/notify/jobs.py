"""The outbox's periodic jobs: send what is due, and settle messages whose worker died mid-send."""

from __future__ import annotations

from django.conf import settings

from yimei.core.periodic import register_periodic


def dispatch_due_messages() -> int:
    from yimei.notify.dispatch import dispatch_due

    return dispatch_due(limit=settings.NOTIFY_DISPATCH_BATCH)


def recover_expired_leases() -> int:
    from yimei.notify.dispatch import recover_expired

    return recover_expired()


register_periodic("notify.dispatch_due", dispatch_due_messages, every_seconds=settings.NOTIFY_DISPATCH_EVERY_SECONDS)
register_periodic("notify.recover_expired", recover_expired_leases, every_seconds=60)
