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

from .parts import StorePart
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


class AdviceQueries(StorePart):
    """Advice action items; part of the Store."""

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
