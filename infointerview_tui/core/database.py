"""Database: the connections every repository and the intents share.

Hot paths (the board, the agenda, moves, autosave) use sqlite3 directly: they must not
wait for the ORM to import. JSON interchange uses SQLModel sessions (`session()`),
loaded on first use. Reads go through `conn` (one connection per thread); every write
is one `write()` transaction, opened only by core/intents.py.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import db

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session


class Database:
    """The database at `path`, prepared (created, migrated, seeded) on construction."""

    def __init__(
        self,
        path: Path | str,
        *,
        clock: Callable[[], datetime] = db.utcnow,
        create: bool = True,
        read_only: bool = False,
    ) -> None:
        self.path = Path(path)
        self.clock = clock
        #: True when the file cannot be written: every write fails with a clear message.
        self.read_only = db.prepare(self.path, create=create, read_only=read_only)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The store's idea of now (aware UTC); injected in tests."""
        return self.clock()

    # -- raw connections (one per thread) -------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = db.connect(self.path, read_only=self.read_only)
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction on this thread's connection."""
        with db.transaction(self.conn) as conn:
            yield conn

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    # -- ORM sessions --------------------------------------------------------------

    @cached_property
    def engine(self) -> Engine:
        from sqlalchemy import event
        from sqlmodel import create_engine

        read_only = self.read_only
        args: dict[str, Any] = {"timeout": db.BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        # SQLAlchemy passes URI query arguments to SQLite only with uri=true in the URL.
        url = (
            f"sqlite:///{db.read_only_uri(self.path)}&uri=true"
            if read_only
            else f"sqlite:///{self.path}"
        )
        engine = create_engine(url, connect_args=args)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            if read_only:
                db.configure_read_only(dbapi_conn)
            else:
                db.configure(dbapi_conn)

        return engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A SQLModel session committed on success and rolled back on error."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                try:
                    session.rollback()
                except Exception:
                    pass  # SQLite may have ended the transaction itself; report the cause
                raise

    @staticmethod
    def defer_foreign_keys(session: Session) -> None:
        """Check foreign keys at commit, not per row (a restore inserts in any order)."""
        from sqlalchemy import text

        session.execute(text("PRAGMA defer_foreign_keys = ON"))

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()  # check_same_thread=False: safe from any thread
            self._connections.clear()
        self._local = threading.local()
        if "engine" in self.__dict__:
            self.engine.dispose()
            del self.__dict__["engine"]
