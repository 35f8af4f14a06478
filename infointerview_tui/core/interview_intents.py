"""Intents about interviews and the question bank: scheduling, notes and answers,
finishing, recording a past interview, editing the bank. `Intents` inherits these;
each is one transaction that checks the state first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from . import schedule
from .contact_rows import StageChange
from .contacts import Contacts
from .followups import FollowUps
from .intent_base import IntentBase
from .interview_rows import INTERVIEW_TEXT_FIELDS, SavedText
from .interviews import Interviews
from .outreach import OutreachLog
from .questions import Questions
from .stages import LAST_STAGE
from .text import clean_line, clean_text

if TYPE_CHECKING:
    from sqlalchemy import Connection


class InterviewIntents(IntentBase):
    capture_advice: Callable[[int], int]

    # -- interviews ------------------------------------------------------------------

    def schedule_interview(
        self,
        contact_id: int,
        scheduled_at: datetime | None,
        *,
        planned_minutes: int = 30,
        location: str = "",
        interview_id: int | None = None,
    ) -> int:
        """Create or reschedule a planned interview (new ones get the default questions)."""
        if not 5 <= planned_minutes <= 240:
            raise ValueError("planned length must be 5 to 240 minutes")
        with self._write() as conn:
            if interview_id is None:
                interview_id = Interviews.insert(
                    conn, contact_id, scheduled_at, planned_minutes, location
                )
                Questions.plan_defaults(conn, interview_id)
                self._they_answered(conn, contact_id, self.now(), "interview planned")
            else:
                Interviews.reschedule(conn, interview_id, scheduled_at, planned_minutes, location)
        return interview_id

    def open_notes(self, contact_id: int) -> int:
        """Open the contact's current interview for notes (creating one if none)."""
        with self._write() as conn:
            interview_id = Interviews(self.db).current(contact_id, conn)
            if interview_id is None:
                interview_id = Interviews.insert(conn, contact_id, None, 30, "")
            Interviews.mark_started(conn, interview_id, self.now())
            if not Interviews.has_answers(conn, interview_id):
                Questions.plan_defaults(conn, interview_id)
        return interview_id

    def save_answer(self, answer_id: int, text: str, version: int, base: str) -> SavedText:
        """Autosave one question's notes over `base` (read at `version`); merges, never
        drops, when another window wrote the same answer meanwhile."""
        with self._write() as conn:
            return Interviews.write_text(
                conn, "interview_answer", "notes", answer_id, text, version, base
            )

    def save_interview_text(
        self, interview_id: int, field: str, text: str, version: int, base: str
    ) -> SavedText:
        """Autosave a free-text part of an interview (advice, insight, notes...)."""
        if field not in INTERVIEW_TEXT_FIELDS:
            raise ValueError(f"not an interview text field: {field}")
        with self._write() as conn:
            return Interviews.write_text(
                conn, "interview", field, interview_id, text, version, base
            )

    def set_asked(self, answer_id: int, asked: bool) -> None:
        with self._write() as conn:
            Interviews.set_asked(conn, answer_id, asked)

    def add_interview_question(
        self, interview_id: int, category: int, text: str, question_id: int | None = None
    ) -> int:
        text = clean_line(text)
        if not text:
            raise ValueError("a question needs some text")
        with self._write() as conn:
            return Interviews.add_answer(conn, interview_id, category, text, question_id)

    def plan_questions(self, interview_id: int, question_ids: list[int]) -> None:
        """Plan exactly these bank questions; answers with notes are never dropped."""
        with self._write() as conn:
            Interviews.set_planned_questions(conn, interview_id, question_ids)

    def finish_interview(self, interview_id: int) -> datetime:
        """End the interview: done, contact to stage 5, thank-you due 24 h later; each
        line of its Advice becomes an action item."""
        with self._write() as conn:
            due = self._finish(conn, interview_id, self.now())
        self.capture_advice(interview_id)
        return due

    def _finish(
        self, conn: Connection, interview_id: int, ended: datetime, thanked: bool = False
    ) -> datetime:
        due = schedule.thank_you_due(ended)
        contact_id = Interviews.contact_of(conn, interview_id)
        Interviews.mark_done(conn, interview_id, ended)
        state = Contacts(self.db).state(contact_id, conn)
        if state.stage != LAST_STAGE:
            position = Contacts.top_position(conn, LAST_STAGE)
            Contacts.record_stage_changes(
                conn, [StageChange(contact_id, state.stage, LAST_STAGE, position, ended)]
            )
        if not FollowUps.has_thank_you(conn, interview_id):
            FollowUps.insert(
                conn,
                contact_id,
                "thank-you",
                due,
                "Thank them for their time",
                interview_id=interview_id,
                done_at=self.now() if thanked else None,
            )
        FollowUps.reset_stay_in_touch(conn, contact_id, ended)
        self._they_answered(conn, contact_id, ended, "interview held")
        return due

    @staticmethod
    def _they_answered(conn: Connection, contact_id: int, at: datetime, how: str) -> None:
        """An interview with someone is their answer, at the latest by `at`, logged or
        not: their latest unanswered message counts as answered then, and what waited
        on their silence (the nudge, the second person to write to) is dropped, as a
        logged reply drops it. Else, silent on the record, they would be nudged after
        the conversation and called a curmudgeon on day 14."""
        OutreachLog.answer_latest(conn, contact_id, how, at)
        FollowUps.drop_open_nudges(conn, contact_id)

    def record_past_interview(
        self,
        contact_id: int,
        *,
        started_at: datetime,
        ended_at: datetime,
        planned_minutes: int = 30,
        location: str = "",
        advice: str = "",
        insight: str = "",
        free_notes: str = "",
        summary: str = "",
        answers: Sequence[tuple[int | None, int, str, str]] = (),
        thanked: bool = False,
    ) -> int:
        """An interview that already happened, written up afterwards (the demo, catching
        up): `answers` are (bank question id, category, question, notes); it finishes
        like any interview (stage 5, thank-you due, stay-in-touch from its end)."""
        with self._write() as conn:
            interview_id = Interviews.insert(
                conn, contact_id, started_at, planned_minutes, location
            )
            Interviews.mark_started(conn, interview_id, started_at)
            for field, text in (
                ("advice", advice),
                ("insight", insight),
                ("free_notes", free_notes),
                ("summary", summary),
            ):
                Interviews.write_text(
                    conn, "interview", field, interview_id, clean_text(text), 0, ""
                )
            for question_id, category, question, notes in answers:
                answer_id = Interviews.add_answer(
                    conn, interview_id, category, question, question_id
                )
                Interviews.write_text(
                    conn, "interview_answer", "notes", answer_id, clean_text(notes), 0, ""
                )
                Interviews.set_asked(conn, answer_id, True)
            self._finish(conn, interview_id, ended_at, thanked)
        return interview_id

    # -- the question bank -----------------------------------------------------------

    def add_question(self, category: int, text: str, air: str = "", favourite: bool = False) -> int:
        with self._write() as conn:
            return Questions.add(conn, category, text, air, favourite)

    def edit_question(
        self, question_id: int, *, category: int, text: str, air: str, favourite: bool
    ) -> None:
        with self._write() as conn:
            Questions.update(
                conn, question_id, category=category, text=text, air=air, favourite=favourite
            )

    def toggle_favourite(self, question_id: int) -> None:
        with self._write() as conn:
            Questions.toggle_favourite(conn, question_id)

    def delete_question(self, question_id: int) -> None:
        with self._write() as conn:
            Questions.delete(conn, question_id)

    def move_question(self, question_id: int, direction: int) -> bool:
        with self._write() as conn:
            return Questions.move(conn, question_id, direction)

    def restore_default_questions(self) -> int:
        with self._write() as conn:
            return Questions.restore_defaults(conn)
