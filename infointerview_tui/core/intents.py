"""Intents: one method per thing a user does. Every write goes through here.

The UI, the CLI, the importers and the demo generator all call these; each is one
transaction. An intent states what it expects (the card's stage, a row's version) and
raises `Conflict` when the database moved on (another window, another computer), so a
stale view never writes false history. Rules about *what* is stored live in the
repositories (contacts, catalog, interviews, outreach, follow-ups, questions) and in
schedule.py; this module decides *when* and checks the state first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import db, schedule, search, validation
from .catalog import FIELD_RULES, ORGANIZATION_RULES, Catalog
from .contacts import Contacts, StageChange
from .database import Database
from .followups import FollowUps, snoozed_due
from .interviews import INTERVIEW_TEXT_FIELDS, Interviews, SavedText
from .link_intents import LinkIntents
from .messages import refusal
from .method import after_nudge, rules_of, schedule_3b7
from .method_intents import MethodIntents
from .outcomes import Archive, Conflict, ImportOutcome, Move, NewContact, Undoable, UndoStack
from .outreach import OutreachLog
from .questions import Questions
from .record_intents import RecordIntents
from .stages import FIRST_STAGE, FOLLOW_UP_KINDS, LAST_STAGE, STAGES
from .text import clean_line, clean_text

if TYPE_CHECKING:
    from sqlalchemy import Connection


def _stage_label(stage: int) -> str:
    return f"{stage} {STAGES[stage - 1].label}"


class Intents(RecordIntents, MethodIntents, LinkIntents):
    """What a user can do, each checked against the database's current state."""

    def __init__(self, database: Database, on_change: Callable[[], None] | None = None) -> None:
        self.db = database
        self.on_change = on_change  # told after every committed write (live views)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.db.write() as conn:
            yield conn
        if self.on_change is not None:
            self.on_change()

    def now(self) -> datetime:
        return self.db.now()

    # -- the board -------------------------------------------------------------------

    def move_card(self, contact_id: int, expected_stage: int, to_stage: int) -> Move:
        """Move a card from the stage the user saw it in to another (top of that column)."""
        if not FIRST_STAGE <= to_stage <= LAST_STAGE:
            raise ValueError(f"there is no stage {to_stage}")
        with self._write() as conn:
            state = Contacts(self.db).state(contact_id, conn)
            if state.archived:
                raise Conflict(f"{state.name} was archived since; nothing moved")
            if state.stage != expected_stage:
                raise Conflict(
                    f"{state.name} has moved to {_stage_label(state.stage)} since; nothing moved"
                )
            if to_stage == state.stage:
                raise ValueError(f"{state.name} is already at stage {to_stage}")
            position = Contacts.top_position(conn, to_stage)
            change = StageChange(contact_id, state.stage, to_stage, position, self.now())
            Contacts.record_stage_changes(conn, [change])
        return Move(
            contact_id,
            state.name,
            state.stage,
            state.position,
            to_stage,
            position,
            state.version + 1,
        )

    def reorder_card(self, contact_id: int, expected_stage: int, direction: int) -> bool:
        """Swap a card with its neighbour above (-1) or below (+1); False at an edge."""
        with self._write() as conn:
            state = Contacts(self.db).state(contact_id, conn)
            if state.archived or state.stage != expected_stage:
                raise Conflict(f"{state.name} has moved since; nothing reordered")
            neighbour = Contacts.neighbour(conn, state, direction)
            if neighbour is None:
                return False
            other_id, other_position = neighbour
            position = state.position
            if other_position == position:
                # Equal positions (e.g. from an old import): renumber once, then swap.
                Contacts.renumber(conn, state.stage)
                repo = Contacts(self.db)
                position = repo.state(contact_id, conn).position
                other_position = repo.state(other_id, conn).position
            Contacts.set_position(conn, contact_id, other_position)
            Contacts.set_position(conn, other_id, position)
        return True

    def archive(self, contact_id: int) -> Archive:
        """Take a contact off the board (kept, restorable)."""
        return self._set_archived(contact_id, True)

    def restore(self, contact_id: int) -> Archive:
        """Bring an archived contact back to its stage."""
        return self._set_archived(contact_id, False)

    def _set_archived(self, contact_id: int, archived: bool) -> Archive:
        with self._write() as conn:
            state = Contacts(self.db).state(contact_id, conn)
            if state.archived == archived:
                word = "archived" if archived else "on the board"
                raise Conflict(f"{state.name} is already {word}")
            Contacts.update(conn, contact_id, {"archived": archived, "updated_at": self.now()})
        return Archive(contact_id, state.name, state.stage, archived, state.version + 1)

    def undo_last(self, stack: UndoStack) -> Undoable | None:
        """Undo the newest action of this window's stack (None when it is empty).

        A refused undo (Conflict) is dropped from the stack: it can never apply again.
        """
        action = stack.pop()
        if action is None:
            return None
        result = self.undo(action)
        stack.undone(result)
        return result

    def undo(self, action: Undoable) -> Undoable:
        """Undo this window's action while it is still the latest change to the contact.

        Returns what the undo did (a Move back, or the opposite Archive).
        """
        with self._write() as conn:
            state = Contacts(self.db).state(action.contact_id, conn)
            if state.version != action.version:
                raise Conflict(f"can't undo: {state.name} has moved since")
            now = self.now()
            if isinstance(action, Move):
                change = StageChange(
                    action.contact_id, action.to_stage, action.from_stage, action.from_position, now
                )
                Contacts.record_stage_changes(conn, [change])
                result: Undoable = Move(
                    action.contact_id,
                    state.name,
                    action.to_stage,
                    state.position,
                    action.from_stage,
                    action.from_position,
                    state.version + 1,
                )
            else:
                Contacts.update(
                    conn, action.contact_id, {"archived": not action.archived, "updated_at": now}
                )
                result = Archive(
                    action.contact_id,
                    state.name,
                    state.stage,
                    not action.archived,
                    state.version + 1,
                )
        return result

    # -- contacts --------------------------------------------------------------------

    def add_contact(
        self,
        name: str,
        stage: int = FIRST_STAGE,
        *,
        organization: str = "",
        career_field: str = "",
        referred_by_id: int | None = None,
        **values: Any,
    ) -> int:
        """Create a contact at the bottom of a stage's column; returns its id."""
        if not FIRST_STAGE <= stage <= LAST_STAGE:
            raise validation.ValidationError({"stage": "a stage from 1 to 5"})
        # The stay-in-touch cadence starts as config.toml's (per contact after that).
        values.setdefault("stay_in_touch_months", rules_of(self.db).stay_in_touch_months)
        cleaned = validation.check({"name": name, **values}, validation.CONTACT_FIELDS)
        now = self.now()
        with self._write() as conn:
            field_id = Catalog.career_field_id(conn, career_field, now)
            if field_id is None:
                # Added under an organization: the person takes its career field.
                field_id = Catalog.field_of_organization(conn, organization)
            cleaned["organization_id"] = Catalog.organization_id(conn, organization, field_id, now)
            cleaned["career_field_id"] = field_id
            cleaned["referred_by_id"] = referred_by_id
            position = Contacts.bottom_position(conn, stage)
            cleaned.update(stage=stage, position=position, created_at=now, updated_at=now)
            contact_id = Contacts.insert(conn, cleaned)
            Contacts.record_stage_changes(
                conn, [StageChange(contact_id, None, stage, position, now)]
            )
        return contact_id

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
            else "Ask before mentioning the referrer's name."
        )
        return self.add_contact(
            name,
            3,
            organization=organization,
            title=title,
            email=email,
            referred_by_id=from_contact_id,
            how_found="referral",
            notes=note,
        )

    def edit_contact(
        self, contact_id: int, values: dict[str, Any], base: dict[str, str] | None = None
    ) -> int:
        """Validate and apply changes; returns the contact's new version.

        `organization`, `career_field` and `referred_by` are given by name (a new
        organization or field is created; a referrer must exist). `base` holds the
        values the form started from: a field someone else changed since is refused
        (Conflict naming it) rather than overwritten.
        """
        values = dict(values)
        links = {
            k: values.pop(k) for k in ("organization", "career_field", "referred_by") if k in values
        }
        cleaned = validation.check(values, validation.CONTACT_FIELDS)
        unknown = set(cleaned) - set(validation.CONTACT_FIELDS)
        if unknown:
            raise ValueError(f"not contact fields: {sorted(unknown)}")
        now = self.now()
        with self._write() as conn:
            state = Contacts(self.db).state(contact_id, conn)
            if base:
                current = Contacts.form_values(conn, contact_id, list(base))
                moved = sorted(k for k, v in base.items() if current.get(k, v) != v)
                if moved:
                    raise Conflict(
                        f"{state.name}: {', '.join(moved)} changed in another window since "
                        "you opened this; your text is still in the form — save again to "
                        "keep yours"
                    )
            if "referred_by" in links:
                referrer = clean_line(links["referred_by"])
                ref_id = Contacts.id_by_name(conn, referrer) if referrer else None
                if referrer and ref_id is None:
                    raise validation.ValidationError(
                        {"referred_by": f"no contact named {referrer!r}"}
                    )
                if ref_id == contact_id:
                    raise validation.ValidationError(
                        {"referred_by": "a contact cannot refer themselves"}
                    )
                cleaned["referred_by_id"] = ref_id
            if "career_field" in links:
                cleaned["career_field_id"] = Catalog.career_field_id(
                    conn, links["career_field"], now
                )
            if "organization" in links:
                if "career_field" in links:
                    has_field = bool(clean_line(links["career_field"]))
                else:
                    stored = Contacts.form_values(conn, contact_id, ["career_field"])
                    has_field = bool(stored.get("career_field"))
                if not has_field:
                    # Put under an organization: the person takes its career field.
                    inherited = Catalog.field_of_organization(conn, links["organization"])
                    if inherited is not None:
                        cleaned["career_field_id"] = inherited
                cleaned["organization_id"] = Catalog.organization_id(
                    conn, links["organization"], cleaned.get("career_field_id"), now
                )
            cleaned["updated_at"] = now
            Contacts.update(conn, contact_id, cleaned)
            if "stay_in_touch_months" in cleaned:
                last = FollowUps(self.db).last_touch(contact_id)
                if last is not None:
                    FollowUps.reset_stay_in_touch(conn, contact_id, last)
        return state.version + 1

    def save_draft(self, contact_id: int, kind: str, text: str) -> None:
        """Keep a composer or thank-you draft (the user's words) for the contact."""
        with self._write() as conn:
            Contacts.save_draft(conn, contact_id, kind, text)

    IMPORT_BATCH = 1000  # contacts per INSERT round trip while importing

    def import_contacts(
        self,
        people: Iterable[NewContact],
        *,
        is_known: Callable[[NewContact], bool] = lambda _p: False,
        refresh_job: Callable[[NewContact], int | None] | None = None,
        known_uids: Mapping[str, int] | None = None,
        organization_how_found: str = "",
        progress: Callable[[int, int], None] | None = None,
        total: int | None = None,
    ) -> ImportOutcome:
        """Add people (an import, the demo) in one transaction, skipping anyone known.

        `people` may be a stream (a file read as it goes): they are written a batch at a
        time, so memory stays flat however many there are; `total` (a sequence's length
        by default) is for `progress` only. `is_known` is the importer's duplicate rule;
        it sees each person in file order (and is expected to remember the ones it let
        through). For a known person, `refresh_job` (called right after `is_known`) may
        name the contact (id) whose title and organization the import brings up to date
        (a newer LinkedIn export); an empty value never erases ours.
        `referred_by_uid` links a person to their referrer by vCard UID, among the people
        added and `known_uids` (UID -> id of contacts already present).
        """
        outcome = ImportOutcome()
        now = self.now()
        if total is None:
            total = len(people) if isinstance(people, Sized) else 0
        done = 0
        ids_given = False
        with self._write() as conn:
            orgs = Catalog.organization_ids_by_name(conn)
            positions: dict[int, int] = {}
            referrals: list[tuple[int, int]] = []
            uid_ids: dict[str, int] = dict(known_uids or {})
            referred_by_uid: list[tuple[int, str]] = []
            Step = tuple[tuple[int, datetime], ...]
            batch: list[tuple[NewContact, dict[str, Any], Step]] = []

            def organization_for(name: str) -> int | None:
                """The organization of this name, created (and counted) if new."""
                company = clean_line(name)
                if not company:
                    return None
                org_id = orgs.get(db.fold(company))
                if org_id is None:
                    org_id = Catalog.save(
                        conn,
                        "organization",
                        None,
                        {"name": company, "how_found": organization_how_found, "created_at": now},
                    )
                    orgs[db.fold(company)] = org_id
                    outcome.organizations_created += 1
                return org_id

            def flush() -> None:
                """Insert the batch (one round trip) and record everyone's arrival."""
                if not batch:
                    return
                ids = Contacts.insert_batch(conn, [values for _p, values, _s in batch])
                changes: list[StageChange] = []
                for (person, values, steps), contact_id in zip(batch, ids, strict=True):
                    if person.referred_by_id is not None:
                        # Set once everyone is in: the referrer may come later.
                        referrals.append((contact_id, person.referred_by_id))
                    if person.uid:
                        uid_ids[person.uid] = contact_id
                    if person.referred_by_uid:
                        referred_by_uid.append((contact_id, person.referred_by_uid))
                    previous: int | None = None
                    for to_stage, at in steps:
                        changes.append(
                            StageChange(contact_id, previous, to_stage, values["position"], at)
                        )
                        previous = to_stage
                Contacts.record_stage_changes(conn, changes)
                outcome.imported += len(batch)
                batch.clear()

            for person in people:
                if progress and done % 1000 == 0:
                    progress(done, max(total, done))
                done += 1
                if is_known(person):
                    target = refresh_job(person) if refresh_job is not None else None
                    if target is not None and _refresh_job(
                        conn, target, person, organization_for, now
                    ):
                        outcome.updated += 1
                    else:
                        outcome.duplicates += 1
                    continue
                org_id = person.organization_id
                if org_id is None:
                    org_id = organization_for(person.organization)
                steps = person.history or ((person.stage, person.created_at or now),)
                stage = steps[-1][0]
                if stage not in positions:
                    positions[stage] = Contacts.bottom_position(conn, stage)
                values: dict[str, Any] = {
                    "name": person.name,
                    "title": person.title,
                    "organization_id": org_id,
                    "career_field_id": person.career_field_id,
                    "email": person.email,
                    "phone": person.phone,
                    "linkedin_url": person.linkedin_url,
                    "how_found": person.how_found,
                    "relationship": person.relationship,
                    "tags": person.tags,
                    "notes": person.notes,
                    "vcard_uid": person.uid or None,
                    "stage": stage,
                    "position": positions[stage],
                    "created_at": person.created_at or steps[0][1],
                    "updated_at": steps[-1][1],
                }
                if person.id is not None:
                    values["id"] = person.id
                    ids_given = True
                if batch and batch[-1][1].keys() != values.keys():
                    flush()  # one INSERT takes rows of the same columns
                batch.append((person, values, steps))
                positions[stage] += 1
                if len(batch) >= self.IMPORT_BATCH:
                    flush()
            flush()
            for contact_id, uid in referred_by_uid:
                referrer = uid_ids.get(uid)
                if referrer is not None and referrer != contact_id:
                    referrals.append((contact_id, referrer))
            Contacts.set_referrers(conn, referrals)
            if ids_given:
                self.db.ids_given(conn)  # later contacts still get new ids (PostgreSQL)
        if progress:
            progress(done, done)
        return outcome

    RESTORE_BATCH = 1000  # rows per INSERT round trip while restoring

    def restore_everything(self, rows: Iterable[tuple[Any, dict[str, Any]]]) -> None:
        """Restore an export into an empty database from a stream of (SQLModel table,
        validated row) pairs in any order (references are checked at commit), inserted
        a batch at a time so memory stays flat whatever the size; the export's question
        bank replaces the built-in one. All or nothing: an error raised by the stream
        writes nothing, and rows that do not fit together raise ValueError saying why."""
        from sqlalchemy import delete
        from sqlalchemy.exc import IntegrityError

        from .models import Question
        from .restore import Restore

        try:
            with self.db.session() as session:
                self.db.defer_foreign_keys(session)
                session.execute(delete(Question))
                restore = Restore(session.connection(), self.RESTORE_BATCH)
                for model, row in rows:
                    restore.add(model.__table__, row)
                restore.finish()
                self.db.ids_given(session.connection())
                search.rebuild(session.connection())
        except IntegrityError as exc:
            raise ValueError(str(exc.orig)) from None
        if self.on_change is not None:
            self.on_change()

    # -- catalog ---------------------------------------------------------------------

    def save_career_field(self, field_id: int | None, values: dict[str, Any]) -> int:
        """Create (field_id None) or update a career field; returns its id."""
        created_at = values.pop("created_at", None)
        cleaned = validation.check(values, FIELD_RULES)
        with self._write() as conn:
            if "name" in cleaned:
                self._refuse_taken_name(conn, "career_field", cleaned["name"], field_id)
            if field_id is None:
                cleaned.setdefault("status", "exploring")
                cleaned["created_at"] = created_at or self.now()
            return Catalog.save(conn, "career_field", field_id, cleaned)

    def save_organization(self, org_id: int | None, values: dict[str, Any]) -> int:
        """Create or update an organization; `career_field` is given by name."""
        values = dict(values)
        field_name = values.pop("career_field", None)
        created_at = values.pop("created_at", None)
        cleaned = validation.check(values, ORGANIZATION_RULES)
        now = self.now()
        with self._write() as conn:
            if "name" in cleaned:
                self._refuse_taken_name(conn, "organization", cleaned["name"], org_id)
            if field_name is not None:
                cleaned["career_field_id"] = Catalog.career_field_id(conn, field_name, now)
            if org_id is None:
                cleaned["created_at"] = created_at or now
            return Catalog.save(conn, "organization", org_id, cleaned)

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
                raise Conflict("no thank-you is due for this contact")
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
        return due

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


def _refresh_job(
    conn: Connection,
    contact_id: int,
    person: NewContact,
    organization_for: Callable[[str], int | None],
    now: datetime,
) -> bool:
    """Take a known person's newer title and organization; whether anything changed."""
    current = Contacts.job(conn, contact_id)
    if current is None:
        return False
    title, company = clean_line(person.title), clean_line(person.organization)
    changes: dict[str, Any] = {}
    if title and title != current[0]:
        changes["title"] = title
    if company and company.lower() != str(current[1]).lower():
        changes["organization_id"] = organization_for(company)
    if not changes:
        return False
    Contacts.update(conn, contact_id, {**changes, "updated_at": now})
    return True
