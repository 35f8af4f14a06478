"""Follow-up rules: thank-you 24 h, one nudge at 7 days, stay-in-touch cadence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from infointerview_tui.core import schedule
from infointerview_tui.core.businessdays import BusinessCalendar

TORONTO = ZoneInfo("America/Toronto")


def test_thank_you_is_due_24_hours_after_the_end():
    ended = datetime(2026, 11, 26, 14, 30, tzinfo=UTC)
    assert schedule.thank_you_due(ended) == ended + timedelta(hours=24)


def test_thank_you_across_dst_is_24_elapsed_hours():
    ended = datetime(2026, 10, 31, 12, 0, tzinfo=TORONTO)  # DST ends 1 Nov 2026
    due = schedule.thank_you_due(ended)
    # same-zone subtraction in Python is wall-clock; elapsed time is measured in UTC
    assert due.astimezone(UTC) - ended.astimezone(UTC) == timedelta(hours=24)
    assert due.astimezone(TORONTO).hour == 11  # the wall clock moved back an hour


def test_nudge_keeps_the_wall_clock_across_dst():
    sent = datetime(2026, 10, 29, 9, 0, tzinfo=TORONTO)  # a Thursday; DST ends 1 Nov
    due = schedule.business_nudge_due(sent, BusinessCalendar())
    assert due.astimezone(TORONTO).replace(tzinfo=None) == datetime(2026, 11, 9, 9, 0)
    assert due.astimezone(UTC) - sent.astimezone(UTC) == timedelta(days=11, hours=1)


@pytest.mark.parametrize(
    ("touch", "months", "expected"),
    [
        (datetime(2026, 11, 30, 10, 0), 3, datetime(2027, 2, 28, 10, 0)),  # month end clamps
        (datetime(2027, 11, 30, 10, 0), 3, datetime(2028, 2, 29, 10, 0)),  # leap year
        (datetime(2026, 1, 31, 10, 0), 1, datetime(2026, 2, 28, 10, 0)),
        (datetime(2026, 5, 15, 10, 0), 6, datetime(2026, 11, 15, 10, 0)),
    ],
)
def test_stay_in_touch_cadence(touch, months, expected):
    due = schedule.stay_in_touch_due(touch.replace(tzinfo=TORONTO), months)
    assert due.replace(tzinfo=None) == expected


def test_cadence_is_whole_months_and_refuses_zero():
    touch = datetime(2026, 8, 1, tzinfo=UTC)
    assert schedule.stay_in_touch_due(touch, 3) == datetime(2026, 11, 1, tzinfo=UTC)
    with pytest.raises(ValueError):
        schedule.stay_in_touch_due(touch, 0)


def test_a_new_touch_resets_the_cadence():
    first = datetime(2026, 6, 1, tzinfo=UTC)
    later = datetime(2026, 8, 20, tzinfo=UTC)
    assert schedule.stay_in_touch_due(max(first, later), 3) == datetime(2026, 11, 20, tzinfo=UTC)


def test_agenda_groups():
    now = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
    assert schedule.agenda_group(now - timedelta(days=2), now) == "Overdue"
    assert schedule.agenda_group(now - timedelta(hours=1), now) == "Overdue"
    assert schedule.agenda_group(now + timedelta(hours=2), now) == "Today"
    assert schedule.agenda_group(datetime(2026, 11, 26, tzinfo=UTC), now) == "Today"
    assert schedule.agenda_group(now + timedelta(days=3), now) == "This week"
    assert schedule.agenda_group(now + timedelta(days=30), now) == "Later"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        schedule.thank_you_due(datetime(2026, 1, 1))
