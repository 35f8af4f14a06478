"""The Store: the database, its repositories (reads) and the intents (every write).

One object the UI and CLI hold. Reads: `store.contacts.cards(...)`,
`store.follow_ups.agenda()`... Writes: `store.intents.move_card(...)`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import db
from .catalog import Catalog
from .contacts import Contacts
from .database import Database
from .followups import FollowUps
from .intents import Intents
from .interviews import Interviews
from .outreach import OutreachLog
from .questions import Questions

if TYPE_CHECKING:
    from sqlmodel import Session


class Store:
    """The database at `path`, prepared (created, migrated, seeded) on construction."""

    def __init__(
        self,
        path: Path | str,
        *,
        clock: Callable[[], datetime] = db.utcnow,
        create: bool = True,
        read_only: bool = False,
    ) -> None:
        self.db = Database(path, clock=clock, create=create, read_only=read_only)
        self.contacts = Contacts(self.db)
        self.catalog = Catalog(self.db)
        self.interviews = Interviews(self.db)
        self.outreach = OutreachLog(self.db)
        self.follow_ups = FollowUps(self.db)
        self.questions = Questions(self.db)
        self.intents = Intents(self.db)

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def read_only(self) -> bool:
        """The file cannot be written (or was opened read-only): every write is refused."""
        return self.db.read_only

    def now(self) -> datetime:
        """The store's idea of now (aware UTC); injected in tests."""
        return self.db.now()

    def close(self) -> None:
        self.db.close()

    # -- read access for exporters (reads only: writes go through `intents`) ----------

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.db.query(sql, params)

    def session(self) -> AbstractContextManager[Session]:
        return self.db.session()
