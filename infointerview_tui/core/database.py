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

import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import db
from .live import OwnWrites

if TYPE_CHECKING:
    from sqlalchemy import TextClause
    from sqlalchemy.engine import Connection, Engine, Row
    from sqlmodel import Session

    from .dburl import DbTarget


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
        self._wide: Engine | None = None  # SQLite: `read_wide`'s own connection
        #: True when the file cannot be written: every write fails with a clear message.
        self.read_only = (
            read_only
            if engine is not None
            else db.prepare(self.path, create=create, read_only=read_only)
        )
        #: This store's id in change notices: its own window's watcher ignores them.
        self.source = secrets.token_hex(8)
        #: The write marks this store's transactions took (SQLite): its watcher skips them.
        self.own_writes = OwnWrites()
        #: How many write transactions this store committed (announced just before each
        #: commit): what a view that keeps a slow read compares to know nothing changed.
        self.writes = 0
        self._writes_lock = threading.Lock()
        if engine is not None and not self.is_sqlite:
            from .live import announce_writes

            announce_writes(engine, self.source, wrote=self._wrote)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _wrote(self) -> None:
        with self._writes_lock:
            self.writes += 1

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
                    created = db.sqlite_engine(self.path, read_only=self.read_only)
                    if not self.read_only:
                        from .live import announce_writes

                        announce_writes(created, self.source, self.own_writes, self._wrote)
                    # Made with it (no connection yet), so that `engines` lists it.
                    self._wide = db.sqlite_engine(self.path, read_only=self.read_only, wide=True)
                    self._engine = created
                engine = self._engine
        return engine

    @property
    def engines(self) -> tuple[Engine, ...]:
        """Every engine statements run on (the pool's; on an SQLite file, `read_wide`'s
        too): what listens to every statement listens to each."""
        engine = self.engine
        wide = self._wide
        return (engine,) if wide is None else (engine, wide)

    @property
    def has_engine(self) -> bool:
        return self._engine is not None

    @property
    def is_sqlite(self) -> bool:
        return self._engine is None or self._engine.dialect.name == "sqlite"

    @property
    def target(self) -> DbTarget:
        """Where the data lives (the watcher's address): the file, or the server URL."""
        from .dburl import DbTarget, sqlite_target

        if self.is_sqlite:
            return sqlite_target(self.path)
        return DbTarget(url=self.engine.url.render_as_string(hide_password=False))

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
    def read_wide(self) -> Iterator[Connection]:
        """`read` on a connection of its own that keeps a large page cache from one read
        to the next (SQLite; a server keeps its own): for reads that probe a large index
        all over, one at a time (the board filter's, each key). Only it has that cache:
        each of the pool's connections would fill one."""
        engines = self.engines
        if len(engines) == 1 or getattr(self._local, "batch", None) is not None:
            with self.read() as conn:
                yield conn
            return
        with engines[1].connect() as conn:
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

    def query(self, sql: str, params: Any = ()) -> list[Row[Any]]:
        """Rows of one SQL text read, on either engine (tests and diagnostics; the app's
        own reads are `select()` on the models). `?` marks take `params` in order."""
        with self.read() as conn:
            return list(conn.execute(*sql_text(sql, params)))

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

    def ids_given(self, conn: Connection) -> None:
        """After rows were written with their ids (a restore): new rows must still get
        new ids (PostgreSQL's sequences do not look at the table; SQLite's max+1 does)."""
        if not self.is_sqlite:
            from .pg import reset_sequences

            reset_sequences(conn)

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()  # check_same_thread=False: safe from any thread
            self._connections.clear()
        self._local = threading.local()
        with self._engine_lock:
            wide, self._wide = self._wide, None
        if wide is not None:
            wide.dispose()
        if self._engine is not None:
            self._engine.dispose()
            if self.is_sqlite:
                self._engine = None


def sql_text(sql: str, params: Any = ()) -> tuple[TextClause, dict[str, Any]]:
    """SQL text with `?` marks (or `:name` binds and a dict) as a statement and its values
    for SQLAlchemy on any engine; colons in the text stay text."""
    from sqlalchemy import text

    if isinstance(params, dict):
        return text(sql), dict(params)
    pieces = sql.replace(":", "\\:").split("?")
    if len(pieces) - 1 != len(params):
        raise ValueError(f"{len(pieces) - 1} '?' in the SQL for {len(params)} values")
    marked = "".join(f"{piece}:p{i}" for i, piece in enumerate(pieces[:-1])) + pieces[-1]
    return text(marked), {f"p{i}": value for i, value in enumerate(params)}
