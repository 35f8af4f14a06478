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
    return f"{uuid.uuid5(NAMESPACE, f'{kind}:{record_id}:{db.to_db(anchor)}')}@infointerview"


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
    iid, start, minutes, location, name, anchor, org = row
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
    lines += [
        "STATUS:CONFIRMED",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:" + escape_ical(f"Information interview with {name} in 30 minutes"),
        "TRIGGER:-PT30M",
        "END:VALARM",
        "END:VEVENT",
    ]
    return _block(lines)


def _events(session: Any, stamp: str) -> Iterator[str]:
    """Scheduled, not cancelled interviews with their planned questions, in id order."""
    from sqlalchemy import select

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
            contact.name,
            contact.created_at,
            org.name,
            answer.category,
            answer.question_text,
        )
        .join(contact, contact.id == interview.contact_id)
        .outerjoin(org, org.id == contact.organization_id)
        .outerjoin(answer, answer.interview_id == interview.id)
        .where(interview.scheduled_at.is_not(None), interview.status != "cancelled")
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
            current, questions = tuple(row[:7]), []
        if row[7] is not None:
            questions.append(f"- [{titles[row[7]]}] {row[8]}")
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
                    "PRODID:" + escape_ical("-//infointerview//information interviews//EN"),
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
