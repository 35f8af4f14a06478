"""Noticing that another window or computer changed the data, so the screens can reload.

A watcher runs in a daemon thread on its own connection and calls `on_change()` (from
that thread) when data changed through any other connection:

- SQLite: `PRAGMA data_version`, polled every few hundred milliseconds. It changes when
  any other connection commits, the app's own included, so every write transaction also
  bumps the one-row `write_mark` table just before it commits and the window remembers
  the numbers it took (`OwnWrites`). When the version changes, the watcher reads the
  mark: only numbers of its own window's since last time means nothing to reload (a
  board re-read everything after each of its own moves: 80 ms at 100,000 contacts).
- PostgreSQL: `LISTEN infointerview_changes`. Every write transaction calls
  `notify_change()`, which sends the writer's `source` id; PostgreSQL delivers it on
  commit only, and a watcher ignores its own window's id.

No Textual here: the app hands in a callback that crosses into its event loop.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import db
from .dburl import DbTarget

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

CHANNEL = "infointerview_changes"
POLL_INTERVAL_S = 0.3
# After a lost server connection: wait this long between attempts (doubling up to MAX).
RETRY_S = 0.5
MAX_RETRY_S = 5.0


def notify_change(conn: Connection | Session, source: str = "") -> None:
    """Tell other windows this transaction changed data (PostgreSQL; no-op on SQLite).

    Call it inside the write transaction: PostgreSQL delivers the notification when the
    transaction commits and drops it if it rolls back.
    """
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    connection = conn.connection() if isinstance(conn, Session) else conn
    if connection.dialect.name != "postgresql":
        return
    connection.execute(
        text("SELECT pg_notify(:channel, :source)"), {"channel": CHANNEL, "source": source}
    )


_WRITES = ("INSERT", "UPDATE", "DELETE")
_WROTE = "infointerview_wrote"  # a flag in the DBAPI connection's info, until commit
_MARKED = "infointerview_marked"  # the write mark this transaction took, until it ends
# SQLite: take the next write mark (inside the transaction, so it commits with it).
_BUMP_MARK = (
    "INSERT INTO write_mark (id, seq) VALUES (1, 1)"
    " ON CONFLICT (id) DO UPDATE SET seq = seq + 1 RETURNING seq"
)
_READ_MARK = "SELECT seq FROM write_mark WHERE id = 1"


class OwnWrites:
    """The write marks one window's transactions took (SQLite; thread-safe: the writers
    add, the watcher's thread checks and forgets)."""

    def __init__(self) -> None:
        self._marks: set[int] = set()
        self._lock = threading.Lock()

    def add(self, mark: int) -> None:
        with self._lock:
            self._marks.add(mark)

    def discard(self, mark: int) -> None:
        with self._lock:
            self._marks.discard(mark)

    def only_own(self, before: int | None, now: int | None) -> bool:
        """Whether every write from mark `before` (excluded) to `now` was this window's
        own; forgets the marks up to `now`. False when the marks say nothing (unknown,
        or unchanged: a writer that takes no mark, such as an older version)."""
        if before is None or now is None or now <= before:
            return False
        with self._lock:
            own = now - before <= len(self._marks) and all(
                m in self._marks for m in range(before + 1, now + 1)
            )
            self._marks = {m for m in self._marks if m > now}
        return own


def read_mark(conn: sqlite3.Connection) -> int | None:
    """The file's write mark: 0 before the first marked write, None without its table."""
    try:
        row = conn.execute(_READ_MARK).fetchone()
    except sqlite3.OperationalError:  # no such table: a file not yet migrated
        return None
    return 0 if row is None else int(row[0])


