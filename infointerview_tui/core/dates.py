"""Dates as people type them ("tue 3pm", "dec 3", "2026-12-01 14:30"), never guessed.

Everything is relative to an injected, timezone-aware *now*; results are aware datetimes
in now's timezone (or the one the text names). Anything dateutil cannot read, or reads
only by ignoring words, is refused with a message fit to show the user.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from dateutil import tz as _tz

EXAMPLES = "e.g. 'tue 3pm', 'dec 3', 'tomorrow 10:30' or '2026-12-01 14:30'"

_RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_HAS_YEAR = re.compile(r"\b\d{4}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
# "3-3:30pm", "10:30-11am": a slot written as a range; its start is the time meant.
_TIME_RANGE = re.compile(
    r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*[-\u2013]\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b",
    re.IGNORECASE,
)
# A probe time no one types: text that leaves it in place named no time of day.
_PROBE = (13, 37, 59)


class DateParseError(ValueError):
    """Text that is not a date we can be sure of; str() is the user-facing message."""


def local_now() -> datetime:
    """Now, aware, in the machine's timezone (DST-aware, unlike a fixed offset)."""
    return datetime.now(_tz.tzlocal())


def parse_when(
    text: str,
    now: datetime,
    *,
    prefer_future: bool = True,
    _default_time: tuple[int, int, int] = (0, 0, 0),
) -> datetime:
    """Parse what a person typed into an aware datetime.

    With no time given the result is at midnight of that day ("dec 3" -> 3 Dec 00:00);
    `parse_appointment` refuses that instead. With `prefer_future`, a weekday or a
    month-day without a year that falls before today moves forward to the next one
    ("mon" on a Tuesday is six days ahead). "next fri" is the Friday of next week
    (Monday to Sunday). A range ("tue 3-3:30pm") means its start.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    raw = " ".join(text.strip().split())
    if not raw:
        raise DateParseError(f"Enter a date, {EXAMPLES}.")
    slot = _TIME_RANGE.sub(_range_start, raw)
    lowered = slot.lower()
    if lowered == "now":
        return now
    hour, minute, second = _default_time
    base = now.replace(hour=0, minute=0, second=0, microsecond=0)
    default = base.replace(hour=hour, minute=minute, second=second)
    words = lowered.split(" ", 1)
    if words[0] in _RELATIVE_DAYS:
        day = default + timedelta(days=_RELATIVE_DAYS[words[0]])
        if len(words) == 1:
            return day
        return _parse(words[1], raw, day, now)
    if words[0] == "next" and len(words) == 2 and words[1][:3] in _WEEKDAYS:
        # "next fri": the Friday of next week (the week starting next Monday).
        day_name, _, rest = words[1].partition(" ")
        next_monday = default + timedelta(days=7 - now.weekday())
        day = next_monday + timedelta(days=_WEEKDAYS.index(day_name[:3]))
        if day_name not in _WEEKDAY_NAMES[day_name[:3]]:
            raise DateParseError(f"Could not understand '{day_name}' in '{raw}', {EXAMPLES}.")
        return _parse(rest, raw, day, now) if rest else day.replace(tzinfo=now.tzinfo)
    if raw.isdigit() and len(raw) < 6:
        raise DateParseError(f"'{raw}' is ambiguous: add a month or a time, {EXAMPLES}.")
    result = _parse(slot, raw, default, now)
    if prefer_future and result < base:
        if any(lowered.startswith(w) for w in _WEEKDAYS) and not _names_a_month(lowered):
            result += timedelta(days=7)
        elif not _HAS_YEAR.search(lowered) and _names_a_month(lowered):
            result = result.replace(year=result.year + 1)
    return result


_WEEKDAY_NAMES = {
    "mon": ("mon", "monday"),
    "tue": ("tue", "tues", "tuesday"),
    "wed": ("wed", "weds", "wednesday"),
    "thu": ("thu", "thur", "thurs", "thursday"),
    "fri": ("fri", "friday"),
    "sat": ("sat", "saturday"),
    "sun": ("sun", "sunday"),
}


def _range_start(match: re.Match[str]) -> str:
    start_h, start_m, start_ampm, end_h, end_m, end_ampm = match.groups()
    ampm = (start_ampm or end_ampm).lower()
    if start_ampm is None and end_ampm.lower() == "pm":
        # "11-12:30pm" starts at 11am: a start later than its end takes the other half.
        start = int(start_h) % 12 * 60 + int(start_m or 0) + 720
        end = int(end_h) % 12 * 60 + int(end_m or 0) + 720
        if start > end:
            ampm = "am"
    return f"{start_h}:{start_m or '00'}{ampm}"


def parse_appointment(text: str, now: datetime) -> datetime:
    """A meeting time: like `parse_when`, but a day with no time of day is refused
    ("friday" would otherwise be saved at 00:00 by accident)."""
    result = parse_when(text, now)
    probe = parse_when(text, now, _default_time=_PROBE)
    if (probe.hour, probe.minute, probe.second) == _PROBE:
        raise DateParseError(
            f"'{' '.join(text.split())}' has no time of day: add one, e.g. "
            f"'{' '.join(text.split())} 3pm'."
        )
    return result


def is_past(value: datetime, now: datetime) -> bool:
    """Before now: the caller asks before saving it as an upcoming meeting."""
    return value < now


def _names_a_month(lowered: str) -> bool:
    return any(re.search(rf"\b{m}", lowered) for m in _MONTHS)


def _parse(fragment: str, raw: str, default: datetime, now: datetime) -> datetime:
    # Imported here: the parser costs ~60 ms, and the board's first frame never needs it.
    from dateutil import parser as _parser

    try:
        result, skipped = _parser.parse(
            fragment, default=default.replace(tzinfo=None), fuzzy_with_tokens=True
        )
    except (ValueError, OverflowError):
        raise DateParseError(f"Could not read '{raw}' as a date, {EXAMPLES}.") from None
    leftovers = [t.strip() for t in skipped if t.strip(" ,.")]
    if leftovers:
        unknown = " ".join(leftovers)
        raise DateParseError(f"Could not understand '{unknown}' in '{raw}', {EXAMPLES}.")
    if result.tzinfo is None:
        result = result.replace(tzinfo=now.tzinfo)
    return result


def format_when(value: datetime, now: datetime) -> str:
    """A short, unambiguous rendering for lists: 'Tue 1 Dec 15:00' (year if not now's)."""
    local = value.astimezone(now.tzinfo)
    text = f"{local:%a} {local.day} {local:%b}"
    if local.year != now.year:
        text += f" {local.year}"
    if (local.hour, local.minute) != (0, 0):
        text += f" {local:%H:%M}"
    return text


def short_due(value: datetime, now: datetime) -> str:
    """A compact due date for narrow places: 'today 16:00', 'tomorrow 09:30', '27 Nov'."""
    local = value.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    clock = f" {local:%H:%M}" if (local.hour, local.minute) != (0, 0) else ""
    if days == 0:
        return f"today{clock}"
    if days == 1:
        return f"tomorrow{clock}"
    if days == -1:
        return f"yesterday{clock}"
    text = f"{local.day} {local:%b}"
    return text if local.year == now.year else f"{text} {local.year}"
