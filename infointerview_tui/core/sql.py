"""Run a SQLAlchemy statement (`select()`/`update()`/`delete()` on the SQLModel tables)
on either engine: on an intent's connection, inside its transaction, or on the Database
for one read (a pooled connection, its rows fetched before it goes back)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.sql import Executable

    from .database import Database


def run(conn: Connection, statement: Executable) -> Any:
    """Execute `statement` inside the caller's transaction."""
    return conn.execute(statement)


def rows(source: Database | Connection, statement: Executable) -> list[tuple[Any, ...]]:
    from sqlalchemy.engine import Connection

    if isinstance(source, Connection):
        return [tuple(r) for r in source.execute(statement)]
    with source.read() as conn:
        return [tuple(r) for r in conn.execute(statement)]


def scalar(source: Database | Connection, statement: Executable) -> Any:
    from sqlalchemy.engine import Connection

    if isinstance(source, Connection):
        row = source.execute(statement).fetchone()
    else:
        with source.read() as conn:
            row = conn.execute(statement).fetchone()
    return None if row is None else row[0]