def data_version(conn: Connection) -> object:
    """A token that changes whenever a transaction commits a change, read in `conn`'s
    transaction: equal twice, nothing was committed in between, so what was read then
    is still what is there. SQLite: the write mark (every writer takes the next one
    before it commits, `announce_writes`); PostgreSQL: the snapshot (which transactions
    are running and which committed: equal snapshots see the same rows)."""
    from sqlalchemy import Text, cast, func, select

    from .models import WriteMark, table

    if conn.dialect.name == "postgresql":
        return conn.execute(select(cast(func.pg_current_snapshot(), Text))).scalar_one()
    marks = table(WriteMark)
    mark = conn.execute(select(marks.c.seq).where(marks.c.id == 1)).scalar()
    return 0 if mark is None else int(mark)


def announce_writes(
    engine: Engine,
    source: str,
    own: OwnWrites | None = None,
    wrote: Callable[[], None] | None = None,
) -> None:
    """Make every transaction on `engine` that wrote announce itself just before it
    commits: on PostgreSQL one `notify_change(source)`; on SQLite the next write mark,
    remembered in `own` so this window's watcher knows the commit for its own. `wrote`
    is told too (the window's own count of writes: Database.writes).

    The one place writers announce themselves: the intents' `write()` transactions and
    ORM sessions (restores, the method's writes, sync) alike, whoever opened them.
    """
    from sqlalchemy import event

    postgres = engine.dialect.name == "postgresql"
    if not postgres and own is None:
        return

    @event.listens_for(engine, "after_cursor_execute")
    def _executed(
        conn: Connection, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool
    ) -> None:
        compiled = context is not None and (
            context.isinsert or context.isupdate or context.isdelete
        )
        if compiled or statement.lstrip()[:6].upper() in _WRITES:  # (or SQL text)
            conn.info[_WROTE] = True

    @event.listens_for(engine, "commit")
    def _commit(conn: Connection) -> None:
        # Still inside the transaction: the notice is delivered with the commit, or not
        # at all. The DBAPI cursor, so the notice itself is no statement seen above.
        if not conn.info.pop(_WROTE, False):
            return
        if wrote is not None:
            wrote()
        dbapi = conn.connection.dbapi_connection
        if postgres:
            with dbapi.cursor() as cursor:  # type: ignore[union-attr]
                cursor.execute("SELECT pg_notify(%s, %s)", (CHANNEL, source))
            return
        cursor = dbapi.cursor()  # type: ignore[union-attr]
        try:
            mark = int(cursor.execute(_BUMP_MARK).fetchone()[0])
        except sqlite3.OperationalError:
            return  # no write_mark table (a file being migrated): watchers reload
        finally:
            cursor.close()
        # Known as ours before it commits: the watcher may read it the moment it does.
        assert own is not None
        own.add(mark)
        conn.info[_MARKED] = mark

    @event.listens_for(engine, "rollback")
    def _rollback(conn: Connection) -> None:
        conn.info.pop(_WROTE, None)
        _forget(conn)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.info.pop(_MARKED, None)  # the last transaction committed: its mark stays

    @event.listens_for(engine, "handle_error")
    def _failed(context: Any) -> None:
        # A commit that failed never wrote its mark: another writer may take that number.
        if context.connection is not None:
            _forget(context.connection)

    def _forget(conn: Connection) -> None:
        mark = conn.info.pop(_MARKED, None)
        if mark is not None and own is not None:
            own.discard(mark)


