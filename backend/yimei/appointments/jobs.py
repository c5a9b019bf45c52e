"""Periodic jobs of appointments: after a day ends, bookings nobody checked in become 爽约 (no-show). And one
reaction to the customer file: a cancelled visit that a check-in registered puts its booking back to waiting.

Every ten minutes rather than once a night: a server that was down at midnight catches up at once, and the
query is an index range over the open bookings that started before today (usually none)."""

from django.db.models.signals import post_save

from yimei.appointments.services import arrival_cancelled, mark_no_shows
from yimei.core.periodic import register_periodic

register_periodic("appointments.mark_no_shows", mark_no_shows, every_seconds=600)


def on_visit_cancelled(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """``visit.cancelled`` on the timeline (written by ``customers.visits.cancel`` in its transaction)."""
    if created and not raw and instance.type == "visit.cancelled" and instance.source_id.isdigit():
        arrival_cancelled(int(instance.source_id), operator=instance.actor)


post_save.connect(on_visit_cancelled, sender="customers.CustomerEvent", dispatch_uid="appointments.visit_cancelled")
