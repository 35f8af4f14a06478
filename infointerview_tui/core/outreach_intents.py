"""Intents about reaching people and keeping in touch: logging outreach, replies and
touches, and follow-ups (add, complete, snooze, thank-you sent). `Intents` inherits
these; each is one transaction that checks the state first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from . import validation
from .contacts import Contacts
from .followups import FollowUps, snoozed_due
from .intent_base import IntentBase
from .messages import refusal
from .method import after_nudge, rules_of, schedule_3b7
from .outcomes import Conflict
from .outreach import OutreachLog
from .stages import FOLLOW_UP_KINDS
from .text import clean_line, clean_text

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from .record_intents import Reply


class OutreachIntents(IntentBase):
    record_reply: Callable[..., Reply]

    # -- outreach and follow-ups -----------------------------------------------------

    def log_outreach(
        self,
        contact_id: int,
        *,
        channel: str,
        message: str,
        timeframe: str = "",
        place: str = "",
        sent_at: datetime | None = None,
        clear_draft: bool = False,
    ) -> int:
        """Log a sent outreach and schedule 3B7: next-contact on business day 3, nudge on 7."""
        if why := refusal(clean_line(channel), message):
            raise validation.ValidationError({"message": why})
        sent = sent_at or self.now()
        with self._write() as conn:
            outreach_id = OutreachLog.insert(
                conn,
                contact_id,
                sent,
                clean_line(channel) or "email",
                clean_text(message),
                clean_line(timeframe),
                clean_line(place),
            )
            schedule_3b7(conn, contact_id, outreach_id, sent, rules_of(self.db))
            if clear_draft:
                Contacts.save_draft(conn, contact_id, "outreach_draft", "")
        return outreach_id

    def log_reply(
        self,
        contact_id: int,
        response: str = "replied",
        *,
        at: datetime | None = None,
        outcome: str = "",
    ) -> int:
        """They replied to the latest unanswered outreach: record it and cancel what 3B7
        has pending for them; "yes" (to your request) moves them on to Interview and plans
        it at the proposed slot and place (see `record_reply`)."""
        return self.record_reply(contact_id, outcome, response, at=at).outreach_id

    def log_touch(
        self, contact_id: int, kind: str = "update", note: str = "", at: datetime | None = None
    ) -> int:
        """A logged touch (update, give-back...): recorded done now; resets the cadence."""
        now = at or self.now()
        with self._write() as conn:
            follow_up_id = FollowUps.insert(
                conn, contact_id, kind, now, clean_text(note), done_at=now
            )
            FollowUps.reset_stay_in_touch(conn, contact_id, now)
        return follow_up_id

    def add_follow_up(self, contact_id: int, kind: str, due: datetime, note: str = "") -> int:
        if kind not in FOLLOW_UP_KINDS:
            raise ValueError("kind must be one of " + ", ".join(FOLLOW_UP_KINDS))
        with self._write() as conn:
            return FollowUps.insert(conn, contact_id, kind, due, clean_text(note))

    def complete_follow_up(self, follow_up_id: int) -> None:
        """Mark done; a done thank-you or touch also resets the stay-in-touch date."""
        now = self.now()
        with self._write() as conn:
            contact_id, kind, _due, done = FollowUps.get(conn, follow_up_id)
            if done:
                raise Conflict("that follow-up was already marked done")
            FollowUps.mark_done(conn, follow_up_id, now)
            if kind == "nudge":
                after_nudge(conn, contact_id, rules_of(self.db))
            elif kind != "next-contact":
                FollowUps.reset_stay_in_touch(conn, contact_id, now)

    def mark_thank_you_sent(self, contact_id: int) -> int:
        """Every open thank-you of the contact is done (resets the stay-in-touch cadence);
        returns how many."""
        now = self.now()
        with self._write() as conn:
            pending = FollowUps.open_ids(conn, contact_id, "thank-you")
            if not pending:
                raise Conflict(_why_no_thank_you(conn, contact_id))
            for follow_up_id in pending:
                FollowUps.mark_done(conn, follow_up_id, now)
            FollowUps.reset_stay_in_touch(conn, contact_id, now)
        return len(pending)

    def snooze_follow_up(self, follow_up_id: int, days: int = 1) -> None:
        with self._write() as conn:
            _contact, _kind, due, done = FollowUps.get(conn, follow_up_id)
            if done:
                raise Conflict("that follow-up was already marked done")
            FollowUps.set_due(conn, follow_up_id, snoozed_due(due, self.now(), days))


def _why_no_thank_you(conn: Connection, contact_id: int) -> str:
    """Why there is no thank-you to mark sent, and what to do (a thank-you falls due
    when an interview is finished)."""
    from .interviews import Interviews

    if FollowUps.was_done(conn, contact_id, "thank-you"):
        return "their thank-you is already marked sent"
    status = Interviews.open_status(conn, contact_id)
    if status == "in progress":
        return (
            "their interview is not finished yet: finish it in its notes (i on the board, "
            "then ctrl+f), and the thank-you falls due"
        )
    if status == "planned":
        return "their interview has not been held yet: a thank-you falls due once it is"
    return "no interview is logged for them yet: a thank-you falls due when one is finished"