class ChangeWatcher:
    """Runs `_watch()` in a daemon thread until `stop()`; subclasses say what a change is."""

    def __init__(self, on_change: Callable[[], Any], *, interval: float = POLL_INTERVAL_S):
        self.on_change = on_change
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.changes = 0  # how many times on_change was called (for tests and diagnostics)

    def start(self) -> ChangeWatcher:
        self._thread = threading.Thread(
            target=self._watch, name=f"infointerview-{type(self).__name__}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the thread to end and wait for it (bounded: it checks every `interval`)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _changed(self) -> None:
        self.changes += 1
        self.on_change()

    def _watch(self) -> None:
        raise NotImplementedError


class SqliteWatcher(ChangeWatcher):
    """Polls `PRAGMA data_version` of the file on a connection that never writes; with
    `own`, a change made only of this window's own write marks is no change."""

    def __init__(
        self,
        path: Path,
        on_change: Callable[[], Any],
        *,
        interval: float = POLL_INTERVAL_S,
        own: OwnWrites | None = None,
    ):
        super().__init__(on_change, interval=interval)
        self.path = Path(path)
        self.own = own
        self.ready = threading.Event()  # set once the first version has been read
        self.own_commits = 0  # changes that were only this window's writes (diagnostics)

    def _watch(self) -> None:
        conn: sqlite3.Connection | None = None
        last: int | None = None
        mark: int | None = None
        try:
            while True:
                try:
                    if conn is None:
                        conn = db.watching_connection(self.path)
                    version = db.data_version(conn)
                    # The mark after the version: a commit between the two is seen again
                    # next tick (the version moved), never missed.
                    changed = last is not None and version != last
                    if changed or last is None:
                        before, mark = mark, read_mark(conn) if self.own is not None else None
                except sqlite3.Error:
                    # Locked for a moment or the file was replaced: start afresh next tick.
                    if conn is not None:
                        conn.close()
                        conn = None
                    last = None
                else:
                    if changed:
                        if self.own is not None and self.own.only_own(before, mark):
                            self.own_commits += 1
                        else:
                            self._changed()
                    last = version
                    self.ready.set()
                if self._stop.wait(self.interval):
                    return
        finally:
            if conn is not None:
                conn.close()


class PostgresWatcher(ChangeWatcher):
    """LISTENs on the server; a notification from another source means a change."""

    def __init__(
        self,
        target: DbTarget,
        on_change: Callable[[], Any],
        *,
        source: str = "",
        interval: float = POLL_INTERVAL_S,
    ):
        super().__init__(on_change, interval=interval)
        self.target = target
        self.source = source
        self.ready = threading.Event()  # set once LISTEN is in place
        self.last_error: str | None = None  # masked; shown by nobody unless asked

    def _connect(self):  # noqa: ANN202 - a psycopg.Connection
        import psycopg

        from .pg import APPLICATION_NAME, CONNECT_TIMEOUT_S, conninfo

        conn = psycopg.connect(
            conninfo(self.target),
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name=f"{APPLICATION_NAME} (watcher)",
        )
        conn.execute(f"LISTEN {CHANNEL}")
        return conn

    def _watch(self) -> None:
        import psycopg

        from .pg import explain

        conn = None
        retry = RETRY_S
        connected_before = False
        try:
            while not self._stop.is_set():
                try:
                    if conn is None:
                        conn = self._connect()
                        if connected_before:
                            # Whatever happened while we were away was not heard.
                            self._changed()
                        connected_before = True
                        retry = RETRY_S
                        self.ready.set()
                    heard = False
                    for note in conn.notifies(timeout=self.interval):
                        if not self.source or note.payload != self.source:
                            heard = True
                            break  # react now; later ones are caught on the next round
                except psycopg.Error as exc:
                    self.last_error = explain(exc, self.target)
                    if conn is not None:
                        conn.close()
                        conn = None
                    if self._stop.wait(retry):
                        return
                    retry = min(retry * 2, MAX_RETRY_S)
                    continue
                if heard:
                    self._changed()
        finally:
            if conn is not None:
                conn.close()


def watch(
    target: DbTarget,
    on_change: Callable[[], Any],
    *,
    source: str = "",
    interval: float = POLL_INTERVAL_S,
    own: OwnWrites | None = None,
) -> ChangeWatcher:
    """A started watcher for `target`, calling `on_change` from its thread (not for the
    commits whose write marks are in `own`: SQLite; PostgreSQL goes by `source`)."""
    watcher: ChangeWatcher
    if target.path is not None:
        watcher = SqliteWatcher(target.path, on_change, interval=interval, own=own)
    else:
        watcher = PostgresWatcher(target, on_change, source=source, interval=interval)
    return watcher.start()
