"""Outreach: the log of messages sent and replies received (`OutreachLog`).

Drafting and checking messages lives in messages.py (one checker) and templates.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from . import db
from .database import Database
from .models import Outreach, table

_OUTREACH = table(Outreach)


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
