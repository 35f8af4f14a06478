"""Objects as the server holds them: the fields the app takes back, and the 3-way merge."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .local import CONTACT, CONTACT_FIELDS, INTERVIEW, iso


@dataclass
class Remote:
    """What one server object says about the fields the phone may change."""

    uid: str
    fields: dict[str, Any] = field(default_factory=dict)
    start: datetime | None = None  # a VEVENT's start (aware)
    refused: list[str] = field(default_factory=list)  # values the app cannot take


def parse(kind: str, text: str) -> Remote | None:
    """The object's UID and fields; None when it cannot be read."""
    try:
        if kind == CONTACT:
            return _card(text)
        return _calendar(kind, text)
    except Exception:  # a malformed object on the server: leave it, the app's wins
        return None


def _card(text: str) -> Remote:
    from ..interop.vcard import parse_card

    card = parse_card(text)
    values = {"phone": card.phone, "email": card.email, "title": card.title}
    # A value the importer would refuse (a malformed email) is not taken: the app's stays.
    refused = [k for k in CONTACT_FIELDS if any(r.endswith(f": {k}") for r in card.rejected)]
    fields = {k: values[k] for k in CONTACT_FIELDS if k not in refused}
    return Remote(card.uid, fields, refused=[f"{k} on the server is not valid" for k in refused])


def _calendar(kind: str, text: str) -> Remote | None:
    from icalendar import Calendar

    cal = Calendar.from_ical(text)
    name = "VEVENT" if kind == INTERVIEW else "VTODO"
    for component in cal.walk(name):
        if component.get("recurrence-id") is not None:
            continue
        uid = str(component.get("uid", ""))
        if kind == INTERVIEW:
            start = component.decoded("dtstart") if "dtstart" in component else None
            if not isinstance(start, datetime):
                # An all-day date has no time to interview at: the app's time stays.
                return Remote(uid, {}) if isinstance(start, date) or start is None else None
            if start.tzinfo is None:
                start = start.astimezone()  # floating time: the phone's local time
            return Remote(uid, {"start": iso(start)}, start)
        status = str(component.get("status", "")).upper()
        done = status == "COMPLETED" or component.get("completed") is not None
        return Remote(uid, {"done": done})
    return None


def merge(
    base: dict[str, Any], local: dict[str, Any], remote: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(values to take from the server, conflicting server values the app overrides).

    A field changed only on the server is taken; changed on both sides to different
    values is a conflict (the app keeps its value); changed the same way is agreement.
    """
    take: dict[str, Any] = {}
    conflicts: dict[str, Any] = {}
    for name, theirs in remote.items():
        ours = local.get(name)
        before = base.get(name, ours)
        if theirs in (before, ours):
            continue
        if ours == before:
            take[name] = theirs
        else:
            conflicts[name] = theirs
    return take, conflicts
