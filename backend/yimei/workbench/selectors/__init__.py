"""The workbench (工作台): the figures and short lists a member of staff starts the day with, by the views their
roles open (``workbench.<view>.view``). Each view's figures are read in a fixed number of queries, whatever the
day holds; each module's rows go through ``restrict()`` with that module's code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from yimei.workbench.choices import View, view_code
from yimei.workbench.selectors import cashier, clinician, consultant, director, reception
from yimei.workbench.selectors.common import Clock, Reader

PANELS: dict[str, Any] = {
    View.RECEPTION: reception,
    View.CONSULTANT: consultant,
    View.CLINICIAN: clinician,
    View.CASHIER: cashier,
    View.DIRECTOR: director,
}
READERS: dict[str, Callable[[Reader], dict[str, Any]]] = {
    view: getattr(module, view) for view, module in PANELS.items()}


def views_of(user: Any) -> list[str]:
    """The views ``user``'s roles open, in the console's order — each only when the user may also open one of its
    figures' modules (a cashier's view without the payments page would be an empty panel)."""
    reader = Reader(user=user, clock=Clock.at())
    return [view for view, module in PANELS.items()
            if reader.has(view_code(view)) and any(reader.has(*codes) for codes in module.OPENED_BY)]


def workbench(user: Any, *, views: list[str], now: datetime | None = None) -> dict[str, Any]:
    """The panels of ``views`` (each one the user may open: the caller checks) for ``user`` at ``now``."""
    reader = Reader(user=user, clock=Clock.at(now))
    result: dict[str, Any] = {"date": reader.clock.today, "generated_at": reader.clock.now}
    for view, read in READERS.items():
        result[view] = read(reader) if view in views else None
    return result
