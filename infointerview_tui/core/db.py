"""The SQLite dialect corner: file checks, permissions, pragmas, migrating, seeding.

The one place with SQLite-specific code. It uses only the standard library on the path
that opens an up-to-date file, so that the app's first frame does not wait for
SQLAlchemy/pydantic to import (~0.7 s cold); Alembic runs only when a file needs it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .migrate import SCHEMA_VERSION

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.sql.elements import ColumnElement

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
APPLICATION_ID = 0x49494E54  # "IINT": marks the file as ours


class StoreError(Exception):
    """A problem with the database file, with a message fit to show the user."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_db(value: datetime | None) -> str | None:
    """The storage form of a datetime: naive UTC, the format SQLAlchemy uses on SQLite."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def utc(value: datetime | None) -> datetime | None:
    """A datetime as the models' columns take it: aware UTC (a naive one is UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def bind(values: dict[str, Any]) -> dict[str, Any]:
    """Column values ready for an insert/update: datetimes as aware UTC."""
    return {k: utc(v) if isinstance(v, datetime) else v for k, v in values.items()}


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(text: str) -> str:
    """A name's case-insensitive key in Python, folding exactly what `nocase` folds on
    SQLite (ASCII letters): a name matched in memory (importers) and one matched in SQL
    (a typed name) must agree, or "ő" and "Ő" are one organization here, two there."""
    return text.translate(_ASCII_LOWER)


def nocase(column: Any) -> ColumnElement[Any]:
    """A case-insensitive form of a text column, for comparing and ordering on any
    engine (SQLite's NOCASE and its lower() both fold ASCII only; so does this)."""
    from sqlalchemy import func

    return func.lower(column)


def from_db(value: str | datetime | None) -> datetime | None:
    """A stored datetime back as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def _check_existing(path: Path) -> int:
    """Validate an existing file without writing to it; return its schema version."""
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise StoreError(f"{path} is a directory, not a database file") from None
    except PermissionError:
        raise StoreError(f"{path} cannot be read (permission denied)") from None
    if header == b"":
        return 0  # an empty file is a new database
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not an infointerview database (not an SQLite file)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a readable database ({exc})") from None
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer infointerview (schema {version}; this version "
            f"reads up to {SCHEMA_VERSION}). Upgrade infointerview to open it."
        )
    if has_tables and app_id != APPLICATION_ID:
        raise StoreError(f"{path} is an SQLite database of another program, not infointerview")
    return version


def _create_private(path: Path) -> None:
    """Create the file with mode 0600 before SQLite ever touches it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)


#: The page cache, in KiB, of the connection the board filter reads on (`Database.
#: read_wide`; SQLite's default is 2,000): its walk probes the search index all over
#: (~7-12 MiB at 100,000 contacts); with the default most probes read and decode a page
#: again, twice the time (28 -> 15 ms for "s"). One connection only: every pooled one
#: with it filled its own (peak memory after every screen 136 -> 165 MiB at 100,000).
WIDE_CACHE_KIB = 16_384


def configure(conn: sqlite3.Connection) -> None:
    """Pragmas every connection needs: WAL, foreign keys, a busy timeout."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")


def configure_read_only(conn: sqlite3.Connection) -> None:
    """Pragmas for a read-only connection: no journal-mode change (that is a write)."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")


def read_only_uri(path: Path) -> str:
    """The SQLite URI that opens `path` read-only."""
    from urllib.parse import quote

    return f"file:{quote(str(Path(path).absolute()))}?mode=ro"


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A configured connection to an already prepared database (see `prepare`)."""
    if read_only:
        conn = sqlite3.connect(
            read_only_uri(path),
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        configure_read_only(conn)
        return conn
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    configure(conn)
    return conn


def sqlite_engine(path: Path, *, read_only: bool = False, wide: bool = False) -> Engine:
    """The SQLAlchemy engine on a prepared file: our pragmas on every connection, and a
    write transaction that takes SQLite's write lock at once (`BEGIN IMMEDIATE`) so two
    windows never both read, then both write. Reads begin a deferred transaction.

    `wide`: one connection (`pool_size` 1, none more: its one reader waits), with a page
    cache of WIDE_CACHE_KIB that it keeps from one read to the next."""
    from sqlalchemy import create_engine, event

    args: dict[str, Any] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    # SQLAlchemy passes URI query arguments to SQLite only with uri=true in the URL.
    url = f"sqlite:///{read_only_uri(path)}&uri=true" if read_only else f"sqlite:///{path}"
    # LIFO: a read takes the connection the last one used, whose page cache holds what
    # the last read touched (FIFO hands each read the coldest of the pool's connections).
    pool: dict[str, Any] = {"pool_size": 1, "max_overflow": 0} if wide else {}
    engine = create_engine(url, connect_args=args, pool_use_lifo=True, **pool)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # pysqlite: the BEGIN below is the real one
        if read_only:
            configure_read_only(dbapi_conn)
        else:
            configure(dbapi_conn)
        if wide:
            dbapi_conn.execute(f"PRAGMA cache_size = -{WIDE_CACHE_KIB}")
            dbapi_conn.execute("PRAGMA query_only = ON")  # it only reads

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def defer_foreign_keys(conn: Connection) -> None:
    """Check foreign keys at commit, not per row (a restore inserts in any order)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    else:
        conn.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")


