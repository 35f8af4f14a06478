"""Business days and the 3B7 routine: weekends and a configured holiday calendar skipped."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infointerview_tui.core.businessdays import BusinessCalendar, HolidayError, holiday_calendar
from infointerview_tui.core.schedule import (
    business_nudge_due,
    next_contact_due,
    responsiveness,
)

NY = ZoneInfo("America/New_York")


def test_3b7_over_christmas_with_us_holidays() -> None:
    sent = datetime(2026, 12, 22, 10, 0, tzinfo=NY)  # a Tuesday
    us = holiday_calendar("US")
    assert next_contact_due(sent, us) == datetime(2026, 12, 28, 10, 0, tzinfo=NY)
    assert business_nudge_due(sent, us) == datetime(2027, 1, 4, 10, 0, tzinfo=NY)
    # Weekends only: 25 Dec and 1 Jan count as business days.
    plain = holiday_calendar("")
    assert next_contact_due(sent, plain) == datetime(2026, 12, 25, 10, 0, tzinfo=NY)
    assert business_nudge_due(sent, plain) == datetime(2026, 12, 31, 10, 0, tzinfo=NY)


def test_subdivision_calendar() -> None:
    on = holiday_calendar("CA-ON")
    assert not on.is_business_day(date(2026, 12, 28))  # Boxing Day observed in Ontario
    assert holiday_calendar("ca-on").name == "CA-ON"


@pytest.mark.parametrize("name", ["XX", "US-ZZ", "GB-NOPE"])
def test_unknown_calendars_are_named(name: str) -> None:
    with pytest.raises(HolidayError, match=name.split("-")[-1]):
        holiday_calendar(name)


def test_responsiveness() -> None:
    cal = holiday_calendar("US")
    sent = datetime(2026, 12, 22, 10, 0, tzinfo=NY)
    assert responsiveness(sent, sent + timedelta(days=1), sent, cal) == "booster"
    # Three business days later (Wed, Thu, Mon: 25th is a holiday) is still a booster.
    assert responsiveness(sent, datetime(2026, 12, 28, 18, tzinfo=NY), sent, cal) == "booster"
    assert responsiveness(sent, datetime(2026, 12, 29, 9, tzinfo=NY), sent, cal) == "obligate"
    assert responsiveness(sent, None, datetime(2027, 1, 5, tzinfo=NY), cal) is None
    # Nudge on Mon 4 Jan (day 7); silent 7 more business days: Wed 13 Jan, 10:00.
    assert responsiveness(sent, None, datetime(2027, 1, 13, 9, 59, tzinfo=NY), cal) is None
    assert responsiveness(sent, None, datetime(2027, 1, 13, 10, tzinfo=NY), cal) == "curmudgeon"


HOLIDAY_SETS = st.frozensets(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)), max_size=40
)
SENDS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(NY)
)


@settings(max_examples=200, deadline=None)
@given(sent=SENDS, holidays=HOLIDAY_SETS, days=st.integers(min_value=0, max_value=20))
def test_add_lands_on_a_business_day_keeping_the_wall_clock(
    sent: datetime, holidays: frozenset[date], days: int
) -> None:
    cal = BusinessCalendar(holidays)
    due = cal.add(sent, days)
    assert (due.hour, due.minute, due.second) == (sent.hour, sent.minute, sent.second)
    if days:
        assert due.date() > sent.date()
        assert cal.is_business_day(due.date())
    # Exactly `days` business days lie after the start, up to and including the due date.
    assert cal.between(sent, due) == days
    # No business day is skipped: the day before the due one is not yet `days` away.
    if days:
        assert cal.between(sent, due - timedelta(days=1)) == days - 1


@settings(max_examples=200, deadline=None)
@given(sent=SENDS, holidays=HOLIDAY_SETS, gap=st.integers(min_value=0, max_value=40))
def test_responsiveness_is_monotonic_in_reply_time(
    sent: datetime, holidays: frozenset[date], gap: int
) -> None:
    cal = BusinessCalendar(holidays)
    replied = sent + timedelta(days=gap)
    kind = responsiveness(sent, replied, replied, cal)
    assert kind == ("booster" if cal.between(sent, replied) <= 3 else "obligate")
    # Later replies are never "more responsive" than earlier ones.
    if kind == "obligate":
        later = responsiveness(sent, replied + timedelta(days=1), replied, cal)
        assert later == "obligate"
