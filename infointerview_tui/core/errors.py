"""Any failure as one line a user can act on, with no personal data in it.

The CLI's top-level guard and the app's screens use `describe`; the database's own
messages (disk full, read-only, constraint) are kept, since they name the real cause and
never contain the values of a row.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def root_cause(exc: BaseException) -> BaseException:
    """SQLAlchemy wraps the driver's error (`.orig`); the driver's names the cause."""
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, BaseException) else exc


def _is_server_error(exc: BaseException, kind: str = "Error") -> bool:
    """A psycopg (PostgreSQL) error of class `kind`, told without importing psycopg."""
    return any(c.__module__.startswith("psycopg") and c.__name__ == kind for c in type(exc).__mro__)


def is_fault(exc: BaseException) -> bool:
    """A fault of the environment (database, server or file system), not a bug in the
    program."""
    cause = root_cause(exc)
    return isinstance(cause, sqlite3.Error | OSError) or _is_server_error(cause)


def describe(exc: BaseException, db_path: Path | None = None) -> str:
    """One line for `exc`; says what happened and that nothing was changed where true."""
    exc = root_cause(exc)
    where = str(db_path) if db_path is not None else "the database"
    if isinstance(exc, sqlite3.IntegrityError):
        reason = str(exc).splitlines()[0] if str(exc) else "constraint failed"
        return f"the change does not fit the data in {where} ({reason}); nothing was changed"
    if isinstance(exc, sqlite3.Error):
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        lowered = message.lower()
        if "full" in lowered:
            return f"the disk is full: {where} was not changed"
        if "readonly" in lowered or "read-only" in lowered:
            return f"{where} is read-only: nothing can be changed (open a writable copy)"
        if "disk i/o error" in lowered:
            return (
                f"cannot write {where} (disk I/O error: the disk may be full or failing); "
                "nothing was changed"
            )
        if "locked" in lowered or "busy" in lowered:
            return f"{where} is busy (another program is writing to it); try again"
        if "malformed" in lowered or "not a database" in lowered:
            return f"{where} is damaged ({message})"
        return f"database error on {where}: {message}"
    if _is_server_error(exc):
        # The first line only: PostgreSQL's DETAIL lines can quote a row's values.
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if _is_server_error(exc, "IntegrityError"):
            return f"the change does not fit the data in {where} ({message}); nothing was changed"
        if _is_server_error(exc, "OperationalError"):
            return f"cannot reach the server of {where} ({message}); nothing was changed"
        return f"database error on {where}: {message}"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "out of memory; nothing was changed"
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        return f"{exc.filename}: {reason}" if exc.filename else reason
    # Anything else is a bug; its text could hold user data, so only its kind is shown.
    return f"unexpected error ({type(exc).__name__}); please report it"
