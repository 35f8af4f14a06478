"""iCalendar out: interviews as VEVENT (with a 30-minute alarm), open follow-ups as
VTODO. UIDs are stable, so a calendar subscribed to the file updates, not duplicates.

Streamed: each part is one select() read in batches and written as it arrives, in the
property order, escaping and folding of the icalendar library (a test compares bytes).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .. import db
from ..stages import CATEGORIES
from ..store import Store
from .contentlines import escape_ical, fold_ical
from .files import check_target, private_output
from .vcard import NAMESPACE

STREAM_BATCH = 1000
SUMMARIES = {
    "thank-you": "Thank-you note to {name}",
    "nudge": "Nudge {name} (no reply to your outreach)",
    "stay-in-touch": "Stay in touch with {name}",
    "give-back": "Give back to {name}",
    "update": "Update {name} on your progress",
}


def _uid(kind: str, record_id: int, anchor: datetime) -> str:
    return event_uid(kind, record_id, db.to_db(anchor) or "")


def _when(value: datetime) -> str:
    """A UTC date-time, as in 20261126T130000Z (SQLModel returns aware UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _block(lines: list[str]) -> str:
    return "".join(map(fold_ical, lines))


def _event(row: tuple[Any, ...], questions: list[str], stamp: str) -> str:
    """One interview: properties in icalendar's order (its canonical VEVENT order, then
    alphabetical), then the alarm."""
    iid, start, minutes, location, status, name, anchor, org = row
    label = f"{name} ({org})" if org else name
    plan = ["Planned questions:", *questions, "Remember AIR: Advice, Insight, Referral."]
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + escape_ical(f"Information interview: {label}"),
        "DTSTART:" + _when(start),
        "DTEND:" + _when(start + timedelta(minutes=minutes)),
        "DTSTAMP:" + stamp,
        "UID:" + escape_ical(_uid("interview", iid, anchor)),
        "DESCRIPTION:" + escape_ical("\n".join(plan)),
    ]
    if location:
        lines.append("LOCATION:" + escape_ical(location))
    lines.append("STATUS:CONFIRMED")
    if status != "done":  # a reminder for a conversation that already happened is noise
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:" + escape_ical(f"Information interview with {name} in 30 minutes"),
            "TRIGGER:-PT30M",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return _block(lines)


def _events(session: Any, stamp: str) -> Iterator[str]:
    """Scheduled, not cancelled interviews with their planned questions, in id order."""
    from sqlalchemy import false, select

    from .. import models

    # Any: SQLModel types the columns as their Python values, which select() refuses.
    interview: Any = models.Interview
    contact: Any = models.Contact
    org: Any = models.Organization
    answer: Any = models.InterviewAnswer
    stmt = (
        select(
            interview.id,
            interview.scheduled_at,
            interview.planned_minutes,
            interview.location,
            interview.status,
            contact.name,
            contact.created_at,
            org.name,
            answer.category,
            answer.question_text,
        )
        .join(contact, contact.id == interview.contact_id)
        .outerjoin(org, org.id == contact.organization_id)
        .outerjoin(answer, answer.interview_id == interview.id)
        .where(
            interview.scheduled_at.is_not(None),
            interview.status != "cancelled",
            contact.archived == false(),  # archived contacts' interviews are left out
        )
        .order_by(interview.id, answer.category, answer.position, answer.id)
    )
    titles = {n: t for n, t, _ in CATEGORIES}
    current: tuple[Any, ...] | None = None
    questions: list[str] = []

    result = session.connection().execute(stmt, execution_options={"yield_per": STREAM_BATCH})
    for row in result:
        if current is None or current[0] != row[0]:
            if current is not None:
                yield _event(current, questions, stamp)
            current, questions = tuple(row[:8]), []
        if row[8] is not None:
            questions.append(f"- [{titles[row[8]]}] {row[9]}")
    if current is not None:
        yield _event(current, questions, stamp)


def _todos(session: Any, stamp: str) -> Iterator[str]:
    """Open follow-ups of contacts still active, in id order."""
    from sqlalchemy import false, select

    from .. import models

    follow_up: Any = models.FollowUp
    contact: Any = models.Contact
    stmt = (
        select(
            follow_up.id,
            follow_up.kind,
            follow_up.due,
            follow_up.note,
            contact.name,
            contact.created_at,
        )
        .join(contact, contact.id == follow_up.contact_id)
        .where(follow_up.done == false(), contact.archived == false())
        .order_by(follow_up.id)
    )
    result = session.connection().execute(stmt, execution_options={"yield_per": STREAM_BATCH})
    for fid, kind, due, note, name, anchor in result:
        summary = SUMMARIES.get(kind, kind + " {name}").format(name=name)
        lines = ["BEGIN:VTODO"]  # no canonical order for VTODO: alphabetical
        if note:
            lines.append("DESCRIPTION:" + escape_ical(note))
        lines += [
            "DTSTAMP:" + stamp,
            "DUE:" + _when(due),
            "STATUS:NEEDS-ACTION",
            "SUMMARY:" + escape_ical(summary),
            "UID:" + escape_ical(_uid("follow-up", fid, anchor)),
            "END:VTODO",
        ]
        yield _block(lines)


def export_ics(store: Store, out: Path, *, force: bool = False) -> tuple[int, int]:
    """Write the calendar as it reads (0600, appearing only when whole; an existing file
    only with `force`); returns (events, to-dos)."""
    check_target(out, force=force)
    stamp = _when(store.now())
    counts = [0, 0]
    with store.session() as session, private_output(out, force=force, binary=True) as handle:
        handle.write(
            _block(
                [
                    "BEGIN:VCALENDAR",
                    "VERSION:2.0",
                    "PRODID:" + escape_ical(PRODID),
                    "X-WR-CALNAME:" + escape_ical("Information interviews"),
                ]
            ).encode("utf-8")
        )
        for index, part in enumerate((_events, _todos)):
            batch: list[str] = []
            for component in part(session, stamp):
                batch.append(component)
                if len(batch) == STREAM_BATCH:
                    handle.write("".join(batch).encode("utf-8"))
                    counts[index] += len(batch)
                    batch = []
            handle.write("".join(batch).encode("utf-8"))
            counts[index] += len(batch)
        handle.write(b"END:VCALENDAR\r\n")
    return counts[0], counts[1]


# -- one object at a time, for the phone sync (core/sync): the same fields as above --

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
    alarm: bool = True,
) -> Any:
    """One interview as a VEVENT with a 30-minute alarm (the export and the sync); a done
    interview gets none (`alarm=False`): a reminder for a past conversation is noise."""
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
    if alarm:
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", f"Information interview with {name} in 30 minutes")
        reminder.add("trigger", timedelta(minutes=-30))
        event.add_component(reminder)
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
