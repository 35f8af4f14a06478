"""What the app holds that belongs on the server: contacts, scheduled interviews and
open follow-ups, each with its stable UID, a digest of everything its object shows, and
the fields that may come back from the phone (the base of the 3-way merge).

Read with SQLAlchemy `select()` on the models: a handful of queries for the whole set.
Objects are rendered (vCard / iCalendar text) only when they have to be sent.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from .. import db
from ..interop.ical import calendar, event_uid, utc_text, vevent, vtodo
from ..interop.vcard import OutCard, contact_uid, contact_vcard_text

if TYPE_CHECKING:
    from ..store import Store

# Bump when what an object shows changes, so every object is sent once again.
RENDER_VERSION = "3"  # 2: a done interview has no alarm; 3: the export's writer
CONTACT, INTERVIEW, FOLLOW_UP = "contact", "interview", "follow-up"
CONTACT_FIELDS = ("phone", "email", "title")  # what an edit on the phone may change


@dataclass
class LocalObject:
    """One record as a DAV object."""

    kind: str
    record_id: int
    uid: str
    fields: dict[str, Any]  # the values the phone may change, as JSON-ready values
    inputs: tuple[Any, ...]  # everything the object shows
    render: Callable[[datetime], str]
    extra: dict[str, Any]

    @property
    def digest(self) -> str:
        text = repr((RENDER_VERSION, self.kind, self.inputs))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    @property
    def card(self) -> bool:
        return self.kind == CONTACT


def iso(value: datetime) -> str:
    """A datetime as the merge compares it: UTC, seconds."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def sync_uid(kind: str, export_uid: str) -> str:
    """The UID on the server: stable like the export's (derived from it), but letters,
    digits and dashes only, so that it is also a file name every server accepts
    (Radicale refuses ':' and '@' in an object's path, and names uploads by UID)."""
    digest = hashlib.sha256(export_uid.encode("utf-8")).hexdigest()[:32]
    return f"infointerview-{kind}-{digest}"


def _anchor(created_at: datetime) -> str:
    """The contact's created_at as the UIDs of the exports spell it."""
    return db.to_db(created_at) or ""


def contacts(store: Store) -> dict[str, LocalObject]:
    from sqlmodel import col, select

    from ..models import Contact, Organization

    query = (
        select(  # type: ignore[call-overload]
            Contact.id,
            Contact.name,
            Contact.email,
            Contact.phone,
            Contact.title,
            Contact.linkedin_url,
            Contact.notes,
            Contact.tags,
            Contact.referred_by_id,
            Contact.created_at,
            Organization.name,
        )
        .outerjoin(Organization, col(Organization.id) == col(Contact.organization_id))
        .order_by(col(Contact.id))
    )
    with store.session() as session:
        rows = session.exec(query).all()
    uid_of = {row[0]: sync_uid(CONTACT, contact_uid(row[0], _anchor(row[9]))) for row in rows}
    out: dict[str, LocalObject] = {}
    for cid, name, email, phone, title, linkedin, notes, tags, ref, _created, org in rows:
        card = OutCard(
            uid=uid_of[cid],
            name=name,
            email=email,
            phone=phone,
            organization=org or "",
            title=title,
            linkedin_url=linkedin,
            notes=notes,
            tags=tags,
            referred_by_uid=uid_of.get(ref, "") if ref else "",
        )
        out[card.uid] = LocalObject(
            kind=CONTACT,
            record_id=cid,
            uid=card.uid,
            fields={"phone": phone, "email": email, "title": title},
            inputs=tuple(vars(card).values()),
            render=partial(_render_card, card),
            extra={"notes": notes, "name": name},
        )
    return out


def calendar_objects(store: Store) -> dict[str, LocalObject]:
    """Scheduled interviews (VEVENT) and open follow-ups (VTODO), as the .ics export."""
    from sqlmodel import col, select

    from ..models import Contact, FollowUp, Interview, InterviewAnswer, Organization

    interviews = (
        select(  # type: ignore[call-overload]
            Interview.id,
            Interview.contact_id,
            Interview.scheduled_at,
            Interview.planned_minutes,
            Interview.location,
            Interview.status,
            Contact.name,
            Contact.created_at,
            Organization.name,
        )
        .join(Contact, col(Contact.id) == col(Interview.contact_id))
        .outerjoin(Organization, col(Organization.id) == col(Contact.organization_id))
        .where(
            col(Interview.scheduled_at).is_not(None),
            Interview.status != "cancelled",
            col(Contact.archived).is_(False),  # archived contacts' interviews are left out
        )
        .order_by(col(Interview.id))
    )
    answers = (
        select(
            InterviewAnswer.interview_id, InterviewAnswer.category, InterviewAnswer.question_text
        )
        .join(Interview, col(Interview.id) == col(InterviewAnswer.interview_id))
        .where(col(Interview.scheduled_at).is_not(None), Interview.status != "cancelled")
        .order_by(
            col(InterviewAnswer.interview_id),
            col(InterviewAnswer.category),
            col(InterviewAnswer.position),
            col(InterviewAnswer.id),
        )
    )
    follow_ups = (
        select(  # type: ignore[call-overload]
            FollowUp.id,
            FollowUp.kind,
            FollowUp.due,
            FollowUp.note,
            Contact.name,
            Contact.created_at,
        )
        .join(Contact, col(Contact.id) == col(FollowUp.contact_id))
        .where(col(FollowUp.done).is_(False), col(Contact.archived).is_(False))
        .order_by(col(FollowUp.id))
    )
    with store.session() as session:
        interview_rows = session.exec(interviews).all()
        questions: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for iid, category, text in session.exec(answers):
            questions[iid].append((category, text))
        follow_up_rows = session.exec(follow_ups).all()
    out: dict[str, LocalObject] = {}
    for iid, cid, start, minutes, location, status, name, created, org in interview_rows:
        uid = sync_uid(INTERVIEW, event_uid(INTERVIEW, iid, _anchor(created)))
        asked = questions.get(iid, [])
        args = (uid, start, minutes, location, name, org or "", asked, status != "done")

        def render(stamp: datetime, args: tuple[Any, ...] = args) -> str:
            uid, start, minutes, location, name, org, asked, alarm = args
            return calendar(
                vevent(uid, utc_text(stamp), start, minutes, location, name, org, asked, alarm)
            )

        out[uid] = LocalObject(
            kind=INTERVIEW,
            record_id=iid,
            uid=uid,
            fields={"start": iso(start)},
            inputs=(*args[1:7], status),  # the status decides the alarm
            render=render,
            extra={
                "contact_id": cid,
                "minutes": minutes,
                "location": location,
                "status": status,
                "name": name,
            },
        )
    for fid, kind, due, note, name, created in follow_up_rows:
        uid = sync_uid(FOLLOW_UP, event_uid(FOLLOW_UP, fid, _anchor(created)))
        fargs = (uid, kind, due, note, name)

        def render_todo(stamp: datetime, fargs: tuple[Any, ...] = fargs) -> str:
            uid, kind, due, note, name = fargs
            return calendar(vtodo(uid, utc_text(stamp), kind, due, note, name))

        out[uid] = LocalObject(
            kind=FOLLOW_UP,
            record_id=fid,
            uid=uid,
            fields={"done": False},
            inputs=fargs[1:],
            render=render_todo,
            extra={"kind": kind, "name": name},
        )
    return out


def _render_card(card: OutCard, _stamp: datetime) -> str:
    return contact_vcard_text(card)
