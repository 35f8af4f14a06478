"""Run SQLAlchemy statements (`select()`/`update()`/`delete()` on the SQLModel tables)
on the intents' own sqlite3 transaction, so new queries are written against the models
(portable to the SQLModel/Alembic data layer) yet commit with the rest of an intent."""

from __future__ import annotations

import sqlite3
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.engine.interfaces import Dialect
    from sqlalchemy.sql import Executable


@cache
def _dialect() -> Dialect:
    from sqlalchemy.dialects import sqlite

    return sqlite.dialect(paramstyle="qmark")


def run(conn: sqlite3.Connection | Connection, statement: Executable) -> Any:
    """Execute `statement` on `conn`: an intent's SQLAlchemy connection runs it as is; a
    raw sqlite3 connection gets it compiled (bound values passed, never inlined)."""
    if not isinstance(conn, sqlite3.Connection):
        return conn.execute(statement)
    compiled = statement.compile(  # type: ignore[attr-defined]
        dialect=_dialect(), compile_kwargs={"render_postcompile": True}
    )
    params: dict[str, Any] = compiled.params
    order = compiled.positiontup or []
    return conn.execute(str(compiled), tuple(params[name] for name in order))


def rows(conn: sqlite3.Connection | Connection, statement: Executable) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in run(conn, statement).fetchall()]


def scalar(conn: sqlite3.Connection | Connection, statement: Executable) -> Any:
    row = run(conn, statement).fetchone()
    return None if row is None else row[0]
