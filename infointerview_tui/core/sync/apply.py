"""Edits made on the phone, applied to the app through the intents for the same user
actions (complete a follow-up, reschedule an interview, edit a contact). Each is safe to
apply twice: a sync killed after applying but before saving its state applies it again
next time.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

CONFLICT_MARK = "[sync conflict"


def complete_follow_up(store: Store, follow_up_id: int) -> bool:
    """Mark done (a stay-in-touch one counts as a touch: the cadence restarts).

    False when it was done already (or is gone)."""
    from sqlmodel import select

    from ..models import FollowUp

    with store.session() as session:
        done = session.exec(select(FollowUp.done).where(FollowUp.id == follow_up_id)).first()
    if done is None or done:
        return False
    from ..outcomes import Conflict

    try:
        store.intents.complete_follow_up(follow_up_id)
    except Conflict:  # done in the app meanwhile (another window)
        return False
    return True


def reschedule_interview(
    store: Store, interview_id: int, extra: dict[str, Any], start: datetime
) -> None:
    store.intents.schedule_interview(
        extra["contact_id"],
        start,
        planned_minutes=extra["minutes"],
        location=extra["location"],
        interview_id=interview_id,
    )


def update_contact(store: Store, contact_id: int, values: dict[str, str]) -> None:
    """Raises ValidationError when a value cannot be taken (e.g. a malformed email)."""
    store.intents.edit_contact(contact_id, dict(values))


def note_conflict(store: Store, contact_id: int, notes: str, line: str) -> str:
    """Append `line` to the contact's notes unless it is there already; the new notes."""
    if line in notes:
        return notes
    updated = f"{notes.rstrip()}\n{line}" if notes.strip() else line
    store.intents.edit_contact(contact_id, {"notes": updated})
    return updated
