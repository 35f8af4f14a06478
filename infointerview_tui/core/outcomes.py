"""What intents return and refuse with: typed outcomes, undoable actions, Conflict."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime


class Conflict(Exception):
    """The database moved on since the caller read it (another window, another
    computer): nothing was written. str() is a message fit to show the user; the view
    should reload."""


@dataclass(frozen=True, slots=True)
class Move:
    """A card moved between stages: enough to undo it while it is the latest change."""

    contact_id: int
    name: str
    from_stage: int
    from_position: int
    to_stage: int
    to_position: int
    version: int  # the contact's version right after the move


@dataclass(frozen=True, slots=True)
class Archive:
    """A contact archived (or restored): enough to undo it."""

    contact_id: int
    name: str
    stage: int
    archived: bool  # the state after the action
    version: int


Undoable = Move | Archive


@dataclass(slots=True)
class UndoStack:
    """This window's own undoable actions, newest last (one per window, never shared)."""

    actions: list[Undoable] = field(default_factory=list)

    def push(self, action: Undoable) -> None:
        self.actions.append(action)

    def pop(self) -> Undoable | None:
        return self.actions.pop() if self.actions else None

    def __bool__(self) -> bool:
        return bool(self.actions)

    def undone(self, result: Undoable) -> None:
        """After an undo: this window's previous action on that contact is again its
        latest change, as of the version the undo left — but only when the undone
        action came right after it (versions one apart). When another window changed
        the contact in between, the previous action keeps its old version, so undoing
        it is refused ("has moved since") rather than replayed over that change."""
        undone_version = result.version - 1  # the version the undone action left
        for i in range(len(self.actions) - 1, -1, -1):
            if self.actions[i].contact_id == result.contact_id:
                if self.actions[i].version == undone_version - 1:
                    self.actions[i] = replace(self.actions[i], version=result.version)
                return


@dataclass(frozen=True, slots=True)
class NewContact:
    """A person to add. `history` lists (stage, when) steps already taken, oldest first,
    for contacts that arrive with a past (the demo); empty means they arrive at `stage`
    now."""

    name: str
    stage: int = 3
    title: str = ""
    organization: str = ""
    organization_id: int | None = None
    career_field_id: int | None = None
    email: str = ""
    phone: str = ""
    linkedin_url: str = ""
    how_found: str = ""
    relationship: str = ""
    tags: str = ""
    notes: str = ""
    uid: str = ""
    referred_by_id: int | None = None
    #: The vCard UID of who referred them (RELATED), resolved by the import.
    referred_by_uid: str = ""
    created_at: datetime | None = None
    history: tuple[tuple[int, datetime], ...] = ()
    id: int | None = None


@dataclass(slots=True)
class ImportOutcome:
    """What an import did, counted."""

    imported: int = 0
    duplicates: int = 0
    organizations_created: int = 0
    #: Known people whose title or organization the import brought up to date.
    updated: int = 0
