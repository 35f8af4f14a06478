"""iCalendar out, through the icalendar library: interviews as VEVENT, follow-ups as
VTODO. UIDs are stable, so a calendar subscribed to the file updates, not duplicates."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .. import db
from ..stages import CATEGORIES
from ..store import Store
from .files import check_target, write_atomically
from .vcard import NAMESPACE

SUMMARIES = {
    "thank-you": "Thank-you note to {name}",
    "nudge": "Nudge {name} (no reply to your outreach)",
    "stay-in-touch": "Stay in touch with {name}",
    "give-back": "Give back to {name}",
    "update": "Update {name} on your progress",
}


PRODID = "-//infointerview//information interviews//EN"


def event_uid(kind: str, record_id: int, anchor: str) -> str:
    """Stable per record (and per database): `anchor` is the contact's created_at text."""
    return f"{uuid.uuid5(NAMESPACE, f'{kind}:{record_id}:{anchor}')}@infointerview"


def interview_event(
    uid: str,
    stamp: datetime,
    begin: datetime,
    minutes: int,
    location: str,
    name: str,
    organization: str,
    questions: list[tuple[int, str]],
) -> Any:
    """One interview as a VEVENT with a 30-minute alarm (the export and the sync)."""
    from icalendar import Alarm, Event

    titles = {n: t for n, t, _ in CATEGORIES}
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", begin)
    event.add("dtend", begin + timedelta(minutes=minutes))
    who = f"{name} ({organization})" if organization else name
    event.add("summary", f"Information interview: {who}")
    if location:
        event.add("location", location)
    event.add("status", "CONFIRMED")
    lines = ["Planned questions:"] + [f"- [{titles[c]}] {q}" for c, q in questions]
    lines.append("Remember AIR: Advice, Insight, Referral.")
    event.add("description", "\n".join(lines))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Information interview with {name} in 30 minutes")
    alarm.add("trigger", timedelta(minutes=-30))
    event.add_component(alarm)
    return event


def follow_up_todo(
    uid: str, stamp: datetime, kind: str, due: datetime, note: str, name: str
) -> Any:
    """One open follow-up as a VTODO (the export and the sync)."""
    from icalendar import Todo

    todo = Todo()
    todo.add("uid", uid)
    todo.add("dtstamp", stamp)
    todo.add("due", due)
    todo.add("status", "NEEDS-ACTION")
    todo.add("summary", SUMMARIES.get(kind, kind + " {name}").format(name=name))
    if note:
        todo.add("description", note)
    return todo


def build_calendar(store: Store) -> bytes:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Information interviews")
    stamp = store.now()
    interviews = store.query(
        "SELECT i.id, i.scheduled_at, i.planned_minutes, i.location, i.status, c.name, "
        "c.created_at, coalesce(o.name, '') FROM interview i JOIN contact c ON c.id = "
        "i.contact_id LEFT JOIN organization o ON o.id = c.organization_id "
        "WHERE i.scheduled_at IS NOT NULL AND i.status != 'cancelled' ORDER BY i.id"
    )
    for iid, start, minutes, location, _status, name, anchor, org in interviews:
        begin = db.from_db(start)
        assert begin is not None
        questions = store.query(
            "SELECT category, question_text FROM interview_answer WHERE interview_id = ? "
            "ORDER BY category, position, id",
            (iid,),
        )
        cal.add_component(
            interview_event(
                event_uid("interview", iid, anchor),
                stamp,
                begin,
                minutes,
                location,
                name,
                org,
                [(c, q) for c, q in questions],
            )
        )
    follow_ups = store.query(
        "SELECT f.id, f.kind, f.due, f.note, c.name, c.created_at FROM follow_up f "
        "JOIN contact c ON c.id = f.contact_id WHERE f.done = 0 AND c.archived = 0 "
        "ORDER BY f.id"
    )
    for fid, kind, due, note, name, anchor in follow_ups:
        when = db.from_db(due)
        assert when is not None
        uid = event_uid("follow-up", fid, anchor)
        cal.add_component(follow_up_todo(uid, stamp, kind, when, note, name))
    return cal.to_ical()


def export_ics(store: Store, out: Path, *, force: bool = False) -> tuple[int, int]:
    """Write the calendar (0600; an existing file only with `force`); returns
    (events, to-dos)."""
    check_target(out, force=force)
    data = build_calendar(store)
    write_atomically(out, data, force=force)
    return data.count(b"BEGIN:VEVENT"), data.count(b"BEGIN:VTODO")
