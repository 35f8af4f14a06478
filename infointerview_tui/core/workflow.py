"""Interviews, answers, outreach and follow-ups: the work of stages 3-5."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from . import db, schedule
from .base import StoreBase
from .messages import LINKEDIN_LIMIT
from .questions import QuestionQueries
from .text import clean_line, clean_text
from .validation import ValidationError


@dataclass(frozen=True, slots=True)
class Answer:
    id: int
    category: int
    question: str
    asked: bool
    notes: str


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


INTERVIEW_TEXT_FIELDS = ("advice", "insight", "referral_notes", "free_notes", "summary")


class WorkflowQueries(QuestionQueries, StoreBase):
    """Interviews and follow-ups; relies on RecordQueries/BoardQueries via Store."""

    # -- interviews ------------------------------------------------------------------

    def current_interview(self, contact_id: int) -> int | None:
        """The contact's interview in progress, else the next planned one."""
        row = self.conn.execute(
            "SELECT id FROM interview WHERE contact_id = ? AND status IN "
            "('in progress', 'planned') ORDER BY status = 'planned', "
            "coalesce(scheduled_at, '9999') LIMIT 1",
            (contact_id,),
        ).fetchone()
        return int(row[0]) if row else None

    def schedule_interview(
        self,
        contact_id: int,
        scheduled_at: datetime | None,
        *,
        planned_minutes: int = 30,
        location: str = "",
        interview_id: int | None = None,
    ) -> int:
        """Create or reschedule a planned interview."""
        if not 5 <= planned_minutes <= 240:
            raise ValueError("planned length must be 5 to 240 minutes")
        with self.write() as conn:
            if interview_id is None:
                cur = conn.execute(
                    "INSERT INTO interview (contact_id, scheduled_at, planned_minutes, location)"
                    " VALUES (?, ?, ?, ?)",
                    (contact_id, db.to_db(scheduled_at), planned_minutes, clean_line(location)),
                )
                interview_id = int(cur.lastrowid or 0)
                self._plan_default_questions(conn, interview_id)
            else:
                conn.execute(
                    "UPDATE interview SET scheduled_at = ?, planned_minutes = ?, location = ? "
                    "WHERE id = ?",
                    (db.to_db(scheduled_at), planned_minutes, clean_line(location), interview_id),
                )
        return interview_id

    def start_interview(self, contact_id: int) -> int:
        """Open the contact's current interview (creating one if none) and mark it started."""
        interview_id = self.current_interview(contact_id)
        if interview_id is None:
            interview_id = self.schedule_interview(contact_id, None)
        with self.write() as conn:
            conn.execute(
                "UPDATE interview SET status = 'in progress', started_at = "
                "coalesce(started_at, ?) WHERE id = ?",
                (db.to_db(self.now()), interview_id),
            )
            has_answers = conn.execute(
                "SELECT 1 FROM interview_answer WHERE interview_id = ? LIMIT 1", (interview_id,)
            ).fetchone()
            if not has_answers:
                self._plan_default_questions(conn, interview_id)
        return interview_id

    def interview_state(self, interview_id: int) -> InterviewState:
        row = self.conn.execute(
            "SELECT i.*, c.name AS cname, c.title AS ctitle, coalesce(o.name, '') AS org "
            "FROM interview i JOIN contact c ON c.id = i.contact_id "
            "LEFT JOIN organization o ON o.id = c.organization_id WHERE i.id = ?",
            (interview_id,),
        ).fetchone()
        if row is None:
            raise LookupError(f"no interview with id {interview_id}")
        answers = tuple(
            Answer(a["id"], a["category"], a["question_text"], bool(a["asked"]), a["notes"])
            for a in self.query(
                "SELECT * FROM interview_answer WHERE interview_id = ? "
                "ORDER BY category, position, id",
                (interview_id,),
            )
        )
        referrals = tuple(
            r[0]
            for r in self.query(
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
        )

    def save_answer(self, answer_id: int, notes: str, asked: bool | None = None) -> None:
        """Autosave one question's notes (and optionally its asked tick)."""
        with self.write() as conn:
            if asked is None:
                conn.execute(
                    "UPDATE interview_answer SET notes = ? WHERE id = ?", (notes, answer_id)
                )
            else:
                conn.execute(
                    "UPDATE interview_answer SET notes = ?, asked = ? WHERE id = ?",
                    (notes, asked, answer_id),
                )

    def set_asked(self, answer_id: int, asked: bool) -> None:
        with self.write() as conn:
            conn.execute("UPDATE interview_answer SET asked = ? WHERE id = ?", (asked, answer_id))

    def save_interview_text(self, interview_id: int, **fields: str) -> None:
        """Autosave the free-text parts of an interview (advice, insight, notes...)."""
        unknown = set(fields) - set(INTERVIEW_TEXT_FIELDS)
        if unknown:
            raise ValueError(f"not interview text fields: {sorted(unknown)}")
        if not fields:
            return
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.write() as conn:
            conn.execute(
                f"UPDATE interview SET {sets} WHERE id = ?", (*fields.values(), interview_id)
            )

    def add_interview_question(
        self, interview_id: int, category: int, text: str, question_id: int | None = None
    ) -> int:
        text = clean_line(text)
        if not text:
            raise ValueError("a question needs some text")
        with self.write() as conn:
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

    def finish_interview(self, interview_id: int) -> datetime:
        """End the interview: done, end time, contact to stage 5, thank-you due 24 h later."""
        now = self.now()
        due = schedule.thank_you_due(now)
        with self.write() as conn:
            row = conn.execute(
                "SELECT i.contact_id, c.stage FROM interview i JOIN contact c "
                "ON c.id = i.contact_id WHERE i.id = ?",
                (interview_id,),
            ).fetchone()
            if row is None:
                raise LookupError(f"no interview with id {interview_id}")
            contact_id, stage = row
            conn.execute(
                "UPDATE interview SET status = 'done', ended_at = ?, started_at = "
                "coalesce(started_at, ?) WHERE id = ?",
                (db.to_db(now), db.to_db(now), interview_id),
            )
            if stage != 5:
                self._set_stage(conn, contact_id, stage, 5, self._top_position(conn, 5))
            exists = conn.execute(
                "SELECT 1 FROM follow_up WHERE interview_id = ? AND kind = 'thank-you'",
                (interview_id,),
            ).fetchone()
            if not exists:
                conn.execute(
                    "INSERT INTO follow_up (contact_id, kind, due, interview_id, note) "
                    "VALUES (?, 'thank-you', ?, ?, 'Thank them for their time')",
                    (contact_id, db.to_db(due), interview_id),
                )
            self._reset_stay_in_touch(conn, contact_id, now)
        self.capture_advice(interview_id)  # type: ignore[attr-defined]
        return due

    def record_referral(
        self,
        from_contact_id: int,
        name: str,
        *,
        organization: str = "",
        title: str = "",
        email: str = "",
        may_use_name: bool = False,
    ) -> int:
        """A person this contact referred, as a new contact at stage 3."""
        note = (
            "May mention the referrer's name."
            if may_use_name
            else ("Ask before mentioning the referrer's name.")
        )
        return self.add_contact(  # type: ignore[attr-defined]
            name,
            3,
            organization=organization,
            title=title,
            email=email,
            referred_by_id=from_contact_id,
            how_found="referral",
            notes=note,
        )

    # -- outreach and touches ----------------------------------------------------------

    def log_outreach(
        self,
        contact_id: int,
        *,
        channel: str,
        message: str,
        timeframe: str = "",
        place: str = "",
        sent_at: datetime | None = None,
    ) -> int:
        """Log a sent outreach and schedule 3B7: next-contact on business day 3, nudge on 7."""
        if clean_line(channel).lower() == "linkedin" and len(message) > LINKEDIN_LIMIT:
            too_long = f"a LinkedIn note holds {LINKEDIN_LIMIT} characters, not {len(message)}"
            raise ValidationError({"message": too_long})
        sent = sent_at or self.now()
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO outreach (contact_id, sent_at, channel, message, "
                "proposed_timeframe, proposed_place) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    contact_id,
                    db.to_db(sent),
                    clean_line(channel) or "email",
                    clean_text(message),
                    clean_line(timeframe),
                    clean_line(place),
                ),
            )
            outreach_id = int(cur.lastrowid or 0)
            self._schedule_3b7(conn, contact_id, outreach_id, sent)  # type: ignore[attr-defined]
        return outreach_id

    def latest_unanswered_outreach(self, contact_id: int) -> int | None:
        """The contact's most recent outreach with no reply logged, if any."""
        row = self.conn.execute(
            "SELECT id FROM outreach WHERE contact_id = ? AND replied_at IS NULL "
            "ORDER BY sent_at DESC LIMIT 1",
            (contact_id,),
        ).fetchone()
        return int(row[0]) if row else None

    def log_reply(
        self,
        outreach_id: int,
        response: str,
        replied_at: datetime | None = None,
        outcome: str = "",
    ) -> None:
        """They replied: record it and cancel what 3B7 has pending for them."""
        if outcome not in ("", "yes", "not-now", "no"):
            raise ValueError("a reply's outcome is yes, not-now or no")
        with self.write() as conn:
            conn.execute(
                "UPDATE outreach SET response = ?, replied_at = ?, outcome = ? WHERE id = ?",
                (clean_text(response), db.to_db(replied_at or self.now()), outcome, outreach_id),
            )
            conn.execute(
                "DELETE FROM follow_up WHERE kind IN ('nudge', 'next-contact') AND done = 0 "
                "AND contact_id = (SELECT contact_id FROM outreach WHERE id = ?)",
                (outreach_id,),
            )

    def log_touch(
        self, contact_id: int, kind: str = "update", note: str = "", at: datetime | None = None
    ) -> int:
        """A logged touch (update, give-back...): recorded done now; resets the cadence."""
        now = at or self.now()
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO follow_up (contact_id, kind, due, done, done_at, note) "
                "VALUES (?, ?, ?, 1, ?, ?)",
                (contact_id, kind, db.to_db(now), db.to_db(now), clean_text(note)),
            )
            self._reset_stay_in_touch(conn, contact_id, now)
            return int(cur.lastrowid or 0)

    def _reset_stay_in_touch(self, conn: Any, contact_id: int, touched: datetime) -> None:
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

    def recompute_stay_in_touch(self, contact_id: int) -> datetime | None:
        """After a cadence change: the next touch counted from the last one logged."""
        row = self.conn.execute(
            "SELECT max(t) FROM (SELECT done_at AS t FROM follow_up WHERE contact_id = ? AND "
            "done = 1 UNION ALL SELECT ended_at FROM interview WHERE contact_id = ? AND "
            "status = 'done')",
            (contact_id, contact_id),
        ).fetchone()
        last = db.from_db(row[0]) if row and row[0] else None
        if last is None:
            return None
        with self.write() as conn:
            self._reset_stay_in_touch(conn, contact_id, last)
        return last

    # -- follow-ups --------------------------------------------------------------------

    def complete_follow_up(self, follow_up_id: int) -> None:
        """Mark done; a done thank-you, nudge or touch also resets the stay-in-touch date."""
        now = self.now()
        with self.write() as conn:
            row = conn.execute(
                "SELECT contact_id, kind FROM follow_up WHERE id = ?", (follow_up_id,)
            ).fetchone()
            if row is None:
                raise LookupError(f"no follow-up with id {follow_up_id}")
            conn.execute(
                "UPDATE follow_up SET done = 1, done_at = ? WHERE id = ?",
                (db.to_db(now), follow_up_id),
            )
            if row[1] == "nudge":
                self._after_nudge(conn, row[0])  # type: ignore[attr-defined]
            elif row[1] != "next-contact":
                self._reset_stay_in_touch(conn, row[0], now)

    def snooze_follow_up(self, follow_up_id: int, days: int = 1) -> None:
        with self.write() as conn:
            row = conn.execute("SELECT due FROM follow_up WHERE id = ?", (follow_up_id,)).fetchone()
            if row is None:
                raise LookupError(f"no follow-up with id {follow_up_id}")
            due = db.from_db(row[0]) or self.now()
            base = max(due, self.now())
            conn.execute(
                "UPDATE follow_up SET due = ? WHERE id = ?",
                (db.to_db(base + timedelta(days=days)), follow_up_id),
            )

    def add_follow_up(self, contact_id: int, kind: str, due: datetime, note: str = "") -> int:
        from .stages import FOLLOW_UP_KINDS

        if kind not in FOLLOW_UP_KINDS:
            raise ValueError("kind must be one of " + ", ".join(FOLLOW_UP_KINDS))
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO follow_up (contact_id, kind, due, note) VALUES (?, ?, ?, ?)",
                (contact_id, kind, db.to_db(due), clean_text(note)),
            )
            return int(cur.lastrowid or 0)
