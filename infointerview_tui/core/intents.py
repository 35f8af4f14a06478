"""Intents: one method per thing a user does. Every write goes through here.

The UI, the CLI, the importers and the demo generator all call these; each is one
transaction. An intent states what it expects (the card's stage, a row's version) and
raises `Conflict` when the database moved on (another window, another computer), so a
stale view never writes false history. Rules about *what* is stored live in the
repositories (contacts, catalog, interviews, outreach, follow-ups, questions) and in
schedule.py; this module decides *when* and checks the state first. `Intents` is this
module's board and contact intents plus one mixin per family: imports
(`import_intents.py`), outreach and follow-ups (`outreach_intents.py`), interviews and
the bank (`interview_intents.py`), records' lives (`record_intents.py`), the method
(`method_intents.py`) and typed links (`link_intents.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import validation
from .catalog import FIELD_RULES, ORGANIZATION_RULES, Catalog
from .contact_rows import StageChange
from .contacts import Contacts
from .database import Database
from .followups import FollowUps
from .import_intents import ImportIntents
from .interview_intents import InterviewIntents
from .link_intents import LinkIntents
from .method import rules_of
from .method_intents import MethodIntents
from .outcomes import Archive, Conflict, Move, Undoable, UndoStack
from .outreach_intents import OutreachIntents
from .record_intents import RecordIntents
from .stages import FIRST_STAGE, LAST_STAGE, STAGES
from .text import clean_line

if TYPE_CHECKING:
    from sqlalchemy import Connection


def _stage_label(stage: int) -> str:
    return f"{stage} {STAGES[stage - 1].label}"


class Intents(
    ImportIntents, OutreachIntents, InterviewIntents, RecordIntents, MethodIntents, LinkIntents
):
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
            # The version says nothing else changed it since; where it is says the same
            # in the user's words, and keeps the history a chain whatever the version.
            if isinstance(action, Move):
                still = state.stage == action.to_stage and not state.archived
            else:
                still = state.archived == action.archived
            if state.version != action.version or not still:
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
                if ref_id is not None and (
                    through := Contacts.referral_loop(conn, contact_id, ref_id)
                ):
                    raise validation.ValidationError(
                        {
                            "referred_by": f"{through} came to you through {state.name}, so "
                            f"{referrer} can't have referred {state.name} (a referral chain "
                            "can't loop)"
                        }
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
