"""What the contacts repository returns: typed rows for the board, the people lists
and one contact (never bare tuples; database formats stay in the repository)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import db


class MoreThan(int):
    """A count known only to exceed its value: a filter counts each column's matches up
    to a cap (COUNT_CAP), so a key costs the same among 100,000 contacts as among 10."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"MoreThan({int(self)})"


def count_text(count: int) -> str:
    """How a count reads: "1,234" exact, "1,000+" for a MoreThan(1000)."""
    return f"{count:,}+" if isinstance(count, MoreThan) else f"{count:,}"


def total_of(counts: dict[int, int]) -> int:
    """The columns' counts added up: a MoreThan when any of them is one."""
    total = sum(int(n) for n in counts.values())
    return MoreThan(total) if any(isinstance(n, MoreThan) for n in counts.values()) else total


@dataclass(frozen=True, slots=True)
class Card:
    """A contact as the board draws it."""

    id: int
    name: str
    title: str
    organization: str
    due_kind: str  # "" when nothing is due
    due: datetime | None


def card_from_row(row: Any) -> Card:
    """A card from the card query's row (id, name, title, organization, the next open
    follow-up's due time and kind, the next planned interview's time): its due action is
    whichever of the two comes first."""
    contact_id, name, title, org, follow_up_due, follow_up_kind, interview = tuple(row)
    due_kind, due = "", None
    if follow_up_kind is not None:
        due_kind, due = follow_up_kind, db.from_db(follow_up_due)
    if interview:
        when = db.from_db(interview)
        if due is None or (when is not None and when < due):
            due_kind, due = "interview", when
    return Card(contact_id, name, title, org, due_kind, due)


@dataclass(frozen=True, slots=True)
class ContactState:
    """What a state-checked write compares: where the contact is and its row version."""

    id: int
    name: str
    stage: int
    position: int
    archived: bool
    version: int


@dataclass(frozen=True, slots=True)
class StageChange:
    """One step of a contact's history; `from_stage` is None for its arrival."""

    contact_id: int
    from_stage: int | None
    to_stage: int
    position: int
    at: datetime


@dataclass(frozen=True, slots=True)
class HistoryStep:
    from_stage: int | None
    to_stage: int
    at: datetime


@dataclass(frozen=True, slots=True)
class InterviewSummaryRow:
    id: int
    scheduled_at: datetime | None
    status: str
    planned_minutes: int
    location: str


@dataclass(frozen=True, slots=True)
class FollowUpSummaryRow:
    id: int
    kind: str
    due: datetime | None
    done: bool
    note: str


@dataclass(slots=True)
class ContactView:
    """A contact with the names of what it links to, for the detail screen.

    `values` maps each editable column to its value (the form edits them by name).
    """

    values: dict[str, Any]
    organization: str
    career_field: str
    referred_by: str
    history: list[HistoryStep] = field(default_factory=list)
    interviews: list[InterviewSummaryRow] = field(default_factory=list)
    follow_ups: list[FollowUpSummaryRow] = field(default_factory=list)
    referrals: list[str] = field(default_factory=list)

    @property
    def version(self) -> int:
        return int(self.values.get("version", 0))


@dataclass(frozen=True, slots=True)
class ContactMatch:
    id: int
    name: str
    organization: str
    archived: bool = False


@dataclass(frozen=True, slots=True)
class LinkedContact:
    id: int
    name: str
    stage: int


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    name: str
    stage: int
    organization: str
    how_found: str
    referred_by: str
    last_outreach: datetime | None
    replied: bool


@dataclass(frozen=True, slots=True)
class DraftContext:
    name: str
    referrer: str
    career_field: str
