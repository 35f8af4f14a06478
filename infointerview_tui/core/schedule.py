"""Follow-up rules, as pure functions over an injected now (dateutil for the arithmetic).

- thank-you: due 24 hours (elapsed time) after an interview ends;
- 3B7 (below): after an outreach with no reply, business day 3 write to a second person at
  the organization, business day 7 one nudge (same wall-clock time, even across DST);
- stay-in-touch: every N months (config.toml's, per contact) from the last logged touch; a
  month end clamps (31 Jan + 1 month = 28/29 Feb) and any new touch resets the cadence.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

from dateutil.relativedelta import relativedelta

from .businessdays import BusinessCalendar

THANK_YOU_AFTER = timedelta(hours=24)


def thank_you_due(interview_ended: datetime) -> datetime:
    """When the thank-you note is due: exactly 24 h after the interview ended."""
    _aware(interview_ended)
    return (interview_ended.astimezone(UTC) + THANK_YOU_AFTER).astimezone(interview_ended.tzinfo)


def stay_in_touch_due(last_touch: datetime, months: int, local: tzinfo | None = None) -> datetime:
    """The next stay-in-touch date: `months` calendar months after the last touch."""
    _aware(last_touch)
    if months < 1:
        raise ValueError("the stay-in-touch cadence is at least one month")
    zone = local or last_touch.tzinfo
    wall = last_touch.astimezone(zone).replace(tzinfo=None)
    return _localize(wall + relativedelta(months=months), zone)


AGENDA_GROUPS = ("Overdue", "Today", "This week", "Later")


def agenda_group(due: datetime, now: datetime) -> str:
    """Which agenda group a due date falls in, in now's timezone."""
    _aware(due)
    _aware(now)
    local_due = due.astimezone(now.tzinfo)
    if local_due < now and local_due.date() < now.date():
        return "Overdue"
    if local_due.date() == now.date():
        return "Today" if local_due >= now or _is_date_only(local_due) else "Overdue"
    if local_due.date() <= (now + timedelta(days=7)).date():
        return "This week"
    return "Later"


def _is_date_only(value: datetime) -> bool:
    return (value.hour, value.minute, value.second) == (0, 0, 0)


def _aware(value: datetime) -> None:
    if value.tzinfo is None:
        raise ValueError("datetimes given to the schedule must be timezone-aware")


def _localize(wall: datetime, zone: tzinfo | None) -> datetime:
    """Attach a zone to a wall-clock time (zoneinfo/dateutil zones resolve DST per date)."""
    return wall.replace(tzinfo=zone)


# -- the 2-Hour Job Search's 3B7 routine, in business days -------------------------------

NEXT_CONTACT_BUSINESS_DAYS = 3  # no reply by day 3: write to a second person there
NUDGE_BUSINESS_DAYS = 7  # no reply by day 7: nudge the first person, once
BOOSTER_BUSINESS_DAYS = 3  # a reply within 3 business days: a booster
CURMUDGEON_BUSINESS_DAYS = NUDGE_BUSINESS_DAYS * 2  # silent 7 business days after the nudge

RESPONSIVENESS = ("booster", "obligate", "curmudgeon")


def business_due(
    sent: datetime, days: int, calendar: BusinessCalendar, local: tzinfo | None = None
) -> datetime:
    """`days` business days after `sent`, at the wall-clock time of the send."""
    _aware(sent)
    zone = local or sent.tzinfo
    wall = sent.astimezone(zone).replace(tzinfo=None)
    return _localize(calendar.add(wall, days), zone)


def next_contact_due(
    sent: datetime, calendar: BusinessCalendar, local: tzinfo | None = None
) -> datetime:
    """3B7's day 3: when to write to a second person at the same organization."""
    return business_due(sent, NEXT_CONTACT_BUSINESS_DAYS, calendar, local)


def business_nudge_due(
    sent: datetime, calendar: BusinessCalendar, local: tzinfo | None = None
) -> datetime:
    """3B7's day 7: when to nudge an unanswered first message."""
    return business_due(sent, NUDGE_BUSINESS_DAYS, calendar, local)


def responsiveness(
    sent: datetime,
    replied: datetime | None,
    now: datetime,
    calendar: BusinessCalendar,
    local: tzinfo | None = None,
) -> str | None:
    """Booster, obligate or curmudgeon, from when (and whether) they answered.

    A reply within 3 business days of the first message makes a booster, a later one an
    obligate; no reply 7 business days after the nudge (day 14) makes a curmudgeon;
    otherwise it is too early to say (None).
    """
    _aware(sent)
    _aware(now)
    zone = local or sent.tzinfo
    start = sent.astimezone(zone)
    if replied is not None:
        _aware(replied)
        days = calendar.between(start, replied.astimezone(zone))
        return "booster" if days <= BOOSTER_BUSINESS_DAYS else "obligate"
    if now >= business_due(sent, CURMUDGEON_BUSINESS_DAYS, calendar, local):
        return "curmudgeon"
    return None
