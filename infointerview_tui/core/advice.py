"""Advice that closes the loop: what a person advised becomes things to do.

Finishing an interview turns its Advice notes into action items (one per line). Marking
one done is the moment to tell them ("I took the evening SQL course you suggested —
thank you"); that update, once sent, counts as a touch, and the next stay-in-touch draft
quotes what you did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .base import StoreBase
from .text import clean_line

_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s*")


@dataclass(frozen=True, slots=True)
class AdviceEntry:
    id: int
    contact_id: int
    contact: str
    text: str
    done: bool
    done_at: datetime | None
    update_sent_at: datetime | None


def advice_lines(advice: str) -> list[str]:
    """The separate pieces of advice in an interview's Advice box: one per line."""
    lines = (clean_line(_BULLET.sub("", line)) for line in advice.splitlines())
    return [line for line in lines if line]


class AdviceQueries(StoreBase):
    """Advice action items; part of the Store."""

    def capture_advice(self, interview_id: int) -> int:
        """Turn the interview's Advice lines into action items (new lines only)."""
        from sqlmodel import func, select

        from .models import AdviceItem, Interview

        with self.session() as session:
            interview = session.get(Interview, interview_id)
            if interview is None:
                raise LookupError(f"no interview with id {interview_id}")
            have = set(
                session.exec(select(AdviceItem.text).where(AdviceItem.interview_id == interview_id))
            )
            position = session.exec(
                select(func.count())
                .select_from(AdviceItem)
                .where(AdviceItem.contact_id == interview.contact_id)
            ).one()
            added = 0
            for line in advice_lines(interview.advice):
                if line in have:
                    continue
                have.add(line)
                session.add(
                    AdviceItem(
                        contact_id=interview.contact_id,
                        interview_id=interview_id,
                        text=line,
                        position=position + added,
                    )
                )
                added += 1
        return added

    def add_advice_item(self, contact_id: int, text: str) -> int:
        """A piece of advice typed by hand on the contact screen."""
        from sqlmodel import func, select

        from .models import AdviceItem
        from .validation import ValidationError

        line = clean_line(text)
        if not line:
            raise ValidationError({"advice": "write what they advised"})
        with self.session() as session:
            position = session.exec(
                select(func.count())
                .select_from(AdviceItem)
                .where(AdviceItem.contact_id == contact_id)
            ).one()
            item = AdviceItem(contact_id=contact_id, text=line, position=position)
            session.add(item)
            session.flush()
            return int(item.id or 0)

    def advice_items(
        self, contact_id: int | None = None, *, open_only: bool = False, limit: int = 200
    ) -> list[AdviceEntry]:
        """Action items of one contact (or of everyone, for stage 5), oldest first."""
        from sqlmodel import col, select

        from .models import AdviceItem, Contact

        stmt = (
            select(AdviceItem, Contact.name)
            .join(Contact, col(Contact.id) == AdviceItem.contact_id)
            .where(col(Contact.archived).is_(False))
        )
        if contact_id is not None:
            stmt = stmt.where(AdviceItem.contact_id == contact_id)
        if open_only:
            stmt = stmt.where(col(AdviceItem.done).is_(False))
        stmt = stmt.order_by(
            col(AdviceItem.done), col(AdviceItem.contact_id), col(AdviceItem.position)
        ).limit(limit)
        with self.session() as session:
            return [
                AdviceEntry(
                    int(item.id or 0),
                    item.contact_id,
                    name,
                    item.text,
                    item.done,
                    _utc(item.done_at),
                    _utc(item.update_sent_at),
                )
                for item, name in session.exec(stmt)
            ]

    def set_advice_done(self, item_id: int, done: bool = True) -> AdviceEntry:
        """Tick (or untick) an action item; returns it for the "update them" offer."""
        from .models import AdviceItem, Contact

        with self.session() as session:
            item = session.get(AdviceItem, item_id)
            if item is None:
                raise LookupError(f"no advice item with id {item_id}")
            item.done = done
            item.done_at = self.now() if done else None
            session.add(item)
            contact = session.get(Contact, item.contact_id)
            return AdviceEntry(
                item_id,
                item.contact_id,
                contact.name if contact else "",
                item.text,
                item.done,
                item.done_at,
                _utc(item.update_sent_at),
            )

    def advice_update_sent(self, item_id: int, message: str) -> None:
        """The "update on your advice" went out: a touch, and the item remembers it."""
        from .models import AdviceItem

        with self.session() as session:
            item = session.get(AdviceItem, item_id)
            if item is None:
                raise LookupError(f"no advice item with id {item_id}")
            item.update_sent_at = self.now()
            session.add(item)
            contact_id = item.contact_id
        self.log_touch(contact_id, "update", message)  # type: ignore[attr-defined]

    def done_advice(self, contact_id: int, limit: int = 3) -> list[str]:
        """What you did with their advice, most recent first (for stay-in-touch drafts)."""
        from sqlmodel import col, select

        from .models import AdviceItem

        stmt = (
            select(AdviceItem.text)
            .where(AdviceItem.contact_id == contact_id, col(AdviceItem.done).is_(True))
            .order_by(col(AdviceItem.done_at).desc())
            .limit(limit)
        )
        with self.session() as session:
            return list(session.exec(stmt))


def _utc(value: datetime | None) -> datetime | None:
    from . import db

    return db.from_db(value)
