"""Interviews and their answers: scheduling, the note-taking state, stage 4's list.

Reads run on the calling thread's connection. Typed rows and `merge_texts` are in
`interview_rows.py`; the write helpers, which take the connection of a transaction
opened by core/intents.py, in `interview_writes.py` (`Interviews` inherits them). Answers
and interview notes carry a row version so that two windows typing into the same text
never silently lose one side (see `write_text`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    false,
    func,
    or_,
    select,
)

from . import db, paging
from .database import Database
from .interview_rows import (
    _ANSWER,
    _CONTACT,
    _INTERVIEW,
    _OPEN,
    _ORG,
    Answer,
    InterviewRow,
    InterviewState,
    _flag,
    _whose,
    last_done,
)
from .interview_writes import InterviewWrites
from .stage_counts import live_at


class Interviews(InterviewWrites):
    """The interviews repository."""

    def __init__(self, database: Database) -> None:
        self.db = database

    @staticmethod
    def open_status(conn: Connection, contact_id: int) -> str | None:
        """ "in progress" if one of the contact's interviews is, else "planned" if one is
        planned, else None."""
        i = _INTERVIEW
        found = conn.execute(
            select(i.c.status).where(i.c.contact_id == contact_id, i.c.status.in_(_OPEN))
        ).scalars()
        statuses = set(found)
        return next((s for s in ("in progress", "planned") if s in statuses), None)

    def current(self, contact_id: int, conn: Connection | None = None) -> int | None:
        """The contact's interview in progress, else the next planned one."""
        i = _INTERVIEW
        query = (
            select(i.c.id)
            .where(i.c.contact_id == contact_id, i.c.status.in_(_OPEN))
            .order_by(
                _flag(i.c.status == "planned"), _flag(i.c.scheduled_at.is_(None)), i.c.scheduled_at
            )
            .limit(1)
        )
        if conn is not None:
            found = conn.execute(query).scalar()
        else:
            with self.db.read() as reader:
                found = reader.execute(query).scalar()
        return int(found) if found is not None else None

    def state(self, interview_id: int) -> InterviewState:
        """Everything the note-taking screen shows."""
        i, c, o, a = _INTERVIEW, _CONTACT, _ORG, _ANSWER
        head = (
            select(
                i,
                c.c.name.label("cname"),
                c.c.title.label("ctitle"),
                func.coalesce(o.c.name, "").label("org"),
            )
            .select_from(
                i.join(c, c.c.id == i.c.contact_id).outerjoin(o, o.c.id == c.c.organization_id)
            )
            .where(i.c.id == interview_id)
        )
        with self.db.read() as conn:
            found = conn.execute(head).first()
            if found is None:
                raise LookupError(f"no interview with id {interview_id}")
            row = found._mapping
            answers = tuple(
                Answer(r[0], r[1], r[2], bool(r[3]), r[4], r[5])
                for r in conn.execute(
                    select(
                        a.c.id, a.c.category, a.c.question_text, a.c.asked, a.c.notes, a.c.version
                    )
                    .where(a.c.interview_id == interview_id)
                    .order_by(a.c.category, a.c.position, a.c.id)
                )
            )
            referred = select(c.c.name).where(c.c.referred_by_id == row["contact_id"])
            if row["started_at"] is not None:
                referred = referred.where(c.c.created_at >= row["started_at"])
            referrals = tuple(conn.execute(referred.order_by(c.c.id)).scalars())
        return InterviewState(
            row["id"],
            row["contact_id"],
            row["cname"],
            row["ctitle"],
            row["org"],
            row["status"],
            db.from_db(row["scheduled_at"]),
            db.from_db(row["started_at"]),
            db.from_db(row["ended_at"]),
            row["planned_minutes"],
            row["location"],
            row["advice"],
            row["insight"],
            row["referral_notes"],
            row["free_notes"],
            row["summary"],
            answers,
            referrals,
            row["version"],
        )

    def rows(self, offset: int = 0, limit: int | None = None) -> list[InterviewRow]:
        """Contacts at stage 4 and anyone with a planned interview; upcoming first (all
        of them, or a page)."""
        segments = self.pages()
        total = sum(s.count for s in segments)
        return paging.read_page(segments, offset, total if limit is None else limit)

    def pages(self) -> list[paging.Segment[InterviewRow]]:
        """Stage 4's list as segments to page (core/paging), each on an index that
        serves its order: the contacts whose next interview is scheduled, by its time
        (`ix_interview_scheduled`); then the others, by name (`ix_contact_name`)."""
        return [
            paging.Segment(self._scheduled_count(), self._scheduled),
            paging.Segment(self._unscheduled_count(), self._unscheduled),
        ]

    @staticmethod
    def _open(i: Any) -> Any:
        return i.c.status.in_(("planned", "in progress"))

    def _next_scheduled(self) -> Any:
        """Each live contact's next scheduled open interview: no earlier one of theirs.
        A condition on the interview table alone (the contact in an EXISTS), so that
        the interviews, not the 100,000 contacts, drive the query."""
        i = _INTERVIEW
        j = _INTERVIEW.alias("j")
        earlier = (
            select(j.c.id)
            .where(
                j.c.contact_id == i.c.contact_id,
                self._open(j),
                j.c.scheduled_at.is_not(None),
                or_(
                    j.c.scheduled_at < i.c.scheduled_at,
                    and_(j.c.scheduled_at == i.c.scheduled_at, j.c.id < i.c.id),
                ),
            )
            .exists()
        )
        return and_(self._open(i), i.c.scheduled_at.is_not(None), _whose(i), ~earlier)

    def _scheduled_count(self) -> int:
        """How many rows `_scheduled` pages: one per live contact with a scheduled open
        interview (their next), so counted as those contacts, without asking of each
        interview whether an earlier one is theirs (~2,000 probes at 100,000 contacts)."""
        i = _INTERVIEW
        query = select(func.count(i.c.contact_id.distinct())).where(
            self._open(i), i.c.scheduled_at.is_not(None), _whose(i)
        )
        with self.db.read() as conn:
            return int(conn.execute(query).scalar_one())

    def _scheduled(self, offset: int, limit: int, reverse: bool) -> list[InterviewRow]:
        c, o, i = _CONTACT, _ORG, _INTERVIEW
        order = (i.c.scheduled_at, c.c.name, c.c.id)
        query = (
            select(
                c.c.id,
                c.c.name,
                func.coalesce(o.c.name, ""),
                i.c.id,
                i.c.scheduled_at,
                i.c.status,
                i.c.location,
                i.c.planned_minutes,
            )
            .select_from(
                i.join(c, c.c.id == i.c.contact_id).outerjoin(o, o.c.id == c.c.organization_id)
            )
            .where(self._next_scheduled())
            .order_by(*(col.desc() for col in order) if reverse else order)
            .offset(offset)
            .limit(limit)
        )
        with self.db.read() as conn:
            rows = conn.execute(query).all()
        return [
            InterviewRow(r[0], r[1], r[2], r[3], db.from_db(r[4]), r[5], r[6], r[7]) for r in rows
        ]

    def _without_schedule(self) -> Any:
        """Live contacts at stage 4 or with an unscheduled open interview, and no
        scheduled open interview."""
        c = _CONTACT
        j = _INTERVIEW.alias("j")
        mine = and_(j.c.contact_id == c.c.id, self._open(j))
        unscheduled = select(j.c.id).where(mine, j.c.scheduled_at.is_(None)).exists()
        scheduled = select(j.c.id).where(mine, j.c.scheduled_at.is_not(None)).exists()
        return and_(c.c.archived == false(), or_(c.c.stage == 4, unscheduled), ~scheduled)

    def _unscheduled_count(self) -> int:
        """How many `_without_schedule` has, counted without probing every contact at
        stage 4: those at stage 4 (the kept count, core/stage_counts.py), less those of them
        with a scheduled interview, plus the others with only unscheduled ones (both
        counted from the interviews)."""
        i = _INTERVIEW
        j = _INTERVIEW.alias("j")
        at_4 = live_at(4)
        people = func.count(i.c.contact_id.distinct())
        scheduled = and_(self._open(i), i.c.scheduled_at.is_not(None))
        scheduled_at_4 = select(people).where(scheduled, _whose(i, 4))
        has_scheduled = (
            select(j.c.id)
            .where(j.c.contact_id == i.c.contact_id, self._open(j), j.c.scheduled_at.is_not(None))
            .exists()
        )
        only_unscheduled = select(people).where(
            self._open(i), i.c.scheduled_at.is_(None), _whose(i, 4, at=False), ~has_scheduled
        )
        with self.db.read() as conn:
            counts = [
                conn.execute(q).scalar_one() for q in (at_4, scheduled_at_4, only_unscheduled)
            ]
        return int(counts[0]) - int(counts[1]) + int(counts[2])

    def _unscheduled(self, offset: int, limit: int, reverse: bool) -> list[InterviewRow]:
        c, o, i = _CONTACT, _ORG, _INTERVIEW
        order = (c.c.name, c.c.id)
        query = (
            select(c.c.id, c.c.name, func.coalesce(o.c.name, ""))
            .select_from(c.outerjoin(o, o.c.id == c.c.organization_id))
            .where(self._without_schedule())
            .order_by(*(col.desc() for col in order) if reverse else order)
            .offset(offset)
            .limit(limit)
        )
        with self.db.read() as conn:
            people = conn.execute(query).all()
            ids = [p[0] for p in people]
            found = conn.execute(  # their open interviews (none of them scheduled)
                select(i.c.contact_id, i.c.id, i.c.status, i.c.location, i.c.planned_minutes)
                .where(i.c.contact_id.in_(ids), self._open(i))
                .order_by(i.c.id.desc())
            ).all()
        planned = {r[0]: r for r in found}  # the first of each contact's wins
        rows = []
        for contact_id, name, organization in people:
            p = planned.get(contact_id)
            rows.append(
                InterviewRow(contact_id, name, organization, None, None, "", "", 30)
                if p is None
                else InterviewRow(contact_id, name, organization, p[1], None, p[2], p[3], p[4])
            )
        return rows

    def planned_question_ids(self, interview_id: int) -> set[int]:
        """Bank questions planned for an interview."""
        a = _ANSWER
        query = select(a.c.question_id).where(
            a.c.interview_id == interview_id, a.c.question_id.is_not(None)
        )
        with self.db.read() as conn:
            return set(conn.execute(query).scalars())

    def with_notes(self) -> list[int]:
        """Interviews held or under way, or with any notes written: what gets exported."""
        i, a = _INTERVIEW, _ANSWER
        query = (
            select(i.c.id)
            .distinct()
            .select_from(i.outerjoin(a, a.c.interview_id == i.c.id))
            .where(
                or_(
                    i.c.status.in_(("done", "in progress")),
                    a.c.notes != "",
                    i.c.advice != "",
                    i.c.insight != "",
                    i.c.free_notes != "",
                )
            )
            .order_by(i.c.id)
        )
        with self.db.read() as conn:
            return list(conn.execute(query).scalars())

    def latest_done(self, contact_id: int) -> int | None:
        """The contact's most recently finished interview."""
        with self.db.read() as conn:
            found = conn.execute(last_done(contact_id, _INTERVIEW.c.id)).scalar()
        return int(found) if found is not None else None
