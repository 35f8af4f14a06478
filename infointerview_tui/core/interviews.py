"""Interviews and their answers: scheduling, the note-taking state, stage 4's list.

Reads run on the calling thread's connection; the write helpers take the connection of
a transaction opened by core/intents.py. Answers and interview notes carry a row
version so that two windows typing into the same text never silently lose one side
(see `write_text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    case,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    update,
)

from . import db, paging
from .database import Database
from .models import Contact, Interview, InterviewAnswer, Organization, Question, table
from .text import clean_line

INTERVIEW_TEXT_FIELDS = ("advice", "insight", "referral_notes", "free_notes", "summary")


@dataclass(frozen=True, slots=True)
class Answer:
    id: int
    category: int
    question: str
    asked: bool
    notes: str
    version: int = 0


@dataclass(frozen=True, slots=True)
class InterviewState:
    id: int
    contact_id: int
    contact_name: str
    contact_title: str
    organization: str
    status: str
    scheduled_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    planned_minutes: int
    location: str
    advice: str
    insight: str
    referral_notes: str
    free_notes: str
    summary: str
    answers: tuple[Answer, ...]
    referrals: tuple[str, ...]
    version: int = 0


@dataclass(frozen=True, slots=True)
class InterviewRow:
    """A line of stage 4: a contact and their next interview, if any."""

    contact_id: int
    name: str
    organization: str
    interview_id: int | None
    scheduled_at: datetime | None
    status: str
    location: str
    planned_minutes: int


@dataclass(frozen=True, slots=True)
class SavedText:
    """The outcome of saving a text: what is stored now, and its row version.

    `merged` is True when another window had changed the text since this one read it:
    both texts were kept, theirs first, then a marked copy of this window's.
    """

    text: str
    version: int
    merged: bool = False


MERGE_MARK = "\n\n--- also typed in another window at the same time ---\n"


def merge_texts(theirs: str, mine: str) -> str:
    """Both versions of a text, theirs first and this window's clearly marked after it."""
    if mine == theirs or not mine.strip():
        return theirs
    if not theirs.strip():
        return mine
    return theirs + MERGE_MARK + mine


_INTERVIEW = table(Interview)
_ANSWER = table(InterviewAnswer)
_CONTACT = table(Contact)
_ORG = table(Organization)
_QUESTION = table(Question)
_TABLES = {"interview": _INTERVIEW, "interview_answer": _ANSWER}
_OPEN = ("in progress", "planned")


def _flag(condition: Any) -> Any:
    """1 when `condition` holds, else 0: orders the same on every engine."""
    return case((condition, 1), else_=0)


def _whose(interview: Any, stage: int | None = None, *, at: bool = True) -> Any:
    """The interview's contact is live (and at `stage`, or not at it when `at` is
    False): an EXISTS on the contact's id (an alias: never the outer query's contact)."""
    c = _CONTACT.alias("whose")
    where = [c.c.id == interview.c.contact_id, c.c.archived == false()]
    if stage is not None:
        where.append(c.c.stage == stage if at else c.c.stage != stage)
    return select(c.c.id).where(*where).exists()


