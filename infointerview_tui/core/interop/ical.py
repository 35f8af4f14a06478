"""iCalendar out, through the icalendar library: interviews as VEVENT, follow-ups as
VTODO. UIDs are stable, so a calendar subscribed to the file updates, not duplicates."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

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


def _uid(kind: str, record_id: int, anchor: str) -> str:
    return f"{uuid.uuid5(NAMESPACE, f'{kind}:{record_id}:{anchor}')}@infointerview"


def build_calendar(store: Store) -> bytes:
    from icalendar import Alarm, Calendar, Event, Todo

    cal = Calendar()
    cal.add("prodid", "-//infointerview//information interviews//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Information interviews")
    stamp = store.now()
    titles = {n: t for n, t, _ in CATEGORIES}
    interviews = store.query(
        "SELECT i.id, i.scheduled_at, i.planned_minutes, i.location, i.status, c.name, "
        "c.created_at, coalesce(o.name, '') FROM interview i JOIN contact c ON c.id = "
        "i.contact_id LEFT JOIN organization o ON o.id = c.organization_id "
        "WHERE i.scheduled_at IS NOT NULL AND i.status != 'cancelled' AND c.archived = 0 "
        "ORDER BY i.id"
    )
    for iid, start, minutes, location, status, name, anchor, org in interviews:
        begin = db.from_db(start)
        assert begin is not None
        event = Event()
        event.add("uid", _uid("interview", iid, anchor))
        event.add("dtstamp", stamp)
        event.add("dtstart", begin)
        event.add("dtend", begin + timedelta(minutes=minutes))
        who = f"{name} ({org})" if org else name
        event.add("summary", f"Information interview: {who}")
        if location:
            event.add("location", location)
        event.add("status", "CONFIRMED")
        questions = store.query(
            "SELECT category, question_text FROM interview_answer WHERE interview_id = ? "
            "ORDER BY category, position, id",
            (iid,),
        )
        lines = ["Planned questions:"] + [f"- [{titles[c]}] {q}" for c, q in questions]
        lines.append("Remember AIR: Advice, Insight, Referral.")
        event.add("description", "\n".join(lines))
        if status != "done":  # a reminder for a conversation that already happened is noise
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Information interview with {name} in 30 minutes")
            alarm.add("trigger", timedelta(minutes=-30))
            event.add_component(alarm)
        cal.add_component(event)
    follow_ups = store.query(
        "SELECT f.id, f.kind, f.due, f.note, c.name, c.created_at FROM follow_up f "
        "JOIN contact c ON c.id = f.contact_id WHERE f.done = 0 AND c.archived = 0 "
        "ORDER BY f.id"
    )
    for fid, kind, due, note, name, anchor in follow_ups:
        todo = Todo()
        todo.add("uid", _uid("follow-up", fid, anchor))
        todo.add("dtstamp", stamp)
        todo.add("due", db.from_db(due))
        todo.add("status", "NEEDS-ACTION")
        todo.add("summary", SUMMARIES.get(kind, kind + " {name}").format(name=name))
        if note:
            todo.add("description", note)
        cal.add_component(todo)
    return cal.to_ical()


def export_ics(store: Store, out: Path, *, force: bool = False) -> tuple[int, int]:
    """Write the calendar (0600; an existing file only with `force`); returns
    (events, to-dos)."""
    check_target(out, force=force)
    data = build_calendar(store)
    write_atomically(out, data, force=force)
    return data.count(b"BEGIN:VEVENT"), data.count(b"BEGIN:VTODO")
