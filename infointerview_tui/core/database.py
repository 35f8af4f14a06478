"""Database: the SQLAlchemy engine every repository and the intents share.

Repositories read with `read()` (a connection from the engine's pool, one consistent
snapshot per call) and write inside `write()` (one transaction, opened only by
core/intents.py), all with SQLAlchemy Core statements on the tables of models.py, so
the same code runs on SQLite and PostgreSQL. The engine comes from db.py (an SQLite
file, pragmas on connect) or is handed in (PostgreSQL: `pg.open_engine`).

SQLAlchemy is imported on first use, not at construction: the app calls `load()` from
a worker thread right at start so that the first frame does not wait for it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import db

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session


class Database:
    """The database at `path`, prepared (created, migrated, seeded) on construction.

    With `engine` (a server database), `path` is only what is shown for it.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        clock: Callable[[], datetime] = db.utcnow,
        create: bool = True,
        read_only: bool = False,
        engine: Engine | None = None,
    ) -> None:
        self.path = Path(path)
        self.clock = clock
        self._engine = engine
        self._engine_lock = threading.Lock()
        #: True when the file cannot be written: every write fails with a clear message.
        self.read_only = (
            read_only
            if engine is not None
            else db.prepare(self.path, create=create, read_only=read_only)
        )
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The store's idea of now (aware UTC); injected in tests."""
        return self.clock()

    # -- the engine ------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        engine = self._engine
        if engine is None:
            with self._engine_lock:
                if self._engine is None:
                    self._engine = db.sqlite_engine(self.path, read_only=self.read_only)
                engine = self._engine
        return engine

    @property
    def has_engine(self) -> bool:
        return self._engine is not None

    @property
    def is_sqlite(self) -> bool:
        return self._engine is None or self._engine.dialect.name == "sqlite"

    def load(self) -> None:
        """Import SQLAlchemy and the models and open the engine (call from a worker)."""
        from . import models  # noqa: F401  (the tables every query is built on)

        with self.read() as conn:
            conn.exec_driver_sql("SELECT 1")

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for a few reads that see one snapshot; returned to the pool after."""
        batch = getattr(self._local, "batch", None)
        if batch is not None:
            yield batch
            return
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One short write transaction (SQLite: the write lock is taken at BEGIN)."""
        batch = getattr(self._local, "batch", None)
        if batch is not None:
            yield batch
            return
        with self.engine.connect() as conn:
            conn.execution_options(write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def batch(self) -> Iterator[Connection]:
        """One transaction for many intents in a row (the demo): inside it, every read
        and write of this thread uses it, so each intent still runs its own rules but
        nothing is committed until the end; any error rolls everything back. For
        writers that own the database for the moment, not for the UI."""
        if getattr(self._local, "batch", None) is not None:
            raise RuntimeError("a batch is already open in this thread")
        with self.engine.connect() as conn:
            conn.execution_options(write=True)
            with conn.begin():
                self._local.batch = conn
                try:
                    yield conn
                finally:
                    self._local.batch = None

    # -- raw SQLite access (tests, the SQLite backup) ---------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's own sqlite3 connection (SQLite files only)."""
        if not self.is_sqlite:
            raise RuntimeError("a raw sqlite3 connection exists only for SQLite files")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = db.connect(self.path, read_only=self.read_only)
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    # -- ORM sessions (JSON interchange) ---------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A SQLModel session committed on success and rolled back on error."""
        from sqlmodel import Session

        # Inside a batch the session joins its transaction (its commit is the batch's).
        bind = getattr(self._local, "batch", None) or self.engine
        with Session(bind, expire_on_commit=False) as session:
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
        db.defer_foreign_keys(session.connection())

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()  # check_same_thread=False: safe from any thread
            self._connections.clear()
        self._local = threading.local()
        if self._engine is not None:
            self._engine.dispose()
            if self.is_sqlite:
                self._engine = None