class Interviews:
    """The interviews repository."""

    def __init__(self, database: Database) -> None:
        self.db = database

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
        query = select(func.count()).select_from(_INTERVIEW).where(self._next_scheduled())
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
        stage 4: those at stage 4 (from `ix_contact_board` alone), less those of them
        with a scheduled interview, plus the others with only unscheduled ones (both
        counted from the interviews)."""
        c, i = _CONTACT, _INTERVIEW
        j = _INTERVIEW.alias("j")
        at_4 = select(func.count()).where(c.c.archived == false(), c.c.stage == 4)
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
        i = _INTERVIEW
        query = (
            select(i.c.id)
            .where(i.c.contact_id == contact_id, i.c.status == "done")
            .order_by(i.c.ended_at.desc())
            .limit(1)
        )
        with self.db.read() as conn:
            found = conn.execute(query).scalar()
        return int(found) if found is not None else None

    # -- writes (called by intents, inside their transaction) ------------------------

    @staticmethod
    def insert(
        conn: Connection,
        contact_id: int,
        scheduled_at: datetime | None,
        planned_minutes: int,
        location: str,
    ) -> int:
        statement = (
            insert(_INTERVIEW)
            .values(
                contact_id=contact_id,
                scheduled_at=db.utc(scheduled_at),
                planned_minutes=planned_minutes,
                location=clean_line(location),
            )
            .returning(_INTERVIEW.c.id)
        )
        return int(conn.execute(statement).scalar_one())

    @staticmethod
    def reschedule(
        conn: Connection,
        interview_id: int,
        scheduled_at: datetime | None,
        planned_minutes: int,
        location: str,
    ) -> None:
        i = _INTERVIEW
        result = conn.execute(
            update(i)
            .where(i.c.id == interview_id)
            .values(
                scheduled_at=db.utc(scheduled_at),
                planned_minutes=planned_minutes,
                location=clean_line(location),
                version=i.c.version + 1,
            )
        )
        if result.rowcount == 0:
            raise LookupError(f"no interview with id {interview_id}")

    @staticmethod
    def mark_started(conn: Connection, interview_id: int, now: datetime) -> None:
        i = _INTERVIEW
        conn.execute(
            update(i)
            .where(i.c.id == interview_id)
            .values(status="in progress", started_at=func.coalesce(i.c.started_at, db.utc(now)))
        )

    @staticmethod
    def has_answers(conn: Connection, interview_id: int) -> bool:
        a = _ANSWER
        query = select(a.c.id).where(a.c.interview_id == interview_id).limit(1)
        return conn.execute(query).first() is not None

    @staticmethod
    def contact_of(conn: Connection, interview_id: int) -> int:
        i = _INTERVIEW
        found = conn.execute(select(i.c.contact_id).where(i.c.id == interview_id)).scalar()
        if found is None:
            raise LookupError(f"no interview with id {interview_id}")
        return int(found)

    @staticmethod
    def mark_done(conn: Connection, interview_id: int, now: datetime) -> None:
        i = _INTERVIEW
        conn.execute(
            update(i)
            .where(i.c.id == interview_id)
            .values(
                status="done",
                ended_at=db.utc(now),
                started_at=func.coalesce(i.c.started_at, db.utc(now)),
                version=i.c.version + 1,
            )
        )

    @staticmethod
    def write_text(
        conn: Connection,
        table: str,
        column: str,
        row_id: int,
        text: str,
        version: int,
        base: str,
    ) -> SavedText:
        """Save `text` over `base`, the text this window last read at `version`.

        When the row moved on and its text is no longer `base`, another window wrote
        this text meanwhile: both are kept (`merge_texts`) and the result says so.
        """
        if (table, column) not in _TEXT_COLUMNS:
            raise ValueError(f"not an interview text: {table}.{column}")
        t = _TABLES[table]
        result = conn.execute(
            update(t)
            .where(t.c.id == row_id, t.c.version == version)
            .values({column: text, "version": t.c.version + 1})
        )
        if result.rowcount:
            return SavedText(text, version + 1)
        # Locked until commit (PostgreSQL; SQLite's write lock is already held): a third
        # writer waits instead of slipping in between this read and the write below.
        row = conn.execute(
            select(t.c[column], t.c.version).where(t.c.id == row_id).with_for_update()
        ).first()
        if row is None:
            raise LookupError(f"no {table.replace('_', ' ')} with id {row_id}")
        theirs, current = str(row[0]), int(row[1])
        merged = text if theirs == base else merge_texts(theirs, text)
        conn.execute(
            update(t).where(t.c.id == row_id).values({column: merged, "version": t.c.version + 1})
        )
        return SavedText(merged, current + 1, merged != text)

    @staticmethod
    def set_asked(conn: Connection, answer_id: int, asked: bool) -> None:
        # A tick is not text: it does not move the version the notes are checked against.
        a = _ANSWER
        conn.execute(update(a).where(a.c.id == answer_id).values(asked=asked))

    @staticmethod
    def add_answer(
        conn: Connection,
        interview_id: int,
        category: int,
        text: str,
        question_id: int | None = None,
    ) -> int:
        a = _ANSWER
        position = conn.execute(
            select(func.coalesce(func.max(a.c.position), -1) + 1).where(
                a.c.interview_id == interview_id, a.c.category == category
            )
        ).scalar_one()
        statement = (
            insert(a)
            .values(
                interview_id=interview_id,
                question_id=question_id,
                category=category,
                question_text=text,
                position=position,
            )
            .returning(a.c.id)
        )
        return int(conn.execute(statement).scalar_one())

    @staticmethod
    def set_planned_questions(conn: Connection, interview_id: int, question_ids: list[int]) -> None:
        """Plan exactly these bank questions; answers with notes are never dropped."""
        a, q = _ANSWER, _QUESTION
        have = {
            r[0]: (r[1], r[2])
            for r in conn.execute(
                select(a.c.question_id, a.c.id, a.c.notes).where(
                    a.c.interview_id == interview_id, a.c.question_id.is_not(None)
                )
            )
        }
        wanted = set(question_ids)
        for qid, (answer_id, notes) in have.items():
            if qid not in wanted and not notes.strip():
                conn.execute(delete(a).where(a.c.id == answer_id))
        for position, qid in enumerate(question_ids):
            if qid in have:
                conn.execute(update(a).where(a.c.id == have[qid][0]).values(position=position))
                continue
            found = conn.execute(select(q.c.category, q.c.text).where(q.c.id == qid)).first()
            if found is not None:
                conn.execute(
                    insert(a).values(
                        interview_id=interview_id,
                        question_id=qid,
                        category=found[0],
                        question_text=found[1],
                        position=position,
                    )
                )


_TEXT_COLUMNS = {("interview_answer", "notes")} | {
    ("interview", name) for name in INTERVIEW_TEXT_FIELDS
}
