"""Intents that begin, end or remove records: an interview's life (prepared, started,
left untouched, deleted), outreach entries and replies, career-field and organization
names (rename, merge, delete).

`Intents` inherits these; like every intent each is one transaction that checks the
state first. New queries are SQLAlchemy statements on the SQLModel tables, run on the
intent's transaction by `sql.run`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import db, search, sql, validation
from .contact_rows import StageChange
from .contacts import Contacts
from .dates import DateParseError, parse_appointment
from .followups import FollowUps
from .intent_base import IntentBase
from .interview_rows import _INTERVIEW, INTERVIEW_TEXT_FIELDS, last_done
from .interviews import Interviews
from .outcomes import Conflict
from .outreach import OutreachLog
from .questions import Questions
from .text import clean_line, clean_text

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


REPLY_OUTCOMES = ("yes", "not-now", "no")
INTERVIEW_STAGE = 4


@dataclass(frozen=True, slots=True)
class NotesOpened:
    """The interview the note-taking screen shows; `created` when opening made it (so
    leaving it untouched can take it away again)."""

    interview_id: int
    created: bool
    status: str


@dataclass(frozen=True, slots=True)
class Reply:
    """A reply logged: the outreach it answers and, for a "yes", the interview planned
    with the slot and place that outreach proposed (None when it could not be read)."""

    outreach_id: int
    outcome: str
    interview_id: int | None = None
    scheduled_at: datetime | None = None
    location: str = ""


@dataclass(frozen=True, slots=True)
class Removal:
    """What deleting a catalog entry (or merging it away) did to its people."""

    name: str
    contacts: int
    organizations: int = 0


class RecordIntents(IntentBase):
    # -- an interview's life ---------------------------------------------------------

    def prepare_notes(self, contact_id: int) -> NotesOpened:
        """The interview to show: the one in progress or planned, else the latest done
        one (to read and edit), else a new planned one. Opening never starts it."""
        from sqlalchemy import select
        from sqlmodel import col

        from .models import Interview

        with self._write() as conn:
            current = Interviews(self.db).current(contact_id, conn)
            if current is not None:
                status = sql.scalar(
                    conn, select(col(Interview.status)).where(col(Interview.id) == current)
                )
                return NotesOpened(current, False, str(status))
            done = sql.scalar(conn, last_done(contact_id, _INTERVIEW.c.id))
            if done is not None:
                return NotesOpened(int(done), False, "done")
            return NotesOpened(self._new_interview(conn, contact_id), True, "planned")

    def new_interview(self, contact_id: int) -> int:
        """Another interview with the same person (asked for explicitly)."""
        with self._write() as conn:
            if Interviews(self.db).current(contact_id, conn) is not None:
                raise Conflict("this contact already has an interview planned or in progress")
            return self._new_interview(conn, contact_id)

    @staticmethod
    def _new_interview(conn: Connection, contact_id: int) -> int:
        interview_id = Interviews.insert(conn, contact_id, None, 30, "")
        Questions.plan_defaults(conn, interview_id)
        return interview_id

    def start_interview(self, interview_id: int) -> datetime:
        """The conversation begins now (first note typed, or the start key): the timer,
        `started_at` and later the thank-you clock count from here. Idempotent."""
        from sqlalchemy import select
        from sqlmodel import col

        from .models import Interview

        with self._write() as conn:
            row = sql.run(
                conn,
                select(col(Interview.status), col(Interview.started_at)).where(
                    col(Interview.id) == interview_id
                ),
            ).fetchone()
            if row is None:
                raise Conflict("that interview was deleted in another window")
            status, started = row
            if status == "done":
                raise Conflict("that interview is already finished")
            if started is not None:
                return db.from_db(started) or self.now()
            now = self.now()
            Interviews.mark_started(conn, interview_id, now)
            return now

    def discard_unstarted(self, interview_id: int) -> bool:
        """Take away an interview opened to prepare and left untouched: never started,
        unscheduled, no notes. True when it was removed."""
        from sqlalchemy import delete, func, select
        from sqlmodel import col

        from .models import Interview, InterviewAnswer

        with self._write() as conn:
            row = sql.run(
                conn,
                select(
                    col(Interview.status),
                    col(Interview.started_at),
                    col(Interview.scheduled_at),
                    col(Interview.location),
                    *(col(getattr(Interview, f)) for f in INTERVIEW_TEXT_FIELDS),
                ).where(col(Interview.id) == interview_id),
            ).fetchone()
            if row is None:
                return False
            status, started, scheduled, location, *texts = row
            written = sql.scalar(
                conn,
                select(func.count())
                .select_from(InterviewAnswer)
                .where(
                    col(InterviewAnswer.interview_id) == interview_id,
                    func.trim(col(InterviewAnswer.notes)) != "",
                ),
            )
            if status != "planned" or started or scheduled or location or written:
                return False
            if any(str(t).strip() for t in texts):
                return False
            sql.run(conn, delete(Interview).where(col(Interview.id) == interview_id))
            return True

    def delete_interview(self, interview_id: int) -> str:
        """Delete an interview, its notes and its open thank-you; returns the contact's
        name. (A contact's stage is left where it is.)"""
        from sqlalchemy import delete
        from sqlmodel import col

        from .models import Contact, FollowUp, Interview

        with self._write() as conn:
            from sqlalchemy import select

            name = sql.scalar(
                conn,
                select(col(Contact.name))
                .join(Interview, col(Interview.contact_id) == col(Contact.id))
                .where(col(Interview.id) == interview_id),
            )
            if name is None:
                raise Conflict("that interview was already deleted")
            sql.run(
                conn,
                delete(FollowUp).where(
                    col(FollowUp.interview_id) == interview_id,
                    col(FollowUp.done).is_(False),
                ),
            )
            sql.run(conn, delete(Interview).where(col(Interview.id) == interview_id))
            return str(name)

    # -- outreach ----------------------------------------------------------------------

    def delete_outreach(self, outreach_id: int) -> None:
        """Delete a logged message and the nudge still waiting on it."""
        from sqlalchemy import delete, select
        from sqlmodel import col

        from .models import FollowUp, Outreach

        with self._write() as conn:
            if (
                sql.scalar(conn, select(col(Outreach.id)).where(col(Outreach.id) == outreach_id))
                is None
            ):
                raise Conflict("that message was already deleted")
            sql.run(
                conn,
                delete(FollowUp).where(
                    col(FollowUp.outreach_id) == outreach_id,
                    col(FollowUp.done).is_(False),
                ),
            )
            sql.run(conn, delete(Outreach).where(col(Outreach.id) == outreach_id))

    def record_reply(
        self, contact_id: int, outcome: str, text: str = "", *, at: datetime | None = None
    ) -> Reply:
        """They replied to the latest unanswered outreach (yes / not-now / no, or no
        outcome, with optional words): the outcome is stored on the outreach, nudges are
        dropped. A "yes" moves them to Interview and plans it at the slot and place that
        outreach proposed. The one reply mechanism (`log_reply` is the CLI's name)."""
        if outcome not in ("", *REPLY_OUTCOMES):
            raise validation.ValidationError({"outcome": "yes, not-now or no"})
        from dateutil import tz

        now = at or self.now()
        with self._write() as conn:
            # Read inside the write lock: another window may have logged the reply.
            outreach_id = OutreachLog(self.db).latest_unanswered(contact_id)
            if outreach_id is None:
                raise Conflict("no unanswered outreach to record a reply for")
            response = clean_text(text) or outcome or "replied"
            OutreachLog.record_reply(conn, outreach_id, response, now, outcome)
            FollowUps.drop_open_nudges(conn, contact_id)
            if outcome != "yes":
                return Reply(outreach_id, outcome)
            timeframe, place = OutreachLog.proposal(conn, outreach_id)
            try:
                when: datetime | None = parse_appointment(timeframe, now.astimezone(tz.tzlocal()))
            except DateParseError:
                when = None
            state = Contacts(self.db).state(contact_id, conn)
            if state.stage < INTERVIEW_STAGE:
                position = Contacts.top_position(conn, INTERVIEW_STAGE)
                Contacts.record_stage_changes(
                    conn, [StageChange(contact_id, state.stage, INTERVIEW_STAGE, position, now)]
                )
            interview_id = Interviews(self.db).current(contact_id, conn)
            if interview_id is None:
                interview_id = Interviews.insert(conn, contact_id, when, 30, place)
                Questions.plan_defaults(conn, interview_id)
            return Reply(outreach_id, outcome, interview_id, when, clean_line(place))

    # -- career fields and organizations ------------------------------------------------

    def rename_organization(self, org_id: int, name: str) -> None:
        self._rename("organization", org_id, name)

    def rename_career_field(self, field_id: int, name: str) -> None:
        self._rename("career_field", field_id, name)

    def _rename(self, table: str, record_id: int, name: str) -> None:
        from sqlalchemy import update

        model = _catalog_model(table)
        word = table.replace("_", " ")
        name = clean_line(name)
        if not name:
            raise validation.ValidationError({"name": "a name is required"})
        with self._write() as conn:
            self._refuse_taken_name(conn, table, name, record_id)
            done = sql.run(
                conn,
                update(model).where(model.id == record_id).values(name=name),
            )
            if done.rowcount == 0:
                raise Conflict(f"that {word} was deleted in another window")
            # Found by its new name, no longer by its old one (it kept the old words).
            search.replace(conn, [(search.CATALOG_KINDS[table], record_id, name)])

    @staticmethod
    def _refuse_taken_name(conn: Connection, table: str, name: str, record_id: int | None) -> None:
        """Two organizations (or fields) may not share a name, in any case."""
        from sqlalchemy import func, select
        from sqlmodel import col

        model = _catalog_model(table)
        query = select(col(model.id)).where(func.lower(col(model.name)) == name.lower())
        if record_id is not None:
            query = query.where(col(model.id) != record_id)
        if sql.scalar(conn, query) is not None:
            word = table.replace("_", " ")
            raise validation.ValidationError(
                {"name": f"another {word} is called {name!r}: merge them instead (J on its stage)"}
            )

    def merge_organizations(self, from_id: int, into_id: int) -> Removal:
        """Everyone at `from_id` moves to `into_id`, then `from_id` is deleted."""
        return self._merge("organization", from_id, into_id)

    def merge_career_fields(self, from_id: int, into_id: int) -> Removal:
        """People and organizations of `from_id` move to `into_id`; `from_id` goes."""
        return self._merge("career_field", from_id, into_id)

    def delete_organization(self, org_id: int) -> Removal:
        """Delete it; its people stay, without an organization."""
        return self._merge("organization", org_id, None)

    def delete_career_field(self, field_id: int) -> Removal:
        """Delete it; its organizations and people stay, without a field."""
        return self._merge("career_field", field_id, None)

    def _merge(self, table: str, from_id: int, into_id: int | None) -> Removal:
        from sqlalchemy import delete, select, update
        from sqlmodel import col

        from .models import Contact, Organization

        if from_id == into_id:
            raise validation.ValidationError({"into": "pick a different one to merge into"})
        model = _catalog_model(table)
        word = table.replace("_", " ")
        link = "organization_id" if table == "organization" else "career_field_id"
        with self._write() as conn:
            for record_id in (from_id, into_id):
                if record_id is None:
                    continue
                if sql.scalar(conn, select(model.id).where(model.id == record_id)) is None:
                    raise Conflict(f"that {word} was deleted in another window")
            name = str(sql.scalar(conn, select(model.name).where(model.id == from_id)))
            people = sql.run(
                conn,
                update(Contact)
                .where(col(getattr(Contact, link)) == from_id)
                .values({link: into_id, "version": col(Contact.version) + 1}),
            ).rowcount
            organizations = 0
            if table == "career_field":
                organizations = sql.run(
                    conn,
                    update(Organization)
                    .where(col(Organization.career_field_id) == from_id)
                    .values(career_field_id=into_id),
                ).rowcount
            sql.run(conn, delete(model).where(model.id == from_id))
            search.forget(conn, [(search.CATALOG_KINDS[table], from_id)])
            return Removal(name, people, organizations)


def _catalog_model(table: str) -> Any:

    from .models import CareerField, Organization

    if table == "organization":
        return Organization
    if table == "career_field":
        return CareerField
    raise ValueError(f"not a catalog table: {table}")
