"""China's public holidays and make-up working days (调休) for rosters, from ``chinese_calendar``.

The package is updated once a year when the State Council publishes the next year's holidays; for a year it
does not know (1.11: after 2026) it raises ``NotImplementedError``. Such days are then taken by their weekday
alone and the year is reported back, so the clinic knows to check those days by hand (and to update the package).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import chinese_calendar

WORKDAY, WEEKEND, HOLIDAY, MAKE_UP, UNKNOWN = "workday", "weekend", "holiday", "make_up", "unknown"

HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


@dataclass(frozen=True)
class Day:
    date: date
    kind: str  # workday | weekend | holiday | make_up | unknown
    name: str = ""  # the holiday a public holiday or make-up day belongs to, in Chinese

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5


def day_of(day: date) -> Day:
    """What kind of day ``day`` is in China: a public holiday (off), a make-up working day on a weekend (worked),
    an ordinary workday or weekend day, or ``unknown`` when the package has no data for its year."""
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return Day(day, UNKNOWN)
    label = HOLIDAY_NAMES.get(name or "", name or "")
    if on_holiday and name:
        return Day(day, HOLIDAY, label)
    if not on_holiday and day.weekday() >= 5:
        return Day(day, MAKE_UP, label)
    return Day(day, WEEKEND if on_holiday else WORKDAY)
