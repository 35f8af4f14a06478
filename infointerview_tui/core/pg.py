"""The PostgreSQL corner: engines for a server URL and its errors in one masked line.

Passwords are libpq's business (`PGPASSWORD`, `~/.pgpass`, or the URL); `sslmode` and
the other libpq parameters in the URL's query reach psycopg unchanged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .db import StoreError
from .dburl import DbTarget, mask

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

# libpq waits forever for a host that drops packets; a person should not.
CONNECT_TIMEOUT_S = 10
APPLICATION_NAME = "infointerview"
MIN_SERVER_VERSION = 150000  # PostgreSQL 15

_SERVER_PREFIX = re.compile(r"^connection to server (at|on) .*?failed:\s*")


def explain(exc: BaseException, target: DbTarget) -> str:
    """A psycopg/SQLAlchemy error as one line a person can act on, with no password."""
    orig = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    text = lines[0] if lines else type(orig).__name__
    text = text.removeprefix("connection failed: ").removeprefix("connection is bad: ")
    text = _SERVER_PREFIX.sub("", text)
    text = re.sub(r"^FATAL:\s+", "", text)
    if "no password supplied" in text:
        text = "the server wants a password: set PGPASSWORD or add it to ~/.pgpass"
    message = f"cannot use {target.shown}: {text}"
    password = _password(target)
    if password:
        message = message.replace(password, "***")
    return mask(message)


def _password(target: DbTarget) -> str | None:
    from sqlalchemy.engine import make_url

    url = make_url(target.url)
    return url.password if isinstance(url.password, str) and url.password else None


def create_engine(target: DbTarget) -> Engine:
    """A SQLAlchemy engine on psycopg 3 for `target` (not yet connected)."""
    from sqlalchemy import create_engine as sa_create_engine
    from sqlalchemy.engine import make_url

    url = make_url(target.url)
    connect_args: dict[str, object] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    if "application_name" not in url.query:
        connect_args["application_name"] = APPLICATION_NAME
    # pre-ping: a laptop that slept or a server that restarted gets a fresh connection.
    return sa_create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def conninfo(target: DbTarget) -> str:
    """The libpq connection URI for `target` (for psycopg directly, e.g. to LISTEN)."""
    from sqlalchemy.engine import make_url

    url = make_url(target.url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def libpq_url(target: DbTarget) -> str:
    """The URL as libpq tools (psql, pg_dump) take it, without any password: fit to show."""
    from sqlalchemy.engine import URL, make_url

    url = make_url(target.url)
    bare = URL.create("postgresql", url.username, None, url.host, url.port, url.database, url.query)
    return bare.render_as_string(hide_password=False)


def check_connection(engine: Engine, target: DbTarget) -> None:
    """Connect once now, so a wrong URL or an unreachable server fails before the UI opens."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as conn:
            version = int(conn.execute(text("SHOW server_version_num")).scalar_one())
    except DBAPIError as exc:
        raise StoreError(explain(exc, target)) from None
    if version < MIN_SERVER_VERSION:
        raise StoreError(
            f"{target.shown}: PostgreSQL {version // 10000} is too old; "
            f"infointerview needs {MIN_SERVER_VERSION // 10000} or newer"
        )


def open_engine(target: DbTarget) -> Engine:
    """An engine whose server has answered (StoreError, one masked line, if it does not)."""
    engine = create_engine(target)
    try:
        check_connection(engine, target)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _refuse_a_newer_schema(conn: Any, target: DbTarget) -> None:
    """A database a newer infointerview migrated is left as it is, with the same words
    as for such an SQLite file (db.py)."""
    from sqlalchemy import inspect, text

    from . import migrate

    if not inspect(conn).has_table("alembic_version"):
        return
    stored = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if stored is not None and stored not in migrate.REVISIONS:
        raise StoreError(
            f"{target.shown} was written by a newer infointerview (schema {stored}; this "
            f"version reads up to {migrate.REVISIONS[-1]}). Upgrade infointerview to open it."
        )


# Any fixed number: every infointerview on this server takes the same advisory lock.
MIGRATION_LOCK = 0x49494E54  # "IINT", as SQLite's application_id


def prepare(engine: Engine, target: DbTarget) -> None:
    """Bring the server database to the current schema and seed the question bank.

    One transaction under an advisory lock: two computers opening a new database at the
    same moment migrate it once, and the second sees the first one's work.
    """
    from alembic.util import CommandError
    from sqlalchemy import exists, insert, select, text
    from sqlalchemy.exc import DBAPIError

    from . import migrate
    from .models import Question
    from .seed_questions import DEFAULT_QUESTIONS

    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            _refuse_a_newer_schema(conn, target)
            migrate.upgrade(conn, 0)  # no pre-Alembic server databases exist: nothing to stamp
            if not conn.execute(select(exists().select_from(Question))).scalar_one():
                conn.execute(
                    insert(Question),
                    [
                        {
                            "category": q.category,
                            "text": q.text,
                            "air": q.air,
                            "favourite": q.favourite,
                            "position": q.position,
                            "builtin_key": q.key,
                            "tiara": q.tiara,
                        }
                        for q in DEFAULT_QUESTIONS
                    ],
                )
    except DBAPIError as exc:
        raise StoreError(explain(exc, target)) from None
    except CommandError as exc:
        raise StoreError(f"cannot update the schema of {target.shown}: {exc}") from None


def reset_sequences(conn: Connection) -> None:
    """Point every table's id sequence past the largest id in it (after explicit ids)."""
    from sqlalchemy import func, select
    from sqlmodel import SQLModel

    from . import models  # noqa: F401  (registers the tables)

    for table in SQLModel.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.autoincrement:
            continue
        following = select(func.coalesce(func.max(table.c.id), 0) + 1).scalar_subquery()
        sequence = func.pg_get_serial_sequence(table.name, "id")
        conn.execute(select(func.setval(sequence, following, False)).where(sequence.is_not(None)))
