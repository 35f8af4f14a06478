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
