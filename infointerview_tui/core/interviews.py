"""Interviews and their answers: scheduling, the note-taking state, stage 4's list.

Reads run on the calling thread's connection; the write helpers take the connection of
a transaction opened by core/intents.py. Answers and interview notes carry a row
version so that two windows typing into the same text never silently lose one side
(see `write_text`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from . import db
from .database import Database
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


class Interviews:
    """The interviews repository."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def current(self, contact_id: int, conn: sqlite3.Connection | None = None) -> int | None:
        """The contact's interview in progress, else the next planned one."""
        row = (
            (conn or self.db.conn)
            .execute(
                "SELECT id FROM interview WHERE contact_id = ? AND status IN "
                "('in progress', 'planned') ORDER BY status = 'planned', "
                "coalesce(scheduled_at, '9999') LIMIT 1",
                (contact_id,),
            )
            .fetchone()
        )
        return int(row[0]) if row else None

    def state(self, interview_id: int) -> InterviewState:
        """Everything the note-taking screen shows."""
        conn = self.db.conn
        row = conn.execute(
            "SELECT i.*, c.name AS cname, c.title AS ctitle, coalesce(o.name, '') AS org "
            "FROM interview i JOIN contact c ON c.id = i.contact_id "
            "LEFT JOIN organization o ON o.id = c.organization_id WHERE i.id = ?",
            (interview_id,),
        ).fetchone()
        if row is None:
            raise LookupError(f"no interview with id {interview_id}")
        answers = tuple(
            Answer(a[0], a[1], a[2], bool(a[3]), a[4], a[5])
            for a in conn.execute(
                "SELECT id, category, question_text, asked, notes, version FROM interview_answer "
                "WHERE interview_id = ? ORDER BY category, position, id",
                (interview_id,),
            )
        )
        referrals = tuple(
            r[0]
            for r in conn.execute(
                "SELECT name FROM contact WHERE referred_by_id = ? AND created_at >= "
                "coalesce(?, '') ORDER BY id",
                (row["contact_id"], row["started_at"]),
            )
        )
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

    def rows(self) -> list[InterviewRow]:
        """Contacts at stage 4 and anyone with a planned interview; upcoming first."""
        rows = self.db.conn.execute(
            "SELECT c.id, c.name, coalesce(o.name, ''), i.id, i.scheduled_at, "
            "coalesce(i.status, ''), coalesce(i.location, ''), coalesce(i.planned_minutes, 30)"
            " FROM contact c LEFT JOIN organization o ON o.id = c.organization_id "
            "LEFT JOIN interview i ON i.id = (SELECT j.id FROM interview j WHERE j.contact_id"
            " = c.id AND j.status IN ('planned', 'in progress') ORDER BY "
            "coalesce(j.scheduled_at, '9999') LIMIT 1) "
            "WHERE c.archived = 0 AND (c.stage = 4 OR i.id IS NOT NULL) "
            "ORDER BY i.scheduled_at IS NULL, i.scheduled_at, c.name"
        )
        return [
            InterviewRow(r[0], r[1], r[2], r[3], db.from_db(r[4]), r[5], r[6], r[7]) for r in rows
        ]

    def planned_question_ids(self, interview_id: int) -> set[int]:
        """Bank questions planned for an interview."""
        return {
            r[0]
            for r in self.db.conn.execute(
                "SELECT question_id FROM interview_answer WHERE interview_id = ? AND question_id "
                "IS NOT NULL",
                (interview_id,),
            )
        }

    def latest_done(self, contact_id: int) -> int | None:
        """The contact's most recently finished interview."""
        row = self.db.conn.execute(
            "SELECT id FROM interview WHERE contact_id = ? AND status = 'done' "
            "ORDER BY ended_at DESC LIMIT 1",
            (contact_id,),
        ).fetchone()
        return int(row[0]) if row else None

    # -- writes (called by intents, inside their transaction) ------------------------

    @staticmethod
    def insert(
        conn: sqlite3.Connection,
        contact_id: int,
        scheduled_at: datetime | None,
        planned_minutes: int,
        location: str,
    ) -> int:
        cur = conn.execute(
            "INSERT INTO interview (contact_id, scheduled_at, planned_minutes, location)"
            " VALUES (?, ?, ?, ?)",
            (contact_id, db.to_db(scheduled_at), planned_minutes, clean_line(location)),
        )
        return int(cur.lastrowid or 0)

    @staticmethod
    def reschedule(
        conn: sqlite3.Connection,
        interview_id: int,
        scheduled_at: datetime | None,
        planned_minutes: int,
        location: str,
    ) -> None:
        cur = conn.execute(
            "UPDATE interview SET scheduled_at = ?, planned_minutes = ?, location = ?, "
            "version = version + 1 WHERE id = ?",
            (db.to_db(scheduled_at), planned_minutes, clean_line(location), interview_id),
        )
        if cur.rowcount == 0:
            raise LookupError(f"no interview with id {interview_id}")

    @staticmethod
    def mark_started(conn: sqlite3.Connection, interview_id: int, now: datetime) -> None:
        conn.execute(
            "UPDATE interview SET status = 'in progress', started_at = "
            "coalesce(started_at, ?) WHERE id = ?",
            (db.to_db(now), interview_id),
        )

    @staticmethod
    def has_answers(conn: sqlite3.Connection, interview_id: int) -> bool:
        return (
            conn.execute(
                "SELECT 1 FROM interview_answer WHERE interview_id = ? LIMIT 1", (interview_id,)
            ).fetchone()
            is not None
        )

    @staticmethod
    def contact_of(conn: sqlite3.Connection, interview_id: int) -> int:
        row = conn.execute(
            "SELECT contact_id FROM interview WHERE id = ?", (interview_id,)
        ).fetchone()
        if row is None:
            raise LookupError(f"no interview with id {interview_id}")
        return int(row[0])

    @staticmethod
    def mark_done(conn: sqlite3.Connection, interview_id: int, now: datetime) -> None:
        conn.execute(
            "UPDATE interview SET status = 'done', ended_at = ?, started_at = "
            "coalesce(started_at, ?), version = version + 1 WHERE id = ?",
            (db.to_db(now), db.to_db(now), interview_id),
        )

    @staticmethod
    def write_text(
        conn: sqlite3.Connection,
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
        cur = conn.execute(
            f"UPDATE {table} SET {column} = ?, version = version + 1 WHERE id = ? AND version = ?",
            (text, row_id, version),
        )
        if cur.rowcount:
            return SavedText(text, version + 1)
        row = conn.execute(
            f"SELECT {column}, version FROM {table} WHERE id = ?", (row_id,)
        ).fetchone()
        if row is None:
            raise LookupError(f"no {table.replace('_', ' ')} with id {row_id}")
        theirs, current = str(row[0]), int(row[1])
        merged = text if theirs == base else merge_texts(theirs, text)
        conn.execute(
            f"UPDATE {table} SET {column} = ?, version = version + 1 WHERE id = ?",
            (merged, row_id),
        )
        return SavedText(merged, current + 1, merged != text)

    @staticmethod
    def set_asked(conn: sqlite3.Connection, answer_id: int, asked: bool) -> None:
        # A tick is not text: it does not move the version the notes are checked against.
        conn.execute("UPDATE interview_answer SET asked = ? WHERE id = ?", (asked, answer_id))

    @staticmethod
    def add_answer(
        conn: sqlite3.Connection,
        interview_id: int,
        category: int,
        text: str,
        question_id: int | None = None,
    ) -> int:
        position = conn.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM interview_answer "
            "WHERE interview_id = ? AND category = ?",
            (interview_id, category),
        ).fetchone()[0]
        cur = conn.execute(
            "INSERT INTO interview_answer (interview_id, question_id, category, "
            "question_text, position) VALUES (?, ?, ?, ?, ?)",
            (interview_id, question_id, category, text, position),
        )
        return int(cur.lastrowid or 0)

    @staticmethod
    def set_planned_questions(
        conn: sqlite3.Connection, interview_id: int, question_ids: list[int]
    ) -> None:
        """Plan exactly these bank questions; answers with notes are never dropped."""
        have = {
            r[0]: (r[1], r[2])
            for r in conn.execute(
                "SELECT question_id, id, notes FROM interview_answer WHERE interview_id = ? "
                "AND question_id IS NOT NULL",
                (interview_id,),
            )
        }
        wanted = set(question_ids)
        for qid, (answer_id, notes) in have.items():
            if qid not in wanted and not notes.strip():
                conn.execute("DELETE FROM interview_answer WHERE id = ?", (answer_id,))
        for position, qid in enumerate(question_ids):
            if qid in have:
                conn.execute(
                    "UPDATE interview_answer SET position = ? WHERE id = ?",
                    (position, have[qid][0]),
                )
                continue
            q = conn.execute("SELECT category, text FROM question WHERE id = ?", (qid,)).fetchone()
            if q is not None:
                conn.execute(
                    "INSERT INTO interview_answer (interview_id, question_id, category, "
                    "question_text, position) VALUES (?, ?, ?, ?, ?)",
                    (interview_id, qid, q[0], q[1], position),
                )


_TEXT_COLUMNS = {("interview_answer", "notes")} | {
    ("interview", name) for name in INTERVIEW_TEXT_FIELDS
}
