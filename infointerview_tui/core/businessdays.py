"""Business days: weekends and (optionally) a country's public holidays skipped.

The 2-Hour Job Search counts its follow-ups in business days (3B7: write to a second
person on day 3, nudge on day 7). The holiday calendar is named the way people say it:
"US", "CA-ON" (a country and a subdivision), "GB-SCT". The `holidays` package knows
them; it is imported only when a calendar is named.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any


class HolidayError(ValueError):
    """A holiday calendar name the `holidays` package does not know."""


class BusinessCalendar:
    """Which days are business days: Monday–Friday minus the calendar's holidays."""

    def __init__(self, holidays: Container[date] | None = None, name: str = "") -> None:
        self._holidays: Container[date] = holidays if holidays is not None else frozenset()
        self.name = name
        # Asking the `holidays` package, or walking 14 days, costs microseconds; the reply
        # rates ask the same of a few hundred dates for every message (issue 16). Kept
        # per calendar (shared by `_calendar`; a dict read or write is atomic).
        self._known: dict[date, bool] = {}
        self._added: dict[tuple[date, int], date] = {}

    def is_business_day(self, day: date) -> bool:
        known = self._known.get(day)
        if known is None:
            known = self._known[day] = day.weekday() < 5 and day not in self._holidays
        return known

    def add(self, start: datetime, days: int) -> datetime:
        """`days` business days after `start`, at the same wall-clock time.

        Day 1 is the first business day after the start's date, whatever the start is.
        """
        if days < 0:
            raise ValueError("business days are counted forward")
        key = (start.date(), days)
        day = self._added.get(key)
        if day is None:
            day = self._added[key] = self._add_days(*key)
        return start.replace(year=day.year, month=day.month, day=day.day)

    def _add_days(self, day: date, days: int) -> date:
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_business_day(day):
                counted += 1
        return day

    def between(self, start: datetime | date, end: datetime | date) -> int:
        """Business days after `start`'s date up to and including `end`'s date (≥ 0)."""
        first = start.date() if isinstance(start, datetime) else start
        last = end.date() if isinstance(end, datetime) else end
        if last <= first:
            return 0
        count = 0
        day = first
        while day < last:
            day += timedelta(days=1)
            if self.is_business_day(day):
                count += 1
        return count


def holiday_calendar(name: str) -> BusinessCalendar:
    """The calendar named `name` ("" = weekends only); HolidayError if it is unknown."""
    return _calendar(name.strip().upper())


@lru_cache(maxsize=8)
def _calendar(name: str) -> BusinessCalendar:
    if not name:
        return BusinessCalendar()
    country, _, subdivision = name.partition("-")
    import holidays

    try:
        days: Any = holidays.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError:
        if subdivision:
            raise HolidayError(
                f'"{name}": {country} has no subdivision {subdivision} '
                '(e.g. "CA-ON", "US-NY", "GB-SCT")'
            ) from None
        raise HolidayError(
            f'"{name}" is not a known country code (e.g. "US", "CA-ON", "GB-SCT")'
        ) from None
    return BusinessCalendar(days, name)
