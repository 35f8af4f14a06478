"""Dates typed the way people type them, relative to a frozen now; never guessed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from infointerview_tui.core.dates import DateParseError, format_when, parse_when, short_due

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 26, 13, 0, tzinfo=TORONTO)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tue 3pm", datetime(2026, 12, 1, 15, 0)),
        ("dec 3", datetime(2026, 12, 3, 0, 0)),
        ("2026-12-01 14:30", datetime(2026, 12, 1, 14, 30)),
        ("tomorrow 10:30", datetime(2026, 11, 27, 10, 30)),
        ("today", datetime(2026, 11, 26, 0, 0)),
        ("3pm", datetime(2026, 11, 26, 15, 0)),
        ("next thu 2pm", datetime(2026, 12, 3, 14, 0)),
        ("thu", datetime(2026, 11, 26, 0, 0)),
        ("mon", datetime(2026, 11, 30, 0, 0)),
        ("jan 5", datetime(2027, 1, 5, 0, 0)),  # past month-day rolls to next year
        ("  Dec   3  ", datetime(2026, 12, 3, 0, 0)),
    ],
)
def test_parses_what_people_type(text, expected):
    result = parse_when(text, NOW)
    assert result.tzinfo is not None
    assert result.replace(tzinfo=None) == expected


def test_past_allowed_when_not_preferring_future():
    assert parse_when("jan 5", NOW, prefer_future=False).year == 2026


def test_explicit_timezone_is_kept():
    result = parse_when("2026-12-01 14:30 UTC", NOW)
    assert result.utcoffset().total_seconds() == 0


def test_dst_is_resolved_per_date():
    summer = parse_when("2027-07-01 09:00", NOW)
    winter = parse_when("2026-12-01 09:00", NOW)
    assert summer.utcoffset() != winter.utcoffset()


@pytest.mark.parametrize(
    "text", ["", "   ", "xyz", "3", "tue 3pm pizza", "2026-02-30", "next week", "25:00"]
)
def test_refuses_what_it_cannot_be_sure_of(text):
    with pytest.raises(DateParseError) as info:
        parse_when(text, NOW)
    message = str(info.value)
    assert "e.g." in message or "ambiguous" in message


def test_naive_now_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_when("dec 3", datetime(2026, 11, 26))


def test_formatting():
    assert format_when(datetime(2026, 12, 1, 15, 0, tzinfo=TORONTO), NOW) == "Tue 1 Dec 15:00"
    assert format_when(datetime(2027, 1, 5, tzinfo=TORONTO), NOW) == "Tue 5 Jan 2027"
    assert short_due(datetime(2026, 11, 26, 16, 0, tzinfo=TORONTO), NOW) == "today 16:00"
    assert short_due(datetime(2026, 11, 27, tzinfo=TORONTO), NOW) == "tomorrow"
    assert short_due(datetime(2026, 12, 9, 8, 0, tzinfo=TORONTO), NOW) == "9 Dec"


# -- issue 11: dates a newcomer types -------------------------------------------------

from datetime import timedelta  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from infointerview_tui.core.dates import is_past, parse_appointment  # noqa: E402

DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue 3-3:30pm", datetime(2026, 12, 1, 15, 0)),  # the composer's own example
        ("tue 3pm-3:30pm", datetime(2026, 12, 1, 15, 0)),
        ("fri 11-12:30pm", datetime(2026, 11, 27, 11, 0)),
        ("fri 10:30-11am", datetime(2026, 11, 27, 10, 30)),
        ("next friday", datetime(2026, 12, 4, 0, 0)),  # Friday of next week, not tomorrow
        ("next friday 3pm", datetime(2026, 12, 4, 15, 0)),
        ("next mon 9am", datetime(2026, 11, 30, 9, 0)),
    ],
)
def test_slots_and_next_weekday(text, expected):
    assert parse_when(text, NOW).replace(tzinfo=None) == expected


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)),
    st.sampled_from(DAY_NAMES),
)
def test_next_weekday_is_in_next_week(naive_now, day):
    now = naive_now.replace(tzinfo=TORONTO)
    result = parse_when(f"next {day}", now)
    next_monday = now.date() + timedelta(days=7 - now.weekday())
    assert next_monday <= result.date() < next_monday + timedelta(days=7)
    assert result.strftime("%A").lower() == day


@pytest.mark.parametrize("text", ["friday", "dec 3", "today", "next friday", "2026-12-01"])
def test_appointment_without_a_time_is_refused(text):
    with pytest.raises(DateParseError, match="no time of day"):
        parse_appointment(text, NOW)


@pytest.mark.parametrize("text", ["friday 3pm", "dec 3 00:00", "tomorrow 9:15", "Tue 3-3:30pm"])
def test_appointment_with_a_time_parses(text):
    assert parse_appointment(text, NOW) == parse_when(text, NOW)


def test_midnight_typed_on_purpose_is_kept():
    assert parse_appointment("dec 3 0:00", NOW).hour == 0


def test_past_is_flagged():
    assert is_past(parse_when("3pm", NOW).replace(hour=9), NOW)
    assert not is_past(parse_appointment("3pm", NOW), NOW)
