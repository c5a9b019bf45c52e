"""Periodic jobs of appointments: after a day ends, bookings nobody checked in become 爽约 (no-show).

Every ten minutes rather than once a night: a server that was down at midnight catches up at once, and the
query is an index range over the open bookings that started before today (usually none)."""

from yimei.appointments.services import mark_no_shows
from yimei.core.periodic import register_periodic

register_periodic("appointments.mark_no_shows", mark_no_shows, every_seconds=600)
