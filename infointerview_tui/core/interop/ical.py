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


def utc_text(value: datetime) -> str:
    """A UTC date-time, as in 20261126T130000Z (SQLModel returns aware UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _block(lines: list[str]) -> str:
    return "".join(map(fold_ical, lines))


def _event(row: tuple[Any, ...], questions: list[tuple[int, str]], stamp: str) -> str:
    iid, start, minutes, location, status, name, anchor, org = row
    uid = _uid("interview", iid, anchor)
    return vevent(
        uid, stamp, start, minutes, location, name, org or "", questions, status != "done"
    )


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
    current: tuple[Any, ...] | None = None
    questions: list[tuple[int, str]] = []

    result = session.connection().execute(stmt, execution_options={"yield_per": STREAM_BATCH})
    for row in result:
        if current is None or current[0] != row[0]:
            if current is not None:
                yield _event(current, questions, stamp)
            current, questions = tuple(row[:8]), []
        if row[8] is not None:
            questions.append((row[8], row[9]))
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
        yield vtodo(_uid("follow-up", fid, anchor), stamp, kind, due, note, name)


def export_ics(store: Store, out: Path, *, force: bool = False) -> tuple[int, int]:
    """Write the calendar as it reads (0600, appearing only when whole; an existing file
    only with `force`); returns (events, to-dos)."""
    check_target(out, force=force)
    stamp = utc_text(store.now())
    counts = [0, 0]
    with store.session() as session, private_output(out, force=force, binary=True) as handle:
        handle.write(calendar_head("Information interviews").encode("utf-8"))
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
        handle.write(CALENDAR_END.encode("utf-8"))
    return counts[0], counts[1]


# -- one object at a time, for the phone sync (core/sync): the same fields as above --

PRODID = "-//infointerview//information interviews//EN"
CALENDAR_END = "END:VCALENDAR\r\n"


def event_uid(kind: str, record_id: int, anchor: str) -> str:
    """Stable per record (and per database): `anchor` is the contact's created_at text."""
    return f"{uuid.uuid5(NAMESPACE, f'{kind}:{record_id}:{anchor}')}@infointerview"


def vevent(
    uid: str,
    stamp: str,
    begin: datetime,
    minutes: int,
    location: str,
    name: str,
    organization: str,
    questions: list[tuple[int, str]],
    alarm: bool = True,
) -> str:
    """One interview as a VEVENT (the export and the sync), its properties in icalendar's
    order (the canonical VEVENT order, then alphabetical), with a 30-minute alarm; a done
    interview gets none (`alarm=False`): a reminder for a past conversation is noise."""
    titles = {n: t for n, t, _ in CATEGORIES}
    who = f"{name} ({organization})" if organization else name
    plan = ["Planned questions:"]
    plan += [f"- [{titles[category]}] {text}" for category, text in questions]
    plan.append("Remember AIR: Advice, Insight, Referral.")
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + escape_ical(f"Information interview: {who}"),
        "DTSTART:" + utc_text(begin),
        "DTEND:" + utc_text(begin + timedelta(minutes=minutes)),
        "DTSTAMP:" + stamp,
        "UID:" + escape_ical(uid),
        "DESCRIPTION:" + escape_ical("\n".join(plan)),
    ]
    if location:
        lines.append("LOCATION:" + escape_ical(location))
    lines.append("STATUS:CONFIRMED")
    if alarm:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:" + escape_ical(f"Information interview with {name} in 30 minutes"),
            "TRIGGER:-PT30M",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return _block(lines)


def vtodo(uid: str, stamp: str, kind: str, due: datetime, note: str, name: str) -> str:
    """One open follow-up as a VTODO (the export and the sync): no canonical order for
    VTODO in icalendar, so alphabetical."""
    summary = SUMMARIES.get(kind, kind + " {name}").format(name=name)
    lines = ["BEGIN:VTODO"]
    if note:
        lines.append("DESCRIPTION:" + escape_ical(note))
    lines += [
        "DTSTAMP:" + stamp,
        "DUE:" + utc_text(due),
        "STATUS:NEEDS-ACTION",
        "SUMMARY:" + escape_ical(summary),
        "UID:" + escape_ical(uid),
        "END:VTODO",
    ]
    return _block(lines)


def calendar_head(name: str = "") -> str:
    """The VCALENDAR's opening lines (with a display name when given)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + escape_ical(PRODID)]
    if name:
        lines.append("X-WR-CALNAME:" + escape_ical(name))
    return _block(lines)


def calendar(*components: str, name: str = "") -> str:
    """A whole VCALENDAR around components (the sync sends one object per calendar, or
    all of them at once to an empty collection)."""
    return calendar_head(name) + "".join(components) + CALENDAR_END