def watching_connection(path: Path) -> sqlite3.Connection:
    """A connection that only ever looks (live.py's watcher): it never creates a file
    that is not there (moved or deleted), and watches a file the user may only read."""
    from urllib.request import pathname2url

    where = pathname2url(str(Path(path).resolve()))
    try:
        conn = sqlite3.connect(f"file:{where}?mode=rw", uri=True, timeout=5, isolation_level=None)
    except sqlite3.OperationalError:
        conn = sqlite3.connect(f"file:{where}?mode=ro", uri=True, timeout=5, isolation_level=None)
    conn.execute("PRAGMA query_only = ON")
    return conn


def data_version(conn: sqlite3.Connection) -> int:
    """Changes whenever another connection commits to the file."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def backup(source: sqlite3.Connection, out: Path) -> None:
    """A consistent copy of the database on `source` into the file `out` (SQLite's online
    backup API: safe while other windows write)."""
    target = sqlite3.connect(out)
    try:
        source.backup(target)
    finally:
        target.close()


def is_writable(path: Path) -> bool:
    """Whether this process may write `path` (and create SQLite's side files beside it)."""
    return os.access(path, os.W_OK) and os.access(Path(path).parent, os.W_OK)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is still open. SQLite may have ended it already (disk
    full, I/O error); a "cannot rollback" then must not hide the error that did it."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the original error is the one to report


def prepare(path: Path, *, create: bool = True, read_only: bool = False) -> bool:
    """Make `path` an up-to-date infointerview database, or raise StoreError; returns
    whether it must be opened read-only.

    A missing file is created (mode 0600) when `create`; a file from a newer version,
    a non-SQLite file or another program's database is refused and left untouched. An
    existing file's mode is never changed. A file this process cannot write (or
    `read_only`) is opened read-only: it is checked, not migrated or seeded.
    """
    path = Path(path)
    if path.exists():
        version = _check_existing(path)
        read_only = read_only or not is_writable(path)
    elif not create or read_only:
        raise StoreError(f"{path} does not exist")
    else:
        _create_private(path)
        version = 0
    if read_only:
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"{path} is read-only and needs upgrading to this version; make it writable "
                "once, or open a writable copy"
            )
        return True
    try:
        conn = connect(path)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    try:
        if version < SCHEMA_VERSION:
            conn.close()
            _migrate(path)
            conn = connect(path)
        _seed_questions(conn)
    except sqlite3.DatabaseError as exc:
        from .errors import describe

        raise StoreError(f"cannot prepare {path}: {describe(exc, path)}") from None
    finally:
        conn.close()
    return False


def _migrate(path: Path) -> None:
    """Apply the Alembic revisions the file lacks, in one transaction."""
    from sqlalchemy import create_engine, event, text

    from . import migrate

    engine = create_engine(f"sqlite:///{path}", poolclass=_null_pool())

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        configure(dbapi_conn)
        # A revision may rebuild a table others point at (Alembic's batch mode copies it
        # and drops the old one): with foreign keys on, that drop would delete or unlink
        # their rows. Off for the migration (settable only outside a transaction) and
        # checked before it commits, as SQLite's own recipe for schema changes says.
        dbapi_conn.execute("PRAGMA foreign_keys = OFF")
        dbapi_conn.isolation_level = None  # pysqlite: let BEGIN below be the real one

    @event.listens_for(engine, "begin")
    def _begin(conn: object) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # type: ignore[attr-defined]

    from alembic.util import CommandError
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.begin() as conn:
            # Re-read inside the write lock: another copy of the app may have migrated.
            current = conn.execute(text("PRAGMA user_version")).scalar_one()
            if current < SCHEMA_VERSION:
                dangling = _dangling_references(conn)
                migrate.upgrade(conn, current)
                if _dangling_references(conn) - dangling:
                    raise StoreError(f"cannot update the schema of {path}: rows lost a link")
                conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    except DBAPIError as exc:
        raise StoreError(f"cannot prepare {path}: {exc.orig}") from None
    except CommandError as exc:
        raise StoreError(f"cannot update the schema of {path}: {exc}") from None
    finally:
        engine.dispose()


def _dangling_references(conn: Connection) -> set[tuple[object, ...]]:
    """Rows whose foreign key names no row (none, unless the file was damaged)."""
    return {tuple(r) for r in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()}


def _null_pool() -> type:
    from sqlalchemy.pool import NullPool

    return NullPool


def _seed_questions(conn: sqlite3.Connection) -> None:
    """First open: put the built-in questions in. Later opens: nothing (one cheap query)."""
    if conn.execute("SELECT 1 FROM question LIMIT 1").fetchone():
        return
    from .seed_questions import DEFAULT_QUESTIONS

    with transaction(conn):
        if conn.execute("SELECT 1 FROM question LIMIT 1").fetchone():
            return
        conn.executemany(
            "INSERT INTO question (category, text, air, favourite, position, builtin_key, "
            "tiara) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (q.category, q.text, q.air, q.favourite, q.position, q.key, q.tiara)
                for q in DEFAULT_QUESTIONS
            ],
        )
