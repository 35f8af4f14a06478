"""Outreach: the log of messages sent and replies received (`OutreachLog`).

Drafting and checking messages lives in messages.py (one checker) and templates.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from . import db
from .database import Database
from .models import Outreach, table

_OUTREACH = table(Outreach)


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A logged outreach as the contact screen lists it."""

    id: int
    sent_at: datetime
    channel: str
    response: str
    replied_at: datetime | None


class OutreachLog:
    """The outreach repository: messages sent and replies received.

    Reads take a connection from the database's pool; the write helpers take the
    connection of a transaction opened by core/intents.py.
    """

    def __init__(self, database: Database) -> None:
        self.db = database

    def latest_unanswered(self, contact_id: int) -> int | None:
        """The contact's most recent outreach with no reply logged, if any."""
        x = _OUTREACH
        query = (
            select(x.c.id)
            .where(x.c.contact_id == contact_id, x.c.replied_at.is_(None))
            .order_by(x.c.sent_at.desc())
            .limit(1)
        )
        with self.db.read() as conn:
            found = conn.execute(query).scalar()
        return int(found) if found is not None else None

    def already_sent(self, contact_id: int, message: str) -> datetime | None:
        """When this exact message was last logged as sent to the contact, if ever."""
        from sqlalchemy import func, select
        from sqlmodel import col

        from .models import Outreach
        from .text import clean_text

        with self.db.read() as conn:
            sent = conn.execute(
                select(func.max(col(Outreach.sent_at))).where(
                    col(Outreach.contact_id) == contact_id,
                    # Stored as clean_text(message); strip() on both sides in Python terms:
                    # SQL's trim() keeps newlines, and a template ends with one.
                    col(Outreach.message).in_({clean_text(message), clean_text(message).strip()}),
                ),
            ).scalar()
        return db.from_db(sent)

    def for_contact(self, contact_id: int, limit: int = 50) -> list[SentMessage]:
        """The contact's logged messages, newest first."""
        from sqlalchemy import select
        from sqlmodel import col

        from .models import Outreach

        with self.db.read() as conn:
            found: Sequence[Any] = conn.execute(
                select(
                    col(Outreach.id),
                    col(Outreach.sent_at),
                    col(Outreach.channel),
                    col(Outreach.response),
                    col(Outreach.replied_at),
                )
                .where(col(Outreach.contact_id) == contact_id)
                .order_by(col(Outreach.sent_at).desc(), col(Outreach.id).desc())
                .limit(limit),
            ).all()
        return [
            SentMessage(r[0], db.from_db(r[1]) or datetime.min, r[2], r[3], db.from_db(r[4]))
            for r in found
        ]

    def latest_proposal(self, contact_id: int) -> tuple[str, str]:
        """The slot and place last proposed to this contact ('' when none)."""
        from sqlalchemy import select
        from sqlmodel import col

        from .models import Outreach

        with self.db.read() as conn:
            row = conn.execute(
                select(col(Outreach.proposed_timeframe), col(Outreach.proposed_place))
                .where(col(Outreach.contact_id) == contact_id)
                .order_by(col(Outreach.sent_at).desc(), col(Outreach.id).desc())
                .limit(1),
            ).fetchone()
        return (str(row[0]), str(row[1])) if row else ("", "")

    @staticmethod
    def proposal(conn: Connection, outreach_id: int) -> tuple[str, str]:
        """The slot and place an outreach proposed."""
        from sqlalchemy import select
        from sqlmodel import col

        from .models import Outreach

        row = conn.execute(
            select(col(Outreach.proposed_timeframe), col(Outreach.proposed_place)).where(
                col(Outreach.id) == outreach_id
            ),
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else ("", "")

    @staticmethod
    def insert(
        conn: Connection,
        contact_id: int,
        sent: datetime,
        channel: str,
        message: str,
        timeframe: str,
        place: str,
    ) -> int:
        statement = (
            insert(_OUTREACH)
            .values(
                contact_id=contact_id,
                sent_at=db.utc(sent),
                channel=channel,
                message=message,
                proposed_timeframe=timeframe,
                proposed_place=place,
            )
            .returning(_OUTREACH.c.id)
        )
        return int(conn.execute(statement).scalar_one())

    @staticmethod
    def answer_latest(conn: Connection, contact_id: int, response: str, at: datetime) -> bool:
        """Store `response` at `at` as the reply to the contact's latest outreach with
        none, if there is one (inside the caller's write); whether there was."""
        x = _OUTREACH
        latest = conn.execute(
            select(x.c.id)
            .where(x.c.contact_id == contact_id, x.c.replied_at.is_(None))
            .order_by(x.c.sent_at.desc())
            .limit(1)
        ).scalar()
        if latest is None:
            return False
        OutreachLog.record_reply(conn, int(latest), response, at, "yes")
        return True

    @staticmethod
    def record_reply(
        conn: Connection, outreach_id: int, response: str, at: datetime, outcome: str = ""
    ) -> int:
        """Store the reply; returns the contact it came from."""
        x = _OUTREACH
        contact_id = conn.execute(select(x.c.contact_id).where(x.c.id == outreach_id)).scalar()
        if contact_id is None:
            raise LookupError(f"no outreach with id {outreach_id}")
        conn.execute(
            update(x)
            .where(x.c.id == outreach_id)
            .values(response=response, replied_at=db.utc(at), outcome=outcome)
        )
        return int(contact_id)
