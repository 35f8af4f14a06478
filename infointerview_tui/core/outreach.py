"""Outreach: the log of messages sent and replies received (`OutreachLog`).

Drafting and checking messages lives in messages.py (one checker) and templates.py.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from . import db
from .database import Database


class OutreachLog:
    """The outreach repository: messages sent and replies received.

    Reads run on the calling thread's connection; the write helpers take the connection
    of a transaction opened by core/intents.py.
    """

    def __init__(self, database: Database) -> None:
        self.db = database

    def latest_unanswered(self, contact_id: int) -> int | None:
        """The contact's most recent outreach with no reply logged, if any."""
        row = self.db.conn.execute(
            "SELECT id FROM outreach WHERE contact_id = ? AND replied_at IS NULL "
            "ORDER BY sent_at DESC LIMIT 1",
            (contact_id,),
        ).fetchone()
        return int(row[0]) if row else None

    @staticmethod
    def insert(
        conn: sqlite3.Connection,
        contact_id: int,
        sent: datetime,
        channel: str,
        message: str,
        timeframe: str,
        place: str,
    ) -> int:
        cur = conn.execute(
            "INSERT INTO outreach (contact_id, sent_at, channel, message, "
            "proposed_timeframe, proposed_place) VALUES (?, ?, ?, ?, ?, ?)",
            (contact_id, db.to_db(sent), channel, message, timeframe, place),
        )
        return int(cur.lastrowid or 0)

    @staticmethod
    def record_reply(
        conn: sqlite3.Connection, outreach_id: int, response: str, at: datetime, outcome: str = ""
    ) -> int:
        """Store the reply; returns the contact it came from."""
        row = conn.execute(
            "SELECT contact_id FROM outreach WHERE id = ?", (outreach_id,)
        ).fetchone()
        if row is None:
            raise LookupError(f"no outreach with id {outreach_id}")
        conn.execute(
            "UPDATE outreach SET response = ?, replied_at = ?, outcome = ? WHERE id = ?",
            (response, db.to_db(at), outcome, outreach_id),
        )
        return int(row[0])
