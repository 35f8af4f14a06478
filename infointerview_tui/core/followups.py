"""Follow-ups: what is due (the agenda, stage 5) and the stay-in-touch cadence.

Reads run on the calling thread's connection; the write helpers take the connection of
a transaction opened by core/intents.py. When things fall due is decided in
core/schedule.py; this module stores and lists them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import db, schedule
from .database import Database


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


class FollowUps:
    """The follow-ups repository."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def agenda(self, limit: int | None = None) -> list[AgendaItem]:
        """Every open follow-up and planned interview of live contacts, soonest first."""
        rows = self.db.conn.execute(
            "SELECT 'follow_up', f.id, f.kind, c.id, c.name, coalesce(o.name, ''), f.due, "
            "f.note FROM follow_up f JOIN contact c ON c.id = f.contact_id "
            "LEFT JOIN organization o ON o.id = c.organization_id "
            "WHERE f.done = 0 AND c.archived = 0 "
            "UNION ALL "
            "SELECT 'interview', i.id, 'interview', c.id, c.name, coalesce(o.name, ''), "
            "i.scheduled_at, i.location FROM interview i JOIN contact c ON c.id = i.contact_id "
            "LEFT JOIN organization o ON o.id = c.organization_id "
            "WHERE i.status = 'planned' AND i.scheduled_at IS NOT NULL AND c.archived = 0 "
            "ORDER BY 7, 2" + (f" LIMIT {int(limit)}" if limit else "")
        )
        return [
            AgendaItem(r[0], r[1], r[2], r[3], r[4], r[5], db.from_db(r[6]), r[7])  # type: ignore[arg-type]
            for r in rows
        ]

    def grouped_agenda(self, now: datetime) -> dict[str, list[AgendaItem]]:
        """The agenda in its groups: Overdue, Today, This week, Later (all keys present)."""
        groups: dict[str, list[AgendaItem]] = {g: [] for g in schedule.AGENDA_GROUPS}
        for item in self.agenda():
            groups[schedule.agenda_group(item.due, now)].append(item)
        return groups

    def rows(self) -> list[FollowUpRow]:
        """Stage 5's list: thank-you status, next touch and open items per contact."""
        rows = self.db.conn.execute(
            "SELECT c.id, c.name, coalesce(o.name, ''), "
            "(SELECT CASE WHEN f.done THEN 'sent' ELSE 'due' END || '|' || f.due FROM "
            " follow_up f WHERE f.contact_id = c.id AND f.kind = 'thank-you' ORDER BY f.id DESC"
            " LIMIT 1), "
            "(SELECT min(f.due) FROM follow_up f WHERE f.contact_id = c.id AND f.kind = "
            " 'stay-in-touch' AND f.done = 0), "
            "(SELECT count(*) FROM follow_up f WHERE f.contact_id = c.id AND f.done = 0) "
            "FROM contact c LEFT JOIN organization o ON o.id = c.organization_id "
            "WHERE c.archived = 0 AND c.stage = 5 ORDER BY c.position, c.id"
        )
        result = []
        for r in rows:
            status, due = "none", None
            if r[3]:
                status, due_text = r[3].split("|", 1)
                due = db.from_db(due_text)
            result.append(FollowUpRow(r[0], r[1], r[2], status, due, db.from_db(r[4]), r[5]))
        return result

    def open_for(self, contact_id: int) -> list[OpenFollowUp]:
        """The contact's open follow-ups, soonest first."""
        rows = self.db.conn.execute(
            "SELECT id, kind, due, note FROM follow_up WHERE contact_id = ? AND done = 0 "
            "ORDER BY due",
            (contact_id,),
        )
        return [OpenFollowUp(r[0], r[1], db.from_db(r[2]), r[3]) for r in rows]  # type: ignore[arg-type]

    def last_touch(self, contact_id: int) -> datetime | None:
        """When the contact was last in touch: a done follow-up or a finished interview."""
        row = self.db.conn.execute(
            "SELECT max(t) FROM (SELECT done_at AS t FROM follow_up WHERE contact_id = ? AND "
            "done = 1 UNION ALL SELECT ended_at FROM interview WHERE contact_id = ? AND "
            "status = 'done')",
            (contact_id, contact_id),
        ).fetchone()
        return db.from_db(row[0]) if row and row[0] else None

    # -- writes (called by intents, inside their transaction) ------------------------

    @staticmethod
    def insert(
        conn: sqlite3.Connection,
        contact_id: int,
        kind: str,
        due: datetime,
        note: str = "",
        *,
        interview_id: int | None = None,
        outreach_id: int | None = None,
        done_at: datetime | None = None,
    ) -> int:
        cur = conn.execute(
            "INSERT INTO follow_up (contact_id, kind, due, note, interview_id, outreach_id, "
            "done, done_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                contact_id,
                kind,
                db.to_db(due),
                note,
                interview_id,
                outreach_id,
                done_at is not None,
                db.to_db(done_at),
            ),
        )
        return int(cur.lastrowid or 0)

    @staticmethod
    def open_ids(conn: sqlite3.Connection, contact_id: int, kind: str) -> list[int]:
        """Ids of the contact's open follow-ups of one kind."""
        return [
            int(r[0])
            for r in conn.execute(
                "SELECT id FROM follow_up WHERE contact_id = ? AND kind = ? AND done = 0",
                (contact_id, kind),
            )
        ]

    @staticmethod
    def has_thank_you(conn: sqlite3.Connection, interview_id: int) -> bool:
        return (
            conn.execute(
                "SELECT 1 FROM follow_up WHERE interview_id = ? AND kind = 'thank-you'",
                (interview_id,),
            ).fetchone()
            is not None
        )

    @staticmethod
    def get(conn: sqlite3.Connection, follow_up_id: int) -> tuple[int, str, datetime, bool]:
        """(contact id, kind, due, done) of a follow-up."""
        row = conn.execute(
            "SELECT contact_id, kind, due, done FROM follow_up WHERE id = ?", (follow_up_id,)
        ).fetchone()
        if row is None:
            raise LookupError(f"no follow-up with id {follow_up_id}")
        return int(row[0]), str(row[1]), db.from_db(row[2]), bool(row[3])  # type: ignore[return-value]

    @staticmethod
    def mark_done(conn: sqlite3.Connection, follow_up_id: int, now: datetime) -> None:
        conn.execute(
            "UPDATE follow_up SET done = 1, done_at = ? WHERE id = ?",
            (db.to_db(now), follow_up_id),
        )

    @staticmethod
    def set_due(conn: sqlite3.Connection, follow_up_id: int, due: datetime) -> None:
        conn.execute("UPDATE follow_up SET due = ? WHERE id = ?", (db.to_db(due), follow_up_id))

    @staticmethod
    def drop_open_nudges(conn: sqlite3.Connection, contact_id: int) -> None:
        conn.execute(
            "DELETE FROM follow_up WHERE kind = 'nudge' AND done = 0 AND contact_id = ?",
            (contact_id,),
        )

    @staticmethod
    def reset_stay_in_touch(conn: sqlite3.Connection, contact_id: int, touched: datetime) -> None:
        """The next stay-in-touch is one cadence after `touched` (replacing the open one)."""
        months = conn.execute(
            "SELECT stay_in_touch_months FROM contact WHERE id = ?", (contact_id,)
        ).fetchone()[0]
        due = schedule.stay_in_touch_due(touched, months)
        conn.execute(
            "DELETE FROM follow_up WHERE contact_id = ? AND kind = 'stay-in-touch' AND done = 0",
            (contact_id,),
        )
        conn.execute(
            "INSERT INTO follow_up (contact_id, kind, due, note) VALUES (?, 'stay-in-touch', "
            "?, 'Update them on your progress')",
            (contact_id, db.to_db(due)),
        )


def snoozed_due(due: datetime, now: datetime, days: int) -> datetime:
    """A snoozed follow-up falls due `days` after its due date, or after now if later."""
    return max(due, now) + timedelta(days=days)
