"""Follow-ups: what is due (the agenda, stage 5) and the stay-in-touch cadence.

Reads run on the calling thread's connection; the write helpers take the connection of
a transaction opened by core/intents.py. When things fall due is decided in
core/schedule.py; this module stores and lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    case,
    delete,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    union_all,
    update,
)

from . import db, paging, schedule
from .database import Database
from .models import Contact, FollowUp, Interview, Organization, table
from .stage_counts import live_at


@dataclass(frozen=True, slots=True)
class AgendaItem:
    source: str  # "follow_up" or "interview"
    id: int
    kind: str  # thank-you, nudge, stay-in-touch, give-back, update, interview
    contact_id: int
    contact: str
    organization: str
    due: datetime
    note: str

    def as_json(self, tz: object = None) -> dict[str, object]:
        due = self.due.astimezone(tz) if tz is not None else self.due  # type: ignore[arg-type]
        return {
            "kind": self.kind,
            "contact": self.contact,
            "organization": self.organization,
            "due": due.isoformat(),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    """A line of stage 5: a contact after the interview."""

    contact_id: int
    name: str
    organization: str
    thank_you: str  # "due", "sent", "none"
    thank_you_due: datetime | None
    next_touch: datetime | None
    open_items: int


@dataclass(frozen=True, slots=True)
class OpenFollowUp:
    id: int
    kind: str
    due: datetime
    note: str


_FOLLOW_UP = table(FollowUp)
_CONTACT = table(Contact)
_ORG = table(Organization)
_INTERVIEW = table(Interview)


class FollowUps:
    """The follow-ups repository."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def _agenda(self, due: Any = None, reverse: bool = False, first: int | None = None) -> Any:
        """Every open follow-up and planned interview of live contacts (a subquery).

        With `first`: only the first `first` of each kind whose due time meets `due` (a
        function of the due column giving a condition), soonest first (latest when
        `reverse`): each kind is then read in order from its index and stops there,
        instead of every item being read and sorted."""
        f, c, o, i = _FOLLOW_UP, _CONTACT, _ORG, _INTERVIEW
        org = func.coalesce(o.c.name, "")

        def bounded(query: Any, when: Any, key: Any) -> Any:
            if due is not None:
                query = query.where(due(when))
            if first is None:
                return query
            order = (when.desc(), key.desc()) if reverse else (when, key)
            return select(query.order_by(*order).limit(first).subquery())

        follow_ups = bounded(
            select(
                literal("follow_up").label("source"),
                f.c.id.label("id"),
                f.c.kind.label("kind"),
                c.c.id.label("contact_id"),
                c.c.name.label("name"),
                org.label("org"),
                f.c.due.label("due"),
                f.c.note.label("note"),
            )
            .select_from(
                f.join(c, c.c.id == f.c.contact_id).outerjoin(o, o.c.id == c.c.organization_id)
            )
            .where(f.c.done == false(), c.c.archived == false()),
            f.c.due,
            f.c.id,
        )
        interviews = bounded(
            select(
                literal("interview").label("source"),
                i.c.id.label("id"),
                literal("interview").label("kind"),
                c.c.id.label("contact_id"),
                c.c.name.label("name"),
                org.label("org"),
                i.c.scheduled_at.label("due"),
                i.c.location.label("note"),
            )
            .select_from(
                i.join(c, c.c.id == i.c.contact_id).outerjoin(o, o.c.id == c.c.organization_id)
            )
            .where(i.c.status == "planned", i.c.scheduled_at.is_not(None), c.c.archived == false()),
            i.c.scheduled_at,
            i.c.id,
        )
        return union_all(follow_ups, interviews).subquery()

    def agenda(self, limit: int | None = None) -> list[AgendaItem]:
        """Every open follow-up and planned interview of live contacts, soonest first."""
        both = self._agenda()
        query = select(both).order_by(both.c.due, both.c.id)
        if limit:
            query = query.limit(int(limit))
        return self._agenda_items(query)

    def _agenda_items(self, query: Any) -> list[AgendaItem]:
        with self.db.read() as conn:
            rows = conn.execute(query).all()
        return [
            AgendaItem(r[0], r[1], r[2], r[3], r[4], r[5], db.from_db(r[6]), r[7])  # type: ignore[arg-type]
            for r in rows
        ]

    # -- the agenda a page at a time (the screen) ----------------------------------

    def agenda_counts(self, now: datetime) -> dict[str, int]:
        """How many items each agenda group has (every group present).

        Every open item is counted group by group on its own index (due times only,
        no contact rows: joining each item to its contact to skip archived people was
        11 ms of the agenda's open at 100,000 contacts), then the items of archived
        contacts are taken away, found from those few contacts rather than per item."""
        f, c, i = _FOLLOW_UP, _CONTACT, _INTERVIEW
        archived = select(c.c.id).where(c.c.archived == true())
        sources = (
            (f.c.due, f.c.contact_id, f.c.done == false()),
            (
                i.c.scheduled_at,
                i.c.contact_id,
                and_(i.c.status == "planned", i.c.scheduled_at.is_not(None)),
            ),
        )
        names: list[str] = []  # the group of each count in `every`
        every: list[Any] = []
        gone: list[Any] = []  # the group of each open item of an archived contact
        for due, contact_id, is_open in sources:
            groups = _group_conditions(due, now)
            names += groups
            every += [
                select(func.count()).where(is_open, w).scalar_subquery() for w in groups.values()
            ]
            group = case(*((where, name) for name, where in groups.items()))
            gone.append(select(group.label("g")).where(is_open, contact_id.in_(archived)))
        away = union_all(*gone).subquery()
        counts = dict.fromkeys(schedule.AGENDA_GROUPS, 0)
        with self.db.read() as conn:
            for name, n in zip(names, conn.execute(select(*every)).one(), strict=True):
                counts[name] += int(n)
            for name, n in conn.execute(select(away.c.g, func.count()).group_by(away.c.g)):
                counts[str(name)] -= int(n)
        return counts

    def agenda_group(
        self, group: str, now: datetime, offset: int, limit: int, reverse: bool = False
    ) -> list[AgendaItem]:
        """A page of one agenda group, soonest first (from the end when `reverse`, in
        reverse order): the same items, in the same groups, as `grouped_agenda`."""
        both = self._agenda(
            lambda due: _group_conditions(due, now)[group], reverse, first=offset + limit
        )
        order = (both.c.due, both.c.id, both.c.source)
        query = (
            select(both)
            .order_by(*(o.desc() for o in order) if reverse else order)
            .offset(offset)
            .limit(limit)
        )
        return self._agenda_items(query)

    def grouped_agenda(
        self, now: datetime, extra: list[AgendaItem] | None = None
    ) -> dict[str, list[AgendaItem]]:
        """The agenda in its groups: Overdue, Today, This week, Later (all keys present)."""
        groups: dict[str, list[AgendaItem]] = {g: [] for g in schedule.AGENDA_GROUPS}
        for item in (extra or []) + self.agenda():
            groups[schedule.agenda_group(item.due, now)].append(item)
        return groups

    def rows(self, offset: int = 0, limit: int | None = None) -> list[FollowUpRow]:
        """Stage 5's list: thank-you status, next touch and open items per contact, in
        the board's order (all of it, or a page)."""
        if limit is None:
            return self._rows(0, None, False)
        return paging.read_page(self.pages(), offset, limit)

    def pages(self) -> list[paging.Segment[FollowUpRow]]:
        """Stage 5's list to page (core/paging): live contacts at stage 5 (their kept
        count, core/stage_counts.py) on `ix_contact_board`, the last pages read backwards."""
        query = live_at(5)
        with self.db.read() as conn:
            return [paging.Segment(int(conn.execute(query).scalar_one()), self._rows)]

    def _rows(self, offset: int, limit: int | None, reverse: bool) -> list[FollowUpRow]:
        c, o = _CONTACT, _ORG
        f = _FOLLOW_UP.alias("f")
        thank_you = f.c.contact_id == c.c.id, f.c.kind == "thank-you"
        latest_thanks = select(f.c.id).where(*thank_you).order_by(f.c.id.desc()).limit(1)
        thanks_done = select(f.c.done).where(*thank_you).order_by(f.c.id.desc()).limit(1)
        thanks_due = select(f.c.due).where(*thank_you).order_by(f.c.id.desc()).limit(1)
        next_touch = select(func.min(f.c.due)).where(
            f.c.contact_id == c.c.id, f.c.kind == "stay-in-touch", f.c.done == false()
        )
        open_count = select(func.count()).where(f.c.contact_id == c.c.id, f.c.done == false())
        order = (c.c.position.desc(), c.c.id.desc()) if reverse else (c.c.position, c.c.id)
        query = (
            select(
                c.c.id,
                c.c.name,
                func.coalesce(o.c.name, ""),
                latest_thanks.scalar_subquery(),
                thanks_done.scalar_subquery(),
                thanks_due.scalar_subquery(),
                next_touch.scalar_subquery(),
                open_count.scalar_subquery(),
            )
            .select_from(c.outerjoin(o, o.c.id == c.c.organization_id))
            .where(c.c.archived == false(), c.c.stage == 5)
            .order_by(*order)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        with self.db.read() as conn:
            rows = conn.execute(query).all()
        result = []
        for r in rows:
            status = "none" if r[3] is None else ("sent" if r[4] else "due")
            due = db.from_db(r[5]) if r[3] is not None else None
            result.append(FollowUpRow(r[0], r[1], r[2], status, due, db.from_db(r[6]), r[7]))
        return result

    def open_for(self, contact_id: int) -> list[OpenFollowUp]:
        """The contact's open follow-ups, soonest first."""
        f = _FOLLOW_UP
        query = (
            select(f.c.id, f.c.kind, f.c.due, f.c.note)
            .where(f.c.contact_id == contact_id, f.c.done == false())
            .order_by(f.c.due)
        )
        with self.db.read() as conn:
            rows = conn.execute(query).all()
        return [OpenFollowUp(r[0], r[1], db.from_db(r[2]), r[3]) for r in rows]  # type: ignore[arg-type]

    def last_touch(self, contact_id: int) -> datetime | None:
        """When the contact was last in touch: a done follow-up or a finished interview."""
        f, i = _FOLLOW_UP, _INTERVIEW
        done = select(func.max(f.c.done_at)).where(f.c.contact_id == contact_id, f.c.done == true())
        ended = select(func.max(i.c.ended_at)).where(
            i.c.contact_id == contact_id, i.c.status == "done"
        )
        with self.db.read() as conn:
            times = [conn.execute(done).scalar(), conn.execute(ended).scalar()]
        found = [t for t in (db.from_db(t) for t in times) if t is not None]
        return max(found) if found else None

    # -- writes (called by intents, inside their transaction) ------------------------

    @staticmethod
    def insert(
        conn: Connection,
        contact_id: int,
        kind: str,
        due: datetime,
        note: str = "",
        *,
        interview_id: int | None = None,
        outreach_id: int | None = None,
        done_at: datetime | None = None,
    ) -> int:
        statement = (
            insert(_FOLLOW_UP)
            .values(
                contact_id=contact_id,
                kind=kind,
                due=db.utc(due),
                note=note,
                interview_id=interview_id,
                outreach_id=outreach_id,
                done=done_at is not None,
                done_at=db.utc(done_at),
            )
            .returning(_FOLLOW_UP.c.id)
        )
        return int(conn.execute(statement).scalar_one())

    @staticmethod
    def open_ids(conn: Connection, contact_id: int, kind: str) -> list[int]:
        """Ids of the contact's open follow-ups of one kind."""
        f = _FOLLOW_UP
        query = select(f.c.id).where(
            f.c.contact_id == contact_id, f.c.kind == kind, f.c.done == false()
        )
        return [int(r) for r in conn.execute(query).scalars()]

    @staticmethod
    def was_done(conn: Connection, contact_id: int, kind: str) -> bool:
        """Whether one of the contact's follow-ups of this kind was marked done."""
        f = _FOLLOW_UP
        query = select(f.c.id).where(
            f.c.contact_id == contact_id, f.c.kind == kind, f.c.done == true()
        )
        return conn.execute(query.limit(1)).first() is not None

    @staticmethod
    def has_thank_you(conn: Connection, interview_id: int) -> bool:
        f = _FOLLOW_UP
        query = select(f.c.id).where(f.c.interview_id == interview_id, f.c.kind == "thank-you")
        return conn.execute(query.limit(1)).first() is not None

    @staticmethod
    def get(conn: Connection, follow_up_id: int) -> tuple[int, str, datetime, bool]:
        """(contact id, kind, due, done) of a follow-up."""
        f = _FOLLOW_UP
        row = conn.execute(
            select(f.c.contact_id, f.c.kind, f.c.due, f.c.done).where(f.c.id == follow_up_id)
        ).first()
        if row is None:
            raise LookupError(f"no follow-up with id {follow_up_id}")
        return int(row[0]), str(row[1]), db.from_db(row[2]), bool(row[3])  # type: ignore[return-value]

    @staticmethod
    def mark_done(conn: Connection, follow_up_id: int, now: datetime) -> None:
        f = _FOLLOW_UP
        conn.execute(update(f).where(f.c.id == follow_up_id).values(done=True, done_at=db.utc(now)))

    @staticmethod
    def set_due(conn: Connection, follow_up_id: int, due: datetime) -> None:
        f = _FOLLOW_UP
        conn.execute(update(f).where(f.c.id == follow_up_id).values(due=db.utc(due)))

    @staticmethod
    def drop_open_nudges(conn: Connection, contact_id: int) -> None:
        """A reply (or a new first message) cancels what 3B7 has pending for the person."""
        f = _FOLLOW_UP
        conn.execute(
            delete(f).where(
                f.c.kind.in_(("nudge", "next-contact")),
                f.c.done == false(),
                f.c.contact_id == contact_id,
            )
        )

    @staticmethod
    def reset_stay_in_touch(conn: Connection, contact_id: int, touched: datetime) -> None:
        """The next stay-in-touch is one cadence after `touched` (replacing the open one)."""
        f, c = _FOLLOW_UP, _CONTACT
        months = conn.execute(
            select(c.c.stay_in_touch_months).where(c.c.id == contact_id)
        ).scalar_one()
        due = schedule.stay_in_touch_due(touched, months)
        conn.execute(
            delete(f).where(
                f.c.contact_id == contact_id, f.c.kind == "stay-in-touch", f.c.done == false()
            )
        )
        conn.execute(
            insert(f).values(
                contact_id=contact_id,
                kind="stay-in-touch",
                due=db.utc(due),
                note="Update them on your progress",
            )
        )


def _group_conditions(due: Any, now: datetime) -> dict[str, Any]:
    """Each agenda group as a condition on `due`: `schedule.agenda_group` in SQL. Today
    holds what is due from now to midnight and what was due today with no time (00:00,
    up to the second); what was due earlier today at a time is overdue."""
    today = datetime.combine(now.date(), time(), now.tzinfo)
    tomorrow = datetime.combine(now.date() + timedelta(days=1), time(), now.tzinfo)
    week_end = datetime.combine(now.date() + timedelta(days=8), time(), now.tzinfo)
    midnight = and_(due >= db.utc(today), due < db.utc(today + timedelta(seconds=1)))
    return {
        "Overdue": and_(due < db.utc(now), ~midnight),
        "Today": or_(midnight, and_(due >= db.utc(now), due < db.utc(tomorrow))),
        "This week": and_(due >= db.utc(tomorrow), due < db.utc(week_end)),
        "Later": due >= db.utc(week_end),
    }


def snoozed_due(due: datetime, now: datetime, days: int) -> datetime:
    """A snoozed follow-up falls due `days` after its due date, or after now if later."""
    return max(due, now) + timedelta(days=days)
