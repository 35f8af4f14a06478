"""The interviews repository's write helpers, called by core/intents.py inside its
transaction. Answers and notes carry a row version, so two windows typing into one
text never silently lose a side (`write_text`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Connection,
    delete,
    func,
    insert,
    select,
    update,
)

from . import db
from .interview_rows import (
    _ANSWER,
    _INTERVIEW,
    _QUESTION,
    _TABLES,
    INTERVIEW_TEXT_FIELDS,
    SavedText,
    merge_texts,
)
from .text import clean_line


class InterviewWrites:
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
